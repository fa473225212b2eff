"""What the checks found, made readable: repeats merged one way, accepted findings set apart, the top few ranked.

Checks report one finding per place. Here the same finding repeated in one
file becomes one that says how often and where ("12 times: lines 4, 9..."),
and the same finding in several files (a download helper copied into every
notebook, an exercise and its solution) one that says where else. Findings
the project accepts (``accept`` in its audit settings) stay in the report with
their reason and no longer count against the score.
"""

from __future__ import annotations

import re
from dataclasses import replace

from tension_points.audit.checklist import SEVERITY_WEIGHT
from tension_points.audit.model import Acceptance, CheckResult, Finding, Location, Report, severity_of
from tension_points.audit.read.config import matches

SHOWN_PLACES = 10
KEPT_LINES = 1000
TOP_FINDINGS = 5


def _order(finding: Finding):
    location = finding.location
    if location is None:  # project-wide findings and summaries come after the located ones
        return ("\uffff", 0, 0, finding.kind, finding.message)
    return (location.path, location.cell or 0, location.line or 0, finding.kind, finding.message)


def _shown(places: list, label: str) -> str:
    shown = ", ".join(map(str, places[:SHOWN_PLACES])) + (f" and {len(places) - SHOWN_PLACES} more" if len(places) > SHOWN_PLACES else "")
    return f"{label}{'s' if len(places) > 1 else ''} {shown}"


def merge_in_files(findings: list[Finding]) -> list[Finding]:
    """The same finding repeated in one file (or notebook) becomes one that says how often and where."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in sorted(findings, key=_order):
        where = finding.location
        groups.setdefault((finding.check, finding.kind, finding.message, where.path if where else None), []).append(finding)
    merged = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            merged.append(first)
            continue
        count = sum(f.count for f in group)
        cells = list(dict.fromkeys(f.location.cell for f in group if f.location and f.location.cell is not None))
        lines = list(dict.fromkeys(f.location.line for f in group if f.location and f.location.line))
        in_cells = bool(cells)
        if len(cells) == 1:  # all in the cell the finding names: where in it, not the cell again
            cells = []
        places, label = (cells, "cell") if cells else (lines, "line")
        where = f": {_shown(places, label)}" if len(places) > 1 else " on this line" if places else ""
        merged.append(replace(first, message=f"{first.message} ({count} times{where})", count=count,
                              lines=() if in_cells else tuple(lines[:KEPT_LINES])))
    return merged


TWIN_WORDS = re.compile(r"(?i)(?:[-_. ]?(?:exercises?|solutions?|solved|answers?|students?|teachers?|instructors?|empty|blank"
                        r"|filled|complete[ds]?|incomplete|starter|template|key))+(?=\.ipynb$|$)")
TWIN_FOLDERS = re.compile(r"(?i)(?:^|/)(?:exercises?|solutions?|answers?|students?|instructors?|teachers?|starter|completed?)(?=/)")


def twin_key(rel: str) -> str | None:
    """A name shared by an exercise notebook and its solution: 02-regression.ipynb for
    02-regression-exercise.ipynb, 02-regression_solution.ipynb and exercises/ or solutions/02-regression.ipynb."""
    if not rel.endswith(".ipynb"):
        return None
    stripped = TWIN_FOLDERS.sub("/", TWIN_WORDS.sub("", rel[:-6])).lstrip("/")
    return stripped if stripped != rel[:-6] else None


def merge_across_files(findings: list[Finding]) -> list[Finding]:
    """The same finding in several files becomes one, at its first place, saying where else (and naming twins)."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        where = finding.location
        if where is None or (where.line is None and where.cell is None):  # about a whole file: it is its own subject
            groups[(id(finding),)] = [finding]
            continue
        groups.setdefault((finding.check, finding.kind, finding.message), []).append(finding)
    merged = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1:
            merged.append(first)
            continue
        others = [f.location for f in group[1:]]
        keys = {twin_key(f.location.path) for f in group}
        if len(group) == 2 and None not in keys and len(keys) == 1:
            note = f"also in its twin, {others[0]}"
        else:
            note = f"also in {len(others)} other file{'s' if len(others) > 1 else ''}: " + ", ".join(map(str, others[:SHOWN_PLACES])) + (
                f" and {len(others) - SHOWN_PLACES} more" if len(others) > SHOWN_PLACES else "")
        merged.append(replace(first, message=f"{first.message} ({note})", count=sum(f.count for f in group),
                              places=tuple(others)))
    return sorted(merged, key=_order)


def accepted_by(finding: Finding, acceptances: list[Acceptance]) -> int | None:
    for index, acceptance in enumerate(acceptances):
        if acceptance.check != finding.check:
            continue
        if acceptance.path and (finding.location is None or not matches(acceptance.path, finding.location.path)):
            continue
        if acceptance.contains and acceptance.contains not in finding.message:
            continue
        return index
    return None


def set_apart_accepted(findings: list[Finding], acceptances: list[Acceptance], counts: list[int]) -> tuple[list[Finding], list[Finding]]:
    """(findings that still count, findings the project accepts, each with its reason)."""
    kept, accepted = [], []
    for finding in findings:
        index = accepted_by(finding, acceptances)
        if index is None:
            kept.append(finding)
        else:
            counts[index] += 1
            accepted.append(replace(finding, accepted=acceptances[index].reason))
    return kept, accepted


def places(finding: Finding) -> int:
    """How many places a finding stands for, an exercise and its solution counting once."""
    total = max(finding.count, 1 + len(finding.places))
    return max(total // 2, 1) if "also in its twin" in finding.message else total


def rank(report: Report) -> list[tuple[CheckResult, Finding]]:
    """The few findings to read first: the gravest, then those in the most places, one per check
    (three secrets in one file are one thing to do first, not three), the one that lists the most first."""
    order = {check.item.id: index for index, (check, _) in enumerate(report.findings)}
    ranked = sorted(report.findings, key=lambda pair: (-SEVERITY_WEIGHT[severity_of(*pair)], -places(pair[1]),
                                                       order[pair[0].item.id], -len(pair[1].items)))  # 14 unpinned before 5
    top, seen = [], set()
    for check, finding in ranked:
        if check.item.id not in seen:
            seen.add(check.item.id)
            top.append((check, finding))
    return top[:TOP_FINDINGS]


def located(finding: Finding) -> list[Location]:
    """Every place a finding stands for (its location first)."""
    return ([finding.location] if finding.location else []) + list(finding.places)
