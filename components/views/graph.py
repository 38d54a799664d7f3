"""The lesson's graph, drawn the way the book draws it, for any program (pure: no Streamlit).

Three views of a ``Lesson`` (``autograd.lesson``), after the book's figures:

- ``"stacked"`` (Fig. 5-5): the forward graph, and under it the backward graph: each
  variable's grad (``dy/dx``) under the variable, each function's derivative (``A'``) under
  the function, its arrows pointing the other way;
- ``"code"`` (Fig. 6-2): the backward graph in code terms, ``y.grad -> C.backward -> b.grad``;
- ``"forward"`` (Fig. 6-1, and the figures of steps 13-24): the forward graph, each variable
  with its data and grad, a function's class over it where the program names the function
  (``A = Square()``), and in steps 07 and 08 the references a forward call leaves (dashed
  ``creator``, ``input``, ``output``, Fig. 7-2).

One node per variable, however often the program uses it (an arrow per use), one per
function; ids are the lesson's (``v0``, ``f0``, ``e0``) with a letter for what a view adds
(``g`` a grad, ``d`` a derivative, ``b`` a backward arrow, ``c`` a class over a function,
``l`` its leader, ``k`` a reference). ``labels(lesson, view, position, state)`` is what
each node and arrow shows at a position, ``{id: (text, class)}``; ``source`` the DOT of a
view with every node at the fixed size of its group over the whole lesson, so that a layout
made once holds every position. Every label is wrapped in ``graphviz.nohtml`` and goes
through the package's quoting: no value can be read as an HTML-like label or break the DOT.
"""

import unicodedata
from dataclasses import dataclass, field

import graphviz
import numpy as np

from .. import format as fmt
from ..i18n import N_, t
from ..model.state import VIEWS

_FLAG_KEYS = (N_("graph_flag_overflow"), N_("graph_flag_invalid"), N_("graph_flag_divide"))

# The book's colours (book-figures.md)
ORANGE = "#f5a91c"  # variables
BLUE = "#aad2e0"  # functions
OUTLINE = "#595656"
ARROW = "#4a4848"
HIGHLIGHT = "#d62728"  # the line just run
GREY_FILL = "#dbdbdb"  # not reached yet
GREY_TEXT = "#7d7d7d"
GREY_LINE = "#c4c4c4"
FLAG_TEXT = "#b00000"  # a non-finite value, a backward that fails the check
PARTIAL = "#7b3fa0"  # a grad not complete yet when a backward uses it
WARN = "\u26a0"  # ⚠
WRONG = f"{WARN} != numerical_diff"
STRUCK = "~"  # a label line starting with it is drawn struck out (a grad overwritten)

MONO = "Courier"  # code names (x.grad, C.backward)
MATH = "Times-Italic"  # math names (A'(x), dy/dx)
FONT_SIZE = 12
PROJECTOR_FONT_SIZE = 22
PENWIDTH = 1.2
HOT_PENWIDTH = 3


@dataclass
class Shape:
    """What one view draws, whatever the position: nodes ``(id, kind, font)`` (kind "var",
    "fn" or "label"), edges ``(id, tail, head, kind, attrs)`` (kind "fwd", "bwd",
    "leader" or "link"), and the columns that keep a backward node under its forward one."""

    nodes: list = field(default_factory=list)
    edges: list = field(default_factory=list)
    columns: list = field(default_factory=list)  # [(forward id, backward id)]
    clusters: bool = False  # stacked: the forward graph over the backward one


