"""Directives that render a module's front matter: objectives, key points, activities, timing.

The course metadata is loaded once per build (``builder-inited``); a module
with missing or malformed metadata stops the build with a message naming the
file and the field.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tension_points.course import Module, Segment, format_minutes
from tension_points.plan.rules import shortest
from tension_points.room.activities.printed import on_paper
from tension_points.sphinxext.course_data import modules_of
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.domain import course_domain

logger = logging.getLogger(__name__)

ACTIVITY_LABELS = {"discussion": "Discussion", "exercise": "Exercise"}


def bullet_list(items: tuple[str, ...], directive: SphinxDirective) -> nodes.bullet_list:
    """Items may use inline Markdown (emphasis, literals, roles)."""
    listing = nodes.bullet_list()
    for item in items:
        paragraph = nodes.paragraph()
        inline, messages = directive.parse_inline(item, lineno=directive.lineno)
        paragraph += inline
        paragraph += messages
        listing += nodes.list_item("", paragraph)
    return listing


def boxed(title: str, classes: list[str], *children: nodes.Node) -> nodes.admonition:
    box = nodes.admonition(classes=classes)
    box += nodes.title(text=title)
    box.extend(children)
    return box


class ObjectivesDirective(CourseDirective):
    """What the module teaches and how long it takes; for a learner alone, first what to have
    read or installed and how long it takes alone (the workshop's minutes mean nothing to them)."""

    def run(self) -> list[nodes.Node]:
        module = self.current_module()
        timing = nodes.paragraph(text=timing_summary(module), classes=["tp-timing"])
        intro = nodes.paragraph(text="By the end of this module you will be able to:")
        objectives = boxed("Objectives", ["tp-objectives"], timing, intro, bullet_list(tuple(o.text for o in module.objectives), self))
        if module.self_paced is None:
            return [objectives]
        alone = nodes.paragraph(text=self_paced_summary(module), classes=["tp-self-paced"])
        needs = nodes.paragraph(text="What to have first:")
        before = boxed("Before you start", ["tp-before-you-start"], alone, needs, bullet_list(module.self_paced.prerequisites, self))
        return [before, objectives]


class KeyPointsDirective(CourseDirective):
    """The module's key points; with ``:recap: SEGMENT-ID``, the key points that segment recaps
    from the modules (the last word's of the day), each named with its module."""

    option_spec = {"recap": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        module = self.current_module()
        if "recap" not in self.options:
            return [boxed("Key points", ["tp-key-points"], bullet_list(module.key_points, self))]
        with self.reported():
            course = self.course_data()
            segment = course.segment(self.options["recap"])
            items = tuple(
                f"{course.module(r.module).title.split(':')[0]}: {course.module(r.module).key_points[n - 1]}"
                for r in segment.recap
                for n in (r.points or range(1, len(course.module(r.module).key_points) + 1))
            )
        return [boxed("Key points of the course", ["tp-key-points"], bullet_list(items, self))]


def timing_summary(module: Module) -> str:
    by_kind = module.minutes_by_kind()
    parts = [f"{minutes} min {kind}" for kind, minutes in by_kind.items() if minutes]
    return f"In a workshop: {format_minutes(module.minutes)} ({', '.join(parts)})"


def self_paced_summary(module: Module) -> str:
    exercises = sum(segment.kind == "exercise" for segment in module.segments)
    work = {0: "", 1: " and work through its exercise"}.get(exercises, " and work through its exercises")
    return (f"Time alone: about {format_minutes(module.self_paced.minutes)}, to read the module, "
            f"do its activities on your own{work}.")


class ActivityDirective(CourseDirective):
    """A discussion or exercise; its title, format and minutes come from the front matter."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        module = self.current_module()
        with self.reported():
            segment = module.segment(self.arguments[0])
        if not segment.is_activity:
            raise self.error(f"segment '{segment.id}' is a {segment.kind} segment, not a discussion or exercise")
        label = ACTIVITY_LABELS[segment.kind]
        course_domain(self.env).note_object("activity", segment.id, self.env.docname, segment.id, segment.title)
        box = boxed(f"{label}: {segment.title}", ["tp-activity", f"tp-{segment.kind}"])
        box["ids"].append(segment.id)
        box += nodes.paragraph(text=activity_meta(segment), classes=["tp-activity-meta"])
        if segment.prompt:
            prompt = nodes.paragraph(classes=["tp-activity-prompt"])
            inline, messages = self.parse_inline(segment.prompt, lineno=self.lineno)
            prompt += nodes.strong("", "", *inline)
            box += prompt
            box += messages
        if segment.parts:
            box += parts_list(segment.parts)
        with self.reported():
            box.extend(on_paper_nodes(segment))
        self.state.nested_parse(self.content, self.content_offset, box)
        self.set_source_info(box)
        return [box]


def on_paper_nodes(segment: Segment) -> list[nodes.Node]:
    """The room activity's printed line (a poll's options, the items a Wizard of Oz round plays),
    from the segment's one ``live`` definition, so a room without phones runs it the same way."""
    text = on_paper(segment)
    if not text:
        return []
    return [nodes.paragraph(text=text, classes=["tp-activity-on-paper"])]


def parts_list(parts) -> nodes.enumerated_list:
    """The activity's minute split as numbered steps: "Alone: ... (1 min)"."""
    steps = nodes.enumerated_list(classes=["tp-activity-parts"])
    for part in parts:
        step = nodes.list_item("", nodes.paragraph(text=f"{part.label} ({format_minutes(part.minutes)})"))
        if part.paper:
            on_paper = nodes.paragraph(classes=["tp-part-paper"])
            on_paper += nodes.emphasis(text="On paper: ")
            on_paper += nodes.Text(part.paper)
            step += on_paper
        steps += step
    return steps


def activity_meta(segment: Segment) -> str:
    parts = [f"Format: {segment.format}"] if segment.format else []
    parts.append(f"{segment.minutes} minutes (at least {shortest(segment)})")
    return " · ".join(parts)


def check_every_activity_is_on_its_page(app: Sphinx, env) -> None:
    """A discussion or exercise in the front matter but not on the page is a timing nobody runs."""
    for module in modules_of(env):
        if module.docname not in env.found_docs:
            continue
        shown = course_domain(env).names_on("activity", module.docname)
        for segment in module.segments:
            if segment.is_activity and segment.id not in shown:
                logger.warning(
                    "%s: segment '%s' (%s) has no {activity} block on the page",
                    module.path.relative_to(app.srcdir), segment.id, segment.kind,
                    location=module.docname,
                )


def setup(app: Sphinx) -> dict:
    app.connect("env-check-consistency", check_every_activity_is_on_its_page)
    app.add_directive("objectives", ObjectivesDirective)
    app.add_directive("key-points", KeyPointsDirective)
    app.add_directive("activity", ActivityDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
