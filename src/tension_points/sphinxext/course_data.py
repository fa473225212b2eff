"""The course model for the running build, loaded once when the builder starts.

It is kept in this module, keyed by source folder, rather than on the Sphinx
application (``env.app`` is deprecated in Sphinx 9): directives and event handlers
reach it through the environment they already have. Forked parallel readers inherit it.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from tension_points.course import Course, Module, QuoteLibrary, load_course
from tension_points.errors import UserError
from tension_points.sphinxext.failure import stop_build

_COURSES: dict[str, Course] = {}


def load_course_for_build(app: Sphinx) -> None:
    try:
        course = load_course(Path(app.srcdir))
    except UserError as exc:
        stop_build(app, "course metadata", exc)
    if course.quotes is None:
        stop_build(app, "quote library", UserError(f"{Path(app.srcdir) / 'modules' / 'quotes.yaml'}: file not found"))
    _COURSES[str(app.srcdir)] = course


def course_of(env) -> Course:
    return _COURSES[str(env.srcdir)]


def modules_of(env) -> tuple[Module, ...]:
    return course_of(env).modules


def quotes_of(env) -> QuoteLibrary:
    return course_of(env).quotes


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", load_course_for_build, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
