"""components.views.export: the graph at a position as DOT, SVG and PNG with the page's own
node sizes, every position as a zip, and the lesson as a .py that prints what the page
printed."""

import io
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pytest

from autograd import steps
from components.i18n import LANGS, t
from components.model import lessons, programs, state, userfn
from components.views import export, frames, render

SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CUBE = (("Cube", "x ** 3", "3 * x ** 2 * gy"),)


@pytest.fixture(scope="module")
def renderer():
    found = render.find_renderer()
    if found is None:
        message = "no Graphviz renderer: pip install -r requirements.txt installs graphviz-pure"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must render: never skip there
        pytest.skip(message)
    return found


def lesson(program, book, defs=()):
    built = lessons.lesson(program, book, tuple(defs))
    assert built.error is None, built.error
    return built.lesson


def book_lesson(step="06"):
    return lesson(steps.book(step).program, step)


def node_ids(svg_bytes):
    root = ET.fromstring(svg_bytes)
    assert root.tag == f"{SVG_NS}svg"
    return {g.get("id") for g in root.iter(f"{SVG_NS}g") if g.get("class") == "node"}


def centres(svg_bytes):
    """Where each node of an SVG is drawn: its shape's geometry (a circle's centre, a box's
    outline), or for a label without a shape its text's x."""
    root = ET.fromstring(svg_bytes)
    found = {}
    for g in root.iter(f"{SVG_NS}g"):
        if g.get("class") != "node":
            continue
        shape = next(
            (e for e in g if e.tag in {f"{SVG_NS}{t}" for t in ("ellipse", "path", "polygon")}),
            None,
        )
        if shape is not None:
            found[g.get("id")] = tuple(shape.get(a) for a in ("cx", "cy", "d", "points"))
        else:
            found[g.get("id")] = g.find(f"{SVG_NS}text").get("x")
    return found


def numbers(geometry):
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", repr(geometry))]


def page_svg(built, view, renderer, lang="en", projector=False):
    """The page's own layout of the lesson (what the graph element steps)."""
    return frames.frames(
        built, view, lang, projector, layout=lambda dot: render.render(dot, "svg", renderer)
    )["svg"]


# -- the program ----------------------------------------------------------------------------------
PROGRAMS = {
    "06-book": (steps.book("06").program, "06", ()),
    "07-book": (steps.book("07").program, "07", ()),
    "16-branch": (state.PROGRAMS["branch"][0], "16", ()),
    "18-book": (steps.book("18").program, "18", ()),
    "22-goldstein": (state.PROGRAMS["goldstein"][0], "22", ()),
    "22-book": (steps.book("22").program, "22", ()),
    "06-cube": (programs.chain_program(("Cube", "Exp"), "0.5", "06"), "06", CUBE),
    "16-cube": (programs.chain_program(("Square", "Cube"), "[0.5, -1.25]", "16"), "16", CUBE),
}


def run_program(source, tmp_path):
    path = tmp_path / "lesson.py"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-I", str(path)],  # -I: nothing of this project on sys.path
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("name", PROGRAMS)
def test_the_program_prints_what_the_page_printed(tmp_path, name):
    program, book, defs = PROGRAMS[name]
    built = lesson(program, book, defs)
    assert built.printed  # something to compare
    source = export.program_source(built, userfn.learned(defs), "en")
    assert run_program(source, tmp_path) == built.printed


def test_the_program_is_the_steps_code_the_learners_functions_then_the_program():
    program, book, defs = PROGRAMS["16-cube"]
    built = lesson(program, book, defs)
    source = export.program_source(built, userfn.learned(defs))
    definitions = steps.book("16").definitions.strip("\n")
    assert definitions in source
    assert "class Cube(Function):" in source and "def cube(x):" in source
    assert source.rstrip("\n").endswith(program.rstrip("\n"))
    order = [source.index(part) for part in (definitions, "class Cube", program.strip("\n"))]
    assert order == sorted(order)


@pytest.mark.parametrize("lang", LANGS)
def test_the_header_names_the_step_in_the_learners_language(lang):
    source = export.program_source(book_lesson("07"), (), lang)
    header = []
    for line in source.splitlines():
        if not line.startswith("# "):
            break
        header.append(line[2:])
    assert header
    step = t(lang, "book_step", step=7)
    text = t(lang, "export_py_header", step=step, file=export.program_name("07"))
    assert "".join(header).replace(" ", "") == text.replace(" ", "")  # all of it, in order
    assert all(len(line) <= export.HEADER_WIDTH or " " not in line for line in header)
    assert step in " ".join(header)


def test_file_names():
    assert export.file_name("06", "stacked", 7, "gv") == "backprop-step06-stacked-007.gv"
    assert export.zip_name("16", "code") == "backprop-step16-code.zip"
    assert export.program_name("22") == "backprop-step22.py"


# -- one position ---------------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["stacked", "code", "forward"])
@pytest.mark.parametrize("projector", [False, True])
def test_the_exports_sizes_are_the_pages(view, projector):
    for built in (book_lesson("06"), book_lesson("16"), book_lesson("08")):
        page = frames.frames(built, view, "ja", projector)
        _, states, sizes = export.layout(built, view, "ja", projector)
        assert sizes == page["sizes"]
        assert states == frames.states_of(built, view, "ja")
        dot = export.dot(built, view, 3, "ja", projector)
        for group in sizes.values():
            assert f'width={group["width"]}' in dot


def test_the_dot_is_styled_for_its_position():
    built = book_lesson("06")
    start = export.dot(built, "stacked", 0)
    end = export.dot(built, "stacked", len(built.items))
    assert "#dbdbdb" in start  # not reached yet: grey
    assert "3.29744" in end and "3.29744" not in start
    assert export.dot(built, "stacked", 10_000) == end  # clamped


