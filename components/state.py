"""The app's whole state, a tiny serializable ``Spec``, and the one function that changes it.

Everything on screen is recomputed from a ``Spec``: the chain (``ops``), the input as the
learner typed it (``x``), how many calls of the timeline were made (``step``: forward calls
first, then the seed, then the backward calls) and the display options. The same spec goes
into the URL (``url.py``), so a link reproduces the screen.

A user action is a small frozen value (``Step(1)``, ``SetInput("0.5")``, ``AddOp("Exp")``);
``apply(spec, action)`` returns the new spec and what the app has to say about it, as
``Message`` values. Every rule lives here, purely: what is refused and why, when the steps
reset, how a prediction is scored.
"""

from dataclasses import dataclass, replace

import numpy as np

import autograd
from autograd import (
    REGISTRY,
    BackwardStepper,
    EventKind,
    ForwardNotDoneError,
    Kind,
    MissingGradError,
    Stepper,
    lesson_length,
)

from . import userfn
from .format import short
from .graph import VIEWS
from .graph_frames import chain_key
from .i18n import LANGS
from .messages import Message, clip
from .parse import InputError, parse_input, spec_input

MAX_FUNCTIONS = 32
PREDICT_RTOL = 1e-3  # predict mode: how close a guess must be
OPTIONS = ("projector", "predict")  # on/off switches kept in the URL as name=1
# The book's step: 06 the manual calls; 07 and 08 y.backward() making them (recursion, loop)
BOOKS = ("06", *autograd.BOOKS)

