"""components.check: backprop against step 04's central difference, and the tangent data."""

import warnings

import numpy as np
import pytest

import autograd
from components import check, state
from components.classroom_panels import expected_text
from components.i18n import LANGS, t

BOOK_OPS = ("Square", "Exp", "Square")
ALL_OPS = tuple(autograd.REGISTRY)


@pytest.fixture(autouse=True)
def numpy_warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_book_chain_matches_the_books_numbers():
    (row,) = check.gradient_check(BOOK_OPS, 0.5)
    assert row["index"] == ()
    assert row["backprop"] == 3.297442541400256
    assert row["numerical"] == 3.2974426293330694  # step 04's numerical_diff, printed in the book
    assert row["abs_error"] == abs(3.297442541400256 - 3.2974426293330694)
    assert row["rel_error"] == row["abs_error"] / 3.2974426293330694
    assert row["rel_error"] < 1e-6


@pytest.mark.parametrize(
    ("ops", "x"),
    [
        (BOOK_OPS, [0.5, 1.0, -2.0]),
        (BOOK_OPS, [[0.5, -0.25], [1.5, 0.1]]),
    ],
)
def test_arrays_agree_elementwise(ops, x):
    x = np.array(x)
    rows = check.gradient_check(ops, x)
    assert [row["index"] for row in rows] == list(np.ndindex(x.shape))
    grad = autograd.Stepper(ops, x).run_to_end().chain.x.grad
    for row in rows:
        assert row["backprop"] == grad[row["index"]]
        assert row["rel_error"] < 1e-6


def test_every_function_error_shrinks_like_eps_squared():
    # Seven functions composed bend harder: the central difference is off by about
    # eps^2 * f'''(x) / 6: up to 5e-4 here (where x^2 grows, exp(x^2) turns Sin and Cos
    # fast). Halving eps must cut that error four times: backprop itself is exact.
    x = np.linspace(0.2, 2.0, 50)
    coarse = check.gradient_check(ALL_OPS, x)
    fine = check.gradient_check(ALL_OPS, x, eps=5e-5)
    for a, b in zip(coarse, fine, strict=True):
        assert a["rel_error"] < 1e-3
        if a["rel_error"] > 1e-8:  # above rounding noise
            assert 3.5 < a["rel_error"] / b["rel_error"] < 4.5


def test_a_wrong_backward_is_caught(monkeypatch):
    def wrong(self, gy):
        return 3 * self.input.data * gy  # should be 2 x

    monkeypatch.setattr(autograd.Square, "backward", wrong)
    rows = check.gradient_check(BOOK_OPS, [0.5, 1.0, -2.0])
    assert all(row["rel_error"] > 0.1 for row in rows)


def test_overflow_chain_gives_no_warnings():
    (row,) = check.gradient_check(("Exp", "Exp", "Sin"), 10.0)  # warnings are errors here
    assert np.isnan(row["backprop"])
    assert np.isnan(row["rel_error"])
    rows = check.gradient_check(("Exp", "Exp", "Sin"), [0.5, 10.0])
    assert rows[0]["rel_error"] < 1e-6
    assert np.isnan(rows[1]["numerical"])
    rows = check.gradient_check(("Log",), [0.0, -1.0, 2.0])
    assert rows[2]["rel_error"] < 1e-6
    assert not np.isfinite(rows[0]["backprop"])


def test_zero_gradient_has_zero_relative_error():
    (row,) = check.gradient_check(("Square",), 0.0)
    assert row | {"index": (), "backprop": 0.0, "numerical": 0.0} == row
    assert row["abs_error"] == row["rel_error"] == row["expected"] == 0.0  # f''' is 0 too


def test_rows_are_capped():
    x = np.linspace(-1, 1, 12_000)
    rows = check.gradient_check(("Sin",), x)
    assert len(rows) == check.MAX_ROWS == 10_000
    assert rows[-1]["index"] == (9_999,)
    assert len(check.gradient_check(("Sin",), x, max_rows=5)) == 5


# -- tangent ------------------------------------------------------------------------------------
def book_grad(x0):
    return float(autograd.Stepper(BOOK_OPS, x0).run_to_end().chain.x.grad)


def y_of(ops, x):
    return float(autograd.Chain(ops, 0.0)(autograd.Variable(x)).data)


@pytest.mark.parametrize("x0", [0.5, -1.2, 0.0])
def test_tangent_passes_through_the_point_with_the_slope(x0):
    grad = book_grad(x0)
    rows = check.tangent_data(BOOK_OPS, x0, grad)
    assert len(rows) == 201
    ts = [row["t"] for row in rows]
    assert ts == sorted(ts)
    mid = rows[100]
    y0 = y_of(BOOK_OPS, x0)
    assert mid["t"] == x0 and mid["y"] == y0 and mid["tangent"] == y0
    for row in rows:
        assert row["tangent"] == pytest.approx(y0 + grad * (row["t"] - x0), rel=1e-12, abs=1e-12)
        assert row["y"] == y_of(BOOK_OPS, row["t"])
    slope = (rows[-1]["tangent"] - rows[0]["tangent"]) / (rows[-1]["t"] - rows[0]["t"])
    assert slope == pytest.approx(grad, rel=1e-9)
    # it is the tangent: next to x0 the curve and the line agree to second order
    left, right = rows[99], rows[101]
    h = right["t"] - x0
    for row in (left, right):
        assert abs(row["y"] - row["tangent"]) < 50 * h * h * (abs(y0) + 1)


