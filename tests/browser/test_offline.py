"""Offline: a whole lesson loads nothing from anywhere but the app's own server.

Every request and websocket of the browser context is recorded while a learner goes through
the book's example in every view, in projector mode and in predict mode, opens the panels and
the tabs, in each language. One request to another host (a font server for a
``:material/...:`` icon, a CDN) fails the test: offline it is an error in the console, and in
a school it sends every student's address to a third party.
"""

from urllib.parse import urlsplit

import pytest
from browser.pages import BOOK_OPS, BOOK_X, settle
from playwright.sync_api import expect

from components import state
from components.i18n import LANGS, t

pytestmark = pytest.mark.browser

N = len(BOOK_OPS)
TOTAL = 2 * N + 1
BOOK = f"f={','.join(BOOK_OPS)}&x={BOOK_X}"
LOCAL = ("data", "blob", "about")  # schemes that never leave the browser


def press(page, key, times):
    for _ in range(times):
        page.keyboard.press(key)
        settle(page)


def open_lesson(page, lang, query=""):
    page.goto(f"/?{BOOK}&lang={lang}&{query}")
    page.locator(".bpx-root svg.bpx-svg g.node").first.wait_for()
    settle(page)


def lesson(page, lang):
    """The book's example, call by call, in every view and mode, with every panel opened."""
    open_lesson(page, lang)
    press(page, "ArrowRight", TOTAL)
    for label in (t(lang, "tangent_header"), t(lang, "exports_header")):
        page.get_by_role("tab", name=label).click()
        settle(page)
    page.get_by_text(t(lang, "manual_header")).click()
    settle(page)
    for view in state.VIEWS:
        open_lesson(page, lang, f"view={view}&step={N + 2}")
        press(page, "ArrowLeft", 2)
    open_lesson(page, lang, "projector=1")
    press(page, "Space", TOTAL)
    open_lesson(page, lang, f"predict=1&step={N}")
    for _ in range(TOTAL - N):  # the seed and every backward call: guess "1", then reveal
        page.locator(".st-key-prediction input").fill("1")
        page.get_by_role("button", name=t(lang, "predict_button")).click()
        settle(page)
    expect(page.locator('[data-testid="stProgress"]:visible')).to_contain_text(
        t(lang, "position", pos=TOTAL, total=TOTAL)
    )


def record(context):
    """Every URL the context asks for, page loads, fetches, images and websockets alike."""
    urls = []
    context.on("request", lambda request: urls.append(request.url))
    context.on("page", lambda page: page.on("websocket", lambda ws: urls.append(ws.url)))
    return urls


def outside(urls, base_url):
    host = urlsplit(base_url).netloc
    return [u for u in urls if urlsplit(u).scheme not in LOCAL and urlsplit(u).netloc != host]


@pytest.mark.parametrize("lang", LANGS)
def test_a_whole_lesson_asks_only_the_apps_own_server(new_context, base_url, lang):
    context = new_context(locale=lang, viewport={"width": 1280, "height": 900})
    urls = record(context)
    page = context.new_page()
    lesson(page, lang)
    assert len(urls) > 50  # the recording works: the page, its scripts, a websocket
    assert any(urlsplit(u).scheme == "ws" for u in urls)
    strangers = outside(urls, base_url)
    assert not strangers, f"{len(strangers)} requests left the app's server: {set(strangers)}"
