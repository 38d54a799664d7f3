"""The sidebar builder: add / remove / move / clear, the 32-function limit, presets, input x."""

import ast

import numpy as np
import pytest
from app_helpers import (
    BOOK_X_GRAD,
    action_disabled,
    calls,
    chain_rows,
    click,
    dot,
    engine,
    messages,
    new_app,
    node_label,
    parse_array_text,
    position,
    query,
    table,
)
from streamlit.testing.v1.element_tree import AppTestError

from autograd import REGISTRY
from components.i18n import t

RESET_NOTE = "The chain or the input changed, so the steps went back to the start."


def chain_of(at):
    value = query(at)["f"]
    return tuple(value.split(",")) if value else ()


def at_step(step, **params):
    at = new_app(params)
    for _ in range(step):
        click(at, "next")
    assert position(at).startswith(f"Call {step} of")
    return at


def type_x(at, text):
    at.text_input(key="x_text").set_value(text).run()
    return at


# -- functions ------------------------------------------------------------------------------
@pytest.mark.parametrize("op", list(REGISTRY))
def test_each_registry_function_can_be_added_and_run(op):
    at = click(new_app(), "clear")
    assert chain_of(at) == ()
    assert messages(at, "info") == ["Add at least one function to see the graph and the steps."]
    assert len(at.get("bidi_component")) == 0
    click(at, f"add_{op}")
    assert chain_of(at) == (op,)
    assert chain_rows(at) == [f"A = {op}()"]
    assert node_label(dot(at), "f0") == ["A", op]
    assert position(at).startswith("Call 0 of 3")
    click(at, "run_end")
    expected = engine((op,), 0.5).chain.x.grad
    assert table(at)["x"]["grad"] == repr(float(expected))


def test_add_appends_at_the_end():
    at = click(new_app(), "add_Sin")
    assert chain_of(at) == ("Square", "Exp", "Square", "Sin")
    assert position(at).startswith("Call 0 of 9")
    assert node_label(dot(at), "f3") == ["D", "Sin"]


@pytest.mark.parametrize(
    ("key", "chain"),
    [
        ("remove_0", ("Exp", "Square")),
        ("remove_1", ("Square", "Square")),
        ("move_up_1", ("Exp", "Square", "Square")),
        ("move_down_0", ("Exp", "Square", "Square")),
        ("move_down_1", ("Square", "Square", "Exp")),
        ("move_up_2", ("Square", "Square", "Exp")),
    ],
)
def test_remove_and_move(key, chain):
    at = click(new_app(), key)
    assert chain_of(at) == chain
    total = 2 * len(chain) + 1
    assert position(at).startswith(f"Call 0 of {total}")
    click(at, "run_end")
    assert table(at)["x"]["grad"] == repr(float(engine(chain, 0.5).chain.x.grad))


def test_first_cannot_move_up_and_last_cannot_move_down():
    at = new_app()
    # nothing picked yet: no action applies
    assert all(at.button(key=key).disabled for key in ("move_up", "move_down", "remove"))
    assert action_disabled(at, "move_up_0")
    assert action_disabled(at, "move_down_2")
    assert not action_disabled(at, "move_down_0") and not action_disabled(at, "move_up_2")
    action_disabled(at, "move_up_0")
    with pytest.raises(AppTestError):
        at.button(key="move_up").click()


def test_a_moved_node_stays_picked_so_it_can_move_again():
    at = click(new_app({"f": "Sin,Cos,Tanh"}), "move_up_2")
    assert chain_of(at) == ("Sin", "Tanh", "Cos")
    click(at, "move_up")
    assert chain_of(at) == ("Tanh", "Sin", "Cos")
    assert at.button_group(key="node_pick").value == 0


def test_clear_empties_the_chain_and_adding_starts_a_new_one():
    at = click(new_app(), "clear")
    assert chain_of(at) == ()
    assert "next" not in [b.key for b in at.button]
    assert "clear" not in [b.key for b in at.button]
    assert any("The chain is empty" in c.value for c in at.sidebar.caption)
    click(at, "add_Exp")
    click(at, "add_Square")
    assert chain_of(at) == ("Exp", "Square")
    click(at, "run_end")
    assert table(at)["x"]["grad"] == repr(float(engine(("Exp", "Square")).chain.x.grad))


