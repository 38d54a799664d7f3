"""components.format: compact text for graph labels, full precision for the table."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from components import format as fmt

BOOK_X_GRAD = 3.297442541400256  # printed by the book: print(x.grad)


# -- short ------------------------------------------------------------------------------
def test_short_none():
    assert fmt.short(None) == "None"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (BOOK_X_GRAD, "3.29744"),
        (1.2840254166877414, "1.28403"),  # exp(0.25), b in the book's chain
        (0.5, "0.5"),
        (1.0, "1"),
        (np.inf, "inf"),
        (-np.inf, "-inf"),
        (np.nan, "nan"),
        (1e300, "1e+300"),
        (-2.5e-12, "-2.5e-12"),
    ],
)
def test_short_scalar_like_numpy_at_6_digits(value, text):
    assert fmt.short(np.array(value)) == text
    assert fmt.short(np.float64(value)) == text


def test_short_scalar_agrees_with_numpys_6_significant_digit_formatter():
    for v in (BOOK_X_GRAD, 1.2840254166877414, 2.568050833375483, 1.6487212707001282):
        expected = np.format_float_positional(v, precision=6, fractional=False)
        assert fmt.short(np.array(v)) == expected


def test_short_small_array_shows_shape_and_every_value():
    assert fmt.short(np.array([0.25, 1.0, 4.0])) == "(3,) [0.25 1 4]"
    assert fmt.short(np.array([[1.0, 2.0], [3.0, 4.0]]), max_items=4) == "(2, 2) [1 2 3 4]"


def test_short_big_array_shows_a_few_values_and_an_ellipsis():
    x = np.linspace(0.25, 1, 1_000_000)
    text = fmt.short(x)
    assert text.startswith("(1000000,) [0.25 ")
    assert text.endswith(" … 1]")
    assert text.count(" ") == 4  # shape, 2 first values, ellipsis, last value
    assert len(text) < 60


@pytest.mark.parametrize("max_items", [1, 2, 3, 5])
def test_short_respects_max_items(max_items):
    text = fmt.short(np.arange(100.0), max_items=max_items)
    values = text.split("[", 1)[1].rstrip("]").split()
    numbers = [v for v in values if v != "…"]
    assert len(numbers) == max_items
    assert numbers[-1] == "99"


def test_short_without_shape():
    assert fmt.short(np.array([0.5, 1.0, -2.0]), shape=False) == "[0.5 1 -2]"
    assert fmt.short(np.array(0.5), shape=False) == "0.5"


def test_short_empty_array():
    assert fmt.short(np.zeros((0,))) == "(0,) []"


@pytest.mark.parametrize(
    "value",
    [
        np.full(10**6, -1.2345678e-300),
        np.full((1,) * 32, np.nan),
        np.full((7, 1000, 3), -np.inf),
        np.full(50, -1.7976931348623157e308),
    ],
)
def test_short_is_bounded_for_awkward_arrays(value):
    assert len(fmt.short(value)) < 60


@settings(max_examples=200, deadline=None)
@given(
    hnp.arrays(
        dtype=st.sampled_from([np.float64, np.float32, np.int64]),
        shape=hnp.array_shapes(min_dims=0, max_dims=12, min_side=0, max_side=4),
    )
)
def test_short_is_under_60_chars_for_any_array(value):
    assert len(fmt.short(value)) < 60


# -- full -------------------------------------------------------------------------------
def test_full_scalar_is_the_repr_of_the_float():
    assert fmt.full(np.array(BOOK_X_GRAD)) == "3.297442541400256"
    assert fmt.full(np.array(np.inf)) == "inf"
    assert fmt.full(None) == "None"


@pytest.mark.parametrize("value", [8, 94906267**2, -3, True])
def test_full_integer_scalar_is_printed_as_python_prints_it(value):
    assert fmt.full(np.array(value)) == str(value)  # not 8.0, nor a float's rounding


def test_full_array_keeps_every_digit():
    x = np.array([0.1, 1 / 3, BOOK_X_GRAD])
    text = fmt.full(x)
    values = [float(v) for v in text.strip("[]").split()]
    assert values == x.tolist()  # exact round trip


def test_full_long_array_is_summarised():
    text = fmt.full(np.linspace(0, 1, 1000))
    assert "..." in text
    assert len(text) < 400


# -- nonfinite --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, False),
        (np.array(1.0), False),
        (np.array(np.inf), True),
        (np.array(np.nan), True),
        (np.array([1.0, 2.0, -np.inf]), True),
        (np.array([1.0, 2.0, 3.0]), False),
        (np.zeros((0,)), False),
        (2.5, False),  # plain and numpy scalars: the fast path for a 0-d value
        (float("-inf"), True),
        (np.float64("nan"), True),
    ],
)
def test_nonfinite(value, expected):
    assert fmt.nonfinite(value) is expected
