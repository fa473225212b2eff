"""Notebook checks: they open, ran in order, hold no accidental errors, no skipped cells, no machine paths,
seeds where they draw random numbers, outputs of a sensible size.

Locations are cell numbers counted from 1 over all cells, as on screen. A
notebook with every output cleared is the state the checklist recommends:
none of these checks holds it against the notebook.
"""

from __future__ import annotations

import re

from tension_points.audit.checks import check, facts
from tension_points.audit.facts import ProjectFacts
from tension_points.audit.knowledge import randomness
from tension_points.audit.knowledge.paths import container_prefixes, machine_paths
from tension_points.audit.model import Fact, Finding, Location
from tension_points.audit.parse.notebook import Cell, Notebook

LARGE_OUTPUTS_BYTES = 1024 * 1024
PUBLISHED_OUTPUTS_BYTES = 5 * 1024 * 1024
# Words around an error output that say it is shown on purpose (a chapter on reading tracebacks).
# ("error" alone is not enough: "mean squared error" is everywhere in data science.)
ON_PURPOSE = re.compile(r"\b(?:exceptions?|tracebacks?|raises?|raised|throws?|an error|the error|this error|error message"
                        r"|errors? (?:is|are|will|occurs?|here|below|above)|will fail|fails|failing|won't work|will not work"
                        r"|doesn't work|does not work|oops|debug(?:ging)?|on purpose|deliberately)\b", re.IGNORECASE)
# A rule the failing call breaks, said in a comment on the cell or in the text just before it ("duplicates are
# not allowed", "# not comparable"), or a comment that is only "error(s)": a teaching notebook showing the refusal.
BROKEN_RULE = re.compile(r"\b(?:not (?:allowed|permitted|comparable|supported)|disallowed|forbidden|cannot|can't|can not|unable to"
                         r"|must (?:still )?(?:match|be)|have to specify|(?:are|is) immutable|only valid)\b", re.IGNORECASE)
ERROR_COMMENT = re.compile(r"^\s*(?:errors?|fails?|throws?)\b", re.IGNORECASE)
QUOTED = re.compile(r'"[^"\n]*"|\'[^\'\n]*\'')


def _readable(found: ProjectFacts) -> list[Notebook] | None:
    """Notebooks that parse, or None when the project has none to look at."""
    if not found.notebooks and not found.oversized_notebooks:
        return None
    return [nb for nb in found.notebooks if nb.cells is not None]


@check("nb-valid", reads=("notebook",))
def invalid_notebooks(found: ProjectFacts) -> list[Finding] | None:
    if not found.notebooks:
        return None
    return [Finding("nb-valid", "invalid notebook", f"not a valid notebook: {nb.problem}", Location(nb.rel))
            for nb in found.notebooks if nb.cells is None]


@check("nb-execution-order", reads=("notebook",))
def execution_order(found: ProjectFacts) -> list[Finding] | None:
    """One finding per notebook, saying every way its saved counts show it was not run once, top to bottom.
    A notebook whose counted cells are mostly empty is left out: a notebook of answers without their code
    keeps only outputs, and a blank exercise only the counts of its author's run."""
    notebooks = _readable(found)
    if notebooks is None:
        return None
    findings = []
    for nb in notebooks:
        executed = [cell for cell in nb.code_cells if cell.execution_count is not None]
        with_code = [cell for cell in executed if not _only_comments(cell.source)]
        if not with_code or len(with_code) * 2 < len(executed):
            continue
        problems, first_cell = _order_problems(executed)
        if problems:
            findings.append(Finding("nb-execution-order", "not run in order", "; ".join(problems),
                                    Location(nb.rel, cell=first_cell.number), count=len(problems)))
    return findings


