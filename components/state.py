"""The app's whole state: a tiny, serializable spec, and pure functions on it.

Everything on screen is recomputed from a ``Spec``: the chain (``ops``), the input as the
learner typed it (``x``), how many calls of the timeline were made (``step``: forward calls
first, then the seed, then the backward calls) and the display options. The same spec goes
into the URL, so a link reproduces the screen.
"""

import ast
import re
import sys
import threading
import unicodedata
from dataclasses import dataclass, replace

import numpy as np

from autograd import REGISTRY, Stepper

MAX_FUNCTIONS = 32
MAX_ELEMENTS = 10_000
MAX_INPUT_CHARS = 300_000
MAX_DEPTH = 8  # nesting of lists in the input
# CPython 3.11's ast is not thread-safe (python/cpython#106905): two sessions parsing at once
# can raise "SystemError: AST constructor recursion depth mismatch". One parse at a time.
_AST_LOCK = threading.Lock()
PREDICT_RTOL = 1e-3  # predict mode: how close a guess must be
LANGS = ("ko", "en", "ja")
VIEWS = ("stacked", "code", "forward")
OPTIONS = ("projector", "predict")  # on/off switches kept in the URL as name=1

PRESETS = {
    "book": (("Square", "Exp", "Square"), "0.5"),
    "exp_square_exp": (("Exp", "Square", "Exp"), "0.5"),
    "vector": (("Square", "Exp", "Square"), "[0.5, 1.0, -2.0]"),
    "overflow": (("Exp", "Exp", "Sin"), "10"),
}


@dataclass(frozen=True)
class Spec:
    ops: tuple = PRESETS["book"][0]
    x: str = PRESETS["book"][1]
    step: int = 0
    view: str = VIEWS[0]
    lang: str = "en"
    projector: bool = False  # big fonts for a classroom projector
    predict: bool = False  # predict each grad before the call reveals it
    anim: bool = True  # each call animates on the graph (anim=0 in the URL: still)
    score: tuple = (0, 0)  # predict mode: (right, asked) in this run; not put in the URL

    @property
    def total(self):
        """The number of calls in the timeline: n forward, the seed, n backward."""
        return 2 * len(self.ops) + 1 if self.ops else 0


class InputError(ValueError):
    """Input the app cannot use; ``key`` and ``args`` pick the translated message."""

    def __init__(self, key, **args):
        super().__init__(key)
        self.key = key
        self.params = args


# -- the input x --------------------------------------------------------------------------
def parse_input(text):
    """Parse what the learner typed for x: a number or a (nested) list of numbers.

    Uses ``ast.literal_eval`` (literals only, never ``eval``) and checks every value.
    Returns a float64 ndarray, or raises ``InputError``.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError("input_empty")
    if len(text) > MAX_INPUT_CHARS:
        raise InputError("input_too_long", limit=MAX_INPUT_CHARS, length=len(text))
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
            raise InputError("input_too_many", limit=MAX_ELEMENTS, count=count)
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


# -- what is on screen, from the spec -------------------------------------------------------
def build_stepper(spec):
    """The engine's state at ``spec.step``: replayed from the spec alone (None if no chain)."""
    if not spec.ops:
        return None
    n = len(spec.ops)
    step = min(spec.step, spec.total)
    return Stepper.restore(spec.ops, parse_input(spec.x), min(step, n), max(0, step - n))


# -- changes (each returns a new spec) ------------------------------------------------------
def add_op(spec, op):
    if op not in REGISTRY or len(spec.ops) >= MAX_FUNCTIONS:
        return spec
    return replace(spec, ops=spec.ops + (op,), step=0)


def remove_op(spec, index):
    ops = spec.ops[:index] + spec.ops[index + 1 :]
    return replace(spec, ops=ops, step=0)


def move_op(spec, index, offset):
    target = index + offset
    if not (0 <= index < len(spec.ops) and 0 <= target < len(spec.ops)):
        return spec
    ops = list(spec.ops)
    ops[index], ops[target] = ops[target], ops[index]
    return replace(spec, ops=tuple(ops), step=0)


def clear_ops(spec):
    return replace(spec, ops=(), step=0)


def load_preset(spec, name):
    ops, x = PRESETS[name]
    return replace(spec, ops=ops, x=x, step=0)


