"""The lesson element (components/ui/graph_element.js) in a real Chromium, outside Streamlit.

``harness.html`` mounts the module as components v2 does (its default export, called again on
every "rerun"); the tests play the server: they mount ``data`` (make_data.py: real graph frames
from the tracer, contract-shaped panels), rerun it with new ``step``/``moved``/``frames`` and
read the element's reports. Screenshots go to /tmp/element-*.png.
"""

import functools
import http.server
import json
import os
import random
import statistics
import threading
from pathlib import Path

import pytest

pytest.importorskip("playwright")
from element import make_data  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HAVE_CHROMIUM = os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)
if not HAVE_CHROMIUM and os.environ.get("CI") != "true":
    pytest.skip(f"{CHROMIUM} not found (set CI=true to fail instead)", allow_module_level=True)
if make_data.render.find_renderer() is None:
    pytest.skip("no Graphviz renderer for the sample frames", allow_module_level=True)

QUERY = "?f=Sin,Cos&x=0.5&lang=en&step=0"
ROOT_SEL = ".bpx-root"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url():
    handler = functools.partial(_Quiet, directory=str(ROOT))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tests/element/harness.html"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def open_page(browser, base_url):
    pages = []

    def _open(data=None, width=1280, height=800, query=QUERY, reduced=False):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            reduced_motion="reduce" if reduced else "no-preference",
        )
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("dialog", lambda d: (page.errors.append("dialog: " + d.message), d.dismiss()))
        page.goto(base_url + query)
        page.wait_for_function("window.__harnessReady === true")
        pages.append((context, page))
        if data is not None:
            mount(page, data)
        return page

    yield _open
    for context, page in pages:
        assert not page.errors, page.errors
        context.close()


def mount(page, data, wait=True):
    page.evaluate("d => window.bpxHarness.mount(d)", data)
    if wait:
        page.wait_for_function(f"document.querySelector('{ROOT_SEL}')?.dataset.pos !== undefined")


def rerun(page, **patch):
    page.evaluate("p => window.bpxHarness.rerun(p)", patch)


def reports(page, name=None):
    found = page.evaluate("window.bpxHarness.reports")
    return [r for r in found if name is None or r["name"] == name]


def pos(page):
    return int(page.get_attribute(ROOT_SEL, "data-pos"))


def step_in_url(page):
    return page.evaluate("new URLSearchParams(location.search).get('step')")


# -- what the data says each position shows (merged as the contract says) -----------------------
def expected(data):
    frames = json.loads(data["frames"])
    states, state = [], dict(frames["base"])
    states.append(state)
    for delta in frames["deltas"]:
        state = {**state, **delta}
        states.append(state)
    panels, panel = [], dict(frames["panels"]["base"])
    panels.append(panel)
    for delta in frames["panels"]["deltas"]:
        panel = dict(panel)
        for key, value in delta.items():
            if key in ("vars", "notes"):
                merged = dict(panel[key])
                for k, v in value.items():
                    if v is None:
                        merged.pop(k, None)
                    else:
                        merged[k] = v
                panel[key] = merged
            else:
                panel[key] = value
        panels.append(panel)
    return frames, states, panels


