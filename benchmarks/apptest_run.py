"""What one full run of the page costs on the server, as Streamlit's AppTest runs it (no
browser, no websocket): the book's example (the anchor) against 32 functions in step 07, and
the step-16 program and goldstein, in one run, alternately, medians of ``--repeat``.

*first* is a new session opening the link (its lesson already built by an earlier session, as
in a class where one student opened it before); *warm* is a rerun of the same session with
nothing changed (a widget that changes nothing the lesson shows). Both run the whole script.

    python benchmarks/apptest_run.py
    python benchmarks/apptest_run.py --repeat 9
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from harness import BOOK, new_app  # noqa: E402

from components.model import programs, state, url  # noqa: E402


def link(program, book):
    return url.to_query(state.Spec(program=program, book=book))


def cases():
    chain32 = programs.chain_program(("Sin",) * 32, "0.5", "07")
    return {
        "book example (06)": link(programs.chain_program(BOOK, "0.5", "06"), "06"),
        "32 functions (07)": link(chain32, "07"),
        "step 16's program (16)": link(state.PROGRAMS["branch"][0], "16"),
        "goldstein (22)": link(state.PROGRAMS["goldstein"][0], "22"),
    }


def timed(function):
    start = time.perf_counter()
    result = function()
    return (time.perf_counter() - start) * 1000, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    links = cases()
    first = {name: [] for name in links}
    warm = {name: [] for name in links}
    for query in links.values():  # one untimed opening: every lesson built once
        new_app(query)
    for _ in range(args.repeat):
        for name, query in links.items():
            ms, at = timed(lambda query=query: new_app(query))
            assert not at.exception, at.exception
            first[name].append(ms)
            ms, _ = timed(at.run)
            warm[name].append(ms)
    anchor = statistics.median(first["book example (06)"])
    warm_anchor = statistics.median(warm["book example (06)"])
    print(f"medians of {args.repeat}; anchor: the book's example in the same run")
    print("| link | first run (ms) | × anchor | warm rerun (ms) | × anchor |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in links:
        f, w = statistics.median(first[name]), statistics.median(warm[name])
        print(f"| {name} | {f:.0f} | {f / anchor:.2f} | {w:.0f} | {w / warm_anchor:.2f} |")


if __name__ == "__main__":
    main()
