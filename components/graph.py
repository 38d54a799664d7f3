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

import copy
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
        variables = list(chain.variables)
        self.scalar = chain.variables[0].data.ndim == 0
        # every data and grad of a chain of elementwise functions has the input's shape
        self.shape = "" if self.scalar else fmt.shape_text(chain.variables[0].data)
        self._data = [None if v is None else v.data for v in variables]
        self._grad = [None if v is None else v.grad for v in variables]
        self._flags = [() if v is None else tuple(v.flags) for v in variables]
        self._grad_flags = [() if v is None else tuple(v.grad_flags) for v in variables]
        self.derivative = {}
        for record in stepper.records:
            if record.call.kind is Kind.BACKWARD:
                self.derivative[record.call.index] = record.derivative
        self.last = stepper.records[-1].call if stepper.records else None
        # the learner's functions whose backward fails the check (components/userfn.py)
        self.wrong = wrong_in_chain(chain)

    def blank(self):
        """The same chain before any call: only ``x`` holds data."""
        start = copy.copy(self)
        start._data = [self._data[0]] + [None] * self.n
        start._grad = [None] * (self.n + 1)
        start._flags = [self._flags[0]] + [()] * self.n
        start._grad_flags = [()] * (self.n + 1)
        start.derivative = {}
        start.last = None
        return start

    def var_done(self, i):
        return self._data[i] is not None

    def fn_done(self, i):
        return self._data[i + 1] is not None

    def grad_done(self, i):
        return self._data[i] is not None and self._grad[i] is not None

    def data(self, i):
        return self._data[i]

    def grad(self, i):
        return self._grad[i]

    def flags(self, i):
        return self._flags[i]

    def grad_flags(self, i):
        return self._grad_flags[i]

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


class _NoGraph:
    """Stands in for a ``graphviz.Digraph`` when only the labels and classes are wanted."""

    def attr(self, *args, **kwargs):
        pass

    node = edge = subgraph = attr


def _group(node_id):
    """Nodes of one group share a size: ``v`` variables, ``g`` grads, ``f``, ``d``, ``c``."""
    return node_id.rstrip("0123456789")


