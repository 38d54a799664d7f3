"""A whole class opens the link at once, then steps: N students on one server.

Run from the repository root::

    python benchmarks/load.py                        # 10, 30 and 60 students
    python benchmarks/load.py --students 10 --presses 3

For each N, in the same run, the same class on **the minimal Streamlit page** (a title, a
line of text and a button: what any Streamlit app costs, the anchor) and on the app, each on a
fresh ``streamlit run`` (127.0.0.1, a free port, .streamlit/config.toml) that has served one
session already (a warm server: imports done, the lesson built). All N open the same link (the
book's example, in English) at the same moment, then each presses → ``--presses`` times, with
a pause of 0.2 to 0.6 s between presses (the students are not in step).

``--clients ws`` (the default) measures the server, as a class with its own laptops meets it:
each student fetches the page's HTML, opens Streamlit's websocket and speaks it as the browser
does (tests/harness.py ``ws_session``; the drawing is the student's own machine's work).
``--cache warm``: Streamlit's files are in each browser's cache from an earlier visit;
``--cache cold``: each student first fetches every file a Chromium with an empty cache fetched,
over six kept-alive HTTP/1.1 connections, as Chromium does. These clients share the machine
with the server: their own CPU per opening is printed too (a real class's is on its laptops).

- **open → whole page**: from the HTML request until the server has sent the whole first run
  (``script_finished``);
- **key → server**: from the element's report of a press (on the minimal page, the button's
  click) until its run has finished on the server.

``--clients browser`` drives N headless Chromium contexts (/usr/bin/chromium, Playwright's
async API) on this machine as well: open → whole page is until the graph element is at the
link's call with the server agreeing (``data-synced``), the tabs and the sidebar drawn and no
element stale; key → server is from the key until ``data-synced`` = 1 at that call (the report
is sent 300 ms after the last press of a burst). N browsers share the 2 cores with the
server, so this is an upper bound dominated by Chromium (see docs/serving.md).

Printed: p50 and p95 of both, their ratio to the minimal page's at the same N, the server's
(and with ``ws``, the clients') CPU milliseconds per student opening, and errors (timeouts,
exceptions on a page).
"""

import argparse
import asyncio
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the app, and tests/harness.py

import h11  # noqa: E402
import psutil  # noqa: E402
from harness import CHROMIUM, CHROMIUM_ARGS, AppServer, free_port, free_run, ws_session  # noqa: E402

LINK = "/?lang=en&step=0"
TIMEOUT_MS = 180_000
WHOLE = """() => {
  const root = document.querySelector('.bpx-root');
  const side = document.querySelector('[data-testid=stSidebar]');
  return !!root && root.dataset.synced === '1' && root.dataset.pos === '0'
    && document.querySelectorAll('[role=tab]').length >= 3
    && !!side && side.innerText.length > 100
    && !document.querySelector('[data-stale=true]');
}"""
MINIMAL = """import streamlit as st

st.title("A minimal Streamlit page")
if st.button("Next", key="next"):
    st.session_state.n = st.session_state.get("n", 0) + 1
st.write(f"at {st.session_state.get('n', 0)}")
"""
MINIMAL_WHOLE = """() => {
  const text = document.body.innerText;
  return text.includes('A minimal Streamlit page') && text.includes('at 0');
}"""
MINIMAL_AT = """(p) => document.body.innerText.includes('at ' + p)"""
AT = """(p) => {
  const root = document.querySelector('.bpx-root');
  return root.dataset.pos === String(p) && root.dataset.synced === '1';
}"""


def client_cpu():
    """This process's CPU seconds: the ws students' own work."""
    times = psutil.Process().cpu_times()
    return times.user + times.system


def pct(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def student(browser, url, page_kind, gate, seed):
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1280, "height": 1400})
    page = await context.new_page()
    out = {"open": None, "keys": [], "errors": []}
    try:
        await gate.wait()
        start = time.perf_counter()
        await page.goto(url + page_kind["link"], wait_until="commit", timeout=TIMEOUT_MS)
        await page.wait_for_function(page_kind["whole"], polling=50, timeout=TIMEOUT_MS)
        out["open"] = time.perf_counter() - start
        if await page.locator("[data-testid=stException]").count():
            out["errors"].append("exception on the page")
        return out, page, context, rng
    except Exception as error:  # noqa: BLE001 - counted
        out["errors"].append(repr(error)[:160])
        return out, page, context, rng


