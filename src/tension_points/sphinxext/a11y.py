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

logger = logging.getLogger(__name__)

SPHINX_EXERCISE_IDS = frozenset({"exercise-content", "solution-content"})
CAPTION = '<p class="caption" role="heading">'
CAPTION_WITH_LEVEL = '<p class="caption" role="heading" aria-level="2">'


def fix_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    for node in doctree.findall(graphviz):
        if "alt" in node:
            node["alt"] = html.escape(node["alt"], quote=True)
    seen: dict[str, int] = {}
    for node in doctree.findall(nodes.Element):
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
    app.connect("doctree-resolved", fix_doctree)
    # After Furo (priority 500) has turned the toctree into its navigation tree.
    app.connect("html-page-context", add_caption_levels, priority=900)
    app.add_js_file("tp-site.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
