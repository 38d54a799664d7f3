"""components.views.check: every input's grad against step 04's central difference, the
expected error of that difference, and the tangent, for any lesson (chains, branches, several
inputs, arrays, non-finite values). Every expected number is computed here."""

import warnings

import numpy as np
import pytest

from autograd import steps
from components.i18n import LANGS, t
from components.model import lessons, programs, state
from components.views import check

EPS = 1e-4
BOOK = ("Square", "Exp", "Square")


@pytest.fixture(autouse=True)
def numpy_warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def lesson(program, book, defs=()):
    built = lessons.lesson(program, book, tuple(defs))
    assert built.error is None, built.error
    return built.lesson


def chain(ops, x, book="06", defs=()):
    return lesson(programs.chain_program(ops, x, book), book, defs)


def entries(found):
    return {entry.name: entry for entry in found.inputs}


def central(f, x, eps=EPS):
    """Step 04's numerical_diff, written out."""
    return (f(x + eps) - f(x - eps)) / (2 * eps)


def book_f(x):
    return np.exp(x**2) ** 2


def book_grad(x):  # d/dx exp(x^2)^2 = 4 x exp(2 x^2)
    return 4 * x * np.exp(2 * x**2)


# -- the book's chain, as the old check had it ------------------------------------------------
@pytest.mark.parametrize("book", ["06", "07", "09", "16", "22"])
def test_book_chain(book):
    found = check.gradient_check(chain(BOOK, "0.5", book))
    assert found.output_name == "y"
    (entry,) = found.inputs
    assert entry.name == "x" and entry.status == "ok"
    (row,) = entry.rows
    assert row["index"] == ()
    assert row["backprop"] == pytest.approx(book_grad(0.5), rel=1e-14)
    assert row["numerical"] == pytest.approx(central(book_f, np.float64(0.5)), rel=1e-12)
    assert row["abs_error"] == abs(row["backprop"] - row["numerical"])
    assert row["rel_error"] == row["abs_error"] / abs(row["numerical"])
    assert row["rel_error"] < 1e-6


def test_the_check_waits_until_the_last_grad_of_an_input_is_set():
    book = chain(BOOK, "0.5", "06")
    x = book.inputs[0]
    sets_x = [
        p
        for p, item in enumerate(book.items, start=1)
        if any(c.node == x and c.field == "grad" for c in item.changes)
    ]
    assert check.gradient_check(book).ready == sets_x[-1] < len(book.items)  # print comes after


@pytest.mark.parametrize("name", [n for n in state.CHAINS if n != "overflow"])
def test_the_estimate_brackets_the_real_error_on_the_presets(name):
    ops, text = state.CHAINS[name]
    for book in ("06", "16"):
        (entry,) = check.gradient_check(chain(ops, text, book)).inputs
        x = np.array(state.parse_input(text), dtype=np.float64)
        assert len(entry.rows) == x.size
        for row in entry.rows:  # truncation dominates here: the estimate is the error, within 2x
            assert 1e-9 < row["rel_error"] < 1e-6
            assert row["expected"] / 2 <= row["rel_error"] <= 2 * row["expected"], row
            assert row["rounding"] < row["truncation"] / 100
        row, agrees = check.worst(entry.rows)
        assert agrees and row in entry.rows


def test_a_vector_chain_is_checked_in_one_go():
    x = np.array([0.5, 1.0, -2.0])
    (entry,) = check.gradient_check(chain(BOOK, "[0.5, 1.0, -2.0]")).inputs
    assert entry.whole and entry.size == 3
    assert [row["index"] for row in entry.rows] == [(0,), (1,), (2,)]
    numerical = central(book_f, x)
    for row, grad, numer in zip(entry.rows, book_grad(x), numerical, strict=True):
        assert row["backprop"] == pytest.approx(grad, rel=1e-14)
        assert row["numerical"] == pytest.approx(numer, rel=1e-12)


def test_every_function_error_shrinks_like_eps_squared():
    # Seven functions composed bend harder: halving eps must cut the error four times where
    # it is above rounding noise (backprop itself is exact).
    x = np.linspace(0.2, 2.0, 20)
    built = chain(programs.OFFERED, str([float(round(v, 6)) for v in x]), "16")
    (coarse,) = check.gradient_check(built).inputs
    (fine,) = check.gradient_check(built, eps=EPS / 2).inputs
    for a, b in zip(coarse.rows, fine.rows, strict=True):
        assert a["rel_error"] < 1e-3
        if a["rel_error"] > 1e-8:
            assert 3.5 < a["rel_error"] / b["rel_error"] < 4.5


