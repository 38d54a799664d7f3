"""A newcomer's findings (issue 17), each as what a person sees in Chromium at `streamlit run`.

Each test asserts the fixed behaviour; on main at f2415ce each of them fails. The browser runs
in a thread of its own (``Chromium``), so these tests share nothing with another module's
Playwright. Every wait is on a DOM condition: the element's ``data-pos`` / ``data-synced``,
the address bar, Streamlit's script state. Screenshots go to /tmp/findings-*.png.
"""

import concurrent.futures
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from harness import AppServer, book_lesson, launch, needs_chromium

from components.model import programs
from components.model.state import Spec, lesson_of, prediction_points

pytest.importorskip("playwright")
from playwright.sync_api import sync_playwright  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TIMEOUT_MS = 60_000  # a busy 2-core machine; a wait that succeeds returns at once
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'
READY_JS = """() => { const r = document.querySelector('.bpx-root');
  return !!r && r.dataset.total !== undefined && r.dataset.synced === '1'
    && !!r.querySelector('svg.bpx-svg g.node') && !!r.querySelector('table.bpx-vars'); }"""
AT_JS = """(p) => { const r = document.querySelector('.bpx-root');
  return !!r && r.dataset.pos === String(p) && r.dataset.animating !== '1'; }"""
SYNCED_JS = """(p) => { const r = document.querySelector('.bpx-root');
  return !!r && r.dataset.pos === String(p) && r.dataset.synced === '1'; }"""


# -- the browser, in a thread of its own ----------------------------------------------------------
class Chromium:
    """Playwright's sync API owned by one worker thread; ``run(fn, *args)`` calls
    ``fn(browser, *args)`` there and hands back its result or its error."""

    def __init__(self):
        self.pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="chromium")
        self.playwright, self.browser = self.pool.submit(self._start).result(120)

    @staticmethod
    def _start():
        playwright = sync_playwright().start()
        try:
            return playwright, launch(playwright)
        except BaseException:
            playwright.stop()
            raise

    def run(self, function, *args, timeout=240):
        return self.pool.submit(function, self.browser, *args).result(timeout)

    def close(self):
        def stop(_browser):
            self.browser.close()
            self.playwright.stop()

        try:
            self.run(stop, timeout=60)
        finally:
            self.pool.shutdown(wait=False)


@pytest.fixture(scope="module")
def app():
    needs_chromium()
    server = AppServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def chromium():
    needs_chromium()
    owner = Chromium()
    try:
        yield owner
    finally:
        owner.close()


# -- pages ----------------------------------------------------------------------------------------
def link(**params):
    return "/?" + urlencode({k: str(v) for k, v in params.items()})


class Opened:
    """A page in a fresh context; closing it checks that no exception was ever shown."""

    def __init__(self, browser, url, viewport=DESKTOP, locale="en-US"):
        self.context = browser.new_context(viewport=viewport, locale=locale)
        self.context.set_default_timeout(TIMEOUT_MS)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(url)
        try:
            ready(self.page)
        except Exception as error:  # a timeout: say what is on screen instead
            shown = self.page.evaluate("() => document.body.innerText.slice(0, 1500)")
            self.context.close()
            raise AssertionError(f"the lesson never became ready at {url}:\n{shown}") from error

    def __enter__(self):
        return self.page

    def __exit__(self, kind, value, traceback):
        try:
            if kind is None:
                assert self.page.locator(EXCEPTION).count() == 0, self.page.locator(
                    EXCEPTION
                ).first.inner_text()
                assert not self.errors, self.errors
        finally:
            self.context.close()


def ready(page):
    page.wait_for_function(READY_JS, polling="raf")
    page.wait_for_selector(IDLE, state="attached")


def settled(page, p):
    """Position ``p`` shown, the server told of it, no run going on."""
    page.wait_for_function(SYNCED_JS, arg=p, polling="raf")
    page.wait_for_selector(IDLE, state="attached")


