"""The URL codec: a link is the spec; a tampered link falls back with a warning per value,
whose text shows what the link carried inert (as typed, never rendered)."""

import pytest
from harness import outside_code_spans
from hypothesis import given
from hypothesis import strategies as st

from autograd import REGISTRY
from components import messages, state
from components.parse import MAX_INPUT_CHARS
from components.url import from_query, to_query

DEFAULT = {"f": "Square,Exp,Square", "x": "0.5", "step": "0", "view": "stacked", "lang": "en"}
SCRIPT = "<script>alert(1)</script>"


def test_a_link_restores_every_field_and_is_written_back_unchanged():
    params = {"f": "Exp,Sin", "x": "[1, 2]", "step": "3", "view": "code", "lang": "ja",
              "projector": "1", "predict": "1"}  # fmt: skip
    spec, warnings = from_query(params, "en")
    assert warnings == ()
    assert spec == state.Spec(ops=("Exp", "Sin"), x="[1, 2]", step=3, view="code", lang="ja",
                              projector=True, predict=True)  # fmt: skip
    assert to_query(spec) == params
    assert to_query(state.Spec()) == DEFAULT


@given(
    ops=st.lists(st.sampled_from(list(REGISTRY)), min_size=1, max_size=state.MAX_FUNCTIONS),
    x=st.floats(allow_nan=False, allow_infinity=False).map(repr),
    fraction=st.floats(0, 1),
    view=st.sampled_from(state.VIEWS),
    lang=st.sampled_from(("ko", "en", "ja")),
    projector=st.booleans(),
    predict=st.booleans(),
)
def test_any_spec_round_trips(ops, x, fraction, view, lang, projector, predict):
    spec = state.Spec(tuple(ops), x, 0, view, lang, projector, predict)
    spec = state.Spec(tuple(ops), x, round(fraction * spec.total), view, lang, projector, predict)
    assert from_query(to_query(spec), "en") == (spec, ())


@pytest.mark.parametrize("book", ["07", "08"])
def test_a_book_link_has_its_own_timeline_and_round_trips(book):
    total = state.Spec(book=book).total
    spec, warnings = from_query({"book": book, "step": str(total)}, "en")
    assert warnings == () and (spec.book, spec.step) == (book, total) and total > 7
    assert to_query(spec) == {**DEFAULT, "step": str(total), "book": book}
    assert from_query(to_query(spec), "en") == (spec, ())


def test_repeated_parameters_use_the_last_value_and_no_lang_means_the_browsers():
    spec, _ = from_query({"view": ["code", "forward"], "step": ["1", "2"]}, "ko")
    assert (spec.view, spec.step, spec.lang) == ("forward", 2, "ko")


