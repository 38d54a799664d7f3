"""The pure parts of the code, math, variables and narration panels."""

import ast

import numpy as np
import pytest
from harness import table_cells

from autograd import REGISTRY, Kind, Stepper
from components.code_panel import program_lines, program_text
from components.controls import explain
from components.format import full, short
from components.i18n import LANGS
from components.math_panel import chain_rule_latex, number, tex_name
from components.table_panel import CODE, COLUMNS, markdown, rows

BOOK = ("Square", "Exp", "Square")


def stepped(ops, x, step):
    stepper = Stepper(ops, x)
    for _ in range(step):
        stepper.step()
    return stepper


# -- code panel ----------------------------------------------------------------------------
@pytest.mark.parametrize("step", range(8))
def test_program_marks_run_lines_and_highlights_the_next(step):
    stepper = stepped(BOOK, 0.5, step)
    lines = program_lines(stepper, "en")
    timeline = [(code, status) for code, status, _ in lines if status != "setup"][:-1]
    assert [code for code, _ in timeline] == [call.code for call in stepper.timeline]
    statuses = [status for _, status in timeline]
    assert statuses[:step] == ["done"] * step
    if step < 7:
        assert statuses[step] == "next" and set(statuses[step + 1 :]) <= {"todo"}


def test_each_run_line_carries_its_number_at_full_precision():
    stepper = stepped(BOOK, 0.5, 7)
    notes = {code: note for code, status, note in program_lines(stepper, "en") if status == "done"}
    chain = stepper.chain
    assert notes["b = B(a)"] == f"b.data = {full(chain.variables[2].data)}"
    assert notes["x.grad = A.backward(a.grad)"] == f"x.grad = {full(chain.x.grad)}"
    assert notes["print(x.grad)"] == "3.297442541400256"  # what the book prints


def test_program_without_marks_is_valid_python_in_every_language():
    for lang in LANGS:
        text = program_text(program_lines(stepped(BOOK, 0.5, 3), lang))
        ast.parse(text)  # the marks are comments
        assert "# ✓" in text


def test_long_array_input_is_summarised_in_the_panel():
    stepper = Stepper(BOOK, np.linspace(0, 1, 10_000))
    first = [code for code, _, _ in program_lines(stepper, "en") if code.startswith("x = ")][0]
    assert len(first) < 120 and "(10000,)" in first


# -- math panel ----------------------------------------------------------------------------
def test_chain_rule_lists_every_factor_in_backward_order():
    tex = chain_rule_latex(Stepper(BOOK, 0.5))
    assert r"\frac{dy}{dx} &= C'(b) \cdot B'(a) \cdot A'(x)" in tex
    for name, var, op in (("A", "x", "Square"), ("B", "a", "Exp"), ("C", "b", "Square")):
        assert f"{name}'({var}) &= {REGISTRY[op].derivative(var)}" in tex
    assert r"\mathrm{nan}" not in tex and "=" in tex


@pytest.mark.parametrize("step", range(4, 8))
def test_numbers_fill_in_as_backward_calls_happen(step):
    stepper = stepped(BOOK, 0.5, step)
    tex = chain_rule_latex(stepper)
    done = [r for r in stepper.records if r.call.kind is Kind.BACKWARD]
    for record in done:
        assert f"= {number(record.gx)}" in tex  # the running product so far
    # the product, 3 derivatives, the seed dy/dy = 1, then two lines per backward call
    assert tex.count(r"&= ") == 1 + 3 + 1 + 2 * len(done)
    if step == 7:
        assert number(stepper.chain.x.grad) == "3.29744"


def test_math_numbers_and_names():
    assert number(np.inf) == r"\infty" and number(-np.inf) == r"-\infty"
    assert number(np.nan) == r"\mathrm{nan}"
    assert number(1.5e300) == r"1.5 \times 10^{300}"
    assert tex_name("x") == "x" and tex_name("ab") == r"\mathit{ab}"


# -- variables table -----------------------------------------------------------------------
def test_table_rows_follow_the_engine_at_full_precision():
    stepper = stepped(BOOK, 0.5, 5)
    table = rows(stepper, "en")
    assert [row["name"] for row in table] == ["x", "a", "b", "y"]
    for row, variable in zip(table, stepper.chain.variables, strict=True):
        assert row["data"] == full(variable.data)
        assert row["grad"] == full(variable.grad)
    assert table[0]["made_by"] == "input" and table[2]["made_by"] == "B = Exp()"


def test_table_flags_non_finite_values_in_every_language():
    stepper = Stepper(("Exp", "Exp", "Sin"), 10.0).run_to_end()
    for lang in LANGS:
        table = rows(stepper, lang)
        assert all(row["flags"] for row in table)  # every variable has inf or nan somewhere
    english = rows(stepper, "en")
    assert "overflow" in english[2]["flags"] and "invalid" in english[3]["flags"]


def test_table_shows_variables_not_yet_made():
    table = rows(Stepper(BOOK, 0.5), "ja")
    assert table[1]["data"] == table[1]["grad"] == "まだありません"


def test_table_markdown_keeps_every_cell_and_column_whatever_the_text():
    stepper = Stepper(BOOK, np.array([[0.5, -1.0], [2.0, 3.0]]))  # 2-D: values on 2 lines
    stepper.step()
    values = [[row[key] for key in COLUMNS] for row in rows(stepper, "en")]
    values[0][4] = "a | b"  # a column separator inside a cell
    text = markdown("Variables", list(COLUMNS), values, code=CODE, words={"not yet"})
    title, blank, header, rule, *lines = text.splitlines()
    assert (title, blank, table_cells(header)) == ("### Variables", "", list(COLUMNS))
    assert len(lines) == 4
    for line, row in zip(lines, values, strict=True):
        assert table_cells(line) == [" ".join(value.split()) for value in row]
    assert "`x`" in lines[0] and "| not yet |" in lines[2]  # words stay out of code spans


# -- narration -----------------------------------------------------------------------------
def test_narration_explains_the_last_call_with_its_numbers():
    stepper = stepped(BOOK, 0.5, 5)
    record = stepper.records[-1]
    text = explain("en", stepper)
    assert text.startswith("`b.grad = C.backward(y.grad)`")
    for value in (record.gy, record.derivative, record.gx):
        assert short(value) in text
    assert "C'(b)" in text
    assert "np.array(1.0)" not in explain("en", stepped(BOOK, 0.5, 3))
    assert "dy/dy = 1" in explain("en", stepped(BOOK, 0.5, 4))
    assert "`A`" in explain("ko", Stepper(BOOK, 0.5))
