"""``{on-screen}``: what a teaching segment is about, as the projector shows it.

    :::{on-screen}
    :terms:

    Separate codebases
    : The model lives in one repository, the product in another...
    :::

The block is part of the page, read as written, in every edition; present mode puts it on
the projector as the segment's board (pagecontent.py, screens.py). With ``:terms:``, the
projector shows only the terms of its definition lists, as a list: the page keeps the
explanations, the room sees the names. Quote cards and diagrams inside the block get
screens of their own, as everywhere else on the page.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

ON_SCREEN = "tp-on-screen"
TERMS_ONLY = "tp-on-screen-terms"


class OnScreenDirective(SphinxDirective):
    has_content = True
    option_spec = {"terms": directives.flag}

    def run(self) -> list[nodes.Node]:
        if not self.content:
            raise self.error("an on-screen block needs the list, figure or lines the projector should show")
        block = nodes.container(classes=[ON_SCREEN, *([TERMS_ONLY] if "terms" in self.options else [])])
        self.set_source_info(block)
        block.extend(self.parse_content_to_nodes())
        if "terms" in self.options and not any(block.findall(nodes.definition_list)):
            raise self.error(":terms: shows the terms of a definition list, and this block has none")
        return [block]


def setup(app: Sphinx) -> dict:
    app.add_directive("on-screen", OnScreenDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
