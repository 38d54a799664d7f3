"""Step 06's manual calls and predict mode, wired: the buttons and the form change the spec
as ``state.apply`` says, the element follows the server's move, the link follows both."""

from app.pages import assert_link_is_spec, lesson_of, link_value, said, spec, submit_named
from harness import element_data, exceptions, messages, new_app

from components.i18n import t
from components.model import programs, state

BOOK_06 = programs.chain_program(("Square", "Exp", "Square"), "0.5", "06")


def grad_points(lesson):
    """The positions just before an item that sets a grad."""
    return [
        i
        for i, item in enumerate(lesson.items)
        if any(c.field == "grad" and c.value is not None for c in item.changes)
    ]


def opened(query):
    at = new_app(query)
    at.session_state["manual_open"] = True
    return at.run()


def call(at, fn_id):
    at.button(key=f"manual_{fn_id}").click()
    return at.run()


def test_a_call_offered_for_each_function():
    at = opened({})
    lesson = lesson_of(BOOK_06, "06")
    keys = {b.key for b in at.button if b.key.startswith("manual_")}
    assert keys == {f"manual_{fn.id}" for fn in lesson.functions}


def test_calls_the_program_cannot_write_read_apart_by_the_graphs_names():
    program = (
        "x = Variable(np.array(2.0))\na = square(x)\ny = add(square(a), square(a))\n"
        "y.backward()\n"
    )
    at = opened({"book": "16", "p": program})
    lesson = lesson_of(program, "16")
    labels = [b.label for b in at.button if b.key.startswith("manual_")]
    assert len(labels) == len(lesson.functions) == len(set(labels)), labels
    outputs = {fn.id: lesson.node(lesson.outputs_of(fn.id)[0].dst) for fn in lesson.functions}
    unnamed = [fn for fn in lesson.functions if not outputs[fn.id].program]
    assert len(unnamed) == 2  # the two Squares of add(square(a), square(a)): t1, t2
    for fn in unnamed:
        label = at.button(key=f"manual_{fn.id}").label
        assert f"{fn.name}.backward({outputs[fn.id].name}.grad)" in label
        assert at.button(key=f"manual_{fn.id}").disabled  # never offered to be refused
    # a call is pressable exactly when the program can write it (Add's inputs t1, t2 cannot)
    codes = dict(state.manual_calls(spec(at)))
    for fn in lesson.functions:
        assert at.button(key=f"manual_{fn.id}").disabled == (codes[fn.id] is None), fn
    assert any(codes.values())
    why = t("en", "manual_unnamed", fn="Square, Add")  # each class once
    assert any(why in c.value for c in at.caption), [c.value for c in at.caption]


def test_a_call_before_the_forward_pass_is_refused_where_it_was_made():
    at = opened({})
    lesson = lesson_of(BOOK_06, "06")
    last = lesson.functions[-1].id
    at = call(at, last)
    assert spec(at).step == 0
    assert [m.key for m in said(at)] == ["err_forward_first"]
    assert [m.where for m in said(at)] == ["manual"]
    assert len(messages(at, "warning")) == 1
    assert exceptions(at) == []


def test_the_next_call_steps_to_its_line_and_the_element_follows():
    lesson = lesson_of(BOOK_06, "06")
    seeded = grad_points(lesson)[0] + 1  # y.grad = np.array(1.0) has run
    at = opened({"step": str(seeded)})
    moved = element_data(at)["moved"]
    # the output's creator: its grad is there
    creator = lesson.creator(lesson.outputs[0])
    at = call(at, creator)
    assert spec(at).step == seeded + 1
    assert link_value(at, "step") == str(seeded + 1)
    assert element_data(at)["step"] == seeded + 1
    assert element_data(at)["moved"] == moved + 1  # the server moved: the element goes there
    assert_link_is_spec(at)


