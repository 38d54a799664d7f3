"""Two learners on one server never see each other's graph, step or language.

One `streamlit run`, two Chromium contexts (two separate browsers as far as the server can
tell), actions interleaved: learner 1 steps the book's chain (Square -> Exp -> Square,
x = 0.5) in English with the ArrowRight key; learner 2 opens Exp -> Sin (x = 1.2) in Japanese
at step 2 and moves forward and back. After every action both pages are checked.
"""

import re

import pytest
from harness import (
    GRAPH,
    AppServer,
    in_thread,
    launch,
    needs_chromium,
    page_position,
    press_next,
    svg_text,
)
from harness import wait_position as at_position
from playwright.sync_api import sync_playwright

pytestmark = pytest.mark.browser

BOOK = {"f": "Square,Exp,Square", "x": "0.5", "lang": "en"}  # 7 calls
OTHER = {"f": "Exp,Sin", "x": "1.2", "lang": "ja", "step": "2"}  # 5 calls


@pytest.fixture(scope="module")
def server():
    needs_chromium()
    app = AppServer().start()
    yield app
    app.stop()


def url(base, query):
    return base + "/?" + "&".join(f"{k}={v}" for k, v in query.items())


def shows_x(graph, x):
    """Whether the graph's text has a node with ``data <x>`` exactly (not 1.28 for 1.2)."""
    return re.search(rf"data {re.escape(x)}(?![\d.])", graph) is not None


def check(page, own, pos, total, title, position_words):
    """The page shows its own chain, its own step and its own language."""
    at_position(page, pos, total)
    page.wait_for_selector(f"{GRAPH} g.node")
    graph = svg_text(page)
    assert shows_x(graph, own["x"]), graph[:300]
    for name in own["f"].split(","):
        assert name in graph
    assert page.locator("h1").first.inner_text() == title
    text = page_position(page)
    assert position_words in text and f"{pos}" in text, text
    assert page.locator('[data-testid="stException"]').count() == 0


def test_two_sessions_stay_their_own(server):
    def body():
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                one = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                two = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                one.goto(url(server.url, BOOK))
                two.goto(url(server.url, OTHER))

                def both(pos_one, pos_two):
                    check(one, BOOK, pos_one, 7, "Backprop Explorer", "Call")
                    check(two, OTHER, pos_two, 5, "逆伝播エクスプローラー", "呼び出し")
                    assert "Sin" not in svg_text(one), "learner 2's function in learner 1's graph"
                    assert "Square" not in svg_text(two), "learner 1's function in learner 2's"
                    assert not shows_x(svg_text(one), "1.2") and not shows_x(svg_text(two), "0.5")
                    assert "lang=en" in one.url and "lang=ja" in two.url

                both(0, 2)
                press_next(one)
                both(1, 2)
                press_next(two)
                both(1, 3)
                press_next(one)
                press_next(one)
                both(3, 3)
                two.keyboard.press("ArrowLeft")  # Step back's shortcut
                both(3, 2)
                press_next(one)  # learner 1 crosses into the backward pass (the seed)
                press_next(two)
                press_next(two)
                both(4, 4)
                before = svg_text(two)
                two.get_by_role("button", name="最後まで実行").click()  # Run to end
                two.wait_for_function(
                    f"b => document.querySelector('{GRAPH}').textContent !== b", arg=before
                )
                both(4, 5)
                press_next(one)
                both(5, 5)
                done = '[data-testid="stAlertContentSuccess"]:visible'
                assert "x.grad" in two.locator(done).inner_text()
                assert one.locator(done).count() == 0
            finally:
                browser.close()

    in_thread(body)
