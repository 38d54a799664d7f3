"""The step-06 engine: the book's example, Variable, Function, the registry, names, Stepper.

The only numbers written here are the ones printed in the book (compared by float repr);
everything else is checked against another computation (numerical differentiation, a
second run, the state before a call, plain numpy).
"""

import keyword
import re
import warnings

import numpy as np
import pytest
from harness import array_state, engine_state

from autograd import (
    REGISTRY,
    Chain,
    Exp,
    ForwardNotDoneError,
    Function,
    Kind,
    MissingGradError,
    Square,
    StepError,
    Stepper,
    Variable,
    function_names,
    numerical_diff,
    timeline,
    variable_names,
)

BOOK_OPS = ("Square", "Exp", "Square")
BOOK_PROGRAM = [  # the book's step-06 code, line by line
    "a = A(x)",
    "b = B(a)",
    "y = C(b)",
    "y.grad = np.array(1.0)",
    "b.grad = C.backward(y.grad)",
    "a.grad = B.backward(b.grad)",
    "x.grad = A.backward(a.grad)",
]
# The book's printed values: A(0.5), B(a), C(b), the seed and the grads.
BOOK_DATA = {"x": "0.5", "a": "0.25", "b": "1.2840254166877414", "y": "1.648721270700128"}
BOOK_GRAD = {
    "y": "1.0",
    "b": "2.568050833375483",
    "a": "3.297442541400256",
    "x": "3.297442541400256",
}
BOOK_NUMERICAL = "3.2974426293330694"  # step 04's numerical_diff on the same chain


def as_repr(value):
    return repr(float(value))


# -- the book's example ------------------------------------------------------------------


def test_book_example_direct_calls_print_the_book_numbers():
    A = Square()
    B = Exp()
    C = Square()

    x = Variable(np.array(0.5))
    a = A(x)
    b = B(a)
    y = C(b)

    y.grad = np.array(1.0)
    b.grad = C.backward(y.grad)
    a.grad = B.backward(b.grad)
    x.grad = A.backward(a.grad)

    got = {"x": x, "a": a, "b": b, "y": y}
    assert {name: as_repr(v.data) for name, v in got.items()} == BOOK_DATA
    assert {name: as_repr(v.grad) for name, v in got.items()} == BOOK_GRAD
    assert str(x.grad) == BOOK_GRAD["x"]  # print(x.grad) in the book


def test_book_numerical_diff_prints_the_book_number():
    def f(x):
        A = Square()
        B = Exp()
        C = Square()
        return C(B(A(x)))

    x = Variable(np.array(0.5))
    dy = numerical_diff(f, x)
    assert as_repr(dy) == BOOK_NUMERICAL
    assert as_repr(numerical_diff(Chain(BOOK_OPS, 0.5), x)) == BOOK_NUMERICAL
    assert x.data == 0.5  # numerical_diff does not move x


def test_book_backward_without_seed_fails_as_in_the_book():
    C = Square()
    C(Variable(np.array(1.2840254166877414)))
    with pytest.raises(TypeError, match=re.escape("for *: 'float' and 'NoneType'")):
        C.backward(None)


def test_stepper_reproduces_the_book_program_and_numbers():
    stepper = Stepper(list(BOOK_OPS), np.array(0.5))
    assert [call.code for call in stepper.timeline] == BOOK_PROGRAM
    assert stepper.next_call.code == "a = A(x)"
    codes = []
    while (record := stepper.step()) is not None:
        codes.append(record.code)
    assert codes == BOOK_PROGRAM
    assert stepper.done and stepper.next_call is None and stepper.step() is None

    chain = stepper.chain
    assert [v.name for v in chain.variables] == ["x", "a", "b", "y"]
    assert {v.name: as_repr(v.data) for v in chain.variables} == BOOK_DATA
    assert {v.name: as_repr(v.grad) for v in chain.variables} == BOOK_GRAD
    for v in chain.variables:
        assert type(v.data) is np.ndarray and type(v.grad) is np.ndarray
        assert v.flags == () and v.grad_flags == ()


def test_run_to_end_equals_step_by_step_and_book_style():
    stepped = Stepper(BOOK_OPS, 0.5)
    while stepped.step():
        pass
    assert engine_state(Stepper(BOOK_OPS, 0.5).run_to_end()) == engine_state(stepped)
    grads = [float(v.grad) for v in stepped.chain.variables]
    assert [as_repr(g) for g in grads] == [BOOK_GRAD[n] for n in ("x", "a", "b", "y")]


