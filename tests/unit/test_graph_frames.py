"""components.graph_frames: one layout per lesson, and every position's labels and classes.

The layout is checked against the exports (the same DOT at every step, laid out by
graphviz-pure: every node at the same place as in the page's one SVG), the states against
``graph.describe`` and the engine, the browser's payload against the states.
"""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

import autograd
from components import export, graph, graph_frames
from components.format import short

BOOK = ("Square", "Exp", "Square")
LONG = tuple(["Sin", "Cos", "Tanh", "Sigmoid"] * 8)
NS = {"svg": "http://www.w3.org/2000/svg"}
CSS = (Path(graph_frames.__file__).parent / "graph_element.css").read_text()

needs_renderer = pytest.mark.skipif(export.find_renderer() is None, reason="no Graphviz")


def centres(svg):
    """{node id: (x, y)} of each node's shape in an SVG from Graphviz."""
    root = ET.fromstring(svg)
    out = {}
    for g in root.iterfind(".//svg:g[@class='node']", NS):
        shape = g.find("svg:ellipse", NS)
        if shape is not None:
            out[g.find("svg:title", NS).text] = (float(shape.get("cx")), float(shape.get("cy")))
        else:
            shape = g.find("svg:path", NS)
            if shape is None:  # a plaintext label: its text
                shape = g.find("svg:text", NS)
                out[g.find("svg:title", NS).text] = (float(shape.get("x")), None)
                continue
            xs = [float(v) for v in re.findall(r"(-?[\d.]+),", shape.get("d"))]
            out[g.find("svg:title", NS).text] = (round((min(xs) + max(xs)) / 2, 1), None)
    return out


@needs_renderer
@pytest.mark.parametrize("book", ["06", "07", "08"])
@pytest.mark.parametrize("view", graph.VIEWS)
def test_every_export_has_the_pages_one_layout(view, book):
    frames = graph_frames.frames(BOOK, 0.5, view, book=book)
    page = centres(frames.svg)
    svgs = export.render_svgs(export.timeline_dots(BOOK, 0.5, view, book=book))
    lesson = graph_frames.lesson(BOOK, 0.5, book)
    assert len(svgs) == frames.total + 1 == len(lesson.timeline) + 1
    for step, svg in enumerate(svgs):
        shown = centres(svg)
        assert shown.keys() == page.keys()
        for node, (x, y) in shown.items():
            assert x == pytest.approx(page[node][0], abs=0.5), (step, node)
            assert y is None or y == pytest.approx(page[node][1], abs=0.5), (step, node)


@needs_renderer
@pytest.mark.parametrize("ops, x", [(BOOK, 0.5), (LONG, 0.5), (BOOK, [0.5, 1.0, -2.0])])
def test_states_are_the_labels_and_classes_of_each_position(ops, x):
    frames = graph_frames.frames(ops, x)
    stepper = autograd.Stepper(list(ops), np.asarray(x, dtype=np.float64))
    ids = {
        g.get("id")[4:]
        for g in ET.fromstring(frames.svg).iterfind(".//svg:g", NS)
        if (g.get("id") or "").startswith("bpx-")
    }
    for step, state in enumerate(frames.states):
        assert state == graph.describe(stepper)
        assert set(state) == ids  # every node and edge of the SVG, nothing else
        chain = stepper.chain
        for i, var in enumerate(chain.variables):
            grad = None if var is None else var.grad
            assert state[f"v{i}"][0].split("\n")[2] == f"grad {short(grad, shape=False)}"
            assert ("grey" in state[f"v{i}"][1]) == (var is None)
        active = {item for item, (_, cls) in state.items() if "active" in cls.split()}
        if step:
            record = stepper.records[-1]
            value = record.gx if record.gx is not None else record.y
            assert f"{record.call.target} = {short(value)}" in frames.says[step]
            assert active  # the call just made is outlined
        else:
            assert not active
        if not stepper.done:
            stepper.step()


