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
    # counted in animation frames from the key, inside the page (milliseconds would measure
    # the machine's load): the frames drawn before the address bar holds the new position
    press_and_count = """(want) => new Promise((resolve) => {
        document.body.dispatchEvent(new KeyboardEvent('keydown',
            {key: 'ArrowRight', bubbles: true, cancelable: true}));
        let frames = 0;
        const tick = () => {
            if (location.search === want) resolve(frames);
            else if (frames > 60) resolve(-1);
            else { frames += 1; requestAnimationFrame(tick); }
        };
        tick();
    })"""
    for k in range(1, 5):
        frames = page.evaluate(press_and_count, f"?f=Sin,Cos&x=0.5&lang=en&step={k}")
        assert 0 <= frames <= 2, frames  # within a frame or two
    # End: the address bar holds the end before the server is told (the burst is not over);
    # checked in the frame that shows it, however loaded the machine is
    told = page.evaluate("""() => new Promise((resolve) => {
        document.body.dispatchEvent(new KeyboardEvent('keydown',
            {key: 'End', bubbles: true, cancelable: true}));
        const tick = () => {
            if (!location.search.endsWith('&step=12')) return requestAnimationFrame(tick);
            resolve(window.bpxHarness.reports.filter(
                (r) => r.name === 'pos' && r.value.step === 12).length);
        };
        tick();
    })""")
    assert told == 0
    page.wait_for_function(
        "window.bpxHarness.reports.some((r) => r.name === 'pos' && r.value.step === 12)"
    )  # and once the burst is over, it is


def burst(page, *keys):
    """Presses in one go, inside the page (from Python, a loaded machine could space them
    more than the burst's pause); returns performance.now() after the last."""
    return page.evaluate(
        """(keys) => {
            for (const key of keys) document.body.dispatchEvent(
                new KeyboardEvent('keydown', {key, bubbles: true, cancelable: true}));
            return performance.now();
        }""",
        list(keys),
    )


def test_one_report_per_burst(open_page):
    page = open_page(make_data.data("06"))
    last = burst(page, *["ArrowRight"] * 5)
    page.wait_for_function("window.bpxHarness.reports.some((r) => r.name === 'pos')")
    page.wait_for_timeout(650)  # time for a second report, if there were one
    sent = reports(page, "pos")
    assert [r["value"] for r in sent] == [{"step": 5, "lesson": "lesson-06"}]
    assert sent[0]["at"] - last >= 250
    burst(page, "ArrowLeft", "ArrowRight")  # back where the server was told: nothing to say
    page.wait_for_timeout(650)
    assert len(reports(page, "pos")) == 1
    burst(page, "ArrowRight", "ArrowRight")
    page.wait_for_function("window.bpxHarness.reports.filter((r) => r.name === 'pos').length > 1")
    page.wait_for_timeout(650)
    assert [r["value"]["step"] for r in reports(page, "pos")] == [5, 7]


def test_moved_is_followed_and_a_stale_answer_is_not(open_page):
    page = open_page(make_data.data("16", step=2, moved=1))
    assert pos(page) == 2
    assert page.get_attribute(ROOT_SEL, "data-synced") == "1"
    page.keyboard.press("ArrowRight")
    told = "(n) => window.bpxHarness.reports.filter((r) => r.name === 'pos').length === n"
    page.wait_for_function(told, arg=1)  # reported: 3
    burst(page, "ArrowRight", "ArrowRight")  # now at 5, not told yet
    rerun(page, step=3, frames=None)  # the answer to "3" arrives late
    assert pos(page) == 5
    assert page.get_attribute(ROOT_SEL, "data-synced") == "0"
    page.wait_for_function(told, arg=2)
    page.wait_for_timeout(450)  # time for a third report, if there were one
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