def _order_problems(executed: list[Cell]) -> tuple[list[str], Cell]:
    """What the saved counts say about how the notebook ran. Two saved states are not runs: Colab saves
    ``In [0]`` for cells it has no count for (Jupyter counts from 1), so a 0 is no count, and the cells
    carrying it fill the gaps between the real ones; an empty cell run after the last one shows that
    cell's count again without running anything."""
    zeros_before = _zeros_before(executed)
    counted = [cell for cell in executed if cell.execution_count != 0] or executed
    out_of_order = [(a, b) for a, b in zip(counted, counted[1:]) if b.execution_count < a.execution_count]
    skipped = [(a, b) for a, b in zip(counted, counted[1:])
               if b.execution_count > a.execution_count + 1 + zeros_before[b.number] - zeros_before[a.number]]
    seen: dict[int, Cell] = {}
    duplicates = []
    previous = None
    for cell in counted:
        repeat_of_previous = previous is not None and cell.execution_count == previous.execution_count and not cell.source.strip()
        if cell.execution_count in seen and not repeat_of_previous:
            duplicates.append((seen[cell.execution_count], cell))
        seen.setdefault(cell.execution_count, cell)
        previous = cell
    problems, cells = [], []
    if out_of_order:
        a, b = out_of_order[0]
        problems.append(f"cells ran out of order: execution count {b.execution_count} comes after {a.execution_count}"
                        + _more(len(out_of_order)))
        cells.append(b)
    if duplicates:
        a, b = duplicates[0]
        problems.append(f"execution count {b.execution_count} appears twice (cells {a.number} and {b.number}): "
                        "the outputs come from more than one kernel session" + _more(len(duplicates)))
        cells.append(b)
    if skipped:
        a, b = skipped[0]
        problems.append(f"execution counts jump from {a.execution_count} to {b.execution_count}: cells were re-run "
                        "or deleted" + _more(len(skipped)))
        cells.append(b)
    first = counted[0]
    skeleton = any(not cell.source.strip() for cell in counted)  # an exercise's blank cells: counts left by its author
    missing = first.execution_count - 1 - zeros_before[first.number]
    if missing > 1 and not skeleton and not out_of_order and first.execution_count == min(c.execution_count for c in counted):
        problems.append(f"the first saved execution count is {first.execution_count}: the kernel had run "
                        f"{first.execution_count - 1} cell(s) the notebook does not hold")
        cells.append(first)
    return problems, min(cells, key=lambda cell: cell.number) if cells else first


def _zeros_before(executed: list[Cell]) -> dict[int, int]:
    """For each cell's number, how many cells saved as ``In [0]`` come before it."""
    zeros, before = 0, {}
    for cell in executed:
        before[cell.number] = zeros
        zeros += cell.execution_count == 0
    return before


def _more(count: int) -> str:
    return f" ({count} places in this notebook)" if count > 1 else ""


# A cell that only stops "Run All" there: a bare undefined word (stop), exit(), raise SystemExit, assert False.
HALT = re.compile(r"^(?:(?i:stop|halt|abort|break_?here|end_?here|stop_?here)|exit\(\)|quit\(\)|sys\.exit\(.*\)|raise(?:\s+SystemExit.*)?|assert\s+False)$")


def deliberate(nb: Notebook, cell: Cell) -> bool:
    """An error the notebook shows on purpose: its text, next to it or in the notebook's title, says so,
    or the cell does nothing but halt a run there."""
    code = [line.strip() for line in cell.source.split("\n") if line.strip() and not line.lstrip().startswith("#")]
    if len(code) == 1 and HALT.match(code[0]):
        return True
    neighbours = [nb.cell(cell.number - 1), nb.cell(cell.number + 1)]
    around = [c.source for c in neighbours if c is not None and c.cell_type == "markdown"]
    comments = _comments(cell.source)
    headings = (line for c in nb.cells or [] if c.cell_type == "markdown" for line in c.source.split("\n") if line.startswith("#"))
    title = nb.rel.rsplit("/", 1)[-1] + " " + next(headings, "")
    before = _text_before(nb, cell)
    stated = [*comments, *([before.source] if before is not None else [])]
    if before is not None and before is not nb.cell(cell.number - 1) and ON_PURPOSE.search(before.source) and not any(
            _has_error(nb.cell(number)) for number in range(before.number + 1, cell.number)):
        return True  # "index() raises a ValueError:", then find('bear') and index('bear'): the first error shows it
    if any(BROKEN_RULE.search(text) for text in stated) or any(ERROR_COMMENT.match(text) for text in comments):
        return True
    return any(ON_PURPOSE.search(text) for text in (*around, *comments)) or bool(
        re.search(r"\b(?:errors?|exceptions?|debug\w*|tracebacks?)\b", title, re.IGNORECASE)) or bool(
        re.search(r"(?m)^raise\b", cell.source))


