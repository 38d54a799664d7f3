"""The app's whole state, a tiny serializable ``Spec``, and the one function that changes it.

Everything on screen is computed from a ``Spec``: the learner's program (text, as the book
writes it), the book step whose code runs it, the position in its lesson (how many of the
lesson's items have run), the learner's own functions, and the display options. The same spec
goes into the URL (``url.py``), so a link reproduces the screen.

A user action is a small frozen value (``Step(1)``, ``SetProgram(text)``, ``AddOp("Exp")``);
``apply(spec, action)`` returns the new spec and what the app has to say about it, as
``Message`` values. Every rule lives here, purely: what is refused and why, when the lesson
starts again, how a prediction is scored.
"""

from dataclasses import dataclass, replace

import numpy as np

from autograd import ProgramError, steps

from ..format import short
from ..i18n import LANGS, N_, NP_
from . import lessons, programs, userfn
from .messages import Inert, Message, clip
from .parse import InputError, parse_input

BOOKS = steps.STEPS
VIEWS = ("stacked", "code", "forward")
TABS = ("check", "tangent", "export")  # the tabs under the lesson: the first one is open
OPTIONS = ("projector", "predict")  # on/off switches kept in the URL as name=1
GRAPH_OPTIONS = ("gens",)  # the same, drawn over the graph: each node's generation (step 16)
MAX_FUNCTIONS = 32  # a chain the buttons build
PREDICT_RTOL = 1e-3  # predict mode: how close a guess must be

# Chains (the sidebar's presets): functions and input, written in the current step's style.
CHAINS = {
    "book": (("Square", "Exp", "Square"), "0.5"),
    "exp_square_exp": (("Exp", "Square", "Exp"), "0.5"),
    "vector": (("Square", "Exp", "Square"), "[0.5, 1.0, -2.0]"),
    "overflow": (("Exp", "Exp", "Sin"), "10"),
}
# Programs of Stage 2: the text, and the first book step that can run it.
_ADD_TWICE = "x = Variable(np.array(3.0))\ny = add(x, x)\ny.backward()\nprint(x.grad)\n"
_BRANCH = (
    "x = Variable(np.array(2.0))\na = square(x)\ny = add(square(a), square(a))\n"
    "y.backward()\nprint(x.grad)\n"
)
_RETAIN = (
    "x0 = Variable(np.array(1.0))\nx1 = Variable(np.array(1.0))\nt = add(x0, x1)\n"
    "y = add(x0, t)\ny.backward()\nprint(y.grad, t.grad)\nprint(x0.grad, x1.grad)\n"
)
_SPHERE = (
    "def sphere(x, y):\n    z = x ** 2 + y ** 2\n    return z\n\n"
    "x = Variable(np.array(1.0))\ny = Variable(np.array(1.0))\nz = sphere(x, y)\n"
    "z.backward()\nprint(x.grad, y.grad)\n"
)
_MATYAS = (
    "def matyas(x, y):\n    z = 0.26 * (x ** 2 + y ** 2) - 0.48 * x * y\n    return z\n\n"
    "x = Variable(np.array(1.0))\ny = Variable(np.array(1.0))\nz = matyas(x, y)\n"
    "z.backward()\nprint(x.grad, y.grad)\n"
)
_GOLDSTEIN = (
    "def goldstein(x, y):\n"
    "    z = (1 + (x + y + 1)**2 * (19 - 14*x + 3*x**2 - 14*y + 6*x*y + 3*y**2)) * \\\n"
    "        (30 + (2*x - 3*y)**2 * (18 - 32*x + 12*x**2 + 48*y - 36*x*y + 27*y**2))\n"
    "    return z\n\n"
    "x = Variable(np.array(1.0))\ny = Variable(np.array(1.0))\nz = goldstein(x, y)\n"
    "z.backward()\nprint(x.grad, y.grad)\n"
)
PROGRAMS = {
    "add_twice": (_ADD_TWICE, "13"),
    "branch": (_BRANCH, "16"),
    "retain": (_RETAIN, "18"),
    "sphere": (_SPHERE, "22"),
    "matyas": (_MATYAS, "22"),
    "goldstein": (_GOLDSTEIN, "22"),
}
# A prediction's text that is not usable: its own sentence (the input_* ones name x); the
# others (too long, lists) say nothing of x and serve both.
PREDICT_ERRORS = {
    "input_empty": N_("predict_empty"),
    "input_not_number": N_("predict_not_number"),
    "input_nonfinite": N_("predict_nonfinite"),
}
# Keys chosen at run time, for the extractor: presets, the fields of a definition
_KEYS = (
    *(N_("preset_book"), N_("preset_exp_square_exp"), N_("preset_vector"), N_("preset_overflow")),
    *(N_("preset_add_twice"), N_("preset_branch"), N_("preset_retain"), N_("preset_sphere")),
    *(N_("preset_matyas"), N_("preset_goldstein"), N_("preset_write_cube")),
    *(N_("preset_write_sin"), N_("field_name"), N_("field_forward"), N_("field_backward")),
    *(N_("def_saved"), N_("def_updated"), N_("err_missing_seed"), N_("err_missing_grad")),
)
# Exercises: a Function of the learner's own, forward filled in, backward left to write.
EXERCISES = {
    "write_cube": ("Cube", "x ** 3"),
    "write_sin": ("MySin", "np.sin(x)"),
}


