"""Notebook checks: validity, execution order, errors, unexecuted cells, paths, seeds, output size.

Notebooks are parsed as JSON (never opened with a kernel). Locations are given
as cell numbers counted from 1 over all cells, as they appear on screen.
"""

from __future__ import annotations

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
    return Notebook(file, cells, raw_text=text)


def notebooks(context: AuditContext) -> list[Notebook]:
    return context.memo("notebooks", lambda: _load_all(context))


def _load_all(context: AuditContext) -> list[Notebook]:
    loaded = []
    for file in context.files:
        if not filetypes.is_notebook(file) or file.size > NOTEBOOK_READ_LIMIT:
            continue
        text = context.read_text(file, NOTEBOOK_READ_LIMIT)
        if text is None:
            loaded.append(Notebook(file, None, "binary content, not a notebook"))
            continue
        loaded.append(parse_notebook(file, text))
    return loaded


def _oversized(context: AuditContext) -> list[ProjectFile]:
    return [f for f in context.files if filetypes.is_notebook(f) and f.size > NOTEBOOK_READ_LIMIT]


def _any_notebooks(context: AuditContext) -> bool:
    return context.memo("any-notebooks", lambda: any(filetypes.is_notebook(f) for f in context.files))


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


def _cell_location(nb: Notebook, text: str, starts: list[tuple[int, Cell]], position: int) -> Location:
    start, cell = max((entry for entry in starts if entry[0] <= position), key=lambda entry: entry[0])
    return Location(nb.file.rel, line=text.count("\n", start, position) + 1, cell=cell.number)


@per_notebook("nb-absolute-paths")
def notebook_absolute_paths(nb: Notebook) -> list[Finding]:
    text, starts = _code_text(nb)
    return [Finding("nb-absolute-paths", hit.kind, f"absolute path {hit.detail}",
                    _cell_location(nb, text, starts, hit.position))
            for hit in scanning.absolute_paths(text)]


@per_notebook("nb-unseeded-randomness")
def notebook_randomness(nb: Notebook) -> list[Finding]:
    text, starts = _code_text(nb)
    return [Finding("nb-unseeded-randomness", hit.kind, f"{hit.kind}{f' ({hit.detail})' if hit.detail else ''}",
                    _cell_location(nb, text, starts, hit.position))
            for hit in scanning.unseeded_randomness(text)]


def _output_size(value) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return sum(_output_size(v) for v in value)
    if isinstance(value, dict):
        return sum(_output_size(v) for v in value.values())
    return 8


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


def notebook_secret_findings(context: AuditContext) -> list[Finding]:
    """Secrets in cell sources and text outputs (by cell), or in the raw file when it does not parse."""
    findings = []
    for nb in notebooks(context):
        if nb.cells is None:
            for hit in scanning.secrets(nb.raw_text):
                findings.append(Finding("code-secrets", hit.kind, f"{hit.kind} (value not shown)",
                                        Location(nb.file.rel, scanning.line_number(nb.raw_text, hit.position))))
            continue
        for cell in nb.cells:
            for text in [cell.source, *_text_outputs(cell)]:
                for hit in scanning.secrets(text):
                    findings.append(Finding("code-secrets", hit.kind, f"{hit.kind} (value not shown)",
                                            Location(nb.file.rel, scanning.line_number(text, hit.position), cell.number)))
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
