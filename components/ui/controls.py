"""Over the graph: the book step, the step buttons, the view and the animation switch; and
what this book step changed from the one before it.

The step buttons are Streamlit's own, so they work with or without the graph element; the
element catches their clicks and keys first and steps without a round trip to the server.
"""

import difflib

import streamlit as st

from autograd import steps

from ..i18n import N_, t
from ..model import lessons, state
from ..views import panels
from . import session

_KEYS = (
    *(N_("view_stacked"), N_("view_code"), N_("view_forward")),
    *(N_("book_about_06"), N_("book_about_07"), N_("book_about_08"), N_("book_about_09")),
    *(N_("book_about_13"), N_("book_about_14"), N_("book_about_16"), N_("book_about_18")),
    *(N_("book_about_20"), N_("book_about_21"), N_("book_about_22")),
)


def book_switch(spec):
    """The book step whose code runs the program: 06 (manual calls) to 22 (operators)."""
    lang = spec.lang
    st.segmented_control(
        t(lang, "book_label"),
        state.BOOKS,
        format_func=lambda book: t(lang, "book_short", step=int(book)),
        key="book_select",
        on_change=session.on_widget,
        args=("book_select",),
        required=True,
        help=t(lang, "book_help"),
    )


def changes(spec):
    """What this step's code changed from the step before it in the switch: the lines that
    differ, as a diff of the two files' definitions."""
    lang = spec.lang
    index = state.BOOKS.index(spec.book)
    title = t(lang, "book_changes", step=t(lang, "book_step", step=int(spec.book)))
    with st.expander(title, key="changes_open", on_change="rerun") as box:
        if not box.open:
            return
        st.caption(t(lang, f"book_about_{spec.book}"))
        if index == 0:
            st.code(steps.book(spec.book).definitions, language="python")
            return
        before = steps.book(state.BOOKS[index - 1])
        after = steps.book(spec.book)
        diff = difflib.unified_diff(
            before.definitions.splitlines(),
            after.definitions.splitlines(),
            f"step{before.step}.py",
            f"step{after.step}.py",
            lineterm="",
            n=1,
        )
        st.code("\n".join(diff), language="diff")


def buttons(spec, total):
    """Back, Next, Run to end, Reset (the element steps them in the browser)."""
    lang = spec.lang
    pos = state.position(spec)
    stop = state.predict_stop(spec) if spec.predict else total
    row = st.container(horizontal=True)
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
        disabled=pos >= stop,
        on_click=session.act,
        args=(state.Step(1),),
        width="stretch",
        type="primary",
    )
    row.button(
        t(lang, "run_end"),
        key="run_end",
        # in predict mode the press is the server's (it counts the predictions skipped), and the
        # element moves the position without drawing this button again: never drawn disabled
        # (React would drop the press), the element greys it at the end
        disabled=pos == total and not spec.predict,
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


def switches(spec):
    """The view switch and the animation switch, over the graph."""
    lang = spec.lang
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.segmented_control(
            t(lang, "view_label"),
            state.VIEWS,
            format_func=lambda view: t(lang, f"view_{view}"),
            key="view_select",
            on_change=session.on_widget,
            args=("view_select",),
            required=True,
        )
        st.toggle(
            t(lang, "anim_label"),
            key="anim_toggle",
            help=t(lang, "anim_help"),
            on_change=session.on_widget,
            args=("anim_toggle",),
        )
        lesson = lessons.of(spec)
        if lesson is not None and panels.has_generation(lesson):  # step 16 on
            st.toggle(
                t(lang, "gens_label"),
                key="gens_toggle",
                help=t(lang, "gens_help"),
                on_change=session.on_widget,
                args=("gens_toggle",),
            )
