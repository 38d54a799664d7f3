"""The book switch: the same program, run again by the other step's own code (its bugs
included), the position kept, the link following."""

import contextlib
import io

import pytest
from app.pages import assert_link_is_spec, book_prints, lesson_of, panels, printed, said, spec
from harness import BOOK, element_data, exceptions, frames, messages, new_app

from autograd import steps
from components.model import programs, state

ADD_TWICE = state.PROGRAMS["add_twice"][0]
BRANCH = state.PROGRAMS["branch"][0]


def switched(at, book):
    at.segmented_control(key="book_select").set_value(book).run()
    return at


@pytest.mark.parametrize(
    ("program", "before", "after"),
    [(ADD_TWICE, "13", "14"), (BRANCH, "14", "16"), (BRANCH, "16", "14")],
    ids=["add-twice-13-14", "branch-14-16", "branch-16-14"],
)
def test_the_same_program_is_run_by_the_other_steps_code(program, before, after):
    # the two steps' own code disagree: the bug of the earlier one happens live
    assert book_prints(program, before) != book_prints(program, after)
    end = len(lesson_of(program, before).items)
    at = new_app({"book": before, "p": program, "step": str(end)})
    assert printed(frames(at)) == book_prints(program, before)
    at = switched(at, after)
    assert exceptions(at) == []
    held = spec(at)
    assert (held.book, held.program) == (after, program)
    lesson = lesson_of(program, after)
    assert held.step == len(lesson.items)  # at the end, it stays at the end
    assert element_data(at)["lesson"] == lesson.key
    assert element_data(at)["step"] == held.step
    assert printed(frames(at)) == book_prints(program, after)
    assert_link_is_spec(at)


def prints_until_it_stops(program, book):
    """What Python prints running ``program`` with the step's own code, and the exception's
    name it stops with (the test's own program: the oracle)."""
    try:
        return book_prints(program, book), None
    except Exception as error:  # noqa: BLE001 - the program's own exception is the point
        partial = io.StringIO()
        with contextlib.redirect_stdout(partial), contextlib.suppress(Exception):
            exec(compile(program, "<test program>", "exec"), steps.namespace(book))  # noqa: S102
        return partial.getvalue(), type(error).__name__


@pytest.mark.parametrize(
    ("line", "stops_on", "runs_on"),
    [("y = x * 2.0", "20", "21"), ("y = 2.0 * x", "20", "21"), ("y = x - 1.0", "21", "22")],
)
def test_an_operator_stops_python_before_its_step_and_runs_from_it(line, stops_on, runs_on):
    program = f"x = Variable(np.array(2.0))\nprint(x * x)\n{line}\nprint(y)\n"
    out, stopped = prints_until_it_stops(program, stops_on)
    assert stopped in ("AttributeError", "TypeError") and out
    end = len(lesson_of(program, stops_on).items)
    at = new_app({"book": stops_on, "p": program, "step": str(end)})
    assert exceptions(at) == []
    assert printed(frames(at)) == out
    last = list(panels(frames(at)))[-1]
    assert last["error"] and stopped in last["error"] and runs_on in last["error"]  # the hint
    at = switched(at, runs_on)
    assert printed(frames(at)) == book_prints(program, runs_on)
    assert list(panels(frames(at)))[-1]["error"] is None
    assert_link_is_spec(at)


def test_every_book_of_the_switch_runs_the_chain_in_its_own_style():
    at = new_app()
    for book in steps.STEPS[1:]:
        at = switched(at, book)
        held = spec(at)
        assert held.book == book
        assert held.program == programs.chain_program(BOOK, "0.5", book)
        assert printed(frames(at)) == book_prints(held.program, book)
        assert exceptions(at) == []
        assert_link_is_spec(at)


def test_the_switch_keeps_the_calls_made_so_far():
    program = programs.chain_program(BOOK, "0.5", "09")
    old = lesson_of(program, "09")
    # a position in the middle of the forward calls
    here = next(
        p
        for p in range(1, len(old.items))
        if sum(1 for item in old.items[:p] for c in item.calls if c.kind == "forward") == 2
    )
    at = new_app({"book": "09", "p": program, "step": str(here)})
    at = switched(at, "13")
    new = lesson_of(spec(at).program, "13")
    made = sum(1 for item in new.items[: spec(at).step] for c in item.calls if c.kind == "forward")
    assert made == 2


def test_a_book_that_cannot_run_the_program_says_why_and_keeps_it():
    sphere = state.PROGRAMS["sphere"][0]  # operators: step 20 on
    at = new_app({"book": "22", "p": sphere, "step": "3"})
    before = spec(at)
    at = switched(at, "13")
    assert spec(at) == before
    assert at.segmented_control(key="book_select").value == "22"
    (shown,) = messages(at, "warning")
    assert [m.key for m in said(at)] == ["book_refused"]
    assert "13" in shown
    assert exceptions(at) == []
    assert_link_is_spec(at)


def test_a_chain_with_the_learners_function_runs_in_every_book():
    at = new_app({"def": "Cube:x ** 3:3 * x ** 2 * gy"})
    at.button(key="add_Cube").click().run()
    seen = {}
    for book in (*steps.STEPS[1:], steps.STEPS[0]):
        at = switched(at, book)
        held = spec(at)
        assert held.book == book and exceptions(at) == []
        assert programs.read_chain(held.program, book).ops == (*BOOK, "Cube")
        lesson = lesson_of(held.program, book, held.defs)
        assert [fn.cls for fn in lesson.functions if fn.user] == ["Cube"]
        seen[book] = printed(frames(at))
    # every book's code computes the same grad of the same chain
    assert len(set(seen.values())) == 1 and seen[steps.STEPS[0]].strip()
