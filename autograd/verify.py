"""Is a learner's backward right? Step 04's numerical derivative of the forward says.

``check_backward(forward, backward, x)`` evaluates the backward expression (in x, y, gy)
with gy = 1 and gy = 2 at the current ``x`` (each element) and at a few other points, and
compares gy = 1 with the central difference of the forward expression. The verdict is data:
a ``key`` for the translated sentence and its ``params`` (numbers already written short),
never an exception.
"""

from dataclasses import dataclass, field

import numpy as np

OTHER_POINTS = (-1.7, -0.6, 0.3, 0.8, 1.3, 2.1)  # besides the current x; none at 0
MAX_POINTS = 50  # elements of the current x that are checked
RTOL = 1e-3  # the backward may differ from the central difference by 0.1% ...
ATOL = 1e-6  # ... or by this much (central differences round near 0)
EPS = 1e-4  # numerical_diff's step, as in step 04


@dataclass(frozen=True)
class Verdict:
    """``key``: verdict_right, verdict_ignores_gy, verdict_gy_nonlinear, verdict_sign,
    verdict_factor, verdict_wrong or verdict_undefined. ``params`` are short strings for the
    sentence; ``point`` is the x where it goes wrong (None when right), ``rows`` every point
    checked."""

    key: str
    params: dict = field(default_factory=dict)
    point: float | None = None
    rows: tuple = ()

    @property
    def ok(self):
        return self.key == "verdict_right"


def short(value):
    """A number in a sentence: 4 significant digits."""
    return f"{float(value):.4g}"


def _close(a, b):
    return np.abs(a - b) <= RTOL * np.maximum(np.abs(a), np.abs(b)) + ATOL


def check_backward(forward, backward, x=0.5):
    """The verdict on ``backward`` (an ``Expression`` in x, y, gy), see the module docstring.
    ``forward`` is the forward ``Expression`` (in x)."""
    current = np.asarray(x, dtype=np.float64).reshape(-1)[:MAX_POINTS]
    t = np.unique(np.concatenate([current, OTHER_POINTS]))
    with np.errstate(all="ignore"):
        t = t[np.isfinite(t)]
        y = forward(x=t)
        g1 = np.asarray(backward(x=t, y=y, gy=np.ones_like(t)), dtype=np.float64)
        g2 = np.asarray(backward(x=t, y=y, gy=np.full_like(t, 2.0)), dtype=np.float64)
        numerical = (forward(x=t + EPS) - forward(x=t - EPS)) / (2 * EPS)
        # one-sided differences disagree at a kink (|x| at 0): no derivative to compare
        right = (forward(x=t + EPS) - y) / EPS
        left = (y - forward(x=t - EPS)) / EPS
        smooth = np.abs(right - left) <= 0.1 * np.maximum(1.0, np.abs(numerical))
        usable = smooth & np.isfinite(y) & np.isfinite(numerical) & np.isfinite(g1)
        usable &= np.isfinite(g2) & (np.abs(numerical) < 1e8)
    rows = tuple(
        {"x": float(a), "backward": float(b), "numerical": float(c), "usable": bool(d)}
        for a, b, c, d in zip(t, g1, numerical, usable, strict=True)
    )
    if not usable.any():
        return Verdict("verdict_undefined", rows=rows)
    t, g1, g2, numerical = t[usable], g1[usable], g2[usable], numerical[usable]
    here = np.flatnonzero(t == current[0])  # the current x, when it shows the mistake

    def where(bad, size):
        return int(here[0]) if here.size and bad[here[0]] else int(np.argmax(size))

    if not _close(g2, 2 * g1).all():
        i = where(~_close(g2, 2 * g1), np.abs(g2 - 2 * g1))
        key = "verdict_ignores_gy" if _close(g2, g1).all() else "verdict_gy_nonlinear"
        params = {"x": short(t[i]), "g1": short(g1[i]), "g2": short(g2[i])}
        return Verdict(key, params, float(t[i]), rows)
    good = _close(g1, numerical)
    if good.all():
        counted = bool(np.isin(current, t).any())  # the current x was checked, not left out
        params = {"count": len(t), "current": counted}
        return Verdict("verdict_right", params, None, rows)
    with np.errstate(all="ignore"):
        error = np.abs(g1 - numerical) / np.maximum(np.abs(numerical), ATOL)
    factor = _common_factor(g1, numerical)
    # a sign or a factor shows at the current x; any other mistake: where it is largest
    i = int(np.argmax(error)) if factor is None else where(~good, error)
    at = {"x": short(t[i]), "backward": short(g1[i]), "numerical": short(numerical[i])}
    if factor is not None and _close(factor, -1.0):
        return Verdict("verdict_sign", at, float(t[i]), rows)
    if factor is not None:
        return Verdict("verdict_factor", {**at, "factor": short(factor)}, float(t[i]), rows)
    return Verdict("verdict_wrong", {**at, "error": f"{error[i]:.2%}"}, float(t[i]), rows)


def _common_factor(backward, numerical):
    """k when backward = k * numerical at every point (two at least, k not 0 or 1)."""
    nonzero = np.abs(numerical) > 1e-3
    if nonzero.sum() < 2:
        return None
    ratios = backward[nonzero] / numerical[nonzero]
    k = float(np.median(ratios))
    if not np.isfinite(k) or abs(k) < 1e-3 or not _close(ratios, k).all():
        return None
    if not _close(backward, k * numerical).all():
        return None
    return k
