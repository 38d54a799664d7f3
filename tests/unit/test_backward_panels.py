"""Steps 07 and 08 outside the engine: the dashed links of the graph, the code panel (the
running line, step 06's lit line, the stack / funcs), the narration, and the exports."""

import io
import re
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from autograd import BOOKS, BackwardStepper, EventKind, Kind, Stepper
from components import backward_panel as bp
from components import export
from components import format as fmt
from components.graph import build_dot, build_dot_links
from components.i18n import LANGS

BOOK_OPS = ("Square", "Exp", "Square")
LINK = re.compile(r"^\s*(f\d+|v\d+) -> (f\d+|v\d+) \[.*label=(creator|input|output).*$", re.M)


def lessons(book, ops=BOOK_OPS, x=0.5):
    """The lesson at every position, start to end."""
    total = len(BackwardStepper(ops, x, book).timeline)
    return [BackwardStepper.restore(ops, x, book, p) for p in range(total + 1)]


@pytest.mark.parametrize("book", BOOKS)
@pytest.mark.parametrize("view", ["stacked", "forward", "code"])
def test_links_appear_as_each_forward_call_sets_them_and_build_dot_is_kept(book, view):
    for lesson in lessons(book):
        dot = build_dot_links(lesson, view)
        every = LINK.findall(dot)  # not set yet: invisible, so the layout never changes
        links = [m.groups() for m in LINK.finditer(dot) if "style=invis" not in m[0]]
        assert len(every) == (0 if view == "code" else 3 * len(BOOK_OPS))
        made = 0 if view == "code" else sum(v is not None for v in lesson.chain.variables[1:])
        expected = {(f"v{i + 1}", f"f{i}", "creator") for i in range(made)}
        expected |= {(f"f{i}", f"v{i}", "input") for i in range(made)}
        expected |= {(f"f{i}", f"v{i + 1}", "output") for i in range(made)}
        assert set(links) == expected and len(links) == len(expected)
        shown = [line for line in dot.splitlines() if LINK.match(line) and "invis" not in line]
        assert all("style=dashed" in line for line in shown)
        if lesson.event is None:  # before y.backward(): step 06's picture plus the links
            plain = "\n".join(line for line in dot.splitlines() if not LINK.match(line))
            assert plain == build_dot(lesson.stepper, view).rstrip("\n")


def red_links(dot):
    return {m[3] for m in LINK.finditer(dot) if "d62728" in m[0]}


@pytest.mark.parametrize("book", BOOKS)
def test_the_running_line_outlines_what_it_touches(book):
    for lesson in lessons(book)[len(BOOK_OPS) + 2 :]:
        event, dot = lesson.event, build_dot_links(lesson, "forward")
        hot = set(re.findall(r"^\s*(\w+) \[.*color=\"#d62728\"", dot, re.M))
        names = lesson.chain.variable_names
        assert {f"v{names.index(v)}" for v in event.variables} <= hot
        if event.function:
            assert f"f{lesson.chain.function_names.index(event.function)}" in hot
        expected = {
            EventKind.CREATOR: {"creator"},
            EventKind.FUNCS: {"creator"},
            EventKind.APPEND: {"creator"},
            EventKind.INPUT: {"input", "output"} if book == "08" else {"input"},
        }.get(event.kind, set())
        assert red_links(dot) == (expected if event.function else set())


