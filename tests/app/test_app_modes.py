"""Views, the manual call order, projector and predict modes, languages, session isolation."""

import copy
import re
import sys

import pytest
from app_helpers import (
    BOOK_X_GRAD,
    click,
    dot,
    engine,
    messages,
    new_app,
    node_ids,
    node_label,
    open_manual,
    open_tab,
    position,
    query,
    table,
    visible_texts,
)

from components.i18n import TEXT

HANGUL = re.compile(r"[\uac00-\ud7a3]")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def at_step(step, **params):
    return new_app({**params, "step": str(step)})


# -- views ----------------------------------------------------------------------------------
def set_view(at, view):
    at.button_group(key="view_select").set_value(view).run()
    return at


def test_stacked_view_has_the_backward_row_under_the_forward_row():
    at = at_step(5)
    source = dot(at)
    assert node_ids(source) == {f"v{i}" for i in range(4)} | {f"g{i}" for i in range(4)} | {
        f"f{i}" for i in range(3)
    } | {f"d{i}" for i in range(3)}
    assert node_label(source, "g0")[0] == "dy/dx"
    assert node_label(source, "g3")[0] == "dy/dy"
    assert node_label(source, "d2")[:2] == ["C'(b)", "Square'"]
    assert ".backward" not in source
    b_grad = engine(step=5).chain.variables[2].grad
    assert node_label(source, "g2") == ["dy/db", f"{float(b_grad):.6g}"]


def test_code_view_draws_backward_calls_and_grads():
    at = set_view(at_step(5), "code")
    source = dot(at)
    assert "<title>backprop_code</title>" in source.svg
    assert node_ids(source) == {f"g{i}" for i in range(4)} | {f"d{i}" for i in range(3)}
    assert node_label(source, "d2") == ["C.backward", "(Square)"]
    assert node_label(source, "d0") == ["A.backward", "(Square)"]
    assert node_label(source, "g3") == ["y.grad", "(=1)"]
    assert node_label(source, "g0") == ["x.grad", "None"]
    assert "dy/d" not in source
    assert position(at).startswith("Call 5 of 7")  # a view change keeps the step
    assert query(at)["view"] == "code"


def test_forward_view_draws_the_class_names():
    at = set_view(at_step(2), "forward")
    source = dot(at)
    assert "<title>backprop_forward</title>" in source.svg
    assert [node_label(source, f"c{i}") for i in range(3)] == [["Square"], ["Exp"], ["Square"]]
    assert [node_label(source, f"f{i}") for i in range(3)] == [["A"], ["B"], ["C"]]
    assert "dy/d" not in source and ".backward" not in source
    assert not {f"g{i}" for i in range(4)} & node_ids(source)


def test_the_three_views_differ():
    at = at_step(4)
    sources = {view: dot(set_view(at, view)) for view in ("stacked", "code", "forward")}
    assert len(set(sources.values())) == 3


# -- the manual call order ------------------------------------------------------------------
def manual_snapshot(at):
    return position(at), dot(at), query(at)


def test_manual_calls_before_the_forward_pass_ask_for_it_first():
    at = at_step(1)
    before = manual_snapshot(at)
    for key in ("manual_seed_3", "manual_backward_2", "manual_backward_1"):
        click(at, key)
        warnings = messages(at, "warning")
        assert len(warnings) == 1 and "needs the forward pass first" in warnings[0]
        assert "b = B(a) has not run yet" in warnings[0]
        assert manual_snapshot(at) == before
    click(at, "manual_backward_0")  # A has run forward, but a.grad is still None
    assert "A.backward(a.grad) needs a.grad" in messages(at, "warning")[0]
    assert manual_snapshot(at) == before


def test_backward_before_the_seed_is_refused_with_the_lesson():
    at = at_step(3)
    before = manual_snapshot(at)
    click(at, "manual_backward_2")  # C.backward before y.grad = np.array(1.0)
    warning = messages(at, "warning")
    assert len(warning) == 1
    assert "C.backward(y.grad) needs y.grad, but y.grad is still None" in warning[0]
    assert "y.grad = np.array(1.0)" in warning[0] and "Nothing was changed" in warning[0]
    assert manual_snapshot(at) == before
    click(at, "manual_backward_0")  # A.backward before a.grad exists
    warning = messages(at, "warning")
    assert "A.backward(a.grad) needs a.grad" in warning[0]
    assert "computed by a.grad = B.backward(b.grad)" in warning[0]
    assert manual_snapshot(at) == before
    click(at, "next")  # still usable
    assert position(at).startswith("Call 4 of 7")