def test_records_hold_code_function_input_gy_gx_and_derivative():
    stepper = Stepper(BOOK_OPS, 0.5).run_to_end()
    chain, records = stepper.chain, stepper.records
    x, a, b, y = chain.variables

    forward = records[:3]
    assert [(r.call.kind.value, r.function, r.op) for r in forward] == [
        ("forward", "A", "Square"),
        ("forward", "B", "Exp"),
        ("forward", "C", "Square"),
    ]
    for r, inp, out in zip(forward, (x, a, b), (a, b, y), strict=True):
        assert r.x is inp.data and r.y is out.data
        assert r.gy is None and r.gx is None and r.derivative is None and r.flags == ()

    seed = records[3]
    assert (seed.call.kind.value, seed.function, seed.op, seed.x) == ("seed", None, None, None)
    assert seed.gx is y.grad and as_repr(seed.gx) == "1.0"

    backward = records[4:]
    assert [(r.code, r.function, r.op) for r in backward] == [
        ("b.grad = C.backward(y.grad)", "C", "Square"),
        ("a.grad = B.backward(b.grad)", "B", "Exp"),
        ("x.grad = A.backward(a.grad)", "A", "Square"),
    ]
    for r, inp, out in zip(backward, (b, a, x), (y, b, a), strict=True):
        assert r.x is inp.data  # the function's input data
        assert r.gy is out.grad and r.gx is inp.grad
        assert r.y is None and r.flags == ()
        # the local derivative f'(x): the numerical derivative, and gx = f'(x) * gy
        f = REGISTRY[r.op].cls()
        assert r.derivative == pytest.approx(numerical_diff(f, Variable(r.x)), rel=1e-7)
        assert r.gx == pytest.approx(r.derivative * r.gy, rel=1e-15)


# -- Variable ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "shape"),
    [
        (3, ()),
        (0.5, ()),
        (-2, ()),
        (np.float32(1.5), ()),
        (np.int64(7), ()),
        ([1, 2.5, 3], (3,)),
        ([[1, 2], [3, 4], [5, 6]], (3, 2)),
        ([[[1.0]], [[2.0]]], (2, 1, 1)),
        (np.array([1, 2, 3]), (3,)),
        (np.array(4, dtype=np.uint8), ()),
    ],
)
def test_variable_converts_numbers_and_lists_to_float64_arrays(data, shape):
    v = Variable(data)
    assert type(v.data) is np.ndarray
    assert v.data.dtype == np.float64
    assert v.data.shape == shape
    assert np.array_equal(v.data, np.asarray(data, dtype=np.float64))
    assert v.grad is None and v.name is None


def test_variable_keeps_a_float_array_as_given():
    data = np.array([0.5, 1.5])
    assert Variable(data).data is data  # the book's Variable stores the array itself
    assert Variable(np.array(0.5), name="x").name == "x"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("0.5", "not str"),
        (None, "not NoneType"),
        (True, "not bool"),
        (np.bool_(False), "not bool"),
        ({"x": 1}, "not dict"),
        ((1, 2), "not tuple"),
        (1 + 2j, "not complex"),
        (np.complex128(1 + 2j), "not complex128"),
        ([1.0, np.complex128(2j)], "list of numbers only"),
        ([[1, 2], [3]], "rectangular"),
        ([1, [2, 3]], "rectangular"),
        ([1, "2"], "list of numbers only"),
        ([[1.0], ["a"]], "list of numbers only"),
        ([1, None], "list of numbers only"),
        ([True, 2.0], "list of numbers only"),
        (np.array(["a", "b"]), "numeric"),
        (np.array([True]), "numeric"),
        (np.array([1 + 1j]), "numeric"),
    ],
)
def test_variable_rejects_what_is_not_numeric_data(data, message):
    with pytest.raises(TypeError, match=re.escape(message)):
        Variable(data)


# -- Function and the registry -------------------------------------------------------------


def test_function_base_class_must_be_subclassed():
    x = Variable(np.array(1.0))
    with pytest.raises(NotImplementedError, match="forward"):
        Function()(x)
    with pytest.raises(NotImplementedError, match="backward"):
        Function().backward(np.array(1.0))


INPUTS = {
    "scalar": np.array(0.7),
    "vector": np.array([0.3, 0.9, 1.6, 2.2]),  # positive: Log is defined everywhere here
    "matrix": np.array([[0.5, 1.1, 1.7], [0.2, 0.8, 2.5]]),
}


