"""One lesson: a program run by one book step's code, traced once.

A ``Lesson`` holds the graph the run made (``nodes`` and ``edges``, by id) and its
``items``: each one line that ran (of the learner's program, or of the step's code inside a
call such as ``y.backward()``), with the values it set, the calls it made, the frames of the
step's code still running after it, and what it printed. Position ``p`` of the lesson is the
first ``p`` items: position 0 is before the program's first line, position ``len(items)``
after its last. Nothing here assumes a chain or one input per function: views walk nodes and
edges by id.

Pure data and numpy; built by ``autograd.tracer.run``.
"""

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Node:
    """A variable (``kind="var"``) or a function (``kind="fn"``) the run created."""

    id: str  # "v0", "f0": the same in every view, DOT, frame and export
    kind: str  # "var" or "fn"
    name: str  # what the program calls it: "x", "a", "A"; a function without one: its class
    cls: str = ""  # a function's class: "Square"; a variable: ""
    const: bool = False  # a variable the step's code made from a number (as_variable)
    user: bool = False  # a function of the learner's own class
    born: int = 0  # the first position at which it exists
    program: bool = False  # named by the program (an assignment or v.name = ...)


@dataclass(frozen=True)
class Edge:
    """A forward arrow: a function's input (var -> fn) or output (fn -> var)."""

    id: str  # "e0", ...
    src: str
    dst: str
    kind: str  # "in" or "out"
    index: int  # which input or output of the function
    linked: bool = True  # the step's code kept the reference (False under no_grad)
    born: int = 0


@dataclass(frozen=True)
class Change:
    """One value an item set: ``field`` of node ``node`` went from ``before`` to ``value``."""

    node: str
    field: str  # "data", "grad" or "generation"
    value: object  # np.ndarray, an int (generation) or None (a grad cleared)
    before: object = None


@dataclass(frozen=True)
class Call:
    """A function's forward (``__call__``) or ``backward`` that ran during an item."""

    kind: str  # "forward" or "backward"
    fn: str  # the function's node id
    inputs: tuple = ()  # node ids of its inputs (forward) / of the variables its gxs go to
    outputs: tuple = ()  # node ids of its outputs
    gys: tuple = ()  # backward: the grads passed in (arrays, or None)
    gxs: tuple = ()  # backward: what it returned, one per input


@dataclass(frozen=True)
class Frame:
    """A frame of the step's code (``Variable.backward``, ``add_func``) or of the program's own
    ``def`` that is running, with its local names after the item's line."""

    qualname: str  # "Variable.backward", "Variable.backward.<locals>.add_func", "goldstein"
    owner: str  # the node id of ``self`` ("" for a function of the program)
    line: int  # the line it is at
    where: str  # "step" or "program"
    locals: tuple = ()  # ((name, Ref), ...): see Ref


# What a local name holds, as plain data: ("node", id), ("nodes", (ids, ...), kind) for a
# list, tuple or set ("list", "tuple", "set") of variables or functions, ("value", array),
# ("values", (array or None, ...), kind), ("none",), ("text", str) for anything else (a bool
# as True / False, a str as its repr, another object as its type's name).
Ref = tuple


@dataclass(frozen=True)
class Item:
    """One line that ran, after it ran."""

    where: str  # "program" or "step"
    line: int  # 1-based, in the program's text or in the step's file
    stmt: int  # the index of the program's top-level statement running
    kind: str  # "stmt", "forward", "call" (the step's code entered), "line", "return", "error"
    span: tuple = ()  # (col, end_col) of the program's expression running, 0-based
    changes: tuple = ()  # Change, ...
    calls: tuple = ()  # Call, ...
    printed: str = ""  # what print wrote during it (each print's line ends with "\n")
    stack: tuple = ()  # Frame, ... outermost first: what is running after it
    touched: tuple = ()  # node ids it read or wrote
    flags: tuple = ()  # floating-point problems met: "overflow", "divide", "invalid"
    error: tuple = ()  # (type name, message, step line or 0): the program stopped here
    last: bool = False  # the last item of its top-level statement


