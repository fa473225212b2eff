"""Where present mode's pages are, and in which builds they exist (the web site's HTML only)."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from tension_points.course import Module

FOLDER = "present"


def projector_page(module: Module) -> str:
    return f"{FOLDER}/{module.id}"


def speaker_page(module: Module) -> str:
    return f"{FOLDER}/{module.id}-speaker"


def page_link(docname: str, page: str) -> str:
    """The relative link from a page of the site to another, as the HTML builder writes it."""
    return relative_uri(f"{docname}.html", f"{page}.html")


def is_web_html(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.config.tension_points_edition == "web"
