"""The learner's program as text: an editor under the lesson.

What is typed is read by the whitelist (``autograd.program``) when it is run: a program that
cannot be read stays in the editor with its message (line and column), and the last good
lesson stays on screen.
"""

import streamlit as st

from autograd import learner
from autograd.program import MAX_CHARS

from ..i18n import t
from ..model import state, userfn
from . import session


def render(spec):
    lang = spec.lang
    st.subheader(t(lang, "editor_header"))
    st.caption(t(lang, "editor_help", step=t(lang, "book_step", step=int(spec.book))))
    with st.form("program_form", border=False, enter_to_submit=False):
        st.text_area(
            t(lang, "editor_label"),
            key=session.PROGRAM,
            height=220,
            max_chars=MAX_CHARS,
            label_visibility="collapsed",
        )
        st.form_submit_button(
            t(lang, "editor_run"),
            type="primary",
            icon=":material/play_arrow:",
            on_click=session.on_widget,
            args=(session.PROGRAM,),
        )
    session.show(lang, "program")
    names = ", ".join(f"`{name}`" for name in _callables(spec))
    st.caption(t(lang, "editor_names", names=names))


def _callables(spec):
    from autograd import steps

    own = []
    for entry in userfn.learned(spec.defs):
        if entry.backward is not None:
            own.append(
                learner.function_name(entry.name)
                if learner.calls_functions(spec.book)
                else entry.name
            )
    return (*steps.book(spec.book).names, *own, "print")


__all__ = ["render", "state"]
