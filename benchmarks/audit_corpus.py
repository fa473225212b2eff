"""False alarms and misses of `tension-points audit` on the corpus of real-shaped projects.

Each project under tests/audit/corpus/NAME/ comes with NAME.expect.yaml, listing
the findings a careful data scientist expects (``must``) and the ones that would be
wrong (``must_not``), optionally minimum group scores (``score_at_least``). Each
project is copied to a temporary folder, committed to a fresh Git repository (as
its author would have), and audited. Then

  miss rate        = expected findings not produced / expected findings
  false-alarm rate = wrong findings produced / wrong findings listed
  right findings   = findings matching ``must`` (and no ``must_not``) / all findings

    .venv/bin/python benchmarks/audit_corpus.py [--verbose]

tests/audit/test_corpus.py runs the same evaluation and requires no miss, no
false alarm, and no finding that no expectation judges (so every finding of the
corpus has been looked at and called right or wrong).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "audit" / "corpus"
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Author",
           "GIT_AUTHOR_EMAIL": "author@example.com", "GIT_COMMITTER_NAME": "Author",
           "GIT_COMMITTER_EMAIL": "author@example.com", "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
           "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z"}


@dataclass
class ProjectResult:
    name: str
    expected: int = 0
    misses: list[str] = field(default_factory=list)
    forbidden: int = 0
    false_alarms: list[str] = field(default_factory=list)
    right_findings: int = 0
    wrong_findings: int = 0
    unjudged: list[str] = field(default_factory=list)
    total_findings: int = 0


def projects() -> list[str]:
    return sorted(path.name[: -len(".expect.yaml")] for path in CORPUS.glob("*.expect.yaml"))


def committed_copy(name: str, workdir: Path) -> Path:
    project = workdir / name
    shutil.copytree(CORPUS / name, project)
    env = {**os.environ, **GIT_ENV}
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "as published"]):
        subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)
    return project


def audit(project: Path) -> dict:
    completed = subprocess.run([sys.executable, "-m", "tension_points", "audit", str(project), "--format", "json"],
                               capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    if completed.returncode != 0:
        raise RuntimeError(f"audit of {project.name} exited {completed.returncode}: {completed.stderr.strip()}")
    return json.loads(completed.stdout)


def matches(finding: dict, expectation: dict) -> bool:
    return (finding["check"] == expectation["check"]
            and ("path" not in expectation or finding["path"] == expectation["path"])
            and ("kind" not in expectation or finding["kind"] == expectation["kind"])
            and ("contains" not in expectation or expectation["contains"] in finding["message"]))


def describe(expectation: dict) -> str:
    return ", ".join(f"{key}={value}" for key, value in expectation.items())


def evaluate(name: str, report: dict) -> ProjectResult:
    expectations = yaml.safe_load((CORPUS / f"{name}.expect.yaml").read_text())
    result = ProjectResult(name)
    findings = report["findings"]
    result.total_findings = len(findings)
    must, must_not = expectations.get("must", []), expectations.get("must_not", [])
    for expectation in must:
        result.expected += 1
        if not any(matches(f, expectation) for f in findings):
            result.misses.append(describe(expectation))
    for group, minimum in (expectations.get("score_at_least") or {}).items():
        result.expected += 1
        score = report["score"]["groups"].get(group)
        if score is None or score < minimum:
            result.misses.append(f"{group} score {score}, expected at least {minimum}")
    for expectation in must_not:
        result.forbidden += 1
        wrong = [f for f in findings if matches(f, expectation)]
        if wrong:
            result.false_alarms.append(f"{describe(expectation)}: {wrong[0]['evidence']}: {wrong[0]['message']}")
    for finding in findings:
        right = any(matches(finding, e) for e in must)
        wrong = any(matches(finding, e) for e in must_not)
        result.right_findings += right and not wrong
        result.wrong_findings += wrong
        if not right and not wrong:
            result.unjudged.append(f"{finding['check']}: {finding['evidence']}: {finding['message']}")
    return result


def run_corpus() -> list[ProjectResult]:
    workdir = Path(tempfile.mkdtemp(prefix="audit-corpus-"))
    try:
        return [evaluate(name, audit(committed_copy(name, workdir))) for name in projects()]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def rate(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:.1f}%" if whole else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="also list the findings no expectation judges")
    args = parser.parse_args()
    results = run_corpus()
    print(f"{'project':<24} {'expected':>8} {'missed':>6} {'wrong listed':>12} {'wrong found':>11} {'unjudged':>8}")
    for r in results:
        print(f"{r.name:<24} {r.expected:>8} {len(r.misses):>6} {r.forbidden:>12} {len(r.false_alarms):>11} {len(r.unjudged):>8}")
        for line in r.misses:
            print(f"    MISSED  {line}")
        for line in r.false_alarms:
            print(f"    WRONG   {line}")
        if args.verbose:
            for line in r.unjudged:
                print(f"    unjudged {line}")
    expected = sum(r.expected for r in results)
    forbidden = sum(r.forbidden for r in results)
    missed = sum(len(r.misses) for r in results)
    wrong = sum(len(r.false_alarms) for r in results)
    right_findings = sum(r.right_findings for r in results)
    wrong_findings = sum(r.wrong_findings for r in results)
    print()
    print(f"miss rate:        {rate(missed, expected)}")
    print(f"false-alarm rate: {rate(wrong, forbidden)}")
    unjudged = sum(len(r.unjudged) for r in results)
    print(f"right findings:   {rate(right_findings, sum(r.total_findings for r in results))}"
          f" ({wrong_findings} wrong, {unjudged} no expectation judges)")
    return 0 if missed == 0 and wrong == 0 and unjudged == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
