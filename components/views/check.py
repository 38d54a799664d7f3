"""Check backprop against step 04's numerical differentiation, and the tangent it draws, for
any lesson (pure: no Streamlit).

What is checked: the grad, at the end of the lesson, of every variable the program made
(``lesson.inputs``, numbers made variables by the step's code left out), against the output
the backward pass started from (``output``). The numerical derivative is step 04's central
difference, run through ``lesson.replay``: the program's forward calls again, with one
input's data moved by +-eps. Backprop seeds the output with ones (or the program's own
seed), so ``x.grad`` is the derivative of the SUM of the seeded output: the central
difference is taken of that sum. When every function of the lesson has one input (a chain of
elementwise functions) element i of the output depends on element i of the input only, and
one central difference over the whole array checks every element at once, as the old
chain-only check did; otherwise each element is moved on its own (the first
``MAX_ELEMENTS``).

How far off the central difference itself should be: Taylor gives (f(x + eps) - f(x - eps))
/ (2 eps) = f'(x) + eps^2 / 6 * f'''(x) + ..., and each of the two evaluations of f is
rounded to about machine-eps * |f(x)|, which the division by 2 eps magnifies. So the expected
relative error is about ``eps^2 / 6 * |f'''(x)| / |f'(x)| + machine_eps * |f(x)| / (eps *
|f'(x)|)``, with f''' and f' taken from forward values only (never from backward, the thing
being checked). A measured error within ``AGREES`` times that agrees.
"""

import re
from dataclasses import dataclass, field

import numpy as np

from ..i18n import N_, t

EPS = 1e-4  # step 04's eps
MAX_ROWS = 10_000  # rows of one input checked at once (a chain: every element in one go)
MAX_ELEMENTS = 200  # elements of one input moved one at a time (not a chain)
TINY = np.finfo(np.float64).tiny  # keeps the relative error defined when both grads are 0
MACHINE_EPS = np.finfo(np.float64).eps
THIRD_STEP = 1e-3  # the step of the five-point f''' estimate, relative to max(1, |x|)
AGREES = 10.0  # measured up to 10 times the expected error: what the central difference makes

# tangent's range rule (see there)
START_HALF_WIDTH = 1.0
SPREAD = 10.0  # the curve and the tangent may reach SPREAD * (|y0| + 1) away from y0
MIN_HALF_WIDTH = 1e-9  # relative to max(1, |x0|): below this the range stops shrinking
POINTS = 201

# what a replayed forward may raise on data it was never given (a learner's function)
_REPLAY_ERRORS = (ArithmeticError, ValueError, TypeError, IndexError)


@dataclass(frozen=True)
class InputCheck:
    """One input's check. ``status``: "ok" (``rows`` hold it), "wait" (its grad is None at the
    end: no backward pass reached it), "unused" (the output does not depend on it), "nograd"
    (it does only through calls made under no_grad: no backward can reach it), "shape"
    (its grad's shape is not its own: a broadcast the step's code does not sum back)."""

    node: str
    name: str
    status: str
    rows: tuple = ()
    size: int = 1  # elements of the input
    shape: tuple = ()
    grad_shape: tuple = ()
    whole: bool = False  # every element checked by one central difference (a chain)

    @property
    def checked(self):
        return len(self.rows)


@dataclass(frozen=True)
class Check:
    """The gradient check of a lesson: ``output`` (None: the program seeded nothing and
    called no backward, nothing to check), one ``InputCheck`` per input, and ``ready``: the
    position from which the check is shown (after the last change of an input's grad: shown
    earlier, it would give away what stepping is to reveal)."""

    output: str | None
    output_name: str = ""
    inputs: tuple = ()
    eps: float = EPS
    ready: int = 0
    repeated: tuple = ()  # names of the functions whose backward ran more than once
    step: str = ""  # the book's step whose code ran (before 16: no seen_set)
    replaced: bool = False  # the step's code replaced a grad (step 13's x.grad = gx)

    @property
    def rows(self):
        return [row for entry in self.inputs for row in entry.rows]


# -- the graph ---------------------------------------------------------------------------------
def output_of(lesson):
    """The variable the check differentiates: the last of ``lesson.outputs`` that is not
    upstream of another one (step 06 seeds y and then sets b.grad, a.grad, x.grad: y; step
    14 calls backward on a first y, then on a second one: the second, whose grads the end
    holds). The first output when they all feed each other; None when there is none."""
    outputs = list(lesson.outputs)
    if not outputs:
        return None
    sinks = [
        o
        for o in outputs
        if not any(o != other and o in ancestors(lesson, other) for other in outputs)
    ]
    return sinks[-1] if sinks else outputs[0]


