"""Blank worksheets whose rows and columns come from the exercises' example data:
``{ownership-matrix-template}`` and ``{handoff-map-template}``; and ``{exercise-questions}``, an
exercise's questions for its paper route's example sheet, read from the exercise's page (where
they are written once), without the solution that follows them there."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
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


class ExerciseQuestionsDirective(CourseDirective):
    """``{exercise-questions} exercises/NAME.md LABEL``: the body of the ``{exercise}`` block with
    that label on that page, parsed here as it is there. Only the questions: the ``{solution}``
    block after them is a separate block and is never read."""

    required_arguments = 2

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.arguments[0]
        label = self.arguments[1]
        self.env.note_dependency(str(path))
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise self.error(f"{path}: cannot read the exercise page ({exc.strerror})") from None
        body = None
        for n, line in enumerate(lines):
            fence = line[: len(line) - len(line.lstrip("`"))]
            if len(fence) >= 3 and line[len(fence):].strip() == "{exercise}" and f":label: {label}" in lines[n + 1 : n + 3]:
                body = []
                for rest in lines[n + 1 :]:
                    if rest.strip() == fence:
                        break
                    body.append(rest)
                else:
                    raise self.error(f"{path}: the exercise {label!r} is not closed with {fence}")
                break
        if body is None:
            raise self.error(f"{path}: no {{exercise}} block with :label: {label}")
        while body and body[0].startswith(":"):
            body.pop(0)  # the block's options (its label)
        container = nodes.container(classes=["tp-exercise-questions"])
        self.state.nested_parse(StringList(body, source=str(path)), self.content_offset, container)
        return [container]


def setup(app: Sphinx) -> dict:
    app.add_directive("ownership-matrix-template", OwnershipMatrixTemplateDirective)
    app.add_directive("handoff-map-template", HandoffMapTemplateDirective)
    app.add_directive("exercise-questions", ExerciseQuestionsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
