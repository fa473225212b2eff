"""The room's pages: Jinja2 templates (autoescaped: nothing typed becomes markup) and the QR code."""

from __future__ import annotations

import jinja2
import segno
from starlette.responses import HTMLResponse

from tension_points.room.activities.registry import kind_assets
from tension_points.room.roles import ROLES


def templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("tension_points.room", "templates"),
        autoescape=True,  # every template, whatever its name: nothing typed becomes markup
        undefined=jinja2.StrictUndefined,
    )


TEMPLATES = templates()


def render(name: str, **context) -> str:
    return TEMPLATES.get_template(name).render(**context)


def page(name: str, status: int = 200, **context) -> HTMLResponse:
    """A screen of the room, with the roles and every kind's renderer files."""
    assets = kind_assets()
    scripts = [f"/static/kinds/{n}" for n in assets if n.endswith(".js")]
    styles = [f"/static/kinds/{n}" for n in assets if n.endswith(".css")]
    return HTMLResponse(render(name, roles=ROLES, kind_scripts=scripts, kind_styles=styles, **context), status_code=status)


def locked_page(message: str, status: int, heading: str = "Not for this device") -> HTMLResponse:
    return HTMLResponse(render("locked.html", heading=heading, message=message), status_code=status)


def qr_svg(url: str) -> str:
    """The join link as an inline SVG QR code (segno), with a title for screen readers."""
    return segno.make(url, error="m").svg_inline(scale=6, border=2, title=f"QR code for {url}", dark="#000", light="#fff")