class _Builder:
    """Walks one view of one position. Every node and edge it draws is also recorded in
    ``items``: ``{id: (text or None, class)}``, what the page's graph element shows
    (see ``graph_frames``); ``lines`` keeps each node's label lines, ``kinds`` its shape
    and font, for the sizes fixed over a whole timeline."""

    def __init__(
        self, state, view, projector, lang="en", sizes=None, rankdir="LR", plain=False, dot=True
    ):
        self.s = state
        self.view = view
        self.lang = lang
        self.hot = set() if plain else state.highlighted(view)
        self.plain = plain  # every part drawn as done, nothing highlighted: the page's layout
        self.sizes = sizes
        self.items = {}
        self.lines = {}
        self.kinds = {}
        self.fontsize = PROJECTOR_FONT_SIZE if projector else FONT_SIZE
        self.penwidth = 1.8 if projector else PENWIDTH
        self.hot_penwidth = HIGHLIGHT_PENWIDTH + (1 if projector else 0)
        self.var_shape = "circle" if state.scalar else "ellipse"
        if not dot:
            self.dot = _NoGraph()
            return
        self.dot = graphviz.Digraph(name=f"backprop_{view}")
        self.dot.attr(
            "graph",
            rankdir=rankdir,
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

    # -- sizes ----------------------------------------------------------------------------
    def size(self, rows, font=MONO, kind="var"):
        """One fixed size for every node of a group, so a row lines up and no node moves.

        The text block (longest line x line count; Courier is 0.6 em a character, Times
        about 0.5 em) fits inside the circle: its diameter is the block's diagonal. A box
        is the block plus Graphviz's margins (and at least its default 0.75 x 0.5 inch).
        """
        em = self.fontsize / 72  # inches
        char = 0.6 if font == MONO else 0.52
        # a ⚠ (and Korean or Japanese) comes from a wider fallback font: two characters
        longest = max(_width(line) for lines in rows for line in lines)
        w = longest * char * em
        h = max(len(lines) for lines in rows) * 1.2 * em
        if kind == "fn":
            return {
                "width": f"{max(0.75, w + 0.3):.2f}",
                "height": f"{max(0.5, h + 0.16):.2f}",
                "fixedsize": "true",
            }
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

    def group_sizes(self, others=()):
        """``{group: size attributes}`` for the labels recorded here and in ``others``."""
        rows, kinds = {}, {}
        for builder in (self, *others):
            for node_id, lines in builder.lines.items():
                group = _group(node_id)
                rows.setdefault(group, []).append(lines)
                kinds[group] = builder.kinds[node_id]
        return {
            group: self.size(rows[group], font, kind)
            for group, (kind, font) in kinds.items()
            if kind != "label"
        }

    # -- nodes --------------------------------------------------------------------------
    def node(self, graph, node_id, lines, kind, done, flagged=False, font=None, wrong=False):
        """One node: ``kind`` 'var' (orange circle), 'fn' (blue rounded box) or 'label'.

        ``wrong``: a learner's backward that fails the check: a dashed red outline and the
        line ``⚠ != numerical_diff``, at every step (the check does not wait for the call).
        """
        done = done or self.plain
        if wrong:
            lines = [*lines, WRONG]
        self.lines[node_id] = lines
        self.kinds[node_id] = (kind, font or MONO)
        hot = node_id in self.hot
        cls = "done" if done else "grey"
        if hot:
            cls += " active"
        if done and flagged:
            cls += " flagged"
        if wrong:
            cls += " wrong"
        self.items[node_id] = ("\n".join(lines), cls)
        attrs = {"id": f"bpx-{node_id}"}
        if kind == "label":  # the class name over a function (forward view)
            attrs.update(shape="plaintext", style="solid")
            attrs["fontcolor"] = "black" if done else GREY_TEXT
            graph.node(node_id, graphviz.nohtml("\\n".join(lines)), **attrs)
            return
        if kind == "var":
            attrs["shape"] = self.var_shape
            attrs["fillcolor"] = ORANGE
        else:
            attrs["shape"] = "box"
            attrs["style"] = "rounded,filled"
            attrs["fillcolor"] = BLUE
        if self.sizes is not None:
            attrs.update(self.sizes[_group(node_id)])
        if font:
            attrs["fontname"] = font
        if not done:
            attrs.update(fillcolor=GREY_FILL, fontcolor=GREY_TEXT, color=GREY_LINE)
        elif flagged:
            attrs["fontcolor"] = FLAG_TEXT
        if wrong:
            attrs.update(style="rounded,filled,dashed", color=FLAG_TEXT, fontcolor=FLAG_TEXT)
            attrs["margin"] = "0.22,0.05"  # the browser's fallback for ⚠ is wider than Times
        if hot:
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
        """The variable nodes ``v<i>`` into ``graphs[i]``."""
        s = self.s
        for i in range(s.n + 1):
            lines, flagged = self.variable_lines(i)
            self.node(graphs[i], f"v{i}", lines, "var", s.var_done(i), flagged)

    def grads(self, graphs, code):
        """The grad nodes ``g<i>`` into ``graphs[i]``."""
        s = self.s
        font = None if code else MATH
        for i in range(s.n + 1):
            lines, flagged = self.grad_lines(i, code)
            self.node(graphs[i], f"g{i}", lines, "var", s.grad_done(i), flagged, font)

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
    def edge(self, tail, head, done, back=False, graph=None, **attrs):
        """An arrow. ``back``: drawn from ``head`` to ``tail`` (pointing left in LR)."""
        done = done or self.plain
        hot = tail in self.hot and head in self.hot
        self.items[f"{tail}-{head}"] = (None, ("done" if done else "grey") + (" active" * hot))
        attrs["id"] = f"bpx-{tail}-{head}"
        if back:
            attrs["dir"] = "back"
        if not done:
            attrs["color"] = GREY_LINE
        elif hot:
            attrs.update(color=HIGHLIGHT, penwidth=str(self.hot_penwidth - 1))
        (graph or self.dot).edge(tail, head, **attrs)

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
        if isinstance(self.dot, _NoGraph):
            return self.dot
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
            self.node(col, f"c{i}", [s.ops[i]], "label", done)
            self.function(col, i, with_class=False)
            self.edge(
                f"c{i}",
                f"f{i}",
                done,
                graph=col,
                style="dashed",
                arrowhead="none",
                color=ARROW if done or self.plain else GREY_LINE,
            )
            self.dot.subgraph(col)
        self.forward_edges()


def _check_view(view):
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; known: {', '.join(VIEWS)}")


def _walk(stepper, view, projector, lang, sizes=None, rankdir="LR", plain=False, dot=True):
    """One view of one position: step 06's ``Stepper``, or step 07 / 08's lesson (an
    ``autograd.BackwardStepper``: inside ``y.backward()`` the running line's nodes are the hot
    ones, and step 07's links are drawn, ``add_links``)."""
    _check_view(view)
    builder = _Builder(_State(stepper), view, projector, lang, sizes, rankdir, plain, dot)
    lesson = isinstance(stepper, BackwardStepper)
    if lesson and stepper.event is not None and not plain:
        builder.hot = _event_hot(builder.s, stepper.event, view)
    getattr(builder, view)()
    if lesson and view != "code":  # the code view has no forward row to link
        add_links(builder, None if plain else stepper.event)
    return builder


def describe(stepper, view="stacked", projector=False, lang="en"):
    """What ``view`` shows at ``stepper``'s position, without DOT: ``{id: (text, class)}``.

    Node ids as in the DOT (``v0``, ``f0``, ...), edge ids ``<tail>-<head>`` (``v0-f0``),
    step 07's links ``link-<kind>-<i>`` (``link-output-0``: ``f0 -> v1``, 07 / 08 only);
    the text is the label's lines joined by ``\n`` (``None`` for an edge); the class is
    ``done`` or ``grey``, plus `` active`` (the call just made, or the running line's
    nodes and links), `` flagged`` (a ⚠), and `` link`` on a link (grey: not set yet,
    not drawn).
    """
    return _walk(stepper, view, projector, lang, dot=False).items


def timeline_sizes(stepper, view="stacked", projector=False, lang="en", end=None):
    """The size of every node group over the whole timeline of ``stepper``'s chain.

    Once set, a value never changes as the timeline goes on, so every label a node ever
    holds is its label at the start (all ``None``) or at the end: the largest of the two,
    per group, fits every position. ``end`` is the same chain at the end of its timeline
    (computed from a copy of ``stepper`` when not given).
    """
    _check_view(view)
    if end is None:
        end = stepper if stepper.done else copy.deepcopy(stepper).run_to_end()
    last = _State(end)
    builders = []
    for state in (last, last.blank()):
        builder = _Builder(state, view, projector, lang, dot=False)
        getattr(builder, view)()
        builders.append(builder)
    return builders[0].group_sizes(builders[1:])


def build_dot(
    stepper, view="stacked", projector=False, lang="en", sizes=None, rankdir="LR", plain=False
) -> str:
    """DOT source of ``view`` ('stacked', 'code' or 'forward') for ``stepper``'s position.

    The call just made (``stepper.records[-1]``) is outlined in red; parts not computed yet
    are grey; non-finite values are written in red with a ``⚠`` and their flag.
    ``projector`` enlarges the fonts for a classroom projector; ``lang`` is the language of
    the flag words (``overflow``, ...), the one text of the graph that is not code or math.
    Every node has the fixed
    size of its group over the whole timeline (``timeline_sizes``, computed unless given),
    so every position of a chain has the same layout. ``rankdir="TB"`` is the vertical
    layout of narrow screens; ``plain`` draws every part as done and nothing highlighted
    (the one layout the page's graph element restyles at each position). For step 07 / 08's
    lesson (an ``autograd.BackwardStepper``) it is ``build_dot_links``'s picture.
    """
    _check_view(view)
    if sizes is None:
        sizes = timeline_sizes(stepper, view, projector, lang)
    return _walk(stepper, view, projector, lang, sizes, rankdir, plain).dot.source


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
    the forward call that sets it has run (before: an invisible edge, so that the layout is
    the same at every position; ``constraint=false``: they leave the layout of the columns
    alone). Those the running line of ``event`` follows are red. Each is an item
    ``link-<kind>-<i>`` (``link-output-0``), apart from the forward edge between the same
    nodes (``f0-v1``)."""
    s = builder.s
    hot = _event_links(s, event)
    for i in range(s.n):
        done = s.fn_done(i) or builder.plain
        links = (
            ("creator", f"v{i + 1}", f"f{i}"),
            ("input", f"f{i}", f"v{i}"),
            ("output", f"f{i}", f"v{i + 1}"),
        )
        for kind, tail, head in links:
            red = done and (kind, i) in hot
            item = f"link-{kind}-{i}"
            builder.items[item] = (None, ("done" if done else "grey") + " link" + " active" * red)
            builder.dot.edge(
                tail,
                head,
                id=f"bpx-{item}",
                label=kind,
                style="dashed" if done else "invis",
                constraint="false",
                arrowhead="vee",
                fontsize=str(builder.fontsize),  # a size graph_panel's CSS knows
                color=HIGHLIGHT if red else ARROW,
                fontcolor=HIGHLIGHT if red else ARROW,
                penwidth=str(builder.hot_penwidth - 1 if red else builder.penwidth),
            )


def dot_for(stepper, view="stacked", projector=False, lang="en") -> str:
    """``build_dot`` of step 06's ``Stepper`` or of 07 / 08's lesson (with the links)."""
    return build_dot(stepper, view, projector, lang)


def build_dot_links(lesson, view="stacked", projector=False, lang="en") -> str:
    """``build_dot`` for step 07 or 08 (an ``autograd.BackwardStepper``): the same views,
    plus the references of ``add_links``; inside ``y.backward()`` the nodes the running line
    touches are outlined in red (the book's one-step-at-a-time figures, Fig. 7-3). The node
    sizes are fixed over the lesson (``timeline_sizes``)."""
    return build_dot(lesson, view, projector, lang)
