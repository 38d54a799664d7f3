"""What the page says is true of what ran: a line of the step's code that raised does not
"return"; a call made by hand inside ``y.backward()`` runs after it, on the grads it leaves; a
refused call does not claim an error Python would not raise; a function called twice says so;
the gradient check names the cause of a grad counted twice, and an input cut off by
``no_grad``; the hints name the step that brings what is missing, or say no step does.

Expected numbers come from the step's own code (the tracer) or from math written here."""

from dataclasses import replace

import numpy as np
import pytest

from autograd import steps
from components.i18n import t
from components.model import lessons
from components.model.state import ManualCall, SetProgram, Spec, apply, lesson_of, manual_calls
from components.views import check, frames, say
from components.views.narration import Speaker


def built(program, book):
    made = lessons.lesson(program, book, ())
    assert made.error is None, made.error
    return made.lesson


def sentences(lesson, lang="en"):
    """The narration of every position, as the panels say it."""
    speaker = Speaker(lesson, lang)
    said, before, done_before = [], None, frozenset()
    for position, _, state, done in frames.walk(lesson):
        said.append(speaker.sentence(position, state, done, before, done_before))
        before, done_before = state, done
    return said


def grads(spec):
    lesson = lesson_of(spec)
    state = lesson.state(spec.step)
    return {lesson.node(k).name: float(np.sum(v)) for k, v in state.grad.items() if v is not None}


# -- a line that raises ---------------------------------------------------------------------------
MISMATCH = (
    "x = Variable(np.array([1.0, 2.0]))\ny = square(x)\n"
    "y.grad = np.array([1.0, 2.0, 3.0])\ny.backward()\nprint(x.grad)\n"
)


@pytest.mark.parametrize("book", ["09", "16", "22"])
def test_a_backward_that_raises_returns_nothing_and_its_line_says_it_raised(book):
    lesson = built(MISMATCH, book)
    error = next(i for i, item in enumerate(lesson.items) if item.kind == "error")
    assert lesson.items[error].error[0] == "ValueError"  # what numpy raises: (2,) * (3,)
    # Square.backward raised: no call of it was made, nothing returned, no grad set
    assert not [c for item in lesson.items for c in item.calls if c.kind == "backward"]
    assert lesson.state(len(lesson.items)).grad.get(lesson.inputs[0]) is None
    raised = lesson.items[error - 1]
    assert raised.where == "step" and raised.kind != "return"
    said = sentences(lesson)
    assert said[error] == t("en", "narr_line_raises", code="gxs = f.backward(*gys)") or (
        said[error] == t("en", "narr_line_raises", code="x.grad = f.backward(y.grad)")
    )
    for text in said[: error + 1]:
        assert "returns" not in text and "again" not in text


# -- a manual call inside y.backward() ------------------------------------------------------------
BRANCH = (
    "x = Variable(np.array(2.0))\na = square(x)\nb = square(a)\nc = square(a)\n"
    "y = add(b, c)\ny.backward()\nprint(x.grad)\n"
)