def test_backward_out_of_order_after_the_seed_is_refused():
    at = at_step(4)
    before = manual_snapshot(at)
    click(at, "manual_backward_1")
    assert "B.backward(b.grad) needs b.grad" in messages(at, "warning")[0]
    assert manual_snapshot(at) == before


def test_manual_calls_in_the_books_order_reach_x_grad():
    at = at_step(3)
    for step, key in enumerate(
        ["manual_seed_3", "manual_backward_2", "manual_backward_1", "manual_backward_0"], 4
    ):
        click(at, key)
        assert not at.warning and not messages(at, "info")
        assert position(at).startswith(f"Call {step} of 7")
    assert table(at)["x"]["grad"] == BOOK_X_GRAD


def test_repeating_a_call_says_so_and_changes_nothing():
    at = at_step(5)
    before = manual_snapshot(at)
    click(at, "manual_backward_2")
    b_grad = engine(step=5).chain.variables[2].grad
    info = messages(at, "info")
    assert len(info) == 1 and "b.grad = C.backward(y.grad) was already made" in info[0]
    assert f"b.grad = {float(b_grad):.6g}" in info[0]
    assert manual_snapshot(at) == before
    click(at, "manual_seed_3")
    assert "y.grad = np.array(1.0) was already made" in messages(at, "info")[0]
    assert manual_snapshot(at) == before


def test_manual_warning_is_translated():
    at = at_step(3, lang="ja")
    click(at, "manual_backward_2")
    warning = messages(at, "warning")[0]
    assert "C.backward(y.grad)" in warning and JAPANESE.search(warning)
    assert "needs" not in warning


# -- what a key press builds ----------------------------------------------------------------
# A key press reruns only the lesson (a fragment), and of the panels below the code only what
# is open: a closed expander or tab builds nothing, and opening it builds it for this step.
def manual_options(at):
    return [group.options for group in at.button_group if group.key == "manual_pick"]


def test_the_closed_manual_list_is_not_built_and_opens_on_demand():
    at = at_step(3)
    assert at.expander[0].label == TEXT["manual_header"]["en"] and not manual_options(at)
    open_manual(at)
    [options] = manual_options(at)
    calls = engine(step=3).timeline[3:]  # the seed, then C, B, A's backward
    assert list(options) == [call.code for call in calls]
    assert options[0] == "y.grad = np.array(1.0)"
    click(at, "next")  # still open after a key press
    assert manual_options(at)


TABS = ("check_header", "tangent_header", "exports_header")


def test_only_the_open_lower_tab_is_built():
    at = at_step(7)
    labels = [tab.label for tab in at.tabs]
    assert labels == [TEXT[key]["en"] for key in TABS]
    # the gradient check is open first: its table, and no download button or chart yet
    assert len(at.dataframe) == 2 and not at.get("download_button")
    assert not at.get("vega_lite_chart")
    open_tab(at, TEXT["exports_header"]["en"])
    keys = [button.proto.id.rsplit("-", 1)[-1] for button in at.get("download_button")]
    assert keys == ["dl_dot", "dl_svg", "dl_png", "dl_zip", "dl_py"]
    assert len(at.dataframe) == 1  # the variables table; the check's is not built
    open_tab(at, TEXT["tangent_header"]["en"])
    assert at.get("vega_lite_chart") and not at.get("download_button")
    click(at, "back")  # the open tab stays open and follows the step
    assert at.session_state["more_tab"] == TEXT["tangent_header"]["en"]
    assert not at.get("vega_lite_chart")  # no tangent before x.grad exists


# -- projector mode -------------------------------------------------------------------------
def node_fontsize(shown):
    return float(re.search(r'<text [^>]*font-size="([\d.]+)"', shown.svg).group(1))


def test_projector_mode_enlarges_the_graph_and_hides_secondary_panels():
    at = at_step(2)
    normal = dot(at)
    assert at.dataframe and at.expander
    at.toggle(key="projector_toggle").set_value(True).run()
    assert node_fontsize(dot(at)) > node_fontsize(normal)
    assert not at.dataframe and not at.expander
    assert not [b for b in at.button if b.key and b.key.startswith("manual_")]
    assert not at.button(key="next").disabled
    space = at.button(key="next_space")
    assert space.proto.shortcut.lower() == "space"
    click(at, "next_space")
    assert position(at).startswith("Call 3 of 7")
    click(at, "next")
    assert position(at).startswith("Call 4 of 7")
    at.toggle(key="projector_toggle").set_value(False).run()
    assert at.dataframe and at.expander
    assert node_fontsize(dot(at)) == node_fontsize(normal)
    assert "next_space" not in [b.key for b in at.button]


