"""Every rule of ``state.apply``, on the Lesson: stepping, the program, the input, the book's
step, the chain's buttons, presets, the learner's functions, manual calls and predictions.

Expected numbers come from math written here (the book's example: a = x², b = e^a, y = b²)
or from the step's own code run by the tracer, never from the app's panels.
"""

import re
from dataclasses import replace

import numpy as np
import pytest

from components.i18n import LANGS
from components.model import lessons, programs
from components.model.messages import Message
from components.model.state import (
    CHAINS,
    MAX_FUNCTIONS,
    PROGRAMS,
    AddOp,
    Animate,
    Clear,
    Define,
    GoTo,
    GraphAt,
    ManualCall,
    MoveOp,
    Predict,
    Preset,
    RemoveOp,
    SetBook,
    SetInput,
    SetLang,
    SetProgram,
    SetView,
    Spec,
    Step,
    Toggle,
    Undefine,
    apply,
    chain_of,
    lesson_of,
    manual_calls,
    prediction_points,
    total,
)
from components.views import say

BOOK = ("Square", "Exp", "Square")
X = 0.5
A_ = X**2
B_ = np.exp(A_)
Y_ = B_**2
# the grads of the book's example, by the chain rule: dy/db = 2b, db/da = e^a, da/dx = 2x
GRADS = {
    name: float(value)
    for name, value in {
        "y": 1.0,
        "b": 2 * B_,
        "a": 2 * B_ * np.exp(A_),
        "x": 2 * B_ * np.exp(A_) * 2 * X,
    }.items()
}
START = Spec()
END = len(lesson_of(START).items)


def at(spec, step):
    return replace(spec, step=step)


def grads_set(spec):
    """``{name: grad}`` of the variables whose grad is set at the spec's position."""
    lesson = lesson_of(spec)
    state = lesson.state(spec.step)
    return {
        lesson.node(k).name: float(np.asarray(v)) if np.ndim(v) == 0 else v
        for k, v in state.grad.items()
        if v is not None
    }


def data_set(spec):
    lesson = lesson_of(spec)
    return {lesson.node(k).name for k in lesson.state(spec.step).data}


def first_position(spec, test):
    """The first position of the spec's lesson whose state passes ``test(state)``."""
    lesson = lesson_of(spec)
    for position, state in enumerate(lesson.states()):
        if test(lesson, state):
            return position
    raise AssertionError("no such position")


def grad_names(lesson, state):
    return {lesson.node(k).name for k, v in state.grad.items() if v is not None}


def seeded(spec):
    """The position just after the seed (y.grad set) in the spec's lesson."""
    return first_position(spec, lambda lesson, state: "y" in grad_names(lesson, state))


def forward_done(spec):
    """The position just after the last forward call (y has its data)."""
    return first_position(
        spec, lambda lesson, state: "y" in {lesson.node(k).name for k in state.data}
    )


def keys(messages):
    return [(m.level, m.key, m.where) for m in messages]


def test_the_default_spec_is_the_books_example_in_step_06():
    assert START.program == programs.chain_program(BOOK, "0.5", "06")
    assert lesson_of(START).printed == f"{GRADS['x']!r}\n"  # what print(x.grad) prints
    assert (START.book, START.step, START.view, START.lang) == ("06", 0, "stacked", "en")


# -- moving ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("spec", "action", "step"),
    [
        (at(START, 0), Step(1), 1),
        (at(START, 5), Step(-1), 4),
        (at(START, 0), Step(-1), 0),
        (at(START, END), Step(1), END),
        (at(START, 2), GoTo(END), END),
        (at(START, 2), GoTo(10**6), END),
        (at(START, 9), GoTo(-3), 0),
        (at(START, 9), GoTo(0), 0),
    ],
)
def test_stepping_is_clamped_to_the_lesson(spec, action, step):
    new, said = apply(spec, action)
    assert new == replace(spec, step=step) and said == ()


def test_going_back_to_the_start_resets_the_score():
    spec = replace(START, step=9, predict=True, score=(1, 2))
    assert apply(spec, GoTo(0))[0].score == (0, 0)
    assert apply(spec, Step(-1))[0].score == (1, 2)


def test_every_position_of_the_lesson_is_reached_by_steps():
    spec = START
    seen = [spec.step]
    while spec.step < total(spec):
        spec, said = apply(spec, Step(1))
        assert said == ()
        seen.append(spec.step)
    assert seen == list(range(END + 1))
    assert grads_set(spec) == pytest.approx(GRADS)


