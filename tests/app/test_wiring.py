"""Wiring: every widget reaches the action it stands for, and the page shows what ``apply``
said, once, at its place. The rules themselves are unit tests of ``state.apply``."""

import re

import pytest
from harness import (
    BOOK,
    BOOK_X_GRAD,
    calls,
    chain_rows,
    click,
    dot,
    engine,
    messages,
    new_app,
    node_label,
    open_link,
    open_manual,
    open_tab,
    position,
    query,
    shown,
    table,
)
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import AppTestError

from autograd import REGISTRY, Kind
from components import messages as said
from components import state, url
from components.i18n import TEXT

TOTAL = 2 * len(BOOK) + 1


def spec(at):
    return at.session_state["spec"]


def press(key):
    return lambda at: click(at, key)


def set_widget(kind, key, value):
    return lambda at: getattr(at, kind)(key=key).set_value(value).run()


def submit(label_key):
    def gesture(at):
        label = TEXT[label_key][spec(at).lang]
        [button] = [b for b in at.button if b.form_id and b.label == label]
        button.click().run()

    return gesture


def predict(text):
    def gesture(at):
        at.text_input(key="prediction").set_value(text)
        submit("predict_button")(at)

    return gesture


GESTURES = [  # (link, gesture, the action it must become)
    ({}, press("next"), state.Step(1)),
    ({"step": "3"}, press("back"), state.Step(-1)),
    ({"step": "2"}, press("run_end"), state.GoTo(TOTAL)),
    ({"step": "3"}, press("reset"), state.GoTo(0)),
    ({"step": "1", "projector": "1"}, press("next_space"), state.Step(1)),
    ({"projector": "1"}, press("projector_off"), state.Toggle("projector", False)),
    ({"step": "2"}, press("add_Sin"), state.AddOp("Sin")),
    ({}, press("move_up_1"), state.MoveOp(1, -1)),
    ({}, press("move_down_1"), state.MoveOp(1, 1)),
    ({"step": "2"}, press("remove_1"), state.RemoveOp(1)),
    ({"step": "2"}, press("clear"), state.Clear()),
    ({"step": "2"}, press("preset_vector"), state.Preset("vector")),
    ({"step": "3"}, press("manual_seed_3"), state.ManualCall(Kind.SEED, 3)),
    ({"step": "3"}, press("manual_backward_2"), state.ManualCall(Kind.BACKWARD, 2)),
    ({"step": "5"}, press("manual_backward_2"), state.ManualCall(Kind.BACKWARD, 2)),
    ({"step": "2"}, set_widget("text_input", "x_text", "[1, 2]"), state.SetInput("[1, 2]")),
    ({"step": "2"}, set_widget("text_input", "x_text", "nan"), state.SetInput("nan")),
    ({}, set_widget("selectbox", "lang_select", "ja"), state.SetLang("ja")),
    ({}, set_widget("button_group", "view_select", "code"), state.SetView("code")),
    ({"step": "5"}, set_widget("button_group", "book_select", "07"), state.SetBook("07")),
    (
        {"book": "07", "step": "12"},
        set_widget("button_group", "book_select", "08"),
        state.SetBook("08"),
    ),
    ({"book": "08", "step": "9"}, press("next"), state.Step(1)),
    ({}, set_widget("toggle", "projector_toggle", True), state.Toggle("projector", True)),
    ({"step": "4"}, set_widget("toggle", "predict_toggle", True), state.Toggle("predict", True)),
    ({"step": "4", "predict": "1"}, predict("2.5"), state.Predict("2.5")),
    ({"step": "4", "predict": "1"}, predict("abc"), state.Predict("abc")),
    ({"step": "4", "predict": "1"}, submit("predict_skip"), state.Step(1)),
]