def shape(lesson, view):
    """The nodes and edges ``view`` draws for ``lesson``."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; known: {', '.join(VIEWS)}")
    s = Shape()
    forward = view in ("stacked", "forward")
    backward = view in ("stacked", "code")
    math = view == "stacked"
    if forward:
        for node in lesson.nodes:
            s.nodes.append((node.id, node.kind, MONO))
        for edge in lesson.edges:
            s.edges.append((edge.id, edge.src, edge.dst, "fwd", {}))
    if backward:
        font = MATH if math else MONO
        for node in lesson.nodes:
            other = ("g" if node.kind == "var" else "d") + node.id[1:]
            s.nodes.append((other, node.kind, font))
            if forward:
                s.columns.append((node.id, other))
        for edge in lesson.edges:
            tail, head = _mirror(edge.src), _mirror(edge.dst)
            s.edges.append(("b" + edge.id[1:], tail, head, "bwd", {"dir": "back"}))
        s.clusters = forward
    if view == "forward":
        for node in lesson.functions:
            if node.name != node.cls:  # A = Square(): the class over the function
                s.nodes.append(("c" + node.id[1:], "label", MONO))
                s.edges.append(("l" + node.id[1:], "c" + node.id[1:], node.id, "leader", {}))
        if lesson.step in ("07", "08"):
            for edge in lesson.edges:
                if edge.kind == "out":  # the output remembers its creator, the function both
                    s.edges.append(("kc" + edge.id[1:], edge.dst, edge.src, "link", {}))
                    s.edges.append(("ko" + edge.id[1:], edge.src, edge.dst, "link", {}))
                else:
                    s.edges.append(("ki" + edge.id[1:], edge.dst, edge.src, "link", {}))
    return s


def _mirror(node_id):
    return ("g" if node_id[0] == "v" else "d") + node_id[1:]


LINK_WORDS = {"kc": "creator", "ki": "input", "ko": "output"}


# -- what a position shows -------------------------------------------------------------------
@dataclass(frozen=True)
class Context:
    """What every position of one lesson shares: which functions' backward has run by each
    position is computed once (``progress``)."""

    lesson: object
    view: str
    lang: str = "en"
    wrong: frozenset = frozenset()  # fn ids whose learner backward fails the check
    scalar: bool = True
    gens: bool = False  # each node's generation (step 16 on) as a line of its label


def context(lesson, view, lang="en", wrong=(), gens=False):
    scalar = all(
        change.value is None or np.ndim(change.value) == 0
        for item in lesson.items
        for change in item.changes
        if change.field == "data"
    )
    return Context(lesson, view, lang, frozenset(wrong), scalar, gens)


def _flag(value, flags, lang):
    """`` ⚠ overflow`` (the flags, in ``lang``), `` ⚠`` (inf or nan), or ``""``."""
    if flags:
        words = t(lang, "graph_flag_separator").join(t(lang, f"graph_flag_{f}") for f in flags)
        return f" {WARN} {words}"
    return f" {WARN}" if fmt.nonfinite(value) else ""


def _grad_text(value, flags, lang, change, shape=False):
    """A grad as a label shows it: the value; at the line that sums into it, the sum
    (``2 (1 + 1)``); at the line that overwrites it, the value and the old one struck out."""
    text = fmt.short(value, shape=shape) + _flag(value, flags, lang)
    if change is None or change.before is None or value is None:
        return [text]
    before = change.before
    with np.errstate(all="ignore"):
        added = value - before if np.shape(value) == np.shape(before) else None
    if change.sum is not None:
        part = fmt.short(change.sum, shape=False)
        return [f"{text} ({fmt.short(before, shape=False)} + {part})"]
    if added is not None:
        return [text, f"{STRUCK}{fmt.short(before, shape=False)}"]
    return [text]


def labels(ctx, position, state, done_backward, item=None, only=None, base=None):
    """``{id: (text, class)}`` at ``position``: ``state`` is the lesson's state there,
    ``done_backward`` the functions whose backward has run, ``item`` the item that led there
    (None at the start). Texts are label lines joined by ``\\n`` (None for an edge).

    ``only`` (lesson node ids) and ``base`` (the labels of the position before): only those
    nodes, and the edges at them, are computed again; the others keep ``base``'s."""
    lesson, view, lang = ctx.lesson, ctx.view, ctx.lang
    out = Labels() if base is None else Labels(base)
    hot = hot_ids(lesson, view, item)
    changed = {}
    if item is not None:
        for change in item.changes:
            if change.field == "grad":
                changed[change.node] = _Change.of(change, item, lesson)
    partial = partial_ids(lesson, item, done_backward, state) if item is not None else set()
    forward = view in ("stacked", "forward")
    backward = view in ("stacked", "code")
    seeded = set(lesson.outputs)
    nodes = lesson.nodes if only is None else [lesson.node(n) for n in only]
    for node in nodes:
        nid = node.id
        exists = node.born <= position
        if node.kind == "var":
            data = state.data.get(nid)
            grad = state.grad.get(nid)
            dflags = state.data_flags.get(nid, ())
            gflags = state.grad_flags.get(nid, ())
            change = changed.get(nid)
            if forward:
                name = node.name
                if not ctx.scalar and data is not None and np.ndim(data):
                    name = f"{name} {fmt.shape_text(data)}"
                grad_lines = _grad_text(grad, gflags, lang, change)
                lines = [name, f"data {fmt.short(data, shape=False)}{_flag(data, dflags, lang)}"]
                lines += [f"grad {grad_lines[0]}", *grad_lines[1:], *_gen(ctx, state, nid)]
                flagged = bool(_flag(data, dflags, lang) or _flag(grad, gflags, lang))
                out[nid] = (
                    "\n".join(lines),
                    _cls(exists, nid in hot, flagged, partial=nid in partial),
                )
            if backward:
                gid = "g" + nid[1:]
                grad_lines = _grad_text(grad, gflags, lang, change)
                if view == "code":
                    head = f"{node.name}.grad"
                    if nid in seeded and grad is not None and _ones(grad):
                        grad_lines = [f"(=1) {grad_lines[0]}" if not ctx.scalar else "(=1)"]
                else:
                    head = f"d{_output_name(lesson)}/d{node.name}"
                lines = [head, *grad_lines]
                out[gid] = (
                    "\n".join(lines),
                    _cls(
                        exists and grad is not None,
                        gid in hot,
                        bool(_flag(grad, gflags, lang)),
                        partial=nid in partial,
                    ),
                )
        else:
            wrong = nid in ctx.wrong
            if forward:
                lines = [node.name]
                if view == "stacked" and node.name != node.cls:
                    lines.append(node.cls)
                lines += _gen(ctx, state, nid)
                if view == "forward" and wrong:
                    lines.append(WRONG)
                out[nid] = (
                    "\n".join(lines),
                    _cls(exists, nid in hot, wrong=view == "forward" and wrong),
                )
                if view == "forward" and node.name != node.cls:
                    out["c" + nid[1:]] = (node.cls, _cls(exists, False))
                    out["l" + nid[1:]] = (None, _cls(exists, False))
            if backward:
                did = "d" + nid[1:]
                ran = nid in done_backward
                if view == "code":
                    lines = [f"{node.name}.backward"]
                    if node.name != node.cls:
                        lines.append(f"({node.cls})")
                else:
                    lines = [derivative_name(lesson, node)]
                    if node.name != node.cls:
                        lines.append(f"{node.cls}'")
                    local = lesson.local.get(nid)
                    if ran and local and len(local) == 1 and local[0] is not None:
                        lines.append(f"= {fmt.short(local[0], shape=False)}")
                lines += _gen(ctx, state, nid)
                if wrong:
                    lines.append(WRONG)
                out[did] = (
                    "\n".join(lines),
                    _cls(ran, did in hot, wrong=wrong, partial=nid in partial),
                )
    edges = (
        lesson.edges
        if only is None
        else [e for e in lesson.edges if e.src in only or e.dst in only]
    )
    for edge in edges:
        exists = edge.born <= position
        if forward:
            out[edge.id] = (None, _cls(exists, edge.id in hot) + ("" if edge.linked else " nolink"))
        if backward:
            bid = "b" + edge.id[1:]
            fn = edge.dst if edge.kind == "in" else edge.src
            out[bid] = (None, _cls(fn in done_backward, bid in hot))
    if view == "forward" and lesson.step in ("07", "08"):
        for edge in edges:
            exists = edge.born <= position
            kinds = ("kc", "ko") if edge.kind == "out" else ("ki",)
            for kind in kinds:
                kid = kind + edge.id[1:]
                out[kid] = (None, _cls(exists, kid in hot) + " link")
    return out


