"""Small helpers for the robustness tests: a `streamlit run` server and a headless Chromium.

Self-contained on purpose (nothing from tests/browser; the browser tests' conftest and the
benchmarks use its server and Chromium settings): the server runs on a free port of
127.0.0.1 with the settings of .streamlit/config.toml, and the browser is Debian's
/usr/bin/chromium, driven by Playwright's sync API in a thread of its own (so it never meets
another Playwright or asyncio loop of the test session).
"""

import asyncio
import contextlib
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

ROOT = Path(__file__).resolve().parents[2]
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
PROGRESS = '[data-testid="stProgress"]'

if str(ROOT) not in sys.path:  # expected values come from the app's own engine
    sys.path.insert(0, str(ROOT))


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
          const bar = document.querySelector('{PROGRESS}');
          const m = bar && bar.textContent.match(/(\\d+)\\D+(\\d+)/);
          return m !== null && Number(m[1]) === pos && Number(m[2]) === total;
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


def position(page):
    return page.locator(PROGRESS).inner_text()


# -- a websocket session without a browser ------------------------------------------------------
class WsRun(NamedTuple):
    status: str
    exceptions: list
    texts: list
    elements: list


async def ws_session(port, query, presses=0, timeout=120, press="next"):
    """One Streamlit session over the raw websocket, as the browser drives it.

    Sends the first ``rerun_script`` with ``query`` as the page's query string, then presses
    *Next call* ``presses`` times (each press the rerun of the lesson's fragment that the
    browser sends: the button's trigger, with the fragment's id), reading every message until
    ``script_finished`` each time, then closes (the server then disconnects the session).
    Returns the last run as a ``WsRun``: the name of its script_finished status
    (``FINISHED_SUCCESSFULLY``, or ``FINISHED_FRAGMENT_RUN_SUCCESSFULLY`` after a press), the
    text of every exception element, every Markdown and code text shown, and the type of
    every element sent (``"button"``, ``"markdown"``, ...).

    ``press="graph"``: a press is what the graph element sends once a burst of presses has
    ended (its state ``pos``: the next position), instead of the Next button's trigger.
    """
    import json

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:

        async def one_run(next_button=None):
            message = BackMsg()
            message.rerun_script.query_string = query
            message.rerun_script.page_script_hash = ""
            if next_button:
                widget = message.rerun_script.widget_states.widgets.add()
                widget.id, message.rerun_script.fragment_id = next_button[:2]
                if press == "graph":
                    step, chain = next_button[2]["step"] + 1, next_button[2]["chain"]
                    pos = {"step": step, "chain": chain, "seq": step}
                    widget.json_value = json.dumps({"pos": pos})
                else:
                    widget.trigger_value = True
            await ws.send(message.SerializeToString())
            run = WsRun("", [], [], [])
            found = None
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
                    elif which == "bidi_component" and press == "graph":
                        data = json.loads(element.bidi_component.json)
                        found = (element.bidi_component.id, received.delta.fragment_id, data)
                    elif which == "markdown":
                        run.texts.append(element.markdown.body)
                    elif which == "code":
                        run.texts.append(element.code.code_text)
                if kind == "script_finished":
                    status = ForwardMsg.ScriptFinishedStatus.Name(received.script_finished)
                    return run._replace(status=status), found

        last, found = await one_run()
        for _ in range(presses):
            if found is None:
                raise RuntimeError("no Next call button to press")
            last, found = await one_run(found)
        return last