@pytest.mark.parametrize(
    ("link", "gesture", "action"), GESTURES, ids=[f"{i}-{g[2]}" for i, g in enumerate(GESTURES)]
)
def test_each_widget_reaches_its_action_and_its_messages_are_shown_once(link, gesture, action):
    at = new_app(link)
    expected, expected_messages = state.apply(spec(at), action)
    gesture(at)
    assert spec(at) == expected
    assert query(at) == url.to_query(expected)
    shown = [m.value for kind in ("info", "success", "warning", "error") for m in getattr(at, kind)]
    for message in expected_messages:
        assert shown.count(said.text(expected.lang, message)) == 1, (message, shown)
    if expected.ops:  # the next action replaces what this one said
        click(at, "reset" if expected.step else "next")
        shown = [m.value for kind in ("info", "warning", "error") for m in getattr(at, kind)]
        assert not [m for m in expected_messages if said.text(expected.lang, m) in shown]


def test_the_exception_guard_is_in_place(no_exception_on_any_run):
    before = no_exception_on_any_run["count"]
    open_link()  # one run
    assert no_exception_on_any_run["count"] == before + 1
    with pytest.raises(AssertionError, match="showed an exception"):
        AppTest.from_string("raise ValueError('boom')", default_timeout=30).run()


def expected_rows(step):
    """The variables table the engine implies after ``step`` calls of the book's program."""
    stepper = engine(step=step)
    rows = {}
    for name, variable in zip(stepper.chain.variable_names, stepper.chain.variables, strict=True):
        if variable is None:
            rows[name] = ("not yet", "not yet")
        else:
            grad = "None" if variable.grad is None else repr(float(variable.grad))
            rows[name] = (repr(float(variable.data)), grad)
    return rows


def shown_rows(at):
    return {name: (row["data"], row["grad"]) for name, row in table(at).items()}


def test_a_first_visit_walks_the_books_program_to_x_grad():
    at = new_app()
    assert at.title[0].value == "Backprop Explorer"
    assert not shown(at, "warning") and not shown(at, "error")
    assert at.text_input(key="x_text").value == "0.5"
    assert chain_rows(at) == ["A = Square()", "B = Exp()", "C = Square()"]
    assert [node_label(dot(at), f"f{i}") for i in range(3)] == [["A", "Square"], ["B", "Exp"],
                                                               ["C", "Square"]]  # fmt: skip
    assert "x = Variable(np.array(0.5))" in shown(at, "code")[0].value
    program = calls()
    for step in range(TOTAL + 1):
        phase = "Forward pass" if step <= len(BOOK) else "Backward pass"
        assert position(at) == f"Call {step} of {TOTAL} · {phase}"
        assert shown_rows(at) == expected_rows(step)
        if step:
            assert any(m.value.startswith(f"`{program[step - 1]}`") for m in shown(at, "markdown"))
        if step < TOTAL:
            assert any(f"`{program[step]}`" in c.value for c in shown(at, "caption"))
            click(at, "next")
    assert table(at)["x"]["grad"] == BOOK_X_GRAD
    assert f"grad {float(engine().chain.x.grad):.6g}" in node_label(dot(at), "v0")
    assert f"# ✓ {BOOK_X_GRAD}" in shown(at, "code")[0].value
    [success] = messages(at, "success")
    assert "x.grad = 3.29744" in success


def test_step_buttons_are_disabled_at_the_ends_and_have_their_keys():
    at = new_app()
    assert at.button(key="next").proto.shortcut.lower() == "right"
    assert at.button(key="back").proto.shortcut.lower() == "left"
    assert at.button(key="back").disabled and at.button(key="reset").disabled
    with pytest.raises(AppTestError):
        at.button(key="back").click()  # a browser user cannot press it either
    click(at, "run_end")
    assert at.button(key="next").disabled and at.button(key="run_end").disabled
    assert at.session_state["spec"].step == TOTAL