PRESETS = {
    "book": (("Square", "Exp", "Square"), "0.5"),
    "exp_square_exp": (("Exp", "Square", "Exp"), "0.5"),
    "vector": (("Square", "Exp", "Square"), "[0.5, 1.0, -2.0]"),
    "overflow": (("Exp", "Exp", "Sin"), "10"),
}
# Exercises: a Function of the learner's own, forward filled in, backward left to write.
# They keep the chain and x; the check says when the backward is right.
EXERCISES = {
    "write_cube": ("Cube", "x ** 3"),
    "write_sin": ("MySin", "np.sin(x)"),
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
    # the learner's own functions: (name, forward, backward) texts; backward "" = not written
    defs: tuple = ()
    book: str = BOOKS[0]  # "06", "07" or "08"

    @property
    def total(self):
        """The length of the timeline: n forward calls, the seed, then n backward calls (06)
        or the lines ``y.backward()`` runs (07, 08)."""
        if not self.ops:
            return 0
        if self.book == "06":
            return 2 * len(self.ops) + 1
        return lesson_length(len(self.ops), self.book)


def build_stepper(spec):
    """The engine's state at ``spec.step``: replayed from the spec alone (None if no chain).

    A ``Stepper`` for step 06; for 07 and 08 a ``BackwardStepper``, the same calls made by
    ``y.backward()`` one line at a time."""
    if not spec.ops:
        return None
    step = min(spec.step, spec.total)
    x = spec_input(spec.x)
    user = userfn.registry(spec.defs)
    if spec.book != "06":
        return BackwardStepper.restore(spec.ops, x, spec.book, step, user)
    n = len(spec.ops)
    return Stepper.restore(spec.ops, x, min(step, n), max(0, step - n), user)


def drawn_steps(spec, ready=True):
    """The positions whose panels the page draws at once, each in a place of its own that the
    browser shows when its graph is at that position (so a call the graph makes needs no panel
    from the server): every position of the timeline; only ``spec.step`` before the graph is
    on screen (``ready``: drawn first, the other positions would hold the graph back) and in
    predict mode (its form asks about one call)."""
    step = min(spec.step, spec.total)
    if spec.predict or not ready:
        return (step,)
    return tuple(range(spec.total + 1))


def walk(spec, steps):
    """``(position, stepper)`` for each of ``steps`` (ascending): ONE stepper, stepped forward
    (the same state ``build_stepper`` replays for that position; read it before the next)."""
    stepper = build_stepper(replace(spec, step=0))
    for step in sorted(steps):
        while stepper.position < step:
            stepper.step()
        yield step, stepper


def at_start(spec):
    """The spec apart from its position (and predict mode's score): what the page's panels
    are drawn from."""
    return replace(spec, step=0, score=(0, 0))


def panels_cover(drawn, spec):
    """Whether the panels drawn as ``drawn`` (``(at_start(spec), steps)``) hold ``spec``'s
    position: the same lesson, and a position among those drawn."""
    if drawn is None:
        return False
    start, steps = drawn
    return start == at_start(spec) and min(spec.step, spec.total) in steps


# -- what a user can do ---------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    offset: int  # +1: the next call; -1: one back


@dataclass(frozen=True)
class GoTo:
    step: int  # 0: the start; spec.total: the end


@dataclass(frozen=True)
class GraphAt:
    """The graph element's position once a burst of presses has ended (it steps itself)."""

    step: int
    chain: str  # graph_frames.chain_key of the chain it stepped: a stale one is ignored


@dataclass(frozen=True)
class Animate:
    on: bool


@dataclass(frozen=True)
class ManualCall:
    kind: Kind  # Kind.SEED or Kind.BACKWARD
    index: int  # the function whose backward is called (the seed: the number of functions)


@dataclass(frozen=True)
class Predict:
    text: str  # the learner's guess of the grad the next call computes


@dataclass(frozen=True)
class SetInput:
    text: str


@dataclass(frozen=True)
class Toggle:
    option: str  # one of OPTIONS
    on: bool


@dataclass(frozen=True)
class SetLang:
    lang: str


@dataclass(frozen=True)
class SetView:
    view: str


@dataclass(frozen=True)
class SetBook:
    book: str  # one of BOOKS


# Actions that only change how the page is said: what was said stays up (in the new language)
# and the fields keep what is typed in them.
RESTATES = (SetLang,)


@dataclass(frozen=True)
class AddOp:
    op: str


@dataclass(frozen=True)
class MoveOp:
    index: int
    offset: int  # -1: up, +1: down


@dataclass(frozen=True)
class RemoveOp:
    index: int


@dataclass(frozen=True)
class Preset:
    name: str


@dataclass(frozen=True)
class Clear:
    pass


@dataclass(frozen=True)
class Define:
    """Write function ``index`` of the learner's (``len(spec.defs)``: a new one)."""

    index: int
    name: str
    forward: str
    backward: str


@dataclass(frozen=True)
class Undefine:
    index: int


def apply(spec, action):
    """The spec after ``action``, and the messages it calls for: ``(spec, (Message, ...))``."""
    match action:
        case Step(offset):
            return _go(spec, spec.step + offset), ()
        case GoTo(step):
            return _go(spec, step), ()
        case GraphAt(step, chain):
            return _graph_at(spec, step, chain), ()
        case Animate(on):
            return replace(spec, anim=bool(on)), ()
        case ManualCall(kind, index):
            return _manual(spec, kind, index)
        case Predict(text):
            return _predict(spec, text)
        case SetInput(text):
            try:
                parse_input(text)
            except InputError as error:
                return spec, (Message("error", error.key, error.params, "input"),)
            return _rebuild(spec, replace(spec, x=text.strip()))
        case Toggle(option, on) if option in OPTIONS:
            if getattr(spec, option) == bool(on):
                return spec, ()
            return replace(spec, **{option: bool(on)}, score=(0, 0)), ()
        case SetLang(lang) if lang in LANGS:
            return replace(spec, lang=lang), ()
        case SetView(view) if view in VIEWS:
            return replace(spec, view=view), ()
        case SetBook(book) if book in BOOKS and book != spec.book:
            return _switch_book(spec, book), ()
        case AddOp(op) if op in REGISTRY or op in _names(spec):
            if op not in REGISTRY and op not in userfn.registry(spec.defs):
                args = {"name": clip(op)}
                return spec, (Message("warning", "write_unfinished", args),)
            if len(spec.ops) >= MAX_FUNCTIONS:
                return spec, (Message("warning", "limit_reached", {"limit": MAX_FUNCTIONS}),)
            return _rebuild(spec, replace(spec, ops=spec.ops + (op,)))
        case MoveOp(index, offset) if _inside(spec, index) and _inside(spec, index + offset):
            ops = list(spec.ops)
            ops[index], ops[index + offset] = ops[index + offset], ops[index]
            return _rebuild(spec, replace(spec, ops=tuple(ops)))
        case RemoveOp(index) if _inside(spec, index):
            return _rebuild(spec, replace(spec, ops=spec.ops[:index] + spec.ops[index + 1 :]))
        case Preset(name) if name in PRESETS:
            ops, x = PRESETS[name]
            loaded = Message("success", "preset_loaded", {"name": Message("", f"preset_{name}")})
            return _go(replace(spec, ops=ops, x=x), 0), (loaded,)
        case Preset(name) if name in EXERCISES:
            return _exercise(spec, name)
        case Clear():
            return _rebuild(spec, replace(spec, ops=()))
        case Define(index, name, forward, backward) if 0 <= index <= len(spec.defs):
            return _define(spec, index, (name, forward, backward))
        case Undefine(index) if 0 <= index < len(spec.defs):
            return _undefine(spec, index)
    return spec, ()  # nothing a widget can send: a stale or unknown value changes nothing


def _inside(spec, index):
    return 0 <= index < len(spec.ops)


# -- the learner's functions ----------------------------------------------------------------
def _names(spec):
    return [name for name, _, _ in spec.defs]


def reason(error):
    """A ``DefinitionError`` as a translated sentence; what came from the user stays inert."""
    args = {
        name: value if name == "allowed" or not isinstance(value, str) else clip(value)
        for name, value in error.params.items()
    }
    return Message("", error.key, args)


def _define(spec, index, definition):
    """Check and store a definition; a refused one changes nothing (the form keeps its text).

    A renamed function is renamed in the chain too; a function in the chain keeps its place
    and the lesson its step (the same calls, with the new backward).
    """
    where = f"def{index}"
    new = index == len(spec.defs)
    if new and len(spec.defs) >= userfn.MAX_DEFS:
        return spec, (Message("warning", "write_limit", {"limit": userfn.MAX_DEFS}, where),)
    others = [name for i, name in enumerate(_names(spec)) if i != index]
    try:
        checked = userfn.read(definition, others)
    except userfn.DefinitionError as error:
        field = Message("", f"field_{error.field}")
        args = {"field": field, "reason": reason(error)}
        return spec, (Message("error", "write_field_error", args, where),)
    old_name = None if new else spec.defs[index][0]
    used = old_name in spec.ops
    if used and not checked.complete:
        args = {"name": clip(old_name)}
        return spec, (Message("error", "def_backward_needed", args, where),)
    stored = (checked.name, definition[1].strip(), definition[2].strip())
    defs = spec.defs[:index] + (stored,) + spec.defs[index + 1 :]
    ops = tuple(checked.name if op == old_name else op for op in spec.ops)
    said = Message("success", "def_saved" if new else "def_updated", {"name": checked.name}, where)
    return replace(spec, defs=defs, ops=ops), (said,)


def _undefine(spec, index):
    name = spec.defs[index][0]
    defs = spec.defs[:index] + spec.defs[index + 1 :]
    count = spec.ops.count(name)
    if not count:  # said at the top of the panel ("write"): the form itself is gone
        said = Message("success", "def_deleted", {"name": name}, "write")
        return replace(spec, defs=defs), (said,)
    rebuilt, notes = _rebuild(spec, replace(spec, ops=tuple(op for op in spec.ops if op != name)))
    said = Message("success", "def_deleted_chain", {"name": name, "count": count}, "write")
    return replace(rebuilt, defs=defs), (said, *notes)


def _exercise(spec, name):
    """An exercise preset: its function, backward empty, replaces one of the same name (and
    leaves the chain if it was in it); the chain and x stay."""
    function, forward = EXERCISES[name]
    names = _names(spec)
    if function not in names and len(names) >= userfn.MAX_DEFS:
        return spec, (Message("warning", "write_limit", {"limit": userfn.MAX_DEFS}),)
    defs = tuple(d for d in spec.defs if d[0] != function) + ((function, forward, ""),)
    notes = ()
    if function in spec.ops:
        ops = tuple(op for op in spec.ops if op != function)
        spec, notes = _rebuild(spec, replace(spec, ops=ops))
    loaded = Message("success", "exercise_loaded", {"function": function})
    return replace(spec, defs=defs), (loaded, *notes)


def _go(spec, step):
    step = max(0, min(step, spec.total))
    return replace(spec, step=step, score=spec.score if step else (0, 0))


def _graph_at(spec, step, chain):
    """Follow the graph, within the rules of the buttons: a position of another chain (a
    report that crossed a change of chain or input) or out of range changes nothing, and in
    predict mode the graph only runs forward through the forward calls (the form reveals the
    seed and each backward call)."""
    if type(step) is not int or not spec.ops or not 0 <= step <= spec.total:
        return spec
    try:
        if chain != chain_key(spec.ops, spec_input(spec.x), spec.defs, spec.book):
            return spec
    except InputError:
        return spec
    if spec.predict and step > spec.step:
        step = max(spec.step, min(step, len(spec.ops)))
    return _go(spec, step)


def _rebuild(old, new):
    """A new chain or input starts the lesson again (and says so if calls were made)."""
    if (new.ops, new.x) == (old.ops, old.x):
        return old, ()
    note = (Message("info", "steps_reset"),) if old.step else ()
    return _go(new, 0), note


def _switch_book(spec, book):
    """Another book step, with the calls made so far kept: the forward calls and the seed are
    the same in every step, and k backward calls made by hand (06) are the first k that
    ``y.backward()`` makes (07, 08), up to the line that makes the k-th."""
    engine = build_stepper(spec)
    new = replace(spec, book=book)
    if engine is None or engine.done:
        return replace(new, step=new.total if engine else 0)
    made = len(engine.records)  # step-06 calls: forward, the seed, backward
    if book == "06":
        return replace(new, step=made)
    calls = len(spec.ops) + 1
    if made <= calls:
        return replace(new, step=made)
    grads = made - calls
    lesson = BackwardStepper(spec.ops, spec_input(spec.x), book, userfn.registry(spec.defs))
    kinds = [event.kind for event in lesson.events]
    k = [i for i, kind in enumerate(kinds) if kind is EventKind.GRAD][grads - 1]
    return replace(new, step=calls + k + 1)


def _manual(spec, kind, index):
    """The learner makes one call of their choice: the seed or a function's backward (06
    only: in 07 and 08 ``y.backward()`` makes them)."""
    engine = build_stepper(spec)
    if engine is None or spec.book != "06":
        return spec, ()
    before = engine.position
    try:
        record = engine.seed() if kind is Kind.SEED else engine.call_backward(index)
    except MissingGradError as error:
        key = "err_missing_seed" if error.seed else "err_missing_grad"
        call = f"{error.function}.backward({error.needed}.grad)"
        args = {"call": call, "needed": error.needed, "producer": error.producer}
        return spec, (Message("warning", key, args),)
    except ForwardNotDoneError as error:
        args = {"code": error.code, "forward": error.forward_code}
        return spec, (Message("warning", "err_forward_first", args),)
    except IndexError:
        return spec, ()
    if engine.position == before:  # made already: the same numbers again, nothing changes
        value = f"{record.call.target} = {short(record.gx)}"
        return spec, (Message("info", "repeat_call", {"code": record.code, "value": value}),)
    return _go(spec, engine.position), ()


def _predict(spec, text):
    """Score the guess of the grad the next call computes, then reveal the call.

    Within a relative 1e-3 is right. Text that is not a usable number, or an array of another
    shape, is refused (nothing changes); a guess is asked only before the seed and the
    backward calls.
    """
    engine = build_stepper(spec)
    call = None if engine is None else engine.next_call
    if call is None or call.kind is Kind.FORWARD or not spec.predict:
        return spec, ()
    truth = engine.step().gx
    try:
        typed = parse_input(text)
        guess = np.broadcast_to(typed, truth.shape)
    except InputError as error:
        return spec, (Message("error", error.key, error.params, "predict"),)
    except ValueError:
        args = {"shape": str(truth.shape)}
        return spec, (Message("error", "predict_shape", args, "predict"),)
    with np.errstate(all="ignore"):
        close = np.isclose(guess, truth, rtol=PREDICT_RTOL, atol=0.0) | (guess == truth)
    right = bool(np.all(close))
    args = {"target": call.target, "value": short(truth)}
    if right:
        verdict = Message("success", "predict_right", args, "predict")
    else:
        verdict = Message("error", "predict_wrong", {**args, "guess": short(typed)}, "predict")
    right_count, asked = spec.score
    new = replace(spec, step=spec.step + 1, score=(right_count + right, asked + 1))
    return new, (verdict,)
