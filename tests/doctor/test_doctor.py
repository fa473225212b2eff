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

CHECK_NAMES = ["Python", "packages", "JupyterLab", "folder", "port", "git", "kernel"]
GIT_ENV = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL")


def git_config(tmp_path: Path, text: str) -> dict:
    """An environment whose only git configuration is ``text`` (no system file, no identity in the environment)."""
    config = tmp_path / "gitconfig"
    config.write_text(text)
    env = {k: v for k, v in os.environ.items() if k not in GIT_ENV}
    return {**env, "GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}


# A machine where git knows nobody and will not guess a name from the host's (useConfigOnly).
NO_IDENTITY = "[user]\n\tuseConfigOnly = true\n"
IDENTITY = "[user]\n\tname = Ada Learner\n\temail = ada@example.com\n"


def doctor(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tension_points", "doctor", *args], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_ready_machine_passes_every_check_one_line_each(tmp_path):
    run = doctor("--port", str(free_port()), cwd=tmp_path, env=git_config(tmp_path, IDENTITY))
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.strip().splitlines()
    assert [line.split(":")[0].split()[-1] for line in lines[:-1]] == CHECK_NAMES
    assert all(line.startswith("ok ") for line in lines[:-1])
    assert lines[-1] == "7 of 7 checks passed: ready for the exercises"
    assert lines[5].endswith("commits as Ada Learner <ada@example.com>")
    assert "imported the kit" in lines[6]
    assert run.stderr == ""  # the kernel's own chatter stays out of the learner's way


def test_a_port_in_use_is_a_note_with_the_way_round_it_not_a_failure(tmp_path):
    """No exercise needs the port (woz serve takes --port 0): Set up calls it optional, so does doctor."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = doctor("--port", str(port), cwd=tmp_path, env=git_config(tmp_path, IDENTITY))
    assert run.returncode == 0, run.stdout
    line = next(line for line in run.stdout.splitlines() if line.startswith("note  port"))
    assert f"{port} on 127.0.0.1 is in use; the exercises do not need it" in line and "Fix:" in line and "--port 0" in line
    assert run.stdout.strip().splitlines()[-1] == "7 of 7 checks passed (a note on port): ready for the exercises"


def test_git_without_a_name_and_email_is_a_note_saying_how_to_set_them(tmp_path):
    """The audit exercise sets a name and email for its own copy: a learner who has none is ready."""
    run = doctor("--port", str(free_port()), cwd=tmp_path, env=git_config(tmp_path, NO_IDENTITY))
    assert run.returncode == 0, run.stdout
    line = next(line for line in run.stdout.splitlines() if line.startswith("note  git"))
    assert "is installed, with no name and email to commit under yet (the audit exercise sets them for its own copy" in line
    assert 'Fix: git config --global user.name "Your Name" and git config --global user.email you@example.com' in line
    assert "without --global inside it" in line
    assert run.stdout.strip().splitlines()[-1] == "7 of 7 checks passed (a note on git): ready for the exercises"


def test_a_failure_and_a_note_together_exit_1_asking_to_fix_only_the_failure(tmp_path, monkeypatch, capsys):
    import argparse

    from tension_points.doctor import command

    monkeypatch.setattr(checks, "check_kernel", lambda: checks.Result("kernel", False, "the kernel did not start", "reinstall"))
    monkeypatch.setattr(checks, "check_git", lambda folder: checks.Result("git", False, "no name yet", "git config", note=True))
    assert command.run(argparse.Namespace(folder=tmp_path, port=free_port())) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert "note  git: no name yet. Fix: git config" in out
    assert out[-1] == "6 of 7 checks passed (a note on git); fix kernel and run tension-points doctor again"


def test_git_identity_from_the_environment_is_enough(tmp_path, monkeypatch):
    for name, value in git_config(tmp_path, NO_IDENTITY).items():
        monkeypatch.setenv(name, value)
    for name in ("GIT_COMMITTER_NAME", "GIT_AUTHOR_NAME"):
        monkeypatch.setenv(name, "Ada Learner")
    for name in ("GIT_COMMITTER_EMAIL", "GIT_AUTHOR_EMAIL"):
        monkeypatch.setenv(name, "ada@example.com")
    assert checks.check_git(tmp_path).line().endswith("commits as Ada Learner <ada@example.com>")


def test_no_git_at_all_fails_saying_where_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setattr(checks.shutil, "which", lambda name: None)
    result = checks.check_git(tmp_path)
    assert not result.ok and result.line().startswith("FAIL  git: git is not installed")
    assert "https://git-scm.com/downloads" in result.line()


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