# -- the graph element's report -------------------------------------------------------------------
KEY = lessons.key(START.program, START.book, START.defs)


@pytest.mark.parametrize("step", [0, 3, 7, END])
def test_the_graph_moves_the_position_within_its_own_lesson(step):
    assert apply(at(START, 1), GraphAt(step, KEY)) == (at(START, step), ())


@pytest.mark.parametrize(
    ("step", "key"),
    [
        (5, lessons.key(START.program, "07", ())),  # a report of another lesson (stale)
        (5, "0123456789abcdef"),
        (END + 1, KEY),  # out of range
        (-1, KEY),
        (True, KEY),  # not an int
        ("5", KEY),
        (5.0, KEY),
    ],
)
def test_a_stale_or_impossible_graph_report_changes_nothing(step, key):
    spec = at(START, 2)
    assert apply(spec, GraphAt(step, key)) == (spec, ())


def test_in_predict_mode_the_graph_stops_before_the_next_grad():
    spec = replace(START, predict=True, step=1)
    new, _ = apply(spec, GraphAt(END, KEY))
    lesson = lesson_of(START)
    # the next item sets a grad (the seed): nothing before it does
    assert any(c.field == "grad" for c in lesson.items[new.step].changes)
    assert not any(c.field == "grad" for item in lesson.items[: new.step] for c in item.changes)
    assert grads_set(new) == {}
    # backwards is always allowed
    assert apply(replace(spec, step=9), GraphAt(2, KEY))[0].step == 2


# -- predict mode ---------------------------------------------------------------------------------
def test_predict_mode_stops_before_each_grad_and_only_there():
    spec = replace(START, predict=True)
    stops = []
    while spec.step < total(spec):
        new, _ = apply(spec, Step(1))
        if new.step == spec.step:  # held: the next line sets a grad, to be predicted first
            stops.append(spec.step)
            name = next(n for n in GRADS if n not in grads_set(spec))
            new, (verdict,) = apply(spec, Predict(repr(GRADS[name])))
            assert verdict.key == "predict_right" and verdict.args["target"] == f"{name}.grad"
            assert new.step == spec.step + 1
        spec = new
    assert len(stops) == 4  # y (the seed), b, a, x
    assert spec.score == (4, 4)
    assert stops == prediction_points(START)


def test_run_to_end_in_predict_mode_says_how_many_predictions_it_skipped():
    spec = replace(START, predict=True)
    new, (said,) = apply(spec, GoTo(END))
    assert new.step == END and (said.level, said.key, said.args) == (
        "info", "predict_skipped", {"count": 4})  # fmt: skip
    after_seed = seeded(spec)  # y.grad is set: b, a and x are left
    new, (said,) = apply(replace(spec, step=after_seed), GoTo(END))
    assert said.args == {"count": 3}
    assert "3" in say.text("en", said)
    assert apply(replace(spec, step=END), GoTo(END)) == (replace(spec, step=END), ())
    # off predict mode nothing is said
    assert apply(START, GoTo(END))[1] == ()


def _waiting_for(name, spec=None):
    """A predict-mode spec just before the line that sets ``name.grad``."""
    spec = spec or replace(START, predict=True)
    lesson = lesson_of(spec)
    target = next(n.id for n in lesson.variables if n.name == name)
    for index, item in enumerate(lesson.items):
        if any(c.node == target and c.field == "grad" for c in item.changes):
            return replace(spec, step=index)
    raise AssertionError(name)


def test_a_guess_within_a_tenth_of_a_percent_is_right():
    spec = replace(_waiting_for("a"), score=(1, 2))
    new, (verdict,) = apply(spec, Predict(repr(GRADS["a"] * (1 + 9e-4))))
    assert keys([verdict]) == [("success", "predict_right", "predict")]
    assert new.step == spec.step + 1 and new.score == (2, 3)
    assert verdict.args["target"] == "a.grad"


