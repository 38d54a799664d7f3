"""A whole class opens the link at once, then steps: N students on one server.

Run from the repository root::

    python benchmarks/load.py                        # 1 (the anchor), 10, 30 and 60 students
    python benchmarks/load.py --students 1 10 --presses 3

For each N (the anchor, a single student, first, in the same run) a fresh ``streamlit run
streamlit_app.py`` (127.0.0.1, a free port, .streamlit/config.toml) and one headless
Chromium (/usr/bin/chromium, Playwright's async API) with N contexts. All N open the same link
(the book's example, in English) at the same moment, on a server that has served one
session already (a warm server: imports done, the lesson built):

- **open → whole page**: from ``goto`` until the page is drawn in full: the graph element at
  the link's call with the server agreeing (``data-synced``), the tabs under it, the sidebar,
  and no element left stale;
- then each student presses → ``--presses`` times, a pause of 0.2 to 0.6 s between presses
  (the students are not in step): **key → server** is the time from the key until the server's
  position is the one on screen (the element's report, sent 300 ms after the last press of a
  burst, has come back as a run: ``data-synced`` = 1 at that call). The graph itself changes
  in the browser at once (tests/element measure that).

Printed: p50 and p95 of both, their ratio to the anchor's, the server's CPU seconds per
student opening, and errors (timeouts, exceptions on a page). Everything runs on this
machine's 2 cores: the browsers share them with the server, so the figures are an upper bound
of what a server alone would take.
"""

import argparse
import asyncio
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the app, and tests/harness.py

from harness import CHROMIUM, CHROMIUM_ARGS, AppServer, ws_session  # noqa: E402

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
AT = """(p) => {
  const root = document.querySelector('.bpx-root');
  return root.dataset.pos === String(p) && root.dataset.synced === '1';
}"""


def pct(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def student(browser, url, presses, gate, seed):
    rng = random.Random(seed)
    context = await browser.new_context(viewport={"width": 1280, "height": 1400})
    page = await context.new_page()
    out = {"open": None, "keys": [], "errors": []}
    try:
        await gate.wait()
        start = time.perf_counter()
        await page.goto(url + LINK, wait_until="commit", timeout=TIMEOUT_MS)
        await page.wait_for_function(WHOLE, polling=50, timeout=TIMEOUT_MS)
        out["open"] = time.perf_counter() - start
        if await page.locator("[data-testid=stException]").count():
            out["errors"].append("exception on the page")
        return out, page, context, rng
    except Exception as error:  # noqa: BLE001 - counted
        out["errors"].append(repr(error)[:160])
        return out, page, context, rng


async def step(page, out, presses, rng):
    try:
        for p in range(1, presses + 1):
            await asyncio.sleep(rng.uniform(0.2, 0.6))  # a student's pause between presses
            start = time.perf_counter()
            await page.keyboard.press("ArrowRight")
            await page.wait_for_function(AT, arg=p, polling=20, timeout=TIMEOUT_MS)
            out["keys"].append(time.perf_counter() - start)
    except Exception as error:  # noqa: BLE001 - counted
        out["errors"].append(repr(error)[:160])


async def one_class(n, presses, seed=0):
    from playwright.async_api import async_playwright

    server = AppServer().start()
    try:
        # warm: a school's server has served its first student before a class opens the link
        await ws_session(server.port, LINK[2:], 2, press="graph")
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            gate = asyncio.Event()
            tasks = [
                asyncio.create_task(student(browser, server.url, presses, gate, seed + k))
                for k in range(n)
            ]
            await asyncio.sleep(0.5)  # every context made before the class opens the link
            cpu0 = server.cpu()
            gate.set()
            opened = await asyncio.gather(*tasks)
            cpu_open = server.cpu() - cpu0
            ready = [(out, page, rng) for out, page, _, rng in opened if out["open"] is not None]
            await asyncio.gather(*(step(page, out, presses, rng) for out, page, rng in ready))
            for _, _, context, _ in opened:
                await context.close()
            await browser.close()
    finally:
        server.stop()
    outs = [out for out, *_ in opened]
    return {
        "n": n,
        "open": [o["open"] for o in outs if o["open"] is not None],
        "keys": [k for o in outs for k in o["keys"]],
        "errors": [e for o in outs for e in o["errors"]],
        "cpu_per_open": cpu_open / n,
    }


def table(results):
    anchor = results[0]
    a_open = (pct(anchor["open"], 0.5), pct(anchor["open"], 0.95))
    a_key = (pct(anchor["keys"], 0.5), pct(anchor["keys"], 0.95))
    lines = [
        "| students | open → whole page p50 / p95 s | × anchor | key → server p50 / p95 s "
        "| × anchor | server CPU per opening ms | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        o = (pct(r["open"], 0.5), pct(r["open"], 0.95))
        k = (pct(r["keys"], 0.5), pct(r["keys"], 0.95))
        lines.append(
            f"| {r['n']} | {o[0]:.2f} / {o[1]:.2f} "
            f"| {o[0] / a_open[0]:.2f} / {o[1] / a_open[1]:.2f} "
            f"| {k[0]:.2f} / {k[1]:.2f} | {k[0] / a_key[0]:.2f} / {k[1] / a_key[1]:.2f} "
            f"| {1000 * r['cpu_per_open']:.0f} | {len(r['errors'])} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[10, 30, 60])
    parser.add_argument("--presses", type=int, default=4)
    args = parser.parse_args()
    results = []
    for n in [1, *args.students]:  # the anchor first, in the same run
        result = asyncio.run(one_class(n, args.presses))
        results.append(result)
        print(
            f"{n} students: open p95 {pct(result['open'], 0.95):.2f} s, key → server p95 "
            f"{pct(result['keys'], 0.95):.2f} s, errors {len(result['errors'])}",
            *result["errors"][:3],
            sep="\n  ",
            flush=True,
        )
    print()
    print(table(results))
    medians = statistics.median(results[0]["keys"]) if results[0]["keys"] else float("nan")
    print(f"\nanchor (1 student): key → server median {medians:.3f} s")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
