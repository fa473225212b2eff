"""Helpers for the audit tests: build small projects, run the command, read its output.

Fixture projects under fixtures/ are audited, never imported: pytest must not
collect their conftest.py or setup.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tension_points.cli import main

collect_ignore_glob = ["fixtures/*", "golden/*", "corpus/*"]

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
REPO = HERE.parents[1]
SAMPLES = REPO / "exercises" / "sample-projects"


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def notebook(*cells: dict) -> str:
    return json.dumps({"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def code_cell(source: str, count: int | None = None, outputs: list | None = None) -> dict:
    return {"cell_type": "code", "metadata": {}, "source": source, "execution_count": count, "outputs": outputs or []}


GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Learner",
           "GIT_AUTHOR_EMAIL": "learner@example.com", "GIT_COMMITTER_NAME": "Learner",
           "GIT_COMMITTER_EMAIL": "learner@example.com", "GIT_AUTHOR_DATE": "2018-10-01T12:00:00Z",
           "GIT_COMMITTER_DATE": "2018-10-01T12:00:00Z"}


def git(root: Path, *args: str) -> str:
    completed = subprocess.run(["git", *args], cwd=root, env={**os.environ, **GIT_ENV}, capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {root}: {completed.stderr.strip()}")
    return completed.stdout


def commit_all(root: Path) -> Path:
    """Make ``root`` a Git repository with everything committed, as a learner would."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    return root


@pytest.fixture(autouse=True)
def isolated_git_config(monkeypatch):
    """The user's own Git configuration (global excludes, say) must not change the results, nor the width
    of the terminal the tests run in (COLUMNS wraps the text report)."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def run(capsys):
    """Run ``tension-points ARGS``; return (exit code, stdout, stderr)."""

    def run_command(*args: str | Path) -> tuple[int, str, str]:
        code = main([str(arg) for arg in args])
        out, err = capsys.readouterr()
        return code, out, err

    return run_command


@pytest.fixture
def audit_json(run):
    """Audit a folder and return the parsed JSON report."""

    def audit(path: Path, *args: str) -> dict:
        code, out, err = run("audit", path, "--format", "json", *args)
        assert code == 0, err
        return json.loads(out)

    return audit


def status_of(report: dict, check_id: str) -> str:
    for group in report["groups"]:
        for check in group["checks"]:
            if check["id"] == check_id:
                return check["status"]
    raise KeyError(check_id)


def findings_of(report: dict, check_id: str) -> list[dict]:
    return [f for f in report["findings"] if f["check"] == check_id]


def copy_sample(name: str, destination: Path) -> Path:
    target = destination / name
    shutil.copytree(SAMPLES / name, target)
    return target
