"""The URL: a link restores the screen, the app writes its spec back, and tampered links
fall back to working defaults with a clear warning that never renders what they carry."""

import pytest
from app_helpers import (
    BOOK_X_GRAD,
    click,
    dot,
    engine,
    markdown_texts,
    messages,
    new_app,
    outside_code_spans,
    position,
    query,
    table,
)

DEFAULT = {"f": "Square,Exp,Square", "x": "0.5", "step": "0", "view": "stacked", "lang": "en"}


# -- a link restores the screen ------------------------------------------------------------
def test_a_link_restores_chain_x_step_view_lang_and_modes():
    params = {
        "f": "Exp,Sin",
        "x": "[1, 2]",
        "step": "3",
        "view": "code",
        "lang": "ja",
        "projector": "1",
        "predict": "1",
    }
    at = new_app(params)
    assert not at.warning
    assert query(at) == params  # read, and written back unchanged
    assert at.title[0].value == "逆伝播エクスプローラー"
    assert position(at).startswith("呼び出し 3 / 5")
    assert at.text_input(key="x_text").value == "[1, 2]"
    assert at.button_group(key="view_select").value == "code"
    assert "<title>backprop_code</title>" in dot(at).svg
    assert at.toggle(key="projector_toggle").value is True
    assert at.toggle(key="predict_toggle").value is True
    assert "next_space" in [b.key for b in at.button] or at.button(key="next").disabled
    assert any("スコア" in m.value for m in at.markdown)  # the predict score line
    assert "prediction" in [w.key for w in at.text_input]  # step 3 is the seed: predict it


def test_a_link_to_the_last_step_shows_the_books_x_grad():
    at = new_app({"f": "Square,Exp,Square", "x": "0.5", "step": "7"})
    assert table(at)["x"]["grad"] == BOOK_X_GRAD
    assert position(at).startswith("Call 7 of 7")


@pytest.mark.parametrize("view", ["stacked", "code", "forward"])
def test_a_link_restores_each_view(view):
    at = new_app({"view": view})
    assert at.button_group(key="view_select").value == view
    assert f"<title>backprop_{view}</title>" in dot(at).svg


@pytest.mark.parametrize(("lang", "title"), [("ko", "역전파 탐색기"), ("en", "Backprop Explorer")])
def test_a_link_restores_the_language(lang, title):
    at = new_app({"lang": lang}, locale="ja-JP")  # the link wins over the browser
    assert at.title[0].value == title
    assert at.selectbox(key="lang_select").value == lang


def test_repeated_parameters_use_the_last_value():
    at = new_app({"lang": ["ko", "ja"], "step": ["1", "2"], "f": ["Exp", "Sin,Cos"]})
    assert not at.warning
    assert query(at)["lang"] == "ja" and query(at)["step"] == "2"
    assert query(at)["f"] == "Sin,Cos"


# -- the app writes its spec into the URL --------------------------------------------------
def test_actions_are_written_back_into_the_url():
    at = new_app()
    assert query(at) == DEFAULT
    click(at, "next")
    assert query(at)["step"] == "1"
    at.button_group(key="view_select").set_value("forward").run()
    assert query(at)["view"] == "forward" and query(at)["step"] == "1"
    at.selectbox(key="lang_select").set_value("ko").run()
    assert query(at)["lang"] == "ko"
    click(at, "add_Tanh")
    assert query(at)["f"] == "Square,Exp,Square,Tanh" and query(at)["step"] == "0"
    at.text_input(key="x_text").set_value("[0.5, 2]").run()
    assert query(at)["x"] == "[0.5, 2]"
    at.toggle(key="projector_toggle").set_value(True).run()
    assert query(at)["projector"] == "1"
    at.toggle(key="predict_toggle").set_value(True).run()
    assert query(at)["predict"] == "1"
    at.toggle(key="projector_toggle").set_value(False).run()
    assert "projector" not in query(at) and query(at)["predict"] == "1"
    # the link written last reproduces the screen in a new session
    again = new_app(query(at))
    assert query(again) == query(at)
    assert dot(again) == dot(at)


# -- tampered links ------------------------------------------------------------------------
SCRIPT = "<script>alert(1)</script>"

