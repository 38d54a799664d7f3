"""Streamlit panels for the classroom: downloads, the gradient check, the tangent plot.

Thin: each panel reads only the ``spec`` and ``stepper`` passed in, the work is done by the
pure modules ``export`` and ``check``, and every visible string comes from ``i18n.t``.
"""

import numpy as np
import pandas as pd
import streamlit as st

from autograd import Stepper

from . import check, export
from . import format as fmt
from .graph import HIGHLIGHT, ORANGE, OUTLINE, build_dot
from .i18n import t

SHOWN_ROWS = 1_000  # rows of the gradient check shown in the table
PROGRAM_FILE = "backprop_step06.py"


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
    x = np.array(stepper.chain.x.data, copy=True)
    n_forward, n_backward = stepper.n_forward, stepper.n_backward
    view, position = spec.view, stepper.position
    total = len(stepper.timeline)
    base = f"backprop-{view}-step-{position:02d}"

    def this_step():
        return build_dot(Stepper.restore(ops, x, n_forward, n_backward), view)

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
                lambda: export.render(this_step(), "svg", renderer),
                file_name=f"{base}.svg",
                mime="image/svg+xml",
                key="dl_svg",
                on_click="ignore",
                icon=":material/download:",
            )
            st.download_button(
                t(lang, "dl_png"),
                lambda: export.render(this_step(), "png", renderer),
                file_name=f"{base}.png",
                mime="image/png",
                key="dl_png",
                on_click="ignore",
                icon=":material/download:",
            )
            st.download_button(
                t(lang, "dl_zip"),
                lambda: export.timeline_zip(ops, x, view, renderer=renderer),
                file_name=f"backprop-{view}-steps.zip",
                mime="application/zip",
                key="dl_zip",
                on_click="ignore",
                icon=":material/folder_zip:",
                help=t(lang, "dl_zip_help", count=total + 1, last=total),
            )
        st.download_button(
            t(lang, "dl_py"),
            lambda: export.program_source(ops, x),
            file_name=PROGRAM_FILE,
            mime="text/x-python",
            key="dl_py",
            on_click="ignore",
            icon=":material/code:",
            help=t(lang, "dl_py_help", file=PROGRAM_FILE),
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
    rows = check.gradient_check(stepper.chain.ops, x, eps=eps)
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
        }
        table = pd.DataFrame(
            {
                columns["index"]: [_index_text(row["index"]) for row in shown],
                columns["backprop"]: [_number(row["backprop"]) for row in shown],
                columns["numerical"]: [_number(row["numerical"]) for row in shown],
                columns["abs_error"]: [_error(row["abs_error"]) for row in shown],
                columns["rel_error"]: [_error(row["rel_error"]) for row in shown],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", height="auto")
        if x.size > len(shown):
            st.caption(t(lang, "check_rows_limited", shown=len(shown), total=x.size))
    if finite.size < rel.size:
        st.warning(t(lang, "check_nonfinite"), icon=":material/warning:")
    st.caption(t(lang, "check_central", eps=f"{eps:g}"))
    st.caption(t(lang, "check_why_tiny"))


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
    rows = check.tangent_data(chain.ops, x0, grad)
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
