"""The server's CPU per key press, without browsers: N websocket sessions step whole timelines.

On a 2-core machine the Chromium renderers of ``load.py`` compete with the server for the CPU,
so its CPU figure is noisy. This script talks to ``streamlit run`` the way a browser does
(the app's websocket, Streamlit's own protobuf messages) and nothing else: each session opens
a chain from a link, then presses *Next call* through the whole timeline, waiting for each
run to finish, as a learner does (a session of a short chain steps it again, in rounds, until
100 presses: /proc counts CPU in 10 ms ticks). It reports the server's CPU time (utime + stime
of /proc/PID/stat) per key press while stepping; checks that every session ended where it was
pressed to (the step in its URL) on a page that shows the engine's x.grad there (that URL
opened after the measurement); and measures, for scale, a minimal Streamlit app (one button,
one line of text) the same way, alternately in each row (the same sessions and presses): the
floor of any Streamlit rerun on this machine. (Its floor at one session, 50 presses, is
printed first.)

A press is what the browser sends: since the graph steps in the browser, that is the graph
element's position once a burst of presses has ended (``--press graph``, the default; each
press here is its own burst, the most a learner can cost), or the Next button's trigger
(``--press next``, what Next costs when the graph element is absent). Then, in a real
Chromium, a burst of 7 presses of → within one second: how many reruns the server makes and
its CPU, for the app and for the minimal app (the same keys, its button's shortcut).

    python benchmarks/server_cpu.py                      # 1, 10 and 30 sessions; 3 and 32 functions
    python benchmarks/server_cpu.py --sessions 10 --functions 3
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
from pathlib import Path
from urllib.parse import parse_qs, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the app, and tests/harness.py

from harness import AppServer, ws_session  # noqa: E402

from autograd import Stepper  # noqa: E402
from components import follow  # noqa: E402

CYCLE = ("Sin", "Cos", "Tanh", "Sigmoid")  # bounded values over 32 functions
MINIMAL_APP = """
import streamlit as st
st.button("Next", key="next", shortcut="Right")
st.write("hello")
"""
BURST = 7  # presses within one second


async def run_session(port, query, presses, press="next"):
    """Open the app with ``query``, press ``presses`` times; the last run (``WsRun``)."""
    run = await ws_session(port, query, presses, timeout=60, press=press)
    if not run.status.endswith("SUCCESSFULLY") or run.exceptions:
        raise RuntimeError(f"the app failed: status {run.status}, {run.exceptions}")
    return run


def followed(server, runs, presses, expected):
    """How many sessions ended where they were pressed to: the URL's step is the last
    position, and the page that URL opens shows that position with the engine's x.grad
    (opened after the measurement, once per URL)."""
    pages = {}
    right = 0
    for run in runs:
        if parse_qs(run.query).get("step") != [str(presses)]:
            continue
        if run.query not in pages:
            pages[run.query] = asyncio.run(run_session(server.port, run.query, 0)).texts
        texts = pages[run.query]
        shows_end = f"<style>{follow.css(presses)}</style>" in texts
        right += shows_end and any(expected in text for text in texts)
    return right


def measure(server, sessions, query, presses, press="next", at_least=100):
    """Server CPU ms per key press while ``sessions`` sessions step at once (in rounds, one
    after another, until ``at_least`` presses: /proc counts CPU in 10 ms ticks)."""
    rounds = max(1, -(-at_least // (sessions * max(presses, 1))))

    async def all_sessions(presses):
        return await asyncio.gather(
            *(run_session(server.port, query, presses, press) for _ in range(sessions))
        )

    def cpu_of(presses):
        start = server.cpu()
        for _ in range(rounds):
            results = asyncio.run(all_sessions(presses))
        return server.cpu() - start, results

    asyncio.run(all_sessions(presses))  # warm-up: imports, first allocations
    opening, _ = cpu_of(0)  # the page loads alone
    total, results = cpu_of(presses)
    return 1000 * (total - opening) / (rounds * sessions * presses), results


def burst(server, query):
    """(reruns, server CPU ms) of a burst of 7 presses of → within one second, in Chromium."""
    from harness import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    from streamlit.proto.BackMsg_pb2 import BackMsg

    quiet = """() => {
      const app = document.querySelector('[data-testid="stApp"]');
      const root = document.querySelector('.bpx-root');
      return app && app.dataset.testScriptState === 'notRunning'
          && (!root || root.dataset.synced === '1');
    }"""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        reruns = []

        def sent(frame):
            message = BackMsg()
            message.ParseFromString(frame if isinstance(frame, bytes) else frame.encode())
            if message.WhichOneof("type") == "rerun_script":
                reruns.append(message)

        page.on("websocket", lambda ws: ws.on("framesent", sent))
        page.goto(f"{server.url}/?{query}")
        page.wait_for_selector(".st-key-next button")
        page.wait_for_function(quiet, polling="raf")
        page.wait_for_timeout(1000)
        reruns.clear()
        start = server.cpu()
        for _ in range(BURST):
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(1000 // BURST - 20)
        page.wait_for_timeout(800)
        page.wait_for_function(quiet, polling="raf")
        page.wait_for_timeout(300)
        cpu = server.cpu() - start
        browser.close()
    return len(reruns), 1000 * cpu


def chain(functions):
    if functions == 3:
        return ("Square", "Exp", "Square"), "0.5"  # the book's example
    return tuple(CYCLE[i % len(CYCLE)] for i in range(functions)), "0.5"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--functions", type=int, nargs="+", default=[3, 32])
    parser.add_argument("--repeat", type=int, default=3, help="runs per row; the median")
    parser.add_argument("--press", choices=("graph", "next"), default="graph")
    parser.add_argument("--no-burst", action="store_true", help="skip the browser burst")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        minimal = Path(folder) / "minimal_app.py"
        minimal.write_text(MINIMAL_APP)
        floor_server = AppServer(script=minimal).start()
        try:
            floor = statistics.median(
                measure(floor_server, 1, "", 50)[0] for _ in range(args.repeat)
            )
            minimal_burst = None if args.no_burst else burst(floor_server, "")
            print(f"A minimal Streamlit app (one button, one line), 1 session: {floor:.1f} ms\n")
            if minimal_burst is not None:
                server = AppServer().start()
                try:
                    app_burst = burst(server, "f=Square,Exp,Square&x=0.5")
                finally:
                    server.stop()
                print(f"A burst of {BURST} presses of → within one second, in Chromium:")
                for name, (reruns, cpu) in (("the app", app_burst), ("minimal app", minimal_burst)):
                    print(f"- {name}: {reruns} rerun(s), {cpu:.0f} ms of server CPU in all")
                print()
            table(args, floor_server)
        finally:
            floor_server.stop()


def table(args, floor_server):
    """Each row: the app and the minimal app pressed the same way (sessions, presses),
    alternately, ``args.repeat`` times; the medians."""
    print(
        "| functions | sessions | key presses | server CPU / key press (ms) "
        "| minimal app, the same presses (ms) | × minimal app | x.grad right |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for functions in args.functions:
        ops, x = chain(functions)
        stepper = Stepper(list(ops), float(x))
        stepper.run_to_end()
        expected = repr(float(stepper.chain.x.grad))
        presses = len(stepper.timeline)
        query = urlencode({"f": ",".join(ops), "x": x})
        for sessions in args.sessions:
            server = AppServer().start()
            try:
                rows, floors = [], []
                for _ in range(args.repeat):
                    floors.append(measure(floor_server, sessions, "", presses)[0])
                    rows.append(measure(server, sessions, query, presses, args.press))
                right = min(followed(server, runs, presses, expected) for _, runs in rows)
            finally:
                server.stop()
            cpu = statistics.median(ms for ms, _ in rows)
            floor = statistics.median(floors)
            print(
                f"| {functions} | {sessions} | {sessions * presses} | {cpu:.1f} "
                f"| {floor:.1f} | {cpu / floor:.1f} | {right} / {sessions} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
