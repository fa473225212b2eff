"""The schedule page: every module and segment with its preferred minutes, from front matter.

No clock times: the course run end to end with no breaks is no agenda anyone runs, and a third
set of times beside the lectern sheets' would contradict them. The agendas are the planner's.
"""

from __future__ import annotations

from docutils import nodes

from tension_points.course import format_minutes
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.tables import table

SCHEDULE_HEADER = ("Module / segment", "Kind", "Preferred minutes")


class ScheduleDirective(CourseDirective):
    def run(self) -> list[nodes.Node]:
        modules = self.course_data().modules
        rows: list[tuple[str, ...]] = []
        for module in modules:
            rows.append((module.title, "module", str(module.minutes)))
            rows.extend((f"    {segment.title}", segment.kind, str(segment.minutes)) for segment in module.segments)
        total = sum(module.minutes for module in modules)
        rows.append(("Whole course, no breaks", "", str(total)))
        return [self.totals_paragraph(modules, total), table(rows, (60, 14, 14), SCHEDULE_HEADER)]

    def totals_paragraph(self, modules, total: int) -> nodes.paragraph:
        by_kind: dict[str, int] = {}
        for module in modules:
            for kind, minutes in module.minutes_by_kind().items():
                by_kind[kind] = by_kind.get(kind, 0) + minutes
        parts = ", ".join(f"{kind} {minutes} min" for kind, minutes in by_kind.items() if minutes)
        text = (
            f"Whole course at preferred lengths: {format_minutes(total)} over {len(modules)} modules ({parts}), "
            "before breaks, buffers and any trimming. This is not an agenda: for clock times, use a ready "
            "agenda's lectern sheet or plan one with tension-points plan."
        )
        return nodes.paragraph(text=text, classes=["tp-schedule-total"])


def setup(app) -> dict:
    app.add_directive("schedule", ScheduleDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
