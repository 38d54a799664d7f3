"""Steps 07 and 08: ``y.backward()`` makes exactly step 06's manual calls, and its trace.

The expected numbers always come from step 06's manual calls
(``b.grad = C.backward(y.grad)``, ...) on a chain of their own, never typed in.
"""

import ast
import gc
import inspect
import sys
import textwrap
import weakref

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from autograd import (
    BOOKS,
    REGISTRY,
    SOURCE,
    BackwardRecursionError,
    BackwardStepper,
    EventKind,
    Function,
    Kind,
    Stepper,
    Variable,
    lesson_length,
    timeline,
    trace,
    variable_names,
)

BOOK_OPS = ("Square", "Exp", "Square")


def bits(a):
    """An array (or None) as (dtype, shape, bytes): equal only when bitwise equal, except
    that every NaN is one NaN (numpy leaves a NaN's sign to the code path that made it)."""
    if a is None:
        return None
    a = np.asarray(a)
    return a.dtype.str, a.shape, np.where(np.isnan(a), np.nan, a).tobytes()


def forward(ops, x):
    """Fresh functions and variables after the forward pass ``a = A(x)``, ``b = B(a)``, ..."""
    functions = [REGISTRY[op].cls() for op in ops]
    variables = [Variable(x)]
    with np.errstate(all="ignore"):  # log of a negative number and the like: nan, as numpy
        for f in functions:
            variables.append(f(variables[-1]))
    variables[-1].grad = np.ones_like(variables[-1].data)  # y.grad = np.array(1.0)
    return functions, variables


def grads(ops, x, how):
    """Every variable's grad (x first) after backpropagating ``how``: 'manual' is step 06."""
    functions, variables = forward(ops, x)
    with np.errstate(all="ignore"):
        if how == "manual":
            for i in reversed(range(len(functions))):  # b.grad = C.backward(y.grad), ...
                variables[i].grad = functions[i].backward(variables[i + 1].grad)
        else:
            getattr(variables[-1], how)()
    return [bits(v.grad) for v in variables]


# -- the book's example ----------------------------------------------------------------------


def test_the_books_example_step_07_links_and_both_backwards_equal_the_manual_calls():
    (A, B, C), (x, a, b, y) = forward(BOOK_OPS, np.array(0.5))
    assert x.creator is None  # made by the user
    for f, inp, out in zip((A, B, C), (x, a, b), (a, b, y), strict=True):
        assert out.creator is f and f.input is inp and f.output is out
    b.grad = C.backward(y.grad)  # step 06, by hand
    a.grad = B.backward(b.grad)
    x.grad = A.backward(a.grad)
    printed = repr(float(x.grad))
    for how in ("backward", "backward_recursive"):
        *_, (x2, _, _, y2) = forward(BOOK_OPS, np.array(0.5))
        getattr(y2, how)()
        assert repr(float(x2.grad)) == printed
    for book in BOOKS:
        lesson = BackwardStepper(BOOK_OPS, 0.5, book).run_to_end()
        assert repr(float(lesson.chain.x.grad)) == printed
    v = Variable(1.0)
    v.set_creator(A)
    assert v.creator is A


def body(source, name):
    """The statements of method ``name`` in ``source``, docstring and comments left out."""
    tree = ast.parse(textwrap.dedent(source))
    method = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name)
    statements = method.body[1:] if isinstance(method.body[0], ast.Expr) else method.body
    return [ast.dump(s) for s in statements]


@pytest.mark.parametrize(("book", "method"), [("07", "_backward_recursive"), ("08", "backward")])
def test_the_source_shown_is_the_engines_backward(book, method):
    engine = inspect.getsource(getattr(Variable, method)).replace(method + "()", "backward()")
    assert body(engine, method) == body(SOURCE[book], "backward")
    engine, book_call = (
        body(inspect.getsource(Function.__call__), "__call__"),
        body(SOURCE[book], "__call__"),
    )
    del engine[2], book_call[2]  # output = Variable(as_array(y)): the engine keeps an ndarray
    assert engine == book_call


