"""The "Write a Function" panel, and the warning under the graph for a wrong backward.

Thin: the definitions come from the spec, the reading and the check from ``userfn``, every
change goes through ``session`` as a ``state.Define`` / ``Undefine`` / ``AddOp``.
"""

import streamlit as st

from autograd.expression import MAX_LENGTH, MAX_NAME

from . import messages, session, state, userfn
from .i18n import t
from .parse import spec_input


def verdict_text(lang, name, verdict):
    return t(lang, verdict.key, name=name, **verdict.params)


def render(spec):
    lang = spec.lang
    st.subheader(t(lang, "write_header"))
    st.caption(t(lang, "write_intro"))
    st.caption(t(lang, "write_grammar", limit=MAX_LENGTH))
    session.show(lang, "write")  # a function deleted
    checked = {c.name: c for c in userfn.read_all(spec.defs)}
    verdicts = userfn.verdicts(spec.defs, spec_input(spec.x))
    for index, (name, _, _) in enumerate(spec.defs):
        _function(spec, index, checked.get(name), verdicts.get(name))
    if len(spec.defs) < userfn.MAX_DEFS:
        _function(spec, len(spec.defs), None, None)
    else:
        st.info(t(lang, "write_limit", limit=userfn.MAX_DEFS))


def _function(spec, index, checked, verdict):
    lang = spec.lang
    new = index == len(spec.defs)
    with st.container(border=True, key=f"def{index}_box"):
        st.markdown(f"**{t(lang, 'write_new')}**" if new else f"**`{spec.defs[index][0]}`**")
        with st.form(key=f"def{index}_form", border=False, enter_to_submit=True):
            name, forward, backward = st.columns([1, 2, 2])
            name.text_input(
                t(lang, "write_name"),
                key=session.def_key(index, "name"),
                placeholder="Cube",
                max_chars=MAX_NAME,
            )
            forward.text_input(
                t(lang, "write_forward"),
                key=session.def_key(index, "forward"),
                placeholder="x ** 3",
                max_chars=MAX_LENGTH,
            )
            backward.text_input(
                t(lang, "write_backward"),
                key=session.def_key(index, "backward"),
                placeholder="... * gy",  # the form, not an answer (an exercise may be Cube)
                max_chars=MAX_LENGTH,
            )
            st.form_submit_button(
                t(lang, "write_define" if new else "write_save"),
                on_click=session.on_define,
                args=(index,),
            )
        for message in session.said(f"def{index}"):
            getattr(st, message.level)(messages.text(lang, message))
        if new or checked is None:
            return
        if verdict is None:
            st.info(t(lang, "verdict_missing", name=checked.name))
        elif verdict.ok:
            st.success(verdict_text(lang, checked.name, verdict))
        elif verdict.key == "verdict_undefined":
            st.warning(verdict_text(lang, checked.name, verdict))
        else:
            st.error(verdict_text(lang, checked.name, verdict))
        st.code("\n".join(userfn.class_lines(checked)), language="python")
        row = st.container(horizontal=True, gap="small")
        full = len(spec.ops) >= state.MAX_FUNCTIONS
        row.button(
            f"\\+ {checked.name}",
            key=f"def{index}_add",
            help=t(lang, "write_add_help", name=checked.name),
            disabled=not checked.complete or full,
            on_click=session.act,
            args=(state.AddOp(checked.name),),
        )
        row.button(
            t(lang, "write_delete"),
            key=f"def{index}_delete",
            icon=":material/delete:",
            on_click=session.act,
            args=(state.Undefine(index),),
        )


def flags(spec, stepper):
    """Under the graph: each of the learner's functions in the chain whose backward is wrong."""
    chain = stepper.chain
    wrong = userfn.wrong_in_chain(chain)
    if not wrong:
        return
    verdicts = userfn.verdicts(spec.defs, chain.x.data)
    for i in sorted(wrong):
        op = chain.ops[i]
        reason = verdict_text(spec.lang, op, verdicts[op])
        fn = chain.function_names[i]
        st.warning(t(spec.lang, "graph_wrong", fn=fn, name=op, reason=reason), icon="⚠️")
    st.caption(t(spec.lang, "graph_wrong_note"))
