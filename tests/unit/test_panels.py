"""Everything beside the graph, for every position (``panels.lesson_frames``) and its words
(``narration``): for every book step's own example, every view and every language; the
program's lines, notes and printed output, the variables, the frames of the step's code, and
the chain rule with its numbers."""

import json
import re

import numpy as np
import pytest

from autograd import steps
from components import format as fmt
from components.i18n import LANGS, t
from components.model import lessons, programs
from components.model.state import PROGRAMS
from components.views import graph, panels
from components.views.narration import code, segments

BOOK = ("Square", "Exp", "Square")
VIEWS = graph.VIEWS


def lesson_of(program, step):
    built = lessons.build(program, step, ())
    assert built.error is None, built.error
    return built.lesson


def every_panel(made):
    """Each position's panel, rebuilt from the base and the differences (as the element
    does: ``vars`` and ``notes`` one level deeper, None for a key gone; ``frames`` by index,
    a frame's local names by index; the chain rule's symbols from the static part)."""
    shape = made["panels"]["static"].get("chain")

    def whole(panel):
        chain = panel.get("chain")
        if shape is None or chain is None:
            return panel
        rows = [{**row, **chain["rows"][i]} for i, row in enumerate(shape["rows"])]
        return {**panel, "chain": {"d": shape["d"], "rows": rows}}

    current = dict(made["panels"]["base"])
    yield whole(current)
    for delta in made["panels"]["deltas"]:
        current = dict(current)
        for key, value in delta.items():
            if key == "frames" and isinstance(value, dict):
                frames = list(current[key][: value["n"]])
                for index, frame in value["set"].items():
                    i = int(index)
                    if isinstance(frame, dict):
                        label, names = frames[i]
                        names = list(names[: frame["n"]])
                        for j, local in frame["set"].items():
                            if int(j) < len(names):
                                names[int(j)] = local
                            else:
                                names.append(local)
                        frame = [frame.get("label", label), names]
                    if i < len(frames):
                        frames[i] = frame
                    else:
                        frames.append(frame)
                current[key] = frames
            elif key in ("vars", "notes") and isinstance(current.get(key), dict):
                inner = dict(current[key])
                for k, v in value.items():
                    if v is None:
                        inner.pop(k, None)
                    else:
                        inner[k] = v
                current[key] = inner
            else:
                current[key] = value
        yield whole(current)


def said(panel):
    return "".join(text if kind != "n" else "\n" for kind, text in panel["narr"])


BOOKS = {step: lesson_of(steps.book(step).program, step) for step in steps.STEPS}
# a field left unfilled ({name}, {value:.4g}); a set of the step's code reads {Pow (generation 0)}
PLACEHOLDER = re.compile(r"\{\w+(?:[!:][^{}]*)?\}")
LONE_QUESTION = re.compile(r"(^|[\s=(\[←,:])\?($|[\s,.;)\]])")  # a "?" standing for a value


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("step", steps.STEPS)
def test_every_books_example_builds_in_every_view_and_language(step, view, lang):
    lesson = BOOKS[step]
    assert lesson.stopped == "" and lesson.printed
    made = panels.lesson_frames(lesson, view, lang)
    text = panels.as_json(made)
    assert json.loads(text)["panels"]["static"]["program"] == lesson.program.rstrip("\n").split(
        "\n"
    )
    assert len(made["panels"]["deltas"]) == len(lesson.items) == len(made["deltas"])
    shown = list(every_panel(made))
    for position, panel in enumerate(shown):
        sentence = said(panel)
        assert sentence.strip(), position
        assert not PLACEHOLDER.search(sentence), (position, sentence)
        assert not LONE_QUESTION.search(sentence), (position, sentence)
        assert panel["progress"][1] == pytest.approx(position / len(lesson.items))
    # what the page printed, exactly as Python printed it
    out = shown[-1]["out"]
    assert "".join(line + "\n" for _, line in out) == lesson.printed
    printing = {i + 1 for i, line in enumerate(lesson.program.split("\n")) if "print(" in line}
    assert {line for line, _ in out} <= printing


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("step", steps.STEPS)
def test_every_line_of_the_steps_code_has_its_own_sentence(step, lang):
    lesson = BOOKS[step]
    made = panels.lesson_frames(lesson, "code", lang)
    inside = 0
    for position, panel in enumerate(every_panel(made)):
        item = lesson.items[position - 1] if position else None
        if item is None or item.where != "step" or item.kind == "error":
            continue
        inside += 1
        line = graph.lesson_line(lesson, item)
        generic = segments(t(lang, "narr_step_line", code=code(line)))
        first = said(panel).split("\n")[0]
        assert panel["narr"] != generic and first != said({"narr": generic}), (position, line)
        assert panel["code_at"] == [item.line, item.kind]
    # 06 has no Variable.backward (its calls are manual); step 21's program calls none
    assert inside > 0 or step == "06" or ".backward()" not in lesson.program