def book_program(book="06"):
    """The book's example chain in ``book``'s style (a new visitor's lesson in step 06)."""
    ops, x = CHAINS["book"]
    return programs.chain_program(ops, x, book)


@dataclass(frozen=True)
class Spec:
    program: str = book_program()
    book: str = BOOKS[0]  # the book step whose code runs the program
    step: int = 0  # how many items of the lesson have run
    view: str = VIEWS[0]
    lang: str = "en"
    projector: bool = False  # big fonts for a classroom projector
    predict: bool = False  # predict each grad before the line that sets it reveals it
    anim: bool = True  # each line animates on the graph (anim=0 in the URL: still)
    gens: bool = False  # each node's generation on the graph (where the step's code sets it)
    score: tuple = (0, 0)  # predict mode: (right, asked) in this run; not put in the URL
    tab: str = TABS[0]  # the tab open under the lesson
    # the learner's own functions: (name, forward, backward) texts; backward "" = not written
    defs: tuple = ()


def lesson_of(spec):
    return lessons.of(spec)


def total(spec):
    lesson = lesson_of(spec)
    return len(lesson.items) if lesson is not None else 0


def position(spec):
    """The spec's position, within its lesson."""
    return max(0, min(spec.step, total(spec)))


def chain_of(spec):
    """The chain the program is, when the sidebar's buttons wrote it (else None)."""
    return programs.read_chain(spec.program, spec.book)


# -- what a user can do ---------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    offset: int  # +1: the next line; -1: one back


@dataclass(frozen=True)
class GoTo:
    step: int  # 0: the start; the lesson's length: the end


@dataclass(frozen=True)
class GraphAt:
    """The graph element's position once a burst of presses has ended (it steps itself)."""

    step: int
    lesson: str  # lessons.key of the lesson it stepped: a stale one is ignored


@dataclass(frozen=True)
class Animate:
    on: bool


@dataclass(frozen=True)
class ManualCall:
    fn: str  # the node id of the function whose backward the learner calls


@dataclass(frozen=True)
class Predict:
    text: str  # the learner's guess of the grad the next line sets


@dataclass(frozen=True)
class Reveal:
    """Predict mode: run the line whose grad is asked without a guess (nothing scored)."""


