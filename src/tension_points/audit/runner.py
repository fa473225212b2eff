"""Run the audit one way: read the folder, build the facts once, run every check of the checklist on them,
merge and rank what they find, and assemble the report."""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path

from tension_points.audit import scoring
from tension_points.audit.checklist import CODE_LANGUAGES, KINDS, Checklist, listed, load_checklist
from tension_points.audit.checks import CHECKS, FACTS, READS, load_all_checks
from tension_points.audit.facts import NOTEBOOK_READ_LIMIT, ProjectFacts, build_facts
from tension_points.audit.findings import merge_across_files, merge_in_files, rank, set_apart_accepted
from tension_points.audit.model import NOT_CHECKED, Acceptance, CheckResult, Finding, GroupResult, Location, Note, Report, Skip, Status
from tension_points.audit.parse.notebook_text import Span, cell_text_spans
from tension_points.audit.read import filetypes
from tension_points.audit.read.project import check_root, read_project

__all__ = ["check_root", "run_audit"]


def run_audit(path: Path, skips: list[Skip] = (), checklist: Checklist | None = None) -> Report:
    """Audit ``path``. Command-line ``skips`` are combined with those in its pyproject.toml.

    Python's cycle collector is paused meanwhile: the facts of a large project are hundreds of thousands of
    small objects, none of them in a cycle that outlives the run, and each full collection walked them all
    again (a quarter of the audit's time on 50,000 modules); memory is still freed as it is let go."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run_audit(path, skips, checklist)
    finally:
        if collecting:
            gc.enable()


def _run_audit(path: Path, skips: list[Skip] = (), checklist: Checklist | None = None) -> Report:
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
    regions = _notebook_regions(groups, found)
    report = Report(
        root_name=printable(root.name or str(root)), root_path=printable(str(root)),
        groups=[_printable_group(group) for group in groups],
        score=scoring.score(check for group in groups for check in group.checks),
        skipped=all_skips, excluded=project.exclusions,
        notes=sorted({Note(printable(n.path), printable(n.message)) for n in found.notes}, key=lambda n: (n.path, n.message)),
        files_inspected=len(found.files),
        accepted=[replace(a, findings=count) for a, count in zip(project.acceptances, accepted_counts)],
        regions=regions,
    )
    report.top = rank(report)
    return report


def _run_check(item, found: ProjectFacts, skip_reasons: dict[str, str], acceptances: list[Acceptance],
               accepted_counts: list[int]) -> CheckResult:
    if item.id in skip_reasons:
        return CheckResult(item, Status.SKIPPED, skip_reason=skip_reasons[item.id])
    findings = CHECKS[item.id](found)
    not_read, unread_all = _not_read(item.id, found)
    not_checked = _not_checked(item, found, findings)
    if not_checked:
        return CheckResult(item, Status.SKIPPED, skip_reason=not_checked)
    if findings is None or (not findings and unread_all):
        return CheckResult(item, Status.NOT_APPLICABLE, not_read=not_read)
    kept, accepted = set_apart_accepted(merge_in_files(findings), acceptances, accepted_counts)  # each file judged alone
    kept, accepted = merge_across_files(kept), merge_across_files(accepted)
    kept, accepted = [_with_prompt(f, found) for f in kept], [_with_prompt(f, found) for f in accepted]  # once merged: few
    return CheckResult(item, Status.FAIL if kept else Status.PASS, kept, not_read=not_read, accepted=accepted,
                       fix=dict(item.fix_for).get(found.ecosystem, "") if found.ecosystem else "",
                       languages_not_checked=_languages_not_checked(item, found))


def _languages_not_checked(item, found: ProjectFacts) -> list[str]:
    """The languages of the project's code a check that reads some only leaves out (a pass on the Python code of a
    project that also has R says so)."""
    reads = READS.get(item.id, ())
    if not set(reads) & {"python", "notebook", "code"} or set(item.checked_for) == set(KINDS):
        return []
    present = (found.notebook_languages if "notebook" in reads else set()) | (
        found.script_languages if reads != ("notebook",) else set())
    return sorted(present - set(item.checked_for) - {"SQL"})  # queries: no imports, seeds or downloads to read


def _not_checked(item, found: ProjectFacts, findings) -> str:
    """Why a check cannot speak for this project ("" when it can), from the checklist's checked_for: code it
    does not read (an R project's randomness when only Python's is read), or a kind of project it does not judge
    (an R project's pins). Such a check is "not checked", never passed; what it found stands."""
    if findings:
        return ""
    languages = [kind for kind in item.checked_for if kind in CODE_LANGUAGES]
    reads = READS.get(item.id, ())
    reads_code = bool(set(reads) & {"python", "notebook", "code"})
    if reads_code and set(item.checked_for) != set(KINDS):  # a check for every kind reads any language's text
        present = (found.notebook_languages if "notebook" in reads else set()) | (
            found.script_languages if reads != ("notebook",) else set())
        if present and not present & set(languages):
            where, verb = ("notebooks", "are") if reads == ("notebook",) else ("code", "is")
            return (f"{NOT_CHECKED}it reads {listed(languages)} {where} only; this project's {where} {verb} in "
                    f"{listed(sorted(present))}")
    kind = found.ecosystem or "Python"
    if not reads_code and findings is not None and item.checked_for and kind not in item.checked_for:
        return f"{NOT_CHECKED}it judges this for {listed(list(item.checked_for))} projects only; this is {_a(kind)} project"
    return ""


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "AEIOUR" else f"a {kind}"


def _notebook_regions(groups: list[GroupResult], found: ProjectFacts) -> dict[Location, Span]:
    """Where in each notebook file's text the cells and cell lines that findings cite are, for views that show
    a file's lines (SARIF); keyed by the places as the report prints them. The notebooks with such findings are
    read once more, and only their cited cells walked: most of a notebook is outputs no finding cites."""
    cited: dict[str, list[Location]] = {}
    for group in groups:
        for check in group.checks:
            for finding in [*check.findings, *check.accepted]:
                for place in [finding.location, *finding.places]:
                    if place is not None and place.cell is not None:
                        cited.setdefault(place.path, []).append(place)
    regions = {}
    for rel, places in cited.items():
        file = found.file(rel)
        text = _notebook_text(file.path) if file is not None and file.size <= NOTEBOOK_READ_LIMIT else None
        cells = cell_text_spans(text, {place.cell for place in places}) if text is not None else None
        for place in places if cells is not None else ():
            cell = cells.get(place.cell)
            span = None if cell is None else cell.whole if place.line is None else cell.line(place.line)
            if span is not None:
                regions[replace(place, path=printable(place.path))] = span
    return regions


def _notebook_text(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return handle.read(NOTEBOOK_READ_LIMIT + 1).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _with_prompt(finding: Finding, found: ProjectFacts) -> Finding:
    """A notebook finding's place with the execution count Jupyter shows beside its cell (In [43])."""
    where = finding.location
    if where is None or where.cell is None:
        return finding
    cell = found.notebook_cell(where.path, where.cell)
    count = cell.execution_count if cell is not None and cell.cell_type == "code" else None
    return replace(finding, location=replace(where, prompt=count)) if isinstance(count, int) else finding


def _not_read(check_id: str, found: ProjectFacts) -> tuple[list[str], bool]:
    """Files of the kinds a check reads that could not be read, and whether that was every one of them."""
    kinds = READS.get(check_id, ())
    unreadable = set(found.unread)
    if check_id.startswith("env-") and check_id != "env-spec-present":  # what needs them parsed; env-spec-present reports them
        unreadable |= {rel for rel, spec in found.specs.items() if spec.problem}  # there, but could not be parsed
    if check_id.startswith("nb-") and check_id != "nb-valid":  # nb-valid reports them
        unreadable |= {notebook.rel for notebook in found.notebooks if notebook.cells is None}
    if not kinds or not unreadable:
        return [], False
    relevant = [f for f in found.files if filetypes.category(f) in kinds]
    unread = sorted(f.rel for f in relevant if f.rel in unreadable)
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