async def step(page, out, presses, rng, page_kind):
    try:
        for p in range(1, presses + 1):
            await asyncio.sleep(rng.uniform(0.2, 0.6))  # a student's pause between presses
            start = time.perf_counter()
            if page_kind["minimal"]:
                await page.get_by_role("button", name="Next").click()
            else:
                await page.keyboard.press("ArrowRight")
            await page.wait_for_function(page_kind["at"], arg=p, polling=20, timeout=TIMEOUT_MS)
            out["keys"].append(time.perf_counter() - start)
    except Exception as error:  # noqa: BLE001 - counted
        out["errors"].append(repr(error)[:160])


class School:
    """``deploy/school.py``: ``replicas`` servers of ``script`` behind Debian's nginx, on free
    ports of 127.0.0.1; ``cpu()`` is the CPU time of the replicas and nginx together."""

    def __init__(self, replicas, script="streamlit_app.py"):
        self.replicas, self.script = replicas, str(script)
        self.port = free_port()
        self.first = free_run(replicas, avoid={self.port})
        self.url = f"http://127.0.0.1:{self.port}"
        self.run_dir = tempfile.mkdtemp(prefix="bpx-school-")

    def command(self, verb, *more):
        command = [sys.executable, str(ROOT / "deploy" / "school.py"), verb]
        return [*command, "--run-dir", self.run_dir, *more]

    def start(self):
        more = ["--replicas", str(self.replicas), "--address", "127.0.0.1"]
        more += ["--port", str(self.port), "--first", str(self.first), "--script", self.script]
        started = subprocess.run(self.command("start", *more), capture_output=True, text=True)
        if started.returncode:
            logs = "".join(p.read_text()[-2000:] for p in Path(self.run_dir).glob("*.log"))
            raise RuntimeError(f"deploy/school.py start failed:\n{started.stderr}\n{logs}")
        return self

    def stop(self):
        subprocess.run(self.command("stop"), check=True, capture_output=True)
        shutil.rmtree(self.run_dir, ignore_errors=True)

    def cpu(self):
        total = 0.0
        for pid_file in Path(self.run_dir).glob("*.pid"):
            process = psutil.Process(int(pid_file.read_text().split()[0]))
            for one in [process, *process.children(recursive=True)]:
                times = one.cpu_times()
                total += times.user + times.system
        return total


APP = {"minimal": False, "link": LINK, "whole": WHOLE, "at": AT, "press": "graph"}


async def assets_of(server, page_kind):
    """What a browser with an empty cache fetches from the server to draw the page (Streamlit's
    scripts, styles and fonts, the element's files, the health and host-config checks),
    recorded by one real Chromium visit, which also warms the server."""
    from playwright.async_api import async_playwright

    link = server.url + page_kind["link"]
    urls = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        page = await browser.new_page()
        page.on("request", lambda request: urls.append(request.url))
        await page.goto(link, timeout=TIMEOUT_MS)
        await page.wait_for_function(page_kind["whole"], polling=50, timeout=TIMEOUT_MS)
        await browser.close()
    return [url for url in dict.fromkeys(urls) if url.startswith(server.url) and url != link]


async def fetch_all(urls, connections=6):
    """Every one of ``urls``, as a browser fetches a page's files: HTTP/1.1 over at most
    ``connections`` kept-alive connections (Chromium's limit per host), each taking the next
    URL as soon as it is free; the bytes received (compressed where the server compresses:
    nginx does, Streamlit does not). h11 speaks the protocol, over asyncio's streams."""
    pending = list(reversed(urls))

    async def connection():
        received, writer = 0, None
        try:
            while pending:
                url = urlsplit(pending.pop())
                if writer is None:
                    reader, writer = await asyncio.open_connection(url.hostname, url.port)
                    http = h11.Connection(h11.CLIENT)
                else:
                    http.start_next_cycle()
                target = url.path + (f"?{url.query}" if url.query else "")
                headers = [("Host", url.netloc), ("Accept-Encoding", "gzip")]
                writer.write(http.send(h11.Request(method="GET", target=target, headers=headers)))
                writer.write(http.send(h11.EndOfMessage()))
                while True:
                    event = http.next_event()
                    if event is h11.NEED_DATA:
                        http.receive_data(await reader.read(1 << 16))
                        # Acknowledge at once, as Chromium's fetches of these files do (none
                        # waits): Streamlit makes its listening socket without IPPROTO_TCP, so
                        # asyncio leaves Nagle on for its connections, and a response's last
                        # segment would wait for a delayed ACK (40 ms) on a kept-alive one.
                        sock = writer.get_extra_info("socket")
                        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
                    elif isinstance(event, h11.Response) and event.status_code != 200:
                        raise RuntimeError(f"HTTP {event.status_code} for {target}")
                    elif isinstance(event, h11.Data):
                        received += len(event.data)
                    elif isinstance(event, h11.EndOfMessage):
                        break
                if http.our_state is not h11.DONE or http.their_state is not h11.DONE:
                    writer.close()  # the server closes this one: the next URL opens another
                    writer = None
        finally:
            if writer is not None:
                writer.close()
        return received

    return sum(await asyncio.gather(*(connection() for _ in range(connections))))


