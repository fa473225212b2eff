"""Notebook checks: validity, execution order, errors, unexecuted cells, paths, seeds, output size.

Notebooks are parsed as JSON (never opened with a kernel). Locations are given
as cell numbers counted from 1 over all cells, as they appear on screen.
"""

from __future__ import annotations

import bisect
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass

from tension_points.audit import filetypes, scanning
from tension_points.audit.context import AuditContext
from tension_points.audit.model import Finding, Location
from tension_points.audit.registry import check
from tension_points.audit.walker import ProjectFile

# Parse notebooks up to this size; beyond it the size itself is the finding.
NOTEBOOK_READ_LIMIT = 32 * 1024 * 1024
LARGE_OUTPUTS_BYTES = 1024 * 1024


@dataclass
class Cell:
    number: int  # 1-based position among all cells
    cell_type: str
    source: str
    execution_count: int | None
    outputs: list


@dataclass
class Notebook:
    file: ProjectFile
    cells: list[Cell] | None  # None when the file is not a valid notebook
    problem: str = ""
    raw_text: str = ""
    python_version: str = ""  # from the notebook's metadata (language_info), when it records one

    @property
    def code_cells(self) -> list[Cell]:
        return [cell for cell in self.cells or [] if cell.cell_type == "code"]


def _join(source) -> str:
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def parse_notebook(file: ProjectFile, text: str) -> Notebook:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return Notebook(file, None, f"not valid JSON (line {exc.lineno}: {exc.msg})", text)
    except RecursionError:
        return Notebook(file, None, "JSON nested too deeply to be a notebook", "")
    except ValueError:  # e.g. an integer of thousands of digits, beyond Python's conversion limit
        return Notebook(file, None, "JSON holds a number too long to read", "")
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        if isinstance(document, dict) and "worksheets" in document:
            return Notebook(file, None, "old nbformat 3 notebook; open and save it in a current Jupyter to upgrade", text)
        return Notebook(file, None, "JSON but not a notebook (no list of cells)", text)
    cells = []
    for number, raw in enumerate(document["cells"], start=1):
        if not isinstance(raw, dict) or "cell_type" not in raw:
            return Notebook(file, None, f"cell {number} has no cell_type", text)
        count = raw.get("execution_count")
        outputs = raw.get("outputs") if isinstance(raw.get("outputs"), list) else []
        cells.append(Cell(number, raw["cell_type"], _join(raw.get("source", "")),
                          count if isinstance(count, int) else None, outputs))
    return Notebook(file, cells, raw_text=text, python_version=_recorded_python(document))


def _recorded_python(document: dict) -> str:
    metadata = document.get("metadata")
    info = metadata.get("language_info") if isinstance(metadata, dict) else None
    if not isinstance(info, dict) or str(info.get("name", "python")).lower() != "python":
        return ""
    version = info.get("version")
    return version if isinstance(version, str) and version[:1].isdigit() else ""


def notebooks(context: AuditContext) -> list[Notebook]:
    return context.memo("notebooks", lambda: _load_all(context))


def _load_all(context: AuditContext) -> list[Notebook]:
    loaded = []
    for file in context.files:
        if not filetypes.is_notebook(file) or file.size > NOTEBOOK_READ_LIMIT:
            continue
        text = context.read_text(file, NOTEBOOK_READ_LIMIT)
        if text is None:
            if file.rel in context.unread:
                for check_id in NOTEBOOK_CHECKS:
                    context.could_not_read(check_id, file.rel)
                continue
            loaded.append(Notebook(file, None, "binary content, not a notebook"))
            continue
        loaded.append(parse_notebook(file, text))
    return loaded


NOTEBOOK_CHECKS = ("nb-valid", "nb-execution-order", "nb-error-outputs", "nb-unexecuted-cells", "nb-absolute-paths",
                   "nb-unseeded-randomness", "nb-large-outputs", "code-secrets")


def _oversized(context: AuditContext) -> list[ProjectFile]:
    return [f for f in context.files if filetypes.is_notebook(f) and f.size > NOTEBOOK_READ_LIMIT]


def _any_notebooks(context: AuditContext) -> bool:
    return context.has_notebooks()


def _valid(context: AuditContext) -> list[Notebook] | None:
    """Parsed notebooks, or None when the project has none (the checks do not apply)."""
    if not _any_notebooks(context):
        return None
    return [nb for nb in notebooks(context) if nb.cells is not None]


