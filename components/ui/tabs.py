"""The lower tabs: the gradient check, the tangent, the exports (for the position shown).

Only the open tab is built (``on_change="rerun"``: a closed tab costs a run nothing). The
work is done by the pure views ``check`` and ``export``; every visible string comes from
``i18n.t``.
"""

from functools import lru_cache

import numpy as np
import pyarrow as pa  # Streamlit's own table format (a dependency of streamlit)
import streamlit as st

from .. import format as fmt
from ..i18n import t
from ..model import state, userfn
from ..views import check, export
from ..views import render as graphviz
from ..views.graph import HIGHLIGHT, ORANGE, OUTLINE
from . import session

SHOWN_ROWS = 1_000  # rows of the gradient check shown in the table


def render(spec, lesson):
    lang = spec.lang
    # the open tab is the spec's (and the link's): tab=tangent opens the tangent
    tab_check, tab_tangent, tab_export = st.tabs(
        [session.tab_title(lang, tab) for tab in state.TABS],
        key=session.TAB,
        on_change=session.on_widget,
        args=(session.TAB,),
    )
    position = state.position(spec)
    if tab_check.open:
        with tab_check:
            gradient_check(lang, lesson, position, spec.defs)
    if tab_tangent.open:
        with tab_tangent:
            tangent_plot(lang, lesson, position)
    if tab_export.open:
        with tab_export:
            exports(spec, lesson, position)


# Lessons are memoised (``lessons.lesson``): the same lesson is the same object, so its check
# is made once however often the tab is drawn.
@lru_cache(maxsize=8)
def _check(lesson):
    return check.gradient_check(lesson)


@lru_cache(maxsize=8)
def _tangent(lesson):
    return check.tangent(lesson)


# -- gradient check ---------------------------------------------------------------------------
def gradient_check(lang, lesson, position, defs=()):
    """Each input's grad against the central difference: a summary per input and a table."""
    found = _check(lesson)
    if found.output is None:
        st.caption(t(lang, "check_no_output"))
        return
    if not found.inputs:
        st.caption(t(lang, "check_no_inputs"))
        return
    if position < found.ready:  # both numbers would give away what the stepping is to reveal
        st.caption(t(lang, "check_wait_program"))
        return
    checked = [entry for entry in found.inputs if entry.status == "ok"]
    # each input's two numbers side by side (up to three inputs a row), then the table across
    # the whole width: its six columns are not cut (matyas, goldstein at 1280 px)
    columns = st.columns(min(len(found.inputs), 3))
    for index, entry in enumerate(found.inputs):
        with columns[index % len(columns)]:
            said = check.status_text(lang, found, entry)
            if said:
                st.caption(said)
                continue
            summary(lang, entry)
    rows = [(entry, row) for entry in checked for row in entry.rows]
    if rows:
        table(lang, rows)
        total = sum(entry.size for entry in checked)
        shown = min(len(rows), SHOWN_ROWS)
        if total > shown:
            st.caption(t(lang, "check_rows_limited", shown=shown, total=total))
    cause = check.cause_text(lang, found)
    if cause:
        st.info(cause, icon=":material/info:")
    hidden = _wrong_but_agrees(lesson, found, defs)
    if hidden:  # a backward known wrong whose mistake this program does not show
        names = ", ".join(f"`{name}`" for name in hidden)
        st.warning(t(lang, "check_wrong_hidden", names=names), icon="⚠️")
    if any(check.nonfinite(entry.rows) for entry in checked):
        st.warning(t(lang, "check_nonfinite"), icon=":material/warning:")
    st.caption(t(lang, "check_central_any", eps=f"{found.eps:g}", output=found.output_name))
    for entry in checked:
        method = check.method_text(lang, found, entry)
        st.caption(" ".join(filter(None, (method, check.expected_text(lang, entry)))))


def _wrong_but_agrees(lesson, found, defs):
    """The learner's functions of the lesson whose backward fails its own check, when every
    grad of the lesson agrees all the same (sorted names; empty otherwise)."""
    from .lesson import wrong_functions  # the graph's dashed red boxes: the same test

    wrong = wrong_functions(lesson, defs)
    verdicts = [check.worst(e.rows) for e in found.inputs if e.status == "ok"]
    if not wrong or not verdicts or not all(row is not None and ok for row, ok in verdicts):
        return []
    return sorted({lesson.node(fn).cls for fn in wrong})


