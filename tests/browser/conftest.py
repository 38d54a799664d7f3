"""Real-browser tests: `streamlit run` on a free port, driven by Debian's Chromium.

Every test in this folder gets the ``browser`` marker. Without /usr/bin/chromium they are
skipped, unless ``CI=true``: then they run and fail, so a CI without the browser is noticed.
Playwright's own browser download is never used (it cannot work offline): the launch args
below point pytest-playwright at the system Chromium.
"""

import os
from pathlib import Path

import pytest
from browser.pages import ANY_NODE, TIMEOUT_MS, VIEWPORT, settle
from harness import CHROMIUM_ARGS, AppServer

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
ON_CI = os.environ.get("CI") == "true"


def _chromium_available():
    return CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)


def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests ``browser``; skip them without Chromium (but never on CI)."""
    skip = None
    if not _chromium_available() and not ON_CI:
        skip = pytest.mark.skip(reason=f"{CHROMIUM} not found (set CI=true to fail instead)")
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if skip is not None:
            item.add_marker(skip)


# -- the app ---------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def app_server():
    """``streamlit run streamlit_app.py`` from the repo root, with its config; yields its URL.

    ``showErrorDetails=full`` only puts an exception's message and traceback into a failure
    report: with any setting an exception is on screen, and the tests check there is none.
    """
    server = AppServer(extra=["--client.showErrorDetails", "full"]).start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def base_url(app_server):
    """The app's URL; pytest-playwright gives it to every context, so goto("/") works."""
    return app_server


# -- the browser -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args():
    """pytest-playwright launches Debian's Chromium, never a downloaded browser."""
    if not _chromium_available():  # only reached on CI: elsewhere the tests are skipped
        pytest.fail(f"CI=true but {CHROMIUM} is missing: apt-get install -y chromium")
    return {
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def open_app(new_context):
    """``open_app(path, viewport, locale)``: a fresh browser context on the app, graph drawn."""

    def _open(path="/", viewport=VIEWPORT, locale="en-US"):
        context = new_context(locale=locale, viewport=viewport, accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto(path)
        page.locator(ANY_NODE).first.wait_for()
        settle(page)
        return page

    return _open
