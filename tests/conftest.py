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
