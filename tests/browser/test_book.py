"""Step 06, the book's example (x = 0.5, Square -> Exp -> Square), as a visitor steps it:
the graph, the live progress and every panel agree with the engine at each position, the
address bar holds the position shown, and the copied link opens the same screen.

Issue 17: "after each press, the panels show the new position in the same frame as the
graph, and once a burst ends the address bar holds that position (a copied link opens the
same call)"; the newcomer's "ten quick presses" finding."""

import pytest
from browser.pages import agrees, at, book_lesson, frame, link, row, settle, snapshot
from harness import BOOK_X_GRAD

from components.format import full

NEXT = ".st-key-next button"


def same_screen(a, b):
    keys = ("pos", "total", "progress", "nodes", "cls", "vars", "out", "line", "narr")
    return {k: (a[k], b[k]) for k in keys if a[k] != b[k]}


def test_next_and_right_step_the_book_example_to_x_grad(open_page, shots):
    lesson = book_lesson("06")
    states = list(lesson.states())
    total = len(lesson.items)
    x = next(node for node in lesson.variables if node.name == "x")
    expected = full(states[-1].grad[x.id])
    assert expected == BOOK_X_GRAD  # the engine prints what the book prints

    page = open_page(link(lang="en", step=0))
    snap = snapshot(page)
    assert snap["pos"] == 0 and snap["total"] == total
    assert not agrees(snap, lesson, states[0])
    for p in range(1, total + 1):
        if p <= 3:
            page.locator(NEXT).click()  # the Next call button, then the key
        else:
            page.keyboard.press("ArrowRight")
        snap = at(page, p)  # the screen and the address bar
        assert snap["url_step"] == str(p)
        problems = agrees(snap, lesson, states[p])
        assert not problems, f"position {p}: {problems}"
    assert row(snap, "x")[2] == expected
    assert snap["out"] == [expected]
    assert label_of(snap, x.id, "grad").startswith("3.29744")
    settle(page)
    assert page.locator(NEXT).is_disabled()
    frame(page)
    page.screenshot(path=str(shots / "book-done.png"))

    # the link in the address bar, reloaded, opens the same position
    page.reload()
    page.wait_for_function("() => document.querySelector('.bpx-root')?.dataset.pos !== undefined")
    settle(page)
    again = at(page, total)
    assert again["url_step"] == str(total)
    assert not agrees(again, lesson, states[-1])
    assert row(again, "x")[2] == expected


def label_of(snap, node_id, field):
    for line in snap["nodes"][node_id]:
        if line.startswith(field + " "):
            return line[len(field) + 1 :]
    return ""


@pytest.mark.parametrize("book", ["06", "07"])
def test_ten_quick_presses_then_the_copied_link_opens_the_same_call(open_page, book):
    lesson = book_lesson(book)
    states = list(lesson.states())
    page = open_page(link(book=None if book == "06" else book, lang="en", step=0))
    for _ in range(10):
        page.keyboard.press("ArrowRight")  # no wait between presses
    snap = at(page, 10)
    assert not agrees(snap, lesson, states[10])
    settle(page)  # the burst's report reached the server, which answered
    snap = at(page, 10)
    copied = page.url
    assert "step=10" in copied

    other = open_page(copied)  # a new visitor pastes it
    opened = at(other, 10)
    assert not same_screen(snap, opened)
    assert not agrees(opened, lesson, states[10])

    # back and forth: the address bar follows ← and Home as well
    page.keyboard.press("ArrowLeft")
    at(page, 9)
    page.keyboard.press("Home")
    at(page, 0)
    page.keyboard.press("End")
    end = at(page, len(lesson.items))
    assert not agrees(end, lesson, states[-1])
    settle(page)