def test_projector_mode_has_a_way_out():
    at = new_app({"projector": "1", "step": "2"})
    assert query(at)["projector"] == "1"
    click(at, "projector_off")
    assert "projector" not in query(at) and at.toggle(key="projector_toggle").value is False
    assert at.dataframe and position(at).startswith("Call 2 of 7")


# -- predict mode ---------------------------------------------------------------------------
def submit(at, label):
    [button] = [b for b in at.button if b.form_id and b.label == label]
    button.click().run()
    return at


def predict(at, text):
    at.text_input(key="prediction").set_value(text)
    return submit(at, "Check and reveal")


def score(at):
    return [m.value for m in at.markdown if "Score" in m.value]


def test_forward_steps_are_not_predicted():
    at = at_step(1, predict="1")
    assert score(at) == ["**Score: 0 / 0**"]
    assert not at.button(key="next").disabled
    assert "prediction" not in [w.key for w in at.text_input]


def test_a_backward_step_waits_for_a_prediction():
    at = at_step(4, predict="1")
    assert at.button(key="next").disabled
    assert at.text_input(key="prediction").label == "Your value for b.grad"
    labels = {b.label for b in at.button if b.form_id}
    assert labels == {"Check and reveal", "Reveal without guessing"}
    assert any("b.grad = C.backward(y.grad)" in m.value for m in at.markdown)


def test_a_right_prediction_scores_and_reveals():
    at = at_step(4, predict="1")
    truth = engine(step=5).chain.variables[2].grad  # b.grad
    predict(at, repr(float(truth)))
    assert messages(at, "success") == [f"Right! b.grad = {float(truth):.6g}"]
    assert score(at) == ["**Score: 1 / 1**"]
    assert position(at).startswith("Call 5 of 7")
    assert table(at)["b"]["grad"] == repr(float(truth))


def test_predictions_within_a_tenth_of_a_percent_count_as_right():
    truth = float(engine(step=6).chain.variables[1].grad)  # a.grad
    close = predict(at_step(5, predict="1"), repr(truth * (1 + 5e-4)))
    assert messages(close, "success") and score(close) == ["**Score: 1 / 1**"]
    far = predict(at_step(5, predict="1"), repr(truth * 1.01))
    assert not messages(far, "success") and score(far) == ["**Score: 0 / 1**"]


def test_a_wrong_prediction_says_so_and_still_reveals():
    at = at_step(4, predict="1")
    truth = engine(step=5).chain.variables[2].grad
    predict(at, "0")
    errors = messages(at, "error")
    assert errors == [f"Not quite: you said 0, and b.grad = {float(truth):.6g}."]
    assert score(at) == ["**Score: 0 / 1**"]
    assert position(at).startswith("Call 5 of 7")


def test_an_unreadable_prediction_asks_again_without_revealing():
    at = at_step(4, predict="1")
    predict(at, "abc")
    assert messages(at, "error") == [TEXT["input_not_number"]["en"]]
    assert score(at) == ["**Score: 0 / 0**"]
    assert position(at).startswith("Call 4 of 7")
    assert at.button(key="next").disabled


def test_a_prediction_of_the_wrong_shape_is_refused():
    at = at_step(4, predict="1", x="[0.5, 1.0, -2.0]")
    predict(at, "[1, 2]")
    assert messages(at, "error") == ["A prediction is one number or an array of shape (3,)."]
    assert position(at).startswith("Call 4 of 7")
    truth = engine(x=[0.5, 1.0, -2.0], step=5).chain.variables[2].grad
    predict(at, str([float(v) for v in truth]))
    assert score(at) == ["**Score: 1 / 1**"]


def test_reveal_without_guessing_advances_without_scoring():
    at = at_step(3, predict="1")
    submit(at, "Reveal without guessing")
    assert position(at).startswith("Call 4 of 7")
    assert score(at) == ["**Score: 0 / 0**"]
    assert not messages(at, "success") and not messages(at, "error")
    predict(at, repr(float(engine(step=5).chain.variables[2].grad)))
    assert score(at) == ["**Score: 1 / 1**"]


def test_the_whole_backward_pass_predicted_right():
    at = at_step(3, predict="1")
    final = engine()
    truths = [final.chain.y.grad] + [final.chain.variables[i].grad for i in (2, 1, 0)]
    for asked, truth in enumerate(truths, 1):
        predict(at, repr(float(truth)))
        assert score(at) == [f"**Score: {asked} / {asked}**"]
    assert position(at).startswith("Call 7 of 7")
    assert table(at)["x"]["grad"] == BOOK_X_GRAD


