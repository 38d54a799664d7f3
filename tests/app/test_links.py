"""Opening a link: every field of the spec the address bar carries reaches the page, old
chain-app links open the same lesson, and a tampered link says what it ignored and works."""

import pytest
from app.pages import (
    assert_link_is_spec,
    book_prints,
    lesson_of,
    link_value,
    printed,
    spec,
)
from harness import BOOK, _walk, element_data, exceptions, frames, messages, new_app

from autograd import steps
from components.i18n import LANGS, t
from components.model import lessons, programs, state, url, userfn
from components.views import say


def forward_calls(lesson, upto):
    return sum(1 for item in lesson.items[:upto] for c in item.calls if c.kind == "forward")


def grads_set(lesson, upto):
    return sum(
        1
        for item in lesson.items[:upto]
        for c in item.changes
        if c.field == "grad" and c.value is not None
    )


@pytest.fixture(scope="module")
def first_visit():
    """A new visitor's first run, no link (read only)."""
    return new_app()


def test_a_new_visitor_gets_the_books_example_run_by_step_06(first_visit):
    at = first_visit
    assert exceptions(at) == []
    assert messages(at, "warning") == []
    held = spec(at)
    assert (held.book, held.step) == (steps.STEPS[0], 0)
    assert programs.read_chain(held.program, held.book).ops == BOOK
    data = element_data(at)
    lesson = lesson_of(held.program, held.book)
    assert data["lesson"] == lessons.key(held.program, held.book, ())
    assert (data["step"], data["max_step"]) == (0, len(lesson.items))
    # the first run sends the lesson's frames, which print what the book's code prints
    assert printed(frames(at)) == book_prints(held.program, held.book)
    assert_link_is_spec(at)


@pytest.mark.parametrize("book", steps.STEPS)
def test_a_link_opens_its_book_program_position_view_and_language(book):
    program = steps.book(book).program  # the book's own example of that step
    lesson = lesson_of(program, book)
    middle = len(lesson.items) // 2
    lang = LANGS[(steps.STEPS.index(book) + 1) % len(LANGS)]
    view = state.VIEWS[steps.STEPS.index(book) % len(state.VIEWS)]
    query = {"book": book, "p": program, "step": str(middle), "view": view, "lang": lang}
    at = new_app(query)
    assert exceptions(at) == []
    assert messages(at, "warning") == []
    held = spec(at)
    assert (held.book, held.step, held.view, held.lang) == (book, middle, view, lang)
    assert held.program == program
    data = element_data(at)
    assert data["lesson"] == lesson.key
    assert data["step"] == middle
    assert data["key"].split("/")[1:3] == [view, lang]
    assert at.title[0].value == t(lang, "title")
    assert at.segmented_control(key="book_select").value == book
    assert at.segmented_control(key="view_select").value == view
    assert at.selectbox(key="lang_select").value == lang
    # what the lesson prints is what the book's own code prints
    assert printed(frames(at)) == book_prints(program, book)
    assert_link_is_spec(at)


def test_a_projector_link_hides_the_secondary_panels_and_says_so_to_the_element():
    at = new_app({"projector": "1"})
    assert spec(at).projector is True
    assert element_data(at)["projector"] is True
    assert at.toggle(key="projector_toggle").value is True
    assert frames(at) is not None
    assert "/p/" in element_data(at)["key"]  # the frames are the projector's
    assert len(at.text_area) == 0  # no editor
    assert [e.label for e in at.expander if "manual" in e.proto.id] == []
    assert len(at.tabs) == 0
    assert_link_is_spec(at)


def test_a_predict_link_stops_the_element_before_the_first_grad():
    at = new_app({"predict": "1"})
    held = spec(at)
    lesson = lesson_of(held.program, held.book)
    first = next(
        i
        for i, item in enumerate(lesson.items)
        if any(c.field == "grad" and c.value is not None for c in item.changes)
    )
    assert held.predict is True
    assert at.toggle(key="predict_toggle").value is True
    assert element_data(at)["max_step"] == first
    assert_link_is_spec(at)


def test_an_animation_off_link_reaches_the_element_and_the_switch():
    at = new_app({"anim": "0"})
    assert element_data(at)["anim"] is False
    assert at.toggle(key="anim_toggle").value is False
    assert link_value(at, "anim") == "0"


def test_the_browsers_language_is_used_when_the_link_names_none():
    other = next(lang for lang in LANGS if lang != "en")
    at = new_app(locale=other)
    assert spec(at).lang == other
    assert at.title[0].value == t(other, "title")
    at = new_app({"lang": "en"}, locale=other)  # the link wins
    assert spec(at).lang == "en"


