"""The reproducibility audit on paper: its real report, run when the page is built.

    ```{audit-report} exercises/sample-projects/churn-model-flawed
    ```

prints what ``tension-points audit`` reports for that project, committed as the exercise's
first step commits it: the overall and group scores, then every failing check with its owner,
each of its findings and its fix, in the audit's own words (the checklist's "why" is left to
the checklist). ``:compare: exercises/sample-projects/churn-model-repaired`` prints instead
the summary of ``tension-points audit --compare`` between the two projects (the scores and
the checks now passing or failing), and the files that the second project adds and removes.

Nothing here is written by hand: a change to the sample projects, the checklist or the audit
shows on the page at the next build. A project that cannot be copied, committed or audited
stops the build with one message naming the folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tension_points.audit.compare import compare, render_text
from tension_points.audit.report_json import report_dict
from tension_points.audit.runner import run_audit
from tension_points.errors import UserError
from tension_points.sphinxext.course_directive import CourseDirective

# The exercise's step 1 commits the copy as its author should have; fixed names and dates keep
# the build reproducible.
COMMIT_ENV = {"GIT_AUTHOR_NAME": "Author", "GIT_AUTHOR_EMAIL": "author@example.com",
              "GIT_COMMITTER_NAME": "Author", "GIT_COMMITTER_EMAIL": "author@example.com",
              "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
              "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
# Ignored by the audit and by anyone reading the project: the editor's and Python's leftovers.
NOT_A_PROJECT_FILE = {".git", "__pycache__"}


def committed_copy(source: Path, workdir: Path) -> Path:
    """The project copied out of the kit and committed, as the exercise's first step does."""
    if not source.is_dir():
        raise UserError(f"{source}: no such project folder to audit")
    project = workdir / source.name
    shutil.copytree(source, project, ignore=shutil.ignore_patterns(*NOT_A_PROJECT_FILE))
    env = {**os.environ, **COMMIT_ENV}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "As handed over"]):
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise UserError(f"{source}: could not commit a copy to audit ({' '.join(command)}): {done.stderr.strip()}")
    return project


def audited(source: Path, workdir: Path) -> dict:
    """``tension-points audit PROJECT --format json``, as data."""
    return report_dict(run_audit(committed_copy(source, workdir)))


def files_of(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")
            if path.is_file() and not NOT_A_PROJECT_FILE & set(path.relative_to(folder).parts)}


class AuditReport(CourseDirective):
    required_arguments = 1
    option_spec = {"compare": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        root = Path(self.env.srcdir)
        source = root / self.arguments[0]
        other = root / self.options["compare"] if "compare" in self.options else None
        for folder in (source, other):
            if folder is not None and folder.is_dir():
                for name in files_of(folder):
                    self.env.note_dependency(str(folder / name))
        with self.reported("audit-report: "), tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            if other is None:
                return [self.report(audited(source, workdir))]
            before, after = workdir / "before.json", workdir / "after.json"
            (workdir / "a").mkdir()
            (workdir / "b").mkdir()
            before.write_text(json.dumps(audited(source, workdir / "a")), encoding="utf-8")
            after.write_text(json.dumps(audited(other, workdir / "b")), encoding="utf-8")
            summary = render_text(compare(before, after)).replace(str(before), "flawed").replace(str(after), "repaired")
            return [self.comparison(summary, source, other)]

    def report(self, data: dict) -> nodes.Node:
        box = nodes.container(classes=["tp-audit-report"])
        box["support_smartquotes"] = False  # the audit's words as it prints them: "--cached", not an en dash
        box += nodes.paragraph(text=f"Overall score: {data['score']['overall']}/100 "
                                    f"({data['files_inspected']} files inspected). "
                                    + "; ".join(f"{group['title']} {group['score']}/100" for group in data["groups"]) + ".")
        findings: dict[str, list[dict]] = {}
        for finding in data["findings"]:
            findings.setdefault(finding["check"], []).append(finding)
        for group in data["groups"]:
            failing = [check for check in group["checks"] if check["status"] == "fail"]
            if not failing:
                continue
            box += nodes.rubric(text=f"{group['title']}: {group['score']}/100")
            for check in failing:
                own = findings.get(check["id"], [])
                entry = nodes.container(classes=["tp-audit-check"])
                head = nodes.paragraph()
                head += nodes.strong(text=f"FAIL {check['id']}")
                head += nodes.Text(f" ({check['severity']}; owner: {check['owner']}). {check['question']}")
                entry += head
                where = nodes.bullet_list()
                for finding in own:
                    place = f"{finding['evidence']}: " if finding["evidence"] else ""
                    where += nodes.list_item("", nodes.paragraph(text=f"{place}{finding['message']}"))
                if own:
                    entry += where
                    entry += nodes.paragraph(text=f"Fix: {own[0]['fix']}")
                box += entry
        return box

    def comparison(self, summary: str, source: Path, other: Path) -> nodes.Node:
        box = nodes.container(classes=["tp-audit-compare"])
        box["support_smartquotes"] = False
        # The summary: scores and the checks now passing or failing; the findings resolved are the
        # report's findings again, one per line.
        head = summary.split("\nResolved findings", 1)[0].rstrip()
        block = nodes.literal_block(head, head)
        block["language"] = "text"
        box += block
        mine, theirs = files_of(source), files_of(other)
        added, removed = sorted(theirs - mine), sorted(mine - theirs)
        changed = sorted(name for name in mine & theirs
                         if (source / name).read_bytes() != (other / name).read_bytes())
        for label, names in (("Files the repaired twin adds", added), ("Files it changes", changed),
                             ("Files it removes", removed)):
            box += nodes.paragraph(text=f"{label} ({len(names)}): " + (", ".join(names) if names else "none") + ".")
        return box


def setup(app: Sphinx) -> dict:
    app.add_directive("audit-report", AuditReport)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
