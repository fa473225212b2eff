"""`--compare`: a finding is resolved only when it is gone, each change is listed once."""

from __future__ import annotations

import json

from .conftest import write_files


def reports(tmp_path, run, before: dict, after: dict) -> tuple[int, dict]:
    project = tmp_path / "project"
    write_files(project, before)
    run("audit", project, "--format", "json", "--output", tmp_path / "before.json")
    for rel in before:
        (project / rel).unlink()
    write_files(project, after)
    run("audit", project, "--format", "json", "--output", tmp_path / "after.json")
    code, out, _ = run("audit", "--compare", tmp_path / "before.json", tmp_path / "after.json", "--format", "json")
    return code, json.loads(out)


def messages(findings: list[dict], check: str) -> list[str]:
    return [f["message"] for f in findings if f["check"] == check]


def test_a_package_still_unpinned_is_not_listed_as_resolved(tmp_path, run):
    code, comparison = reports(tmp_path, run, {"requirements.txt": "pandas\nnumpy\nscipy\n"},
                               {"requirements.txt": "pandas\nnumpy==2.1.1\nscipy\n"})
    assert code == 0
    assert messages(comparison["resolved_findings"], "env-pinned-versions") == ["numpy (unpinned dependencies)"]
    assert messages(comparison["new_findings"], "env-pinned-versions") == []


def test_places_still_there_are_not_listed_as_gone_and_nothing_is_repeated(tmp_path, run):
    before = "import random\n" + "random.random()\n" * 3
    after = "import random\n\n\nrandom.random()\n"  # two of the three calls removed, the third moved down
    _, comparison = reports(tmp_path, run, {"train.py": before}, {"train.py": after})
    assert messages(comparison["resolved_findings"], "code-unseeded-randomness") == [
        "random module without a seed (2 of 3 places)"]
    assert messages(comparison["new_findings"], "code-unseeded-randomness") == []


def test_moving_a_finding_to_another_line_is_neither_resolved_nor_new(tmp_path, run):
    _, comparison = reports(tmp_path, run, {"train.py": "import random\nrandom.random()\n"},
                            {"train.py": "import random\n\n# later\nrandom.random()\n"})
    assert comparison["resolved_findings"] == [] and comparison["new_findings"] == []