# -- random chains of every registry function --------------------------------------------------


@st.composite
def chains(draw, op):
    """1-7 registry functions with ``op`` among them, on a scalar or a small array."""
    ops = draw(st.lists(st.sampled_from(list(REGISTRY)), max_size=6))
    ops.insert(draw(st.integers(0, len(ops))), op)
    shape = draw(st.one_of(st.just(()), array_shapes(max_dims=2, max_side=3)))
    return tuple(ops), draw(arrays(np.float64, shape, elements=st.floats(-3, 3)))


@pytest.mark.parametrize("op", REGISTRY)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_backward_loop_recursion_and_trace_make_the_manual_calls_exactly(op, data):
    ops, x = data.draw(chains(op))
    manual = grads(ops, x, "manual")
    assert grads(ops, x, "backward") == manual
    assert grads(ops, x, "backward_recursive") == manual
    calls = timeline(ops, scalar=x.ndim == 0)
    names = variable_names(len(ops))
    for book in BOOKS:
        events = [e for e in trace(ops, x, book) if e.kind is EventKind.GRAD]
        assert [calls[e.call].index for e in events] == list(reversed(range(len(ops))))
        for e in events:  # the same call as step 06's manual line, with the same numbers
            call = calls[e.call]
            assert call.kind is Kind.BACKWARD and call.target == f"{e.variables[0]}.grad"
            assert bits(e.gx) == manual[names.index(e.variables[0])]
        lesson = BackwardStepper(ops, x, book).run_to_end()
        assert [bits(v.grad) for v in lesson.chain.variables] == manual


# -- depth ----------------------------------------------------------------------------------


def test_ten_thousand_functions_with_the_loop():
    ops = (["Sin", "Exp", "Log"] * 3334)[:10_000]
    x = np.array([0.5, -0.3])
    automatic = grads(ops, x, "backward")
    assert automatic == grads(ops, x, "manual")
    assert np.all(np.isfinite(np.frombuffer(automatic[0][2])))


@pytest.mark.parametrize("where", ["method", "trace"])
def test_the_recursive_form_past_the_limit_says_why_step_08_exists(where):
    limit = 1000  # Python's default; set here so the test does not depend on the runner's
    ops = ["Sin"] * (limit + 100)
    functions, variables = forward(ops, np.array(0.5))
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(limit)
    try:
        with pytest.raises(BackwardRecursionError) as caught:
            if where == "method":
                variables[-1].backward_recursive()
            else:
                trace(ops, 0.5, "07")
    finally:
        sys.setrecursionlimit(old)
    error = caught.value
    assert type(error) is not RecursionError and isinstance(error, RecursionError)
    assert (error.depth, error.limit) == (len(ops), limit)
    for words in (f"{len(ops)} functions", f"limit of {limit}", "step 08", "loop", "funcs"):
        assert words in str(error)
    variables[-1].backward()  # the loop has no such limit
    assert variables[0].grad is not None


# -- the trace and its stepper ----------------------------------------------------------------


def test_the_books_example_trace_shows_the_stack_and_funcs():
    n = len(BOOK_OPS)
    stack = [e.stack for e in trace(BOOK_OPS, 0.5, "07")]
    kinds = [e.kind for e in trace(BOOK_OPS, 0.5, "07")]
    # y.backward() -> b.backward() -> a.backward() -> x.backward(), then unwinding
    assert max(stack, key=len) == ("y", "b", "a", "x") and stack[-1] == ()
    for before, after, kind in zip(stack, stack[1:], kinds[1:], strict=False):
        grown = {EventKind.RECURSE: 1, EventKind.RETURN: -1}.get(kind, 0)
        assert len(after) - len(before) == grown
    assert kinds.count(EventKind.RETURN) == n + 1
    funcs = [e.funcs for e in trace(BOOK_OPS, 0.5, "08")]
    assert ("C",) in funcs and ("B",) in funcs and ("A",) in funcs and funcs[-1] == ()
    for book in BOOKS:
        for e in trace(BOOK_OPS, 0.5, book):
            assert SOURCE[book].splitlines()[e.line].strip() == e.code


