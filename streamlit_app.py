"""Backprop Explorer: step 06 of Deep Learning from Scratch 3, one call at a time.

This file only composes the panels; each lives in components/, and all of them are drawn
from one small spec (components/state.py) that also lives in the URL. The graph steps in the
browser; the panels under it are drawn for every position at once (components/follow.py), so
a call reruns only the graph's fragment, for the spec and the URL.
"""

import streamlit as st

from components import (
    a11y,
    backward_panel,
    builder,
    classroom_panels,
    code_panel,
    controls,
    follow,
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
def graph():
    """The graph: the browser steps it, and its report of where a burst of calls ended reruns
    only this, for the spec and the URL. The panels under it were drawn for every position
    (``follow``): the browser already shows the ones of its position."""
    spec = session.current()
    narrow = session.graph_narrow()  # below 600 px: the vertical layout
    # drawn for one position (before the graph was on screen, predict mode, a tab's buttons)
    # or for another width
    if not session.panels_follow(spec, narrow):
        session.restate_widgets()  # a widget still loading in the browser gets the spec
        st.rerun(scope="app")
    in_browser = graph_panel.render(spec, narrow)
    session.sync_url(spec)
    return in_browser


@st.fragment
def lesson():
    """The lesson: a switch or a button reruns this; a call the graph makes, only graph().
    Whether it was drawn in full: a link's first run draws the controls and the graph only."""
    spec = session.current()
    lang = spec.lang
    session.show(lang)
    start = state.build_stepper(state.at_start(spec))  # no call made: the walk below makes them
    if start is None:
        st.info(t(lang, "need_chain"))
        session.sync_url(spec)
        return True
    steps = state.drawn_steps(spec, session.graph_ready())
    session.mark_drawn(spec, steps)
    follow.style(spec)
    # a projector or a phone: the switch goes under the first screen (graph, narration)
    switch_below = spec.projector or session.graph_narrow()
    if not switch_below:
        backward_panel.book_switch(spec)
    top = st.container()  # drawn above the graph, filled after it: the graph's element
    in_browser = graph()  # reaches the browser first (its chunks load first)
    with top:
        # predict mode: Next waits for a prediction of the next call (drawn at one position)
        controls.render(spec, state.build_stepper(spec) if spec.predict else start)
        progress = st.container()
        graph_panel.switches(spec)
    # the places of what follows each call, filled below for every position (follow.py)
    places = [("progress", progress, controls.progress), ("call", st.container(), call)]
    if in_browser and session.opening():  # a link just opened: what is under the graph
        follow.each(spec, steps, places[:1])  # comes when the graph is on screen (ready)
        session.mark_drawn(spec, ())
        return False
    if switch_below:
        backward_panel.book_switch(spec)
    ndim = start.chain.x.data.ndim
    if spec.book == "06":
        code, math = st.columns([3, 2])
        with code:
            places.append(("code", code_panel.frame(spec), code_panel.body))
        with math:
            places.append(("math", math_panel.frame(spec, ndim), math_panel.body))
    else:  # 07 / 08: y.backward() line by line, beside step 06's program
        places.append(("code", st.container(), backward_panel.render_code))
        places.append(("math", math_panel.frame(spec, ndim), math_panel.body))
    if not spec.projector:  # secondary panels, tucked away on a projector
        if spec.book == "06":  # in 07 / 08 y.backward() makes the calls
            controls.manual(spec, start)
        places.append(("table", table_panel.frame(spec), table_panel.body))
        # Only the open tab runs: a call does not rebuild the other two.
        check, tangent, export = st.tabs(
            [t(lang, "check_header"), t(lang, "tangent_header"), t(lang, "exports_header")],
            key="more_tab",
            on_change="rerun",
        )
        if check.open:
            places.append(("check", check, classroom_panels.check_at))
        if tangent.open or export.open:  # a chart, download buttons: for this position only
            session.mark_drawn(spec, (min(spec.step, spec.total),))
            stepper = state.build_stepper(spec)  # they need the calls made
        if tangent.open:
            with tangent:
                classroom_panels.tangent_plot(spec, stepper, header=False)
        if export.open:
            with export:
                classroom_panels.exports(spec, stepper, header=False)
    follow.each(spec, steps, places)
    return True


def call(spec, stepper):
    """What the call just made did, under the graph."""
    graph_panel.warning(spec, stepper)
    write_panel.flags(spec, stepper)  # a learner's backward that fails the check
    controls.narration(spec, stepper)


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
in_full = lesson()
if in_full and not spec.projector:
    write_panel.render(spec)
builder.sidebar(spec, in_full)  # after the lesson: the graph is drawn first on opening the link
session.mark_opened()
