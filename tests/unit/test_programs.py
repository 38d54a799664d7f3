"""Chains as the book writes them in each step (``chain_program``), read back (``read_chain``),
converted between steps' styles, and the names a program of each step may call."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import steps
from components.model import lessons, programs, userfn
from components.model.state import PROGRAMS

BOOK = ("Square", "Exp", "Square")
CUBE = ("Cube", "x ** 3", "3 * x ** 2 * gy")
LEARNED = userfn.learned((CUBE,))
INPUTS = ["0.5", "-2", "[0.5, 1.0, -2.0]", "[[1, 2], [3, 4]]", "1e-3", "3"]


@pytest.mark.parametrize("step", ["06", "07", "08"])
def test_the_books_chain_is_the_books_own_example(step):
    """Steps 06-08 end with the book's x -> Square -> Exp -> Square chain at 0.5 (the
    chain app's example)."""
    own = steps.book(step).program
    assert programs.chain_program(BOOK, "0.5", step) == own
    assert programs.read_chain(own, step) == programs.Chain(BOOK, "0.5")


@pytest.mark.parametrize("step", steps.STEPS)
def test_each_steps_chain_runs_to_the_books_number(step):
    lesson = lessons.build(programs.chain_program(BOOK, "0.5", step), step, ()).lesson
    x = 0.5
    b = np.exp(x**2)
    assert float(lesson.printed) == pytest.approx(2 * b * b * 2 * x, rel=1e-15)
    assert lesson.printed == "3.297442541400256\n"  # print(x.grad), as the book prints it


@settings(max_examples=80, deadline=None)
@given(
    ops=st.lists(st.sampled_from([*programs.OFFERED, "Cube"]), min_size=0, max_size=32),
    x=st.sampled_from(INPUTS),
    step=st.sampled_from(steps.STEPS),
)
def test_a_chain_reads_back_in_every_step(ops, x, step):
    text = programs.chain_program(tuple(ops), x, step)
    written = programs.input_text(x)  # whole numbers as floats: 2 -> 2.0
    assert programs.read_chain(text, step) == programs.Chain(tuple(ops), written)
    # CRLF line ends and trailing blanks read the same
    crlf = text.replace("\n", "  \r\n")
    assert programs.read_chain(crlf, step) == programs.Chain(tuple(ops), written)
    programs.check(text, step, LEARNED)  # and the step can read it


@pytest.mark.parametrize("step", steps.STEPS)
def test_a_chains_names_and_style(step):
    text = programs.chain_program(("Square", "Cube", "Sin"), "2", step)
    lines = text.splitlines()
    assert "x = Variable(np.array(2.0))" in lines  # the book's float, typed as 2
    assert lines[-1] == "print(x.grad)"
    if step < "09":  # classes: A = Square(), then a = A(x)
        assert lines[:3] == ["A = Square()", "B = Cube()", "C = Sin()"]
        assert "a = A(x)" in lines and "b = B(a)" in lines and "y = C(b)" in lines
        assert "y.grad = np.array(1.0)" in lines
    else:  # functions, and y.backward() seeds itself
        assert lines[1:4] == ["a = square(x)", "b = cube(a)", "y = sin(b)"]
        assert "y.grad = np.array(1.0)" not in lines
    if step == "06":
        assert lines[-4:-1] == [
            "b.grad = C.backward(y.grad)",
            "a.grad = B.backward(b.grad)",
            "x.grad = A.backward(a.grad)",
        ]
    else:
        assert lines[-2] == "y.backward()"


def test_names_never_take_x_y_or_a_keyword():
    names = programs.function_names(60)
    assert len(set(names)) == 60 and not {"X", "Y"} & set(names)
    assert names[:3] == ["A", "B", "C"] and names[23:26] == ["Z", "AA", "AB"]
    variables = programs.variable_names(33)
    assert variables[0] == "x" and variables[-1] == "y" and len(set(variables)) == 34
    assert programs.variable_names(0) == ["x"] and programs.variable_names(1) == ["x", "y"]


OTHERS = [
    *(text for text, _ in PROGRAMS.values()),
    steps.book("09").program,  # square(exp(square(x))): nested, not one line per function
    steps.book("16").program,
    "x = Variable(np.array(0.5))\na = square(x)\ny = exp(a)\ny.backward()\nprint(a.grad)\n",
    "x = Variable(np.array(0.5))\nt = square(x)\ny = exp(t)\ny.backward()\nprint(x.grad)\n",
    "x = Variable(np.array(0.5))\na = square(x)\ny = exp(a)\ny.backward()\n",
    "x = Variable(np.array(0.5))\na = square(x)\ny = exp(a)\ny.backward()\nprint(x.grad)\n# hi\n",
    "y = square(x)\n",
    "",
    "x = (",
    "A = Square()\n\nx = Variable(np.array(0.5))\ny = A(x)\n\ny.grad = np.array(2.0)\n"
    "x.grad = A.backward(y.grad)\nprint(x.grad)\n",
]


