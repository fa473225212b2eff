"""The schedule page: every module and segment with its minutes and clock time, summed from front matter."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from tension_points.course import clock, format_minutes, parse_clock
from tension_points.errors import UserError
from tension_points.sphinxext.course_data import modules_of

HEADER = ("Clock", "Module / segment", "Kind", "Minutes", "Elapsed")


def table(rows: list[tuple[str, ...]], widths: tuple[int, ...], header: tuple[str, ...] = HEADER) -> nodes.table:
    """A plain docutils table: renders in HTML, LaTeX and text alike."""
    group = nodes.tgroup(cols=len(header))
    group.extend(nodes.colspec(colwidth=width) for width in widths)
    group += nodes.thead("", row(header))
    body = nodes.tbody()
    body.extend(row(cells) for cells in rows)
    group += body
    return nodes.table("", group, classes=["tp-schedule"])


def row(cells: tuple[str, ...]) -> nodes.row:
    result = nodes.row()
    for cell in cells:
        result += nodes.entry("", nodes.paragraph(text=cell))
    return result


class ScheduleDirective(SphinxDirective):
    option_spec = {"start": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        try:
            start = parse_clock(self.options.get("start", self.config.tension_points_start))
        except UserError as exc:
            raise self.error(str(exc)) from None
        modules = modules_of(self.env)
        for module in modules:
            self.env.note_dependency(str(module.path))
        rows: list[tuple[str, ...]] = []
        elapsed = 0
        for module in modules:
            rows.append((clock(start, elapsed), module.title, "module", str(module.minutes), format_minutes(elapsed)))
            for segment in module.segments:
                rows.append(
                    (clock(start, elapsed), f"    {segment.title}", segment.kind, str(segment.minutes), format_minutes(elapsed))
                )
                elapsed += segment.minutes
        rows.append((clock(start, elapsed), "End", "", str(elapsed), format_minutes(elapsed)))
        totals = self.totals_paragraph(modules, elapsed)
        return [totals, table(rows, (8, 44, 12, 8, 10))]

    def totals_paragraph(self, modules, elapsed: int) -> nodes.paragraph:
        by_kind: dict[str, int] = {}
        for module in modules:
            for kind, minutes in module.minutes_by_kind().items():
                by_kind[kind] = by_kind.get(kind, 0) + minutes
        parts = ", ".join(f"{kind} {minutes} min" for kind, minutes in by_kind.items() if minutes)
        text = f"Whole course: {format_minutes(elapsed)} over {len(modules)} modules ({parts})."
        return nodes.paragraph(text=text, classes=["tp-schedule-total"])


def setup(app) -> None:
    app.add_directive("schedule", ScheduleDirective)
