"""The server dies mid-lesson (SIGKILL) and comes back: the lesson is still in the URL.

Build a chain in the page (open a link to Exp -> Sin, then click "+ Cos"), step to the
middle, kill the server with SIGKILL, start it again on the same port and reload the page's
URL: the same chain, input and step are back, and stepping goes on.
"""

import re
import time

import pytest
from harness import (
    GRAPH,
    AppServer,
    in_thread,
    launch,
    needs_chromium,
    press_next,
    svg_text,
    wait_position,
)
from playwright.sync_api import expect, sync_playwright

pytestmark = pytest.mark.browser


def test_lesson_survives_a_killed_server():
    needs_chromium()
    server = AppServer().start()
    try:

        def body():
            with sync_playwright() as playwright:
                browser = launch(playwright)
                try:
                    page = browser.new_page(viewport={"width": 1280, "height": 900})
                    page.goto(f"{server.url}/?f=Exp,Sin&x=0.7&lang=ko")
                    wait_position(page, 0, 5)
                    page.locator(".st-key-add_Cos").get_by_role("button").click()
                    wait_position(page, 0, 7)  # Exp -> Sin -> Cos: 7 calls
                    page.wait_for_selector(f"{GRAPH} g.node")
                    for pos in range(1, 5):  # past the seed, the middle of the timeline
                        press_next(page)
                        wait_position(page, pos, 7)
                    # the panels follow in the browser; the URL once the server has followed
                    expect(page).to_have_url(re.compile(r"[?&]step=4(&|$)"))
                    lesson_url = page.url
                    graph = svg_text(page)
                    assert "f=Exp%2CSin%2CCos" in lesson_url and "step=4" in lesson_url

                    server.kill()
                    time.sleep(0.5)
                    server.start()

                    page.goto(lesson_url)
                    wait_position(page, 4, 7)
                    page.wait_for_function(
                        f"g => document.querySelector('{GRAPH}')?.textContent === g", arg=graph
                    )
                    assert page.locator("h1").first.inner_text() == "역전파 탐색기"
                    press_next(page)  # and the lesson goes on
                    wait_position(page, 5, 7)
                    assert page.locator('[data-testid="stException"]').count() == 0
                finally:
                    browser.close()

        in_thread(body)
    finally:
        server.stop()