@pytest.mark.parametrize("op", list(REGISTRY))
@pytest.mark.parametrize("kind", list(INPUTS))
def test_forward_returns_an_array_and_stores_input_and_output(op, kind):
    f = REGISTRY[op].cls()
    x = Variable(INPUTS[kind])
    y = f(x)
    assert type(y) is Variable
    assert type(y.data) is np.ndarray  # never a bare np.float64, even for a 0-d input
    assert y.data.dtype == np.float64 and y.data.shape == x.data.shape
    assert f.input is x and f.output is y
    assert np.all(np.isfinite(y.data))


# Central differences with eps = 1e-4 are off by about eps**2 / 6 * |f'''| (< 1e-7 here, where
# |f'''| <= 2 / 0.2**3 = 250 for Log) plus rounding of about 1e-16 * |f| / eps (< 1e-11).
NUMERICAL_RTOL, NUMERICAL_ATOL = 1e-6, 1e-9


@pytest.mark.parametrize("op", list(REGISTRY))
@pytest.mark.parametrize("kind", list(INPUTS))
def test_backward_agrees_with_numerical_diff(op, kind):
    x = INPUTS[kind]
    f = REGISTRY[op].cls()
    f(Variable(x))
    gy = np.random.default_rng(6).uniform(0.5, 2.0, x.shape)
    gx = f.backward(gy)
    numeric = numerical_diff(REGISTRY[op].cls(), Variable(x))
    np.testing.assert_allclose(gx, numeric * gy, rtol=NUMERICAL_RTOL, atol=NUMERICAL_ATOL)
    if op != "Log":  # the other functions are defined for negative x too
        f(Variable(-x))
        numeric = numerical_diff(REGISTRY[op].cls(), Variable(-x))
        np.testing.assert_allclose(f.backward(gy), numeric * gy, rtol=NUMERICAL_RTOL)


def test_square_and_exp_are_the_books_classes():
    assert REGISTRY["Square"].cls is Square and REGISTRY["Exp"].cls is Exp


@pytest.mark.parametrize("op", list(REGISTRY))
def test_registry_entry_is_complete_and_substitutes_the_variable(op):
    info = REGISTRY[op]
    assert info.name == op == info.cls.__name__
    assert issubclass(info.cls, Function)
    assert "$x" in info.dlatex and info.derivative() == info.derivative("x")
    for var in ("a", "ab", "x"):
        text = info.derivative(var)
        assert "$" not in text and text.count(var) >= info.dlatex.count("$x")
    assert info.derivative("q").replace("q", "p") == info.derivative("p")


# -- names ---------------------------------------------------------------------------------


def test_book_names():
    chain = Chain(BOOK_OPS, 0.5)
    assert chain.function_names == ["A", "B", "C"]
    assert chain.variable_names == ["x", "a", "b", "y"]
    assert chain.x.name == "x" and chain.y is None and len(chain) == 3
    assert variable_names(1) == ["x", "y"] and function_names(1) == ["A"]


def test_names_past_26_functions_are_unique_deterministic_and_safe():
    n = 19_000  # every name of up to three letters, and some of four
    names = function_names(n)
    assert len(names) == n == len(set(names))
    assert names == function_names(n)
    assert function_names(40) == names[:40]  # a longer chain only appends names
    assert names[:24] == [chr(c) for c in range(ord("A"), ord("W") + 1)] + ["Z"]
    assert names[24:27] == ["AA", "AB", "AC"]
    assert len(names[-1]) == 4
    forbidden = {"X", "Y", "NP", "AS", "IF", "IN", "IS", "OR", "AND", "DEF", "DEL", "FOR"}
    assert not forbidden & set(names)
    for name in names:
        assert name.isupper() and name.isidentifier() and name.isascii()
        assert not keyword.iskeyword(name.lower())

    variables = variable_names(n)
    assert len(variables) == n + 1 == len(set(variables))
    assert variables[0] == "x" and variables[-1] == "y"
    assert "np" not in variables and "x" not in variables[1:] and "y" not in variables[:-1]
    assert variables[1:-1] == [name.lower() for name in names[:-1]]


def test_generated_program_is_valid_python():
    names = list(REGISTRY)
    ops = [names[i % len(names)] for i in range(40)]  # past Z: AA, AB, ...
    for scalar in (True, False):
        codes = [call.code for call in timeline(ops, scalar=scalar)]
        assert len(codes) == 2 * len(ops) + 1
        compile("\n".join(codes), "<timeline>", "exec")
    # every name of up to three letters; a keyword (as, if, in, ..., and, def) is a SyntaxError
    codes = [call.code for call in timeline(["Sin"] * 19_000)]
    compile("\n".join(codes), "<timeline>", "exec")