def test_a_guess_beyond_a_tenth_of_a_percent_is_wrong_and_still_reveals():
    spec = replace(_waiting_for("a"), score=(1, 2))
    guess = GRADS["a"] * (1 + 2e-3)
    new, (verdict,) = apply(spec, Predict(repr(guess)))
    assert keys([verdict]) == [("error", "predict_wrong", "predict")]
    assert new.step == spec.step + 1 and new.score == (1, 3)
    assert grads_set(new)["a"] == pytest.approx(GRADS["a"])


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "predict_empty"),
        ("   ", "predict_empty"),
        ("abc", "predict_not_number"),
        ("x", "predict_not_number"),
        ("nan", "predict_nonfinite"),
        ("1e400", "predict_nonfinite"),
        ("[]", "input_empty_list"),
        ("[1, 'a']", "input_not_numbers"),
        ("[[1, 2], [1]]", "input_ragged"),
        ("[" * 12 + "1" + "]" * 12, "input_too_deep"),
        ("[" + "1," * 10_001 + "]", "input_too_many"),
        ("1" * 300_001, "input_too_long"),
        ("[1, 2]", "predict_shape_scalar"),  # the grad is a scalar
    ],
    ids=lambda value: value[:12] if isinstance(value, str) else None,
)
def test_a_prediction_that_cannot_be_read_is_refused_and_never_names_x(text, key):
    spec = _waiting_for("b")
    new, (message,) = apply(spec, Predict(text))
    assert new == spec
    assert keys([message]) == [("error", key, "predict")]
    for lang in LANGS:
        said = say.text(lang, message)
        assert said and "{" not in said
        assert not re.search(r"(?<![\w.])x(?![\w(])", said), said  # no word "x" in it


VECTOR = replace(START, program=programs.chain_program(BOOK, "[0.5, 1.0, -2.0]", "06"))


def test_an_array_grad_takes_one_number_for_all_or_an_array_of_its_shape():
    spec = _waiting_for("b", replace(VECTOR, predict=True))
    xs = np.array([0.5, 1.0, -2.0])
    truth = 2 * np.exp(xs**2)  # b.grad = 2b
    new, (message,) = apply(spec, Predict("[1, 1]"))
    assert new == spec and message.key == "predict_shape"
    assert message.args["shape"] == "(3,)" and "(3,)" in say.text("en", message)
    assert apply(spec, Predict("[[1, 2, 3]]"))[1][0].key == "predict_shape"
    text = "[" + ", ".join(repr(float(v)) for v in truth) + "]"
    assert apply(spec, Predict(text))[1][0].key == "predict_right"
    assert apply(spec, Predict(repr(float(truth[0]))))[1][0].key == "predict_wrong"
    # the seed is np.array(1.0) in step 06's program: one number
    seed = _waiting_for("y", replace(VECTOR, predict=True))
    assert apply(seed, Predict("1"))[1][0].key == "predict_right"


@pytest.mark.parametrize("spec", [at(START, 1), at(START, 5), _waiting_for("y")])
def test_no_guess_is_taken_where_none_is_asked(spec):
    if spec.predict:
        spec = replace(spec, predict=False)  # predict mode off
    else:
        spec = replace(spec, predict=True)  # a line that sets no grad
        assert not any(c.field == "grad" for c in lesson_of(spec).items[spec.step].changes)
    assert apply(spec, Predict("1")) == (spec, ())


def test_one_wrong_guess_in_the_whole_backward_pass():
    spec = replace(START, predict=True)
    order = ["y", "b", "a", "x"]
    for name in order:
        spec = _waiting_for(name, spec) if spec.step < _waiting_for(name, spec).step else spec
        guess = GRADS[name] + (1 if name == "b" else 0)
        spec, (verdict,) = apply(spec, Predict(repr(guess)))
        assert verdict.key == ("predict_wrong" if name == "b" else "predict_right")
    assert spec.score == (3, 4)


# -- the program ----------------------------------------------------------------------------------
FREE = "x = Variable(np.array(3.0))\ny = add(x, x)\ny.backward()\nprint(x.grad)\n"


