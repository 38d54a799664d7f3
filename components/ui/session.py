"""The one link between Streamlit and the spec: the only module that touches session_state.

It keeps this session's spec and the messages of the last action, turns widget callbacks
into actions for ``state.apply``, and writes the spec back into the widgets (one table,
``WIDGETS``) and into the URL. Every rule is in ``state.apply``; nothing here decides.

The graph element steps by itself; it reports where a burst of presses ended (``pos``), and
the run that report starts is the element's own: it holds the lesson's frames already, so
they are not sent again. The server moving the position by itself (a manual call, a
prediction revealed, a link) counts in ``moved``, which the element follows.
"""

from dataclasses import replace
from datetime import timedelta
from urllib.parse import urlencode

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ..i18n import N_, from_locale, t
from ..model import programs, state, url, userfn
from ..views import say
from . import element

SPEC = "spec"
MESSAGES = "messages"  # what the last action had to say: (Message, ...)
MOVED = "moved"  # how many times the server moved the position by itself
SENT = "frames_sent"  # the frames key last sent to the graph element
NARROW = "narrow"  # the element is narrower than 600 px: the vertical layout
NODE_PICK = "node_pick"  # the function of the chain picked for move up / down / remove
PREDICTION = "prediction"
PROGRAM = "program_text"  # the editor
BEHIND = "page_behind"  # an action in the lesson's fragment changed what the page around it shows

TAB = "more_tab"  # the tabs under the lesson: the open one's title
TAB_TITLES = {
    "check": N_("check_header"),
    "tangent": N_("tangent_header"),
    "export": N_("exports_header"),
}


def tab_title(lang, tab):
    return t(lang, TAB_TITLES[tab])


def _tab_action(title):
    """The tab whose title (in the page's language) is ``title``."""
    lang = st.session_state[SPEC].lang
    return state.SetTab(next((tab for tab in state.TABS if tab_title(lang, tab) == title), ""))


# widget key -> (how the spec shows in it, the action its new value becomes)
WIDGETS = {
    TAB: (lambda spec: tab_title(spec.lang, spec.tab), _tab_action),
    "lang_select": (lambda spec: spec.lang, state.SetLang),
    "view_select": (lambda spec: spec.view, state.SetView),
    "book_select": (lambda spec: spec.book, state.SetBook),
    "anim_toggle": (lambda spec: spec.anim, state.Animate),
    "x_text": (lambda spec: _chain_x(spec), state.SetInput),
    PROGRAM: (lambda spec: spec.program, state.SetProgram),
    **{
        f"{option}_toggle": (
            lambda spec, option=option: getattr(spec, option),
            lambda on, option=option: state.Toggle(option, on),
        )
        for option in (*state.OPTIONS, *state.GRAPH_OPTIONS)
    },
}
TYPED = ("x_text", PROGRAM)  # text fields: a refused text stays in them, to be corrected
DEF_FIELDS = ("name", "forward", "backward")  # the fields of a "Write a Function" form


def _chain_x(spec):
    chain = programs.read_chain(spec.program, spec.book)
    return chain.x if chain is not None else ""


def def_key(index, field):
    """The widget key of one field of the learner's function ``index`` (its form: "def<i>")."""
    return f"def{index}_{field}"


def current():
    """This session's spec; on its first run, read from the URL and the browser's language."""
    if SPEC not in st.session_state:
        params = {name: st.query_params.get_all(name) for name in st.query_params}
        spec, warnings = url.from_query(params, from_locale(st.context.locale))
        st.session_state[MOVED] = 0
        _store(spec, warnings)
    ctx = get_script_run_ctx()
    if ctx is not None and not ctx.fragment_ids_this_run and _page_top(ctx):
        st.session_state.pop(BEHIND, None)  # the whole page runs: it shows the spec
        _rerun_on_reconnect()  # once, at the top of the whole page's run
    return st.session_state[SPEC]


def _page_top(ctx):
    cursor = ctx.cursors.get(0)  # the main area's: nothing drawn in it yet
    return cursor is None or cursor.index == 0


@st.fragment(run_every=timedelta(hours=6))
def _rerun_on_reconnect():
    """Draws nothing. A page with a timed fragment asks for a run of the whole page when its
    websocket reconnects (Streamlit's frontend does so only then, or after a fragment's run):
    after a restart, or when another replica takes the page, the new session draws the page
    and the graph element tells it the position on screen. Its own run, every 6 hours, costs
    nothing."""


def dispatch(action, keep=None, by_graph=False):
    """Apply ``action`` to this session's spec; the widgets then show the new spec (all but
    ``keep``, the widget whose own value was just refused: its text stays to be corrected).
    A position the server chose (not the graph's own report) is one the element follows."""
    old = st.session_state[SPEC]
    spec, said = state.apply(old, action)
    if keep and keep.startswith("def") and spec.defs != old.defs:
        keep = None  # the definition was taken: its form shows it as stored
    if spec.step != old.step and not by_graph:
        st.session_state[MOVED] = st.session_state.get(MOVED, 0) + 1
    if _around(spec) != _around(old):
        st.session_state[BEHIND] = True  # the page around the fragment shows an old spec
    if isinstance(action, state.RESTATES):
        _store(spec, st.session_state.get(MESSAGES, ()), only_changed=old)
    else:
        _store(spec, said, keep, only_changed=old)


