"""Each widget and button of the page changes the spec as ``state.apply`` says, and the address
bar follows it in the same run (a copied link opens the same screen)."""

import pytest
from app.pages import (
    assert_link_is_spec,
    assert_said_on_page,
    book_prints,
    lesson_of,
    link_value,
    printed,
    said,
    spec,
    submit,
)
from harness import BOOK, click, element_data, exceptions, frames, messages, new_app

from components.i18n import LANGS, t
from components.model import programs, state
from components.views import say


@pytest.fixture
def at():
    return new_app()


def chain(at):
    held = spec(at)
    return programs.read_chain(held.program, held.book)


def test_the_step_buttons_move_the_position_and_the_link(at):
    total = len(lesson_of(spec(at).program, spec(at).book).items)
    assert at.button(key="back").disabled and at.button(key="reset").disabled
    for expected in (1, 2, 3):
        at = click(at, "next")
        assert spec(at).step == expected
        assert link_value(at, "step") == str(expected)
        assert element_data(at)["step"] == expected
    at = click(at, "back")
    assert spec(at).step == 2 and link_value(at, "step") == "2"
    at = click(at, "run_end")
    assert spec(at).step == total and link_value(at, "step") == str(total)
    assert at.button(key="next").disabled and at.button(key="run_end").disabled
    at = click(at, "reset")
    assert spec(at).step == 0 and link_value(at, "step") == "0"
    assert exceptions(at) == []
    assert_link_is_spec(at)


def test_a_move_by_the_server_is_one_the_element_follows(at):
    moved = element_data(at)["moved"]
    at = click(at, "next")
    assert element_data(at)["moved"] == moved + 1


def test_the_view_switch_sends_that_views_frames(at):
    for view in state.VIEWS[1:]:
        at.segmented_control(key="view_select").set_value(view).run()
        assert spec(at).view == view
        assert link_value(at, "view") == view
        data = element_data(at)
        assert data["key"].split("/")[1] == view
        assert frames(at) is not None
    assert_link_is_spec(at)


def test_the_animation_switch(at):
    at.toggle(key="anim_toggle").set_value(False).run()
    assert spec(at).anim is False and link_value(at, "anim") == "0"
    assert element_data(at)["anim"] is False
    at.toggle(key="anim_toggle").set_value(True).run()
    assert link_value(at, "anim") is None
    assert_link_is_spec(at)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_the_language_switch_says_the_page_and_the_lesson_in_it(at, lang):
    at = click(at, "next")
    at.selectbox(key="lang_select").set_value(lang).run()
    assert spec(at).lang == lang and link_value(at, "lang") == lang
    assert spec(at).step == 1  # the language changes only how it is said
    assert at.title[0].value == t(lang, "title")
    assert at.button(key="next").label == t(lang, "next")
    assert element_data(at)["key"].split("/")[2] == lang
    assert frames(at) is not None
    assert_link_is_spec(at)


@pytest.mark.parametrize("option", state.OPTIONS)
def test_the_switches_of_the_sidebar(at, option):
    at.toggle(key=f"{option}_toggle").set_value(True).run()
    assert getattr(spec(at), option) is True
    assert link_value(at, option) == "1"
    assert element_data(at)[option if option == "projector" else "step"] is not None
    at.toggle(key=f"{option}_toggle").set_value(False).run()
    assert getattr(spec(at), option) is False and link_value(at, option) is None
    assert exceptions(at) == []
    assert_link_is_spec(at)


def test_the_input_x_rewrites_the_chain_and_starts_again(at):
    at = click(at, "next")
    at.text_input(key="x_text").set_value("1.5").run()
    assert chain(at).x == "1.5"
    assert spec(at).program == programs.chain_program(BOOK, "1.5", spec(at).book)
    assert spec(at).step == 0
    assert messages(at, "info")  # the lesson went back to the start
    assert printed(frames(at)) == book_prints(spec(at).program, spec(at).book)
    assert_link_is_spec(at)


def test_a_bad_input_x_says_why_under_the_field_and_changes_nothing(at):
    before = spec(at)
    at.text_input(key="x_text").set_value("1.5.5").run()
    assert spec(at) == before
    assert len(messages(at, "error")) == 1
    assert at.text_input(key="x_text").value == "1.5.5"  # kept to be corrected
    assert exceptions(at) == []


def test_the_function_buttons_edit_the_chain(at):
    at = click(at, "add_Sin")
    assert chain(at).ops == (*BOOK, "Sin")
    at.pills(key="node_pick").set_value(len(BOOK)).run()  # the Sin just added
    at = click(at, "move_up")
    assert chain(at).ops == (*BOOK[:-1], "Sin", BOOK[-1])
    assert at.pills(key="node_pick").value == len(BOOK) - 1  # the pick follows it
    at = click(at, "move_down")
    assert chain(at).ops == (*BOOK, "Sin")
    at = click(at, "remove")
    assert chain(at).ops == BOOK
    assert_link_is_spec(at)
    at = click(at, "clear")
    assert chain(at).ops == ()
    assert exceptions(at) == []
    assert_link_is_spec(at)


