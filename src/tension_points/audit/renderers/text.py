"""Plain-text report for the terminal; coloured only when asked (the command asks on a TTY)."""

from __future__ import annotations

import textwrap

from tension_points.audit.checklist import OWNER_LABELS
from tension_points.audit.model import Report, Status
from tension_points.audit.renderers import AUDIT_RENDERERS

COLORS = {"fail": "\033[31m", "pass": "\033[32m", "skip": "\033[33m", "bold": "\033[1m", "dim": "\033[2m"}
RESET = "\033[0m"
WIDTH = 88


def score_text(score: int | None) -> str:
    return "n/a" if score is None else f"{score}/100"


def files_inspected(count: int) -> str:
    return "1 file inspected" if count == 1 else f"{count} files inspected"


SHOWN_UNREAD = 5


def not_read_text(check) -> str:
    """' (2 files not read: a, b)' when a check could not look inside some files, else ''."""
    files = check.not_read
    if not files:
        return ""
    shown = ", ".join(files[:SHOWN_UNREAD]) + (f" and {len(files) - SHOWN_UNREAD} more" if len(files) > SHOWN_UNREAD else "")
    return f" ({len(files)} file{'s' if len(files) != 1 else ''} not read: {shown})"


@AUDIT_RENDERERS.register("text", ".txt")
def render(report: Report, *, color: bool = False) -> str:
    def paint(text: str, style: str) -> str:
        return f"{COLORS[style]}{text}{RESET}" if color else text

    def wrap(label: str, text: str) -> list[str]:
        return textwrap.wrap(text, WIDTH, initial_indent=f"      {label}: ", subsequent_indent="        ")

    lines = [paint(f"Reproducibility audit of {report.root_name}", "bold"),
             f"Overall score: {paint(score_text(report.score), 'bold')}   ({files_inspected(report.files_inspected)})", ""]
    for group in report.groups:
        lines.append(paint(f"{group.group.title}: {score_text(group.score)}", "bold"))
        for fact in group.facts:
            lines.append(paint(f"  {fact.label}: {fact.value}", "dim"))
        for check in group.checks:
            if check.status is Status.FAIL:
                lines.append(f"  {paint('FAIL', 'fail')} {check.item.id} ({check.item.severity}): {check.item.question}"
                             f"{not_read_text(check)}")
                for finding in check.findings:
                    where = f"{finding.location}: " if finding.location else ""
                    lines.append(f"      - {where}{finding.message}")
                lines += wrap("why", check.item.why)
                lines += wrap("fix", check.item.fix)
                lines.append(f"      owner: {OWNER_LABELS[check.item.owner]}")
            elif check.status is Status.PASS:
                lines.append(f"  {paint('pass', 'pass')} {check.item.id}{not_read_text(check)}")
            elif check.status is Status.SKIPPED:
                lines.append(f"  {paint('skip', 'skip')} {check.item.id}: {check.skip_reason}")
            else:
                lines.append(paint(f"  n/a  {check.item.id}{not_read_text(check)}", "dim"))
        lines.append("")
    if report.skipped:
        lines.append(paint("Skipped checks", "bold"))
        lines += [f"  {s.check}: {s.reason} (from {s.source})" for s in report.skipped]
        lines.append("")
    if report.excluded:
        lines.append(paint("Excluded paths", "bold"))
        lines += [f"  {e.path} ({e.files} files): {e.reason} (from {e.source})" for e in report.excluded]
        lines.append("")
    if report.notes:
        lines.append(paint("Notes", "bold"))
        lines += [f"  {n.path}: {n.message}" for n in report.notes]
        lines.append("")
    return "\n".join(lines)
