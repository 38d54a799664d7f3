"""First visit and the stepper controls: next, back, run to end, reset, keyboard shortcuts."""

import pytest
from app_helpers import (
    BOOK,
    BOOK_X_GRAD,
    calls,
    chain_rows,
    click,
    dot,
    engine,
    messages,
    new_app,
    node_label,
    position,
    query,
    table,
)
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import AppTestError

TOTAL = 2 * len(BOOK) + 1


def expected_rows(step):
    """The variables table the engine implies after ``step`` calls of the book's program."""
    stepper = engine(step=step)
    rows = {}
    for name, variable in zip(stepper.chain.variable_names, stepper.chain.variables, strict=True):
        if variable is None:
            rows[name] = ("not yet", "not yet")
        else:
            grad = "None" if variable.grad is None else repr(float(variable.grad))
            rows[name] = (repr(float(variable.data)), grad)
    return rows


def shown_rows(at):
    return {name: (row["data"], row["grad"]) for name, row in table(at).items()}


def test_the_exception_guard_is_in_place(no_exception_on_any_run):
    before = no_exception_on_any_run["count"]
    new_app()
    assert no_exception_on_any_run["count"] == before + 1
    broken = AppTest.from_string("raise ValueError('boom')", default_timeout=30)
    with pytest.raises(AssertionError, match="showed an exception"):
        broken.run()


def test_first_visit_shows_the_book_example_at_call_0_of_7():
    at = new_app()
    assert at.title[0].value == "Backprop Explorer"
    assert position(at).startswith(f"Call 0 of {TOTAL}")
    assert at.text_input(key="x_text").value == "0.5"
    assert chain_rows(at) == ["A = Square()", "B = Exp()", "C = Square()"]
    assert shown_rows(at) == expected_rows(0)
    assert node_label(dot(at), "v0")[:2] == ["x", "data 0.5"]
    assert [node_label(dot(at), f"f{i}") for i in range(3)] == [
        ["A", "Square"],
        ["B", "Exp"],
        ["C", "Square"],
    ]
    assert "x = Variable(np.array(0.5))" in at.code[0].value
    assert not at.warning and not at.error
    assert query(at) == {
        "f": "Square,Exp,Square",
        "x": "0.5",
        "step": "0",
        "view": "stacked",
        "lang": "en",
    }


def test_next_seven_times_walks_the_books_program_to_x_grad():
    program = calls()
    at = new_app()
    for step in range(1, TOTAL + 1):
        click(at, "next")
        assert position(at).startswith(f"Call {step} of {TOTAL}")
        assert shown_rows(at) == expected_rows(step)
        assert any(m.value.startswith(f"`{program[step - 1]}`") for m in at.markdown)
        if step < TOTAL:
            assert any(f"`{program[step]}`" in c.value for c in at.caption)
        assert query(at)["step"] == str(step)

    x_grad = engine().chain.x.grad
    assert repr(float(x_grad)) == BOOK_X_GRAD
    assert table(at)["x"]["grad"] == BOOK_X_GRAD
    assert f"grad {float(x_grad):.6g}" in node_label(dot(at), "v0")
    assert f"# ✓ {BOOK_X_GRAD}" in at.code[0].value
    assert any(m.value.startswith(f"`{program[-1]}`") for m in at.markdown)
    success = messages(at, "success")
    assert len(success) == 1 and "complete" in success[0] and "x.grad = 3.29744" in success[0]
    assert at.button(key="next").disabled and at.button(key="run_end").disabled


def test_back_undoes_exactly_one_call():
    at = click(new_app(), "run_end")
    click(at, "back")
    assert position(at).startswith(f"Call {TOTAL - 1} of {TOTAL}")
    assert shown_rows(at) == expected_rows(TOTAL - 1)
    assert table(at)["x"]["grad"] == "None"
    assert "grad None" in node_label(dot(at), "v0")
    assert not messages(at, "success")
    click(at, "back")
    assert shown_rows(at) == expected_rows(TOTAL - 2)
    click(at, "next")
    assert position(at).startswith(f"Call {TOTAL - 1} of {TOTAL}")
    assert shown_rows(at) == expected_rows(TOTAL - 1)


def test_run_to_end_then_reset():
    at = click(new_app(), "run_end")
    assert position(at).startswith(f"Call {TOTAL} of {TOTAL}")
    assert shown_rows(at) == expected_rows(TOTAL)
    assert query(at)["step"] == str(TOTAL)
    click(at, "reset")
    assert position(at).startswith(f"Call 0 of {TOTAL}")
    assert shown_rows(at) == expected_rows(0)
    assert query(at)["step"] == "0"


def test_position_indicator_names_the_call_and_the_phase():
    at = new_app()
    for _ in range(3):
        click(at, "next")
    assert position(at) == f"Call 3 of {TOTAL} · Forward pass"
    click(at, "next")
    click(at, "next")
    assert position(at) == f"Call 5 of {TOTAL} · Backward pass"


def test_buttons_are_disabled_at_the_ends():
    at = new_app()
    assert at.button(key="back").disabled and at.button(key="reset").disabled
    assert not at.button(key="next").disabled and not at.button(key="run_end").disabled
    with pytest.raises(AppTestError):
        at.button(key="back").click()  # a browser user cannot press it either
    click(at, "run_end")
    assert at.button(key="next").disabled and at.button(key="run_end").disabled
    assert not at.button(key="back").disabled and not at.button(key="reset").disabled
    with pytest.raises(AppTestError):
        at.button(key="next").click()


def test_keyboard_shortcuts_right_and_left():
    at = new_app()
    assert at.button(key="next").proto.shortcut.lower() == "right"
    assert at.button(key="back").proto.shortcut.lower() == "left"
    assert any("→" in c.value and "←" in c.value for c in at.caption)  # and the page says so