def snapshot(lesson):
    """Everything a BackwardStepper holds, as comparable plain values."""
    chain = lesson.chain
    variables = [
        None if v is None else (v.name, bits(v.data), bits(v.grad), v.flags, v.grad_flags)
        for v in chain.variables
    ]
    links = [
        (hasattr(f, "input") and f.input is chain.variables[i])
        + 2 * (hasattr(f, "output") and f.output is chain.variables[i + 1])
        + 4 * (chain.variables[i + 1] is not None and chain.variables[i + 1].creator is f)
        for i, f in enumerate(chain.functions)
    ]
    records = [(r.call, bits(r.gx), r.flags) for r in lesson.records]
    e = lesson.event
    event = e and (e.kind, e.line, e.function, e.variables, e.stack, e.funcs, bits(e.gx))
    return lesson.position, event, variables, links, records


@pytest.mark.parametrize("book", BOOKS)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_the_lesson_steps_back_and_forth_and_restores_exactly(book, data):
    ops, x = data.draw(chains(data.draw(st.sampled_from(list(REGISTRY)))))
    lesson = BackwardStepper(ops, x, book)
    states = [snapshot(lesson)]
    while (call := lesson.next_call) or not lesson.done:
        made = lesson.step()
        assert call is None or made.call == call or made.kind is EventKind.GRAD
        assert call is None or lesson.records[-1].call == call  # the step-06 call it makes
        states.append(snapshot(lesson))
    assert lesson.step() is None
    assert len(states) == len(lesson.timeline) + 1
    moves = data.draw(st.lists(st.booleans(), max_size=3 * len(states)))
    for forward_move in moves:
        position = lesson.position
        moved = lesson.step() is not None if forward_move else lesson.back()
        assert moved == (position < len(states) - 1 if forward_move else position > 0)
        assert snapshot(lesson) == states[lesson.position]
    position = data.draw(st.integers(0, len(states) - 1))
    assert snapshot(BackwardStepper.restore(ops, x, book, position)) == states[position]
    assert snapshot(lesson.reset()) == states[0] and lesson.back() is False


@pytest.mark.parametrize("book", BOOKS)
def test_the_lesson_length_is_known_without_running(book):
    for n in range(1, 9):
        assert lesson_length(n, book) == len(BackwardStepper(["Sin"] * n, 0.5, book).timeline)


def test_restore_rejects_positions_outside_the_lesson_and_unknown_books():
    total = len(BackwardStepper(BOOK_OPS, 0.5, "08").timeline)
    for position in (-1, total + 1):
        with pytest.raises(ValueError):
            BackwardStepper.restore(BOOK_OPS, 0.5, "08", position)
    with pytest.raises(ValueError):
        trace(BOOK_OPS, 0.5, "06")


def test_a_discarded_lesson_frees_its_variables_without_the_cyclic_collector():
    """Step 07's creator links make cycles (variable -> creator -> output); the server never
    forces a full collection, so a replay that is done with must leave none behind."""
    gc.collect()
    gc.disable()
    try:
        stepper = Stepper(["Square", "Exp", "Square"], np.ones(3)).run_to_end()
        kept = [weakref.ref(v) for v in stepper.chain.variables]
        stepper.reset()  # back() drops the outputs it undoes
        stepper.run_to_end()
        kept += [weakref.ref(v) for v in stepper.chain.variables]
        evaluated = stepper.chain(Variable(np.ones(3)))  # a throwaway evaluation
        assert evaluated.creator is None
        kept.append(weakref.ref(evaluated))
        del stepper, evaluated
        assert [ref() for ref in kept] == [None] * len(kept)
    finally:
        gc.enable()