def _gen(ctx, state, node_id):
    """``["gen 2"]``: the node's ``generation`` where the step's code has set it, if asked."""
    if ctx.gens and node_id in state.generation:
        return [f"gen {state.generation[node_id]}"]
    return []


class Labels(dict):
    """``{id: (text, class)}`` that remembers which ids were written since it was made from
    the labels before (``written``): what changed can only be among them."""

    def __init__(self, *args):
        super().__init__(*args)
        self.written = set()

    def __setitem__(self, key, value):
        self.written.add(key)
        super().__setitem__(key, value)


@dataclass(frozen=True)
class _Change:
    before: object
    sum: object  # what was added, when the line sums into the grad

    @staticmethod
    def of(change, item, lesson):
        return _Change(change.before, _summand(change, item, lesson))


def _summand(change, item, lesson):
    """The part a line added to a grad (``x.grad = x.grad + gx``), or None if it overwrote."""
    if change.before is None or change.value is None:
        return None
    if item.where == "step":
        code = lesson_line(lesson, item)
        if "+" not in code:
            return None
    with np.errstate(all="ignore"):
        try:
            return np.asarray(change.value) - np.asarray(change.before)
        except ValueError:
            return None


def lesson_line(lesson, item):
    """The text of the line ``item`` ran (the program's or the step's code), stripped."""
    from autograd import steps  # the step's own file: read once, cached there

    text = lesson.program if item.where == "program" else steps.book(lesson.step).text
    lines = text.split("\n")
    return lines[item.line - 1].split("#")[0].strip() if item.line <= len(lines) else ""


