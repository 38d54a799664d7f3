"""Real-browser tests: `streamlit run streamlit_app.py` on a free port of 127.0.0.1, driven by
Debian's Chromium (/usr/bin/chromium) with Playwright's sync API.

Without the browser they are skipped, except on CI (CI=true), where they fail. Every wait is
on a DOM condition (the element's data-pos / data-synced, the address bar, Streamlit's
script state); none is a fixed sleep. After each test, every page it opened is checked: no
Streamlit exception element, no "Traceback" in the page's text, no uncaught page error.
"""

from pathlib import Path

import pytest
from browser.pages import EXCEPTION, READY_JS, TIMEOUT_MS, VIEWPORT, settle
from harness import AppServer, launch, needs_chromium

pytest.importorskip("playwright")
from playwright.sync_api import sync_playwright  # noqa: E402

HERE = Path(__file__).resolve().parent
SHOTS = HERE.parents[1] / "docs" / "screenshots"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def server():
    """The app as a classroom runs it (the repository's .streamlit/config.toml)."""
    needs_chromium()
    app = AppServer().start()
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="module")
def browser():
    """One Chromium per module. Playwright's sync API keeps an event loop running on this
    thread while it is open, so it must be closed before tests/element and tests/robustness
    (which start their own) run; a session-wide browser broke every one of them."""
    needs_chromium()
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


def clean(page, server=None):
    """What a learner must never see: an exception element or a traceback. (A failure
    quotes the server's log, where Streamlit writes the traceback it does not show.)"""
    count = page.locator(EXCEPTION).count()
    texts = [page.locator(EXCEPTION).nth(i).inner_text() for i in range(count)]
    log = f"\nserver log:\n{server.output()}" if server is not None and count else ""
    assert count == 0, f"{count} exception(s) on screen:\n" + "\n---\n".join(texts) + log
    body = page.evaluate("() => document.body.innerText")
    assert "Traceback" not in body, body[:2000]
    assert not page.errors, page.errors


@pytest.fixture
def open_page(server, browser):
    """``open_page(path, locale=..., viewport=..., reduced=...)``: a new browser context on
    the app at ``path`` (a query string from ``pages.link``, or a whole copied link), once
    the lesson is drawn and the server has finished its run."""
    opened = []

    def _open(path="/", locale="en-US", viewport=VIEWPORT, reduced=False, ready=True):
        context = browser.new_context(
            locale=locale,
            viewport=viewport,
            reduced_motion="reduce" if reduced else "no-preference",
        )
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        opened.append((context, page))
        page.goto(path if path.startswith("http") else server.url + path)
        if ready:
            wait_ready(page)
        return page

    yield _open
    try:
        for _, page in opened:
            if not page.is_closed():
                clean(page, server)
    finally:
        for context, _ in opened:
            context.close()


def wait_ready(page):
    page.wait_for_function(READY_JS, polling="raf")
    settle(page)


@pytest.fixture(scope="session")
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS
