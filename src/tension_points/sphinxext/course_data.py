"""The course model for the running build, loaded once when the builder starts.

It is kept in this module, keyed by source folder, rather than on the Sphinx
application (``env.app`` is deprecated in Sphinx 9): directives and event handlers
reach it through the environment they already have. Forked parallel readers inherit it.

The schedule, agendas, run-sheets and activity index show the modules' data (their front
matter), not their text. They depend on a file holding that data, rewritten only when it
changes, so an edit to a module's prose re-reads that module alone.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

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


def course_or_none(env) -> Course | None:
    """The build's course, or None in a project that loads no course (a pack's pages alone)."""
    return _COURSES.get(str(env.srcdir))


def modules_of(env) -> tuple[Module, ...]:
    return course_of(env).modules


def quotes_of(env) -> QuoteLibrary:
    return course_of(env).quotes


def course_data_file(env: BuildEnvironment) -> Path:
    return Path(env.doctreedir) / "tension-points" / "modules.txt"


def write_course_data(app: Sphinx) -> None:
    """The modules' data as the pages that show it read it; the file is left alone when unchanged."""
    text = "".join(f"{module!r}\n" for module in modules_of(app.env))
    path = course_data_file(app.env)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def note_course_data(env: BuildEnvironment) -> None:
    """For a page that shows the modules' data (and not their text)."""
    env.note_dependency(str(course_data_file(env)))


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", load_course_for_build, priority=400)
    # Once the course is loaded, before any page is read.
    app.connect("builder-inited", write_course_data, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