def test_the_chain_holds_at_most_32_functions():
    at = new_app({"f": ",".join(["Square"] * 31)})
    assert not at.button(key="add_Exp").disabled
    click(at, "add_Exp")
    assert len(chain_of(at)) == 32 and chain_of(at)[-1] == "Exp"
    add_keys = [f"add_{op}" for op in REGISTRY]
    assert all(at.button(key=key).disabled for key in add_keys)
    limit = "A chain holds at most 32 functions: remove one to add another."
    assert limit in messages(at, "info")
    assert "Chain (32 / 32)" in [s.value for s in at.sidebar.subheader]
    with pytest.raises(AppTestError):
        at.button(key="add_Sin").click()
    click(at, "run_end")  # 32 functions still step through
    assert position(at).startswith("Call 65 of 65")
    click(at, "remove_0")
    assert len(chain_of(at)) == 31
    assert not any(at.button(key=key).disabled for key in add_keys)
    assert limit not in messages(at, "info")


# -- presets --------------------------------------------------------------------------------
PRESETS = {
    "book": (("Square", "Exp", "Square"), "0.5"),
    "exp_square_exp": (("Exp", "Square", "Exp"), "0.5"),
    "vector": (("Square", "Exp", "Square"), "[0.5, 1.0, -2.0]"),
    "overflow": (("Exp", "Exp", "Sin"), "10"),
}


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_load_their_chain_and_input(name):
    chain, x = PRESETS[name]
    at = at_step(2, f="Cos,Tanh", x="0.25")
    label = at.button(key=f"preset_{name}").label
    click(at, f"preset_{name}")
    assert chain_of(at) == chain
    assert query(at)["x"] == x
    assert at.text_input(key="x_text").value == x
    assert position(at).startswith(f"Call 0 of {2 * len(chain) + 1}")
    assert messages(at, "success") == [f"Preset loaded: {label}"]
    click(at, "run_end")
    expected = engine(chain, ast.literal_eval(x)).chain.x.grad
    shown = table(at)["x"]["grad"]
    np.testing.assert_array_equal(parse_array_text(shown), np.ravel(expected))


def test_overflow_preset_shows_the_nonfinite_warning():
    at = click(click(new_app(), "preset_overflow"), "run_end")
    assert any("not finite" in w for w in messages(at, "warning"))
    rows = table(at)
    assert rows["y"]["data"] == "nan" and rows["b"]["data"] == "inf"
    assert rows["b"]["flags"]  # the overflow is flagged in the table


def test_vector_preset_draws_shapes_and_the_array_seed():
    at = click(new_app(), "preset_vector")
    assert node_label(dot(at), "v0")[0] == "x (3,)"
    assert calls(scalar=False)[3] == "y.grad = np.ones_like(y.data)"
    assert "y.grad = np.ones_like(y.data)" in at.code[0].value


# -- changing the chain or x resets the steps, and says so ---------------------------------
@pytest.mark.parametrize("key", ["add_Cos", "remove_2", "move_down_0", "clear"])
def test_changing_the_chain_resets_the_step_with_a_note(key):
    at = at_step(4)
    click(at, key)
    assert query(at)["step"] == "0"
    assert RESET_NOTE in messages(at, "info")
    if key != "clear":
        assert position(at).startswith("Call 0 of")


def test_changing_x_resets_the_step_with_a_note():
    at = type_x(at_step(4), "2")
    assert query(at)["step"] == "0" and query(at)["x"] == "2"
    assert position(at).startswith("Call 0 of 7")
    assert RESET_NOTE in messages(at, "info")
    click(at, "next")  # the note is said once
    assert RESET_NOTE not in messages(at, "info")


# -- the input field ------------------------------------------------------------------------
def test_input_a_number():
    at = click(type_x(new_app(), "2"), "run_end")
    assert table(at)["x"]["data"] == "2.0"
    assert table(at)["x"]["grad"] == repr(float(engine(x=2.0).chain.x.grad))
    assert "x = Variable(np.array(2.0))" in at.code[0].value
    assert not messages(at, "error")


