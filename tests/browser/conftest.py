"""Real-browser tests: `streamlit run` on a free port, driven by Debian's Chromium.

Every test in this folder gets the ``browser`` marker. Without /usr/bin/chromium they are
skipped, unless ``CI=true``: then they run and fail, so a CI without the browser is noticed.
Playwright's own browser download is never used (it cannot work offline): the launch args
below point pytest-playwright at the system Chromium.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
ON_CI = os.environ.get("CI") == "true"
STARTUP_TIMEOUT = 30.0  # seconds for /_stcore/health to answer "ok"

for path in (ROOT, HERE):  # expected values come from the app's own code; pages.py helpers
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from pages import GRAPH, TIMEOUT_MS, VIEWPORT, settle  # noqa: E402


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
def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health(url):
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip()
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _stop(process):
    """Terminate the server and anything it started (its own process group)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server():
    """``streamlit run streamlit_app.py`` from the repo root; yields its URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "streamlit_app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        # the tests must not react to someone saving a file while they run
        "--server.fileWatcherType",
        "none",
        # an exception is on screen with any setting (the tests check there is none); this
        # only puts its message and traceback into the failure report
        "--client.showErrorDetails",
        "full",
    ]
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, killed as a whole at the end
        )
        try:
            _wait_until_healthy(process, url, log)
            yield url
        finally:
            _stop(process)


def _wait_until_healthy(process, url, log):
    """Poll /_stcore/health; fail with the server's output if it dies or never answers."""

    def output():
        log.seek(0)
        return log.read()[-5000:]

    deadline = time.monotonic() + STARTUP_TIMEOUT
    while _health(url) != "ok":
        if process.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {process.returncode} before it was healthy:\n"
                f"{output()}",
                pytrace=False,
            )
        if time.monotonic() > deadline:
            pytest.fail(
                f"streamlit was not healthy after {STARTUP_TIMEOUT:.0f} s:\n{output()}",
                pytrace=False,
            )
        time.sleep(0.1)


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
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def open_app(new_context):
    """``open_app(path, viewport, locale)``: a fresh browser context on the app, graph drawn."""

    def _open(path="/", viewport=VIEWPORT, locale="en-US"):
        context = new_context(locale=locale, viewport=viewport, accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.goto(path)
        page.locator(f"{GRAPH} g.node text").first.wait_for()
        settle(page)
        return page

    return _open
