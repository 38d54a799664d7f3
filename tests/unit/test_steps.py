"""The book's code of each step (autograd/steps): the files, the loader, and the bugs they show.

The only numbers written here are the ones the book's files print (book-stage2.md); the
derivatives of the offered functions are checked against a central difference.
"""

import ast
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from autograd.steps import STEPS, Book, book, namespace, path

ROOT = Path(__file__).resolve().parents[2]

PRINTED = {  # the book's printed output of each step's file
    "06": ["3.297442541400256"],
    "07": ["3.297442541400256"],
    "08": ["3.297442541400256"],
    "09": ["3.297442541400256"],
    "13": ["13.0", "4.0", "6.0"],
    "14": ["2.0", "3.0"],
    "16": ["32.0", "64.0"],
    "18": ["None None", "2.0 1.0"],
    "20": ["variable(7.0)", "2.0", "3.0"],
    "21": ["variable(5.0)", "variable(5.0)", "variable(7.0)"],
    "22": ["variable(-2.0)", "variable(0.0)", "variable(1.0)", "variable(1.5)", "variable(8.0)"],
}
FIRST_LINE = {
    "06": "A = Square()",
    "07": "A = Square()",
    "08": "A = Square()",
    "09": "x = Variable(np.array(0.5))",
    "13": "x = Variable(np.array(2.0))",
    "14": "x = Variable(np.array(3.0))",
    "16": "x = Variable(np.array(2.0))",
    "18": "x0 = Variable(np.array(1.0))",
    "20": "a = Variable(np.array(3.0))",
    "21": "x = Variable(np.array(2.0))",
    "22": "x = Variable(np.array(2.0))",
}
CLASSES = ("Square", "Exp", "Sin", "Cos", "Tanh", "Log", "Sigmoid")
HELPERS = (
    "as_array",
    "as_variable",
    "using_config",
    "Config",
    "config",
    "Function",
    "setup_variable",
    "rsub",
    "rdiv",
)
POINTS = (0.3, 0.8, 1.7)  # inside every offered function's domain (Log needs x > 0)
CLASS_STYLE = ("06", "07", "08")
FUNCTION_STYLE = tuple(step for step in STEPS if step not in CLASS_STYLE)