def test_input_a_list():
    values = [0.5, 1.0, -2.0]
    at = click(type_x(new_app(), str(values)), "run_end")
    assert node_label(dot(at), "v0")[0] == "x (3,)"
    expected = engine(x=values).chain.x.grad
    np.testing.assert_array_equal(parse_array_text(table(at)["x"]["grad"]), expected)
    assert "x = Variable(np.array([0.5, 1.0, -2.0]))" in at.code[0].value


def test_input_a_nested_2d_list():
    values = [[1, 2], [3, -4]]
    at = click(type_x(new_app(), "[[1, 2], [3, -4]]"), "run_end")
    assert node_label(dot(at), "v0")[0] == "x (2, 2)"
    expected = engine(x=values).chain.x.grad
    np.testing.assert_array_equal(parse_array_text(table(at)["x"]["grad"]), expected.ravel())
    assert any("[0, 0]" in c.value for c in at.caption)  # the math panel's element


def test_full_width_digits_are_read_as_ascii():
    at = click(type_x(new_app(), "０.５"), "run_end")
    assert not messages(at, "error")
    assert table(at)["x"]["data"] == "0.5"
    assert table(at)["x"]["grad"] == BOOK_X_GRAD


BAD_INPUTS = [
    ("", "input_empty", {}),
    ("   ", "input_empty", {}),
    ("abc", "input_not_number", {}),
    ("nan", "input_nonfinite", {}),
    ("inf", "input_nonfinite", {}),
    ("-inf", "input_nonfinite", {}),
    ("1e309", "input_nonfinite", {}),
    ("9" * 5000, "input_nonfinite", {}),  # an integer longer than Python reads (4,300 digits)
    ("[1, " + "9" * 5000 + "]", "input_nonfinite", {}),
    ("[1, [2]]", "input_ragged", {}),
    ("[]", "input_empty_list", {}),
    ('[1, "2"]', "input_not_numbers", {}),
    ("True", "input_not_number", {}),
    ("[" + ", ".join(["1"] * 10_001) + "]", "input_too_many", {"count": 10_001, "limit": 10_000}),
    ("[" * 9 + "1" + "]" * 9, "input_too_deep", {"limit": 8}),
    ("[" * 5000 + "]" * 5000, "input_too_deep", {"limit": 8}),
    ("__import__('os').system('echo hacked')", "input_not_number", {}),
]


@pytest.mark.parametrize(
    ("text", "key", "args"), BAD_INPUTS, ids=[case[1] + str(i) for i, case in enumerate(BAD_INPUTS)]
)
def test_bad_input_is_refused_and_the_previous_x_kept(text, key, args, capfd):
    at = type_x(at_step(2), text)
    assert messages(at, "error") == [t("en", key, **args)]
    assert "Still using the previous x = `0.5`." in [c.value for c in at.sidebar.caption]
    assert position(at).startswith("Call 2 of 7")
    assert query(at)["x"] == "0.5" and query(at)["step"] == "2"
    assert table(at)["x"]["data"] == "0.5"
    assert RESET_NOTE not in messages(at, "info")
    click(at, "run_end")  # still usable, on the previous x
    assert table(at)["x"]["grad"] == BOOK_X_GRAD
    assert "hacked" not in capfd.readouterr().out


def test_code_in_the_input_is_never_executed(tmp_path):
    marker = tmp_path / "hacked"
    at = type_x(new_app(), f"__import__('os').system('touch {marker}')")
    assert messages(at, "error") == [t("en", "input_not_number")]
    assert not marker.exists()


def test_bad_input_message_is_translated():
    at = new_app({"lang": "ko"})
    type_x(at, "abc")
    assert messages(at, "error") == [t("ko", "input_not_number")]
    assert t("ko", "input_not_number") != t("en", "input_not_number")


def test_a_good_input_after_a_bad_one_clears_the_error():
    at = type_x(type_x(at_step(2), "abc"), "[1, 2]")
    assert not messages(at, "error")
    assert query(at)["x"] == "[1, 2]"
    assert RESET_NOTE in messages(at, "info")