def test_a_new_program_starts_the_lesson_again():
    spec = replace(START, book="14", program=PROGRAMS["branch"][0], step=5)
    new, said = apply(spec, SetProgram(FREE.replace("\n", "\r\n") + "\n\n"))
    assert new == replace(spec, program=FREE, step=0)
    assert keys(said) == [("info", "steps_reset", "page")]
    assert lesson_of(new).printed == "2.0\n"  # d(x + x)/dx, summed by step 14
    assert apply(new, SetProgram(FREE)) == (new, ())  # the same text: nothing to do
    assert apply(replace(new, step=0), SetProgram(PROGRAMS["branch"][0]))[1] == ()


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("x = Variable(np.array(1.0))\ny = foo(x)\n", 2, 5),
        ("x = Variable(np.array(1.0))\n\n\ny = x.inputs\n", 4, 5),
        ("x = Variable(np.array(1.0))\nimport os\n", 2, 1),
        ("x = Variable(np.array(1.0))\ny = A(x)\n", 2, 5),
    ],
)
def test_a_program_that_cannot_be_read_is_refused_with_line_and_column(text, line, column):
    spec = at(START, 6)
    new, (message,) = apply(spec, SetProgram(text))
    assert new is spec
    assert (message.level, message.key, message.where) == ("error", "program_refused", "program")
    assert (message.args["line"], message.args["column"]) == (line, column)
    assert isinstance(message.args["reason"], Message)
    assert f"Line {line}, column {column}" in say.text("en", message)


def test_a_syntax_error_is_placed_too():
    new, (message,) = apply(START, SetProgram("x = Variable(np.array(1.0))\ny = square(x\n"))
    assert new is START and message.args["line"] == 2 and message.args["reason"].key
    assert apply(START, SetProgram(None)) == (START, ())


@pytest.mark.parametrize(
    ("slip", "bracket"),
    [("y = square(x\n", "("), ("y = square(x))\n", ")"), ("y = square(x]\n", "]")],
)
def test_a_bracket_slip_is_told_with_its_bracket_in_every_language(slip, bracket):
    _, (message,) = apply(START, SetProgram("x = Variable(np.array(1.0))\n" + slip))
    generic = Message("", "program_syntax", {})
    for lang in LANGS:
        told = say.text(lang, message)
        assert bracket in told and "{" not in told, (lang, told)
        assert say.text(lang, generic) not in told, (lang, told)


# -- the input ------------------------------------------------------------------------------------
def test_a_new_input_rewrites_the_chain_and_restarts():
    new, said = apply(at(START, 6), SetInput(" 1.5 "))
    assert new == replace(START, program=programs.chain_program(BOOK, "1.5", "06"))
    assert keys(said) == [("info", "steps_reset", "page")]
    x = 1.5
    expected = 2 * np.exp(x**2) * np.exp(x**2) * 2 * x
    assert float(lesson_of(new).printed) == pytest.approx(expected)
    # at the start: no note; the same text: nothing
    assert apply(START, SetInput("2"))[1] == ()
    assert apply(START, SetInput("0.5")) == (START, ())


def test_a_new_input_keeps_the_steps_style():
    spec = replace(START, book="16", program=programs.chain_program(BOOK, "0.5", "16"))
    new, _ = apply(spec, SetInput("[1, 2]"))
    assert new.program == programs.chain_program(BOOK, "[1, 2]", "16")
    assert "square(x)" in new.program


@pytest.mark.parametrize(
    ("text", "key"), [("abc", "input_not_number"), ("1e309", "input_nonfinite")]
)
def test_a_bad_input_changes_nothing(text, key):
    spec = at(START, 3)
    assert apply(spec, SetInput(text)) == (spec, (Message("error", key, {}, "input"),))


def test_the_input_field_does_not_edit_a_program_of_the_learners_own():
    spec = replace(START, program=FREE, book="14")
    new, (message,) = apply(spec, SetInput("2"))
    assert new is spec and keys([message]) == [("warning", "input_not_chain", "input")]


# -- switches, language, view ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("action", "changes"),
    [
        (Toggle("projector", True), {"projector": True, "score": (0, 0)}),
        (Toggle("predict", False), {"predict": False, "score": (0, 0)}),
        (Toggle("predict", True), None),  # already on
        (Toggle("score", True), None),  # not a switch
        (SetLang("ja"), {"lang": "ja"}),
        (SetLang("fr"), None),
        (SetView("code"), {"view": "code"}),
        (SetView("forward"), {"view": "forward"}),
        (SetView("3d"), None),
        (Animate(False), {"anim": False}),
        ("next", None),  # not an action
    ],
)
def test_switches_language_and_view(action, changes):
    spec = replace(START, step=4, predict=True, score=(1, 2))
    new, said = apply(spec, action)
    assert said == ()
    assert new == (spec if changes is None else replace(spec, **changes))


