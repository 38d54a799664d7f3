"""DOT source of the step-06 graphs, drawn the way the book draws them.

Three views of one ``autograd.Stepper``:

- ``"stacked"`` (Fig. 5-5): the forward row ``x -> A -> a -> B -> b -> C -> y`` and, directly
  under it, the backward row ``dy/dx <- A'(x) <- dy/da <- ... <- dy/dy`` with its arrows
  pointing left; each backward node stands in the column of its forward counterpart.
- ``"code"`` (Fig. 6-2): ``y.grad -> C.backward -> b.grad -> ... -> x.grad``, read from the
  right (``y.grad``, with ``(=1)`` once seeded) toward ``x.grad`` on the left.
- ``"forward"`` (Fig. 6-1): the forward row, each function's class over its box on a dashed
  leader.

Layout: ``rankdir=LR``, so a *rank* is a column. Every column is a ``rank=same`` subgraph
(``v0``/``g0``, ``f0``/``d0``...), which puts a backward node exactly under its forward
counterpart; an invisible edge inside the column keeps the forward node on top. The arrows of
the backward rows are edges written left to right with ``dir=back``, so the layout keeps the
columns in order while the arrowheads point left, at the node the gradient flows into.

Node ids are plain: ``v<i>`` variable i (``x``, ``a``, ..., ``y``), ``f<i>`` function i,
``g<i>`` the grad of variable i, ``d<i>`` the backward of function i, ``c<i>`` the class name
over function i (forward view). Every label is wrapped in ``graphviz.nohtml`` and goes through
the package's quoting, so no value can be read as an HTML-like label or break the DOT.
No Streamlit import: this module only builds text.
"""

import unicodedata

import graphviz

from autograd import BackwardStepper, Kind

from . import format as fmt
from .i18n import t
from .userfn import wrong_in_chain

VIEWS = ("stacked", "code", "forward")

# The book's colours (book-figures.md)
ORANGE = "#f5a91c"  # variables
BLUE = "#aad2e0"  # functions
OUTLINE = "#595656"
ARROW = "#4a4848"  # dark-grey arrows
# The call just made, parts not reached yet, non-finite values
HIGHLIGHT = "#d62728"
GREY_FILL = "#dbdbdb"
GREY_TEXT = "#7d7d7d"  # dimmed, yet readable on the grey fill
GREY_LINE = "#c4c4c4"
FLAG_TEXT = "#b00000"
WARN = "\u26a0"  # ⚠
WRONG = f"{WARN} != numerical_diff"  # on the backward of a learner's function that fails

MONO = "Courier"  # code names (x.grad, C.backward); graphviz knows its metrics
MATH = "Times-Italic"  # math names (A'(x), dy/dx)

FONT_SIZE = 12
PROJECTOR_FONT_SIZE = 22
PENWIDTH = 1.2
HIGHLIGHT_PENWIDTH = 3