@dataclass(frozen=True)
class SetProgram:
    text: str


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
class SetTab:
    tab: str  # one of TABS


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
            return _go(spec, position(spec) + offset), ()
        case GoTo(step):
            return _go_to(spec, step)
        case GraphAt(step, lesson):
            return _graph_at(spec, step, lesson), ()
        case Animate(on):
            return replace(spec, anim=bool(on)), ()
        case ManualCall(fn):
            return _manual(spec, fn)
        case Predict(text):
            return _predict(spec, text)
        case Reveal():
            if predicted_change(spec) is None:
                return spec, ()
            return replace(spec, step=position(spec) + 1), ()
        case SetProgram(text):
            return _set_program(spec, text)
        case SetInput(text):
            return _set_input(spec, text)
        case Toggle(option, on) if option in GRAPH_OPTIONS:
            return replace(spec, **{option: bool(on)}), ()
        case Toggle(option, on) if option in OPTIONS:
            if getattr(spec, option) == bool(on):
                return spec, ()
            return replace(spec, **{option: bool(on)}, score=(0, 0)), ()
        case SetLang(lang) if lang in LANGS:
            return replace(spec, lang=lang), ()
        case SetView(view) if view in VIEWS:
            return replace(spec, view=view), ()
        case SetTab(tab) if tab in TABS:
            return replace(spec, tab=tab), ()
        case SetBook(book) if book in BOOKS and book != spec.book:
            return _switch_book(spec, book)
        case AddOp(op):
            return _add(spec, op)
        case MoveOp(index, offset):
            return _move(spec, index, offset)
        case RemoveOp(index):
            return _edit_chain(spec, lambda ops: ops[:index] + ops[index + 1 :], index)
        case Preset(name) if name in CHAINS:
            ops, x = CHAINS[name]
            loaded = Message("success", "preset_loaded", {"name": Message("", f"preset_{name}")})
            new = replace(spec, program=programs.chain_program(ops, x, spec.book))
            return _go(new, 0), (loaded,)
        case Preset(name) if name in PROGRAMS:
            return _program_preset(spec, name)
        case Preset(name) if name in EXERCISES:
            return _exercise(spec, name)
        case Clear():
            return _edit_chain(spec, lambda ops: (), 0)
        case Define(index, name, forward, backward) if 0 <= index <= len(spec.defs):
            return _define(spec, index, (name, forward, backward))
        case Undefine(index) if 0 <= index < len(spec.defs):
            return _undefine(spec, index)
    return spec, ()  # nothing a widget can send: a stale or unknown value changes nothing


# -- moving ------------------------------------------------------------------------------------
def _go(spec, step):
    step = max(0, min(step, total(spec)))
    if spec.predict and step > spec.step:
        step = min(step, predict_stop(spec))
    return replace(spec, step=step, score=spec.score if step else (0, 0))


def _go_to(spec, step):
    """Home or End; in predict mode End says how many predictions it skips."""
    if not spec.predict or step <= spec.step:
        return _go(spec, step), ()
    end = max(0, min(step, total(spec)))
    skipped = len([p for p in prediction_points(spec) if spec.step <= p < end])
    said = (Message("info", "predict_skipped", {"count": skipped}),) if skipped else ()
    return replace(spec, step=end), said


def _graph_at(spec, step, lesson):
    """Follow the graph within the buttons' rules: a position of another lesson (a report
    that crossed a change of program) or out of range changes nothing, and in predict mode
    the graph stops before each line whose grad is to be predicted."""
    if type(step) is not int or not 0 <= step <= total(spec):
        return spec
    if lesson != lessons.key(spec.program, spec.book, spec.defs):
        return spec
    return _go(spec, step)


def prediction_points(spec):
    """The positions just before a line that sets a grad (what predict mode asks about)."""
    lesson = lesson_of(spec)
    if lesson is None:
        return []
    return [
        index
        for index, item in enumerate(lesson.items)
        if any(c.field == "grad" and c.value is not None for c in item.changes)
    ]


def predict_stop(spec):
    """How far the learner may step on their own in predict mode: up to the next line whose
    grad is to be predicted (the form reveals it)."""
    for point in prediction_points(spec):
        if point >= spec.step:
            return point
    return total(spec)


def predicted_change(spec):
    """The grad the next line sets, when the lesson waits for a prediction: a ``Change``."""
    lesson = lesson_of(spec)
    here = position(spec)
    if lesson is None or not spec.predict or here >= len(lesson.items):
        return None
    if here not in prediction_points(spec):
        return None
    item = lesson.items[here]
    return next(c for c in item.changes if c.field == "grad" and c.value is not None)