# -- the book's step ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [("09", "16", "06"), ("16", "09", "06"), ("07", "08", "06")])
def test_a_chain_is_rewritten_in_each_steps_style_and_keeps_the_calls_made(path):
    after_two = first_position(START, lambda lesson, state: len(grad_names(lesson, state)) == 3)
    spec = at(START, after_two)  # the seed, C.backward and B.backward have run
    assert grads_set(spec) == pytest.approx({k: GRADS[k] for k in ("y", "b", "a")})
    for book in path:
        spec, said = apply(spec, SetBook(book))
        assert said == () and spec.book == book
        assert spec.program == programs.chain_program(BOOK, "0.5", book)
        assert grads_set(spec) == pytest.approx({k: GRADS[k] for k in ("y", "b", "a")})
        assert data_set(spec) == {"x", "a", "b", "y"}
        # the first such position: one line earlier, a.grad was not set yet
        assert "a" not in grads_set(at(spec, spec.step - 1))
    assert spec == at(START, after_two)


@pytest.mark.parametrize("book", ["07", "09", "16", "22"])
def test_a_switch_keeps_the_forward_calls_made_and_the_ends(book):
    two_calls = first_position(START, lambda lesson, state: len(state.data) == 3)  # x, a, b
    new, _ = apply(at(START, two_calls), SetBook(book))
    assert data_set(new) == {"x", "a", "b"} and data_set(at(new, new.step - 1)) == {"x", "a"}
    assert apply(at(START, END), SetBook(book))[0].step == total(
        replace(START, book=book, program=new.program)
    )
    assert apply(START, SetBook(book))[0].step == 0


def test_a_program_a_step_cannot_read_is_refused_and_nothing_changes():
    spec = replace(START, program=FREE, book="13", step=3)
    new, (message,) = apply(spec, SetBook("06"))
    assert new is spec
    assert (message.level, message.key) == ("warning", "book_refused")
    assert (message.args["line"], message.args["column"]) == (
        2,
        FREE.split("\n")[1].index("add") + 1,
    )
    # add is not step 06's: the message names the first step that brings it
    assert message.args["reason"].key == "program_function_step"
    assert message.args["reason"].args["step"] == 13
    text = say.text("en", message)
    assert "step 06" in text and "add" in text and "step 13" in text


def test_a_program_of_the_learners_own_is_kept_as_written_in_another_step():
    spec = replace(START, program=FREE, book="13")
    new, said = apply(spec, SetBook("14"))
    assert said == () and new.program == FREE and new.book == "14"
    assert lesson_of(spec).printed == "1.0\n"  # 13 overwrites
    assert lesson_of(new).printed == "2.0\n"  # 14 adds


@pytest.mark.parametrize("book", ["06", "5", "99", None])
def test_the_same_or_an_unknown_book_changes_nothing(book):
    spec = at(START, 3)
    assert apply(spec, SetBook(book)) == (spec, ())


# -- the chain's buttons --------------------------------------------------------------------------
def test_add_up_to_the_limit_then_refuse():
    spec, said = apply(at(START, 5), Clear())
    assert chain_of(spec).ops == () and spec.step == 0 and keys(said) == [
        ("info", "steps_reset", "page")]  # fmt: skip
    assert spec.program == "x = Variable(np.array(0.5))\n"
    for count in range(1, MAX_FUNCTIONS + 1):
        spec, said = apply(spec, AddOp("Sin" if count % 2 else "Cos"))
        assert said == () and len(chain_of(spec).ops) == count
    full = spec
    new, (message,) = apply(full, AddOp("Exp"))
    assert new is full and (message.key, message.args) == ("limit_reached", {"limit": 32})
    # the 32-function chain runs to its end: x.grad of sin(cos(sin(...)))
    value = 0.5
    derivative = 1.0
    for count in range(1, MAX_FUNCTIONS + 1):
        derivative *= np.cos(value) if count % 2 else -np.sin(value)
        value = np.sin(value) if count % 2 else np.cos(value)
    assert float(lesson_of(full).printed) == pytest.approx(derivative, rel=1e-12)


def test_add_an_unknown_function_changes_nothing():
    assert apply(START, AddOp("Relu")) == (START, ())


