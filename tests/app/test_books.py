"""Steps 07 and 08 on screen: the book switch, its link, and every panel while y.backward()
runs. Expected values come from the engine (``BackwardStepper``), never from the panels."""

import html
import re

import pytest
from harness import (
    BOOK,
    BOOK_X_GRAD,
    click,
    dot,
    graph_data,
    messages,
    new_app,
    open_tab,
    position,
    query,
    report_position,
    shown,
    table,
)

from autograd import BackwardStepper, EventKind
from components import graph_frames, state, url
from components import messages as said
from components.i18n import TEXT

LINE = re.compile(
    r'<span class="bp-line bp-(\w+)"><span class="bp-no">(\d+)</span>'
    r'<span><span class="bp-text">(.*?)</span>(?:  <span class="bp-note"># (?:✓ )?(.*?)</span>)?'
)
FRAME = re.compile(r'<div class="bp-frame[^"]*">(.*?)</div>')


def blocks(at):
    """The code blocks of the 07 / 08 code panel: program, Variable/Function, step 06's."""
    bodies = [
        h.proto.body for h in shown(at, "html") if h.proto.body.startswith('<div class="bp-code')
    ]
    return [[(s, int(n), html.unescape(c), html.unescape(note)) for s, n, c, note in
             LINE.findall(body)] for body in bodies]  # fmt: skip


def links(at):
    """Step 07's dashed links the graph element shows (a grey one: not set yet, not drawn)."""
    shown = dot(at).state
    return {item for item, (_, cls) in shown.items() if {"link", "done"} <= set(cls.split())}


def stack(at):
    found = [
        h.proto.body for h in shown(at, "html") if h.proto.body.startswith('<div class="bp-stack')
    ]
    return [html.unescape(f) for body in found for f in FRAME.findall(body)]


def lit(lines, status):
    return [(number, code.strip(), note) for s, number, code, note in lines if s == status]


@pytest.mark.parametrize("book", ["07", "08"])
def test_a_book_link_walks_y_backward_line_by_line_to_x_grad(book):
    at = new_app({"book": book})
    lesson = BackwardStepper(BOOK, 0.5, book)
    total = len(lesson.timeline)
    assert at.button_group(key="book_select").value == book and query(at)["book"] == book
    assert not at.expander  # no 'make a call yourself': y.backward() makes the calls
    assert "anim_toggle" in [w.key for w in at.toggle]  # the graph element animates 07 / 08
    for step in range(total + 1):
        assert position(at).startswith(f"{step} of {total}")
        program, source, manual = blocks(at)
        event = lesson.event
        running = lit(source, "run")
        if event is not None:
            assert [n for n, _, _ in running] == [event.line + 1]  # one line, as a debugger
            assert any(m.value.startswith(f"`{event.code}`") for m in shown(at, "markdown"))
            frames = [f"{v}.backward()" for v in event.stack]
            funcs = [f"funcs = [{', '.join(event.funcs)}]"] if book == "08" and frames else []
            assert stack(at) == frames + funcs
            if event.kind is EventKind.GRAD:  # step 06's line of the same call, same number
                call = lesson.stepper.timeline[event.call]
                [(_, code, note)] = lit(manual, "lit")
                assert (code, note) == (call.code, running[0][2])
        elif lesson.records and step <= len(BOOK):  # a forward call sets three references
            F, out = lesson.chain.function_names[step - 1], lesson.chain.variable_names[step]
            assert f"{out}.creator = {F}" in [note for _, _, note in running]
        made = sum(v is not None for v in lesson.chain.variables[1:])
        assert dot(at).step == step  # the graph element at the server's position
        kinds = ("creator", "input", "output")
        assert links(at) == {f"link-{k}-{i}" for k in kinds for i in range(made)}
        if step < total:
            click(at, "next")
            lesson.step()
    assert lit(blocks(at)[0], "done")[-1] == (len(blocks(at)[0]), "print(x.grad)", BOOK_X_GRAD)
    assert [m for m in messages(at, "success") if BOOK_X_GRAD[:7] in m]
    assert table(at)["x"]["grad"] == BOOK_X_GRAD