def _has_error(cell: Cell | None) -> bool:
    return cell is not None and any(isinstance(o, dict) and o.get("output_type") == "error" for o in cell.outputs)


def _text_before(nb: Notebook, cell: Cell, reach: int = 3):
    """The text cell that introduces this one: the markdown just before it, or before a short run of short code
    cells that lead up to it (a lesson's "tuples are immutable:" over t[1] = 4 and t.append(4), each refused)."""
    for number in range(cell.number - 1, max(cell.number - 1 - reach, 0), -1):
        previous = nb.cell(number)
        if previous is None:
            return None
        if previous.cell_type == "markdown":
            return previous
        if previous.cell_type != "code" or len([line for line in previous.source.split("\n") if line.strip()]) > 3:
            return None
    return None


def _comments(source: str) -> list[str]:
    """The comments of a cell, whole-line or after the code (``flatten(df, :c) # errors``), without the #."""
    found = []
    for line in source.split("\n"):
        code, hash_mark, comment = QUOTED.sub('""', line).partition("#")
        if hash_mark and (not code.strip() or code.endswith((" ", "\t"))):
            found.append(comment)
    return found


def error_cells(nb: Notebook) -> list[tuple[Cell, str]]:
    found = []
    for cell in nb.code_cells:
        for output in cell.outputs:
            if isinstance(output, dict) and output.get("output_type") == "error":
                found.append((cell, str(output.get("ename") or "error")[:80]))
                break
    return found


@check("nb-error-outputs", reads=("notebook",))
def error_outputs(found: ProjectFacts) -> list[Finding] | None:
    notebooks = _readable(found)
    if notebooks is None:
        return None
    return [Finding("nb-error-outputs", "error output", f"saved error output: {name}", Location(nb.rel, cell=cell.number))
            for nb in notebooks for cell, name in error_cells(nb) if not deliberate(nb, cell)]


@check("nb-unexecuted-cells", reads=("notebook",))
def unexecuted_cells(found: ProjectFacts) -> list[Finding] | None:
    notebooks = _readable(found)
    if notebooks is None:
        return None
    findings = []
    for nb in notebooks:
        code = nb.code_cells
        ran = [i for i, cell in enumerate(code) if cell.execution_count is not None]
        if not ran:
            continue  # cleared (or counts blanked on purpose): nothing claims to have run
        never_run = [cell for cell in code[: ran[-1]] if cell.execution_count is None and cell.source.strip()
                     and not cell.source.lstrip().startswith("%%") and not _only_comments(cell.source)]
        if never_run:
            findings.append(Finding("nb-unexecuted-cells", "unexecuted cell",
                                    f"{len(never_run)} code cell(s) above executed ones were never run",
                                    Location(nb.rel, cell=never_run[0].number)))
    return findings


def _only_comments(source: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in source.split("\n"))


