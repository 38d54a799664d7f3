"""The graph element in a real Chromium: laid out once, stepped in the browser, animated,
readable at any size, operable by keyboard, offline.

Expected values come from the engine (``autograd.Stepper``, through pages.py) and the text
table; positions and sizes are read from the page (``getBBox``: SVG units, independent of
zoom and pan; ``getScreenCTM``: what one SVG unit is on the screen).
"""

import contextlib
import io
import re
import time

import pytest
from browser.pages import (
    BOOK_OPS,
    GRAPH,
    HAS_NODES_JS,
    NODES_JS,
    SHOTS,
    TIMEOUT_MS,
    book_stepper,
    expected_nodes,
    settle,
)
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

import autograd
from components import state
from components.format import full, short
from components.i18n import t

pytestmark = pytest.mark.browser
expect.set_options(timeout=TIMEOUT_MS)

TOTAL = 2 * len(BOOK_OPS) + 1
LONG_OPS = tuple(["Sin", "Cos", "Tanh", "Sigmoid"] * 8)  # 32 functions, values stay finite
LONG_QUERY = "f=" + ",".join(LONG_OPS) + "&x=0.5&lang=en"
ROOT = ".bpx-root"

# {node id: [x, y]}: the centre of each node's shape (ellipse or box), in SVG units
CENTRES_JS = f"""() => {{
    const out = {{}};
    for (const g of document.querySelectorAll('{GRAPH} g.node')) {{
        const shape = g.querySelector('ellipse, path, polygon');
        if (!shape) continue;
        const b = shape.getBBox();
        out[g.querySelector('title').textContent] = [b.x + b.width / 2, b.y + b.height / 2];
    }}
    return out;
}}"""

# the active call's nodes: their smallest text on the screen (px) and whether they are in view
ACTIVE_JS = f"""() => {{
    const view = document.querySelector('{ROOT} .bpx-view').getBoundingClientRect();
    const nodes = [...document.querySelectorAll('{GRAPH} g.node.active')];
    const texts = nodes.flatMap(g => [...g.querySelectorAll('text')]);
    const px = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
    const inside = nodes.every(g => {{
        const r = g.getBoundingClientRect();
        return r.left >= view.left - 1 && r.right <= view.right + 1
            && r.top >= view.top - 1 && r.bottom <= view.bottom + 1;
    }});
    return {{count: nodes.length, px: Math.min(...px), inside}};
}}"""


def root(page, name):
    return page.evaluate(f"() => document.querySelector('{ROOT}')?.dataset['{name}']")


def pos(page):
    return int(root(page, "pos"))


def wait_shown(page, expected, what):
    """The graph shows ``expected`` (no wait for the server: the browser steps itself)."""
    try:
        page.wait_for_function(HAS_NODES_JS, arg=expected, polling="raf")
    except Exception as error:
        raise AssertionError(f"{what}: shows {page.evaluate(NODES_JS)}") from error


def open_page(new_context, path, viewport=None, **options):
    context = new_context(viewport=viewport or {"width": 1280, "height": 800}, **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path)
    page.locator(f"{GRAPH} g.node text").first.wait_for()
    settle(page)
    return page, requests


def open_listening(new_context):
    """The book's example with every frame the page sends to the server recorded (``sent``),
    from its load on (reloaded once the listener is on)."""
    page, _ = open_page(new_context, "/?lang=en")
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.reload()
    page.locator(f"{GRAPH} g.node text").first.wait_for()
    settle(page)
    return page, sent


def moved(page, centres):
    """The nodes whose centre is more than 1 px away from ``centres``."""
    now = page.evaluate(CENTRES_JS)
    assert now.keys() == centres.keys()
    return {
        node: (xy, centres[node])
        for node, xy in now.items()
        if max(abs(a - b) for a, b in zip(xy, centres[node], strict=True)) > 1
    }


def said(stepper):
    """The aria-live sentence for the call just made, from the engine's record."""
    record = stepper.records[-1]
    call, chain = record.call, stepper.chain
    where = t("en", "position", pos=stepper.position, total=len(stepper.timeline))
    if call.kind is autograd.Kind.SEED:
        return f"{where} · " + t("en", "graph_said_seed", target=call.target, value="1")
    i, fn = call.index, chain.function_names[call.index]
    if call.kind is autograd.Kind.FORWARD:
        value, made = record.y, f"{fn}({chain.variable_names[i]})"
    else:
        value, made = record.gx, f"{fn}.backward({chain.variable_names[i + 1]}.grad)"
    return f"{where} · " + t(
        "en", "graph_said_call", target=call.target, value=short(value), call=made
    )


