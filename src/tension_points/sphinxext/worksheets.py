"""Blank worksheets whose rows and columns come from the exercises' example data:
``{ownership-matrix-template}`` and ``{handoff-map-template}``."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.tables import BOX, blank_entry, rich_table


class WorksheetDirective(CourseDirective):
    def example(self, name: str) -> Path:
        """An exercise's example data, whose rows and columns the blank worksheet takes."""
        return Path(self.env.srcdir) / "exercises" / "data" / name


class OwnershipMatrixTemplateDirective(WorksheetDirective):
    """A blank RACI grid: the stages and roles of the ownership exercise's example."""

    option_spec = {"blank-rows": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        from tension_points.exercises.ownership import load_matrix

        matrix = self.read_data(self.example("ownership-example.yaml"), load_matrix)
        roles = list(matrix.roles.values())
        rows = [[blank_entry(stage.name), *[""] * len(roles)] for stage in matrix.stages]
        rows += [[blank_entry(), *[""] * len(roles)] for _ in range(self.options.get("blank-rows", 2))]
        first = 22
        widths = (first, *[max(6, (100 - first) // len(roles))] * len(roles))
        result = rich_table(("Stage", *roles), rows, widths, [])
        result["classes"] = ["tp-form-grid", "tp-ownership-template", "colwidths-given"]
        return [result]


class HandoffMapTemplateDirective(WorksheetDirective):
    """A blank hand-off table, with the teams of the silos exercise's example as a prompt."""

    option_spec = {"rows": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        from tension_points.exercises.handoffs import load_map

        example = self.read_data(self.example("handoffs-example.yaml"), load_map)
        teams = ", ".join(example.teams.values())
        prompt = nodes.paragraph(
            text=f"Teams to consider (from the example \u201c{example.title}\u201d): {teams}; and the people who use "
            "the model's output. Add your own."
        )
        header = ("No.", "From (team)", "To (team)", "What passes", "Feedback on no. (blank: work)")
        rows = [[blank_entry(str(n)), "", "", "", ""] for n in range(1, self.options.get("rows", 8) + 1)]
        result = rich_table(header, rows, (7, 18, 18, 33, 24), [])
        result["classes"] = ["tp-form-grid", "tp-handoff-template", "colwidths-given"]
        return [prompt, result]


def setup(app: Sphinx) -> dict:
    app.add_directive("ownership-matrix-template", OwnershipMatrixTemplateDirective)
    app.add_directive("handoff-map-template", HandoffMapTemplateDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
