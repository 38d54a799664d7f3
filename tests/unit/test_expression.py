"""The learner's own Function: the grammar, hostile text, the check, and in lessons.

Expected values come from numpy written out here or from the built-in functions, never
from the expression module itself.
"""

import ast
import builtins
import time
import warnings

import numpy as np
import pytest

from autograd import Expression, ExpressionError, check_backward, check_name
from autograd.expression import BACKWARD_NAMES, MAX_LENGTH, MAX_NESTING
from components.model import lessons, programs

F, B = ("x",), BACKWARD_NAMES
# (text, names, key, column or None): each refused, with the column the message gives.
HOSTILE = [
    # attribute access, dunder names, calls outside the grammar
    ("x.__class__", F, "expr_function", 1),
    ("x.__class__.__bases__[0].__subclasses__()", F, "expr_function", 1),
    ("().__class__.__base__", F, "expr_function", 1),
    ("np.__dict__", F, "expr_function", 1),
    ("np.exp.__globals__", F, "expr_function", 1),
    ("np.exp.__call__(x)", F, "expr_function", 1),
    ("__builtins__", F, "expr_name", 1),
    ("__import__('os').system('touch CANARY')", F, "expr_function", 1),
    ("open('CANARY', 'w')", F, "expr_function", 1),
    ("getattr(np, 'exp')(x)", F, "expr_function", 1),
    ("globals()", F, "expr_function", 1),
    ("breakpoint()", F, "expr_function", 1),
    ("print(x)", F, "expr_function", 1),
    ("np.os.system('touch CANARY')", F, "expr_function", 1),
    ("np.load('x.npy', allow_pickle=True)", F, "expr_function", 1),
    ("numpy.exp(x)", F, "expr_function", 1),
    ("math.exp(x)", F, "expr_function", 1),
    ("np.EXP(x)", F, "expr_function", 1),
    ("np.exp", F, "expr_function", 1),
    ("np.pi * x", F, "expr_function", 1),
    ("x.real", F, "expr_function", 1),
    # huge array constructors
    ("np.ones(10**9)", F, "expr_function", 1),
    ("np.zeros((10**5, 10**5))", F, "expr_function", 1),
    ("np.array([1] * 10**9)", F, "expr_function", 1),
    ("np.arange(1e12)", F, "expr_function", 1),
    ("np.full(10**9, x)", F, "expr_function", 1),
    ("np.tile(x, 10**9)", F, "expr_function", 1),
    # keyword and starred arguments, wrong arities, comparisons outside np.where
    ("np.exp(x, out=x)", F, "expr_node", 11),
    ("np.exp(*x)", F, "expr_node", 8),
    ("np.maximum(x)", F, "expr_arity", 1),
    ("np.where(x > 0, x)", F, "expr_arity", 1),
    ("np.where(x, x, 0)", F, "expr_condition", 10),
    ("np.where(x == 0, x, 0)", F, "expr_compare", 10),
    ("np.where(0 < x < 1, x, 0)", F, "expr_compare", 10),
    ("x > 0", F, "expr_compare", 1),
    # lambda, comprehensions, subscripts, containers, walrus, other syntax
    ("lambda: x", F, "expr_node", 1),
    ("(lambda x: x)(x)", F, "expr_function", 1),
    ("[x for _ in 'ab']", F, "expr_node", 1),
    ("(x for x in y)", F, "expr_node", 1),
    ("{x: 1 for x in y}", F, "expr_node", 1),
    ("x[0]", F, "expr_node", 1),
    ("x[::-1]", F, "expr_node", 1),
    ("[x]", F, "expr_node", 1),
    ("(x, x)", F, "expr_node", 1),
    ("{x}", F, "expr_node", 1),
    ("(x := 2)", F, "expr_node", 2),
    ("x if x else 0", F, "expr_node", 1),
    ("x and gy", B, "expr_node", 1),
    ("not x", F, "expr_node", 1),
    ("~x", F, "expr_node", 1),
    ("x // 2", F, "expr_node", 2),
    ("x % 2", F, "expr_node", 2),
    ("x @ x", F, "expr_node", 2),
    ("x ^ 2", F, "expr_node", 2),
    ("*x", F, "expr_syntax", 1),
    ("import os", F, "expr_syntax", 1),
    ("x = 1", F, "expr_syntax", None),
    ("x; x", F, "expr_syntax", None),
    ("yield x", F, "expr_syntax", None),
    # strings, f-strings, other constants
    ("'x'", F, "expr_constant", 1),
    ("b'x'", F, "expr_constant", 1),
    ("f'{x}'", F, "expr_node", 1),
    ("None", F, "expr_constant", 1),
    ("True * x", F, "expr_constant", 1),
    ("...", F, "expr_constant", 1),
    ("1j * x", F, "expr_constant", 1),
    # names outside the grammar (gy and y only in backward), look-alikes
    ("gy", F, "expr_name", 1),
    ("x * y", F, "expr_name", 5),
    ("X", F, "expr_name", 1),
    ("z + gy", B, "expr_name", 1),
    ("np", F, "expr_name", 1),
    ("\u0445", F, "expr_character", 1),  # Cyrillic x
    ("g\u0443", B, "expr_character", 2),  # Cyrillic y
    ("n\u0440.exp(x)", F, "expr_character", 2),  # Cyrillic p
    ("\u03c7 ** 2", F, "expr_character", 1),  # Greek chi
    ("x\u200b", F, "expr_character", 2),  # zero-width space
    ("\u202ex", F, "expr_character", 1),  # right-to-left override
    # NUL and control characters
    ("x\x00", F, "expr_character", 2),
    ("\x1b[2Jx", F, "expr_character", 1),
    ("x\n+ 1", F, "expr_character", 2),
    ("x\t+ 1", F, "expr_character", 2),
    # sizes: 1 MB of text, 5,000 levels of parentheses, too long, too deep, empty
    ("a" * 1_000_000, F, "expr_too_long", None),
    ("(" * 5000 + "x" + ")" * 5000, F, "expr_too_long", None),
    ("x+" * 100 + "x", F, "expr_too_long", None),
    ("(" * (MAX_NESTING + 1) + "x" + ")" * (MAX_NESTING + 1), F, "expr_nesting", 21),
    ("np.exp(" * 21 + "x" + ")" * 21, F, "expr_nesting", 7 * 20 + 7),
    ("", F, "expr_empty", None),
    ("   ", F, "expr_empty", None),
    (12, F, "expr_type", None),
]
# Harmless because every number is a float64: inf or nan with a flag, never a huge int.
NON_FINITE = [
    ("9 ** 9 ** 9 ** 9", "overflow"),
    ("10 ** 10 ** 10", "overflow"),
    ("10.0 ** 400 * x", "overflow"),
    ("1e999 * x", None),
    ("x * " + "9" * 190, None),  # a 190-digit integer is a finite float64 (1e190)
    ("(-8) ** (1 / 3)", "invalid"),
    ("1e999 - 1e999", "invalid"),
    ("x / 0", "divide"),
    ("np.log(x - x)", "divide"),
    ("np.exp(1e308 * x)", "overflow"),
]


