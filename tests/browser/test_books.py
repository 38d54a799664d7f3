"""A new visitor opens a book=07 or book=08 link in Chromium and presses → through the whole
lesson: in the graph element (one layout: no node moves), the dashed links appear with the
forward calls, each line is announced, step 06's calls (the grad lines) animate and no other
line does, the call stack (07) or funcs (08) changes line by line, and step 06's program
lights the call y.backward() just made, up to x.grad = 3.297442541400256.
Expected values come from the engine, not from the page."""

import pytest
from browser.pages import BOOK_OPS, BOOK_X, SHOTS, VIEWPORT, settle
from harness import wait_position
from playwright.sync_api import expect

from autograd import BackwardStepper, EventKind
from components.format import short
from components.i18n import t

pytestmark = pytest.mark.browser

SEEN_JS = """() => { const seen = e => e.checkVisibility(); return {
    links: [...document.querySelectorAll('.bpx-root svg.bpx-svg g.edge text')]
        .filter(e => getComputedStyle(e).visibility === 'visible')
        .map(e => e.textContent).filter(s => s === 'creator').length,
    said: document.querySelector('.bpx-root .bpx-live').textContent,
    centres: Object.fromEntries([...document.querySelectorAll('.bpx-root svg.bpx-svg g.node')]
        .map(g => [g.id, (b => [b.x + b.width / 2, b.y + b.height / 2])(g.getBBox())])),
    stack: [...document.querySelectorAll('.bp-stack .bp-frame')].filter(seen)
        .map(e => e.textContent),
    lit: [...document.querySelectorAll('.bp-lit .bp-text')].filter(seen).map(e => e.textContent),
    running: [...[...document.querySelectorAll('.bp-code')].filter(seen)[1]
        .querySelectorAll('.bp-run .bp-text')].map(e => e.textContent.trim()),
    printed: [...[...document.querySelectorAll('.bp-code')].filter(seen)[0]
        .querySelectorAll('.bp-done .bp-note')]
        .map(e => e.textContent).pop(),
}; }"""


# every position at which the graph element starts an animation
WATCH_JS = """() => { window.__bpxAnimated = [];
    const root = document.querySelector('.bpx-root');
    new MutationObserver(() => { if (root.dataset.animating === '1')
        window.__bpxAnimated.push(Number(root.dataset.pos)); })
      .observe(root, { attributes: true, attributeFilter: ['data-animating'] }); }"""


def expected(lesson):
    """What the page must show at the lesson's position, from the engine."""
    event = lesson.event
    stack = []
    if event is not None:
        stack = [f"{v}.backward()" for v in event.stack]
        if lesson.book == "08" and stack:
            stack.append(f"funcs = [{', '.join(event.funcs)}]")
    grad = event is not None and event.kind is EventKind.GRAD
    return {
        "links": sum(v is not None for v in lesson.chain.variables[1:]),
        "stack": stack,
        "lit": [lesson.stepper.timeline[event.call].code] if grad else [],
        "running": [event.code] if event is not None else None,
    }


def event_said(lesson):
    """What the graph announces for the line just run: a grad call as step 06's, else its code."""
    event = lesson.event
    if event.kind is EventKind.GRAD:
        record = lesson.records[-1]
        return f"{record.call.target} = {short(record.gx)}, from {record.code.split(' = ')[1]}"
    return event.code


def shoot(page, name):
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(height, 2600)})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, animations="disabled")
    page.set_viewport_size(VIEWPORT)


@pytest.mark.parametrize("book", ["07", "08"])
def test_a_visitor_presses_through_y_backward_to_x_grad(open_app, book):
    lesson = BackwardStepper(list(BOOK_OPS), float(BOOK_X), book)
    total = len(lesson.timeline)
    page = open_app(f"/?book={book}")
    wait_position(page, 0, total)
    start = page.evaluate(SEEN_JS)["centres"]  # the graph element: one layout, nothing moves
    page.evaluate(WATCH_JS)
    animated = set()  # the positions whose call moves on the graph
    for step in range(1, total + 1):
        page.keyboard.press("ArrowRight")
        item = lesson.step()
        if step <= len(BOOK_OPS) + 1 or item.kind is EventKind.GRAD:
            animated.add(step)  # a forward call, the seed, a grad: step 06's calls
        wait_position(page, step, total)
        settle(page)
        want = expected(lesson)
        page.wait_for_function(
            f"(want) => ({SEEN_JS})().links === want", arg=want["links"], polling="raf"
        )
        seen = page.evaluate(SEEN_JS)
        assert seen["stack"] == want["stack"] and seen["lit"] == want["lit"], step
        if want["running"] is not None:
            assert seen["running"] == want["running"], step
            assert event_said(lesson) in seen["said"], step  # the aria-live announcement
        assert seen["centres"] == start, step
        event = lesson.event  # the README's picture: the last grad, x.grad = A.backward(a.grad)
        if event and event.kind is EventKind.GRAD and event.function == "A":
            page.locator(".bpx-root .bpx-fit").click()  # the whole chain, with every link
            shoot(page, f"book-{book}.png")
    assert set(page.evaluate("() => window.__bpxAnimated")) == animated
    grad = repr(float(lesson.chain.x.grad))
    assert page.evaluate(SEEN_JS)["printed"] == f"# ✓ {grad}"  # print(x.grad) in the program
    expect(page.locator('[data-testid="stAlertContentSuccess"]:visible')).to_contain_text(
        t("en", "done", value=short(lesson.chain.x.grad))
    )
    assert f"book={book}" in page.url and f"step={total}" in page.url
