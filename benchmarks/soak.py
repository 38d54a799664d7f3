"""A long school day on one server: sessions one after another, with mixed lessons.

Run from the repository root::

    python benchmarks/soak.py                    # 1,000 sessions, a reading every 100
    python benchmarks/soak.py --sessions 300 --every 50

One ``streamlit run streamlit_app.py`` (127.0.0.1, a free port, .streamlit/config.toml).
Each session is a websocket client as a browser drives it (``harness.ws_session``): it opens
a link, then reports three positions as the graph element does, then closes. The links cycle
through the book's example on step 06, a chain of 32 functions on 07, a chain on 08 with a
learner's own function (``def=``), the step-16 program on 14 and on 16, and goldstein on 22
(``components.model.state.PROGRAMS``), each with its own input so no two lessons of a cycle
are the same.

Every ``--every`` sessions: the server's RSS, its open file descriptors, its TCP sockets, its
event loops (``anon_inode:[eventpoll]`` descriptors: Streamlit keeps the last disconnected
sessions for a while, each with its own event loop) and its threads. The verdict: RSS at the
end within ``--rss-slack`` MB (20) of its level at session ``--base`` (200), and sockets,
event loops and threads no higher at the end than their highest reading by ``--base``
(bounded). ``check()`` is what tests/robustness/test_soak.py runs on a shorter day.
"""

import argparse
import asyncio
import contextlib
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the app, and tests/harness.py

from harness import AppServer, ws_session  # noqa: E402

from components.model import programs, url  # noqa: E402
from components.model.state import PROGRAMS, Spec  # noqa: E402

CYCLE32 = ("Sin", "Cos", "Exp", "Square", "Tanh", "Sigmoid", "Square", "Sin")


def lessons(k):
    """The k-th session's link (a query string) and its name."""
    x = f"0.{1 + k % 9}"
    kind = k % 6
    if kind == 0:
        spec = Spec(program=programs.chain_program(("Square", "Exp", "Square"), x, "06"))
        name = "book 06"
    elif kind == 1:
        ops = tuple(CYCLE32[(i + k) % len(CYCLE32)] for i in range(32))
        spec = Spec(program=programs.chain_program(ops, x, "07"), book="07")
        name = "32 functions 07"
    elif kind == 2:
        defs = (("Cube", "x ** 3", "3 * x ** 2"),)
        program = programs.chain_program(("Cube", "Sin"), x, "08")
        spec = Spec(program=program, book="08", defs=defs)
        name = "learner's function 08"
    elif kind in (3, 4):
        text, _ = PROGRAMS["branch"]
        book = "14" if kind == 3 else "16"
        spec = Spec(program=text.replace("2.0", f"2.{k % 9}"), book=book)
        name = f"step-16 program on {book}"
    else:
        text, book = PROGRAMS["goldstein"]
        spec = Spec(program=text, book=book)
        name = "goldstein 22"
    query = url.to_query(spec)
    return urlencode(query, doseq=True), name


def reading(server):
    process = psutil.Process(server.process.pid)
    loops = 0
    for fd in os.listdir(f"/proc/{process.pid}/fd"):
        with contextlib.suppress(OSError):
            loops += os.readlink(f"/proc/{process.pid}/fd/{fd}") == "anon_inode:[eventpoll]"
    return {
        "rss_mb": process.memory_info().rss / 2**20,
        "fds": process.num_fds(),
        "sockets": len(process.net_connections("tcp")),
        "loops": loops,
        "threads": process.num_threads(),
    }


def run(sessions=1000, every=100, presses=3, server=None, quiet=False):
    """Sessions one after another; the readings every ``every`` (and at 0)."""
    own = server is None
    server = server or AppServer().start()
    readings = [(0, reading(server), 0.0)]
    errors = []
    started = time.monotonic()
    try:
        for k in range(1, sessions + 1):
            query, name = lessons(k)
            try:
                last = asyncio.run(ws_session(server.port, query, presses, press="graph"))
                if last.exceptions:
                    errors.append((k, name, last.exceptions[:1]))
            except Exception as error:  # noqa: BLE001 - counted, the day goes on
                errors.append((k, name, repr(error)[:200]))
            if k % every == 0:
                readings.append((k, reading(server), time.monotonic() - started))
                if not quiet:
                    print(row(*readings[-1]), flush=True)
    finally:
        if own:
            server.stop()
    return readings, errors


HEADER = "| sessions | RSS MB | fds | TCP sockets | event loops | threads | elapsed s |"


def row(k, r, elapsed):
    return (
        f"| {k} | {r['rss_mb']:.1f} | {r['fds']} | {r['sockets']} | {r['loops']} | "
        f"{r['threads']} | {elapsed:.0f} |"
    )


def check(readings, base, rss_slack):
    """The verdicts: (ok, sentences)."""
    at = dict((k, r) for k, r, _ in readings)
    base_k = max(k for k in at if k <= base)
    end_k = max(at)
    said, ok = [], True
    grew = at[end_k]["rss_mb"] - at[base_k]["rss_mb"]
    ok &= abs(grew) <= rss_slack
    said.append(
        f"RSS {at[base_k]['rss_mb']:.1f} MB at session {base_k}, {at[end_k]['rss_mb']:.1f} MB "
        f"at {end_k}: {grew:+.1f} MB (bound ±{rss_slack})"
    )
    for name in ("sockets", "loops", "threads"):
        early = max(r[name] for k, r in at.items() if k <= base_k)
        late = max(r[name] for k, r in at.items() if k > base_k) if end_k > base_k else early
        ok &= late <= early + 2
        said.append(f"{name}: at most {early} by session {base_k}, at most {late} after")
    return ok, said


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--every", type=int, default=100)
    parser.add_argument("--base", type=int, default=200)
    parser.add_argument("--rss-slack", type=float, default=20.0)
    parser.add_argument("--presses", type=int, default=3)
    args = parser.parse_args()
    print(HEADER)
    print("|---:|---:|---:|---:|---:|---:|---:|")
    readings, errors = run(args.sessions, args.every, args.presses, quiet=True)
    for reading_ in readings:
        print(row(*reading_))
    ok, said = check(readings, args.base, args.rss_slack)
    print()
    for sentence in said:
        print("-", sentence)
    print(f"- errors: {len(errors)}", *errors[:5], sep="\n  ")
    print("PASS" if ok and not errors else "FAIL")
    return 0 if ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
