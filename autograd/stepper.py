"""Make the manual backward pass of step 06 visible, one call at a time.

The book's program is a fixed list of calls::

    a = A(x)                      # forward, one call per function
    b = B(a)
    y = C(b)
    y.grad = np.array(1.0)        # the seed: dy/dy = 1
    b.grad = C.backward(y.grad)   # backward, from the last function to the first
    a.grad = B.backward(b.grad)
    x.grad = A.backward(a.grad)

A ``Stepper`` performs these calls one by one (or a chosen backward call out of order),
returns a ``Record`` of each, steps back, and rebuilds any position from
``(ops, x, n_forward, n_backward)`` alone. ``n_backward`` counts the seed as the first call
of the backward phase.
"""

from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum

import numpy as np

from .chain import Chain, function_names, variable_names
from .core import as_array

# numpy's floating-point error names -> the short flags put on records and variables
_FLAG_NAMES = {"overflow": "overflow", "invalid value": "invalid", "divide by zero": "divide"}


class StepError(Exception):
    """A call that cannot be made yet. Nothing has been changed."""


class MissingGradError(StepError):
    """A backward call whose incoming grad is still ``None``."""

    def __init__(self, function, needed, producer):
        self.function = function  # "C"
        self.needed = needed  # "y"
        self.producer = producer  # the call that sets it: "y.grad = np.array(1.0)", ...
        self.seed = producer.startswith("y.grad =")  # the missing grad is the seed
        call = f"{function}.backward({needed}.grad)"
        if self.seed:
            fix = (
                f"Backprop starts from the seed: the book sets {producer} (dy/dy = 1) "
                "before calling any backward"
            )
        else:
            fix = f"It is computed by {producer}: make that call first"
        super().__init__(
            f"{call} needs {needed}.grad, but {needed}.grad is still None "
            f"(in the book's code, multiplying by None is a TypeError). {fix}."
        )


class ForwardNotDoneError(StepError):
    """A backward call (or the seed) made before the forward pass reached that function."""

    def __init__(self, code, forward_code):
        self.code = code
        self.forward_code = forward_code
        super().__init__(
            f"{code} needs the forward pass first: {forward_code} has not been run yet."
        )


class Kind(Enum):
    """What a line of the book's program does."""

    FORWARD = "forward"  # a = A(x)
    SEED = "seed"  # y.grad = np.array(1.0)
    BACKWARD = "backward"  # x.grad = A.backward(a.grad)


@dataclass(frozen=True)
class Call:
    """One line of the book's program."""

    kind: Kind
    index: int  # the function's position in the chain (the seed: the number of functions)
    code: str  # "b.grad = C.backward(y.grad)"
    target: str  # what the line assigns: "b" (forward), "y.grad" (seed), "b.grad" (backward)


@dataclass(frozen=True)
class Record:
    """What one performed call did."""

    call: Call
    function: str | None  # "C" (None for the seed)
    op: str | None  # "Square"
    x: np.ndarray | None  # the function's input data
    y: np.ndarray | None  # forward: the output data
    gy: np.ndarray | None  # backward: the incoming grad
    gx: np.ndarray | None  # backward: the result (the seed: the seed value)
    derivative: np.ndarray | None  # backward: the local derivative f'(x)
    flags: tuple = ()  # floating-point problems: 'overflow', 'invalid', 'divide'

    @property
    def code(self):
        return self.call.code


def timeline(ops, scalar=True):
    """Every call of the book's program for a chain of ``ops``, in order."""
    n = len(ops)
    fn, var = function_names(n), variable_names(n)
    calls = [
        Call(Kind.FORWARD, i, f"{var[i + 1]} = {fn[i]}({var[i]})", var[i + 1]) for i in range(n)
    ]
    seed = "np.array(1.0)" if scalar else "np.ones_like(y.data)"
    calls.append(Call(Kind.SEED, n, f"y.grad = {seed}", "y.grad"))
    calls += [
        Call(
            Kind.BACKWARD,
            i,
            f"{var[i]}.grad = {fn[i]}.backward({var[i + 1]}.grad)",
            f"{var[i]}.grad",
        )
        for i in reversed(range(n))
    ]
    return calls


