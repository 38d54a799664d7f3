"""The program typed in the editor: a program that reads is the new lesson; one that does not
is refused with its translated reason, line and column, and the last good lesson stays."""

import pytest
from app.pages import assert_link_is_spec, book_prints, lesson_of, printed, spec, submit
from harness import element_data, exceptions, frames, messages, new_app

from autograd import ProgramError
from autograd.program import MAX_CHARS, MAX_LINES, MAX_NESTING
from components.i18n import LANGS
from components.model import programs, state, url
from components.views import say

GOOD = "x = Variable(np.array(1.5))\ny = square(exp(x))\ny.backward()\nprint(x.grad)\n"
BAD = {
    "syntax": "x = Variable(np.array(2.0)\ny = square(x)\n",
    "import": "x = Variable(np.array(1.0))\nos = __import__('os')\n",
    "open": "x = Variable(np.array(1.0))\nf = open('/etc/passwd')\n",
    "eval": "x = Variable(np.array(1.0))\ny = eval('x')\n",
    "dunder": "x = Variable(np.array(1.0))\ny = x.__class__\n",
    "lines": "x = Variable(np.array(1.0))\n" * (MAX_LINES + 1),
    "huge": "x = Variable(np.array(" + "9" * 40 + "))\n",
    "nonfinite": "x = Variable(np.array(1e400))\ny = square(x)\n",
    "deep": "x = Variable(np.array(1.0))\ny = "
    + "square(" * (MAX_NESTING + 5)
    + "x"
    + ")" * (MAX_NESTING + 5)
    + "\n",
}
OTHER = next(lang for lang in LANGS if lang != "en")


def typed(at, text):
    at.text_area(key="program_text").set_value(text)
    return submit(at, "program_form")


def test_a_program_that_reads_is_the_new_lesson():
    at = new_app({"book": "09", "step": "3"})
    at = typed(at, GOOD)
    assert exceptions(at) == []
    assert spec(at).program == GOOD
    assert spec(at).step == 0  # the lesson starts again, and says so
    assert len(messages(at, "info")) >= 1
    data = element_data(at)
    assert data["lesson"] == lesson_of(GOOD, "09").key
    assert printed(frames(at)) == book_prints(GOOD, "09")
    assert_link_is_spec(at)
    # the chain builder knows it is not a chain any more
    assert "x_text" not in [w.key for w in at.text_input]


@pytest.fixture(scope="module", params=["en", OTHER])
def reader(request):
    """One tab per language, a lesson at step 2; a refusal changes nothing, so the tab is
    shared by every refused program (each test checks that it is unchanged)."""
    at = new_app({"book": "09", "step": "2", "lang": request.param})
    return at, spec(at), element_data(at)["lesson"]


@pytest.mark.parametrize("case", BAD)
def test_a_program_that_cannot_be_read_is_refused_where_it_fails(reader, case):
    at, before, lesson = reader
    lang = before.lang
    text = BAD[case]
    with pytest.raises(ProgramError) as refused:
        programs.check(text, "09", ())
    error = refused.value
    at = typed(at, text)
    assert exceptions(at) == []
    # the last good lesson stays, and the link with it
    assert spec(at) == before
    assert element_data(at)["lesson"] == lesson
    assert_link_is_spec(at)
    # the text stays in the editor, to be corrected
    assert at.text_area(key="program_text").value == text
    (shown,) = messages(at, "error")
    (message,) = at.session_state["messages"]
    assert message.key == "program_refused"
    assert message.args["reason"].key == error.key
    assert (message.args["line"], message.args["column"]) == (error.line, error.column)
    assert shown == say.text(lang, message)
    assert str(error.line) in shown and str(error.column) in shown
    if lang != "en":  # said in the tab's language, not in English
        assert shown != say.text("en", message)


def test_after_a_refusal_the_page_still_works_and_forgets_it():
    at = new_app({"book": "09", "step": "2", "lang": OTHER})
    at = typed(at, BAD["import"])
    assert len(messages(at, "error")) == 1
    at.button(key="next").click().run()
    assert spec(at).step == 3
    assert messages(at, "error") == []
    at = typed(at, GOOD)  # the corrected program is taken
    assert spec(at).program == GOOD and spec(at).lang == OTHER


def test_a_refusal_says_the_users_text_inert():
    at = new_app({"book": "09"})
    at = typed(at, "x = Variable(np.array(1.0))\ny = **bold**(x)\n")
    (shown,) = messages(at, "error")
    assert "<" not in shown and exceptions(at) == []


def test_a_program_typed_in_step_06_is_run_by_step_06s_code():
    program = (
        "A = Square()\nx = Variable(np.array(3.0))\ny = A(x)\n"
        "y.grad = np.array(1.0)\nx.grad = A.backward(y.grad)\nprint(x.grad)\n"
    )
    at = typed(new_app(), program)
    assert spec(at).program == program and spec(at).book == "06"
    assert printed(frames(at)) == book_prints(program, "06")


def test_the_editor_takes_at_most_what_the_reader_reads():
    at = new_app()
    assert at.text_area(key="program_text").max_chars == MAX_CHARS


def test_a_link_with_a_program_too_long_to_read_is_refused_and_the_book_shown():
    text = "x = Variable(np.array(1.0))  # " + "a" * (url.MAX_PROGRAM_PARAM + 1) + "\n"
    at = new_app({"p": text})
    assert exceptions(at) == []
    (shown,) = messages(at, "warning")
    assert str(url.MAX_PROGRAM_PARAM) in shown.replace(",", "")
    assert spec(at).program == state.book_program()
    assert_link_is_spec(at)
