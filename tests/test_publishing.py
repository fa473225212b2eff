"""Publishing: .github/workflows/publish.yml builds and tests everything, then publishes the site
on GitHub Pages. It cannot run here, so it is checked against the GitHub workflow schema
vendored in check-jsonschema (offline), and against what the Makefile really builds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from paths import REPO

WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
CHECK = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CHECK, str(path)], capture_output=True, text=True, timeout=120)


def test_the_workflow_passes_the_github_workflow_schema():
    run = lint(WORKFLOW)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_linter_catches_a_mistake_in_a_workflow(tmp_path):
    broken = tmp_path / "publish.yml"
    broken.write_text(WORKFLOW.read_text().replace("runs-on:", "run-on:", 1))
    run = lint(broken)
    assert run.returncode == 1 and "run-on" in run.stdout


def test_the_workflow_tests_then_publishes_what_the_makefile_builds():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    makefile = (REPO / "Makefile").read_text()
    build = workflow["jobs"]["build"]["steps"]
    commands = [step.get("run", "") for step in build]
    assert any(c.startswith("make test") for c in commands), "publish only a tested site"
    uploads = {step["uses"].split("@")[0]: step["with"]["path"] for step in build if "with" in step and "path" in step["with"]}
    assert uploads["actions/upload-pages-artifact"] == "_build/html"
    assert re.search(r"^BUNDLE\s*:=\s*\$\(BUILD\)/" + re.escape(Path(uploads["actions/upload-artifact"]).name), makefile, re.M)
    assert re.search(r"^test:.*\bbundle\b", makefile, re.M), "make test builds the bundle the workflow uploads"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert [s.get("id") for s in deploy["steps"]] == ["deployment"]
