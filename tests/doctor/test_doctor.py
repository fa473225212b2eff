"""`tension-points doctor`: one line per check with its fix, exit 0 when the machine is ready and
exit 1, naming the fix, when something the exercises need is missing."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tension_points.doctor import checks

CHECK_NAMES = ["Python", "packages", "JupyterLab", "folder", "port", "kernel"]


def doctor(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tension_points", "doctor", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_ready_machine_passes_every_check_one_line_each(tmp_path):
    run = doctor("--port", str(free_port()), cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.strip().splitlines()
    assert [line.split(":")[0].split()[-1] for line in lines[:-1]] == CHECK_NAMES
    assert all(line.startswith("ok ") for line in lines[:-1])
    assert lines[-1] == "6 of 6 checks passed: ready for the exercises"
    assert "imported the kit" in lines[5]
    assert run.stderr == ""  # the kernel's own chatter stays out of the learner's way


def test_a_port_in_use_fails_with_exit_1_and_the_fix(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = doctor("--port", str(port), cwd=tmp_path)
    assert run.returncode == 1
    line = next(line for line in run.stdout.splitlines() if line.startswith("FAIL  port"))
    assert f"{port} on 127.0.0.1 is in use" in line and "Fix:" in line and "--port 0" in line
    assert run.stdout.strip().splitlines()[-1] == "5 of 6 checks passed; fix port and run tension-points doctor again"


def test_a_kernel_that_does_not_start_fails_naming_the_fix(tmp_path):
    kernels = tmp_path / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    # The commonest room failure: the default kernel is some other Python, one that cannot start a kernel.
    spec = {"argv": [sys.executable, "-c", "import sys; print('no kernel here', file=sys.stderr); sys.exit(1)",
                     "-f", "{connection_file}"], "display_name": "Python 3", "language": "python"}
    (kernels / "kernel.json").write_text(json.dumps(spec))
    run = doctor("--port", str(free_port()), cwd=tmp_path, env={**os.environ, "JUPYTER_PATH": str(tmp_path / "jupyter")})
    assert run.returncode == 1
    line = next(line for line in run.stdout.splitlines() if line.startswith("FAIL  kernel"))
    assert "did not run" in line and "no kernel here" in line
    assert "ipykernel install --user --name python3" in line


def test_a_missing_package_fails_naming_it_and_the_install_command(monkeypatch):
    real = checks.installed_version
    monkeypatch.setattr(checks, "installed_version", lambda name: None if name == "jupyterlab" else real(name))
    packages, jupyterlab = checks.check_packages(), checks.check_jupyterlab()
    assert not packages.ok and not jupyterlab.ok
    fix = f'Fix: {sys.executable} -m pip install "tension-points[exercises]"'  # into this very environment
    assert packages.line().startswith(f"FAIL  packages: missing or wrong version: jupyterlab. {fix}")
    assert jupyterlab.line().startswith(f"FAIL  JupyterLab: not installed. {fix}")


def test_the_packages_checked_are_the_kits_own_requirements():
    names = {requirement.name for requirement, _ in checks.requirements()}
    assert {"PyYAML", "jsonschema", "matplotlib", "jupyterlab", "nbconvert"} <= names
    assert "sphinx" not in names  # the authoring stack is not a learner's concern


def test_a_folder_that_cannot_be_written_fails_with_the_fix():
    result = checks.check_writable(Path("/proc"))
    assert not result.ok and "cannot write in /proc" in result.line() and "--folder" in result.line()


@pytest.mark.parametrize("args, message", [
    (["--folder", "nowhere"], "tension-points: error: nowhere: no such folder"),
    (["--port", "70000"], "tension-points: error: --port 70000: a port is a number from 1 to 65535"),
])
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, args, message):
    run = doctor(*args, cwd=tmp_path)
    assert run.returncode == 2 and run.stderr.strip() == message and run.stdout == ""
