"""Streamlit panels for the classroom: downloads, the gradient check, the tangent plot.

Thin: each panel reads only the ``spec`` and ``stepper`` passed in, the work is done by the
pure modules ``export`` and ``check``, and every visible string comes from ``i18n.t``.
"""

import numpy as np
import pyarrow as pa  # Streamlit's own table format (a dependency of streamlit)
import streamlit as st

from . import check, export, state, userfn
from . import format as fmt
from .graph import HIGHLIGHT, ORANGE, OUTLINE, dot_for
from .i18n import t

SHOWN_ROWS = 1_000  # rows of the gradient check shown in the table
PROGRAM_FILE = "backprop_step{book}.py"  # the book's step: 06, 07 or 08


def _header(spec, key, header):
    if header:
        st.subheader(t(spec.lang, key))


# -- downloads --------------------------------------------------------------------------------
def exports(spec, stepper, *, header=True):
    """Download buttons: this step as DOT / SVG / PNG, every step as a zip, the session as .py.

    The bytes are made only when a button is clicked (``data`` is a callable: Streamlit runs
    it in the download request, not in the script run), so a rerun renders nothing.
    """
    lang = spec.lang
    _header(spec, "exports_header", header)
    if stepper is None:
        st.caption(t(lang, "chain_empty"))
        return
    # Plain values, not the stepper: a callable runs later, in another thread.
    ops = tuple(stepper.chain.ops)
    user = userfn.user_entries(stepper.chain)  # the learner's functions (frozen entries)
    x = np.array(stepper.chain.x.data, copy=True)
    view, position, book = spec.view, stepper.position, spec.book
    total = len(stepper.timeline)
    name = "backprop" if book == "06" else f"backprop-{book}"  # 07 / 08: their own files
    base = f"{name}-{view}-step-{position:02d}"
    program_file = PROGRAM_FILE.format(book=book)

    def this_step(words=lang):  # the spec is a frozen plain value: safe in another thread
        # PNG: graphviz-pure draws no glyph beyond ASCII, so its flag words stay English
        return dot_for(state.build_stepper(spec), view, lang=words)

    def in_lang(make):
        """A download's callable whose error (it runs in the download request, where no
        message can be shown on the page) reads in the learner's language."""

        def run():
            try:
                return make()
            except export.ExportError as error:
                raise RuntimeError(error.message(lang)) from None

        return run

    renderer = export.find_renderer()
    with st.container(horizontal=True):
        st.download_button(
            t(lang, "dl_dot"),
            this_step,
            file_name=f"{base}.gv",
            mime="text/vnd.graphviz",
            key="dl_dot",
            on_click="ignore",
            icon=":material/download:",
        )
        if renderer is not None:
            st.download_button(
                t(lang, "dl_svg"),
                in_lang(lambda: export.render(this_step(), "svg", renderer)),
                file_name=f"{base}.svg",
                mime="image/svg+xml",
                key="dl_svg",
                on_click="ignore",
                icon=":material/download:",
            )
            st.download_button(
                t(lang, "dl_png"),
                in_lang(lambda: export.render(this_step("en"), "png", renderer)),
                file_name=f"{base}.png",
                mime="image/png",
                key="dl_png",
                on_click="ignore",
                icon=":material/download:",
            )
            st.download_button(
                t(lang, "dl_zip"),
                in_lang(
                    lambda: export.timeline_zip(
                        ops, x, view, renderer=renderer, lang=lang, user_functions=user, book=book
                    )
                ),
                file_name=f"{name}-{view}-steps.zip",
                mime="application/zip",
                key="dl_zip",
                on_click="ignore",
                icon=":material/folder_zip:",
                help=t(lang, "dl_zip_help", count=total + 1, last=total),
            )
        st.download_button(
            t(lang, "dl_py"),
            lambda: export.program_source(ops, x, user, book),
            file_name=program_file,
            mime="text/x-python",
            key="dl_py",
            on_click="ignore",
            icon=":material/code:",
            help=t(
                lang,
                "dl_py_help" if export.is_books(ops) else "dl_py_help_style",
                file=program_file,
            ),
        )
    if renderer is None:
        st.info(t(lang, "no_renderer"), icon=":material/info:")


# -- gradient check ---------------------------------------------------------------------------
def _index_text(index):
    return "x" if not index else f"x[{', '.join(map(str, index))}]"


def _number(value):
    return repr(float(value))  # nan and inf as Python prints them


def _error(value):
    return f"{value:.2e}"