@pytest.mark.parametrize("book", ["07", "08"])
def test_the_graph_elements_position_moves_the_lesson_of_its_own_book(book):
    at = new_app({"book": book})
    total = len(BackwardStepper(BOOK, 0.5, book).timeline)
    assert graph_data(at)["total"] == total
    assert graph_data(at)["chain"] == graph_frames.chain_key(BOOK, 0.5, (), book)
    report_position(at, total - 2)
    assert position(at).startswith(f"{total - 2} of {total}") and query(at)["book"] == book
    report_position(at, 3, chain=graph_frames.chain_key(BOOK, 0.5))  # step 06's: stale
    assert position(at).startswith(f"{total - 2} of {total}")
    assert state.Spec(book=book).total == total


@pytest.mark.parametrize("lang", ["ko", "en", "ja"])
@pytest.mark.parametrize("value", ["09", "7", "<script>alert(1)</script>", ""])
def test_a_tampered_book_warns_in_the_pages_language_and_shows_06(lang, value):
    at = new_app({"book": value, "lang": lang})
    _, warnings = url.from_query({"book": value}, lang)
    assert [w.value for w in shown(at, "warning")] == [said.text(lang, w) for w in warnings]
    assert [w.key for w in warnings] == ["url_bad_book"]
    assert at.session_state["spec"].book == "06" and "book" not in query(at)
    options = at.button_group(key="book_select").options
    assert list(options) == [TEXT[f"book_{b}"][lang] for b in state.BOOKS]
    assert shown(at, "code")  # step 06's program panel


def test_predict_projector_check_and_exports_work_in_07_and_08():
    lesson = BackwardStepper(BOOK, 0.5, "08")
    first_grad = len(lesson.calls) + [e.kind for e in lesson.events].index(EventKind.GRAD)
    at = new_app({"book": "08", "predict": "1", "step": str(first_grad)})
    assert at.button(key="next").disabled and at.text_input(key="prediction")
    call = lesson.stepper.timeline[lesson.events[first_grad - len(lesson.calls)].call]
    prompt = f"Before `x.grad = f.backward(y.grad)` (= `{call.code}`) runs"
    assert [m.value for m in shown(at, "markdown") if m.value.startswith(prompt)]
    click(at, "back")  # x, y = f.input, f.output: no grad to guess, a plain step
    assert not at.button(key="next").disabled and "prediction" not in [w.key for w in at.text_input]

    at = new_app({"book": "07", "projector": "1", "step": "12"})
    assert all(
        "bp-big" in h.proto.body
        for h in at.get("html")
        if h.proto.body.startswith('<div class="bp-code')
    )
    assert 'font-size="22.00"' in dot(at).svg
    with pytest.raises(AssertionError, match="no variables table"):
        table(at)  # tucked away on a projector

    at = new_app({"book": "07", "step": str(state.Spec(book="07").total)})
    open_tab(at, TEXT["check_header"]["en"])
    # the backprop result beside step 04's
    assert BOOK_X_GRAD in [c.value for c in shown(at, "code")]
    open_tab(at, TEXT["exports_header"]["en"])
    buttons = {b.proto.id.rsplit("-", 1)[-1]: b for b in at.get("download_button")}
    assert set(buttons) >= {"dl_dot", "dl_zip", "dl_py"}
    assert "backprop_step07.py" in buttons["dl_py"].proto.help


@pytest.mark.parametrize(
    "link",
    [
        {"book": "07", "x": "[0.5, 1.0, -2.0]", "step": "15"},  # an array: its grads, per element
        {"book": "08", "f": "Exp,Exp,Sin", "x": "10", "step": "13"},  # inf and nan travel back
        {"book": "07", "f": ",".join(["Sin"] * state.MAX_FUNCTIONS), "step": "120"},  # 32 deep
        {"book": "08", "def": "Cube:x**3:3*x**2*gy", "f": "Cube,Exp", "step": "9"},  # your own
    ],
)
def test_arrays_overflow_and_the_longest_chain_run_in_07_and_08(link):
    at = new_app(link)
    spec = at.session_state["spec"]
    lesson = state.build_stepper(spec)
    assert not shown(at, "warning") or lesson.chain.y.flags  # only the non-finite warning, if any
    assert stack(at) == [f"{v}.backward()" for v in lesson.event.stack] + (
        [f"funcs = [{', '.join(lesson.event.funcs)}]"] if spec.book == "08" else []
    )
    program = [code for _, _, code, _ in blocks(at)[0]]
    assert ("class Cube(Function):" in program) == ("def" in link)  # written out, as in 06
    click(at, "run_end")
    assert lit(blocks(at)[0], "done")[-1][1] == "print(x.grad)"
