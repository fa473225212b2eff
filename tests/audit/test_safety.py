"""The audit's promises: it never executes the audited tree, never writes into it, never prints a secret."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

import pytest

from .conftest import FIXTURES, commit_all, copy_sample, git, write_files

FORMATS = ("text", "md", "json", "html")


def snapshot(root: Path) -> dict[str, tuple]:
    """Every path under root (including .git) with its type, size, mtime and content hash."""
    state = {}
    for folder, subfolders, files in os.walk(root):
        for name in subfolders + files:
            path = Path(folder) / name
            info = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(info.st_mode) else ""
            state[str(path.relative_to(root))] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, digest)
    return state


@pytest.fixture
def would_execute(tmp_path) -> Path:
    project = tmp_path / "would-execute"
    shutil.copytree(FIXTURES / "would-execute", project)
    return project


def test_the_audited_tree_is_never_executed(would_execute, run):
    for format_name in FORMATS:
        assert run("audit", would_execute, "--format", format_name)[0] == 0
    assert not (would_execute / "EXECUTED").exists()


def test_git_hooks_and_filters_configured_in_the_audited_repository_are_never_run(would_execute, run, tmp_path):
    commit_all(would_execute)
    marker = tmp_path / "GIT-RAN-SOMETHING"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch '{marker}'\ncat\n")
    script.chmod(0o755)
    git(would_execute, "config", "core.fsmonitor", str(script))
    git(would_execute, "config", "filter.evil.clean", str(script))
    git(would_execute, "config", "filter.evil.smudge", str(script))
    (would_execute / ".gitattributes").write_text("*.py filter=evil\n")
    (would_execute / "setup.py").write_text("# changed, so git status must look at it again\n")
    os.utime(would_execute / "setup.py", (0, 0))
    code, out, _ = run("audit", would_execute, "--format", "json")
    assert code == 0 and '"git-uncommitted-changes"' in out
    assert not marker.exists()
    assert not (would_execute / "EXECUTED").exists()


def test_the_audited_tree_is_never_written_to(tmp_path, run):
    project = copy_sample("churn-model-flawed", tmp_path)
    commit_all(project)
    (project / "README.md").write_text("changed after the commit\n")  # so git status has work to do
    before = snapshot(project)
    for format_name in FORMATS:
        run("audit", project, "--format", format_name, "--output", tmp_path / f"report.{format_name}")
    assert snapshot(project) == before


AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY"
SAMPLE_PASSWORD = "churn-q3-" + "2018"


def test_secrets_never_appear_in_any_output_format(tmp_path, run):
    project = copy_sample("churn-model-flawed", tmp_path)
    write_files(project, {".env": "API_TOKEN=" + "tok_" + "9f8e7d6c5b4a3210\n",
                          "key.pem": "-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n"})
    outputs = []
    for format_name in FORMATS:
        code, out, err = run("audit", project, "--format", format_name)
        outputs += [out, err]
    run("audit", project, "--format", "json", "--output", tmp_path / "before.json")
    run("audit", project, "--format", "json", "--output", tmp_path / "after.json")
    for format_name in ("text", "md", "json"):
        outputs += list(run("audit", "--compare", tmp_path / "before.json", tmp_path / "after.json", "--format", format_name)[1:])
    everything = "\n".join(outputs)
    assert "AWS access key ID" in everything  # the secrets were found...
    for secret in (AWS_KEY, AWS_SECRET, SAMPLE_PASSWORD, "tok_9f8e7d6c5b4a3210", "b3BlbnNzaC1rZXktdjEAAAA"):
        assert secret not in everything  # ...and never shown