TAMPERED = [  # (name, params, message key, the fields that stay)
    ("unknown_function", {"f": "Square,Nope"}, "url_unknown_function", {}),
    ("10000_functions", {"f": "Square," * 10_000}, "url_too_many", {}),
    ("33_functions", {"f": ",".join(["Exp"] * 33)}, "url_too_many", {}),
    ("bad_number", {"x": "abc"}, "url_bad_input", {}),
    ("nan", {"x": "nan"}, "url_bad_input", {}),
    ("1e309", {"x": "1e309"}, "url_bad_input", {}),
    ("huge_list", {"x": "[" + "1," * 20_000 + "]"}, "url_bad_input", {}),
    ("too_long", {"x": "1" * (MAX_INPUT_CHARS + 1)}, "url_bad_input", {}),
    ("empty_x", {"x": ""}, "url_bad_input", {}),
    ("step_negative", {"step": "-1"}, "url_bad_step", {}),
    ("step_too_large", {"step": "8"}, "url_bad_step", {}),
    ("step_non_integer", {"step": "2.5"}, "url_bad_step", {}),
    ("step_1e3", {"step": "1e3"}, "url_bad_step", {}),
    ("step_arabic_digit", {"step": "٣"}, "url_bad_step", {}),
    ("step_full_width", {"step": "３"}, "url_bad_step", {}),
    ("step_empty", {"step": ""}, "url_bad_step", {}),
    ("step_5000_digits", {"step": "9" * 5000}, "url_bad_step", {}),
    ("step_leading_zeros", {"step": "0" * 20 + "1"}, "url_bad_step", {}),
    ("step_for_shorter_chain", {"f": "Exp", "step": "4"}, "url_bad_step", {"f": "Exp"}),
    ("bad_view", {"view": "sideways"}, "url_bad_view", {}),
    ("empty_view", {"view": ""}, "url_bad_view", {}),
    ("bad_lang", {"lang": "fr"}, "url_bad_lang", {}),
    ("empty_lang", {"lang": ""}, "url_bad_lang", {}),
    ("bad_projector", {"projector": "yes"}, "url_bad_option", {}),
    ("bad_predict", {"predict": "2"}, "url_bad_option", {}),
    ("empty_option", {"predict": ""}, "url_bad_option", {}),
    ("bad_book", {"book": "09"}, "url_bad_book", {}),
    ("book_without_zero", {"book": "7"}, "url_bad_book", {}),
] + [
    (f"script_in_{name}", {name: SCRIPT}, "url_bad_input" if name == "x" else key, {})
    for name, key in (("f", "url_unknown_function"), ("x", ""), ("step", "url_bad_step"),
                      ("view", "url_bad_view"), ("lang", "url_bad_lang"),
                      ("projector", "url_bad_option"), ("predict", "url_bad_option"),
                      ("book", "url_bad_book"))
]  # fmt: skip


@pytest.mark.parametrize(
    ("params", "key", "kept"), [case[1:] for case in TAMPERED], ids=[c[0] for c in TAMPERED]
)
def test_a_tampered_value_warns_once_and_falls_back_to_the_default(params, key, kept):
    spec, warnings = from_query(params, "en")
    assert [(w.level, w.key) for w in warnings] == [("warning", key)]
    assert to_query(spec) == {**DEFAULT, **kept}
    for lang in ("ko", "en", "ja"):
        text = messages.text(lang, warnings[0])
        assert "\n" not in text and "<script" not in outside_code_spans(text)


def test_every_bad_value_gets_its_own_warning_in_order():
    params = {"f": "Nope", "x": "nan", "view": "up", "lang": "xx", "step": "-3"}
    spec, warnings = from_query(params, "en")
    assert [w.key for w in warnings] == [
        "url_bad_lang", "url_unknown_function", "url_bad_input", "url_bad_view", "url_bad_step",
    ]  # fmt: skip
    assert spec == state.Spec()
    assert warnings[2].args["reason"].key == "input_nonfinite"  # why x was refused, translated
    assert "finite" in messages.text("en", warnings[2])


def test_quoted_values_are_clipped_to_40_characters():
    _, (warning,) = from_query({"view": "Z" * 500}, "en")
    text = messages.text("en", warning)
    assert "Z" * 40 + "…" in text and "Z" * 41 not in text


PAYLOADS = [
    "![x](http://evil/img.png)",
    "**bold** [link](http://evil/)",
    "\n\n![x](http://evil/i.png)",  # a blank line would end a code span
    "a` ![x](http://evil/i.png) `b",  # backticks would close it
    "``a ![x](http://evil/i.png) ``",  # a double-backtick span
]


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("name", ["f", "view", "lang", "step", "projector", "predict"])
def test_markdown_in_a_parameter_is_never_rendered(name, payload):
    _, (warning,) = from_query({name: payload}, "en")
    rendered = outside_code_spans(messages.text("en", warning))
    assert "![" not in rendered and "](http" not in rendered and "**bold" not in rendered


def test_the_inert_check_itself_sees_markup_outside_a_span():
    assert "![x]" in outside_code_spans("`a` ![x](y)")
    assert "![x]" in outside_code_spans("``a` ![x](y)")  # one backtick cannot close two
    assert "![x]" not in outside_code_spans("``a` ![x](y)``")
