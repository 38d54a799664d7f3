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
    verdict_factor, verdict_wrong, verdict_nonfinite, verdict_undefined or verdict_flat (no
    point had a derivative other than 0: nothing to tell right from wrong). ``params`` are
    short strings for the sentence; ``point`` is the x where it goes wrong (None when right),
    ``rows`` every point checked."""

    key: str
    params: dict = field(default_factory=dict)
    point: float | None = None
    rows: tuple = ()

    @property
    def undecided(self):
        """Neither right nor wrong: no point where the comparison means something."""
        return self.key in ("verdict_undefined", "verdict_flat")

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
    points = np.unique(np.concatenate([current, OTHER_POINTS]))
    with np.errstate(all="ignore"):
        points = points[np.isfinite(points)]
        y = forward(x=points)
        g1 = np.asarray(backward(x=points, y=y, gy=np.ones_like(points)), dtype=np.float64)
        g2 = np.asarray(backward(x=points, y=y, gy=np.full_like(points, 2.0)), dtype=np.float64)
        numerical = (forward(x=points + EPS) - forward(x=points - EPS)) / (2 * EPS)
        # one-sided differences disagree at a kink (|x| at 0): no derivative to compare
        right = (forward(x=points + EPS) - y) / EPS
        left = (y - forward(x=points - EPS)) / EPS
        smooth = np.abs(right - left) <= 0.1 * np.maximum(1.0, np.abs(numerical))
        # where the forward has a derivative to compare with
        defined = smooth & np.isfinite(y) & np.isfinite(numerical) & (np.abs(numerical) < 1e8)
        usable = defined & np.isfinite(g1) & np.isfinite(g2)
    rows = tuple(
        {"x": float(a), "backward": float(b), "numerical": float(c), "usable": bool(d)}
        for a, b, c, d in zip(points, g1, numerical, usable, strict=True)
    )
    broken = defined & ~np.isfinite(g1)  # inf or nan where the derivative is a number
    if broken.any():
        first = np.flatnonzero(broken & np.isin(points, current))  # at the current x, if it shows
        i = int(first[0] if first.size else np.flatnonzero(broken)[0])
        at = {"x": short(points[i]), "backward": short(g1[i]), "numerical": short(numerical[i])}
        return Verdict("verdict_nonfinite", at, float(points[i]), rows)
    if not usable.any():
        return Verdict("verdict_undefined", rows=rows)
    points, g1, g2, numerical = points[usable], g1[usable], g2[usable], numerical[usable]
    here = np.flatnonzero(points == current[0])  # the current x, when it shows the mistake

    def where(bad, size):
        return int(here[0]) if here.size and bad[here[0]] else int(np.argmax(size))

    if not _close(g2, 2 * g1).all():
        i = where(~_close(g2, 2 * g1), np.abs(g2 - 2 * g1))
        key = "verdict_ignores_gy" if _close(g2, g1).all() else "verdict_gy_nonlinear"
        params = {"x": short(points[i]), "g1": short(g1[i]), "g2": short(g2[i])}
        return Verdict(key, params, float(points[i]), rows)
    good = _close(g1, numerical)
    if good.all() and not (np.abs(numerical) > ATOL).any() and not (np.abs(g1) > ATOL).any():
        return Verdict("verdict_flat", {"count": len(points)}, None, rows)  # x**1e9: 0 or inf
    if good.all():
        counted = bool(np.isin(current, points).any())  # the current x was checked, not left out
        params = {"count": len(points), "current": counted}
        return Verdict("verdict_right", params, None, rows)
    with np.errstate(all="ignore"):
        error = np.abs(g1 - numerical) / np.maximum(np.abs(numerical), ATOL)
    factor = _common_factor(g1, numerical)
    # a sign or a factor shows at the current x; any other mistake: where it is largest
    i = int(np.argmax(error)) if factor is None else where(~good, error)
    at = {"x": short(points[i]), "backward": short(g1[i]), "numerical": short(numerical[i])}
    if factor is not None and _close(factor, -1.0):
        return Verdict("verdict_sign", at, float(points[i]), rows)
    if factor is not None:
        return Verdict("verdict_factor", {**at, "factor": short(factor)}, float(points[i]), rows)
    return Verdict("verdict_wrong", {**at, "error": f"{error[i]:.2%}"}, float(points[i]), rows)


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
