"""SARIF 2.1.0, the format code-scanning views read: each finding a result on the lines it cites.

One rule per automated checklist item (its question, why and fix), one result per
finding, level from the finding's severity (high: error, medium: warning, low:
note). Paths are relative to the audited folder (``uriBaseId`` PROJECTROOT), so
GitHub code scanning, VS Code's SARIF viewer and the like show them where they
are. A notebook's cell is not a line of its file: its findings name the cell in
the message, carry it as a property, and have as region the place in the .ipynb
file's text where that line of the cell's source is written (the whole source for
a finding about the cell), columns in code points. Findings the project accepts
are results with an external suppression holding the project's reason.
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


def _location(where: Location, regions: dict) -> dict:
    physical: dict = {"artifactLocation": {"uri": quote(where.path.rstrip("/") or ".", safe="/"), "uriBaseId": "PROJECTROOT"}}
    if where.cell is not None:
        span = regions.get(where)
        if span is not None:
            physical["region"] = {"startLine": span.start_line, "startColumn": span.start_column,
                                  "endLine": span.end_line, "endColumn": span.end_column}
    elif where.line is not None:
        physical["region"] = {"startLine": where.line}
    return {"physicalLocation": physical}


def _result(check: CheckResult, finding: Finding, rule_index: int, regions: dict) -> dict:
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
        result["locations"] = [_location(place, regions) for place in places[:1]]
        if len(places) > 1:
            result["relatedLocations"] = [{**_location(place, regions), "id": index}
                                          for index, place in enumerate(places[1:], start=1)]
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
                results.append(_result(check, finding, index[finding.check], report.regions))
    root = Path(report.root_path)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "tension-points audit", "version": __version__, "semanticVersion": __version__,
                                "rules": [_rule(item) for item in items]}},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"PROJECTROOT": {"uri": root.as_uri() + "/" if root.is_absolute() else "./"}},
            "results": results,
            "properties": {"score": report.score, "filesInspected": report.files_inspected},
        }],
    }


def render(report: Report) -> str:
    return json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
