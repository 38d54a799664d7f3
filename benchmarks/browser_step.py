"""Key -> graph in a real Chromium: the app, a minimal Streamlit page and a static page, in one run.

Three pages show the book's example and step it with the arrow keys, measured alternately
(round after round, a fresh browser context for every page) so that the machine's drift hits
them alike:

- **the app** (``streamlit run streamlit_app.py``; also with ``anim=0``, no animation);
- **a minimal Streamlit page**: one Next and one Back button (``shortcut="Right"`` /
  ``"Left"``) and ``st.graphviz_chart`` of the same DOT the app exports for that step;
- **a static page** swapping SVGs pre-rendered by ``graphviz-pure`` (the same DOT), served by
  Python's ``http.server``.

Measured inside the page (``performance.now()``): *first graph* is the first animation frame
in which the graph has a node's text, counted from the navigation's start; *key -> graph* is
from the keydown (a window listener installed before the page's own scripts) to the first
animation frame in which the graph's text or classes differ from what they were at the
keydown. Each page gets ``--presses`` presses per round (→ through the timeline, ← back, → ...),
each after the page has gone quiet (the server's run finished, and for the app, the server
showing the graph's position).

    python benchmarks/browser_step.py                 # 3 rounds, 21 presses per page and round
    python benchmarks/browser_step.py --rounds 5 --presses 21
"""

import argparse
import contextlib
import functools
import http.server
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the app, and tests/harness.py

from harness import CHROMIUM, CHROMIUM_ARGS, AppServer  # noqa: E402

from autograd import Stepper  # noqa: E402
from components import export, state  # noqa: E402
from components.graph import build_dot, timeline_sizes  # noqa: E402

OPS, X = state.PRESETS["book"]
PORTS = {"app": 8619, "minimal": 8621, "static": 8622}

MINIMAL_APP = """
import json
import streamlit as st

DOTS = json.loads(open({dots!r}).read())
st.session_state.setdefault("step", 0)

def move(offset):
    st.session_state.step = max(0, min(len(DOTS) - 1, st.session_state.step + offset))

st.button("Back", key="back", shortcut="Left", on_click=move, args=(-1,))
st.button("Next", key="next", shortcut="Right", on_click=move, args=(1,))
st.graphviz_chart(DOTS[st.session_state.step], width="stretch")
"""

STATIC_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>static</title></head>
<body><div id="graph"></div><script>
const SVGS = {svgs};
let step = 0;
const graph = document.getElementById("graph");
function show() {{
  const doc = new DOMParser().parseFromString(SVGS[step], "image/svg+xml");
  graph.replaceChildren(document.importNode(doc.documentElement, true));
}}
document.addEventListener("keydown", (e) => {{
  if (e.key === "ArrowRight") step = Math.min(SVGS.length - 1, step + 1);
  else if (e.key === "ArrowLeft") step = Math.max(0, step - 1);
  else return;
  show();
}});
show();
</script></body></html>"""

GRAPHS = {
    "app": ".bpx-root svg.bpx-svg",
    "app anim=0": ".bpx-root svg.bpx-svg",
    "minimal": '[data-testid="stGraphVizChart"] svg',
    "static": "#graph svg",
}

# Installed before the page's scripts: the first frame with a graph, and per key press the
# first frame in which the graph differs from what it was at the keydown.
PROBE_JS = """(selector) => {
  const look = () => {
    const svg = document.querySelector(selector);
    if (!svg || !svg.querySelector('g.node text')) return null;
    const classes = [...svg.querySelectorAll('g')].map(g => g.getAttribute('class'));
    return svg.textContent + '|' + classes.join(',');
  };
  window.__bench = {first: null, presses: []};
  const first = () => {
    if (look() !== null) window.__bench.first = performance.now();
    else requestAnimationFrame(first);
  };
  requestAnimationFrame(first);
  window.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const before = look(), start = performance.now();
    const press = {start, end: null};
    window.__bench.presses.push(press);
    const check = () => {
      const seen = look();  // a graph being replaced (none for a moment) has not changed yet
      if (seen !== null && seen !== before) press.end = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, true);
}"""

QUIET_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const root = document.querySelector('.bpx-root');
  return (!app || app.dataset.testScriptState === 'notRunning')
      && (!root || root.dataset.synced === '1');
}"""


