"""Run a learner's program with one book step's code, once, and trace it into a ``Lesson``.

As Python Tutor does: the program (checked by ``autograd.program``) is walked statement by
statement by a small interpreter here (never ``exec``/``eval``: only the whitelisted nodes
exist in its tree), which calls the step's own classes and functions (``autograd.steps``: the
book's code, unchanged). While the step's code runs, ``sys.settrace`` watches it:

- each ``Function.__call__`` that returns is a forward call: the function, its inputs and
  outputs become nodes and edges (whatever the step calls them: ``input``/``inputs``,
  weakrefs or not) and, at the program's level, an item;
- each ``backward`` of a function is recorded with the grads given and returned;
- inside ``Variable.backward`` (and the functions it defines, such as step 16's
  ``add_func``), every line is an item, with the frames' local names after it.

After each item the values of every known variable are compared with the last ones seen, so
an item holds exactly what its line set (a grad overwritten, a sum, a grad cleared).
Floating-point problems (overflow, division by zero, invalid values) are caught by numpy's
error callback and kept on the item; no warning escapes. A Python error the book's code
raises (step 06's ``C.backward(None)``, step 09's ``Variable(1.0)``) ends the lesson with
an error item, as Python would end the program.
"""

import ast
import contextlib
import functools
import math
import operator
import re
import sys
import weakref
from dataclasses import dataclass, replace

import numpy as np

from . import learner, steps
from .lesson import Call, Change, Edge, Frame, Item, Lesson, Node
from .program import AST_LOCK, MAX_ELEMENTS, Program

MAX_FUNCTIONS = 150  # forward calls in one lesson
MAX_ITEMS = 4_000  # lines traced in one lesson (step 13/14 on a deep graph repeats a lot)
MAX_DEF_DEPTH = 16  # the program's own defs calling each other
MAX_INT_BITS = 1_000  # plain integer arithmetic is exact up to here (10**300 is 997 bits)
MAX_EVALUATIONS = 20_000  # expressions evaluated in one lesson (5 times MAX_NODES: defs repeat)
FLAG_NAMES = {"overflow": "overflow", "divide by zero": "divide", "invalid value": "invalid"}
FLAG_ORDER = ("overflow", "divide", "invalid")