def test_a_backward_step_in_predict_mode_waits_for_the_form():
    at = new_app({"step": "4", "predict": "1"})
    assert at.button(key="next").disabled
    assert at.text_input(key="prediction").label == "Your value for b.grad"
    predict("0")(at)
    truth = float(engine(step=5).chain.variables[2].grad)
    # the verdict stands by the form, not at the top of the page with the other messages
    wrong = TEXT["predict_wrong"]["en"].format(guess="0", target="b.grad", value=f"{truth:.6g}")
    assert messages(at, "error") == [wrong]
    assert [m.value for m in shown(at, "markdown") if "Score" in m.value] == ["**Score: 0 / 1**"]
    assert position(at).startswith("Call 5 of 7")


def test_a_bad_x_is_said_under_the_field_and_the_text_stays_to_be_corrected():
    at = new_app({"step": "2"})
    at.text_input(key="x_text").set_value("abc").run()
    assert [e.value for e in at.sidebar.error] == [TEXT["input_not_number"]["en"]]
    assert "Still using the previous x = `0.5`." in [c.value for c in at.sidebar.caption]
    assert at.text_input(key="x_text").value == "abc"
    click(at, "next")  # a call moves, the field keeps the learner's text (no widget shows it)
    assert spec(at).step == 3 and spec(at).x == "0.5"
    assert at.text_input(key="x_text").value == "abc"
    at.text_input(key="x_text").set_value("2").run()
    assert not at.sidebar.error and spec(at).x == "2"


def test_the_chain_builder_shows_the_limit_and_the_picked_node_follows_a_move():
    at = new_app({"f": ",".join(["Square"] * 31)})
    click(at, "add_Exp")
    assert all(at.button(key=f"add_{op}").disabled for op in REGISTRY)
    assert TEXT["limit_reached"]["en"].format(limit=32) in messages(at, "info")
    assert "Chain (32 / 32)" in [s.value for s in at.sidebar.subheader]
    at = click(new_app({"f": "Sin,Cos,Tanh"}), "move_up_2")
    click(at, "move_up")
    assert spec(at).ops == ("Tanh", "Sin", "Cos")
    assert at.button_group(key="node_pick").value == 0
    click(at, "clear")
    assert "next" not in [b.key for b in at.button]
    assert messages(at, "info")[-1] == TEXT["need_chain"]["en"]


# -- a key press builds only what is open ----------------------------------------------------
def test_the_closed_manual_list_is_not_built_and_opens_on_demand():
    at = new_app({"step": "3"})
    assert not [g for g in at.button_group if g.key == "manual_pick"]
    open_manual(at)
    [options] = [g.options for g in at.button_group if g.key == "manual_pick"]
    assert list(options) == [call.code for call in engine(step=3).timeline[3:]]
    click(at, "next")  # still open after a key press
    assert [g for g in at.button_group if g.key == "manual_pick"]


def test_only_the_open_lower_tab_is_built():
    at = new_app({"step": "7"})
    assert [tab.label for tab in at.tabs] == [
        TEXT[key]["en"] for key in ("check_header", "tangent_header", "exports_header")
    ]
    assert len(at.dataframe) == 1 and not at.get("download_button")  # the check's table
    open_tab(at, TEXT["exports_header"]["en"])
    keys = [button.proto.id.rsplit("-", 1)[-1] for button in at.get("download_button")]
    assert keys == ["dl_dot", "dl_svg", "dl_png", "dl_zip", "dl_py"]
    open_tab(at, TEXT["tangent_header"]["en"])
    assert at.get("vega_lite_chart") and not at.get("download_button")
    click(at, "back")  # the open tab stays open and follows the step
    assert not at.get("vega_lite_chart")  # no tangent before x.grad exists


def node_fontsize(shown):
    return float(re.search(r'<text [^>]*font-size="([\d.]+)"', shown.svg).group(1))


def test_projector_mode_enlarges_the_graph_and_tucks_the_secondary_panels_away():
    at = new_app({"step": "2"})
    normal = dot(at)
    assert table(at) and at.expander
    at.toggle(key="projector_toggle").set_value(True).run()
    assert node_fontsize(dot(at)) > node_fontsize(normal)
    with pytest.raises(AssertionError, match="no variables table"):
        table(at)
    assert not at.expander
    assert at.button(key="next_space").proto.shortcut.lower() == "space"
