"""A student's connection drops for 30 s (every connection cut, new ones refused), with a press
made during the drop: the page comes back by itself at the call its screen shows, drawn in full."""

from harness import AppServer
from robustness.faults import Cable, differences, open_at, press, recovered, seen

DROP_MS = 30_000


def test_a_30_s_drop_loses_nothing(chrome):
    server = AppServer().start()
    cable = Cable(server.port)
    try:
        page = open_at(chrome, cable.url, 3)
        cable.cut()
        page.wait_for_timeout(DROP_MS / 2)  # the drop itself (the fault, not a wait for a state)
        moved = press(page)
        page.wait_for_timeout(DROP_MS / 2)
        assert seen(page)["pos"] == str(moved)
        cable.mend()
        got, want = recovered(page, moved, chrome)
        assert got == want, differences(got, want)
        assert got["errors"] == 0 and got["pos"] == got["link"] == str(moved)
    finally:
        cable.close()
        server.stop()
