"""AppTest suites: every script run of every test must end without an exception."""

import functools

import pytest
from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest

# Every new AppTest scans all installed distributions for custom-component manifests
# (about 1 s each on this machine). The installed packages do not change during a test
# session, so scan once: the app itself uses no custom components.
manifest_scanner.scan_component_manifests = functools.cache(
    manifest_scanner.scan_component_manifests
)

_original_run = AppTest._run
RUNS = {"count": 0}


def _checked_run(self, *args, **kwargs):
    """AppTest._run (behind at.run() and every widget's .run()), then: no exception shown."""
    result = _original_run(self, *args, **kwargs)
    RUNS["count"] += 1
    shown = [element.value for element in self.exception]
    assert not shown, f"the app showed an exception: {shown}"
    return result


@pytest.fixture(autouse=True)
def no_exception_on_any_run(monkeypatch):
    """Yields the run counter, so a test can see the check is really in place."""
    monkeypatch.setattr(AppTest, "_run", _checked_run)
    return RUNS