def test_a_link_with_a_learners_function_defines_it_and_offers_it():
    at = new_app({"def": "Cube:x ** 3:3 * x ** 2 * gy"})
    assert spec(at).defs == (("Cube", "x ** 3", "3 * x ** 2 * gy"),)
    assert at.text_input(key="def0_name").value == "Cube"
    assert at.button(key="add_Cube").disabled is False
    assert_link_is_spec(at)


# -- old links of the chain app ------------------------------------------------------------------
@pytest.mark.parametrize("book", ["06", "07", "08"])
def test_an_old_chain_link_opens_the_same_lesson_as_its_program(book):
    ops = ("Exp", "Sin", "Square", "Cos")
    old = new_app({"f": ",".join(ops), "x": "0.25", "book": book})
    new = new_app({"p": programs.chain_program(ops, "0.25", book), "book": book})
    assert exceptions(old) == [] and messages(old, "warning") == []
    assert spec(old) == spec(new)
    assert element_data(old)["lesson"] == element_data(new)["lesson"]
    # the address bar now holds the program, not the old fields
    assert link_value(old, "f") is None and link_value(old, "x") is None
    assert_link_is_spec(old)


@pytest.mark.parametrize("book", ["06", "07", "08"])
def test_an_old_links_step_opens_the_same_screen(book):
    ops = ("Square", "Exp", "Square", "Sin")
    n = len(ops)
    lesson = lesson_of(programs.chain_program(ops, "0.5", book), book)
    # within the forward calls: the chain app counted calls
    at = new_app({"f": ",".join(ops), "x": "0.5", "book": book, "step": "2"})
    here = spec(at).step
    assert forward_calls(lesson, here) == 2
    assert forward_calls(lesson, here - 1) == 1  # the position that made the second call
    # the chain app's last step is the lesson's end
    end = {"06": 2 * n + 1, "07": 6 * n + 4}.get(book, 5 * n + 4)
    at = new_app({"f": ",".join(ops), "x": "0.5", "book": book, "step": str(end)})
    assert spec(at).step == len(lesson.items)
    assert messages(at, "warning") == []
    # past it: a warning, and the start
    at = new_app({"f": ",".join(ops), "x": "0.5", "book": book, "step": str(end + 1)})
    assert spec(at).step == 0
    assert len(messages(at, "warning")) == 1


def test_an_old_06_links_backward_step_is_the_same_grad():
    ops = ("Square", "Exp", "Square")
    n = len(ops)
    lesson = lesson_of(programs.chain_program(ops, "0.5", "06"), "06")
    at = new_app({"f": ",".join(ops), "x": "0.5", "step": str(n + 2)})  # seed + one call
    here = spec(at).step
    assert grads_set(lesson, here) == 2
    assert grads_set(lesson, here - 1) == 1


# -- tampered links ---------------------------------------------------------------------------
MANY_DEFS = tuple((f"My{c}", "x", "gy") for c in "ABCDEFGHI")[: userfn.MAX_DEFS]
BAD = [
    ({"lang": "xx"}, "lang", "en"),
    ({"view": "<b>big</b>"}, "view", state.VIEWS[0]),
    ({"book": "99"}, "book", steps.STEPS[0]),
    ({"step": "abc"}, "step", 0),
    ({"step": "99999"}, "step", 0),
    ({"step": "9" * 5000}, "step", 0),
    ({"projector": "2"}, "projector", False),
    ({"predict": "yes"}, "predict", False),
    ({"anim": "x"}, "anim", True),
    ({"p": "x = __import__('os')\n"}, "program", state.book_program()),
    ({"p": "x = Variable(np.array(1.0)\n"}, "program", state.book_program()),
    ({"f": "Square,Nope"}, "program", state.book_program()),
    ({"x": "abc"}, "program", state.book_program()),
    ({"def": "print:x:gy"}, "defs", ()),
    ({"def": [f"My{c}:x:gy" for c in "ABCDEFGHI"]}, "defs", MANY_DEFS),
]