@dataclass(frozen=True, eq=False)
class Lesson:
    """The whole traced run (see the module's docstring)."""

    step: str
    program: str  # the program's text as run
    nodes: tuple  # Node, ...
    edges: tuple  # Edge, ...
    items: tuple  # Item, ...
    outputs: tuple = ()  # variables the program seeded or called backward() on
    inputs: tuple = ()  # variables the program made with Variable(...)
    key: str = ""  # identifies the lesson (program, input, step, learner's functions)
    stopped: str = ""  # why the run stopped early ("" if it ran to the end): an error key
    local: dict = field(default_factory=dict)  # fn id: its local derivatives, one per input
    statements: tuple = ()  # the first line of each top-level statement of the program
    # each forward call, in order: (fn id, its own forward, input ids, output ids); the
    # gradient check and the tangent replay them with other inputs (``replay``)
    forwards: tuple = field(default=(), repr=False)
    _index: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        # lookups by id, made once: views ask them at every position
        ins, outs, uses, creators = {}, {}, {}, {}
        for edge in self.edges:
            if edge.kind == "in":
                ins.setdefault(edge.dst, []).append(edge)
                uses.setdefault(edge.src, []).append(edge)
            else:
                outs.setdefault(edge.src, []).append(edge)
                creators.setdefault(edge.dst, edge.src)
        self._index.update(
            nodes={node.id: node for node in self.nodes},
            ins={k: tuple(sorted(v, key=_index)) for k, v in ins.items()},
            outs={k: tuple(sorted(v, key=_index)) for k, v in outs.items()},
            uses={k: tuple(v) for k, v in uses.items()},
            creators=creators,
            positions={id(item): p for p, item in enumerate(self.items, start=1)},
        )

    def __len__(self):
        return len(self.items)

    def node(self, node_id):
        return self._index["nodes"][node_id]

    @property
    def variables(self):
        return tuple(node for node in self.nodes if node.kind == "var")

    @property
    def functions(self):
        return tuple(node for node in self.nodes if node.kind == "fn")

    def inputs_of(self, fn):
        """The edges into function ``fn``, by input index."""
        return list(self._index["ins"].get(fn, ()))

    def outputs_of(self, fn):
        return list(self._index["outs"].get(fn, ()))

    def position_of(self, item):
        """The position an item of this lesson leads to (1 for the first)."""
        return self._index["positions"][id(item)]

    def creator(self, var):
        """The function whose output ``var`` is (None for a variable the program made)."""
        return self._index["creators"].get(var)

    def uses(self, var):
        """The edges from ``var`` into functions (a variable used twice has two)."""
        return list(self._index["uses"].get(var, ()))

    def states(self):
        """``State`` at every position, 0 to ``len(self)``, one walk (each a new value)."""
        state = State({}, {}, {}, {}, {})
        yield state
        for item in self.items:
            state = state.after(item)
            yield state

    def state(self, position):
        """The ``State`` at ``position`` (clamped to the lesson)."""
        position = max(0, min(position, len(self.items)))
        state = State({}, {}, {}, {}, {})
        for item in self.items[:position]:
            state = state.after(item)
        return state

    @property
    def printed(self):
        return "".join(item.printed for item in self.items)

    def replay(self, inputs):
        """The data of every variable when the forward calls run again from ``inputs``
        (``{var id: array}``; other variables the program made keep their data). Only the
        functions' own ``forward`` runs: nothing is recorded and no grad is touched. A call
        the graph does not link (made under ``no_grad``) is not run again: its output is a
        constant to backprop, and so to the check and the tangent."""
        data = {}
        for item in self.items:
            for change in item.changes:
                if change.field == "data" and change.node not in data:
                    data[change.node] = change.value
        data.update(inputs)
        for _, forward, ins, outs, linked in self.forwards:
            if not linked:
                continue
            ys = forward(*(data[i] for i in ins))
            ys = ys if isinstance(ys, tuple) else (ys,)
            for out, y in zip(outs, ys, strict=False):
                data[out] = np.asarray(y)
        return data


def _index(edge):
    return edge.index


@dataclass(frozen=True)
class State:
    """What every node holds at one position: ``data``, ``grad``, ``generation`` by node id
    (a node absent from ``data`` does not exist yet), and the floating-point flags met
    computing each data and grad."""

    data: dict
    grad: dict
    generation: dict
    data_flags: dict
    grad_flags: dict

    def after(self, item):
        if not item.changes:
            return self
        data, grad, generation = dict(self.data), dict(self.grad), dict(self.generation)
        data_flags, grad_flags = dict(self.data_flags), dict(self.grad_flags)
        for change in item.changes:
            if change.field == "data":
                data[change.node] = change.value
                data_flags[change.node] = _flags(item, change.value)
            elif change.field == "grad":
                grad[change.node] = change.value
                grad_flags[change.node] = _flags(item, change.value)
            else:
                generation[change.node] = change.value
        return State(data, grad, generation, data_flags, grad_flags)

    def exists(self, node_id):
        return node_id in self.data


def _flags(item, value):
    """The item's flags, for a value it set (none for a value that came out finite from a line
    whose other values did not)."""
    if not item.flags or value is None:
        return ()
    if np.all(np.isfinite(value)):
        return ()
    return item.flags