class Stop(Exception):
    """The lesson's limits: raised through the step's code, ended as an error item."""

    def __init__(self, key, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Learned:
    """The learner's own Function: its class name and its two expressions (checked)."""

    name: str
    forward: object  # autograd.expression.Expression
    backward: object  # Expression, or None if not written yet


def run(program: Program, step: str, user_functions=(), key=""):
    """The lesson of ``program`` run by step ``step``'s code (a ``Lesson``)."""
    book = steps.book(step)
    namespace = steps.namespace(step)
    callables = {name: namespace[name] for name in book.names}
    callables.update(learner.classes(namespace, step, user_functions))
    recorder = _Recorder(book, namespace, program)
    with np.errstate(all="call", call=recorder.fp_error):
        _Interpreter(program, callables, recorder).run()
    return recorder.lesson(step, program, key)


# -- what the trace sees ---------------------------------------------------------------------
class _Recorder:
    """Keeps the nodes, edges and items as the run goes (one per lesson; never shared)."""

    def __init__(self, book, namespace, program):
        self.file = str(steps.path(book.step))
        self.function_cls = namespace["Function"]
        self.variable_cls = namespace["Variable"]
        self.call_code = namespace["Function"].__call__.__code__
        self.program = program
        self.nodes = {}  # id(obj) -> node dict (id, kind, name, ...)
        self.objects = []  # every known object, kept alive (ids are never reused)
        self.vars = []  # (obj, node id), in creation order
        self.seen = {}  # node id -> (grad object, generation) last recorded
        self.edges = []
        self.items = []
        self.names = {}  # node id -> program name
        self.outputs = []
        self.inputs = []
        self.stmt = 0
        self.stmt_line = 1
        self.span = ()
        self.emitted = 0  # items emitted during the current statement
        self.printed = []
        self.calls = []
        self.touched = []
        self.flags = []
        self.frames = []  # the step's and the program's frames running: [(frame or None, info)]
        self.pending = None  # (frame, line) of the step's code: a line running, not yet done
        self.raising = None  # the frame of the step's code an exception is passing through
        self.forward_calls = 0
        self.forwards = []
        self.stepping = 0  # depth inside the step's traced code (Variable.backward)
        self.grad_lines = _grad_lines(book.step)  # step line -> name in `name.grad = ...`
        self.assigned = set()  # node ids whose grad a line assigned (maybe the same object)
        self.accumulates = book.step >= "14"  # x.grad = x.grad + gx (step 14 on)
        self.copies = {}  # id(array) -> (array, its read-only copy): one copy an array

    def value(self, value):
        """``_value``, made once per array object: an array shown at 4,000 positions is kept
        once (the step's code never changes an array in place; the program cannot)."""
        if not isinstance(value, (np.ndarray, np.generic)):
            return _value(value)
        found = self.copies.get(id(value))
        if found is None or found[0] is not value:
            found = self.copies[id(value)] = (value, _value(value))  # keeps value alive
        return found[1]

    # -- nodes ---------------------------------------------------------------------------------
    def node(self, obj):
        return self.nodes.get(id(obj))

    def register(self, obj, kind, const=False):
        found = self.nodes.get(id(obj))
        if found is not None:
            return found["id"]
        prefix = "v" if kind == "var" else "f"
        count = sum(1 for n in self.nodes.values() if n["kind"] == kind)
        node = {
            "id": f"{prefix}{count}",
            "kind": kind,
            "cls": "" if kind == "var" else type(obj).__name__,
            "const": const,
            "user": kind == "fn" and getattr(type(obj), "learner", False),
            "born": len(self.items) + 1,
        }
        self.nodes[id(obj)] = node
        self.objects.append(obj)
        if kind == "var":
            self.vars.append((obj, node["id"]))
            self.seen[node["id"]] = (_NEVER, _NEVER)
        return node["id"]

    def name(self, obj, name):
        """The program binds ``obj`` to ``name`` (the first name a node gets stays)."""
        node = self.node(obj)
        if node is not None and node["id"] not in self.names:
            self.names[node["id"]] = name

    def touch(self, obj):
        node = self.node(obj)
        if node is not None and node["id"] not in self.touched:
            self.touched.append(node["id"])

    # -- items ---------------------------------------------------------------------------------
    def begin(self, index, statement):
        self.stmt = index
        self.stmt_line = statement.lineno
        self.emitted = 0

    def changes(self):
        changes = []
        for obj, node_id in self.vars:
            grad = getattr(obj, "grad", None)
            generation = getattr(obj, "generation", None)
            old_grad, old_generation = self.seen[node_id]
            if old_grad is _NEVER:
                changes.append(Change(node_id, "data", self.value(obj.data)))
                old_grad = None
            if grad is not old_grad or node_id in self.assigned:
                before = None if old_grad is None else self.value(old_grad)
                changes.append(Change(node_id, "grad", self.value(grad), before))
            if generation is not None and generation != old_generation:
                before = None if old_generation is _NEVER else old_generation
                changes.append(Change(node_id, "generation", generation, before))
            self.seen[node_id] = (grad, generation)
        self.assigned.clear()
        for obj in self.objects:
            node = self.nodes[id(obj)]
            if node["kind"] == "fn":
                generation = getattr(obj, "generation", None)
                old = node.get("generation", _NEVER)
                if generation is not None and generation != old:
                    before = None if old is _NEVER else old
                    changes.append(Change(node["id"], "generation", generation, before))
                    node["generation"] = generation
        return tuple(changes)

    def emit(self, where, line, kind, stack=None, error=()):
        if len(self.items) >= MAX_ITEMS and kind != "error":  # the error item ends the lesson
            raise Stop("stop_too_long", limit=MAX_ITEMS)
        item = Item(
            where=where,
            line=line,
            stmt=self.stmt,
            kind=kind,
            span=self.span if where == "program" else (),
            changes=self.changes(),
            calls=tuple(self.calls),
            printed="".join(self.printed),
            stack=self.stack() if stack is None else stack,
            touched=tuple(self.touched),
            flags=tuple(f for f in FLAG_ORDER if f in self.flags),
            error=error,
        )
        self.items.append(item)
        self.emitted += 1
        self.calls, self.printed, self.touched, self.flags = [], [], [], []
        return item

    def end_statement(self, line):
        """A statement of the program has run: an item for it, unless the items during it say
        everything (a forward call's item, and nothing set or printed since)."""
        self.close_pending()
        dirty = self.calls or self.printed or self.flags or self.assigned or self._changed()
        if not self.emitted or dirty:
            self.span = ()
            self.emit("program", line, "stmt")

    def _changed(self):
        for obj, node_id in self.vars:
            grad, generation = self.seen[node_id]
            if grad is _NEVER or getattr(obj, "grad", None) is not grad:
                return True
        return False

    def error(self, exc, line):
        self.close_pending()
        step_line = 0
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.file:
                step_line = tb.tb_lineno
            tb = tb.tb_next
        if isinstance(exc, Stop):
            error = ("Stop", exc.key, 0, exc.params)
        else:
            error = (type(exc).__name__, str(exc)[:300], step_line, {})
        self.span = ()
        self.emit("program", line, "error", stack=(), error=error)

    def fp_error(self, kind, flag):
        name = FLAG_NAMES.get(kind)
        if name and name not in self.flags:
            self.flags.append(name)

    # -- the step's frames ----------------------------------------------------------------------
    def stack(self):
        frames = []
        for frame, info in self.frames:
            if frame is None:  # a def of the program: info holds its locals
                frames.append(Frame(info["name"], "", info["line"], "program", info["locals"]()))
                continue
            owner = self.node(frame.f_locals.get("self"))
            frames.append(
                Frame(
                    frame.f_code.co_qualname,
                    owner["id"] if owner else "",
                    frame.f_lineno,
                    "step",
                    self.describe_locals(frame.f_locals),
                )
            )
        return tuple(frames)

    def describe_locals(self, names):
        described = []
        for name, value in names.items():
            if name == "self" or callable(value) and not isinstance(value, self.function_cls):
                continue
            described.append((name, self.describe(value)))
        return tuple(described)

    def describe(self, value):
        if value is None:
            return ("none",)
        if isinstance(value, weakref.ref):
            value = value()
        node = self.node(value)
        if node is not None:
            return ("node", node["id"])
        if isinstance(value, (list, tuple, set)):
            items = list(value)
            if isinstance(value, set):  # a set has no order of its own: by node id
                items.sort(key=lambda v: _order(self.node(v)))
            found = [self.node(v() if isinstance(v, weakref.ref) else v) for v in items]
            kind = type(value).__name__  # written as Python writes it: [..], (..,), {..}
            if all(found):
                return ("nodes", tuple(n["id"] for n in found), kind)
            if all(v is None or isinstance(v, (np.ndarray, np.generic, int, float)) for v in items):
                values = tuple(None if v is None else self.value(v) for v in items)
                return ("values", values, kind)
        if isinstance(value, (bool, np.bool_, str)):
            return ("text", repr(value) if isinstance(value, str) else str(bool(value)))
        if isinstance(value, (np.ndarray, np.generic, int, float)):
            return ("value", self.value(value))
        return ("text", _short_repr(value))

    def close_pending(self, returns=False, done=True):
        if self.pending is None:
            return None
        frame, line = self.pending
        self.pending = None
        if done and line in self.grad_lines:  # `x.grad = gx` ran: x's grad was set, even to
            self.touch_assigned(frame.f_locals.get(self.grad_lines[line]))  # the same object
        return self.emit("step", line, "return" if returns else "line")

    def touch_assigned(self, obj):
        node = self.node(obj)
        if node is not None and node["kind"] == "var":
            self.assigned.add(node["id"])

    def tracer(self, frame, event, arg):
        """The global trace function: which frames of the step's code to watch."""
        code = frame.f_code
        if code is self.call_code:
            return self.trace_forward
        if code.co_name == "backward" and isinstance(frame.f_locals.get("self"), self.function_cls):
            return self.backward_tracer(frame)
        if code.co_filename != self.file or code.co_name.startswith("<"):
            return None  # a lambda, a comprehension: part of the line that runs it
        if code.co_qualname.startswith("Variable.backward"):
            return self.enter_step(frame)
        return None

    def trace_forward(self, frame, event, arg):
        if event != "return":
            return self.trace_forward
        local = frame.f_locals
        fn = local.get("self")
        inputs = local.get("inputs", None)
        if inputs is None:
            inputs = [local.get("input")]
        outputs = local.get("outputs", None)
        if outputs is None:
            outputs = [local.get("output")]
        if arg is None or any(o is None for o in outputs):  # it raised: nothing came out
            return None
        self.forward_calls += 1
        if self.forward_calls > MAX_FUNCTIONS:
            raise Stop("stop_too_many_functions", limit=MAX_FUNCTIONS)
        fn_id = self.register(fn, "fn")
        in_ids = []
        for x in inputs:
            known = self.node(x) is not None
            in_ids.append(self.register(x, "var", const=not known))
        out_ids = [self.register(y, "var") for y in outputs]
        linked = all(getattr(y, "creator", fn) is fn for y in outputs)
        born = len(self.items) + 1
        for i, x in enumerate(in_ids):
            self.edges.append(Edge(f"e{len(self.edges)}", x, fn_id, "in", i, linked, born))
        for i, y in enumerate(out_ids):
            self.edges.append(Edge(f"e{len(self.edges)}", fn_id, y, "out", i, linked, born))
        self.calls.append(Call("forward", fn_id, tuple(in_ids), tuple(out_ids)))
        self.forwards.append((fn_id, fn.forward, tuple(in_ids), tuple(out_ids), linked))
        for node_id in (*in_ids, fn_id, *out_ids):
            if node_id not in self.touched:
                self.touched.append(node_id)
        if not self.stepping:
            self.emit("program", self.stmt_line, "forward")
        return None

    def backward_tracer(self, frame):
        local = frame.f_locals
        fn = local.get("self")
        args = tuple(v for k, v in local.items() if k != "self")
        if len(args) == 1 and isinstance(args[0], tuple):  # backward(self, *gys)
            args = args[0]
        # before it computes: its grads broadcast with its inputs and outputs stay within the
        # limit (a grad the program set by hand can have any shape)
        _check_shapes([np.shape(v) for v in (*args, *_data(fn)) if isinstance(v, np.ndarray)])
        gys = tuple(None if g is None else self.value(g) for g in args)
        raising = False  # an exception is leaving the frame: its 'return' returns nothing

        def trace_backward(frame, event, arg):
            nonlocal raising
            if event != "return":
                raising = event == "exception" or (raising and event != "line")
                return trace_backward
            if raising:
                return None
            gxs = arg if isinstance(arg, tuple) else (arg,)
            fn_id = self.register(fn, "fn")
            inputs = getattr(fn, "inputs", None)
            if inputs is None:
                inputs = [getattr(fn, "input", None)]
            outputs = self.outputs_of(fn, fn_id)
            in_ids = tuple(self.node(x)["id"] for x in inputs if self.node(x))
            out_ids = tuple(self.node(y)["id"] for y in outputs if self.node(y))
            values = tuple(None if g is None else self.value(g) for g in gxs)
            if self.accumulates:  # x.grad = x.grad + gx comes next: the sums within the limit
                for x in {id(x): x for x in inputs}.values():
                    grads = [getattr(x, "grad", None)]
                    grads += [g for i, g in zip(inputs, gxs, strict=False) if i is x]
                    _check_shapes([np.shape(g) for g in grads if isinstance(g, np.ndarray)])
            self.calls.append(Call("backward", fn_id, in_ids, out_ids, gys, values))
            for node_id in (*out_ids, fn_id, *in_ids):
                if node_id not in self.touched:
                    self.touched.append(node_id)
            return None

        return trace_backward

    def enter_step(self, frame):
        """A frame of ``Variable.backward`` (or a function inside it) starts."""
        owner = self.node(frame.f_locals.get("self"))  # x of x.backward(): lit while it starts
        owner = owner["id"] if owner is not None and owner["kind"] == "var" else None
        if self.pending is not None:
            self.close_pending(done=False)  # the caller's line made this call: an item now
            self.frames.append((frame, None))
            item = _with_stack(self.items[-1], self.stack())
            if owner is not None and owner not in item.touched:
                item = _replace(item, touched=(*item.touched, owner))
            self.items[-1] = item
        else:
            self.frames.append((frame, None))
            if owner is not None and owner not in self.touched:
                self.touched.append(owner)
            self.emit("step", frame.f_code.co_firstlineno, "call")
        self.stepping += 1
        return self.trace_step

    def trace_step(self, frame, event, arg):
        if event == "exception":
            self.raising = frame  # if it leaves the frame, the line raised: it returns nothing
        elif event == "line":
            self.raising = None
            self.close_pending()
            self.pending = (frame, frame.f_lineno)
        elif event == "return":
            if self.pending is not None and self.pending[0] is frame:
                # its stack still shows the frame returning (a line that raised: not a return)
                ran = self.raising is not frame
                self.close_pending(returns=ran, done=ran)
                self.frames.pop()
            else:
                self.close_pending()
                self.emit("step", frame.f_lineno, "return")
                self.frames.pop()
            self.stepping -= 1
        return self.trace_step

    def outputs_of(self, fn, fn_id):
        """The variables ``fn`` made: its own ``outputs``/``output``, else (step 06 keeps only
        ``self.input``) the outputs its forward calls were seen to return."""
        outputs = getattr(fn, "outputs", None)
        if outputs is None:
            outputs = [getattr(fn, "output", None)]
        outputs = [o() if isinstance(o, weakref.ref) else o for o in outputs]
        if outputs and all(o is not None for o in outputs):
            return outputs
        ids = {e.dst for e in self.edges if e.src == fn_id and e.kind == "out"}
        return [obj for obj in self.objects if self.nodes[id(obj)]["id"] in ids]

    # -- the lesson ------------------------------------------------------------------------------
    def local_derivatives(self):
        """Each called function's local derivatives, one per input: its own ``backward``
        given ones (``gy = 1``), after the run, outside the trace and with its numpy warnings
        off: what the chain rule multiplies."""
        local = {}
        for obj in self.objects:
            node = self.nodes[id(obj)]
            if node["kind"] != "fn":
                continue
            outputs = self.outputs_of(obj, node["id"])
            if not outputs or any(o is None for o in outputs):
                continue  # never called
            try:
                with np.errstate(all="ignore"):
                    gxs = obj.backward(*[np.ones_like(o.data) for o in outputs])
            except Exception:  # a backward that cannot run on its own: no numbers to show
                continue
            gxs = gxs if isinstance(gxs, tuple) else (gxs,)
            local[node["id"]] = tuple(None if g is None else _value(g) for g in gxs)
        return local

    def lesson(self, step, program, key):
        names = _display_names(self)
        nodes = []
        for obj in self.objects:
            node = self.nodes[id(obj)]
            node_id = node["id"]
            named = node_id in self.names
            nodes.append(
                Node(
                    node_id,
                    node["kind"],
                    names[node_id],
                    node["cls"],
                    node["const"],
                    node["user"],
                    node["born"],
                    named,
                )
            )
        items = list(self.items)
        for i, item in enumerate(items):
            nxt = items[i + 1] if i + 1 < len(items) else None
            if nxt is None or nxt.stmt != item.stmt:
                items[i] = _replace(item, last=True)
        stopped = ""
        if items and items[-1].kind == "error":
            error = items[-1].error
            stopped = error[1] if error[0] == "Stop" else "stop_error"
        return Lesson(
            step=step,
            local=self.local_derivatives(),
            statements=tuple(statement.lineno for statement in program.statements),
            forwards=tuple(self.forwards),
            program=program.text,
            nodes=tuple(sorted(nodes, key=lambda n: (n.kind != "var", _order(n.__dict__)))),
            edges=tuple(self.edges),
            items=tuple(items),
            outputs=tuple(dict.fromkeys(self.outputs)),
            inputs=tuple(dict.fromkeys(self.inputs)),
            key=key,
            stopped=stopped,
        )


_NEVER = object()


@functools.lru_cache(maxsize=len(steps.STEPS))
def _grad_lines(step):
    """The lines of a step's file that assign a name's grad (``x.grad = gx``): line -> name."""
    with AST_LOCK:
        tree = ast.parse(steps.book(step).text)
    lines = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if (
                isinstance(target, ast.Attribute)
                and target.attr == "grad"
                and isinstance(target.value, ast.Name)
            ):
                lines[node.lineno] = target.value.id
    return lines


def _order(node):
    if node is None:
        return (2, 0)
    node_id = node["id"] if isinstance(node, dict) else node.id
    return (node_id[0] != "v", int(node_id[1:]))


def _replace(item, **changes):
    return replace(item, **changes)


def _with_stack(item, stack):
    return _replace(item, stack=stack)


def _value(value):
    """A value as the lesson keeps it: a read-only copy (nothing later can change it)."""
    if value is None:
        return None
    array = np.array(value, copy=True)
    array.flags.writeable = False
    return array


def _short_repr(value):
    text = type(value).__name__
    return text if len(text) <= 40 else text[:40] + "…"


def _display_names(recorder):
    """Every node's name: the program's, else a function's class, a constant's value, or
    t1, t2, ... for a variable no line names."""
    taken = set(recorder.names.values())
    names = {}
    count = 0
    for obj in recorder.objects:
        node = recorder.nodes[id(obj)]
        node_id = node["id"]
        if node_id in recorder.names:
            names[node_id] = recorder.names[node_id]
        elif node["kind"] == "fn":
            names[node_id] = node["cls"]
        elif node["const"]:
            names[node_id] = python_str(obj.data)
        else:
            own = getattr(obj, "name", None)
            if isinstance(own, str) and own.isidentifier():
                names[node_id] = own
                continue
            while True:
                count += 1
                name = f"t{count}"
                if name not in taken:
                    break
            names[node_id] = name
    return names


_ADDRESS = r" at 0x[0-9a-fA-F]+>"  # Python's object address, different at every run


def python_str(value):
    """``str(value)`` as ``print`` writes it; an object without a ``__repr__`` of its own the
    way Python writes it, without the address (which changes at every run)."""
    if isinstance(value, (np.ndarray, np.generic, int, float, str, bool)) or value is None:
        return str(value)
    return re.sub(_ADDRESS, ">", str(value))  # <__main__.Variable object at 0x7f…>, in a tuple too


# -- the program, walked ---------------------------------------------------------------------
class _Interpreter:
    """Walks a checked program (``autograd.program``): nothing outside its whitelist exists in
    the tree it is given, and it adds its own checks of sizes at run time."""

    def __init__(self, program, callables, recorder):
        self.program = program
        self.callables = callables
        self.rec = recorder
        self.env = {}
        self.defs = {}
        self.depth = 0
        self.evaluated = 0

    def run(self):
        rec = self.rec
        for index, statement in enumerate(self.program.statements):
            rec.begin(index, statement)
            try:
                self.statement(statement, self.env)
                rec.end_statement(statement.lineno)
            except Exception as exc:  # the program stops, as Python would stop it
                sys.settrace(None)
                rec.frames.clear()
                rec.stepping = 0
                rec.pending = None
                rec.error(exc, rec.stmt_line)
                return

    # -- statements ------------------------------------------------------------------------------
    def statement(self, node, env):
        if isinstance(node, ast.Assign):
            value = self.expression(node.value, env)
            self.assign(node.targets[0], value, env)
        elif isinstance(node, ast.Expr):
            self.expression(node.value, env)
        elif isinstance(node, ast.With):
            manager = self.traced(self.callables["no_grad"])()
            self.traced(manager.__enter__)()
            try:
                for inner in node.body:
                    self.inner(inner, env)
            finally:
                self.traced(manager.__exit__)(None, None, None)
        elif isinstance(node, ast.FunctionDef):
            self.defs[node.name] = node
            env[node.name] = _Def(node.name)
        else:  # not reachable: the checker refused it
            raise TypeError(f"{type(node).__name__} is not allowed")

    def inner(self, node, env):
        """A statement inside ``with`` or a ``def``: its own items, within the top one's."""
        rec = self.rec
        rec.stmt_line = node.lineno
        emitted = rec.emitted
        rec.emitted = 0
        self.statement(node, env)
        rec.end_statement(node.lineno)
        rec.emitted += emitted

    def assign(self, target, value, env):
        rec = self.rec
        if isinstance(target, ast.Name):
            env[target.id] = value
            rec.name(value, target.id)
            if isinstance(value, (rec.variable_cls, rec.function_cls)):
                rec.touch(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, np.ndarray) and value.ndim == 0:
                raise TypeError("iteration over a 0-d array")
            if not isinstance(value, (tuple, list, str, np.ndarray)):
                raise TypeError(f"cannot unpack non-iterable {type(value).__name__} object")
            values = tuple(value)  # bounded: arrays and strings are, by their own limits
            if len(values) != len(target.elts):
                more = "too many" if len(values) > len(target.elts) else "not enough"
                raise ValueError(
                    f"{more} values to unpack (expected {len(target.elts)}, got {len(values)})"
                )
            for element, item in zip(target.elts, values, strict=True):
                self.assign(element, item, env)
        else:  # v.grad = ... / v.name = ...
            obj = self.expression(target.value, env)
            if not isinstance(obj, rec.variable_cls):
                raise AttributeError(
                    f"'{type(obj).__name__}' object attribute '{target.attr}' is read-only"
                )
            if target.attr == "grad":
                rec.touch(obj)
                _check_grad(value)
                obj.grad = value  # as Python sets it: 3 stays an int, (1.0, 2.0) a tuple
                rec.touch_assigned(obj)
                node = rec.node(obj)
                if node is not None and value is not None:
                    rec.outputs.append(node["id"])
            else:
                obj.name = value
                if isinstance(value, str) and value.isidentifier():
                    rec.name(obj, value)

    # -- expressions -----------------------------------------------------------------------------
    def expression(self, node, env):
        self.evaluated += 1
        if self.evaluated > MAX_EVALUATIONS:
            raise Stop("stop_too_long", limit=MAX_ITEMS)
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in env:
                value = env[node.id]
                self.rec.touch(value)
                return value
            if node.id in self.callables:
                return self.callables[node.id]
            raise NameError(f"name '{node.id}' is not defined")
        if isinstance(node, ast.Attribute):
            obj = self.expression(node.value, env)
            self.rec.touch(obj)
            try:
                return getattr(obj, node.attr)
            except AttributeError:
                raise AttributeError(
                    f"'{type(obj).__name__}' object has no attribute '{node.attr}'"
                ) from None
        if isinstance(node, ast.Call):
            return self.call(node, env)
        if isinstance(node, ast.BinOp):
            left = self.expression(node.left, env)
            right = self.expression(node.right, env)
            return self.binary(node, left, right)
        if isinstance(node, ast.UnaryOp):
            operand = self.expression(node.operand, env)
            if isinstance(node.op, ast.UAdd):
                return +operand
            if _plain_number(operand):
                return -operand
            return self.at(node, lambda: -operand, operand)
        if isinstance(node, ast.Tuple):
            return tuple(self.expression(element, env) for element in node.elts)
        raise TypeError(f"{type(node).__name__} is not allowed")  # the checker refused it

    def binary(self, node, left, right):
        op = type(node.op)
        if _plain_number(left) and _plain_number(right):
            return _numbers(op, left, right)
        _check_sequence(op, left, right)
        compute = {
            ast.Add: lambda: left + right,
            ast.Sub: lambda: left - right,
            ast.Mult: lambda: left * right,
            ast.Div: lambda: left / right,
            ast.Pow: lambda: left**right,
        }[op]
        return self.at(node, compute, left, right)

    def at(self, node, compute, *operands):
        """Run the step's code for ``node`` (its span is what the items point at)."""
        _check_broadcast(operands, self.rec.variable_cls)
        for operand in operands:
            _check_operand(operand)
        self.rec.span = (node.col_offset, node.end_col_offset)
        try:
            return self.traced(compute)()
        finally:
            self.rec.span = ()

    def traced(self, function):
        rec = self.rec

        def call(*args, **kwargs):
            sys.settrace(rec.tracer)
            try:
                return function(*args, **kwargs)
            finally:
                sys.settrace(None)

        return call

    def call(self, node, env):
        func = node.func
        rec = self.rec
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and (func.value.id == "np")
        ):
            return np.array(_literal(node.args[0]))
        args = [self.expression(arg, env) for arg in node.args]
        kwargs = {k.arg: self.expression(k.value, env) for k in node.keywords}
        if isinstance(func, ast.Attribute):  # v.backward(...), v.cleargrad(), f.backward(gy)
            obj = self.expression(func.value, env)
            try:
                method = getattr(obj, func.attr)
            except AttributeError:
                raise AttributeError(
                    f"'{type(obj).__name__}' object has no attribute '{func.attr}'"
                ) from None
            if func.attr == "backward" and isinstance(obj, rec.variable_cls):
                found = rec.node(obj)
                if found is not None:
                    rec.outputs.append(found["id"])
            return self.at(node, lambda: method(*args, **kwargs), obj, *args)
        if isinstance(func, ast.Call):  # Square()(x)
            target = self.call(func, env)
            return self.called(node, target, args, kwargs)
        name = func.id
        if name == "print":
            rec.printed.append(" ".join(python_str(arg) for arg in args) + "\n")
            for arg in args:
                rec.touch(arg)
            return None
        if name in self.defs and isinstance(env.get(name, self.env.get(name)), _Def):
            return self.call_def(self.defs[name], args)
        target = env[name] if name in env else self.env.get(name, self.callables.get(name))
        if target is None:
            raise NameError(f"name '{name}' is not defined")
        if isinstance(target, _Def):  # g = f; g(x), or a def given to a def
            return self.call_def(self.defs[target.name], args)
        return self.called(node, target, args, kwargs)

    def called(self, node, target, args, kwargs):
        rec = self.rec
        if not callable(target):
            raise TypeError(f"'{type(target).__name__}' object is not callable")
        result = self.at(node, lambda: target(*args, **kwargs), *args)
        if isinstance(result, rec.variable_cls) and rec.node(result) is None:
            node_id = rec.register(result, "var")
            rec.inputs.append(node_id)
            rec.touch(result)
        elif isinstance(result, rec.function_cls) and rec.node(result) is None:
            rec.register(result, "fn")
            rec.touch(result)
        return result

    def call_def(self, node, args):
        rec = self.rec
        if self.depth >= MAX_DEF_DEPTH:
            raise Stop("stop_def_depth", limit=MAX_DEF_DEPTH)  # Python would go on: say so
        params = [arg.arg for arg in node.args.args]
        if len(args) != len(params):
            raise TypeError(_arity_message(node.name, params, len(args)))
        local = dict(zip((arg.arg for arg in node.args.args), args, strict=True))
        info = {"name": node.name, "line": node.lineno, "locals": lambda: _def_locals(rec, local)}
        rec.frames.append((None, info))
        self.depth += 1
        outer = rec.stmt_line
        try:
            for statement in node.body[:-1]:
                info["line"] = statement.lineno
                self.inner(statement, local)
            info["line"] = node.body[-1].lineno
            rec.stmt_line = node.body[-1].lineno
            return self.expression(node.body[-1].value, local)
        finally:
            self.depth -= 1
            rec.frames.pop()
            rec.stmt_line = outer