def static_files(folder):
    """The DOT of every step (for the minimal page) and the static page of their SVGs."""
    import json

    x = state.parse_input(X)
    sizes = timeline_sizes(Stepper(list(OPS), x).run_to_end())
    stepper, dots = Stepper(list(OPS), x), []
    while True:
        dots.append(build_dot(stepper, "stacked", False, sizes=sizes))
        if stepper.done:
            break
        stepper.step()
    svgs = [svg.decode() for svg in export.render_svgs(dots)]
    (folder / "dots.json").write_text(json.dumps(dots))
    (folder / "index.html").write_text(STATIC_PAGE.format(svgs=json.dumps(svgs)))
    (folder / "minimal_app.py").write_text(MINIMAL_APP.format(dots=str(folder / "dots.json")))
    return len(dots) - 1


@contextlib.contextmanager
def static_server(folder, port):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/index.html"
    finally:
        server.shutdown()


def keys(total, presses):
    """→ to the end, ← to the start, → ... : ``presses`` keys."""
    out, step, direction = [], 0, 1
    while len(out) < presses:
        if not 0 <= step + direction <= total:
            direction = -direction
        step += direction
        out.append("ArrowRight" if direction > 0 else "ArrowLeft")
    return out


def measure(browser, name, url, total, presses):
    """(first graph ms, [key -> graph ms]) for one fresh context on ``url``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.add_init_script(f"({PROBE_JS})({GRAPHS[name]!r})")
    page.goto(url)
    page.wait_for_function("() => window.__bench && window.__bench.first !== null")
    first = page.evaluate("() => window.__bench.first")
    page.wait_for_function(QUIET_JS, polling="raf")
    page.wait_for_timeout(300)
    for key in keys(total, presses):
        page.keyboard.press(key)
        page.wait_for_function("() => window.__bench.presses.at(-1).end !== null", polling="raf")
        page.wait_for_timeout(50)
        page.wait_for_function(QUIET_JS, polling="raf")
        page.wait_for_timeout(150)
    times = page.evaluate("() => window.__bench.presses.map(p => p.end - p.start)")
    context.close()
    return first, times


def p90(values):
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def main():
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--presses", type=int, default=21)
    parser.add_argument("--alt", help="another checkout of the app to measure beside it")
    args = parser.parse_args()
    results = {name: ([], []) for name in GRAPHS}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        total = static_files(folder)
        app = AppServer(port=PORTS["app"]).start()
        minimal = AppServer(port=PORTS["minimal"], script=folder / "minimal_app.py").start()
        alt = None
        if args.alt:
            alt = AppServer(port=8624, script=Path(args.alt) / "streamlit_app.py")
            alt.start()
            GRAPHS["alt"] = GRAPHS["app"]
            results["alt"] = ([], [])
        query = f"?f={','.join(OPS)}&x={X}&lang=en"
        try:
            with static_server(folder, PORTS["static"]) as static_url, sync_playwright() as p:
                urls = {
                    "app": f"{app.url}/{query}",
                    **({"alt": f"{alt.url}/{query}"} if alt else {}),
                    "app anim=0": f"{app.url}/{query}&anim=0",
                    "minimal": f"{minimal.url}/",
                    "static": static_url,
                }
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, url in urls.items():  # warm-up: imports, caches, the browser
                    measure(browser, name, url, total, 2)
                for round_ in range(args.rounds):
                    for name, url in urls.items():
                        first, times = measure(browser, name, url, total, args.presses)
                        results[name][0].append(first)
                        results[name][1].extend(times)
                        print(
                            f"round {round_ + 1} {name}: first {first:.0f} ms, "
                            f"key->graph median {statistics.median(times):.1f} ms",
                            file=sys.stderr,
                            flush=True,
                        )
                browser.close()
        finally:
            app.stop()
            minimal.stop()
            if alt:
                alt.stop()

    static_key = statistics.median(results["static"][1])
    minimal_first = statistics.median(results["minimal"][0])
    print(
        f"\nThe book's example, {args.rounds} rounds, {args.presses} presses per page and round\n"
    )
    print("| page | first graph (ms) | × minimal | key → graph median (ms) | p90 (ms) | × static |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, (firsts, times) in results.items():
        first = statistics.median(firsts)
        key = statistics.median(times)
        print(
            f"| {name} | {first:.0f} | {first / minimal_first:.2f} | {key:.1f} "
            f"| {p90(times):.1f} | {key / static_key:.2f} |"
        )


if __name__ == "__main__":
    main()
