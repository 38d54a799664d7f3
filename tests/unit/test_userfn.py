"""components.userfn and the panels that show a learner's Function: the definitions as the
spec holds them, the check, the book-style class, the URL codec, the graph flag, the export."""

import subprocess
import sys

import numpy as np
import pytest

import autograd
from components import check, code_panel, export, math_panel, userfn
from components import format as fmt
from components.graph import WRONG, build_dot

CUBE = ("Cube", "x**3", "3*x**2*gy")
# The book's program for a Cube, as the issue writes it.
CUBE_CLASS = [
    "class Cube(Function):",
    "    def forward(self, x):",
    "        y = x ** 3",
    "        return y",
    "",
    "    def backward(self, gy):",
    "        x = self.input.data",
    "        gx = 3 * x ** 2 * gy",
    "        return gx",
]
DEFS = [
    CUBE,
    ("MyTanh", "np.tanh(x)", "(1 - y ** 2) * gy"),
    ("Relu", "np.maximum(x, 0)", "np.where(x > 0, gy, 0)"),
    ("Twice", "2 * x", "2"),  # ignores gy
    ("Nowhere", "np.log(-x * x - 1)", "gy"),  # not finite anywhere: nothing to compare
]


def test_a_definition_is_read_with_its_class_and_an_empty_backward_waits():
    cube = userfn.read(CUBE)
    assert cube.complete and cube.cls()(autograd.Variable(np.array(2.0))).data == 8.0
    assert userfn.class_lines(cube) == CUBE_CLASS
    draft = userfn.read(("Cube", "x ** 3", "  "))
    assert not draft.complete and draft.backward is None
    assert userfn.class_lines(draft)[-1].strip().startswith("raise NotImplementedError")


@pytest.mark.parametrize(
    ("definition", "field", "key"),
    [
        (("cube", "x**3", ""), "name", "name_invalid"),
        (("Square", "x**3", ""), "name", "name_builtin"),
        (("Cube", "gy", ""), "forward", "expr_name"),
        (("Cube", "", ""), "forward", "expr_empty"),
        (("Cube", "x**3", "__import__('os')"), "backward", "expr_function"),
        (("Cube", "x**3", "3*x**2*gy*z"), "backward", "expr_name"),
    ],
)
def test_the_field_at_fault_and_its_reason(definition, field, key):
    with pytest.raises(userfn.DefinitionError) as caught:
        userfn.read(definition)
    assert (caught.value.field, caught.value.key) == (field, key)


def test_names_must_differ_and_bad_definitions_are_skipped():
    with pytest.raises(userfn.DefinitionError) as caught:
        userfn.read(CUBE, taken=["Cube"])
    assert caught.value.key == "def_duplicate"
    defs = [CUBE, CUBE, ("Bad", "x.real", ""), ("Draft", "x", "")]
    assert [c.name for c in userfn.read_all(defs)] == ["Cube", "Draft"]
    assert list(userfn.registry(defs)) == ["Cube"]


def test_verdicts_and_the_wrong_functions_of_a_chain():
    verdicts = userfn.verdicts(DEFS, 0.5)
    assert {name: v.key for name, v in verdicts.items()} == {
        "Cube": "verdict_right",
        "MyTanh": "verdict_right",
        "Relu": "verdict_right",
        "Twice": "verdict_ignores_gy",
        "Nowhere": "verdict_undefined",
    }
    ops = ["Cube", "Twice", "Square", "Twice", "Nowhere"]
    stepper = autograd.Stepper(ops, 0.5, userfn.registry(DEFS))
    assert userfn.wrong_in_chain(stepper.chain) == {1, 3}
    assert set(userfn.user_entries(stepper.chain)) == {c[0] for c in DEFS}


@pytest.mark.parametrize("definition", [*DEFS, ("Draft", "x ** 3", "")])
def test_url_round_trip(definition):
    param = userfn.to_param(definition)
    assert userfn.from_param(param) == definition


