"""The audit's report in every format: text, Markdown and HTML as one document of the kit's report stack
(``tension_points.reports``), JSON and SARIF as data.

The document opens with the few findings to read first (the gravest, then those
in the most places), then the scores, then each group: its facts, and for each
failing check its findings, why it matters, the fix and who owns it. Findings
the project accepts follow with their reasons; then skips, exclusions and notes.
Every text from the project is shown with its control characters escaped.
"""

from __future__ import annotations

from tension_points.audit import report_json, report_sarif
from tension_points.audit.checklist import OWNER_LABELS
from tension_points.audit.model import NOT_CHECKED, CheckResult, Finding, Report, Status, severity_of
from tension_points.reports import Document, Heading, ListBlock, Paragraph, Registry, Table
from tension_points.reports.renderers import REGISTRY as DOCUMENT_FORMATS
from tension_points.reports.visible import visible_copy

AUDIT_FORMATS: Registry[Report] = Registry("the audit report")
SHOWN_UNREAD = 5


def score_text(score: int | None) -> str:
    return "n/a" if score is None else f"{score}/100"


def files_inspected(count: int) -> str:
    return "1 file inspected" if count == 1 else f"{count} files inspected"


def not_read_text(check: CheckResult) -> str:
    """' (2 files not read: a, b)' when a check could not look inside some files, ' (its R code not checked)' when
    it reads only some of the project's languages, else ''."""
    languages = check.languages_not_checked
    unchecked = f" (its {' and '.join(languages)} code not checked: check it by hand)" if languages else ""
    files = check.not_read
    if not files:
        return unchecked
    shown = ", ".join(files[:SHOWN_UNREAD]) + (f" and {len(files) - SHOWN_UNREAD} more" if len(files) > SHOWN_UNREAD else "")
    return f" ({len(files)} file{'s' if len(files) != 1 else ''} not read: {shown}){unchecked}"


NOT_CHECKED_INTRO = ("Not checked (neither passed nor failed: the audit cannot read this project's code or files "
                     "for these, and they do not count in the score; check them by hand):")


def not_checked_line(check: CheckResult) -> str:
    """'nb-absolute-paths: it reads Python notebooks only; ... By hand: search the notebooks for ...'."""
    why = (check.skip_reason or "").removeprefix(NOT_CHECKED)
    return f"{check.item.id}: {why}. By hand: {check.item.by_hand_text}"


def finding_line(finding: Finding) -> str:
    return f"{finding.location.shown()}: {finding.message}" if finding.location else finding.message


def document(report: Report) -> Document:
    doc = Document(f"Reproducibility audit of {report.root_name}")
    doc.add(Paragraph(f"Overall score: {score_text(report.score)} ({files_inspected(report.files_inspected)})", "summary"))
    if report.top:
        doc.add(Heading(2, "Read these first"),
                ListBlock([f"{severity_of(check, finding).upper()} {check.item.id}: {finding_line(finding)}"
                           for check, finding in report.top], numbered=True))
    doc.add(Heading(2, "Scores"),
            Table(["Group", "Score", "Failing checks"],
                  [[g.group.title, score_text(g.score), str(sum(c.status is Status.FAIL for c in g.checks))] for g in report.groups],
                  numeric=(1, 2)))
    for group in report.groups:
        doc.add(Heading(2, f"{group.group.title}: {score_text(group.score)}"))
        if group.facts:
            doc.add(ListBlock([f"{fact.label}: {fact.value}" for fact in group.facts]))
        for check in group.checks:
            if check.status is Status.FAIL:
                _failing_check(doc, check)
        _other_checks(doc, group.checks)
    accepted = [(check, finding) for group in report.groups for check in group.checks for finding in check.accepted]
    if accepted:
        doc.add(Heading(2, "Accepted findings"),
                Paragraph("The project accepts these, with its reasons (accept in [tool.tension-points.audit]); "
                          "they do not count against the score."),
                Table(["Check", "Finding", "Reason"], [[check.item.id, finding_line(finding), finding.accepted]
                                                       for check, finding in accepted]))
    unused = [a for a in report.accepted if a.findings == 0]
    if unused:
        doc.add(Paragraph("Accept entries that matched nothing in this run: "
                          + "; ".join(f"{a.check}{' ' + a.path if a.path else ''}" for a in unused), "dim"))
    if report.skipped:
        doc.add(Heading(2, "Skipped checks"),
                Table(["Check", "Reason", "From"], [[s.check, s.reason, s.source] for s in report.skipped]))
    if report.excluded:
        doc.add(Heading(2, "Excluded paths"),
                Table(["Path", "Files", "Reason", "From"], [[e.path, str(e.files), e.reason, e.source] for e in report.excluded],
                      numeric=(1,)))
    if report.notes:
        doc.add(Heading(2, "Notes"), ListBlock([f"{n.path}: {n.message}" for n in report.notes]))
    return doc


