"""``--compare BEFORE.json AFTER.json``: what improved and what regressed between two audits.

Findings are matched by check, file, kind and what they are about (the
package, the path, the message), not by line, so moving code around is not
reported as a fix plus a new problem. A finding that lists items (the
unpinned packages of a file) is compared item by item; one that stands for
several places is compared by how many places remain.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tension_points.audit.report_json import SCHEMA_ID, SCHEMA_VERSION
from tension_points.errors import UserError
from tension_points.textfiles import read_text
from tension_points.reports import Registry


@dataclass
class Comparison:
    before_name: str
    after_name: str
    overall: tuple[int | None, int | None]
    groups: list[tuple[str, int | None, int | None]]
    fixed_checks: list[str] = field(default_factory=list)
    broken_checks: list[str] = field(default_factory=list)
    resolved: list[dict] = field(default_factory=list)
    introduced: list[dict] = field(default_factory=list)

    @property
    def after_score(self) -> int | None:
        return self.overall[1]


REPORT_READ_LIMIT = 64 * 1024 * 1024


def load_report(path: Path) -> dict:
    if path.is_file() and path.stat().st_size > REPORT_READ_LIMIT:
        raise UserError(f"{path}: larger than 64 MiB, not an audit report")
    text = read_text(path, "a JSON audit report")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: line {exc.lineno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise UserError(f"{path}: JSON nested too deeply, not an audit report") from None
    except ValueError:
        raise UserError(f"{path}: JSON holds a number too long to read, not an audit report") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA_ID:
        raise UserError(f"{path}: not a tension-points audit report (make one with --format json)")
    if data.get("schema_version") != SCHEMA_VERSION:
        raise UserError(f"{path}: schema_version {data.get('schema_version')!r} is not supported (expected {SCHEMA_VERSION})")
    _validate(path, data)
    return data


def _validate(path: Path, data: dict) -> None:
    import jsonschema

    from tension_points.datafiles import load_schema

    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(load_schema("audit-report")).iter_errors(data))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        raise UserError(f"{path}: {where}: {' '.join(error.message.split())[:200]}")


def _statuses(report: dict) -> dict[str, str]:
    return {check["id"]: check["status"] for group in report["groups"] for check in group["checks"]}


COLLAPSED_SUFFIX = re.compile(r" \(\d+ times(?:: lines? [^)]*)?\)$")


def _units(findings: list[dict]) -> tuple[Counter, dict]:
    """Each finding as countable units: one per listed item, else one per place it stands for."""
    units: Counter = Counter()
    examples: dict[tuple, dict] = {}
    for finding in findings:
        base = (finding["check"], finding.get("path") or "", finding["kind"])
        if finding.get("items"):
            keys = [(*base, "item", item) for item in finding["items"]]
        else:
            keys = [(*base, "message", COLLAPSED_SUFFIX.sub("", finding["message"]))] * max(int(finding.get("count") or 1), 1)
        for key in keys:
            units[key] += 1
            examples.setdefault(key, finding)
    return units, examples


def _changed(gone: Counter, total: Counter, examples: dict) -> list[dict]:
    """One line per unit that changed, saying how many of how many places when not all."""
    changed = []
    for key in sorted(gone):
        finding = dict(examples[key])
        _, _, kind, what, subject = key
        if what == "item":
            finding["message"] = f"{subject} ({kind})"
        else:
            finding["message"] = subject
            if total[key] > 1:
                finding["message"] += f" ({gone[key]} of {total[key]} places)"
        if what == "item" or total[key] > 1:
            finding["evidence"] = finding.get("path")
        changed.append(finding)
    return sorted(changed, key=lambda f: (f["check"], f.get("path") or "\uffff", f.get("line") or 0, f["message"]))


def compare(before_path: Path, after_path: Path) -> Comparison:
    before, after = load_report(before_path), load_report(after_path)
    group_ids = list(dict.fromkeys([g["id"] for g in before["groups"]] + [g["id"] for g in after["groups"]]))
    comparison = Comparison(
        before_name=str(before_path), after_name=str(after_path),
        overall=(before["score"]["overall"], after["score"]["overall"]),
        groups=[(gid, before["score"]["groups"].get(gid), after["score"]["groups"].get(gid)) for gid in group_ids],
    )
    old, new = _statuses(before), _statuses(after)
    comparison.fixed_checks = sorted(c for c in new if new[c] == "pass" and old.get(c) == "fail")
    comparison.broken_checks = sorted(c for c in new if new[c] == "fail" and old.get(c) in ("pass", "not-applicable", None))
    old_units, old_examples = _units(before["findings"])
    new_units, new_examples = _units(after["findings"])
    comparison.resolved = _changed(old_units - new_units, old_units, old_examples)
    comparison.introduced = _changed(new_units - old_units, new_units, new_examples)
    return comparison


def _score(value: int | None) -> str:
    return "n/a" if value is None else str(value)


def _delta(before: int | None, after: int | None) -> str:
    if before is None or after is None:
        return ""
    return f"{after - before:+d}"


def _where(finding: dict) -> str:
    return f"{finding['evidence']}: " if finding.get("evidence") else ""


def render_text(c: Comparison) -> str:
    lines = [f"Comparing {c.before_name} -> {c.after_name}",
             f"Overall: {_score(c.overall[0])} -> {_score(c.overall[1])} {_delta(*c.overall)}".rstrip(), ""]
    lines += [f"  {gid:<12} {_score(b):>4} -> {_score(a):>4} {_delta(b, a)}".rstrip() for gid, b, a in c.groups]
    lines.append("")
    lines.append(f"Checks now passing ({len(c.fixed_checks)}): " + (", ".join(c.fixed_checks) or "none"))
    lines.append(f"Checks now failing ({len(c.broken_checks)}): " + (", ".join(c.broken_checks) or "none"))
    lines.append("")
    lines.append(f"Resolved findings ({len(c.resolved)}):")
    lines += [f"  + {f['check']}: {_where(f)}{f['message']}" for f in c.resolved] or ["  none"]
    lines.append(f"New findings ({len(c.introduced)}):")
    lines += [f"  - {f['check']}: {_where(f)}{f['message']}" for f in c.introduced] or ["  none"]
    return "\n".join(lines) + "\n"


def render_markdown(c: Comparison) -> str:
    lines = ["# Audit comparison", "", f"`{c.before_name}` → `{c.after_name}`", "",
             f"**Overall: {_score(c.overall[0])} → {_score(c.overall[1])}** {_delta(*c.overall)}".rstrip(), "",
             "| Group | Before | After | Change |", "| --- | --- | --- | --- |"]
    lines += [f"| {gid} | {_score(b)} | {_score(a)} | {_delta(b, a)} |" for gid, b, a in c.groups]
    lines += ["", f"**Checks now passing:** {', '.join(f'`{x}`' for x in c.fixed_checks) or 'none'}", "",
              f"**Checks now failing:** {', '.join(f'`{x}`' for x in c.broken_checks) or 'none'}", "",
              f"## Resolved findings ({len(c.resolved)})", ""]
    lines += [f"- `{f['check']}`: {_where(f)}{f['message']}" for f in c.resolved] or ["none"]
    lines += ["", f"## New findings ({len(c.introduced)})", ""]
    lines += [f"- `{f['check']}`: {_where(f)}{f['message']}" for f in c.introduced] or ["none"]
    return "\n".join(lines) + "\n"


def render_json(c: Comparison) -> str:
    keep = ("check", "severity", "kind", "message", "evidence", "path", "line", "cell")
    document = {
        "schema": "tension-points/audit-comparison",
        "schema_version": 1,
        "before": c.before_name,
        "after": c.after_name,
        "overall": {"before": c.overall[0], "after": c.overall[1]},
        "groups": [{"id": gid, "before": b, "after": a} for gid, b, a in c.groups],
        "checks_now_passing": c.fixed_checks,
        "checks_now_failing": c.broken_checks,
        "resolved_findings": [{k: f.get(k) for k in keep} for f in c.resolved],
        "new_findings": [{k: f.get(k) for k in keep} for f in c.introduced],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


COMPARE_RENDERERS: Registry[Comparison] = Registry("an audit comparison")
for _name, _suffixes, _function in (("text", (".txt",), render_text), ("md", (".md",), render_markdown), ("json", (".json",), render_json)):
    COMPARE_RENDERERS.register(_name, *_suffixes)(_function)