@pytest.fixture
def nothing_runs(monkeypatch, tmp_path):
    """eval/exec/compile-to-code trip a wire; ast.parse (compile with PyCF_ONLY_AST) may run."""
    monkeypatch.chdir(tmp_path)
    real_compile = builtins.compile

    def tripwire(*args, **kwargs):
        raise AssertionError("user text executed")

    def only_ast(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "compiled to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    monkeypatch.setattr(builtins, "eval", tripwire)
    monkeypatch.setattr(builtins, "exec", tripwire)
    monkeypatch.setattr(builtins, "compile", only_ast)
    yield
    assert not (tmp_path / "CANARY").exists()


@pytest.mark.parametrize(
    ("text", "names", "key", "column"),
    HOSTILE,
    ids=[f"{i}-{key}-{str(text)[:20]!r}" for i, (text, _, key, _) in enumerate(HOSTILE)],
)
def test_hostile_text_is_refused_quickly_with_its_reason(nothing_runs, text, names, key, column):
    start = time.process_time()
    with pytest.raises(ExpressionError) as caught:
        Expression(text, names)
    assert time.process_time() - start < 0.1
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.key == key
    assert error.params.get("column") == column if column else True
    if column:
        assert f"column {column})" in str(error)
    for value in error.params.values():  # what the app shows: short, printable, no NUL
        assert len(str(value)) <= 200 and "\x00" not in str(value)


def test_the_hostile_table_is_large_and_varied():
    assert len(HOSTILE) >= 40
    assert len({key for _, _, key, _ in HOSTILE}) >= 10


@pytest.mark.parametrize(("text", "flag"), NON_FINITE)
def test_huge_numbers_stay_float64(nothing_runs, text, flag):
    start = time.process_time()
    x = np.array([1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value, flags = Expression(text).evaluate(x=x)
    assert time.process_time() - start < 0.1
    assert value.dtype == np.float64 and value.shape == x.shape
    if flag:
        assert flag in flags and not np.isfinite(value).all()
    else:
        assert flags == () and (np.isinf(value).all() or np.isfinite(value).all())


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("\uff58\uff0a\uff0a\uff12", "x ** 2"),  # full-width x**2
        ("\U0001d465**2", "x ** 2"),  # mathematical italic x
        ("x\u22121", "x - 1"),  # the minus sign
        ("\uff4e\uff50\uff0e\uff45\uff58\uff50\uff08\uff58\uff09", "np.exp(x)"),
        ("  3*x**2*gy  ", "3 * x ** 2 * gy"),
        ("np.where(x>0,gy,0)", "np.where(x > 0, gy, 0.0)"),
        ("-(x) ** 2", "-x ** 2"),
        ("(-x) ** 2", "(-x) ** 2"),
        ("x - (x - 1)", "x - (x - 1)"),
        ("(x ** 2) ** 3", "(x ** 2) ** 3"),
        ("x ** -1", "x ** -1"),
        ("10 ** 10 ** 10 * x", "np.float64(10) ** np.float64(10) ** np.float64(10) * x"),
        ("2", "np.full_like(x, 2.0)"),
        ("1e999 * x", "np.inf * x"),
    ],
)
def test_accepted_text_is_read_as_ascii_and_written_in_the_books_style(typed, expected):
    assert Expression(typed, B).code() == expected


CODE_CASES = [t for t, _ in NON_FINITE] + ["np.where(x > 1, 1, 0)", "2 * 3 + x", "-2 ** 0.5"]


@pytest.mark.parametrize("text", CODE_CASES)
def test_code_computes_what_the_tree_computes(text):
    """The export's Python (eval'd here, on code the renderer wrote) gives the same bits."""
    x = np.array([0.5, 2.0])
    expression = Expression(text)
    with np.errstate(all="ignore"):
        written = eval(expression.code(), {"np": np, "x": x})  # noqa: S307 (the renderer's code)
        assert np.asarray(written).tobytes() == expression(x=x).tobytes()


# -- hand-written functions and their derivatives -----------------------------------------
# (forward, local derivative, domain): backward = (derivative) * gy
PAIRS = [
    ("x ** 3", "3 * x ** 2", (-2, 2)),
    ("x ** 2", "2 * x", (-2, 2)),
    ("np.exp(x)", "np.exp(x)", (-2, 2)),
    ("np.sin(x)", "np.cos(x)", (-2, 2)),
    ("np.cos(x)", "-np.sin(x)", (-2, 2)),
    ("np.tanh(x)", "1 - y ** 2", (-2, 2)),
    ("np.log(x)", "1 / x", (0.2, 3)),
    ("1 / (1 + np.exp(-x))", "y * (1 - y)", (-2, 2)),
    ("np.sqrt(x)", "0.5 / np.sqrt(x)", (0.2, 3)),
    ("np.abs(x)", "np.where(x > 0, 1, -1)", (-2, 2)),
    ("np.maximum(x, 0)", "np.where(x > 0, 1, 0)", (-2, 2)),
    ("np.tan(x)", "1 + y ** 2", (-1.2, 1.2)),
    ("x * np.exp(x)", "(1 + x) * np.exp(x)", (-2, 2)),
    ("np.exp(-x ** 2)", "-2 * x * y", (-2, 2)),
    ("np.sin(x) ** 2", "2 * np.sin(x) * np.cos(x)", (-2, 2)),
    ("x ** 4 - 2 * x ** 2", "4 * x ** 3 - 4 * x", (-2, 2)),
    ("np.log(1 + np.exp(x))", "1 / (1 + np.exp(-x))", (-2, 2)),
    ("np.where(x > 0, x, 0.1 * x)", "np.where(x > 0, 1, 0.1)", (-2, 2)),
    ("x / (1 + x ** 2)", "(1 - x ** 2) / (1 + x ** 2) ** 2", (-2, 2)),
    ("np.sqrt(1 + x ** 2)", "x / y", (-2, 2)),
    ("np.cos(2 * x)", "-2 * np.sin(2 * x)", (-2, 2)),
    ("np.exp(np.sin(x))", "np.cos(x) * y", (-2, 2)),
    ("3 * x + 2", "3", (-2, 2)),
    ("-x", "-1", (-2, 2)),
    ("2 ** x", "np.log(2) * 2 ** x", (-2, 2)),
    ("np.minimum(x, 1)", "np.where(x < 1, 1, 0)", (-2, 2)),
    ("np.tanh(2 * x)", "2 * (1 - y ** 2)", (-2, 2)),
    ("x * np.log(x)", "np.log(x) + 1", (0.2, 3)),
    ("np.sin(x) / x", "(x * np.cos(x) - np.sin(x)) / x ** 2", (0.3, 3)),
    ("x ** 3 / 3 - x", "x ** 2 - 1", (-2, 2)),
    ("np.maximum(x, x ** 2)", "np.where(x ** 2 > x, 2 * x, 1)", (-2, 2)),
    ("np.abs(x) ** 3", "3 * x * np.abs(x)", (-2, 2)),
    ("np.exp(x) / (1 + np.exp(x))", "y * (1 - y)", (-2, 2)),
]
PLANTED = {  # mistake -> (backward from the derivative d, the verdict)
    "no gy": ("{d}", "verdict_ignores_gy"),
    "sign": ("-({d}) * gy", "verdict_sign"),
    "factor 2": ("2 * ({d}) * gy", "verdict_factor"),
    "gy squared": ("({d}) * gy * gy", "verdict_gy_nonlinear"),
}


def _points(domain, n=5):
    return np.linspace(domain[0], domain[1], n) + 0.0123  # off the kinks at 0 and 1


def test_at_least_30_pairs():
    assert len(PAIRS) >= 30


def _pair(forward, backward):
    return Expression(forward, ("x",)), Expression(backward, BACKWARD_NAMES)


def _numerical(forward, x, eps=1e-6):
    f = Expression(forward, ("x",))
    with np.errstate(all="ignore"):
        return (f(x=x + eps) - f(x=x - eps)) / (2 * eps)


@pytest.mark.parametrize(("forward", "derivative", "domain"), PAIRS)
def test_a_right_backward_passes_and_each_planted_mistake_is_named(forward, derivative, domain):
    f, g = _pair(forward, f"({derivative}) * gy")
    x = _points(domain)
    with np.errstate(all="ignore"):
        backward = g(x=x, y=f(x=x), gy=np.ones_like(x))
    assert np.allclose(backward, _numerical(forward, x), rtol=1e-4, atol=1e-6)
    for point in x:
        verdict = check_backward(f, g, point)
        assert verdict.ok, (point, verdict)
    for mistake, (template, key) in PLANTED.items():
        verdict = check_backward(*_pair(forward, template.format(d=derivative)))
        assert verdict.key == key, (mistake, verdict)
        assert verdict.point is not None and verdict.params["x"] == f"{verdict.point:.4g}"
        if key == "verdict_factor":
            assert verdict.params["factor"] == "2"


def test_a_wrong_derivative_is_shown_at_its_largest_error():
    verdict = check_backward(*_pair("x ** 3", "3 * x * gy"), 0.5)
    worst = max(
        (row for row in verdict.rows if row["usable"]),
        key=lambda r: abs(r["backward"] - r["numerical"]) / abs(r["numerical"]),
    )
    assert verdict.key == "verdict_wrong"
    assert verdict.point == worst["x"]
    assert verdict.params["numerical"] == f"{worst['numerical']:.4g}"
    assert 0.5 in [row["x"] for row in verdict.rows]  # the current x is among the points


def test_the_point_count_says_whether_the_current_x_was_checked():
    right = check_backward(*_pair("np.abs(x)", "np.where(x > 0, 1, -1) * gy"), 0.0)
    assert right.ok and right.params["current"] is False  # |x| has a kink at 0: left out
    right = check_backward(*_pair("np.abs(x)", "np.where(x > 0, 1, -1) * gy"), 0.5)
    assert right.ok and right.params["current"] is True


def test_a_backward_that_is_not_finite_is_wrong_not_undefined():
    # everywhere: the forward is fine, so the backward is what is wrong
    verdict = check_backward(*_pair("x", "gy / 0"), 0.5)
    assert verdict.key == "verdict_nonfinite" and not verdict.ok
    assert verdict.params["backward"] == "inf" and verdict.point == 0.5
    # at one point only (0 / 0 at the current x): shown there, not left out of the count
    verdict = check_backward(*_pair("x ** 2", "2 * x * gy * (x - 0.5) / (x - 0.5)"), 0.5)
    assert verdict.key == "verdict_nonfinite" and verdict.point == 0.5
    assert verdict.params["backward"] == "nan" and verdict.params["numerical"] == "1"
    # where the forward itself has no derivative, there is still nothing to compare
    assert check_backward(*_pair("np.log(x)", "gy / x"), -1.0).key != "verdict_nonfinite"
    assert check_backward(*_pair("x / 0", "gy / 0"), 0.5).key == "verdict_undefined"


@pytest.mark.parametrize("backward", ["gy * 1e9 * x ** (1e9 - 1)", "gy * 0", "gy * 5"])
def test_a_derivative_that_is_0_everywhere_checked_cannot_call_a_backward_right(backward):
    """x ** 1e9 is 0 or inf at every point tried: a backward of 0 there proves nothing (it was
    called right at 4 points). A backward that is not 0 there is still wrong."""
    verdict = check_backward(*_pair("x ** 1e9", backward), 0.5)
    if backward == "gy * 5":
        assert not verdict.ok and not verdict.undecided
    else:
        assert verdict.key == "verdict_flat" and verdict.undecided and not verdict.ok
        assert verdict.params["count"] == sum(row["usable"] for row in verdict.rows)


# -- generated expressions and their derivatives ------------------------------------------
def _generated():
    from hypothesis import strategies as st

    leaf = st.sampled_from([("x", "1"), ("0.5", "0"), ("1.5", "0")])

    def grow(children):
        def combine(op, a, b):
            (f, df), (g, dg) = a, b
            if op == "+":
                return f"({f} + {g})", f"({df} + {dg})"
            if op == "*":
                return f"({f} * {g})", f"({df} * {g} + {f} * {dg})"
            if op == "sin":
                return f"np.sin({f})", f"np.cos({f}) * {df}"
            if op == "cos":
                return f"np.cos({f})", f"-np.sin({f}) * {df}"
            if op == "tanh":
                return f"np.tanh({f})", f"(1 - np.tanh({f}) ** 2) * {df}"
            return f"{f} ** 2", f"2 * {f} * {df}"

        ops = st.sampled_from(["+", "*", "sin", "cos", "tanh", "square"])
        return st.builds(combine, ops, children, children)

    return st.recursive(leaf, grow, max_leaves=5)


def test_generated_expressions_agree_with_numerical_diff():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=20, deadline=None, derandomize=True)
    @given(_generated(), st.floats(-1, 1))
    def check(pair, x):
        forward, derivative = pair
        if len(forward) > MAX_LENGTH or len(derivative) > MAX_LENGTH - 8:
            return
        f, g = _pair(forward, f"({derivative}) * gy")
        assert check_backward(f, g, x).key in ("verdict_right", "verdict_undefined", "verdict_flat")
        x = np.array(x)
        with np.errstate(all="ignore"):
            backward = g(x=x, y=f(x=x), gy=np.array(1.0))
        assert np.allclose(backward, _numerical(forward, x), rtol=1e-3, atol=1e-5)

    check()


