"""The printed books as a reader sees them, from their text (pdftotext): command lines read as
typed (never LaTeX's wrap with its visible space and hook marks), a figure such as
"(at least 8)" is never broken inside, a table never continues onto a page with no rows, and a
list that names a segment out of its module says which module's when several share its title."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from paths import HANDBOOK_PDF, PDF, normalise, require

from tension_points.sphinxext.command_lines import COMMAND, break_command, rewrap

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
BOOKS = ["tension-points-course.pdf", "tension-points-facilitator-handbook.pdf", "tension-points-handouts.pdf"]


def text(pdf: Path, layout: bool = True) -> str:
    options = ["-layout"] if layout else []
    return subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@needs_pdftotext
@pytest.mark.parametrize("name", BOOKS)
def test_no_command_line_in_the_pdfs_is_wrapped_with_marks(name):
    """Sphinx's wrap of a long code line prints a visible space and a hook ("--format\u2423 ,\u2192md"):
    a command printed so is typed wrong. Commands are broken as the shell reads them instead."""
    lines = text(require(PDF / name)).splitlines()
    wrapped = [lines[n].strip() for n in range(len(lines) - 1)
               if lines[n].rstrip().endswith("\u2423") or lines[n + 1].lstrip().startswith(",\u2192")]
    assert [line for line in wrapped if COMMAND.match(line)] == []


@needs_pdftotext
def test_the_handbooks_planner_commands_read_as_typed():
    printed = text(require(HANDBOOK_PDF))
    assert re.search(r"tension-points plan --minutes 240 --modules silos,reproducibility \\\n\s+--format md", printed)


def test_a_long_command_breaks_before_an_option_with_a_continuation():
    assert break_command("tension-points plan --minutes 390 --lunch 45 --break 10 --format html -o agenda.html", 60) == [
        "tension-points plan --minutes 390 --lunch 45 --break 10 \\", "    --format html -o agenda.html"]
    assert rewrap("Press Ctrl-C to stop; " * 5, 40) == "Press Ctrl-C to stop; " * 5  # output, not a command: left alone
    assert all(len(line) <= 68 for line in rewrap("  $ tension-points woz serve support-ticket-triage --host 0.0.0.0 "
                                                   "--log group-1.jsonl --rounds 2 --items 12").splitlines())


@needs_pdftotext
def test_at_least_figures_are_never_broken_across_lines():
    """The run-sheets' timeline tables printed "(at least" on one line and "8)" under it."""
    broken = [line.strip() for line in text(require(HANDBOOK_PDF)).splitlines()
              if re.search(r"\s{3}", line.strip()) and re.search(r"\(at( least)?(\s{2,}|$)", line)]  # a cell ends inside the figure
    assert broken == []


@needs_pdftotext
def test_no_table_continues_onto_a_page_without_rows():
    """A table's closing rule alone turned over under a "continued from previous page" head (the
    print lists): a page that continues a print table carries at least one of its rows."""
    pages = text(require(HANDBOOK_PDF)).split("\f")
    for number, page in enumerate(pages, 1):
        if "continued from previous page" not in page or "Copies for" not in page:
            continue
        after = page.split("continued from previous page", 1)[1]
        before_next = re.split(r"what to print for", after)[0]
        assert re.search(r"\b12: \d+", before_next), f"page {number} continues a print table with no rows"


@needs_pdftotext
def test_a_segment_title_several_modules_share_names_its_module_in_the_handbooks_lists():
    printed = normalise(text(require(HANDBOOK_PDF), layout=False))
    assert "Wrap-up and key points (Silos)" in printed
    for match in re.finditer(r"Wrap-up and key points(?! \()", printed):
        context = printed[max(0, match.start() - 200):match.end() + 40]
        assert "Left out for time" not in context, context  # a module's own run-sheet names its own
