"""The computational graph, drawn by Graphviz in the browser from the DOT of ``graph``."""

import streamlit as st

from . import session, state
from .format import nonfinite
from .graph import build_dot
from .i18n import t


def render(spec, stepper):
    lang = spec.lang
    st.segmented_control(
        t(lang, "view_label"),
        state.VIEWS,
        format_func=lambda view: t(lang, f"view_{view}"),
        key="view_select",
        on_change=session.on_view,
        required=True,
    )
    chain = stepper.chain
    alt = t(lang, "graph_alt", chain=" → ".join(["x", *chain.function_names, "y"]))
    st.graphviz_chart(build_dot(stepper, spec.view, spec.projector), width="stretch", alt=alt)
    values = [v for var in chain.variables if var is not None for v in (var.data, var.grad)]
    if any(nonfinite(v) for v in values):
        st.warning(t(lang, "nonfinite_warning"), icon="⚠️")
