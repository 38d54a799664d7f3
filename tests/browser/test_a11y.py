"""Accessibility: axe-core (axe-playwright-python) finds no serious or critical violation on
the book's page and on a Stage 2 page (step 16's program), in English, Korean and Chinese.

The pages are checked as a learner leaves them: mid-lesson, every panel drawn, the manual
calls open. Screenshots go to /tmp/a11y-*.png.
"""

import pytest
from browser.test_findings import IDLE, Opened, app, chromium, link, settled, shot  # noqa: F401

pytest.importorskip("axe_playwright_python")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.browser]

STAGE2 = (
    "x = Variable(np.array(2.0))\n"
    "a = square(x)\n"
    "y = add(square(a), square(a))\n"
    "y.backward()\n"
    "print(x.grad)\n"
)
PAGES = {
    "book": {},
    "stage2": {"p": STAGE2, "book": "16"},
}
LOCALES = {"en": "en-US", "ko": "ko-KR", "zh": "zh-CN"}
SERIOUS = ("serious", "critical")
OPENED_JS = """() => {
  const box = document.querySelectorAll('[data-testid="stExpander"] details')[1];
  const last = [...document.querySelectorAll('.st-key-manual_calls button')].pop();
  return !!box && !!last
    && last.getBoundingClientRect().bottom <= box.getBoundingClientRect().bottom; }"""


def _axe(browser, url, page_name, lang):
    params = {**PAGES[page_name], "lang": lang, "step": 0}
    with Opened(browser, url + link(**params), locale=LOCALES[lang]) as page:
        assert page.evaluate("() => document.documentElement.lang").startswith(lang)
        page.locator(".bpx-view").focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        settled(page, 3)
        page.locator('[data-testid="stExpander"] summary').nth(1).click()  # the manual calls
        page.locator(".st-key-manual_calls button").last.wait_for()
        page.wait_for_function(OPENED_JS, polling="raf")  # the expander's opening has ended
        page.wait_for_selector(IDLE, state="attached")
        shot(page, f"a11y-{page_name}-{lang}")
        results = Axe().run(page)
        found = [
            (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:5])
            for v in results.response["violations"]
            if v["impact"] in SERIOUS
        ]
        assert found == [], "\n".join(map(str, found))


@pytest.mark.parametrize("lang", list(LOCALES))
@pytest.mark.parametrize("page_name", list(PAGES))
def test_axe_finds_no_serious_violation(app, chromium, page_name, lang):  # noqa: F811
    chromium.run(_axe, app.url, page_name, lang)