@pytest.mark.parametrize(
    ("param", "key"),
    [
        ("Cube:x**3", "def_param_parts"),
        ("Cube:x**3:3*x**2*gy:extra", "def_param_parts"),
        ("Cube:lambda: 1:gy", "def_param_parts"),
        ("Cube:" + "x+" * 400 + "x:gy", "def_param_too_long"),
        ("Cube:__import__('os').system('ls'):gy", "expr_function"),
        ("Cube:x:().__class__", "expr_function"),
        ("<script>:x:gy", "name_invalid"),
        ("Cube:x\x00:gy", "expr_character"),
    ],
)
def test_a_tampered_url_definition_is_refused(param, key):
    with pytest.raises(userfn.DefinitionError) as caught:
        userfn.from_param(param)
    assert caught.value.key == key


@pytest.mark.parametrize("view", ["stacked", "code", "forward"])
def test_the_graph_flags_a_wrong_backward_on_its_node(view):
    registry = userfn.registry(DEFS)
    dot = build_dot(autograd.Stepper(["Cube", "Twice"], 0.5, registry), view)
    flagged = "f1" if view == "forward" else "d1"
    lines = [line for line in dot.splitlines() if WRONG in line]
    assert len(lines) == 1 and lines[0].strip().startswith(flagged)
    assert "dashed" in lines[0]
    assert WRONG not in build_dot(autograd.Stepper(["Cube", "Square"], 0.5, registry), view)


def test_code_and_math_panels_show_the_class_in_the_books_style():
    stepper = autograd.Stepper(["Square", "Cube"], 0.5, userfn.registry(DEFS)).run_to_end()
    code = [line for line, _, _ in code_panel.program_lines(stepper, "en")]
    assert code[1] == "from autograd import Function, Variable, Square"
    start = code.index("class Cube(Function):")
    assert code[start : start + len(CUBE_CLASS)] == CUBE_CLASS
    assert "B = Cube()" in code
    local = math_panel.number(3 * 0.25**2)  # 3 a ** 2 at a = 0.5 ** 2
    assert rf"B'(a) &= 3 {{a}}^{{2}} = {local}" in math_panel.chain_rule_latex(stepper)


CASES = [
    (("Square", "Cube", "MyTanh"), 0.5),
    (("Relu", "Twice", "Cube", "Cube", "Exp"), [0.5, -1.0, 2.0]),  # overflow: inf and nan
]


def test_the_export_runs_and_prints_what_the_engine_prints(tmp_path):
    registry = userfn.registry(DEFS)
    paths, expected = [], ""
    for number, (ops, x) in enumerate(CASES):
        source = export.program_source(ops, x, registry)
        assert "class Cube(Function):" in source and "gx = 3 * x ** 2 * gy" in source
        paths.append(tmp_path / f"session{number}.py")
        paths[-1].write_text(source, encoding="utf-8")
        grad = autograd.Stepper(ops, np.array(x), registry).run_to_end().chain.x.grad
        expected += fmt.full(grad) + "\n"
    runs = "; ".join(f"runpy.run_path({str(path)!r})" for path in paths)  # one numpy import
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import runpy; {runs}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


def test_the_gradient_check_shows_the_wrong_x_grad():
    registry = userfn.registry(DEFS)
    right = check.gradient_check(["Cube", "MyTanh"], 0.5, user_functions=registry)[0]
    # last in the chain, Twice gets gy = 1 and looks right; first, it drops Cube's gy
    wrong = check.gradient_check(["Twice", "Cube"], 0.5, user_functions=registry)[0]
    assert right["rel_error"] < 1e-6 < 0.1 < wrong["rel_error"]
    rows = check.tangent_data(["Cube"], 0.5, 0.75, user_functions=registry)
    assert rows and all(abs(r["y"] - r["t"] ** 3) < 1e-12 for r in rows)
