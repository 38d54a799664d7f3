"""The learner writes the program: in the editor (a bad program is refused with its line and
column, and the last good lesson stays) or with the sidebar's "+ Sin" buttons (up to 32
functions); a 32-function link opens whole."""

from urllib.parse import parse_qs, urlsplit

import pytest
from browser.pages import agrees, at, book_lesson, chain, link, settle, snapshot

from autograd import ProgramError
from components.i18n import t
from components.model import programs, state
from components.views import say

EDITOR = ".st-key-program_text textarea"
RUN = '[data-testid="stForm"]:has(.st-key-program_text) [data-testid="stFormSubmitButton"] button'
ALERT = '[data-testid="stAlert"]'
VAR_NODES_JS = """() => [...document.querySelectorAll('.bpx-root svg.bpx-svg g.node')]
    .filter(g => /^bpx-v\\d+$/.test(g.id)).length"""


def refusal(program, book):
    try:
        programs.check(program, book, ())
    except ProgramError as error:
        return error
    raise AssertionError(f"the engine reads {program!r}")


BAD = [
    "x = Variable(np.array(2.0))\ny = square(x\ny.backward()\n",  # syntax
    "x = Variable(np.array(2.0))\nimport os\n",  # not on the whitelist
    "x = Variable(np.array(2.0))\ny = open(x)\nprint(y)\n",  # not a function of the step
]


@pytest.mark.parametrize("bad", BAD, ids=["syntax", "import", "unknown-function"])
def test_a_bad_program_is_refused_with_line_and_column_and_the_lesson_stays(open_page, bad):
    good = chain(("Square", "Exp", "Square"), "0.5", "09")
    page = open_page(link(good, "09", lang="en", step=4))
    before = snapshot(page)
    error = refusal(bad, "09")
    # the sentence the catalog gives (code spans are drawn without their backticks)
    expected = say.text("en", state._refused(error)).replace("`", "")

    page.locator(EDITOR).fill(bad)
    page.locator(RUN).click()
    alert = page.locator(ALERT).filter(has_text=f"Line {error.line}, column {error.column}")
    alert.wait_for()
    settle(page)
    assert expected in alert.inner_text()
    after = snapshot(page)
    # the last good lesson stays, where it was
    for key in ("key", "pos", "total", "nodes", "vars", "progress"):
        assert after[key] == before[key], key
    assert page.locator(EDITOR).input_value() == bad  # kept to be corrected
    assert parse_qs(urlsplit(page.url).query)["p"] == [good]  # the link keeps the good one
    # corrected: the new lesson replaces the old one, the message goes
    fixed = "x = Variable(np.array(2.0))\ny = square(x)\ny.backward()\nprint(x.grad)\n"
    page.locator(EDITOR).fill(fixed)
    page.locator(RUN).click()
    lesson = book_lesson("09", fixed)
    page.wait_for_function(
        "(n) => document.querySelector('.bpx-root')?.dataset.total === String(n)",
        arg=len(lesson.items),
    )
    settle(page)
    assert page.locator(ALERT).filter(has_text="Line ").count() == 0
    page.keyboard.press("End")
    end = at(page, len(lesson.items))
    assert not agrees(end, lesson, list(lesson.states())[-1])
    assert end["out"] == [lesson.printed.strip()] == ["4.0"]


def test_the_sin_button_builds_a_chain_to_32_functions(open_page):
    start = 28
    page = open_page(link(chain(("Sin",) * start), lang="en", step=0))
    add = page.locator('[data-testid="stSidebar"]').get_by_role("button", name="+ Sin", exact=True)
    for n in range(start + 1, 33):
        add.click()
        lesson = book_lesson("06", chain(("Sin",) * n))
        page.wait_for_function(
            """([n, total]) => { const r = document.querySelector('.bpx-root');
                return r && r.dataset.total === String(total) && r.dataset.synced === '1'; }""",
            arg=[n, len(lesson.items)],
        )
        settle(page)
        assert page.evaluate(VAR_NODES_JS) == n + 1
        page.get_by_text(f"Chain ({n} / 32)").wait_for()
        snap = snapshot(page)
        assert not agrees(snap, lesson, list(lesson.states())[snap["pos"]])
        assert len(snap["vars"]) == n + 1
    # full: every add button is off, and the sidebar says why
    assert add.is_disabled()
    page.get_by_text(t("en", "limit_reached", limit=32)).wait_for()
    page.keyboard.press("End")
    end = at(page, len(lesson.items))
    assert not agrees(end, lesson, list(lesson.states())[-1])


@pytest.mark.parametrize("book", ["06", "07"])
def test_a_32_function_link_opens_whole(open_page, book):
    program = chain(("Sin", "Cos") * 16, "0.5", book)
    lesson = book_lesson(book, program)
    page = open_page(link(program, None if book == "06" else book, lang="en"))
    snap = snapshot(page)
    assert snap["total"] == len(lesson.items)
    assert page.evaluate(VAR_NODES_JS) == 33
    lines = page.locator(".bpx-programbox .bpx-line").count()
    assert lines == len(program.rstrip("\n").split("\n"))
    assert len(snap["vars"]) == 33
    assert page.locator(".bpx-root .bpx-chain math").count() >= 1
    assert not agrees(snap, lesson, list(lesson.states())[snap["pos"]])
    page.keyboard.press("End")
    end = at(page, len(lesson.items))
    assert not agrees(end, lesson, list(lesson.states())[-1])
    settle(page)
