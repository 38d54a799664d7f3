"""The graph's views (``graph``) and their frames (``frames``) for any lesson: labels show the
engine's values at every position, classes follow the items, Stage 2's grads overwritten,
summed and incomplete are drawn, the animations carry the right numbers, node sizes hold
for the whole lesson, and the DOT lays out with every node."""

import math
import xml.etree.ElementTree as ET

import graphviz
import numpy as np
import pytest

from components.format import short
from components.model import lessons, programs
from components.model.state import PROGRAMS
from components.views import frames, graph
from components.views.render import find_renderer, render

BOOK = ("Square", "Exp", "Square")
VIEWS = graph.VIEWS
X = 0.5
MATH = {  # the book's example: a = x², b = e^a, y = b²; grads by the chain rule
    "data": {"x": X, "a": X**2, "b": np.exp(X**2), "y": np.exp(X**2) ** 2},
    "grad": {
        "y": 1.0,
        "b": 2 * np.exp(X**2),
        "a": 2 * np.exp(X**2) * np.exp(X**2),
        "x": 2 * np.exp(X**2) * np.exp(X**2) * 2 * X,
    },
}


def lesson_of(program, step, defs=()):
    built = lessons.build(program, step, tuple(defs))
    assert built.error is None, built.error
    return built.lesson


BOOK_06 = lesson_of(programs.chain_program(BOOK, "0.5", "06"), "06")
ADD_TWICE = PROGRAMS["add_twice"][0]
BRANCH = PROGRAMS["branch"][0]


def by_name(lesson):
    return {node.name: node.id for node in lesson.variables}


def test_the_engine_ends_with_the_books_numbers():
    state = BOOK_06.state(len(BOOK_06))
    ids = by_name(BOOK_06)
    for field in ("data", "grad"):
        values = getattr(state, field)
        for name, expected in MATH[field].items():
            assert float(values[ids[name]]) == pytest.approx(expected, rel=1e-15)


# -- labels and classes of the book's example in step 06 ------------------------------------------
@pytest.mark.parametrize("view", VIEWS)
def test_labels_show_the_engines_data_and_grad_at_every_position(view):
    states = frames.states_of(BOOK_06, view)
    assert len(states) == len(BOOK_06) + 1
    for position, (labels, state) in enumerate(zip(states, BOOK_06.states(), strict=True)):
        for node in BOOK_06.variables:
            data, grad = state.data.get(node.id), state.grad.get(node.id)
            if view in ("stacked", "forward"):
                text, _ = labels[node.id]
                assert text.split("\n") == [
                    node.name,
                    f"data {short(data, shape=False)}",
                    f"grad {short(grad)}",
                ], position
            if view in ("stacked", "code"):
                text, cls = labels["g" + node.id[1:]]
                head = f"{node.name}.grad" if view == "code" else f"dy/d{node.name}"
                lines = text.split("\n")
                assert lines[0] == head
                if view == "code" and node.name == "y" and grad is not None:
                    assert lines[1:] == ["(=1)"]  # the seed, as the book writes it
                else:
                    assert lines[1:] == [short(grad)]
                assert cls.split()[0] == ("done" if grad is not None else "grey")


@pytest.mark.parametrize("view", VIEWS)
def test_not_reached_yet_is_grey_and_done_follows_the_items(view):
    done_backward = set()
    for position, labels in enumerate(frames.states_of(BOOK_06, view)):
        item = BOOK_06.items[position - 1] if position else None
        if item is not None:
            done_backward |= {c.fn for c in item.calls if c.kind == "backward"}
        for node in BOOK_06.nodes:
            exists = node.born <= position
            if view != "code":
                assert labels[node.id][1].split()[0] == ("done" if exists else "grey")
            if view != "forward" and node.kind == "fn":
                ran = node.id in done_backward
                assert labels["d" + node.id[1:]][1].split()[0] == ("done" if ran else "grey")


# What each position outlines in red: the call just made (its function, the values in and
# out, the arrows between them), the grad a line set, or what a plain line touched.
FWD = {5: ("v0", "f0", "v1", "e0", "e1"), 6: ("v1", "f1", "v2", "e2", "e3"),
       7: ("v2", "f2", "v3", "e4", "e5")}  # fmt: skip
BWD = {9: ("g3", "d2", "g2", "b5", "b4"), 10: ("g2", "d1", "g1", "b3", "b2"),
       11: ("g1", "d0", "g0", "b1", "b0")}  # fmt: skip