class Stepper:
    def __init__(self, ops, x, user_functions=None):
        """``user_functions``: the learner's own functions, ``{name: FunctionInfo}``."""
        if not ops:
            raise ValueError("a chain needs at least one function")
        self.chain = Chain(ops, x, user_functions)
        self.timeline = timeline(ops, scalar=self.chain.x.data.ndim == 0)
        self.records = []
        self._np_errors = []

    # -- where we are -----------------------------------------------------------------
    @property
    def position(self):
        return len(self.records)

    @property
    def n_forward(self):
        return min(self.position, len(self.chain))

    @property
    def n_backward(self):
        return max(0, self.position - len(self.chain))

    @property
    def done(self):
        return self.position == len(self.timeline)

    @property
    def next_call(self):
        return None if self.done else self.timeline[self.position]

    # -- moving -------------------------------------------------------------------------
    def step(self):
        """Perform the next call of the timeline; return its record (None at the end)."""
        if self.done:
            return None
        with self._guard():
            return self._perform(self.timeline[self.position])

    def run_to_end(self):
        with self._guard():
            while not self.done:
                self._perform(self.timeline[self.position])
        return self

    def back(self):
        """Undo the last call: the state is exactly as before it. Returns False at the start."""
        if not self.records:
            return False
        call = self.records.pop().call
        chain = self.chain
        if call.kind is Kind.FORWARD:
            chain.variables[call.index + 1].creator = None  # no cycle left behind (Chain.__del__)
            chain.variables[call.index + 1] = None
            chain.functions[call.index] = chain.registry[chain.ops[call.index]].cls()
        elif call.kind is Kind.SEED:
            _set_grad(chain.y, None, ())
        else:
            _set_grad(chain.variables[call.index], None, ())
        return True

    def reset(self):
        while self.back():
            pass
        return self

    def seed(self):
        """Set ``y.grad`` (the seed) now, as a learner typing it would."""
        n = len(self.chain)
        if self.n_forward < n:
            raise ForwardNotDoneError(self.timeline[n].code, self.timeline[self.n_forward].code)
        if self.position > n:
            return self.records[n]
        with self._guard():
            return self._perform(self.timeline[n])

    def call_backward(self, index):
        """Call the backward of function ``index`` now, in whatever order the learner chooses.

        Raises ``ForwardNotDoneError`` or ``MissingGradError`` (changing nothing) when the
        call cannot work yet. Calling a backward that was already made computes the same
        grad again and leaves the position as it is.
        """
        chain = self.chain
        n = len(chain)
        if not 0 <= index < n:
            raise IndexError(f"no function at position {index}")
        call = self.timeline[2 * n - index]
        if self.n_forward <= index:
            raise ForwardNotDoneError(call.code, self.timeline[self.n_forward].code)
        out = chain.variables[index + 1]
        if out.grad is None:
            raise MissingGradError(
                chain.function_names[index],
                chain.variable_names[index + 1],
                self.timeline[2 * n - index - 1].code,
            )
        with self._guard():
            if chain.variables[index].grad is None:
                return self._perform(call)
            return self._make_record(call)  # already made: same numbers, position unchanged

    @classmethod
    def restore(cls, ops, x, n_forward, n_backward, user_functions=None):
        """Rebuild the state after ``n_forward`` forward and ``n_backward`` backward calls."""
        stepper = cls(ops, x, user_functions)
        n = len(stepper.chain)
        if not (0 <= n_forward <= n and 0 <= n_backward <= n + 1):
            raise ValueError(
                f"position out of range: {n_forward} forward and {n_backward} backward calls "
                f"for {n} functions"
            )
        if n_backward and n_forward != n:
            raise ValueError("backward calls need the whole forward pass first")
        with stepper._guard():
            for call in stepper.timeline[: n_forward + n_backward]:
                stepper._perform(call)
        return stepper

    # -- inside -------------------------------------------------------------------------
    @contextmanager
    def _guard(self):
        """Catch floating-point problems instead of letting numpy warn."""

        def record(kind, flag):
            self._np_errors.append(_FLAG_NAMES.get(kind, kind))

        with np.errstate(over="call", invalid="call", divide="call", under="ignore", call=record):
            yield

    def _perform(self, call):
        record = self._make_record(call)
        chain = self.chain
        if call.kind is Kind.FORWARD:
            function = chain.functions[call.index]
            output = function.output
            output.name = chain.variable_names[call.index + 1]
            output.flags = record.flags
            chain.variables[call.index + 1] = output
        elif call.kind is Kind.SEED:
            _set_grad(chain.y, record.gx, record.flags)
        else:
            _set_grad(chain.variables[call.index], record.gx, record.flags)
        self.records.append(record)
        return record

    def _make_record(self, call):
        """Make the call (forward runs the function; backward computes gx) and describe it."""
        chain = self.chain
        errors = self._np_errors
        start = len(errors)
        if call.kind is Kind.SEED:
            gx = np.ones_like(chain.y.data)
            return Record(call, None, None, None, None, None, gx, None)
        i = call.index
        function = chain.functions[i]
        name, op = chain.function_names[i], chain.ops[i]
        if call.kind is Kind.FORWARD:
            output = function(chain.variables[i])
            x = chain.variables[i].data
            return Record(call, name, op, x, output.data, None, None, None, _flags(errors, start))
        gy = chain.variables[i + 1].grad
        gx = as_array(function.backward(gy))
        flags = _flags(errors, start)
        derivative = as_array(function.backward(np.ones_like(gy)))
        del errors[start:]
        return Record(call, name, op, function.input.data, None, gy, gx, derivative, flags)


def _flags(errors, start):
    flags = tuple(dict.fromkeys(errors[start:]))
    del errors[start:]
    return flags


def _set_grad(variable, grad, flags):
    variable.grad = grad
    variable.grad_flags = flags
