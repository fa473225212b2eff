"""Run the audit one way: read the folder, build the facts once, run every check of the checklist on them,
merge and rank what they find, and assemble the report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tension_points.audit import scoring
from tension_points.audit.checklist import Checklist, load_checklist
from tension_points.audit.checks import CHECKS, FACTS, READS, load_all_checks
from tension_points.audit.facts import ProjectFacts, build_facts
from tension_points.audit.findings import merge_across_files, merge_in_files, rank, set_apart_accepted
from tension_points.audit.model import Acceptance, CheckResult, Finding, GroupResult, Note, Report, Skip, Status
from tension_points.audit.read import filetypes
from tension_points.audit.read.project import check_root, read_project

__all__ = ["check_root", "run_audit"]


def run_audit(path: Path, skips: list[Skip] = (), checklist: Checklist | None = None) -> Report:
    """Audit ``path``. Command-line ``skips`` are combined with those in its pyproject.toml."""
    checklist = checklist or load_checklist(validate_schema=False)
    load_all_checks()
    project = read_project(Path(path), checklist.automated_ids)
    found = build_facts(project)
    all_skips = _combine_skips(list(skips), project.skips)
    skip_reasons = {skip.check: skip.reason for skip in all_skips}
    accepted_counts = [0] * len(project.acceptances)
    groups = []
    for group in checklist.groups:
        results = [_run_check(item, found, skip_reasons, project.acceptances, accepted_counts)
                   for item in checklist.items_in(group.id) if item.automated]
        group_facts = FACTS[group.id](found) if group.id in FACTS else []
        groups.append(GroupResult(group, results, group_facts, scoring.score(results)))
    root = project.root
    report = Report(
        root_name=printable(root.name or str(root)), root_path=printable(str(root)),
        groups=[_printable_group(group) for group in groups],
        score=scoring.score(check for group in groups for check in group.checks),
        skipped=all_skips, excluded=project.exclusions,
        notes=sorted({Note(printable(n.path), printable(n.message)) for n in found.notes}, key=lambda n: (n.path, n.message)),
        files_inspected=len(found.files),
        accepted=[replace(a, findings=count) for a, count in zip(project.acceptances, accepted_counts)],
    )
    report.top = rank(report)
    return report


def _run_check(item, found: ProjectFacts, skip_reasons: dict[str, str], acceptances: list[Acceptance],
               accepted_counts: list[int]) -> CheckResult:
    if item.id in skip_reasons:
        return CheckResult(item, Status.SKIPPED, skip_reason=skip_reasons[item.id])
    findings = CHECKS[item.id](found)
    not_read, unread_all = _not_read(item.id, found)
    if findings is None or (not findings and unread_all):
        return CheckResult(item, Status.NOT_APPLICABLE, not_read=not_read)
    kept, accepted = set_apart_accepted(merge_in_files(findings), acceptances, accepted_counts)  # each file judged alone
    kept, accepted = merge_across_files(kept), merge_across_files(accepted)
    return CheckResult(item, Status.FAIL if kept else Status.PASS, kept, not_read=not_read, accepted=accepted)


def _not_read(check_id: str, found: ProjectFacts) -> tuple[list[str], bool]:
    """Files of the kinds a check reads that could not be read, and whether that was every one of them."""
    kinds = READS.get(check_id, ())
    if not kinds or not found.unread:
        return [], False
    relevant = [f for f in found.files if filetypes.category(f) in kinds]
    unread = sorted(f.rel for f in relevant if f.rel in found.unread)
    return unread, bool(unread) and len(unread) == len(relevant)


def printable(text: str) -> str:
    """File names that are not valid UTF-8 reach us with surrogate escapes; show their bytes as \\xNN
    so every report is valid UTF-8 (and the JSON stays parseable)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _printable_finding(finding: Finding) -> Finding:
    def where(location):
        return replace(location, path=printable(location.path)) if location is not None else None

    return replace(finding, message=printable(finding.message), location=where(finding.location),
                   items=tuple(map(printable, finding.items)), places=tuple(where(p) for p in finding.places))


def _printable_group(group: GroupResult) -> GroupResult:
    for check in group.checks:
        check.findings = [_printable_finding(f) for f in check.findings]
        check.accepted = [_printable_finding(f) for f in check.accepted]
        check.not_read = [printable(rel) for rel in check.not_read]
    group.facts = [replace(fact, value=printable(fact.value)) for fact in group.facts]
    return group


def _combine_skips(command_line: list[Skip], from_project: list[Skip]) -> list[Skip]:
    """Command-line skips win over the project's for the same check."""
    chosen = {skip.check: skip for skip in from_project}
    chosen.update({skip.check: skip for skip in command_line})
    return sorted(chosen.values(), key=lambda skip: skip.check)
