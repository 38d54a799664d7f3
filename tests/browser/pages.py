"""What the browser tests share: selectors, sizes, the check made after every action, and
the book's example as the engine computes it (what the graph must show)."""

from pathlib import Path

import autograd
from components import state
from components.format import short

TIMEOUT_MS = 60_000  # a busy 2-core machine; a wait that succeeds returns at once
VIEWPORT = {"width": 1280, "height": 900}
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

BOOK_OPS, BOOK_X = state.PRESETS["book"]
GRAPH = ".bpx-root svg.bpx-svg"
# Streamlit's Graphviz chart: the graph without a Graphviz program on the server (every step)
CHART = '[data-testid="stGraphVizChart"] svg'
ANY_NODE = f"{GRAPH} g.node, {CHART} g.node"  # a graph is drawn, by either
EXCEPTION = '[data-testid="stException"]'

# {node id: [texts]} of the graph as drawn
NODES_JS = """() => {
    const nodes = {};
    for (const g of document.querySelectorAll('.bpx-root svg.bpx-svg g.node')) {
        const id = g.querySelector('title')?.textContent;
        if (id) nodes[id] = [...g.querySelectorAll('text')].map(t => t.textContent);
    }
    return nodes;
}"""

# true once every expected line is in its node
HAS_NODES_JS = f"""(expected) => {{
    const nodes = ({NODES_JS})();
    return Object.entries(expected).every(
        ([id, lines]) => nodes[id] && lines.every(line => nodes[id].includes(line)));
}}"""


# the graph element has told the server its position, and the server has drawn it
SYNCED_JS = """() => { const root = document.querySelector('.bpx-root');
    return !root || root.dataset.synced === '1'; }"""


def settle(page):
    """Wait until the server shows the graph's position and its run has finished, then check
    that no exception is shown."""
    page.wait_for_function(SYNCED_JS, polling="raf")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    exceptions = page.locator(EXCEPTION)
    count = exceptions.count()
    texts = [exceptions.nth(i).inner_text() for i in range(count)]
    assert count == 0, f"the app shows {count} exception(s):\n" + "\n---\n".join(texts)


# -- expectations from the engine -----------------------------------------------------------
def book_stepper(step, x=BOOK_X):
    """The engine after ``step`` calls of the book's program (on ``x``, the book's 0.5)."""
    stepper = autograd.Stepper(list(BOOK_OPS), state.parse_input(x))
    for _ in range(step):
        stepper.step()
    return stepper


def expected_nodes(step):
    """What the stacked view shows of each variable after ``step`` calls of the book's program:
    ``v<i>``: ``data <value>`` / ``grad <value>``; ``g<i>`` (dy/d<var>): the grad's value."""
    nodes = {}
    for i, var in enumerate(book_stepper(step).chain.variables):
        data = None if var is None else var.data
        grad = None if var is None else var.grad
        nodes[f"v{i}"] = [f"data {short(data)}", f"grad {short(grad)}"]
        nodes[f"g{i}"] = [short(grad)]
    return nodes


def wait_for_nodes(page, expected, what):
    """Wait (one check per animation frame) until the graph shows ``expected``
    (``{node id: [lines]}``), then for the script run to finish."""
    try:
        page.wait_for_function(HAS_NODES_JS, arg=expected, polling="raf")
    except Exception as error:  # a timeout: say what is drawn instead
        drawn = page.evaluate(NODES_JS)
        raise AssertionError(
            f"{what}: the graph never showed {expected}\nit shows {drawn}"
        ) from error
    settle(page)
