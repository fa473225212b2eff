"""Markdown report: paste it into an issue, a pull request or a course notebook."""

from __future__ import annotations

from tension_points.audit.checklist import OWNER_LABELS
from tension_points.audit.model import Report, Status
from tension_points.audit.renderers.text import files_inspected, not_read_text, score_text
from tension_points.audit.renderers import AUDIT_RENDERERS


def cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def code(text: str) -> str:
    return "`" + str(text).replace("`", "'") + "`"


@AUDIT_RENDERERS.register("md", ".md")
def render(report: Report) -> str:
    lines = [f"# Reproducibility audit of {code(report.root_name)}", "",
             f"**Overall score: {score_text(report.score)}** ({files_inspected(report.files_inspected)})", "",
             "| Group | Score | Failing checks |", "| --- | --- | --- |"]
    for group in report.groups:
        failing = sum(check.status is Status.FAIL for check in group.checks)
        lines.append(f"| {group.group.title} | {score_text(group.score)} | {failing} |")
    lines.append("")
    for group in report.groups:
        lines += [f"## {group.group.title}: {score_text(group.score)}", ""]
        lines += [f"- {fact.label}: {cell(fact.value)}" for fact in group.facts]
        lines.append("")
        for check in group.checks:
            if check.status is Status.FAIL:
                lines += [f"### ✗ {code(check.item.id)} ({check.item.severity})", "", f"*{check.item.question}*", ""]
                for finding in check.findings:
                    where = f"{code(finding.location)}: " if finding.location else ""
                    lines.append(f"- {where}{finding.message}")
                lines += ["", f"**Why:** {check.item.why}", "", f"**Fix:** {check.item.fix}", "",
                          f"**Owner:** {OWNER_LABELS[check.item.owner]}", ""]
        passed = [code(c.item.id) for c in group.checks if c.status is Status.PASS]
        if passed:
            lines += [f"Passing: {', '.join(passed)}", ""]
        missing = [code(c.item.id) for c in group.checks if c.status is Status.NOT_APPLICABLE]
        if missing:
            lines += [f"Not applicable: {', '.join(missing)}", ""]
        for partial in (c for c in group.checks if c.not_read):
            lines += [f"{code(partial.item.id)} could not look inside every file{not_read_text(partial)}", ""]
    if report.skipped:
        lines += ["## Skipped checks", "", "| Check | Reason | From |", "| --- | --- | --- |"]
        lines += [f"| {code(s.check)} | {cell(s.reason)} | {s.source} |" for s in report.skipped]
        lines.append("")
    if report.excluded:
        lines += ["## Excluded paths", "", "| Path | Files | Reason | From |", "| --- | --- | --- | --- |"]
        lines += [f"| {code(e.path)} | {e.files} | {cell(e.reason)} | {e.source} |" for e in report.excluded]
        lines.append("")
    if report.notes:
        lines += ["## Notes", ""] + [f"- {code(n.path)}: {n.message}" for n in report.notes] + [""]
    return "\n".join(lines)
