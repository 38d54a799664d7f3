"""The sidebar: language, the input x, the functions of the chain, and presets."""

import streamlit as st

from autograd import REGISTRY, function_names

from . import messages, session, state, userfn
from .i18n import LANG_NAMES, LANGS, t
from .parse import MAX_ELEMENTS


def sidebar(spec, in_full=True):
    """The language, the options, the input and the chain. When a link opens, the page's
    first run draws the language only (``in_full`` False): the sidebar has its width, so the
    graph does not move when the rest comes, a moment later."""
    lang = spec.lang
    with st.sidebar:
        st.selectbox(
            t(lang, "language"),
            LANGS,
            format_func=LANG_NAMES.get,
            key="lang_select",
            on_change=session.on_widget,
            args=("lang_select",),
        )
        if not in_full:
            return
        for option in state.OPTIONS:
            st.toggle(
                t(lang, option),
                key=f"{option}_toggle",
                help=t(lang, f"{option}_help"),
                on_change=session.on_widget,
                args=(f"{option}_toggle",),
            )
        _input(spec)
        _functions(spec)
        _presets(spec)


def _input(spec):
    lang = spec.lang
    st.text_input(
        t(lang, "input_label"),
        key="x_text",
        help=t(lang, "input_help", limit=MAX_ELEMENTS),
        on_change=session.on_widget,
        args=("x_text",),
    )
    for message in session.said("input"):  # the text typed is not usable
        st.error(messages.text(lang, message), icon="⚠️")
        st.caption(t(lang, "input_kept", x=messages.code_span(messages.clip(spec.x, 60))))


def _functions(spec):
    lang = spec.lang
    full = len(spec.ops) >= state.MAX_FUNCTIONS
    st.subheader(t(lang, "add_header"))
    columns = st.columns(2)
    for i, op in enumerate([*REGISTRY, *userfn.registry(spec.defs)]):  # and the learner's
        columns[i % 2].button(
            f"\\+ {op}",
            key=f"add_{op}",
            help=t(lang, "add_help", name=op),
            on_click=session.act,
            args=(state.AddOp(op),),
            disabled=full,
            width="stretch",
        )
    st.caption(t(lang, "write_hint"))  # the learner's own: the Write a Function panel
    if full:
        st.info(t(lang, "limit_reached", limit=state.MAX_FUNCTIONS))

    st.subheader(t(lang, "chain_header", n=len(spec.ops), limit=state.MAX_FUNCTIONS))
    if not spec.ops:
        st.caption(t(lang, "chain_empty"))
    names = function_names(len(spec.ops))
    labels = [f"{name} = {op}()" for name, op in zip(names, spec.ops, strict=True)]
    # One pick-then-act row instead of three buttons per node: 32 nodes stay one widget.
    picked = st.pills(
        t(lang, "chain_pick"),
        range(len(spec.ops)),
        format_func=labels.__getitem__,
        key=session.NODE_PICK,
        label_visibility="collapsed",
    )
    row = st.container(horizontal=True, gap="small")
    last = len(spec.ops) - 1
    for key, icon, disabled, action, offset in (
        ("move_up", ":material/arrow_upward:", picked in (None, 0), state.MoveOp, -1),
        ("move_down", ":material/arrow_downward:", picked in (None, last), state.MoveOp, 1),
        ("remove", ":material/close:", picked is None, state.RemoveOp, 0),
    ):
        row.button(
            t(lang, key),
            icon=icon,
            key=key,
            disabled=disabled or not spec.ops,
            on_click=session.on_node_action,
            args=(action, offset),
        )
    if spec.ops:
        st.button(t(lang, "clear"), key="clear", on_click=session.act, args=(state.Clear(),))


def _presets(spec):
    lang = spec.lang
    st.subheader(t(lang, "presets_header"))
    for name in [*state.PRESETS, *state.EXERCISES]:
        st.button(
            t(lang, f"preset_{name}"),
            key=f"preset_{name}",
            width="stretch",
            on_click=session.act,
            args=(state.Preset(name),),
        )