def test_without_a_picture_the_note_shows_and_the_panels_still_step(open_page):
    # the server could not lay the graph out (too large for its 10 s, or no renderer)
    data = make_data.data("06")
    frames = json.loads(data["frames"])
    note = "The graph of this program is not drawn: <b>10 s</b>."
    frames.update(svg=None, note=note)
    page = open_page({**data, "frames": json.dumps(frames)})
    shown = page.locator(".bpx-graph-note")
    assert shown.inner_text() == note  # as text: nothing in it is markup
    assert page.locator(".bpx-graph svg, .bpx-graph b").count() == 0
    before = page.locator(".bpx-progress-text").inner_text()
    for p in range(1, 4):
        page.keyboard.press("ArrowRight")
        assert pos(page) == p
    assert page.locator(".bpx-progress-text").inner_text() != before
    page.keyboard.press("+")  # zoom and fit have nothing to act on, and do not fail
    page.locator(".bpx-fit").click()
    page.keyboard.press("End")
    assert pos(page) == len(frames["deltas"])


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
    assert not page.locator(".bpx-narr").is_visible()  # the error is said once, in its box
    page.keyboard.press("ArrowLeft")
    assert page.locator(".bpx-narr").is_visible() and not page.locator(".bpx-error").is_visible()
    page.keyboard.press("ArrowRight")
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
    # the teacher clicked a button or a radio (the book's step): the clicker still steps;
    # in a text field PageDown moves the caret
    page.evaluate("""() => {
        for (const html of ['<button id="b">b</button>', '<input id="r" type="radio">',
                            '<textarea id="t"></textarea>']) {
            document.body.insertAdjacentHTML('beforeend', html);
        }
    }""")
    for control, step in (("#b", 2), ("#r", 3)):
        page.locator(control).focus()
        page.keyboard.press("PageDown")
        assert pos(page) == step, control
    page.locator("#b").focus()
    page.keyboard.press(" ")  # Space presses the button: no step
    assert pos(page) == 3
    page.locator("#t").focus()
    page.keyboard.press("PageDown")
    assert pos(page) == 3


def test_after_a_mouse_click_on_a_choice_arrows_step_the_lesson(open_page):
    page = open_page(make_data.data("06"))
    page.evaluate("""() => {
        document.body.insertAdjacentHTML('beforeend',
            '<div role="radiogroup"><button id="c" role="radio">14</button></div>');
        // as Streamlit's buttons do: the click stops before it reaches the window
        document.querySelector('#c').addEventListener('click', e => e.stopPropagation());
    }""")
    page.locator("#c").click()  # the mouse: the choice keeps no focus
    page.wait_for_function("() => document.activeElement !== document.querySelector('#c')")
    page.keyboard.press("ArrowRight")
    assert pos(page) == 1
    page.locator("#c").focus()  # the keyboard's way there: arrows stay the choice's
    page.keyboard.press("ArrowRight")
    assert pos(page) == 1


def test_back_opens_the_link_the_address_bar_goes_back_to(open_page):
    page = open_page(make_data.data("06"))
    page.evaluate("() => { window.__before = 1; history.pushState(null, '', '?step=3'); }")
    page.keyboard.press("ArrowRight")
    with page.expect_navigation():
        page.go_back()  # popstate: the address bar holds another link; the page opens it
    page.wait_for_function("window.__harnessReady === true")
    assert page.evaluate("() => window.__before") is None


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


def test_a_300_line_lesson_steps_press_by_press(open_page):
    # what a press costs it is measured by benchmarks/element_press.py (a script, not a test)
    data = make_data.data("big")
    frames = json.loads(data["frames"])
    assert len(frames["panels"]["static"]["program"]) == 300
    assert len(frames["panels"]["static"]["rows"]) == 100
    assert len(frames["deltas"]) >= 300
    page = open_page(data)
    total = int(page.get_attribute(ROOT_SEL, "data-total"))
    page.keyboard.press("End")
    assert pos(page) == total
    page.keyboard.press("Home")
    for p in range(1, 101):
        page.keyboard.press("ArrowRight")  # into the backward pass
        assert pos(page) == p
    for p in range(99, 89, -1):
        page.keyboard.press("ArrowLeft")
        assert pos(page) == p
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.wait_for_timeout(200)
    page.screenshot(path="/tmp/element-big-1280.png", full_page=True)
