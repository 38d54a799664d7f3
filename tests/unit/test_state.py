"""Every rule of the app, as the pure reducer ``state.apply`` decides it: one table.

Each row: a spec, an action, then what the new spec differs in (``None``: the very same spec)
and the messages (level, key, place) the action calls for.
"""

from dataclasses import replace

import pytest
from harness import BOOK, BOOK_X_GRAD, calls, engine

from autograd import REGISTRY, BackwardStepper, EventKind, Kind
from components import state
from components.graph_frames import chain_key
from components.messages import Message
from components.state import (
    AddOp,
    Animate,
    Clear,
    GoTo,
    GraphAt,
    ManualCall,
    MoveOp,
    Predict,
    Preset,
    RemoveOp,
    SetBook,
    SetInput,
    SetLang,
    SetView,
    Spec,
    Step,
    Toggle,
    apply,
)

START = Spec()
AT = {n: replace(START, step=n) for n in range(8)}  # the book's example after n calls
FULL = replace(START, ops=("Sin",) * state.MAX_FUNCTIONS)
PREDICTING = replace(AT[3], predict=True, score=(1, 2))
SEED, BACKWARD = Kind.SEED, Kind.BACKWARD
BOOK_CHAIN = chain_key(BOOK, 0.5)


def after_grads(book, k):
    """Where step ``book``'s lesson has made k backward calls: just after the k-th grad line."""
    lesson = BackwardStepper(BOOK, 0.5, book)
    grads = [i for i, e in enumerate(lesson.events) if e.kind is EventKind.GRAD]
    return len(lesson.calls) + grads[k - 1] + 1


IN_07 = replace(START, book="07", step=after_grads("07", 2) + 1)  # a.backward() is called next

