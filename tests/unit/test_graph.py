"""components.graph.build_dot: the book's three figures as DOT, at every step of the program.

The DOT is parsed back (node statements, edge statements, ``rank=same`` groups) and checked
against the stepper's own variables; a render test lays it out with a real Graphviz
(``dot`` or ``graphviz-pure``) and checks the geometry: columns, rows, arrow directions.
"""

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import autograd
from components import format as fmt
from components.graph import GREY_TEXT, build_dot

BOOK_OPS = ["Square", "Exp", "Square"]
BOOK_X = 0.5
N = len(BOOK_OPS)
POSITIONS = range(2 * N + 2)  # 0 (nothing done) .. 7 (x.grad computed)
VIEWS = ("stacked", "code", "forward")

ORANGE, BLUE = "#f5a91c", "#aad2e0"
HIGHLIGHT = "#d62728"


def book(position):
    stepper = autograd.Stepper(BOOK_OPS, BOOK_X)
    for _ in range(position):
        stepper.step()
    assert stepper.position == position
    return stepper


# -- a small reader of the DOT the graphviz package writes -------------------------------
ATTR = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|[^\s\]]+)')
EDGE = re.compile(r"^(\w+) -> (\w+)(?: \[(.*)\])?$")
NODE = re.compile(r"^(\w+) \[(.*)\]$")


def attrs(text):
    out = {}
    for key, value in ATTR.findall(text or ""):
        if value.startswith('"'):
            value = value[1:-1].replace('\\"', '"')
        out[key] = value
    return out


class Dot:
    def __init__(self, source):
        self.source = source
        self.nodes = {}  # id -> attrs
        self.edges = []  # (tail, head, attrs)
        self.groups = []  # rank=same groups: (set of node ids, [(tail, head, attrs)])
        self.defaults = {}  # 'graph' / 'node' / 'edge' -> attrs
        self.duplicates = []
        lines = [line.strip() for line in source.splitlines()]
        assert lines[0].startswith("digraph ") and lines[0].endswith("{"), lines[0]
        assert lines[-1] == "}"
        group = None
        for line in lines[1:-1]:
            if line == "{":
                group = {"rank": None, "nodes": set(), "edges": []}
            elif line == "}":
                assert group["rank"] == "same"
                self.groups.append((group["nodes"], group["edges"]))
                group = None
            elif line.startswith("rank="):
                group["rank"] = line.split("=", 1)[1]
            elif line.split(" ", 1)[0] in ("graph", "node", "edge") and line.endswith("]"):
                self.defaults[line.split(" ", 1)[0]] = attrs(line.split(" ", 1)[1])
            elif m := EDGE.match(line):
                edge = (m[1], m[2], attrs(m[3]))
                self.edges.append(edge)
                if group is not None:
                    group["edges"].append(edge)
            elif m := NODE.match(line):
                if m[1] in self.nodes:
                    self.duplicates.append(m[1])
                self.nodes[m[1]] = attrs(m[2])
                if group is not None:
                    group["nodes"].add(m[1])
            else:
                raise AssertionError(f"unexpected DOT line: {line!r}")

    def label(self, node_id):
        """The label's lines (DOT's ``\\n`` escape is the line break)."""
        return self.nodes[node_id]["label"].split("\\n")

    def node_attr(self, node_id, key):
        return self.nodes[node_id].get(key, self.defaults["node"].get(key))

    def highlighted(self):
        return {
            n
            for n, a in self.nodes.items()
            if a.get("color") == HIGHLIGHT and float(a.get("penwidth", 0)) >= 3
        }

    def grey(self):
        return {n for n, a in self.nodes.items() if a.get("fillcolor") == "#dbdbdb"}

    def visible_edges(self):
        return [e for e in self.edges if e[2].get("style") != "invis"]

    def arrows(self):
        """Edges as drawn: (from, to) with the arrowhead at ``to`` (``dir=back`` flips it)."""
        out = []
        for tail, head, a in self.visible_edges():
            if a.get("arrowhead") == "none":
                continue
            out.append((head, tail) if a.get("dir") == "back" else (tail, head))
        return out


def parse(stepper, view="stacked", projector=False):
    source = build_dot(stepper, view, projector)
    dot = Dot(source)
    assert not dot.duplicates
    return dot


def ids(prefix, count):
    return [f"{prefix}{i}" for i in range(count)]


