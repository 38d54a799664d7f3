"""What one press costs the lesson element in Chromium, outside Streamlit (the element's own
harness, tests/element/harness.html): the book's example (the anchor) and a 300-line lesson
with a 100-row variables table (tests/element/make_data.py's "big"), in one run.

Per press, at any moment of the display's 16.7 ms cycle (120 real key presses):
- *key -> frame*: from the keydown to the end of the frame that shows the new position;
- *cost*: the same without the wait for the display's next frame (the element's handler
  plus that frame's rendering);
- *work*: the handler plus the style and layout it causes, forced at once.

A script, not a test: the element tests assert what is shown, never how fast.

    python benchmarks/element_press.py
    python benchmarks/element_press.py --repeat 5
"""

import argparse
import functools
import http.server
import os
import random
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from element import make_data  # noqa: E402
from harness import launch, needs_chromium  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

FRAME_JS = """() => {
  // per press: [key -> frame, cost]. key -> frame: from the keydown (the harness calls __onKey
  // from its listener, which runs before the element's) to the end of the frame that shows
  // it (a task queued from that frame's rAF runs once it is rendered). cost: the same
  // without the wait for the display's next frame: the element's handler (to the microtask
  // after it, where a MutationObserver sees data-pos) plus the frame's rendering.
  const root = document.querySelector('.bpx-root');
  window.__cost = [];
  window.__onKey = () => {
    const t0 = performance.now();
    let t1 = null;
    const mo = new MutationObserver(() => { if (t1 === null) t1 = performance.now(); });
    mo.observe(root, {attributes: true, attributeFilter: ['data-pos']});
    requestAnimationFrame(() => {
      const tr = performance.now();
      const c = new MessageChannel();
      c.port1.onmessage = () => {
        const t2 = performance.now();
        mo.disconnect();
        window.__cost.push([t2 - t0, (t1 === null ? 0 : t1 - t0) + (t2 - tr)]);
      };
      c.port2.postMessage(0);
    });
  };
}"""

WORK_JS = """async (n) => {
  // the press's own work: the element's handler + the style and layout it causes, forced
  const root = document.querySelector('.bpx-root');
  const work = [];
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  for (let i = 0; i < n; i++) {
    const key = i % 40 < 30 ? 'ArrowRight' : 'ArrowLeft';
    await frame();
    const t0 = performance.now();
    window.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
    root.getBoundingClientRect(); document.body.offsetHeight;
    work.push(performance.now() - t0);
  }
  return work;
}"""



class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    handler = functools.partial(_Quiet, directory=str(ROOT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/tests/element/harness.html"


def measure(browser, url, data, presses=120):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url + "?f=Sin,Cos&x=0.5&lang=en&step=0")
    page.wait_for_function("window.__harnessReady === true")
    page.evaluate("d => window.bpxHarness.mount(d)", data)
    page.wait_for_function("document.querySelector('.bpx-root')?.dataset.pos !== undefined")
    total = int(page.get_attribute(".bpx-root", "data-total"))
    page.keyboard.press("End")
    page.keyboard.press("Home")
    for _ in range(min(100, total // 2)):
        page.keyboard.press("ArrowRight")  # into the backward pass
    page.evaluate(FRAME_JS)
    rng = random.Random(7)
    for i in range(presses):
        page.keyboard.press("ArrowRight" if i % 40 < 30 else "ArrowLeft")
        page.wait_for_timeout(rng.uniform(0, 17))
    page.wait_for_timeout(100)
    pairs = page.evaluate("window.__cost")
    works = page.evaluate(WORK_JS, presses)
    context.close()
    return [c[0] for c in pairs], [c[1] for c in pairs], works


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each case, alternated")
    args = parser.parse_args(argv)
    needs_chromium()
    cases = {
        "book example (06)": make_data.data("06"),
        "300 lines, 100 rows": make_data.data("big"),
    }
    server, url = serve()
    found = {name: ([], [], []) for name in cases}
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for _ in range(args.repeat):
                for name, data in cases.items():
                    for into, got in zip(found[name], measure(browser, url, data), strict=True):
                        into.append(statistics.median(got))
            browser.close()
    finally:
        server.shutdown()
    anchor = [statistics.median(xs) for xs in found["book example (06)"]]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; "
          f"medians of {args.repeat} runs of 120 presses")  # fmt: skip
    print("| lesson | key -> frame ms | × | cost ms | × | work ms | × |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, columns in found.items():
        row = [statistics.median(xs) for xs in columns]
        cells = " | ".join(f"{v:.2f} | {v / a:.2f}" for v, a in zip(row, anchor, strict=True))
        print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main()
