"""Variable and Function, as in steps 06 to 08 of *Deep Learning from Scratch 3* (DeZero).

Step 06's classes, with what step 07 adds: a variable remembers its ``creator`` (the
function that made it; ``None`` for a variable the user made) and a function remembers its
``input`` and ``output``. ``Variable.backward()`` is step 08's loop over a list ``funcs``;
step 07's recursive form is ``Variable.backward_recursive()``. Step 06's manual calls
(``b.grad = C.backward(y.grad)``) work as before. Beyond the book: ``Variable`` checks and
converts its data and can carry a name.
"""

import sys

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
        self.creator = None

    def __repr__(self):
        return f"Variable({self.data!r}, name={self.name!r})"

    def set_creator(self, func):
        self.creator = func

    def backward(self):
        """Step 08: backpropagate from this variable with a loop (no recursion, any depth)."""
        funcs = [self.creator]
        while funcs:
            f = funcs.pop()  # get a function
            x, y = f.input, f.output  # get the function's input and output
            x.grad = f.backward(y.grad)  # call the function's backward

            if x.creator is not None:
                funcs.append(x.creator)  # add the function before it to the list

    def backward_recursive(self):
        """Step 07: the same calls by recursion, one Python frame per function.

        Past Python's recursion limit (``sys.getrecursionlimit()``, 1,000 by default) it
        raises ``BackwardRecursionError``, which says why step 08 replaced it.
        """
        try:
            self._backward_recursive()
        except RecursionError:
            raise BackwardRecursionError(_depth(self), sys.getrecursionlimit()) from None

    def _backward_recursive(self):  # step 07's backward, as the book writes it
        f = self.creator  # 1. get the function
        if f is not None:
            x = f.input  # 2. get the function's input
            x.grad = f.backward(self.grad)  # 3. call the function's backward
            x._backward_recursive()  # call backward of the variable before it (recursion)


class BackwardRecursionError(RecursionError):
    """Step 07's recursive backward ran past Python's recursion limit."""

    def __init__(self, depth, limit):
        self.depth = depth  # functions between this variable and the user's input
        self.limit = limit  # sys.getrecursionlimit()
        super().__init__(
            f"step 07's recursive backward needs one Python frame per function: this graph "
            f"has {depth} functions, past Python's recursion limit of {limit} frames "
            f"(sys.getrecursionlimit()). That is why step 08 replaces the recursion with a "
            f"loop over a list, funcs: call backward() instead, which has no such limit."
        )


def _depth(variable):
    """How many functions lie between ``variable`` and the variable the user made."""
    depth = 0
    while variable.creator is not None:
        variable = variable.creator.input
        depth += 1
    return depth


class Function:
    def __call__(self, input):
        x = input.data
        y = self.forward(x)
        output = Variable(as_array(y))
        output.set_creator(self)  # step 07: the output remembers its creator
        self.input = input
        self.output = output
        return output

    def forward(self, x):
        raise NotImplementedError("Function forward not implemented")

    def backward(self, gy):
        raise NotImplementedError("Function backward not implemented")
