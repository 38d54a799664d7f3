"""Every state of the lesson's graph, laid out once: what the page's graph element steps through.

Pure (no Streamlit). ``frames(ops, x, view, projector, lang, rankdir, defs, book)`` runs the
book's program from start to end once and returns a ``Frames``; ``book`` "06" (the default)
steps through step 06's manual calls, "07" / "08" through that step's lesson (an
``autograd.BackwardStepper``: the forward calls, the seed, then each line y.backward() runs):

- ``svg``: ONE Graphviz layout (``graphviz-pure -Tsvg``, see ``export.render``) of
  ``graph.build_dot(..., plain=True)``: every node has the fixed size of its group over the
  whole timeline (``graph.timeline_sizes``), so no node moves from the first call to the last,
  and the exports (DOT, SVG, PNG, the zip of steps: the same ``build_dot`` and sizes) have
  this very layout. Every node is a ``<g class="node" id="bpx-<id>">`` (its DOT id, ``v0``,
  also in its ``<title>``), every edge a ``<g class="edge" id="bpx-<tail>-<head>">``; in
  07 / 08 also step 07's dashed links, ``<g class="edge" id="bpx-link-<kind>-<i>">``
  (``link-output-0``: ``f0 -> v1``, apart from the forward edge ``f0-v1``), all of them
  (the exports draw a link not set yet invisible: the same layout).
- ``states``: one per timeline position ``0 .. total`` (position p: p calls made), each a
  mapping ``{id: (text, class)}`` for every node and edge: ``text`` the label's lines joined
  by ``"\\n"`` (``None`` for an edge), ``class`` space-separated words: ``done`` or ``grey``,
  and ``active`` (the call just made; in 07 / 08 the nodes and links the running line
  touches), ``flagged`` (a non-finite value, with its ⚠), ``link`` (a link: grey, not set
  yet, is not drawn).
  They are ``graph.describe`` of the position, the same walk that writes the DOT.
- ``says``: per position, the call just made as a sentence, for the ``aria-live`` region
  ("b.grad = 2.56805, from C.backward(y.grad)"; another line of y.backward(): its code and
  what it set, "f = self.creator (f = C)").
- ``anims``: per position, how the call just made moves: ``None``, or
  ``{"path": [node ids], "legs": [a text per leg of the path], "appear": node id or None}``
  (forward: the input's data from the variable through the function into the new variable;
  backward: the incoming grad through the derivative node, ``gy × f'`` on the second leg,
  into the new grad; the seed: ``appear`` at y's grad), and ``"hold"``: the nodes whose
  new text is shown when the value arrives. In 07 / 08 a ``x.grad = f.backward(y.grad)``
  moves as step 06's same call; the other lines of y.backward() do not move (their nodes
  and links are outlined).

The contract is generic: a stepper with a longer timeline (trace events), more nodes or edges
(dashed links) or other classes (a flag) only gives more states, ids and class words; the
browser (``graph_element.js``) applies ``states[p]`` to the ids it finds and animates
``anims[p]``, whatever they are. ``payload`` sends the states as differences from the
previous position, which is all the browser receives besides the one SVG.

Frames are derived data: cached (bounded) per (chain, input, view, projector, language,
direction, book).
"""

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from autograd import BackwardStepper, Event, EventKind, Kind, Stepper

from . import export, userfn
from .format import short
from .graph import build_dot, describe, timeline_sizes
from .i18n import t

CACHE_SIZE = 64  # layouts kept: a classroom of different chains, each reused at every press
DIRECTIONS = ("LR", "TB")  # the book's rows; the vertical layout of a narrow screen


@dataclass(frozen=True)
class Frames:
    """One lesson's layout and states, kept as the browser receives them (``static_json``:
    the states as differences, compact enough to cache many lessons of 32 functions)."""

    key: str  # names this layout (chain, input, view, projector, language, direction)
    chain: str  # names the timeline (chain and input): a position is meaningful within it
    total: int  # the last position
    static_json: str  # {"key", "chain", "svg", "base", "deltas", "says", "anims"}

    def _static(self):
        return json.loads(self.static_json)

    @property
    def svg(self):
        return self._static()["svg"]

    @property
    def states(self):
        """``({id: (text, class)}, ...)`` for positions 0 .. total."""
        static = self._static()
        state = static["base"]
        states = [state]
        for delta in static["deltas"]:
            state = {**state, **delta}
            states.append(state)
        return tuple({item: tuple(value) for item, value in s.items()} for s in states)

    @property
    def says(self):
        return tuple(self._static()["says"])

    @property
    def anims(self):
        return tuple(self._static()["anims"])


