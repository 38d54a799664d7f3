"""The learner's own Functions, as each book step would write them.

A learner writes a class name, a ``forward`` in ``x`` and a ``backward`` in ``x``, ``y`` (the
output) and ``gy`` (``autograd.expression``: never ``eval``). ``classes(namespace, step,
learned)`` makes each one a subclass of that step's own ``Function``, reading its input the
way that step's ``Square`` does (``self.input.data`` in steps 06-09, ``self.inputs[0].data``
from step 13, the output through a weakref from step 18), and from step 09 on also the Python
function the program calls (``cube(x)`` for ``Cube``). ``source(step, learned)`` is the same
code as text, for the code panel and the ``.py`` export.
"""

import numpy as np

# How each step's code reaches a function's input and output inside backward.
_INPUT = {"06": "self.input.data", "07": "self.input.data", "08": "self.input.data"}
_OUTPUT = {"07": "self.output.data", "08": "self.output.data", "09": "self.output.data"}


def input_code(step):
    return _INPUT.get(step, "self.input.data" if step < "13" else "self.inputs[0].data")


def output_code(step):
    """How backward reads y in ``step`` (None in step 06: no function keeps its output)."""
    if step == "06":
        return None
    if step in _OUTPUT:
        return _OUTPUT[step]
    return "self.outputs[0].data" if step < "17" else "self.outputs[0]().data"


def function_name(name):
    """The Python function the program calls from step 09 on: ``Cube`` -> ``cube``."""
    return name[0].lower() + name[1:]


def calls_functions(step):
    """Whether the program calls functions (``square(x)``, step 09 on) or classes."""
    return step >= "09"


def classes(namespace, step, learned):
    """``{name: callable}`` for the learner's complete functions (a written backward)."""
    made = {}
    base = namespace["Function"]
    for entry in learned:
        if entry.backward is None:
            continue
        cls = _make(base, step, entry)
        made[entry.name] = cls
        if calls_functions(step):
            made[function_name(entry.name)] = _function(cls)
    return made


def _make(base, step, entry):
    f, g = entry.forward, entry.backward
    uses_y = "y" in g.names

    def forward(self, x):
        return f(x=x)

    def backward(self, gy):
        x = self.inputs[0].data if hasattr(self, "inputs") else self.input.data
        env = {"x": x, "gy": np.asarray(gy, dtype=np.float64)}
        if uses_y:
            output = self.outputs[0] if hasattr(self, "outputs") else getattr(self, "output", None)
            output = output() if callable(output) and not hasattr(output, "data") else output
            env["y"] = f(x=x) if output is None else output.data
        return g(**env)

    return type(
        entry.name,
        (base,),
        {
            "forward": forward,
            "backward": backward,
            "learner": True,
            "forward_expression": f,
            "backward_expression": g,
            "__module__": "__main__",  # as the exported .py defines it
            "__qualname__": entry.name,
        },
    )


def _function(cls):
    def call(x):
        return cls()(x)

    call.__name__ = function_name(cls.__name__)
    return call


def source(step, learned):
    """The learner's complete functions as that step's code would write them (text)."""
    blocks = []
    for entry in learned:
        if entry.backward is None:
            continue
        lines = [
            f"class {entry.name}(Function):",
            "    def forward(self, x):",
            f"        y = {entry.forward.code()}",
            "        return y",
            "",
            "    def backward(self, gy):",
            f"        x = {input_code(step)}",
        ]
        if "y" in entry.backward.names:
            output = output_code(step)
            lines.append(f"        y = {output or entry.forward.code()}")
        lines += [f"        gx = {entry.backward.code()}", "        return gx"]
        if calls_functions(step):
            name = function_name(entry.name)
            lines += ["", "", f"def {name}(x):", f"    return {entry.name}()(x)"]
        blocks.append("\n".join(lines))
    return "\n\n\n".join(blocks)
