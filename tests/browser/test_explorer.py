"""A new visitor in a real Chromium: the book's example, call by call, in three languages.

Expected values come from the app's own engine (``autograd.Stepper``) and text table
(``components.i18n``), never from fixed strings, so the tests follow the app's wording.
The graph is read from the SVG that Graphviz draws in the browser: ``g.node`` groups,
their DOT id in ``title`` (``v<i>`` variable i, ``g<i>`` its dy/d<var> node) and one
``text`` per label line.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browser.pages import (
    BOOK_OPS,
    BOOK_X,
    NODES_JS,
    SHOTS,
    TIMEOUT_MS,
    VIEWPORT,
    expected_nodes,
    settle,
    wait_for_nodes,
)
from playwright.sync_api import expect

import autograd
from components import messages, parse, state, url
from components.format import short
from components.i18n import t

pytestmark = pytest.mark.browser

# Generous limits: on a busy 2-core machine a first page load can take 20 s; a wait that
# succeeds returns at once, so they cost nothing when all is well.
expect.set_options(timeout=TIMEOUT_MS)

MAX_SHOT_HEIGHT = 3000

TOTAL = 2 * len(BOOK_OPS) + 1  # forward calls, the seed, backward calls
BOOK_QUERY = {"f": ",".join(BOOK_OPS), "x": BOOK_X, "view": "stacked"}

SUCCESS = '[data-testid="stMain"] [data-testid="stAlertContentSuccess"]:visible'


# true once the graph shows exactly these nodes and texts
SAME_NODES_JS = f"""(expected) => {{
    const nodes = ({NODES_JS})();
    return JSON.stringify(nodes) === JSON.stringify(expected);
}}"""


# {first family of the font-family attribute: [computed font-family, ...]} of the graph's text
FONTS_JS = """() => {
    const fonts = {};
    for (const text of document.querySelectorAll('.bpx-root svg.bpx-svg text')) {
        const asked = (text.getAttribute('font-family') || '').split(',')[0];
        (fonts[asked] = fonts[asked] || []).push(getComputedStyle(text).fontFamily);
    }
    return fonts;
}"""


# -- expectations from the engine -----------------------------------------------------------
def book_x_grad():
    return short(autograd.Stepper(list(BOOK_OPS), float(BOOK_X)).run_to_end().chain.x.grad)


# -- page helpers ---------------------------------------------------------------------------
def nodes(page):
    return page.evaluate(NODES_JS)


def button(page, key):
    return page.locator(f".st-key-{key} button").first


def query(page):
    return {name: values[-1] for name, values in parse_qs(urlsplit(page.url).query).items()}


def choose_language(page, lang):
    page.locator(".st-key-lang_select input[role=combobox]").click()
    page.get_by_role("option", name=LANG_NAMES[lang], exact=True).click()
    expect(page.locator("h1").first).to_have_text(t(lang, "title"))
    settle(page)


def type_x(page, text):
    field = page.locator(".st-key-x_text input")
    field.fill(text)
    field.press("Enter")


def shoot(page, name):
    """A PNG of the whole page: the viewport grows to the taller of main area and sidebar."""
    height = page.evaluate(
        """() => Math.max(...['stMain', 'stSidebarContent'].map(
            id => document.querySelector(`[data-testid="${id}"]`)?.scrollHeight || 0))"""
    )
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(height, MAX_SHOT_HEIGHT)})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    # a data grid (the gradient check's table) draws on a canvas after the resize: let it
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
            .filter(grid => grid.checkVisibility())
            .every(grid => grid.querySelector('canvas')?.width > 0)"""
    )
    page.wait_for_timeout(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, animations="disabled")
    page.set_viewport_size(VIEWPORT)


LANG_NAMES = {"ko": "한국어", "en": "English", "ja": "日本語"}
CJK = {"ko": re.compile(r"[\uac00-\ud7a3]"), "ja": re.compile(r"[\u3040-\u30ff]")}


# -- tests ----------------------------------------------------------------------------------
def test_book_example_call_by_call(open_app, new_context):
    page = open_app("/")
    expect(page.locator("h1").first).to_have_text(t("en", "title"))
    wait_for_nodes(page, expected_nodes(0), "at the start")
    assert query(page) == {**BOOK_QUERY, "step": "0", "lang": "en"}
    # code names in a monospace face, math names in a serif one, as the DOT asks (and the
    # book draws them), not in the theme's sans-serif
    fonts = page.evaluate(FONTS_JS)
    assert fonts.get("Courier") and all("monospace" in f for f in fonts["Courier"]), fonts
    assert fonts.get("Times") and all(f.endswith("serif") for f in fonts["Times"]), fonts
    assert not any("sans" in f.lower() for f in fonts["Times"]), fonts
    shoot(page, "book-start.png")

    next_button = button(page, "next")
    for step in range(1, TOTAL + 1):
        before = nodes(page)
        if step % 2:
            next_button.click()
        else:
            page.keyboard.press("ArrowRight")
        how = "click on Next" if step % 2 else "ArrowRight"
        wait_for_nodes(page, expected_nodes(step), f"call {step} ({how})")
        assert nodes(page) != before, f"call {step} did not change the graph"
        if step == len(BOOK_OPS) + 2:  # the seed and one backward call made
            shoot(page, "book-backward.png")

    grad = book_x_grad()
    assert grad.startswith("3.2974")
    assert expected_nodes(TOTAL)["v0"] == ["data 0.5", f"grad {grad}"]
    expect(page.locator(SUCCESS)).to_contain_text(t("en", "done", value=grad))
    expect(next_button).to_be_disabled()
    assert query(page)["step"] == str(TOTAL)
    shoot(page, "book-done.png")

    page.keyboard.press("ArrowLeft")
    wait_for_nodes(page, expected_nodes(TOTAL - 1), "ArrowLeft at the end")
    button(page, "back").click()
    wait_for_nodes(page, expected_nodes(TOTAL - 2), "Step back")
    expect(page).to_have_url(re.compile(rf"[?&]step={TOTAL - 2}(&|$)"))
    assert query(page) == {**BOOK_QUERY, "step": str(TOTAL - 2), "lang": "en"}

    # the link reproduces the screen in a browser that never saw this session
    drawn = nodes(page)
    other_context = new_context(locale="en-US", viewport=VIEWPORT)
    other_context.set_default_timeout(TIMEOUT_MS)
    other = other_context.new_page()
    other.goto(page.url)
    try:
        other.wait_for_function(SAME_NODES_JS, arg=drawn, polling="raf")
    except Exception as error:
        raise AssertionError(f"the link shows {nodes(other)}, not {drawn}") from error
    settle(other)
    assert query(other) == query(page)


