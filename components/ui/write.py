"""The "Write a Function" panel, and the warning under the lesson for a wrong backward.

Thin: the definitions come from the spec, the reading and the check from ``userfn``, every
change goes through ``session`` as a ``state.Define`` / ``Undefine`` / ``AddOp``. A function
is shown as the current book step's code would write it (``autograd.learner.source``).
"""

import streamlit as st

from autograd import learner
from autograd.expression import MAX_LENGTH

from ..i18n import N_, NP_, nt, t
from ..model import lessons, programs, state, userfn
from ..views import say
from . import session


def verdict_text(lang, name, verdict):
    """The check's verdict as a sentence; a right backward says at how many points it was
    compared, and whether the current x is among them (|x| at 0 is left out)."""
    if not verdict.ok:
        return t(lang, verdict.key, name=name, **verdict.params)
    count = verdict.params["count"]
    key = NP_("verdict_right") if verdict.params["current"] else NP_("verdict_right_skipped")
    return nt(lang, key, count, name=name, count=count)


def input_value(spec):
    """The x the check starts from: the lesson's first input, else 0.5."""
    lesson = lessons.of(spec)
    if lesson is not None and lesson.inputs:
        for item in lesson.items:
            for change in item.changes:
                if change.node == lesson.inputs[0] and change.field == "data":
                    return change.value
    return 0.5


def render(spec):
    lang = spec.lang
    st.subheader(t(lang, "write_header"))
    st.caption(t(lang, "write_intro"))
    st.caption(t(lang, "write_grammar", limit=MAX_LENGTH))
    session.show(lang, "write")  # a function deleted
    checked = {c.name: c for c in userfn.read_all(spec.defs)}
    verdicts = userfn.verdicts(spec.defs, input_value(spec))
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
        title = t(lang, "write_new")
        st.markdown(f"**{title}**" if new else f"**`{spec.defs[index][0]}`**")
        with st.form(key=f"def{index}_form", border=False, enter_to_submit=True):
            name, forward, backward = st.columns([1, 2, 2])
            # no max_chars: Streamlit drops a paste longer than it without a word; the
            # reader refuses a long text with a message that names the limit
            name.text_input(
                t(lang, "write_name"),
                key=session.def_key(index, "name"),
                placeholder="Cube",
            )
            forward.text_input(
                t(lang, "write_forward"),
                key=session.def_key(index, "forward"),
                placeholder="x ** 3",
            )
            backward.text_input(
                t(lang, "write_backward"),
                key=session.def_key(index, "backward"),
                placeholder="... * gy",  # the form, not an answer (an exercise may be Cube)
            )
            st.form_submit_button(
                t(lang, N_("write_define") if new else N_("write_save")),
                on_click=session.on_define,
                args=(index,),
            )
        for message in session.said(f"def{index}"):
            getattr(st, message.level)(say.text(lang, message))
        if new or checked is None:
            return
        if verdict is None:
            st.info(t(lang, "verdict_missing", name=checked.name))
        elif verdict.ok:
            st.success(verdict_text(lang, checked.name, verdict))
        elif verdict.undecided:
            st.warning(verdict_text(lang, checked.name, verdict))
        else:
            st.error(verdict_text(lang, checked.name, verdict))
        if checked.complete:
            st.code(learner.source(spec.book, [checked.learned]), language="python")
        row = st.container(horizontal=True, gap="small")
        chain = programs.read_chain(spec.program, spec.book)
        full = chain is None or len(chain.ops) >= state.MAX_FUNCTIONS
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


def flags(spec, lesson):
    """Under the lesson: each of the learner's functions the program calls whose backward is
    wrong (the graph draws it dashed red)."""
    used = {node.cls for node in lesson.functions if node.user}
    if not used:
        return
    verdicts = userfn.verdicts(spec.defs, input_value(spec))
    wrong = [
        name
        for name in sorted(used)
        if name in verdicts and not verdicts[name].ok and not verdicts[name].undecided
    ]
    for name in wrong:
        reason = verdict_text(spec.lang, name, verdicts[name])
        st.warning(t(spec.lang, "graph_wrong", name=name, reason=reason), icon="⚠️")
    if wrong:
        st.caption(t(spec.lang, "graph_wrong_note"))
