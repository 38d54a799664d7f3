"""A school: two replicas behind Debian's nginx, started by the documented command
(``deploy/school.py``). A replica killed (kill -9) with 10 students on the two, some with a press
in flight: all 10 come back on the other replica at the call their screen showed, drawn as a
new visitor of their link sees it. Every export downloads through the proxy."""

import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.request import Request, urlopen

import psutil
import pytest
from harness import ON_CI, ROOT, free_port, free_run
from robustness.faults import differences, open_at, recovered, seen

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def school_command(verb, run_dir, port=None, first=None):
    """The command of docs/serving.md, on free ports of 127.0.0.1."""
    command = [sys.executable, "deploy/school.py", verb, "--run-dir", str(run_dir)]
    if verb == "start":
        command += ["--replicas", "2", "--address", "127.0.0.1"]
        command += ["--port", str(port), "--first", str(first)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    if not os.access(NGINX, os.X_OK):
        if ON_CI:
            pytest.fail(f"{NGINX} not found: .ci/run installs Debian's nginx")
        pytest.skip(f"{NGINX} not found (CI=true makes this a failure)")
    run_dir = tmp_path_factory.mktemp("school")
    port = free_port()
    first = free_run(2, avoid={port})  # the two replicas' ports, both free
    started = school_command("start", run_dir, port, first)
    assert started.returncode == 0, started.stdout + started.stderr
    yield {"url": f"http://127.0.0.1:{port}", "run_dir": run_dir, "ports": (first, first + 1)}
    stopped = school_command("stop", run_dir)
    assert stopped.returncode == 0, stopped.stderr


def replicas(run_dir):
    """{port: pid} of the replicas the command started."""
    found = {}
    for path in Path(run_dir).glob("replica-*.pid"):
        found[int(path.stem.split("-")[1])] = int(path.read_text())
    return found


def websockets_on(pid, port):
    """How many of nginx's connections the replica ``pid`` has open on ``port``."""
    return sum(
        1
        for c in psutil.Process(pid).net_connections("tcp")
        if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port
    )


def test_a_replica_killed_loses_no_student(chrome, school):
    steps = [1 + i % 5 for i in range(10)]
    pages = [open_at(chrome, school["url"], step) for step in steps]
    alive = replicas(school["run_dir"])
    load = {port: websockets_on(pid, port) for port, pid in alive.items()}
    victim = max(load, key=load.get)
    assert load[victim] > 0, load
    # a press in flight on four of them: drawn at once, its report not yet sent (300 ms)
    shown = list(steps)
    for i in (0, 3, 6, 9):
        pages[i].keyboard.press("ArrowRight")
        shown[i] += 1
    os.kill(alive[victim], signal.SIGKILL)
    cache = {}
    for page, step in zip(pages, shown, strict=True):
        got, want = recovered(page, step, chrome, cache)
        assert got == want, differences(got, want)
        assert got["errors"] == 0 and got["pos"] == got["link"] == str(step)
    for page in pages:
        page.context.close()


def test_every_export_downloads_through_the_proxy(chrome, school, tmp_path):
    page = open_at(chrome, school["url"], 3)
    page.get_by_role("tab", name="Export").click()
    buttons = page.locator("[data-testid=stDownloadButton] button:visible")
    buttons.first.wait_for()
    count = buttons.count()
    assert count >= 2  # DOT and .py always; SVG, PNG and the zip with a renderer
    got = {}
    for index in range(count):
        with page.expect_download(timeout=90_000) as download:
            buttons.nth(index).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        got[path.suffix] = path.read_bytes()
    assert got[".gv"].lstrip().startswith(b"digraph"), got[".gv"][:80]
    assert b"Variable(" in got[".py"]
    if ".svg" in got:
        assert b"<svg" in got[".svg"]
        assert got[".png"].startswith(b"\x89PNG")
        archive = next(p for p in tmp_path.iterdir() if p.suffix == ".zip")
        with zipfile.ZipFile(archive) as z:
            assert len(z.namelist()) > 1
    assert seen(page)["errors"] == 0
    page.context.close()


def test_streamlits_files_reach_a_replica_once_and_go_out_compressed(school):
    """A class opening the link at once: Streamlit's scripts are kept by nginx (one request per
    file reaches a replica) and sent gzip-compressed to a browser that asks for it."""
    html = urlopen(school["url"] + "/", timeout=30).read().decode()
    script = re.search(r'src="\.?(/static/js/[^"]+\.js)"', html).group(1)
    ask = {"Accept-Encoding": "gzip"}
    answers = []
    for _ in range(3):
        with urlopen(Request(school["url"] + script, headers=ask), timeout=30) as answer:
            answers.append((answer.headers, gzip.decompress(answer.read())))
    assert [headers["X-Cache-Status"] for headers, _ in answers][1:] == ["HIT", "HIT"]
    assert all(headers["Content-Encoding"] == "gzip" for headers, _ in answers)
    port = next(p for p, pid in replicas(school["run_dir"]).items() if psutil.pid_exists(pid))
    direct = urlopen(f"http://127.0.0.1:{port}{script}", timeout=30).read()
    assert all(body == direct for _, body in answers)  # the replica's file, byte for byte


def test_the_class_command_of_the_docs_serves():
    """docs/serving.md's command for a class, run as written (on a free port)."""
    from harness import AppServer

    command = "streamlit run streamlit_app.py --server.address 0.0.0.0"
    assert command in (ROOT / "docs" / "serving.md").read_text()
    server = AppServer()
    server.extra = ["--server.address", "0.0.0.0"]  # the last --server.address wins
    try:
        server.start()  # answers /_stcore/health on 127.0.0.1
        listening = {
            c.laddr.ip
            for c in psutil.Process(server.process.pid).net_connections("tcp")
            if c.status == psutil.CONN_LISTEN and c.laddr.port == server.port
        }
        assert "0.0.0.0" in listening or "::" in listening, listening
    finally:
        server.stop()