def test_languages(open_app):
    """A Korean browser gets Korean; the language box switches to Japanese and English."""
    page = open_app("/", locale="ko-KR")  # the bare URL: the language comes from the browser
    expect(page.locator(".st-key-lang_select input[role=combobox]")).to_have_value("한국어")
    assert query(page)["lang"] == "ko"
    check_language(page, "ko")
    for step in (1, 2):
        page.keyboard.press("ArrowRight")
        wait_for_nodes(page, expected_nodes(step), f"call {step} in Korean")
    shoot(page, "korean.png")

    choose_language(page, "ja")
    check_language(page, "ja")
    # the language changes the words, not the step or the graph (code notation)
    wait_for_nodes(page, expected_nodes(2), "after switching to Japanese")
    assert query(page)["step"] == "2"
    button(page, "run_end").click()
    wait_for_nodes(page, expected_nodes(TOTAL), "Run to end in Japanese")
    expect(page.locator(SUCCESS)).to_contain_text(t("ja", "done", value=book_x_grad()))
    shoot(page, "japanese.png")

    choose_language(page, "en")
    check_language(page, "en")
    assert query(page) == {**BOOK_QUERY, "step": str(TOTAL), "lang": "en"}


def check_language(page, lang):
    """The title and the four stepping buttons are in ``lang`` (and really translated)."""
    expect(page.locator("h1").first).to_have_text(t(lang, "title"))
    for key in ("title", "next", "back", "run_end", "reset"):
        if lang != "en":
            assert t(lang, key) != t("en", key), f"{key} is not translated into {lang}"
            assert CJK[lang].search(t(lang, key)), f"{lang} {key}: {t(lang, key)!r}"
        if key != "title":
            expect(button(page, key)).to_contain_text(t(lang, key))
    assert query(page)["lang"] == lang


def test_bad_input_keeps_previous_values(open_app):
    page = open_app("/?f=Square,Exp,Square&x=0.5&step=2&view=stacked&lang=en")
    wait_for_nodes(page, expected_nodes(2), "opened at step 2")
    sidebar = page.locator('[data-testid="stSidebar"]')
    kept = t("en", "input_kept", x="0.5").replace("`", "")

    for text, key in (("abc", "input_not_number"), ("[1, [2]]", "input_ragged"), ("nan", None)):
        with pytest.raises(parse.InputError) as refused:
            parse.parse_input(text)
        assert key is None or refused.value.key == key
        message = t("en", refused.value.key, **refused.value.params)
        type_x(page, text)
        alert = sidebar.locator('[data-testid="stAlert"]')
        expect(alert).to_have_count(1)
        expect(alert).to_contain_text(message)
        expect(sidebar).to_contain_text(kept)
        settle(page)
        wait_for_nodes(page, expected_nodes(2), f"after the bad input {text!r}")
        assert query(page)["x"] == "0.5" and query(page)["step"] == "2"
        expect(page.locator(".st-key-x_text input")).to_have_value(text)
    shoot(page, "bad-input.png")

    choose_language(page, "ja")  # the message that is up follows the language
    expect(sidebar.locator('[data-testid="stAlert"]')).to_contain_text(t("ja", "input_nonfinite"))
    expect(sidebar).to_contain_text(t("ja", "input_kept", x="0.5").replace("`", ""))
    wait_for_nodes(page, expected_nodes(2), "the bad input, in Japanese")

    # a good value is taken: the steps start again, and the error is gone
    type_x(page, "1.5")
    wait_for_nodes(page, {"v0": ["data 1.5", "grad None"], "v1": ["data None"]}, "x = 1.5")
    expect(sidebar.locator('[data-testid="stAlert"]')).to_have_count(0)
    assert query(page)["x"] == "1.5" and query(page)["step"] == "0"


def test_tampered_url_warns_and_falls_back(open_app):
    params = {"f": "Nope", "x": "abc", "step": "99", "view": "zz"}
    page = open_app("/?" + "&".join(f"{k}={v}" for k, v in params.items()))
    spec, warnings = url.from_query(params, "en")
    assert spec == state.Spec(lang="en") and len(warnings) == 4

    alerts = page.locator('[data-testid="stMain"] [data-testid="stAlertContentWarning"]:visible')
    expect(alerts).to_have_count(len(warnings))
    for i, warning in enumerate(warnings):
        expect(alerts.nth(i)).to_contain_text(messages.text("en", warning).replace("`", ""))
    wait_for_nodes(page, expected_nodes(0), "the default graph")
    assert query(page) == {**BOOK_QUERY, "step": "0", "lang": "en"}

    button(page, "next").click()  # and it works
    wait_for_nodes(page, expected_nodes(1), "Next after a tampered URL")
