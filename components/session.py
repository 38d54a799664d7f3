"""The one link between Streamlit and the spec: the only module that touches session_state.

It keeps this session's spec and the messages of the last action, turns widget callbacks
into actions for ``state.apply``, and writes the spec back into the widgets (one table,
``WIDGETS``) and into the URL. Every rule is in ``state.apply``; nothing here decides.
"""

from dataclasses import replace

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from autograd import Kind

from . import graph_element, messages, state, url, userfn
from .i18n import from_locale

SPEC = "spec"
MESSAGES = "messages"  # what the last action had to say: (Message, ...)
NODE_PICK = "node_pick"  # the node of the chain picked for move up / down / remove
MANUAL_PICK = "manual_pick"  # the call picked in the 'make a call yourself' list
PREDICTION = "prediction"
GRAPH_HOLDS = "graph_holds"  # the frames' key the graph element reported holding, this run
DRAWN = "drawn"  # the lesson last drawn: (state.at_start(spec), steps, ready then, narrow then)
READY = "graph_ready"  # the graph element has its graph on screen (it reported "ready")
GRAPH_SEQ = "graph_seq"  # the number of the graph element's last position report seen
OPENED = "opened"  # the session's first run is over (it drew the page's frame and the graph)

# widget key -> (the spec field it shows, the action its new value becomes)
WIDGETS = {
    "x_text": ("x", state.SetInput),
    "lang_select": ("lang", state.SetLang),
    "view_select": ("view", state.SetView),
    "book_select": ("book", state.SetBook),
    **{
        f"{option}_toggle": (option, lambda on, option=option: state.Toggle(option, on))
        for option in state.OPTIONS
    },
    "anim_toggle": ("anim", state.Animate),
}
SIDEBAR_WIDGETS = ("x_text", "lang_select", *(f"{option}_toggle" for option in state.OPTIONS))
DEF_FIELDS = ("name", "forward", "backward")  # the fields of a "Write a Function" form


def def_key(index, field):
    """The widget key of one field of the learner's function ``index`` (its form: "def<i>")."""
    return f"def{index}_{field}"


def current():
    """This session's spec; on its first run, read from the URL and the browser's language."""
    if SPEC not in st.session_state:
        params = {name: st.query_params.get_all(name) for name in st.query_params}
        spec, warnings = url.from_query(params, from_locale(st.context.locale))
        _store(spec, warnings)
    return st.session_state[SPEC]


def dispatch(action, keep=None):
    """Apply ``action`` to this session's spec; the widgets then show the new spec (all but
    ``keep``, the widget whose own value was just refused: its text stays to be corrected)."""
    old = st.session_state[SPEC]
    spec, said = state.apply(old, action)
    if keep and keep.startswith("def") and spec.defs != old.defs:
        keep = None  # the definition was taken: its form shows it as stored
    if isinstance(action, state.RESTATES):
        _store(spec, st.session_state.get(MESSAGES, ()), only_changed=old)
    elif replace(spec, step=0, score=(0, 0)) == replace(old, step=0, score=(0, 0)):
        # only the call moved (and the score): no widget shows either, none is written
        st.session_state[SPEC] = spec
        st.session_state[MESSAGES] = tuple(said)
    else:
        _store(spec, said, keep)


def restate_widgets():
    """Write the spec into every widget again, before a rerun of the page that the graph's
    fragment asks for (``st.rerun(scope="app")``).

    Streamlit sends a widget's value to the browser only in a run where its session-state
    key was written; in later runs the browser keeps the value it holds. A widget still
    loading its code in the browser when such a later run arrives (the graph is drawn first
    on opening a link, and its "ready" report redraws the page within a second) mounts with
    its default instead: the language select says 한국어, projector mode is off, ``x`` is
    empty; the next report sends those as the learner's changes. Written again, every widget
    of the redrawn page carries the spec's value."""
    _store(st.session_state[SPEC], st.session_state.get(MESSAGES, ()))


def _store(spec, said, keep=None, only_changed=None):
    st.session_state[SPEC] = spec
    st.session_state[MESSAGES] = tuple(said)
    for key, (name, _) in WIDGETS.items():
        if key == keep or (only_changed and getattr(only_changed, name) == getattr(spec, name)):
            continue
        st.session_state[key] = getattr(spec, name)
    if not (only_changed and only_changed.defs == spec.defs):
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
        getattr(st, message.level)(messages.text(lang, message))


def sync_url(spec):
    """Write the spec into the address bar, so the link reproduces this screen."""
    wanted = url.to_query(spec)
    as_lists = {
        name: value if isinstance(value, list) else [value] for name, value in wanted.items()
    }
    if {name: st.query_params.get_all(name) for name in st.query_params} != as_lists:
        st.query_params.from_dict(wanted)  # a list: the parameter repeated (def=...)