@pytest.mark.parametrize(
    ("action", "ops"),
    [
        (MoveOp(1, 1), ("Square", "Square", "Exp")),
        (MoveOp(1, -1), ("Exp", "Square", "Square")),
        (MoveOp(0, -1), None),
        (MoveOp(2, 1), None),
        (MoveOp(7, -1), None),
        (RemoveOp(1), ("Square", "Square")),
        (RemoveOp(3), None),
        (AddOp("Cos"), (*BOOK, "Cos")),
    ],
)
def test_move_remove_add(action, ops):
    spec = at(START, 6)
    new, said = apply(spec, action)
    if ops is None:
        assert (new, said) == (spec, ())
        return
    assert new == replace(START, program=programs.chain_program(ops, "0.5", "06"))
    assert keys(said) == [("info", "steps_reset", "page")]


def test_the_buttons_do_not_edit_a_program_of_the_learners_own():
    spec = replace(START, program=FREE, book="14")
    for action in (AddOp("Exp"), MoveOp(0, 1), RemoveOp(0), Clear()):
        new, (message,) = apply(spec, action)
        assert new is spec and message.key == "program_not_chain"


# -- presets --------------------------------------------------------------------------------------
@pytest.mark.parametrize("book", ["06", "16"])
@pytest.mark.parametrize("name", list(CHAINS))
def test_a_chain_preset_is_written_in_the_current_steps_style(book, name):
    spec = replace(START, book=book, program=programs.chain_program(BOOK, "2", book), step=3)
    new, (message,) = apply(spec, Preset(name))
    ops, x = CHAINS[name]
    assert new == replace(spec, program=programs.chain_program(ops, x, book), step=0)
    assert (message.key, message.args["name"].key) == ("preset_loaded", f"preset_{name}")


def test_the_overflow_preset_overflows_where_numpy_does():
    spec, _ = apply(START, Preset("overflow"))
    with np.errstate(all="ignore"):
        middle = np.exp(np.exp(10.0))
        expected = np.sin(middle)
    assert not np.isfinite(middle) and np.isnan(expected)
    lesson = lesson_of(spec)
    assert any("overflow" in item.flags for item in lesson.items)


@pytest.mark.parametrize(("name", "printed"), [
    ("add_twice", {"13": "1.0\n", "14": "2.0\n", "22": "2.0\n"}),
    ("branch", {"14": "96.0\n", "16": "64.0\n", "22": "64.0\n"}),
])  # fmt: skip
def test_a_stage_2_preset_moves_the_book_only_when_needed(name, printed):
    text, first = PROGRAMS[name]
    new, said = apply(at(START, 4), Preset(name))
    assert (new.program, new.book, new.step) == (text, first, 0)
    assert [m.key for m in said] == ["preset_loaded", "preset_needs_book"]
    assert said[1].args["step"].args == {"step": int(first)}
    assert lesson_of(new).printed == printed[first]
    for book, out in printed.items():
        if book < first:
            continue
        spec = replace(START, book=book, program=FREE if name == "branch" else START.program)
        new, said = apply(spec, Preset(name))
        assert new.book == book and [m.key for m in said] == ["preset_loaded"]
        assert lesson_of(new).printed == out


def test_the_step_22_presets_run():
    x = y = 1.0
    sphere = (2 * x, 2 * y)  # x² + y²
    matyas = (0.26 * 2 * x - 0.48 * y, 0.26 * 2 * y - 0.48 * x)  # 0.26 (x² + y²) - 0.48 x y
    for name, expected in (("sphere", sphere), ("matyas", matyas)):
        new, _ = apply(START, Preset(name))
        assert new.book == "22"
        grads = tuple(float(v) for v in lesson_of(new).printed.split())
        assert grads == pytest.approx(expected, rel=1e-12)


def test_an_unknown_preset_changes_nothing():
    assert apply(START, Preset("nope")) == (START, ())


# -- the learner's functions ----------------------------------------------------------------------
def _cube(spec=START):
    spec, said = apply(spec, Preset("write_cube"))
    assert [m.key for m in said] == ["exercise_loaded"]
    assert spec.defs == (("Cube", "x ** 3", ""),)
    return spec


def test_a_function_without_its_backward_cannot_be_added():
    spec = _cube()
    new, (message,) = apply(spec, AddOp("Cube"))
    assert new is spec and message.key == "write_unfinished"