# -- expectations for the book's chain, written from the book's program -----------------
# position -> the nodes of the call just made, per view (the program, line by line:
# a = A(x); b = B(a); y = C(b); y.grad = 1; b.grad = C.backward(y.grad); ...)
HIGHLIGHTS = {
    "stacked": [
        set(),
        {"v0", "f0", "v1"},
        {"v1", "f1", "v2"},
        {"v2", "f2", "v3"},
        {"g3"},
        {"g3", "d2", "g2"},
        {"g2", "d1", "g1"},
        {"g1", "d0", "g0"},
    ],
    "code": [
        set(),
        set(),
        set(),
        set(),
        {"g3"},
        {"g3", "d2", "g2"},
        {"g2", "d1", "g1"},
        {"g1", "d0", "g0"},
    ],
    "forward": [
        set(),
        {"v0", "f0", "v1"},
        {"v1", "f1", "v2"},
        {"v2", "f2", "v3"},
        {"v3"},
        {"v2", "f2", "v3"},
        {"v1", "f1", "v2"},
        {"v0", "f0", "v1"},
    ],
}


def expected_grey(position, view):
    """Not reached yet at ``position``: computed variables/functions and grads are not."""
    grey = set()
    forward_done = min(position, N)  # functions called so far
    backward_done = max(0, position - N)  # the seed, then C, B, A
    if view in ("stacked", "forward"):
        grey |= {f"v{i}" for i in range(forward_done + 1, N + 1)}
        grey |= {f"f{i}" for i in range(forward_done, N)}
    if view in ("stacked", "code"):
        # grad i is set by call number N - i of the backward phase (the seed sets g3)
        grey |= {f"g{i}" for i in range(N + 1) if backward_done < N + 1 - i}
        grey |= {f"d{i}" for i in range(N) if backward_done < N + 1 - i}
    return grey


# -- structure ------------------------------------------------------------------------------
@pytest.mark.parametrize("view", VIEWS)
def test_node_ids_per_view(view):
    dot = parse(book(0), view)
    expected = {
        "stacked": ids("v", N + 1) + ids("f", N) + ids("g", N + 1) + ids("d", N),
        "code": ids("g", N + 1) + ids("d", N),
        "forward": ids("v", N + 1) + ids("f", N) + ids("c", N),
    }[view]
    assert set(dot.nodes) == set(expected)


def test_unknown_view_is_refused():
    with pytest.raises(ValueError, match="view"):
        build_dot(book(0), "sideways")


def test_default_view_is_stacked():
    stepper = book(3)
    assert build_dot(stepper) == build_dot(stepper, "stacked")


@pytest.mark.parametrize("position", POSITIONS)
def test_variable_labels_show_name_data_and_grad_from_the_stepper(position):
    stepper = book(position)
    chain = stepper.chain
    for view in ("stacked", "forward"):
        dot = parse(stepper, view)
        for i, name in enumerate(chain.variable_names):
            var = chain.variables[i]
            data = None if var is None else var.data
            grad = None if var is None else var.grad
            assert dot.label(f"v{i}") == [
                name,
                f"data {fmt.short(data)}",
                f"grad {fmt.short(grad)}",
            ]


@pytest.mark.parametrize("position", POSITIONS)
def test_function_labels_show_letter_and_class(position):
    stepper = book(position)
    chain = stepper.chain
    stacked, forward = parse(stepper, "stacked"), parse(stepper, "forward")
    for i, (letter, op) in enumerate(zip(chain.function_names, chain.ops, strict=True)):
        assert stacked.label(f"f{i}") == [letter, op]
        assert forward.label(f"f{i}") == [letter]  # its class is over it, on the leader
        assert forward.label(f"c{i}") == [op]


@pytest.mark.parametrize("position", POSITIONS)
def test_backward_row_labels(position):
    stepper = book(position)
    chain = stepper.chain
    dot = parse(stepper, "stacked")
    for i, name in enumerate(chain.variable_names):
        var = chain.variables[i]
        grad = None if var is None else var.grad
        assert dot.label(f"g{i}") == [f"dy/d{name}", fmt.short(grad)]
    backward = autograd.Kind.BACKWARD
    derivatives = {r.call.index: r.derivative for r in stepper.records if r.call.kind is backward}
    for i, letter in enumerate(chain.function_names):
        lines = dot.label(f"d{i}")
        assert lines[:2] == [f"{letter}'({chain.variable_names[i]})", f"{chain.ops[i]}'"]
        if i in derivatives:
            assert lines[2:] == [f"= {fmt.short(derivatives[i])}"]
        else:
            assert lines[2:] == []


