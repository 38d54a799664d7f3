"""A classroom on one server: N concurrent browser sessions stepping their own chains.

Run from the repository root::

    python benchmarks/load.py --sessions 1 10 30      # the README's table
    python benchmarks/load.py --sessions 3 --smoke    # CI: exit 1 on any error or wrong grad

For each N the tool starts a fresh ``streamlit run streamlit_app.py`` on 127.0.0.1 (a free
port, headless, every other setting from .streamlit/config.toml; ``--set KEY=VALUE`` adds
``--KEY VALUE``, e.g. ``--set runner.postScriptGC=true`` to measure the default) and opens N
Playwright contexts in one headless Chromium (/usr/bin/chromium). Session k:

1. opens ``/?f=<its chain>&x=<its x>&lang=<ko|en|ja>`` (2 to 4 functions, a number or a
   3-element list) and clicks one "+ <Function>" button, so its chain differs from the
   others' in functions, length, input and language;
2. waits until every session is there (pages load ``--loading`` at a time, 4 by default:
   here every browser shares the machine's 2 cores with the server), then, all at once,
   steps its whole timeline with the ArrowRight key (the Next button's shortcut): for each
   press, the time until the graph's SVG text changes (``polling="raf"``), then a check that
   the position indicator moved by one;
3. reads the final "x.grad = ..." and compares it with ``components.format.short`` of the
   engine's own ``Stepper(ops, x).run_to_end()``.

Measured on the server process: peak RSS (psutil, sampled every 20 ms in a thread) and CPU
time (utime + stime of /proc/PID/stat). The reruns are counted on the server's side of the
wire: every ``script_finished`` message the server sends on the sessions' websockets. CPU per
rerun is given for the whole run (page loads and static files included) and for the stepping
phase alone (CPU while all sessions step / key presses), the figure that matters in a lesson.

Errors counted: a page error, an exception element, a timeout, a position that did not move
by exactly one, a missing or wrong final x.grad.
"""

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the app, and tests/harness.py

from components.state import parse_input  # noqa: E402
from harness import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402

from autograd import Stepper  # noqa: E402
from components.format import short  # noqa: E402

# Distinct, well-behaved functions (no Log of a negative number, no Exp of an Exp of ...).
CYCLE = ("Sin", "Exp", "Cos", "Tanh", "Square", "Sigmoid")
LANGS = ("en", "ko", "ja")
TIMEOUT_MS = 90_000
GRAPH = ".bpx-root svg.bpx-svg"
PROGRESS = '[data-testid="stProgress"]'

SVG_CHANGED = f"""before => {{
  const svg = document.querySelector('{GRAPH}');
  return svg !== null && svg.textContent !== before;
}}"""
SVG_TEXT = (
    f"() => {{ const s = document.querySelector('{GRAPH}'); return s ? s.textContent : ''; }}"
)
AT_POSITION = f"""([pos, total]) => {{
  const bar = [...document.querySelectorAll('{PROGRESS}')].find(e => e.checkVisibility());
  const m = bar && bar.textContent.match(/(\\d+)\\D+(\\d+)/);
  return !!m && Number(m[1]) === pos && Number(m[2]) === total;
}}"""


# -- the server ----------------------------------------------------------------------------
class Server(AppServer):
    """``streamlit run`` on 127.0.0.1 (tests/robustness/support.py), and from a thread its
    peak RSS (children included)."""

    def __init__(self, extra=()):
        super().__init__(extra=extra)
        self.start()
        self.peak_rss = 0
        self.idle_rss = self.rss()
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()

    def rss(self):
        process = psutil.Process(self.process.pid)
        return process.memory_info().rss + sum(
            child.memory_info().rss for child in process.children(recursive=True)
        )

    def _sample(self):
        while not self._stop.is_set():
            with contextlib.suppress(psutil.Error):
                self.peak_rss = max(self.peak_rss, self.rss())
            self._stop.wait(0.02)

    def stop(self):
        self._stop.set()
        if self._sampler.is_alive():
            self._sampler.join()
        super().stop()