@pytest.mark.parametrize("step", steps.STEPS)
def test_the_programs_line_and_statement_advance_with_the_items(step):
    lesson = BOOKS[step]
    made = panels.lesson_frames(lesson, "stacked")
    static = made["panels"]["static"]
    previous = -1
    for position, panel in enumerate(every_panel(made)):
        if position == 0:
            assert panel["at"][:2] == [0, False] and panel["stmt"] == -1
            continue
        item = lesson.items[position - 1]
        assert panel["stmt"] == item.stmt >= previous
        previous = item.stmt
        line = item.line if item.where == "program" else lesson.statements[item.stmt]
        assert panel["at"][0] == line
        assert static["stmt_of_line"][line - 1] == item.stmt
    assert panel["at"][1] is True  # the last line is done


@pytest.mark.parametrize("step", steps.STEPS)
def test_notes_hold_the_values_each_line_set(step):
    lesson = BOOKS[step]
    shown = list(every_panel(panels.lesson_frames(lesson, "stacked")))
    for position, item in enumerate(lesson.items, start=1):
        if item.where != "program":
            continue
        note = shown[position]["notes"].get(str(item.line), "")
        for change in item.changes:
            node = lesson.node(change.node)
            if change.field == "data" and not node.const:
                assert f"{node.name} = {fmt.short(change.value)}" in note
            elif change.field == "grad":
                assert f"{node.name}.grad = {fmt.short(change.value)}" in note
        parts = note.split(", ")
        assert len(parts) == len(set(parts)), note


def test_the_notes_of_the_books_example():
    lesson = lesson_of(programs.chain_program(BOOK, "0.5", "06"), "06")
    lines = lesson.program.split("\n")
    x = 0.5
    a, b = x**2, np.exp(x**2)
    values = {
        "x = Variable(np.array(0.5))": f"x = {fmt.short(x)}",
        "a = A(x)": f"a = {fmt.short(a)}",
        "b = B(a)": f"b = {fmt.short(b)}",
        "y = C(b)": f"y = {fmt.short(b**2)}",
        "y.grad = np.array(1.0)": "y.grad = 1",
        "b.grad = C.backward(y.grad)": f"b.grad = {fmt.short(2 * b)}",
        "a.grad = B.backward(b.grad)": f"a.grad = {fmt.short(2 * b * b)}",
        "x.grad = A.backward(a.grad)": f"x.grad = {fmt.short(2 * b * b * 2 * x)}",
    }
    expected = {str(lines.index(line) + 1): note for line, note in values.items()}
    final = list(every_panel(panels.lesson_frames(lesson, "stacked")))[-1]
    assert final["notes"] == expected


def test_a_line_of_several_calls_notes_each_value_once():
    lesson = lesson_of(PROGRAMS["branch"][0], "16")
    final = list(every_panel(panels.lesson_frames(lesson, "stacked")))[-1]
    assert final["notes"]["3"] == "t1 = 16, t2 = 16, y = 32"  # a = 4: a² twice, their sum