def root(page):
    return page.evaluate("""() => { const r = document.querySelector('.bpx-root');
      return {pos: Number(r.dataset.pos), total: Number(r.dataset.total),
              progress: r.querySelector('.bpx-progress-text').textContent}; }""")


def url_step(page):
    return parse_qs(urlsplit(page.url).query).get("step", [None])[-1]


def shot(page, name):
    """A screenshot once two frames have been drawn (a section scrolled into view paints)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.screenshot(path=f"/tmp/findings-{name}.png")


def open_manual_calls(page):
    page.locator('[data-testid="stExpander"] summary', has_text="Make a call yourself").click()
    page.wait_for_selector(".st-key-manual_calls button")
    page.wait_for_selector(IDLE, state="attached")


# -- the link lags the screen ---------------------------------------------------------------------
def _link_follows_each_click(browser, url):
    with Opened(browser, url + link(lang="en", step=0)) as page:
        for n in range(1, 5):
            page.locator(".st-key-next button").click()
            settled(page, n)
            assert url_step(page) == str(n), (n, page.url, root(page))
        copied = page.url
    with Opened(browser, copied) as page:
        assert root(page)["pos"] == 4, root(page)
        assert root(page)["progress"].startswith("4 of "), root(page)


def test_the_address_bar_holds_the_position_after_each_click(app, chromium):
    chromium.run(_link_follows_each_click, app.url)


def _link_after_ten_quick_presses(browser, url):
    with Opened(browser, url + link(book="07", lang="en", step=0)) as page:
        page.locator(".bpx-view").focus()
        for _ in range(10):
            page.keyboard.press("ArrowRight")
        settled(page, 10)
        shown = root(page)
        assert shown["progress"].startswith("10 of "), shown
        assert url_step(page) == "10", page.url
        copied = page.url
    with Opened(browser, copied) as page:
        assert root(page)["pos"] == 10, root(page)
        assert root(page)["progress"] == shown["progress"]


def test_ten_quick_presses_in_step_07_give_a_link_to_the_same_call(app, chromium):
    chromium.run(_link_after_ten_quick_presses, app.url)


# -- a refused manual call -------------------------------------------------------------------------
def _refused_call_near_its_button(browser, url):
    with Opened(browser, url + link(lang="en", step=0)) as page:
        open_manual_calls(page)
        button = page.locator(".st-key-manual_calls button").first
        button.click()
        alert = page.locator('[data-testid="stAlert"]', has_text="has not run its forward")
        alert.wait_for()
        page.wait_for_selector(IDLE, state="attached")
        shot(page, "manual-refused")
        box, at = alert.bounding_box(), button.bounding_box()
        height = page.viewport_size["height"]
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (box, height)
        assert abs(box["y"] - at["y"]) < 250, (box, at)


def test_a_refused_manual_call_explains_itself_beside_the_button(app, chromium):
    chromium.run(_refused_call_near_its_button, app.url)


# -- a manual call writes a line: the editor shows it ----------------------------------------------
BRANCH = (
    "x = Variable(np.array(2.0))\na = square(x)\nb = square(a)\nc = square(a)\n"
    "y = add(b, c)\ny.grad = np.array(1.0)\n"
)


def _manual_call_reaches_the_editor(browser, url):
    end = len(book_lesson("16", BRANCH).items)
    query = urlencode({"p": BRANCH, "book": "16", "lang": "en", "step": end})
    with Opened(browser, f"{url}/?{query}") as page:
        editor = page.locator(".st-key-program_text textarea")
        assert editor.input_value() == BRANCH
        open_manual_calls(page)
        page.locator(".st-key-manual_calls button", has_text="y.creator.backward").click()
        page.locator('[data-testid="stAlert"]', has_text="is now a line").wait_for()
        page.wait_for_selector(IDLE, state="attached")
        written = parse_qs(urlsplit(page.url).query)["p"][0]
        assert written.startswith(BRANCH) and "y.creator.backward(y.grad)" in written
        # the editor holds the program the lesson runs: Run keeps the call
        editor_holds = "(p) => document.querySelector('.st-key-program_text textarea').value === p"
        page.wait_for_function(editor_holds, arg=written)


def test_a_manual_call_is_written_into_the_editor_too(app, chromium):
    chromium.run(_manual_call_reaches_the_editor, app.url)


# -- the open tab is in the link ------------------------------------------------------------------
def _tab_in_the_link(browser, url):
    with Opened(browser, url + link(lang="ja", step=12)) as page:
        page.get_by_role("tab", name="エクスポート").click()
        page.wait_for_function("() => location.search.includes('tab=export')")
        page.wait_for_selector(IDLE, state="attached")
        copied = page.url
    with Opened(browser, copied) as page:
        selected = page.locator('[role="tab"][aria-selected="true"]')
        assert selected.inner_text().strip() == "エクスポート"
        page.locator('[data-testid="stDownloadButton"]').first.wait_for()


def test_the_open_tab_is_in_the_link(app, chromium):
    chromium.run(_tab_in_the_link, app.url)


# -- predict mode: Run to end ----------------------------------------------------------------------
def _run_to_end_counts_skipped(browser, url):
    skipped = len(prediction_points(Spec(predict=True)))
    assert skipped > 0
    with Opened(browser, url + link(lang="en", step=0, predict=1)) as page:
        page.locator(".st-key-run_end button").click()
        alert = page.locator('[data-testid="stAlert"]', has_text="skipped")
        alert.wait_for()
        page.wait_for_selector(IDLE, state="attached")
        text = alert.inner_text()
        assert "skipped" in text and re.search(rf"\b{skipped}\b", text), text
        assert alert.is_visible()
        shot(page, "predict-skipped")


def test_run_to_end_in_predict_mode_says_how_many_predictions_it_skips(app, chromium):
    chromium.run(_run_to_end_counts_skipped, app.url)


def _run_to_end_after_the_end(browser, url):
    # opened at the end (the page drawn there), then Home in the browser: Run to end still goes
    spec = Spec(predict=True)
    total = len(lesson_of(spec).items)
    skipped = len(prediction_points(spec))
    with Opened(browser, url + link(lang="en", step=total, predict=1)) as page:
        page.locator(".bpx-root").click()
        page.keyboard.press("Home")
        settled(page, 0)
        page.locator(".st-key-run_end button").click()
        page.locator('[data-testid="stAlert"]', has_text="skipped").wait_for()
        settled(page, total)
        said = page.locator('[data-testid="stAlert"]').last.inner_text()
        assert re.search(rf"\b{skipped}\b", said), said
        assert url_step(page) == str(total)


def test_run_to_end_in_predict_mode_works_after_the_page_was_drawn_at_the_end(app, chromium):
    chromium.run(_run_to_end_after_the_end, app.url)


# -- predict mode on a projector: the key that cannot go on shows the question --------------------
def _blocked_key_shows_the_question(browser, url):
    stop = prediction_points(Spec(predict=True))[0]
    viewport = {"width": 1280, "height": 720}
    with Opened(browser, url + link(lang="en", step=0, predict=1, projector=1), viewport) as page:
        page.locator(".bpx-root").click()
        page.keyboard.press("End")  # as far as it may go on its own: the first question
        page.wait_for_function(SYNCED_JS, arg=stop)
        field = page.locator(".st-key-prediction input")
        field.wait_for()
        page.evaluate("() => window.scrollTo(0, 0)")
        page.evaluate("() => document.querySelector('.bpx-root').focus()")
        page.keyboard.press("PageDown")  # a clicker: it cannot reveal the grad, so it asks
        page.wait_for_function("() => document.activeElement?.closest('.st-key-prediction')")
        assert page.get_attribute(".bpx-root", "data-pos") == str(stop)
        # scrolled into view (smoothly, when animations are on)
        page.wait_for_function("""() => {
            const r = document.querySelector('.st-key-prediction input').getBoundingClientRect();
            return r.top >= 0 && r.bottom <= innerHeight; }""")
        shot(page, "predict-projector-asks")


def test_predict_on_a_projector_a_blocked_key_brings_the_question(app, chromium):
    chromium.run(_blocked_key_shows_the_question, app.url)


# -- step 07: the book's graph fits ----------------------------------------------------------------
NODES_INSIDE_JS = """() => {
  const view = document.querySelector('.bpx-root .bpx-view').getBoundingClientRect();
  const out = [];
  for (const g of document.querySelectorAll('.bpx-root svg.bpx-svg g.node')) {
    const b = g.getBoundingClientRect();
    const name = g.querySelector('text') ? g.querySelector('text').textContent : g.id;
    if (b.left < view.left - 1 || b.right > view.right + 1 || b.top < view.top - 1
        || b.bottom > view.bottom + 1) out.push([name, b.left, b.right, view.left, view.right]);
  }
  return out;
}"""


def _book_graph_fits(browser, url):
    with Opened(browser, url + link(book="07", lang="en", step=0)) as page:
        total = root(page)["total"]
        names = page.evaluate(
            "() => [...document.querySelectorAll('.bpx-root svg.bpx-svg g.node text')]"
            ".map(t => t.textContent)"
        )
        assert "x" in names and "y" in names, names
        assert page.evaluate(NODES_INSIDE_JS) == []
        page.locator(".bpx-view").focus()
        page.keyboard.press("End")
        settled(page, total)
        shot(page, "07-end")
        assert page.evaluate(NODES_INSIDE_JS) == []


def test_the_books_graph_fits_step_07_at_1280x800(app, chromium):
    chromium.run(_book_graph_fits, app.url)


# -- the end of 07 / 08 ----------------------------------------------------------------------------
PROGRAM_JS = """() => [...document.querySelectorAll('.bpx-programbox .bpx-line')].map(l => ({
  text: l.querySelector('.bpx-src').textContent, mark: l.querySelector('.bpx-gut').textContent,
  current: l.classList.contains('bpx-current')}))"""


def _finished_lesson(browser, url, book):
    with Opened(browser, url + link(book=book, lang="en", step=0)) as page:
        total = root(page)["total"]
        page.locator(".bpx-view").focus()
        page.keyboard.press("End")
        settled(page, total)
        shot(page, f"{book}-finished")
        lines = {line["text"]: line for line in page.evaluate(PROGRAM_JS)}
        assert lines["y.backward()"]["mark"] == "✓", lines
        assert lines["print(x.grad)"]["mark"] == "✓", lines
        assert not lines["y.backward()"]["current"]
        # nothing still running: no line of the step's code lit, no frame left
        assert page.locator(".bpx-stepcode .bpx-current").count() == 0
        assert page.locator(".bpx-frames .bpx-frame").count() == 0
        progress = root(page)["progress"]
        assert progress.startswith(f"{total} of {total}"), progress
        assert "backward()" not in progress and "->" not in progress, progress


@pytest.mark.parametrize("book", ["07", "08"])
def test_a_finished_lesson_ticks_y_backward_and_lights_no_call(app, chromium, book):
    chromium.run(_finished_lesson, app.url, book)


# -- nothing clipped -------------------------------------------------------------------------------
# A box is fine if its content fits, or if it scrolls (overflow auto / scroll) to show it all.
REACHABLE_JS = """(selector) => [...document.querySelectorAll(selector)].map(box => {
  const s = getComputedStyle(box);
  const fits = box.scrollWidth <= box.clientWidth + 1;
  const scrolls = ['auto', 'scroll'].includes(s.overflowX);
  const main = document.querySelector('[data-testid="stMain"]').getBoundingClientRect();
  const r = box.getBoundingClientRect();
  return {fits, scrolls, inside: r.left >= main.left - 1 && r.right <= main.right + 1,
          width: box.clientWidth, content: box.scrollWidth};
})"""

LINES_JS = """() => [...document.querySelectorAll('.bpx-programbox .bpx-line')].map(l => {
  const src = l.querySelector('.bpx-src').getBoundingClientRect();
  const note = l.querySelector('.bpx-note');
  const n = note.getBoundingClientRect();
  return {text: l.textContent, note: note.textContent, srcTop: src.top, noteTop: n.top,
          row: parseFloat(getComputedStyle(l).lineHeight),
          rects: note.textContent ? note.getClientRects().length : 1};
})"""

VECTOR = (
    "x = Variable(np.array([0.5, 1.0, -2.0, 0.123456789, 3.14159265358979, 2.718281828459045]))\n"
    "a = square(x)\nb = exp(a)\ny = square(b)\ny.backward()\nprint(x.grad)\n"
)


def _reachable(page, selector):
    found = page.evaluate(REACHABLE_JS, selector)
    assert found, f"nothing matches {selector}"
    for box in found:
        assert box["inside"], (selector, box)
        assert box["fits"] or box["scrolls"], (selector, box)
    return found


def _comments_and_vectors(browser, url):
    with Opened(browser, url + link(p=VECTOR, book="09", lang="en", step=0)) as page:
        total = root(page)["total"]
        page.locator(".bpx-view").focus()
        page.keyboard.press("End")
        settled(page, total)
        lines = page.evaluate(LINES_JS)
        noted = [line for line in lines if line["note"]]
        assert noted, lines
        for line in noted:  # a comment with a value stays on its line, as one block
            assert abs(line["noteTop"] - line["srcTop"]) < line["row"] / 2, line
            assert line["rects"] == 1, line
        _reachable(page, ".bpx-programbox")
        _reachable(page, ".bpx-tablewrap")
        # the gradient check: the table and the vector values
        page.get_by_role("tab", name="Gradient check").click()
        page.wait_for_selector('[data-testid="stDataFrame"]')
        page.wait_for_selector(IDLE, state="attached")
        page.locator('[data-testid="stDataFrame"]').scroll_into_view_if_needed()
        shot(page, "vector-check")
        _reachable(page, '[data-testid="stDataFrame"] .dvn-scroller')  # the grid's own
        _reachable(page, '[data-testid="stTabPanel"] [data-testid="stCode"] pre')


def test_comments_vector_values_and_the_gradient_check_are_never_clipped(app, chromium):
    chromium.run(_comments_and_vectors, app.url)


def _long_chain_rule(browser, url):
    program = programs.chain_program(("Sin", "Cos") * 16, "0.5", "07")
    with Opened(browser, url + link(p=program, book="07", lang="en", step=0)) as page:
        total = root(page)["total"]
        page.locator(".bpx-view").focus()
        page.keyboard.press("End")
        settled(page, total)
        page.locator(".bpx-chain").scroll_into_view_if_needed()
        shot(page, "chain-32")
        _reachable(page, ".bpx-chain")
        # scrolled to its end, the last term is inside the box
        last = page.evaluate("""() => { const box = document.querySelector('.bpx-chain');
          box.scrollLeft = box.scrollWidth;
          const maths = box.querySelectorAll('math');
          const m = maths[maths.length - 1].getBoundingClientRect();
          const b = box.getBoundingClientRect();
          return [m.right, b.right, m.width]; }""")
        assert last[0] <= last[1] + 1, last


def test_the_32_function_chain_rule_is_reachable(app, chromium):
    chromium.run(_long_chain_rule, app.url)


# -- focus -----------------------------------------------------------------------------------------
FRAMES_MAIN_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]').getBoundingClientRect();
  const out = [];
  for (const node of document.querySelectorAll('*')) {
    const s = getComputedStyle(node);
    if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 1) continue;
    const r = node.getBoundingClientRect();
    if (r.width >= 0.8 * main.width && r.height >= 0.8 * Math.min(main.height, innerHeight))
      out.push([node.tagName, node.getAttribute('data-testid'), node.className, s.outlineWidth]);
  }
  const frame = getComputedStyle(document.querySelector('[data-testid="stMain"]'), '::before');
  if (frame.content !== 'none' && frame.display !== 'none')
    out.push(['stMain::before', frame.border]);
  return out;
}"""