def svg_ids(svg):
    return {
        g.get("id")[4:]
        for g in ET.fromstring(svg).iterfind(".//svg:g", NS)
        if (g.get("id") or "").startswith("bpx-")
    }


LINKS = {"creator": ("v{j}", "f{i}"), "input": ("f{i}", "v{i}"), "output": ("f{i}", "v{j}")}


@needs_renderer
@pytest.mark.parametrize("book", autograd.BOOKS)
@pytest.mark.parametrize("view", ["stacked", "forward"])
def test_07_08_step_through_y_backward_with_step_07s_links(book, view):
    frames = graph_frames.frames(BOOK, 0.5, view, book=book)
    lesson = autograd.BackwardStepper(list(BOOK), 0.5, book)
    assert frames.total == len(lesson.timeline) and frames.chain != graph_frames.chain_key(
        BOOK, 0.5
    )
    root = ET.fromstring(frames.svg)  # ONE layout: each link apart from the forward edge
    titles = {g.get("id")[4:]: g.find("svg:title", NS).text for g in root.iterfind(".//svg:g", NS)
              if (g.get("id") or "").startswith("bpx-link-")}  # fmt: skip
    n = len(BOOK)
    assert titles == {f"link-{kind}-{i}": "->".join(ends).format(i=i, j=i + 1)
                      for kind, ends in LINKS.items() for i in range(n)}  # fmt: skip
    for step, shown in enumerate(frames.states):
        assert shown == graph.describe(lesson, view) and set(shown) == svg_ids(frames.svg)
        made = sum(v is not None for v in lesson.chain.variables[1:])
        for i in range(n):
            for kind in LINKS:
                assert ("done" in shown[f"link-{kind}-{i}"][1].split()) == (i < made), step
        for i, var in enumerate(lesson.chain.variables):  # the engine's numbers
            lines = shown[f"v{i}"][0].split("\n")
            if var is not None:
                assert lines[1:] == [f"data {short(var.data)}", f"grad {short(var.grad)}"]
        event = lesson.event
        red = {item for item, (_, cls) in shown.items() if "active" in cls.split()}
        assert not step or frames.says[step].startswith(f"{step} of {frames.total} · ")
        if event is not None and event.kind is autograd.EventKind.GRAD:
            record = lesson.records[-1]
            assert f"{record.call.target} = {short(record.gx)}, from" in frames.says[step]
            i = record.call.index
            path = [f"v{i + 1}", f"f{i}", f"v{i}"] if view == "forward" else [
                f"g{i + 1}", f"d{i}", f"g{i}"]  # fmt: skip
            assert frames.anims[step]["path"] == path and set(path) <= red
        elif event is not None:
            assert frames.anims[step] is None and event.code in frames.says[step]
            followed = {item for item in red if item.startswith("link-")}
            assert {item.split("-")[1] for item in followed} <= {"creator", "input", "output"}
            if event.kind is autograd.EventKind.CREATOR and event.function:
                F = lesson.chain.function_names.index(event.function)
                assert followed == {f"link-creator-{F}"}
        if not lesson.done:
            lesson.step()


@needs_renderer
def test_the_payload_rebuilds_every_state_from_differences():
    frames = graph_frames.frames(LONG, 0.5, "code", projector=True, lang="ja")
    data = graph_frames.payload(frames, 5, max_step=99)
    static = json.loads(data["frames"])
    state = static["base"]
    for step, delta in enumerate([{}] + static["deltas"]):
        state = {**state, **delta}
        assert state == {k: list(v) for k, v in frames.states[step].items()}
        assert len(delta) < len(state) / 4 or step == 0  # only what changes is sent
    assert (data["step"], data["max_step"], data["total"]) == (5, frames.total, frames.total)
    assert data["chain"] == graph_frames.chain_key(LONG, 0.5) == static["chain"]
    assert graph_frames.payload(frames, 10**6)["step"] == frames.total


