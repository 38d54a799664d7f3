"""The page in Chinese (from the browser's language, or lang=zh), and projector mode."""

import re

from browser.pages import agrees, at, book_lesson, frame, link, settle, snapshot

from components.i18n import t

CJK = re.compile(r"[\u4e00-\u9fff]")
LANG_JS = "(tag) => document.documentElement.lang === tag"


def test_a_chinese_browser_gets_the_chinese_page(open_page, shots):
    page = open_page("/", locale="zh-CN")
    page.wait_for_function(LANG_JS, arg="zh-Hans")
    assert page.locator("h1").first.inner_text() == t("zh", "title")
    assert CJK.search(t("zh", "title"))
    next_label = t("zh", "next")
    assert CJK.search(next_label)
    assert next_label in page.locator(".st-key-next button").inner_text()
    assert "lang=zh" in page.url
    # stepping works in Chinese: the screen agrees with the engine
    lesson = book_lesson("06")
    states = list(lesson.states())
    for p in range(1, 4):
        page.keyboard.press("ArrowRight")
        snap = at(page, p)
        assert not agrees(snap, lesson, states[p], lang_progress=False)
        assert snap["progress"] == t("zh", "progress", pos=p, total=len(lesson.items)) or (
            snap["progress"].startswith(t("zh", "progress", pos=p, total=len(lesson.items)))
        )
    settle(page)
    # an English link stays English in a Chinese browser, and lang=zh switches an English one
    other = open_page(link(lang="en"), locale="zh-CN")
    other.wait_for_function(LANG_JS, arg="en")
    assert other.locator("h1").first.inner_text() == t("en", "title")
    third = open_page(link(lang="zh"), locale="en-US")
    third.wait_for_function(LANG_JS, arg="zh-Hans")
    assert third.locator("h1").first.inner_text() == t("zh", "title")


def test_projector_mode(open_page):
    lesson = book_lesson("06")
    states = list(lesson.states())
    normal = open_page(link(lang="en"))
    page = open_page(link(lang="en", projector=1))
    assert page.locator(".bpx-root.bpx-projector").count() == 1
    assert normal.locator(".bpx-root.bpx-projector").count() == 0
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.locator(".st-key-program_text").count() == 0  # no editor on a projector
    assert page.locator(".st-key-projector_off button").is_visible()

    def size(p, selector):
        return p.evaluate(
            "(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector
        )

    for selector in (".bpx-programbox .bpx-src", ".bpx-progress-text", ".bpx-narr"):
        assert size(page, selector) > size(normal, selector), selector
    # the variables table gives its room to the rest on a projector
    assert page.locator(".bpx-vars-section").is_hidden()
    assert normal.locator(".bpx-vars-section").is_visible()
    # Space steps, as a presenter's clicker does
    for p in range(1, 4):
        page.keyboard.press("Space")
        snap = at(page, p)
        assert not agrees(snap, lesson, states[p])
    page.keyboard.press("ArrowLeft")
    at(page, 2)
    settle(page)
    assert "projector=1" in page.url
    frame(page)
    assert snapshot(page)["pos"] == 2