def test_a_defined_function_joins_the_chain_renamed_and_deleted():
    spec, (saved,) = apply(_cube(), Define(0, "Cube", "x ** 3", "3 * x ** 2 * gy"))
    assert saved.key == "def_updated" and spec.defs == (("Cube", "x ** 3", "3 * x ** 2 * gy"),)
    spec, _ = apply(spec, AddOp("Cube"))
    assert chain_of(spec).ops == (*BOOK, "Cube")
    c = Y_  # c = b², then y = c³: dy/dx = 3c² · 2b · e^a · 2x
    assert float(lesson_of(spec).printed) == pytest.approx(3 * c**2 * GRADS["x"])
    spec = at(spec, 6)
    renamed, (said,) = apply(spec, Define(0, "Cubic", "x ** 3", "3 * x ** 2 * gy"))
    assert said.key == "def_updated"
    assert chain_of(renamed).ops == (*BOOK, "Cubic") and renamed.step == 6
    in_09, _ = apply(renamed, SetBook("09"))
    assert "= cubic(" in in_09.program and "Cube" not in in_09.program
    assert chain_of(in_09).ops == (*BOOK, "Cubic")
    deleted, said = apply(in_09, Undefine(0))
    assert [m.key for m in said][0] == "def_deleted_chain" and said[0].args["count"] == 1
    assert deleted.defs == () and chain_of(deleted).ops == BOOK
    assert deleted.program == programs.chain_program(BOOK, "0.5", "09")


def test_a_function_used_by_a_program_of_the_learners_own_cannot_be_deleted_or_renamed():
    spec, _ = apply(_cube(), Define(0, "Cube", "x ** 3", "3 * x ** 2 * gy"))
    program = "x = Variable(np.array(2.0))\nt = cube(x)\nz = cube(t)\nz.backward()\nprint(x.grad)\n"
    spec, said = apply(replace(spec, book="09"), SetProgram(program))
    assert said == () and chain_of(spec) is None
    assert float(lesson_of(spec).printed) == pytest.approx(9 * 2.0**8)  # d(x⁹)/dx at 2
    new, (message,) = apply(spec, Undefine(0))
    assert new is spec and (message.level, message.key) == ("error", "def_used_by_program")
    new, (message,) = apply(spec, Define(0, "Cubic", "x ** 3", "3 * x ** 2 * gy"))
    assert new is spec and message.key == "def_used_by_program"
    # a function the program does not use goes
    spec, _ = apply(spec, Define(1, "Twice", "2 * x", "2 * gy"))
    new, (message,) = apply(spec, Undefine(1))
    assert message.key == "def_deleted" and new.defs == spec.defs[:1]


def test_a_wrong_definition_is_refused_where_it_was_typed():
    spec = _cube()
    new, (message,) = apply(spec, Define(0, "Cube", "x ** 3", "3 * x **"))
    assert new is spec and (message.key, message.where) == ("write_field_error", "def0")
    assert message.args["field"].key == "field_backward"
    assert apply(spec, Define(5, "Q", "x", "1")) == (spec, ())  # no such slot
    assert apply(spec, Undefine(3)) == (spec, ())


# -- manual calls (step 06's way) -----------------------------------------------------------------
def test_a_call_before_the_forward_pass_is_refused():
    spec = at(START, 3)  # A, B, C made; nothing called
    new, (message,) = apply(spec, ManualCall("f0"))
    assert new is spec and (message.key, message.where) == ("err_forward_first", "manual")


def test_a_call_whose_output_grad_is_none_names_what_is_missing():
    before_seed = at(START, forward_done(START))
    new, (message,) = apply(before_seed, ManualCall("f2"))  # C.backward(y.grad)
    assert new is before_seed
    assert (message.level, message.key) == ("warning", "err_missing_seed")
    assert (message.args["fn"], message.args["needed"]) == ("C", "y")
    after_seed = at(START, seeded(START))
    new, (message,) = apply(after_seed, ManualCall("f0"))  # A.backward(a.grad): too early
    assert new is after_seed and message.key == "err_missing_grad"
    # a.grad comes from B.backward (B uses a), not from A
    assert (message.args["fn"], message.args["needed"], message.args["producer"]) == (
        "A", "a", "B")  # fmt: skip
    text = say.text("en", message)
    assert "a.grad" in text and "B" in text
    assert apply(after_seed, ManualCall("f9")) == (after_seed, ())