class _Def:
    """A ``def`` of the program, as its name is bound (called by the interpreter only)."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"<function {self.name}>"


def _arity_message(name, params, given):
    """Python's message for a call with the wrong number of arguments."""
    if given > len(params):
        s = "" if len(params) == 1 else "s"
        was = "was" if given == 1 else "were"
        return f"{name}() takes {len(params)} positional argument{s} but {given} {was} given"
    missing = [f"'{p}'" for p in params[given:]]
    s = "" if len(missing) == 1 else "s"
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    return f"{name}() missing {len(missing)} required positional argument{s}: {listed}"


def _def_locals(recorder, local):
    return tuple((name, recorder.describe(value)) for name, value in local.items())


def _plain_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numbers(op, left, right):
    """Arithmetic on two plain numbers, exactly as Python does it, its errors included
    (``0 ** -1``, ``2.0 ** 10000``), but never a huge integer, nor a complex number (which
    the book's code never meets): either stops the program with its own message."""
    if isinstance(left, int) and isinstance(right, int):
        if op is ast.Pow and right > 0 and abs(left) > 1:
            bits = right * math.log2(abs(left))
        elif op is ast.Mult:
            bits = left.bit_length() + right.bit_length()
        else:
            bits = max(left.bit_length(), right.bit_length()) + 1
        if bits > MAX_INT_BITS:
            raise Stop("stop_big_int", limit=MAX_INT_BITS)
    result = {
        ast.Add: operator.add,
        ast.Sub: operator.sub,
        ast.Mult: operator.mul,
        ast.Div: operator.truediv,
        ast.Pow: operator.pow,
    }[op](left, right)
    if isinstance(result, complex):
        raise Stop("stop_complex")
    return result


