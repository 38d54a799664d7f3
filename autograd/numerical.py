"""Step 04's numerical differentiation: the central difference, used to check backprop."""

from .core import Variable


def numerical_diff(f, x, eps=1e-4):
    """(f(x + eps) - f(x - eps)) / 2 eps, elementwise when x holds an array.

    ``f`` takes and returns a ``Variable``; ``x`` is a ``Variable`` (or data for one).
    """
    if not isinstance(x, Variable):
        x = Variable(x)
    x0 = Variable(x.data - eps)
    x1 = Variable(x.data + eps)
    y0 = f(x0)
    y1 = f(x1)
    return (y1.data - y0.data) / (2 * eps)