def ancestors(lesson, var, linked=False):
    """The variables ``var`` is computed from (the forward graph, walked back), with itself;
    ``linked``: through the links the step's code kept only (not a call under no_grad)."""
    into = {}
    for edge in lesson.edges:
        if edge.linked or not linked:
            into.setdefault(edge.dst, []).append(edge.src)
    seen, todo = {var}, [var]
    while todo:
        for src in into.get(todo.pop(), ()):
            if src not in seen:
                seen.add(src)
                todo.append(src)
    return {node for node in seen if node.startswith("v")}


def checked_inputs(lesson):
    """The inputs the program made itself (not a number the step's code wrapped)."""
    return [node for node in lesson.inputs if not lesson.node(node).const]


def is_chain(lesson):
    """Every function has one input: every function acts elementwise on one variable."""
    return all(len(lesson.inputs_of(fn.id)) == 1 for fn in lesson.functions)


def _initial(lesson, node):
    for item in lesson.items:
        for change in item.changes:
            if change.node == node and change.field == "data":
                return change.value
    return None


def _seed(lesson, output):
    """The grad the backward pass started the output from (the first one set): ones unless
    the program seeded something else."""
    for item in lesson.items:
        for change in item.changes:
            if change.node == output and change.field == "grad" and change.value is not None:
                return np.asarray(change.value, dtype=np.float64)
    return np.float64(1.0)


class _Probe:
    """``f(node, data)``: the seeded output when the forward calls run again with ``node``'s
    data replaced (float64; nan where a forward refused the data). No numpy warning escapes."""

    def __init__(self, lesson, output):
        self.lesson = lesson
        self.output = output
        self.seed = _seed(lesson, output)

    def y(self, node, data):
        with np.errstate(all="ignore"):
            try:
                value = self.lesson.replay({node: np.asarray(data)})[self.output]
                return np.asarray(value, dtype=np.float64)
            except _REPLAY_ERRORS:
                return np.full(np.shape(data), np.nan)

    def f(self, node, data):
        """seed * y, elementwise (a chain's whole-array check)."""
        with np.errstate(all="ignore"):
            return self.seed * self.y(node, data)

    def total(self, node, data):
        """sum(seed * y): what x.grad is the derivative of."""
        with np.errstate(all="ignore"):
            return np.float64(np.sum(self.f(node, data)))


# -- the check ---------------------------------------------------------------------------------
def gradient_check(lesson, eps=EPS, max_elements=MAX_ELEMENTS, max_rows=MAX_ROWS):
    """The ``Check`` of every input of ``lesson`` (see the module's docstring).

    Each row: ``index`` (a tuple, ``()`` for a scalar), ``backprop`` (the input's grad at the
    end of the lesson), ``numerical`` (the central difference), ``abs_error`` and
    ``rel_error`` = abs / max(|backprop|, |numerical|, tiny), and from the expected error:
    ``third`` (f'''), ``truncation``, ``rounding`` and ``expected`` (their sum). inf and nan
    go through without numpy warnings.
    """
    output = output_of(lesson)
    inputs = checked_inputs(lesson)
    end = lesson.state(len(lesson.items))
    ready = _ready(lesson, inputs)
    if output is None:
        return Check(None, inputs=(), eps=eps, ready=ready)
    probe = _Probe(lesson, output)
    upstream = ancestors(lesson, output)
    linked = ancestors(lesson, output, linked=True)
    chain = is_chain(lesson)
    entries = []
    for node in inputs:
        x = np.asarray(_initial(lesson, node), dtype=np.float64)
        name = lesson.node(node).name
        grad = end.grad.get(node)
        common = {"node": node, "name": name, "size": int(x.size), "shape": x.shape}
        if node not in upstream:
            entries.append(InputCheck(status="unused", **common))
            continue
        if node not in linked:
            entries.append(InputCheck(status="nograd", **common))
            continue
        if grad is None:
            entries.append(InputCheck(status="wait", **common))
            continue
        grad = np.asarray(grad, dtype=np.float64)
        if grad.shape != x.shape:
            entries.append(InputCheck(status="shape", grad_shape=grad.shape, **common))
            continue
        whole = chain and x.ndim > 0 and probe.y(node, x).shape == x.shape
        if whole:
            rows = _whole(probe, node, x, grad, eps, max_rows)
        else:
            rows = _elements(probe, node, x, grad, eps, max_elements)
        entries.append(InputCheck(status="ok", rows=tuple(rows), whole=whole, **common))
    repeated, replaced = _counted_wrong(lesson)
    name = lesson.node(output).name
    return Check(
        output,
        name,
        tuple(entries),
        eps,
        ready,
        repeated=repeated,
        replaced=replaced,
        step=lesson.step,
    )


