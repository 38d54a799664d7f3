"""The lesson on the page: the graph element (graph and panels, stepped in the browser), and
what only Streamlit draws for the position the learner stopped at: predict mode's form, the
manual calls, the gradient check, the tangent and the exports.

``render()`` is one fragment: the element's report of its position reruns it alone, so the
spec, the URL and those parts follow the graph without redrawing the page.
"""

from functools import lru_cache

import streamlit as st

from ..format import short
from ..i18n import N_, t
from ..model import lessons, state, url, userfn
from ..views import panels
from ..views import render as graphviz
from . import element, session, tabs

RANKDIR = {False: "LR", True: "TB"}


@lru_cache(maxsize=1)
def renderer():
    return graphviz.find_renderer()


@lru_cache(maxsize=32)
def frames_json(program, book, defs, view, lang, projector, rankdir, gens=False):
    """The element's frames of one lesson and view, as JSON text (laid out once, here)."""
    lesson = lessons.lesson(program, book, defs).lesson
    program_ = renderer()
    failed = []

    def layout(dot):
        if not program_:
            return None
        try:
            return graphviz.render(dot, "svg", program_).decode("utf-8")
        except graphviz.ExportError as error:  # a graph too large to lay out in time
            failed.append(error)
            return None

    frames = panels.lesson_frames(
        lesson, view, lang, projector, rankdir, wrong_functions(lesson, defs), layout, gens
    )
    if frames["svg"] is None:  # what the element shows in the picture's place
        frames["note"] = (
            t(lang, "graph_not_drawn", reason=failed[0].message(lang))
            if failed
            else t(lang, "no_renderer")
        )
    return panels.as_json(frames)


def wrong_functions(lesson, defs):
    """The node ids of the learner's functions whose backward fails the check."""
    if not defs or not lesson.inputs:
        return frozenset()
    first = next(
        (
            c.value
            for item in lesson.items
            for c in item.changes
            if c.node == lesson.inputs[0] and c.field == "data"
        ),
        0.5,
    )
    names = userfn.wrong(defs, first)
    return frozenset(node.id for node in lesson.functions if node.user and node.cls in names)


def frames_key(spec, rankdir):
    return "/".join(
        (
            lessons.key(spec.program, spec.book, spec.defs),
            spec.view,
            spec.lang,
            "p" if spec.projector else "-",
            "g" if spec.gens else "-",
            rankdir,
        )
    )


def element_data(spec, lesson, frames, key, moved, max_step, rankdir):
    """The element's ``data`` (the contract is ``graph_element.js``'s)."""
    lang = spec.lang
    return {
        "key": key,
        "lesson": lesson.key,
        "frames": frames,
        "step": state.position(spec),
        "moved": moved,
        "max_step": max_step,
        "anim": spec.anim,
        "projector": spec.projector,
        "rankdir": rankdir,
        "url": "step",
        "labels": {
            "graph": t(lang, "graph_label"),
            "keys": t(lang, N_("keys_help_projector") if spec.projector else N_("keys_help")),
            "zoom_in": t(lang, "zoom_in"),
            "zoom_out": t(lang, "zoom_out"),
            "fit": t(lang, "zoom_fit"),
            "progress": t(lang, "progress_label"),
        },
    }


@st.fragment
def render():
    """The lesson's fragment: the element and what follows its position."""
    _render()
    # an action here changed what the page around shows (a manual call wrote a line into the
    # editor's program): the whole page runs too, once the fragment is drawn (stopped
    # before, its element would leave the page and come back)
    if session.page_behind():
        st.rerun(scope="app")