@pytest.mark.parametrize("step", steps.STEPS)
def test_the_variables_table_holds_the_engines_final_values(step):
    lesson = BOOKS[step]
    final = list(every_panel(panels.lesson_frames(lesson, "stacked")))[-1]
    state = lesson.state(len(lesson.items))
    generation = any(c.field == "generation" for i in lesson.items for c in i.changes)
    assert set(final["vars"]) == {node.id for node in lesson.variables}
    for node in lesson.variables:
        name, data, grad, gen, _, _ = final["vars"][node.id]
        assert name == node.name
        assert data == fmt.full(state.data.get(node.id))
        assert grad == fmt.full(state.grad.get(node.id))
        assert gen == (state.generation.get(node.id) if generation else None)


def test_the_variables_table_of_the_books_example_in_full_precision():
    lesson = lesson_of(programs.chain_program(BOOK, "0.5", "07"), "07")
    final = list(every_panel(panels.lesson_frames(lesson, "stacked")))[-1]
    x = 0.5
    b = float(np.exp(x**2))
    rows = {row[0]: row for row in final["vars"].values()}
    assert rows["x"][1:3] == ["0.5", repr(2 * b * b * 2 * x)]
    assert rows["b"][1:3] == [repr(b), repr(2 * b)]


def test_step_13s_overwritten_grad_is_struck_in_the_table_and_said():
    lesson = lesson_of(PROGRAMS["add_twice"][0], "13")
    shown = list(every_panel(panels.lesson_frames(lesson, "stacked")))
    x = next(n.id for n in lesson.variables if n.name == "x")
    struck = [p for p, panel in enumerate(shown) if panel["vars"][x][4] == "struck"]
    assert len(struck) == 1 and shown[struck[0]]["vars"][x][5] == "1.0"
    assert "overwrites" in said(shown[struck[0]])


def test_step_16s_frames_show_funcs_and_seen_set():
    lesson = BOOKS["16"]
    shown = list(every_panel(panels.lesson_frames(lesson, "stacked")))
    seen = []
    for position, panel in enumerate(shown):
        for label, names in panel["frames"]:
            local = {name: text for name, text, _ in names}
            if label == "y.backward()" and "seen_set" in local and "funcs" in local:
                seen.append((position, local["funcs"], local["seen_set"]))
    assert seen
    # once add_func has run for y's creator, both hold Add with its generation
    assert any("Add (gen 2)" in funcs and "Add (gen 2)" in seen_set
               for _, funcs, seen_set in seen)  # fmt: skip
    assert seen[-1][2].count("Square") == 3  # every Square ends in seen_set, each once
    for lang in LANGS:  # in the page's language: 辈分, 世代, 세대
        made = panels.lesson_frames(lesson, "stacked", lang)
        words = json.dumps(made["panels"], ensure_ascii=False)
        assert t(lang, "frame_generation", name="Add", generation=2) in words
    static = panels.lesson_frames(lesson, "stacked")["panels"]["static"]
    assert static["code"] and "generation" in " ".join(static["columns"])


# -- the chain rule -------------------------------------------------------------------------------
def _values(row):
    return [[None if v is None else float(v) for v in term] for term in row["values"]]


@pytest.mark.parametrize("step", ["06", "07", "08", "09", "16"])
def test_the_chain_rule_of_the_books_example_has_its_numbers_once_the_calls_ran(step):
    lesson = lesson_of(programs.chain_program(BOOK, "0.5", step), step)
    x = 0.5
    a = x**2
    b = np.exp(a)
    local = {"x": 2 * x, "a": np.exp(a), "b": 2 * b}  # A'(x), B'(a), C'(b)
    done = set()
    for position, panel in enumerate(every_panel(panels.lesson_frames(lesson, "stacked"))):
        item = lesson.items[position - 1] if position else None
        if item is not None:
            done |= {c.fn for c in item.calls if c.kind == "backward"}
        (row,) = panel["chain"]["rows"]
        assert panel["chain"]["d"] == "d" and row["lhs"] == ["y", "x"]
        (term,) = row["terms"]
        assert [factor[2] for factor in term] == ["b", "a", "x"]  # C'(b) B'(a) A'(x), the book's
        for factor, number, edge in zip(term, row["values"][0], ("b", "a", "x"), strict=True):
            fn = next(f for f in lesson.functions if lesson.node(
                lesson.inputs_of(f.id)[0].src).name == edge)  # fmt: skip
            if fn.id in done:
                assert float(number) == pytest.approx(local[edge], rel=1e-5), factor
            else:
                assert number is None
    assert row["result"] == fmt.short(local["x"] * local["a"] * local["b"])
    assert np.prod(_values(row)[0]) == pytest.approx(2 * b * np.exp(a) * 2 * x, rel=1e-5)


