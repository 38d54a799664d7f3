"""The sidebar: language, the switches, and the chain builder (the input x, the functions,
the chain, presets): the buttons write the book's lines of a chain into the program."""

import streamlit as st

from ..i18n import LANG_NAMES, LANGS, N_, t
from ..model import programs, state, userfn
from ..model.parse import MAX_ELEMENTS
from ..views import say
from . import session

_KEYS = (
    *(N_("projector"), N_("projector_help"), N_("predict"), N_("predict_help")),
    *(N_("move_up"), N_("move_down"), N_("remove")),
)


def render(spec):
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
        for option in state.OPTIONS:
            st.toggle(
                t(lang, option),
                key=f"{option}_toggle",
                help=t(lang, f"{option}_help"),
                on_change=session.on_widget,
                args=(f"{option}_toggle",),
            )
        chain = programs.read_chain(spec.program, spec.book)
        if chain is None:
            st.info(t(lang, "chain_not_program"))
        else:
            _input(spec)
        _functions(spec, chain)
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
    for message in session.said("input"):  # the text typed is not usable, or read so
        if message.level == "error":
            st.error(say.text(lang, message), icon="⚠️")
        else:
            getattr(st, message.level)(say.text(lang, message))


def _functions(spec, chain):
    lang = spec.lang
    learned = userfn.learned(spec.defs)
    ops = chain.ops if chain is not None else ()
    full = len(ops) >= state.MAX_FUNCTIONS
    st.subheader(t(lang, "add_header"))
    columns = st.columns(2)
    for i, op in enumerate(programs.offered(spec.book, learned)):
        columns[i % 2].button(
            f"\\+ {op}",
            key=f"add_{op}",
            help=t(lang, "add_help", name=op),
            on_click=session.act,
            args=(state.AddOp(op),),
            disabled=full or chain is None,
            width="stretch",
        )
    st.caption(t(lang, "write_hint"))  # the learner's own: the Write a Function panel
    if full:
        st.info(t(lang, "limit_reached", limit=state.MAX_FUNCTIONS))
    if chain is None:
        return
    st.subheader(t(lang, "chain_header", n=len(ops), limit=state.MAX_FUNCTIONS))
    if not ops:
        st.caption(t(lang, "chain_empty"))
    if spec.book < "09":
        names = programs.function_names(len(ops))
        labels = [f"{name} = {op}()" for name, op in zip(names, ops, strict=True)]
    else:
        variables = programs.variable_names(len(ops))
        labels = [
            f"{variables[i + 1]} = {op[0].lower() + op[1:]}({variables[i]})"
            for i, op in enumerate(ops)
        ]
    # One pick-then-act row instead of three buttons per node: 32 nodes stay one widget.
    picked = st.pills(
        t(lang, "chain_pick"),
        range(len(ops)),
        format_func=labels.__getitem__,
        key=session.NODE_PICK,
        label_visibility="collapsed",
    )
    row = st.container(horizontal=True, gap="small")
    last = len(ops) - 1
    for key, icon, disabled, action, offset in (
        ("move_up", ":material/arrow_upward:", picked in (None, 0), state.MoveOp, -1),
        ("move_down", ":material/arrow_downward:", picked in (None, last), state.MoveOp, 1),
        ("remove", ":material/close:", picked is None, state.RemoveOp, 0),
    ):
        row.button(
            t(lang, key),
            icon=icon,
            key=key,
            disabled=disabled or not ops,
            on_click=session.on_node_action,
            args=(action, offset),
        )
    if ops:
        st.button(t(lang, "clear"), key="clear", on_click=session.act, args=(state.Clear(),))


def _presets(spec):
    lang = spec.lang
    st.subheader(t(lang, "presets_header"))
    for name in state.CHAINS:
        st.button(
            t(lang, f"preset_{name}"),
            key=f"preset_{name}",
            width="stretch",
            on_click=session.act,
            args=(state.Preset(name),),
        )
    st.caption(t(lang, "presets_programs"))
    for name in state.PROGRAMS:
        st.button(
            t(lang, f"preset_{name}"),
            key=f"preset_{name}",
            width="stretch",
            on_click=session.act,
            args=(state.Preset(name),),
        )
    st.caption(t(lang, "presets_exercises"))
    for name in state.EXERCISES:
        st.button(
            t(lang, f"preset_{name}"),
            key=f"preset_{name}",
            width="stretch",
            on_click=session.act,
            args=(state.Preset(name),),
        )