RECORD_JS = """() => {
  window.__rec = [];
  window.__recOn = true;
  const root = document.querySelector('.bpx-root');
  const lines = [...root.querySelectorAll('.bpx-program .bpx-line')];
  const tick = () => {
    const cur = root.querySelector('.bpx-program [aria-current="step"]');
    const code = root.querySelector('.bpx-stepcode [aria-current="step"] .bpx-ln');
    window.__rec.push({
      pos: Number(root.dataset.pos),
      progress: root.querySelector('.bpx-progress-text').textContent,
      line: cur ? lines.indexOf(cur) + 1 : 0,
      code: code ? Number(code.textContent) : 0,
      active: [...root.querySelectorAll('svg g.active')].map(g => g.id.slice(4)).sort().join(','),
      live: root.querySelector('.bpx-live').textContent,
      url: new URLSearchParams(location.search).get('step'),
    });
    if (window.__recOn) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def live_sentence(panel):
    """The screen reader's sentence, as the contract says: the progress, then the narration's
    first line (its pieces up to the first newline piece)."""
    first = []
    for kind, text in panel.get("narr") or []:
        if kind == "n":
            break
        first.append(text)
    progress = panel["progress"][0]
    return f"{progress} · {''.join(first)}" if first else progress


# -- stepping --------------------------------------------------------------------------------------
def test_keys_change_graph_and_panels_in_the_same_frame(open_page):
    data = make_data.data("16")
    frames, states, panels = expected(data)
    page = open_page(data)
    svg_ids = set(
        page.evaluate(
            "[...document.querySelectorAll('.bpx-root svg g[id]')].map(g => g.id.slice(4))"
        )
    )
    page.evaluate(RECORD_JS)
    keys = ["ArrowRight"] * 25 + ["ArrowLeft"] * 4 + ["End", "Home"] + ["ArrowRight"] * 3
    for key in keys:
        page.keyboard.press(key)
        page.wait_for_timeout(20)
    page.wait_for_timeout(100)
    page.evaluate("window.__recOn = false")
    samples = page.evaluate("window.__rec")
    seen = {s["pos"] for s in samples}
    assert {0, 3, 20, len(states) - 1} <= seen
    for s in samples:
        p = s["pos"]
        hot = (i for i, (_, c) in states[p].items() if "active" in c.split() and i in svg_ids)
        active = ",".join(sorted(hot))
        code_at = panels[p]["code_at"][0]
        assert s["active"] == active, (p, s)
        assert s["progress"] == panels[p]["progress"][0], (p, s)
        assert s["line"] == panels[p]["at"][0], (p, s)
        assert s["code"] == code_at, (p, s)
        assert s["live"] == live_sentence(panels[p]), (p, s)
    # the address bar: written one frame after the frame that shows a move (the recorder's
    # samples are taken before the element's frame callbacks: it sees it one frame later)
    run = 0
    for before, s in zip(samples, samples[1:], strict=False):
        run = run + 1 if s["pos"] == before["pos"] else 0
        if run >= 2:
            assert s["url"] == str(s["pos"]), s
    assert pos(page) == 3


def test_the_address_bar_follows_at_once_and_keeps_other_parameters(open_page):
    page = open_page(make_data.data("06"))
    for k in range(1, 5):
        page.keyboard.press("ArrowRight")
        at = page.evaluate("performance.now()")
        page.wait_for_function(
            f"location.search === '?f=Sin,Cos&x=0.5&lang=en&step={k}'", polling="raf", timeout=1000
        )
        assert page.evaluate("performance.now()") - at < 100  # within a frame or two
    page.keyboard.press("End")
    page.wait_for_function("location.search.endsWith('&step=12')", timeout=1000)
    assert reports(page, "pos") == []  # nothing told yet: the burst is not over


def test_one_report_per_burst(open_page):
    page = open_page(make_data.data("06"))
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    last = page.evaluate("performance.now()")
    page.wait_for_timeout(650)
    sent = reports(page, "pos")
    assert [r["value"] for r in sent] == [{"step": 5, "lesson": "lesson-06"}]
    assert sent[0]["at"] - last >= 250
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowRight")  # back where the server was told: nothing to say
    page.wait_for_timeout(500)
    assert len(reports(page, "pos")) == 1
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(500)
    assert [r["value"]["step"] for r in reports(page, "pos")] == [5, 7]


def test_moved_is_followed_and_a_stale_answer_is_not(open_page):
    page = open_page(make_data.data("16", step=2, moved=1))
    assert pos(page) == 2
    assert page.get_attribute(ROOT_SEL, "data-synced") == "1"
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(450)  # reported: 3
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # now at 5, not told yet
    rerun(page, step=3, frames=None)  # the answer to "3" arrives late
    assert pos(page) == 5
    assert page.get_attribute(ROOT_SEL, "data-synced") == "0"
    page.wait_for_timeout(450)
    assert [r["value"]["step"] for r in reports(page, "pos")] == [3, 5]
    rerun(page, step=5, frames=None)
    assert page.get_attribute(ROOT_SEL, "data-synced") == "1"
    # the server moves by itself (a link, a manual call): the element goes, says nothing
    rerun(page, step=9, moved=2, frames=None)
    assert pos(page) == 9
    page.wait_for_function("new URLSearchParams(location.search).get('step') === '9'", timeout=1000)
    assert page.get_attribute(ROOT_SEL, "data-synced") == "1"
    page.wait_for_timeout(450)
    assert [r["value"]["step"] for r in reports(page, "pos")] == [3, 5]
    # a rerun with the same `moved` and another step (another widget's run) changes nothing
    rerun(page, step=1, frames=None)
    assert pos(page) == 9


def test_need_is_asked_once_when_the_frames_are_missing(open_page):
    data = make_data.data("07", step=4)
    page = open_page()
    page.evaluate("window.__bpxFrames = undefined")
    mount(page, {**data, "frames": None}, wait=False)
    page.wait_for_timeout(100)
    rerun(page, step=4)  # another run, still without frames
    page.wait_for_timeout(100)
    need = reports(page, "need")
    assert len(need) == 1 and need[0]["value"]["key"] == data["key"]
    assert page.get_attribute(ROOT_SEL, "data-synced") == "0"
    rerun(page, frames=data["frames"])
    assert pos(page) == 4
    assert page.get_attribute(ROOT_SEL, "data-key") == data["key"]
    # a fresh mount (the same key, no frames sent): held on window, nothing asked
    page.evaluate("window.bpxHarness.remount()")
    mount(page, {**data, "frames": None, "step": 6})
    assert pos(page) == 6
    assert len(reports(page, "need")) == 1


def test_buttons_step_in_the_browser_and_follow_the_position(open_page):
    page = open_page(make_data.data("06"))
    assert page.is_disabled("#b-back") and page.is_disabled("#b-reset")
    page.click("#b-next")
    page.click("#b-next")
    assert pos(page) == 2
    assert not page.is_disabled("#b-back")
    page.click("#b-end")
    assert pos(page) == 12
    assert page.is_disabled("#b-next") and page.is_disabled("#b-end")
    page.click("#b-reset")
    assert pos(page) == 0
    assert page.evaluate("window.__serverClicks") == []  # none reached "Streamlit"
    page.focus("#typing")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    assert pos(page) == 0


def test_predict_mode_stops_at_max_step(open_page):
    data = {**make_data.data("06"), "max_step": 3}
    page = open_page(data)
    page.keyboard.press("End")
    assert pos(page) == 3
    page.keyboard.press("ArrowRight")
    assert pos(page) == 3
    assert page.is_disabled("#b-next") and not page.is_disabled("#b-end")
    page.click("#b-end")  # the element cannot: Streamlit gets it, after the position
    assert page.evaluate("window.__serverClicks") == ["b-end"]
    assert [r["value"]["step"] for r in reports(page, "pos")] == [3]


def test_a_press_during_an_animation_ends_it(open_page):
    data = make_data.data("06")
    _, states, _ = expected(data)
    page = open_page(data)
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # 5: b = B(a), a value travels
    assert page.get_attribute(ROOT_SEL, "data-animating") == "1"
    page.keyboard.press("ArrowLeft")
    assert page.get_attribute(ROOT_SEL, "data-animating") == "0"
    texts = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '.bpx-root svg g.node')].map(g => [g.id.slice(4), [...g.querySelectorAll('text')]
        .map(t => t.textContent).join('\\n')]))""")
    for node_id, (text, _) in states[4].items():
        if node_id in texts and text is not None:
            assert texts[node_id] == text.replace("~", ""), node_id