def test_the_chain_rule_of_a_branching_graph_is_a_sum_over_its_two_paths():
    lesson = lesson_of(PROGRAMS["branch"][0], "16")
    final = list(every_panel(panels.lesson_frames(lesson, "stacked")))[-1]
    (row,) = final["chain"]["rows"]
    assert final["chain"]["d"] == "∂" and len(row["terms"]) == 2 and row["more"] == 0
    x = 2.0
    a = x**2
    # y = t1 + t2, t1 = t2 = a², a = x²: each path is 2x · 2a · 1
    for term in _values(row):
        assert term == pytest.approx([1.0, 2 * a, 2 * x])  # from the output back
    total = sum(float(np.prod(term)) for term in _values(row))
    assert total == pytest.approx(2 * (2 * x * 2 * a))
    x_grad = float(lesson.state(len(lesson.items)).grad[lesson.inputs[0]])
    assert total == pytest.approx(x_grad) and row["result"] == fmt.short(x_grad)


@pytest.mark.parametrize(
    ("program", "step"),
    [("branch", "13"), ("branch", "14"), ("branch", "16"), ("add_twice", "13"),
     ("add_twice", "14")],
)
def test_the_chain_rule_sums_its_products_even_where_the_steps_code_does_not(program, step):
    # 13 overwrites and 14 calls too early: x.grad is not the sum of the paths; the chain rule
    # still writes its own sum, and x.grad beside it (≠) where the two differ
    lesson = lesson_of(PROGRAMS[program][0], step)
    final = list(every_panel(panels.lesson_frames(lesson, "stacked")))[-1]
    (row,) = final["chain"]["rows"]
    total = sum(float(np.prod(term)) for term in _values(row))
    x_grad = float(lesson.state(len(lesson.items)).grad[lesson.inputs[0]])
    assert row["result"] == fmt.short(total)
    if np.isclose(total, x_grad):
        assert row["grad"] is None
    else:
        assert row["grad"] == fmt.short(x_grad)
    # the book's values: 64 (step 16's file) and 2 for add(x, x), whatever the step
    assert total == {"branch": 64.0, "add_twice": 2.0}[program]
    wrong = {("branch", "13"), ("branch", "14"), ("add_twice", "13")}  # the book's own bugs
    assert (row["grad"] is not None) == ((program, step) in wrong)


@pytest.mark.parametrize(
    ("step", "line", "hint"),
    [("20", "y = x * 2.0", "narr_hint_number"), ("20", "y = 2.0 * x", "narr_hint_operator"),
     ("21", "y = x - 1.0", "narr_hint_operator"), ("21", "y = x ** 3", "narr_hint_operator"),
     ("20", "y = x + np.array(3.0)", "narr_hint_number")],
)
@pytest.mark.parametrize("lang", LANGS)
def test_an_operator_before_its_step_says_which_step_brings_it(step, line, hint, lang):
    lesson = lesson_of(f"x = Variable(np.array(2.0))\n{line}\nprint(y)\n", step)
    last = list(every_panel(panels.lesson_frames(lesson, "stacked", lang)))[-1]
    assert last["error"] and said({"narr": segments(t(lang, hint))}) in said(last)
    if hint == "narr_hint_operator":  # its operators are code, not Markdown's bold
        assert "**" in said(last) and "**" in last["error"]
    if "**" in line:  # Python's own message names ** (pow): kept whole, as code
        assert "for ** or pow()" in last["error"]
        narr = last["narr"] if isinstance(last["narr"], str) else json.dumps(last["narr"])
        assert "for ** or pow()" in narr


