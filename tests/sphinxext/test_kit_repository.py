"""Set up's way to the kit's repository and its issue tracker: the real address where the build
knows it (TP_REPOSITORY_URL, from the publishing workflow), and where it does not, the text alone
and, once, what to use instead: never a placeholder such as "git+ADDRESS" or a repeated excuse."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-course"
PAGE = """# Help

Report it on {kit-repository}`the kit's issue tracker <issues/new>`; or install with
{kit-repository-code}`pip install "tension-points @ git+{address}"`.
"""


def built_help_page(tmp_path: Path, **overrides) -> BeautifulSoup:
    source = tmp_path / "course"
    shutil.copytree(ROOT, source)
    (source / "help.md").write_text(PAGE, encoding="utf-8")
    index = source / "index.md"
    index.write_text(index.read_text().replace("handbook\n```", "handbook\nhelp\n```"), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=source, confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()
    html = (Path(app.outdir) / "help.html").read_text(encoding="utf-8")
    return BeautifulSoup(html.replace("\u2019", "'"), "html.parser")  # MyST's typographic apostrophes, as typed


def test_with_the_address_known_it_links_the_tracker_and_writes_the_command_out(tmp_path):
    page = built_help_page(tmp_path, tension_points_repository="https://github.com/example/tension-points/")
    link = page.find("a", string="the kit's issue tracker")
    assert link["href"] == "https://github.com/example/tension-points/issues/new"
    assert page.find("code").get_text() == 'pip install "tension-points @ git+https://github.com/example/tension-points"'


def test_without_it_the_page_says_where_to_ask_and_shows_no_placeholder(tmp_path):
    text = built_help_page(tmp_path).get_text(" ", strip=True)
    assert "Report it on the kit's issue tracker;" in text
    assert text.count("this copy of the course does not give the repository's address") == 1
    assert "{address}" not in text and "ADDRESS" not in text and not built_help_page(tmp_path / "again").find("a", string="the kit's issue tracker")
