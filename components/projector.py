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
[data-testid="stCode"] code { font-size: 1.3rem !important; line-height: 1.4 !important; }
.katex { font-size: 1.55em !important; }
[data-testid="stMarkdownContainer"] p { font-size: 1.2rem; }
h1 { font-size: 1.6rem !important; padding: 0 !important; }
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
        on_click=session.change,
        args=(state.toggle, "projector"),
        type="tertiary",
    )
