"""The JSON report: a documented, stable schema (``schemas/audit-report.schema.json``).

Stability promise: within ``schema_version`` 1, fields are only ever added,
never renamed or removed, and ids (checks, groups, statuses) keep their meaning.
"""

from __future__ import annotations

import json

from tension_points import __version__
from tension_points.audit.model import Finding, Report, severity_of

SCHEMA_ID = "tension-points/audit-report"
SCHEMA_VERSION = 1


def finding_dict(check, finding: Finding) -> dict:
    location = finding.location
    return {
        "check": finding.check,
        "group": check.item.group,
        "severity": severity_of(check, finding),
        "kind": finding.kind,
        "message": finding.message,
        "evidence": str(location) if location else None,
        "path": location.path if location else None,
        "line": location.line if location else None,
        "cell": location.cell if location else None,
        "count": finding.count,
        "lines": list(finding.lines),
        "items": list(finding.items),
        "places": [str(place) for place in finding.places],
        "why": check.item.why,
        "fix": check.fix_text,
        "owner": check.item.owner,
    }


def report_dict(report: Report) -> dict:
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "tension-points", "version": __version__},
        "root": {"name": report.root_name, "path": report.root_path},
        "files_inspected": report.files_inspected,
        "score": {"overall": report.score, "groups": {g.group.id: g.score for g in report.groups}},
        "groups": [
            {
                "id": group.group.id,
                "title": group.group.title,
                "score": group.score,
                "facts": [{"label": fact.label, "value": fact.value} for fact in group.facts],
                "checks": [
                    {
                        "id": check.item.id,
                        "question": check.item.question,
                        "severity": check.item.severity,
                        "owner": check.item.owner,
                        "status": check.status.value,
                        "findings": len(check.findings),
                        "skip_reason": check.skip_reason,
                        "not_read": check.not_read,
                        "accepted": len(check.accepted),
                        "checked_for": list(check.item.checked_for),
                        "audit_scope": check.item.audit_scope or None,
                        "by_hand": check.item.by_hand_text if check.not_checked or check.languages_not_checked else None,
                        "languages_not_checked": check.languages_not_checked,
                    }
                    for check in group.checks
                ],
            }
            for group in report.groups
        ],
        "findings": [finding_dict(check, finding) for check, finding in report.findings],
        "top": [report.findings.index(pair) for pair in report.top],
        "accepted_findings": [{**finding_dict(check, finding), "reason": finding.accepted}
                              for group in report.groups for check in group.checks for finding in check.accepted],
        "accepted": [{"check": a.check, "path": a.path, "contains": a.contains, "reason": a.reason, "source": a.source,
                      "findings": a.findings} for a in report.accepted],
        "skipped": [{"check": s.check, "reason": s.reason, "source": s.source} for s in report.skipped],
        "excluded": [{"path": e.path, "reason": e.reason, "source": e.source, "files": e.files} for e in report.excluded],
        "notes": [{"path": n.path, "message": n.message} for n in report.notes],
    }


def render(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
