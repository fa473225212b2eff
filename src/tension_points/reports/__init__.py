"""One document model and one renderer registry for every report the kit writes."""

from tension_points.reports.model import Block, Document, Heading, Link, ListBlock, Paragraph, Table
from tension_points.reports.renderers import REGISTRY, Registry, format_for_path, format_names, register, render

__all__ = [
    "Block", "Document", "Heading", "Link", "ListBlock", "Paragraph", "Table",
    "REGISTRY", "Registry", "format_for_path", "format_names", "register", "render",
]
