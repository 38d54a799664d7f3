"""The link is the spec: ``to_query`` / ``from_query`` round trips; a tampered value falls back
to its default with a warning that shows it inert; links of the chain app (``f=``, ``x=``,
``step=``) open the same lesson at the same point."""

import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.i18n import LANGS
from components.model import lessons, programs, url
from components.model.messages import Inert
from components.model.state import (
    BOOKS,
    MAX_FUNCTIONS,
    PROGRAMS,
    VIEWS,
    Spec,
    book_program,
    lesson_of,
    total,
)
from components.model.url import MAX_PROGRAM_PARAM, from_query, to_query
from components.views import say

BOOK = ("Square", "Exp", "Square")
DEFAULT = {"p": book_program("06"), "step": "0", "view": "stacked", "lang": "en"}


def test_the_default_spec_is_the_shortest_link():
    assert to_query(Spec()) == DEFAULT
    assert from_query({}, "en") == (Spec(), ())
    assert from_query(DEFAULT, "ko") == (Spec(), ())


def test_a_link_restores_every_field_and_is_written_back_unchanged():
    program, book = PROGRAMS["branch"]
    params = {
        "p": program,
        "book": book,
        "step": "17",
        "view": "code",
        "lang": "ja",
        "projector": "1",
        "predict": "1",
        "gens": "1",
        "anim": "0",
        "def": ["Cube:x ** 3:3 * x ** 2 * gy"],
    }
    spec, warnings = from_query(params, "en")
    assert warnings == ()
    assert spec == Spec(
        program=program,
        book=book,
        step=17,
        view="code",
        lang="ja",
        projector=True,
        predict=True,
        gens=True,
        anim=False,
        defs=(("Cube", "x ** 3", "3 * x ** 2 * gy"),),
    )
    assert to_query(spec) == params


def test_repeated_parameters_use_the_last_value_and_no_lang_means_the_browsers():
    spec, warnings = from_query({"view": ["code", "forward"], "step": ["1", "2"]}, "ko")
    assert warnings == () and (spec.view, spec.step, spec.lang) == ("forward", 2, "ko")


# -- any spec round trips -------------------------------------------------------------------------
OPS = list(programs.OFFERED)
INPUTS = ["0.5", "-1.25", "2", "[0.5, 1.0, -2.0]", "[[1, 2], [3, 4]]", "1e-3"]


@st.composite
def specs(draw):
    book = draw(st.sampled_from(BOOKS))
    kind = draw(st.sampled_from(("chain", "program")))
    if kind == "chain":
        ops = draw(st.lists(st.sampled_from(OPS), min_size=0, max_size=6))
        program = programs.chain_program(tuple(ops), draw(st.sampled_from(INPUTS)), book)
    else:
        fitting = [text for text, first in PROGRAMS.values() if first <= book]
        program = draw(st.sampled_from(fitting)) if fitting else book_program(book)
    spec = Spec(program=program, book=book)
    step = draw(st.integers(0, total(spec)))
    return replace(
        spec,
        step=step,
        view=draw(st.sampled_from(VIEWS)),
        lang=draw(st.sampled_from(LANGS)),
        projector=draw(st.booleans()),
        predict=draw(st.booleans()),
        anim=draw(st.booleans()),
        gens=draw(st.booleans()),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=specs(), browser=st.sampled_from(LANGS))
def test_any_spec_round_trips(spec, browser):
    query = to_query(spec)
    assert all(isinstance(v, str) for v in query.values())
    assert from_query(query, browser) == (spec, ())


@pytest.mark.parametrize("book", BOOKS)
def test_each_books_example_round_trips_at_its_end(book):
    spec = Spec(program=book_program(book), book=book)
    spec = replace(spec, step=total(spec))
    query = to_query(spec)
    assert ("book" in query) == (book != "06")
    assert from_query(query, "en") == (spec, ())