class _State:
    """What the stepper has computed so far, and which nodes the last call touched."""

    def __init__(self, stepper):
        chain = stepper.chain
        self.n = len(chain.functions)
        self.ops = list(chain.ops)
        self.fn = list(chain.function_names)
        self.var = list(chain.variable_names)
        self.variables = list(chain.variables)
        self.scalar = chain.variables[0].data.ndim == 0
        # every data and grad of a chain of elementwise functions has the input's shape
        self.shape = "" if self.scalar else fmt.shape_text(chain.variables[0].data)
        self.derivative = {}
        for record in stepper.records:
            if record.call.kind is Kind.BACKWARD:
                self.derivative[record.call.index] = record.derivative
        self.last = stepper.records[-1].call if stepper.records else None
        # the learner's functions whose backward fails the check (components/userfn.py)
        self.wrong = wrong_in_chain(chain)

    def var_done(self, i):
        return self.variables[i] is not None

    def fn_done(self, i):
        return self.variables[i + 1] is not None

    def grad_done(self, i):
        return self.variables[i] is not None and self.variables[i].grad is not None

    def data(self, i):
        v = self.variables[i]
        return None if v is None else v.data

    def grad(self, i):
        v = self.variables[i]
        return None if v is None else v.grad

    def flags(self, i):
        v = self.variables[i]
        return () if v is None else tuple(v.flags)

    def grad_flags(self, i):
        v = self.variables[i]
        return () if v is None else tuple(v.grad_flags)

    def highlighted(self, view):
        """Ids of the nodes the last call touched, in ``view``."""
        call = self.last
        if call is None:
            return set()
        i = call.index
        if call.kind is Kind.FORWARD:
            return set() if view == "code" else {f"v{i}", f"f{i}", f"v{i + 1}"}
        if call.kind is Kind.SEED:
            return {f"v{self.n}"} if view == "forward" else {f"g{self.n}"}
        if view == "forward":  # backward i sets v<i>.grad through function i
            return {f"v{i}", f"f{i}", f"v{i + 1}"}
        return {f"g{i + 1}", f"d{i}", f"g{i}"}


def _flag(value, flags, lang="en"):
    """``" ⚠ overflow"`` (floating-point flags, in ``lang``), ``" ⚠"`` (inf or nan), else ``""``."""
    if flags:
        return f" {WARN} {', '.join(t(lang, f'graph_flag_{flag}') for flag in flags)}"
    return f" {WARN}" if fmt.nonfinite(value) else ""


