"""Projector mode: the same panels, sized for the back row of a classroom at 1280x720."""

import streamlit as st

CSS = """
<style>
/* Code and math large enough to read from the back row. */
[data-testid="stCode"] code { font-size: 1.35rem !important; line-height: 1.45 !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stCaptionContainer"] {
  font-size: 1.25rem !important;
}
.katex { font-size: 1.7em !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
h1 { font-size: 2rem !important; }
/* The Space-key twin of the Next button does its work unseen. */
.st-key-space_next { display: none; }
</style>
"""


def style():
    st.html(CSS)
