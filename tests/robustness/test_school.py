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


def needs_nginx():
    if not os.access(NGINX, os.X_OK):
        if ON_CI:
            pytest.fail(f"{NGINX} not found: .ci/run installs Debian's nginx")
        pytest.skip(f"{NGINX} not found (CI=true makes this a failure)")


@pytest.fixture(scope="module")
def school(tmp_path_factory):
    needs_nginx()
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


# what nginx says Streamlit's files are
TYPES = {"js": "text/javascript", "css": "text/css", "woff2": "font/woff2"}


def running(pid):
    return psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE


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


def test_streamlits_files_come_from_nginx_compressed_and_equal_to_a_replicas(school):
    """A class opening the link at once: Streamlit's scripts, styles and fonts are sent by nginx
    itself, "immutable", byte for byte what a replica sends, the text ones gzip-compressed
    ahead. Proven with both replicas stopped (SIGSTOP): a request that reached one would hang."""
    html = urlopen(school["url"] + "/", timeout=30).read().decode()
    files = sorted(set(re.findall(r'(?:src|href)="\.?(/static/[^"]+)"', html)))
    assert {f.rsplit(".", 1)[1] for f in files} >= {"js", "css", "woff2"}, files
    port, pid = next((p, pid) for p, pid in replicas(school["run_dir"]).items() if running(pid))
    direct = {f: urlopen(f"http://127.0.0.1:{port}{f}", timeout=30).read() for f in files}
    stopped = [pid for pid in replicas(school["run_dir"]).values() if running(pid)]
    for pid in stopped:
        os.kill(pid, signal.SIGSTOP)
    try:
        for f in files:
            ask = Request(school["url"] + f, headers={"Accept-Encoding": "gzip"})
            with urlopen(ask, timeout=5) as answer:
                headers, body = answer.headers, answer.read()
            assert "immutable" in headers["Cache-Control"], f
            kind = headers["Content-Type"].split(";")[0]
            assert kind == TYPES[f.rsplit(".", 1)[1]], f
            if kind.startswith("text/"):
                assert headers["Content-Encoding"] == "gzip", f
                assert headers["Vary"] == "Accept-Encoding", f
                body = gzip.decompress(body)
            assert body == direct[f], f  # the replica's file, byte for byte
            # a browser that does not ask for gzip gets the file itself
            with urlopen(school["url"] + f, timeout=5) as answer:
                assert answer.headers["Content-Encoding"] is None and answer.read() == direct[f]
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)


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


def test_the_large_class_command_of_the_docs_serves(tmp_path):
    """docs/serving.md's commands for a large class from a laptop (one replica behind nginx),
    run as written, on free ports of 127.0.0.1: the page comes through, Streamlit's scripts
    come from nginx compressed, and ``stop`` leaves nothing running."""
    needs_nginx()
    docs = (ROOT / "docs" / "serving.md").read_text()
    start, stop = (
        re.search(rf"^python deploy/school.py {verb}\b[^#\n]*", docs, re.M).group(0).split()
        for verb in ("start --replicas 1", "stop")
    )
    port = free_port()
    here = ["--run-dir", str(tmp_path), "--address", "127.0.0.1"]
    here += ["--port", str(port), "--first", str(free_run(1, avoid={port}))]  # the last wins
    started = subprocess.run(
        [sys.executable, *start[1:], *here], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        assert len(replicas(tmp_path)) == 1
        html = urlopen(f"http://127.0.0.1:{port}/", timeout=30).read().decode()
        script = re.search(r'src="\.?(/static/js/[^"]+\.js)"', html).group(1)
        ask = Request(f"http://127.0.0.1:{port}{script}", headers={"Accept-Encoding": "gzip"})
        with urlopen(ask, timeout=30) as answer:
            assert answer.headers["Content-Encoding"] == "gzip"
            assert b"streamlit" in gzip.decompress(answer.read()).lower()
    finally:
        left = [int(path.read_text().split()[0]) for path in tmp_path.glob("*.pid")]  # and nginx
        stopped = subprocess.run(
            [sys.executable, *stop[1:], "--run-dir", str(tmp_path)],
            cwd=ROOT, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    assert stopped.returncode == 0, stopped.stderr
    assert len(left) == 2 and not any(running(pid) for pid in left)
