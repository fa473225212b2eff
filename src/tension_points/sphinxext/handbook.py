"""Directives for the facilitator handbook, rendered from the course model and the planner.

- ``{agenda} READY-ID`` (a ready agenda of ``data/agendas.yaml``), or ``{agenda}`` with ``:minutes:``,
  ``:start:``, ``:modules:``, ``:lunch:``: the planner's agenda as the lectern sheet (on pages of its own
  in print) with its late plan; the same code as ``tension-points plan``, its reasons worded for print.
  On the site, a ready agenda's sheet is followed by each module's present-mode links carrying its minutes.
- ``{run-sheet} MODULE-ID``: the module's minute-by-minute timeline from its segments.
- ``{run-step} SEGMENT-ID`` with a body: one step of a run-sheet; its heading (minutes, kind,
  format, title), the activity's minute split and a teaching segment's talking points come from
  the front matter, the body is the rest of the facilitator's script (prompts, pitfalls, debrief).
- ``{lectern-page}``: in print, a page break before a ready agenda's section (its sheet's pages are landscape pages of their own).
- ``{agenda-rules}``: the agenda rules in words, from the planner's own constants.
- ``{survey-places}``: each survey and the step that carries it (its ``live`` entry), with its minutes.
- ``{activity-index}``: every discussion and exercise with its module, format and minutes,
  linked to its box on the module page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from tension_points.course import Module, Segment, clock, format_minutes, parse_clock
from tension_points.course.forms import FORMS, load_forms
from tension_points.errors import UserError
from tension_points.plan import present_links
from tension_points.plan.outputs import sheet_html
from tension_points.plan.agenda import Agenda
from tension_points.plan.planner import CannotFit
from tension_points.plan.ready import READY_AGENDAS, ReadyAgenda, load_ready_agendas, ready_agenda
from tension_points.plan.rules import shortest
from tension_points.plan.late import catch_up, later_options, module_alone, options
from tension_points.plan.rules import LATE_STEPS
from tension_points.plan.sheet import LateMark, Sheet, cut_key, describe_cut, sheet
from tension_points.plan.wording import describe_note, describe_refusal, describe_rules
from tension_points.sphinxext.agenda_sheet import LECTERN_PAGE, sheet_latex
from tension_points.sphinxext.course_data import course_of
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.domain import course_domain, reference_to
from tension_points.sphinxext.modules import on_paper_nodes, parts_list
from tension_points.sphinxext.tables import rich_table
from tension_points.sphinxext.talk import recap_nodes, talk_nodes

RUN_SHEET_HEADER = ("Segment", "Kind", "Length")
INDEX_HEADER = ("Module", "Activity", "Kind and format", "Minutes")


def kind_text(segment: Segment) -> str:
    return f"{segment.kind} ({segment.format})" if segment.format else segment.kind


def length_text(segment: Segment) -> str:
    """The preferred length, and the shortest the agenda rules let it run."""
    if shortest(segment) == segment.minutes:
        return f"{segment.minutes}\u00a0min"
    # No-break spaces: a narrow column breaks before "(at least", never inside a figure ("(at least / 8)").
    return f"{segment.minutes}\u00a0min (at\u00a0least\u00a0{shortest(segment)})"


def linked_cell(segment: Segment) -> nodes.entry:
    """The segment's title; for an activity, a link to its box on the module page."""
    paragraph = nodes.paragraph()
    if segment.is_activity:
        paragraph += reference_to("activity", segment.id, segment.title)
    else:
        paragraph += nodes.Text(segment.title)
    return nodes.entry("", paragraph)


