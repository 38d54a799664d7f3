"""The graph element's Python side: the position the browser reports moves the spec, the URL
and every panel; what it is given (the layout, the switches, the translated labels)."""

import pytest
from harness import (
    BOOK,
    calls,
    click,
    dot,
    engine,
    graph_data,
    new_app,
    node_label,
    open_link,
    position,
    query,
    report,
    report_position,
    shown,
)

from components import export
from components.format import short

TOTAL = 2 * len(BOOK) + 1


def panels(at):
    """What the other panels show: the progress text, the program, the URL's step."""
    return position(at), shown(at, "code")[0].value, query(at)["step"]


@pytest.mark.parametrize("step", [4, TOTAL])
def test_a_reported_position_moves_spec_url_and_panels(step):
    at = report_position(new_app(), step)
    assert query(at)["step"] == str(step)
    assert position(at).startswith(f"Call {step} of {TOTAL}")
    assert graph_data(at)["step"] == step
    assert any(calls()[step - 1] in m.value for m in shown(at, "markdown"))  # what the call did
    x_grad = engine(step=step).chain.x.grad
    assert node_label(dot(at), "v0")[2] == f"grad {short(x_grad)}"
    # the same screen as the same number of Next presses, one by one
    stepped = new_app()
    for _ in range(step):
        click(stepped, "next")
    assert panels(stepped) == panels(at) and dot(stepped) == dot(at)


def test_a_burst_is_one_update(no_exception_on_any_run):
    """The browser reports where a burst ended, once: one run moves the lesson five calls."""
    at = new_app()
    runs = no_exception_on_any_run["count"]
    report_position(at, 5, seq=7)
    assert no_exception_on_any_run["count"] == runs + 1
    assert panels(at)[2] == "5" and position(at).startswith(f"Call 5 of {TOTAL}")
    report_position(at, 5, seq=8)  # the same place again: nothing moves
    assert panels(at)[2] == "5"


def test_the_element_is_told_which_report_a_run_has_seen():
    """A run says the number of the last position report it saw, so the element can tell an
    answer to an earlier report (which would take it back) from the server moving by itself.
    A report the server does not take (another chain's) is seen all the same."""
    at = new_app()
    assert graph_data(at)["seen"] == 0
    report_position(at, 3, seq=4)
    assert graph_data(at)["seen"] == 4 and graph_data(at)["step"] == 3
    report_position(at, 5, chain="another chain", seq=5)
    assert graph_data(at)["seen"] == 5 and graph_data(at)["step"] == 3
    click(at, "next")  # the server moves by itself: the number stays
    assert graph_data(at)["seen"] == 5 and graph_data(at)["step"] == 4


@pytest.mark.parametrize(
    "value",
    [
        {"step": 3, "chain": "another chain"},  # a position of a chain no longer shown
        {"step": TOTAL + 1},
        {"step": -1},
        {"step": True},
        {"step": "3"},
    ],
)
def test_positions_that_do_not_fit_are_ignored(value):
    at = new_app({"step": "2"})
    before = panels(at)
    report_position(at, value["step"], chain=value.get("chain"))
    assert panels(at) == before


def test_predict_mode_lets_the_graph_run_forward_only():
    at = new_app({"predict": "1"})
    data = graph_data(at)
    assert data["max_step"] == len(BOOK) and data["local_buttons"] is False
    report_position(at, TOTAL)  # past the seed: its grad must be predicted first
    assert query(at)["step"] == str(len(BOOK))
    assert at.text_input(key="prediction")  # the form asks for the seed


def test_animation_switch_is_in_the_url_and_given_to_the_element():
    at = new_app()
    assert graph_data(at)["anim"] is True and "anim" not in query(at)
    at.toggle(key="anim_toggle").set_value(False).run()
    assert graph_data(at)["anim"] is False and query(at)["anim"] == "0"
    still = new_app({"anim": "0"})
    assert still.toggle(key="anim_toggle").value is False and graph_data(still)["anim"] is False
    assert new_app({"anim": "2"}).warning  # a bad value is named, and the default used


def test_a_narrow_screen_gets_the_vertical_layout_and_labels_follow_the_language():
    at = new_app({"lang": "ko"})
    wide = dot(at)
    assert graph_data(at)["rankdir"] == "LR"
    report(at, {"narrow": True})
    tall = dot(at)
    assert graph_data(at)["rankdir"] == "TB" and tall.svg != wide.svg
    assert tall.state == wide.state  # the same labels, laid out in columns
    labels = graph_data(at)["labels"]
    assert labels["fit"] == "체인 전체 보기" and "계산 그래프" in labels["graph"]


def drawn_in_full(at):
    """Whether the page shows what comes under the graph and in the sidebar after the
    language: the program, the variables, the input field, the 'write a Function' form."""
    keys = {"x_text", "projector_toggle"}
    sidebar = {w.key for w in at.sidebar if getattr(w, "key", None) in keys}
    return bool(shown(at, "code")) and sidebar == keys


def test_a_link_opens_with_its_graph_first_and_the_rest_when_it_is_on_screen():
    """The first run draws the page's frame (the controls over the graph, the language)
    and the graph; the graph's report that it is on screen draws the rest, for every
    position. The URL is the link's from the first run on."""
    at = open_link({"step": "2", "lang": "en"})
    assert graph_data(at)["step"] == 2 and query(at)["step"] == "2"
    assert position(at).startswith(f"Call 2 of {TOTAL}")
    assert at.button(key="next") and at.selectbox(key="lang_select").value == "en"
    assert not drawn_in_full(at)
    assert not [m for m in shown(at, "markdown") if calls()[1] in m.value]
    report(at, {"ready": graph_data(at)["key"]})
    assert drawn_in_full(at) and graph_data(at)["step"] == 2
    assert len(at.get("code")) > len(shown(at, "code"))  # the other positions', hidden
    assert position(at).startswith(f"Call 2 of {TOTAL}")
    # a run that is not that report (a click before it came): in full, this position's
    again = open_link({"step": "2"}).run()
    assert drawn_in_full(again) and len(again.get("code")) == len(shown(again, "code"))


def test_without_a_graphviz_program_the_browser_lays_the_graph_out(monkeypatch):
    monkeypatch.setattr(export, "find_renderer", lambda: None)
    at = open_link({"f": "Cos,Tanh,Exp", "x": "0.3"})  # a chain no other test has laid out
    assert not at.get("bidi_component")
    assert "data 0.3" in at.get("graphviz_chart")[0].proto.spec
    assert drawn_in_full(at)  # no graph will report being on screen: all at once


def test_frames_travel_again_only_when_the_element_may_lack_them():
    """A run started by the element's own report, holding the frames of this layout, sends
    none (they are the bulk of the element); any other run sends them."""
    at = new_app()
    key = graph_data(at)["key"]
    before = dot(at)
    report(at, {"pos": {"step": 3, "chain": graph_data(at)["chain"], "seq": 1, "key": key}})
    data = graph_data(at)
    assert data["frames"] is None and (data["step"], data["key"]) == (3, key)
    report(at, {"pos": {"step": 4, "chain": data["chain"], "seq": 2, "key": "another"}})
    assert dot(at).svg == before.svg and graph_data(at)["step"] == 4  # it holds other frames
    report(at, {"pos": {"step": 5, "chain": data["chain"], "seq": 3, "key": key}})
    assert graph_data(at)["frames"] is None
    report(at, {"need": {"key": key, "at": 1}})  # a fresh mount asks: the next run sends them
    assert dot(at).svg == before.svg and graph_data(at)["step"] == 5
    click(at, "next")  # not the element's report: sent
    assert dot(at).state != before.state
