"""Every fence in the course's Markdown closes where its author meant it to.

A directive written with three backticks that holds a three-backtick code block ends at that
block's closing fence: the rest of the directive (a solution's second half) spills onto the
page, and the directive's own closing fence opens a code block that swallows the next section
(seen in the Silos hand-off map's solution, in the site, the PDF and the learner's notebook).
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from paths import REPO

CONTENT = [p for folder in ("modules", "exercises", "facilitator-guide", "handouts") for p in sorted((REPO / folder).rglob("*.md"))]


@pytest.mark.parametrize("page", CONTENT, ids=lambda p: str(p.relative_to(REPO)))
def test_no_fence_swallows_a_heading_or_holds_a_fence_that_closes_it(page):
    for token in MarkdownIt("commonmark").parse(page.read_text(encoding="utf-8")):
        if token.type != "fence":
            continue
        line = token.map[0] + 1
        assert not (not token.info.strip() and re.search(r"^#{1,6} ", token.content, re.M)), (
            f"{page.name}:{line}: a code block holds a heading: a fence above it closed early"
        )
        inner = re.search(r"^\s*(`{3,})\w", token.content, re.M)
        assert not (token.info.startswith("{") and inner and len(inner.group(1)) >= len(token.markup)), (
            f"{page.name}:{line}: {token.info.split()[0]} holds a {inner.group(1)} fence: open it with more backticks"
        )