# -- the Stepper's program -----------------------------------------------------------------


def test_timeline_for_arrays_seeds_with_ones_like():
    stepper = Stepper(BOOK_OPS, [0.5, 1.5])
    codes = [call.code for call in stepper.timeline]
    assert codes == [*BOOK_PROGRAM[:3], "y.grad = np.ones_like(y.data)", *BOOK_PROGRAM[4:]]
    stepper.run_to_end()
    assert np.array_equal(stepper.chain.y.grad, np.ones(2))
    for i, x0 in enumerate((0.5, 1.5)):
        single = Stepper(BOOK_OPS, x0).run_to_end()
        assert stepper.chain.x.grad[i] == single.chain.x.grad  # elementwise: same numbers


def test_timeline_calls():
    calls = timeline(["Exp"])
    assert [(c.kind, c.index, c.code, c.target) for c in calls] == [
        (Kind.FORWARD, 0, "y = A(x)", "y"),
        (Kind.SEED, 1, "y.grad = np.array(1.0)", "y.grad"),
        (Kind.BACKWARD, 0, "x.grad = A.backward(y.grad)", "x.grad"),
    ]
    calls = timeline(list(BOOK_OPS))
    assert [c.kind.value for c in calls] == ["forward"] * 3 + ["seed"] + ["backward"] * 3
    assert [c.index for c in calls] == [0, 1, 2, 3, 2, 1, 0]


def test_stepper_rejects_an_empty_or_unknown_chain():
    with pytest.raises(ValueError, match="at least one"):
        Stepper([], 0.5)
    with pytest.raises(ValueError, match="unknown function 'Relu'"):
        Stepper(["Square", "Relu"], 0.5)
    with pytest.raises(TypeError):
        Stepper(["Square"], "0.5")


# -- calls that cannot be made yet ----------------------------------------------------------


def forward_done(x=0.5):
    stepper = Stepper(BOOK_OPS, x)
    for _ in BOOK_OPS:
        stepper.step()
    return stepper


def test_backward_before_the_seed_raises_and_changes_nothing():
    stepper = forward_done()
    before = engine_state(stepper)
    with pytest.raises(MissingGradError) as info:
        stepper.call_backward(2)
    err = info.value
    assert isinstance(err, StepError)
    assert (err.function, err.needed, err.seed) == ("C", "y", True)
    assert "C.backward(y.grad)" in str(err) and "y.grad is still None" in str(err)
    assert "y.grad = np.array(1.0)" in str(err)
    assert engine_state(stepper) == before

    with pytest.raises(MissingGradError) as info:
        stepper.call_backward(1)
    assert (info.value.function, info.value.needed, info.value.seed) == ("B", "b", False)
    assert "b.grad is still None" in str(info.value)
    assert "b.grad = C.backward(y.grad)" in str(info.value)
    assert engine_state(stepper) == before


def test_missing_seed_message_for_arrays_names_ones_like():
    stepper = forward_done([0.5, 1.0])
    with pytest.raises(MissingGradError, match=re.escape("y.grad = np.ones_like(y.data)")):
        stepper.call_backward(2)


def test_out_of_order_backward_after_the_seed_raises_and_changes_nothing():
    stepper = forward_done()
    stepper.seed()
    before = engine_state(stepper)
    with pytest.raises(MissingGradError, match=re.escape("a.grad is still None")) as info:
        stepper.call_backward(0)
    assert "a.grad = B.backward(b.grad)" in str(info.value)
    assert engine_state(stepper) == before


def test_backward_or_seed_before_forward_raises_and_changes_nothing():
    stepper = Stepper(BOOK_OPS, 0.5)
    before = engine_state(stepper)
    with pytest.raises(ForwardNotDoneError, match=re.escape("a = A(x) has not been run")):
        stepper.call_backward(0)
    with pytest.raises(ForwardNotDoneError, match=re.escape("y.grad = np.array(1.0) needs")):
        stepper.seed()
    assert engine_state(stepper) == before

    stepper.step()
    stepper.step()
    before = engine_state(stepper)
    with pytest.raises(ForwardNotDoneError) as info:
        stepper.call_backward(2)
    assert isinstance(info.value, StepError)
    assert info.value.code == "b.grad = C.backward(y.grad)"
    assert info.value.forward_code == "y = C(b)"
    with pytest.raises(ForwardNotDoneError, match=re.escape("y = C(b) has not been run")):
        stepper.seed()
    assert engine_state(stepper) == before


