"""Jupyter notebooks read as JSON (never run): cells, outputs, and their code with IPython's magics apart.

Both formats Jupyter opens are read: nbformat 4 (``cells``) and the older
nbformat 3 (``worksheets[].cells``, with ``input`` and ``prompt_number``).
Magics and shell lines (``%pip install``, ``!wget``, ``%%bash``) are taken out
of the code before it is parsed, line numbers kept, and recorded apart, so a
shell download or an install is seen as one and never breaks the parse.
The code of all cells is parsed as one module, so an ``import numpy as np``
in cell 1 explains ``np`` in cell 5; when one cell does not parse, each cell
is parsed on its own.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field

from tension_points.audit.parse.python import PythonFacts, parse_python

# Cell magics whose body is Python run under a tool (timed, captured, profiled).
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "python", "python3", "px", "memit",
                                "mprun", "cython"})
SHELL_CELL_MAGICS = frozenset({"bash", "sh", "script", "system", "!"})
WRITEFILE_MAGICS = frozenset({"writefile", "file"})
ASSIGNED_SHELL = re.compile(r"^([ \t]*[\w.,\[\] \t]+=[ \t]*)([!%])(.*)$")


@dataclass(frozen=True, slots=True)
class ShellLine:
    """A line the notebook runs outside Python: ``!wget ...``, ``%pip install ...``, a ``%%bash`` line."""

    cell: int
    line: int
    command: str  # without the leading ! (for % magics, the magic and its arguments: "pip install -U x")
    magic: bool = False  # a % line magic rather than a ! shell escape


@dataclass
class Cell:
    number: int  # 1-based position among all cells, as on screen
    cell_type: str
    source: str
    execution_count: int | None
    outputs: list
    magic: str = ""  # the cell magic (%%timeit -> "timeit"), if any
    written_file: str = ""  # %%writefile NAME: the file the cell writes
    tags: tuple[str, ...] = ()  # the cell's metadata tags ("parameters": papermill and dagstermill replace it at run time)

    @property
    def parameters(self) -> bool:
        """papermill's and dagstermill's parameters cell: its values are defaults the tool overrides when it runs it."""
        return "parameters" in self.tags or "injected-parameters" in self.tags

    @property
    def timed(self) -> bool:
        return self.magic in ("timeit", "time", "prun", "memit")


@dataclass
class Notebook:
    rel: str
    cells: list[Cell] | None  # None when the file is not a notebook Jupyter can open
    problem: str = ""
    nbformat: int = 4
    language: str = "python"
    python_version: str = ""  # from the notebook's metadata (language_info), when it records one
    python: PythonFacts = field(default_factory=PythonFacts)  # the code of every code cell, parsed once
    cell_starts: list[int] = field(default_factory=list)  # first line of each code cell in the joined code
    cell_numbers: list[int] = field(default_factory=list)  # the code cells' numbers, matching cell_starts
    shell: list[ShellLine] = field(default_factory=list)
    raw_text: str = ""  # kept only when the notebook does not parse, for the secret scan
    @property
    def code_cells(self) -> list[Cell]:
        return [cell for cell in self.cells or [] if cell.cell_type == "code"]

    def locate(self, line: int) -> tuple[int, int]:
        """(cell number, line in the cell) of a line of the joined code."""
        index = max(bisect.bisect_right(self.cell_starts, line) - 1, 0)
        if not self.cell_numbers:
            return 0, line
        return self.cell_numbers[index], line - self.cell_starts[index] + 1

    def cell(self, number: int) -> Cell | None:
        cells = self.cells or []
        return cells[number - 1] if 0 < number <= len(cells) else None


def _join(source) -> str:
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def parse_notebook(rel: str, text: str) -> Notebook:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return Notebook(rel, None, f"not valid JSON (line {exc.lineno}: {exc.msg})", raw_text=text)
    except RecursionError:
        return Notebook(rel, None, "JSON nested too deeply to be a notebook")
    except ValueError:  # e.g. an integer of thousands of digits, beyond Python's conversion limit
        return Notebook(rel, None, "JSON holds a number too long to read")
    if not isinstance(document, dict):
        return Notebook(rel, None, "JSON but not a notebook (no list of cells)", raw_text=text)
    if isinstance(document.get("cells"), list):
        raw_cells, nbformat = document["cells"], 4
    elif isinstance(document.get("worksheets"), list):
        raw_cells, nbformat = _nbformat3_cells(document["worksheets"]), 3
        if raw_cells is None:
            return Notebook(rel, None, "nbformat 3 notebook whose worksheets hold no list of cells", raw_text=text)
    else:
        return Notebook(rel, None, "JSON but not a notebook (no list of cells)", raw_text=text)
    cells = []
    for number, raw in enumerate(raw_cells, start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("cell_type"), str):
            return Notebook(rel, None, f"cell {number} has no cell_type", raw_text=text)
        cells.append(_cell(number, raw, nbformat))
    notebook = Notebook(rel, cells, nbformat=nbformat, language=_language(document),
                        python_version=_recorded_python(document))
    if notebook.language in ("python", ""):
        _parse_code(notebook)
    return notebook


def _nbformat3_cells(worksheets: list) -> list | None:
    cells = []
    for sheet in worksheets:
        if not isinstance(sheet, dict) or not isinstance(sheet.get("cells", []), list):
            return None
        cells += sheet.get("cells", [])
    return cells


def _cell(number: int, raw: dict, nbformat: int) -> Cell:
    if nbformat == 3:
        count = raw.get("prompt_number")
        source = raw.get("input", "") if raw["cell_type"] == "code" else raw.get("source", "")
        outputs = [_nbformat3_output(o) for o in raw.get("outputs", []) if isinstance(o, dict)] \
            if isinstance(raw.get("outputs"), list) else []
    else:
        count = raw.get("execution_count")
        source = raw.get("source", "")
        outputs = raw.get("outputs") if isinstance(raw.get("outputs"), list) else []
    metadata = raw.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, dict) else None
    return Cell(number, raw["cell_type"], _join(source), count if isinstance(count, int) and not isinstance(count, bool) else None,
                outputs, tags=tuple(t for t in tags if isinstance(t, str))[:20] if isinstance(tags, list) else ())


def _nbformat3_output(output: dict) -> dict:
    """nbformat 3's output types in nbformat 4's words: pyerr is an error, pyout a result."""
    kind = {"pyerr": "error", "pyout": "execute_result"}.get(output.get("output_type"), output.get("output_type"))
    return {**output, "output_type": kind}


def _language(document: dict) -> str:
    metadata = document.get("metadata") if isinstance(document.get("metadata"), dict) else {}
    for key in ("language_info", "kernelspec"):
        info = metadata.get(key)
        if isinstance(info, dict) and isinstance(info.get("language") or info.get("name"), str):
            language = str(info.get("language") or info.get("name")).lower()
            return "python" if language.startswith(("python", "ipython")) else language
    return "python"


def _recorded_python(document: dict) -> str:
    metadata = document.get("metadata")
    info = metadata.get("language_info") if isinstance(metadata, dict) else None
    if not isinstance(info, dict) or str(info.get("name", "python")).lower() != "python":
        return ""
    version = info.get("version")
    return version if isinstance(version, str) and version[:1].isdigit() else ""


def split_magics(cell: Cell) -> tuple[str, list[ShellLine]]:
    """The cell's Python, with magic and shell lines blanked (line numbers kept), and those lines apart."""
    lines = cell.source.split("\n")
    shell: list[ShellLine] = []
    first = lines[0].strip() if lines else ""
    if first.startswith("%%"):
        words = first[2:].split()
        cell.magic = words[0] if words else ""
        if cell.magic in WRITEFILE_MAGICS:
            cell.written_file = next((w for w in words[1:] if not w.startswith("-")), "")
            return ("\n" + "\n".join(lines[1:])) if cell.written_file.endswith(".py") else "", shell
        if cell.magic in SHELL_CELL_MAGICS:
            shell += [ShellLine(cell.number, number, line.strip()) for number, line in enumerate(lines[1:], start=2) if line.strip()]
            return "", shell
        if cell.magic not in PYTHON_CELL_MAGICS:
            return "", shell  # %%html, %%javascript, %%R, %%sql...: not Python
        lines = [""] + lines[1:]
    code = []
    continued = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if continued or stripped.startswith(("%", "!")):
            if not continued:
                shell.append(ShellLine(cell.number, number, stripped[1:].strip(), magic=stripped.startswith("%")))
                code.append(line[: len(line) - len(line.lstrip())] + "pass")  # `if IN_COLAB:` keeps a body
            else:
                code.append("")
            continued = stripped.endswith("\\")
            continue
        assigned = ASSIGNED_SHELL.match(line) if ("!" in line or "%" in line) else None
        if assigned and not stripped.startswith("#"):
            shell.append(ShellLine(cell.number, number, assigned.group(3).strip(), magic=assigned.group(2) == "%"))
            code.append(assigned.group(1) + "None")
            continue
        if stripped.endswith("?") and not stripped.startswith("#") or stripped.startswith("?"):
            code.append("")  # help: np.random?
            continue
        code.append(line)
    return "\n".join(code), shell


