"""Projector mode: the graph, the code and the math sized for the back row at 1280x720.

The sidebar (the chain builder) is tucked away; one button brings it back.
"""

import streamlit as st

from . import session, state
from .i18n import t

CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem; max-width: 100%; }
/* The whole graph and what the last call did fit the first screen at 1280x720: no subtitle
   under the title, no label over the view switch. */
[data-testid="stElementContainer"]:has(h1)
  + [data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]) { display: none; }
.st-key-view_select [data-testid="stWidgetLabel"] { display: none; }
/* A code line wraps rather than hide its full-precision comment past the right edge. */
[data-testid="stCode"] code {
  font-size: 1.15rem !important; line-height: 1.4 !important; white-space: pre-wrap !important;
}
.katex { font-size: 1.55em !important; }
[data-testid="stMarkdownContainer"] p { font-size: 1.2rem; }
[data-testid="stCaptionContainer"] p { font-size: 1.05rem !important; }
[data-testid="stMarkdownContainer"] code, [data-testid="stCaptionContainer"] code {
  font-size: 0.95em !important;
}
h1 { font-size: 1.6rem !important; padding: 0 0 0.5rem !important; }
/* The Space-key twin of the Next button does its work unseen. */
.st-key-space_next { display: none; }
</style>
"""


def render(spec):
    """Apply the projector styles, with a way out of projector mode."""
    st.html(CSS)
    st.button(
        t(spec.lang, "projector_off"),
        key="projector_off",
        icon=":material/close_fullscreen:",
        on_click=session.act,
        args=(state.Toggle("projector", False),),
        type="tertiary",
    )
