"""What ``y.backward()`` does, one line at a time, in step 07's and step 08's form.

``SOURCE["07"]`` and ``SOURCE["08"]`` are the book's ``Variable`` and ``Function`` of that
step. ``trace(ops, x, book)`` runs the chain's forward pass and the seed, then the book's
``backward`` of that step, and returns an ``Event`` for each line it runs: the line (an
index into ``SOURCE[book].splitlines()``), the function and variables it touches, the call
stack (07) or the list ``funcs`` (08), and for each ``x.grad = f.backward(...)`` its numbers
and the step-06 manual call it is (its index in ``timeline(ops)``).

``BackwardStepper`` is the whole lesson of step 07 or 08 (the forward calls, which now also
set ``creator``, ``input`` and ``output``; the seed; then the events inside ``y.backward()``),
stepped one item at a time, back and forth, and rebuilt from ``(ops, x, book, position)``
alone, as ``Stepper.restore`` does for step 06.
"""

import sys
from dataclasses import dataclass
from enum import Enum

import numpy as np

from .core import BackwardRecursionError, _depth, as_array
from .stepper import Kind, Stepper

BOOKS = ("07", "08")

_VARIABLE_HEAD = """\
class Variable:
    def __init__(self, data):
        self.data = data
        self.grad = None
        self.creator = None

    def set_creator(self, func):
        self.creator = func

    def backward(self):
"""

_BACKWARD = {
    "07": """\
        f = self.creator
        if f is not None:
            x = f.input
            x.grad = f.backward(self.grad)
            x.backward()
""",
    "08": """\
        funcs = [self.creator]
        while funcs:
            f = funcs.pop()
            x, y = f.input, f.output
            x.grad = f.backward(y.grad)

            if x.creator is not None:
                funcs.append(x.creator)
""",
}

_FUNCTION = """\


class Function:
    def __call__(self, input):
        x = input.data
        y = self.forward(x)
        output = Variable(y)
        output.set_creator(self)
        self.input = input
        self.output = output
        return output

    def forward(self, x):
        raise NotImplementedError()

    def backward(self, gy):
        raise NotImplementedError()
"""

# The book's Variable and Function of steps 07 and 08 (they differ only in backward).
SOURCE = {book: _VARIABLE_HEAD + _BACKWARD[book] + _FUNCTION for book in BOOKS}


def source_line(book, code):
    """The index of the line of ``SOURCE[book]`` that reads ``code`` (stripped)."""
    lines = [line.strip() for line in SOURCE[book].splitlines()]
    return lines.index(code)


class EventKind(Enum):
    """What the line of ``backward`` that runs does."""

    CALL = "call"  # y.backward() is called by the program
    CREATOR = "creator"  # 07: f = self.creator
    INPUT = "input"  # 07: x = f.input; 08: x, y = f.input, f.output
    GRAD = "grad"  # x.grad = f.backward(...): the step-06 manual call
    RECURSE = "recurse"  # 07: x.backward() calls the variable before it (a new frame)
    RETURN = "return"  # 07: a backward returns (its frame leaves the stack)
    FUNCS = "funcs"  # 08: funcs = [self.creator]
    POP = "pop"  # 08: f = funcs.pop()
    APPEND = "append"  # 08: funcs.append(x.creator)
    NO_CREATOR = "no_creator"  # 08: if x.creator is not None: (x was made by the user)
    END = "end"  # 08: while funcs: (funcs is empty, the loop ends and backward returns)


# The line each kind of event runs, by book.
_CODE = {
    "07": {
        EventKind.CALL: "def backward(self):",
        EventKind.CREATOR: "f = self.creator",
        EventKind.INPUT: "x = f.input",
        EventKind.GRAD: "x.grad = f.backward(self.grad)",
        EventKind.RECURSE: "x.backward()",
    },
    "08": {
        EventKind.CALL: "def backward(self):",
        EventKind.FUNCS: "funcs = [self.creator]",
        EventKind.POP: "f = funcs.pop()",
        EventKind.INPUT: "x, y = f.input, f.output",
        EventKind.GRAD: "x.grad = f.backward(y.grad)",
        EventKind.APPEND: "funcs.append(x.creator)",
        EventKind.NO_CREATOR: "if x.creator is not None:",
        EventKind.END: "while funcs:",
    },
}