def test_book_values_at_the_end():
    """The numbers the book prints appear in the labels (6 significant digits)."""
    stepper = book(POSITIONS[-1])
    stacked, code = parse(stepper, "stacked"), parse(stepper, "code")
    assert stacked.label("v0")[2] == "grad 3.29744"  # print(x.grad): 3.297442541400256
    assert stacked.label("g0")[1] == "3.29744"
    assert code.label("g0") == ["x.grad", "3.29744"]
    assert stacked.label("v0")[1] == "data 0.5"


@pytest.mark.parametrize("position", POSITIONS)
def test_code_view_labels_and_the_seed(position):
    stepper = book(position)
    chain = stepper.chain
    dot = parse(stepper, "code")
    for i, letter in enumerate(chain.function_names):
        assert dot.label(f"d{i}") == [f"{letter}.backward", f"({chain.ops[i]})"]
    for i, name in enumerate(chain.variable_names[:-1]):
        var = chain.variables[i]
        grad = None if var is None else var.grad
        assert dot.label(f"g{i}") == [f"{name}.grad", fmt.short(grad)]
    seeded = position > N
    assert chain.y is None or (chain.y.grad is not None) == seeded
    assert dot.label(f"g{N}") == ["y.grad", "(=1)" if seeded else "None"]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("position", POSITIONS)
def test_highlight_is_exactly_the_call_just_made(view, position):
    dot = parse(book(position), view)
    assert dot.highlighted() == HIGHLIGHTS[view][position]
    # the arrows between the highlighted nodes are highlighted, no others
    hot = HIGHLIGHTS[view][position]
    for tail, head, a in dot.visible_edges():
        if a.get("style") == "dashed":
            continue
        assert (a.get("color") == HIGHLIGHT) == (tail in hot and head in hot), (tail, head)


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("position", POSITIONS)
def test_not_yet_reached_nodes_are_grey(view, position):
    dot = parse(book(position), view)
    grey = expected_grey(position, view)
    assert dot.grey() == grey
    for node_id in dot.nodes:
        a = dot.nodes[node_id]
        if node_id.startswith("c"):
            continue
        if node_id in grey:
            assert a["fontcolor"] == GREY_TEXT
            assert a["color"] not in ("#595656", HIGHLIGHT)
        else:  # the book's colours: orange variables, blue functions
            assert a["fillcolor"] == (ORANGE if node_id[0] in "vg" else BLUE)
            assert "fontcolor" not in a
    # an arrow into or out of a grey node is grey too
    for tail, head, a in dot.visible_edges():
        if tail in grey or head in grey:
            assert a.get("color") == "#c4c4c4", (tail, head)


def test_shapes_and_fonts_follow_the_book():
    dot = parse(book(7), "stacked")
    assert dot.defaults["node"]["fontname"] == "Courier"  # code names in monospace
    assert dot.defaults["node"]["color"] == "#595656"
    assert dot.defaults["edge"]["color"] in ("#4a4848", "#595656")  # dark grey arrows
    for i in range(N + 1):
        assert dot.nodes[f"v{i}"]["shape"] == "circle"
        assert dot.nodes[f"g{i}"]["shape"] == "circle"
        assert dot.nodes[f"g{i}"]["fontname"] == "Times-Italic"  # math names in italics
    for i in range(N):
        assert dot.nodes[f"f{i}"]["shape"] == "box"
        assert "rounded" in dot.nodes[f"f{i}"]["style"]
        assert "rounded" in dot.nodes[f"d{i}"]["style"]


