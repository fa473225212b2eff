"""Every link in a PDF lands: LaTeX resolved it, its destination is in the PDF, and the
cross-references a reader clicks most (the handbook's run-sheets and activity index, to each
activity's box on its module page) are links in the PDF, not link text going nowhere.

Before sphinxext/print_links.py, the handbook's log had 101 "Hyper reference ... undefined"
and the course book's 43: the activity boxes, run-sheet steps, checklist items and
sphinx-exercise's exercises had an id on the web page and no label in the PDF."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from paths import BUILD, HANDBOOK_PDF, PDF, normalise, require
from pdf_tables import pages as word_pages

from tension_points.course import load_course

REPO = Path(__file__).resolve().parents[1]
EDITIONS = {"learner": "tension-points-course", "facilitator": "tension-points-facilitator-handbook",
            "handouts": "tension-points-handouts"}
# TeX breaks its log's lines at this many characters (max_print_line): a warning runs on to the next line.
LOG_LINE = 79
UNRESOLVED = re.compile(r"LaTeX Warning: (?:Hyper reference|Reference|Citation) `([^']*)' on page (\d+) undefined")
TWICE = re.compile(r"LaTeX Warning: Label `([^']*)' multiply defined")


def log_text(edition: str) -> str:
    """The edition's LaTeX log with TeX's broken lines joined again."""
    raw = require(BUILD / "latex" / edition / f"{EDITIONS[edition]}.log").read_bytes().decode("utf-8", "replace")
    return "\n".join(joined_lines(raw))


def joined_lines(raw: str) -> list[str]:
    """A line of exactly LOG_LINE bytes goes on in the next one (xelatex counts bytes)."""
    joined, line = [], ""
    for piece in raw.split("\n"):
        line += piece
        if len(piece.encode("utf-8")) != LOG_LINE:
            joined.append(line)
            line = ""
    return joined + ([line] if line else [])


@pytest.mark.parametrize("edition", EDITIONS)
def test_latex_resolves_every_link_of_the_pdf(edition):
    text = log_text(edition)
    unresolved = UNRESOLVED.findall(text)
    assert not unresolved, (f"{edition}: {len(unresolved)} links LaTeX could not resolve (page: target), "
                            f"e.g. {[f'p. {page}: {target}' for target, page in unresolved[:5]]}")
    assert not TWICE.findall(text), f"{edition}: labels defined twice: {TWICE.findall(text)[:5]}"


def test_the_log_reader_sees_a_warning_broken_over_lines(tmp_path):
    """The check reads TeX's log as TeX writes it: a long warning is broken at 79 characters."""
    warning = "LaTeX Warning: Hyper reference `modules/01-opening:opening-your-role' on page 31 undefined on input line 3165."
    broken = "\n".join(warning[i:i + LOG_LINE] for i in range(0, len(warning), LOG_LINE))
    assert "\n" in broken
    assert UNRESOLVED.findall("\n".join(joined_lines(broken))) == [("modules/01-opening:opening-your-role", "31")]


def internal_links(reader: PdfReader):
    """Each link annotation inside the PDF: (page number from 1, its rectangle, its destination name)."""
    for number, page in enumerate(reader.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            destination = annotation.get("/Dest")
            if action is not None:
                action = action.get_object()
                if action.get("/S") != "/GoTo":
                    continue  # a link to another site
                destination = action.get("/D")
            yield number, [float(v) for v in annotation["/Rect"]], destination


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_link_inside_the_pdf_goes_to_a_place_the_pdf_has(edition):
    reader = PdfReader(require(PDF / f"{EDITIONS[edition]}.pdf"))
    names = set(reader.named_destinations)
    links = list(internal_links(reader))
    assert links, f"{edition}: no links inside the PDF at all"
    dead = [(page, str(dest)) for page, _, dest in links if not isinstance(dest, list) and str(dest) not in names]
    assert not dead, f"{edition}: links to destinations the PDF does not have (page, name): {dead[:5]}"


def linked_text(pdf: Path) -> str:
    """The words under the PDF's internal links, page by page in reading order, normalised."""
    reader = PdfReader(pdf)
    rects: dict[int, list[list[float]]] = {}
    for page, rect, _ in internal_links(reader):
        rects.setdefault(page, []).append(rect)
    words = []
    for number, blocks in enumerate(word_pages(pdf), 1):
        height = float(reader.pages[number - 1].mediabox.top)
        for block in blocks:
            for line in block:
                for word in line:
                    x, y = (word.x0 + word.x1) / 2, height - (word.y0 + word.y1) / 2
                    if any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in rects.get(number, [])):
                        words.append(word.text)
    return normalise(" ".join(words))


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_the_handbooks_run_sheets_and_activity_index_link_each_activity_in_the_pdf():
    """Each activity is named, as a link to its box, in its module's run-sheet and in the activity
    index: twice a link in the handbook PDF (they were link-styled text going nowhere)."""
    text = linked_text(require(HANDBOOK_PDF))
    titles = Counter(normalise(s.title) for m in load_course(REPO) for s in m.segments if s.is_activity)
    assert len(titles) >= 10
    unlinked = {title: text.count(title) for title, n in titles.items() if text.count(title) < 2 * n}
    assert not unlinked, f"activities not linked twice in the handbook PDF (title: times linked): {unlinked}"
