"""Offline: a classroom without internet. Every request that would leave 127.0.0.1 is
aborted (a route on the browser context) and recorded; the page loads, draws the lesson and
steps it (graph, panels, the address bar, the server told), and no request ever tried to
leave 127.0.0.1: fonts, icons, math and the graph's layout are all served by the app."""

from urllib.parse import urlsplit

import pytest
from browser.test_findings import (  # noqa: F401
    DESKTOP,
    EXCEPTION,
    IDLE,
    TIMEOUT_MS,
    app,
    chromium,
    link,
    ready,
    root,
    settled,
    shot,
    url_step,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

LOCAL = ("127.0.0.1",)
INLINE = ("data", "blob", "about")


def leaves(url):
    parts = urlsplit(url)
    return parts.scheme not in INLINE and parts.hostname not in LOCAL


def _offline(browser, url, params):
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    outside, errors = [], []

    def guard(route):
        if leaves(route.request.url):
            outside.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    context.route("**/*", guard)
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda r: leaves(r.url) and outside.append(r.url))
        page.on("websocket", lambda ws: leaves(ws.url) and outside.append(ws.url))
        page.goto(url + link(**params, step=0))
        ready(page)
        total = root(page)["total"]
        page.locator(".bpx-view").focus()
        for n in (1, 2, 3):
            page.keyboard.press("ArrowRight")
            settled(page, n)
        assert url_step(page) == "3"
        page.keyboard.press("End")
        settled(page, total)
        assert root(page)["progress"].startswith(str(total)), root(page)
        # what the browser draws itself: the graph's SVG and the chain rule's MathML
        assert page.locator(".bpx-root svg.bpx-svg g.node").count() > 0
        assert page.locator(".bpx-chain math").count() > 0
        page.wait_for_selector(IDLE, state="attached")
        page.evaluate("() => document.fonts.ready.then(() => true)")
        shot(page, f"offline-{params.get('book', '06')}")
        assert page.locator(EXCEPTION).count() == 0
        assert not errors, errors
        assert outside == [], sorted(set(outside))
    finally:
        context.close()


@pytest.mark.parametrize(
    "params", [{"lang": "en"}, {"lang": "ko", "book": "07"}], ids=["06-en", "07-ko"]
)
def test_the_lesson_loads_and_steps_with_no_request_leaving_127_0_0_1(app, chromium, params):  # noqa: F811
    chromium.run(_offline, app.url, params)
