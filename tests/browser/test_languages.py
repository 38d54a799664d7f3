"""Four languages in a real Chromium: the book's example pressed to ``x.grad`` in Chinese, and
the end of step 07 in Chinese, Korean and Japanese (screenshots in docs/screenshots/).

What is checked is what a reader sees: the page's language (``<html lang>``, so the right CJK
glyphs and voice), the lesson's own words in that language (from the catalogs, never typed
here), and the number the book prints, computed by the engine.
"""

from pathlib import Path
from urllib.parse import urlencode

import pytest
from harness import AppServer, book_lesson, in_thread, launch, needs_chromium
from playwright.sync_api import expect, sync_playwright

from components.i18n import html_lang, t

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def server():
    needs_chromium()
    app = AppServer().start()
    yield app
    app.stop()


def printed(step):
    """What the book's example prints at the end of ``step``, as the engine runs it."""
    lesson = book_lesson(step)
    return "".join(item.printed or "" for item in lesson.items).strip(), len(lesson.items)


def open_lesson(page, server, **query):
    page.goto(f"{server.url}/?{urlencode(query)}")
    root = page.locator(".bpx-root")
    expect(root.locator("svg").first).to_be_visible(timeout=TIMEOUT_MS)
    return root


def press(page, root, key, position):
    page.keyboard.press(key)
    expect(root).to_have_attribute("data-pos", str(position), timeout=TIMEOUT_MS)


def in_browser(work):
    def run():
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                return work(page)
            finally:
                browser.close()

    return in_thread(run)


def test_the_book_example_in_chinese_pressed_to_x_grad(server):
    value, total = printed("06")

    def work(page):
        root = open_lesson(page, server, lang="zh", book="06")
        assert page.evaluate("document.documentElement.lang") == html_lang("zh")
        # the step buttons speak Chinese (the catalog's words, not typed here)
        expect(page.get_by_role("button", name=t("zh", "next"))).to_be_visible()
        # no English hint of Streamlit's under a field ("Press Enter to apply")
        field = page.locator("[data-testid=stSidebar] [data-testid=stTextInput] input")
        field.click()
        field.press("End")
        field.type("0")
        hints = page.locator("[data-testid=InputInstructions]")
        expect(hints.first).to_be_attached()  # Streamlit drew it: it is hidden, not absent
        assert all(not hints.nth(i).is_visible() for i in range(hints.count()))
        field.press("Backspace")
        page.locator("h1").first.click()
        for position in range(1, total + 1):
            press(page, root, "ArrowRight", position)
        expect(root).to_contain_text(value)
        # the address bar holds the position on screen
        page.wait_for_function(
            f"new URLSearchParams(location.search).get('step') === '{total}'",
            timeout=TIMEOUT_MS,
        )
        return page.locator(".bpx-live").inner_text()

    live = in_browser(work)
    assert live.startswith(t("zh", "progress", pos=total, total=total))


@pytest.mark.parametrize("lang", ["zh", "ko", "ja"])
def test_the_end_of_step_07_in_each_cjk_language(server, lang):
    value, total = printed("07")

    def work(page):
        root = open_lesson(page, server, lang=lang, book="07")
        assert page.evaluate("document.documentElement.lang") == html_lang(lang)
        page.locator("h1").first.click()
        press(page, root, "End", total)
        expect(root).to_contain_text(value)
        text = page.locator("body").inner_text()
        panels = root.inner_text()
        page.locator(".bpx-root").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"end-07-{lang}.png"))
        return text, panels

    text, panels = in_browser(work)
    # the page and the element's panels are in the language, not English
    assert t(lang, "next") in text and t("en", "next") not in text
    for key in ("panel_program", "panel_vars", "phase_done"):
        assert t(lang, key) in panels and t("en", key) not in panels, key
    assert "Traceback" not in text
