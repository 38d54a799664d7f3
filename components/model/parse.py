"""What the learner types for ``x`` (or for a prediction), read and checked value by value.

``ast.literal_eval`` reads literals only, never code; full-width digits are read as ASCII.
"""

import ast
import functools
import re
import sys
import unicodedata

import numpy as np

from autograd.program import AST_LOCK

from ..i18n import NP_

MAX_ELEMENTS = 10_000
MAX_INPUT_CHARS = 300_000
MAX_DEPTH = 8  # nesting of lists in the input
# CPython 3.11's ast is not thread-safe (python/cpython#106905): two sessions parsing at once
# can raise "SystemError: AST constructor recursion depth mismatch". One parse at a time, the
# same lock as the learner's own functions' expressions take (autograd/expression.py).
_AST_LOCK = AST_LOCK


class InputError(ValueError):
    """Input the app cannot use; ``key`` and ``args`` pick the translated message (``n``: the
    argument that is the count of a plural entry, see ``messages.Message``)."""

    def __init__(self, key, n=None, **args):
        super().__init__(key)
        self.key = key
        self.params = args
        self.n = n


def parse_input(text):
    """Parse what the learner typed for x: a number or a (nested) list of numbers.

    Uses ``ast.literal_eval`` (literals only, never ``eval``) and checks every value.
    Returns a float64 ndarray, or raises ``InputError``.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError("input_empty")
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(NP_("input_too_long"), "length", limit=MAX_INPUT_CHARS, length=len(text))
    # Full-width digits and signs, as a Japanese or Korean keyboard may type them: 0.5 -> 0.5
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise InputError("input_nonfinite")
    depth = _nesting(text)
    if depth > MAX_DEPTH:
        raise InputError("input_too_deep", limit=MAX_DEPTH)
    try:
        with _AST_LOCK:
            value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        if _HUGE_INTEGER.search(text):  # Python refuses to read it; as a float it is inf
            raise InputError("input_nonfinite") from None
        raise InputError("input_not_number") from None
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, list):
        count = _count_numbers(value)
        if count == 0:
            raise InputError("input_empty_list")
        if count > MAX_ELEMENTS:
            raise InputError(NP_("input_too_many"), "count", limit=MAX_ELEMENTS, count=count)
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError("input_not_number")
    try:
        array = np.array(value, dtype=np.float64)
    except OverflowError:
        raise InputError("input_nonfinite") from None
    except ValueError:
        raise InputError("input_ragged") from None
    if not np.isfinite(array).all():
        raise InputError("input_nonfinite")
    return array


CACHED_CHARS = 1_000  # a spec's x up to this long is read once (a key press reads it twice)


@functools.lru_cache(maxsize=64)
def _read_once(text):
    array = parse_input(text)
    array.flags.writeable = False
    return array


def spec_input(text):
    """The spec's x (checked when it was typed) as a fresh array, read once for short texts."""
    if len(text) > CACHED_CHARS:
        return parse_input(text)
    return _read_once(text).copy()


# An integer literal longer than Python will read (sys.get_int_max_str_digits(): 4,300
# digits) is far beyond the largest float, 1.8e308: it gets the message 1e309 gets.
_DIGITS = max(sys.get_int_max_str_digits(), 2)
_HUGE_INTEGER = re.compile(rf"(?<![.\d])[1-9]\d{{{_DIGITS - 1},}}(?![.\deEjJ])")


def _nesting(text):
    depth = deepest = 0
    for char in text:
        if char in "[(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "])":
            depth -= 1
    return deepest


def _count_numbers(value):
    """Count the numbers in nested lists; raise InputError for anything that is not one."""
    count, stack = 0, [value]
    while stack:
        for item in stack.pop():
            if isinstance(item, (list, tuple)):
                stack.append(item)
            elif isinstance(item, bool) or not isinstance(item, (int, float)):
                raise InputError("input_not_numbers")
            else:
                count += 1
    return count