def _counted_wrong(lesson):
    """What makes a grad differ from the derivative even when every backward is right: a
    function's backward run more than once (a second y.backward() without cleargrad, step
    14's order, a call made twice by hand), its grads added again; or a grad the step's code
    replaced instead of adding to it (step 13)."""
    runs = {}
    for item in lesson.items:
        for call in item.calls:
            if call.kind == "backward":
                runs[call.fn] = runs.get(call.fn, 0) + 1
    repeated = tuple(dict.fromkeys(lesson.node(fn).name for fn, n in runs.items() if n > 1))
    replaced = (
        any(
            c.field == "grad" and c.before is not None and c.value is not None
            for item in lesson.items
            if item.where == "step"
            for c in item.changes
        )
        and lesson.step < "14"
    )  # from step 14 the step's code adds
    return repeated, replaced


def _ready(lesson, inputs):
    last = 0
    for position, item in enumerate(lesson.items, start=1):
        if any(c.field == "grad" and c.node in inputs for c in item.changes):
            last = position
    return last or len(lesson.items)


def _row(index, backprop, numerical, third, value, eps):
    with np.errstate(all="ignore"):
        backprop, numerical = np.float64(backprop), np.float64(numerical)
        abs_error = np.abs(backprop - numerical)
        scale = np.maximum(np.maximum(np.abs(backprop), np.abs(numerical)), TINY)
        rel_error = abs_error / scale
        slope = np.maximum(np.abs(numerical), TINY)
        truncation = eps**2 / 6 * np.abs(third) / slope
        rounding = MACHINE_EPS * value / (eps * slope)
        expected = truncation + rounding
    return {
        "index": index,
        "backprop": float(backprop),
        "numerical": float(numerical),
        "abs_error": float(abs_error),
        "rel_error": float(rel_error),
        "third": float(third),
        "truncation": float(truncation),
        "rounding": float(rounding),
        "expected": float(expected),
    }


def _whole(probe, node, x, grad, eps, max_rows):
    """A chain: one central difference moves every element at once (step 04's
    ``numerical_diff`` on the whole array), and f''' the same way."""
    with np.errstate(all="ignore"):
        numerical = (probe.f(node, x + eps) - probe.f(node, x - eps)) / (2 * eps)
        k = THIRD_STEP * np.maximum(1.0, np.abs(x))
        third = np.full(x.shape, np.nan)
        for _ in range(4):
            todo = ~np.isfinite(third)
            if not todo.any():
                break
            f = [probe.f(node, x + m * k) for m in (2, 1, -1, -2)]
            estimate = (f[0] - 2 * f[1] + 2 * f[2] - f[3]) / (2 * k**3)
            third = np.where(todo, estimate, third)
            k = k / 10
        value = np.abs(probe.f(node, x))
    rows = []
    for index in np.ndindex(x.shape):
        if len(rows) >= max_rows:
            break
        rows.append(_row(index, grad[index], numerical[index], third[index], value[index], eps))
    return rows


def _elements(probe, node, x, grad, eps, max_elements):
    """Any graph: each element moved on its own, the output summed (the first
    ``max_elements`` elements, in C order)."""
    rows = []
    value = None
    for index in np.ndindex(x.shape):
        if len(rows) >= max_elements:
            break

        def moved(delta, index=index):
            data = x.copy()
            data[index] = x[index] + delta
            return data

        def total(delta, moved=moved):
            return probe.total(node, moved(delta))

        with np.errstate(all="ignore"):
            numerical = (total(eps) - total(-eps)) / (2 * eps)
            # numpy's float: k**3 of a huge x is inf, not Python's OverflowError
            k = np.float64(THIRD_STEP * max(1.0, abs(float(x[index]))))
            third = np.nan
            for _ in range(4):
                f = [total(m * k) for m in (2, 1, -1, -2)]
                third = (f[0] - 2 * f[1] + 2 * f[2] - f[3]) / (2 * k**3)
                if np.isfinite(third):
                    break
                k = k / 10
            if value is None:  # the same for every element: the output at x, summed
                value = np.float64(np.sum(np.abs(probe.f(node, x))))
        rows.append(_row(index, grad[index], numerical, third, value, eps))
    return rows