def _parse_code(notebook: Notebook) -> None:
    parts, line = [], 1
    sources = []
    for cell in notebook.code_cells:
        code, shell = split_magics(cell)
        notebook.shell += shell
        notebook.cell_starts.append(line)
        notebook.cell_numbers.append(cell.number)
        sources.append(code)
        parts.append(code)
        line += code.count("\n") + 1
    joined = parse_python("\n".join(parts))
    if joined.parsed or len(sources) <= 1:
        notebook.python = joined
    else:
        notebook.python = _parsed_cell_by_cell(sources, notebook.cell_starts)
    if notebook.python.stated:
        notebook.python.stated = _within_cells(notebook.python.stated, notebook.cell_starts, line - 1)


def _within_cells(stated: list, starts: list[int], last_line: int) -> list:
    """What a comment says about randomness reaches no further than its cell: the opening comment of the first cell
    is no header of the notebook, nor does a paragraph run on into the next cell."""
    ends = [start - 1 for start in starts[1:]] + [last_line]
    clipped = []
    for first, last, kind, what in stated:
        index = max(bisect.bisect_right(starts, first) - 1, 0)
        clipped.append((first, min(last, ends[index]), kind, what.replace("the module's opening comment", "a comment")))
    return clipped


def _parsed_cell_by_cell(sources: list[str], starts: list[int]) -> PythonFacts:
    """One cell that does not parse must not hide the others: parse each, and shift its lines into place."""
    from dataclasses import replace

    merged = PythonFacts()
    problems = []
    for source, start in zip(sources, starts):
        facts = parse_python(source)
        if not facts.parsed:
            problems.append(facts.problem)
            merged.python2 |= facts.python2
        shift = start - 1
        merged.imports += [replace(i, line=i.line + shift) for i in facts.imports]
        merged.calls += [replace(c, line=c.line + shift) for c in facts.calls]
        merged.strings += [(value, line + shift) for value, line in facts.strings]
        for name, function in facts.functions.items():
            merged.functions.setdefault(name, replace(function, line=function.line + shift))
        merged.classes |= facts.classes
        merged.aliases.update(facts.aliases)
        merged.star_modules += facts.star_modules
        merged.assignments.update(facts.assignments)
        merged.main_guard |= facts.main_guard
        merged.scalar_reads += [line + shift for line in facts.scalar_reads]
        merged.attribute_subscripts += [(name, line + shift) for name, line in facts.attribute_subscripts]
        merged.stated += [(first + shift, last + shift, kind, what) for first, last, kind, what in facts.stated]
        merged.repeats += [(first + shift, last + shift) for first, last in facts.repeats]
    if problems:
        merged.problem = f"{len(problems)} cell(s) read as text: {problems[0]}"
    return merged