def per_notebook(check_id: str):
    """Register a check written for one parsed notebook; it does not apply to a project without notebooks."""

    def register(find: Callable[[Notebook], list[Finding]]):
        @check(check_id)
        @functools.wraps(find)
        def run(context: AuditContext) -> list[Finding] | None:
            valid = _valid(context)
            if valid is None:
                return None
            return [finding for nb in valid for finding in find(nb)]

        return run

    return register


@check("nb-valid")
def invalid_notebooks(context: AuditContext) -> list[Finding] | None:
    if not _any_notebooks(context):
        return None
    return [Finding("nb-valid", "invalid notebook", f"not a valid notebook: {nb.problem}", Location(nb.file.rel))
            for nb in notebooks(context) if nb.cells is None]


@per_notebook("nb-execution-order")
def execution_order(nb: Notebook) -> list[Finding]:
    findings = []
    executed = [cell for cell in nb.code_cells if cell.execution_count is not None]
    out_of_order = [(a, b) for a, b in zip(executed, executed[1:]) if b.execution_count < a.execution_count]
    skipped = [(a, b) for a, b in zip(executed, executed[1:]) if b.execution_count > a.execution_count + 1]
    if out_of_order:
        a, b = out_of_order[0]
        findings.append(Finding(
            "nb-execution-order", "out of order",
            f"cells ran out of order: execution count {b.execution_count} comes after {a.execution_count}"
            + _more(len(out_of_order)), Location(nb.file.rel, cell=b.number)))
    seen: dict[int, Cell] = {}
    duplicates = []
    for cell in executed:
        if cell.execution_count in seen:
            duplicates.append((seen[cell.execution_count], cell))
        seen.setdefault(cell.execution_count, cell)
    if duplicates:
        a, b = duplicates[0]
        findings.append(Finding(
            "nb-execution-order", "duplicate execution count",
            f"execution count {b.execution_count} appears twice (cells {a.number} and {b.number}): "
            "the outputs come from more than one kernel session" + _more(len(duplicates)),
            Location(nb.file.rel, cell=b.number)))
    if skipped:
        a, b = skipped[0]
        findings.append(Finding(
            "nb-execution-order", "skipped",
            f"execution counts jump from {a.execution_count} to {b.execution_count}: cells were re-run or deleted"
            + _more(len(skipped)), Location(nb.file.rel, cell=b.number)))
    return findings


def _more(count: int) -> str:
    return f" ({count} places in this notebook)" if count > 1 else ""


@per_notebook("nb-error-outputs")
def error_outputs(nb: Notebook) -> list[Finding]:
    findings = []
    for cell in nb.code_cells:
        for output in cell.outputs:
            if isinstance(output, dict) and output.get("output_type") == "error":
                name = str(output.get("ename") or "error")[:80]
                findings.append(Finding("nb-error-outputs", "error output", f"saved error output: {name}",
                                        Location(nb.file.rel, cell=cell.number)))
                break
    return findings


@per_notebook("nb-unexecuted-cells")
def unexecuted_cells(nb: Notebook) -> list[Finding]:
    code = nb.code_cells
    last_run = max((i for i, cell in enumerate(code) if cell.execution_count is not None), default=-1)
    never_run = [cell for cell in code[:last_run] if cell.execution_count is None and cell.source.strip()]
    if not never_run:
        return []
    return [Finding("nb-unexecuted-cells", "unexecuted cell",
                    f"{len(never_run)} code cell(s) above executed ones were never run",
                    Location(nb.file.rel, cell=never_run[0].number))]


def _code_text(nb: Notebook) -> tuple[str, list[tuple[int, Cell]]]:
    """All code cells joined, so a seed in cell 1 covers cell 5; with each cell's start offset."""
    parts, starts, offset = [], [], 0
    for cell in nb.code_cells:
        starts.append((offset, cell))
        parts.append(cell.source + "\n")
        offset += len(cell.source) + 1
    return "".join(parts), starts


