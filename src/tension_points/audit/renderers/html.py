"""HTML report: one self-contained page (inline CSS, no scripts, no external resources), readable offline."""

from __future__ import annotations

from html import escape

from tension_points.audit.checklist import OWNER_LABELS
from tension_points.audit.model import Report, Status
from tension_points.audit.renderers.text import files_inspected, not_read_text, score_text
from tension_points.audit.renderers import AUDIT_RENDERERS

STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}code{background:#f3f3f3;padding:0 .2em;border-radius:3px}
.score{font-size:1.3rem;font-weight:bold}.fail{color:#b00020}.pass{color:#1b7f3b}.skipped{color:#8a6d00}.na{color:#777}
details{margin:.6rem 0;padding:.4rem .8rem;border:1px solid #e3e3e3;border-radius:6px}summary{cursor:pointer}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .6rem;text-align:left}.facts{color:#555}
"""
STATUS_LABEL = {Status.FAIL: ("fail", "✗ fail"), Status.PASS: ("pass", "✓ pass"),
                Status.SKIPPED: ("skipped", "skipped"), Status.NOT_APPLICABLE: ("na", "n/a")}


@AUDIT_RENDERERS.register("html", ".html", ".htm")
def render(report: Report) -> str:
    e = escape
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             f"<title>Reproducibility audit of {e(report.root_name)}</title>", f"<style>{STYLE}</style></head><body>",
             f"<h1>Reproducibility audit of <code>{e(report.root_name)}</code></h1>",
             f'<p class="score">Overall score: {e(score_text(report.score))}</p>',
             f"<p>{e(files_inspected(report.files_inspected))}.</p>",
             "<table><tr><th>Group</th><th>Score</th></tr>"]
    parts += [f"<tr><td>{e(g.group.title)}</td><td>{e(score_text(g.score))}</td></tr>" for g in report.groups]
    parts.append("</table>")
    for group in report.groups:
        parts.append(f"<h2>{e(group.group.title)}: {e(score_text(group.score))}</h2>")
        if group.facts:
            parts.append('<ul class="facts">' + "".join(f"<li>{e(f.label)}: {e(f.value)}</li>" for f in group.facts) + "</ul>")
        for check in group.checks:
            css, label = STATUS_LABEL[check.status]
            opened = " open" if check.status is Status.FAIL else ""
            parts.append(f'<details{opened}><summary><span class="{css}">{label}</span> '
                         f"<code>{e(check.item.id)}</code> {e(check.item.question)}{e(not_read_text(check))}</summary>")
            if check.findings:
                parts.append("<ul>" + "".join(
                    f"<li>{'<code>' + e(str(f.location)) + '</code>: ' if f.location else ''}{e(f.message)}</li>"
                    for f in check.findings) + "</ul>")
            if check.skip_reason:
                parts.append(f"<p>Skipped: {e(check.skip_reason)}</p>")
            parts.append(f"<p><strong>Why:</strong> {e(check.item.why)}</p><p><strong>Fix:</strong> {e(check.item.fix)}</p>"
                         f"<p><strong>Owner:</strong> {e(OWNER_LABELS[check.item.owner])} · "
                         f"<strong>Severity:</strong> {e(check.item.severity)}</p></details>")
    if report.skipped:
        parts.append("<h2>Skipped checks</h2><ul>" + "".join(
            f"<li><code>{e(s.check)}</code>: {e(s.reason)} (from {e(s.source)})</li>" for s in report.skipped) + "</ul>")
    if report.excluded:
        parts.append("<h2>Excluded paths</h2><ul>" + "".join(
            f"<li><code>{e(x.path)}</code> ({x.files} files): {e(x.reason)} (from {e(x.source)})</li>" for x in report.excluded) + "</ul>")
    if report.notes:
        parts.append("<h2>Notes</h2><ul>" + "".join(
            f"<li><code>{e(n.path)}</code>: {e(n.message)}</li>" for n in report.notes) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
