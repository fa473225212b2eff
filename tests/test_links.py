"""Links: the site's own links and anchors all resolve, and every link to another site is
listed on the generated reference/external-links page (checked on request only, with
`make linkcheck-external`, since builds run offline)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from paths import REPO

spec = importlib.util.spec_from_file_location("check_links", REPO / "tools" / "check_links.py")
check_links = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_links)

EXTERNAL_PAGE = "reference/external-links.html"
HREF = re.compile(r'<a class="reference external" href="(https?://[^"]+)"')


def article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.find('<article class="bd-article" role="main"') if "bd-article" in text else text.find("<article")
    return text[start : text.find("</article>", start)]


def test_no_internal_link_or_anchor_is_broken(html_dir):
    assert check_links.broken_links(html_dir) == []


def test_the_link_checker_finds_a_missing_page_and_a_missing_anchor_and_takes_parameters_for_no_anchor(tmp_path):
    (tmp_path / "index.html").write_text(
        '<h1 id="top">Home</h1><a href="a.html#here">ok</a><a href="#top">ok</a>'
        '<a href="gone.html">missing page</a><a href="a.html#nowhere">missing anchor</a>'
        '<a href="https://example.org/x">another site</a>'
        '<a href="a.html#agenda=x:5&amp;start=09:00">parameters, not an anchor</a><a href="gone.html#agenda=x:5">missing page</a>',
        encoding="utf-8",
    )
    (tmp_path / "a.html").write_text('<p id="here">A</p>', encoding="utf-8")
    assert check_links.broken_links(tmp_path) == [
        "index.html: gone.html (no such file)",
        "index.html: a.html#nowhere (no #nowhere on a.html)",
        "index.html: gone.html#agenda=x:5 (no such file)",
    ]


def test_every_link_to_another_site_is_listed_on_the_external_links_page(html_dir):
    listed = set(HREF.findall(article(html_dir / EXTERNAL_PAGE)))
    used = {
        link
        for path in html_dir.rglob("*.html")
        if "_static" not in path.parts and path.relative_to(html_dir).as_posix() not in (EXTERNAL_PAGE, "search.html", "genindex.html")
        for link in HREF.findall(article(path))
    }
    assert used, "the course links to other sites"
    assert used - listed == set()
    assert listed - used == set()
