"""``{form} FORM-ID``: a form or survey from the course's forms data (feedback, pre and post
survey, action-plan worksheet), printable and identical wherever it appears. With
``:agenda: READY-ID``, a survey asks only the "I can..." statements of the modules that ready
agenda runs (as the planner plans it), and an action plan only the lines those modules prepare,
as the live room running that agenda does.

``{confidence-by-module}``: each "I can..." statement of the surveys with the module that teaches
it (forms.yaml's ``taught_in``), so the before/after comparison is read for the modules an agenda
ran and not for the ones it left out."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tension_points.course.forms import FORMS, intro_for, load_forms, questions_for, statements_for
from tension_points.plan.ready import READY_AGENDAS, ready_agenda
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.handbook import planned_or_none
from tension_points.errors import UserError
from tension_points.sphinxext.tables import BOX, table


def writing_lines(count: int) -> list[nodes.Node]:
    """Ruled lines to write on in print; an empty box of the same height on the web."""
    line = "\\vspace{3.2mm}\\noindent\\rule{\\linewidth}{0.4pt}\\par"
    latex = "\\par\\nobreak" + "\\nobreak".join([line] * count) + "\\vspace{1mm}"
    space = nodes.container(classes=["tp-write", f"tp-write-{count}"])
    space += nodes.raw("", '<div class="tp-write-space" aria-hidden="true"></div>', format="html")
    space += nodes.raw("", latex, format="latex")
    return [space]


def scale_table(items: list[dict], scale: dict, first_header: str) -> nodes.table:
    points = [str(n) for n in range(1, scale["points"] + 1)]
    rows = [(item["text"], *[BOX] * len(points)) for item in items]
    widths = (60, *[5] * len(points))
    result = table(rows, widths, (first_header, *points))
    result["classes"] = ["tp-form-scale"]
    return result


class FormDirective(CourseDirective):
    required_arguments = 1
    option_spec = {"agenda": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        data = self.read_data(FORMS, load_forms)
        form = data.forms.get(self.arguments[0])
        if form is None:
            raise self.error(f"{FORMS}: no form '{self.arguments[0]}' (forms: {', '.join(data.forms)})")
        left_out = self.modules_left_out()
        statements = statements_for(data, left_out)
        result: list[nodes.Node] = []
        if form.get("intro"):
            result.append(nodes.paragraph(text=intro_for(form, left_out), classes=["tp-form-intro"]))
        if form.get("fields"):
            result.append(nodes.paragraph(text="      ".join(f"{label}: ____________" for label in form["fields"]), classes=["tp-form-fields"]))
        scale = data.scale
        number = 0
        for question in questions_for(form, left_out):
            kind = question["kind"]
            if kind == "self-assessment":
                number += 1
                text = f"{number}. {question['text']} (1 = {scale['low']}, {scale['points']} = {scale['high']})"
                result.append(nodes.paragraph(text=text, classes=["tp-form-question"]))
                result.append(scale_table(statements, scale, "I can\u2026"))
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

    def modules_left_out(self) -> list[str]:
        """None; with ``:agenda:``, the course's modules that ready agenda does not run (their
        statements and plan lines are left out)."""
        if "agenda" not in self.options:
            return []
        modules = list(self.course_data().modules)
        with self.reported():
            ready = self.read_data(READY_AGENDAS, lambda _: ready_agenda(self.options["agenda"]))
            agenda = planned_or_none(ready, modules)
            if agenda is None:
                raise self.error(f"{{form}} :agenda: {ready.id}: the planner cannot plan it for this course "
                                 f"(its {{agenda}} sheet says why)")
        ran = {m.id for m in agenda.modules}
        return [m.id for m in modules if m.id not in ran]


class ConfidenceByModuleDirective(CourseDirective):
    """The surveys' statements by the module that teaches them, and how to read them for an agenda."""

    def run(self) -> list[nodes.Node]:
        data = self.read_data(FORMS, load_forms)
        titles = {module.id: module.title for module in self.course_data().modules}
        listed = nodes.bullet_list(classes=["tp-confidence-by-module"])
        with self.reported():
            for statement in data.self_assessment:
                if statement["taught_in"] not in titles:
                    raise UserError(f"{FORMS}: self_assessment {statement['id']}: taught_in '{statement['taught_in']}' "
                                    f"is not a module (modules: {', '.join(titles)})")
                item = nodes.paragraph()
                item += nodes.Text(f"I can {statement['text']}: ")
                item += nodes.strong(text=titles[statement["taught_in"]])
                listed += nodes.list_item("", item)
        return [listed]


def setup(app: Sphinx) -> dict:
    app.add_directive("form", FormDirective)
    app.add_directive("confidence-by-module", ConfidenceByModuleDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