TAMPERED = [
    ("unknown_function", {"f": "Square,Nope"}, "unknown function", {"f": DEFAULT["f"]}),
    ("10000_functions", {"f": "Square," * 10_000}, "10,001 functions", {"f": DEFAULT["f"]}),
    ("33_functions", {"f": ",".join(["Exp"] * 33)}, "33 functions (at most 32)", {}),
    ("bad_number", {"x": "abc"}, "x is not a number", {"x": "0.5"}),
    ("nan", {"x": "nan"}, "x must be finite", {"x": "0.5"}),
    ("1e309", {"x": "1e309"}, "x must be finite", {"x": "0.5"}),
    ("huge_list", {"x": "[" + "1," * 20_000 + "]"}, "Too many values (20,000)", {"x": "0.5"}),
    ("too_long", {"x": "1" * 300_001}, "too long (300,001 characters)", {"x": "0.5"}),
    ("empty_x", {"x": ""}, "x is empty", {"x": "0.5"}),
    ("step_negative", {"step": "-1"}, "step `-1` is not a whole number from 0 to 7", {}),
    ("step_too_large", {"step": "8"}, "step `8` is not a whole number", {}),
    ("step_non_integer", {"step": "2.5"}, "step `2.5`", {}),
    ("step_1e3", {"step": "1e3"}, "step `1e3`", {}),
    ("step_arabic_digit", {"step": "٣"}, "step `٣`", {}),
    ("step_full_width", {"step": "３"}, "step `３`", {}),
    ("step_empty", {"step": ""}, "is not a whole number", {}),
    ("step_5000_digits", {"step": "9" * 5000}, "step `" + "9" * 40 + "…`", {}),
    ("step_leading_zeros", {"step": "0" * 20 + "1"}, "is not a whole number", {}),
    ("step_for_shorter_chain", {"f": "Exp", "step": "4"}, "from 0 to 3", {"f": "Exp"}),
    ("bad_view", {"view": "sideways"}, "view `sideways` is unknown", {}),
    ("empty_view", {"view": ""}, "is unknown; showing the default view", {}),
    ("bad_lang", {"lang": "fr"}, "language `fr` is unknown", {}),
    ("empty_lang", {"lang": ""}, "is unknown; using the default language", {}),
    ("bad_projector", {"projector": "yes"}, "`projector`=`yes` is not 0 or 1", {}),
    ("bad_predict", {"predict": "2"}, "`predict`=`2` is not 0 or 1", {}),
    ("empty_option", {"predict": ""}, "is not 0 or 1", {}),
] + [
    (f"html_in_{name}", {name: SCRIPT}, SCRIPT if name != "x" else "x is not a number", {})
    for name in ("f", "x", "step", "view", "lang", "projector", "predict")
]


@pytest.mark.parametrize(
    ("params", "phrase", "kept"), [case[1:] for case in TAMPERED], ids=[c[0] for c in TAMPERED]
)
def test_tampered_parameter_warns_and_falls_back(params, phrase, kept):
    at = new_app(params)
    warnings = messages(at, "warning")
    assert len(warnings) == 1, warnings
    assert phrase in warnings[0]
    written = query(at)
    for name in ("f", "x", "step", "view", "lang"):
        assert written[name] == kept.get(name, DEFAULT[name]), name
    assert "projector" not in written and "predict" not in written
    if written["f"]:  # still a working app: one more call
        total = 2 * len(written["f"].split(",")) + 1
        click(at, "next")
        assert position(at).startswith(f"Call 1 of {total}")
        assert not at.warning  # the warning is said once
    for text in markdown_texts(at):
        assert "<script" not in outside_code_spans(text)


def test_33_functions_fall_back_to_the_books_chain():
    at = new_app({"f": ",".join(["Exp"] * 33)})
    assert query(at)["f"] == DEFAULT["f"]
    assert position(at).startswith("Call 0 of 7")


def test_the_bad_step_falls_back_to_the_start_of_a_good_chain():
    at = new_app({"f": "Sin,Cos", "x": "2", "step": "99"})
    assert query(at)["f"] == "Sin,Cos" and query(at)["x"] == "2" and query(at)["step"] == "0"
    click(at, "run_end")
    assert table(at)["x"]["grad"] == repr(float(engine(("Sin", "Cos"), 2.0).chain.x.grad))


def test_several_bad_parameters_each_get_a_warning():
    at = new_app({"f": "Nope", "x": "nan", "view": "up", "lang": "xx", "step": "-3"})
    assert len(at.warning) == 5
    assert query(at) == DEFAULT


def test_bad_lang_falls_back_to_the_browser_language():
    at = new_app({"lang": "xx"}, locale="ko-KR")
    assert at.title[0].value == "역전파 탐색기"
    assert len(at.warning) == 1 and "xx" in at.warning[0].value
    assert "언어" in at.warning[0].value  # the warning itself is in Korean


def test_a_long_tampered_value_is_clipped_in_the_warning():
    value = "Z" * 500
    at = new_app({"view": value})
    warning = at.warning[0].value
    assert "Z" * 40 + "…" in warning and "Z" * 41 not in warning


def test_html_is_shown_as_text_never_as_html():
    at = new_app({name: SCRIPT for name in ("f", "view", "lang", "step", "projector")})
    warnings = messages(at, "warning")
    assert len(warnings) == 5
    assert all(SCRIPT in w for w in warnings)  # shown literally...
    for text in markdown_texts(at):  # ...and only inside code spans
        assert "<script" not in outside_code_spans(text)
    for html in at.get("html"):
        assert "<script" not in html.proto.body


MARKDOWN_PAYLOADS = [
    "![x](http://evil/img.png)",
    "**bold** [link](http://evil/)",
    "\n\n![x](http://evil/i.png)",  # a blank line would end a code span
    "a` ![x](http://evil/i.png) `b",  # backticks would close it
]


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
@pytest.mark.parametrize("name", ["f", "view", "lang", "step", "projector", "predict"])
def test_markdown_in_a_parameter_is_never_rendered(name, payload):
    at = new_app({name: payload})
    warnings = messages(at, "warning")
    assert len(warnings) == 1
    assert "\n" not in warnings[0]
    for text in markdown_texts(at):
        rendered = outside_code_spans(text)
        assert "![" not in rendered and "](http" not in rendered and "**bold" not in rendered


def test_markdown_hidden_in_x_is_not_rendered_in_the_kept_x_caption():
    # Python literals may carry a comment: "0.5 # ..." is the number 0.5
    at = new_app({"x": "0.5\n\n# ![x](http://evil/i.png) `b"})
    assert not at.warning
    at.text_input(key="x_text").set_value("abc").run()
    kept = [c.value for c in at.sidebar.caption if "previous x" in c.value]
    assert len(kept) == 1
    rendered = outside_code_spans(kept[0])
    assert "![" not in rendered and "](http" not in rendered
