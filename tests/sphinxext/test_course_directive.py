"""What every course directive does with its data (sphinxext/course_directive.py), on the tiny
project: a page that shows a data file is read again when the file changes; a broken file
stops the page with one message naming the file and the page; a module's directive
elsewhere says where it belongs."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from paths import REPO

ROOT = Path(__file__).parent / "roots" / "test-course"
EXAMPLE = REPO / "exercises" / "data" / "handoffs-example.yaml"
WORKSHEET_PAGE = "# Hand-off worksheet\n\n```{handoff-map-template}\n:rows: 2\n```\n"


def course_with_worksheet(tmp_path: Path) -> Path:
    """The tiny course with a page showing the hand-off worksheet, whose prompt names the example's teams."""
    source = tmp_path / "course"
    shutil.copytree(ROOT, source)
    (source / "exercises" / "data").mkdir(parents=True)
    shutil.copy(EXAMPLE, source / "exercises" / "data" / EXAMPLE.name)
    (source / "worksheet.md").write_text(WORKSHEET_PAGE, encoding="utf-8")
    index = source / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("handbook\n", "handbook\nworksheet\n"), encoding="utf-8")
    return source


def build(source: Path, out: Path) -> str:
    """Build into ``out`` (kept between builds, as a rebuild does); the warnings."""
    app = SphinxTestApp("html", srcdir=source, builddir=out)
    try:
        app.build()
    finally:
        app.cleanup()
    return app.warning.getvalue()


def worksheet_prompt(out: Path) -> str:
    page = BeautifulSoup((out / "html" / "worksheet.html").read_text(encoding="utf-8"), "html.parser")
    return page.find("p", string=lambda text: text and text.startswith("Teams to consider")).get_text()


def test_a_page_showing_a_data_file_is_rebuilt_when_the_file_changes(tmp_path):
    source, out = course_with_worksheet(tmp_path), tmp_path / "build"
    build(source, out)
    assert "Customer support" in worksheet_prompt(out)
    data = source / "exercises" / "data" / EXAMPLE.name
    data.write_text(data.read_text(encoding="utf-8").replace("Customer support", "Field service"), encoding="utf-8")
    build(source, out)
    prompt = worksheet_prompt(out)
    assert "Field service" in prompt and "Customer support" not in prompt


def test_a_broken_data_file_stops_the_page_naming_the_file_and_the_page(tmp_path):
    source = course_with_worksheet(tmp_path)
    data = source / "exercises" / "data" / EXAMPLE.name
    data.write_text("title: [unclosed\n", encoding="utf-8")
    warnings = build(source, tmp_path / "build")
    errors = [line for line in warnings.splitlines() if "ERROR" in line]
    assert len(errors) == 1, warnings
    assert "worksheet.md" in errors[0] and EXAMPLE.name in errors[0]
    assert "Traceback" not in warnings and "Exception occurred" not in warnings


def test_a_module_directive_outside_a_module_page_says_where_it_belongs(tmp_path):
    source = course_with_worksheet(tmp_path)
    (source / "worksheet.md").write_text(WORKSHEET_PAGE + "\n```{key-points}\n```\n", encoding="utf-8")
    warnings = build(source, tmp_path / "build")
    assert "worksheet.md" in warnings and "{key-points} is only allowed on a module page (modules/*.md)" in warnings