class CellLocator:
    """Cell and line for positions in the joined code of a notebook, by binary search (linear in hits)."""

    def __init__(self, nb: Notebook, text: str, starts: list[tuple[int, Cell]]):
        self.nb, self.lines = nb, scanning.LineIndex(text)
        self.offsets = [offset for offset, _ in starts]
        self.cells = [cell for _, cell in starts]

    def __call__(self, position: int) -> Location:
        index = self.cell_index(position)
        first_line = self.lines.line(self.offsets[index]) if self.offsets else 1
        return Location(self.nb.file.rel, line=self.lines.line(position) - first_line + 1, cell=self.cells[index].number)

    def cell_index(self, position: int) -> int:
        return max(bisect.bisect_right(self.offsets, position) - 1, 0)

    def findings(self, check_id: str, hits, message) -> list[Finding]:
        """One finding per message and cell, counting its repeats (the runner then merges cells)."""
        groups: dict[tuple[str, str, int], list] = {}
        for hit in hits:
            groups.setdefault((hit.kind, message(hit), self.cell_index(hit.position)), []).append(hit)
        return [Finding(check_id, kind, text, self(same[0].position), count=len(same))
                for (kind, text, _), same in groups.items()]


@per_notebook("nb-absolute-paths")
def notebook_absolute_paths(nb: Notebook) -> list[Finding]:
    text, starts = _code_text(nb)
    return CellLocator(nb, text, starts).findings("nb-absolute-paths", scanning.absolute_paths(text),
                                                  lambda hit: f"absolute path {hit.detail}")


@check("nb-unseeded-randomness")
def notebook_randomness(context: AuditContext) -> list[Finding] | None:
    valid = _valid(context)
    if valid is None:
        return None
    from tension_points.audit.code import seeding_helpers

    helpers = None
    findings = []
    for nb in valid:
        text, starts = _code_text(nb)
        scan = scanning.scan_randomness(text)
        if not scan.uses:
            continue
        if helpers is None:  # the project's seeding functions, imported by notebooks too
            helpers = seeding_helpers(context)
        local = {**helpers, **scan.seeding_functions()}
        findings += CellLocator(nb, text, starts).findings(
            "nb-unseeded-randomness", scan.unseeded(local), lambda hit: f"{hit.kind} ({hit.detail})" if hit.detail else hit.kind)
    return findings


def _output_size(value) -> int:
    """Characters in an output, walked without recursion (outputs can nest as deep as JSON allows)."""
    total, pending = 0, [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            pending.extend(item.values())
        else:
            total += 8
    return total


@check("nb-large-outputs")
def large_outputs(context: AuditContext) -> list[Finding] | None:
    if not _any_notebooks(context):
        return None
    findings = [Finding("nb-large-outputs", "too large to inspect",
                        f"notebook is {f.size / 1e6:.1f} MB, too large to inspect", Location(f.rel))
                for f in _oversized(context)]
    for nb in _valid(context):
        sizes = [(_output_size(cell.outputs), cell) for cell in nb.code_cells]
        total = sum(size for size, _ in sizes)
        if total > LARGE_OUTPUTS_BYTES:
            largest_size, largest = max(sizes, key=lambda entry: entry[0])
            findings.append(Finding(
                "nb-large-outputs", "large outputs",
                f"outputs total {total / 1e6:.1f} MB; the largest, {largest_size / 1e6:.1f} MB, is here",
                Location(nb.file.rel, cell=largest.number)))
    return findings


def notebook_secret_findings(context: AuditContext) -> list[Finding] | None:
    """Secrets in cell sources and text outputs (by cell), or in the raw file when it does not parse.

    None when no notebook could be read. Markdown cells are documentation: example credentials pass.
    """
    loaded = notebooks(context)
    if not loaded:
        return None
    findings = []
    for nb in loaded:
        if nb.cells is None:
            lines = scanning.LineIndex(nb.raw_text)
            for hit in scanning.secrets(nb.raw_text):
                findings.append(Finding("code-secrets", hit.kind, f"{hit.kind} (value not shown)",
                                        Location(nb.file.rel, lines.line(hit.position))))
            continue
        for cell in nb.cells:
            documentation = cell.cell_type == "markdown"
            for text in [cell.source, *_text_outputs(cell)]:
                lines = scanning.LineIndex(text)
                for hit in scanning.secrets(text, documentation=documentation):
                    findings.append(Finding("code-secrets", hit.kind, f"{hit.kind} (value not shown)",
                                            Location(nb.file.rel, lines.line(hit.position), cell.number)))
    return findings


def _text_outputs(cell: Cell) -> list[str]:
    texts = []
    for output in cell.outputs:
        if not isinstance(output, dict):
            continue
        texts.append(_join(output.get("text", "")))
        data = output.get("data")
        if isinstance(data, dict):
            texts.append(_join(data.get("text/plain", "")))
    return [text for text in texts if text]