def gradient_check(spec, stepper, *, header=True, eps=1e-4):
    """The check of x.grad against the central difference: the results and a table."""
    lang = spec.lang
    _header(spec, "check_header", header)
    if stepper is None:
        st.caption(t(lang, "chain_empty"))
        return
    if not stepper.done:  # both numbers would give away what the stepping is to reveal
        st.caption(t(lang, "check_wait"))
        return
    x = stepper.chain.x.data
    user = userfn.user_entries(stepper.chain)
    rows = check.gradient_check(stepper.chain.ops, x, eps=eps, user_functions=user)
    backprop = np.array([row["backprop"] for row in rows])
    numerical = np.array([row["numerical"] for row in rows])
    rel = np.array([row["rel_error"] for row in rows])
    if len(rows) == x.size:
        backprop, numerical = backprop.reshape(x.shape), numerical.reshape(x.shape)

    left, right = st.columns([1, 2])
    with left:
        st.markdown(f"**{t(lang, 'check_backprop')}**")
        st.code(fmt.full(backprop), language=None)
        st.markdown(f"**{t(lang, 'check_numerical')}**")
        st.code(fmt.full(numerical), language=None)
        finite = rel[np.isfinite(rel)]
        if finite.size:
            st.caption(t(lang, "check_max_error", value=_error(finite.max())))
    with right:
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
        table = pa.table(
            {
                columns["index"]: [_index_text(row["index"]) for row in shown],
                columns["backprop"]: [_number(row["backprop"]) for row in shown],
                columns["numerical"]: [_number(row["numerical"]) for row in shown],
                columns["abs_error"]: [_error(row["abs_error"]) for row in shown],
                columns["rel_error"]: [_error(row["rel_error"]) for row in shown],
                columns["expected"]: [_error(row["expected"]) for row in shown],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", height="auto")
        if x.size > len(shown):
            st.caption(t(lang, "check_rows_limited", shown=len(shown), total=x.size))
    if finite.size < rel.size:
        st.warning(t(lang, "check_nonfinite"), icon=":material/warning:")
    st.caption(t(lang, "check_central", eps=f"{eps:g}"))
    st.caption(expected_text(lang, rows, x.ndim > 0))


def check_at(spec, stepper):
    """The gradient check's tab at one position (``follow``): a wait until the end."""
    gradient_check(spec, stepper, header=False)


def expected_text(lang, rows, array):
    """What error the central difference itself makes here, computed, and whether the measured
    one is of that size (for an array: the element furthest above its expected error)."""
    row, agrees = check.worst(rows)
    if row is None:
        return t(lang, "check_expected_none")
    where = (
        t(lang, "check_where_element", index=_index_text(row["index"]))
        if array
        else t(lang, "check_where_scalar")
    )
    if row["expected"] >= 1:  # f'(x) is 0 or nearly: a relative error means nothing there
        return t(lang, "check_expected_flat", where=where, abs_error=_error(row["abs_error"]))
    text = t(
        lang,
        "check_expected",
        where=where,
        third=f"{row['third']:.4g}",
        truncation=_error(row["truncation"]),
        rounding=_error(row["rounding"]),
        expected=_error(row["expected"]),
    )
    verdict = "check_agrees" if agrees else "check_disagrees"
    measured = _error(row["rel_error"])
    ratio = f"{row['rel_error'] / max(row['expected'], check.TINY):.2g}"
    return text + " " + t(lang, verdict, measured=measured, ratio=ratio)


# -- tangent plot -----------------------------------------------------------------------------
def _short(value):
    return fmt.short(np.asarray(value))


def tangent_plot(spec, stepper, *, header=True):
    """y(x) around a scalar x0 with the tangent of slope x.grad, once backward is done."""
    lang = spec.lang
    _header(spec, "tangent_header", header)
    if stepper is None:
        st.caption(t(lang, "chain_empty"))
        return
    chain = stepper.chain
    if chain.x.data.ndim != 0:
        st.caption(t(lang, "tangent_wait_scalar"))
        return
    if not stepper.done or chain.x.grad is None:
        st.caption(t(lang, "tangent_wait_backward"))
        return
    x0, grad = float(chain.x.data), float(chain.x.grad)
    y0 = float(chain.y.data)
    rows = check.tangent_data(chain.ops, x0, grad, user_functions=userfn.user_entries(chain))
    if not rows:
        st.caption(t(lang, "tangent_nonfinite"))
        return
    curve, line = t(lang, "tangent_curve"), t(lang, "tangent_line")
    series = t(lang, "tangent_series")
    points = [{"x": row["t"], "y": row["y"], series: curve} for row in rows]
    points += [{"x": row["t"], "y": row["tangent"], series: line} for row in rows]
    # A plain Vega-Lite spec (Streamlit draws it with the Vega-Lite it ships): building the
    # same chart with Altair validated its schema on every rerun, ~40 ms of server time.
    quantitative = {"type": "quantitative", "scale": {"zero": False}}
    chart = {
        "layer": [
            {
                "data": {"values": points},
                "mark": "line",
                "encoding": {
                    "x": {"field": "x", "title": "x", **quantitative},
                    "y": {"field": "y", "title": "y", **quantitative},
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
                "data": {"values": [{"x": x0, "y": y0, "label": "(x0, y0)"}]},
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
    st.vega_lite_chart(chart, width="stretch")
    lo, hi = rows[0]["t"], rows[-1]["t"]
    st.caption(t(lang, "tangent_caption", x0=_short(x0), y0=_short(y0), grad=_short(grad)))
    st.caption(t(lang, "tangent_range", lo=f"{lo:.6g}", hi=f"{hi:.6g}"))