def test_third_derivative_and_a_flat_point():
    (row,) = check.gradient_check(chain(("Sin",), "0.7")).inputs[0].rows
    assert row["third"] == pytest.approx(-np.cos(0.7), rel=1e-3)
    (row,) = check.gradient_check(chain(("Square",), "0.0")).inputs[0].rows
    assert (row["backprop"], row["numerical"]) == (0.0, 0.0)
    assert row["abs_error"] == row["rel_error"] == row["expected"] == 0.0  # f''' is 0 too


# -- any graph --------------------------------------------------------------------------------
def test_step_16s_branching_graph():
    x = 2.0
    built = lesson(state.PROGRAMS["branch"][0], "16")
    (entry,) = check.gradient_check(built).inputs
    assert not entry.whole  # Add has two inputs: the input is moved element by element
    (row,) = entry.rows
    # y = (x^2)^2 + (x^2)^2 = 2 x^4, dy/dx = 8 x^3
    assert row["backprop"] == 8 * x**3
    assert row["numerical"] == pytest.approx(
        central(lambda v: (v**2) ** 2 + (v**2) ** 2, x), rel=1e-12
    )
    assert check.worst(entry.rows)[1]


@pytest.mark.parametrize("line", ["y = add(mul(x0, x1), x0)", "y = x0 * x1 + x0"])
def test_two_inputs(line):
    x0, x1 = 1.5, -0.7
    program = (
        f"x0 = Variable(np.array({x0}))\nx1 = Variable(np.array({x1}))\n{line}\n"
        "y.backward()\nprint(x0.grad, x1.grad)\n"
    )
    found = entries(check.gradient_check(lesson(program, "22")))
    assert set(found) == {"x0", "x1"}
    assert found["x0"].rows[0]["backprop"] == pytest.approx(x1 + 1, rel=1e-15)  # dy/dx0
    assert found["x1"].rows[0]["backprop"] == pytest.approx(x0, rel=1e-15)  # dy/dx1
    assert found["x0"].rows[0]["numerical"] == pytest.approx(x1 + 1, rel=1e-9)
    assert found["x1"].rows[0]["numerical"] == pytest.approx(x0, rel=1e-9)
    for entry in found.values():
        assert check.worst(entry.rows)[1]


def test_goldstein_two_inputs_agree():
    found = entries(check.gradient_check(lesson(*state.PROGRAMS["goldstein"])))

    def z(x, y):
        return (1 + (x + y + 1) ** 2 * (19 - 14 * x + 3 * x**2 - 14 * y + 6 * x * y + 3 * y**2)) * (
            30 + (2 * x - 3 * y) ** 2 * (18 - 32 * x + 12 * x**2 + 48 * y - 36 * x * y + 27 * y**2)
        )

    assert found["x"].rows[0]["numerical"] == pytest.approx(central(lambda v: z(v, 1.0), 1.0))
    assert found["y"].rows[0]["numerical"] == pytest.approx(central(lambda v: z(1.0, v), 1.0))
    assert found["x"].rows[0]["backprop"] == pytest.approx(-5376.0, rel=1e-12)  # the book's
    assert found["y"].rows[0]["backprop"] == pytest.approx(8064.0, rel=1e-12)
    assert all(check.worst(entry.rows)[1] for entry in found.values())


def test_a_vector_input_of_a_branching_graph_is_moved_element_by_element():
    x = np.array([1.0, 2.0, 3.0])
    program = "x = Variable(np.array([1.0, 2.0, 3.0]))\ny = x * x + x\ny.backward()\n"
    (entry,) = check.gradient_check(lesson(program, "22")).inputs
    assert not entry.whole and entry.checked == entry.size == 3
    for row, value in zip(entry.rows, x, strict=True):
        assert row["backprop"] == 2 * value + 1
        assert row["numerical"] == pytest.approx(2 * value + 1, rel=1e-9)


def test_at_most_200_elements_are_moved_one_by_one():
    values = [float(i % 7) for i in range(300)]
    program = f"x = Variable(np.array({values}))\ny = x * x\ny.backward()\n"
    (entry,) = check.gradient_check(lesson(program, "22")).inputs
    assert entry.size == 300 and entry.checked == check.MAX_ELEMENTS == 200
    assert entry.rows[-1]["index"] == (199,)
    assert [row["backprop"] for row in entry.rows] == [2 * v for v in values[:200]]


def test_step_14_checks_the_output_of_the_last_backward():
    found = check.gradient_check(lesson(steps.book("14").program, "14"))
    (entry,) = found.inputs
    # after x.cleargrad(), y = (x + x) + x: dy/dx = 3 (the first y, x + x, would give 2)
    assert entry.rows[0]["backprop"] == 3.0
    assert entry.rows[0]["numerical"] == pytest.approx(3.0, rel=1e-9)


