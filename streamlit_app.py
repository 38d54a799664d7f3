"""Backprop Explorer: step 06 of Deep Learning from Scratch 3, one call at a time.

This file only composes the panels; each lives in components/, and all of them are drawn
from one small spec (components/state.py) that also lives in the URL.
"""

import streamlit as st

from components import (
    a11y,
    backward_panel,
    builder,
    classroom_panels,
    code_panel,
    controls,
    graph_panel,
    math_panel,
    projector,
    session,
    state,
    table_panel,
    write_panel,
)
from components.i18n import t


@st.fragment
def lesson():
    """Everything that changes with a call: a key press reruns this, not the whole page."""
    spec = session.current()
    lang = spec.lang
    session.show(lang)
    stepper = state.build_stepper(spec)
    if stepper is None:
        st.info(t(lang, "need_chain"))
    else:
        # a projector or a phone: the switch goes under the first screen (graph, narration)
        switch_below = spec.projector or session.graph_narrow()
        if not switch_below:
            backward_panel.book_switch(spec)
        top = st.container()  # drawn above the graph, filled after it: the graph's element
        graph_panel.render(spec, stepper)  # reaches the browser first (its chunks load first)
        with top:
            controls.render(spec, stepper)
        write_panel.flags(spec, stepper)  # a learner's backward that fails the check
        controls.narration(spec, stepper)
        if switch_below:
            backward_panel.book_switch(spec)
        if spec.book == "06":
            code, math = st.columns([3, 2])
            with code:
                code_panel.render(spec, stepper)
            with math:
                math_panel.render(spec, stepper)
        else:  # 07 / 08: y.backward() line by line, beside step 06's program
            backward_panel.render_code(spec, stepper)
            math_panel.render(spec, stepper)
        if not spec.projector:  # secondary panels, tucked away on a projector
            if spec.book == "06":  # in 07 / 08 y.backward() makes the calls
                controls.manual(spec, stepper)
            table_panel.render(spec, stepper)
            # Only the open tab runs: a key press does not rebuild the other two.
            check, tangent, export = st.tabs(
                [t(lang, "check_header"), t(lang, "tangent_header"), t(lang, "exports_header")],
                key="more_tab",
                on_change="rerun",
            )
            if check.open:
                with check:
                    classroom_panels.gradient_check(spec, stepper, header=False)
            if tangent.open:
                with tangent:
                    classroom_panels.tangent_plot(spec, stepper, header=False)
            if export.open:
                with export:
                    classroom_panels.exports(spec, stepper, header=False)
    session.sync_url(spec)


spec = session.current()
# The tab's title in the learner's language; an emoji icon, drawn by the browser itself: a
# ":material/...:" icon is fetched from a font server on the internet, on every run.
st.set_page_config(page_title=t(spec.lang, "title"), page_icon="🧮", layout="wide")
if spec.projector:
    projector.render(spec)
backward_panel.style()
st.title(t(spec.lang, "title"))
st.caption(t(spec.lang, "subtitle"))
a11y.style(spec.lang)
lesson()
if not spec.projector:
    write_panel.render(spec)
builder.sidebar(spec)  # after the lesson: the graph is drawn first on opening the link
