"""The audit report's renderers, one module per format, in one registry (see tension_points.reports)."""

from __future__ import annotations

from tension_points.audit.model import Report
from tension_points.reports import Registry
from tension_points.reports.visible import visible_copy

AUDIT_RENDERERS: Registry[Report] = Registry("the audit report")

# Each module registers its render function with AUDIT_RENDERERS.
from tension_points.audit.renderers import text, markdown, json_report, html  # noqa: E402,F401

FORMATS = AUDIT_RENDERERS.names()


HUMAN_READABLE = ("text", "md", "html")


def render(report: Report, format_name: str, *, color: bool = False) -> str:
    """Human-readable formats show control characters from the project (in file names, package names,
    reasons) as escapes; JSON keeps the real text, escaped exactly by JSON itself."""
    options = {"color": color} if format_name == "text" else {}
    shown = visible_copy(report) if format_name in HUMAN_READABLE else report
    return AUDIT_RENDERERS.render(shown, format_name, **options)
