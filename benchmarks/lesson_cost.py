"""What opening a link costs: the server's CPU and the bytes it sends until the page is idle.

Chromium opens each link in a fresh browser context, and the pages are measured alternately,
round after round, so that the machine's drift hits them alike:

- **the app** (this checkout), and **the app before** (``--alt <git ref>``: the commit the
  one-lesson rewrite started from, checked out in a temporary worktree and served the same
  way), each with the book's example and with 32 functions in steps 06, 07 and 08 (links of
  the chain app, ``f=...&x=...&book=NN``, which both open);
- **a minimal Streamlit page**: one button and one line of text.

*Server CPU* is the server process's utime + stime (``/proc``) from the navigation to the
page being idle; *sent* is every byte the server sent over the page's websocket in that
time; *idle* is the script not running and no websocket message for 1.5 s.

    python benchmarks/lesson_cost.py                       # 3 rounds
    python benchmarks/lesson_cost.py --rounds 5 --alt f2415ce
"""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from harness import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402

BOOK = ("Square", "Exp", "Square")
CHAIN32 = (("Sin", "Exp", "Log", "Square", "Cos", "Tanh", "Sigmoid") * 5)[:32]
CASES = {
    "book example (06)": {"f": ",".join(BOOK), "x": "0.5"},
    "32 functions, 06": {"f": ",".join(CHAIN32), "x": "0.5"},
    "32 functions, 07": {"f": ",".join(CHAIN32), "x": "0.5", "book": "07"},
    "32 functions, 08": {"f": ",".join(CHAIN32), "x": "0.5", "book": "08"},
}
MINIMAL = """
import streamlit as st
st.button("Next", key="next")
st.write("A minimal page.")
"""


class Server:
    """``streamlit run`` of ``script`` from ``cwd`` (its .streamlit/config.toml applies)."""

    def __init__(self, cwd, script="streamlit_app.py"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true"]
        command += ["--server.port", str(self.port), "--server.address", "127.0.0.1"]
        command += ["--browser.gatherUsageStats", "false"]
        self.process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if urlopen(f"{self.url}/_stcore/health", timeout=2).read() == b"ok":
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{cwd}/{script} did not start")

    def cpu(self):
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def open_once(browser, server, query):
    """Open the page once in a fresh context; (server CPU s, bytes sent, seconds to idle)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sent = [0]
    last = [time.monotonic()]

    def on_socket(socket):
        def received(payload):
            sent[0] += len(payload)
            last[0] = time.monotonic()

        socket.on("framereceived", received)

    page.on("websocket", on_socket)
    before = server.cpu()
    start = time.monotonic()
    page.goto(f"{server.url}/?{urlencode(query)}" if query else server.url)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=120_000)
    while time.monotonic() - last[0] < 1.5:
        time.sleep(0.1)
    idle = last[0] - start
    cpu = server.cpu() - before
    context.close()
    return cpu, sent[0], idle


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--alt", default="f2415ce", help="the commit before ('' for none)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    servers = {"app": Server(ROOT)}
    temp = tempfile.TemporaryDirectory()
    alt = None
    if args.alt:
        alt = Path(temp.name) / "before"
        subprocess.run(["git", "worktree", "add", "--detach", str(alt), args.alt], cwd=ROOT,
                       check=True, capture_output=True)
        servers["before"] = Server(alt)
    (Path(temp.name) / "minimal.py").write_text(MINIMAL)
    servers["minimal"] = Server(temp.name, "minimal.py")
    pages = [("minimal page", "minimal", None)]
    for case, query in CASES.items():
        pages.append((f"app: {case}", "app", query))
        if alt:
            pages.append((f"before: {case}", "before", query))
    results = {name: [] for name, _, _ in pages}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            for _, server, query in pages:  # one warm-up each (imports, caches)
                open_once(browser, servers[server], query)
            for _ in range(args.rounds):
                for name, server, query in pages:
                    results[name].append(open_once(browser, servers[server], query))
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
        if alt:
            subprocess.run(["git", "worktree", "remove", "--force", str(alt)], cwd=ROOT,
                           capture_output=True)
        temp.cleanup()

    def median(name, k):
        return statistics.median(r[k] for r in results[name])

    minimal_cpu = median("minimal page", 0)
    print(f"{args.rounds} rounds, medians; anchors: the minimal page and each app's book example")
    print("| page | server CPU (ms) | × minimal | × book example | sent (KB) | idle (s) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, server, _ in pages:
        cpu, sent, idle = median(name, 0), median(name, 1), median(name, 2)
        anchor = "minimal page" if server == "minimal" else f"{server}: book example (06)"
        book = median(anchor, 0)
        print(
            f"| {name} | {cpu * 1000:.0f} | {cpu / max(minimal_cpu, 1e-9):.1f} | "
            f"{cpu / max(book, 1e-9):.2f} | {sent / 1024:.0f} | {idle:.2f} |"
        )


if __name__ == "__main__":
    main()