def test_book_example_steps_in_place_and_announces_each_call(new_context):
    page, requests = open_page(new_context, "/?anim=0&lang=en")
    centres = page.evaluate(CENTRES_JS)
    assert len(centres) == 4 + 3 + 4 + 3  # variables, functions, grads, derivatives
    for step in range(1, TOTAL + 1):
        page.keyboard.press("ArrowRight")
        wait_shown(page, expected_nodes(step), f"call {step}")
        expect(page.locator(f"{ROOT} .bpx-live")).to_have_text(said(book_stepper(step)))
        assert not moved(page, centres), f"call {step} moved nodes: {moved(page, centres)}"
    settle(page)
    expect(page.locator('[data-testid="stProgress"]:visible')).to_contain_text(
        t("en", "position", pos=TOTAL, total=TOTAL)
    )
    page.locator(ROOT).screenshot(path=SHOTS / "element-book-done.png")
    outside = [url for url in requests if not url.startswith(LOCAL)]
    assert not outside, f"requests left 127.0.0.1: {outside}"


LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "blob:http://127.0.0.1", "data:")


def test_32_functions_keep_their_places_and_the_call_stays_readable(new_context):
    page, requests = open_page(new_context, f"/?{LONG_QUERY}&anim=0")
    centres = page.evaluate(CENTRES_JS)
    assert len(centres) == 4 * 32 + 2
    total = 2 * len(LONG_OPS) + 1
    engine = autograd.Stepper(list(LONG_OPS), 0.5)
    for step in range(1, total + 1):
        page.keyboard.press("ArrowRight")
        engine.step()
        page.wait_for_function(f"() => document.querySelector('{ROOT}').dataset.pos === '{step}'")
        assert not moved(page, centres), f"call {step} moved nodes: {moved(page, centres)}"
        if step in (5, 33, 40, total):  # in the forward pass, the seed, backward, the end
            active = page.evaluate(ACTIVE_JS)
            assert active["count"] >= 1 and active["inside"], (step, active)
            assert active["px"] >= 12, f"call {step}: active text {active['px']:.1f} px"
    x = engine.chain.x
    wait_shown(page, {"v0": [f"grad {short(x.grad)}"]}, "x.grad at the end")
    page.locator(ROOT).screenshot(path=SHOTS / "element-32-functions.png")
    page.locator(f"{ROOT} .bpx-fit").click()  # the whole chain: every node in view
    box = page.evaluate(
        f"""() => {{ const v = document.querySelector('{ROOT} .bpx-view').getBoundingClientRect();
        const s = document.querySelector('{GRAPH}').getBoundingClientRect();
        return [s.left >= v.left - 1, s.right <= v.right + 1]; }}"""
    )
    assert box == [True, True]
    before = float(root(page, "scale"))
    page.keyboard.press("+")
    assert float(root(page, "scale")) > before
    page.keyboard.press("-")
    page.keyboard.press("-")
    assert float(root(page, "scale")) < before
    settle(page)
    assert not [url for url in requests if not url.startswith(LOCAL)]