@pytest.mark.parametrize("book", BOOKS)
def test_code_panel_lights_the_running_line_and_the_same_manual_call(book):
    grads = 0
    for lesson in lessons(book):
        source = bp.source_lines(lesson)
        running = [i for i, (_, status, _) in enumerate(source) if status == "run"]
        manual = bp.manual_lines(lesson)
        lit = [code for code, status, _ in manual if status == "lit"]
        event = lesson.event
        if event is None:  # after a forward call: the lines that set the references run
            last = lesson.records[-1].call if lesson.records else None
            notes = [note for _, status, note in source if status == "run"]
            if last is not None and last.kind is Kind.FORWARD:
                chain, i = lesson.chain, last.index
                F, out = chain.function_names[i], chain.variable_names[i + 1]
                assert notes == [
                    f"{out}.creator = {F}",
                    f"{F}.input = {chain.variable_names[i]}",
                    f"{F}.output = {out}",
                ]
            else:
                assert notes == []
            assert lit == [] and bp.stack_rows(lesson) == []
            continue
        assert running == [event.line]
        grads += event.kind is EventKind.GRAD
        made = [c for c, s, _ in manual[len(BOOK_OPS) + 1 :] if s in ("done", "lit")]
        assert len(made) == grads
        if event.kind is EventKind.GRAD:
            call = lesson.stepper.timeline[event.call]
            assert lit == [call.code] and call.kind is Kind.BACKWARD
            assert source[event.line][2] == f"{call.target} = {fmt.full(event.gx)}"
        else:
            assert lit == []
        rows = bp.stack_rows(lesson)
        assert rows[: len(event.stack)] == [f"{v}.backward()" for v in event.stack]
        if book == "08" and event.stack:
            assert rows[-1] == f"funcs = [{', '.join(event.funcs)}]"
        program = {code: status for code, status, _ in bp.program_lines(lesson)}
        assert program["y.backward()"] == ("done" if lesson.done else "run")
    assert grads == len(BOOK_OPS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("book", BOOKS)
def test_every_step_is_narrated_with_its_numbers(lang, book):
    texts = []
    for lesson in lessons(book)[1:]:
        if lesson.event is None:
            step06 = "step 06's sentence"
            text = bp.explain_call(lang, lesson, step06)
            assert text.startswith(step06)
        else:
            text = bp.explain_event(lang, lesson)
        if lesson.event is not None and lesson.event.kind is EventKind.GRAD:
            assert fmt.short(lesson.event.gx) in text
            assert lesson.stepper.timeline[lesson.event.call].code in text
        texts.append(text)
    assert all(texts) and fmt.short(lessons(book)[-1].chain.x.grad) in texts[-1]


def test_code_html_escapes_everything():
    block = bp.code_html([("a < b & c", "run", "<img src=x>")])
    assert "<img" not in block and "&lt;img src=x&gt;" in block and "a &lt; b &amp; c" in block


# -- exports ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("book", "x"), [("07", 0.5), ("08", [0.5, 1.0, -2.0])])
def test_the_py_export_is_the_steps_program_printing_the_same_x_grad(tmp_path, book, x):
    source = export.program_source(BOOK_OPS, x, book=book)
    assert "y.backward()" in source and "b.grad = C.backward(y.grad)" not in source
    assert "def set_creator(self, func):" in source
    path = tmp_path / "step.py"
    path.write_text(source, encoding="utf-8")
    done = subprocess.run([sys.executable, "-I", str(path)], capture_output=True, text=True)
    grad = Stepper(BOOK_OPS, np.array(x)).run_to_end().chain.x.grad
    assert done.returncode == 0 and done.stdout == fmt.full(grad) + "\n"


@pytest.mark.parametrize("book", BOOKS)
def test_one_picture_per_event(book):
    total = len(BackwardStepper(BOOK_OPS, 0.5, book).timeline)
    names = export.step_file_names(BOOK_OPS, book)
    assert len(names) == len(set(names)) == total + 1
    assert all(re.fullmatch(r"step-\d{2}-[a-z-]+(-[A-Za-z]+)?\.svg", n) for n in names)
    dots = export.timeline_dots(BOOK_OPS, 0.5, "stacked", book=book)
    assert len(dots) == total + 1
    lesson = BackwardStepper(BOOK_OPS, 0.5, book)
    for before, after, item in zip(dots, dots[1:], lesson.timeline, strict=False):
        if not isinstance(item.kind, EventKind) or item.kind is EventKind.GRAD:
            assert after != before  # every call changes the picture
    if export.find_renderer() is None or book == "08":  # one zip is enough to read
        return
    data = export.timeline_zip(BOOK_OPS, 0.5, "forward", book=book)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == names
        assert b"creator" in archive.read(names[-1]) and b"creator" not in archive.read(names[0])
