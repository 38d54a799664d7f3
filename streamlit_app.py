"""Backprop Explorer: step 06 of Deep Learning from Scratch 3, one call at a time.

This file only composes the panels; each lives in components/, and all of them are drawn
from one small spec (components/state.py) that also lives in the URL.
"""

import streamlit as st

from components import (
    builder,
    classroom_panels,
    code_panel,
    controls,
    graph_panel,
    math_panel,
    projector,
    session,
    table_panel,
)
from components.i18n import t

st.set_page_config(
    page_title="Backprop Explorer", page_icon=":material/account_tree:", layout="wide"
)

spec = session.current()
lang = spec.lang
builder.sidebar(spec)
if spec.projector:
    projector.render(spec)

st.title(t(lang, "title"))
st.caption(t(lang, "subtitle"))
session.show_messages(lang)

stepper = session.stepper(spec)
if stepper is None:
    st.info(t(lang, "need_chain"))
else:
    controls.render(spec, stepper)
    graph_panel.render(spec, stepper)
    controls.narration(spec, stepper)
    code, math = st.columns([3, 2])
    with code:
        code_panel.render(spec, stepper)
    with math:
        math_panel.render(spec, stepper)
    if not spec.projector:  # secondary panels, tucked away on a projector
        controls.manual(spec, stepper)
        table_panel.render(spec, stepper)
        check, tangent, export = st.tabs(
            [t(lang, "check_header"), t(lang, "tangent_header"), t(lang, "exports_header")]
        )
        with check:
            classroom_panels.gradient_check(spec, stepper, header=False)
        with tangent:
            classroom_panels.tangent_plot(spec, stepper, header=False)
        with export:
            classroom_panels.exports(spec, stepper, header=False)

session.sync_url(spec)
