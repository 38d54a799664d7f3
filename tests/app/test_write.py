"""The "Write a Function" panel in the app: writing, the check at once, the flag under the
graph, editing in the chain, deleting, the exercises, def= links and tampered ones."""

import pytest
from harness import (
    click,
    dot,
    markdown_texts,
    messages,
    new_app,
    open_tab,
    outside_code_spans,
    table,
    visible_texts,
)

from autograd import Stepper
from components import format as fmt
from components import state, userfn
from components.graph import WRONG
from components.i18n import TEXT

CUBE = ("Cube", "x**3", "3*x**2*gy")


def spec(at):
    return at.session_state["spec"]


def write(at, index, name, forward, backward):
    """Fill form ``index`` of the panel and send it, as a learner does."""
    for field, value in zip(
        ("name", "forward", "backward"), (name, forward, backward), strict=True
    ):
        at.text_input(key=f"def{index}_{field}").set_value(value)
    labels = {TEXT[key][spec(at).lang] for key in ("write_define", "write_save")}
    [button] = [b for b in at.button if b.form_id == f"def{index}_form" and b.label in labels]
    return button.click().run()


def texts(at, kind):
    return messages(at, kind)


def test_a_new_visitor_writes_cube_sees_it_checked_and_adds_it_to_the_chain():
    at = write(new_app(), 0, *CUBE)
    assert not at.exception
    assert spec(at).defs == (CUBE,)
    assert any(text.startswith("✓ Cube.backward is right") for text in texts(at, "success"))
    assert "class Cube(Function):" in texts(at, "code")[-1]
    click(at, "add_Cube")  # the sidebar's button, beside the built-ins
    assert spec(at).ops == ("Square", "Exp", "Square", "Cube")
    assert at.query_params["def"] == "Cube:x**3:3*x**2*gy"  # AppTest: one value, no list
    program = texts(at, "code")[0]
    assert "class Cube(Function):" in program and "D = Cube()" in program
    assert WRONG not in dot(at)


def test_a_broken_backward_is_flagged_on_its_node_and_explained_and_the_lesson_runs():
    at = new_app({"def": "Cube:x**3:3*x**2*gy", "f": "Cube,Exp", "step": "5"})
    write(at, 0, "Cube", "x**3", "3*x**2")  # forgot * gy
    assert (spec(at).ops, spec(at).step) == (("Cube", "Exp"), 5)  # the same position
    [warning] = texts(at, "warning")
    assert warning.startswith("`A = Cube()`: ✗ Cube.backward ignores gy")
    assert any("ignores gy" in text for text in texts(at, "error"))  # in the panel too
    source = dot(at)
    lines = source.state["d0"][0].split("\n")
    assert lines[:2] == ["A'(x)", "Cube'"] and lines[-1] == WRONG
    assert "wrong" in source.state["d0"][1].split()  # drawn dashed red, at every step
    registry = userfn.registry(spec(at).defs)
    wrong = Stepper(["Cube", "Exp"], 0.5, registry).run_to_end().chain.x.grad
    assert table(at)["x"]["grad"] == fmt.full(wrong)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (("Cube", "x**3", "__import__('os').system('ls')"), "backward"),
        (("cube", "x**3", ""), "name"),
        (("Cube", "x ** ", ""), "forward"),
    ],
)
def test_a_refused_edit_keeps_the_typed_text_and_the_last_definition(fields, field):
    at = new_app({"def": "Cube:x**3:3*x**2*gy"})
    write(at, 0, *fields)
    assert spec(at).defs == (CUBE,)
    [error] = texts(at, "error")
    assert error.startswith(TEXT[f"field_{field}"]["en"] + ": ")
    assert at.text_input(key="def0_backward").value == fields[2]  # still there to correct
    assert "__import__" not in outside_code_spans(error)
    assert not at.exception


