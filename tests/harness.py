"""What the tests and the benchmarks share, in one place.

- the book's example as the engine computes it (``BOOK``, ``engine()``, ``calls()``): every
  expected number comes from here, never from the app's panels;
- the AppTest driver (``new_app``, ``click``, readers of what a run shows);
- ``AppServer``: ``streamlit run`` on a free port of 127.0.0.1 with the settings of
  .streamlit/config.toml, with its memory and CPU readings;
- Debian's Chromium (``CHROMIUM``, ``CHROMIUM_ARGS``, ``launch``), driven by Playwright's sync
  API in a thread of its own (``in_thread``: it never meets another Playwright or asyncio
  loop of the test session);
- ``ws_session``: a Streamlit session over the raw websocket, as a browser drives it.

Imported as ``harness`` (pyproject's ``pythonpath`` has tests/; benchmarks add it).
"""

import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.request import urlopen

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from autograd import Stepper, timeline
from components import follow
from components.i18n import LANGS, TEXT

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ON_CI = os.environ.get("CI") == "true"
GRAPH = ".bpx-root svg.bpx-svg"
PROGRESS = '[data-testid="stProgress"]'  # one per position; the page shows one (follow.py)


def needs_chromium():
    """Skip without Chromium, except on CI (CI=true), where a missing browser must fail."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not ON_CI:
        pytest.skip(f"{CHROMIUM} not found (CI=true makes this a failure)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """``streamlit run streamlit_app.py`` on 127.0.0.1:``port`` (a free one by default).

    Run from the repository, so with its .streamlit/config.toml, whatever ``script`` is."""

    def __init__(self, port=None, extra=(), script="streamlit_app.py"):
        self.port = port or free_port()
        self.script = str(script)
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra = list(extra)
        self.process = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the server

    def start(self, timeout=60):
        command = [sys.executable, "-m", "streamlit", "run", self.script]
        command += ["--server.headless", "true", "--server.port", str(self.port)]
        command += ["--server.address", "127.0.0.1", *self.extra]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{self.output()}")
            with contextlib.suppress(OSError):
                if urlopen(f"{self.url}/_stcore/health", timeout=2).read() == b"ok":
                    return self
            time.sleep(0.1)
        output = self.output()
        self.stop()
        raise RuntimeError(f"streamlit did not answer within {timeout} s:\n{output}")

    def kill(self):
        """SIGKILL: the server dies mid-lesson, with no chance to clean up."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

    def rss(self):
        """The server's resident memory in bytes (from /proc)."""
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS")

    def cpu(self):
        """The server's CPU time so far, utime + stime of /proc/PID/stat, in seconds."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def output(self):
        if self.log.closed:
            return "(server stopped)"
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]


def in_thread(function, timeout=300):
    """Run ``function()`` in a new thread (a clean place for Playwright); re-raise its error."""
    outcome = {}

    def target():
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"browser work did not finish within {timeout} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def svg_text(page):
    return page.evaluate(
        f"() => {{ const s = document.querySelector('{GRAPH}'); return s ? s.textContent : ''; }}"
    )


def wait_position(page, pos, total, timeout=60_000):
    """Wait until the position indicator reads ``pos`` of ``total`` (any language)."""
    page.wait_for_function(
        f"""([pos, total]) => {{
          const bar = [...document.querySelectorAll('{PROGRESS}')].find(e => e.checkVisibility());
          const m = bar && bar.textContent.match(/(\\d+)\\D+(\\d+)/);
          return !!m && Number(m[1]) === pos && Number(m[2]) === total;
        }}""",
        arg=[pos, total],
        polling="raf",
        timeout=timeout,
    )


def press_next(page, timeout=60_000):
    """Press ArrowRight (the Next button's shortcut) and wait for the graph to change."""
    before = svg_text(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"""before => {{
          const s = document.querySelector('{GRAPH}');
          return s !== null && s.textContent !== before;
        }}""",
        arg=before,
        polling="raf",
        timeout=timeout,
    )


def page_position(page):
    """The progress bar's text in the browser."""
    return page.locator(f"{PROGRESS}:visible").inner_text()


# -- a websocket session without a browser ------------------------------------------------------
class WsRun(NamedTuple):
    status: str
    exceptions: list
    texts: list
    elements: list
    query: str = ""  # the address bar's query string after the run (the spec, in the URL)


async def ws_session(port, query, presses=0, timeout=120, press="next", ready=True):
    """One Streamlit session over the raw websocket, as the browser drives it.

    Sends the first ``rerun_script`` with ``query`` as the page's query string, then presses
    *Next call* ``presses`` times (each press the rerun of the lesson's fragment that the
    browser sends: the button's trigger, with the fragment's id), reading every message until
    ``script_finished`` each time, then closes (the server then disconnects the session).
    Returns the last run as a ``WsRun``: the name of its script_finished status
    (``FINISHED_SUCCESSFULLY``, or ``FINISHED_FRAGMENT_RUN_SUCCESSFULLY`` after a press), the
    text of every exception element, every Markdown, code and HTML text sent, the type of every
    element sent (``"button"``, ``"markdown"``, ...) and the query string the run put in the
    address bar (the spec, as the URL holds it).

    ``press="graph"``: a press is what the graph element sends once a burst of presses has
    ended (its state ``pos``: the next position), instead of the Next button's trigger.
    ``ready``: after the first run, the graph element reports its graph on screen, as the
    browser's does, and the page is drawn again with every position's panels (that run is
    the one returned, if no press follows).
    """
    import json

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    address = [query]  # the address bar's query string, as the runs change it
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:

        async def one_run(next_button=None, report=None):
            message = BackMsg()
            message.rerun_script.query_string = query
            message.rerun_script.page_script_hash = ""
            if report:  # the graph element's state: (element id, fragment id, value)
                widget = message.rerun_script.widget_states.widgets.add()
                widget.id, message.rerun_script.fragment_id = report[:2]
                widget.json_value = json.dumps(report[2])
            elif next_button:
                widget = message.rerun_script.widget_states.widgets.add()
                widget.id, message.rerun_script.fragment_id = next_button[:2]
                if press == "graph":
                    step, chain = next_button[2]["step"] + 1, next_button[2]["chain"]
                    # with the frames' key it holds, as the browser's element reports
                    pos = {"step": step, "chain": chain, "seq": step, "key": next_button[2]["key"]}
                    widget.json_value = json.dumps({"pos": pos})
                else:
                    widget.trigger_value = True
            await ws.send(message.SerializeToString())
            run = WsRun("", [], [], [])
            found = element_of_graph = None
            while True:
                received = ForwardMsg()
                received.ParseFromString(await asyncio.wait_for(ws.recv(), timeout))
                kind = received.WhichOneof("type")
                if kind == "delta" and received.delta.WhichOneof("type") == "new_element":
                    element = received.delta.new_element
                    which = element.WhichOneof("type")
                    run.elements.append(which)
                    if which == "exception":
                        error = element.exception
                        run.exceptions.append(f"{error.type}: {error.message}")
                    elif which == "button" and element.button.id.endswith("-next"):
                        if press == "next":
                            found = (element.button.id, received.delta.fragment_id)
                    elif which == "bidi_component":
                        data = json.loads(element.bidi_component.json)
                        graph = (element.bidi_component.id, received.delta.fragment_id, data)
                        element_of_graph = graph
                        if press == "graph":
                            found = graph
                    elif which == "markdown":
                        run.texts.append(element.markdown.body)
                    elif which == "code":
                        run.texts.append(element.code.code_text)
                    elif which == "html":
                        run.texts.append(element.html.body)
                if kind == "page_info_changed":
                    address[0] = received.page_info_changed.query_string
                if kind == "script_finished":
                    status = ForwardMsg.ScriptFinishedStatus.Name(received.script_finished)
                    if status == "FINISHED_EARLY_FOR_RERUN":  # st.rerun: the next run follows
                        continue
                    return run._replace(status=status, query=address[0]), found, element_of_graph

        last, found, graph = await one_run()
        if ready and graph is not None:
            on_screen = (graph[0], graph[1], {"ready": graph[2]["key"]})
            last, found, graph = await one_run(report=on_screen)
        for _ in range(presses):
            if found is None:
                raise RuntimeError("no Next call button to press")
            last, found, _ = await one_run(found)
        return last


# -- the book's example and the AppTest driver ----------------------------------------------
APP = str(ROOT / "streamlit_app.py")
BOOK = ("Square", "Exp", "Square")
BOOK_X_GRAD = "3.297442541400256"  # printed by the book: print(x.grad)

# Element types whose text Streamlit renders as Markdown.
MARKDOWN_TYPES = ("markdown", "caption", "title", "header", "subheader")
MESSAGE_TYPES = ("warning", "error", "info", "success")


def open_link(query=None, locale=None):
    """A fresh session (one browser tab) of the app, its first run only: the page's frame
    and the graph, as a link opens."""
    at = AppTest.from_file(APP, default_timeout=30)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    if locale is not None:
        at.context = {"locale": locale}
    return at.run()


def new_app(query=None, locale=None):
    """A fresh session of the app, drawn in full: its first run, then the next (in a browser,
    the one the graph's report of being on screen starts; AppTest has no graph on screen, so
    it is a plain run: the panels of the link's position only)."""
    return open_link(query, locale).run()


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


def shown(at, kind):
    """The elements of ``kind`` a user sees: the panels under the graph are drawn for every
    position (components/follow.py), and the page's CSS shows only those of the server's
    position; the others are left out here as on screen."""
    spec = at.session_state.get("spec")
    step = None if spec is None else min(spec.step, spec.total)
    out = []

    def walk(node, hidden):
        if hasattr(node, "children"):  # a block (or the tree's root)
            is_block = isinstance(node, Block) and getattr(node, "proto", None) is not None
            at_step = follow.step_of(node.key) if is_block else None
            hidden = hidden or (at_step is not None and at_step != step)
            for child in node.children.values():
                walk(child, hidden)
        elif node.type == kind and not hidden:
            out.append(node)

    walk(at._tree, False)
    return out


def position(at):
    """The progress bar's text, e.g. 'Call 5 of 7 · Backward pass'."""
    return shown(at, "progress")[0].proto.text


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
    """The graph as the element shows it at the server's position."""
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


def report(at, value):
    """What the browser sends: the graph element's JSON state becomes ``value``."""
    element = at.get("bidi_component")[0]
    states = at._tree.get_widget_states()
    widget = states.widgets.add()
    widget.id = element.proto.id
    widget.json_value = json.dumps(value)
    return at._run(states)


def report_position(at, step, chain=None, seq=1):
    """What the browser does after a burst of presses: the element's state ``pos`` changes."""
    chain = graph_data(at)["chain"] if chain is None else chain
    return report(at, {"pos": {"step": step, "chain": chain, "seq": seq}})


TABLE_COLUMNS = ("name", "made_by", "data", "grad", "flags")


def table(at):
    """The variables table as {name: row dict}, read from its Markdown: the element whose
    header row names the columns in one of the languages (code spans and escapes undone)."""
    for element in shown(at, "markdown"):
        lines = [line for line in element.value.splitlines() if line.startswith("|")]
        if len(lines) < 2:
            continue
        header, *rows = (table_cells(line) for line in lines)
        if not any(header == [TEXT[f"col_{c}"][lang] for c in TABLE_COLUMNS] for lang in LANGS):
            continue
        records = [dict(zip(TABLE_COLUMNS, row, strict=True)) for row in rows[1:]]
        return {row["name"]: row for row in records}
    raise AssertionError("no variables table on the page")


def table_cells(line):
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    out = []
    for text in cells:
        text = text.strip().replace("\\|", "|")
        out.append(text[1:-1] if len(text) > 1 and text[0] == text[-1] == "`" else text)
    return out


def messages(at, kind):
    return [element.value for element in shown(at, kind)]


def markdown_texts(at):
    """Every text the app renders as Markdown (panels, captions and st.* messages)."""
    texts = []
    for kind in MARKDOWN_TYPES + MESSAGE_TYPES:
        texts += [element.value for element in shown(at, kind)]
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
    texts += [p.proto.text for p in shown(at, "progress")]
    return [text for text in texts if text]


def chain_rows(at):
    """The sidebar's list of the chain's nodes, as shown: ["A = Square()", ...]."""
    return list(at.button_group(key="node_pick").options)


def query(at):
    return {name: at.query_params[name] for name in at.query_params}


def array_state(a):
    """An array as (dtype, shape, bytes): equal only when bitwise equal (nan included)."""
    if a is None:
        return None
    a = np.asarray(a)
    return a.dtype.str, a.shape, a.tobytes()


def engine_state(stepper):
    """Everything a Stepper holds, as comparable plain values (bitwise for arrays)."""
    chain = stepper.chain
    variables = [
        None
        if v is None
        else (v.name, array_state(v.data), array_state(v.grad), v.flags, v.grad_flags)
        for v in chain.variables
    ]
    functions = []
    for i, f in enumerate(chain.functions):
        called = hasattr(f, "input")
        functions.append(
            (
                type(f).__name__,
                called,
                called and f.input is chain.variables[i],
                called and f.output is chain.variables[i + 1],
            )
        )
    records = [
        (
            r.call,
            r.function,
            r.op,
            *(array_state(a) for a in (r.x, r.y, r.gy, r.gx, r.derivative)),
            r.flags,
        )
        for r in stepper.records
    ]
    return stepper.position, variables, functions, records


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

    CommonMark: a run of n backticks opens a span that the next run of exactly n backticks
    closes, within one paragraph (a blank line ends it); an unmatched run is literal text.
    """
    kept = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        i = 0
        while i < len(paragraph):
            if paragraph[i] != "`":
                kept.append(paragraph[i])
                i += 1
                continue
            j = i
            while j < len(paragraph) and paragraph[j] == "`":
                j += 1
            closing = re.compile(r"(?<!`)" + "`" * (j - i) + r"(?!`)")
            found = closing.search(paragraph, j)
            if found is None:
                kept.append(paragraph[i:j])
                i = j
            else:
                i = found.end()
        kept.append("\n\n")
    return "".join(kept)