def test_reduced_motion_never_animates(open_page):
    page = open_page(make_data.data("06"), reduced=True)
    page.evaluate("""() => { window.__anim = []; new MutationObserver(() => window.__anim.push(
        document.querySelector('.bpx-root').dataset.animating)).observe(
        document.querySelector('.bpx-root'),
        {attributes: true, attributeFilter: ['data-animating']}); }""")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(100)
    assert "1" not in page.evaluate("window.__anim")
    assert page.locator(".bpx-root .bpx-token").count() == 0


# -- safety and content ---------------------------------------------------------------------------
def test_user_text_goes_in_as_text(open_page):
    page = open_page(make_data.data("evil"))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_timeout(600)
    assert page.locator(".bpx-root img").count() == 0
    assert page.locator(".bpx-root svg image, .bpx-root svg foreignObject").count() == 0
    assert make_data.EVIL in page.inner_text(".bpx-program")
    assert make_data.EVIL in page.inner_text(".bpx-vars")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert make_data.EVIL in page.inner_text(".bpx-error")
    assert f"# {make_data.EVIL}" in page.inner_text(".bpx-program")


def test_a_struck_line_is_drawn_struck(open_page):
    page = open_page(make_data.data("evil"))
    page.keyboard.press("End")
    struck = page.evaluate("""() => [...document.querySelectorAll('.bpx-root svg text.bpx-struck')]
        .map(t => [t.textContent, getComputedStyle(t).textDecorationLine])""")
    assert struck == [[f"grad {make_data.EVIL}", "line-through"]]
    cell = page.evaluate("""() => [...document.querySelectorAll('.bpx-vars s')].map(s =>
        [s.textContent, getComputedStyle(s).textDecorationLine])""")
    assert cell == [["1.0", "line-through"]]
    page.keyboard.press("ArrowLeft")
    assert page.locator(".bpx-root svg text.bpx-struck").count() == 0