def test_delete_takes_it_out_of_the_chain():
    at = new_app({"def": "Cube:x**3:3*x**2*gy", "f": "Square,Cube", "step": "2"})
    click(at, "def0_delete")
    assert (spec(at).defs, spec(at).ops, spec(at).step) == ((), ("Square",), 0)
    assert at.text_input(key="def0_name").value == ""  # the form is empty again
    assert any(text.startswith("Cube is deleted") for text in texts(at, "success"))
    assert "def" not in at.query_params


@pytest.mark.parametrize(("preset", "backward"), [("write_cube", "3 * x ** 2 * gy"),
                                                  ("write_sin", "np.cos(x) * gy")])  # fmt: skip
def test_an_exercise_leaves_the_backward_to_write_and_the_check_says_when_it_is_right(
    preset, backward
):
    at = click(new_app(), f"preset_{preset}")
    name, forward = state.EXERCISES[preset]
    assert at.text_input(key="def0_forward").value == forward
    assert any("Now write the backward" in text for text in texts(at, "info"))
    assert at.button(key="def0_add").disabled
    write(at, 0, name, forward, backward.replace("* gy", ""))
    assert any("ignores gy" in text for text in texts(at, "error"))
    write(at, 0, name, forward, backward)
    assert any(text.startswith(f"✓ {name}.backward is right") for text in texts(at, "success"))
    assert not at.button(key="def0_add").disabled


def test_a_shared_link_rebuilds_the_functions_in_every_language():
    params = {"def": ["Cube:x**3:3*x**2*gy", "Relu:np.maximum(x,0):np.where(x>0,gy,0)"],
              "f": "Relu,Cube", "step": "5"}  # fmt: skip
    for lang in ("ko", "en", "ja"):
        at = new_app({**params, "lang": lang})
        assert not at.exception and not texts(at, "warning")
        assert spec(at).defs == (CUBE, ("Relu", "np.maximum(x,0)", "np.where(x>0,gy,0)"))
        assert [at.text_input(key=f"def{i}_name").value for i in range(3)] == ["Cube", "Relu", ""]
        assert at.query_params["def"] == params["def"]
        assert len([s for s in texts(at, "success") if s.startswith("✓")]) == 2  # both right
        assert f"{TEXT['write_header'][lang]}" in [s.value for s in at.subheader]


@pytest.mark.parametrize(
    "value",
    [
        "Cube:__import__('os').system('touch /tmp/pwned'):gy",
        "Cube:x:![x](evil.png)",
        "**Cube**:x:gy",
        "Cube:" + "9" * 5000 + ":gy",
        "Cube:x\x00:gy",
    ],
)
def test_a_tampered_def_shows_a_warning_with_the_text_inert_and_the_books_chain(value):
    at = new_app({"def": value, "f": "Cube"})
    assert not at.exception
    assert spec(at) == state.Spec()
    warnings = texts(at, "warning")
    assert TEXT["url_bad_def"]["en"].split(" {")[0] in warnings[0]
    for text in markdown_texts(at) + visible_texts(at):
        rendered = outside_code_spans(text)
        assert "![x](" not in rendered and "**Cube**" not in rendered


def test_the_lower_tabs_work_with_a_learners_function_and_the_check_shows_the_wrong_grad():
    at = new_app({"def": "Cube:x**3:3*x**2", "f": "Cube,Exp", "step": "5"})  # no * gy
    registry = userfn.registry(spec(at).defs)
    chain = Stepper(["Cube", "Exp"], 0.5, registry).run_to_end().chain
    for key in ("check_header", "tangent_header", "exports_header"):
        open_tab(at, TEXT[key]["en"])
        assert not at.exception, key
    open_tab(at, TEXT["check_header"]["en"])
    backprop, numerical = [c for c in texts(at, "code") if not c.strip().startswith("class")][-2:]
    assert backprop == fmt.full(chain.x.grad)
    assert abs(float(numerical) - float(backprop)) > 0.1 * abs(float(numerical))