def test_a_program_that_stops_says_why():
    program = programs.chain_program(BOOK, "0.5", "06").replace("y.grad = np.array(1.0)\n", "")
    lesson = lesson_of(program, "06")
    assert lesson.items[-1].kind == "error"
    last = list(every_panel(panels.lesson_frames(lesson, "stacked")))[-1]
    assert last["error"] and "TypeError" in last["error"]
    assert "None" in said(last)
    # the line Python stopped on is not "done": marked failed (✗), as Python Tutor marks it
    line, done, *_, failed = last["at"]
    assert failed is True and done is False
    assert line == lesson.items[-1].line
    before = list(every_panel(panels.lesson_frames(lesson, "stacked")))[-2]
    assert before["at"][4] is False


def test_the_frames_write_values_as_python_writes_them():
    """A tuple is (a, b), a set {a}, a bool True / False: never a list or a type's name."""
    seen = {}
    for book in ("14", "16", "18"):
        lesson = lesson_of(PROGRAMS["branch"][0], book)
        for panel in every_panel(panels.lesson_frames(lesson, "stacked")):
            for _, names in panel.get("frames") or []:
                for name, text, _ in names:
                    seen.setdefault((book, name), set()).add(text)
    assert any(re.fullmatch(r"\(\d+(\.\d*)?, \d+(\.\d*)?\)", v) for v in seen["14", "gxs"])
    assert any(re.fullmatch(r"\(\d+(\.\d*)?,\)", v) for v in seen["14", "gxs"])  # one input
    assert all(v.startswith("{") or v == "set()" for v in seen["16", "seen_set"])
    assert seen["18", "retain_grad"] == {"False"}


def test_printed_blank_lines_stay():
    lesson = lesson_of("print('a\\n')\nprint()\nprint('b')\n", "22")
    out = list(every_panel(panels.lesson_frames(lesson, "stacked")))[-1]["out"]
    assert "".join(line + "\n" for _, line in out) == lesson.printed  # "a", "", "", "b"


def test_the_chain_rule_after_a_second_backward_is_the_second_outputs():
    """cleargrad, then a second output's backward: the end's x.grad is the second's, and so
    is the chain rule (it said x.grad differed from dz/dx, as if the book's code were wrong)."""
    lesson = lesson_of(
        "x = Variable(np.array(1.0))\nz = x * x\nz.backward()\nx.cleargrad()\n"
        "w = sin(x)\nw.backward()\n",
        "22",
    )
    final = list(every_panel(panels.lesson_frames(lesson, "stacked")))[-1]
    (row,) = final["chain"]["rows"]
    assert row["lhs"] == ["w", "x"]
    assert row["grad"] is None
    assert row["result"] == fmt.short(lesson.state(len(lesson.items)).grad[lesson.inputs[0]])


def test_a_function_called_on_its_own_output_counts_no_negative_paths():
    """One Square instance called twice (A(A(x))) makes a cycle; Python's backward never ends
    (the lesson stops) and no count of paths goes below zero."""
    lesson = lesson_of(
        "A = Square()\nx = Variable(np.array(3.0))\na = A(x)\ny = A(a)\ny.backward()\n", "09"
    )
    for panel in every_panel(panels.lesson_frames(lesson, "stacked")):
        for row in (panel["chain"] or {"rows": []})["rows"]:
            assert row["more"] >= 0


MANUAL_BRANCH = (
    "x = Variable(np.array(2.0))\na = square(x)\nb = square(a)\nc = square(a)\ny = add(b, c)\n"
    "y.grad = np.array(1.0)\ngb, gc = y.creator.backward(y.grad)\nb.grad = gb\nc.grad = gc\n"
    "a.grad = b.creator.backward(b.grad)\nx.grad = a.creator.backward(a.grad)\n"
)