@pytest.mark.parametrize("position", POSITIONS)
def test_stacked_rows_order_and_arrow_directions(position):
    dot = parse(book(position), "stacked")
    assert dot.defaults["graph"]["rankdir"] == "LR"
    arrows = dot.arrows()
    forward = ["v0", "f0", "v1", "f1", "v2", "f2", "v3"]
    backward = ["g3", "d2", "g2", "d1", "g1", "d0", "g0"]  # dy/dy -> C'(b) -> ... -> dy/dx
    assert sorted(arrows) == sorted(
        list(zip(forward, forward[1:], strict=False))
        + list(zip(backward, backward[1:], strict=False))
    )
    # With rankdir=LR an edge's tail is laid out left of its head. The forward row is written
    # left to right; every backward edge is written left to right with dir=back, so its
    # arrowhead is on its left end: the backward row's arrows point left.
    for tail, _, a in dot.visible_edges():
        if tail[0] in "gd":
            assert a.get("dir") == "back"
        else:
            assert "dir" not in a
    # left-to-right order of the written backward edges: g0, d0, g1, d1, ... (columns)
    written = [(t, h) for t, h, a in dot.visible_edges() if t[0] in "gd"]
    order = ["g0", "d0", "g1", "d1", "g2", "d2", "g3"]
    assert sorted(written) == sorted(zip(order, order[1:], strict=False))


@pytest.mark.parametrize("position", POSITIONS)
def test_each_backward_node_is_in_the_column_of_its_counterpart(position):
    dot = parse(book(position), "stacked")
    groups = {frozenset(nodes): edges for nodes, edges in dot.groups}
    expected = [{f"v{i}", f"g{i}"} for i in range(N + 1)] + [{f"f{i}", f"d{i}"} for i in range(N)]
    assert set(groups) == {frozenset(g) for g in expected}
    for i in range(N + 1):  # an invisible edge keeps the forward node on top
        assert groups[frozenset({f"v{i}", f"g{i}"})] == [(f"v{i}", f"g{i}", {"style": "invis"})]
    for i in range(N):
        assert groups[frozenset({f"f{i}", f"d{i}"})] == [(f"f{i}", f"d{i}", {"style": "invis"})]


@pytest.mark.parametrize("position", POSITIONS)
def test_code_view_is_one_row_read_from_y_grad(position):
    dot = parse(book(position), "code")
    assert dot.groups == []
    chain = ["g3", "d2", "g2", "d1", "g1", "d0", "g0"]  # y.grad -> C.backward -> ... -> x.grad
    assert sorted(dot.arrows()) == sorted(zip(chain, chain[1:], strict=False))
    # written left to right (x.grad on the left), drawn pointing left as in the book
    assert all(a.get("dir") == "back" for _, _, a in dot.visible_edges())
    assert all(int(t[1:]) <= int(h[1:]) for t, h, _ in dot.visible_edges())


@pytest.mark.parametrize("position", POSITIONS)
def test_forward_view_names_the_class_over_each_box(position):
    stepper = book(position)
    dot = parse(stepper, "forward")
    groups = {frozenset(nodes): edges for nodes, edges in dot.groups}
    for i, op in enumerate(stepper.chain.ops):
        assert dot.nodes[f"c{i}"]["shape"] == "plaintext"
        assert dot.label(f"c{i}") == [op]
        (leader,) = groups[frozenset({f"c{i}", f"f{i}"})]  # same column: right over the box
        assert leader[:2] == (f"c{i}", f"f{i}")  # written first: drawn above
        assert leader[2]["style"] == "dashed"
        assert leader[2]["arrowhead"] == "none"
    forward = ["v0", "f0", "v1", "f1", "v2", "f2", "v3"]
    assert sorted(dot.arrows()) == sorted(zip(forward, forward[1:], strict=False))


# -- non-finite values ---------------------------------------------------------------------
def test_non_finite_values_are_flagged():
    stepper = autograd.Stepper(["Exp"] * 4, 10.0).run_to_end()
    chain = stepper.chain
    assert any(fmt.nonfinite(v.data) for v in chain.variables)  # the premise
    for view in VIEWS:
        dot = parse(stepper, view)
        for i, var in enumerate(chain.variables):
            if view != "code":
                lines = dot.label(f"v{i}")
                bad = fmt.nonfinite(var.data) or fmt.nonfinite(var.grad)
                assert ("⚠" in dot.nodes[f"v{i}"]["label"]) == bad
                assert (dot.nodes[f"v{i}"].get("fontcolor") == "#b00000") == bad
                assert ("⚠" in lines[1]) == fmt.nonfinite(var.data)
                assert ("⚠" in lines[2]) == fmt.nonfinite(var.grad)
                for flag in var.flags:  # the engine's flag name, on the data line
                    assert flag in lines[1]
                for flag in var.grad_flags:
                    assert flag in lines[2]
            if view != "forward":
                bad = fmt.nonfinite(var.grad)
                assert ("⚠" in dot.nodes[f"g{i}"]["label"]) == bad
                assert (dot.nodes[f"g{i}"].get("fontcolor") == "#b00000") == bad
                for flag in var.grad_flags:
                    assert flag in dot.nodes[f"g{i}"]["label"]
    # the overflow the engine recorded is named somewhere
    flags = {f for v in chain.variables for f in (*v.flags, *v.grad_flags)}
    assert "overflow" in flags
    assert "overflow" in build_dot(stepper, "stacked")


