"""The computational graph: one layout per lesson, stepped in the browser (graph_element)."""

import streamlit as st

from . import export, follow, graph_element, graph_frames, session, state
from .format import nonfinite
from .graph import build_dot
from .i18n import t


def style():
    """Kept for the page's composition: the graph element brings its own styles."""


def render(spec, narrow):
    """The graph at ``spec``'s position (the browser steps it from there), laid out for a
    screen ``narrow`` or not; whether it is the element that steps in the browser (else, on
    a server without a Graphviz program, Streamlit's chart). No call is replayed: the frames
    hold every position (only a server without Graphviz replays them)."""
    lang = spec.lang
    chain = state.build_stepper(state.at_start(spec)).chain
    step = min(spec.step, spec.total)
    alt = t(lang, "graph_alt", chain=" → ".join(["x", *chain.function_names, "y"]))
    rankdir = "TB" if narrow else "LR"
    try:  # every book step: 07 / 08 step through y.backward(), with step 07's links
        frames = graph_frames.frames(
            chain.ops,
            chain.x.data,
            spec.view,
            spec.projector,
            lang,
            rankdir,
            spec.defs,
            spec.book,
        )
    except export.ExportError:  # no Graphviz program on the server: Streamlit's chart
        stepper = state.build_stepper(spec)  # (07 / 08: with the links)
        dot = build_dot(stepper, spec.view, spec.projector, lang)
        st.graphviz_chart(dot, width="stretch", alt=alt)
        return False
    else:
        n = len(chain)
        data = graph_frames.payload(
            frames,
            step,
            anim=spec.anim,
            projector=spec.projector,
            max_step=n if spec.predict else None,  # predict mode: the form reveals the rest
            labels={
                "graph": alt,
                "keys": t(lang, "graph_keys"),
                "fit": t(lang, "graph_fit"),
                "zoom_in": t(lang, "graph_zoom_in"),
                "zoom_out": t(lang, "graph_zoom_out"),
            },
        )
        data["rankdir"] = rankdir
        data["seen"] = session.graph_seen()
        data["local_buttons"] = not spec.predict
        data["panels"] = follow.for_browser()  # the panels under the graph follow it
        if session.graph_holds(data["key"]):  # its own report: the browser has these frames
            data["frames"] = None  # 18 KB for the book's chain, 180 KB at 32 functions
        graph_element.mount(
            data,
            session.on_graph_pos,
            session.on_graph_narrow,
            session.on_graph_need,
            session.on_graph_ready,
        )
        return True


def switches(spec):
    """The view switch and the animation switch, over the graph."""
    lang = spec.lang
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.segmented_control(
            t(lang, "view_label"),
            state.VIEWS,
            format_func=lambda view: t(lang, f"view_{view}"),
            key="view_select",
            on_change=session.on_widget,
            args=("view_select",),
            required=True,
        )
        st.toggle(
            t(lang, "anim_label"),
            key="anim_toggle",
            help=t(lang, "anim_help"),
            on_change=session.on_widget,
            args=("anim_toggle",),
        )


def warning(spec, stepper):
    """Under the graph: a non-finite value, where the ⚠ flags on the graph come from."""
    chain = stepper.chain
    values = [v for var in chain.variables if var is not None for v in (var.data, var.grad)]
    if any(nonfinite(v) for v in values):
        st.warning(t(spec.lang, "nonfinite_warning"), icon="⚠️")