def _width(line):
    """Characters of ``line`` in Courier widths: a ⚠ or a Korean or Japanese one counts two."""
    return sum(2 if c == WARN or unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


class _Builder:
    def __init__(self, state, view, projector, lang="en"):
        self.s = state
        self.view = view
        self.lang = lang
        self.hot = state.highlighted(view)
        self.fontsize = PROJECTOR_FONT_SIZE if projector else FONT_SIZE
        self.penwidth = 1.8 if projector else PENWIDTH
        self.hot_penwidth = HIGHLIGHT_PENWIDTH + (1 if projector else 0)
        self.dot = graphviz.Digraph(name=f"backprop_{view}")
        self.dot.attr(
            "graph",
            rankdir="LR",
            ranksep="0.45" if projector else "0.3",
            nodesep="0.35" if projector else "0.25",
            bgcolor="white",
            fontname=MONO,
        )
        self.dot.attr(
            "node",
            fontname=MONO,
            fontsize=str(self.fontsize),
            style="filled",
            color=OUTLINE,
            penwidth=str(self.penwidth),
            margin="0.1,0.04",
        )
        self.dot.attr(
            "edge",
            color=ARROW,
            penwidth=str(self.penwidth),
            arrowsize="0.8",
            fontname=MONO,
            fontsize=str(self.fontsize),
        )
        self.var_shape = "circle" if state.scalar else "ellipse"

    # -- nodes --------------------------------------------------------------------------
    def size(self, rows, font=MONO):
        """One fixed size for every variable node of a row, so the row lines up.

        The text block (longest line x line count; Courier is 0.6 em a character, Times
        about 0.5 em) fits inside the circle: its diameter is the block's diagonal.
        """
        em = self.fontsize / 72  # inches
        char = 0.6 if font == MONO else 0.52
        # a ⚠ (and Korean or Japanese) comes from a wider fallback font: two characters
        longest = max(_width(line) for lines in rows for line in lines)
        w = longest * char * em
        h = max(len(lines) for lines in rows) * 1.2 * em
        if self.var_shape == "circle":
            d = f"{(w * w + h * h) ** 0.5 + 1.2 * em:.2f}"
            return {"width": d, "height": d, "fixedsize": "true"}
        # a round ellipse through the corners of the text block: twice its height, and
        # 1/sqrt(1 - 1/4) = 1.155 times its width
        return {
            "width": f"{w * 1.155 + em:.2f}",
            "height": f"{h * 2 + em:.2f}",
            "fixedsize": "true",
        }

    def node(
        self, graph, node_id, lines, kind, done, flagged=False, font=None, size=None, wrong=False
    ):
        """One node: ``kind`` 'var' (orange circle) or 'fn' (blue rounded box).

        ``wrong``: a learner's backward that fails the check: a dashed red outline and the
        line ``⚠ != numerical_diff``, at every step (the check does not wait for the call).
        """
        attrs = {}
        if kind == "var":
            attrs["shape"] = self.var_shape
            attrs["fillcolor"] = ORANGE
            attrs.update(size or {})
        else:
            attrs["shape"] = "box"
            attrs["style"] = "rounded,filled"
            attrs["fillcolor"] = BLUE
        if font:
            attrs["fontname"] = font
        if not done:
            attrs.update(fillcolor=GREY_FILL, fontcolor=GREY_TEXT, color=GREY_LINE)
        elif flagged:
            attrs["fontcolor"] = FLAG_TEXT
        if wrong:
            lines = [*lines, WRONG]
            attrs.update(style="rounded,filled,dashed", color=FLAG_TEXT, fontcolor=FLAG_TEXT)
            attrs["margin"] = "0.22,0.05"  # the browser's fallback for ⚠ is wider than Times
        if node_id in self.hot:
            attrs.update(color=HIGHLIGHT, penwidth=str(self.hot_penwidth))
        # "\n" is DOT's line break; nohtml: never read as an HTML-like label
        graph.node(node_id, graphviz.nohtml("\\n".join(lines)), **attrs)

    def variable_lines(self, i):
        """``x`` / ``data 0.5`` / ``grad None``; a non-finite value gets ``⚠`` and its flag.

        Returns the lines and whether a value is flagged.
        """
        s = self.s
        data_flag = _flag(s.data(i), s.flags(i), self.lang)
        grad_flag = _flag(s.grad(i), s.grad_flags(i), self.lang)
        lines = [  # an array's shape once, by the name: x (3,) / data [0.5 1 -2]
            f"{s.var[i]} {s.shape}".strip(),
            f"data {fmt.short(s.data(i), shape=False)}{data_flag}",
            f"grad {fmt.short(s.grad(i), shape=False)}{grad_flag}",
        ]
        return lines, bool(data_flag or grad_flag)

    def grad_lines(self, i, code):
        """``dy/dx`` (stacked) or ``x.grad`` (code view) and its value (+ flag)."""
        s = self.s
        grad = s.grad(i)
        flag = _flag(grad, s.grad_flags(i), self.lang)
        if code:
            name = f"{s.var[i]}.grad"
            if i == s.n and s.grad_done(i):  # the seed, as the book writes it
                value = "(=1)" if s.scalar else f"(=1) {fmt.short(grad)}"
            else:
                value = fmt.short(grad)
        else:
            name = f"dy/d{s.var[i]}"
            value = fmt.short(grad, shape=False)  # the shape is over it, in the forward row
        return [name, value + flag], bool(flag)

    def variables(self, graphs):
        """The variable nodes ``v<i>`` into ``graphs[i]``, all of one size."""
        s = self.s
        rows = [self.variable_lines(i) for i in range(s.n + 1)]
        size = self.size([lines for lines, _ in rows])
        for i, (lines, flagged) in enumerate(rows):
            self.node(graphs[i], f"v{i}", lines, "var", s.var_done(i), flagged, size=size)

    def grads(self, graphs, code):
        """The grad nodes ``g<i>`` into ``graphs[i]``, all of one size."""
        s = self.s
        rows = [self.grad_lines(i, code) for i in range(s.n + 1)]
        font = None if code else MATH
        size = self.size([lines for lines, _ in rows], font or MONO)
        for i, (lines, flagged) in enumerate(rows):
            self.node(graphs[i], f"g{i}", lines, "var", s.grad_done(i), flagged, font, size)

    def function(self, graph, i, with_class=True):
        s = self.s
        lines = [s.fn[i], s.ops[i]] if with_class else [s.fn[i]]
        wrong = self.view == "forward" and i in s.wrong  # no backward node in this view
        self.node(graph, f"f{i}", lines, "fn", s.fn_done(i), wrong=wrong)

    def backward_node(self, graph, i, code):
        """The backward of function i: ``A'(x)`` (stacked) or ``A.backward`` (code view)."""
        s = self.s
        done = s.grad_done(i)
        derivative = s.derivative.get(i) if done else None
        if code:
            lines = [f"{s.fn[i]}.backward", f"({s.ops[i]})"]
        else:
            lines = [f"{s.fn[i]}'({s.var[i]})", f"{s.ops[i]}'"]
            if derivative is not None:
                lines.append(f"= {fmt.short(derivative, shape=False)}")
        flagged = fmt.nonfinite(derivative)
        font = None if code else MATH
        self.node(graph, f"d{i}", lines, "fn", done, flagged, font, wrong=i in s.wrong)

    # -- edges --------------------------------------------------------------------------
    def edge(self, tail, head, done, back=False, **attrs):
        """An arrow. ``back``: drawn from ``head`` to ``tail`` (pointing left in LR)."""
        if back:
            attrs["dir"] = "back"
        if not done:
            attrs["color"] = GREY_LINE
        elif tail in self.hot and head in self.hot:
            attrs.update(color=HIGHLIGHT, penwidth=str(self.hot_penwidth - 1))
        self.dot.edge(tail, head, **attrs)

    def forward_edges(self):
        s = self.s
        for i in range(s.n):
            self.edge(f"v{i}", f"f{i}", s.fn_done(i))
            self.edge(f"f{i}", f"v{i + 1}", s.fn_done(i))

    def backward_edges(self):
        """``g<i+1> -> d<i> -> g<i>``, written left to right with ``dir=back``."""
        s = self.s
        for i in range(s.n):
            self.edge(f"g{i}", f"d{i}", s.grad_done(i), back=True)
            self.edge(f"d{i}", f"g{i + 1}", s.grad_done(i), back=True)

    # -- views --------------------------------------------------------------------------
    def column(self):
        """A ``rank=same`` subgraph: in ``rankdir=LR``, one column of the picture."""
        col = graphviz.Digraph()
        col.attr(rank="same")
        return col

    def stacked(self):
        s = self.s
        var_cols = [self.column() for _ in range(s.n + 1)]
        fn_cols = [self.column() for _ in range(s.n)]
        self.variables(var_cols)
        self.grads(var_cols, code=False)
        for i in range(s.n):
            self.function(fn_cols[i], i)
            self.backward_node(fn_cols[i], i, code=False)
        for i in range(s.n + 1):  # the forward node over its backward counterpart
            var_cols[i].edge(f"v{i}", f"g{i}", style="invis")
            self.dot.subgraph(var_cols[i])
            if i < s.n:
                fn_cols[i].edge(f"f{i}", f"d{i}", style="invis")
                self.dot.subgraph(fn_cols[i])
        self.forward_edges()
        self.backward_edges()

    def code(self):
        s = self.s
        self.grads([self.dot] * (s.n + 1), code=True)
        for i in range(s.n):
            self.backward_node(self.dot, i, code=True)
        self.backward_edges()

    def forward(self):
        s = self.s
        self.variables([self.dot] * (s.n + 1))
        for i in range(s.n):
            col = self.column()
            done = s.fn_done(i)
            col.node(
                f"c{i}",
                graphviz.nohtml(s.ops[i]),
                shape="plaintext",
                style="solid",
                fontcolor="black" if done else GREY_TEXT,
            )
            self.function(col, i, with_class=False)
            col.edge(
                f"c{i}",
                f"f{i}",
                style="dashed",
                arrowhead="none",
                color=ARROW if done else GREY_LINE,
            )
            self.dot.subgraph(col)
        self.forward_edges()


def build_dot(stepper, view="stacked", projector=False, lang="en") -> str:
    """DOT source of ``view`` ('stacked', 'code' or 'forward') for ``stepper``'s position.

    The call just made (``stepper.records[-1]``) is outlined in red; parts not computed yet
    are grey; non-finite values are written in red with a ``⚠`` and their flag.
    ``projector`` enlarges the fonts for a classroom projector; ``lang`` is the language of
    the flag words (``overflow``, ...), the one text of the graph that is not code or math.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; known: {', '.join(VIEWS)}")
    builder = _Builder(_State(stepper), view, projector, lang)
    getattr(builder, view)()
    return builder.dot.source


# -- steps 07 and 08: the references a forward call now sets -----------------------------------
def _event_hot(s, event, view):
    """Ids of the nodes an event of ``y.backward()`` touches (its function and variables)."""
    hot = {f"v{s.var.index(name)}" for name in event.variables}
    if event.function is not None:
        i = s.fn.index(event.function)
        hot.add(f"f{i}")
        if event.call is not None and view != "forward":  # the grad call: the backward row
            hot = {f"g{i + 1}", f"d{i}", f"g{i}"} | (hot if view == "stacked" else set())
    return hot


def _event_links(s, event):
    """The references an event follows, as ``(kind, function index)``."""
    if event is None or event.function is None:
        return set()
    i = s.fn.index(event.function)
    kind = event.kind.value
    if kind in ("creator", "funcs", "append"):  # self.creator, x.creator: made by function i
        return {("creator", i)}
    if kind == "input":  # 07: x = f.input; 08: x, y = f.input, f.output
        return {("input", i), ("output", i)} if event.book == "08" else {("input", i)}
    return set()


def add_links(builder, event=None):
    """Step 07's references, drawn as the book does (Fig. 7-2): dashed curved arrows from a
    variable to its ``creator`` and from a function to its ``input`` and ``output``, each once
    the forward call that sets it has run (``constraint=false``: they leave the layout of the
    columns alone). Those the running line of ``event`` follows are red."""
    s = builder.s
    hot = _event_links(s, event)
    for i in range(s.n):
        if not s.fn_done(i):
            continue
        links = (
            ("creator", f"v{i + 1}", f"f{i}"),
            ("input", f"f{i}", f"v{i}"),
            ("output", f"f{i}", f"v{i + 1}"),
        )
        for kind, tail, head in links:
            red = (kind, i) in hot
            builder.dot.edge(
                tail,
                head,
                label=kind,
                style="dashed",
                constraint="false",
                arrowhead="vee",
                fontsize=str(builder.fontsize),  # a size graph_panel's CSS knows
                color=HIGHLIGHT if red else ARROW,
                fontcolor=HIGHLIGHT if red else ARROW,
                penwidth=str(builder.hot_penwidth - 1 if red else builder.penwidth),
            )


def dot_for(stepper, view="stacked", projector=False, lang="en") -> str:
    """``build_dot`` for step 06's ``Stepper``, ``build_dot_links`` for 07 / 08's lesson."""
    draw = build_dot_links if isinstance(stepper, BackwardStepper) else build_dot
    return draw(stepper, view, projector, lang)


def build_dot_links(lesson, view="stacked", projector=False, lang="en") -> str:
    """``build_dot`` for step 07 or 08 (an ``autograd.BackwardStepper``): the same views,
    plus the references of ``add_links``; inside ``y.backward()`` the nodes the running line
    touches are outlined in red (the book's one-step-at-a-time figures, Fig. 7-3)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; known: {', '.join(VIEWS)}")
    builder = _Builder(_State(lesson), view, projector, lang)
    if lesson.event is not None:
        builder.hot = _event_hot(builder.s, lesson.event, view)
    getattr(builder, view)()
    if view != "code":  # the code view has no forward row to link
        add_links(builder, lesson.event)
    return builder.dot.source