HOT = {
    "stacked": {1: {"f0"}, 2: {"f1"}, 3: {"f2"}, 4: {"v0"}, 8: {"g3"}, 12: {"v0"}},
    "forward": {1: {"f0"}, 2: {"f1"}, 3: {"f2"}, 4: {"v0"}, 8: {"v3"}, 12: {"v0"}},
    "code": {1: {"d0"}, 2: {"d1"}, 3: {"d2"}, 4: {"g0"}, 8: {"g3"}, 12: {"g0"}},
}
for position, ids in FWD.items():
    HOT["stacked"][position] = HOT["forward"][position] = set(ids)
for position, ids in BWD.items():
    HOT["stacked"][position] = HOT["code"][position] = set(ids)
    HOT["forward"][position] = {  # the same call on the forward graph
        {"g": "v", "d": "f", "b": "e"}[i[0]] + i[1:] for i in ids
    }


@pytest.mark.parametrize("view", VIEWS)
def test_the_active_ids_are_the_line_just_run(view):
    assert len(BOOK_06) == 12  # 3 objects, x, 3 calls, the seed, 3 manual calls, print
    for position, labels in enumerate(frames.states_of(BOOK_06, view)):
        active = {k for k, (_, cls) in labels.items() if "active" in cls.split()}
        assert active == HOT[view].get(position, set()), position


# -- Stage 2: overwritten, summed, incomplete -----------------------------------------------------
def test_step_13_strikes_the_grad_that_add_x_x_overwrites():
    lesson = lesson_of(ADD_TWICE, "13")
    x = by_name(lesson)["x"]
    writes = [
        i + 1
        for i, item in enumerate(lesson.items)
        if any(c.node == x and c.field == "grad" for c in item.changes)
    ]
    assert len(writes) == 2  # x.grad = gx, once per use of x
    overwrite = writes[1]
    assert graph.lesson_line(lesson, lesson.items[overwrite - 1]) == "x.grad = gx"
    for view, node in (("forward", x), ("stacked", "g" + x[1:]), ("code", "g" + x[1:])):
        for position, labels in enumerate(frames.states_of(lesson, view)):
            lines = labels[node][0].split("\n")
            struck = [line for line in lines if line.startswith(graph.STRUCK)]
            assert struck == ([f"{graph.STRUCK}1"] if position == overwrite else []), position
    assert lesson.printed == "1.0\n"  # one part lost: d(x + x)/dx is 2


def test_step_14_shows_the_sum_where_add_x_x_adds_the_second_part():
    lesson = lesson_of(ADD_TWICE, "14")
    x = by_name(lesson)["x"]
    sums = []
    for position, labels in enumerate(frames.states_of(lesson, "forward")):
        if "(1 + 1)" in labels[x][0]:
            sums.append(position)
            assert labels[x][0].split("\n")[2] == "grad 2 (1 + 1)"
    assert len(sums) == 1
    line = graph.lesson_line(lesson, lesson.items[sums[0] - 1])
    assert line == "x.grad = x.grad + gx"
    stacked = frames.states_of(lesson, "stacked")[sums[0]]["g" + x[1:]][0]
    assert stacked.split("\n")[1:] == ["2 (1 + 1)"]
    assert lesson.printed == "2.0\n"


def _partial_positions(lesson, view="stacked"):
    return {
        position: {k for k, (_, cls) in labels.items() if "partial" in cls.split()}
        for position, labels in enumerate(frames.states_of(lesson, view))
        if any("partial" in cls.split() for _, cls in labels.values())
    }


def test_step_14_marks_the_call_made_before_its_output_grad_is_complete():
    lesson = lesson_of(BRANCH, "14")
    ids = by_name(lesson)
    a = ids["a"]
    square_x = lesson.creator(a)
    marked = _partial_positions(lesson)
    assert len(marked) == 1
    (position, found), = marked.items()  # fmt: skip
    call = next(c for c in lesson.items[position - 1].calls if c.kind == "backward")
    assert call.fn == square_x
    assert found == {a, "g" + a[1:], "d" + square_x[1:]}
    x_, a_ = 2.0, 4.0
    assert float(call.gys[0]) == pytest.approx(2 * a_)  # one of the two parts of a.grad
    assert lesson.printed == f"{2 * x_ * (2 * a_) * 3}\n"  # 32 + 64: 96.0, not 64.0
    assert _partial_positions(lesson_of(BRANCH, "16")) == {}
    assert lesson_of(BRANCH, "16").printed == f"{2 * x_ * (2 * a_) * 2}\n"  # 64.0