def test_step_13_overwrites_a_grad_and_the_check_says_so():
    (entry,) = check.gradient_check(lesson(*state.PROGRAMS["add_twice"])).inputs
    row, agrees = check.worst(entry.rows)
    assert row["backprop"] == 1.0 and row["numerical"] == pytest.approx(2.0)  # y = 2x
    assert not agrees


def test_inputs_that_cannot_be_checked_say_why():
    found = entries(check.gradient_check(lesson(steps.book("18").program, "18")))
    assert found["x0"].status == found["x1"].status == "ok"  # step 18 keeps inputs' grads
    assert found["x"].status == "unused"  # made under no_grad, y does not depend on it
    seeded = "x = Variable(np.array(0.5))\ny = Square()(x)\ny.grad = np.array(1.0)\n"
    (entry,) = check.gradient_check(lesson(seeded, "06")).inputs
    assert entry.status == "wait"  # seeded, but no backward reached x
    broadcast = (
        "x = Variable(np.array(2.0))\nc = Variable(np.array([1.0, 2.0, 3.0]))\ny = x * c\n"
        "y.backward()\n"
    )
    done = check.gradient_check(lesson(broadcast, "22"))
    found = entries(done)
    assert found["x"].status == "shape" and found["x"].grad_shape == (3,)
    assert [row["backprop"] for row in found["c"].rows] == [2.0, 2.0, 2.0]
    for lang in LANGS:
        assert "(3,)" in check.status_text(lang, done, found["x"])
        assert check.status_text(lang, done, found["c"]) is None
    none = check.gradient_check(lesson("x = Variable(np.array(0.5))\ny = square(x)\n", "16"))
    assert none.output is None and none.inputs == ()


def test_constants_are_not_inputs():
    found = check.gradient_check(lesson(*state.PROGRAMS["matyas"]))
    assert [entry.name for entry in found.inputs] == ["x", "y"]  # not 0.26 or 0.48


def test_the_learners_function():
    cube = (("Cube", "x ** 3", "3 * x ** 2 * gy"),)
    for book in ("06", "16"):
        (entry,) = check.gradient_check(chain(("Cube", "Exp"), "0.5", book, cube)).inputs
        (row,) = entry.rows
        assert row["backprop"] == pytest.approx(3 * 0.5**2 * np.exp(0.5**3), rel=1e-14)
        assert check.worst(entry.rows)[1]
    wrong = (("Cube", "x ** 3", "2 * x ** 2 * gy"),)  # a factor 3 lost: 2/3 of the truth
    (entry,) = check.gradient_check(chain(("Cube",), "0.5", "06", wrong)).inputs
    row, agrees = check.worst(entry.rows)
    assert row["rel_error"] == pytest.approx(1 / 3, rel=1e-6)
    assert row["rel_error"] > 1e5 * row["expected"] and not agrees


# -- non-finite values ------------------------------------------------------------------------
def test_overflow_gives_no_warnings():
    ops, text = state.CHAINS["overflow"]
    for book in ("06", "16"):
        (entry,) = check.gradient_check(chain(ops, text, book)).inputs
        (row,) = entry.rows
        assert np.isnan(row["backprop"]) and np.isnan(row["rel_error"])
        assert check.worst(entry.rows) == (None, False)
        assert check.nonfinite(entry.rows) and check.max_error(entry.rows) is None
        assert check.expected_text("en", entry) == t("en", "check_expected_none")
    (entry,) = check.gradient_check(chain(ops, "[0.5, 10.0]")).inputs
    assert entry.rows[0]["rel_error"] < 1e-6
    assert np.isnan(entry.rows[1]["numerical"])
    (entry,) = check.gradient_check(chain(("Log",), "[0.0, -1.0, 2.0]")).inputs
    assert entry.rows[2]["rel_error"] < 1e-6
    assert not np.isfinite(entry.rows[0]["backprop"])


@pytest.mark.parametrize("x", ["1e308", "-1e200", "1e155"])
def test_a_huge_input_of_a_branching_graph_is_checked_without_an_exception(x):
    # each element moved on its own: k**3 of x = 1e308 is past a float (inf, not an error)
    found = check.gradient_check(
        lesson(f"x = Variable(np.array({x}))\ny = x * x\ny.backward()\n", "22")
    )
    (entry,) = found.inputs
    (row,) = entry.rows
    assert entry.status == "ok" and not entry.whole
    assert not np.isfinite(row["third"]) or abs(row["third"]) < 1e-300
    assert check.expected_text("en", entry)