def test_a_call_made_inside_backward_goes_after_it_and_is_written_for_its_grads():
    spec = replace(Spec(), program=BRANCH, book="16")
    lesson = lesson_of(spec)
    backward = lesson.statements.index(6)  # y.backward() is the program's line 6
    inside = [i for i, item in enumerate(lesson.items, 1) if item.stmt == backward]
    middle = inside[len(inside) // 2]
    spec = replace(spec, step=middle)
    assert grads(spec).get("a") is None or grads(spec)["a"] != 16.0  # a.grad not complete yet
    b_fn = next(e.src for e in lesson.edges if e.kind == "out" and lesson.node(e.dst).name == "b")
    code = dict(manual_calls(spec))[b_fn]
    # after y.backward() a.grad = 2a * (1 + 1) is set: the line adds to it
    assert code == "a.grad = a.grad + b.creator.backward(b.grad)"
    new, (said,) = apply(spec, ManualCall(b_fn))
    assert said.key == "manual_written_after" and said.args["line"] == "y.backward()"
    lines = new.program.split("\n")
    assert lines[lines.index("y.backward()") + 1] == code
    # it ran on what y.backward() left: a.grad = 16 + 8, nothing overwritten
    a = 4.0
    assert grads(new)["a"] == pytest.approx(2 * (2 * a) + 2 * a)
    said = " ".join(sentences(lesson_of(new)))
    assert f"is now {3 * 2 * a:g} (it was {2 * 2 * a:g})" in said  # added, not replaced
    assert "runs again (run 2)" in said  # b's function ran inside y.backward() already
    again, _ = apply(replace(new, step=len(lesson_of(new).items)), ManualCall(b_fn))
    assert "runs again (run 3)" in sentences(lesson_of(again))[-1]


def test_a_refused_call_claims_no_type_error():
    program = (
        "x = Variable(np.array(2.0))\na = square(x)\nb = square(a)\nc = square(a)\ny = add(b, c)\n"
    )
    spec = replace(Spec(), program=program, book="16")
    spec = replace(spec, step=len(lesson_of(spec).items))
    lesson = lesson_of(spec)
    add_fn = next(f.id for f in lesson.functions if f.cls == "Add")
    new, (said,) = apply(spec, ManualCall(add_fn))
    assert new is spec and said.key == "err_missing_seed"
    for lang in ("en", "ko", "ja", "zh"):
        text = say.text(lang, said)
        assert "TypeError" not in text and "dy/dy" in text  # its output is y: dy/dy


def test_a_function_called_twice_by_hand_says_so():
    program = (
        "x = Variable(np.array(2.0))\na = square(x)\nb = square(a)\nc = square(a)\n"
        "y = add(b, c)\ny.grad = np.array(1.0)\n"
    )
    spec = replace(Spec(), program=program, book="16")
    for name in ("y", "c", "b", "a", "a"):
        spec = replace(spec, step=len(lesson_of(spec).items))
        lesson = lesson_of(spec)
        fn = next(
            e.src for e in lesson.edges if e.kind == "out" and lesson.node(e.dst).name == name
        )
        spec, _ = apply(spec, ManualCall(fn))
    lesson = lesson_of(spec)
    said = sentences(lesson)
    # a's function: its second run, counted; no other line warns
    assert t("en", "narr_again_program", fn="`Square`", n=2) in said[-1]
    assert "⚠" not in " ".join(said[:-1])
    x, a = 2.0, 4.0
    assert grads(replace(spec, step=len(lesson.items)))["x"] == pytest.approx(2 * 2 * x * 4 * a)


# -- the seed names its output --------------------------------------------------------------------
def test_the_seed_sentence_names_the_output():
    program = "x = Variable(np.array(2.0))\nz = square(x)\nz.backward()\nprint(x.grad)\n"
    said = " ".join(sentences(built(program, "16")))
    assert "dz/dz = 1" in said and "dy/dy" not in said


# -- the gradient check's causes ------------------------------------------------------------------
def test_the_check_names_a_second_backward_without_cleargrad():
    program = (
        "x = Variable(np.array(2.0))\ny = square(x)\ny.backward()\ny.backward()\nprint(x.grad)\n"
    )
    lesson = built(program, "16")
    found = check.gradient_check(lesson)
    (row,) = found.inputs[0].rows
    assert row["backprop"] == pytest.approx(2 * 2 * 2.0) and row["numerical"] == pytest.approx(4.0)
    assert found.repeated == ("Square",)
    said = check.cause_text("en", found)
    assert "cleargrad()" in said and "seen_set" not in said  # step 16 has it: no help here
    in_14 = check.cause_text("en", check.gradient_check(built(program, "14")))
    assert in_14.endswith(t("en", "check_cause_order"))
    cleared = program.replace(
        "y.backward()\ny.backward()", "y.backward()\nx.cleargrad()\ny.backward()"
    )
    fine = check.gradient_check(built(cleared, "16"))
    assert check.cause_text("en", fine) is None  # it ran twice, but the grads agree


def test_the_check_names_step_13s_overwrite():
    program = "x = Variable(np.array(3.0))\ny = add(x, x)\ny.backward()\nprint(x.grad)\n"
    found = check.gradient_check(built(program, "13"))
    assert found.inputs[0].rows[0]["backprop"] == 1.0  # the book's bug: 2 expected
    assert found.replaced and check.cause_text("en", found) == t("en", "check_cause_replaced")
    assert check.cause_text("en", check.gradient_check(built(program, "14"))) is None


NOGRAD = (
    "x = Variable(np.array(2.0))\ny = Variable(np.array(3.0))\nwith no_grad():\n"
    "    t = square(y)\nz = add(square(x), t)\nz.backward()\nprint(x.grad, y.grad)\n"
)


def test_an_input_used_under_no_grad_only_is_said_so():
    lesson = built(NOGRAD, "18")
    found = check.gradient_check(lesson)
    status = {entry.name: entry.status for entry in found.inputs}
    assert status == {"x": "ok", "y": "nograd"}
    y = next(entry for entry in found.inputs if entry.name == "y")
    assert "no_grad()" in check.status_text("en", found, y)
    tangent = check.tangent(lesson)
    assert (tangent.status, tangent.input) == ("ok", "x")  # z depends on x alone, to the graph
    assert tangent.grad == pytest.approx(2 * 2.0)


# -- hints ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("book", "expression", "hint"),
    [
        ("22", "2 ** x", "narr_hint_pow"),
        ("22", "x ** x", "narr_hint_pow"),
        ("20", "x + 'a'", "narr_hint_text"),
        ("21", "x + 'a'", "narr_hint_text"),
        ("20", "2.0 * x", "narr_hint_operator"),
    ],
)
def test_an_operator_error_gets_a_true_hint(book, expression, hint):
    lesson = built(f"x = Variable(np.array(2.0))\ny = {expression}\nprint(y)\n", book)
    said = sentences(lesson)[-1]
    assert t("en", hint) in said
    for other in ("narr_hint_pow", "narr_hint_text", "narr_hint_operator", "narr_hint_number"):
        if other != hint:
            assert t("en", other) not in said


