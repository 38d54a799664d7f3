"""components.export: pictures from a real Graphviz renderer, the zip of every step, and the
session as a program that runs on its own and prints exactly what the engine computes."""

import ast
import importlib.metadata
import inspect
import io
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import numpy as np
import pytest

import autograd
from components import export
from components import format as fmt
from components.graph import build_dot
from components.i18n import t

BOOK_OPS = ("Square", "Exp", "Square")
BOOK_X = 0.5
SVG_NS = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ALL_OPS = tuple(autograd.REGISTRY)  # every function the app offers


@pytest.fixture(scope="module")
def renderer():
    found = export.find_renderer()
    if found is None:
        message = "no Graphviz renderer: pip install -r requirements.txt installs graphviz-pure"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must render: never skip there
        pytest.skip(message)
    return found


def final_dot(ops=BOOK_OPS, x=BOOK_X, view="stacked"):
    return build_dot(autograd.Stepper(ops, x).run_to_end(), view)


def svg_texts(svg_bytes):
    root = ET.fromstring(svg_bytes)
    assert root.tag == f"{SVG_NS}svg"
    return root, ["".join(el.itertext()).strip() for el in root.iter(f"{SVG_NS}text")]


def node_titles(root):
    return {
        g.find(f"{SVG_NS}title").text for g in root.iter(f"{SVG_NS}g") if g.get("class") == "node"
    }


def png_size(data):
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    return struct.unpack(">II", data[16:24])


# -- the renderer ------------------------------------------------------------------------------
def test_find_renderer_uses_graphviz_pure_when_installed():
    try:
        importlib.metadata.distribution("graphviz-pure")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("graphviz-pure is not installed in this environment")
    found = export.find_renderer()
    assert found is not None
    assert Path(found).name.startswith("graphviz-pure")


def test_requirements_name_graphviz_pure():
    requirements = Path(__file__).resolve().parents[2] / "requirements.txt"
    lines = [line.strip() for line in requirements.read_text().splitlines()]
    assert "graphviz-pure>=0.2.2,<1" in lines


# -- one picture --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("view", "names"),
    [
        ("stacked", ["x", "a", "b", "y", "A", "B", "C", "dy/dx", "A'(x)", "dy/dy"]),
        ("forward", ["x", "a", "b", "y", "A", "B", "C", "Square", "Exp"]),
        ("code", ["x.grad", "a.grad", "b.grad", "y.grad", "A.backward", "C.backward"]),
    ],
)
def test_svg_parses_and_names_every_node(renderer, view, names):
    svg = export.render(final_dot(view=view), "svg", renderer)
    root, texts = svg_texts(svg)
    for name in names:
        assert name in texts, f"{name!r} missing from the {view} SVG: {texts}"
    assert "3.29744" in " ".join(texts)  # x.grad is written in every view
    titles = node_titles(root)
    n = len(BOOK_OPS)
    expected = {
        "stacked": {f"v{i}" for i in range(n + 1)} | {f"f{i}" for i in range(n)},
        "forward": {f"v{i}" for i in range(n + 1)} | {f"c{i}" for i in range(n)},
        "code": {f"g{i}" for i in range(n + 1)} | {f"d{i}" for i in range(n)},
    }[view]
    assert expected <= titles


def test_png_signature_and_size(renderer):
    png = export.render(final_dot(), "png", renderer)
    width, height = png_size(png)
    assert 300 <= width <= 4000
    assert 100 <= height <= 2000
    assert width > height  # the book's left-to-right row
    assert png.endswith(b"IEND\xaeB`\x82")


def test_png_of_a_long_chain_is_wide(renderer):
    width, height = png_size(export.render(final_dot(ALL_OPS * 2, 0.3), "png", renderer))
    short_width, _ = png_size(export.render(final_dot(), "png", renderer))
    assert width > 2 * short_width


def test_render_errors_are_export_errors(renderer, tmp_path):
    with pytest.raises(export.ExportError, match="failed"):
        export.render("digraph { a -> }", "svg", renderer)
    with pytest.raises(export.ExportError):
        export.render(final_dot(), "svg", str(tmp_path / "no-such-program"))
    with pytest.raises(ValueError):
        export.render(final_dot(), "pdf", renderer)


def test_no_renderer_is_an_export_error(monkeypatch):
    monkeypatch.setattr(export, "find_renderer", lambda: None)
    with pytest.raises(export.ExportError, match="graphviz-pure"):
        export.render(final_dot(), "svg")


def test_export_errors_read_in_the_learners_language(renderer):
    with pytest.raises(export.ExportError) as caught:
        export.render("digraph { a -> }", "svg", renderer)
    error = caught.value
    assert str(error) == t("en", "export_failed", **error.params)
    for lang in ("ko", "ja"):
        assert error.message(lang) == t(lang, "export_failed", **error.params) != str(error)
        assert error.params["program"] in error.message(lang)


@pytest.mark.parametrize(
    ("ops", "books"),
    [(BOOK_OPS, True), (("Exp", "Square", "Exp"), True), (("Square", "Sin"), False)],
)
def test_program_header_says_the_books_code_only_for_the_books_functions(ops, books):
    lines = export.program_source(ops, 0.5).splitlines()
    header = " ".join(line[2:] for line in lines if line.startswith("# "))
    assert export.is_books(ops) is books
    assert ("the book's step-06 code" in header) is books
    assert ("in the style of step 06" in header) is not books
    if not books:
        assert "Sin added" in header