def test_svg_of_a_position_has_the_pages_nodes(renderer):
    built = lesson(*state.PROGRAMS["branch"])
    for view in ("stacked", "forward"):
        svg = export.svg(built, view, 40, renderer=renderer)
        assert node_ids(svg) == node_ids(page_svg(built, view, renderer))


def png_size(data):
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    return struct.unpack(">II", data[16:24])


def test_png_is_ascii_with_english_flag_words(renderer):
    built = lesson(programs.chain_program(("Exp", "Exp", "Sin"), "[10.0, 0.5]", "16"), "16")
    end = len(built.items)
    page = export.dot(built, "stacked", end, "ja")
    assert "\u26a0" in page and not page.isascii()  # the page's: ⚠, Japanese flag words
    png_dot = export.png_source(export.dot(built, "stacked", end, "ja", words="en"))
    assert png_dot.isascii()
    assert t("en", "graph_flag_overflow") in png_dot
    width, height = png_size(export.png(built, "stacked", end, "ja", renderer=renderer))
    assert width > 100 and height > 100


# -- every position -------------------------------------------------------------------------------
def test_zip_of_the_book_example(renderer):
    built = book_lesson("06")
    data = export.zip_svgs(built, "stacked", renderer=renderer)
    assert data == export.zip_svgs(built, "stacked", renderer=renderer)  # reproducible
    ids = node_ids(page_svg(built, "stacked", renderer))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert len(names) == len(built.items) + 1
        assert names == export.file_names(built)
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in infos)
        svgs = [archive.read(name) for name in names]
    assert names[0] == "step-000-start.svg"
    # A = Square() ... a = A(x), b = B(a), y = C(b), the seed, three backward calls, print
    assert names[5:8] == [
        "step-005-forward-Square.svg",
        "step-006-forward-Exp.svg",
        "step-007-forward-Square.svg",
    ]
    assert names[9:] == [
        "step-009-backward-Square.svg",
        "step-010-backward-Exp.svg",
        "step-011-backward-Square.svg",
        "step-012-print.svg",
    ]
    assert all(re.fullmatch(r"step-\d{3}-[A-Za-z0-9-]+\.svg", name) for name in names)
    for svg in svgs:
        assert node_ids(svg) == ids
    assert b"3.29744" in svgs[-1] and b"3.29744" not in svgs[0]


@pytest.mark.parametrize("view", ["code", "forward"])
def test_zip_of_a_branching_graph(renderer, view):
    built = lesson(*state.PROGRAMS["branch"])
    ids = node_ids(page_svg(built, view, renderer))
    with zipfile.ZipFile(io.BytesIO(export.zip_svgs(built, view, renderer=renderer))) as archive:
        names = archive.namelist()
        assert len(names) == len(built.items) + 1 == len(set(names))
        assert any("book-line-" in name for name in names)  # y.backward()'s own lines
        assert any("backward-Add" in name for name in names)
        for name in names:
            assert node_ids(archive.read(name)) == ids


# goldstein draws 906 files (about 10 s): it runs in the slow tier, beside the browser tests
@pytest.mark.parametrize(
    ("program", "view"),
    [("branch", "stacked"), pytest.param("goldstein", "code", marks=pytest.mark.slow)],
)
def test_the_zip_draws_every_position_in_the_pages_one_layout(renderer, program, view):
    # laid out once (as the page is), drawn at each position: no node moves between files
    built = lesson(*state.PROGRAMS[program])
    page = centres(page_svg(built, view, renderer))
    with zipfile.ZipFile(io.BytesIO(export.zip_svgs(built, view, renderer=renderer))) as archive:
        names = archive.namelist()
        shown = [archive.read(name) for name in names[:: max(1, len(names) // 40)]]
    assert len(shown) > 10
    for svg in shown:
        drawn = centres(svg)
        assert drawn.keys() == page.keys()
        for node, where in page.items():  # the layout's numbers, as Graphviz rounds them
            assert np.allclose(numbers(drawn[node]), numbers(where), atol=0.1), node
    assert shown[0] != shown[-1]  # the labels change from file to file, the layout does not


def test_the_zip_lays_the_graph_out_once_and_only_draws_each_position(renderer, monkeypatch):
    runs = []
    real = render._run

    def counted(source, fmt, renderer_=None, engine=render.LAYOUT):
        runs.append((fmt, engine, source.count("digraph ")))
        return real(source, fmt, renderer_, engine)

    monkeypatch.setattr(render, "_run", counted)
    built = lesson(*state.PROGRAMS["branch"])
    export.zip_svgs(built, "stacked", renderer=renderer)
    layouts = [run for run in runs if run[1] == render.LAYOUT]
    assert layouts == [("json", render.LAYOUT, 1)]  # one layout, for the whole lesson
    drawn = [run for run in runs if run[1] == render.PINNED]
    assert {fmt for fmt, _, _ in drawn} == {"svg"}
    assert sum(count for _, _, count in drawn) == len(built.items) + 1


def test_zip_without_a_renderer_is_an_export_error(monkeypatch):
    monkeypatch.setattr(render, "find_renderer", lambda: None)
    with pytest.raises(render.ExportError):
        export.zip_svgs(book_lesson("06"), "stacked")


@pytest.mark.parametrize("lang", ["ja", "zh"])
def test_the_py_header_breaks_cjk_text_between_sentences_only(lang):
    lines = [line.removeprefix("# ") for line in export.header("16", lang).splitlines()]
    assert len(lines) >= 2 and all(line.endswith("。") for line in lines)
