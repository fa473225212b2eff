"""Check the built site's own links: every relative link, image, stylesheet and script of
every page points to a file that exists, and every #anchor to an id on the page it names.

Usage: python tools/check_links.py [_build/html]

Sphinx's linkcheck builder checks links to other sites but leaves a site's internal
references and anchors unchecked, so `make linkcheck` runs this on the built HTML as well.
Links to other sites are skipped here: `make linkcheck-external` checks those.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {"a": "href", "area": "href", "link": "href", "img": "src", "script": "src", "object": "data", "source": "src", "iframe": "src"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(values[name])
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and values.get(attribute):
            self.links.append(values[attribute])


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(html_dir: Path) -> list[str]:
    html_dir = html_dir.resolve()
    pages = {p: parse(p) for p in sorted(html_dir.rglob("*.html")) if "_static" not in p.relative_to(html_dir).parts}
    broken: list[str] = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:  # another site, mailto:, data:, javascript:
                continue
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/"):
                target = target / "index.html"
            where = f"{path.relative_to(html_dir)}: {link}"
            if not target.is_relative_to(html_dir) or not target.exists():
                broken.append(f"{where} (no such file)")
                continue
            fragment = unquote(parts.fragment)
            # name=value pairs are the page's parameters (present mode reads its agenda from them), not an anchor
            if fragment and "=" not in fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    broken.append(f"{where} (no #{fragment} on {target.relative_to(html_dir)})")
    return broken


def main() -> int:
    html_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    if not (html_dir / "index.html").exists():
        print(f"{html_dir}/index.html not found: build the site first (make html)", file=sys.stderr)
        return 2
    broken = broken_links(html_dir)
    for line in broken:
        print(line)
    count = sum(len(parse(p).links) for p in html_dir.rglob("*.html") if "_static" not in p.relative_to(html_dir).parts)
    print(f"internal links and anchors: {len(broken)} broken, of {count} links on the site's pages")
    return 1 if broken else 0


if __name__ == "__main__":
    raise SystemExit(main())