# -- the learner's functions in lessons: the same numbers as the book's own ---------------
BOOK_COPIES = {  # the built-ins, typed as a learner would
    "Square": ("x ** 2", "2 * x * gy"),
    "Exp": ("np.exp(x)", "np.exp(x) * gy"),
    "Sin": ("np.sin(x)", "np.cos(x) * gy"),
    "Tanh": ("np.tanh(x)", "(1 - y ** 2) * gy"),
}
DEFS = tuple((f"My{name}", *texts) for name, texts in BOOK_COPIES.items())


@pytest.mark.parametrize("book", ["06", "07", "08", "09", "13", "14", "16", "18", "22"])
@pytest.mark.parametrize("ops", [("Square", "Exp", "Square"), ("Sin", "Tanh", "Exp")])
def test_learner_copies_of_the_built_ins_run_like_them_in_every_step(book, ops):
    built_in = lessons.build(programs.chain_program(ops, "0.5", book), book, ()).lesson
    mine_ops = tuple(f"My{op}" for op in ops)
    mine = lessons.build(programs.chain_program(mine_ops, "0.5", book), book, DEFS).lesson
    assert mine is not None and built_in is not None
    assert mine.printed == built_in.printed and mine.printed.strip()
    assert len(mine.items) == len(built_in.items)
    assert all(node.user for node in mine.functions)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Cube", None),
        ("My_Sin2", None),
        ("\uff23\uff55\uff42\uff45", None),  # full-width Cube
        ("ABCD", None),
        ("cube", "name_invalid"),
        ("x", "name_invalid"),
        ("np", "name_invalid"),
        ("1Cube", "name_invalid"),
        ("Cu be", "name_invalid"),
        ("Cube()", "name_invalid"),
        ("\u0421ube", "name_invalid"),  # Cyrillic C
        ("C" * 31, "name_invalid"),
        ("C" * 1_000_000, "name_invalid"),
        ("", "name_empty"),  # said as empty, never as a pair of backticks
        ("   ", "name_empty"),
        (None, "name_invalid"),
        ("Square", "name_builtin"),
        ("Add", "name_builtin"),  # a class of step 13
        ("No_grad", "name_builtin"),  # no_grad() of step 18, as its class's function
        ("A", "name_letter"),
        ("AB", "name_letter"),
        ("True", "name_python"),
        ("None", "name_python"),
        ("Function", "name_python"),
        ("Variable", "name_python"),
        ("ValueError", "name_python"),
    ],
)
def test_class_names(name, key):
    if key is None:
        assert check_name(name) == "Cube" if "\uff23" in name else check_name(name) == name
        return
    with pytest.raises(ExpressionError) as caught:
        check_name(name)
    assert caught.value.key == key
    assert len(caught.value.params.get("name", "")) <= 40


def test_a_syntax_error_gives_an_example_of_the_fields_own_kind():
    """A forward cannot use gy: its example has none; a backward's multiplies by gy."""
    for names, has_gy in ((F, False), (B, True)):
        with pytest.raises(ExpressionError) as caught:
            Expression("x +", names)
        example = caught.value.params["example"]
        Expression(example, names)  # the example itself reads in that field
        assert ("gy" in example) == has_gy
