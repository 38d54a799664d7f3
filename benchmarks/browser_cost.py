"""What a person waits for in Chromium, in one run, against the book's example as the anchor:

- *open*: a new tab opens a link until the lesson is drawn whole (graph, panels, the
  variables table) and the server's run has finished: the book's example (the anchor), a
  32-function chain in steps 06 and 07, the step-16 program, goldstein;
- *press*: → until the next position is on screen (graph and panels), the median of up to 20
  presses, in the same lessons;
- *add at 31*: one click on the sidebar's "+ Sin" with 31 functions in the chain, until the
  32-function lesson is on screen (issue 17: at most 1 s).

Medians of ``--repeat`` runs, alternating the cases; ratios against the anchor of the same
run. A script, not a test: the tests (tests/browser) assert what is shown, never how fast.

    python benchmarks/browser_cost.py
    python benchmarks/browser_cost.py --repeat 5
"""

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from harness import BOOK, AppServer, launch, needs_chromium  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from components.model import programs, state  # noqa: E402

READY_JS = """() => { const r = document.querySelector('.bpx-root');
  return !!r && r.dataset.total !== undefined && r.dataset.synced === '1'
    && !!r.querySelector('svg.bpx-svg g.node') && !!r.querySelector('table.bpx-vars')
    && !!document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]'); }"""
AT_JS = """(p) => document.querySelector('.bpx-root')?.dataset.pos === String(p)"""
TOTAL_JS = """(n) => { const r = document.querySelector('.bpx-root');
  return !!r && r.dataset.total === String(n) && r.dataset.synced === '1'; }"""


def link(program, book):
    query = {"p": program, "lang": "en", "step": "0", "anim": "0"}
    if book != "06":
        query["book"] = book
    return "/?" + urlencode(query)


def cases():
    return {
        "book example (06)": link(programs.chain_program(BOOK, "0.5", "06"), "06"),
        "32 functions (06)": link(programs.chain_program(("Sin",) * 32, "0.5", "06"), "06"),
        "32 functions (07)": link(programs.chain_program(("Sin",) * 32, "0.5", "07"), "07"),
        "step 16's program (16)": link(state.PROGRAMS["branch"][0], "16"),
        "goldstein (22)": link(state.PROGRAMS["goldstein"][0], "22"),
    }


def open_and_press(browser, url, presses=20):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(READY_JS, polling="raf", timeout=120_000)
    opened = time.perf_counter() - start
    total = int(page.get_attribute(".bpx-root", "data-total"))
    times = []
    for p in range(1, min(presses, total) + 1):
        start = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(AT_JS, arg=p, polling="raf")
        times.append(time.perf_counter() - start)
    context.close()
    return opened, statistics.median(times)


def add_at_31(browser, base):
    from components.model.lessons import build

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(base + link(programs.chain_program(("Sin",) * 31, "0.5", "06"), "06"))
    page.wait_for_function(READY_JS, polling="raf", timeout=120_000)
    total = len(build(programs.chain_program(("Sin",) * 32, "0.5", "06"), "06", ()).lesson.items)
    button = page.locator('[data-testid="stSidebar"]').get_by_role("button", name="+ Sin")
    start = time.perf_counter()
    button.click()
    page.wait_for_function(TOTAL_JS, arg=total, polling="raf", timeout=120_000)
    took = time.perf_counter() - start
    context.close()
    return took


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    needs_chromium()
    server = AppServer().start()
    opens, presses, adds = {}, {}, []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for _ in range(args.repeat):
                for name, path in cases().items():
                    opened, pressed = open_and_press(browser, server.url + path)
                    opens.setdefault(name, []).append(opened)
                    presses.setdefault(name, []).append(pressed)
                adds.append(add_at_31(browser, server.url))
            browser.close()
    finally:
        server.stop()
    anchor = "book example (06)"
    open_anchor = statistics.median(opens[anchor])
    press_anchor = statistics.median(presses[anchor])
    print(f"Chromium, {args.repeat} runs each, medians; ratios against the {anchor}")
    print(f"{'case':<26}{'open s':>9}{'x':>7}{'press ms':>10}{'x':>7}")
    for name in opens:
        o, p = statistics.median(opens[name]), statistics.median(presses[name])
        ratios = f"{o / open_anchor:>7.2f}{p * 1000:>10.1f}{p / press_anchor:>7.2f}"
        print(f"{name:<26}{o:>9.2f}{ratios}")
    add = statistics.median(adds)
    print(f"{'+ Sin at 31 functions':<26}{add:>9.2f}{add / open_anchor:>7.2f}  (target: <= 1 s)")


if __name__ == "__main__":
    main()
