"""CI smoke of the load tool: 3 concurrent browser sessions, every one right, no error.

Runs ``python benchmarks/load.py --sessions 3 --smoke`` as a user would; it exits non-zero on
any error or on a final x.grad that differs from the engine's.
"""

import subprocess
import sys

import pytest
from harness import ROOT, needs_chromium

pytestmark = pytest.mark.browser


def test_load_smoke_three_sessions():
    needs_chromium()
    done = subprocess.run(
        [sys.executable, "benchmarks/load.py", "--sessions", "3", "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = f"{done.stdout}\n{done.stderr[-3000:]}"
    assert done.returncode == 0, report
    assert "| 3 |" in done.stdout and "3 / 3" in done.stdout, report
