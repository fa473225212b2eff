"""The Reproducibility module's exercise, end to end: audit the flawed sample, compare with the repaired twin.

Each sample is copied out of the kit and committed to a fresh Git repository,
as the exercise asks learners to do. Golden reports hold the expected JSON,
with the machine-specific parts (absolute path, tool version) normalised.
Regenerate them after an intended change with UPDATE_GOLDEN=1.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import HERE, commit_all, copy_sample

GOLDEN = HERE / "golden"


def normalised(report: dict) -> dict:
    report = json.loads(json.dumps(report))
    report["root"]["path"] = "<ROOT>"
    report["tool"]["version"] = "<VERSION>"
    return report


def audited_sample(name: str, tmp_path: Path, audit_json) -> dict:
    project = commit_all(copy_sample(name, tmp_path))
    return audit_json(project)


@pytest.mark.parametrize("name", ["churn-model-flawed", "churn-model-repaired"])
def test_sample_project_report_matches_the_golden_file(name, tmp_path, audit_json):
    report = normalised(audited_sample(name, tmp_path, audit_json))
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    assert report == json.loads(golden.read_text())


def test_the_flawed_sample_fails_most_checks(tmp_path, audit_json):
    report = audited_sample("churn-model-flawed", tmp_path, audit_json)
    statuses = [c["status"] for g in report["groups"] for c in g["checks"]]
    assert statuses.count("fail") >= 20
    assert report["score"]["overall"] < 35


def test_the_repaired_sample_audits_clean(tmp_path, audit_json):
    report = audited_sample("churn-model-repaired", tmp_path, audit_json)
    assert report["findings"] == []
    assert report["score"]["overall"] == 100


def test_compare_shows_what_the_repair_fixed(tmp_path, run):
    for name in ("churn-model-flawed", "churn-model-repaired"):
        project = commit_all(copy_sample(name, tmp_path))
        run("audit", project, "--format", "json", "--output", tmp_path / f"{name}.json")
    code, out, _ = run("audit", "--compare", tmp_path / "churn-model-flawed.json", tmp_path / "churn-model-repaired.json")
    assert code == 0
    assert "Checks now failing (0): none" in out
    assert "New findings (0):" in out
    assert "Overall: 32 -> 100 +68" in out
    assert "  + code-secrets: src/train.py:17: AWS access key ID (value not shown)" in out


def test_compare_shows_a_regression(tmp_path, run):
    project = commit_all(copy_sample("churn-model-repaired", tmp_path))
    run("audit", project, "--format", "json", "--output", tmp_path / "before.json")
    (project / "src" / "churn" / "settings.py").write_text("import random\nSEED = random.random()\n")
    run("audit", project, "--format", "json", "--output", tmp_path / "after.json")
    code, out, _ = run("audit", "--compare", tmp_path / "before.json", tmp_path / "after.json", "--format", "json")
    comparison = json.loads(out)
    assert code == 0
    assert comparison["checks_now_failing"] == ["code-unseeded-randomness", "git-uncommitted-changes"]
    assert [f["evidence"] for f in comparison["new_findings"]] == ["src/churn/settings.py:2", "src/churn/settings.py"]