@pytest.mark.parametrize("index", [-1, 3])
def test_backward_of_a_function_that_does_not_exist(index):
    stepper = Stepper(BOOK_OPS, 0.5).run_to_end()
    before = engine_state(stepper)
    with pytest.raises(IndexError):
        stepper.call_backward(index)
    assert engine_state(stepper) == before


# -- calls out of the timeline's order, back, reset, restore ------------------------------


def test_seed_and_backward_by_hand_follow_the_timeline():
    stepper = forward_done()
    seed = stepper.seed()
    assert seed.code == "y.grad = np.array(1.0)" and stepper.position == 4
    assert stepper.seed() is seed and stepper.position == 4  # already made: unchanged
    record = stepper.call_backward(2)
    assert record.code == "b.grad = C.backward(y.grad)" and stepper.position == 5
    assert stepper.records[-1] is record
    stepper.call_backward(1)
    stepper.call_backward(0)
    assert stepper.done
    assert engine_state(stepper) == engine_state(Stepper(BOOK_OPS, 0.5).run_to_end())


@pytest.mark.parametrize("index", [0, 1, 2])
def test_repeating_a_made_backward_changes_nothing(index):
    stepper = Stepper(BOOK_OPS, 0.5).run_to_end()
    before = engine_state(stepper)
    made = next(
        r for r in stepper.records if r.call.kind is Kind.BACKWARD and r.call.index == index
    )
    again = stepper.call_backward(index)
    assert again.call == made.call and again.function == made.function
    for field in ("x", "gy", "gx", "derivative"):
        assert array_state(getattr(again, field)) == array_state(getattr(made, field))
    assert stepper.position == len(stepper.timeline)
    assert engine_state(stepper) == before


def test_back_restores_every_earlier_state_exactly():
    stepper = Stepper(BOOK_OPS, [0.5, -1.5, 2.0])
    states = [engine_state(stepper)]
    while stepper.step():
        states.append(engine_state(stepper))
    assert len(states) == len(stepper.timeline) + 1
    for expected in reversed(states[:-1]):
        assert stepper.back() is True
        assert engine_state(stepper) == expected
    assert stepper.back() is False
    assert engine_state(stepper) == states[0]
    stepper.run_to_end()
    assert engine_state(stepper) == states[-1]  # forward again: bitwise the same


def test_reset_returns_to_the_start():
    fresh = engine_state(Stepper(BOOK_OPS, 0.5))
    stepper = Stepper(BOOK_OPS, 0.5).run_to_end()
    assert stepper.reset() is stepper
    assert engine_state(stepper) == fresh
    assert stepper.position == 0 and stepper.chain.variables[1:] == [None] * 3
    assert stepper.chain.x.grad is None


def test_restore_rebuilds_every_position():
    stepper = Stepper(BOOK_OPS, 0.5)
    for position in range(len(stepper.timeline) + 1):
        n_forward, n_backward = stepper.n_forward, stepper.n_backward
        assert n_forward + n_backward == position
        restored = Stepper.restore(BOOK_OPS, 0.5, n_forward, n_backward)
        assert engine_state(restored) == engine_state(stepper)
        stepper.step()


@pytest.mark.parametrize(
    ("n_forward", "n_backward"),
    [(-1, 0), (4, 0), (3, 5), (3, -1), (2, 1), (0, 1)],
)
def test_restore_rejects_impossible_positions(n_forward, n_backward):
    with pytest.raises(ValueError):
        Stepper.restore(BOOK_OPS, 0.5, n_forward, n_backward)


# -- floating-point problems -------------------------------------------------------------


@pytest.fixture
def no_numpy_warning():
    """Any warning fails the test; numpy's error state must be left as it was."""
    errstate = np.geterr()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield
    assert np.geterr() == errstate


def by_code(stepper, code):
    return next(r for r in stepper.records if r.code == code)


@pytest.mark.usefixtures("no_numpy_warning")
def test_exp_overflow_is_flagged_and_inf_propagates():
    stepper = Stepper(["Exp", "Exp", "Exp"], 10.0).run_to_end()
    x, a, b, y = stepper.chain.variables
    assert np.isfinite(a.data) and a.flags == ()
    assert np.isinf(b.data) and b.flags == ("overflow",)
    assert by_code(stepper, "b = B(a)").flags == ("overflow",)
    assert np.isinf(y.data) and y.flags == ()  # exp(inf) is inf, no new problem
    # backward: B.backward computes exp(a) again and overflows; inf flows down to x.grad
    assert by_code(stepper, "a.grad = B.backward(b.grad)").flags == ("overflow",)
    assert a.grad_flags == ("overflow",)
    assert np.isinf(b.grad) and np.isinf(a.grad) and np.isinf(x.grad)
    assert by_code(stepper, "x.grad = A.backward(a.grad)").flags == ()


