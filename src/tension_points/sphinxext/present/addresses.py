"""Where present mode's pages are, and in which builds they exist (the web site's HTML only)."""

from __future__ import annotations

from sphinx.application import Sphinx

from tension_points.course import Module

FOLDER = "present"


def projector_page(module: Module) -> str:
    return f"{FOLDER}/{module.id}"


def speaker_page(module: Module) -> str:
    return f"{FOLDER}/{module.id}-speaker"


def is_web_html(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.config.tension_points_edition == "web"
