"""Server-side cost of the app: one rerun, measured with Streamlit's AppTest.

    python benchmarks/app.py

Prints, as a Markdown table, the median time of one rerun (a click on "Next call" and the
whole script run that redraws every panel) for the book's chain and for a 32-function chain,
in the normal and the projector layout, and the size of the graph's DOT source for a
1,000,000-element input (built directly: the app itself takes at most 10,000 elements).
Targets: under 30 ms a rerun at 32 functions; DOT under 50 KB.
"""

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from autograd import Stepper  # noqa: E402
from components.graph import build_dot  # noqa: E402
from components.state import VIEWS  # noqa: E402

BOOK = ["Square", "Exp", "Square"]
LONG = ["Sin", "Cos", "Tanh", "Sigmoid"] * 8  # 32 functions that stay finite


def rerun_ms(ops, x="0.5", projector=False, clicks=30):
    """Median milliseconds of a click on Next (or Back at the end) plus the rerun."""
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.query_params.update({"f": ",".join(ops), "x": x, "projector": "1" if projector else "0"})
    at.run().run()  # a link's first run (its frame and the graph), then the page in full
    assert not at.exception, at.exception
    total = 2 * len(ops) + 1
    times, step = [], 0
    for _ in range(clicks):
        key = "next" if step < total else "back"
        start = time.perf_counter()
        at.button(key=key).click().run()
        times.append(time.perf_counter() - start)
        step += 1 if key == "next" else -total  # at the end: one back, then forward again
        if key == "back":
            at.button(key="reset").click().run()
            step = 0
    assert not at.exception, at.exception
    return statistics.median(times) * 1000


def main():
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__}")
    print()
    print("| chain | layout | one rerun (median ms) |")
    print("|---|---|---|")
    for name, ops in (("book (3 functions)", BOOK), ("32 functions", LONG)):
        for projector in (False, True):
            ms = rerun_ms(ops, projector=projector)
            print(f"| {name} | {'projector' if projector else 'normal'} | {ms:.1f} |")
    print()
    print("| input | functions | view | DOT size (KB) |")
    print("|---|---|---|---|")
    x = np.linspace(-1, 1, 1_000_000)
    for ops in (BOOK, LONG):
        stepper = Stepper(ops, x).run_to_end()
        for view in VIEWS:
            size = len(build_dot(stepper, view).encode()) / 1024
            print(f"| 1,000,000 elements | {len(ops)} | {view} | {size:.1f} |")


if __name__ == "__main__":
    main()
