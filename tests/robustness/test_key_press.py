"""What a key press costs the server: it reruns the graph's fragment, and nothing else.

Over the app's websocket, as the browser drives it: a learner opens the book's example and
presses → through the timeline (each press as the graph element reports it, once a burst of
presses has ended). The page drew the panels under the graph for every position when it
opened (components/follow.py: the browser shows those of the graph's position), so every press
must come back as a fragment run that sends the graph element and no panel, no widget; the
spec must follow it into the URL, and the page the last URL opens must show the engine's
x.grad. A change that redrew the panels at each call again would fail here (it costs the
server about twice as much a press: benchmarks/server_cpu.py).
"""

import asyncio
from urllib.parse import parse_qs

from harness import AppServer, in_thread, ws_session

from autograd import Stepper
from components import follow

BOOK = "f=Square%2CExp%2CSquare&x=0.5"
SIDEBAR_ONLY = {"selectbox", "text_input"}  # language, x (and two of the three switches)


def test_a_key_press_reruns_only_the_graph():
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
        reopened = in_thread(lambda: asyncio.run(ws_session(server.port, last.query)))
    finally:
        server.stop()
    assert page.status == "FINISHED_SUCCESSFULLY" and not page.exceptions
    assert set(page.elements) >= SIDEBAR_ONLY
    # the page holds every position's panels: progress, program, chain rule, variables...
    assert page.elements.count("progress") == presses + 1
    assert last.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY" and not last.exceptions
    assert last.elements == ["bidi_component"], last.elements  # the graph, nothing else
    assert parse_qs(last.query)["step"] == [str(presses)]  # the spec followed, into the URL
    assert reopened.status == "FINISHED_SUCCESSFULLY" and not reopened.exceptions
    assert f"<style>{follow.css(presses)}</style>" in reopened.texts  # it shows the last call
    assert repr(float(stepper.chain.x.grad)) in "\n".join(reopened.texts)