class AgendaDirective(CourseDirective):
    """A ready agenda (its id as the argument) or one given by options, as the planner makes it:
    the lectern sheet (its own pages in print), then the planner's notes."""

    optional_arguments = 1
    option_spec = {
        "minutes": directives.positive_int,
        "start": directives.unchanged,
        "modules": directives.unchanged,
        "lunch": directives.nonnegative_int,
        # Render the planner's "cannot fit" message instead of failing the build.
        "explain-if-impossible": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        modules = list(self.course_data().modules)
        with self.reported():
            ready = self.read_data(READY_AGENDAS, lambda _: self.ready_agenda())
            try:
                agenda = ready.plan(modules)
            except CannotFit as refusal:
                if "explain-if-impossible" not in self.options:
                    raise
                note = nodes.admonition(classes=["tp-agenda-impossible"])
                note += nodes.title(text="The planner says")
                note += nodes.paragraph(text=describe_refusal(refusal, "print"))
                return [note]
        printed = sheet(agenda, ready.start, ready.title if self.arguments else "")
        notes = [describe_note(note, "print", ready.start) for note in agenda.notes]
        result: list[nodes.Node] = []
        if notes:
            # In print, the notes come first, on the page of the section's words: the sheet's
            # landscape pages after them hold the agenda and its late plan alone.
            only_print = addnodes.only(expr="latex")
            only_print += notes_list(notes)
            result.append(only_print)
        result += [
            nodes.raw("", sheet_html(printed, heading_level=3), format="html"),
            nodes.raw("", sheet_latex(printed), format="latex"),
        ]
        if notes:
            only_html = addnodes.only(expr="html")
            only_html += notes_list(notes)
            result.append(only_html)
        if self.arguments and self.config.tension_points_edition == "web":
            result.append(self.present_links(ready.id, agenda, ready.start))
        return result

    def present_links(self, agenda_id: str, agenda: Agenda, start: int) -> nodes.Node:
        """Each module's projector and speaker's view, carrying this agenda's minutes, clock and
        late plan: a module page's own links would show the module at its preferred minutes."""
        box = nodes.container(classes=["tp-agenda-present", f"tp-agenda-present-{agenda_id}"])
        box += nodes.rubric(text="Present mode with these minutes")
        listing = nodes.bullet_list()
        to_root = relative_uri(f"{self.env.docname}.html", "index.html").removesuffix("index.html")
        for module, projector, speaker in present_links.links_from(agenda, start, to_root):
            line = nodes.paragraph(text=f"{module.title}: ")
            line += nodes.reference("", "projector", refuri=projector, internal=True)
            line += nodes.Text(" \u00b7 ")
            line += nodes.reference("", "speaker\u2019s view", refuri=speaker, internal=True)
            listing += nodes.list_item("", line)
        box += listing
        only_html = addnodes.only(expr="html")
        only_html += box
        return only_html

    def ready_agenda(self) -> ReadyAgenda:
        if self.arguments:
            if "minutes" in self.options:
                raise UserError(f"{{agenda}} {self.arguments[0]}: a ready agenda has its own length; leave out :minutes:")
            return ready_agenda(self.arguments[0])
        if "minutes" not in self.options:
            raise UserError("{agenda} needs a ready agenda's id or :minutes:")
        selected = None
        if "modules" in self.options:
            selected = tuple(m.strip() for m in self.options["modules"].split(",") if m.strip())
        start = parse_clock(self.options.get("start", self.config.tension_points_start))
        return ReadyAgenda("", "", self.options["minutes"], start, lunch_minutes=self.options.get("lunch"), modules=selected)


def notes_list(notes: list[str]) -> nodes.bullet_list:
    listed = nodes.bullet_list(classes=["tp-agenda-notes"])
    for text in notes:
        listed += nodes.list_item("", nodes.paragraph(text=text))
    return listed


class LecternPageDirective(SphinxDirective):
    """In print, start a page: put it before the heading of the section that holds an {agenda},
    so the heading, its words and the planner's notes share a page, before the sheet's own
    landscape pages."""

    def run(self) -> list[nodes.Node]:
        return [nodes.raw("", LECTERN_PAGE, format="latex")]


class RunSheetDirective(CourseDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        with self.reported():
            module = self.course_data().module(self.arguments[0])
            planned = ready_plans(self)
        rows = []
        for segment in module.segments:
            rows.append([
                linked_cell(segment),
                kind_text(segment),
                length_text(segment),
                *(in_agenda(agenda, module, segment, ready.start) for ready, agenda in planned),
            ])
        lowest = sum(shortest(s) for s in module.segments if not s.optional)
        intro = nodes.paragraph(
            text=f"{format_minutes(module.minutes)} at preferred lengths; at least {format_minutes(lowest)} with the "
            "optional segments left out and every other at its shortest. The ready agendas' columns give each "
            "segment's clock time and minutes in that agenda."
        )
        header = (*RUN_SHEET_HEADER, *(ready.title for ready, _ in planned))
        widths = (34, 18, 18, *(10 for _ in planned))
        return [intro, rich_table(header, rows, widths, ["tp-schedule", "tp-run-sheet"]), *module_late_plan(module)]


def module_late_plan(module: Module) -> list[nodes.Node]:
    """The module's late plan when it runs alone at its own minutes (each ready agenda's sheet has
    its own, with its buffers): the cuts in give-way order, numbered for the steps' "run alone" marks."""
    cuts = alone_cuts(module)
    if not cuts:
        return []
    intro = nodes.paragraph(
        text="Run alone (this module only, at these minutes, as present mode without an agenda), the module's "
        "late plan is this list. In a ready agenda, use the late plan on that agenda's sheet instead: it "
        "numbers its own cuts, counts its buffers and leaves out what the agenda already left out.",
        classes=["tp-run-sheet-late"],
    )
    listed = nodes.enumerated_list(classes=["tp-run-sheet-late"])
    for cut in cuts:
        listed += nodes.list_item("", nodes.paragraph(text=describe_cut(cut)))
    return [intro, listed]


def marks_text(marks) -> str:
    return " \u00b7 ".join(f"{mark.late} behind: {mark.text() or 'nothing left to cut'}" for mark in marks)


def alone_marks(module: Module, segment: Segment) -> tuple[LateMark, ...]:
    """Which of the run-alone list's numbered cuts to make when behind at this step."""
    alone = module_alone(module)
    index = next(n for n, item in enumerate(alone.items) if item.segment is segment)
    numbers = {cut_key(cut): n for n, cut in enumerate(alone_cuts(module), 1)}
    marks = []
    for late in LATE_STEPS:
        plan = catch_up(alone, index, late)
        marks.append(LateMark(late, tuple(numbers[cut_key(c)] for c in plan.all_cuts), plan.over))
    return tuple(marks)


def alone_cuts(module: Module) -> list:
    """The module run alone: its cuts in the give-way order, then what can be done after the end."""
    alone = module_alone(module)
    return options(alone, 0) + later_options(alone, 0)


def late_line(directive: CourseDirective, module: Module, segment: Segment) -> nodes.paragraph:
    """What to cut when behind at this step: in each ready agenda that runs it, the very marks of
    that agenda sheet's row (its numbers, the sheet the facilitator holds). Only a step no ready
    agenda runs gives the module run alone, by the list under the module's timeline: that list
    does not apply inside an agenda."""
    where = []
    for ready, printed in ready_sheets(directive):
        row = next((r for p in printed.pages for r in p.rows if r.item is not None and r.item.segment is segment), None)
        if row is not None and row.late:
            where.append(f"{ready.title} (its sheet's list): {marks_text(row.late)}")
    if not where:  # no ready agenda runs this step: only then does the module-alone list apply
        where.append(f"Module run alone (the list under its timeline): {marks_text(alone_marks(module, segment))}")
    return nodes.paragraph(text="Running late here. " + ". ".join(where) + ".", classes=["tp-run-step-late"])


def ready_sheets(directive: CourseDirective) -> list[tuple[ReadyAgenda, Sheet]]:
    """Each ready agenda's lectern sheet, made once per build: the run-steps quote its rows."""
    planned = ready_plans(directive)
    key = tuple(id(agenda) for _, agenda in planned)
    if key not in _READY_SHEETS:
        _READY_SHEETS.clear()
        _READY_SHEETS[key] = [(ready, sheet(agenda, ready.start, ready.title)) for ready, agenda in planned]
    return _READY_SHEETS[key]


_READY_SHEETS: dict[tuple[int, ...], list] = {}


def ready_plans(directive: CourseDirective) -> list[tuple[ReadyAgenda, Agenda]]:
    """Every ready agenda that fits the course, planned once per build (the run-sheets and their
    steps all read them). One that does not fit has no column: its own {agenda} says why."""
    course = directive.course_data()
    readies = directive.read_data(READY_AGENDAS, load_ready_agendas)
    key = (id(course), readies)
    if key not in _READY_PLANS:
        _READY_PLANS.clear()
        _READY_PLANS[key] = [(ready, agenda) for ready in readies if (agenda := planned_or_none(ready, course.modules))]
    return _READY_PLANS[key]


def planned_or_none(ready: ReadyAgenda, modules) -> Agenda | None:
    """The ready agenda's plan, or None when it does not fit this course: too long for its
    modules, or naming a module the course does not have (its own {agenda} says which)."""
    topics = {m.id for m in modules}
    if ready.modules is not None and not set(ready.modules) <= topics:
        return None
    try:
        return ready.plan(list(modules))
    except CannotFit:
        return None


_READY_PLANS: dict[tuple[int, tuple[ReadyAgenda, ...]], list[tuple[ReadyAgenda, Agenda]]] = {}


def in_agenda(agenda: Agenda, module: Module, segment: Segment, start: int) -> str:
    """Where a segment runs in an agenda: its clock time and minutes, or why it does not."""
    item = agenda.item_for(segment.id)
    if item is not None:
        return f"{clock(start, item.offset)}, {item.minutes}\u00a0min"
    if module in agenda.modules:
        return "left out"
    return "\u2013"


class RunStepDirective(CourseDirective):
    """One step of a run-sheet: heading from the front matter, the facilitator's script as the body."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        with self.reported():
            course = self.course_data()
            segment = course.segment(self.arguments[0])
            agendas_line = self.agendas_line(segment)
            late = late_line(self, course.module_of(segment.id), segment)
            survey = survey_line(self, segment) if segment.live is not None and segment.live.kind == "survey" else ""
            paper = on_paper_nodes(segment)
        box = nodes.container(classes=["tp-run-step", f"tp-{segment.kind}"])
        box["ids"].append(f"run-{segment.id}")
        course_domain(self.env).note_object("segment", segment.id, self.env.docname, f"run-{segment.id}", segment.title)
        heading = nodes.paragraph(classes=["tp-run-step-heading"])
        heading += nodes.strong(text=f"Minute {segment.start}\u2013{segment.start + segment.minutes} \u00b7 {segment.title}")
        heading += nodes.Text(f" \u00b7 {kind_text(segment)} \u00b7 {length_text(segment)}")
        box += heading
        box += agendas_line
        box += late
        if survey:
            box += nodes.paragraph(text=survey, classes=["tp-run-step-survey"])
        if segment.parts:
            box += parts_list(segment.parts)
        box.extend(paper)
        self.state.nested_parse(self.content, self.content_offset, box)
        box.extend(recap_nodes(segment, course))
        # last: it ends with the way into the next step
        box.extend(talk_nodes(segment, course.quotes, self.trimmed(segment)))
        if segment.talk is not None:
            box += self.next_line(course, segment)
        return [box]

    def next_line(self, course, segment: Segment) -> list[nodes.paragraph]:
        """What comes next in each ready agenda that runs the segment, where that is not the step
        after it in the course (so the "Then:" line above leads somewhere else): the agenda's next
        item from its plan, a buffer, break, lunch or another module's step, so a transition
        line never sends the facilitator to a step the agenda leaves out."""
        order = [s.id for m in course.modules for s in m.segments]
        following = order[order.index(segment.id) + 1] if order.index(segment.id) + 1 < len(order) else None
        where = []
        for ready, agenda in ready_plans(self):
            item = agenda.item_for(segment.id)
            if item is None:
                continue
            rest = list(agenda.items[agenda.items.index(item) + 1 :])
            said = []
            while rest and rest[0].is_buffer:
                said.append(f"the {rest.pop(0).minutes}-min buffer")
            nxt = rest[0] if rest else None
            if not said and nxt is not None and nxt.segment is not None and nxt.segment.id == following:
                continue
            if nxt is None:
                said.append("the end of the day")
            elif nxt.segment is not None:
                other = "" if nxt.module is item.module else f" ({nxt.module.title})"
                said.append(f"\u201c{nxt.segment.title}\u201d{other}")
            else:
                said.append("lunch" if nxt.kind == "lunch" else "the break")
            where.append(f"{ready.title}: {', then '.join(said)}")
        if not where:
            return []
        text = "Next in the ready agendas: " + " \u00b7 ".join(where) + "."
        return [nodes.paragraph(text=text, classes=["tp-run-step-next"])]

    def trimmed(self, segment: Segment) -> list[tuple[str, int]]:
        """The ready agendas that run the segment shorter than its preferred length, with its minutes there."""
        items = ((ready, agenda.item_for(segment.id)) for ready, agenda in ready_plans(self))
        return [(ready.title, item.minutes) for ready, item in items if item is not None and item.minutes < segment.minutes]


    def agendas_line(self, segment: Segment) -> nodes.paragraph:
        """Where the step runs in each ready agenda: the clock to hold the sheet against."""
        module = course_of(self.env).module_of(segment.id)
        where = [f"{ready.title} {in_agenda(agenda, module, segment, ready.start)}" for ready, agenda in ready_plans(self)]
        text = "In the ready agendas: " + " \u00b7 ".join(where) + "." if where else ""
        return nodes.paragraph(text=text, classes=["tp-run-step-agendas"])


def survey_form(directive: CourseDirective, segment: Segment) -> dict:
    form_id = segment.live.spec.get("form", "") if segment.live is not None else ""
    form = directive.read_data(FORMS, load_forms).forms.get(form_id)
    if form is None:
        raise UserError(f"segment {segment.id}: live.form '{form_id}' is not a form of {FORMS}")
    return form


def survey_title(directive: CourseDirective, segment: Segment) -> str:
    form = survey_form(directive, segment)
    return f"\u201c{form['title']}\u201d ({form['id'].replace('-', ' ')})"


def survey_when(directive: CourseDirective, segment: Segment) -> str:
    """When the room answers the survey: the form's own word for it (forms.yaml's ``answered``),
    else within the step's minutes."""
    form = survey_form(directive, segment)
    if form.get("answered"):
        return f"answered {' '.join(form['answered'].split())}"
    return (f"answered in this step, within its {length_text(segment)}: open it from the room's console "
            "(or hand out its printed copy) and give the room the time to answer before you go on.")


def survey_line(directive: CourseDirective, segment: Segment) -> str:
    """Where a survey is answered, from the segment that carries it: the one place that says so."""
    return f"Survey: {survey_title(directive, segment)} is {survey_when(directive, segment)}"


class SurveyPlacesDirective(CourseDirective):
    """Each survey of the course and the step that carries it, with its minutes, from the modules' data;
    how it is answered is on that step's run-sheet entry, linked, not repeated."""

    def run(self) -> list[nodes.Node]:
        course = self.course_data()
        listed = nodes.bullet_list(classes=["tp-survey-places"])
        with self.reported():
            for module in course.modules:
                for segment in module.segments:
                    if segment.live is None or segment.live.kind != "survey":
                        continue
                    text = (f"{survey_title(self, segment)}: {module.title}, step \u201c{segment.title}\u201d, "
                            f"minute {segment.start}\u2013{segment.start + segment.minutes} of the module; "
                            "how and when it is answered is said once, in ")
                    # The instruction itself is printed once, on the step that carries the survey.
                    line = nodes.paragraph(text=text)
                    line += reference_to("segment", segment.id, "its run-sheet step")
                    line += nodes.Text(".")
                    listed += nodes.list_item("", line)
        return [listed]


class AgendaRulesDirective(CourseDirective):
    """The agenda rules in words, from the planner's constants and the course's signature exercises."""

    def run(self) -> list[nodes.Node]:
        titles = [s.title for m in self.course_data().modules for s in m.segments if s.signature]
        rules = nodes.enumerated_list(classes=["tp-agenda-rules"])
        for text in describe_rules(titles):
            rules += nodes.list_item("", nodes.paragraph(text=text))
        return [rules]


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
                    f"{segment.minutes} (min {shortest(segment)})",
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
    app.add_directive("agenda-rules", AgendaRulesDirective)
    app.add_directive("lectern-page", LecternPageDirective)
    app.add_directive("survey-places", SurveyPlacesDirective)
    app.add_css_file("tp-facilitation.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