def test_finite_values_are_not_flagged():
    dot = parse(book(7), "stacked")
    assert "⚠" not in dot.source
    assert "#b00000" not in dot.source


# -- size, scale, long chains, escaping ----------------------------------------------------
LONG_OPS = (["Square", "Exp", "Sin", "Cos", "Tanh", "Sigmoid"] * 6)[:32]


@pytest.fixture(scope="module")
def huge():
    """32 functions on a 1,000,000-element input, run to the end."""
    return autograd.Stepper(LONG_OPS, np.linspace(0.25, 1, 1_000_000)).run_to_end()


@pytest.mark.parametrize("projector", [False, True])
@pytest.mark.parametrize("view", VIEWS)
def test_dot_is_under_50_kb_for_a_million_elements_and_32_functions(huge, view, projector):
    source = build_dot(huge, view, projector)
    assert len(source.encode()) < 50_000
    dot = Dot(source)
    assert len(dot.nodes) >= 2 * 32 + 1
    # the labels still carry the values: the shape once, then a few numbers
    assert "(1000000,)" in dot.nodes["v0" if view != "code" else "g0"]["label"]


def test_projector_fonts_are_larger():
    stepper = book(5)
    for view in VIEWS:
        normal, big = parse(stepper, view), parse(stepper, view, projector=True)
        for kind in ("node", "edge"):
            small_size = float(normal.defaults[kind]["fontsize"])
            big_size = float(big.defaults[kind]["fontsize"])
            assert big_size >= 20 > small_size
        # no node overrides the font size back down
        assert all("fontsize" not in a for a in big.nodes.values())
        assert set(big.nodes) == set(normal.nodes)


def test_32_functions_have_unique_names_and_ids():
    stepper = autograd.Stepper(LONG_OPS, 0.1).run_to_end()
    chain = stepper.chain
    for view in VIEWS:
        dot = parse(stepper, view)  # parse() fails on a repeated node id
        if view == "code":
            names = [dot.label(f"d{i}")[0] for i in range(32)]
            assert names == [f"{f}.backward" for f in chain.function_names]
        else:
            names = [dot.label(f"f{i}")[0] for i in range(32)]
            assert names == chain.function_names
            variables = [dot.label(f"v{i}")[0] for i in range(33)]
            assert variables == chain.variable_names
            assert len(set(variables)) == 33
        assert len(set(names)) == 32
    assert "X" not in chain.function_names and "Y" not in chain.function_names


EVIL_NAME = '<b>x</b>"'  # a name no learner can type: HTML-like markup and a quote
EVIL_OP = "<i>Square</i>"  # whole labels that look like HTML-like labels
EVIL_FN = "<u>A</u>"


def evil_stepper():
    stepper = book(7)
    stepper.chain.variable_names[0] = EVIL_NAME
    stepper.chain.ops = (EVIL_OP, *stepper.chain.ops[1:])
    stepper.chain.function_names[0] = EVIL_FN
    return stepper


def test_labels_are_never_html_and_always_quoted():
    stepper = evil_stepper()
    for view in VIEWS:
        source = build_dot(stepper, view)
        assert "label=<" not in source
        labels = re.findall(r"label=(\S+)", source)
        assert labels  # every label: a quoted string or a bare word
        assert all(v.startswith('"') or re.fullmatch(r"\w+\]?", v) for v in labels), labels
        if view != "forward":
            assert '<b>x</b>\\"' in source  # the quote escaped, the markup kept as text
        dot = Dot(source)
        if view != "code":
            assert dot.label("v0")[0] == EVIL_NAME
        if view == "forward":
            assert dot.label("c0") == [EVIL_OP]
            assert dot.label("f0") == [EVIL_FN]


