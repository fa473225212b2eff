"""What an audit produces: findings, check results, group results and the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from tension_points.audit.checklist import Group, Item


NOT_CHECKED = "not checked: "  # how a skip_reason starts when the audit could not judge a check for the project


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    SKIPPED = "skipped"
    NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True)
class Location:
    """Where a finding applies: a file, optionally a line or a notebook cell.

    A notebook's place is ``cell 60:6``: the cell's position counting every cell from the top, markdown too (as
    nbformat and VS Code's "Cell 60 of 70" count; it exists for cells never run), then the line within the cell.
    Reports for people add the execution count Jupyter shows beside a code cell that has run: ``cell 60
    (In [43]):6`` (``shown``); the JSON keeps the place as it was and gives the count apart."""

    path: str
    line: int | None = None
    cell: int | None = None
    prompt: int | None = field(default=None, compare=False)  # the cell's execution count, In [43], when it has one

    def __str__(self) -> str:
        return self.shown(prompt=False)

    def shown(self, prompt: bool = True) -> str:
        cell = f"cell {self.cell}" + (f" (In [{self.prompt}])" if prompt and self.prompt is not None else "")
        if self.cell is not None and self.line is not None:
            return f"{self.path}:{cell}:{self.line}"
        if self.cell is not None:
            return f"{self.path}:{cell}"
        if self.line is not None:
            return f"{self.path}:{self.line}"
        return self.path


@dataclass(frozen=True)
class Finding:
    """One problem. ``kind`` is a short stable label; ``message`` never contains a secret.

    One finding may stand for several: ``count`` places in one file (``lines``),
    the same finding in other files (``places``, such as a helper copied into
    every notebook), or a list of ``items`` (the unpinned packages of one file).
    ``severity`` is the check's unless a finding is milder or graver than its
    check (an old notebook format is not a broken notebook).
    """

    check: str
    kind: str
    message: str
    location: Location | None = None
    count: int = 1
    lines: tuple[int, ...] = ()
    items: tuple[str, ...] = ()
    severity: str = ""
    places: tuple[Location, ...] = ()  # further files with the same finding, merged into this one
    accepted: str = ""  # the reason the project gives for accepting it, when it does


@dataclass
class CheckResult:
    item: Item
    status: Status
    findings: list[Finding] = field(default_factory=list)  # what still counts against the project
    skip_reason: str | None = None
    not_read: list[str] = field(default_factory=list)  # files it should have looked inside and could not
    accepted: list[Finding] = field(default_factory=list)  # findings the project accepts, with its reasons
    fix: str = ""  # the fix in the project's own ecosystem (R, Julia, dbt), when the checklist gives one; else the item's
    languages_not_checked: list[str] = field(default_factory=list)  # the project's code in languages this check does not read

    @property
    def fix_text(self) -> str:
        return self.fix or self.item.fix

    @property
    def not_checked(self) -> bool:
        """Skipped because the audit cannot judge it for this project (its language, its kind), not by request."""
        return self.status is Status.SKIPPED and (self.skip_reason or "").startswith(NOT_CHECKED)


@dataclass(frozen=True)
class Fact:
    """Something the audit found out that is not a problem in itself, e.g. which file a builder uses."""

    label: str
    value: str


@dataclass
class GroupResult:
    group: Group
    checks: list[CheckResult]
    facts: list[Fact]
    score: int | None


@dataclass(frozen=True)
class Skip:
    check: str
    reason: str
    source: str  # "command line" or "pyproject.toml"


@dataclass(frozen=True)
class Exclusion:
    path: str
    reason: str
    source: str
    files: int = 0


@dataclass(frozen=True)
class Acceptance:
    """A finding the project accepts: its check, optionally a path pattern and a piece of its message, and why."""

    check: str
    reason: str
    path: str = ""
    contains: str = ""
    source: str = "pyproject.toml"
    findings: int = 0  # how many findings it accepted in this run


@dataclass(frozen=True)
class Note:
    """Something the audit could not do fully: an unreadable file, a symlink not followed."""

    path: str
    message: str


@dataclass
class Report:
    root_name: str
    root_path: str
    groups: list[GroupResult]
    score: int | None
    skipped: list[Skip]
    excluded: list[Exclusion]
    notes: list[Note]
    files_inspected: int
    accepted: list[Acceptance] = field(default_factory=list)
    top: list[tuple[CheckResult, Finding]] = field(default_factory=list)  # the few that matter most, first
    regions: dict = field(default_factory=dict)  # Location in a notebook -> where its cell's line is in the file's text

    @property
    def findings(self) -> list[tuple[CheckResult, Finding]]:
        return [(check, finding) for group in self.groups for check in group.checks for finding in check.findings]


def severity_of(check: CheckResult, finding: Finding) -> str:
    return finding.severity or check.item.severity
