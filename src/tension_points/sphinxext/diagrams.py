"""Graphviz diagrams on the site: SVG where it is lighter than PNG, always as ``<img alt>``.

Sphinx writes an SVG diagram as ``<object>`` (its alt text becomes fallback content, which
screen readers and checks handle poorly), so the kit chose PNG. This visitor renders both,
keeps the lighter file, and writes an ``<img>`` with the diagram's alt text either way. The
SVG is given the width and height the PNG has, so the page lays out as before. A diagram with links (a clickable image map) stays PNG: links in
an SVG shown by ``<img>`` cannot be followed.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.ext.graphviz import (
    ClickableMapDefinition, GraphvizError, graphviz, latex_visit_graphviz, man_visit_graphviz, render_dot, render_dot_html,
    texinfo_visit_graphviz, text_visit_graphviz,
)
from sphinx.util import logging

logger = logging.getLogger(__name__)
# Graphviz draws an SVG at a dpi other than 72 by scaling its drawing, but leaves the viewBox
# unscaled, so a browser showing the file as an image crops it; the scale is taken out (the
# width and height given to <img> do the scaling).
SVG_SCALE = re.compile(r'(<g id="graph0" class="graph" transform=")scale\([\d.]+ [\d.]+\) ')
SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')


def svg_size(svg: Path) -> tuple[int, int] | None:
    """The SVG's size in CSS pixels: Graphviz has already scaled its points by the dpi the
    PNG is drawn at, so the number of points is the PNG's number of pixels."""
    match = SVG_SIZE.search(svg.read_text(encoding="utf-8")[:2000])
    if not match:
        return None
    return round(float(match.group(1))), round(float(match.group(2)))


def unscale(svg: Path) -> None:
    text = svg.read_text(encoding="utf-8")
    fixed = SVG_SCALE.sub(r"\1", text, count=1)
    if fixed != text:
        svg.write_text(fixed, encoding="utf-8")


def visit_graphviz(self, node: graphviz) -> None:
    code, options = node["code"], node["options"]
    try:
        png_name, png_file = render_dot(self, code, options, "png", "graphviz")
        svg_name, svg_file = render_dot(self, code, options, "svg", "graphviz")
    except GraphvizError as exc:
        logger.warning("dot code %r: %s", code, exc, location=node)
        raise nodes.SkipNode from exc
    clickable = ClickableMapDefinition(f"{png_file}.map", Path(f"{png_file}.map").read_text(encoding="utf-8"), dot=code)
    size = svg_size(Path(svg_file))
    unscale(Path(svg_file))
    if clickable.clickable or size is None or Path(svg_file).stat().st_size >= Path(png_file).stat().st_size:
        render_dot_html(self, node, code, options)  # PNG, as graphviz_output_format says
    classes = " ".join(filter(None, ["graphviz", *node.get("classes", [])]))
    alt = node.get("alt", self.encode(code).strip())
    if "align" in node:
        self.body.append(f'<div align="{node["align"]}" class="align-{node["align"]}">')
    width, height = size
    self.body.append(f'<div class="graphviz"><img src="{svg_name.as_posix()}" alt="{alt}" width="{width}" '
                     f'height="{height}" class="{classes}" /></div>\n')
    if "align" in node:
        self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.add_node(graphviz, override=True, html=(visit_graphviz, None), latex=(latex_visit_graphviz, None),
                 texinfo=(texinfo_visit_graphviz, None), text=(text_visit_graphviz, None),
                 man=(man_visit_graphviz, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
