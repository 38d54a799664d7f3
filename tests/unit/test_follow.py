"""The panels that follow the graph: which positions a page draws, the one stepper that walks
them, when the drawn panels still hold a spec, and the CSS rule that shows one position."""

from dataclasses import replace

import pytest
from harness import engine_state

from components import follow, state
from components.state import Spec

LESSONS = [
    Spec(),  # the book's example, step 06
    Spec(ops=("Exp", "Exp", "Sin"), x="10"),  # inf and nan on the way back
    Spec(x="[0.5, 1.0, -2.0]", book="07"),  # an array, y.backward() line by line
    Spec(ops=("Sin", "Cos", "Tanh", "Sigmoid") * 2, book="08"),
    Spec(ops=("Cube", "Exp"), defs=(("Cube", "x**3", "3*x**2*gy"),)),  # the learner's own
]


@pytest.mark.parametrize("spec", LESSONS)
def test_the_walk_gives_at_each_position_the_state_a_replay_gives(spec):
    steps = state.drawn_steps(spec)
    assert steps == tuple(range(spec.total + 1))
    walked = [(step, engine_state(_engine(stepper))) for step, stepper in state.walk(spec, steps)]
    replayed = [
        (step, engine_state(_engine(state.build_stepper(replace(spec, step=step)))))
        for step in steps
    ]
    assert walked == replayed


def _engine(stepper):
    return getattr(stepper, "stepper", stepper)  # 07 / 08: the step-06 stepper inside


def test_the_walk_can_draw_some_positions_only():
    spec = Spec()
    walked = [(step, stepper.position) for step, stepper in state.walk(spec, (5, 2))]
    assert walked == [(2, 2), (5, 5)]
    at_5 = next(stepper for step, stepper in state.walk(spec, (5,)))
    replayed = state.build_stepper(replace(spec, step=5))
    assert engine_state(at_5) == engine_state(replayed)


def test_predict_mode_and_a_page_without_its_graph_yet_draw_only_their_position():
    spec = Spec(predict=True, step=4)
    assert state.drawn_steps(spec) == (4,)
    assert state.drawn_steps(replace(spec, predict=False), ready=False) == (4,)
    assert state.drawn_steps(replace(spec, predict=False)) == tuple(range(spec.total + 1))


def test_drawn_panels_hold_a_spec_of_the_same_lesson_at_a_drawn_position():
    spec = Spec(step=3)
    drawn = (state.at_start(spec), state.drawn_steps(spec))
    assert state.panels_cover(drawn, replace(spec, step=7))  # a call the graph made
    assert state.panels_cover(drawn, replace(spec, step=0, score=(1, 2)))
    assert not state.panels_cover(None, spec)  # nothing drawn yet
    assert not state.panels_cover(drawn, replace(spec, view="code"))  # another picture
    assert not state.panels_cover(drawn, replace(spec, lang="ja"))
    assert not state.panels_cover(drawn, replace(spec, x="0.7"))
    one = (state.at_start(spec), (3,))  # drawn for one position (predict, a tab's buttons)
    assert state.panels_cover(one, spec) and not state.panels_cover(one, replace(spec, step=4))


def test_a_place_key_names_its_position_and_nothing_else_does():
    assert follow.step_of(follow.key(12, "code")) == 12
    assert follow.step_of(follow.key(0, "progress")) == 0
    for other in (None, "", "next", "bpxat", "bpxatx-code", "def0_box", "xbpxat1-code"):
        assert follow.step_of(other) is None


def test_the_rule_keeps_the_places_of_one_position_only():
    rule = follow.css(1)
    assert rule.startswith("body:not(.bpx-stepping)")  # the server's, until the graph steps
    assert f'st-key-{follow.key(1, "")}"' in rule  # "bpxat1-": position 12's are not kept
    assert not follow.key(12, "code").startswith(follow.key(1, ""))
    browser = follow.for_browser()  # the graph element's, with its position put in
    assert browser["css"].replace(follow.MARK, "1") == follow.css(1, stepping=True)
    assert browser["css"].replace(follow.MARK, "1") != rule
    assert browser["find"].replace(follow.MARK, "4") == f'[class*="st-key-{follow.key(4, "")}"]'