# -- several pictures -----------------------------------------------------------------------------
def test_render_svgs_in_one_run_equals_one_run_each(renderer):
    dots = export.timeline_dots(BOOK_OPS, BOOK_X, "stacked")
    together = export.render_svgs(dots, renderer)
    alone = [export.render(dot, "svg", renderer) for dot in dots]
    assert together == alone
    # in batches (two runs at once) the order is kept
    assert export.render_svgs(dots, renderer, batch=3) == alone


def test_step_file_names_book():
    assert export.step_file_names(BOOK_OPS) == [
        "step-00-start.svg",
        "step-01-forward-A.svg",
        "step-02-forward-B.svg",
        "step-03-forward-C.svg",
        "step-04-seed.svg",
        "step-05-backward-C.svg",
        "step-06-backward-B.svg",
        "step-07-backward-A.svg",
    ]


def test_step_file_names_are_safe_and_unique_for_32_functions():
    names = export.step_file_names(ALL_OPS * 4 + ALL_OPS[:4])
    assert len(names) == 2 * 32 + 2 == len(set(names))
    assert all(
        re.fullmatch(r"step-\d{2}-(start|seed|(forward|backward)-[A-Z]+)\.svg", n) for n in names
    )
    assert names[-1] == "step-65-backward-A.svg"


@pytest.mark.parametrize("view", ["stacked", "code", "forward"])
def test_timeline_zip_has_every_step(renderer, view):
    data = export.timeline_zip(BOOK_OPS, BOOK_X, view, renderer=renderer)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == export.step_file_names(BOOK_OPS)
        texts = [svg_texts(archive.read(name))[1] for name in names]
    total = 2 * len(BOOK_OPS) + 1
    assert len(texts) == total + 1
    joined = [" ".join(t) for t in texts]
    if view != "code":  # (the code view shows the backward pass only)
        assert len(set(joined)) == total + 1  # every call changes the picture
    # the last call computes x.grad = 3.29744 (a.grad happens to be 3.29744 too at x = 0.5)
    assert joined[total].count("3.29744") > joined[total - 1].count("3.29744")
    assert "3.29744" not in joined[0]


def test_timeline_zip_vector(renderer):
    data = export.timeline_zip(BOOK_OPS, [0.5, 1.0, -2.0], renderer=renderer)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert len(archive.namelist()) == 8
        for name in archive.namelist():
            ET.fromstring(archive.read(name))


# -- the program -----------------------------------------------------------------------------------
def engine_prints(ops, x):
    """What the app's variables table shows for x.grad, as a line of output."""
    grad = autograd.Stepper(ops, np.array(x, dtype=np.float64)).run_to_end().chain.x.grad
    return fmt.full(grad) + "\n"


def run_program(source, tmp_path):
    path = tmp_path / "session.py"
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


@pytest.mark.parametrize(
    ("ops", "x"),
    [
        (BOOK_OPS, 0.5),
        (BOOK_OPS, [0.5, 1.0, -2.0]),
        (BOOK_OPS, [[0.5, -0.25, 1e-3], [1.5, 0.1, -1.1]]),
        (ALL_OPS, 0.7),
        (ALL_OPS, [[0.7, 1.3], [2.0, 0.01]]),
        (("Exp", "Exp", "Sin"), 10.0),  # overflow: prints nan in both
        (ALL_OPS * 4 + ALL_OPS[:4], 0.3),  # 32 functions: names up to AG
    ],
)
def test_program_prints_what_the_engine_prints(tmp_path, ops, x):
    source = export.program_source(ops, x)
    assert run_program(source, tmp_path) == engine_prints(ops, x)


def test_book_program_prints_the_books_number(tmp_path):
    assert run_program(export.program_source(BOOK_OPS, 0.5), tmp_path) == "3.297442541400256\n"


def test_program_is_the_books_code():
    source = export.program_source(BOOK_OPS, np.array(0.5))
    lines = source.splitlines()
    for line in [
        "import numpy as np",
        "A = Square()",
        "B = Exp()",
        "C = Square()",
        "x = Variable(np.array(0.5))",
        "a = A(x)",
        "b = B(a)",
        "y = C(b)",
        "y.grad = np.array(1.0)",
        "b.grad = C.backward(y.grad)",
        "a.grad = B.backward(b.grad)",
        "x.grad = A.backward(a.grad)",
        "print(x.grad)",
    ]:
        assert line in lines
    order = [lines.index(c) for c in ("a = A(x)", "y.grad = np.array(1.0)", "print(x.grad)")]
    assert order == sorted(order)
    # the engine's own classes, one definition only
    assert inspect.getsource(autograd.Square) in source
    assert inspect.getsource(autograd.Exp) in source
    assert "class Sin" not in source  # only the classes used
    assert "self.output" not in source  # the book's Function, unchanged
    tree = ast.parse(source)
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert [alias.name for n in imports for alias in n.names] == ["numpy"]


def test_program_array_seed_and_exact_input():
    x = np.array([[0.1, 1 / 3], [-2.5e-300, 12345.678901234567]])
    source = export.program_source(BOOK_OPS, x)
    assert "y.grad = np.ones_like(y.data)" in source
    tree = ast.parse(source)
    assign = next(n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "x")
    literal = ast.literal_eval(assign.value.args[0].args[0])
    assert np.array_equal(np.array(literal), x)  # every float written exactly


def test_program_keeps_output_only_when_a_class_needs_it():
    source = export.program_source(("Square", "Tanh"), 0.5)
    assert "self.output = output" in source
    assert inspect.getsource(autograd.Tanh) in source


def test_program_rejects_bad_chains():
    with pytest.raises(ValueError):
        export.program_source((), 0.5)
    with pytest.raises(ValueError):
        export.program_source(("Relu",), 0.5)
    with pytest.raises(ValueError):
        export.program_source(BOOK_OPS, float("inf"))
