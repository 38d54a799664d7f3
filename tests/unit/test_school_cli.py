"""deploy/school.py's command line, without starting anything: the options after `--` reach
every replica wherever the others stand, and a port already taken is refused before a replica
starts (a replica that cannot bind exits, and whatever holds the port would answer its health
check)."""

import importlib.util
import socket
from pathlib import Path

import pytest

PATH = Path(__file__).resolve().parents[2] / "deploy" / "school.py"
spec = importlib.util.spec_from_file_location("school", PATH)
school = importlib.util.module_from_spec(spec)
spec.loader.exec_module(school)


@pytest.fixture
def seen(monkeypatch):
    calls = []
    monkeypatch.setattr(school, "start", lambda args: calls.append(args))
    return calls


@pytest.mark.parametrize(
    "argv",
    [
        ["start", "--replicas", "2", "--port", "8630", "--", "--server.maxUploadSize", "20"],
        ["--replicas", "2", "start", "--port", "8630", "--", "--server.maxUploadSize", "20"],
    ],
)
def test_options_after_the_dashes_go_to_the_replicas(seen, argv):
    assert school.main(argv) == 0
    (args,) = seen
    assert (args.replicas, args.port) == (2, 8630)
    assert args.streamlit_args == ["--server.maxUploadSize", "20"]


def test_without_dashes_the_replicas_get_nothing_more(seen):
    school.main(["start", "--replicas", "3"])
    assert seen[0].streamlit_args == [] and seen[0].replicas == 3


def test_a_taken_port_is_refused_before_anything_starts(monkeypatch, tmp_path):
    started = []
    monkeypatch.setattr(school.subprocess, "Popen", lambda *a, **k: started.append(a))
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        argv = ["start", "--run-dir", str(tmp_path), "--first", str(port), "--replicas", "1"]
        # the held port is named (nginx's port next to it may be taken by something else too)
        with pytest.raises(SystemExit, match=rf"port (\d+, )?{port}(, \d+)? is taken"):
            school.main([*argv, "--port", str(port + 1 if port < 65535 else port - 1)])
    assert started == []


def test_one_replica_is_said_in_the_singular(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(school, "taken", lambda port, address="127.0.0.1": False)

    class Running:
        pid = 1

        def poll(self):
            return None

    monkeypatch.setattr(school.subprocess, "Popen", lambda *a, **k: Running())
    monkeypatch.setattr(school.subprocess, "run", lambda *a, **k: None)
    monkeypatch.setattr(school, "wait_healthy", lambda *a, **k: None)
    monkeypatch.setattr(school, "streamlit_files", lambda run_dir: None)
    monkeypatch.setattr(school, "pids", lambda run_dir: {})
    school.main(["start", "--run-dir", str(tmp_path), "--replicas", "1", "--first", "8641"])
    assert "1 replica (port 8641) behind nginx" in capsys.readouterr().out