def _no_outline_after_arrow(browser, url):
    with Opened(browser, url + link(lang="en", step=0)) as page:
        page.keyboard.press("ArrowRight")
        settled(page, 1)
        page.keyboard.press("ArrowRight")
        settled(page, 2)
        shot(page, "after-arrow")
        assert page.evaluate(FRAMES_MAIN_JS) == []
        page.locator("h1").first.click()  # a click in the page focuses the main area
        page.keyboard.press("ArrowRight")
        settled(page, 3)
        assert page.evaluate(FRAMES_MAIN_JS) == []


def test_an_arrow_key_draws_no_outline_around_the_main_area(app, chromium):
    chromium.run(_no_outline_after_arrow, app.url)


def _tab_after_manual_call(browser, url):
    with Opened(browser, url + link(lang="en", step=0)) as page:
        open_manual_calls(page)
        buttons = page.locator(".st-key-manual_calls button")
        texts = buttons.all_inner_texts()
        assert len(texts) == 3, texts
        buttons.first.click()
        page.locator('[data-testid="stAlert"]', has_text="has not run its forward").wait_for()
        page.wait_for_selector(IDLE, state="attached")
        focused = page.evaluate("() => document.activeElement.innerText")
        assert focused == texts[0], focused
        reached = []
        for _ in range(2):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("() => document.activeElement.innerText"))
        assert reached == texts[1:], (reached, texts)