def mark_drawn(spec, steps):
    """The lesson's panels are drawn for ``spec`` at the positions ``steps``."""
    st.session_state[DRAWN] = (state.at_start(spec), tuple(steps), graph_ready(), graph_narrow())


def panels_follow(spec, narrow):
    """Whether the panels last drawn hold ``spec``'s position (then a call the graph made in
    the browser needs no panel from the server: the browser shows the one drawn for it), were
    drawn for every position the graph may step to if it is on screen now, and for the width
    it reports (``narrow``, ``graph_narrow()``: a phone's layout puts the book switch under
    the narration)."""
    drawn = st.session_state.get(DRAWN)
    if drawn is None:
        return False
    start, steps, ready, narrow_then = drawn
    followed = state.panels_cover((start, steps), spec) and (ready or not graph_ready())
    return followed and narrow_then == narrow


def opening():
    """Whether this is the session's first run: a link just opened. Then the page draws its
    frame (the title, the controls over the graph, the language) and the graph only, so that
    the browser has the graph on screen before it lays out the rest; the graph's report of
    that (``ready``) reruns the page, in full."""
    return not st.session_state.get(OPENED)


def mark_opened():
    """The session's first run is over: every later run draws the page in full."""
    st.session_state[OPENED] = True


def graph_ready():
    """The graph element reported its graph on screen (in this session)."""
    return st.session_state.get(READY) is True


# -- callbacks: a widget's event becomes an action ------------------------------------------
def on_widget(key):
    """A widget of ``WIDGETS`` changed: its value becomes that field's action.

    A sidebar widget the learner changes reruns the whole page. Its "change" in a fragment's
    run (the graph's report, the lesson's tabs) is the browser sending back a value it had
    not yet replaced, in the middle of a run that writes a new one (projector mode turned off
    by its button, while the sidebar's switch still said on): it is written back, not taken."""
    name, action = WIDGETS[key]
    if key in SIDEBAR_WIDGETS and _fragment_run():
        st.session_state[key] = getattr(st.session_state[SPEC], name)
        return
    dispatch(action(st.session_state[key]), keep=key)


def _fragment_run():
    """This run reruns fragments only (not the whole page)."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def act(action):
    """A button's click: ``on_click=session.act, args=(state.Step(1),)``."""
    dispatch(action)


def graph_narrow():
    """The graph element reported a screen narrower than 600 px (vertical layout)."""
    value = st.session_state.get(graph_element.KEY) or {}
    return value.get("narrow") is True


def on_graph_pos():
    """The graph element reports where a burst of presses ended: ``{"step", "chain"}``."""
    value = (st.session_state.get(graph_element.KEY) or {}).get("pos")
    if isinstance(value, dict):
        st.session_state[GRAPH_HOLDS] = value.get("key")
        if isinstance(value.get("seq"), int):
            st.session_state[GRAPH_SEQ] = value["seq"]
        dispatch(state.GraphAt(value.get("step"), value.get("chain")))


def graph_seen():
    """The number of the graph element's last position report this session has seen (0:
    none). The element follows the server's position only from a run that has seen its
    latest report: a run that answers an earlier report would take the graph back."""
    return st.session_state.get(GRAPH_SEQ, 0)


def graph_holds(key):
    """Whether this run is the graph element's own report and it holds the frames of ``key``:
    then they need not travel again (read once: a later run sends them)."""
    held = st.session_state.pop(GRAPH_HOLDS, None)
    return isinstance(held, str) and held == key


def on_graph_narrow():
    """Nothing to decide: the next run lays the graph out for the reported width."""


def on_graph_ready():
    """The graph is on screen: from now on the lesson draws every position's panels."""
    st.session_state[READY] = True


def on_graph_need():
    """The element lost its frames (a fresh mount): this run, not its own report, sends them."""


def on_node_action(action_type, offset=0):
    """Move the picked node up (-1) or down (+1), or remove it; the pick follows the node."""
    index = st.session_state.get(NODE_PICK)
    if index is None:
        return
    n = len(st.session_state[SPEC].ops)
    if action_type is state.MoveOp:
        dispatch(state.MoveOp(index, offset))
        st.session_state[NODE_PICK] = max(0, min(index + offset, n - 1))
    else:
        dispatch(state.RemoveOp(index))
        st.session_state[NODE_PICK] = None


def on_define(index):
    """A "Write a Function" form was sent: its three fields become one ``Define``."""
    values = [st.session_state.get(def_key(index, field)) or "" for field in DEF_FIELDS]
    dispatch(state.Define(index, *values), keep=f"def{index}")


def on_prediction():
    dispatch(state.Predict(st.session_state.get(PREDICTION) or ""))


def on_manual_pick():
    """A call picked in the 'make a call yourself' list ("backward:2"): make it, unpick it."""
    picked = st.session_state.get(MANUAL_PICK)
    st.session_state[MANUAL_PICK] = None
    if picked is not None:
        kind, index = picked.split(":")
        dispatch(state.ManualCall(Kind(kind), int(index)))
