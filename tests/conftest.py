"""Tiers: tests/unit and tests/app are fast; anything that starts a server or a browser
(tests/browser, tests/robustness) is marked ``slow``, so ``python -m pytest -m "not slow"``
runs the fast tier alone."""

from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SLOW = (HERE / "browser", HERE / "robustness")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if any(folder in Path(item.path).resolve().parents for folder in SLOW):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def _installed_components_scanned_once():
    """Every ``AppTest`` run scans every installed distribution's metadata for Streamlit
    component manifests (0.1–0.4 s, most of a fresh AppTest's first run). The installed
    packages do not change during a test session, so the scan runs once; the app's own element
    is declared in code (``st.components.v2.component``), not by a manifest."""
    from functools import cache

    from streamlit.components.v2 import manifest_scanner

    with pytest.MonkeyPatch.context() as patch:
        once = cache(manifest_scanner.scan_component_manifests)

        def scan(*args, **kwargs):
            return list(once(*args, **kwargs))

        patch.setattr(manifest_scanner, "scan_component_manifests", scan)
        yield