def _predict(spec, text):
    """Score the guess of the grad the next line sets, then reveal the line.

    Within a relative 1e-3 is right. Text that is not a usable number, or an array of another
    shape, is refused (nothing changes).
    """
    change = predicted_change(spec)
    if change is None:
        return spec, ()
    truth = np.asarray(change.value)
    name = lesson_of(spec).node(change.node).name
    try:
        typed = parse_input(text)
        guess = np.broadcast_to(typed, truth.shape)
    except InputError as error:
        key = PREDICT_ERRORS.get(error.key, error.key)
        return spec, (Message("error", key, error.params, "predict", error.n),)
    except ValueError:
        key = N_("predict_shape") if truth.ndim else N_("predict_shape_scalar")
        args = {"shape": str(truth.shape), "target": f"{name}.grad"}
        return spec, (Message("error", key, args, "predict"),)
    with np.errstate(all="ignore"):
        close = np.isclose(guess, truth, rtol=PREDICT_RTOL, atol=0.0) | (guess == truth)
    right = bool(np.all(close))
    args = {"target": f"{name}.grad", "value": short(truth)}
    if right:
        verdict = Message("success", "predict_right", args, "predict")
    else:
        verdict = Message("error", "predict_wrong", {**args, "guess": short(typed)}, "predict")
    right_count, asked = spec.score
    new = replace(spec, step=position(spec) + 1, score=(right_count + right, asked + 1))
    return new, (verdict,)


# -- the program ------------------------------------------------------------------------------
def _refused(error, where="program"):
    """A program that cannot be read: its translated reason, line and column."""
    args = {
        "line": error.line,
        "column": error.column,
        "reason": Message(
            "",
            error.key,
            {
                name: clip(value)
                if isinstance(value, str) and name not in ("allowed", "op")
                else value
                for name, value in error.params.items()
            },
        ),
    }
    return Message("error", "program_refused", args, where)


def _set_program(spec, text):
    if not isinstance(text, str):
        return spec, ()
    if text == spec.program:
        return spec, ()
    learned = userfn.learned(spec.defs)
    try:
        programs.check(text, spec.book, learned)
    except ProgramError as error:
        return spec, (_refused(error),)
    new = replace(spec, program=_tidy(text))
    note = (Message("info", "steps_reset"),) if spec.step else ()
    return _go(new, 0), note


def _tidy(text):
    """The program as the spec keeps it: one kind of line end, one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def _switch_book(spec, book):
    """Another book step runs the same program (a chain is rewritten in that step's style:
    ``A = Square()`` up to step 08, ``square(x)`` from step 09); the position keeps the
    calls made so far. A program the step cannot run stays with its step, and says why."""
    learned = userfn.learned(spec.defs)
    program = programs.convert(spec.program, spec.book, book) or spec.program
    try:
        programs.check(program, book, learned)
    except ProgramError as error:
        step_name = Message("", "book_step", {"step": int(book)})
        args = {
            "step": step_name,
            "reason": _refused(error).args["reason"],
            "line": error.line,
            "column": error.column,
        }
        return spec, (Message("warning", "book_refused", args),)
    new = replace(spec, book=book, program=program)
    return replace(new, step=_same_point(spec, new)), ()


def _progress(lesson, upto):
    """(forward calls, grads set) in the first ``upto`` items of ``lesson``."""
    calls = grads = 0
    for item in lesson.items[:upto]:
        calls += sum(1 for c in item.calls if c.kind == "forward")
        grads += sum(1 for c in item.changes if c.field == "grad" and c.value is not None)
    return calls, grads


def _same_point(old_spec, new_spec):
    """The position of ``new_spec``'s lesson that has made as many forward calls and set as
    many grads as ``old_spec``'s position has."""
    old, new = lesson_of(old_spec), lesson_of(new_spec)
    here = position(old_spec)
    if old is None or new is None:
        return 0
    if here >= len(old.items):
        return len(new.items)
    calls, grads = _progress(old, here)
    if not calls and not grads:
        return 0
    for upto in range(len(new.items) + 1):
        c, g = _progress(new, upto)
        if (grads and g >= grads) or (not grads and c >= calls):
            return upto
    return len(new.items)