def set_input(spec, text):
    """Use ``text`` as x (raises InputError and keeps the spec if it is not usable)."""
    parse_input(text)
    return replace(spec, x=text.strip(), step=0)


def go(spec, step):
    step = max(0, min(step, spec.total))
    return replace(spec, step=step, score=spec.score if step else (0, 0))


def toggle(spec, option):
    """Switch ``projector`` or ``predict`` on or off (a new prediction run starts at 0)."""
    return replace(spec, **{option: not getattr(spec, option)}, score=(0, 0))


def check_prediction(spec, text, truth):
    """Score a prediction ``text`` of the grad ``truth`` (relative tolerance 1e-3).

    Returns ``(right, new spec)``: the spec is one step further (the call is revealed) and its
    score counts the guess. Raises ``InputError`` for text that is not a usable number, or
    ``PredictionShapeError`` for an array of another shape.
    """
    guess = parse_input(text)
    truth = np.asarray(truth, dtype=np.float64)
    try:
        guess = np.broadcast_to(guess, truth.shape)
    except ValueError:
        raise InputError("predict_shape", shape=str(truth.shape)) from None
    with np.errstate(all="ignore"):
        right = bool(
            np.all(np.isclose(guess, truth, rtol=PREDICT_RTOL, atol=0.0) | (guess == truth))
        )
    right_count, asked = spec.score
    spec = replace(
        spec, step=min(spec.step + 1, spec.total), score=(right_count + right, asked + 1)
    )
    return right, spec


# -- the URL ---------------------------------------------------------------------------------
def to_query(spec):
    """The query parameters that reproduce ``spec`` (options only when they are on)."""
    query = {
        "f": ",".join(spec.ops),
        "x": spec.x,
        "step": str(spec.step),
        "view": spec.view,
        "lang": spec.lang,
    }
    for option in OPTIONS:
        if getattr(spec, option):
            query[option] = "1"
    if not spec.anim:
        query["anim"] = "0"
    return query


def from_query(params, lang):
    """Read a spec from query parameters, falling back to defaults for anything wrong.

    ``params`` maps names to strings (a list means the parameter was repeated: the last
    value wins). ``lang`` is the language to use when the URL names none. Returns the spec
    and a list of ``(message key, args)`` warnings, one for each value that was not usable.
    """
    default = Spec(lang=lang)
    warnings = []

    def get(name):
        value = params.get(name)
        if isinstance(value, (list, tuple)):
            value = value[-1] if value else None
        return value

    lang_value = get("lang")
    if lang_value is not None and lang_value not in LANGS:
        warnings.append(("url_bad_lang", {"value": _clip(lang_value)}))
        lang_value = None
    spec = replace(default, lang=lang_value or lang)

    ops_value = get("f")
    if ops_value is not None:
        ops = tuple(op.strip() for op in ops_value.split(",")) if ops_value.strip() else ()
        unknown = [op for op in ops if op not in REGISTRY]
        if len(ops) > MAX_FUNCTIONS:
            warnings.append(("url_too_many", {"count": len(ops), "limit": MAX_FUNCTIONS}))
        elif unknown:
            warnings.append(("url_unknown_function", {"name": _clip(unknown[0])}))
        else:
            spec = replace(spec, ops=ops)

    x_value = get("x")
    if x_value is not None:
        try:
            spec = set_input(spec, x_value)
        except InputError as error:
            warnings.append(("url_bad_input", {"reason": (error.key, error.params)}))

    view_value = get("view")
    if view_value is not None:
        if view_value in VIEWS:
            spec = replace(spec, view=view_value)
        else:
            warnings.append(("url_bad_view", {"value": _clip(view_value)}))

    for option in (*OPTIONS, "anim"):
        value = get(option)
        if value is None:
            continue
        if value in ("0", "1"):
            spec = replace(spec, **{option: value == "1"})
        else:
            warnings.append(("url_bad_option", {"name": option, "value": _clip(value)}))

    step_value = get("step")
    if step_value is not None:
        text = step_value.strip()
        # a length check first: int() refuses more than 4,300 digits with a ValueError
        if text.isascii() and text.isdigit() and len(text) <= 9 and int(text) <= spec.total:
            spec = replace(spec, step=int(text))
        else:
            warnings.append(("url_bad_step", {"value": _clip(step_value), "total": spec.total}))
    return spec, warnings


def _clip(text, limit=40):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"