def test_the_chain_rule_is_mathml(open_page):
    page = open_page(make_data.data("06"))
    ns = page.evaluate("[...document.querySelectorAll('.bpx-chain math')].map(m => m.namespaceURI)")
    assert ns and set(ns) == {"http://www.w3.org/1998/Math/MathML"}
    assert page.locator(".bpx-chain mfrac").count() >= 1
    height = "document.querySelector('.bpx-chain math').getBoundingClientRect().height"
    assert page.evaluate(height) > 10
    assert "?" in page.inner_text(".bpx-chain")
    page.keyboard.press("End")
    assert "3.29744" in page.inner_text(".bpx-chain")


def test_the_line_python_stopped_on_is_marked_failed_not_done(open_page):
    data = make_data.data("error")
    _, _, panels = expected(data)
    assert panels[-1]["at"][4] is True  # the lesson ends with Python's TypeError
    page = open_page(data)
    gutter = """() => { const l = document.querySelector('.bpx-program [aria-current=step]');
        return [l.querySelector('.bpx-gut').textContent, l.className,
                getComputedStyle(l.querySelector('.bpx-gut')).color]; }"""
    page.keyboard.press("End")
    at = "(p) => document.querySelector('.bpx-root').dataset.pos === String(p)"
    page.wait_for_function(at, arg=len(panels) - 1)
    mark, cls, color = page.evaluate(gutter)
    assert mark == "✗" and "bpx-failed" in cls and "bpx-done" not in cls
    assert color == "rgb(192, 38, 45)"
    page.keyboard.press("ArrowLeft")  # one line before: the line runs, nothing has failed
    page.wait_for_function(at, arg=len(panels) - 2)
    mark, cls, _ = page.evaluate(gutter)
    assert mark in "✓▶" and "bpx-failed" not in cls


def test_program_panel(open_page):
    data = make_data.data("16")
    _, _, panels = expected(data)
    page = open_page(data)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    line = panels[3]["at"][0]
    current = page.locator(".bpx-program [aria-current='step']")
    assert current.count() == 1
    assert (
        page.evaluate("""() => [...document.querySelectorAll('.bpx-program .bpx-gut')]
        .map(g => g.textContent).join('')""").count("✓")
        >= 2
    )
    assert current.locator(".bpx-run").count() == 1
    note = current.locator(".bpx-note").inner_text()
    assert note.startswith("# ") and note[2:] == panels[3]["notes"][str(line)]
    # headings a screen reader can jump to
    assert page.locator(".bpx-root h3").count() >= 4 and page.locator(".bpx-root h4").count() == 1
    bar = page.locator(".bpx-root [role=progressbar]")
    assert bar.get_attribute("aria-valuenow") == str(round(panels[3]["progress"][1] * 100))
    # notes never wrap: the line stays one line high
    heights = page.evaluate("""() => [...document.querySelectorAll('.bpx-program .bpx-line')]
        .map(l => l.getBoundingClientRect().height)""")
    assert max(heights) - min(heights) < 1
    page.keyboard.press("End")
    assert page.evaluate("""() => [...document.querySelectorAll('.bpx-program .bpx-line')]
        .filter(l => l.querySelector('.bpx-src').textContent.trim())
        .every(l => l.querySelector('.bpx-gut').textContent === '✓')""")
    assert page.locator(".bpx-out").count() == 2