# -- languages ------------------------------------------------------------------------------
def slots(at):
    """The translatable texts of the screen, by where they are."""
    out = {
        "title": at.title[0].value,
        "subtitle": at.caption[0].value,
        "progress": position(at),
        "expander": at.expander[0].label,
        "success": at.success[0].value,
        "view_options": tuple(at.button_group(key="view_select").options),
        "x_label": at.text_input(key="x_text").label,
        "lang_label": at.selectbox(key="lang_select").label,
    }
    for key in ("back", "next", "run_end", "reset", "clear") + tuple(
        f"preset_{name}" for name in ("book", "exp_square_exp", "vector", "overflow")
    ):
        out[key] = at.button(key=key).label
    for key in ("projector_toggle", "predict_toggle"):
        out[key] = at.toggle(key=key).label
    out["subheaders"] = tuple(s.value for s in at.subheader)
    return out


@pytest.mark.parametrize(("lang", "script"), [("ko", HANGUL), ("ja", JAPANESE)])
def test_every_visible_string_is_translated(lang, script):
    english = slots(at_step(7))
    other = slots(at_step(7, lang=lang))
    assert english.keys() == other.keys()
    for slot, text in other.items():
        assert text != english[slot], slot
        texts = text if isinstance(text, tuple) else (text,)
        assert all(script.search(item) for item in texts), (slot, text)


def test_the_language_select_switches_the_page():
    at = at_step(2)
    at.selectbox(key="lang_select").set_value("ko").run()
    assert at.title[0].value == TEXT["title"]["ko"]
    assert at.button(key="next").label == TEXT["next"]["ko"]
    assert position(at).startswith("호출 2 / 7")
    assert query(at)["lang"] == "ko" and query(at)["step"] == "2"
    at.selectbox(key="lang_select").set_value("ja").run()
    assert at.button(key="reset").label == TEXT["reset"]["ja"]
    at.selectbox(key="lang_select").set_value("en").run()
    assert at.title[0].value == "Backprop Explorer"


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
    assert at.title[0].value == TEXT["title"][lang]
    assert query(at)["lang"] == lang


@pytest.mark.parametrize("lang", ["ko", "en", "ja"])
@pytest.mark.parametrize("params", [{"step": "7"}, {"step": "4", "predict": "1"}, {"f": ""}])
def test_no_raw_key_or_placeholder_is_visible(lang, params):
    at = new_app({**params, "lang": lang})
    if params.get("step") == "4":  # the predict form, and a warning too
        click(at, "manual_backward_0")
    texts = visible_texts(at)
    assert texts
    for text in texts:
        assert text not in TEXT, text
        assert not re.search(r"\{[a-z_]*\}", text), text


# -- sessions -------------------------------------------------------------------------------
def test_two_sessions_do_not_affect_each_other():
    first = new_app()
    second = new_app({"f": "Exp", "x": "2", "lang": "ja"})
    click(first, "next")
    click(second, "add_Sin")
    click(second, "run_end")
    first.text_input(key="x_text").set_value("[1, 2]").run()
    click(first, "next")
    assert query(first) == {
        "f": "Square,Exp,Square",
        "x": "[1, 2]",
        "step": "1",
        "view": "stacked",
        "lang": "en",
    }
    assert query(second) == {"f": "Exp,Sin", "x": "2", "step": "5", "view": "stacked", "lang": "ja"}
    assert table(second)["x"]["grad"] == repr(float(engine(("Exp", "Sin"), 2.0).chain.x.grad))
    assert first.title[0].value == "Backprop Explorer"
    fresh = new_app()  # a third visitor still gets the default
    assert query(fresh)["f"] == "Square,Exp,Square" and query(fresh)["step"] == "0"


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
    at = at_step(3, predict="1")
    predict(at, "1")
    submit(at, "Reveal without guessing")
    at.toggle(key="predict_toggle").set_value(False).run()
    click(at, "manual_backward_1")
    click(at, "manual_backward_0")
    for key in ("add_Log", "move_up_3", "remove_0", "preset_vector", "run_end", "back"):
        click(at, key)
    at.text_input(key="x_text").set_value("nan").run()
    at.selectbox(key="lang_select").set_value("ko").run()
    at.toggle(key="projector_toggle").set_value(True).run()
    set_view(at, "code")
    click(at, "preset_overflow")
    click(at, "run_end")
    new_app({"f": "Nope", "x": "[1, [2]]", "lang": "xx"})
    assert module_state() == before
