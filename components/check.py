"""Check backprop against step 04's numerical differentiation, and the tangent it draws.

Pure (no Streamlit). Every function of a chain acts elementwise, so element i of ``x.grad``
is dy_i/dx_i, and one central difference over the whole array checks every element at once.
"""

import numpy as np

from autograd import Chain, Stepper, Variable, numerical_diff

MAX_ROWS = 10_000
TINY = np.finfo(np.float64).tiny  # keeps the relative error defined when both grads are 0

# tangent_data's range rule (see there)
START_HALF_WIDTH = 1.0
SPREAD = 10.0  # the curve and the tangent may reach SPREAD * (|y0| + 1) away from y0
MIN_HALF_WIDTH = 1e-9  # relative to max(1, |x0|): below this the range stops shrinking


def gradient_check(ops, x_data, eps=1e-4, max_rows=MAX_ROWS, user_functions=None) -> list[dict]:
    """One row per element of x (at most ``max_rows``, in C order). ``user_functions``: the
    learner's own, as ``Chain`` takes them.

    Each row: ``index`` (a tuple, ``()`` for a scalar), ``backprop`` (x.grad from the
    stepper run to the end), ``numerical`` (``numerical_diff`` on the chain, step 04's
    central difference), ``abs_error`` and ``rel_error`` = abs / max(|backprop|, |numerical|,
    tiny). inf and nan go through without numpy warnings.
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
            }
        )
    return rows


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