@check("nb-absolute-paths", reads=("notebook",))
def notebook_absolute_paths(found: ProjectFacts) -> list[Finding] | None:
    if _readable(found) is None:
        return None
    container = container_prefixes(found.specs.values())
    findings = []
    for unit in found.notebook_units():
        for value, line in unit.python.strings:
            for path in machine_paths(value, container):
                findings.append(Finding("nb-absolute-paths", "absolute path", f"absolute path {path}", unit.location(line)))
    for nb in found.notebooks:
        for shell_line in nb.shell:
            for path in machine_paths(shell_line.command, container):
                findings.append(Finding("nb-absolute-paths", "absolute path", f"absolute path {path}",
                                        Location(nb.rel, shell_line.line, shell_line.cell)))
    return findings


@check("nb-unseeded-randomness", reads=("notebook",))
def notebook_randomness(found: ProjectFacts) -> list[Finding] | None:
    if _readable(found) is None:
        return None
    findings = [Finding("nb-unseeded-randomness", draw.kind, draw.message, Location(draw.rel, draw.line, draw.cell))
                for draw in found.other_draws if draw.cell is not None]
    checked = {unit.rel for unit in found.checked_units}
    for unit in found.notebook_units():
        if unit.rel not in checked:
            continue
        for found_draw, call, message, severity in randomness.judged_draws(unit, found.seeding)[0]:
            findings.append(Finding("nb-unseeded-randomness", found_draw.kind, message, unit.location(call.line),
                                    severity=severity))
    return findings


def output_size(value) -> int:
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


@check("nb-large-outputs", reads=("notebook",))
def large_outputs(found: ProjectFacts) -> list[Finding] | None:
    notebooks = _readable(found)
    if notebooks is None:
        return None
    findings = [Finding("nb-large-outputs", "too large to inspect", f"notebook is {f.size / 1e6:.1f} MB, too large to inspect",
                        Location(f.rel)) for f in found.oversized_notebooks]
    # In teaching material and a library's documentation the outputs are what the reader comes for (the rendered
    # page is the product): only outputs heavy enough to slow the repository are worth a finding there.
    published = found.kind.teaching or found.kind.library
    for nb in notebooks:
        sizes = [(output_size(cell.outputs), cell) for cell in nb.code_cells]
        total = sum(size for size, _ in sizes)
        if total > (PUBLISHED_OUTPUTS_BYTES if published else LARGE_OUTPUTS_BYTES):
            largest_size, largest = max(sizes, key=lambda entry: entry[0])
            findings.append(Finding("nb-large-outputs", "large outputs",
                                    f"outputs total {total / 1e6:.1f} MB; the largest, {largest_size / 1e6:.1f} MB, is here",
                                    Location(nb.rel, cell=largest.number)))
    return findings


@facts("notebooks")
def notebook_facts(found: ProjectFacts) -> list[Fact]:
    result = []
    old = [nb.rel for nb in found.notebooks if nb.nbformat == 3 and nb.cells is not None]
    if old:
        result.append(Fact("Older nbformat 3 notebooks (Jupyter opens and upgrades them)",
                           ", ".join(old[:5]) + (f" and {len(old) - 5} more" if len(old) > 5 else "")))
    on_purpose = [(nb.rel, cell.number) for nb in found.notebooks if nb.cells is not None
                  for cell, _ in error_cells(nb) if deliberate(nb, cell)]
    if on_purpose:
        shown = ", ".join(f"{rel}:cell {number}" for rel, number in on_purpose[:5])
        result.append(Fact("Error outputs shown on purpose (the text around them says so)",
                           shown + (f" and {len(on_purpose) - 5} more" if len(on_purpose) > 5 else "")))
    cleared = [nb.rel for nb in found.notebooks if nb.cells is not None and nb.code_cells
               and all(cell.execution_count is None for cell in nb.code_cells)]
    if cleared:
        result.append(Fact("Notebooks with no execution counts (cleared or stripped)", str(len(cleared))))
    other = sorted({nb.language for nb in found.notebooks if nb.cells is not None and nb.language not in ("python", "")})
    if other:
        result.append(Fact("Notebooks in other languages (their code is not read)", ", ".join(other)))
    return result