@pytest.fixture(scope="module")
def printed():
    """Every step's file run as a script, all at once (each one imports numpy)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    running = {
        step: subprocess.Popen(
            [sys.executable, str(path(step))],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for step in STEPS
    }
    done = {}
    for step, process in running.items():
        out, err = process.communicate(timeout=60)
        done[step] = (process.returncode, out, err)
    return done


@pytest.mark.parametrize("step", STEPS)
def test_the_file_prints_the_books_values(printed, step):
    code, out, err = printed[step]
    assert code == 0, err
    assert out.splitlines() == PRINTED[step]


def test_the_steps_and_their_files():
    assert STEPS == ("06", "07", "08", "09", "13", "14", "16", "18", "20", "21", "22")
    for step in STEPS:
        assert path(step) == ROOT / "autograd" / "steps" / f"step{step}.py"
        assert path(step).is_file()
    with pytest.raises(ValueError):
        path("10")


@pytest.mark.parametrize("step", STEPS)
def test_the_program_is_split_from_the_definitions(step):
    found = book(step)
    assert isinstance(found, Book)
    assert found is book(step)
    assert found.step == step
    assert found.text == path(step).read_text(encoding="utf-8")
    lines = found.text.splitlines()
    assert found.program.splitlines()[0] == FIRST_LINE[step]
    assert lines[found.program_line - 1] == FIRST_LINE[step]
    assert found.program.endswith("\n") and not found.program.endswith("\n\n")
    assert found.definitions.strip() and found.definitions.splitlines()[-1].strip()
    assert not found.definitions.endswith("\n\n")
    whole = ast.parse(found.text)
    again = ast.parse(found.definitions + "\n\n" + found.program)
    assert ast.dump(again) == ast.dump(whole)
    definitions = ast.parse(found.definitions)
    assert len(definitions.body) + len(ast.parse(found.program).body) == len(whole.body)
    assert not any(
        isinstance(node, ast.ClassDef | ast.FunctionDef) for node in ast.parse(found.program).body
    )


@pytest.mark.parametrize("step", STEPS)
def test_the_program_uses_only_what_a_lesson_offers(step):
    found = book(step)
    tree = ast.parse(found.program)
    allowed = (
        ast.Module,
        ast.Assign,
        ast.Expr,
        ast.With,
        ast.withitem,
        ast.Call,
        ast.Name,
        ast.Attribute,
        ast.Constant,
        ast.Tuple,
        ast.List,
        ast.Load,
        ast.Store,
        ast.BinOp,
        ast.UnaryOp,
        ast.Add,
        ast.Sub,
        ast.Mult,
        ast.Div,
        ast.Pow,
        ast.USub,
    )
    assigned = {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)
    }
    for node in ast.walk(tree):
        assert isinstance(node, allowed), ast.dump(node)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            assert node.id in {*found.names, *assigned, "np", "print"}, node.id
        if isinstance(node, ast.Attribute):
            assert node.attr in {"array", "backward", "cleargrad", "data", "grad", "name"}
    if step < "20":  # operators on variables come in step 20
        assert not any(isinstance(node, ast.BinOp | ast.UnaryOp) for node in ast.walk(tree))


@pytest.mark.parametrize("step", STEPS)
def test_the_code_is_the_definitions_only_at_the_files_lines(step, capsys):
    found = book(step)
    assert found.code.co_filename == str(path(step))
    scope = namespace(step)
    assert capsys.readouterr().out == ""  # the program did not run
    assert scope["__name__"] == "__main__"  # as `python steps/stepNN.py` runs it
    assert "x" not in scope and "y" not in scope
    lines = found.text.splitlines()
    for name in ("Variable", "Square"):
        for method in ("__init__", "forward"):
            function = getattr(scope[name], method, None)
            if function is None or not hasattr(function, "__code__"):
                continue
            assert function.__code__.co_filename == str(path(step))
            assert lines[function.__code__.co_firstlineno - 1].strip().startswith(f"def {method}(")


@pytest.mark.parametrize("step", STEPS)
def test_every_namespace_is_fresh(step):
    first, second = namespace(step), namespace(step)
    for name in book(step).names:
        assert first[name] is not second[name]
    assert first["Function"] is not second["Function"]
    if "Config" in first:
        first["Config"].enable_backprop = False
        assert second["Config"].enable_backprop is True
        assert namespace(step)["Config"].enable_backprop is True


def test_a_namespace_is_quick():
    for step in STEPS:
        namespace(step)
        times = []
        for _ in range(20):
            start = time.thread_time()  # this thread's CPU: the machine's load does not count
            namespace(step)
            times.append(time.thread_time() - start)
        assert sorted(times)[len(times) // 2] < 0.002, step


@pytest.mark.parametrize("step", STEPS)
def test_the_names_a_program_may_call(step):
    found = book(step)
    scope = namespace(step)
    assert "Variable" in found.names
    assert not set(found.names) & set(HELPERS)
    assert len(set(found.names)) == len(found.names)
    for name in found.names:
        assert callable(scope[name]), name
    function = scope["Function"]
    subclasses = {
        name
        for name, value in scope.items()
        if isinstance(value, type) and issubclass(value, function) and value is not function
    }
    assert subclasses <= set(found.names)
    assert set(CLASSES) <= subclasses
    if step in CLASS_STYLE:
        assert found.offered == CLASSES
        assert not any(name.islower() for name in found.names)
    else:
        assert found.offered == tuple(name.lower() for name in CLASSES)
    assert set(found.offered) <= set(found.names)
    expected = set()
    if step >= "13":
        expected |= {"Add", "add"}
    if step >= "18":
        expected |= {"no_grad"}
    if step == "22":
        expected |= {"Mul", "mul", "Neg", "neg", "Sub", "sub", "Div", "div", "Pow", "pow"}
    assert expected <= set(found.names)
    if step < "18":
        assert "no_grad" not in scope


def _backward(step, scope, name, value):
    """d name / dx at value, by the step's own backward."""
    Variable = scope["Variable"]
    x = Variable(np.array(value))
    if step == "06":
        f = scope[name]()
        f(x)
        return f.backward(np.array(1.0))
    if step in CLASS_STYLE:
        y = scope[name]()(x)
        y.grad = np.array(1.0)
        y.backward()
        return x.grad
    y = scope[name](x)
    y.backward()
    return x.grad


def _forward(step, scope, name, value):
    x = scope["Variable"](np.array(value))
    f = scope[name]() if step in CLASS_STYLE else scope[name]
    return float(f(x).data)


