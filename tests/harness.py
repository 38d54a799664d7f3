"""What the tests and the benchmarks share, in one place.

- the book's lessons as the engine computes them (``book_lesson``): every expected number
  comes from the engine, never from the app's panels;
- the AppTest driver (``new_app``, ``click``, ``element_data``, ``frames``, ``report``);
- ``AppServer``: ``streamlit run`` on a free port of 127.0.0.1 with the settings of
  .streamlit/config.toml, with its memory and CPU readings;
- Debian's Chromium (``CHROMIUM``, ``CHROMIUM_ARGS``, ``launch``), driven by Playwright's sync
  API in a thread of its own (``in_thread``);
- ``ws_session``: a Streamlit session over the raw websocket, as a browser drives it.

Imported as ``harness`` (pyproject's ``pythonpath`` has tests/; benchmarks add it).
"""

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple
from urllib.request import urlopen

import pytest
from streamlit.testing.v1 import AppTest

from autograd import steps, tracer
from autograd.program import names_for, parse
from components.model import lessons, programs

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
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
BOOK = ("Square", "Exp", "Square")
BOOK_X_GRAD = "3.297442541400256"  # printed by the book: print(x.grad)
MESSAGE_TYPES = ("warning", "error", "info", "success")


def needs_chromium():
    """Skip without Chromium, except on CI (CI=true), where a missing browser must fail."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not ON_CI:
        pytest.skip(f"{CHROMIUM} not found (CI=true makes this a failure)")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_run(count, avoid=()):
    """The first of ``count`` consecutive free ports of 127.0.0.1 (none in ``avoid``): each is
    bound at once to check it, then released, as ``free_port`` does for one."""
    while True:
        first = free_port()
        ports = range(first, first + count)
        if any(port in avoid or port > 65535 for port in ports):
            continue
        with contextlib.ExitStack() as stack:
            try:
                for port in ports:
                    sock = stack.enter_context(socket.socket())
                    sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return first


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


# -- a websocket session without a browser ------------------------------------------------------
class WsRun(NamedTuple):
    status: str
    exceptions: list
    texts: list
    elements: list
    query: str = ""  # the address bar's query string after the run (the spec, in the URL)


async def ws_session(port, query, presses=0, timeout=120, press="next", times=None, pause=None):
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

    ``times``: a list that gets each run's seconds, from the message that starts it until its
    ``script_finished`` (the first from before the connection is opened); ``pause``: an async
    callable awaited before each press (a student's pause).
    """
    import json

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    address = [query]  # the address bar's query string, as the runs change it
    times = [] if times is None else times
    opened = time.perf_counter()
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
                    # where a burst of presses ended, as the browser's element reports it
                    pos = {"step": next_button[2]["step"] + 1, "lesson": next_button[2]["lesson"]}
                    next_button[2]["step"] += 1
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
        times.append(time.perf_counter() - opened)
        for _ in range(presses):
            if found is None:
                raise RuntimeError("no Next call button to press")
            if pause is not None:
                await pause()
            start = time.perf_counter()
            last, found, _ = await one_run(found)
            times.append(time.perf_counter() - start)
        return last


# -- the book's lessons, from the engine ----------------------------------------------------------
def hundred_functions():
    """A branching program of 100 functions (sin, *, +): each line uses the two before it."""
    lines = ["x = Variable(np.array(0.5))", "y = Variable(np.array(0.25))", "a0 = x * y"]
    lines.append("a1 = sin(a0) + x")
    count, i = 4, 2  # the functions so far, the next line's number
    while count < 100:
        lines.append(f"a{i} = sin(a{i - 1}) * 0.5 + a{i - 2}")
        count, i = count + 3, i + 1
    return "\n".join([*lines, f"z = a{i - 1}", "z.backward()", "print(x.grad, y.grad)"]) + "\n"


def book_lesson(step="06", program=None, defs=()):
    """The lesson of ``program`` (the book's example chain in ``step``'s style by default), as
    the engine traces it."""
    program = program or programs.chain_program(BOOK, "0.5", step)
    return lessons.build(program, step, tuple(defs)).lesson


def traced(program, step):
    """A program traced directly (without the app's model)."""
    book = steps.book(step)
    return tracer.run(parse(program, names_for(step, book.names)), step)


# -- the AppTest driver ---------------------------------------------------------------------------
def new_app(query=None, locale=None):
    """A fresh session (one browser tab) of the app, after its first run."""
    at = AppTest.from_file(APP, default_timeout=30)
    for name, value in (query or {}).items():
        at.query_params[name] = value
    if locale is not None:
        at.context = {"locale": locale}
    return at.run()


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def element(at):
    """The graph element as AppTest holds it (an UnknownElement), or None."""
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and getattr(proto, "component_name", "").endswith("backprop_lesson"):
            return node
    return None


def element_data(at):
    """The data the element was last given (the contract of graph_element.js)."""
    found = element(at)
    return None if found is None else json.loads(found.proto.json)


def frames(at):
    """The frames the element was sent in the last run (None if it was told it holds them)."""
    data = element_data(at)
    return None if data is None or data["frames"] is None else json.loads(data["frames"])


def report(at, value):
    """What the browser sends: the graph element's JSON state becomes ``value`` (its
    callbacks run, as in a browser)."""
    found = element(at)
    states = at._tree.get_widget_states()
    widget = states.widgets.add()
    widget.id = found.proto.id
    widget.json_value = json.dumps(value)
    return at._run(states)


def report_position(at, step, lesson=None):
    """The element's report of where a burst of presses ended (what its JS sends)."""
    data = element_data(at)
    return report(at, {"pos": {"step": step, "lesson": lesson or data["lesson"]}})


def click(at, key):
    at.button(key=key).click()
    return at.run()


def messages(at, kind):
    return [element.value for element in getattr(at, kind)]


def exceptions(at):
    return [element.value for element in at.exception]


def query(at):
    """The address bar's parameters after the last run (a list: repeated)."""
    return dict(at.query_params)