def test_a_function_of_a_later_step_names_that_step():
    program = "x = Variable(np.array(2.0))\ny = add(x, x)\nprint(y.data)\n"
    spec, (said,) = apply(replace(Spec(), book="09"), SetProgram(program))
    first = next(step for step in steps.STEPS if "add" in steps.book(step).names)
    assert said.args["reason"].key == "program_function_step"
    assert said.args["reason"].args["step"] == int(first)
    assert f"step {int(first)}" in say.text("en", said)


def test_a_comma_typed_for_x_says_it_made_a_vector():
    from components.model.state import SetInput

    spec, said = apply(Spec(), SetInput("1,2"))
    (note,) = [m for m in said if m.key == "input_read_as_list"]
    assert note.where == "input" and "np.array([1.0,2.0])" in say.text("en", note)
    data = lesson_of(spec).state(len(lesson_of(spec).items)).data[lesson_of(spec).inputs[0]]
    assert data.tolist() == [1.0, 2.0]
    _, said = apply(Spec(), SetInput("1.2"))
    assert "input_read_as_list" not in [m.key for m in said]


def test_the_chain_rule_has_no_path_through_a_call_under_no_grad():
    from components.views import panels

    lesson = built(NOGRAD, "18")
    output, _, rows, _ = panels.chain_structure(lesson)
    assert lesson.node(output).name == "z"
    assert [lesson.node(source).name for source, _, _ in rows] == ["x"]  # not y: cut off
