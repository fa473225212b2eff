"""The print data at build time (sphinxext/printing.py), on the tiny course: a segment the data
names that the course has no module for, or a handout the data does not list, stops the page
with one message naming the data file and the page."""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinxext.test_course_directive import ROOT, build

PAGE = "# Handouts\n\n```{print-uses}\n```\n"


def course_with_print_uses(tmp_path: Path) -> Path:
    source = tmp_path / "course"
    shutil.copytree(ROOT, source)
    (source / "what-to-print.md").write_text(PAGE, encoding="utf-8")
    index = source / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("handbook\n", "handbook\nwhat-to-print\n"), encoding="utf-8")
    return source


def errors(warnings: str) -> list[str]:
    assert "Traceback" not in warnings and "Exception occurred" not in warnings
    return [line for line in warnings.splitlines() if "ERROR" in line]


def test_a_segment_the_course_does_not_have_stops_the_page(tmp_path):
    # The kit's print data names the kit's segments; the tiny course has a welcome but no Wizard of Oz.
    found = errors(build(course_with_print_uses(tmp_path), tmp_path / "build"))
    assert len(found) == 1, found
    assert "what-to-print.md" in found[0] and "printing.yaml: sheets[" in found[0]
    assert "no segment 'closing-last-word' in the course's modules" in found[0]