def worst(rows):
    """The row whose measured error is largest next to its expected one (``None`` when no row
    has both finite), and whether it agrees: measured <= 10 x expected."""
    usable = [r for r in rows if np.isfinite(r["rel_error"]) and np.isfinite(r["expected"])]
    if not usable:
        return None, False
    row = max(usable, key=lambda r: r["rel_error"] / max(r["expected"], TINY))
    return row, row["rel_error"] <= AGREES * row["expected"]


# -- what the check says ------------------------------------------------------------------------
def index_text(name, index):
    """``x`` for a scalar, ``x[1, 2]`` for an element."""
    return name if not index else f"{name}[{', '.join(map(str, index))}]"


def number(value):
    return repr(float(value))  # nan and inf as Python prints them


def error(value):
    return f"{value:.2e}"


def max_error(rows):
    """The largest finite relative error of ``rows`` (None if none is finite)."""
    finite = [r["rel_error"] for r in rows if np.isfinite(r["rel_error"])]
    return max(finite) if finite else None


def nonfinite(rows):
    """Whether some row's errors are not finite (an overflow, a function's domain)."""
    return any(not np.isfinite(r["rel_error"]) for r in rows)


def status_text(lang, check, entry):
    """What the check says of an input it could not check (None for one it checked)."""
    if entry.status == "wait":
        return t(lang, "check_input_wait", name=entry.name)
    if entry.status == "unused":
        return t(lang, "check_input_unused", name=entry.name, output=check.output_name)
    if entry.status == "nograd":
        return t(lang, "check_input_nograd", name=entry.name, output=check.output_name)
    if entry.status == "shape":
        return t(
            lang,
            "check_input_shape",
            name=entry.name,
            grad_shape=str(entry.grad_shape),
            shape=str(entry.shape),
        )
    return None


def cause_text(lang, check):
    """When a grad disagrees: what in the program, not in backward, can make it differ
    (None when nothing did, or every grad agrees)."""
    verdicts = [worst(e.rows) for e in check.inputs if e.status == "ok"]
    if not any(row is not None and not agrees for row, agrees in verdicts):
        return None
    if check.repeated:
        names = ", ".join(f"`{name}`" for name in check.repeated)
        said = t(lang, "check_cause_repeated", fns=names)
        if check.step < "16":  # one backward() also calls a function twice there
            said += " " + t(lang, "check_cause_order")
        return re.sub(r"([。）]) +(?=[^\x00-\x7f])", r"\1", said)
    if check.replaced:
        return t(lang, "check_cause_replaced")
    return None


def method_text(lang, check, entry):
    """How the numerical derivative of ``entry`` was taken."""
    if entry.whole:
        return t(lang, "check_central_whole", name=entry.name)
    if entry.size > 1:
        return t(
            lang, "check_central_elements", name=entry.name, checked=entry.checked, total=entry.size
        )
    return ""


def expected_text(lang, entry):
    """What error the central difference itself makes for one input, computed, and whether
    the measured one is of that size (for an array: the element furthest above its expected
    error)."""
    row, agrees = worst(entry.rows)
    if row is None:
        return t(lang, "check_expected_none")
    if row["index"]:
        where = t(lang, "check_where_element", index=index_text(entry.name, row["index"]))
    else:
        where = t(lang, "check_where_named", name=entry.name)
    if row["expected"] >= 1:  # f'(x) is 0 or nearly: a relative error means nothing there
        return t(lang, "check_expected_flat", where=where, abs_error=error(row["abs_error"]))
    text = t(
        lang,
        "check_expected_any",
        where=where,
        var=entry.name,
        third=f"{row['third']:.4g}",
        truncation=error(row["truncation"]),
        rounding=error(row["rounding"]),
        expected=error(row["expected"]),
    )
    verdict = N_("check_agrees") if agrees else N_("check_disagrees")
    measured = error(row["rel_error"])
    ratio = f"{row['rel_error'] / max(row['expected'], TINY):.2g}"
    said = text + " " + t(lang, verdict, measured=measured, ratio=ratio)
    # no space after a full-width mark before CJK text (ja, zh: "（…） で", "。 測定")
    return re.sub(r"([。）]) +(?=[^\x00-\x7f])", r"\1", said)


