"""A chain of unary functions named the way the book names it.

``x -> A -> a -> B -> b -> C -> y``: the input is ``x``, the functions are ``A, B, C, ...``,
each intermediate takes its function's letter in lower case, and the last output is ``y``.
"""

import keyword
from itertools import count

from .core import Variable
from .functions import REGISTRY

# Names that would clash with the input x, the output y, numpy's np or a Python keyword.
_RESERVED = {"x", "y", "np"}


def _letters(n):
    """0 -> A, 25 -> Z, 26 -> AA, ... (spreadsheet columns)."""
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def function_names(n):
    """The first ``n`` function names: A, B, ..., W, Z, AA, AB, ... (never X or Y)."""
    names = []
    for i in count():
        if len(names) == n:
            return names
        name = _letters(i)
        lower = name.lower()
        if lower not in _RESERVED and not keyword.iskeyword(lower):
            names.append(name)


def variable_names(n):
    """Names of the n + 1 variables of an n-function chain: x, a, b, ..., y."""
    if n == 0:
        return ["x"]
    return ["x"] + [name.lower() for name in function_names(n - 1)] + ["y"]


class Chain:
    """The functions of a chain, created (not yet called) as in ``A = Square()``.

    ``variables[0]`` is the input ``x``; ``variables[i + 1]`` is the output of
    ``functions[i]``, ``None`` until that function has been called.

    ``user_functions`` (``{name: FunctionInfo}``, e.g. from ``user_registry``) adds the
    learner's own functions to the built-in ``REGISTRY``; ``registry`` holds both (and may
    be given again: built-in entries in it are the registry's own).
    """

    def __init__(self, ops, x, user_functions=None):
        user_functions = dict(user_functions or {})
        clash = [
            n for n, info in user_functions.items() if n in REGISTRY and info is not REGISTRY[n]
        ]
        if clash:
            raise ValueError(f"{clash[0]!r} is a built-in function already")
        self.registry = {**REGISTRY, **user_functions}
        unknown = [op for op in ops if op not in self.registry]
        if unknown:
            known = ", ".join(self.registry)
            raise ValueError(f"unknown function {unknown[0]!r}; known: {known}")
        self.ops = tuple(ops)
        self.function_names = function_names(len(ops))
        self.variable_names = variable_names(len(ops))
        self.functions = [self.registry[op].cls() for op in ops]
        x = x if isinstance(x, Variable) else Variable(x)
        x.name = "x"
        self.variables = [x] + [None] * len(ops)

    def __len__(self):
        return len(self.functions)

    @property
    def x(self):
        return self.variables[0]

    @property
    def y(self):
        return self.variables[-1]

    def __call__(self, x):
        """Run the whole chain on a new input (used by ``numerical_diff``): a throwaway
        evaluation, so no output keeps its creator (see ``__del__``)."""
        for op in self.ops:
            x = unlinked(self.registry[op].cls()(x))
        return x

    def __del__(self):
        """Step 07's references make a cycle: a variable's ``creator`` is the function whose
        ``output`` it is. This server never forces the cyclic collector after a run
        (``runner.postScriptGC = false``), so a chain that is done with unlinks its variables
        and their arrays are freed at once, not whenever a full collection comes."""
        for variable in getattr(self, "variables", ()):  # () if __init__ refused the ops
            if variable is not None:
                variable.creator = None


def unlinked(variable):
    """``variable`` without its creator (a value computed only for its data)."""
    variable.creator = None
    return variable