def _set_input(spec, text):
    chain = chain_of(spec)
    if chain is None:
        return spec, (Message("warning", "input_not_chain", {}, "input"),)
    try:
        parse_input(text)
    except InputError as error:
        return spec, (Message("error", error.key, error.params, "input", error.n),)
    program = programs.chain_program(chain.ops, text.strip(), spec.book)
    new, said = _rebuild(spec, replace(spec, program=program))
    if programs.bare_list(text) and new is not spec:  # 1,2: a vector (was 1.2 meant?)
        value = Inert(f"np.array({programs.input_text(text)})")
        said = (*said, Message("info", "input_read_as_list", {"value": value}, "input"))
    return new, said


def _rebuild(old, new):
    """A new program starts the lesson again (and says so if lines had run)."""
    if new.program == old.program:
        return old, ()
    if lessons.lesson(new.program, new.book, new.defs).error is not None:
        return old, (Message("error", "program_unreadable"),)  # the lesson stays, as it was
    note = (Message("info", "steps_reset"),) if old.step else ()
    return _go(new, 0), note


def _edit_chain(spec, edit, index):
    chain = chain_of(spec)
    if chain is None:
        return spec, (Message("warning", "program_not_chain"),)
    ops = tuple(edit(chain.ops))
    if ops == chain.ops:
        return spec, ()
    return _rebuild(spec, replace(spec, program=programs.chain_program(ops, chain.x, spec.book)))


def _add(spec, op):
    learned = {entry.name: entry for entry in userfn.learned(spec.defs)}
    if op not in programs.OFFERED and op not in learned:
        return spec, ()
    if op in learned and learned[op].backward is None:
        return spec, (Message("warning", "write_unfinished", {"name": clip(op)}),)
    chain = chain_of(spec)
    if chain is not None and len(chain.ops) >= MAX_FUNCTIONS:
        return spec, (Message("warning", "limit_reached", {"limit": MAX_FUNCTIONS}),)
    return _edit_chain(spec, lambda ops: (*ops, op), 0)


def _move(spec, index, offset):
    chain = chain_of(spec)
    if chain is None:
        return spec, (Message("warning", "program_not_chain"),)
    other = index + offset
    if not (0 <= index < len(chain.ops) and 0 <= other < len(chain.ops)):
        return spec, ()

    def swap(ops):
        ops = list(ops)
        ops[index], ops[other] = ops[other], ops[index]
        return ops

    return _edit_chain(spec, swap, index)


def _program_preset(spec, name):
    text, first = PROGRAMS[name]
    book = spec.book if spec.book >= first else first
    loaded = Message("success", "preset_loaded", {"name": Message("", f"preset_{name}")})
    said = [loaded]
    if book != spec.book:
        step = Message("", "book_step", {"step": int(book)})
        said.append(Message("info", "preset_needs_book", {"step": step}))
    return _go(replace(spec, program=text, book=book), 0), tuple(said)


# -- manual calls (step 06's way) ----------------------------------------------------------------
def manual_calls(spec):
    """The backward calls the learner may write at this position, step 06's way: one per
    function of the lesson (``[(fn id, code)]``); a function whose variables the program
    has not named cannot be written (None code)."""
    lesson = lesson_of(spec)
    if lesson is None:
        return []
    calls = []
    for fn in lesson.functions:
        calls.append((fn.id, manual_code(spec, lesson, fn.id)))
    return calls


def manual_code(spec, lesson, fn_id, state=None):
    """The line(s) that call ``fn``'s backward as step 06 does: ``b.grad =
    C.backward(y.grad)``; adding to a grad already there (``a.grad = a.grad + ...``)."""
    fn = lesson.node(fn_id)
    ins = [lesson.node(e.src) for e in lesson.inputs_of(fn_id)]
    outs = [lesson.node(e.dst) for e in lesson.outputs_of(fn_id)]
    if not ins or len(outs) != 1:
        return None
    if not all(n.program for n in [*ins, *outs]):
        return None
    if fn.name != fn.cls and fn.program:
        callee = fn.name
    elif spec.book >= "07":
        callee = f"{outs[0].name}.creator"
    else:
        return None
    state = state if state is not None else lesson.state(settled(lesson, position(spec)))
    call = f"{callee}.backward({outs[0].name}.grad)"
    if len(ins) == 1:
        x = ins[0]
        if state.grad.get(x.id) is not None:
            return f"{x.name}.grad = {x.name}.grad + {call}"
        return f"{x.name}.grad = {call}"
    twice = {x.name for x in ins if ins.count(x) > 1}
    names = [f"g{x.name}{i}" if x.name in twice else f"g{x.name}" for i, x in enumerate(ins)]
    lines = [f"{', '.join(names)} = {call}"]
    has = {x.id for x in ins if state.grad.get(x.id) is not None}
    for x, g in zip(ins, names, strict=True):
        if x.id in has:
            lines.append(f"{x.name}.grad = {x.name}.grad + {g}")
        else:
            lines.append(f"{x.name}.grad = {g}")
            has.add(x.id)
    return "\n".join(lines)


