"""The audit report's renderers, one module per format, in one registry (see tension_points.reports)."""

from __future__ import annotations

from tension_points.audit.model import Report
from tension_points.reports import Registry

AUDIT_RENDERERS: Registry[Report] = Registry("the audit report")

# Each module registers its render function with AUDIT_RENDERERS.
from tension_points.audit.renderers import text, markdown, json_report, html  # noqa: E402,F401

FORMATS = AUDIT_RENDERERS.names()


def render(report: Report, format_name: str, *, color: bool = False) -> str:
    options = {"color": color} if format_name == "text" else {}
    return AUDIT_RENDERERS.render(report, format_name, **options)
