"""What to print, from ``data/printing.yaml``, in the handbook and on the handouts page.

- ``{print-list} READY-ID`` with ``:people: N M ...``: the "What to print" table of a ready agenda
  with its copies for rooms of N, M, ... people side by side, each counted by the same code as
  ``tension-points plan --people N``; the pages of one copy and, where a handout has a version
  per agenda, which to print.
- ``{grouping-rule} GROUPING-ID``: how the room is grouped (``tables``: the one seating rule for
  every group activity), in the words the print list counts by, with the groups it makes for the
  handbook's room sizes.
- ``{print-uses}``: every printable sheet, the segments it serves (with their modules) and how
  it is used, for the handouts page.

The data is checked against the course at every build: a segment it names that no module has,
a file it prints from that is missing, or a handout it does not list stops the build with a
message naming the file.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tension_points.plan.printing import HEADERS, ROOM_SIZES, PRINTING, PrintData, check_against_course, load_printing, print_list, size_counts
from tension_points.plan.ready import READY_AGENDAS, ready_agenda
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.tables import rich_table

USES_HEADERS = ("Sheet", "Used in", "How many", "How it is used")


class PrintingDirective(CourseDirective):
    def printing_data(self) -> PrintData:
        course = self.course_data()
        segment_ids = {segment.id for module in course.modules for segment in module.segments}
        for handout in (Path(self.env.srcdir) / "handouts").glob("*.md"):
            self.env.note_dependency(str(handout))
        return self.read_data(PRINTING, lambda path: self.checked(load_printing(path), segment_ids))

    def checked(self, data: PrintData, segment_ids: set[str]) -> PrintData:
        check_against_course(data, segment_ids, Path(self.env.srcdir))
        return data


class PrintListDirective(PrintingDirective):
    """A ready agenda's "What to print" table for a room of ``:people:``."""

    required_arguments = 1
    option_spec = {"people": lambda text: [directives.positive_int(n) for n in text.split()]}

    def run(self) -> list[nodes.Node]:
        if not self.options.get("people"):
            raise self.error("{print-list} needs :people: N (or several, N M ...), the room sizes the copies are counted for")
        sizes = tuple(self.options["people"])
        data = self.printing_data()
        ready = self.read_data(READY_AGENDAS, lambda path: ready_agenda(self.arguments[0], path))
        with self.reported():
            agenda = ready.plan(list(self.course_data().modules))
            which = (ready.id, ready.title)
            printing = print_list(agenda, sizes[0], data, which)
            counts = size_counts(agenda, sizes, data, which)
        box = nodes.container(classes=["tp-print-list", f"tp-print-list-{ready.id}"])
        # In print, the heading, its legend and the table's first rows on one page.
        box += nodes.raw("", r"\needspace{20\baselineskip}", format="latex")
        people = " · ".join(str(n) for n in sizes)
        box += nodes.rubric(text=f"{ready.title}: what to print for {people} people")
        box += nodes.paragraph(text=printing.legend(sizes))
        rows = []
        for row, column in zip(printing.rows(), counts):
            cell = nodes.entry("")
            cell.extend(nodes.paragraph(text=line) for line in column)
            rows.append([*row[:-1], cell])
        headers = (*HEADERS[:-1], f"Copies for {people} people")
        box += rich_table(headers, rows, (22, 22, 26, 14, 16), ["tp-print-table", "longtable"])
        return [box]


class PrintUsesDirective(PrintingDirective):
    """Every printable sheet: where it is used and how."""

    def run(self) -> list[nodes.Node]:
        data = self.printing_data()
        titles = {segment.id: f"{segment.title} ({module.title.split(':')[0]})"
                  for module in self.course_data().modules for segment in module.segments}
        rows = []
        for printed in data.sheets:
            used = "every agenda" if printed.every_agenda else "; ".join(titles[s] for s in printed.segments)
            rows.append([printed.title, used, printed.unit(), printed.use])
        return [rich_table(USES_HEADERS, rows, (22, 25, 25, 28), ["tp-print-uses", "longtable"])]


class GroupingRuleDirective(PrintingDirective):
    """A grouping's rule from the print data, and the groups it makes for the handbook's room sizes."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        data = self.printing_data()
        found = {grouping.id: grouping for grouping in data.groupings}
        if self.arguments[0] not in found:
            raise self.error(f"{{grouping-rule}}: no grouping '{self.arguments[0]}' in {PRINTING} "
                             f"(groupings: {', '.join(found)})")
        grouping = found[self.arguments[0]]
        box = nodes.container(classes=["tp-grouping-rule"])
        box += nodes.paragraph(text=grouping.rule())
        sizes = []
        for people in ROOM_SIZES:
            made = grouping.sizes(people)
            counts = " and ".join(f"{made.count(n)} of {n}" for n in sorted(set(made), reverse=True))
            sizes.append(f"{people} people: {len(made)} {grouping.name}s ({counts})")
        box += nodes.paragraph(text="; ".join(sizes) + ".")
        return [box]


def setup(app: Sphinx) -> dict:
    app.add_directive("grouping-rule", GroupingRuleDirective)
    app.add_directive("print-list", PrintListDirective)
    app.add_directive("print-uses", PrintUsesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
