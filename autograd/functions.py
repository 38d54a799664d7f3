"""The functions a learner can put in a chain, and one registry that lists them.

``Square`` and ``Exp`` are exactly the book's step-06 classes. The others follow the same
pattern: ``forward`` computes y from x, ``backward`` multiplies the incoming ``gy`` by the
local derivative.
"""

from dataclasses import dataclass
from string import Template

import numpy as np

from .core import Function


class Square(Function):
    def forward(self, x):
        y = x**2
        return y

    def backward(self, gy):
        x = self.input.data
        gx = 2 * x * gy
        return gx


class Exp(Function):
    def forward(self, x):
        y = np.exp(x)
        return y

    def backward(self, gy):
        x = self.input.data
        gx = np.exp(x) * gy
        return gx


class Sin(Function):
    def forward(self, x):
        return np.sin(x)

    def backward(self, gy):
        x = self.input.data
        return np.cos(x) * gy


class Cos(Function):
    def forward(self, x):
        return np.cos(x)

    def backward(self, gy):
        x = self.input.data
        return -np.sin(x) * gy


class Tanh(Function):
    def forward(self, x):
        return np.tanh(x)

    def backward(self, gy):
        y = self.output.data
        return (1 - y * y) * gy


class Log(Function):
    def forward(self, x):
        return np.log(x)

    def backward(self, gy):
        x = self.input.data
        return gy / x


class Sigmoid(Function):
    def forward(self, x):
        return np.tanh(x * 0.5) * 0.5 + 0.5  # 1 / (1 + exp(-x)), without overflow

    def backward(self, gy):
        y = self.output.data
        return y * (1 - y) * gy


@dataclass(frozen=True)
class FunctionInfo:
    """One registry entry: the class, and ``dlatex``, the LaTeX of f'(x) with ``$x`` for x."""

    name: str
    cls: type
    dlatex: str

    def derivative(self, var="x"):
        return Template(self.dlatex).substitute(x=var)


REGISTRY = {
    info.name: info
    for info in (
        FunctionInfo("Square", Square, "2{$x}"),
        FunctionInfo("Exp", Exp, "e^{$x}"),
        FunctionInfo("Sin", Sin, r"\cos {$x}"),
        FunctionInfo("Cos", Cos, r"-\sin {$x}"),
        FunctionInfo("Tanh", Tanh, r"1-\tanh^{2} {$x}"),
        FunctionInfo("Log", Log, r"\frac{1}{$x}"),
        FunctionInfo("Sigmoid", Sigmoid, r"\sigma({$x})\,(1-\sigma({$x}))"),
    )
}
