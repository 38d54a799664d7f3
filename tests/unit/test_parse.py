"""Reading what the learner types for x (or a prediction): every bad input, one table."""

import time

import numpy as np
import pytest

from components.model.parse import (
    CACHED_CHARS,
    MAX_DEPTH,
    MAX_ELEMENTS,
    MAX_INPUT_CHARS,
    InputError,
    parse_input,
    spec_input,
)

TOO_MANY = "[" + ", ".join(["1"] * (MAX_ELEMENTS + 1)) + "]"
BAD = [  # (text, message key, message args)
    ("", "input_empty", {}),
    ("  \t ", "input_empty", {}),
    (None, "input_empty", {}),
    ("abc", "input_not_number", {}),
    ("NaN", "input_nonfinite", {}),
    ("inf", "input_nonfinite", {}),
    ("-inf", "input_nonfinite", {}),
    ("1e309", "input_nonfinite", {}),
    ("[1, -1e309]", "input_nonfinite", {}),
    ("9" * 5000, "input_nonfinite", {}),  # an integer longer than Python reads (4,300 digits)
    ("[1, " + "9" * 5000 + "]", "input_nonfinite", {}),
    ("[1, [2]]", "input_ragged", {}),
    ("[[1, 2], [3]]", "input_ragged", {}),
    ("[]", "input_empty_list", {}),
    ("[[], []]", "input_empty_list", {}),
    ('[1, "2"]', "input_not_numbers", {}),
    ("[1, 'two', None, True]", "input_not_numbers", {}),
    ("True", "input_not_number", {}),
    ("1+2j", "input_not_number", {}),
    ("{1: 2}", "input_not_number", {}),
    ("٣", "input_not_number", {}),  # Arabic-Indic digit: not read as 3
    (TOO_MANY, "input_too_many", {"count": MAX_ELEMENTS + 1, "limit": MAX_ELEMENTS}),
    ("[" * (MAX_DEPTH + 1) + "1" + "]" * (MAX_DEPTH + 1), "input_too_deep", {"limit": MAX_DEPTH}),
    ("[" * 5000 + "]" * 5000, "input_too_deep", {"limit": MAX_DEPTH}),
    (
        "9" * (MAX_INPUT_CHARS + 1),
        "input_too_long",
        {"limit": MAX_INPUT_CHARS, "length": MAX_INPUT_CHARS + 1},
    ),
    ("<script>alert(1)</script>", "input_not_number", {}),
    ("![x](http://example.invalid/x.png)", "input_not_number", {}),
    ("**bold**", "input_not_number", {}),
    ("__import__('os').system('touch {pwned}')", "input_not_number", {}),
    ("(lambda: 1)()", "input_not_number", {}),
]


@pytest.mark.parametrize(
    ("text", "key", "args"), BAD, ids=[f"{i}-{c[1]}" for i, c in enumerate(BAD)]
)
def test_bad_input_gets_its_message_fast_and_runs_nothing(text, key, args, tmp_path):
    pwned = tmp_path / "pwned"
    if isinstance(text, str):
        text = text.replace("{pwned}", str(pwned))
    start = time.process_time()
    with pytest.raises(InputError) as refused:
        parse_input(text)
    assert time.process_time() - start < 0.5
    assert (refused.value.key, refused.value.params) == (key, args)
    assert not pwned.exists()


GOOD = [  # (text, the array it means)
    ("0.5", np.array(0.5)),
    (" 2 ", np.array(2.0)),
    ("-3", np.array(-3.0)),
    ("1e308", np.array(1e308)),
    ("[0.5, 1.0, -2.0]", np.array([0.5, 1.0, -2.0])),
    ("(1, 2)", np.array([1.0, 2.0])),
    ("[[1, 2], [3, -4]]", np.array([[1.0, 2.0], [3.0, -4.0]])),
    ("０.５", np.array(0.5)),  # full-width, as a Japanese or Korean keyboard types it
    ("−１", np.array(-1.0)),  # U+2212 minus
    ("３", np.array(3.0)),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_good_input_is_a_float64_array(text, expected):
    array = parse_input(text)
    assert array.dtype == np.float64 and array.shape == expected.shape
    np.testing.assert_array_equal(array, expected)


@pytest.mark.parametrize("text", ["0.5", "[1, 2, 3]", "[[1, 2], [3, 4]]", str([0.25] * 400)])
def test_spec_input_reads_as_parse_input_and_gives_a_fresh_array_each_time(text):
    first = spec_input(text)
    np.testing.assert_array_equal(first, parse_input(text))
    assert first.dtype == np.float64 and first.flags.writeable
    first[...] = -1  # what a caller does with its array never reaches the next one
    np.testing.assert_array_equal(spec_input(text), parse_input(text))
    assert (len(text) > CACHED_CHARS) == (text.startswith("[0.25"))
