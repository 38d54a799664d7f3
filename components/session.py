"""The link between Streamlit and the spec: one spec per browser session, in session_state.

Callbacks (buttons, fields) turn the current spec into a new one with the pure functions of
``state``; the script then redraws every panel from it and writes it into the URL.
"""

from dataclasses import replace

import streamlit as st

from autograd import ForwardNotDoneError, MissingGradError

from . import graph_element, graph_frames, state
from .format import short
from .i18n import from_locale, t

SPEC = "spec"
MESSAGES = "messages"  # shown once, on the next run: [(level, key, args)]
INPUT_ERROR = "input_error"  # the text field holds something unusable: (key, args)
X_FIELD = "x_text"
NODE_PICK = "node_pick"  # the node of the chain picked for move up / down / remove
MANUAL_PICK = "manual_pick"  # the call the learner picked to make by hand
PREDICTION = "prediction"
PREDICT_VERDICT = "predict_verdict"  # (level, key, args): the answer to a guess, shown once


def current():
    """This session's spec; on its first run, read from the URL and the browser's language."""
    if SPEC not in st.session_state:
        params = {name: st.query_params.get_all(name) for name in st.query_params}
        spec, warnings = state.from_query(params, from_locale(st.context.locale))
        st.session_state[SPEC] = spec
        st.session_state[MESSAGES] = [
            ("warning", key, {name: _literal(value) for name, value in args.items()})
            for key, args in warnings
        ]
        _sync_widgets(spec)
    return st.session_state[SPEC]


def code_span(text):
    """Text from the user (the URL, the input field) as a Markdown code span.

    Messages are rendered as Markdown: a tampered link's value such as
    ``![x](http://evil/img.png)`` or ``**bold**`` must be shown as typed, never rendered.
    Backticks (which would close the span) and line breaks or other control characters
    (a blank line would end it) become harmless look-alikes.
    """
    text = "".join(c if c.isprintable() else " " for c in str(text)).replace("`", "'")
    return f"`{text}`"


def _literal(value):
    """A URL warning's argument: strings (values copied from the link) as code spans."""
    return code_span(value) if isinstance(value, str) else value


def stepper(spec):
    return state.build_stepper(spec)


def sync_url(spec):
    """Write the spec into the address bar, so the link reproduces this screen."""
    wanted = state.to_query(spec)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def show_messages(lang):
    """Show (once) what the last action had to say."""
    for level, key, args in st.session_state.pop(MESSAGES, []):
        getattr(st, level)(message(lang, key, args))


def message(lang, key, args):
    args = dict(args)
    if "reason" in args:  # a nested message, e.g. why the URL's x was refused
        reason_key, reason_args = args["reason"]
        args["reason"] = t(lang, reason_key, **reason_args)
    return t(lang, key, **args)


def say(level, key, **args):
    st.session_state.setdefault(MESSAGES, []).append((level, key, args))


def _verdict(level, key, **args):
    """Predict mode's answer to a guess, shown once by the form where it was typed: at the top
    of the page, with the other messages, it was out of sight of a learner at the form."""
    st.session_state[PREDICT_VERDICT] = (level, key, args)


def show_verdict(lang):
    verdict = st.session_state.pop(PREDICT_VERDICT, None)
    if verdict is not None:
        level, key, args = verdict
        getattr(st, level)(message(lang, key, args))


def _set(spec, reset_note=True):
    old = st.session_state[SPEC]
    if reset_note and (spec.ops, spec.x) != (old.ops, old.x) and old.step:
        say("info", "steps_reset")
    st.session_state[SPEC] = spec
    _sync_widgets(spec)


def _sync_widgets(spec):
    st.session_state[X_FIELD] = spec.x
    st.session_state["lang_select"] = spec.lang
    st.session_state["view_select"] = spec.view
    st.session_state["projector_toggle"] = spec.projector
    st.session_state["predict_toggle"] = spec.predict
    st.session_state["anim_toggle"] = spec.anim
    st.session_state.pop(INPUT_ERROR, None)


# -- callbacks ------------------------------------------------------------------------------
def edit_node(offset):
    """Move the picked node up (-1) or down (+1), or remove it (0)."""
    index = st.session_state.get(NODE_PICK)
    spec = st.session_state[SPEC]
    if index is None or not 0 <= index < len(spec.ops):
        return
    if offset:
        _set(state.move_op(spec, index, offset))
        st.session_state[NODE_PICK] = max(0, min(index + offset, len(spec.ops) - 1))
    else:
        _set(state.remove_op(spec, index))
        st.session_state[NODE_PICK] = None