RULES = [
    # stepping: clamped to the timeline; the predict score restarts at call 0
    ("next", AT[0], Step(1), {"step": 1}, ()),
    ("back", AT[5], Step(-1), {"step": 4}, ()),
    ("back at the start", AT[0], Step(-1), None, ()),
    ("next at the end", AT[7], Step(1), None, ()),
    ("run to the end", AT[2], GoTo(7), {"step": 7}, ()),
    ("past the end", AT[2], GoTo(99), {"step": 7}, ()),
    ("reset", PREDICTING, GoTo(0), {"step": 0, "score": (0, 0)}, ()),
    ("no chain", replace(START, ops=()), Step(1), None, ()),
    # manual calls: refused with the reason, repeated, or made
    ("seed before forward", AT[2], ManualCall(SEED, 3), None, [("warning", "err_forward_first")]),
    (
        "backward before forward",
        AT[1],
        ManualCall(BACKWARD, 2),
        None,
        [("warning", "err_forward_first")],
    ),
    (
        "backward before seed",
        AT[3],
        ManualCall(BACKWARD, 2),
        None,
        [("warning", "err_missing_seed")],
    ),
    ("out of order", AT[4], ManualCall(BACKWARD, 0), None, [("warning", "err_missing_grad")]),
    ("seed", AT[3], ManualCall(SEED, 3), {"step": 4}, ()),
    ("C.backward", AT[4], ManualCall(BACKWARD, 2), {"step": 5}, ()),
    ("repeat", AT[5], ManualCall(BACKWARD, 2), None, [("info", "repeat_call")]),
    ("repeat seed", AT[5], ManualCall(SEED, 3), None, [("info", "repeat_call")]),
    ("no such function", AT[4], ManualCall(BACKWARD, 9), None, ()),
    # the input x: a usable one restarts the lesson (saying so); a bad one changes nothing
    ("new x", AT[3], SetInput(" 1.5 "), {"x": "1.5", "step": 0}, [("info", "steps_reset")]),
    ("new x at 0", AT[0], SetInput("[1, 2]"), {"x": "[1, 2]"}, ()),
    ("same x", AT[3], SetInput("0.5 "), None, ()),
    ("bad x", AT[3], SetInput("abc"), None, [("error", "input_not_number", "input")]),
    ("inf x", AT[3], SetInput("1e309"), None, [("error", "input_nonfinite", "input")]),
    # switches, language, view
    (
        "projector on",
        PREDICTING,
        Toggle("projector", True),
        {"projector": True, "score": (0, 0)},
        (),
    ),
    ("predict off", PREDICTING, Toggle("predict", False), {"predict": False, "score": (0, 0)}, ()),
    ("same switch", AT[2], Toggle("projector", False), None, ()),
    ("unknown switch", AT[2], Toggle("score", True), None, ()),
    ("language", AT[2], SetLang("ja"), {"lang": "ja"}, ()),
    ("unknown language", AT[2], SetLang("fr"), None, ()),
    ("view", AT[2], SetView("code"), {"view": "code"}, ()),
    ("unknown view", AT[2], SetView("3d"), None, ()),
    # the chain: any change restarts the lesson
    ("add", AT[4], AddOp("Cos"), {"ops": (*BOOK, "Cos"), "step": 0}, [("info", "steps_reset")]),
    ("add unknown", AT[4], AddOp("Relu"), None, ()),
    ("add past the limit", FULL, AddOp("Exp"), None, [("warning", "limit_reached")]),
    (
        "move down",
        AT[1],
        MoveOp(1, 1),
        {"ops": ("Square", "Square", "Exp"), "step": 0},
        [("info", "steps_reset")],
    ),
    ("move up", AT[0], MoveOp(1, -1), {"ops": ("Exp", "Square", "Square")}, ()),
    ("first up", AT[1], MoveOp(0, -1), None, ()),
    ("last down", AT[1], MoveOp(2, 1), None, ()),
    (
        "remove",
        AT[6],
        RemoveOp(1),
        {"ops": ("Square", "Square"), "step": 0},
        [("info", "steps_reset")],
    ),
    ("remove none", AT[6], RemoveOp(3), None, ()),
    ("clear", AT[2], Clear(), {"ops": (), "step": 0}, [("info", "steps_reset")]),
    (
        "preset",
        replace(AT[5], x="2"),
        Preset("overflow"),
        {"ops": ("Exp", "Exp", "Sin"), "x": "10", "step": 0},
        [("success", "preset_loaded")],
    ),
    ("unknown preset", AT[5], Preset("nope"), None, ()),
    ("not an action", AT[5], "next", None, ()),
    # the book's step: the calls made so far are kept; in 07 / 08 y.backward() makes them
    ("to 07 before backward", AT[4], SetBook("07"), {"book": "07"}, ()),
    (
        "to 08 keeps C.backward",
        AT[5],
        SetBook("08"),
        {"book": "08", "step": after_grads("08", 1)},
        (),
    ),
    ("to 07 at the end", AT[7], SetBook("07"), {"book": "07", "step": IN_07.total}, ()),
    ("back to 06", IN_07, SetBook("06"), {"book": "06", "step": 6}, ()),
    ("07 to 08", IN_07, SetBook("08"), {"book": "08", "step": after_grads("08", 2)}, ()),
    ("same book", AT[3], SetBook("06"), None, ()),
    ("unknown book", AT[3], SetBook("09"), None, ()),
    ("no manual call in 07", IN_07, ManualCall(BACKWARD, 0), None, ()),
    ("07 runs to its end", IN_07, GoTo(99), {"step": IN_07.total}, ()),
    # the graph element's position after a burst (it steps in the browser)
    ("graph moved", AT[1], GraphAt(6, BOOK_CHAIN), {"step": 6}, ()),
    ("graph back to 0", PREDICTING, GraphAt(0, BOOK_CHAIN), {"step": 0, "score": (0, 0)}, ()),
    ("graph of another chain", AT[1], GraphAt(6, chain_key(("Exp",), 0.5)), None, ()),
    ("graph past the end", AT[1], GraphAt(8, BOOK_CHAIN), None, ()),
    ("graph not a number", AT[1], GraphAt(True, BOOK_CHAIN), None, ()),
    ("graph past a prediction", PREDICTING, GraphAt(7, BOOK_CHAIN), None, ()),
    (
        "graph forward in predict",
        replace(PREDICTING, step=1),
        GraphAt(7, BOOK_CHAIN),
        {"step": 3},
        (),
    ),  # fmt: skip
    ("animation off", AT[2], Animate(False), {"anim": False}, ()),
]


@pytest.mark.parametrize(
    ("spec", "action", "changes", "said"), [row[1:] for row in RULES], ids=[r[0] for r in RULES]
)
def test_apply(spec, action, changes, said):
    new, messages = apply(spec, action)
    assert new == (spec if changes is None else replace(spec, **changes))
    wanted = [(m[0], m[1], m[2] if len(m) > 2 else "page") for m in said]
    assert [(m.level, m.key, m.where) for m in messages] == wanted
    assert all(isinstance(m, Message) for m in messages)


