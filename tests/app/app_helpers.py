"""Helpers shared by the AppTest suites of tests/app (imported as a plain module).

Expected numbers come from the engine (``autograd.Stepper``), never from the app's panels.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from autograd import Stepper, timeline

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
BOOK = ("Square", "Exp", "Square")
BOOK_X_GRAD = "3.297442541400256"  # printed by the book: print(x.grad)

# Element types whose text Streamlit renders as Markdown.
MARKDOWN_TYPES = ("markdown", "caption", "title", "header", "subheader")
MESSAGE_TYPES = ("warning", "error", "info", "success")


def new_app(query=None, locale=None):
    """A fresh session (one browser tab) of the app, run once."""
    at = AppTest.from_file(APP, default_timeout=30)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    if locale is not None:
        at.context = {"locale": locale}
    return at.run()


_NODE_ACTION = re.compile(r"(move_up|move_down|remove)_(\d+)$")
_MANUAL_CALL = re.compile(r"manual_(seed|backward)_(\d+)$")


def click(at, key):
    """Click a button as a user would. Two kinds of key name a two-part gesture:
    ``move_up_1`` / ``move_down_1`` / ``remove_1`` pick node 1 in the chain, then press the
    action; ``manual_backward_2`` / ``manual_seed_3`` open the 'make a call yourself'
    expander and pick that call in its list (``kind:index``), which makes it."""
    if match := _NODE_ACTION.match(key):
        action, index = match.groups()
        at.button_group(key="node_pick").set_value(int(index)).run()
        at.button(key=action).click().run()
    elif match := _MANUAL_CALL.match(key):
        kind, index = match.groups()
        open_manual(at)
        at.button_group(key="manual_pick").set_value(f"{kind}:{index}").run()
    else:
        at.button(key=key).click().run()
    return at


def open_manual(at):
    """Open the 'make a call yourself' expander (closed, its list is not built)."""
    if "manual_open" not in at.session_state or not at.session_state["manual_open"]:
        at.session_state["manual_open"] = True
        at.run()
    return at


def open_tab(at, label):
    """Select one of the lower tabs (only the open one is built), by its visible label."""
    at.session_state["more_tab"] = label
    return at.run()


def action_disabled(at, key):
    """Whether ``move_up_1``-style gesture's action button is disabled once node 1 is picked."""
    action, index = _NODE_ACTION.match(key).groups()
    at.button_group(key="node_pick").set_value(int(index)).run()
    return at.button(key=action).disabled


def position(at):
    """The progress bar's text, e.g. 'Call 5 of 7 · Backward pass'."""
    return at.get("progress")[0].proto.text


@dataclass(frozen=True, eq=False)
class Shown:
    """What the graph element is given: its one SVG, and the state at the server's position
    (``{id: [text, class]}``, rebuilt from the first state and the differences)."""

    svg: str
    state: dict
    step: int
    data: dict

    def _identity(self):
        return self.svg, json.dumps(self.state, sort_keys=True), self.step

    def __eq__(self, other):
        return isinstance(other, Shown) and self._identity() == other._identity()

    def __hash__(self):
        return hash(self._identity())

    def __contains__(self, text):
        """``text`` is on the graph: in a label."""
        return any(text in label for label, _ in self.state.values() if label is not None)


def graph_data(at):
    return json.loads(at.get("bidi_component")[0].proto.json)


def dot(at):
    data = graph_data(at)
    frames = json.loads(data["frames"])
    state = dict(frames["base"])
    for delta in frames["deltas"][: data["step"]]:
        state.update(delta)
    return Shown(frames["svg"], state, data["step"], data)


def node_label(shown, node_id):
    """The label of ``node_id`` on the graph, as lines."""
    assert node_id in shown.state, f"no node {node_id} on the graph"
    return shown.state[node_id][0].split("\n")


def node_ids(shown):
    return {item for item, (text, _) in shown.state.items() if text is not None}


def report_position(at, step, chain=None, seq=1):
    """What the browser does after a burst of presses: the element's state ``pos`` changes.

    Sent as the browser sends it, as the element's JSON widget state (the whole state)."""
    data = graph_data(at)
    element = at.get("bidi_component")[0]
    states = at._tree.get_widget_states()
    widget = states.widgets.add()
    widget.id = element.proto.id
    pos = {"step": step, "chain": data["chain"] if chain is None else chain, "seq": seq}
    widget.json_value = json.dumps({"pos": pos, "narrow": None})
    return at._run(states)


def table(at):
    """The variables table as {name: row dict}."""
    frame = at.dataframe[0].value
    return {row["name"]: row for row in frame.to_dict("records")}


def messages(at, kind):
    return [element.value for element in getattr(at, kind)]


def markdown_texts(at):
    """Every text the app renders as Markdown (panels, captions and st.* messages)."""
    texts = []
    for kind in MARKDOWN_TYPES + MESSAGE_TYPES:
        texts += [element.value for element in getattr(at, kind)]
    return texts


def visible_texts(at):
    """Every string a user can see: Markdown, messages, labels, options, the progress text."""
    texts = markdown_texts(at)
    texts += [b.label for b in at.button]
    for widget in list(at.toggle) + list(at.selectbox) + list(at.text_input):
        texts.append(widget.label)
        texts.append(widget.help)
    texts += [e.label for e in at.expander]
    for group in at.button_group:
        texts += list(group.options)
    texts += [p.proto.text for p in at.get("progress")]
    return [text for text in texts if text]


def chain_rows(at):
    """The sidebar's list of the chain's nodes, as shown: ["A = Square()", ...]."""
    return list(at.button_group(key="node_pick").options)


def query(at):
    return {name: at.query_params[name] for name in at.query_params}


def engine(ops=BOOK, x=0.5, step=None):
    """The engine's stepper for ``ops`` on ``x`` after ``step`` calls (all of them if None)."""
    stepper = Stepper(ops, np.array(x, dtype=np.float64))
    if step is None:
        return stepper.run_to_end()
    for _ in range(step):
        stepper.step()
    return stepper


def calls(ops=BOOK, scalar=True):
    """The book's program for ``ops``: the code of each call, in order."""
    return [call.code for call in timeline(ops, scalar=scalar)]


def parse_array_text(text):
    """The numbers of an array printed by numpy (``[[1. 2.] [3. 4.]]``), flattened."""
    return np.array(text.replace("[", " ").replace("]", " ").split(), dtype=np.float64)


def outside_code_spans(text):
    """``text`` without its Markdown code spans: the part Markdown would render as markup.

    A code span never crosses a blank line (that ends the paragraph), so each paragraph is
    matched on its own.
    """
    paragraphs = re.split(r"\n[ \t]*\n", text)
    return "\n\n".join(re.sub(r"`[^`]*`", "", paragraph) for paragraph in paragraphs)