def test_the_chain_stops_growing_at_its_limit():
    ops = ("Square",) * state.MAX_FUNCTIONS
    at = new_app({"p": programs.chain_program(ops, "0.5", "06")})
    assert at.button(key="add_Exp").disabled
    assert len(messages(at, "info")) >= 1


@pytest.mark.parametrize("name", state.CHAINS)
def test_a_chain_preset_loads_in_the_current_book(name):
    at = new_app({"book": "09"})
    at = click(at, f"preset_{name}")
    ops, x = state.CHAINS[name]
    assert spec(at).program == programs.chain_program(ops, x, "09")
    assert spec(at).book == "09" and spec(at).step == 0
    assert [message.key for message in said(at)] == ["preset_loaded"]
    assert_said_on_page(at)
    assert exceptions(at) == []
    assert_link_is_spec(at)


@pytest.mark.parametrize("name", state.PROGRAMS)
def test_a_program_preset_loads_with_a_book_that_runs_it(name):
    at = new_app()
    at = click(at, f"preset_{name}")
    text, first = state.PROGRAMS[name]
    assert spec(at).program == text
    assert spec(at).book == first  # from step 06, the first book that can run it
    keys = [message.key for message in said(at)]
    assert keys == ["preset_loaded"] + (["preset_needs_book"] if first != "06" else [])
    assert_said_on_page(at)
    data = element_data(at)
    assert data["lesson"] == lesson_of(text, first).key
    assert printed(frames(at)) == book_prints(text, first)
    assert at.text_area(key="program_text").value == text  # the editor shows it
    assert exceptions(at) == []
    assert_link_is_spec(at)


def test_a_program_preset_keeps_a_later_book():
    at = new_app({"book": "22"})
    at = click(at, "preset_add_twice")
    assert spec(at).book == "22"
    assert [message.key for message in said(at)] == ["preset_loaded"]
    assert_said_on_page(at)


def test_the_generations_switch_is_offered_where_the_steps_code_sets_them():
    assert "gens_toggle" not in [w.key for w in new_app().toggle]  # step 06: no generation
    branch = state.PROGRAMS["branch"][0]
    at = new_app({"book": "16", "p": branch})
    key, without = element_data(at)["key"], frames(at)
    at.toggle(key="gens_toggle").set_value(True).run()
    assert spec(at).gens is True and link_value(at, "gens") == "1"
    assert element_data(at)["key"] != key  # the graph is drawn again, with generations
    drawn = frames(at)
    assert drawn is not None
    assert (drawn["svg"], drawn["base"]) != (without["svg"], without["base"])
    assert_link_is_spec(at)


def test_after_projector_mode_the_hidden_fields_show_the_spec_again():
    at = new_app({"def": "Cube:x ** 3:3 * x ** 2 * gy", "book": "09"})
    at.text_input(key="x_text").set_value("0.75").run()
    at.toggle(key="projector_toggle").set_value(True).run()
    assert len(at.text_area) == 0  # the editor and the forms are not drawn...
    at.run()
    at.toggle(key="projector_toggle").set_value(False).run()
    held = spec(at)  # ...and come back holding the spec
    assert at.text_area(key="program_text").value == held.program
    assert at.text_input(key="x_text").value == "0.75"
    name, forward, backward = held.defs[0]
    assert at.text_input(key="def0_name").value == name
    assert at.text_input(key="def0_forward").value == forward
    assert at.text_input(key="def0_backward").value == backward
    assert exceptions(at) == []


def test_the_language_switch_says_the_last_message_again_and_keeps_the_typed_text():
    bad = "x = Variable(np.array(1.0))\ny = eval('x')\n"
    at = new_app({"book": "09"})
    at.text_area(key="program_text").set_value(bad)
    at = submit(at, "program_form")
    (message,) = said(at)
    other = next(lang for lang in LANGS if lang != "en")
    at.selectbox(key="lang_select").set_value(other).run()
    assert messages(at, "error") == [say.text(other, message)]
    assert at.text_area(key="program_text").value == bad


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_graph_too_large_to_lay_out_in_time_is_a_note_and_the_lesson_steps(monkeypatch, lang):
    from components.ui import lesson as ui_lesson
    from components.views import render

    def too_slow(dot_source, fmt, renderer=None, engine=render.LAYOUT):
        raise render.ExportError("export_timeout", program="graphviz-pure", seconds=10)

    monkeypatch.setattr(render, "_run", too_slow)
    ui_lesson.frames_json.cache_clear()
    try:
        at = new_app({"lang": lang, "p": "x = Variable(np.array(2.0))\ny = add(x, x)\n"
                      "y.backward()\nprint(x.grad)\n", "book": "14"})  # fmt: skip
        sent = frames(at)
        assert exceptions(at) == []
        assert sent["svg"] is None
        reason = t(lang, "export_timeout", program="graphviz-pure", seconds=10)
        assert sent["note"] == t(lang, "graph_not_drawn", reason=reason)
        assert len(sent["deltas"]) == len(lesson_of(spec(at).program, "14").items)
        at = click(at, "next")  # the lesson still steps
        assert spec(at).step == 1 and exceptions(at) == []
    finally:
        ui_lesson.frames_json.cache_clear()  # no other test gets a picture-less lesson