def _around(spec):
    """What the page around the lesson's fragment draws from the spec: all but the position
    (the graph element's) and predict mode's score (the fragment's)."""
    return replace(spec, step=0, score=(0, 0))


def page_behind():
    """In the lesson's fragment: whether an action made in it (a manual call writes a line
    into the program) changed what the rest of the page shows: the editor, the sidebar."""
    return st.session_state.get(BEHIND, False)


def _store(spec, said, keep=None, only_changed=None):
    st.session_state[SPEC] = spec
    st.session_state[MESSAGES] = tuple(said)
    for key, (show, _) in WIDGETS.items():
        value = show(spec)
        if key == keep or (
            only_changed is not None and show(only_changed) == value and key in st.session_state
        ):
            continue
        st.session_state[key] = value
    # the forms' fields are dropped while the forms are not drawn (projector mode): refill them
    forgotten = def_key(0, "name") not in st.session_state
    if only_changed is None or only_changed.defs != spec.defs or forgotten:
        _sync_defs(spec, keep)


def _sync_defs(spec, keep=None):
    """Each form shows its function as stored; the form after the last one is empty."""
    for index in range(userfn.MAX_DEFS + 1):
        if f"def{index}" == keep:
            continue
        values = spec.defs[index] if index < len(spec.defs) else ("", "", "")
        for field, value in zip(DEF_FIELDS, values, strict=True):
            st.session_state[def_key(index, field)] = value


def said(where="page"):
    """The last action's messages for one place of the page."""
    return [message for message in st.session_state.get(MESSAGES, ()) if message.where == where]


def show(lang, where="page"):
    for message in said(where):
        getattr(st, message.level)(say.text(lang, message))


def sync_url(spec):
    """Write the spec into the address bar, so the link reproduces this screen; return the
    length of its query (a link past ``url.LINK_MAX`` may be refused by a browser or server)."""
    wanted = url.to_query(spec)
    as_lists = {
        name: value if isinstance(value, list) else [value] for name, value in wanted.items()
    }
    if {name: st.query_params.get_all(name) for name in st.query_params} != as_lists:
        st.query_params.from_dict(wanted)  # a list: the parameter repeated (def=...)
    return len(urlencode(wanted, doseq=True))


# -- widgets -------------------------------------------------------------------------------------
def on_widget(key):
    """A widget of ``WIDGETS`` changed: its value becomes the action of its table entry."""
    show, make = WIDGETS[key]
    dispatch(make(st.session_state[key]), keep=key)
    if key not in TYPED and st.session_state[key] != show(st.session_state[SPEC]):
        st.session_state[key] = show(st.session_state[SPEC])  # a switch refused goes back


def act(action):
    """A button's action."""
    dispatch(action)


def on_node_action(action_type, offset=0):
    """Move up / move down / remove the function picked in the chain list."""
    index = st.session_state.get(NODE_PICK)
    if index is None:
        return
    if action_type is state.MoveOp:
        dispatch(state.MoveOp(index, offset))
        new = index + offset
        chain = programs.read_chain(st.session_state[SPEC].program, st.session_state[SPEC].book)
        if chain is not None and 0 <= new < len(chain.ops):
            st.session_state[NODE_PICK] = new
    else:
        dispatch(state.RemoveOp(index))
        st.session_state[NODE_PICK] = None


def on_define(index):
    values = [st.session_state.get(def_key(index, field), "") for field in DEF_FIELDS]
    dispatch(state.Define(index, *values), keep=f"def{index}")


def on_prediction():
    dispatch(state.Predict(st.session_state.get(PREDICTION, "")))


# -- the graph element -------------------------------------------------------------------------
def _reported(name):
    """What the graph element last reported as ``name`` (its state, kept by Streamlit)."""
    found = st.session_state.get(element.KEY)
    return getattr(found, name, None) if found is not None else None


def on_graph_pos():
    """The element's report: where a burst of presses ended, in which lesson."""
    report = _reported("pos")
    if not isinstance(report, dict):
        return
    dispatch(state.GraphAt(report.get("step"), report.get("lesson")), by_graph=True)


def on_graph_need():
    """A fresh element asks for the frames (it holds none for the key it was given)."""
    st.session_state[SENT] = None


def on_graph_narrow():
    st.session_state[NARROW] = bool(_reported("narrow"))


def narrow():
    return bool(st.session_state.get(NARROW))


def moved():
    return st.session_state.get(MOVED, 0)


def frames_to_send(key):
    """Whether this run sends the element the frames of ``key``: once per key. The element
    keeps what it was sent (across runs and remounts of this page); one that lacks them says
    so with ``need`` (``on_graph_need``), and the next run sends them again."""
    if st.session_state.get(SENT) == key:
        return False
    st.session_state[SENT] = key
    return True
