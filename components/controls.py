"""The stepper panel: next / back / run to end / reset, where we are, what the last call did,
and the learner's own choice of backward call."""

import streamlit as st

from autograd import Kind

from . import backward_panel, session, state
from .format import short
from .i18n import t


def render(spec, stepper):
    """The step buttons, for ``spec``'s position (``stepper``: the lesson's; at that position
    in predict mode, where Next waits for a prediction; else only its timeline is read)."""
    lang = spec.lang
    total = len(stepper.timeline)
    pos = min(spec.step, total)
    call = stepper.next_call if spec.predict else None
    predicting = spec.predict and call is not None and call.kind is not Kind.FORWARD
    row = st.container(horizontal=True)  # one block for the four, not four columns
    row.button(
        t(lang, "back"),
        key="back",
        shortcut="Left",
        disabled=pos == 0,
        on_click=session.act,
        args=(state.Step(-1),),
        width="stretch",
    )
    row.button(
        t(lang, "next"),
        key="next",
        shortcut="Right",
        disabled=pos == total or predicting,
        on_click=session.act,
        args=(state.Step(1),),
        width="stretch",
        type="primary",
    )
    row.button(
        t(lang, "run_end"),
        key="run_end",
        disabled=pos == total,
        on_click=session.act,
        args=(state.GoTo(total),),
        width="stretch",
    )
    row.button(
        t(lang, "reset"),
        key="reset",
        disabled=pos == 0,
        on_click=session.act,
        args=(state.GoTo(0),),
        width="stretch",
    )

    if spec.projector and not predicting:
        # A second way to advance for a presenter's clicker or space bar; hidden by CSS
        # (projector.py), it only lends the Next call its Space shortcut.
        with st.container(key="space_next"):
            st.button(
                t(lang, "next"),
                key="next_space",
                shortcut="Space",
                disabled=pos == total,
                on_click=session.act,
                args=(state.Step(1),),
            )


def progress(spec, stepper):
    """Where the lesson is: the position in the timeline and the pass."""
    lang = spec.lang
    total = len(stepper.timeline)
    pos = stepper.position
    automatic = spec.book != "06"  # steps 07 / 08: inside y.backward() are lines, not calls
    phase = t(lang, "phase_forward" if pos <= len(stepper.chain) else "phase_backward")
    if automatic and len(stepper.chain) + 1 < pos < total:
        phase = t(lang, "b_phase_inside")
    where = t(lang, "b_position" if automatic else "position", pos=pos, total=total)
    st.progress(pos / total, text=f"{where} · {phase}")


def narration(spec, stepper):
    """What the last call did, what comes next, and (predict mode) the learner's guess."""
    lang = spec.lang
    call = stepper.next_call
    predicting = spec.predict and call is not None and call.kind is not Kind.FORWARD
    if spec.book == "06":
        st.markdown(explain(lang, stepper))
    else:  # steps 07 / 08: step 06's sentence for a call, the running line's otherwise
        st.markdown(backward_panel.explain(lang, stepper, explain(lang, stepper.stepper)))
    if stepper.done:
        st.success(t(lang, "done", value=short(stepper.chain.x.grad)))
    else:
        keys = t(lang, "keys_help_projector" if spec.projector else "keys_help")
        upcoming = stepper.upcoming.code if spec.book != "06" else call.code
        st.caption(t(lang, "next_is", code=f"`{upcoming}`") + " · " + keys)
    if spec.predict:
        predict(spec, stepper, predicting)


def predict(spec, stepper, predicting):
    """Predict-then-reveal: ask for the grad the next call will compute."""
    lang = spec.lang
    right, asked = spec.score
    session.show(lang, "predict")
    st.markdown(f"**{t(lang, 'predict_score', right=right, asked=asked)}**")
    if not predicting:
        return
    call = stepper.next_call
    target = call.target
    with st.form("predict_form", clear_on_submit=True, border=True):
        code = f"`{call.code}`"
        if spec.book != "06" and stepper.upcoming is not call:  # 07 / 08: the line, the call
            code = f"`{stepper.upcoming.code}` (= {code})"
        st.markdown(t(lang, "predict_prompt", code=code, target=f"`{target}`"))
        if call.kind is Kind.SEED:
            st.caption(t(lang, "predict_seed_hint"))
        else:
            chain = stepper.chain
            i = call.index
            st.caption(
                t(
                    lang,
                    "predict_hint",
                    target=target,
                    F=chain.function_names[i],
                    inp=chain.variable_names[i],
                    out=chain.variable_names[i + 1],
                    gy=short(chain.variables[i + 1].grad),
                )
            )
        st.text_input(t(lang, "predict_label", target=target), key=session.PREDICTION)
        check, skip = st.columns(2)
        check.form_submit_button(
            t(lang, "predict_button"),
            type="primary",
            on_click=session.on_prediction,
            width="stretch",
        )
        skip.form_submit_button(
            t(lang, "predict_skip"),
            on_click=session.act,
            args=(state.Step(1),),
            width="stretch",
        )


def explain(lang, stepper):
    """What the last call did, in words, with its numbers."""
    chain = stepper.chain
    if not stepper.records:
        functions = ", ".join(f"`{n}`" for n in chain.function_names)
        return t(lang, "start_explain", functions=functions)
    record = stepper.records[-1]
    call = record.call
    code = f"`{call.code}`"
    if call.kind is Kind.SEED:
        return f"{code}  \n{t(lang, 'explain_seed')}"
    i = call.index
    names = dict(
        F=record.function,
        op=record.op,
        inp=chain.variable_names[i],
        out=chain.variable_names[i + 1],
    )
    if call.kind is Kind.FORWARD:
        text = t(lang, "explain_forward", x=short(record.x), y=short(record.y), **names)
    else:
        text = t(
            lang,
            "explain_backward",
            gy=short(record.gy),
            d=short(record.derivative),
            gx=short(record.gx),
            **names,
        )
    return f"{code}  \n{text}"


def manual(spec, stepper):
    """The seed and every backward call, to make in any order the learner likes."""
    lang = spec.lang
    box = st.expander(t(lang, "manual_header"), key="manual_open", on_change="rerun")
    if not box.open:  # closed, it costs a key press nothing
        return
    with box:
        st.caption(t(lang, "manual_help"))
        calls = stepper.timeline[len(stepper.chain) :]
        codes = {f"{call.kind.value}:{call.index}": call.code for call in calls}
        st.pills(
            t(lang, "manual_header"),
            list(codes),
            format_func=codes.__getitem__,
            key=session.MANUAL_PICK,
            on_change=session.on_manual_pick,
            label_visibility="collapsed",
        )
