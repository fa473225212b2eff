"""The pre-commit hook definition: a valid manifest entry whose command is the audit, failing below the score."""

from __future__ import annotations

import shlex
import subprocess
import sys

import yaml

from .conftest import REPO, commit_all, copy_sample

# The keys and languages pre-commit's manifest accepts (pre_commit/clientlib.py, MANIFEST_HOOK_DICT).
HOOK_KEYS = {"id", "name", "entry", "language", "alias", "files", "exclude", "types", "types_or", "exclude_types",
             "additional_dependencies", "args", "always_run", "fail_fast", "pass_filenames", "description",
             "language_version", "log_file", "minimum_pre_commit_version", "require_serial", "stages", "verbose"}


def hook() -> dict:
    (entry,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return entry


def test_the_hook_is_a_valid_manifest_entry():
    entry = hook()
    assert {"id", "name", "entry", "language"} <= set(entry) <= HOOK_KEYS
    assert entry["id"] == "tension-points-audit" and entry["language"] == "python"
    assert entry["pass_filenames"] is False and entry["always_run"] is True  # the whole project, whatever changed


def run_hook(project) -> subprocess.CompletedProcess:
    """What pre-commit runs: the entry, then the args, in the repository's top folder."""
    words = shlex.split(hook()["entry"]) + hook()["args"]
    assert words[:2] == ["tension-points", "audit"]
    return subprocess.run([sys.executable, "-m", "tension_points", *words[1:]], cwd=project, capture_output=True, text=True)


def test_the_hook_passes_a_clean_project_and_refuses_a_flawed_one(tmp_path):
    repaired = commit_all(copy_sample("churn-model-repaired", tmp_path))
    flawed = commit_all(copy_sample("churn-model-flawed", tmp_path))
    assert run_hook(repaired).returncode == 0
    refused = run_hook(flawed)
    assert refused.returncode == 1 and "is below --fail-under 100" in refused.stderr