@pytest.mark.parametrize("step", ["06", "09", "16"])
@pytest.mark.parametrize("text", OTHERS, ids=range(len(OTHERS)))
def test_any_other_program_is_not_a_chain(text, step):
    assert programs.read_chain(text, step) is None
    assert programs.convert(text, step, "22") is None


@pytest.mark.parametrize("step", ["06", "07", "09", "16"])
def test_a_chain_of_another_steps_style_is_not_this_steps_chain(step):
    other = "16" if step < "09" else "06"
    text = programs.chain_program(BOOK, "0.5", other)
    assert programs.read_chain(text, step) is None


@pytest.mark.parametrize("old", steps.STEPS)
@pytest.mark.parametrize("new", steps.STEPS)
def test_convert_between_any_two_steps(old, new):
    ops = ("Exp", "Cube", "Tanh")
    text = programs.chain_program(ops, "[1, 2]", old)
    assert programs.convert(text, old, new) == programs.chain_program(ops, "[1, 2]", new)
    back = programs.convert(programs.convert(text, old, new), new, old)
    assert back == text


@pytest.mark.parametrize(("step", "own"), [("06", "Cube"), ("08", "Cube"), ("09", "cube"),
                                           ("22", "cube")])  # fmt: skip
def test_a_steps_names_include_the_learners_complete_functions(step, own):
    unfinished = userfn.learned((("Half", "x / 2", ""),))
    names = programs.names(step, (*LEARNED, *unfinished)).callables
    assert own in names and "Variable" in names
    assert "Half" not in names and "half" not in names
    assert ("square" in names) == (step >= "09")
    assert ("add" in names) == (step >= "13")
    assert set(programs.offered(step, (*LEARNED, *unfinished))) == {*programs.OFFERED, "Cube"}
    # and a program calling it is read; without the definition it is refused
    call = f"{own}()(x)" if step < "09" else f"{own}(x)"
    text = f"x = Variable(np.array(2.0))\ny = {call}\n"
    programs.check(text, step, LEARNED)
    with pytest.raises(programs.ProgramError) as refused:
        programs.check(text, step)
    assert refused.value.key in ("program_unknown_function", "program_call")


def test_the_input_is_written_as_ascii_on_one_line():
    text = programs.chain_program(("Exp",), "［０．５，\n −１］", "09")
    assert "x = Variable(np.array([0.5, -1.0]))" in text
    assert programs.read_chain(text, "09").x == "[0.5, -1.0]"


@pytest.mark.parametrize("x", ["1,2", "(1, 2)", "[1, 2], [3, 4]", "(1), (2)", "1.5,"])
@pytest.mark.parametrize("step", ["06", "16"])
def test_a_tuple_typed_for_x_is_the_array_the_field_reads(x, step):
    """The x field takes 1,2 as Python does (a tuple, so an array); the program it writes
    must say the same (np.array(1,2) could not be read: the page lost its lesson)."""
    from components.model.parse import parse_input

    lesson = lessons.build(programs.chain_program(BOOK, x, step), step, ()).lesson
    assert lesson is not None
    x_id = lesson.inputs[0]
    assert np.array_equal(lesson.state(len(lesson.items)).data[x_id], parse_input(x))
    assert programs.read_chain(programs.chain_program(BOOK, x, step), step).ops == BOOK


def test_a_whole_number_typed_for_x_is_written_as_a_float():
    """np.array(3) would hold integers: squared six times, 3 ** 64 wraps around in int64
    without a word. Written as the book writes it (np.array(3.0)), y is 3 ** 64."""
    text = programs.chain_program(("Square",) * 6, "3", "09")
    assert "x = Variable(np.array(3.0))" in text
    lesson = lessons.build(text, "09", ()).lesson
    y = lesson.state(len(lesson.items)).data[lesson.outputs[-1]]
    assert float(y) == pytest.approx(float(3**64), rel=1e-15)
    assert programs.input_text("[1, 2]") == "[1.0, 2.0]"
    assert programs.input_text("1e3") == "1e3" and programs.input_text("0.5") == "0.5"
    long = "1" * 16  # more digits than a float holds exactly: as typed, for its own message
    assert programs.input_text(long) == long
    assert programs.bare_list("1,2") and not programs.bare_list("[1, 2]")
