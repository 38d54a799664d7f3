"""Issue 17's costs, asserted by structure, not by timing: one lesson build per run, a bounded
number of elements whatever the lesson's length, frames sent once per lesson and view, and a
learner's function checked a number of times that does not grow with its uses."""

import pytest
from app.pages import spec, walk
from harness import element_data, new_app, report_position

from autograd import tracer
from components.model import lessons, programs, userfn
from components.ui import lesson as lesson_ui
from components.views import panels

LONG = ("Square", "Exp", "Sin", "Cos") * 8  # the chain's limit: 32 functions


@pytest.fixture
def counted(monkeypatch):
    """Counts of lesson builds, traces and frame layouts, from a cold cache."""
    lessons.lesson.cache_clear()
    lesson_ui.frames_json.cache_clear()
    counts = {"build": 0, "trace": 0, "frames": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(lessons, "build", counting("build", lessons.build))
    monkeypatch.setattr(tracer, "run", counting("trace", tracer.run))
    monkeypatch.setattr(panels, "lesson_frames", counting("frames", panels.lesson_frames))
    yield counts
    lessons.lesson.cache_clear()
    lesson_ui.frames_json.cache_clear()


def test_one_lesson_build_per_run(counted):
    program = programs.chain_program(LONG[:-1], "0.375", "07")  # room for one more
    at = new_app({"book": "07", "p": program})
    assert counted == {"build": 1, "trace": 1, "frames": 1}
    at.run()  # the same spec again: nothing to build
    assert counted == {"build": 1, "trace": 1, "frames": 1}
    at = report_position(at, 7)
    assert counted == {"build": 1, "trace": 1, "frames": 1}
    at.button(key="add_Sin").click().run()  # a new program: one new lesson
    assert counted["build"] == counted["trace"] == 2
    at.segmented_control(key="book_select").set_value("08").run()  # another book: one more
    assert counted["build"] == counted["trace"] == 3
    at.segmented_control(key="view_select").set_value("code").run()  # a view: no build
    assert counted["build"] == 3
    assert counted["frames"] == 4  # ...but its own frames, once
    at.button(key="next").click().run()
    assert counted["build"] == 3 and counted["frames"] == 4
    assert spec(at).book == "08"


def test_a_32_function_link_is_as_many_elements_as_the_books_example():
    book = len(walk(new_app({"book": "07"})))
    at = new_app({"book": "07", "p": programs.chain_program(LONG, "0.5", "07")})
    long = len(walk(at))
    total = element_data(at)["max_step"]
    assert total > 5 * len(LONG)  # hundreds of positions...
    assert long <= book + 3  # ...and the page is not drawn per position (the pills list)


def test_the_frames_are_sent_once_and_a_position_change_sends_only_the_position():
    at = new_app({"book": "07", "p": programs.chain_program(LONG, "0.5", "07")})
    sent = element_data(at)
    assert len(sent["frames"]) > 100_000  # a long lesson's frames...
    at = report_position(at, 40)
    answer = element_data(at)
    assert answer["frames"] is None  # ...are not sent again for a move
    assert len(str(answer)) < len(sent["frames"]) // 50


def test_a_learners_function_is_checked_as_often_a_run_however_often_it_is_used(monkeypatch):
    calls = []
    check = userfn.check_backward

    def counting(*args, **kwargs):
        calls.append(args)
        return check(*args, **kwargs)

    monkeypatch.setattr(userfn, "check_backward", counting)
    definition = "Cube:x ** 3:3 * x ** 2 * gy"
    per_run = {}
    for uses in (1, 8):
        program = programs.chain_program(("Cube", "Sin") * uses, "0.5", "07")
        at = new_app({"book": "07", "def": definition, "p": program})
        assert len(spec(at).defs) == 1 and program == spec(at).program
        calls.clear()
        at.run()
        per_run[uses] = len(calls)
        calls.clear()
        report_position(at, 3)
        assert len(calls) <= per_run[uses]
    assert 1 <= per_run[1] == per_run[8] <= 3


def test_opening_a_link_is_one_run(monkeypatch):
    from components.ui import controls

    runs = []
    switch = controls.book_switch

    def counting(spec):
        runs.append(spec)
        return switch(spec)

    monkeypatch.setattr(controls, "book_switch", counting)  # drawn once per page run
    at = new_app({"book": "07", "p": programs.chain_program(LONG, "0.5", "07"), "step": "9"})
    assert len(runs) == 1
    assert spec(at).step == 9


def test_a_move_by_the_server_sends_only_the_position():
    at = new_app({"book": "07", "p": programs.chain_program(LONG, "0.5", "07")})
    key = element_data(at)["key"]
    at.button(key="next").click().run()  # the server moves: same lesson, same view
    assert element_data(at)["key"] == key
    assert element_data(at)["frames"] is None