@pytest.mark.parametrize(("query", "field", "default"), BAD, ids=[str(q)[:40] for q, _, _ in BAD])
def test_a_tampered_link_says_what_it_ignored_and_the_app_works(query, field, default):
    at = new_app(query)
    assert exceptions(at) == []
    shown = messages(at, "warning")
    expected = [say.text("en", w) for w in url.from_query(query, "en")[1]]
    assert expected and shown[: len(expected)] == expected
    assert getattr(spec(at), field) == default
    assert element_data(at) is not None
    assert_link_is_spec(at)  # the address bar no longer holds the bad value
    before = spec(at).step
    at.button(key="next").click().run()
    assert exceptions(at) == []
    assert spec(at).step == before + 1
    assert messages(at, "warning") == []  # said once


def test_a_tampered_value_is_shown_as_typed_never_rendered():
    at = new_app({"view": "![x](http://evil.example/i.png) **bold**"})
    (shown,) = messages(at, "warning")
    assert "`![x](http://evil.example/i.png) **bold**`" in shown


def test_a_link_position_past_the_lesson_names_its_length():
    at = new_app({"step": "500"})
    total = len(lesson_of(spec(at).program, spec(at).book).items)
    (shown,) = messages(at, "warning")
    assert str(total) in shown and "500" in shown


def test_a_tampered_link_is_told_in_the_links_language():
    other = next(lang for lang in LANGS if lang != "en")
    query = {"lang": other, "view": "zzz"}
    at = new_app(query)
    (warning,) = url.from_query(query, "en")[1]
    assert messages(at, "warning") == [say.text(other, warning)]
    assert say.text(other, warning) != say.text("en", warning)


def test_a_packed_link_opens_its_lesson_and_a_link_too_long_to_share_says_so():
    """A long program travels packed (pz=) and comes back whole; a lesson whose link passes
    what servers take says so, in the page's language, and names the .py to send instead."""
    x = "[" + ", ".join(f"{i / 8:.3f}" for i in range(200)) + "]"
    program = programs.chain_program(BOOK, x, "16")
    at = new_app(url.to_query(state.Spec(program=program, book="16", step=5, lang="zh")))
    assert not exceptions(at)
    assert spec(at).program == program and spec(at).step == 5
    assert "pz" in at.query_params and "p" not in at.query_params
    assert not [w for w in messages(at, "warning") if "8,000" in w]

    x = "[" + ", ".join(f"{i * 0.37:.4f}" for i in range(3000)) + "]"
    long = state.Spec(program=programs.chain_program(BOOK, x, "06"), lang="zh")
    at = new_app(url.to_query(long))
    assert not exceptions(at)
    length = url.query_length(long)
    want = t("zh", "link_too_long", length=length, limit=url.LINK_MAX)
    assert want in messages(at, "warning")


@pytest.mark.parametrize("tab", state.TABS)
def test_a_link_opens_its_tab(tab):
    """tab=tangent opens the tangent's tab (its content drawn, the others' not); the first
    tab needs no word in the link."""
    at = new_app({"tab": tab, "lang": "ja", "step": "12"})
    assert exceptions(at) == [] and messages(at, "warning") == []
    assert spec(at).tab == tab
    (tabs,) = [node for node in _walk(at._tree) if "tab_container {" in str(node.proto)[:20]]
    assert tabs.proto.tab_container.default_tab_index == state.TABS.index(tab)
    assert [block.label for block in at.tabs] == [
        t("ja", key) for key in ("check_header", "tangent_header", "exports_header")
    ]
    # only the open tab is drawn: the exports' downloads are there when it is the exports'
    assert (len(at.get("download_button")) > 0) == (tab == "export")
    assert (link_value(at, "tab") is None) == (tab == state.TABS[0])
    assert_link_is_spec(at)


def test_a_link_with_an_unknown_tab_says_so_and_opens_the_first():
    at = new_app({"tab": "<b>nope</b>", "lang": "zh"})
    assert exceptions(at) == []
    assert spec(at).tab == state.TABS[0]
    assert any("<b>nope</b>" in text for text in messages(at, "warning"))


def test_the_tangent_names_the_programs_own_output_and_input():
    """z against x (y is an input cut off by no_grad): the curve is z(x), not y(x)."""
    program = (
        "x = Variable(np.array(2.0))\ny = Variable(np.array(3.0))\nwith no_grad():\n"
        "    t = square(y)\nz = add(square(x), t)\nz.backward()\nprint(x.grad, y.grad)\n"
    )
    end = len(lesson_of(program, "18").items)
    at = new_app({"p": program, "book": "18", "tab": "tangent", "step": str(end), "lang": "en"})
    assert exceptions(at) == []
    captions = " ".join(c.value for c in at.caption)
    assert "z(x) near x0 = 2" in captions and "x.grad = 4" in captions
    assert "y(x)" not in captions
