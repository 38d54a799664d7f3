"""Properties of the engine on random chains (hypothesis).

A chain is 1-8 registry functions on a scalar or a small array. The functions are drawn one
at a time, each only if it keeps every value finite and well conditioned for the input
range (see ``image``), so the gradient check never divides by tiny numbers or overflows.
"""

import math

import numpy as np
import pytest
from harness import engine_state
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from autograd import REGISTRY, Stepper, Variable, numerical_diff

# The inputs are drawn from [-2, 2]. Their range is widened by PAD (much more than
# numerical_diff's eps = 1e-4), and pushed through each function as an interval, so every
# value the engine or numerical_diff computes lies inside the tracked interval.
X_MIN, X_MAX, PAD = -2.0, 2.0, 1e-3


def image(op, lo, hi):
    """The values ``op`` takes on [lo, hi] (an enclosing interval), or None if not allowed.

    Square only on |x| <= 2 and Exp only on x <= 1.5: every value stays below e**1.5 = 4.5
    (no overflow, however the functions are chained). Log only on x >= 0.5: far from 0,
    where log and its derivative 1 / x blow up, and never on a negative number. Sin, Cos,
    Tanh and Sigmoid are bounded, so always allowed.
    """
    if op == "Square":
        if max(-lo, hi) > 2:
            return None
        return (0.0 if lo <= 0 <= hi else min(lo * lo, hi * hi)), max(lo * lo, hi * hi)
    if op == "Exp":
        return None if hi > 1.5 else (math.exp(lo), math.exp(hi))
    if op == "Log":
        return None if lo < 0.5 else (math.log(lo), math.log(hi))
    if op == "Sin":  # increasing on [-pi/2, pi/2]
        inside = lo >= -math.pi / 2 and hi <= math.pi / 2
        return (math.sin(lo), math.sin(hi)) if inside else (-1.0, 1.0)
    if op == "Cos":  # decreasing on [0, pi], even
        if lo >= 0 and hi <= math.pi:
            return math.cos(hi), math.cos(lo)
        if lo >= -math.pi and hi <= 0:
            return math.cos(lo), math.cos(hi)
        if lo >= -math.pi and hi <= math.pi:
            return min(math.cos(lo), math.cos(hi)), 1.0
        return -1.0, 1.0
    if op == "Tanh":  # increasing
        return math.tanh(lo), math.tanh(hi)
    if op == "Sigmoid":  # increasing
        return 1 / (1 + math.exp(-lo)), 1 / (1 + math.exp(-hi))
    raise AssertionError(f"no interval rule for {op}: add one with the function")


def test_every_registry_function_has_an_interval_rule():
    for op in REGISTRY:
        image(op, 0.6, 0.7)


@st.composite
def chains(draw, max_functions=8):
    shape = draw(st.one_of(st.just(()), array_shapes(min_dims=1, max_dims=2, max_side=3)))
    x = draw(arrays(np.float64, shape, elements=st.floats(X_MIN, X_MAX)))
    lo, hi = float(np.min(x)) - PAD, float(np.max(x)) + PAD
    ops = []
    for _ in range(draw(st.integers(1, max_functions))):
        allowed = [op for op in REGISTRY if image(op, lo, hi) is not None]
        op = draw(st.sampled_from(allowed))
        lo, hi = image(op, lo, hi)
        ops.append(op)
    return tuple(ops), x


# Central differences: (f(x + eps) - f(x - eps)) / 2 eps = f'(x) + eps**2 / 6 * f'''(x) + ...
# plus rounding of about 1e-16 * |f| / eps. With eps = 1e-4 the truncation error is about
# 1e-8 * |f'''| / 6, and f''' grows through the chain: the chain rule multiplies the local
# derivatives (up to 2 * 2 for Square, e**1.5 for Exp, 2 for Log in the allowed ranges) and
# the third derivative of x**16 (four Squares) or of exp(exp(x)) is hundreds of times f'.
# Rounding stays below 1e-16 * 4.5 / 1e-4 * 8 functions, about 4e-11. Measured on 40,000
# random chains of this generator: the largest |analytic - numerical| / (|analytic| + 1)
# was 5e-6. So: |analytic - numerical| <= 1e-4 * (|analytic| + 1), 20 times that, while a
# wrong derivative (a lost factor, a wrong sign, the wrong input) is off by order 1.
RTOL = ATOL = 1e-4


@pytest.mark.filterwarnings("error")  # a numpy warning would mean the range is not safe
@settings(max_examples=200, deadline=None)
@given(chains())
def test_backprop_agrees_with_numerical_diff(case):
    ops, x = case
    stepper = Stepper(ops, x).run_to_end()
    chain = stepper.chain
    analytic = chain.x.grad
    # Chain.__call__ runs fresh functions; the functions are elementwise, so the central
    # difference of each element is that element's derivative, as x.grad is with seed ones.
    numerical = numerical_diff(chain, Variable(x))
    assert analytic.shape == x.shape
    assert np.all(np.isfinite(analytic)) and np.all(np.isfinite(numerical))
    for v in chain.variables:
        assert v.flags == () and v.grad_flags == ()
    np.testing.assert_allclose(analytic, numerical, rtol=RTOL, atol=ATOL)


@settings(max_examples=100, deadline=None)
@given(chains(), st.data())
def test_stepping_back_then_forward_again_is_bitwise_identical(case, data):
    ops, x = case
    stepper = Stepper(ops, x)
    states = [engine_state(stepper)]
    while stepper.step():
        states.append(engine_state(stepper))
    # a random walk over the timeline: each move is back() or step()
    moves = data.draw(st.lists(st.booleans(), min_size=1, max_size=4 * len(states)))
    for forward in moves:
        position = stepper.position
        moved = stepper.step() is not None if forward else stepper.back()
        assert moved == (position < len(states) - 1 if forward else position > 0)
        assert engine_state(stepper) == states[stepper.position]
    stepper.run_to_end()
    assert engine_state(stepper) == states[-1]


@settings(max_examples=100, deadline=None)
@given(chains())
def test_restore_equals_the_stepped_state_at_every_position(case):
    ops, x = case
    stepper = Stepper(ops, x)
    n = len(ops)
    for position in range(2 * n + 2):
        n_forward, n_backward = min(position, n), max(0, position - n)
        assert (stepper.n_forward, stepper.n_backward) == (n_forward, n_backward)
        assert engine_state(Stepper.restore(ops, x, n_forward, n_backward)) == engine_state(stepper)
        stepper.step()
    assert stepper.done
