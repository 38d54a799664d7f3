"""Variable and Function, as in step 06 of *Deep Learning from Scratch 3* (DeZero).

The only additions to the book's classes: ``Variable`` checks and converts its data and can
carry a name, and ``Function`` remembers its ``output`` too (the graph needs it).
"""

import numpy as np


def as_array(x):
    """Return ``x`` as an ``np.ndarray`` (numpy turns a 0-d result into a bare scalar)."""
    if type(x) is np.ndarray:
        return x
    return np.asarray(x)


# Real numbers only: a complex one (np.complex128 too) would silently lose its imaginary part.
_NUMBERS = (int, float, np.integer, np.floating)


def _to_data(data):
    """Convert what a learner may write into an ndarray, or raise a clear ``TypeError``."""
    if isinstance(data, np.ndarray):
        if data.dtype.kind in "fiu":
            return data if data.dtype.kind == "f" else data.astype(np.float64)
        raise TypeError(f"Variable data must be numeric, not an array of dtype {data.dtype}")
    if isinstance(data, (bool, np.bool_)) or not isinstance(data, (*_NUMBERS, list)):
        raise TypeError(
            f"Variable takes a number, a (nested) list of numbers or an np.ndarray, "
            f"not {type(data).__name__}"
        )
    if isinstance(data, list) and not _all_numbers(data):
        raise TypeError("Variable takes a (nested) list of numbers only")
    try:
        return np.array(data, dtype=np.float64)
    except ValueError:
        raise TypeError(
            "Variable takes a rectangular (nested) list of numbers: every row the same length"
        ) from None


def _all_numbers(items):
    stack = [items]
    while stack:
        for item in stack.pop():
            if isinstance(item, list):
                stack.append(item)
            elif isinstance(item, (bool, np.bool_)) or not isinstance(item, _NUMBERS):
                return False
    return True


class Variable:
    flags = ()  # floating-point problems met computing data ('overflow', ...), set by the stepper
    grad_flags = ()  # the same for grad

    def __init__(self, data, name=None):
        if type(data) is not np.ndarray or data.dtype.kind != "f":  # fast path: float arrays
            data = _to_data(data)
        self.data = data
        self.name = name
        self.grad = None

    def __repr__(self):
        return f"Variable({self.data!r}, name={self.name!r})"


class Function:
    def __call__(self, input):
        x = input.data
        y = self.forward(x)
        output = Variable(as_array(y))
        self.input = input
        self.output = output
        return output

    def forward(self, x):
        raise NotImplementedError("Function forward not implemented")

    def backward(self, gy):
        raise NotImplementedError("Function backward not implemented")
