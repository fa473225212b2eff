"""The kit practises what it teaches: its own repository audits clean, with reasoned skips only.

The audit runs on a fresh clone of the committed state, so work in progress in
the working tree (uncommitted files) does not make this test flaky.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import REPO, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None or not (REPO / ".git").exists(),
                                reason="needs git and the kit's Git repository")


def test_the_kits_own_repository_audits_clean(tmp_path, audit_json):
    clone = tmp_path / "kit"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(clone)], check=True)
    report = audit_json(clone)
    failing = [f"{f['check']}: {f['evidence']}: {f['message']}" for f in report["findings"]]
    assert failing == []
    assert report["score"]["overall"] == 100
    assert all(skip["reason"] for skip in report["skipped"])
    assert {e["path"] for e in report["excluded"]} >= {"exercises/sample-projects", "tests/audit"}
    assert git(clone, "status", "--porcelain") == ""
