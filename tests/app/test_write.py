"""Write a Function: the learner's own class is defined through its form, offered to the chain,
traced into the lesson like the book's functions, checked, and kept in the link."""

import html

import numpy as np
import pytest
from app.pages import (
    assert_link_is_spec,
    assert_said_on_page,
    lesson_of,
    printed,
    said,
    spec,
    submit,
)
from harness import element_data, exceptions, frames, messages, new_app

from autograd.expression import MAX_LENGTH
from components.model import programs, userfn

CUBE = ("Cube", "x ** 3", "3 * x ** 2 * gy")


def defined(at, index, name, forward, backward):
    at.text_input(key=f"def{index}_name").set_value(name)
    at.text_input(key=f"def{index}_forward").set_value(forward)
    at.text_input(key=f"def{index}_backward").set_value(backward)
    return submit(at, f"def{index}_form")


def test_a_function_written_in_the_form_is_kept_offered_and_linked():
    at = defined(new_app(), 0, *CUBE)
    assert exceptions(at) == []
    assert spec(at).defs == (CUBE,)
    assert [m.key for m in said(at)] == ["def_saved"]
    assert_said_on_page(at)
    assert at.button(key="add_Cube").disabled is False  # offered beside the book's
    assert at.text_input(key="def1_name").value == ""  # a new empty form after it
    assert_link_is_spec(at)


def test_the_learners_function_appears_in_the_lesson():
    at = defined(new_app({"book": "09"}), 0, *CUBE)
    at.button(key="add_Cube").click().run()
    held = spec(at)
    assert programs.read_chain(held.program, "09").ops[-1] == "Cube"
    lesson = lesson_of(held.program, "09", held.defs)
    (cube,) = [fn for fn in lesson.functions if fn.user]
    assert cube.cls == "Cube"
    assert element_data(at)["lesson"] == lesson.key
    sent = frames(at)
    assert f'id="bpx-{cube.id}"' in html.unescape(sent["svg"])  # drawn in the graph
    assert sent["base"][cube.id][0] == "Cube"
    # x.grad at the end: the chain rule through Cube, against a central difference of the
    # forward the learner wrote (numpy here, never the app's numbers)
    x, eps = 0.5, 1e-6

    def f(v):
        return (np.exp(v**2) ** 2) ** 3

    expected = (f(x + eps) - f(x - eps)) / (2 * eps)
    shown = float(printed(sent).split()[-1])
    assert np.isclose(shown, expected, rtol=1e-5)
    assert_link_is_spec(at)


@pytest.mark.parametrize("backward", ["2 * x * gy", "gy / 0"])  # a wrong number; inf
def test_a_wrong_backward_is_flagged_under_the_lesson_and_on_the_graph(backward):
    wrong = ("Cube", "x ** 3", backward)
    at = defined(new_app({"book": "09"}), 0, *wrong)
    at.button(key="add_Cube").click().run()
    held = spec(at)
    lesson = lesson_of(held.program, "09", held.defs)
    (cube,) = [fn for fn in lesson.functions if fn.user]
    assert any("Cube" in text for text in messages(at, "warning"))
    sent = frames(at)
    labels = [sent["base"], *sent["deltas"]]
    flagged = {
        node
        for shown in labels
        for node, (text, cls) in shown.items()
        if "wrong" in cls.split() and text and "Cube" in text
    }
    assert flagged  # the graph marks Cube's derivative wrong
    right = defined(new_app({"book": "09"}), 0, *CUBE)
    right.button(key="add_Cube").click().run()
    assert not any(
        "wrong" in cls.split() for shown in [frames(right)["base"]] for _, cls in shown.values()
    )


def test_a_definition_that_cannot_be_used_says_why_and_keeps_the_text():
    at = new_app()
    at = defined(at, 0, "Cube", "__import__('os')", "gy")
    assert spec(at).defs == ()
    (message,) = said(at)
    assert message.key == "write_field_error" and message.where == "def0"
    assert len(messages(at, "error")) == 1
    assert at.text_input(key="def0_forward").value == "__import__('os')"
    assert exceptions(at) == []
    assert_link_is_spec(at)


def test_an_exercise_leaves_the_backward_to_write_and_cannot_be_added_yet():
    at = new_app()
    at.button(key="preset_write_cube").click().run()
    (definition,) = spec(at).defs
    assert definition[2] == ""
    assert at.text_input(key="def0_name").value == definition[0]
    assert at.text_input(key="def0_forward").value == definition[1]
    assert at.button(key="def0_add").disabled
    # writing the backward completes it
    at.text_input(key="def0_backward").set_value("3 * x ** 2 * gy")
    at = submit(at, "def0_form")
    assert spec(at).defs[0][2] == "3 * x ** 2 * gy"
    assert at.button(key="def0_add").disabled is False


def test_deleting_a_function_the_chain_uses_takes_it_out_of_the_chain():
    at = defined(new_app(), 0, *CUBE)
    at.button(key="add_Cube").click().run()
    assert "Cube" in programs.read_chain(spec(at).program, "06").ops
    at.button(key="def0_delete").click().run()
    assert spec(at).defs == ()
    assert "Cube" not in programs.read_chain(spec(at).program, "06").ops
    assert exceptions(at) == []
    assert_link_is_spec(at)


def test_at_most_the_limit_of_functions():
    at = new_app()
    for i in range(userfn.MAX_DEFS):
        at = defined(at, i, f"My{'ABCDEFGH'[i]}", "x", "gy")
    assert len(spec(at).defs) == userfn.MAX_DEFS
    assert f"def{userfn.MAX_DEFS}_name" not in [w.key for w in at.text_input]


def test_a_pasted_expression_over_the_limit_is_kept_and_refused_with_the_limit():
    long = "x + " * 50 + "x"  # 201 characters: the form takes it, the reader says why not
    assert len(long) > MAX_LENGTH
    at = defined(new_app(), 0, "Cube", long, "gy")
    assert at.text_input(key="def0_forward").value == long
    assert at.text_input(key="def0_forward").max_chars in (None, 0)
    assert spec(at).defs == ()
    (message,) = said(at)
    assert message.key == "write_field_error"
    (shown,) = messages(at, "error")
    assert str(MAX_LENGTH) in shown and exceptions(at) == []


@pytest.mark.parametrize(
    ("ops", "hidden"),
    [
        (("Square", "Exp", "Square", "Cube"), True),  # last: gy = 1, the mistake does not show
        (("Cube", "Square", "Exp", "Square"), False),  # first: its grads disagree, as they should
    ],
)
def test_a_wrong_backward_the_check_cannot_see_is_named_there(ops, hidden):
    """A backward that ignores gy agrees with the numerical derivative last in the chain: the
    check does not let that pass for "backward is right"."""
    wrong = ("Cube", "x ** 3", "3 * x ** 2")
    definitions = (wrong,)
    assert userfn.wrong(definitions, 0.5) == {"Cube"}
    program = programs.chain_program(ops, "0.5", "08")
    lesson = lesson_of(program, "08", definitions)
    at = new_app({"p": program, "book": "08", "def": userfn.to_param(wrong), "lang": "en",
                  "step": str(len(lesson.items))})  # fmt: skip
    assert exceptions(at) == []
    warned = [w for w in messages(at, "warning") if "yet here every grad agrees" in w]
    assert bool(warned) == hidden
    if hidden:
        assert "`Cube`" in warned[0] or "Cube" in warned[0]
