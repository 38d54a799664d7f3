"""A whole class opens the link at once, then steps: N students on one server.

Run from the repository root::

    python benchmarks/load.py                        # 10, 30 and 60 students
    python benchmarks/load.py --students 10 --presses 3

For each N, in the same run, the same class on **the minimal Streamlit page** (a title, a
line of text and a button: what any Streamlit app costs, the anchor) and on the app. Each on a
fresh ``streamlit run`` (127.0.0.1, a free port, .streamlit/config.toml) and one headless
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

On the minimal page, "whole page" is its text drawn, and "key → server" is a click on its
button until the server's answer is on the page.

Printed: p50 and p95 of both, their ratio to the minimal page's at the same N, the server's
CPU seconds per student opening, and errors (timeouts, exceptions on a page). Everything runs
on this machine's 2 cores: the browsers share them with the server, so the figures are an
upper bound of what a server alone would take.
"""

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

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
MINIMAL = """import streamlit as st

st.title("A minimal Streamlit page")
if st.button("Next"):
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


APP = {"minimal": False, "link": LINK, "whole": WHOLE, "at": AT}


async def one_class(n, presses, minimal_script=None, seed=0):
    from playwright.async_api import async_playwright

    if minimal_script is None:
        page_kind, server = APP, AppServer().start()
    else:
        page_kind = {"minimal": True, "link": "/", "whole": MINIMAL_WHOLE, "at": MINIMAL_AT}
        server = AppServer(script=minimal_script).start()
    try:
        # warm: a school's server has served its first student before a class opens the link
        if minimal_script is None:
            await ws_session(server.port, LINK[2:], 2, press="graph")
        else:
            urlopen(server.url + "/", timeout=30).read()
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
    finally:
        server.stop()
    outs = [out for out, *_ in opened]
    return {
        "n": n,
        "page": "minimal Streamlit page" if page_kind["minimal"] else "the app",
        "open": [o["open"] for o in outs if o["open"] is not None],
        "keys": [k for o in outs for k in o["keys"]],
        "errors": [e for o in outs for e in o["errors"]],
        "cpu_per_open": cpu_open / n,
    }


def table(results):
    """One row per (N, page); the ratios are to the minimal page's at the same N."""
    lines = [
        "| students | page | open → whole page p50 / p95 s | × minimal | key → server p50 / p95 s "
        "| × minimal | server CPU per opening ms | errors |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    minimal = {}
    for r in results:
        o = (pct(r["open"], 0.5), pct(r["open"], 0.95))
        k = (pct(r["keys"], 0.5), pct(r["keys"], 0.95))
        if r["page"].startswith("minimal"):
            minimal[r["n"]] = (o, k)
        mo, mk = minimal.get(r["n"], (o, k))
        lines.append(
            f"| {r['n']} | {r['page']} | {o[0]:.2f} / {o[1]:.2f} "
            f"| {o[0] / mo[0]:.2f} / {o[1] / mo[1]:.2f} "
            f"| {k[0]:.2f} / {k[1]:.2f} | {k[0] / mk[0]:.2f} / {k[1] / mk[1]:.2f} "
            f"| {1000 * r['cpu_per_open']:.0f} | {len(r['errors'])} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[10, 30, 60])
    parser.add_argument("--presses", type=int, default=4)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        minimal_script = Path(folder) / "minimal_page.py"
        minimal_script.write_text(MINIMAL)
        for n in args.students:
            for script in (minimal_script, None):  # the anchor first, in the same run
                result = asyncio.run(one_class(n, args.presses, script))
                results.append(result)
                print(
                    f"{n} students, {result['page']}: open p95 {pct(result['open'], 0.95):.2f} s, "
                    f"key → server p95 {pct(result['keys'], 0.95):.2f} s, "
                    f"CPU per opening {1000 * result['cpu_per_open']:.0f} ms, "
                    f"errors {len(result['errors'])}",
                    *result["errors"][:3],
                    sep="\n  ",
                    flush=True,
                )
    print()
    print(table(results))
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