def _manual(spec, fn_id):
    """The learner calls one function's backward (step 06's way), at the current position.

    The next line of the program when it is that call; else the call is written into the
    program after the current line (and the lesson goes on from there), as Python would make
    it: with the output's grad as it is now, complete or not. A call whose output has no grad
    yet is refused (Python would raise a TypeError), and nothing changes."""
    lesson = lesson_of(spec)
    if lesson is None or fn_id not in {n.id for n in lesson.functions}:
        return spec, ()
    now = position(spec)
    here = settled(lesson, now)  # inside y.backward(): the call goes after it, on its grads
    state = lesson.state(here)
    outs = [e.dst for e in lesson.outputs_of(fn_id)]
    if not outs or any(o not in state.data for o in outs):
        fn = lesson.node(fn_id)
        return spec, (Message("warning", "err_forward_first", {"fn": fn.name}, "manual"),)
    missing = [o for o in outs if state.grad.get(o) is None]
    if missing:
        out = lesson.node(missing[0])
        users = [lesson.node(e.dst).name for e in lesson.uses(out.id)]  # their backward sends it
        args = {
            "fn": lesson.node(fn_id).name,
            "needed": out.name,
            "seed": not users,
            "producer": ", ".join(dict.fromkeys(users)),
        }
        key = "err_missing_seed" if args["seed"] else "err_missing_grad"
        return spec, (Message("warning", key, args, "manual"),)
    # the next item of the program is this very call: step to it
    if here < len(lesson.items):
        nxt = lesson.items[here]
        if any(c.kind == "backward" and c.fn == fn_id for c in nxt.calls) and (
            nxt.where == "program"
        ):
            return _go(spec, here + 1), ()
    code = manual_code(spec, lesson, fn_id, state)
    if code is None:
        args = {"fn": lesson.node(fn_id).name}
        return spec, (Message("warning", "manual_unnamed", args, "manual"),)
    lines = spec.program.rstrip("\n").split("\n")
    after = _statement_end(lesson, here)
    program = "\n".join([*lines[:after], *code.split("\n"), *lines[after:]]) + "\n"
    learned = userfn.learned(spec.defs)
    try:
        programs.check(program, spec.book, learned)
    except ProgramError as error:
        return spec, (_refused(error, "manual"),)
    new = replace(spec, program=program)
    made = lesson_of(new)
    if made is None:
        return spec, ()
    first = after + 1
    end = max(
        (
            i + 1
            for i, item in enumerate(made.items)
            if item.where == "program" and first <= item.line <= after + len(code.split("\n"))
        ),
        default=here,
    )
    args = {"code": Inert(code.split("\n")[0])}
    inside = running_line(lesson, now)
    if inside is not None:  # the learner stopped inside a line: say where the call went
        args["line"] = Inert(inside)
        said = (Message("info", "manual_written_after", args, "manual"),)
    else:
        said = (Message("info", "manual_written", args, "manual"),)
    return replace(new, step=end), said


def settled(lesson, here):
    """Where the top-level statement running at position ``here`` has finished (``here``
    itself between two statements): a call written by hand goes after that statement, so it
    runs on the grads that statement leaves."""
    if here == 0 or here >= len(lesson.items):
        return here
    stmt = lesson.items[here - 1].stmt
    end = here
    while end < len(lesson.items) and lesson.items[end].stmt == stmt:
        end += 1
    return end