def _cls(done, hot=False, flagged=False, wrong=False, partial=False):
    cls = "done" if done else "grey"
    if hot:
        cls += " active"
    if done and flagged:
        cls += " flagged"
    if wrong:
        cls += " wrong"
    if partial:
        cls += " partial"
    return cls


def _ones(value):
    return value is not None and bool(np.all(np.asarray(value) == 1))


def _output_name(lesson):
    """The name of the variable whose grad the backward pass starts from (``y``)."""
    if lesson.outputs:
        return lesson.node(lesson.outputs[0]).name
    return "y"


def derivative_name(lesson, fn):
    """``C'(b)``: a function's derivative at its inputs, as the book writes it."""
    inputs = [lesson.node(e.src).name for e in lesson.inputs_of(fn.id)]
    return f"{fn.name}'({', '.join(inputs)})"


def hot_ids(lesson, view, item):
    """The ids ``view`` outlines in red for the item just run: a call's nodes and arrows, the
    grad a line set, or the nodes the running line of the step's code touched."""
    if item is None:
        return set()
    hot = set()
    forward = view in ("stacked", "forward")
    backward = view in ("stacked", "code")
    for call in item.calls:
        if call.kind == "forward":
            if forward:
                hot.update((call.fn, *call.inputs, *call.outputs))
                hot.update(e.id for e in lesson.edges if call.fn in (e.src, e.dst))
        else:
            if backward:
                hot.update(_mirror(n) for n in (call.fn, *call.inputs, *call.outputs))
                hot.update("b" + e.id[1:] for e in lesson.edges if call.fn in (e.src, e.dst))
            if view == "forward":
                hot.update((call.fn, *call.inputs, *call.outputs))
                hot.update(e.id for e in lesson.edges if call.fn in (e.src, e.dst))
    for change in item.changes:
        if change.field == "grad":
            if backward:
                hot.add(_mirror(change.node))
            if view == "forward":
                hot.add(change.node)
    if not item.calls and not any(c.field == "grad" for c in item.changes):
        touched = set(item.touched)
        if forward:
            hot.update(n for n in touched if n[0] in "vf")
        elif backward:
            hot.update(_mirror(n) for n in touched if n[0] in "vf")
        if view == "forward" and lesson.step in ("07", "08") and item.where == "step":
            code = lesson_line(lesson, item)
            for edge in lesson.edges:
                if edge.src in touched and edge.dst in touched:
                    if ".creator" in code and edge.kind == "out":
                        hot.add("kc" + edge.id[1:])
                    if ".input" in code and edge.kind == "in":
                        hot.add("ki" + edge.id[1:])
                    if ".output" in code and edge.kind == "out":
                        hot.add("ko" + edge.id[1:])
    return hot


def partial_ids(lesson, item, done_backward, state):
    """A backward called while its output's grad is not complete yet: some use of that
    output has not sent its part (step 14 pops functions in the wrong order; a manual call
    made too early). The function and the incomplete grad, by their forward ids."""
    found = set()
    for call in item.calls:
        if call.kind != "backward":
            continue
        for out in call.outputs:
            if missing_parts(lesson, out, done_backward - {call.fn}):
                found.update((call.fn, out))
    return found


def missing_parts(lesson, var, done_backward):
    """The uses of ``var`` (edges into functions) whose backward has not run: the parts of
    ``var.grad`` still missing."""
    return [edge for edge in lesson.uses(var) if edge.dst not in done_backward]