# -- tampered links -------------------------------------------------------------------------------
SCRIPT = "<script>alert(1)</script>"
TAMPERED = [  # (name, params, warning key, the value the warning quotes)
    ("bad_view", {"view": "sideways"}, "url_bad_view", "sideways"),
    ("empty_view", {"view": ""}, "url_bad_view", ""),
    ("bad_lang", {"lang": "fr"}, "url_bad_lang", "fr"),
    ("bad_projector", {"projector": "yes"}, "url_bad_option", "yes"),
    ("bad_predict", {"predict": "2"}, "url_bad_option", "2"),
    ("bad_anim", {"anim": "off"}, "url_bad_option", "off"),
    ("bad_book", {"book": "10"}, "url_bad_book", "10"),
    ("book_without_zero", {"book": "7"}, "url_bad_book", "7"),
    ("step_negative", {"step": "-1"}, "url_bad_step", "-1"),
    ("step_too_large", {"step": "13"}, "url_bad_step", "13"),
    ("step_non_integer", {"step": "2.5"}, "url_bad_step", "2.5"),
    ("step_arabic_digit", {"step": "٣"}, "url_bad_step", "٣"),
    ("step_full_width", {"step": "３"}, "url_bad_step", "３"),
    ("step_5000_digits", {"step": "9" * 5000}, "url_bad_step", "9" * 40 + "…"),
    ("script_in_view", {"view": SCRIPT}, "url_bad_view", SCRIPT[:40]),
    ("script_in_step", {"step": SCRIPT}, "url_bad_step", SCRIPT[:40]),
    ("unknown_function", {"f": "Square,Nope"}, "url_unknown_function", "Nope"),
    ("bad_def", {"def": "bad:x:1"}, "url_bad_def", "bad:x:1"),
]


@pytest.mark.parametrize(
    ("params", "key", "quoted"), [c[1:] for c in TAMPERED], ids=[c[0] for c in TAMPERED]
)
def test_a_tampered_value_warns_once_falls_back_and_is_quoted_inert(params, key, quoted):
    spec, warnings = from_query(params, "en")
    assert [(w.level, w.key) for w in warnings] == [("warning", key)]
    assert spec == Spec()  # every field at its default
    inert = [v for v in warnings[0].args.values() if isinstance(v, Inert)]
    assert inert == [quoted]
    for lang in LANGS:
        text = say.text(lang, warnings[0])
        assert f"`{quoted}`" in text or quoted == ""
        outside = re.sub(r"`[^`]*`", "", text)
        assert "<script" not in outside and "\n" not in text


def test_every_bad_value_gets_its_own_warning():
    params = {"view": "up", "lang": "xx", "book": "5", "step": "-3", "predict": "x"}
    spec, warnings = from_query(params, "en")
    assert sorted(w.key for w in warnings) == sorted(
        ["url_bad_view", "url_bad_lang", "url_bad_book", "url_bad_step", "url_bad_option"]
    )
    assert spec == Spec()


@pytest.mark.parametrize(
    ("program", "book", "line", "column"),
    [
        ("x = Variable(np.array(1.0))\ny = foo(x)\n", "16", 2, 5),
        ("x = Variable(np.array(1.0))\n\nimport os\n", "06", 3, 1),
        ("x = Variable(np.array(1.0))\ny = add(x, x\n", "14", 2, None),
        ("x = Variable(np.array(1.0))\ny = x * x\n", "16", 2, 5),  # operators come in 20
    ],
)
def test_a_program_that_cannot_be_read_opens_the_books_example(program, book, line, column):
    spec, (warning,) = from_query({"p": program, "book": book, "step": "3"}, "en")
    assert spec == Spec(program=book_program(book), book=book, step=3)
    assert warning.key == "url_bad_program"
    assert warning.args["line"] == line
    if column is not None:
        assert warning.args["column"] == column
    text = say.text("en", warning)
    assert f"line {line}, column {warning.args['column']}" in text


def test_a_huge_program_is_refused_before_it_is_read():
    spec, (warning,) = from_query({"p": "x" * (MAX_PROGRAM_PARAM + 1)}, "en")
    assert spec == Spec()
    assert (warning.key, warning.args["reason"].key) == ("url_bad_program", "program_too_long")
    assert warning.args["reason"].args["length"] == MAX_PROGRAM_PARAM + 1