@dataclass(frozen=True, eq=False)  # an event is itself: its arrays have no single truth value
class Event:
    """One line of ``backward`` as it runs, after it has run."""

    book: str  # "07" or "08"
    kind: EventKind
    line: int  # index into SOURCE[book].splitlines()
    function: str | None  # the function it touches: "C" (None: no function, or f is None)
    variables: tuple  # the variables it touches, by name: ("b", "y") for b.grad = ...(y.grad)
    stack: tuple  # the backward calls running, outermost first: ("y", "b") (08: ("y",))
    funcs: tuple  # 08: the list funcs after the line, by function name (07: ())
    call: int | None = None  # GRAD: the index in timeline(ops) of the same manual call
    gy: np.ndarray | None = None  # GRAD: the grad passed in
    gx: np.ndarray | None = None  # GRAD: the grad it sets

    @property
    def code(self):
        return SOURCE[self.book].splitlines()[self.line].strip()

    @property
    def depth(self):
        """07: how many backward calls are running (the recursion depth)."""
        return len(self.stack)


class _Names:
    """Event factory for one chain: names its variables and functions as the book does."""

    def __init__(self, book, chain, timeline):
        self.book = book
        variables = zip(chain.variables, chain.variable_names, strict=True)
        self.variables = {id(v): name for v, name in variables}
        functions = zip(chain.functions, chain.function_names, strict=True)
        self.functions = {id(f): name for f, name in functions}
        self.calls = {
            call.index: i for i, call in enumerate(timeline) if call.kind is Kind.BACKWARD
        }
        self.index = {id(f): i for i, f in enumerate(chain.functions)}
        self.lines = {kind: source_line(book, code) for kind, code in _CODE[book].items()}

    def __call__(self, kind, f=None, variables=(), stack=(), funcs=(), line=None, **grads):
        if kind is EventKind.GRAD:
            grads["call"] = self.calls[self.index[id(f)]]
        return Event(
            self.book,
            kind,
            self.lines[kind] if line is None else line,
            None if f is None else self.functions[id(f)],
            tuple(self.variables[id(v)] for v in variables),
            tuple(self.variables[id(v)] for v in stack),
            tuple(self.functions[id(g)] for g in funcs),
            **grads,
        )


def _events07(self, event, stack):
    """Step 07's backward of ``self``, yielding an event after each line (the book's code)."""
    f = self.creator
    yield event(EventKind.CREATOR, f, (self,), stack)
    if f is not None:
        x = f.input
        yield event(EventKind.INPUT, f, (x,), stack)
        gy = self.grad
        x.grad = f.backward(self.grad)
        yield event(EventKind.GRAD, f, (x, self), stack, gy=as_array(gy), gx=as_array(x.grad))
        yield event(EventKind.RECURSE, f, (x,), stack + (x,))
        yield from _events07(x, event, stack + (x,))
    # the frame ends on the last line it ran: `x.backward()`, or the `if` when f is None
    last = "x.backward()" if f is not None else "if f is not None:"
    yield event(EventKind.RETURN, None, (self,), stack[:-1], line=source_line("07", last))


def _events08(self, event):
    """Step 08's backward of ``self``, yielding an event after each line (the book's code)."""
    stack = (self,)
    funcs = [self.creator]
    yield event(EventKind.FUNCS, self.creator, (self,), stack, funcs)
    while funcs:
        f = funcs.pop()
        yield event(EventKind.POP, f, (), stack, funcs)
        x, y = f.input, f.output
        yield event(EventKind.INPUT, f, (x, y), stack, funcs)
        gy = y.grad
        x.grad = f.backward(y.grad)
        yield event(EventKind.GRAD, f, (x, y), stack, funcs, gy=as_array(gy), gx=as_array(x.grad))

        if x.creator is not None:
            funcs.append(x.creator)
            yield event(EventKind.APPEND, x.creator, (x,), stack, funcs)
        else:
            yield event(EventKind.NO_CREATOR, None, (x,), stack, funcs)
    yield event(EventKind.END, None, (), ())


