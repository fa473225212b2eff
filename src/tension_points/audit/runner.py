"""Run every check of the checklist over a folder and assemble the report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tension_points.audit import scoring
from tension_points.audit.checklist import Checklist, load_checklist
from tension_points.audit.config import AuditConfig, matching_exclusion, read_project_config
from tension_points.audit.context import AuditContext
from tension_points.audit.model import CheckResult, Exclusion, Finding, GroupResult, Note, Report, Skip, Status
from tension_points.audit.registry import FACTS, load_all_checks
from tension_points.audit.walker import walk
from tension_points.errors import UserError


def check_root(path: Path) -> Path:
    if not path.exists():
        if path.is_symlink():
            raise UserError(f"{path}: broken symlink, nothing to audit")
        raise UserError(f"{path}: no such folder")
    if not path.is_dir():
        raise UserError(f"{path}: is a file; give the project folder to audit")
    try:
        next(iter(path.iterdir()), None)
    except OSError as exc:
        raise UserError(f"{path}: cannot read folder ({exc.strerror})") from None
    return path


def run_audit(path: Path, skips: list[Skip] = (), checklist: Checklist | None = None) -> Report:
    """Audit ``path``. Command-line ``skips`` are combined with those in its pyproject.toml."""
    root = check_root(Path(path))
    checklist = checklist or load_checklist(validate_schema=False)
    checks = load_all_checks()
    walked = walk(root)
    pyproject = next((f for f in walked.files if f.rel == "pyproject.toml"), None)
    config: AuditConfig = read_project_config(root, checklist.automated_ids, pyproject, walked.notes)
    all_skips = _combine_skips(list(skips), config.skips)
    exclusions = config.exclusions
    counts = [0] * len(exclusions)
    kept = []
    for file in walked.files:
        index = matching_exclusion(file.rel, exclusions)
        if index is None:
            kept.append(file)
        else:
            counts[index] += 1
    context = AuditContext(
        root=root.resolve(), files=kept, git=walked.git, git_problem=walked.git_problem,
        notes=list(config.notes) + walked.notes,
        excluded=lambda rel: matching_exclusion(rel, exclusions) is not None,
    )
    if not kept:
        context.note(".", "no files to audit: the folder is empty (or everything in it is skipped)")

    skip_reasons = {skip.check: skip.reason for skip in all_skips}
    groups = []
    for group in checklist.groups:
        results = [_run_check(item, checks, context, skip_reasons) for item in checklist.items_in(group.id) if item.automated]
        group_facts = FACTS[group.id](context) if group.id in FACTS else []
        groups.append(GroupResult(group, results, group_facts, scoring.score(results)))

    return Report(
        root_name=printable(root.resolve().name or str(root.resolve())),
        root_path=printable(str(root.resolve())),
        groups=[_printable_group(group) for group in groups],
        score=scoring.score(check for group in groups for check in group.checks),
        skipped=all_skips,
        excluded=[Exclusion(e.path, e.reason, e.source, count) for e, count in zip(exclusions, counts)],
        notes=sorted((Note(printable(n.path), printable(n.message)) for n in _drop_excluded(context.notes, context)),
                     key=lambda n: (n.path, n.message)),
        files_inspected=len(kept),
    )


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
    location = finding.location
    if location is not None:
        location = replace(location, path=printable(location.path))
    return replace(finding, message=printable(finding.message), location=location,
                   items=tuple(map(printable, finding.items)))


def _printable_group(group: GroupResult) -> GroupResult:
    for check in group.checks:
        check.findings = [_printable_finding(f) for f in check.findings]
        check.not_read = [printable(rel) for rel in check.not_read]
    group.facts = [replace(fact, value=printable(fact.value)) for fact in group.facts]
    return group


def _run_check(item, checks, context: AuditContext, skip_reasons: dict[str, str]) -> CheckResult:
    if item.id in skip_reasons:
        return CheckResult(item, Status.SKIPPED, skip_reason=skip_reasons[item.id])
    findings = checks[item.id](context)
    not_read = sorted(context.not_read.get(item.id, []))
    if findings is None:
        return CheckResult(item, Status.NOT_APPLICABLE, not_read=not_read)
    findings = collapse(sorted(findings, key=_finding_order))
    return CheckResult(item, Status.FAIL if findings else Status.PASS, findings, not_read=not_read)


SHOWN_LINES = 10


def collapse(findings: list[Finding]) -> list[Finding]:
    """The same finding repeated in one file (or notebook) becomes one finding that says how often and where."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        where = finding.location
        groups.setdefault((finding.check, finding.kind, finding.message, where.path if where else None), []).append(finding)
    collapsed = []
    for group in groups.values():
        first = group[0]
        if len(group) == 1 and (first.count == 1 or first.lines):
            collapsed.append(first)  # one place, or already collapsed where it was found
            continue
        count = sum(f.count for f in group)
        cells = list(dict.fromkeys(f.location.cell for f in group if f.location and f.location.cell is not None))
        lines = list(dict.fromkeys(line for f in group for line in (f.lines or ([f.location.line] if f.location and f.location.line else []))))
        places, label = (cells, "cell") if cells else (lines, "line")
        shown = ", ".join(map(str, places[:SHOWN_LINES])) + (f" and {len(places) - SHOWN_LINES} more" if len(places) > SHOWN_LINES else "")
        where = f": {label}{'s' if len(places) > 1 else ''} {shown}" if places else ""
        collapsed.append(replace(first, message=f"{first.message} ({count} times{where})", count=count,
                                 lines=() if cells else tuple(lines[:1000])))
    return collapsed


def _finding_order(finding):
    location = finding.location
    if location is None:  # project-wide findings and summaries come after the located ones
        return ("\uffff", 0, 0, finding.kind, finding.message)
    return (location.path, location.cell or 0, location.line or 0, finding.kind, finding.message)


def _combine_skips(command_line: list[Skip], from_project: list[Skip]) -> list[Skip]:
    """Command-line skips win over the project's for the same check."""
    chosen = {skip.check: skip for skip in from_project}
    chosen.update({skip.check: skip for skip in command_line})
    return sorted(chosen.values(), key=lambda skip: skip.check)


def _drop_excluded(notes: list[Note], context: AuditContext) -> list[Note]:
    return [note for note in notes if note.path == "." or not context.excluded(note.path)]