async def ws_student(server, page_kind, presses, gate, opened, seed, assets):
    """A student whose own laptop draws the page: the page's HTML over HTTP (and, with an empty
    cache, every file a browser fetches to draw it), then the session over Streamlit's
    websocket, as the browser speaks it (tests/harness.py ``ws_session``)."""
    rng = random.Random(seed)
    times, errors = [], []

    async def pause():
        if len(times) == 1:  # the first press: once the whole class has opened the link
            opened.append(time.perf_counter())
            await gate["opened"].wait()
        await asyncio.sleep(rng.uniform(0.2, 0.6))  # a student's pause between presses

    await gate["go"].wait()
    try:
        start = time.perf_counter()
        await fetch_all([server.url + page_kind["link"]])  # the page, then what it loads
        await fetch_all(assets)
        html = time.perf_counter() - start
        last = await ws_session(
            server.port,
            page_kind["link"][2:],
            presses,
            timeout=TIMEOUT_MS / 1000,
            press=page_kind["press"],
            times=times,
            pause=pause,
        )
        times[0] += html  # open → whole page: the files, the connection and the first run
        if last.exceptions:
            errors.append(f"exception on the page: {last.exceptions[0][:120]}")
    except Exception as error:  # noqa: BLE001 - counted
        errors.append(repr(error)[:160])
    finally:
        if not times:
            opened.append(time.perf_counter())  # never opened: not waited for
    return {"open": times[0] if times else None, "keys": times[1:], "errors": errors}


async def ws_class(server, page_kind, n, presses, seed, assets):
    gate = {"go": asyncio.Event(), "opened": asyncio.Event()}
    opened = []
    tasks = [
        asyncio.create_task(ws_student(server, page_kind, presses, gate, opened, seed + k, assets))
        for k in range(n)
    ]
    cpu0, client0 = server.cpu(), client_cpu()
    gate["go"].set()
    while len(opened) < n and not all(task.done() for task in tasks):
        await asyncio.sleep(0.01)
    cpu_open, client_open = server.cpu() - cpu0, client_cpu() - client0
    gate["opened"].set()
    outs = await asyncio.gather(*tasks)
    return outs, cpu_open, client_open


def serve(script, school):
    if school:
        return School(school, script or "streamlit_app.py").start()
    return AppServer(script=script or "streamlit_app.py").start()


async def one_class(n, presses, minimal_script=None, clients="ws", cold=False, school=0, seed=0):
    if minimal_script is None:
        page_kind, server = APP, serve(None, school)
    else:
        page_kind = {
            "minimal": True,
            "link": "/",
            "whole": MINIMAL_WHOLE,
            "at": MINIMAL_AT,
            "press": "next",
        }
        server = serve(minimal_script, school)
    try:
        # warm: a school's server has served its first student before a class opens the link
        assets = await assets_of(server, page_kind)
        await ws_session(server.port, page_kind["link"][2:], 2, press=page_kind["press"])
        if clients == "ws":
            assets = assets if cold else []
            outs, cpu_open, client_open = await ws_class(
                server, page_kind, n, presses, seed, assets
            )
        else:
            outs, cpu_open = await browser_class(server, page_kind, n, presses, seed)
            client_open = None  # N Chromiums: not this process
    finally:
        server.stop()
    return {
        "n": n,
        "page": "minimal Streamlit page" if page_kind["minimal"] else "the app",
        "cache": "cold" if cold or clients == "browser" else "warm",
        "open": [o["open"] for o in outs if o["open"] is not None],
        "keys": [k for o in outs for k in o["keys"]],
        "errors": [e for o in outs for e in o["errors"]],
        "cpu_per_open": cpu_open / n,
        "client_per_open": None if client_open is None else client_open / n,
    }


