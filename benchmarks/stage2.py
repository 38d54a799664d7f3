"""Stage 2 at scale: building a lesson (the program traced line by line) and laying it out.

For the book's example (step 06, the anchor), step 16's branching program, goldstein (step
22, 38 functions) and a 100-function program (step 22), in one run, medians of ``--repeat``:

- *build*: ``components.model.lessons.build`` (read the program, run it with the step's code
  under the tracer: the ``Lesson``);
- *layout*: the element's frames of the stacked view (``panels.lesson_frames``: one Graphviz
  layout with ``graphviz-pure``, every position's labels and panels), as the page sends them;
- *JSON*: the size of those frames.

With ``--zip``, also the export of every position as a zip of SVGs (``export.zip_svgs``:
one layout, each position drawn in it with ``neato -n2``) against what it did before in the
same run: one Graphviz layout per position (``render.render_svgs`` of ``export.dots``).

    python benchmarks/stage2.py
    python benchmarks/stage2.py --repeat 7
    python benchmarks/stage2.py --zip
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
from components.views import export, panels, render  # noqa: E402

CASES = {
    "book example (06)": (programs.chain_program(("Square", "Exp", "Square"), "0.5", "06"), "06"),
    "step 16's program": (state.PROGRAMS["branch"][0], "16"),
    "goldstein (22)": state.PROGRAMS["goldstein"],
    "100 functions (22)": (hundred_functions(), "22"),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--zip", action="store_true", help="also time the zip of every position")
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
    if args.zip:
        zips(renderer, [(name, lesson) for name, lesson, *_ in rows[:3]])


def zips(renderer, cases):
    """Every position as a zip: one layout (now) against one layout per position (before)."""
    rows = []
    for name, lesson in cases:
        start = time.perf_counter()
        export.zip_svgs(lesson, "stacked", "en", renderer=renderer)
        pinned = time.perf_counter() - start
        start = time.perf_counter()
        render.render_svgs(export.dots(lesson, "stacked", "en"), renderer)
        each = time.perf_counter() - start
        rows.append((name, len(lesson.items) + 1, pinned, each))
    anchor = rows[0][2]
    print()
    print("every position as a zip; anchor: the book's example's zip in the same run")
    print(
        "| program | SVGs | zip, one layout (s) | × anchor | a layout per SVG, before (s) "
        "| × now |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, count, pinned, each in rows:
        print(
            f"| {name} | {count} | {pinned:.2f} | {pinned / anchor:.0f} | {each:.2f} | "
            f"{each / pinned:.1f} |"
        )


if __name__ == "__main__":
    main()