# -- sizes and DOT ------------------------------------------------------------------------------
def _width(line):
    """Characters of ``line`` in Courier widths: a ⚠ or a CJK character counts two."""
    return sum(2 if c == WARN or unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def group(node_id):
    return node_id.rstrip("0123456789")


def sizes(shape_, texts_seen, projector=False):
    """One fixed size for every node of a group (``v``, ``g``, ``f``, ``d``, ``c``): the
    largest label any position gives one of them, so nothing moves as the lesson goes on.

    ``texts_seen`` maps node ids to every text they show. Courier is 0.6 em a character,
    Times about 0.52; a circle's diameter is the text block's diagonal.
    """
    fontsize = PROJECTOR_FONT_SIZE if projector else FONT_SIZE
    em = fontsize / 72
    kinds = {node_id: (kind, font) for node_id, kind, font in shape_.nodes}
    blocks = {}
    for node_id, texts in texts_seen.items():
        if node_id not in kinds:
            continue
        kind, font = kinds[node_id]
        if kind == "label":
            continue
        char = 0.6 if font == MONO else 0.52
        g = group(node_id)
        w, h = blocks.get(g, (0.0, 0.0))
        for text in texts:
            lines = [line.lstrip(STRUCK) for line in text.split("\n")]
            w = max(w, max(_width(line) for line in lines) * char * em)
            h = max(h, len(lines) * 1.2 * em)
        blocks[g] = (w, h)
    result = {}
    for g, (w, h) in blocks.items():
        kind = "fn" if g in ("f", "d") else "var"
        if kind == "fn":
            result[g] = {
                "width": f"{max(0.75, w + 0.3):.2f}",
                "height": f"{max(0.5, h + 0.16):.2f}",
                "fixedsize": "true",
            }
        else:
            d = f"{(w * w + h * h) ** 0.5 + 1.2 * em:.2f}"
            result[g] = {"width": d, "height": d, "fixedsize": "true"}
    return result


def source(
    shape_, texts, node_sizes, projector=False, rankdir="LR", styled=True, name="lesson",
    pinned=None, memo=None,
):  # fmt: skip
    """The DOT of one view: ``texts`` ``{id: (text, class)}`` give labels and, if ``styled``,
    the looks (grey, red, dashed); unstyled, everything is drawn as done (the one layout the
    page's graph element restyles at each position).

    ``pinned``: ``(bb, {node: pos}, {edge id: (pos, lp)})`` from ``render.layout``, written
    into the DOT, so that ``neato -n2`` draws it without a layout of its own (every position
    of an export in the one layout, as the page shows it). ``memo``: a dict kept over the
    positions of one lesson, of the DOT line of each node and edge as it looks (most look the
    same from one position to the next)."""
    memo = {} if memo is None else memo
    bb, pinned_nodes, pinned_edges = pinned if pinned is not None else (None, {}, {})

    def put(graph, kind, names, attrs):
        # graphviz's quoting of one statement, once per look: graph.node / graph.edge
        key = (kind, names, tuple(attrs.items()))
        line = memo.get(key)
        if line is None:
            scratch = graphviz.Digraph()
            if kind == "node":
                scratch.node(names[0], graphviz.nohtml(names[1]), **attrs)
            else:
                scratch.edge(*names, **attrs)
            line = memo[key] = scratch.body[-1]
        graph.body.append(line)

    fontsize = PROJECTOR_FONT_SIZE if projector else FONT_SIZE
    pen = 1.8 if projector else PENWIDTH
    hot_pen = HOT_PENWIDTH + (1 if projector else 0)
    dot = graphviz.Digraph(name=name)
    dot.attr(
        "graph",
        rankdir=rankdir,
        ranksep="0.45" if projector else "0.3",
        nodesep="0.35" if projector else "0.25",
        bgcolor="white",
        fontname=MONO,
        newrank="true",
        **({"bb": bb} if bb is not None else {}),
    )
    dot.attr(
        "node",
        fontname=MONO,
        fontsize=str(fontsize),
        style="filled",
        color=OUTLINE,
        penwidth=str(pen),
        margin="0.1,0.04",
    )
    dot.attr(
        "edge",
        color=ARROW,
        penwidth=str(pen),
        arrowsize="0.8",
        fontname=MONO,
        fontsize=str(fontsize),
    )

    def classes(node_id):
        return texts.get(node_id, ("", "done"))[1].split() if styled else ["done"]

    def add_node(graph, node_id, kind, font):
        text, _ = texts.get(node_id, ("", "done"))
        cls = classes(node_id)
        lines = [line.lstrip(STRUCK) for line in (text or "").split("\n")]
        attrs = {"id": f"bpx-{node_id}"}
        done = "done" in cls
        if kind == "label":
            attrs.update(shape="plaintext", style="solid")
            attrs["fontcolor"] = "black" if done else GREY_TEXT
        else:
            if kind == "var":
                attrs.update(shape="circle", fillcolor=ORANGE)
            else:
                attrs.update(shape="box", style="rounded,filled", fillcolor=BLUE)
            attrs.update(node_sizes.get(group(node_id), {}))
            if font != MONO:
                attrs["fontname"] = font
            if not done:
                attrs.update(fillcolor=GREY_FILL, fontcolor=GREY_TEXT, color=GREY_LINE)
            elif "flagged" in cls:
                attrs["fontcolor"] = FLAG_TEXT
            if "wrong" in cls:
                attrs.update(style="rounded,filled,dashed", color=FLAG_TEXT, fontcolor=FLAG_TEXT)
            if "partial" in cls and done:
                attrs.update(color=PARTIAL, style=attrs.get("style", "filled") + ",dashed")
            if "active" in cls:
                attrs.update(color=HIGHLIGHT, penwidth=str(hot_pen))
        if node_id in pinned_nodes:
            attrs["pos"] = f"{pinned_nodes[node_id]}!"
        put(graph, "node", (node_id, "\\n".join(lines)), attrs)

    def add_edge(graph, edge_id, tail, head, kind, extra):
        cls = classes(edge_id)
        attrs = {"id": f"bpx-{edge_id}", **extra}
        done = "done" in cls
        if kind == "leader":
            attrs.update(style="dashed", arrowhead="none")
        if kind == "link":
            word = LINK_WORDS[edge_id[:2]]
            attrs.update(
                label=word,
                style="dashed" if done else "invis",
                constraint="false",
                arrowhead="vee",
            )
        elif not done:
            attrs["color"] = GREY_LINE
        if "nolink" in cls and done:
            attrs["style"] = "dotted"
        if "active" in cls and done:
            attrs.update(color=HIGHLIGHT, penwidth=str(hot_pen - 1))
            if kind == "link":
                attrs["fontcolor"] = HIGHLIGHT
        if attrs["id"] in pinned_edges:
            pos, label_pos = pinned_edges[attrs["id"]]
            attrs["pos"] = pos
            if label_pos is not None:
                attrs["lp"] = label_pos
        put(graph, "edge", (tail, head), attrs)

    kinds = {node_id: (kind, font) for node_id, kind, font in shape_.nodes}
    if shape_.clusters:
        # the backward graph's cluster first: the layout then puts the forward one over it
        back = graphviz.Digraph(name="cluster_backward")
        back.attr(style="invis")
        front = graphviz.Digraph(name="cluster_forward")
        front.attr(style="invis")
        for node_id, (kind, font) in kinds.items():
            add_node(front if node_id[0] in "vfc" else back, node_id, kind, font)
        for edge_id, tail, head, kind, extra in shape_.edges:
            add_edge(back if kind == "bwd" else front, edge_id, tail, head, kind, extra)
        dot.subgraph(back)
        dot.subgraph(front)
        for top, bottom in shape_.columns:
            column = graphviz.Digraph()
            column.attr(rank="same")
            column.node(top)
            column.node(bottom)
            dot.subgraph(column)
    else:
        leaders = {tail: head for _, tail, head, kind, _ in shape_.edges if kind == "leader"}
        for node_id, (kind, font) in kinds.items():
            if node_id in leaders:  # the class over its function: one column
                column = graphviz.Digraph()
                column.attr(rank="same")
                add_node(column, node_id, kind, font)
                add_node(column, leaders[node_id], *kinds[leaders[node_id]])
                dot.subgraph(column)
            elif node_id not in leaders.values():
                add_node(dot, node_id, kind, font)
        for edge_id, tail, head, kind, extra in shape_.edges:
            add_edge(dot, edge_id, tail, head, kind, extra)
    return dot.source
