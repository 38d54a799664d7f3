"""The graph element's report of where a burst of presses ended: the server and the address
bar follow it in the lesson's fragment, without sending the frames the element holds."""

from app.pages import assert_link_is_spec, lesson_of, link_value, spec
from harness import element_data, exceptions, frames, new_app, report, report_position

from components.model import programs

ADD = "x = Variable(np.array(3.0))\ny = add(x, x)\ny.backward()\nprint(x.grad)\n"


def test_a_report_moves_the_server_and_the_link_and_sends_no_frames():
    at = new_app({"book": "14", "p": ADD})
    total = len(lesson_of(ADD, "14").items)
    first = element_data(at)
    assert first["frames"] is not None
    for step in (total, 1, total // 2):
        at = report_position(at, step)
        assert exceptions(at) == []
        assert spec(at).step == step
        assert link_value(at, "step") == str(step)
        data = element_data(at)
        assert data["frames"] is None  # the element holds them
        assert data["step"] == step
        # only the position changed: everything else the element is told is the same
        assert data["moved"] == first["moved"]  # a report is not a move of the server's
        same = {k: v for k, v in data.items() if k not in ("frames", "step")}
        assert same == {k: v for k, v in first.items() if k not in ("frames", "step")}
        assert_link_is_spec(at)


def test_a_report_of_another_lesson_or_out_of_range_changes_nothing():
    at = new_app({"step": "2"})
    before = spec(at)
    total = len(lesson_of(before.program, before.book).items)
    for value in (
        {"pos": {"step": 3, "lesson": "0123456789abcdef"}},  # crossed a change of program
        {"pos": {"step": total + 1, "lesson": element_data(at)["lesson"]}},
        {"pos": {"step": -1, "lesson": element_data(at)["lesson"]}},
        {"pos": {"step": "3", "lesson": element_data(at)["lesson"]}},
        {"pos": {"step": 2.5, "lesson": element_data(at)["lesson"]}},
        {"pos": "nonsense"},
        {"pos": None},
    ):
        at = report(at, value)
        assert exceptions(at) == []
        assert spec(at) == before
        assert link_value(at, "step") == "2"


def test_a_report_after_the_program_changed_is_ignored():
    at = new_app()
    old = element_data(at)["lesson"]
    at.button(key="add_Sin").click().run()
    assert element_data(at)["lesson"] != old
    at = report_position(at, 4, lesson=old)
    assert spec(at).step == 0


def test_an_element_that_lost_its_frames_gets_them_again():
    at = new_app()
    at = report_position(at, 2)
    assert element_data(at)["frames"] is None
    at = report(at, {"need": {"key": element_data(at)["key"], "at": 1}})
    assert frames(at) is not None
    assert spec(at).step == 2


def test_a_full_run_after_reports_sends_the_frames_of_the_new_view():
    at = new_app()
    at = report_position(at, 3)
    at.segmented_control(key="view_select").set_value("code").run()
    assert frames(at) is not None
    assert element_data(at)["step"] == 3
    assert spec(at).view == "code"


def test_in_predict_mode_a_report_stops_before_the_grad_to_predict():
    program = programs.chain_program(("Square", "Exp"), "0.5", "09")
    lesson = lesson_of(program, "09")
    first = next(
        i
        for i, item in enumerate(lesson.items)
        if any(c.field == "grad" and c.value is not None for c in item.changes)
    )
    at = new_app({"book": "09", "p": program, "predict": "1"})
    at = report_position(at, len(lesson.items))
    assert spec(at).step == first
    assert link_value(at, "step") == str(first)
    assert element_data(at)["max_step"] == first


def test_the_narrow_report_lays_the_graph_out_top_to_bottom():
    at = new_app()
    assert element_data(at)["rankdir"] == "LR"
    at = report(at, {"narrow": True})
    assert element_data(at)["rankdir"] == "TB"
    assert frames(at) is not None  # another layout: its frames
    at = report(at, {"narrow": False})
    assert element_data(at)["rankdir"] == "LR"