def test_the_next_line_is_the_call_made():
    spec = at(START, seeded(START))
    for name, fn in (("b", "f2"), ("a", "f1"), ("x", "f0")):
        new, said = apply(spec, ManualCall(fn))
        assert said == () and new.step == spec.step + 1 and new.program == spec.program
        assert grads_set(new)[name] == pytest.approx(GRADS[name])
        spec = new
    assert grads_set(spec) == pytest.approx(GRADS)


NAMED = (
    "A = Square()\nB = Square()\nC = Square()\nD = Add()\n"
    "x = Variable(np.array(2.0))\na = A(x)\nb = B(a)\nc = C(a)\ny = D(b, c)\n"
    "y.grad = np.array(1.0)\n"
)


def test_on_a_branching_graph_a_call_too_early_is_written_as_a_line_and_run():
    spec = replace(START, program=NAMED, book="14", step=10**6)
    spec = at(spec, total(spec))
    codes = dict(manual_calls(spec))
    assert codes["f3"] == "gb, gc = D.backward(y.grad)\nb.grad = gb\nc.grad = gc"
    spec, (said,) = apply(spec, ManualCall("f3"))
    assert (said.key, said.args["code"]) == ("manual_written", "gb, gc = D.backward(y.grad)")
    assert spec.program == NAMED + codes["f3"] + "\n"
    assert spec.step == total(spec)
    assert grads_set(spec) == {"y": 1.0, "b": 1.0, "c": 1.0}
    spec, _ = apply(spec, ManualCall("f1"))  # B sends its part of a.grad; C has not yet
    x, a = 2.0, 4.0
    assert grads_set(spec)["a"] == pytest.approx(2 * a)
    # A.backward now: a.grad lacks C's part, so x.grad gets B's path only
    new, (said,) = apply(spec, ManualCall("f0"))
    assert said.key == "manual_written"
    assert new.program.endswith("a.grad = B.backward(b.grad)\nx.grad = A.backward(a.grad)\n")
    assert new.step == total(new)
    assert grads_set(new)["x"] == pytest.approx(2 * x * 2 * a)  # 32, not 64
    assert lesson_of(new).items[-1].calls[0].fn == "f0"


def test_a_manual_call_in_a_program_without_names_is_explained():
    spec = replace(START, program="x = Variable(np.array(2.0))\ny = square(square(x))\n"
                   "y.grad = np.array(1.0)\n", book="09")  # fmt: skip
    spec = at(spec, total(spec))
    inner = next(f.id for f in lesson_of(spec).functions
                 if lesson_of(spec).inputs_of(f.id)[0].src == "v0")  # fmt: skip
    new, said = apply(spec, ManualCall(inner))
    assert new is spec and len(said) == 1 and said[0].where == "manual"


def test_a_manual_call_on_an_input_used_twice_adds_the_second_grad():
    """``y = add(x, x)``: one call returns two grads for the same x; the lines the button
    writes set x.grad from the first and add the second, and they run in step 13's code,
    where ``y.creator`` names the function (an unnamed ``Add``)."""
    program = "x = Variable(np.array(3.0))\ny = add(x, x)\ny.grad = np.array(1.0)\n"
    spec = replace(START, program=program, book="13")
    spec = at(spec, total(spec))
    (fn, code), = manual_calls(spec)
    assert code.splitlines() == [
        "gx0, gx1 = y.creator.backward(y.grad)", "x.grad = gx0", "x.grad = x.grad + gx1"]
    new, (said,) = apply(spec, ManualCall(fn))
    assert said.key == "manual_written"
    assert not [item.error for item in lesson_of(new).items if item.error]
    assert grads_set(new)["x"] == pytest.approx(2.0)  # d(x + x)/dx, both halves kept


def test_numpy_operators_on_grads_read_before_step_20():
    """``a.grad + ...`` adds ndarrays, which every step can do; ``x + 1`` on a Variable
    still waits for step 20."""
    grads = "x = Variable(np.array(1.0))\nx.grad = np.array(1.0)\nx.grad = x.grad + x.grad\n"
    spec, said = apply(replace(START, book="09"), SetProgram(grads))
    assert spec.program == grads and not [m for m in said if m.kind == "error"]
    variable = "x = Variable(np.array(1.0))\ny = x + 1\n"
    refused, (message,) = apply(replace(START, book="09"), SetProgram(variable))
    assert refused.program != variable and message.key == "program_refused"
    assert message.args["reason"].key == "program_operator_step"