@pytest.mark.parametrize("step", STEPS)
def test_every_offered_backward_agrees_with_a_central_difference(step):
    scope = namespace(step)
    h = 1e-5
    for name in book(step).offered:
        for value in POINTS:
            slope = (
                _forward(step, scope, name, value + h) - _forward(step, scope, name, value - h)
            ) / (2 * h)
            got = _backward(step, scope, name, value)
            assert np.allclose(got, slope, rtol=1e-6, atol=1e-8), (name, value, got, slope)


def test_step06_manual_backprop():
    scope = namespace("06")
    Square, Exp, Variable = scope["Square"], scope["Exp"], scope["Variable"]
    A, B, C = Square(), Exp(), Square()
    x = Variable(np.array(0.5))
    a = A(x)
    b = B(a)
    y = C(b)
    y.grad = np.array(1.0)
    b.grad = C.backward(y.grad)
    a.grad = B.backward(b.grad)
    x.grad = A.backward(a.grad)
    assert repr(float(x.grad)) == "3.297442541400256"


@pytest.mark.parametrize("step", FUNCTION_STYLE)
def test_variable_refuses_what_is_not_an_ndarray(step):
    Variable = namespace(step)["Variable"]
    with pytest.raises(TypeError, match="is not supported"):
        Variable(1.0)
    assert Variable(None).data is None


@pytest.mark.parametrize(("step", "grad"), [("13", 1.0), ("14", 2.0), ("16", 2.0)])
def test_add_x_x(step, grad):
    scope = namespace(step)
    x = scope["Variable"](np.array(3.0))
    y = scope["add"](x, x)
    y.backward()
    assert float(x.grad) == grad


@pytest.mark.parametrize(
    ("step", "grad"), [("13", 32.0), ("14", 96.0), ("16", 64.0), ("18", 64.0), ("22", 64.0)]
)
def test_a_reused_square(step, grad):
    scope = namespace(step)
    square, add = scope["square"], scope["add"]
    x = scope["Variable"](np.array(2.0))
    a = square(x)
    y = add(square(a), square(a))
    y.backward()
    assert float(y.data) == 32.0
    assert float(x.grad) == grad


@pytest.mark.parametrize("step", ["18", "22"])
def test_retain_grad_and_no_grad(step):
    scope = namespace(step)
    Variable, add, square = scope["Variable"], scope["add"], scope["square"]
    x0 = Variable(np.array(1.0))
    x1 = Variable(np.array(1.0))
    t = add(x0, x1)
    y = add(x0, t)
    y.backward()
    assert (y.grad, t.grad) == (None, None)
    assert f"{x0.grad} {x1.grad}" == "2.0 1.0"
    with scope["no_grad"]():
        z = square(Variable(np.array(2.0)))
    assert z.creator is None
    assert scope["Config"].enable_backprop is True
    assert square(Variable(np.array(2.0))).creator is not None


def sphere(x, y):
    z = x**2 + y**2
    return z


def matyas(x, y):
    z = 0.26 * (x**2 + y**2) - 0.48 * x * y
    return z


def goldstein(x, y):
    z = (1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)) * (
        30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2)
    )
    return z


@pytest.mark.parametrize(
    ("function", "printed"),
    [
        (sphere, "2.0 2.0"),
        (matyas, "0.040000000000000036 0.040000000000000036"),
        (goldstein, "-5376.0 8064.0"),
    ],
)
def test_step22_operators_on_the_test_functions(function, printed):
    Variable = namespace("22")["Variable"]
    x = Variable(np.array(1.0))
    y = Variable(np.array(1.0))
    z = function(x, y)
    z.backward()
    assert f"{x.grad} {y.grad}" == printed


def test_step22_repr_and_the_mixed_operators():
    Variable = namespace("22")["Variable"]
    x = Variable(np.array(2.0))
    assert [repr(v) for v in (-x, 2.0 - x, x - 1.0, 3.0 / x, x**3)] == PRINTED["22"]
    assert repr(np.array(3.0) + x) == "variable(5.0)"
    assert repr(3.0 * x + 1.0) == "variable(7.0)"
    matrix = Variable(np.array([[1, 2, 3], [4, 5, 6]]), "m")
    assert repr(matrix) == "variable([[1 2 3]\n" + " " * 9 + " [4 5 6]])"
    assert (matrix.name, matrix.shape, matrix.ndim, matrix.size, len(matrix)) == (
        "m",
        (2, 3),
        2,
        6,
        2,
    )
    assert repr(Variable(None)) == "variable(None)"