# -- the tangent ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tangent:
    """y(x) around x0 and its tangent of slope ``x.grad``. ``status``: "ok" (``rows``), "none"
    (no output), "inputs" (the output depends on more than one input, or on none), "scalar"
    (the input is an array), "output" (the output is an array), "wait" (no grad yet),
    "nonfinite" (y0 or the grad is inf or nan)."""

    status: str
    input: str = ""
    output: str = ""
    x0: float = float("nan")
    y0: float = float("nan")
    grad: float = float("nan")
    rows: list = field(default_factory=list)
    names: tuple = ()  # the inputs the output depends on ("inputs")


def _readable(y, tangent, y0, limit):
    """All finite, and neither the curve nor the tangent strays more than ``limit`` from y0."""
    if not np.isfinite(y).all():
        return False
    with np.errstate(all="ignore"):
        return bool(np.abs(y - y0).max() <= limit and np.abs(tangent - y0).max() <= limit)


def _curve(probe, node, ts):
    """y at each of ``ts`` (one replay of them all when the functions allow it)."""
    y = probe.y(node, ts)
    if y.shape == ts.shape:
        return y
    return np.array([probe.y(node, np.float64(v)).reshape(-1)[0] for v in ts])


def tangent(lesson, half_width=None, points=POINTS):
    """The ``Tangent`` of a lesson whose output depends on ONE scalar input.

    ``tangent = y0 + grad * (t - x0)``; points where y(t) is not finite are dropped.

    The range is ``x0 +- half_width``. Given, it is used as is. ``None`` picks one that keeps
    the picture readable: start at 1.0 and halve it while y(t) is not finite somewhere in
    the range (``Log`` left of 0, an overflowing ``Exp``), or while the curve or the tangent
    moves more than 10 * (|y0| + 1) away from y0 (then the neighbourhood of x0, the point of
    the plot, would be squashed flat against a far-away peak). It stops at 1e-9 * max(1,
    |x0|), then shows what is finite.
    """
    output = output_of(lesson)
    if output is None:
        return Tangent("none")
    out_name = lesson.node(output).name
    upstream = ancestors(lesson, output, linked=True)  # what the replay moves the output by
    used = [node for node in checked_inputs(lesson) if node in upstream]
    if len(used) != 1:
        return Tangent("inputs", output=out_name, names=tuple(lesson.node(n).name for n in used))
    node = used[0]
    name = lesson.node(node).name
    x = np.asarray(_initial(lesson, node), dtype=np.float64)
    if x.ndim:
        return Tangent("scalar", name, out_name)
    probe = _Probe(lesson, output)
    y = probe.y(node, x)
    if y.ndim:
        return Tangent("output", name, out_name)
    grad = lesson.state(len(lesson.items)).grad.get(node)
    if grad is None:
        return Tangent("wait", name, out_name)
    x0, y0 = float(x), float(y)
    grad = float(np.asarray(grad).reshape(-1)[0]) if np.size(grad) == 1 else float("nan")
    if not (np.isfinite(x0) and np.isfinite(y0) and np.isfinite(grad)):
        return Tangent("nonfinite", name, out_name, x0, y0, grad)
    steps = np.linspace(-1.0, 1.0, max(3, int(points)))

    def sample(h):
        ts = x0 + h * steps
        ys = _curve(probe, node, ts)
        with np.errstate(all="ignore"):
            line = y0 + grad * (ts - x0)
        return ts, ys, line

    if half_width is None:
        h = START_HALF_WIDTH
        smallest = MIN_HALF_WIDTH * max(1.0, abs(x0))
        limit = SPREAD * (abs(y0) + 1.0)
        ts, ys, line = sample(h)
        while not _readable(ys, line, y0, limit) and h / 2 >= smallest:
            h /= 2
            ts, ys, line = sample(h)
    else:
        ts, ys, line = sample(float(half_width))
    keep = np.isfinite(ys) & np.isfinite(line)
    rows = [
        {"t": float(a), "y": float(b), "tangent": float(c)}
        for a, b, c in zip(ts[keep], ys[keep], line[keep], strict=True)
    ]
    return Tangent("ok", name, out_name, x0, y0, grad, rows)


def tangent_data(lesson, half_width=None, points=POINTS):
    """Rows ``{t, y, tangent}`` for a plot of y(t) and its tangent at x0 (``tangent``); no
    rows when there is no tangent to draw."""
    return tangent(lesson, half_width, points).rows