def _check_grad(value):
    """``v.grad = …``: None, a number or an ndarray of numbers (a tuple or a list of numbers
    too, as Python takes it); anything else would reach the book's code as no number."""
    if value is None or isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return
    if isinstance(value, (tuple, list)):
        _check_size(len(value))
    kind = "O"
    if isinstance(value, (bool, int, float, np.generic, tuple, list)):
        with contextlib.suppress(ValueError, TypeError, OverflowError):
            kind = np.asarray(value).dtype.kind
    if kind not in "biuf":
        raise Stop("stop_grad_value", type=type(value).__name__)


def _check_operand(value):
    """An integer past int64 cannot go into the book's ndarrays as a number."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 63:
        raise Stop("stop_big_int_array")


def _literal(node):
    """The value of ``np.array``'s checked argument: numbers and (nested) lists of them."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp):
        value = node.operand.value
        return -value if isinstance(node.op, ast.USub) else value
    return [_literal(element) for element in node.elts]


def _data(fn):
    """The data of a function's inputs and outputs (whatever the step calls them)."""
    found = []
    for name in ("inputs", "input", "outputs", "output"):
        value = getattr(fn, name, None)
        for item in value if isinstance(value, (list, tuple)) else [value]:
            item = item() if isinstance(item, weakref.ref) else item
            found.append(getattr(item, "data", None))
    return found


