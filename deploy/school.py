"""Serve a school: N replicas of the app behind nginx, started and stopped by one command.

    python deploy/school.py start --replicas 4 --port 8500 --address 0.0.0.0
    python deploy/school.py status
    python deploy/school.py stop

``start`` runs ``streamlit run streamlit_app.py`` N times on 127.0.0.1 (ports ``--first``,
``--first`` + 1, ...), waits until every one answers ``/_stcore/health``, lays out
Streamlit's own files for nginx (each with a gzip copy), writes ``nginx.conf`` from
``deploy/nginx.conf.template`` into ``--run-dir`` and starts Debian's nginx with it
(students open ``http://<address>:<port>``). ``stop`` ends nginx and every
replica by the ids written in ``--run-dir``; ``status`` says which are alive. Logs are in
``--run-dir`` too. Only the standard library: run it with the app's Python.
"""

import argparse
import contextlib
import grp
import gzip
import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# Streamlit's files that are text (compressed about 4:1); fonts and images are compressed already
TEXT = {".js", ".css", ".json", ".map", ".svg", ".txt", ".html"}


def replica_command(port, python=sys.executable, script="streamlit_app.py"):
    return [
        python, "-m", "streamlit", "run", str(ROOT / script),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def healthy(url, timeout=2):
    with contextlib.suppress(OSError):
        return urlopen(f"{url}/_stcore/health", timeout=timeout).read() == b"ok"
    return False


def wait_healthy(url, timeout, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"{url}: the replica exited (see its log)")
        if healthy(url):
            return
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer /_stcore/health within {timeout} s")


def streamlit_files(run_dir):
    """Streamlit's own files (its /static/: scripts, styles, fonts; about 100 files and 3 MB on
    a first visit), laid out in ``run_dir``/public for nginx to send itself: a link to each file
    of the Streamlit the replicas run (this Python's), and beside each text one a gzip copy
    (nginx's ``gzip_static``), so a class opening the link costs no replica and no compressing.
    Made again at every start, so it always matches the installed Streamlit."""
    package = Path(importlib.util.find_spec("streamlit").origin).parent
    source = package / "static" / "static"
    public = run_dir / "public"
    shutil.rmtree(public, ignore_errors=True)
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        target = public / "static" / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(path)
        if path.suffix in TEXT:
            packed = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            target.with_name(target.name + ".gz").write_bytes(packed)


def config(run_dir, listen, ports):
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in ports
    )
    user = ""  # not root: nginx's workers are this user already
    if os.geteuid() == 0:
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};"
    return TEMPLATE.read_text().format(run_dir=run_dir, listen=listen, servers=servers, user=user)


def taken(port, address="127.0.0.1"):
    """Whether something already listens on ``address``:``port`` (then a replica started
    there would exit, and its health check would be answered by whatever holds the port)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError:
            return True
    return False


def alive(pid):
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def pids(run_dir):
    """{name: pid} of what start left running (replica-<port>, nginx)."""
    found = {}
    for path in sorted(Path(run_dir).glob("*.pid")):
        with contextlib.suppress(ValueError, OSError):
            found[path.stem] = int(path.read_text().split()[0])
    return found


def start(args):
    run_dir = Path(args.run_dir).resolve()
    if any(alive(pid) for pid in pids(run_dir).values()):
        raise SystemExit(f"already running from {run_dir}: stop it first")
    run_dir.mkdir(parents=True, exist_ok=True)
    for stale in run_dir.glob("*.pid"):
        stale.unlink()
    ports = [args.first + i for i in range(args.replicas)]
    busy = [port for port in ports if taken(port)]
    if taken(args.port, "" if args.address in ("0.0.0.0", "") else args.address):
        busy.append(args.port)
    if busy:
        raise SystemExit(
            f"port {', '.join(map(str, busy))} is taken: stop what holds it, or choose "
            "other ports (--first for the replicas, --port for nginx)"
        )
    started = []
    for port in ports:
        log = open(run_dir / f"replica-{port}.log", "ab")  # noqa: SIM115 - the child keeps it
        process = subprocess.Popen(
            replica_command(port, script=args.script) + list(args.streamlit_args),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # outlives this command; stopped by `stop`
        )
        (run_dir / f"replica-{port}.pid").write_text(str(process.pid))
        started.append((port, process))
    try:
        for port, process in started:
            wait_healthy(f"http://127.0.0.1:{port}", args.timeout, process)
        for port, process in started:  # answered by this replica, not one that was there
            if process.poll() is not None:
                raise SystemExit(f"the replica on port {port} exited (see its log)")
        streamlit_files(run_dir)
        conf = run_dir / "nginx.conf"
        conf.write_text(config(run_dir, f"{args.address}:{args.port}", ports))
        subprocess.run([NGINX, "-t", "-q", "-p", str(run_dir), "-c", str(conf)], check=True)
        subprocess.run([NGINX, "-p", str(run_dir), "-c", str(conf)], check=True)
        wait_healthy(f"http://127.0.0.1:{args.port}", args.timeout)
    except BaseException:
        stop(args)  # nothing half-started is left behind
        raise
    shown = "127.0.0.1" if args.address in ("0.0.0.0", "") else args.address
    where = (
        f"1 replica (port {ports[0]})"
        if len(ports) == 1
        else (f"{len(ports)} replicas (ports {ports[0]}-{ports[-1]})")
    )
    print(f"{where} behind nginx: http://{shown}:{args.port}")  # fmt: skip


def stop(args):
    run_dir = Path(args.run_dir).resolve()
    found = pids(run_dir)
    for name, pid in found.items():
        if alive(pid):
            os.kill(pid, signal.SIGTERM if name != "nginx" else signal.SIGQUIT)
    deadline = time.monotonic() + args.timeout
    for name, pid in found.items():
        while alive(pid) and time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.1)
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
        (run_dir / f"{name}.pid").unlink(missing_ok=True)
    print(f"stopped {len(found)} processes" if found else "nothing was running")


def status(args):
    found = pids(Path(args.run_dir).resolve())
    if not found:
        print("nothing is running")
        return 1
    for name, pid in found.items():
        port = name.removeprefix("replica-")
        health = ""
        if name != "nginx":
            health = " healthy" if healthy(f"http://127.0.0.1:{port}") else " not answering"
        print(f"{name}: pid {pid} {'alive' if alive(pid) else 'dead'}{health}")
    return 0 if all(alive(pid) for pid in found.values()) else 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument("--replicas", type=int, default=2, help="how many (about one per core)")
    parser.add_argument("--port", type=int, default=8500, help="nginx's port: the students'")
    parser.add_argument("--address", default="0.0.0.0", help="nginx listens here")
    parser.add_argument("--first", type=int, default=8601, help="the first replica's port")
    parser.add_argument("--run-dir", default="/tmp/backprop-school", help="config, ids, logs")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument(
        "--script", default="streamlit_app.py", help="the page to serve (benchmarks/load.py)"
    )
    parser.epilog = "Options after -- go to every replica (-- --server.maxUploadSize 20)."
    argv = sys.argv[1:] if argv is None else list(argv)
    cut = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:cut])
    args.streamlit_args = argv[cut + 1 :]
    return {"start": start, "stop": stop, "status": status}[args.command](args) or 0


if __name__ == "__main__":
    sys.exit(main())