def test_refusals_name_the_missing_call():
    _, (message,) = apply(AT[3], ManualCall(BACKWARD, 2))
    assert message.args == {
        "call": "C.backward(y.grad)",
        "needed": "y",
        "producer": "y.grad = np.array(1.0)",
    }
    _, (message,) = apply(AT[4], ManualCall(BACKWARD, 0))
    assert message.args["producer"] == "a.grad = B.backward(b.grad)"


def test_manual_calls_in_the_books_order_reach_the_books_x_grad():
    spec = AT[3]
    for action in [ManualCall(SEED, 3)] + [ManualCall(BACKWARD, i) for i in (2, 1, 0)]:
        spec, messages = apply(spec, action)
        assert messages == ()
    assert spec.step == spec.total
    assert repr(float(state.build_stepper(spec).chain.x.grad)) == BOOK_X_GRAD


# -- predict, then reveal --------------------------------------------------------------------
def truth(step):
    """The grad the engine computes at call ``step`` of the book's example."""
    return engine(step=step + 1).records[-1].gx


def test_a_right_prediction_scores_and_reveals():
    value = float(truth(5))
    new, (verdict,) = apply(replace(PREDICTING, step=5), Predict(f"{value * (1 + 9e-4)}"))
    assert (verdict.level, verdict.key, verdict.where) == ("success", "predict_right", "predict")
    assert new.step == 6 and new.score == (2, 3)
    assert verdict.args["target"] == "a.grad"


def test_a_guess_beyond_a_tenth_of_a_percent_is_wrong_and_still_reveals():
    value = float(truth(5))
    new, (verdict,) = apply(replace(PREDICTING, step=5), Predict(f"{value * (1 + 2e-3)}"))
    assert verdict.key == "predict_wrong" and new.step == 6 and new.score == (1, 3)


@pytest.mark.parametrize(
    ("spec", "text", "key"),
    [
        (PREDICTING, "abc", "input_not_number"),
        (PREDICTING, "", "input_empty"),
        (replace(PREDICTING, x="[0.5, 1.0, -2.0]"), "[1, 1]", "predict_shape"),
    ],
)
def test_an_unusable_prediction_is_refused_where_it_was_typed(spec, text, key):
    new, (message,) = apply(spec, Predict(text))
    assert new == spec and (message.level, message.key, message.where) == ("error", key, "predict")


def test_a_scalar_guess_counts_for_every_element():
    spec = replace(PREDICTING, x="[0.5, 1.0, -2.0]")
    new, (verdict,) = apply(spec, Predict("1"))  # the seed is ones
    assert verdict.key == "predict_right" and new.step == 4
    assert apply(spec, Predict("[1, 1, 2]"))[1][0].key == "predict_wrong"


@pytest.mark.parametrize("spec", [replace(PREDICTING, step=1), replace(PREDICTING, predict=False)])
def test_forward_calls_and_predict_mode_off_take_no_guess(spec):
    assert apply(spec, Predict("1")) == (spec, ())


def test_the_whole_backward_pass_predicted_right():
    spec = replace(PREDICTING, score=(0, 0))
    while spec.step < spec.total:
        spec, _ = apply(spec, Predict(repr(float(truth(spec.step)))))
    assert spec.score == (4, 4)


@pytest.mark.parametrize("book", ["07", "08"])
def test_in_07_and_08_each_grad_y_backward_sets_is_predicted_and_only_those(book):
    spec = replace(START, book=book, predict=True)
    asked = []
    while spec.step < spec.total:
        call = state.build_stepper(spec).next_call
        if call is None or call.kind is Kind.FORWARD:
            assert apply(spec, Predict("1")) == (spec, ())  # no guess taken: a plain step
            spec, _ = apply(spec, Step(1))
            continue
        truth = engine(step=calls().index(call.code) + 1).records[-1].gx
        spec, (verdict,) = apply(spec, Predict(repr(float(truth))))
        asked.append((verdict.key, verdict.args["target"]))
    assert asked == [("predict_right", c.target) for c in engine().timeline[len(BOOK) :]]
    assert repr(float(state.build_stepper(spec).chain.x.grad)) == BOOK_X_GRAD


def test_every_registry_function_can_be_added_and_run_to_the_end():
    for op in REGISTRY:
        spec, _ = apply(replace(START, ops=()), AddOp(op))
        spec, _ = apply(spec, GoTo(spec.total))
        stepper = state.build_stepper(spec)
        assert stepper.done and stepper.chain.ops == (op,)
