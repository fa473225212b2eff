"""Valid, accessible HTML where the tools we build on fall short.

Each fix is for a defect the HTML validator or axe-core found in the built site
(tests/test_html_valid.py, tests/test_accessibility.py), made here rather than
hidden in an allow-list:

* Sphinx's graphviz extension writes a diagram's ``:alt:`` into ``alt="..."``
  unescaped, so a description with a double quote breaks the ``<img>`` tag.
* sphinx-exercise gives every exercise and solution body the same id
  (``exercise-content``, ``solution-content``); ids must be unique on a page. Only those
  two ids are numbered here; the kit's own ids are unique when they are made (the course
  domain), and any other repeat is a build warning, never quietly renamed.
* Sphinx marks a toctree caption (the sidebar's "Modules", ...) as
  ``role="heading"`` without the ``aria-level`` that role requires.
"""

from __future__ import annotations

import html

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.ext.graphviz import graphviz
from sphinx.util import logging

from tension_points.sphinxext.post_transforms import ResolvedPageTransform

logger = logging.getLogger(__name__)

SPHINX_EXERCISE_IDS = frozenset({"exercise-content", "solution-content"})
CAPTION = '<p class="caption" role="heading">'
CAPTION_WITH_LEVEL = '<p class="caption" role="heading" aria-level="2">'


class FixHtmlDoctree(ResolvedPageTransform):
    """Escape the graphviz alt text and number sphinx-exercise's repeated ids, once the page is resolved."""

    formats = ("html",)

    def run(self, **kwargs) -> None:
        for node in self.document.findall(graphviz):
            if "alt" in node:
                node["alt"] = html.escape(node["alt"], quote=True)
        seen: dict[str, int] = {}
        for node in self.document.findall(nodes.Element):
            ids = node.get("ids", [])
            for index, ident in enumerate(ids):
                seen[ident] = seen.get(ident, 0) + 1
                if seen[ident] == 1:
                    continue
                if ident in SPHINX_EXERCISE_IDS:
                    ids[index] = f"{ident}-{seen[ident]}"
                else:
                    logger.warning("id '%s' is used %d times on the page", ident, seen[ident], location=node)


def add_caption_levels(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    for key, value in context.items():
        if isinstance(value, str) and CAPTION in value:
            context[key] = value.replace(CAPTION, CAPTION_WITH_LEVEL)


def setup(app: Sphinx) -> dict:
    app.add_post_transform(FixHtmlDoctree)
    # After Furo (priority 500) has turned the toctree into its navigation tree.
    app.connect("html-page-context", add_caption_levels, priority=900)
    app.add_js_file("tp-site.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