def change(function, *args):
    """Apply one of ``state``'s pure changes to this session's spec."""
    _set(function(st.session_state[SPEC], *args))


def step_by(offset):
    spec = st.session_state[SPEC]
    _set(state.go(spec, spec.step + offset))


def go_to(step):
    _set(state.go(st.session_state[SPEC], step))


def graph_narrow():
    """The graph element reported a screen narrower than 600 px (vertical layout)."""
    value = st.session_state.get(graph_element.KEY) or {}
    return value.get("narrow") is True


def on_graph_pos():
    """The graph element reports where a burst of presses ended: the spec follows it."""
    value = (st.session_state.get(graph_element.KEY) or {}).get("pos")
    spec = st.session_state[SPEC]
    if not isinstance(value, dict) or not spec.ops:
        return
    step = value.get("step")
    if not isinstance(step, int) or isinstance(step, bool) or not 0 <= step <= spec.total:
        return
    try:
        chain = graph_frames.chain_key(spec.ops, state.parse_input(spec.x))
    except state.InputError:
        return
    if value.get("chain") != chain:  # a position of a chain this session no longer shows
        return
    if spec.predict and step > spec.step:  # predict mode: only forward calls, the form reveals
        step = max(spec.step, min(step, len(spec.ops)))
    if step != spec.step:
        go_to(step)


def on_graph_narrow():
    """The next run lays the graph out for the width the element reported."""


def on_input():
    text = st.session_state[X_FIELD]
    spec = st.session_state[SPEC]
    try:
        new = state.set_input(spec, text)
    except state.InputError as error:
        st.session_state[INPUT_ERROR] = (error.key, error.params)
        return
    _set(new)


def on_lang():
    spec = st.session_state[SPEC]
    st.session_state[SPEC] = replace(spec, lang=st.session_state["lang_select"] or spec.lang)


def on_view():
    spec = st.session_state[SPEC]
    st.session_state[SPEC] = replace(spec, view=st.session_state["view_select"] or spec.view)


def on_toggle(option):
    spec = st.session_state[SPEC]
    if st.session_state[f"{option}_toggle"] != getattr(spec, option):
        st.session_state[SPEC] = state.toggle(spec, option)


def on_prediction():
    """Score the learner's guess of the next grad, then reveal the call."""
    spec = st.session_state[SPEC]
    engine = state.build_stepper(spec)
    record = engine.step()
    text = st.session_state.get(PREDICTION, "")
    try:
        right, new = state.check_prediction(spec, text, record.gx)
    except state.InputError as error:
        _verdict("error", error.key, **error.params)
        return
    target = record.call.target
    value = short(record.gx)
    if right:
        _verdict("success", "predict_right", target=target, value=value)
    else:
        _verdict(
            "error",
            "predict_wrong",
            target=target,
            value=value,
            guess=short(state.parse_input(text)),
        )
    st.session_state[SPEC] = new


def load_preset(name):
    _set(state.load_preset(st.session_state[SPEC], name), reset_note=False)
    say("success", "preset_loaded", name=t(st.session_state[SPEC].lang, f"preset_{name}"))


def on_manual_pick():
    """A call picked in the 'make a call yourself' list: make it, then clear the pick."""
    picked = st.session_state.get(MANUAL_PICK)
    st.session_state[MANUAL_PICK] = None
    if picked is not None:
        kind, index = picked.split(":")
        manual(kind, int(index))


def manual(kind, index):
    """The learner makes one call of their choice: the seed or a function's backward."""
    spec = st.session_state[SPEC]
    engine = state.build_stepper(spec)
    before = engine.position
    try:
        record = engine.seed() if kind == "seed" else engine.call_backward(index)
    except MissingGradError as error:
        key = "err_missing_seed" if error.seed else "err_missing_grad"
        call = f"{error.function}.backward({error.needed}.grad)"
        say("warning", key, call=call, needed=error.needed, producer=error.producer)
        return
    except ForwardNotDoneError as error:
        say("warning", "err_forward_first", code=error.code, forward=error.forward_code)
        return
    if engine.position == before:
        target = record.call.target
        say("info", "repeat_call", code=record.code, value=f"{target} = {short(record.gx)}")
        return
    _set(state.go(spec, engine.position))