def _failing_check(doc: Document, check: CheckResult) -> None:
    item = check.item
    doc.add(Heading(3, f"FAIL {item.id} ({item.severity})"),
            Paragraph(f"{item.question}{not_read_text(check)}", "fail"),
            ListBlock([finding_line(f) for f in check.findings]))
    if item.audit_scope:
        doc.add(Paragraph(f"What this check compares: {item.audit_scope}"))
    doc.add(
            Paragraph(f"Why: {item.why}"), Paragraph(f"Fix: {check.fix_text}"),
            Paragraph(f"Owner: {OWNER_LABELS[item.owner]}", "dim"))


def _other_checks(doc: Document, checks: list[CheckResult]) -> None:
    passing = [f"{c.item.id}{not_read_text(c)}" for c in checks if c.status is Status.PASS]
    if passing:
        doc.add(Paragraph("Passing: " + ", ".join(passing), "pass"))
    for check in checks:
        if check.status is Status.PASS and check.item.audit_scope:
            doc.add(Paragraph(f"What {check.item.id} compared: {check.item.audit_scope}", "dim"))
    skipped = [f"{c.item.id} ({c.skip_reason})" for c in checks if c.status is Status.SKIPPED and not c.not_checked]
    if skipped:
        doc.add(Paragraph("Skipped: " + ", ".join(skipped), "skip"))
    unchecked = [c for c in checks if c.not_checked]
    if unchecked:
        doc.add(Paragraph(NOT_CHECKED_INTRO, "skip"),
                ListBlock([not_checked_line(c) for c in unchecked]))
    missing = [f"{c.item.id}{not_read_text(c)}" for c in checks if c.status is Status.NOT_APPLICABLE]
    if missing:
        doc.add(Paragraph("Not applicable: " + ", ".join(missing), "dim"))


def _document_format(name: str, *suffixes: str):
    @AUDIT_FORMATS.register(name, *suffixes)
    def render(report: Report, **options) -> str:
        shown = visible_copy(report)
        if options.get("width"):
            options["unbreakable"] = places_named(shown)
        return DOCUMENT_FORMATS.render(document(shown), name, **options)

    return render


def places_named(report: Report) -> set[str]:
    """Every place the report names (``nb.ipynb:cell 3:2``, ``Week 1/a b.py``), to be kept whole when text is
    wrapped: a place cut in two at one of its spaces can no longer be found or pasted."""
    named: set[str] = set()
    for check, finding in [*report.findings, *((c, f) for g in report.groups for c in g.checks for f in c.accepted)]:
        for place in ([finding.location] if finding.location else []) + list(finding.places):
            named |= {place.shown(), str(place), place.path}
        named.update(check.not_read)
    named.update(note.path for note in report.notes)
    named.update(exclusion.path for exclusion in report.excluded)
    return named


for _name, _suffixes in (("text", (".txt",)), ("md", (".md", ".markdown")), ("html", (".html", ".htm"))):
    _document_format(_name, *_suffixes)
AUDIT_FORMATS.register("json", ".json")(report_json.render)
AUDIT_FORMATS.register("sarif", ".sarif")(report_sarif.render)


def render(report: Report, format_name: str, *, color: bool = False, width: int = 0) -> str:
    """``width``: the terminal's columns, to wrap the text report to (0: one line per paragraph and finding)."""
    options = {"color": color, "width": width} if format_name == "text" else {}
    return AUDIT_FORMATS.render(report, format_name, **options)
