"""The lesson's graph as a Streamlit custom component (v2: in the page, no iframe).

``graph_element.js`` and ``graph_element.css`` (next to this file) are read once, at import.
The browser receives every state of the timeline at once (``graph_frames.payload``) and
steps itself; it reports its position as the state ``pos`` (``{"step", "chain", "seq"}``,
after a burst of presses has ended, with the ``key`` of the frames it holds) and, below 600 px
of width, ``narrow`` (the server then sends the vertical layout). On a run its own report
started, the server sends no frames when the element holds them (``data["frames"]`` None):
the element then asks for them, with ``need``, only if it has lost them (a fresh mount).
``data["seen"]`` is the ``seq`` of the last report the server saw: the element follows the
server's ``step`` only from a run that has seen its latest report (on a slow server the
answer to one report can arrive after the next was sent).
Once its graph is on screen it reports ``ready`` (then the page draws the panels of every
position: drawn with the page's first run, they held the graph back). It shows the panels
under the graph of its own position (``data["panels"]``, from
``follow.for_browser``): they change with the graph, in the same frame.
"""

from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
JS = (HERE / "graph_element.js").read_text(encoding="utf-8")
CSS = (HERE / "graph_element.css").read_text(encoding="utf-8")
KEY = "graph_element"  # the key of its state, which only session.py reads

_mount = st.components.v2.component("backprop_graph", js=JS, css=CSS, isolate_styles=False)


def mount(data, on_pos, on_narrow, on_need, on_ready):
    """Draw the element with ``data``; ``on_pos``/``on_narrow``/``on_need``/``on_ready`` run
    when the browser reports."""
    return _mount(
        data=data,
        key=KEY,
        default={"pos": None, "narrow": None, "need": None, "ready": None},
        on_pos_change=on_pos,
        on_narrow_change=on_narrow,
        on_need_change=on_need,
        on_ready_change=on_ready,
    )