def chain_key(ops, x, defs=(), book="06"):
    """A short name of the timeline of ``ops`` on ``x`` (the same for every view), with the
    learner's own functions ``defs`` (``Spec.defs``) that the chain may use, in the book's
    step ``book`` (07 and 08 have another timeline: a position means another item)."""
    x = np.asarray(x, dtype=np.float64)
    named = (tuple(ops), x.shape, tuple(defs)) + (() if book == "06" else (book,))
    digest = hashlib.sha1(repr(named).encode() + x.tobytes())
    return digest.hexdigest()[:16]


def lesson(ops, x, book="06", user=None):
    """The stepper of ``book``'s timeline at its start: step 06's ``Stepper``, or for 07 / 08
    the ``BackwardStepper`` (the forward calls, the seed, then each line of y.backward())."""
    if book == "06":
        return Stepper(list(ops), x, user)
    return BackwardStepper(list(ops), x, book, user)


def frames(ops, x, view="stacked", projector=False, lang="en", rankdir="LR", defs=(), book="06"):
    """The ``Frames`` of ``ops`` on ``x`` (a number or an ndarray), cached; ``defs``: the
    learner's own functions (``Spec.defs``: name, forward, backward), if the chain uses any;
    ``book``: "06" (the manual calls), "07" or "08" (y.backward(), with step 07's links)."""
    if rankdir not in DIRECTIONS:
        raise ValueError(f"unknown direction {rankdir!r}; known: {', '.join(DIRECTIONS)}")
    if book not in ("06", "07", "08"):
        raise ValueError(f"unknown book step {book!r}; known: 06, 07, 08")
    x = np.asarray(x, dtype=np.float64)
    defs = tuple(tuple(definition) for definition in defs)
    key = (tuple(ops), x.tobytes(), x.shape, view, bool(projector), lang, rankdir, defs, book)
    return _frames(*key)


@lru_cache(maxsize=CACHE_SIZE)
def _frames(ops, x_bytes, shape, view, projector, lang, rankdir, defs, book):
    x = np.frombuffer(x_bytes, dtype=np.float64).reshape(shape).copy()
    user = userfn.registry(defs) if defs else None
    end = lesson(ops, x, book, user).run_to_end()
    sizes = timeline_sizes(end, view, projector, lang)
    dot = build_dot(end, view, projector, lang, sizes, rankdir, plain=True)
    svg = export.render(dot, "svg").decode("utf-8")
    svg = svg[svg.index("<svg") :]  # no XML prolog, doctype or comments before it

    stepper = lesson(ops, x, book, user)
    states = [describe(stepper, view, projector, lang)]
    says, anims = [t(lang, "graph_said_start")], [None]
    while not stepper.done:
        record = stepper.step()
        if isinstance(record, Event) and record.kind is EventKind.GRAD:  # its manual call
            record = stepper.records[-1]
        states.append(describe(stepper, view, projector, lang))
        says.append(announce(lang, stepper, record))
        anims.append(animation(view, stepper, record, states[-2], states[-1]))
    named = (ops, x_bytes, shape, view, projector, lang, rankdir, defs)
    key = hashlib.sha1(repr(named + (() if book == "06" else (book,))).encode())
    static = {
        "key": key.hexdigest()[:16],
        "chain": chain_key(ops, x, defs, book),
        "svg": svg,
        "base": _jsonable(states[0]),
        "deltas": [_delta(states[p - 1], states[p]) for p in range(1, len(states))],
        "says": says,
        "anims": anims,
    }
    # ASCII (\u escapes): one byte a character in memory, not two or four for the whole text
    text = json.dumps(static, ensure_ascii=True, separators=(",", ":"))
    return Frames(static["key"], static["chain"], len(states) - 1, text)


def _jsonable(state):
    return {item: list(value) for item, value in state.items()}


def _delta(before, after):
    """What changes from one position to the next: ``{id: [text, class]}``."""
    return {item: list(value) for item, value in after.items() if before.get(item) != value}


