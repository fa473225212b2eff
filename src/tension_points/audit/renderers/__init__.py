"""Report renderers, one per output format: text, md, json, html."""

from __future__ import annotations

from collections.abc import Callable

from tension_points.audit.model import Report

FORMATS = ("text", "md", "json", "html")


def renderer(format_name: str) -> Callable[..., str]:
    if format_name == "text":
        from tension_points.audit.renderers.text import render
    elif format_name == "md":
        from tension_points.audit.renderers.markdown import render
    elif format_name == "json":
        from tension_points.audit.renderers.json_report import render
    elif format_name == "html":
        from tension_points.audit.renderers.html import render
    else:
        raise ValueError(format_name)
    return render


def render(report: Report, format_name: str, *, color: bool = False) -> str:
    if format_name == "text":
        return renderer("text")(report, color=color)
    return renderer(format_name)(report)