# -- rendering with a real Graphviz --------------------------------------------------------
def graphviz_program():
    for name in ("dot", "graphviz-pure"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI") == "true":
        pytest.fail("no Graphviz program (dot or graphviz-pure) on CI")
    pytest.skip("no Graphviz program (dot or graphviz-pure) installed")


def render(source, fmt_name):
    result = subprocess.run(
        [graphviz_program(), f"-T{fmt_name}"],
        input=source.encode(),
        capture_output=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def layout(source):
    """Node centres (x, y up) and edge arrow tips, from Graphviz's json output."""
    data = json.loads(render(source, "json"))
    names = {o["_gvid"]: o["name"] for o in data["objects"] if "pos" in o}
    pos = {
        o["name"]: tuple(float(v) for v in o["pos"].split(","))
        for o in data["objects"]
        if "pos" in o
    }
    tips = {}
    for e in data.get("edges", []):
        if "pos" not in e:
            continue
        tail, head = names[e["tail"]], names[e["head"]]
        for part in e["pos"].split():
            if part[:2] in ("s,", "e,"):
                x, y = (float(v) for v in part[2:].split(","))
                end = tail if part[0] == "s" else head
                tips[(tail, head)] = (end, x, y)
    return pos, tips


@pytest.mark.parametrize("position", [3, 5, 7])
@pytest.mark.parametrize("view", VIEWS)
def test_renders_to_svg_naming_every_node(view, position):
    source = build_dot(book(position), view)
    svg = ET.fromstring(render(source, "svg"))
    ns = {"svg": "http://www.w3.org/2000/svg"}
    titles = {
        g.find("svg:title", ns).text
        for g in svg.iter("{http://www.w3.org/2000/svg}g")
        if g.get("class") == "node"
    }
    assert titles == set(Dot(source).nodes)
    texts = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
    for name in ("x", "y", "Square", "Exp"):
        assert name in texts


@pytest.mark.parametrize("position", [0, 5, 7])
def test_stacked_layout_mirrors_fig_5_5(position):
    pos, tips = layout(build_dot(book(position), "stacked"))
    forward = ["v0", "f0", "v1", "f1", "v2", "f2", "v3"]
    backward = ["g0", "d0", "g1", "d1", "g2", "d2", "g3"]
    # each backward node exactly under its forward counterpart
    for top, bottom in zip(forward, backward, strict=True):
        assert pos[top][0] == pytest.approx(pos[bottom][0], abs=0.5)
        assert pos[top][1] > pos[bottom][1]
    # both rows run left to right x, A, a, ... and are straight
    for row in (forward, backward):
        xs = [pos[n][0] for n in row]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
        assert max(pos[n][1] for n in row) - min(pos[n][1] for n in row) < 1
    # backward arrows point left: the tip is at the left node of each edge
    for (tail, head), (end, x, _) in tips.items():
        if tail in backward:
            left = min(tail, head, key=lambda n: pos[n][0])
            assert end == left, (tail, head)
            assert x < (pos[tail][0] + pos[head][0]) / 2


def test_code_layout_reads_right_to_left():
    pos, tips = layout(build_dot(book(7), "code"))
    row = ["g0", "d0", "g1", "d1", "g2", "d2", "g3"]  # x.grad ... y.grad, left to right
    xs = [pos[n][0] for n in row]
    assert xs == sorted(xs)
    for (tail, head), (end, x, _) in tips.items():
        assert end == min(tail, head, key=lambda n: pos[n][0])
        assert x < (pos[tail][0] + pos[head][0]) / 2


def test_forward_layout_puts_the_class_over_the_box():
    pos, _ = layout(build_dot(book(3), "forward"))
    for i in range(N):
        assert pos[f"c{i}"][0] == pytest.approx(pos[f"f{i}"][0], abs=0.5)
        assert pos[f"c{i}"][1] > pos[f"f{i}"][1]
    xs = [pos[n][0] for n in ["v0", "f0", "v1", "f1", "v2", "f2", "v3"]]
    assert xs == sorted(xs)


@pytest.mark.parametrize("view", VIEWS)
def test_markup_in_a_name_renders_as_text(view):
    svg = ET.fromstring(render(build_dot(evil_stepper(), view), "svg"))
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    expected = EVIL_NAME if view != "code" else f"{EVIL_NAME}.grad"
    assert expected in texts
    if view == "forward":
        assert EVIL_OP in texts and EVIL_FN in texts
    elif view == "code":
        assert f"({EVIL_OP})" in texts and f"{EVIL_FN}.backward" in texts
    else:
        assert EVIL_OP in texts and EVIL_FN in texts