def test_a_call_whose_output_grad_is_missing_names_who_sends_it():
    lesson = lesson_of(BOOK_06, "06")
    seeded = grad_points(lesson)[0] + 1
    at = opened({"step": str(seeded)})
    first = lesson.functions[0].id  # A: a.grad comes from B's backward
    at = call(at, first)
    assert spec(at).step == seeded
    (message,) = said(at)
    assert message.key == "err_missing_grad"
    assert message.args["producer"] == lesson.functions[1].name
    assert len(messages(at, "warning")) == 1


def test_a_call_the_program_does_not_make_is_written_into_it():
    program = (
        "A = Square()\nB = Exp()\nx = Variable(np.array(0.5))\na = A(x)\ny = B(a)\n"
        "y.grad = np.array(1.0)\n"
    )
    end = len(lesson_of(program, "06").items)
    at = opened({"p": program, "step": str(end)})
    at = call(at, "f1")
    held = spec(at)
    assert "a.grad = B.backward(y.grad)" in held.program.split("\n")
    assert [m.key for m in said(at)] == ["manual_written"]
    new = lesson_of(held.program, "06")
    assert held.step == len(new.items)  # the call has run
    assert element_data(at)["lesson"] == new.key
    assert exceptions(at) == []
    assert_link_is_spec(at)


# -- predict mode -----------------------------------------------------------------------------
PREDICT = programs.chain_program(("Square", "Exp"), "0.5", "09")


def predict_app():
    at = new_app({"book": "09", "p": PREDICT, "predict": "1"})
    lesson = lesson_of(PREDICT, "09")
    while not at.button(key="next").disabled:
        at.button(key="next").click().run()
    return at, lesson


def guessed(at, text, button="predict_button"):
    at.text_input(key="prediction").set_value(text)
    return submit_named(at, "predict_form", t("en", button))


def truth(lesson, position):
    (change,) = [
        c for c in lesson.items[position].changes if c.field == "grad" and c.value is not None
    ]
    return change.value


def test_next_stops_before_the_first_grad_and_the_form_asks_for_it():
    at, lesson = predict_app()
    first = grad_points(lesson)[0]
    assert spec(at).step == first
    assert element_data(at)["max_step"] == first
    assert at.text_input(key="prediction") is not None


def test_a_right_guess_is_scored_and_reveals_the_line():
    at, lesson = predict_app()
    here = spec(at).step
    at = guessed(at, repr(float(truth(lesson, here))))
    assert spec(at).step == here + 1
    assert spec(at).score == (1, 1)
    assert [m.key for m in said(at)] == ["predict_right"]
    assert len(messages(at, "success")) == 1
    assert element_data(at)["step"] == here + 1
    assert link_value(at, "step") == str(here + 1)
    assert link_value(at, "score") is None  # the score is not in the link


def test_a_wrong_guess_is_scored_and_a_bad_one_is_refused():
    at, lesson = predict_app()
    here = spec(at).step
    at = guessed(at, "abc")
    assert spec(at).step == here and spec(at).score == (0, 0)
    assert len(messages(at, "error")) == 1
    at = guessed(at, repr(float(truth(lesson, here)) + 1.0))
    assert spec(at).step == here + 1 and spec(at).score == (0, 1)
    assert [m.key for m in said(at)] == ["predict_wrong"]
    assert exceptions(at) == []


def test_skip_reveals_without_a_score():
    at, _ = predict_app()
    here = spec(at).step
    at = guessed(at, "", button="predict_skip")
    assert spec(at).step == here + 1 and spec(at).score == (0, 0)


def test_run_to_end_says_how_many_predictions_it_skips():
    at, lesson = predict_app()
    here = spec(at).step
    skipped = len([p for p in grad_points(lesson) if p >= here])
    at.button(key="run_end").click().run()
    assert spec(at).step == len(lesson.items)
    (message,) = said(at)
    assert message.key == "predict_skipped" and message.args["count"] == skipped
    assert len(messages(at, "info")) >= 1
    assert_link_is_spec(at)