# -- one learner ---------------------------------------------------------------------------
@dataclass
class Session:
    k: int
    ops: tuple  # the chain after the click
    x: str
    lang: str
    latencies: list = field(default_factory=list)  # seconds, one per key press
    errors: list = field(default_factory=list)
    shown: str = ""
    expected: str = ""
    reruns: int = 0  # script_finished messages the server sent to this session

    @property
    def right(self):
        return bool(self.shown) and self.shown == self.expected

    @property
    def total(self):
        return 2 * len(self.ops) + 1


def plan(k):
    """Session k's chain (URL part, clicked function), input and language."""
    length = 2 + k % 3
    url_ops = tuple(CYCLE[(k + j) % len(CYCLE)] for j in range(length))
    clicked = CYCLE[(3 * k + 1) % len(CYCLE)]
    scale = 0.1 + 0.05 * (k % 15)
    x = f"[{scale:.2f}, {-scale / 2:.3f}, {2 * scale:.2f}]" if k % 4 == 3 else f"{scale:.2f}"
    session = Session(k, url_ops + (clicked,), x, LANGS[k % len(LANGS)])
    engine = Stepper(session.ops, parse_input(x)).run_to_end()
    session.expected = short(engine.chain.x.grad)
    return session, url_ops, clicked


def count_reruns(session, websocket):
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def received(payload):
        if isinstance(payload, bytes | bytearray):
            message = ForwardMsg()
            with contextlib.suppress(Exception):
                message.ParseFromString(payload)
                if message.WhichOneof("type") == "script_finished":
                    session.reruns += 1

    websocket.on("framereceived", received)


