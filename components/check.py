"""Check backprop against step 04's numerical differentiation, and the tangent it draws.

Pure (no Streamlit). Every function of a chain acts elementwise, so element i of ``x.grad``
is dy_i/dx_i, and one central difference over the whole array checks every element at once.

How far off the central difference itself should be, for this chain at this x: Taylor gives
(f(x + eps) - f(x - eps)) / (2 eps) = f'(x) + eps^2 / 6 * f'''(x) + ..., and each of the two
evaluations of f is rounded to about machine-eps * |f(x)|, which the division by 2 eps
magnifies. So the expected relative error is about
``eps^2 / 6 * |f'''(x)| / |f'(x)| + machine_eps * |f(x)| / (eps * |f'(x)|)``, with f''' and
f' taken from forward values only (never from backward, the thing being checked).
"""

import numpy as np

from autograd import Chain, Stepper, Variable, numerical_diff

MAX_ROWS = 10_000
TINY = np.finfo(np.float64).tiny  # keeps the relative error defined when both grads are 0
MACHINE_EPS = np.finfo(np.float64).eps
THIRD_STEP = 1e-3  # the step of the five-point f''' estimate, relative to max(1, |x|)
AGREES = 10.0  # measured up to 10 times the expected error: what the central difference makes

# tangent_data's range rule (see there)
START_HALF_WIDTH = 1.0
SPREAD = 10.0  # the curve and the tangent may reach SPREAD * (|y0| + 1) away from y0
MIN_HALF_WIDTH = 1e-9  # relative to max(1, |x0|): below this the range stops shrinking


def third_derivative(ops, x, user_functions=None):
    """f'''(x) elementwise from forward values only: the five-point central difference
    (f(x + 2k) - 2 f(x + k) + 2 f(x - k) - f(x - 2k)) / (2 k^3), k = 1e-3 * max(1, |x|).

    Where that is not finite (a step crossed the edge of Log's domain), k shrinks tenfold,
    three times at most; what is still not finite stays nan.
    """
    x = np.asarray(x, dtype=np.float64)
    k = THIRD_STEP * np.maximum(1.0, np.abs(x))
    third = np.full(x.shape, np.nan)
    with np.errstate(all="ignore"):
        for _ in range(4):
            todo = ~np.isfinite(third)
            if not todo.any():
                break
            f = [_evaluate(ops, x + m * k, user_functions) for m in (2, 1, -1, -2)]
            estimate = (f[0] - 2 * f[1] + 2 * f[2] - f[3]) / (2 * k**3)
            third = np.where(todo, estimate, third)
            k = k / 10
    return third


def expected_error(ops, x, numerical, eps=1e-4, user_functions=None):
    """The relative error the central difference itself makes, elementwise (see the module's
    docstring): ``{"third", "truncation", "rounding", "expected"}``, arrays of x's shape.

    ``numerical`` is the central difference (f'), so nothing here depends on backward.
    """
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):
        third = third_derivative(ops, x, user_functions)
        slope = np.maximum(np.abs(np.asarray(numerical, dtype=np.float64)), TINY)
        truncation = eps**2 / 6 * np.abs(third) / slope
        rounding = MACHINE_EPS * np.abs(_evaluate(ops, x, user_functions)) / (eps * slope)
        expected = truncation + rounding
    return {"third": third, "truncation": truncation, "rounding": rounding, "expected": expected}


