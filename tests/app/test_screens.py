"""What whole screens show: links, the three languages, bad input in every place a user can
type, inert user text, and sessions that never share anything."""

import copy
import pickle
import re
import sys

import pytest
from harness import (
    click,
    dot,
    engine,
    markdown_texts,
    new_app,
    outside_code_spans,
    position,
    query,
    shown,
    table,
    visible_texts,
)

from components import graph_element, state, url
from components import messages as said
from components.i18n import TEXT

HANGUL = re.compile(r"[\uac00-\ud7a3]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
URL_PARAMS = ("f", "x", "step", "view", "lang", "projector", "predict")
ACTIVE = ("<script", "![x](", "[link](", "**bold**", "__import__", "javascript:")


def spec(at):
    return at.session_state["spec"]


def test_a_link_restores_the_screen_and_the_written_link_restores_it_again():
    params = {"f": "Exp,Sin", "x": "[1, 2]", "step": "3", "view": "code", "lang": "ja",
              "projector": "1", "predict": "1"}  # fmt: skip
    at = new_app(params)
    assert not shown(at, "warning") and query(at) == params
    assert at.title[0].value == TEXT["title"]["ja"]
    assert at.text_input(key="x_text").value == "[1, 2]"
    assert at.button_group(key="view_select").value == "code"
    assert "<title>backprop_code</title>" in dot(at).svg
    assert at.toggle(key="projector_toggle").value and at.toggle(key="predict_toggle").value
    assert "prediction" in [w.key for w in at.text_input]  # call 4 is the seed: predict it
    again = new_app(query(at))
    assert query(again) == query(at) and dot(again) == dot(at)


def test_a_tampered_link_warns_once_in_the_pages_language_and_still_works():
    at = new_app({"step": "99", "f": "Sin,Cos", "x": "2", "lang": "ko"})
    _, warnings = url.from_query({"step": "99", "f": "Sin,Cos", "x": "2"}, "ko")
    assert [w.value for w in shown(at, "warning")] == [said.text("ko", w) for w in warnings]
    click(at, "run_end")
    assert not shown(at, "warning")
    assert table(at)["x"]["grad"] == repr(float(engine(("Sin", "Cos"), 2.0).chain.x.grad))


def test_a_bad_lang_falls_back_to_the_browser_language():
    at = new_app({"lang": "xx"}, locale="ko-KR")
    assert at.title[0].value == TEXT["title"]["ko"]
    assert len(shown(at, "warning")) == 1 and HANGUL.search(shown(at, "warning")[0].value)


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("ko-KR", "ko"),
        ("ko", "ko"),
        ("ja-JP", "ja"),
        ("en-US", "en"),
        ("fr-FR", "en"),
        (None, "en"),
    ],
)
def test_the_default_language_follows_the_browser(locale, lang):
    at = new_app(locale=locale)
    assert at.title[0].value == TEXT["title"][lang] and query(at)["lang"] == lang


def slots(at):
    """The translatable texts of the screen, by where they are."""
    out = {
        "title": at.title[0].value,
        "subtitle": shown(at, "caption")[0].value,
        "progress": position(at),
        "expander": at.expander[0].label,
        "success": shown(at, "success")[0].value,
        "view_options": tuple(at.button_group(key="view_select").options),
        "x_label": at.text_input(key="x_text").label,
        "lang_label": at.selectbox(key="lang_select").label,
        "subheaders": tuple(s.value for s in at.subheader),
    }
    for key in ("back", "next", "run_end", "reset", "clear", "preset_book", "preset_vector"):
        out[key] = at.button(key=key).label
    for key in ("projector_toggle", "predict_toggle"):
        out[key] = at.toggle(key=key).label
    return out


@pytest.mark.parametrize(("lang", "script"), [("ko", HANGUL), ("ja", JAPANESE)])
def test_every_visible_string_is_translated_and_the_switch_switches(lang, script):
    english = slots(new_app({"step": "7"}))
    at = new_app({"step": "7"})
    at.selectbox(key="lang_select").set_value(lang).run()
    other = slots(at)
    assert english.keys() == other.keys()
    for slot, text in other.items():
        assert text != english[slot], slot
        texts = text if isinstance(text, tuple) else (text,)
        assert all(script.search(item) for item in texts), (slot, text)


@pytest.mark.parametrize("lang", ["ko", "en", "ja"])
@pytest.mark.parametrize("params", [{"step": "7"}, {"step": "4", "predict": "1"}, {"f": ""}])
def test_no_raw_key_or_placeholder_is_visible(lang, params):
    at = new_app({**params, "lang": lang})
    if params.get("step") == "4":  # the predict form, and a warning too
        click(at, "manual_backward_0")
    texts = visible_texts(at)
    assert texts
    for text in texts:
        assert text not in TEXT and not re.search(r"\{[a-z_]*\}", text), text


