"""Where each notebook cell's source lines sit in the notebook file's own text.

A finding in a notebook names a cell and a line of that cell (``nb.ipynb:cell 5:2``);
a code-scanning view (GitHub, VS Code's SARIF viewer) shows lines of the file, the
.ipynb JSON. For the few cells findings cite, this walks the JSON once more, keeping
positions, to find the cell's source strings: Jupyter writes a source as a list of strings, one a line, so a cell's
line is usually one line of the file; a source written as one string puts all its
lines on one line of the file, told apart by columns. Values that are not sources
(outputs, often most of the file) are skipped by the C decoder without being kept.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from json.decoder import scanstring

SPACE = re.compile(r"[ \t\n\r]*")
KEY = re.compile(r'[ \t\n\r]*"((?:[^"\\]|\\.)*)"[ \t\n\r]*:[ \t\n\r]*')  # a member's key and its colon
AFTER = re.compile(r"[ \t\n\r]*([,}\]])[ \t\n\r]*")  # what follows a value: a comma or the container's end
ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|.)", re.DOTALL)
DECODER = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the file's text: lines and columns counted from 1, ``end_column`` just after its last
    character (as SARIF regions count); columns in characters (Unicode code points)."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


class CellText:
    """One cell's source in the file: the text offsets of each of its lines and of the whole source value,
    made into lines and columns only when a finding asks (most cells have none)."""

    __slots__ = ("offsets", "value", "newlines")

    def __init__(self, offsets: list[tuple[int, int]], value: tuple[int, int], newlines: list[int]) -> None:
        self.offsets, self.value, self.newlines = offsets, value, newlines

    @property
    def whole(self) -> Span:
        return self._span(*self.value)

    def line(self, number: int) -> Span | None:
        """The span of the cell's line ``number`` (from 1), if the source has it."""
        return self._span(*self.offsets[number - 1]) if 0 < number <= len(self.offsets) else None

    def _span(self, start: int, end: int) -> Span:
        return Span(*self._line_column(start), *self._line_column(end))

    def _line_column(self, offset: int) -> tuple[int, int]:
        before = bisect.bisect_left(self.newlines, offset)
        return before + 1, offset - (self.newlines[before - 1] + 1 if before else 0) + 1


def cell_text_spans(text: str, wanted: set[int]) -> dict[int, CellText] | None:
    """Where the source of each ``wanted`` cell is (numbered from 1 in the order Jupyter numbers them, nbformat 3's
    worksheets one after another; the others are skipped whole by the C decoder); None when the text is not a
    notebook this can walk (the caller then cites cells without lines)."""
    try:
        return {number: cell for number, cell in enumerate(_Walker(text, wanted).notebook(), start=1) if cell is not None}
    except (ValueError, IndexError, AttributeError, RecursionError):
        return None