# -- what it says -----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_sentence_says_the_computed_estimate_and_the_verdict(lang):
    (entry,) = check.gradient_check(chain(*state.CHAINS["exp_square_exp"])).inputs
    (row,) = entry.rows
    said = check.expected_text(lang, entry)
    assert f"{row['expected']:.2e}" in said and f"{row['third']:.4g}" in said
    ratio = f"{row['rel_error'] / row['expected']:.2g}"
    assert said.endswith(t(lang, "check_agrees", measured=f"{row['rel_error']:.2e}", ratio=ratio))
    (entry,) = check.gradient_check(chain(BOOK, "[0.5, 1.0, -2.0]")).inputs
    assert "x[" in check.expected_text(lang, entry)


# -- the tangent ------------------------------------------------------------------------------
@pytest.mark.parametrize("x0", [0.5, -1.2, 0.0])
def test_tangent_passes_through_the_point_with_the_slope(x0):
    found = check.tangent(chain(BOOK, str(x0), "16"))
    assert found.status == "ok" and (found.input, found.output) == ("x", "y")
    grad, y0 = book_grad(x0), book_f(x0)
    assert found.grad == pytest.approx(grad, rel=1e-14, abs=1e-300)
    assert found.y0 == pytest.approx(y0, rel=1e-14)
    rows = found.rows
    assert len(rows) == 201
    ts = [row["t"] for row in rows]
    assert ts == sorted(ts)
    mid = rows[100]
    assert mid["t"] == x0 and mid["y"] == found.y0 == mid["tangent"]
    for row in rows:
        assert row["tangent"] == pytest.approx(y0 + grad * (row["t"] - x0), rel=1e-12, abs=1e-12)
        assert row["y"] == pytest.approx(book_f(row["t"]), rel=1e-14)
    left, right = rows[99], rows[101]
    h = right["t"] - x0
    for row in (left, right):  # next to x0 the curve and the line agree to second order
        assert abs(row["y"] - row["tangent"]) < 50 * h * h * (abs(y0) + 1)


def test_tangent_range_rules():
    rows = check.tangent_data(chain(BOOK, "0.5"))
    y0 = book_f(0.5)
    lo, hi = rows[0]["t"], rows[-1]["t"]
    assert hi - 0.5 == pytest.approx(0.5 - lo) and 0.1 <= hi - 0.5 <= 1.0
    assert max(abs(r["y"] - y0) for r in rows) <= check.SPREAD * (abs(y0) + 1)
    rows = check.tangent_data(chain(("Log",), "0.5"))
    assert rows and all(row["t"] > 0 for row in rows)
    rows = check.tangent_data(chain(("Log",), "0.5"), half_width=1.0, points=21)
    assert rows[-1]["t"] == 1.5 and len(rows) == 15  # t <= 0 dropped


def test_tangent_of_a_branching_graph():
    found = check.tangent(lesson(*state.PROGRAMS["branch"]))
    assert found.status == "ok" and found.grad == 64.0
    for row in found.rows:
        assert row["y"] == pytest.approx(2 * row["t"] ** 4, rel=1e-14, abs=1e-300)


def test_no_tangent_and_why():
    assert check.tangent(chain(*state.CHAINS["overflow"])).status == "nonfinite"
    assert check.tangent_data(chain(*state.CHAINS["overflow"])) == []
    found = check.tangent(lesson(*state.PROGRAMS["goldstein"]))
    assert (found.status, found.names) == ("inputs", ("x", "y"))
    assert check.tangent(chain(*state.CHAINS["vector"])).status == "scalar"
    seeded = "x = Variable(np.array(0.5))\ny = Square()(x)\ny.grad = np.array(1.0)\n"
    assert check.tangent(lesson(seeded, "06")).status == "wait"
    assert check.tangent(lesson("x = Variable(np.array(0.5))\n", "16")).status == "none"


def test_a_value_made_under_no_grad_is_a_constant_to_the_check_as_to_backprop():
    """Step 18: c = square(x) under no_grad is not in the graph; z = c + x. Backprop gives
    dz/dx = 1 (c is a constant to it), and the check differentiates that same graph."""
    found = check.gradient_check(
        lesson(
            "x = Variable(np.array(2.0))\nwith no_grad():\n    c = square(x)\n"
            "z = add(c, x)\nz.backward()\n",
            "18",
        )
    )
    (entry,) = found.inputs
    (row,) = entry.rows
    assert entry.status == "ok"
    assert row["backprop"] == 1.0
    assert row["numerical"] == pytest.approx(central(lambda t: 2.0**2 + t, 2.0))


@pytest.mark.parametrize("lang", LANGS)
def test_each_inputs_expected_error_is_written_with_its_own_name(lang):
    found = check.gradient_check(lesson(*state.PROGRAMS["sphere"]))
    for entry in found.inputs:
        text = check.expected_text(lang, entry)
        other = "x" if entry.name == "y" else "y"
        assert f"f′({entry.name})" in text and f"f′({other})" not in text