def summary(lang, entry):
    """One input: its grad (backprop) and the central difference, and the largest error."""
    backprop = np.array([row["backprop"] for row in entry.rows])
    numerical = np.array([row["numerical"] for row in entry.rows])
    if len(entry.rows) == entry.size:
        backprop, numerical = backprop.reshape(entry.shape), numerical.reshape(entry.shape)
    label = t(lang, "check_backprop_of", name=entry.name)
    st.markdown(f"**{label}**")
    st.code(fmt.full(backprop), language=None)
    label = t(lang, "check_numerical_of", name=entry.name)
    st.markdown(f"**{label}**")
    st.code(fmt.full(numerical), language=None)
    largest = check.max_error(entry.rows)
    if largest is not None:
        st.caption(t(lang, "check_max_error", value=check.error(largest)))


def table(lang, rows):
    shown = rows[:SHOWN_ROWS]
    columns = {
        "index": t(lang, "check_col_index"),
        "backprop": t(lang, "check_col_backprop"),
        "numerical": t(lang, "check_col_numerical"),
        "abs_error": t(lang, "check_col_abs"),
        "rel_error": t(lang, "check_col_rel"),
        "expected": t(lang, "check_col_expected"),
    }
    # an Arrow table, as Streamlit sends it: a tenth of the server's time of a DataFrame
    data = pa.table(
        {
            columns["index"]: [check.index_text(e.name, r["index"]) for e, r in shown],
            columns["backprop"]: [check.number(r["backprop"]) for _, r in shown],
            columns["numerical"]: [check.number(r["numerical"]) for _, r in shown],
            columns["abs_error"]: [check.error(r["abs_error"]) for _, r in shown],
            columns["rel_error"]: [check.error(r["rel_error"]) for _, r in shown],
            columns["expected"]: [check.error(r["expected"]) for _, r in shown],
        }
    )
    st.dataframe(data, hide_index=True, width="stretch", height="auto")


# -- tangent plot -----------------------------------------------------------------------------
def _short(value):
    return fmt.short(np.asarray(value))


def tangent_plot(lang, lesson, position):
    """y(x) around a scalar x0 with the tangent of slope x.grad, once backward is done."""
    found = _tangent(lesson)
    if found.status == "none":
        st.caption(t(lang, "check_no_output"))
        return
    if found.status == "inputs":
        if not found.names:
            st.caption(t(lang, "check_no_inputs"))
        else:
            names = ", ".join(found.names)
            st.caption(t(lang, "tangent_one_input", output=found.output, names=names))
        return
    if found.status == "scalar":
        st.caption(t(lang, "tangent_wait_scalar"))
        return
    if found.status == "output":
        st.caption(t(lang, "tangent_scalar_output", output=found.output))
        return
    if found.status == "wait" or position < _check(lesson).ready:
        st.caption(t(lang, "tangent_wait_backward"))
        return
    if found.status != "ok" or not found.rows:
        st.caption(t(lang, "tangent_nonfinite"))
        return
    st.vega_lite_chart(chart(lang, found), width="stretch")
    lo, hi = found.rows[0]["t"], found.rows[-1]["t"]
    where = {"x0": _short(found.x0), "y0": _short(found.y0), "grad": _short(found.grad)}
    where.update(x=found.input, y=found.output)  # the program's names: z(x), a.grad
    # x.grad is the tangent's slope only where backprop got the derivative right: not on
    # steps 13 and 14 with a variable used twice, nor with a wrong backward of the learner's
    entry = next((e for e in _check(lesson).inputs if e.name == found.input), None)
    row, agrees = check.worst(entry.rows) if entry is not None else (None, True)
    if row is not None and not agrees:
        numerical = _short(row["numerical"])
        st.caption(t(lang, "tangent_caption_wrong", numerical=numerical, **where))
    else:
        st.caption(t(lang, "tangent_caption", **where))
    st.caption(t(lang, "tangent_range", lo=f"{lo:.6g}", hi=f"{hi:.6g}"))