def test_a_step_of_a_shorter_lesson_is_out_of_range():
    spec, (warning,) = from_query({"p": FREE, "book": "14", "step": "999"}, "en")
    assert spec == Spec(program=FREE, book="14")
    assert (warning.key, warning.args["total"]) == ("url_bad_step", total(spec))


FREE = "x = Variable(np.array(3.0))\ny = add(x, x)\ny.backward()\nprint(x.grad)\n"


def test_a_program_with_other_line_ends_is_kept_tidy():
    spec, warnings = from_query({"p": FREE.replace("\n", "\r\n") + "  \n\n", "book": "14"}, "en")
    assert warnings == () and spec.program == FREE


# -- links of the chain app -----------------------------------------------------------------------
def old_timeline(n, book):
    """(data set, grads set) after each step of the chain app's timeline for ``n`` functions:
    its forward calls, the seed, then (06) each backward call or (07, 08) each line of
    ``y.backward()`` as the book's code runs it."""
    rows = [(1 + k, 0) for k in range(n + 1)] + [(n + 1, 1)]  # x made, then calls; the seed
    if book == "06":
        rows += [(n + 1, 2 + k) for k in range(n)]
        return rows
    if book == "07":  # recursion: call, then per function creator, input, GRAD, recurse;
        lines = ["call"] + ["creator", "input", "grad", "recurse"] * n
        lines += ["creator"] + ["return"] * (n + 1)  # x has no creator; n + 1 frames return
    else:  # 08: call, funcs = [...], per function pop, input, GRAD, append; the loop ends
        lines = ["call", "funcs"] + ["pop", "input", "grad", "append"] * n + ["end"]
    grads = 1
    for line in lines:
        grads += line == "grad"
        rows.append((n + 1, grads))
    return rows


def counts(spec):
    state = lesson_of(spec).state(spec.step)
    return len(state.data), sum(1 for v in state.grad.values() if v is not None)


@pytest.mark.parametrize("ops", [BOOK, ("Exp",), ("Sin", "Cos", "Exp", "Square", "Tanh")])
@pytest.mark.parametrize("book", ["06", "07", "08"])
def test_an_old_link_opens_the_same_lesson_at_the_same_point(book, ops):
    rows = old_timeline(len(ops), book)
    expected_end = {"06": 2, "07": 6, "08": 5}[book] * len(ops) + {"06": 1}.get(book, 4)
    assert len(rows) - 1 == expected_end  # the chain app's last step
    for step, (data, grads) in enumerate(rows):
        params = {"f": ",".join(ops), "x": "0.5", "step": str(step)}
        if book != "06":
            params["book"] = book
        spec, warnings = from_query(params, "en")
        assert warnings == (), step
        assert spec.program == programs.chain_program(ops, "0.5", book)
        assert counts(spec) == (data, grads), step
        if step == len(rows) - 1:  # the old end is the new end
            assert spec.step == total(spec)
    too_far = {**params, "step": str(len(rows))}
    spec, (warning,) = from_query(too_far, "en")
    assert warning.key == "url_bad_step" and spec.step == 0
    # the range it names is the link's own numbering (the chain app's), not the lesson's
    assert warning.args["total"] == len(rows) - 1 < total(spec)


def test_an_empty_name_in_an_old_links_chain_is_a_typo_left_out():
    spec, warnings = from_query({"f": "Square,,Exp,", "x": "0.5"}, "en")
    assert warnings == ()
    assert programs.read_chain(spec.program, spec.book).ops == ("Square", "Exp")


def test_an_old_link_has_the_same_numbers_as_the_book():
    spec, _ = from_query({"f": "Square,Exp,Square", "x": "0.5", "step": "7"}, "en")
    assert spec == replace(Spec(), step=total(Spec()))
    assert lesson_of(spec).printed == "3.297442541400256\n"  # print(x.grad) in the book


