"""Directives for the facilitator handbook, rendered from the course model and the planner.

- ``{agenda}`` (``:minutes:``, ``:start:``, ``:modules:``, ``:lunch:``): the planner's agenda as a table;
  the same code as ``tension-points plan``, run at build time, its reasons worded for print.
- ``{run-sheet} MODULE-ID``: the module's minute-by-minute timeline from its segments.
- ``{run-step} SEGMENT-ID`` with a body: one step of a run-sheet; its heading (minutes, kind,
  format, title) and the activity's minute split come from the front matter, the body is the
  facilitator's script.
- ``{activity-index}``: every discussion and exercise with its module, format and minutes,
  linked to its box on the module page.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tension_points.course import Segment, clock, format_minutes, parse_clock
from tension_points.plan.planner import CannotFit, plan
from tension_points.plan.wording import describe_note, describe_refusal
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.domain import course_domain, reference_to
from tension_points.sphinxext.modules import parts_list
from tension_points.sphinxext.tables import rich_table, table

AGENDA_HEADER = ("Clock", "Module", "Item", "Kind", "Min")
RUN_SHEET_HEADER = ("Minutes", "Segment", "Kind", "Length")
INDEX_HEADER = ("Module", "Activity", "Kind and format", "Minutes")


def kind_text(segment: Segment) -> str:
    return f"{segment.kind} ({segment.format})" if segment.format else segment.kind


def length_text(segment: Segment) -> str:
    if segment.min_minutes == segment.minutes:
        return f"{segment.minutes} min"
    return f"{segment.minutes} min (at least {segment.min_minutes})"


def linked_cell(segment: Segment) -> nodes.entry:
    """The segment's title; for an activity, a link to its box on the module page."""
    paragraph = nodes.paragraph()
    if segment.is_activity:
        paragraph += reference_to("activity", segment.id, segment.title)
    else:
        paragraph += nodes.Text(segment.title)
    return nodes.entry("", paragraph)


class AgendaDirective(CourseDirective):
    option_spec = {
        "minutes": directives.positive_int,
        "start": directives.unchanged,
        "modules": directives.unchanged,
        "lunch": directives.nonnegative_int,
        # Render the planner's "cannot fit" message instead of failing the build.
        "explain-if-impossible": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        if "minutes" not in self.options:
            raise self.error("{agenda} needs :minutes:")
        modules = self.course_data().modules
        selected = None
        if "modules" in self.options:
            selected = [m.strip() for m in self.options["modules"].split(",") if m.strip()]
        with self.reported():
            try:
                start = parse_clock(self.options.get("start", self.config.tension_points_start))
                agenda = plan(modules, self.options["minutes"], selected, lunch_minutes=self.options.get("lunch"))
            except CannotFit as refusal:
                if "explain-if-impossible" not in self.options:
                    raise
                note = nodes.admonition(classes=["tp-agenda-impossible"])
                note += nodes.title(text="The planner says")
                note += nodes.paragraph(text=describe_refusal(refusal, "print"))
                return [note]
        summary = nodes.paragraph(
            text=f"{clock(start, 0)} to {clock(start, agenda.total)}. {agenda.summary()}.", classes=["tp-agenda-summary"]
        )
        rows = [list(cells) for cells in agenda.rows(start)]
        for cells, item in zip(rows, agenda.items):
            if item.parts:
                cells[2] += " (" + "; ".join(f"{p.short} {p.minutes}" for p in item.parts) + ")"
        result: list[nodes.Node] = [summary, table(rows, (7, 26, 40, 11, 6), AGENDA_HEADER)]
        result[-1]["classes"].append("tp-agenda")
        if agenda.notes:
            notes = nodes.bullet_list()
            for note in agenda.notes:
                notes += nodes.list_item("", nodes.paragraph(text=describe_note(note, "print")))
            result.append(notes)
        return result


class RunSheetDirective(CourseDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        with self.reported():
            module = self.course_data().module(self.arguments[0])
        rows = []
        for segment in module.segments:
            rows.append([
                f"{segment.start}\u2013{segment.start + segment.minutes}",
                linked_cell(segment),
                kind_text(segment),
                length_text(segment),
            ])
        intro = nodes.paragraph(
            text=f"{format_minutes(module.minutes)} at preferred lengths; at least {format_minutes(module.min_minutes)} "
            "when every segment is trimmed to its minimum. Minutes count from the start of the module."
        )
        return [intro, rich_table(RUN_SHEET_HEADER, rows, (10, 46, 24, 20), ["tp-schedule", "tp-run-sheet"])]


class RunStepDirective(CourseDirective):
    """One step of a run-sheet: heading from the front matter, the facilitator's script as the body."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        with self.reported():
            segment = self.course_data().segment(self.arguments[0])
        box = nodes.container(classes=["tp-run-step", f"tp-{segment.kind}"])
        box["ids"].append(f"run-{segment.id}")
        course_domain(self.env).note_object("segment", segment.id, self.env.docname, f"run-{segment.id}", segment.title)
        heading = nodes.paragraph(classes=["tp-run-step-heading"])
        heading += nodes.strong(text=f"Minute {segment.start}\u2013{segment.start + segment.minutes} \u00b7 {segment.title}")
        heading += nodes.Text(f" \u00b7 {kind_text(segment)} \u00b7 {length_text(segment)}")
        box += heading
        if segment.parts:
            box += parts_list(segment.parts)
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]


class ActivityIndexDirective(CourseDirective):
    def run(self) -> list[nodes.Node]:
        rows = []
        total = count = 0
        for module in self.course_data().modules:
            for segment in module.segments:
                if not segment.is_activity:
                    continue
                rows.append([
                    module.title.split(":")[0],
                    linked_cell(segment),
                    kind_text(segment),
                    f"{segment.minutes} (min {segment.min_minutes})",
                ])
                total += segment.minutes
                count += 1
        summary = nodes.paragraph(text=f"{count} activities, {format_minutes(total)} at preferred lengths.")
        return [summary, rich_table(INDEX_HEADER, rows, (18, 44, 26, 12), ["tp-schedule", "tp-activity-index"])]


def setup(app: Sphinx) -> dict:
    app.add_directive("agenda", AgendaDirective)
    app.add_directive("run-sheet", RunSheetDirective)
    app.add_directive("run-step", RunStepDirective)
    app.add_directive("activity-index", ActivityIndexDirective)
    app.add_css_file("tp-facilitation.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
