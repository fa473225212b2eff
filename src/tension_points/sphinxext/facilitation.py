"""Directives for the facilitator handbook and the handouts, all rendered from the course's data.

- ``{agenda}`` (``:minutes:``, ``:start:``, ``:modules:``, ``:lunch:``): the planner's agenda as a table;
  the same code as ``tension-points plan``, run at build time.
- ``{run-sheet} MODULE-ID``: the module's minute-by-minute timeline from its segments.
- ``{run-step} SEGMENT-ID`` with a body: one step of a run-sheet; its heading (minutes, kind,
  format, title) comes from the front matter, the body is the facilitator's script.
- ``{activity-index}``: every discussion and exercise with its module, format and minutes,
  linked to its box on the module page.
- ``{form} FORM-ID``: a form or survey from ``data/forms.yaml`` (feedback, pre and post survey,
  action-plan worksheet), printable and identical wherever it appears.
- ``{ownership-matrix-template}`` and ``{handoff-map-template}``: blank worksheets whose
  rows and columns come from the exercises' example data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from tension_points.course import Segment, clock, format_minutes, parse_clock
from tension_points.datafiles import load_validated
from tension_points.errors import UserError
from tension_points.plan.planner import plan
from tension_points.sphinxext.course_data import course_of, modules_of
from tension_points.sphinxext.modules import parts_list
from tension_points.sphinxext.schedule import table

FORMS = Path(__file__).resolve().parents[1] / "data" / "forms.yaml"
AGENDA_HEADER = ("Clock", "Module", "Item", "Kind", "Min")
RUN_SHEET_HEADER = ("Minutes", "Segment", "Kind", "Length")
INDEX_HEADER = ("Module", "Activity", "Kind and format", "Minutes")
BOX = "\u2610"  # ☐, a box to tick


OPTION = re.compile(r"(--[a-z][a-z-]*(?: [A-Za-z0-9,:-]+)?)")


def prose(text: str, classes: list[str] | None = None) -> nodes.paragraph:
    """A paragraph in which command-line options are literals (so "--" stays two hyphens)."""
    paragraph = nodes.paragraph(classes=classes or [])
    for n, part in enumerate(OPTION.split(text)):
        if part:
            paragraph += nodes.literal(text=part) if n % 2 else nodes.Text(part)
    return paragraph


def kind_text(segment: Segment) -> str:
    return f"{segment.kind} ({segment.format})" if segment.format else segment.kind


def length_text(segment: Segment) -> str:
    if segment.min_minutes == segment.minutes:
        return f"{segment.minutes} min"
    return f"{segment.minutes} min (at least {segment.min_minutes})"


class activity_link(nodes.Inline, nodes.TextElement):
    """A link to an activity box on a module page, resolved once the builder knows the URIs."""


def resolve_activity_links(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for node in list(doctree.findall(activity_link)):
        docname, anchor = node["docname"], node["anchor"]
        if docname not in app.env.all_docs:
            node.replace_self(nodes.Text(node.astext()))
            continue
        uri = app.builder.get_relative_uri(fromdocname, docname) + "#" + anchor
        reference = nodes.reference("", "", internal=True, refuri=uri)
        reference += nodes.Text(node.astext())
        node.replace_self(reference)


def linked_cell(text: str, docname: str | None, anchor: str | None) -> nodes.entry:
    paragraph = nodes.paragraph()
    if docname and anchor:
        paragraph += activity_link(text, text, docname=docname, anchor=anchor)
    else:
        paragraph += nodes.Text(text)
    return nodes.entry("", paragraph)


def rich_table(header: tuple[str, ...], rows: list[list[nodes.entry | str]], widths: tuple[int, ...], classes: list[str]) -> nodes.table:
    """Like schedule.table, but cells may be prepared entries (links)."""
    result = table([], widths, header)
    result["classes"] = classes
    body = result.next_node(nodes.tbody)
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += cell if isinstance(cell, nodes.entry) else nodes.entry("", nodes.paragraph(text=cell))
        body += row
    return result


class CourseDirective(SphinxDirective):
    def note_course(self) -> None:
        for module in modules_of(self.env):
            self.env.note_dependency(str(module.path))

    def fail(self, exc: UserError):
        return self.error(str(exc))


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
        self.note_course()
        selected = None
        if "modules" in self.options:
            selected = [m.strip() for m in self.options["modules"].split(",") if m.strip()]
        try:
            start = parse_clock(self.options.get("start", self.config.tension_points_start))
            agenda = plan(modules_of(self.env), self.options["minutes"], selected, lunch_minutes=self.options.get("lunch", 0))
        except UserError as exc:
            if "explain-if-impossible" in self.options:
                note = nodes.admonition(classes=["tp-agenda-impossible"])
                note += nodes.title(text="The planner says")
                note += prose(str(exc))
                return [note]
            raise self.fail(exc) from None
        summary = nodes.paragraph(
            text=f"{clock(start, 0)} to {clock(start, agenda.total)}. {agenda.summary()}.", classes=["tp-agenda-summary"]
        )
        result: list[nodes.Node] = [summary, table(agenda.rows(start), (7, 26, 40, 11, 6), AGENDA_HEADER)]
        result[-1]["classes"].append("tp-agenda")
        if agenda.notes:
            notes = nodes.bullet_list()
            for note in agenda.notes:
                notes += nodes.list_item("", prose(note))
            result.append(notes)
        return result


class RunSheetDirective(CourseDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        self.note_course()
        try:
            module = course_of(self.env).module(self.arguments[0])
        except UserError as exc:
            raise self.fail(exc) from None
        rows = []
        for segment in module.segments:
            docname = module.docname if segment.is_activity else None
            rows.append([
                f"{segment.start}\u2013{segment.start + segment.minutes}",
                linked_cell(segment.title, docname, segment.id if docname else None),
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
        self.note_course()
        try:
            segment = course_of(self.env).segment(self.arguments[0])
        except UserError as exc:
            raise self.fail(exc) from None
        box = nodes.container(classes=["tp-run-step", f"tp-{segment.kind}"])
        box["ids"].append(f"run-{segment.id}")
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
        self.note_course()
        rows = []
        total = count = 0
        for module in modules_of(self.env):
            for segment in module.segments:
                if not segment.is_activity:
                    continue
                rows.append([
                    module.title.split(":")[0],
                    linked_cell(segment.title, module.docname, segment.id),
                    kind_text(segment),
                    f"{segment.minutes} (min {segment.min_minutes})",
                ])
                total += segment.minutes
                count += 1
        summary = nodes.paragraph(text=f"{count} activities, {format_minutes(total)} at preferred lengths.")
        return [summary, rich_table(INDEX_HEADER, rows, (18, 44, 26, 12), ["tp-schedule", "tp-activity-index"])]


# --- Forms --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormsData:
    scale: dict
    self_assessment: list[dict]
    forms: dict[str, dict]


def load_forms(path: Path = FORMS) -> FormsData:
    data = load_validated(path, "forms")
    forms = {form["id"]: form for form in data["forms"]}
    if len(forms) != len(data["forms"]):
        raise UserError(f"{path}: forms: two forms share an id")
    return FormsData(data["scale"], data["self_assessment"], forms)


def writing_lines(count: int) -> list[nodes.Node]:
    """Ruled lines to write on in print; an empty box of the same height on the web."""
    line = "\\vspace{3.2mm}\\noindent\\rule{\\linewidth}{0.4pt}\\par"
    latex = "\\par\\nobreak" + "\\nobreak".join([line] * count) + "\\vspace{1mm}"
    space = nodes.container(classes=["tp-write", f"tp-write-{count}"])
    space += nodes.raw("", '<div class="tp-write-space" aria-hidden="true"></div>', format="html")
    space += nodes.raw("", latex, format="latex")
    return [space]


def blank_entry(text: str = "") -> nodes.entry:
    """A cell tall enough to write in, in print as on the web."""
    paragraph = nodes.paragraph(text=text)
    paragraph += nodes.raw("", r"\rule{0pt}{7mm}", format="latex")
    return nodes.entry("", paragraph)


def scale_table(items: list[dict], scale: dict, first_header: str) -> nodes.table:
    points = [str(n) for n in range(1, scale["points"] + 1)]
    rows = [(item["text"], *[BOX] * len(points)) for item in items]
    widths = (60, *[5] * len(points))
    result = table(rows, widths, (first_header, *points))
    result["classes"] = ["tp-form-scale"]
    return result


class FormDirective(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(FORMS))
        try:
            data = load_forms()
        except UserError as exc:
            raise self.error(str(exc)) from None
        form = data.forms.get(self.arguments[0])
        if form is None:
            raise self.error(f"{FORMS}: no form '{self.arguments[0]}' (forms: {', '.join(data.forms)})")
        result: list[nodes.Node] = []
        if form.get("intro"):
            result.append(nodes.paragraph(text=form["intro"], classes=["tp-form-intro"]))
        if form.get("fields"):
            result.append(nodes.paragraph(text="      ".join(f"{label}: ____________" for label in form["fields"]), classes=["tp-form-fields"]))
        scale = data.scale
        number = 0
        for question in form["questions"]:
            kind = question["kind"]
            if kind == "self-assessment":
                number += 1
                text = f"{number}. {question['text']} (1 = {scale['low']}, {scale['points']} = {scale['high']})"
                result.append(nodes.paragraph(text=text, classes=["tp-form-question"]))
                result.append(scale_table(data.self_assessment, scale, "I can\u2026"))
            elif kind == "scale":
                number += 1
                result.append(nodes.paragraph(text=f"{number}. {question['text']}", classes=["tp-form-question"]))
                ticks = "     ".join(f"{BOX} {n}" for n in range(1, scale["points"] + 1))
                result.append(
                    nodes.paragraph(text=f"{question.get('low', scale['low'])}   {ticks}   {question.get('high', scale['high'])}", classes=["tp-form-ticks"])
                )
            elif kind == "choice":
                number += 1
                result.append(nodes.paragraph(text=f"{number}. {question['text']}", classes=["tp-form-question"]))
                result.append(nodes.paragraph(text="     ".join(f"{BOX} {option}" for option in question["options"]), classes=["tp-form-ticks"]))
            else:  # text
                number += 1
                paragraph = nodes.paragraph(classes=["tp-form-question"])
                paragraph += nodes.Text(f"{number}. ")
                paragraph += nodes.strong(text=question["text"])
                if question.get("hint"):
                    paragraph += nodes.Text(f" {question['hint']}")
                result.append(paragraph)
                result.extend(writing_lines(question.get("lines", 2)))
        return [nodes.container("", *result, classes=["tp-form"])]


# --- Worksheet templates from the exercises' example data --------------------------------


class OwnershipMatrixTemplateDirective(SphinxDirective):
    """A blank RACI grid: the stages and roles of the ownership exercise's example."""

    option_spec = {"blank-rows": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        from tension_points.exercises.ownership import load_matrix

        path = Path(self.env.srcdir) / "exercises" / "data" / "ownership-example.yaml"
        self.env.note_dependency(str(path))
        try:
            matrix = load_matrix(path)
        except UserError as exc:
            raise self.error(str(exc)) from None
        roles = list(matrix.roles.values())
        rows = [[blank_entry(stage.name), *[""] * len(roles)] for stage in matrix.stages]
        rows += [[blank_entry(), *[""] * len(roles)] for _ in range(self.options.get("blank-rows", 2))]
        first = 22
        widths = (first, *[max(6, (100 - first) // len(roles))] * len(roles))
        result = rich_table(("Stage", *roles), rows, widths, [])
        result["classes"] = ["tp-form-grid", "tp-ownership-template"]
        return [result]


class HandoffMapTemplateDirective(SphinxDirective):
    """A blank hand-off table, with the teams of the silos exercise's example as a prompt."""

    option_spec = {"rows": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        from tension_points.exercises.handoffs import load_map

        path = Path(self.env.srcdir) / "exercises" / "data" / "handoffs-example.yaml"
        self.env.note_dependency(str(path))
        try:
            example = load_map(path)
        except UserError as exc:
            raise self.error(str(exc)) from None
        teams = ", ".join(example.teams.values())
        prompt = nodes.paragraph(
            text=f"Teams to consider (from the example \u201c{example.title}\u201d): {teams}; and the people who use "
            "the model's output. Add your own."
        )
        header = ("From (team)", "To (team)", "What passes", "Comes back? (yes / no)", "How does the sender learn if it worked?")
        rows = [[blank_entry(), "", "", f"{BOX} yes  {BOX} no", ""] for _ in range(self.options.get("rows", 8))]
        result = rich_table(header, rows, (16, 16, 24, 16, 28), [])
        result["classes"] = ["tp-form-grid", "tp-handoff-template"]
        return [prompt, result]


def setup(app: Sphinx) -> None:
    app.add_node(activity_link)
    app.add_directive("agenda", AgendaDirective)
    app.add_directive("run-sheet", RunSheetDirective)
    app.add_directive("run-step", RunStepDirective)
    app.add_directive("activity-index", ActivityIndexDirective)
    app.add_directive("form", FormDirective)
    app.add_directive("ownership-matrix-template", OwnershipMatrixTemplateDirective)
    app.add_directive("handoff-map-template", HandoffMapTemplateDirective)
    app.connect("doctree-resolved", resolve_activity_links)
    app.add_css_file("tp-facilitation.css")