def _render():
    spec = session.current()
    lang = spec.lang
    lesson = lessons.of(spec)
    if lesson is None:  # not reachable: the spec only ever holds a program that reads
        st.error(t(lang, "program_unreadable"))
        return
    rankdir = RANKDIR[session.narrow()]
    key = frames_key(spec, rankdir)
    send = session.frames_to_send(key)
    frames = (
        frames_json(
            spec.program, spec.book, spec.defs, spec.view, lang, spec.projector, rankdir, spec.gens
        )
        if send
        else None
    )
    max_step = state.predict_stop(spec) if spec.predict else len(lesson.items)
    data = element_data(spec, lesson, frames, key, session.moved(), max_step, rankdir)
    element.mount(data, session.on_graph_pos, session.on_graph_need, session.on_graph_narrow)
    length = session.sync_url(spec)
    if length > url.LINK_MAX:
        st.warning(t(lang, "link_too_long", length=length, limit=url.LINK_MAX))
    if renderer() is None:
        st.warning(t(lang, "no_renderer"))
    if spec.predict:
        predict(spec, lesson)
    if spec.projector:
        return
    manual(spec, lesson)
    tabs.render(spec, lesson)


def predict(spec, lesson):
    """Predict, then reveal: the grad the next line sets, asked before it runs."""
    lang = spec.lang
    right, asked = spec.score
    session.show(lang, "predict")
    score = t(lang, "predict_score", right=right, asked=asked)
    st.markdown(f"**{score}**")
    change = state.predicted_change(spec)
    if change is None:
        return
    here = state.position(spec)
    item = lesson.items[here]
    from ..views.graph import lesson_line

    line = lesson_line(lesson, item)
    target = f"{lesson.node(change.node).name}.grad"
    with st.form("predict_form", clear_on_submit=True, border=True):
        st.markdown(t(lang, "predict_prompt", code=f"`{line}`", target=f"`{target}`"))
        st.text_input(t(lang, "predict_label", target=target), key=session.PREDICTION)
        check, skip = st.columns(2)
        check.form_submit_button(
            t(lang, "predict_button"),
            type="primary",
            on_click=session.on_prediction,
            width="stretch",
        )
        skip.form_submit_button(
            t(lang, "predict_skip"),
            on_click=session.act,
            args=(state.Reveal(),),
            width="stretch",
        )


def _unwritten(lesson, fn_id):
    """A call the program cannot write (it has not named the variables), told with the graph's
    names, so that two calls of one class (two Squares) read apart: Square.backward(t1.grad)."""
    outs = [lesson.node(e.dst).name for e in lesson.outputs_of(fn_id)]
    return f"{lesson.node(fn_id).name}.backward({', '.join(f'{o}.grad' for o in outs)})"


def manual(spec, lesson):
    """Make a call yourself, step 06's way: any function's backward, at this position."""
    lang = spec.lang
    box = st.expander(t(lang, "manual_header"), key="manual_open", on_change="rerun")
    session.show(lang, "manual")
    if not box.open:  # closed, it costs a key press nothing
        return
    with box:
        st.caption(t(lang, "manual_help"))
        inside = state.running_line(lesson, state.position(spec))
        if inside is not None:  # inside y.backward(): a call goes after the line has finished
            st.caption(t(lang, "manual_inside", line=inside.replace("`", "'")))
        calls = state.manual_calls(spec)
        if not calls:
            st.caption(t(lang, "manual_none"))
            return
        # one button per call (not a radio group): after a call, Tab reaches the next one
        row = st.container(horizontal=True, gap="small", key="manual_calls")
        unnamed = []
        for fn_id, code in calls:
            # a call the program cannot write (its variables have no names) is shown, told
            # apart by the graph's names, but cannot be pressed: the caption below says why
            if not code:
                unnamed.append(lesson.node(fn_id).name)
            label = code.split("\n")[0] if code else _unwritten(lesson, fn_id)
            row.button(
                f"`{label}`",  # code, not Markdown (a name like x_1 stays as typed)
                key=f"manual_{fn_id}",
                on_click=session.act,
                args=(state.ManualCall(fn_id),),
                disabled=not code,
            )
        if unnamed:
            names = t(lang, "graph_flag_separator").join(dict.fromkeys(unnamed))
            st.caption(t(lang, "manual_unnamed", fn=names))
        grads = {
            lesson.node(o).name: short(g)
            for o, g in lesson.state(state.position(spec)).grad.items()
            if g is not None
        }
        if grads:
            st.caption(", ".join(f"`{n}.grad = {v}`" for n, v in grads.items()))
