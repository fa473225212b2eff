"""Reading a PDF's tables back: lines that are hyphenated or justified, found from word positions.

``pdftotext -bbox-layout`` gives every word with its box. A table is where narrow blocks of
text stand side by side, sharing baselines (body text never does; a margin flag beside a
wide box is not a table). In a table cell:

- a line that ends in a letter and a hyphen, with more of the cell below it, is a word (or a
  compound) broken across lines;
- lines that end at the cell's right edge with every space wider than the spaces of the
  cell's last line (which TeX never stretches) were stretched to the margin: justified. (The
  narrowest space, because pdftotext may join a line with the next cell's across the gap.)
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

XHTML = "{http://www.w3.org/1999/xhtml}"
# A block wider than this (points) is body text, not a table cell: three quarters of the
# handbook's text width.
WIDEST_CELL = 340
# Spaces this much wider than the cell's natural spacing mean the line was stretched.
STRETCHED = 1.35


@dataclass(frozen=True)
class Word:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str


def pages(pdf: Path) -> list[list[list[list[Word]]]]:
    """Per page, its blocks; per block, its lines; per line, its words."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", xml))
    result = []
    for page in root.iter(XHTML + "page"):
        blocks = []
        for block in page.iter(XHTML + "block"):
            lines = [
                [Word(float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")), float(w.get("yMax")), w.text or "")
                 for w in line.iter(XHTML + "word")]
                for line in block.iter(XHTML + "line")
            ]
            lines = [line for line in lines if line]
            if lines:
                blocks.append(lines)
        result.append(blocks)
    return result


def width(block: list[list[Word]]) -> float:
    return max(line[-1].x1 for line in block) - min(line[0].x0 for line in block)


# A list's bullets or numbers beside its items are not a table.
LIST_MARK = re.compile(r"^(?:[\u2022\u2013\u25e6-]|\d+\.|[a-z]\.)$")
# Lines that end this close together (points) end at the same edge.
SAME_EDGE = 0.6


def is_list_marks(block: list[list[Word]]) -> bool:
    return all(len(line) == 1 and LIST_MARK.match(line[0].text) for line in block)


def table_cells(blocks: list[list[list[Word]]]) -> list[tuple[list[list[Word]], bool]]:
    """Cells of more than one line that sit beside another narrow block on a shared baseline (a
    cell of one line can be neither hyphenated nor justified), each with whether a neighbour
    has several lines too."""
    narrow = [block for block in blocks if width(block) <= WIDEST_CELL and not is_list_marks(block)]
    cells = []
    for block in narrow:
        if len(block) < 2:
            continue
        neighbours = [
            neighbour for neighbour in narrow if neighbour is not block
            if any(abs(line[0].y1 - other[0].y1) < 1.5 and (other[-1].x1 < line[0].x0 or other[0].x0 > line[-1].x1)
                   for line in block for other in neighbour)
        ]
        if neighbours:
            cells.append((block, any(len(n) > 1 for n in neighbours)))
    return cells


def spaces(line: list[Word]) -> list[float]:
    """The spaces between a line's words (pdftotext also splits a word where its font changes:
    those joins are not spaces)."""
    return [b.x0 - a.x1 for a, b in zip(line, line[1:]) if b.x0 - a.x1 >= 1.0]


def justified(cell: list[list[Word]], beside_cells: bool) -> list[list[Word]]:
    """The lines of a cell stretched to its right edge: each ends at the cell's edge and its
    narrowest space is wider than the last line's (or, with one such line only, much wider).
    Only in a cell beside another cell of several lines: pdftotext cuts a widely spaced line of
    body text into pieces that sit side by side like a table's cells, one line each."""
    spaced = [min(spaces(line)) for line in cell if spaces(line)]
    if not spaced or not beside_cells:
        return []
    natural = min(spaces(cell[-1])) if spaces(cell[-1]) else min(spaced)
    edge = max(line[-1].x1 for line in cell)
    flush = [line for line in cell[:-1] if len(spaces(line)) >= 2 and edge - line[-1].x1 < SAME_EDGE]
    factor = STRETCHED if len(flush) >= 2 else 1.8
    return [line for line in flush if min(spaces(line)) > factor * natural]


def badly_set_lines(pdf: Path) -> list[str]:
    """``page N: hyphenated|justified: the line`` for every such line in the PDF's tables."""
    found = []
    for number, blocks in enumerate(pages(pdf), 1):
        for cell, beside_cells in table_cells(blocks):
            for k, line in enumerate(cell[:-1]):
                if re.search(r"[^\W\d_]-$", line[-1].text):
                    found.append(f"page {number}: hyphenated: {' '.join(w.text for w in line)} / {cell[k + 1][0].text}")
            for line in justified(cell, beside_cells):
                found.append(f"page {number}: justified: {' '.join(w.text for w in line)}")
    return found


# Two words whose boxes share more than this fraction of the smaller one's height, and more than
# NUDGE points of width, print on top of each other (neighbouring words on a line touch, never
# overlap; the boxes of two lines of one paragraph share less of their height).
OVERLAP = 0.3
NUDGE = 0.5
# Sphinx marks a code line it wrapped with a hook and an arrow drawn over each other on purpose.
CONTINUATION = "\u2192"


def overprinted_words(pdf: Path) -> list[str]:
    """Words printed on top of other words, as "page N: 'word' over 'word'": text run into the
    page footer (a box that cannot break at the page foot), a margin note over the body, a
    table cell spilling into its neighbour."""
    found = []
    for number, blocks in enumerate(pages(pdf), 1):
        words = sorted((w for block in blocks for line in block for w in line if w.text != CONTINUATION),
                       key=lambda w: w.y0)
        for n, word in enumerate(words):
            for other in words[n + 1:]:
                if other.y0 >= word.y1:
                    break
                if overlaps(word, other):
                    found.append(f"page {number}: {word.text!r} over {other.text!r}")
    return found


def overlaps(a: Word, b: Word) -> bool:
    across = min(a.x1, b.x1) - max(a.x0, b.x0)
    down = min(a.y1, b.y1) - max(a.y0, b.y0)
    return across > NUDGE and down > OVERLAP * min(a.y1 - a.y0, b.y1 - b.y0)