# -- frames ---------------------------------------------------------------------------------------
CASES = [
    (programs.chain_program(BOOK, "0.5", "06"), "06"),
    (programs.chain_program(BOOK, "[0.5, 1.0, -2.0]", "08"), "08"),
    (ADD_TWICE, "13"),
    (BRANCH, "14"),
    (BRANCH, "16"),
    (PROGRAMS["retain"][0], "18"),
    (PROGRAMS["sphere"][0], "22"),
]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(("program", "step"), CASES, ids=[c[1] for c in CASES])
def test_base_and_deltas_rebuild_every_state(program, step, view):
    lesson = lesson_of(program, step)
    made = frames.frames(lesson, view)
    states = frames.states_of(lesson, view)
    assert len(made["deltas"]) == len(lesson.items) == len(made["anims"]) - 1
    current = {k: list(v) for k, v in made["base"].items()}
    assert current == {k: list(v) for k, v in states[0].items()}
    for delta, state in zip(made["deltas"], states[1:], strict=True):
        current.update(delta)
        assert current == {k: list(v) for k, v in state.items()}
    # every id a state names is drawn by the view (or is an arrow of it)
    shape = graph.shape(lesson, view)
    drawn = {n for n, _, _ in shape.nodes} | {e for e, *_ in shape.edges}
    assert set(states[0]) <= drawn


def test_a_forward_call_carries_its_inputs_data_then_its_output():
    made = frames.frames(BOOK_06, "stacked")
    data = MATH["data"]
    for position, (x, y, e_in, e_out) in {5: ("x", "a", "e0", "e1"), 6: ("a", "b", "e2", "e3"),
                                          7: ("b", "y", "e4", "e5")}.items():  # fmt: skip
        anim = made["anims"][position]
        assert anim["legs"] == [[e_in, False, short(data[x]), 0], [e_out, False, short(data[y]), 1]]
        assert anim["hold"] == [by_name(BOOK_06)[y]]


def test_a_backward_call_carries_the_grad_then_gy_times_the_local_derivative():
    made = frames.frames(BOOK_06, "stacked")
    grad, data = MATH["grad"], MATH["data"]
    local = {"C": 2 * data["b"], "B": np.exp(data["a"]), "A": 2 * data["x"]}
    for position, (fn, gy, out_leg, in_leg) in {9: ("C", "y", "b5", "b4"),
                                                10: ("B", "b", "b3", "b2"),
                                                11: ("A", "a", "b1", "b0")}.items():  # fmt: skip
        legs = made["anims"][position]["legs"]
        times = short(grad[gy]) if local[fn] == 1 else f"{short(grad[gy])} × {short(local[fn])}"
        assert legs == [[out_leg, False, short(grad[gy]), 0], [in_leg, False, times, 1]]
    # the code view carries the same; the forward view along the forward arrows, reversed
    code = frames.frames(BOOK_06, "code")["anims"][9]["legs"]
    assert code == made["anims"][9]["legs"]
    forward = frames.frames(BOOK_06, "forward")["anims"][9]["legs"]
    assert [leg[:2] for leg in forward] == [["e5", True], ["e4", True]]


def test_add_sends_gy_to_both_inputs_and_mul_multiplies_by_the_other():
    lesson = lesson_of(BRANCH, "16")
    anims = frames.frames(lesson, "stacked")["anims"]
    add = next(f.id for f in lesson.functions if f.cls == "Add")
    [position] = [
        i + 1 for i, item in enumerate(lesson.items)
        if any(c.kind == "backward" and c.fn == add for c in item.calls)
    ]  # fmt: skip
    legs = anims[position]["legs"]
    assert [leg[2:] for leg in legs] == [["1", 0], ["1", 1], ["1", 1]]  # gy = 1 to each input
    mul = lesson_of("x = Variable(np.array(3.0))\ny = Variable(np.array(2.0))\nz = x * y\n"
                    "z.backward()\n", "22")  # fmt: skip
    [item] = [i for i in mul.items if any(c.kind == "backward" for c in i.calls)]
    legs = frames.frames(mul, "stacked")["anims"][mul.items.index(item) + 1]["legs"]
    assert [leg[2] for leg in legs] == ["1", "1 × 2", "1 × 3"]  # gy·y to x, gy·x to y


# -- sizes, DOT and layout ------------------------------------------------------------------------
def _fits(text, size, font, fontsize=graph.FONT_SIZE):
    """Whether the label's text block fits its node's fixed size (inches): a box holds the
    block, a circle its diagonal; Courier is 0.6 em a character, Times at most 0.52."""
    em = fontsize / 72
    char = 0.6 if font == graph.MONO else 0.52
    lines = [line.lstrip(graph.STRUCK) for line in text.split("\n")]
    wide = max(sum(2 if c == graph.WARN else 1 for c in line) for line in lines) * char * em
    high = len(lines) * 1.2 * em
    width, height = float(size["width"]), float(size["height"])
    if width == height:  # a circle
        return math.hypot(wide, high) <= width + 1e-9
    return wide <= width + 1e-9 and high <= height + 1e-9


