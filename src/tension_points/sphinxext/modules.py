"""Directives that render a module's front matter: objectives, key points, activities, timing.

The course metadata is loaded once per build (``builder-inited``); a module
with missing or malformed metadata stops the build with a message naming the
file and the field.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from tension_points.course import ACTIVITY_KINDS, Module, Segment, format_minutes, load_course
from tension_points.errors import UserError
from tension_points.sphinxext.docstore import track_per_document
from tension_points.sphinxext.failure import stop_build

logger = logging.getLogger(__name__)

ACTIVITY_LABELS = {"discussion": "Discussion", "exercise": "Exercise"}


def load_course_metadata(app: Sphinx) -> None:
    try:
        app.tension_points_modules = load_course(Path(app.srcdir))
    except UserError as exc:
        stop_build(app, "course metadata", exc)


def modules_of(app: Sphinx) -> list[Module]:
    return app.tension_points_modules


def module_for(directive: SphinxDirective) -> Module | None:
    for module in modules_of(directive.env.app):
        if module.docname == directive.env.docname:
            return module
    return None


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


class ModuleDirective(SphinxDirective):
    """Base for directives that only make sense on a module page."""

    def current_module(self) -> Module:
        module = module_for(self)
        if module is None:
            raise self.error(f"{{{self.name}}} is only allowed on a module page (modules/*.md)")
        return module


class ObjectivesDirective(ModuleDirective):
    def run(self) -> list[nodes.Node]:
        module = self.current_module()
        timing = nodes.paragraph(text=timing_summary(module), classes=["tp-timing"])
        intro = nodes.paragraph(text="By the end of this module you will be able to:")
        return [boxed("Objectives", ["tp-objectives"], timing, intro, bullet_list(module.objectives, self))]


class KeyPointsDirective(ModuleDirective):
    def run(self) -> list[nodes.Node]:
        module = self.current_module()
        return [boxed("Key points", ["tp-key-points"], bullet_list(module.key_points, self))]


def timing_summary(module: Module) -> str:
    by_kind = module.minutes_by_kind()
    parts = [f"{minutes} {kind}" for kind, minutes in by_kind.items() if minutes]
    return f"Time: {format_minutes(module.minutes)} ({', '.join(parts)}; minutes)"


class ActivityDirective(ModuleDirective):
    """A discussion or exercise; its title, format and minutes come from the front matter."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        module = self.current_module()
        try:
            segment = module.segment(self.arguments[0])
        except UserError as exc:
            raise self.error(str(exc)) from None
        if segment.kind not in ACTIVITY_KINDS:
            raise self.error(f"segment '{segment.id}' is a {segment.kind} segment, not a discussion or exercise")
        self.env.tension_points_activities.setdefault(self.env.docname, set()).add(segment.id)
        label = ACTIVITY_LABELS[segment.kind]
        box = boxed(f"{label}: {segment.title}", ["tp-activity", f"tp-{segment.kind}"])
        box["ids"].append(segment.id)
        box += nodes.paragraph(text=activity_meta(segment), classes=["tp-activity-meta"])
        self.state.nested_parse(self.content, self.content_offset, box)
        self.set_source_info(box)
        return [box]


def activity_meta(segment: Segment) -> str:
    parts = [f"Format: {segment.format}"] if segment.format else []
    parts.append(f"{segment.minutes} minutes (at least {segment.min_minutes})")
    return " · ".join(parts)


def check_every_activity_is_on_its_page(app: Sphinx, env) -> None:
    """A discussion or exercise in the front matter but not on the page is a timing nobody runs."""
    for module in modules_of(app):
        if module.docname not in env.found_docs:
            continue
        shown = env.tension_points_activities.get(module.docname, set())
        for segment in module.segments:
            if segment.kind in ACTIVITY_KINDS and segment.id not in shown:
                logger.warning(
                    "%s: segment '%s' (%s) has no {activity} block on the page",
                    module.path.relative_to(app.srcdir), segment.id, segment.kind,
                    location=module.docname,
                )


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", load_course_metadata)
    track_per_document(app, "tension_points_activities")
    app.connect("env-check-consistency", check_every_activity_is_on_its_page)
    app.add_directive("objectives", ObjectivesDirective)
    app.add_directive("key-points", KeyPointsDirective)
    app.add_directive("activity", ActivityDirective)