def _said_at_lines(lesson, lang):
    """What the narration says after each program line (its last item)."""
    made = panels.lesson_frames(lesson, "stacked", lang)
    shown = list(every_panel(made))
    found = {}
    for position, item in enumerate(lesson.items, start=1):
        if item.where == "program":
            found[item.line] = said(shown[position])
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_manual_calls_on_a_branch_say_what_each_line_did(lang):
    """Step 06's way on step 16's graph: y.grad = 1 is the seed, b.grad = gb is Add's part
    (not a seed); x.grad = a.creator.backward(a.grad) runs before c's part of a.grad came, and
    the sentence says which Square's part is missing, by its path."""
    lesson = lesson_of(MANUAL_BRANCH, "16")
    lines = _said_at_lines(lesson, lang)
    seed = t(lang, "narr_seed", code="@", name="y", value="1").split("@")[-1][2:12]
    assert seed in lines[6]
    assert seed not in lines[8] and seed not in lines[9]
    partial = t(lang, "narr_partial", fn="@", out="@", missing="@").replace("`", "").split("@")
    assert all(piece.strip() in lines[11] for piece in partial if piece.strip())
    assert "(a → c)" in lines[11]  # the missing part: c's Square, not b's
    assert not any(piece.strip() in lines[10] for piece in partial if len(piece.strip()) > 6)


@pytest.mark.parametrize("lang", LANGS)
def test_step_16_hands_a_creator_to_add_func_and_the_end_is_your_programs(lang):
    lesson = lesson_of(PROGRAMS["branch"][0] + "print(a.grad)\n", "16")
    made = panels.lesson_frames(lesson, "stacked", lang)
    text = "\n".join(said(panel) for panel in every_panel(made))
    assert "add_func" in text
    if lang in ("ja", "zh"):  # full-width stops take no space after them, before any text
        assert not re.search(r"[。，：] ", text)
    handed = t(lang, "narr_has_creator_add", x="@", fn="@").replace("`", "").split("@")[-1].strip()
    listed = t(lang, "narr_has_creator", x="@", fn="@").replace("`", "").split("@")[-1].strip()
    assert handed in text and listed not in text
    last = len(lesson.items) - 1  # print(x.grad), the line before the end
    assert panels.phase(lesson, last) == "program"
    assert panels.progress_text(lesson, last, lang).endswith(t(lang, "phase_program"))


@pytest.mark.parametrize("step", ["13", "14"])
def test_x_grad_is_said_to_differ_only_once_backward_has_returned(step):
    """Step 14 sums x.grad in two parts inside backward(): half-way it is no wrong grad. Step
    13 overwrites it: once backward() returns, the page shows x.grad beside the sum."""
    lesson = lesson_of(PROGRAMS["add_twice"][0], step)
    shown = list(every_panel(panels.lesson_frames(lesson, "stacked")))
    differs = [p for p, panel in enumerate(shown) if panel["chain"]["rows"][0]["grad"]]
    inside = {p for p in range(1, len(shown)) if panels.phase(lesson, p) == "inside"}
    assert not set(differs) & inside
    final = float(lesson.state(len(lesson.items)).grad[lesson.inputs[0]])
    assert (len(lesson.items) in differs) == (final != 2.0)  # the sum: 1 + 1
    assert step == "14" or differs


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("step", "times"), [("13", 1), ("14", 1), ("16", 0)])
def test_a_function_run_twice_by_steps_13_and_14_is_said_to(lang, step, times):
    """The step-16 program: a's Square goes into funcs twice in 13 and 14 (no seen_set), and
    its second run is said; step 16 runs it once."""
    lesson = lesson_of(PROGRAMS["branch"][0], step)
    again = t(lang, "narr_again", fn="@", n=2).replace("`", "").split("@")[-1].strip()
    panels_ = list(every_panel(panels.lesson_frames(lesson, "stacked", lang)))
    assert sum(again in said(panel) for panel in panels_) == times  # its second run
