"""Memory stays bounded: sessions keep only the small spec, and a server that builds and
discards 100 sessions' worth of 10,000-element, 32-function chains does not keep growing.

The server runs with the repository's .streamlit/config.toml (``runner.postScriptGC =
false``: no forced full collection after each run) and Streamlit's default
``server.disconnectedSessionTTL`` (120 s, at most 128 sessions kept for a reconnect), so
closed sessions are still held while the memory is sampled and RSS rises while that store
fills (about 0.4 MB a session, the text of x in a few copies), then levels off once Streamlit
starts dropping the oldest. The sessions are opened over the app's websocket exactly as a
browser opens them (the first ``rerun_script`` with the page's query string), 10 at a time,
15 rounds: 150 sessions, past the 128 kept. RSS of a freeing allocator is noisy: a round
can end 50 - 100 MB above the next (measured here, since the page draws the panels of every
position: 219 - 324 MB over one run, up and down; before: 199 - 274 MB), so the test bounds
the growth from the first rounds to the last ones, each the median of five rounds, instead of
asking for a flat line or taking one round's peak: a leak of the engine's arrays would be 5 MB
a session, 450 MB between those medians; even 1 MB a session would be 90 MB more than the
store's own rise.
"""

import asyncio
import pickle
import statistics
from urllib.parse import urlencode

import numpy as np
from harness import ROOT, AppServer, in_thread, ws_session
from streamlit.testing.v1 import AppTest

from components import graph_element, state
from components.parse import MAX_ELEMENTS

CYCLE = ("Sin", "Cos", "Tanh", "Sigmoid")  # bounded values over 32 functions
OPS = tuple(CYCLE[i % len(CYCLE)] for i in range(state.MAX_FUNCTIONS))
MB = 2**20
ROUNDS = 15  # of 10 sessions: past the 128 closed sessions Streamlit keeps


def big_x(scale):
    values = np.linspace(-1.0, 1.0, MAX_ELEMENTS) * scale
    return "[" + ", ".join(f"{v:.4f}" for v in values) + "]"


def contains_array(value, depth=0):
    if isinstance(value, np.ndarray):
        return True
    if depth > 6:
        return False
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple, set)):
        return any(contains_array(item, depth + 1) for item in value)
    if hasattr(value, "__dict__") or hasattr(value, "__dataclass_fields__"):
        fields = getattr(value, "__dataclass_fields__", None) or vars(value)
        return any(contains_array(getattr(value, name), depth + 1) for name in fields)
    return False


def test_session_state_holds_only_the_spec():
    """After a 10,000-element chain of 32 functions is built and run to the end, every
    session_state value is small: the spec's text, never the engine's arrays."""
    x = big_x(1.0)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params["f"] = ",".join(OPS[:-1])
    at.query_params["x"] = x
    at.run().run()  # the link's first run (the graph and the controls over it), then in full
    at.button(key=f"add_{OPS[-1]}").click().run()  # the 32nd function, by a click
    at.button(key="run_end").click().run()
    at.button(key="back").click().run()
    assert not at.exception
    spec = at.session_state["spec"]
    assert len(spec.ops) == state.MAX_FUNCTIONS and spec.step == spec.total - 1
    values = {  # (the graph element's state is shown through a mapping of Streamlit's own)
        key: dict(value) if key == graph_element.KEY else value
        for key, value in at.session_state.items()
    }
    arrays = [key for key, value in values.items() if contains_array(value)]
    assert not arrays, f"arrays kept in session_state: {arrays}"
    sizes = {key: len(pickle.dumps(value)) for key, value in values.items()}
    # The text of x (about 80 KB here) is the largest thing a session keeps, in the spec and
    # in the field; the arrays of data and grads would be 32 * 2 * 10,000 * 8 B = 5 MB.
    for key, size in sizes.items():
        assert size < len(x) + 4096, f"session_state[{key!r}] pickles to {size:,} bytes"
    assert sum(sizes.values()) < 3 * len(x) + 16_384, sizes


def test_server_memory_is_bounded_over_100_big_sessions():
    server = AppServer().start()
    try:
        rss = []

        async def one_round(round_):
            queries = [
                urlencode({"f": ",".join(OPS), "x": big_x(0.5 + 0.04 * k + 0.001 * round_)})
                + "&step=65"
                for k in range(10)
            ]
            results = await asyncio.gather(*(ws_session(server.port, q) for q in queries))
            for run in results:
                ok = run.status == "FINISHED_SUCCESSFULLY" and not run.exceptions
                assert ok, (run.status, run.exceptions, server.output())

        for round_ in range(ROUNDS):
            # a thread of its own: pytest-playwright's sync API may own this one's event loop
            in_thread(lambda round_=round_: asyncio.run(one_round(round_)))
            rss.append(server.rss() / MB)
        print("server RSS after each round of 10 sessions (MB):", [round(r) for r in rss])
        # round 1 is the warm-up (imports, first allocations); rounds 2 - 6, then the last 5
        first, last = statistics.median(rss[1:6]), statistics.median(rss[-5:])
        assert last - first < 100, f"RSS grew: {rss}"
        assert max(rss) < 1024, f"RSS over 1 GB: {rss}"
    finally:
        server.stop()
