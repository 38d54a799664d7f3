"""What the browser tests share: selectors, sizes, and the check made after every action."""

from pathlib import Path

TIMEOUT_MS = 60_000  # a busy 2-core machine; a wait that succeeds returns at once
VIEWPORT = {"width": 1280, "height": 900}
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

GRAPH = '[data-testid="stGraphVizChart"] svg'
EXCEPTION = '[data-testid="stException"]'


def settle(page):
    """Wait for the script run to finish, then check that no exception is shown."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    exceptions = page.locator(EXCEPTION)
    count = exceptions.count()
    texts = [exceptions.nth(i).inner_text() for i in range(count)]
    assert count == 0, f"the app shows {count} exception(s):\n" + "\n---\n".join(texts)