def test_book_range_is_readable():
    rows = check.tangent_data(BOOK_OPS, 0.5, book_grad(0.5))
    y0 = y_of(BOOK_OPS, 0.5)
    lo, hi = rows[0]["t"], rows[-1]["t"]
    assert hi - 0.5 == pytest.approx(0.5 - lo)
    assert 0.1 <= hi - 0.5 <= 1.0
    assert max(abs(r["y"] - y0) for r in rows) <= check.SPREAD * (abs(y0) + 1)


def test_range_shrinks_out_of_a_functions_domain():
    rows = check.tangent_data(("Log",), 0.5, 2.0)
    assert rows and all(row["t"] > 0 for row in rows)
    assert all(np.isfinite(row["y"]) for row in rows)


def test_range_shrinks_under_an_exploding_curve():
    ops = ("Exp", "Exp", "Exp")
    grad = float(autograd.Stepper(ops, 0.5).run_to_end().chain.x.grad)
    rows = check.tangent_data(ops, 0.5, grad)
    y0 = y_of(ops, 0.5)
    assert len(rows) == 201
    assert max(abs(r["y"] - y0) for r in rows) <= check.SPREAD * (abs(y0) + 1)
    assert max(abs(r["tangent"] - y0) for r in rows) <= check.SPREAD * (abs(y0) + 1)


def test_fixed_half_width_is_kept_and_non_finite_points_dropped():
    rows = check.tangent_data(("Log",), 0.5, 2.0, half_width=1.0, points=21)
    assert rows[-1]["t"] == 1.5
    assert all(row["t"] > 0 for row in rows)  # log of t <= 0 dropped
    assert len(rows) == 15  # 0.1, 0.2, ..., 1.5 (t = 0 gives log 0 = -inf)


def test_no_tangent_when_not_finite():
    stepper = autograd.Stepper(("Exp", "Exp", "Sin"), 10.0).run_to_end()
    assert check.tangent_data(stepper.chain.ops, 10.0, stepper.chain.x.grad) == []
    assert check.tangent_data(BOOK_OPS, 0.5, float("inf")) == []


# -- the expected error of the central difference, computed ------------------------------------
FINITE_PRESETS = [name for name in state.PRESETS if name != "overflow"]


@pytest.mark.parametrize(
    ("ops", "x", "third"),
    [(("Sin",), 0.7, -np.cos(0.7)), (("Exp",), 1.5, np.exp(1.5)), (("Log",), 0.1, 2 / 0.1**3)],
)
def test_third_derivative_from_forward_values(ops, x, third):
    assert check.third_derivative(ops, x) == pytest.approx(third, rel=1e-3)


@pytest.mark.parametrize("name", FINITE_PRESETS)
def test_the_estimate_brackets_the_real_error_on_the_apps_presets(name):
    ops, text = state.PRESETS[name]
    rows = check.gradient_check(ops, state.parse_input(text))
    for row in rows:  # truncation dominates here: the estimate is the error, within 2x
        assert row["expected"] / 2 <= row["rel_error"] <= 2 * row["expected"], row
        assert row["rounding"] < row["truncation"] / 100
    row, agrees = check.worst(rows)
    assert agrees and row in rows


def test_a_missing_factor_2_in_backward_is_far_outside_the_estimate(monkeypatch):
    def backward(self, gy):  # Square.backward without its 2: dy/dx comes out halved
        return self.input.data * gy

    monkeypatch.setattr(autograd.Square, "backward", backward)
    ops, text = state.PRESETS["exp_square_exp"]  # one Square: x.grad is half the truth
    (row,) = check.gradient_check(ops, state.parse_input(text))
    assert row["backprop"] == pytest.approx(row["numerical"] / 2, rel=1e-6)
    assert row["rel_error"] == pytest.approx(0.5, rel=1e-6)
    assert row["rel_error"] > 1e5 * row["expected"]
    assert check.worst([row]) == (row, False)


def test_no_estimate_where_values_are_not_finite():
    ops, text = state.PRESETS["overflow"]
    assert check.worst(check.gradient_check(ops, state.parse_input(text))) == (None, False)


@pytest.mark.parametrize("lang", LANGS)
def test_the_panel_says_the_computed_estimate_and_the_verdict(monkeypatch, lang):
    ops, text = state.PRESETS["exp_square_exp"]
    x = state.parse_input(text)
    (row,) = check.gradient_check(ops, x)
    said = expected_text(lang, [row], array=False)
    assert f"{row['expected']:.2e}" in said and f"{row['third']:.4g}" in said
    assert said.endswith(t(lang, "check_agrees", measured=f"{row['rel_error']:.2e}", ratio="1"))
    monkeypatch.setattr(autograd.Square, "backward", lambda self, gy: self.input.data * gy)
    (wrong,) = check.gradient_check(ops, x)
    assert wrong["rel_error"] == pytest.approx(0.5)  # half the truth: 0.5 off, relatively
    ratio = f"{wrong['rel_error'] / wrong['expected']:.2g}"
    verdict = t(lang, "check_disagrees", measured="5.00e-01", ratio=ratio)
    assert expected_text(lang, [wrong], array=False).endswith(verdict)
