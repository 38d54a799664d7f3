"""Accessibility in a real Chromium: axe-core on the main screens, and the keyboard alone.

axe-core comes inside the PyPI package ``axe-playwright-python`` (its ``axe.min.js`` is in
the wheel: nothing is fetched). Every screen a class sees (the book's example mid-lesson and
at the end, each view, projector mode, predict mode) is checked in all three languages, and a
serious or critical finding fails, with axe's own report of it.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser.pages import ANY_NODE, BOOK_OPS, BOOK_X, settle
from playwright.sync_api import expect

from components import state
from components.i18n import LANGS, t

pytestmark = pytest.mark.browser

N = len(BOOK_OPS)
TOTAL = 2 * N + 1
BOOK = f"f={','.join(BOOK_OPS)}&x={BOOK_X}"
SCREENS = {  # name: query (after the book's chain and x)
    "mid-lesson": f"step={N + 2}",
    "end": f"step={TOTAL}",
    **{f"view-{view}": f"step={TOTAL}&view={view}" for view in state.VIEWS},
    "projector": f"step={N + 2}&projector=1",
    "predict": f"step={N + 1}&predict=1",
    "book-07": f"book=07&step={N + 9}",  # inside y.backward(): the stack, the lit lines
    "book-08": f"book=08&step={N + 6}",
}
BLOCKING = ("serious", "critical")
AXE = Axe()


def findings(page):
    """axe's violations of impact serious or critical, as a readable report ('' if none)."""
    results = AXE.run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    return "\n".join(results.generate_report(v["id"]) for v in bad)


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_nothing_serious_on_the_main_screens(open_app, lang):
    page = open_app(f"/?{BOOK}&lang={lang}")
    checked = []
    for name, query in SCREENS.items():
        page.goto(f"/?{BOOK}&lang={lang}&{query}")
        page.locator(ANY_NODE).first.wait_for()
        settle(page)
        expect(page.locator("h1").first).to_have_text(t(lang, "title"))
        assert page.title() == t(lang, "title")  # the browser tab, in the page's language
        report = findings(page)
        assert not report, f"{lang}, {name}:\n{report}"
        checked.append(name)
    assert checked == list(SCREENS)


# -- the keyboard alone ------------------------------------------------------------------------
# The focused element, and whether its focus shows: its outline or shadow with the focus is not
# what it is without (blurred, then focused again the way the keyboard focused it).
FOCUS_JS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const look = () => {
        const s = getComputedStyle(e);
        return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' ');
    };
    const focused = look();
    e.blur();
    const blurred = look();
    e.focus({ focusVisible: true });
    return {
        tag: e.tagName, text: (e.innerText || e.getAttribute('aria-label') || '').slice(0, 40),
        katex: e.classList.contains('katex-display'), ring: focused !== blurred,
    };
}"""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_everything_by_keyboard_with_visible_focus(open_app, lang):
    """Tab reaches every control with a visible focus ring, the sideways-scrolling chain rule
    among them; Enter on 'Next call' makes the call, as a click would."""
    page = open_app(f"/?{BOOK}&lang={lang}&step={N}")
    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus is None:
            continue
        stops.append(focus)
        if focus["text"].startswith(t(lang, "next")):  # its text, then the shortcut
            break
    unseen = [stop for stop in stops if not stop["ring"]]
    assert not unseen, f"focused without a visible focus ring: {unseen}"
    assert stops and stops[-1]["text"].startswith(t(lang, "next")), stops
    page.keyboard.press("Enter")
    settle(page)
    expect(page.locator('[data-testid="stProgress"]:visible')).to_contain_text(
        t(lang, "position", pos=N + 1, total=TOTAL)
    )
    for _ in range(80):  # on, past the graph and the code, to the chain-rule block
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus and focus["katex"]:
            assert focus["ring"], focus
            break
    else:
        pytest.fail("Tab never reached the chain-rule block")