def test_after_a_manual_call_tab_reaches_the_other_calls(app, chromium):
    chromium.run(_tab_after_manual_call, app.url)


LONG = "x * np.exp(x) + np.sin(x) * np.cos(x) + x ** 3 + np.tanh(x)"
HINT_JS = """(selector) => {
  const input = document.querySelector(selector);
  const r = input.getBoundingClientRect();
  const hits = [];
  for (const hint of document.querySelectorAll('[data-testid="InputInstructions"]')) {
    const h = hint.getBoundingClientRect();
    const seen = getComputedStyle(hint).visibility !== 'hidden' && h.width > 0 && h.height > 0;
    if (seen && h.left < r.right && h.right > r.left && h.top < r.bottom && h.bottom > r.top)
      hits.push(hint.textContent);
  }
  return hits;
}"""


def _hint_leaves_expression(browser, url):
    with Opened(browser, url + link(lang="en", step=0)) as page:
        field = page.locator(".st-key-def0_forward input")
        field.scroll_into_view_if_needed()
        field.click()
        field.fill(LONG)
        field.press("End")
        shot(page, "hint")
        assert page.evaluate(HINT_JS, ".st-key-def0_forward input") == []


def test_the_field_hint_does_not_cover_a_long_expression(app, chromium):
    chromium.run(_hint_leaves_expression, app.url)


# -- a phone ---------------------------------------------------------------------------------------
def _phone(browser, url):
    with Opened(browser, url + link(lang="en", step=0), viewport=PHONE) as page:
        width = PHONE["width"]
        third = page.locator(".st-key-view_select button").nth(2)
        third.scroll_into_view_if_needed()
        box = third.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        third.click()
        page.wait_for_function(
            "() => (document.querySelector('.bpx-root').dataset.key || '').includes('/forward/')"
        )
        ready(page)
        table = page.locator(".bpx-tablewrap")
        table.scroll_into_view_if_needed()
        shot(page, "phone")
        assert table.is_visible()
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
        _reachable(page, ".bpx-tablewrap")
        # the page itself does not scroll sideways
        assert page.evaluate("() => document.scrollingElement.scrollWidth <= innerWidth + 1"), (
            page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
        )


def test_on_a_phone_the_third_view_and_the_variables_are_in_reach(app, chromium):
    chromium.run(_phone, app.url)