def chart(lang, found):
    """A plain Vega-Lite spec (Streamlit draws it with the Vega-Lite it ships): building the
    same chart with Altair validated its schema on every rerun, ~40 ms of server time."""
    names = {"x": found.input, "y": found.output}
    curve, line = t(lang, "tangent_curve", **names), t(lang, "tangent_line", **names)
    series = t(lang, "tangent_series")
    points = [{"x": row["t"], "y": row["y"], series: curve} for row in found.rows]
    points += [{"x": row["t"], "y": row["tangent"], series: line} for row in found.rows]
    quantitative = {"type": "quantitative", "scale": {"zero": False}}
    return {
        "layer": [
            {
                "data": {"values": points},
                "mark": "line",
                "encoding": {
                    "x": {"field": "x", "title": found.input, **quantitative},
                    "y": {"field": "y", "title": found.output, **quantitative},
                    "color": {
                        "field": series,
                        "type": "nominal",
                        "scale": {"domain": [curve, line], "range": [ORANGE, HIGHLIGHT]},
                        "legend": {"orient": "bottom", "title": None},
                    },
                    "strokeDash": {
                        "field": series,
                        "type": "nominal",
                        "scale": {"domain": [curve, line], "range": [[1, 0], [6, 4]]},
                        "legend": None,
                    },
                    "tooltip": [
                        {"field": "x", "type": "quantitative", "format": ".6g"},
                        {"field": "y", "type": "quantitative", "format": ".6g"},
                    ],
                },
            },
            {
                "data": {"values": [{"x": found.x0, "y": found.y0, "label": "(x0, y0)"}]},
                "mark": {"type": "point", "filled": True, "size": 90, "color": OUTLINE},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative"},
                    "y": {"field": "y", "type": "quantitative"},
                    "tooltip": [
                        {"field": "label", "type": "nominal"},
                        {"field": "x", "type": "quantitative"},
                        {"field": "y", "type": "quantitative"},
                    ],
                },
            },
        ]
    }


# -- downloads --------------------------------------------------------------------------------
def in_lang(make, lang):
    """A download's callable whose error (it runs in the download request, where no message
    can be shown on the page) reads in the learner's language."""

    def run():
        try:
            return make()
        except graphviz.ExportError as error:
            raise RuntimeError(error.message(lang)) from None

    return run


def exports(spec, lesson, position):
    """Download buttons: this position as DOT / SVG / PNG, every position as a zip, the
    program as .py. The bytes are made only when a button is clicked (``data`` is a callable:
    Streamlit runs it in the download request, not in the script run)."""
    from . import lesson as page  # the lesson's fragment draws these tabs

    lang, view, book = spec.lang, spec.view, spec.book
    projector = spec.projector
    rankdir = page.RANKDIR[session.narrow()]
    wrong = page.wrong_functions(lesson, spec.defs)
    learned = userfn.learned(spec.defs)
    renderer = page.renderer()
    args = (view, position, lang, projector, rankdir, wrong)
    total = len(lesson.items)
    program_file = export.program_name(book)
    with st.container(horizontal=True):
        st.download_button(
            t(lang, "dl_dot"),
            in_lang(lambda: export.dot(lesson, *args, gens=spec.gens), lang),
            file_name=export.file_name(book, view, position, "gv"),
            mime="text/vnd.graphviz",
            key="dl_dot",
            on_click="ignore",
            icon=":material/download:",
        )
        if renderer is not None:
            st.download_button(
                t(lang, "dl_svg"),
                in_lang(
                    lambda: export.svg(lesson, *args, renderer=renderer, gens=spec.gens), lang
                ),
                file_name=export.file_name(book, view, position, "svg"),
                mime="image/svg+xml",
                key="dl_svg",
                on_click="ignore",
                icon=":material/download:",
            )
            st.download_button(
                t(lang, "dl_png"),
                in_lang(
                    lambda: export.png(lesson, *args, renderer=renderer, gens=spec.gens), lang
                ),
                file_name=export.file_name(book, view, position, "png"),
                mime="image/png",
                key="dl_png",
                on_click="ignore",
                icon=":material/download:",
            )
            st.download_button(
                t(lang, "dl_zip"),
                in_lang(
                    lambda: export.zip_svgs(
                        lesson,
                        view,
                        lang,
                        projector,
                        rankdir,
                        wrong,
                        renderer=renderer,
                        gens=spec.gens,
                    ),
                    lang,
                ),
                file_name=export.zip_name(book, view),
                mime="application/zip",
                key="dl_zip",
                on_click="ignore",
                icon=":material/folder_zip:",
                help=t(lang, "dl_zip_lines_help", count=total + 1, last=total),
            )
        st.download_button(
            t(lang, "dl_py"),
            lambda: export.program_source(lesson, learned, lang),
            file_name=program_file,
            mime="text/x-python",
            key="dl_py",
            on_click="ignore",
            icon=":material/code:",
            help=t(
                lang,
                "dl_py_program_help",
                step=t(lang, "book_step", step=int(book)),
                file=program_file,
            ),
        )
    if renderer is None:
        st.info(t(lang, "export_no_renderer"), icon=":material/info:")