async def learner(browser, base_url, session, url_ops, clicked, ready, go, timer, loading):
    """Load, click, wait for everyone, then press ArrowRight through the whole timeline."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("pageerror", lambda error: session.errors.append(f"page error: {error}"))
        page.on("websocket", lambda websocket: count_reruns(session, websocket))
        query = urlencode({"f": ",".join(url_ops), "x": session.x, "lang": session.lang})
        total = session.total
        try:
            async with loading:  # a few pages load at a time: every browser shares 2 cores
                await page.goto(f"{base_url}/?{query}")
                await page.wait_for_function(AT_POSITION, arg=[0, total - 2], polling="raf")
                await page.locator(f".st-key-add_{clicked}").get_by_role("button").click()
                await page.wait_for_function(AT_POSITION, arg=[0, total], polling="raf")
                await page.wait_for_selector(f"{GRAPH} g.node")
        except Exception as error:  # noqa: BLE001 - any failure is one error of this session
            session.errors.append(f"setup: {type(error).__name__}: {str(error)[:200]}")
            return
        finally:
            ready()
        await go.wait()
        timer["first"] = timer.get("first") or time.monotonic()
        try:
            for pos in range(1, total + 1):
                before = await page.evaluate(SVG_TEXT)
                start = time.perf_counter()
                await page.keyboard.press("ArrowRight")
                await page.wait_for_function(SVG_CHANGED, arg=before, polling="raf")
                session.latencies.append(time.perf_counter() - start)
                await page.wait_for_function(AT_POSITION, arg=[pos, total], polling="raf")
            done = page.locator('[data-testid="stAlertContentSuccess"]', has_text="x.grad =")
            text = await done.inner_text()
            session.shown = text.split("x.grad =", 1)[1].strip()
            if not session.right:
                session.errors.append(
                    f"x.grad shown {session.shown!r}, expected {session.expected!r}"
                )
        except Exception as error:  # noqa: BLE001
            session.errors.append(f"stepping: {type(error).__name__}: {str(error)[:200]}")
        finally:
            timer["last"] = time.monotonic()
        exceptions = await page.locator('[data-testid="stException"]').count()
        if exceptions:
            session.errors.append(f"{exceptions} exception element(s) on the page")
    finally:
        await context.close()


@dataclass
class Result:
    sessions: list
    presses: int
    reruns: int
    cpu_total: float  # server CPU seconds from the first page load to the last step
    cpu_stepping: float  # server CPU seconds while the sessions stepped
    peak_rss: int
    idle_rss: int
    wall_stepping: float

    @property
    def latencies(self):
        return sorted(value for s in self.sessions for value in s.latencies)

    @property
    def errors(self):
        return sum(len(s.errors) for s in self.sessions)

    @property
    def right(self):
        return sum(s.right for s in self.sessions)


async def run(n, extra, loading=4):
    from playwright.async_api import async_playwright

    sessions = [plan(k) for k in range(n)]
    server = Server(extra)
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            go = asyncio.Event()
            waiting = [n]
            marks = {}

            def ready():
                waiting[0] -= 1
                if waiting[0] == 0:
                    marks["cpu_go"] = server.cpu()
                    go.set()

            timer = {}
            limit = asyncio.Semaphore(loading)
            cpu_start = server.cpu()
            await asyncio.gather(
                *(
                    learner(browser, server.url, session, url_ops, clicked, ready, go, timer, limit)
                    for session, url_ops, clicked in sessions
                )
            )
            await asyncio.sleep(0.2)  # the last messages' handlers
            cpu_end = server.cpu()
            await browser.close()
    finally:
        server.stop()
    done = [session for session, _, _ in sessions]
    presses = sum(len(s.latencies) for s in done)
    return Result(
        sessions=done,
        presses=presses,
        reruns=sum(s.reruns for s in done),
        cpu_total=cpu_end - cpu_start,
        cpu_stepping=cpu_end - marks.get("cpu_go", cpu_end),
        peak_rss=server.peak_rss,
        idle_rss=server.idle_rss,
        wall_stepping=timer.get("last", 0) - timer.get("first", 0),
    )


# -- the report ----------------------------------------------------------------------------
def percentile(values, q):
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def table(results):
    lines = [
        "| sessions | key presses | key → graph p50 (ms) | p95 (ms) | errors | x.grad right "
        "| server reruns | CPU / rerun (ms) | CPU / step while stepping (ms) | peak RSS (MB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, r in results:
        lat = r.latencies
        lines.append(
            f"| {n} | {r.presses} | {1000 * percentile(lat, 50):.0f} | "
            f"{1000 * percentile(lat, 95):.0f} | {r.errors} | {r.right} / {n} | {r.reruns} | "
            f"{1000 * r.cpu_total / max(r.reruns, 1):.1f} | "
            f"{1000 * r.cpu_stepping / max(r.presses, 1):.1f} | {r.peak_rss / 2**20:.0f} |"
        )
    return "\n".join(lines)


def details(n, result):
    lines = [
        f"\nN = {n}: every session's final x.grad (server idle RSS "
        f"{result.idle_rss / 2**20:.0f} MB, stepping phase {result.wall_stepping:.1f} s)",
        "",
        "| session | lang | chain | x | x.grad shown | expected (engine) | right | errors |",
        "| ---: | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in result.sessions:
        errors = "; ".join(s.errors).replace("|", "/") or "-"
        lines.append(
            f"| {s.k} | {s.lang} | {'→'.join(s.ops)} | {s.x} | {s.shown or '-'} | "
            f"{s.expected} | {'yes' if s.right else 'NO'} | {errors} |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 30])
    parser.add_argument("--smoke", action="store_true", help="exit 1 on any error or wrong grad")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an extra server flag, e.g. runner.postScriptGC=true",
    )
    parser.add_argument("--quiet", action="store_true", help="the summary table only")
    parser.add_argument(
        "--loading", type=int, default=4, help="pages loading at once before the stepping"
    )
    args = parser.parse_args(argv)
    if not os.path.exists(CHROMIUM):
        print(f"{CHROMIUM} is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    extra = []
    for setting in args.set:
        key, _, value = setting.partition("=")
        extra += [f"--{key.removeprefix('--')}", value]

    results = []
    for n in args.sessions:
        started = time.monotonic()
        result = asyncio.run(run(n, extra, args.loading))
        results.append((n, result))
        print(f"N = {n}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    if extra:
        print(f"server flags: {' '.join(extra)}\n")
    print(table(results))
    if not args.quiet or args.smoke:
        for n, result in results:
            if not args.quiet or result.errors or result.right < n:
                print(details(n, result))
    failed = any(r.errors or r.right < n for n, r in results)
    if args.smoke and failed:
        print("\nSMOKE FAILED: errors or wrong x.grad above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
