"""What the browser tests share: selectors, sizes, and the check made after every action."""

from pathlib import Path

TIMEOUT_MS = 60_000  # a busy 2-core machine; a wait that succeeds returns at once
VIEWPORT = {"width": 1280, "height": 900}
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

GRAPH = '[data-testid="stGraphVizChart"] svg'
EXCEPTION = '[data-testid="stException"]'

# {node id: [texts]} of the graph as drawn
NODES_JS = """() => {
    const nodes = {};
    for (const g of document.querySelectorAll('[data-testid="stGraphVizChart"] svg g.node')) {
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


def settle(page):
    """Wait for the script run to finish, then check that no exception is shown."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    exceptions = page.locator(EXCEPTION)
    count = exceptions.count()
    texts = [exceptions.nth(i).inner_text() for i in range(count)]
    assert count == 0, f"the app shows {count} exception(s):\n" + "\n---\n".join(texts)