@pytest.mark.parametrize(
    ("params", "key", "ops", "x"),
    [
        ({"f": "Square,Nope"}, "url_unknown_function", BOOK, "0.5"),
        ({"f": ",".join(["Exp"] * (MAX_FUNCTIONS + 1))}, "url_too_many", BOOK, "0.5"),
        ({"f": "Exp", "x": "nan"}, "url_bad_input", ("Exp",), "0.5"),
        ({"f": "Exp", "x": "abc"}, "url_bad_input", ("Exp",), "0.5"),
        ({"x": "[1, 2"}, "url_bad_input", BOOK, "0.5"),
    ],
)
def test_an_old_link_with_a_bad_value_keeps_the_rest(params, key, ops, x):
    spec, (warning,) = from_query(params, "en")
    assert warning.key == key
    assert spec.program == programs.chain_program(ops, x, "06")


def test_an_old_link_with_the_learners_function():
    params = {"f": "Square,Cube", "x": "2", "book": "09", "def": "Cube:x ** 3:3 * x ** 2 * gy"}
    spec, warnings = from_query(params, "en")
    assert warnings == ()
    assert spec.program == programs.chain_program(("Square", "Cube"), "2", "09")
    x = 2.0
    assert float(lesson_of(spec).printed) == pytest.approx(3 * (x**2) ** 2 * 2 * x)
    assert lessons.of(spec) is lesson_of(spec)


# -- long programs: packed into pz=, and links too long to share said so ----------------------
def test_a_long_program_is_packed_and_read_back_the_same():
    x = "[" + ", ".join(f"{i / 8:.3f}" for i in range(200)) + "]"
    program = programs.chain_program(BOOK * 10, x, "16")
    spec = Spec(program=program, book="16", step=17)
    query = to_query(spec)
    assert "p" not in query and "pz" in query
    assert re.fullmatch(r"[A-Za-z0-9_-]+", query["pz"])  # nothing to escape in a link
    assert len(query["pz"]) < len(url.quote_plus(program))
    assert from_query(query, "en") == (spec, ())
    assert url.query_length(spec) <= url.LINK_MAX


def test_a_short_program_stays_readable_text():
    spec = Spec(program=PROGRAMS["branch"][0], book="16")
    assert to_query(spec)["p"] == spec.program


@pytest.mark.parametrize(
    "value",
    ["", "!!!", "eJw", url.pack("x")[:-3], "A" * 5000, "4pyT", url.pack("x") + "=="],
)
def test_a_damaged_packed_program_opens_the_books_example_with_a_warning(value):
    spec, warnings = from_query({"pz": value, "lang": "en"}, "en")
    if url.unpack(value) is not None:  # still a valid packing: read as any p=
        return
    assert spec.program == book_program("06")
    assert [w.key for w in warnings] == ["url_bad_packed"]
    assert say.text("ko", warnings[0])


def test_a_packed_bomb_unpacks_no_further_than_the_limit():
    import zlib

    bomb = url.base64.urlsafe_b64encode(zlib.compress(b"#" * 50_000_000, 9)).decode()
    assert len(bomb) < 100_000
    assert url.unpack(bomb) is None
    spec, warnings = from_query({"pz": bomb}, "en")
    assert spec.program == book_program("06") and warnings


def test_a_link_too_long_to_share_is_measured():
    x = "[" + ", ".join(f"{i * 0.37:.4f}" for i in range(3000)) + "]"
    spec = Spec(program=programs.chain_program(BOOK, x, "06"))
    assert url.query_length(spec) > url.LINK_MAX
    assert url.query_length(Spec()) < url.LINK_MAX


@pytest.mark.parametrize(("value", "lang"), [("zh-CN", "zh"), ("ZH", "zh"), ("ko_KR", "ko"),
                                             ("ja-JP", "ja"), ("en-US", "en")])
def test_a_language_with_a_region_or_in_capitals_is_that_language(value, lang):
    assert from_query({"lang": value}, "ko") == (Spec(lang=lang), ())


def test_an_empty_value_is_shown_as_an_empty_string_not_two_backticks():
    _, (warning,) = from_query({"lang": ""}, "en")
    text = say.text("en", warning)
    assert '`""`' in text and "``" not in text
