"""The computational graph, drawn by Graphviz in the browser from the DOT of ``graph``."""

import streamlit as st

from . import session, state
from .format import nonfinite
from .graph import FONT_SIZE, PROJECTOR_FONT_SIZE, dot_for
from .i18n import t

# Streamlit's theme sets every descendant's font (".st-emotion-cache-… * { font-family }"),
# which beats the font-family attributes Graphviz writes into the SVG: without this the
# code names (Courier) and math names (Times-Italic) of graph.py came out in the UI's sans.
# The same rule sets their size (0.6rem): every text came out at 9.6 px, in nodes sized for
# 12 (for 22 on a projector, where the graph's text was then smaller than in normal mode).
# In an SVG a CSS px is one user unit, the unit of Graphviz's font-size attribute.
SVG_TEXT = '[data-testid="stGraphVizChart"] svg text'
FONT_SIZE_CSS = "".join(
    f'{SVG_TEXT}[font-size="{size:.2f}"] {{ font-size: {size}px; }}\n'
    for size in (FONT_SIZE, PROJECTOR_FONT_SIZE)
)
FONT_CSS = f"""
<style>
[data-testid="stGraphVizChart"] svg text[font-family^="Courier"] {{
  font-family: Courier, "Courier New", "Liberation Mono", monospace;
}}
[data-testid="stGraphVizChart"] svg text[font-family^="Times"] {{
  font-family: Times, "Times New Roman", "Liberation Serif", serif;
}}
{FONT_SIZE_CSS}</style>
"""


def style():
    """The graph's fonts, once per page (outside the lesson's fragment, which reruns alone)."""
    st.html(FONT_CSS)


def render(spec, stepper):
    lang = spec.lang
    st.segmented_control(
        t(lang, "view_label"),
        state.VIEWS,
        format_func=lambda view: t(lang, f"view_{view}"),
        key="view_select",
        on_change=session.on_widget,
        args=("view_select",),
        required=True,
    )
    chain = stepper.chain
    alt = t(lang, "graph_alt", chain=" → ".join(["x", *chain.function_names, "y"]))
    dot = dot_for(stepper, spec.view, spec.projector, lang)
    st.graphviz_chart(dot, width="stretch", alt=alt)
    values = [v for var in chain.variables if var is not None for v in (var.data, var.grad)]
    if any(nonfinite(v) for v in values):
        st.warning(t(lang, "nonfinite_warning"), icon="⚠️")
