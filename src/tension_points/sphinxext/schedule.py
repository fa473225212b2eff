"""The schedule page: every module and segment with its minutes and clock time, summed from front matter."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives

from tension_points.course import clock, format_minutes, parse_clock
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.tables import table


class ScheduleDirective(CourseDirective):
    option_spec = {"start": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        with self.reported():
            start = parse_clock(self.options.get("start", self.config.tension_points_start))
        modules = self.course_data().modules
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


def setup(app) -> dict:
    app.add_directive("schedule", ScheduleDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