@needs_renderer
def test_animations_follow_arrows_of_the_graph():
    for view in graph.VIEWS:
        frames = graph_frames.frames(BOOK, 0.5, view)
        state = frames.states[-1]
        for step, anim in enumerate(frames.anims):
            if anim is None:
                assert step == 0 or view == "code"
                continue
            path = anim["path"]
            for a, b in zip(path, path[1:], strict=False):
                assert f"{a}-{b}" in state or f"{b}-{a}" in state, (view, step, a, b)
            assert anim["appear"] is None or anim["appear"] in state
            assert len(anim["legs"]) == max(0, len(path) - 1)
            # held back until the value arrives: exactly the nodes whose text changes
            before, after = frames.states[step - 1], frames.states[step]
            changed = {i for i, (text, _) in after.items() if text and before[i][0] != text}
            assert set(anim["hold"]) == (changed - set(path[1:-1]) if path else set())
    backward = graph_frames.frames(BOOK, 0.5).anims[5]  # b.grad = C.backward(y.grad)
    record = autograd.Stepper(list(BOOK), 0.5).run_to_end().records[4]
    assert backward["path"] == ["g3", "d2", "g2"]
    assert backward["legs"] == ["1", f"1 × {short(record.derivative)}"]


@needs_renderer
def test_vertical_layout_and_cache():
    wide = graph_frames.frames(BOOK, 0.5)
    tall = graph_frames.frames(BOOK, 0.5, rankdir="TB")
    assert graph_frames.frames(BOOK, 0.5) is wide  # laid out once
    assert tall.key != wide.key and tall.chain == wide.chain
    assert tall.states == wide.states
    where = centres(tall.svg)
    assert where["v0"][0] == pytest.approx(where["v3"][0])  # the forward column
    assert where["g0"][0] > where["v0"][0]  # the backward column beside it
    with pytest.raises(ValueError):
        graph_frames.frames(BOOK, 0.5, rankdir="RL")


def test_node_sizes_are_fixed_over_the_timeline():
    stepper = autograd.Stepper(list(BOOK), 0.5)
    sizes = graph.timeline_sizes(stepper)
    for _ in range(2 * len(BOOK) + 2):
        dot = graph.build_dot(stepper)
        for group in ("v", "g", "f", "d"):
            width = sizes[group]["width"]
            assert len(re.findall(rf"\b{group}\d+ \[[^\]]*width={width}\b", dot)) >= len(BOOK)
        assert "fixedsize=true" in dot
        if not stepper.done:
            stepper.step()


def test_the_pages_css_has_the_books_colours():
    for colour in (
        graph.GREY_FILL,
        graph.GREY_LINE,
        graph.GREY_TEXT,
        graph.FLAG_TEXT,
        graph.HIGHLIGHT,
    ):
        assert colour in CSS
    rules = dict(re.findall(r"g\.node\.(grey|flagged) > text \{ fill: (#\w+)", CSS))
    assert rules == {"grey": graph.GREY_TEXT, "flagged": graph.FLAG_TEXT}


@needs_renderer
def test_a_learners_function_is_in_the_frames_and_its_failed_check_in_every_state():
    right, forgot_gy = ("Cube", "x**3", "3*x**2*gy"), ("Cube", "x**3", "3*x**2")
    ops = ("Cube", "Exp")
    good = graph_frames.frames(ops, 0.5, defs=(right,))
    bad = graph_frames.frames(ops, 0.5, defs=(forgot_gy,))
    assert good.chain != bad.chain  # another definition: another timeline
    assert graph_frames.chain_key(ops, 0.5, (right,)) == good.chain
    for shown in good.states:
        assert "wrong" not in shown["d0"][1].split()
    for shown in bad.states:
        assert "wrong" in shown["d0"][1].split()
        assert shown["d0"][0].endswith(graph.WRONG)
    assert ".wrong" in CSS