def trace(ops, x, book, user_functions=None):
    """Every line ``y.backward()`` runs on the chain ``ops`` at ``x``, in ``book``'s form.

    Runs the forward pass and the seed (as step 06's ``Stepper``), then the book's backward
    itself, on its own chain. Step 07's form raises ``BackwardRecursionError`` past Python's
    recursion limit, as ``Variable.backward_recursive`` does. ``user_functions``: the
    learner's own functions, as ``Stepper`` takes them.
    """
    if book not in BOOKS:
        raise ValueError(f"unknown book step {book!r}; known: {', '.join(BOOKS)}")
    stepper = Stepper(ops, x, user_functions)
    n = len(stepper.chain)
    for _ in range(n + 1):  # the forward calls and the seed
        stepper.step()
    chain = stepper.chain
    event = _Names(book, chain, stepper.timeline)
    y = chain.y
    first = event(EventKind.CALL, None, (y,), (y,))
    with np.errstate(all="ignore"):  # Stepper flags the same values where they are shown
        if book == "08":
            return [first, *_events08(y, event)]
        try:
            return [first, *_events07(y, event, (y,))]
        except RecursionError:
            raise BackwardRecursionError(_depth(y), sys.getrecursionlimit()) from None


def lesson_length(n, book):
    """How many items the lesson of an ``n``-function chain has, without running it: the
    forward calls and the seed, then the events (07: the call, 4 lines per function, x's
    ``f = self.creator`` and n + 1 returns; 08: the call, ``funcs = [...]``, 4 lines per
    function but no append for x, its ``if``, and the end of the loop)."""
    events = {"07": 5 * n + 3, "08": 4 * n + 3}[book]
    return n + 1 + events


class BackwardStepper:
    """Step 07's or 08's lesson: the forward calls, the seed, then ``y.backward()``.

    ``timeline`` is the forward and seed ``Call``s of step 06's timeline followed by the
    ``Event``s of ``trace``. ``stepper`` is a step-06 ``Stepper`` holding the state: each
    GRAD event makes, on it, the manual call it is (``stepper.call_backward``), so its chain
    and records show exactly what ``y.backward()`` has set so far.
    """

    def __init__(self, ops, x, book, user_functions=None):
        self.book = book
        self.events = trace(ops, x, book, user_functions)
        self.stepper = Stepper(ops, x, user_functions)
        n = len(self.stepper.chain)
        self.calls = self.stepper.timeline[: n + 1]
        self.timeline = [*self.calls, *self.events]
        self.position = 0

    @property
    def chain(self):
        return self.stepper.chain

    @property
    def records(self):
        return self.stepper.records

    @property
    def done(self):
        return self.position == len(self.timeline)

    @property
    def upcoming(self):
        """The next item of the timeline (a ``Call`` or an ``Event``), None at the end."""
        return None if self.done else self.timeline[self.position]

    @property
    def next_call(self):
        """The step-06 ``Call`` the next item makes: a forward call, the seed, or for a GRAD
        event the manual backward call it is; None for the other events and at the end."""
        item = self.upcoming
        if item is None or self.position < len(self.calls):
            return item
        return self.stepper.timeline[item.call] if item.kind is EventKind.GRAD else None

    @property
    def event(self):
        """The last event run (None before ``y.backward()`` starts)."""
        k = self.position - len(self.calls)
        return self.events[k - 1] if k > 0 else None

    def step(self):
        """Run the next item: a ``Record`` for a forward call or the seed, else an ``Event``."""
        item = self.upcoming
        if item is None:
            return None
        self.position += 1
        if self.position <= len(self.calls):
            return self.stepper.step()
        if item.kind is EventKind.GRAD:
            self.stepper.call_backward(self.stepper.timeline[item.call].index)
        return item

    def back(self):
        """Undo the last item: the state is exactly as before it. False at the start."""
        if self.position == 0:
            return False
        item = self.timeline[self.position - 1]
        self.position -= 1
        if self.position < len(self.calls) or item.kind is EventKind.GRAD:
            self.stepper.back()
        return True

    def run_to_end(self):
        while self.step() is not None:
            pass
        return self

    def reset(self):
        while self.back():
            pass
        return self

    @classmethod
    def restore(cls, ops, x, book, position, user_functions=None):
        """Rebuild the state after the first ``position`` items of the lesson."""
        stepper = cls(ops, x, book, user_functions)
        if not 0 <= position <= len(stepper.timeline):
            raise ValueError(
                f"position {position} out of range: the lesson has {len(stepper.timeline)} items"
            )
        for _ in range(position):
            stepper.step()
        return stepper
