"""What a key press costs the server: it reruns the lesson's fragment, never the whole page.

Over the app's websocket, as the browser drives it: a learner opens the book's example and
presses → through the timeline (each press as the graph element reports it, once a burst of
presses has ended; *Next call* without the element is the same run). Every press must come
back as a fragment run that resends only the lesson (no sidebar widget, no closed panel's
contents), and the last one must show the engine's x.grad. This design cuts the server's CPU
per key press by about 40% (benchmarks/server_cpu.py); a change that rebuilt the whole page
again would fail here.
"""

import asyncio

from harness import AppServer, in_thread, ws_session

from autograd import Stepper

BOOK = "f=Square%2CExp%2CSquare&x=0.5"
SIDEBAR_ONLY = {"selectbox", "text_input"}  # language, x (and two of the three switches)


def test_a_key_press_reruns_only_the_lesson():
    stepper = Stepper(["Square", "Exp", "Square"], 0.5)
    stepper.run_to_end()
    presses = len(stepper.timeline)
    server = AppServer().start()
    try:
        # threads of their own: pytest-playwright's sync API may own this one's event loop
        page = in_thread(lambda: asyncio.run(ws_session(server.port, BOOK)))
        last = in_thread(
            lambda: asyncio.run(ws_session(server.port, BOOK, presses=presses, press="graph"))
        )
    finally:
        server.stop()
    assert page.status == "FINISHED_SUCCESSFULLY" and not page.exceptions
    assert last.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY" and not last.exceptions
    assert repr(float(stepper.chain.x.grad)) in "\n".join(last.texts)
    assert set(page.elements) >= SIDEBAR_ONLY
    assert not SIDEBAR_ONLY & set(last.elements), last.elements
    assert last.elements.count("checkbox") == 1  # the lesson's animation switch only
    assert page.elements.count("checkbox") == 3
    assert "download_button" not in last.elements  # the Exports tab is closed
    # the book step and the view switches; the manual list is shut
    assert last.elements.count("button_group") == 2
    assert {"bidi_component", "progress", "code"} <= set(last.elements)
    # the four step buttons; the page also sends the sidebar's 15 (add, edit, presets)
    assert last.elements.count("button") == 4, last.elements
    assert page.elements.count("button") > 4 + 10, page.elements