def running_line(lesson, here):
    """The first line of the program's statement still running at ``here`` (inside
    ``y.backward()``: "y.backward()"); None between two statements."""
    if settled(lesson, here) == here:
        return None
    first = lesson.statements[lesson.items[here - 1].stmt]
    return lesson.program.split("\n")[first - 1].strip()


def _statement_end(lesson, here):
    """The last program line of the statement that has run at position ``here`` (0: none)."""
    if here == 0:
        return 0
    stmt = lesson.items[here - 1].stmt
    starts = list(lesson.statements)
    lines = lesson.program.rstrip("\n").split("\n")
    if stmt + 1 < len(starts):
        end = starts[stmt + 1] - 1
        while end > starts[stmt] and not lines[end - 1].strip():
            end -= 1
        return end
    return len(lines)


# -- the learner's functions ------------------------------------------------------------------
def _names(spec):
    return [name for name, _, _ in spec.defs]


def reason(error):
    """A ``DefinitionError`` as a translated sentence; what came from the user stays inert."""
    args = {
        name: value if name == "allowed" or not isinstance(value, str) else clip(value)
        for name, value in error.params.items()
    }
    return Message("", error.key, args, n=error.n)


def _define(spec, index, definition):
    """Check and store a definition; a refused one changes nothing (the form keeps its text).

    A renamed function is renamed in a chain too; a chain keeps its place and the lesson its
    position (the same lines, with the new backward)."""
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
    chain = chain_of(spec)
    used = chain is not None and old_name in chain.ops
    if used and not checked.complete:
        args = {"name": clip(old_name)}
        return spec, (Message("error", "def_backward_needed", args, where),)
    stored = (checked.name, definition[1].strip(), definition[2].strip())
    defs = spec.defs[:index] + (stored,) + spec.defs[index + 1 :]
    program = spec.program
    if used:
        ops = tuple(checked.name if op == old_name else op for op in chain.ops)
        program = programs.chain_program(ops, chain.x, spec.book)
    key = N_("def_saved") if new else N_("def_updated")
    said = Message("success", key, {"name": checked.name}, where)
    result = replace(spec, defs=defs, program=program)
    if lessons.lesson(result.program, result.book, result.defs).error is not None:
        args = {"name": clip(old_name or checked.name)}
        return spec, (Message("error", "def_used_by_program", args, where),)
    return result, (said,)


def _undefine(spec, index):
    name = spec.defs[index][0]
    defs = spec.defs[:index] + spec.defs[index + 1 :]
    chain = chain_of(spec)
    if chain is not None and name in chain.ops:
        count = chain.ops.count(name)
        ops = tuple(op for op in chain.ops if op != name)
        program = programs.chain_program(ops, chain.x, spec.book)
        rebuilt, notes = _rebuild(spec, replace(spec, program=program))
        args = {"name": name, "count": count}
        said = Message("success", NP_("def_deleted_chain"), args, "write", n="count")
        return replace(rebuilt, defs=defs), (said, *notes)
    result = replace(spec, defs=defs)
    if lessons.lesson(result.program, result.book, result.defs).error is not None:
        return spec, (Message("error", "def_used_by_program", {"name": clip(name)}, "write"),)
    said = Message("success", "def_deleted", {"name": name}, "write")
    return result, (said,)


def _exercise(spec, name):
    """An exercise preset: its function, backward empty, replaces one of the same name (and
    leaves a chain if it was in it); the program and x stay."""
    function, forward = EXERCISES[name]
    names = _names(spec)
    if function not in names and len(names) >= userfn.MAX_DEFS:
        return spec, (Message("warning", "write_limit", {"limit": userfn.MAX_DEFS}),)
    defs = tuple(d for d in spec.defs if d[0] != function) + ((function, forward, ""),)
    notes = ()
    chain = chain_of(spec)
    if chain is not None and function in chain.ops:
        ops = tuple(op for op in chain.ops if op != function)
        spec, notes = _rebuild(
            spec, replace(spec, program=programs.chain_program(ops, chain.x, spec.book))
        )
    result = replace(spec, defs=defs)
    if lessons.lesson(result.program, result.book, result.defs).error is not None:
        return spec, (Message("error", "def_used_by_program", {"name": function}),)
    loaded = Message("success", "exercise_loaded", {"function": function})
    return result, (loaded, *notes)
