"""Code checks: unseeded randomness (in the pipeline, and apart in tests), absolute paths, hard-coded secrets.

One pass reads each file once (a bounded prefix) and runs every scan that
applies to it; the checks then pick their share of the results. Seeding is
resolved across the project: a function that seeds (``def seed_all(): ...``)
seeds wherever it is called.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tension_points.audit import filetypes, scanning
from tension_points.audit.context import AuditContext
from tension_points.audit.model import Finding, Location
from tension_points.audit.registry import check

RANDOMNESS, TEST_RANDOMNESS = "code-unseeded-randomness", "code-test-randomness"
PATHS, SECRETS = "code-absolute-paths", "code-secrets"


@dataclass
class CodeScan:
    findings: dict[str, list[Finding]] = field(default_factory=lambda: {RANDOMNESS: [], TEST_RANDOMNESS: [], PATHS: [], SECRETS: []})
    looked_at: set[str] = field(default_factory=set)  # checks that had at least one file to read
    # Python files with randomness no seed in the file covers, waiting for the project's seeding helpers.
    pending: list[tuple[str, scanning.RandomnessScan]] = field(default_factory=list)
    helpers: dict[str, set[str]] = field(default_factory=dict)
    # Imported top-level names: the first file importing each, and in how many files.
    imports: dict[str, str] = field(default_factory=dict)
    import_files: dict[str, int] = field(default_factory=dict)
    downloads: dict[str, tuple[int, int, None, bool]] = field(default_factory=dict)


_BY_TYPE: dict[tuple[str, str], tuple[str, ...]] = {}


def _applies(file) -> list[str]:
    """The checks that read a file, worked out once per type (suffix and name), then per path for tests."""
    key = (file.suffix, file.name if not file.suffix or file.name.startswith(".env") else "")  # names decide only these
    applies = _BY_TYPE.get(key)
    if applies is None:
        found = []
        if filetypes.is_python(file):
            found.append(RANDOMNESS)
        # Dockerfiles legitimately use absolute paths inside the image.
        if (filetypes.is_code(file) or filetypes.is_config(file)) and file.name != "Dockerfile":
            found.append(PATHS)
        if filetypes.may_hold_secrets(file):
            found.append(SECRETS)
        applies = _BY_TYPE[key] = tuple(found)
    if applies and applies[0] == RANDOMNESS and filetypes.is_test(file.rel):
        return [TEST_RANDOMNESS, *applies[1:]]
    return list(applies)


def _scan(context: AuditContext) -> CodeScan:
    from tension_points.audit.data import CHECKSUM, downloads, may_download

    from tension_points.audit.environment import analysis
    from tension_points.audit.imports import in_any, nested_projects

    result = CodeScan()
    nested = nested_projects(context, {f.rel for f in analysis(context).spec_files})
    for file in context.files:
        if filetypes.is_notebook(file):
            continue  # parsed and scanned cell by cell by the notebook checks
        applies = _applies(file)
        download = may_download(file)
        if not applies and not download:
            continue
        text = context.read_text(file)
        if text is None:
            if file.rel in context.unread:
                for check_id in applies:
                    context.could_not_read(check_id, file.rel)
            continue
        result.looked_at.update(applies)
        lines = scanning.LineIndex(text)
        if download:
            positions = downloads(text)
            if positions:
                result.downloads[file.rel] = (len(positions), lines.line(positions[0]), None, bool(CHECKSUM.search(text)))
        if RANDOMNESS in applies or TEST_RANDOMNESS in applies:
            for name in () if nested and in_any(file.rel, nested) else scanning.imported_names(text):
                if name not in result.imports:
                    result.imports[name] = file.rel
                result.import_files[name] = result.import_files.get(name, 0) + 1
            scan = scanning.scan_randomness(text)
            if scan.uses or scan.seeds:
                for name, families in scan.seeding_functions().items():
                    result.helpers.setdefault(name, set()).update(families)
                if scan.unseeded():
                    result.pending.append((file.rel, scan))
        if PATHS in applies:
            result.findings[PATHS] += grouped(PATHS, file.rel, lines, scanning.absolute_paths(text),
                                              lambda hit: f"absolute path {hit.detail}")
        if SECRETS in applies:
            unquoted = file.suffix in filetypes.KEY_VALUE_SUFFIXES or file.name.startswith(".env")
            hits = scanning.secrets(text, unquoted_values=unquoted, documentation=filetypes.is_documentation(file))
            result.findings[SECRETS] += grouped(SECRETS, file.rel, lines, hits, lambda hit: f"{hit.kind} (value not shown)")
    for rel, scan in result.pending:
        check_id = TEST_RANDOMNESS if filetypes.is_test(rel) else RANDOMNESS
        result.findings[check_id] += grouped(check_id, rel, scan.lines, scan.unseeded(result.helpers), describe_randomness)
    return result


def describe_randomness(hit: scanning.Hit) -> str:
    return f"{hit.kind} ({hit.detail})" if hit.detail else hit.kind


SHOWN_LINES = 10
KEPT_LINES = 1000


def grouped(check_id: str, rel: str, lines: scanning.LineIndex, hits: list[scanning.Hit], message, cell: int | None = None,
            first_line: int = 1) -> list[Finding]:
    """One finding per distinct message in a file, however often it repeats (saying how often, and where)."""
    if not hits:
        return []
    groups: dict[tuple[str, str], list[scanning.Hit]] = {}
    for hit in hits:
        groups.setdefault((hit.kind, message(hit)), []).append(hit)
    findings = []
    for (kind, text), same in groups.items():
        numbers = list(dict.fromkeys(lines.line(hit.position) - first_line + 1 for hit in same))
        location = Location(rel, numbers[0], cell)
        if len(same) == 1:
            findings.append(Finding(check_id, kind, text, location))
            continue
        shown = ", ".join(map(str, numbers[:SHOWN_LINES])) + (f" and {len(numbers) - SHOWN_LINES} more" if len(numbers) > SHOWN_LINES else "")
        where = f": lines {shown}" if len(numbers) > 1 else f": line {shown}"
        findings.append(Finding(check_id, kind, f"{text} ({len(same)} times{where})", location,
                                count=len(same), lines=tuple(numbers[:KEPT_LINES])))
    return findings


def download_sites(context: AuditContext) -> dict[str, tuple[int, int, None, bool]]:
    """Files (not notebooks) that download data: (places, first line, no cell, checksum checked)."""
    return _results(context).downloads


def python_imports(context: AuditContext) -> tuple[dict[str, str], dict[str, int]]:
    results = _results(context)
    return results.imports, results.import_files


def seeding_helpers(context: AuditContext) -> dict[str, set[str]]:
    """Functions defined in the project's Python files that seed (name to families), for the notebooks too."""
    return _results(context).helpers


def _results(context: AuditContext) -> CodeScan:
    return context.memo("code-scan", lambda: _scan(context))


def _share(context: AuditContext, check_id: str) -> list[Finding] | None:
    """The check's findings, or None when no file it applies to could be looked at."""
    results = _results(context)
    return results.findings[check_id] if check_id in results.looked_at else None


@check(RANDOMNESS)
def unseeded_randomness(context: AuditContext) -> list[Finding] | None:
    return _share(context, RANDOMNESS)


@check(TEST_RANDOMNESS)
def unseeded_test_randomness(context: AuditContext) -> list[Finding] | None:
    return _share(context, TEST_RANDOMNESS)


@check(PATHS)
def absolute_paths(context: AuditContext) -> list[Finding] | None:
    return _share(context, PATHS)


@check(SECRETS)
def hard_coded_secrets(context: AuditContext) -> list[Finding] | None:
    from tension_points.audit.notebooks import notebook_secret_findings

    in_files = _share(context, SECRETS)
    # Secrets in notebooks are found by the notebook scan and reported here too.
    in_notebooks = notebook_secret_findings(context)
    if in_files is None and in_notebooks is None:
        return None
    return (in_files or []) + (in_notebooks or [])