async def browser_class(server, page_kind, n, presses, seed):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        gate = asyncio.Event()
        tasks = [
            asyncio.create_task(student(browser, server.url, page_kind, gate, seed + k))
            for k in range(n)
        ]
        await asyncio.sleep(0.5)  # every context made before the class opens the link
        cpu0 = server.cpu()
        gate.set()
        opened = await asyncio.gather(*tasks)
        cpu_open = server.cpu() - cpu0
        ready = [(out, page, rng) for out, page, _, rng in opened if out["open"] is not None]
        await asyncio.gather(
            *(step(page, out, presses, rng, page_kind) for out, page, rng in ready)
        )
        for _, _, context, _ in opened:
            await context.close()
        await browser.close()
    return [out for out, *_ in opened], cpu_open


def table(results):
    """One row per (N, cache, page); the ratios are to the minimal page's at the same N and
    cache."""
    lines = [
        "| students | cache | page | open → whole page p50 / p95 s | × minimal "
        "| key → server p50 / p95 s | × minimal | server CPU per opening ms "
        "| clients' CPU per opening ms | errors |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    minimal = {}
    for r in results:
        o = (pct(r["open"], 0.5), pct(r["open"], 0.95))
        k = (pct(r["keys"], 0.5), pct(r["keys"], 0.95))
        if r["page"].startswith("minimal"):
            minimal[r["n"], r["cache"]] = (o, k)
        mo, mk = minimal.get((r["n"], r["cache"]), (o, k))
        client = "–" if r["client_per_open"] is None else f"{1000 * r['client_per_open']:.0f}"
        lines.append(
            f"| {r['n']} | {r['cache']} | {r['page']} | {o[0]:.2f} / {o[1]:.2f} "
            f"| {o[0] / mo[0]:.2f} / {o[1] / mo[1]:.2f} "
            f"| {k[0]:.2f} / {k[1]:.2f} | {k[0] / mk[0]:.2f} / {k[1] / mk[1]:.2f} "
            f"| {1000 * r['cpu_per_open']:.0f} | {client} | {len(r['errors'])} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[10, 30, 60])
    parser.add_argument("--presses", type=int, default=4)
    parser.add_argument(
        "--clients",
        choices=("ws", "browser"),
        default="ws",
        help="ws: each student's own machine draws the page (the server's share, measured); "
        "browser: N Chromium pages on this machine too (an upper bound)",
    )
    parser.add_argument(
        "--school",
        type=int,
        default=0,
        metavar="R",
        help="serve every class with deploy/school.py: R replicas behind Debian's nginx",
    )
    parser.add_argument(
        "--cache",
        choices=("warm", "cold", "both"),
        default="both",
        help="ws clients: warm, the browser holds Streamlit's files (a second visit); cold, each "
        "student fetches every file a Chromium with an empty cache fetched (a first visit)",
    )
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        minimal_script = Path(folder) / "minimal_page.py"
        minimal_script.write_text(MINIMAL)
        caches = {"warm": [False], "cold": [True], "both": [False, True]}[args.cache]
        if args.clients == "browser":
            caches = [True]  # a new browser context: an empty cache
        # each class on the anchor (the minimal page) first, then on the app, in the same run
        classes = [
            (n, cold, script)
            for n in args.students
            for cold in caches
            for script in (minimal_script, None)
        ]
        for n, cold, script in classes:
            result = asyncio.run(
                one_class(n, args.presses, script, args.clients, cold, args.school)
            )
            results.append(result)
            print(
                f"{n} students, {result['cache']}, {result['page']}: "
                f"open p95 {pct(result['open'], 0.95):.2f} s, "
                f"key → server p95 {pct(result['keys'], 0.95):.2f} s, "
                f"CPU per opening {1000 * result['cpu_per_open']:.0f} ms, "
                f"errors {len(result['errors'])}",
                *result["errors"][:3],
                sep="\n  ",
                flush=True,
            )
    print()
    server = f"{args.school} replicas behind nginx" if args.school else "one server"
    print(f"clients: {args.clients}, presses: {args.presses}, {server}")
    print(table(results))
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