@pytest.mark.usefixtures("no_numpy_warning")
def test_log_of_zero_divides_and_log_of_negative_is_invalid():
    stepper = Stepper(["Log"], 0.0).run_to_end()
    x, y = stepper.chain.variables
    assert y.data == -np.inf and y.flags == ("divide",)
    assert stepper.records[0].flags == ("divide",)
    assert x.grad == np.inf and x.grad_flags == ("divide",)  # 1 / 0
    assert stepper.records[-1].flags == ("divide",)

    stepper = Stepper(["Log", "Square"], -1.0).run_to_end()
    x, a, y = stepper.chain.variables
    assert np.isnan(a.data) and a.flags == ("invalid",)
    assert np.isnan(y.data) and y.flags == ()
    assert np.isnan(a.grad) and np.isnan(x.grad)


@pytest.mark.usefixtures("no_numpy_warning")
def test_flags_for_arrays_step_by_step_and_after_back():
    stepper = Stepper(["Log", "Exp"], [0.0, -1.0, 1.0])
    record = stepper.step()
    assert set(record.flags) == {"divide", "invalid"}
    a = stepper.chain.variables[1]
    assert a.flags == record.flags
    assert np.array_equal(a.data, [-np.inf, np.nan, 0.0], equal_nan=True)
    assert stepper.step().flags == ()  # exp(-inf), exp(nan): no new problem
    stepper.back()
    stepper.back()
    assert engine_state(stepper) == engine_state(Stepper(["Log", "Exp"], [0.0, -1.0, 1.0]))
    again = stepper.step()
    assert again.flags == record.flags
    stepper.run_to_end()
    # a.grad = exp(a) = [0, nan, e]; x.grad = a.grad / x: 0 / 0 is invalid, nan / -1 is nan
    assert stepper.chain.x.grad_flags == ("invalid",)
    x_grad = stepper.chain.x.grad
    assert np.isnan(x_grad[0]) and np.isnan(x_grad[1]) and np.isfinite(x_grad[2])


@pytest.mark.usefixtures("no_numpy_warning")
def test_restore_and_repeat_flag_the_same_problems():
    stepper = Stepper(["Exp", "Exp", "Log"], [10.0, -800.0]).run_to_end()
    assert engine_state(
        Stepper.restore(["Exp", "Exp", "Log"], [10.0, -800.0], 3, 4)
    ) == engine_state(stepper)
    before = engine_state(stepper)
    again = stepper.call_backward(1)
    made = by_code(stepper, "a.grad = B.backward(b.grad)")
    # exp(a) overflows for a = exp(10); times b.grad = 1 / inf = 0 that is inf * 0: invalid
    assert again.flags == made.flags == ("overflow", "invalid")
    assert stepper.chain.variables[1].grad_flags == made.flags
    assert engine_state(stepper) == before


# -- a long chain ----------------------------------------------------------------------------


def test_ten_thousand_functions_forward_and_backward():
    ops = (["Sin", "Exp", "Log"] * 3334)[:10_000]
    x = np.array([0.5, -0.3])
    stepper = Stepper(ops, x).run_to_end()  # a recursive engine would exceed Python's limit
    assert stepper.done and len(stepper.records) == 2 * 10_000 + 1

    # the same chain in plain numpy: forward, then the product of the local derivatives
    values = [x]
    for op in ops:
        v = values[-1]
        values.append({"Sin": np.sin, "Exp": np.exp, "Log": np.log}[op](v))
    grad = np.ones_like(x)
    for op, v in zip(reversed(ops), reversed(values[:-1]), strict=True):
        grad = grad * {"Sin": np.cos(v), "Exp": np.exp(v), "Log": 1 / v}[op]
    chain = stepper.chain
    np.testing.assert_allclose(chain.y.data, values[-1], rtol=1e-12)
    np.testing.assert_allclose(chain.x.grad, grad, rtol=1e-9)
    assert np.all(chain.x.grad != 0) and np.all(np.isfinite(chain.x.grad))
    assert chain.variable_names[-2] == chain.function_names[-2].lower()
    assert stepper.reset().position == 0