@pytest.mark.parametrize("projector", [False, True])
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(("program", "step"), CASES, ids=[c[1] for c in CASES])
def test_each_groups_size_holds_every_label_of_the_lesson(program, step, view, projector):
    lesson = lesson_of(program, step)
    made = frames.frames(lesson, view, projector=projector)
    fonts = {n: (kind, font) for n, kind, font in graph.shape(lesson, view).nodes}
    fontsize = graph.PROJECTOR_FONT_SIZE if projector else graph.FONT_SIZE
    for labels in frames.states_of(lesson, view):
        for node_id, (text, _) in labels.items():
            if node_id not in fonts or fonts[node_id][0] == "label" or text is None:
                continue
            size = made["sizes"][graph.group(node_id)]
            assert _fits(text, size, fonts[node_id][1], fontsize), (node_id, text, size)
    # one size per group, written on every node of it in the one DOT
    for node_id, (kind, _) in fonts.items():
        if kind != "label":
            size = made["sizes"][graph.group(node_id)]
            assert f"width={size['width']}" in _dot_line(made["dot"], node_id)


def _dot_line(dot, node_id):
    return next(line for line in dot.split("\n") if line.strip().startswith(f"{node_id} ["))


def _svg_nodes(svg):
    """``{id: (cx, cy)}`` of the SVG's nodes (an ellipse's centre, a box's first point)."""
    ns = {"s": "http://www.w3.org/2000/svg"}
    found = {}
    for group in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g"):
        gid = group.get("id", "")
        if not gid.startswith("bpx-"):
            continue
        ellipse = group.find("s:ellipse", ns)
        text = group.find("s:text", ns)
        if ellipse is not None:
            found[gid[4:]] = (float(ellipse.get("cx")), float(ellipse.get("cy")))
        elif text is not None:
            found[gid[4:]] = (float(text.get("x")), float(text.get("y")))
        else:
            found[gid[4:]] = None
    return found


needs_renderer = pytest.mark.skipif(find_renderer() is None, reason="no Graphviz renderer")


@pytest.mark.parametrize("view", VIEWS)
def test_the_dot_is_read_and_names_every_node(view):
    for program, step in (CASES[0], (BRANCH, "16")):
        lesson = lesson_of(program, step)
        dot = frames.frames(lesson, view)["dot"]
        assert graphviz.Source(dot).source == dot
        shape = graph.shape(lesson, view)
        for node_id, _, _ in shape.nodes:
            assert f'id="bpx-{node_id}"' in dot
        for edge_id, *_ in shape.edges:
            assert f'id="bpx-{edge_id}"' in dot
        if find_renderer() is not None:
            drawn = _svg_nodes(render(dot, "svg"))
            assert {n for n, _, _ in shape.nodes} | {e for e, *_ in shape.edges} <= set(drawn)


@needs_renderer
def test_the_stacked_view_puts_the_forward_graph_over_the_backward_one():
    for program, step in (CASES[0], (BRANCH, "16")):
        lesson = lesson_of(program, step)
        drawn = _svg_nodes(render(frames.frames(lesson, "stacked")["dot"], "svg"))
        for node in lesson.variables:
            forward, backward = drawn[node.id], drawn["g" + node.id[1:]]
            assert forward[1] < backward[1], node  # SVG's y grows downwards
            assert forward[0] == pytest.approx(backward[0], abs=1.0)  # the same column
        assert max(drawn[n.id][1] for n in lesson.variables) < min(
            drawn["g" + n.id[1:]][1] for n in lesson.variables
        )


def test_an_unknown_view_is_refused():
    with pytest.raises(ValueError, match="view"):
        graph.shape(BOOK_06, "sideways")


@pytest.mark.parametrize("view", VIEWS)
def test_generations_on_request_are_the_step_16_codes_own(view):
    """With ``gens`` every node whose ``generation`` the step's code has set shows it, as the
    lesson's state holds it; without, no label has one; before step 16 there is none."""
    program, book = PROGRAMS["branch"]
    lesson = lesson_of(program, book)
    end = len(lesson.items)
    state = lesson.state(end)
    shown = frames.states_of(lesson, view, gens=True)[end]
    plain = frames.states_of(lesson, view)[end]
    assert state.generation  # step 16's code sets them
    for node_id, generation in state.generation.items():
        node = lesson.node(node_id)
        ids = [i for i in (node_id, "d" + node_id[1:], "g" + node_id[1:]) if i in shown]
        labelled = [i for i in ids if shown[i][0] and f"gen {generation}" in shown[i][0]]
        if node.kind == "fn" or view != "code":  # the code view draws no variable circle
            assert labelled, (node_id, ids)
    assert not any(text and "gen " in text for text, _ in plain.values())
    older = lesson_of(program, "14")
    assert frames.states_of(older, view, gens=True) == frames.states_of(older, view)
