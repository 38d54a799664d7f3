"""Stage 2 at scale: building a lesson (the program traced line by line) and laying it out.

For the book's example (step 06, the anchor), step 16's branching program, goldstein (step
22, 38 functions) and a 100-function program (step 22), in one run, medians of ``--repeat``:

- *build*: ``components.model.lessons.build`` (read the program, run it with the step's code
  under the tracer: the ``Lesson``);
- *layout*: the element's frames of the stacked view (``panels.lesson_frames``: one Graphviz
  layout with ``graphviz-pure``, every position's labels and panels), as the page sends them;
- *JSON*: the size of those frames.

    python benchmarks/stage2.py
    python benchmarks/stage2.py --repeat 7
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # tests/harness.py: the 100-function program

from harness import hundred_functions  # noqa: E402

from components.model import lessons, programs, state  # noqa: E402
from components.views import panels, render  # noqa: E402

CASES = {
    "book example (06)": (programs.chain_program(("Square", "Exp", "Square"), "0.5", "06"), "06"),
    "step 16's program": (state.PROGRAMS["branch"][0], "16"),
    "goldstein (22)": state.PROGRAMS["goldstein"],
    "100 functions (22)": (hundred_functions(), "22"),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    renderer = render.find_renderer()

    def layout(dot):
        return render.render(dot, "svg", renderer).decode("utf-8")

    rows = []
    for name, (program, book) in CASES.items():
        builds, layouts = [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            built = lessons.build(program, book, ())
            builds.append(time.perf_counter() - start)
            lesson = built.lesson
            start = time.perf_counter()
            frames = panels.lesson_frames(lesson, "stacked", "en", layout=layout)
            layouts.append(time.perf_counter() - start)
        size = len(panels.as_json(frames))
        rows.append((name, lesson, statistics.median(builds), statistics.median(layouts), size))
    anchor_build, anchor_layout = rows[0][2], rows[0][3]
    print(f"medians of {args.repeat}; anchor: the book's example in the same run")
    print(
        "| program | functions | lines traced | build (ms) | × anchor | layout + frames (ms) "
        "| × anchor | JSON (KB) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, lesson, build, lay, size in rows:
        print(
            f"| {name} | {len(lesson.functions)} | {len(lesson.items)} | {build * 1000:.0f} | "
            f"{build / anchor_build:.1f} | {lay * 1000:.0f} | {lay / anchor_layout:.1f} | "
            f"{size / 1024:.0f} |"
        )


if __name__ == "__main__":
    main()