def gradient_check(ops, x_data, eps=1e-4, max_rows=MAX_ROWS, user_functions=None) -> list[dict]:
    """One row per element of x (at most ``max_rows``, in C order). ``user_functions``: the
    learner's own, as ``Chain`` takes them.

    Each row: ``index`` (a tuple, ``()`` for a scalar), ``backprop`` (x.grad from the
    stepper run to the end), ``numerical`` (``numerical_diff`` on the chain, step 04's
    central difference), ``abs_error`` and ``rel_error`` = abs / max(|backprop|, |numerical|,
    tiny), and from ``expected_error``: ``third`` (f'''), ``truncation``, ``rounding`` and
    ``expected`` (their sum). inf and nan go through without numpy warnings.
    """
    x = np.array(x_data, dtype=np.float64)
    with np.errstate(all="ignore"):
        stepper = Stepper(ops, x, user_functions).run_to_end()
        backprop = np.asarray(stepper.chain.x.grad, dtype=np.float64)
        chain = Chain(ops, x, user_functions)
        numerical = np.asarray(numerical_diff(chain, Variable(x), eps=eps), dtype=np.float64)
        abs_error = np.abs(backprop - numerical)
        scale = np.maximum(np.maximum(np.abs(backprop), np.abs(numerical)), TINY)
        rel_error = abs_error / scale
    expected = expected_error(ops, x, numerical, eps, user_functions)
    rows = []
    for index in np.ndindex(x.shape):
        if len(rows) >= max_rows:
            break
        rows.append(
            {
                "index": index,
                "backprop": float(backprop[index]),
                "numerical": float(numerical[index]),
                "abs_error": float(abs_error[index]),
                "rel_error": float(rel_error[index]),
                **{name: float(value[index]) for name, value in expected.items()},
            }
        )
    return rows


def worst(rows):
    """The row whose measured error is largest next to its expected one (``None`` when no row
    has both finite), and whether it agrees: measured <= 10 x expected."""
    usable = [r for r in rows if np.isfinite(r["rel_error"]) and np.isfinite(r["expected"])]
    if not usable:
        return None, False
    row = max(usable, key=lambda r: r["rel_error"] / max(r["expected"], TINY))
    return row, row["rel_error"] <= AGREES * row["expected"]


def _evaluate(ops, t, user_functions=None):
    with np.errstate(all="ignore"):
        return np.asarray(Chain(ops, 0.0, user_functions)(Variable(t)).data, dtype=np.float64)


def _readable(y, tangent, y0, limit):
    """All finite, and neither the curve nor the tangent strays more than ``limit`` from y0."""
    if not np.isfinite(y).all():
        return False
    with np.errstate(all="ignore"):
        return bool(np.abs(y - y0).max() <= limit and np.abs(tangent - y0).max() <= limit)


def tangent_data(ops, x0, grad, half_width=None, points=201, user_functions=None) -> list[dict]:
    """Rows ``{t, y, tangent}`` for a plot of y(t) and its tangent at a scalar ``x0``.

    ``tangent = y0 + grad * (t - x0)``; points where y(t) is not finite are dropped, and no
    rows at all come back when y0 or ``grad`` is not finite (there is no tangent to draw).

    The range is ``x0 +- half_width``. Given, it is used as is. ``None`` picks one that keeps
    the picture readable: start at 1.0 and halve it while y(t) is not finite somewhere in
    the range (``Log`` left of 0, an overflowing ``Exp``), or while the curve or the tangent
    moves more than 10 * (|y0| + 1) away from y0 (then the neighbourhood of x0, the point of
    the plot, would be squashed flat against a far-away peak). It stops at 1e-9 * max(1,
    |x0|), then shows what is finite.
    """
    x0 = float(x0)
    grad = float(np.asarray(grad).reshape(-1)[0]) if np.size(grad) == 1 else float("nan")
    y0 = float(_evaluate(ops, np.array(x0), user_functions))
    if not (np.isfinite(x0) and np.isfinite(y0) and np.isfinite(grad)):
        return []
    steps = np.linspace(-1.0, 1.0, max(3, int(points)))

    def sample(h):
        t = x0 + h * steps
        y = _evaluate(ops, t, user_functions)
        with np.errstate(all="ignore"):
            tangent = y0 + grad * (t - x0)
        return t, y, tangent

    if half_width is None:
        h = START_HALF_WIDTH
        smallest = MIN_HALF_WIDTH * max(1.0, abs(x0))
        limit = SPREAD * (abs(y0) + 1.0)
        t, y, tangent = sample(h)
        while not _readable(y, tangent, y0, limit) and h / 2 >= smallest:
            h /= 2
            t, y, tangent = sample(h)
    else:
        t, y, tangent = sample(float(half_width))
    keep = np.isfinite(y) & np.isfinite(tangent)
    return [
        {"t": float(a), "y": float(b), "tangent": float(c)}
        for a, b, c in zip(t[keep], y[keep], tangent[keep], strict=True)
    ]
