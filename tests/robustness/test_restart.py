"""The server is killed (kill -9) and started again on the same port, pages untouched: every page
reconnects by itself and comes back at the same call, drawn in full, with no error; a press made
during the outage is kept (the screen's position), never half-applied."""

from harness import AppServer
from robustness.faults import differences, open_at, press, recovered, seen


def test_a_restart_loses_no_page_and_no_press(chrome):
    server = AppServer().start()
    try:
        pages = [open_at(chrome, server.url, step) for step in (2, 3, 4, 5)]
        server.kill()
        # during the outage: the last student presses twice; the screen moves at once
        moved = press(pages[3], 2)
        assert seen(pages[3])["link"] == str(moved)
        server = AppServer(port=server.port).start()
        cache = {}
        for page, step in zip(pages, (2, 3, 4, moved), strict=True):
            got, want = recovered(page, step, chrome, cache)
            assert got == want, differences(got, want)
            assert got["errors"] == 0
            assert got["pos"] == got["link"] == str(step)
    finally:
        server.stop()
