"""SARIF 2.1.0, the format code-scanning views read: each finding a result on the lines it cites.

One rule per automated checklist item (its question, why and fix), one result per
finding, level from the finding's severity (high: error, medium: warning, low:
note). Paths are relative to the audited folder (``uriBaseId`` PROJECTROOT), so
GitHub code scanning, VS Code's SARIF viewer and the like show them where they
are. A notebook's cell is not a line of its file: its findings name the cell in
the message and carry it as a property, without a region. Findings the project
accepts are results with an external suppression holding the project's reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from tension_points import __version__
from tension_points.audit.checklist import load_checklist
from tension_points.audit.model import CheckResult, Finding, Location, Report, severity_of

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"high": "error", "medium": "warning", "low": "note"}


def _rule(item) -> dict:
    return {
        "id": item.id,
        "shortDescription": {"text": item.question},
        "fullDescription": {"text": item.why},
        "help": {"text": item.fix},
        "defaultConfiguration": {"level": LEVELS[item.severity]},
        "properties": {"tags": ["reproducibility", item.group], "severity": item.severity, "owner": item.owner},
    }


def _location(where: Location) -> dict:
    physical: dict = {"artifactLocation": {"uri": quote(where.path.rstrip("/") or ".", safe="/"), "uriBaseId": "PROJECTROOT"}}
    if where.line is not None and where.cell is None:
        physical["region"] = {"startLine": where.line}
    return {"physicalLocation": physical}


def _result(check: CheckResult, finding: Finding, rule_index: int) -> dict:
    places = ([finding.location] if finding.location else []) + list(finding.places)
    text = finding.message
    if finding.location is not None and finding.location.cell is not None:
        text = f"{finding.location}: {text}"
    result: dict = {
        "ruleId": finding.check,
        "ruleIndex": rule_index,
        "level": LEVELS[severity_of(check, finding)],
        "message": {"text": text},
        "properties": {"kind": finding.kind, "count": finding.count},
    }
    if places:
        result["locations"] = [_location(place) for place in places[:1]]
        if len(places) > 1:
            result["relatedLocations"] = [{**_location(place), "id": index} for index, place in enumerate(places[1:], start=1)]
    if finding.location is not None and finding.location.cell is not None:
        result["properties"]["cell"] = finding.location.cell
    if finding.items:
        result["properties"]["items"] = list(finding.items)
    if finding.accepted:
        result["suppressions"] = [{"kind": "external", "justification": finding.accepted}]
    return result


def sarif_log(report: Report) -> dict:
    items = [item for item in load_checklist(validate_schema=False).items if item.automated]
    index = {item.id: position for position, item in enumerate(items)}
    results = []
    for group in report.groups:
        for check in group.checks:
            for finding in [*check.findings, *check.accepted]:
                results.append(_result(check, finding, index[finding.check]))
    root = Path(report.root_path)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tension-points audit", "version": __version__, "semanticVersion": __version__,
                                "rules": [_rule(item) for item in items]}},
            "originalUriBaseIds": {"PROJECTROOT": {"uri": root.as_uri() + "/" if root.is_absolute() else "./"}},
            "results": results,
            "properties": {"score": report.score, "filesInspected": report.files_inspected},
        }],
    }


def render(report: Report) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
