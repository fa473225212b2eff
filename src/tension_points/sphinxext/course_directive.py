"""The base of the kit's directives that render course data: where the data comes from, what
the page depends on, and one way to report bad data.

A directive renders data written once elsewhere (a module's front matter, the quote library,
the forms, a checklist, a scenario pack). The page must be read again when that data changes,
so each way to reach the data notes the dependency; and a malformed or missing file must stop
the build with a message naming the file and the page, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sphinx.util.docutils import SphinxDirective

from tension_points.course import Course, Module, QuoteLibrary
from tension_points.errors import UserError
from tension_points.sphinxext.course_data import course_of, note_course_data, quotes_of

Data = TypeVar("Data")


class CourseDirective(SphinxDirective):
    @contextmanager
    def reported(self, prefix: str = "") -> Iterator[None]:
        """Bad data raised inside (a UserError) becomes this directive's error, at its line on the page."""
        try:
            yield
        except UserError as exc:
            raise self.error(f"{prefix}{exc}") from None

    def read_data(self, path: Path, load: Callable[[Path], Data], prefix: str = "") -> Data:
        """A data file the page shows: noted as a dependency first, so fixing a broken file rebuilds the page."""
        self.env.note_dependency(str(path))
        with self.reported(prefix):
            return load(path)

    def course_data(self) -> Course:
        """The course, for a page that shows the modules' data (not their prose): the page is
        read again when that data changes, and only then."""
        note_course_data(self.env)
        return course_of(self.env)

    def current_module(self) -> Module:
        """The module whose page this is (its front matter is in the page's own file)."""
        module = course_of(self.env).module_for_doc(self.env.docname)
        if module is None:
            raise self.error(f"{{{self.name}}} is only allowed on a module page (modules/*.md)")
        return module

    def quote_library(self) -> QuoteLibrary:
        library = quotes_of(self.env)
        self.env.note_dependency(str(library.path))
        return library