class _Walker:
    def __init__(self, text: str, wanted: set[int]) -> None:
        self.text = text
        self.wanted = wanted
        self.newlines = [match.start() for match in re.finditer("\n", text)]
        self.counted = 0  # cells of earlier worksheets (nbformat 3)

    def notebook(self) -> list[CellText | None]:
        cells: list[CellText | None] = []
        worksheets: list[CellText | None] = []

        def member(key: str, at: int) -> int:
            nonlocal cells
            if key == "cells":
                cells, end = self._cells(at)
                return end
            if key == "worksheets":
                return self._array(at, lambda sheet_at: self._object(sheet_at, sheet))
            return self._skip(at)

        def sheet(key: str, at: int) -> int:
            if key != "cells":
                return self._skip(at)
            found, end = self._cells(at)
            worksheets.extend(found)
            return end

        self._object(SPACE.match(self.text, 0).end(), member)
        return cells or worksheets

    def _cells(self, at: int) -> tuple[list[CellText | None], int]:
        cells: list[CellText | None] = []

        def cell(cell_at: int) -> int:
            if len(cells) + 1 + self.counted in self.wanted:
                return self._cell(cell_at, cells)
            cells.append(None)
            return self._skip(cell_at)

        end = self._array(at, cell)
        self.counted += len(cells)
        return cells, end

    def _cell(self, at: int, cells: list[CellText]) -> int:
        sources: dict[str, tuple[list[tuple[int, int]], tuple[int, int]]] = {}

        def member(key: str, value_at: int) -> int:
            if key not in ("source", "input"):
                return self._skip(value_at)
            strings, end = self._strings(value_at)
            sources[key] = (strings, (value_at, end))
            return end

        end = self._object(at, member)
        strings, value = sources.get("input") or sources.get("source") or ([], (at, at + 1))  # nbformat 3: code in input
        cells.append(CellText(self._lines(strings), value, self.newlines))
        return end

    def _strings(self, at: int) -> tuple[list[tuple[int, int]], int]:
        """The (start, end) of each string's content in a source value (a string or a list of strings), and
        where the value ends."""
        if self.text[at] == '"':
            end = scanstring(self.text, at + 1)[1]
            return [(at + 1, end - 1)], end
        strings: list[tuple[int, int]] = []

        def item(item_at: int) -> int:
            end = self._skip(item_at) if self.text[item_at] != '"' else scanstring(self.text, item_at + 1)[1]
            if self.text[item_at] == '"':
                strings.append((item_at + 1, end - 1))
            return end

        return strings, self._array(at, item)

    def _lines(self, strings: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The (start, end) of each line of the joined source: a line ends at an escaped newline (``\\n``) and
        may run on from one string of the list into the next."""
        text = self.text
        lines: list[tuple[int, int]] = []
        open_line = None  # where the current line began, when it holds text of an earlier string
        last_end = 0
        for start, end in strings:
            begin = start if open_line is None else open_line
            if text.find("\\", start, end) == end - 2 and text[end - 1] == "n":  # Jupyter's way: one line, then \n
                lines.append((begin, end - 2))
                open_line, last_end = None, end
                continue
            for escape in ESCAPE.finditer(text, start, end):
                if escape.group() == "\\n":
                    lines.append((begin, escape.start()))
                    begin = escape.end()
            open_line = begin if begin < end else None
            last_end = end
        if open_line is not None:
            lines.append((open_line, last_end))
        return lines

    # --- the JSON, by position ------------------------------------------------------------------------
    def _skip(self, at: int) -> int:
        """Where the value at ``at`` ends (decoded by the C decoder and dropped)."""
        return DECODER.raw_decode(self.text, at)[1]

    def _object(self, at: int, member) -> int:
        """Walk the object at ``at``: ``member(key, value_at)`` for each member returns where its value ends;
        returns where the object ends."""
        text = self.text
        if text[at] != "{":
            raise ValueError("not an object")
        position = SPACE.match(text, at + 1).end()
        if text[position] == "}":
            return position + 1
        while True:
            key = KEY.match(text, position)
            if key is None:
                raise ValueError("expected a key")
            after = AFTER.match(text, member(key.group(1), key.end()))
            if after is None:
                raise ValueError("expected ',' or '}'")
            if after.group(1) == "}":
                return after.start(1) + 1
            if after.group(1) != ",":
                raise ValueError("expected ',' or '}'")
            position = after.end()

    def _array(self, at: int, item) -> int:
        """Walk the array at ``at``: ``item(item_at)`` for each item returns where it ends; returns where the array ends."""
        text = self.text
        if text[at] != "[":
            raise ValueError("not an array")
        position = SPACE.match(text, at + 1).end()
        if text[position] == "]":
            return position + 1
        while True:
            after = AFTER.match(text, item(position))
            if after is None:
                raise ValueError("expected ',' or ']'")
            if after.group(1) == "]":
                return after.start(1) + 1
            if after.group(1) != ",":
                raise ValueError("expected ',' or ']'")
            position = after.end()
