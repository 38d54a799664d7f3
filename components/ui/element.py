"""The lesson's graph element: a Streamlit custom component (v2: in the page, no iframe).

``graph_element.js`` and ``graph_element.css`` (next to this file) are read once, at import;
the JS states the data contract. The element gets the whole lesson at once (the frames:
``components.views.panels.lesson_frames``) and steps it in the browser, graph and panels in
the same frame; it reports where a burst of presses ended (``pos``), asks for frames it lost
(``need``) and says when it is narrower than 600 px (``narrow``).

``mount`` adds the server session's id to ``data`` (``session``): a page that outlives its
session (the server restarted, or another replica took it) then tells the new session the
position on its screen.
"""

import hashlib
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

HERE = Path(__file__).resolve().parent
JS = (HERE / "graph_element.js").read_text(encoding="utf-8")
CSS = (HERE / "graph_element.css").read_text(encoding="utf-8")
KEY = "graph_element"  # the key of its state, which only session.py reads

_mount = st.components.v2.component("backprop_lesson", js=JS, css=CSS, isolate_styles=False)


def session_id():
    """A short id of this server session (not its secret id: a hash of it)."""
    ctx = get_script_run_ctx()
    found = ctx.session_id if ctx is not None else ""
    return hashlib.sha256(found.encode()).hexdigest()[:12]


def mount(data, on_pos, on_need, on_narrow):
    """Draw the element with ``data``; the callbacks run when the browser reports."""
    return _mount(
        data={**data, "session": session_id()},
        key=KEY,
        default={"pos": None, "need": None, "narrow": None},
        on_pos_change=on_pos,
        on_need_change=on_need,
        on_narrow_change=on_narrow,
    )