def _check_size(size):
    if size > MAX_ELEMENTS:
        raise Stop("stop_too_big", limit=MAX_ELEMENTS, count=size)


def _check_sequence(op, left, right):
    """``'a' * 10**9``, ``t + t`` doubled 40 times: a str or a tuple stays within the limit."""
    sequences = (str, tuple, list)
    if op is ast.Mult:
        for sequence, times in ((left, right), (right, left)):
            if isinstance(sequence, sequences) and isinstance(times, (int, np.integer)):
                _check_size(len(sequence) * max(int(times), 0))
    elif op is ast.Add and isinstance(left, sequences) and isinstance(right, sequences):
        _check_size(len(left) + len(right))


def _check_broadcast(operands, variable_cls):
    """Every array a call is given, broadcast together, stays within the element limit (a
    (10000,) and a (10000, 1) would make 100 million)."""
    shapes = []
    for value in operands:
        if isinstance(value, variable_cls):
            value = getattr(value, "data", None)
        if isinstance(value, np.ndarray):
            shapes.append(value.shape)
        elif isinstance(value, (tuple, list)):  # as_array makes it an array
            with contextlib.suppress(ValueError, TypeError):
                shapes.append(np.shape(value))
    _check_shapes(shapes)


def _check_shapes(shapes):
    if len(shapes) < 2:
        return
    try:
        shape = np.broadcast_shapes(*shapes)
    except ValueError:
        return  # the step's code raises its own error, as Python would
    _check_size(math.prod(shape))