def test_presets_show_arrays_and_non_finite_values():
    at = click(click(new_app(), "preset_vector"), "run_end")
    labels = [label for label, _ in dot(at).state.values() if label]
    assert sum(label.count("x (3,)") for label in labels) == 1
    assert "y.grad = np.ones_like(y.data)" in shown(at, "code")[0].value
    expected = engine(x=[0.5, 1.0, -2.0]).chain.x.grad
    grads = table(at)["x"]["grad"].replace("[", " ").replace("]", " ").split()
    assert [float(v) for v in grads] == list(expected)
    at = click(click(at, "preset_overflow"), "run_end")
    assert TEXT["nonfinite_warning"]["en"] in [w.value for w in shown(at, "warning")]
    rows = table(at)
    assert rows["y"]["data"] == "nan" and rows["b"]["data"] == "inf" and rows["b"]["flags"]


# -- bad input, everywhere a user can type ---------------------------------------------------
BAD = [
    "abc",
    "1e309",
    "[[1, 2], [3]]",
    "<script>alert(1)</script>",
    "**bold**",
    "![x](http://example.invalid/x.png)",
    "[link](javascript:alert(1))",
    "`x`\n\n![x](http://example.invalid/y.png)",
    "__import__('os').system('touch {pwned}')",
]


def assert_inert(at):
    for text in markdown_texts(at) + [b.label for b in at.button]:
        rendered = outside_code_spans(text)
        assert not [m for m in ACTIVE if m in rendered], f"user text rendered: {text[:200]!r}"


@pytest.mark.parametrize("lang", ["ko", "en", "ja"])
def test_bad_input_gets_its_translated_message_everywhere_and_nothing_runs(lang, tmp_path):
    pwned = tmp_path / "pwned"
    bad = [value.replace("{pwned}", str(pwned)) for value in BAD]
    for value in bad:
        # every parameter of a link at once, one warning each (in the page's language)
        query_ = {name: value for name in URL_PARAMS if name != "lang"} | {"lang": lang}
        at = new_app(query_)
        _, warnings = url.from_query(query_, lang)
        assert [w.value for w in shown(at, "warning")] == [said.text(lang, w) for w in warnings]
        assert len(warnings) == len(URL_PARAMS) - 1
        assert_inert(at)
        click(at, "next")  # the app keeps working
        assert spec(at).step == 1
        # the x field, then the prediction field at the seed
        at.text_input(key="x_text").set_value(value).run()
        _, (refusal,) = state.apply(spec(at), state.SetInput(value))
        assert [e.value for e in at.sidebar.error] == [said.text(lang, refusal)]
        assert_inert(at)
        at.toggle(key="predict_toggle").set_value(True).run()
        click(at, "run_end")
        click(at, "back")
        click(at, "back")
        click(at, "back")
        click(at, "back")
        at.text_input(key="prediction").set_value(value)
        [check] = [b for b in at.button if b.label == TEXT["predict_button"][lang]]
        check.click().run()
        _, (refusal,) = state.apply(spec(at), state.Predict(value))
        errors = [e.value for e in shown(at, "error")]
        assert spec(at).step == 3 and errors == [said.text(lang, refusal)]
        assert_inert(at)
    assert not pwned.exists(), "an input was executed"
    # the session holds the small spec, never the input's arrays
    sizes = {  # (the graph element's state is shown through a mapping of Streamlit's own)
        k: len(pickle.dumps(dict(v) if k == graph_element.KEY else v))
        for k, v in at.session_state.items()
    }
    assert max(sizes.values()) < 4096, sizes


# -- sessions ---------------------------------------------------------------------------------
def test_two_sessions_do_not_affect_each_other():
    first = new_app()
    second = new_app({"f": "Exp", "x": "2", "lang": "ja"})
    click(first, "next")
    click(second, "add_Sin")
    click(second, "run_end")
    first.text_input(key="x_text").set_value("[1, 2]").run()
    click(first, "next")
    assert query(first) == {"f": "Square,Exp,Square", "x": "[1, 2]", "step": "1",
                            "view": "stacked", "lang": "en"}  # fmt: skip
    assert query(second) == {"f": "Exp,Sin", "x": "2", "step": "5", "view": "stacked", "lang": "ja"}
    assert table(second)["x"]["grad"] == repr(float(engine(("Exp", "Sin"), 2.0).chain.x.grad))
    assert query(new_app())["step"] == "0"  # a third visitor still gets the default


def module_state():
    """Deep copies of every module-level list, dict and set of the app's packages."""
    state = {}
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in ("components", "autograd"):
            continue
        for attr, value in vars(module).items():
            if isinstance(value, (list, dict, set, bytearray)) and not attr.startswith("__"):
                state[f"{name}.{attr}"] = copy.deepcopy(value)
    return state


def test_no_module_level_state_changes_across_sessions():
    new_app()  # every module of the app imported
    before = module_state()
    assert "components.i18n.TEXT" in before and "autograd.functions.REGISTRY" in before
    at = new_app({"step": "3", "predict": "1"})
    at.toggle(key="predict_toggle").set_value(False).run()
    for key in ("manual_backward_1", "add_Log", "move_up_3", "remove_0", "preset_vector",
                "run_end", "back", "preset_overflow", "run_end"):  # fmt: skip
        click(at, key)
    at.text_input(key="x_text").set_value("nan").run()
    at.selectbox(key="lang_select").set_value("ko").run()
    at.toggle(key="projector_toggle").set_value(True).run()
    new_app({"f": "Nope", "x": "[1, [2]]", "lang": "xx"})
    assert module_state() == before
