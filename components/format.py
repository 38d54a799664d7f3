"""Text of the engine's ndarrays: compact for graph labels, full for the variables table.

Pure functions (no Streamlit), so the graph and the table share one notation.
"""

import math

import numpy as np

ELLIPSIS = "…"
MAX_SHORT = 59  # short() never returns more characters than this, whatever the array


def _scalar(x, digits):
    """One float the way numpy prints it at ``digits`` significant digits: 3.29744, inf."""
    return f"{float(x):.{digits}g}"


def shape_text(value) -> str:
    """The shape of an array as Python prints it, ``"(3,)"``, shortened if very long."""
    shape = np.shape(value)
    text = str(tuple(shape))
    if len(text) > 16:  # a many-dimensional shape: first and last extents only
        text = f"({shape[0]}, {ELLIPSIS}, {shape[-1]})"
    return text


def short(value, max_items=3, shape=True) -> str:
    """Compact text of an ndarray (or ``None``) for a graph label.

    ``None`` -> ``"None"``; a 0-d array -> ``"3.29744"`` (6 significant digits); an array ->
    its shape and at most ``max_items`` values, e.g. ``"(1000000,) [0.25 0.25 … 1]"``
    (``shape=False``: the values only, ``"[0.25 0.25 … 1]"``).
    The text stays under 60 characters whatever the size of the array.
    """
    if value is None:
        return "None"
    a = np.asarray(value)
    if a.ndim == 0:
        return _scalar(a, 6)
    flat = a.reshape(-1)
    items = max(1, int(max_items))
    while True:
        if flat.size <= items:
            values = [_scalar(v, 4) for v in flat]
        else:
            values = [_scalar(v, 4) for v in flat[: items - 1]]
            values += [ELLIPSIS, _scalar(flat[-1], 4)]
        text = f"[{' '.join(values)}]"
        if shape:
            text = f"{shape_text(a)} {text}"
        if len(text) <= MAX_SHORT or items == 1:
            return text
        items -= 1


def full(value) -> str:
    """Full-precision text for the variables table: ``"3.297442541400256"``."""
    if value is None:
        return "None"
    a = np.asarray(value)
    if a.ndim == 0:
        if a.dtype.kind in "biu":
            return str(a.item())  # an integer as Python prints it: 8, not 8.0
        return repr(float(a))
    return np.array2string(a, precision=17, floatmode="unique", threshold=20)


def nonfinite(value) -> bool:
    """True if any element of ``value`` is inf or nan (False for ``None``)."""
    if value is None:
        return False
    if np.ndim(value) == 0:  # a scalar: the common case, asked for every variable at every call
        return not math.isfinite(value)
    return not bool(np.isfinite(np.asarray(value)).all())