def test_phone_vertical_layout_is_readable(new_context):
    page, _ = open_page(
        new_context, "/?step=5&lang=en", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page.wait_for_function(f"() => document.querySelector('{GRAPH} title')?.textContent")
    page.wait_for_function(  # the vertical layout: y under x, not beside it
        f"""() => {{ const c = ({CENTRES_JS})(); return c.v1 && c.v1[1] > c.v0[1] + 10; }}"""
    )
    settle(page)
    wait_shown(page, expected_nodes(5), "step 5 on a phone")
    centres = page.evaluate(CENTRES_JS)
    assert abs(centres["v0"][0] - centres["v3"][0]) < 1  # the forward column
    assert centres["g0"][0] > centres["v0"][0] + 10  # the backward column beside it
    # the view follows the call once the page's layout has settled (the book switch and the
    # panels under the graph arrive after it): wait for that, then measure
    readable = f"() => {{ const a = ({ACTIVE_JS})(); return a.inside && a.px >= 10; }}"
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(readable, polling="raf", timeout=10_000)
    active = page.evaluate(ACTIVE_JS)
    assert active["inside"] and active["px"] >= 10, active
    page.locator(ROOT).screenshot(path=SHOTS / "element-phone.png")


def test_reduced_motion_and_the_switch_turn_animation_off(new_context):
    moving, _ = open_page(new_context, "/?lang=en")
    moving.keyboard.press("ArrowRight")
    assert root(moving, "animating") == "1"  # the value is on its way along the arrow
    moving.keyboard.press("ArrowRight")  # a press during the animation finishes it at once
    wait_shown(moving, expected_nodes(1) | {"v1": ["data 0.25"]}, "first call, finished")
    for path, options in (("/?lang=en", {"reduced_motion": "reduce"}), ("/?anim=0", {})):
        page, _ = open_page(new_context, path, **options)
        page.evaluate(
            f"""() => {{ window.__moved = false; new MutationObserver(() => {{
                if (document.querySelector('{ROOT}').dataset.animating) window.__moved = true;
            }}).observe(document.querySelector('{ROOT}'), {{attributes: true}}); }}"""
        )
        page.keyboard.press("ArrowRight")
        wait_shown(page, expected_nodes(1), f"{path} {options}: call 1")
        page.wait_for_timeout(600)
        assert page.evaluate("() => window.__moved") is False, (path, options)
        assert page.locator(f"{GRAPH} .bpx-token").count() == 0


def test_keyboard_steps_and_typing_does_not(new_context):
    page, _ = open_page(new_context, "/?anim=0&lang=en")
    page.keyboard.press("End")
    wait_shown(page, expected_nodes(TOTAL), "End")
    page.keyboard.press("ArrowLeft")
    wait_shown(page, expected_nodes(TOTAL - 1), "ArrowLeft")
    page.keyboard.press("Home")
    wait_shown(page, expected_nodes(0), "Home")
    field = page.locator(".st-key-x_text input")
    field.click()
    for key in ("ArrowRight", "ArrowRight", "End", "ArrowLeft", "Home"):
        field.press(key)
    page.wait_for_timeout(500)
    assert pos(page) == 0
    page.locator(f"{ROOT} .bpx-view").focus()  # reachable, and its focus is visible
    assert page.evaluate(
        f"() => getComputedStyle(document.querySelector('{ROOT} .bpx-view')).outlineStyle"
    ) not in ("", "none")
    page.keyboard.press("ArrowRight")
    wait_shown(page, expected_nodes(1), "ArrowRight on the focused graph")
    settle(page)
    assert page.locator(".st-key-x_text input").input_value() == state.PRESETS["book"][1]


def test_a_burst_is_one_update_and_the_panels_agree(new_context):
    page, sent = open_listening(new_context)
    sent.clear()
    presses = ["ArrowRight"] * 6 + ["ArrowLeft"]
    for key in presses:
        page.keyboard.press(key)
        page.wait_for_timeout(100)  # 7 presses within one second
    end = 5
    assert pos(page) == end
    settle(page)
    assert len(sent) <= 2, f"{len(sent)} messages to the server for one burst"
    stepper = book_stepper(end)
    wait_shown(page, expected_nodes(end), "after the burst")
    progress = page.locator('[data-testid="stProgress"]:visible')
    expect(progress).to_contain_text(t("en", "position", pos=end, total=TOTAL))
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(stepper.records[-1].code)
    assert f"step={end}" in page.url
    # the step buttons step the graph at once, with no round trip first
    sent.clear()
    page.locator(".st-key-next button").click()
    assert pos(page) == end + 1 and not sent
    settle(page)
    expect(progress).to_contain_text(t("en", "position", pos=end + 1, total=TOTAL))
    assert f"step={end + 1}" in page.url


class SlowServer:
    """Every message from the server reaches the page ``delay`` seconds late (a slow machine,
    where a report's answer comes after the next report was sent): a route on the app's
    websocket holds them; ``pump`` hands them over, in order, while the test waits."""

    def __init__(self, context):
        self.delay = 0.0
        self.held = []  # (due, route, message)
        context.route_web_socket(re.compile(r"/_stcore/stream"), self.route)

    def route(self, ws):
        server = ws.connect_to_server()
        ws.on_message(server.send)

        def from_server(message):
            if self.delay or self.held:
                self.held.append((time.monotonic() + self.delay, ws, message))
            else:
                ws.send(message)

        server.on_message(from_server)

    def pump(self, page, seconds, watch=None):
        """Wait ``seconds``, handing over what is due; ``watch(page)`` after each handover."""
        end = time.monotonic() + seconds
        while time.monotonic() < end or (not self.delay and self.held):
            while self.held and self.held[0][0] <= time.monotonic():
                _, ws, message = self.held.pop(0)
                ws.send(message)
                if watch:
                    watch(page)
            page.wait_for_timeout(10)


def test_a_slow_answer_never_takes_the_graph_back(new_context):
    """CI, on a slow machine: the answer to the report of one burst came after the next burst
    had been reported, the graph followed it one call back, and the press after it was lost.
    Here every answer is 0.8 s late and each press ends a burst (0.45 s apart, the element
    reports after 0.3 s): the graph never goes back, and the server ends where it was pressed."""
    context = new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    slow = SlowServer(context)
    page = context.new_page()
    page.goto("/?lang=en")
    page.locator(f"{GRAPH} g.node text").first.wait_for()
    settle(page)
    shown = []
    slow.delay = 0.8
    presses = 4
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
        slow.pump(page, 0.45, watch=lambda p: shown.append(pos(p)))
        shown.append(pos(page))
    slow.delay = 0.0
    slow.pump(page, 2.0, watch=lambda p: shown.append(pos(p)))
    settle(page)
    assert shown == sorted(shown), f"the graph went back: {shown}"
    assert pos(page) == presses
    wait_shown(page, expected_nodes(presses), "after the late answers")
    assert f"step={presses}" in page.url
    page.keyboard.press("ArrowRight")  # and the next press is not lost
    assert pos(page) == presses + 1


VISIBLE_TABLE_JS = """() => {
    const rows = [...document.querySelectorAll('[data-testid="stMain"] table tr')]
        .filter(row => row.checkVisibility());
    return rows.map(row => [...row.querySelectorAll('th, td')].map(c => c.textContent.trim()));
}"""


def test_the_panels_step_with_the_graph_before_the_server_hears_of_it(new_context):
    """Each position's panels are on the page already: a press shows the program, the
    narration, the progress and the variables of the new call in the same frames as the
    graph, while nothing has been sent to the server yet; then the server follows."""
    page, sent = open_listening(new_context)
    progress = page.locator('[data-testid="stProgress"]:visible')
    for step in range(1, TOTAL + 1):
        sent.clear()
        page.keyboard.press("ArrowRight")
        stepper = book_stepper(step)
        assert progress.inner_text().startswith(t("en", "position", pos=step, total=TOTAL))
        program = page.locator('[data-testid="stMain"] [data-testid="stCode"]:visible')
        lines = program.first.inner_text().splitlines()
        made = [line for line in lines if line.startswith(stepper.records[-1].code)]
        assert len(made) == 1 and "# ✓" in made[0], (step, lines)  # marked as run
        if stepper.next_call is not None:
            upcoming = [line for line in lines if line.startswith(stepper.next_call.code)]
            assert upcoming and "✓" not in upcoming[0], (step, lines)
        narration = page.locator('[data-testid="stMarkdownContainer"]:visible p code')
        expect(narration.first).to_have_text(stepper.records[-1].code, timeout=1)
        rows = {row[0]: row for row in page.evaluate(VISIBLE_TABLE_JS)[1:]}
        for var in stepper.chain.variables:
            if var is not None and var.grad is not None:
                assert rows[var.name][3] == full(var.grad), (step, rows[var.name])
        assert not sent, f"call {step}: the page asked the server before showing it"
    settle(page)  # the server follows: one report, the URL
    assert f"step={TOTAL}" in page.url
    expect(progress).to_have_count(1)


def test_predict_mode_panels_follow_a_call_the_graph_made(new_context):
    """Predict mode draws its panels at one position (its form asks about one call): a call
    the graph makes in the browser brings that position's panels from the server."""
    page, _ = open_page(new_context, "/?lang=en&predict=1")
    progress = page.locator('[data-testid="stProgress"]:visible')
    for step in (1, 2):
        page.keyboard.press("ArrowRight")
        assert pos(page) == step
        expect(progress).to_contain_text(t("en", "position", pos=step, total=TOTAL))
        narration = page.locator('[data-testid="stMarkdownContainer"]:visible p code')
        expect(narration.first).to_have_text(book_stepper(step).records[-1].code)
        expect(page).to_have_url(re.compile(rf"[?&]step={step}(&|$)"))
    assert page.locator('[data-testid="stException"]').count() == 0


def test_strip_of_one_backward_call(new_context):
    """Frames of the call ``b.grad = C.backward(y.grad)`` for the README (a paused clock)."""
    page, _ = open_page(new_context, f"/?step={len(BOOK_OPS) + 1}&lang=en")
    page.clock.install()
    page.clock.pause_at(page.evaluate("() => Date.now()") + 1000)  # time stands still
    page.keyboard.press("ArrowRight")
    frames, shots = [], []
    for _ in range(5):
        page.clock.run_for(110)
        shots.append(Image.open(io.BytesIO(page.locator(f"{ROOT} .bpx-view").screenshot())))
        frames.append(page.locator(f"{GRAPH} .bpx-token text").all_text_contents())
    width, height = shots[0].size
    left = width // 2 - 40  # the call happens in the right half
    strip = Image.new("RGB", ((width - left) * len(shots), height), "white")
    for k, shot in enumerate(shots):
        strip.paste(shot.crop((left, 0, width, height)), ((width - left) * k, 0))
    strip.save(SHOTS / "element-backward-strip.png")
    gy, d = short(1.0), short(book_stepper(5).records[-1].derivative)
    assert [gy] in frames and [f"{gy} × {d}"] in frames, frames
    assert frames[-1] == []  # arrived: the new grad is in its node
    wait_shown(page, expected_nodes(5), "after the animation")