def _event_said(event):
    """A line of y.backward() other than a grad call: the line, and what it set, in code."""
    kind, names, F = event.kind, event.variables, event.function
    funcs = f"funcs = [{', '.join(event.funcs)}]"
    if kind in (EventKind.CREATOR, EventKind.POP):
        did = f"f = {F}" + (f", {funcs}" if kind is EventKind.POP else "")
    elif kind is EventKind.INPUT:
        did = f"{'x, y' if len(names) > 1 else 'x'} = {', '.join(names)}"
    elif kind in (EventKind.FUNCS, EventKind.APPEND):
        did = funcs
    elif kind is EventKind.RECURSE:
        did = f"{names[0]}.backward()"
    elif kind is EventKind.RETURN:
        did = f"{names[0]}.backward() -> None"
    else:
        return event.code
    return f"{event.code} ({did})"


def announce(lang, stepper, record):
    """The call just made, as a sentence: ``b.grad = 2.56805, from C.backward(y.grad)``; in
    07 / 08 any other line of y.backward() as its code (``f = self.creator (f = C)``)."""
    where = "b_position" if isinstance(stepper, BackwardStepper) else "position"  # as the bar
    position = t(lang, where, pos=stepper.position, total=len(stepper.timeline))
    if isinstance(record, Event):
        return f"{position} · {_event_said(record)}"
    call = record.call
    chain = stepper.chain
    if call.kind is Kind.SEED:
        said = t(lang, "graph_said_seed", target=call.target, value=short(record.gx))
    else:
        i = call.index
        fn = chain.function_names[i]
        if call.kind is Kind.FORWARD:
            value, made = record.y, f"{fn}({chain.variable_names[i]})"
        else:
            value, made = record.gx, f"{fn}.backward({chain.variable_names[i + 1]}.grad)"
        said = t(lang, "graph_said_call", target=call.target, value=short(value), call=made)
    return f"{position} · {said}"


def _token(value):
    return short(value, max_items=2, shape=False)


def animation(view, stepper, record, before=None, after=None):
    """How the call just made moves on the graph of ``view`` (``None``: it does not).

    ``hold``: the nodes whose new text waits for the moving value to arrive (every node whose
    text the call changes, but the ones it passes through), given the states ``before`` and
    ``after`` the call.
    """
    anim = _motion(view, stepper, record)
    if anim is not None and anim["path"]:  # (the seed appears with its text)
        changed = [
            item
            for item, (text, _) in (after or {}).items()
            if text is not None and (before or {}).get(item, (None,))[0] != text
        ]
        anim["hold"] = [item for item in changed if item not in anim["path"][1:-1]]
    return anim


def _motion(view, stepper, record):
    if isinstance(record, Event):  # a line of y.backward() that computes nothing: no motion
        return None
    call = record.call
    n = len(stepper.chain)
    if call.kind is Kind.SEED:
        node = f"v{n}" if view == "forward" else f"g{n}"
        return {"path": [], "legs": [], "appear": node, "hold": []}
    i = call.index
    if call.kind is Kind.FORWARD:
        if view == "code":  # the code view has no forward row
            return None
        path, legs = [f"v{i}", f"f{i}", f"v{i + 1}"], [_token(record.x), _token(record.y)]
    else:
        if view == "forward":
            path = [f"v{i + 1}", f"f{i}", f"v{i}"]
        else:
            path = [f"g{i + 1}", f"d{i}", f"g{i}"]
        gy = _token(record.gy)
        legs = [gy, f"{gy} × {_token(record.derivative)}"]
    return {"path": path, "legs": legs, "appear": None}


def payload(frames_, step, *, anim=True, projector=False, max_step=None, labels=None):
    """What the graph element receives at each run: the cached frames (as one JSON text,
    parsed by the browser only when ``key`` changes) and the server's position."""
    total = frames_.total
    return {
        "frames": frames_.static_json,
        "key": frames_.key,
        "chain": frames_.chain,
        "total": total,
        "step": max(0, min(int(step), total)),
        "max_step": total if max_step is None else max(0, min(int(max_step), total)),
        "anim": bool(anim),
        "projector": bool(projector),
        "labels": dict(labels or {}),
    }