def test_projector_mode(open_page):
    page = open_page(make_data.data("06", projector=True))
    assert page.locator(".bpx-vars-section").is_hidden()
    sizes = page.evaluate("""() => [...document.querySelectorAll(
        '.bpx-panels .bpx-src, .bpx-narr, .bpx-panels h3')]
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert min(sizes) >= 20
    page.keyboard.press(" ")
    assert pos(page) == 1
    # a presenter's clicker: PageDown and PageUp
    page.keyboard.press("PageDown")
    assert pos(page) == 2
    page.keyboard.press("PageUp")
    assert pos(page) == 1


# -- sizes, cost, screenshots -------------------------------------------------------------------
def _no_page_overflow(page):
    return page.evaluate("""() => {
        const root = document.querySelector('.bpx-root').getBoundingClientRect();
        const out = [];
        if (document.documentElement.scrollWidth > innerWidth + 1) out.push('page');
        if (root.right > innerWidth + 1) out.push('root');
        for (const e of document.querySelectorAll('.bpx-codebox, .bpx-tablewrap, .bpx-chain')) {
            if (getComputedStyle(e).overflowX !== 'auto') out.push(e.className);
        }
        const t = document.querySelector('.bpx-progress-text');
        if (t.scrollWidth > t.clientWidth + 1) out.push('progress');
        for (const e of document.querySelectorAll('.bpx-narr, .bpx-frame-label, .bpx-h')) {
            const r = e.getBoundingClientRect();
            if (r.width && r.right > root.right + 1) out.push('clipped ' + e.className);
        }
        return out;
    }""")


@pytest.mark.parametrize(
    ("case", "width", "height", "keys", "projector"),
    [
        ("06", 1280, 800, ["ArrowRight"] * 12, False),
        ("16", 1280, 800, ["ArrowRight"] * 20, False),
        ("07", 1280, 800, ["ArrowRight"] * 14, False),
        ("16", 390, 844, ["ArrowRight"] * 20, False),
        ("06", 390, 844, ["End"], False),
        ("07", 1280, 800, ["ArrowRight"] * 14, True),
    ],
)
def test_screenshots_look_clean(open_page, case, width, height, keys, projector):
    rankdir = "TB" if width < 600 else "LR"
    data = make_data.data(case, rankdir=rankdir, projector=projector)
    page = open_page(data, width=width, height=height)
    for key in keys:
        page.keyboard.press(key)
    page.wait_for_timeout(600)
    assert _no_page_overflow(page) == []
    assert reports(page, "narrow") == []  # the layout shown fits the width: nothing to ask
    columns = page.evaluate(
        "getComputedStyle(document.querySelector('.bpx-cols')).gridTemplateColumns"
    )
    assert len(columns.split()) == (1 if width < 600 else 2)
    page.set_viewport_size({"width": width, "height": 2400})  # Streamlit-like: all of it
    page.wait_for_timeout(100)
    name = f"{case}-{width}" + ("-projector" if projector else "")
    page.screenshot(path=f"/tmp/element-{name}.png", full_page=True)


def test_narrow_is_reported_below_600px(open_page):
    page = open_page(make_data.data("06"), width=390, height=844)
    page.wait_for_timeout(100)
    assert [r["value"] for r in reports(page, "narrow")] == [True]
    mount(page, make_data.data("06", rankdir="TB"))
    page.set_viewport_size({"width": 1000, "height": 800})
    page.wait_for_timeout(100)
    assert [r["value"] for r in reports(page, "narrow")] == [True, False]


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


def test_press_cost_of_a_300_line_lesson(open_page):
    data = make_data.data("big")
    frames = json.loads(data["frames"])
    assert len(frames["panels"]["static"]["program"]) == 300
    assert len(frames["panels"]["static"]["rows"]) == 100
    assert len(frames["deltas"]) >= 300
    page = open_page(data)
    page.keyboard.press("End")
    page.keyboard.press("Home")
    for _ in range(100):
        page.keyboard.press("ArrowRight")  # into the backward pass
    page.evaluate(FRAME_JS)

    def measure():
        # real key presses, at any moment of the display's 16.7 ms cycle
        page.evaluate("window.__cost = []")
        rng = random.Random(7)
        for i in range(120):
            page.keyboard.press("ArrowRight" if i % 40 < 30 else "ArrowLeft")
            page.wait_for_timeout(rng.uniform(0, 17))
        page.wait_for_timeout(100)
        return page.evaluate("window.__cost")

    runs = [measure()]
    if statistics.median(c[0] for c in runs[0]) >= 16:
        runs.append(measure())  # once more: another process may have had the CPU
    pairs = min(runs, key=lambda r: statistics.median(c[0] for c in r))
    latency = [c[0] for c in pairs]
    cost = [c[1] for c in pairs]
    works = page.evaluate(WORK_JS, 120)
    p90 = lambda xs: sorted(xs)[int(0.9 * len(xs))]  # noqa: E731
    load = os.getloadavg()[0]
    line = (
        f"press, {len(frames['deltas'])} positions, 300 lines, 100 rows: key->frame median "
        f"{statistics.median(latency):.2f} ms (p90 {p90(latency):.2f}); cost (handler + the "
        f"frame's rendering) median {statistics.median(cost):.2f} ms (p90 {p90(cost):.2f}); "
        f"handler+style+layout median {statistics.median(works):.2f} ms; load average "
        f"{load:.1f} on {os.cpu_count()} CPUs"
    )
    print("\n" + line)
    Path("/tmp/element-press-cost.txt").write_text(line + "\n")
    assert statistics.median(cost) < 16
    assert statistics.median(works) < 8
    # key -> frame adds the wait for the display's next frame (8 ms on average at 60 Hz); on
    # a machine busier than its CPUs that wait is not the element's: two frames then
    busy = load > (os.cpu_count() or 1)
    assert statistics.median(latency) < (33 if busy else 16)
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.wait_for_timeout(200)
    page.screenshot(path="/tmp/element-big-1280.png", full_page=True)
