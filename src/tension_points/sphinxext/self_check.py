"""``{self-check}``: the questions that close a module, with answers a learner alone can check.

    ```{self-check}
    ```

renders the module's questions from ``modules/self-check.yaml``. On the site each answer is
folded under its question (a ``<details>`` element: no script, works offline and from the
keyboard), so the learner answers before looking. Print cannot fold, so the PDFs list the
answers after all the questions instead of under each one.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from tension_points.course.self_check import SELF_CHECK_FILE, CheckQuestion, load_self_checks
from tension_points.sphinxext.course_data import modules_of
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.modules import boxed

logger = logging.getLogger(__name__)

SUMMARY = "Check your answer"


class folded_answer(nodes.General, nodes.Element):
    """An answer under its question: folded on the site, left out of print (printed after the questions)."""


class printed_answers(nodes.General, nodes.Element):
    """The answers after the questions, for print; the site folds each under its question instead."""


class SelfCheckDirective(CourseDirective):
    def run(self) -> list[nodes.Node]:
        module = self.current_module()
        checks = self.read_data(Path(self.env.srcdir) / SELF_CHECK_FILE, load_self_checks)
        questions = checks.get(module.id)
        if not questions:
            raise self.error(f"{SELF_CHECK_FILE}: no questions for module '{module.id}'")
        box = boxed("Check yourself", ["tp-self-check"])
        box["ids"].append(f"{module.id}-self-check")
        box += only("html", "Answer each question in writing first, then open its answer to check yours.")
        box += only("not html", "Answer each question in writing first, then check yours against the answers after the questions.")
        listing = nodes.enumerated_list(classes=["tp-self-check-questions"])
        printed = nodes.enumerated_list()
        for number, check in enumerate(questions, 1):
            item = nodes.list_item("", self.question(check))
            folded = folded_answer()
            folded += self.answer(check, number)
            item += folded
            listing += item
            printed += nodes.list_item("", *self.answer(check, number).children)
        box += listing
        answers = printed_answers()
        answers += nodes.rubric(text="Answers")
        answers += printed
        box += answers
        self.set_source_info(box)
        return [box]

    def question(self, check: CheckQuestion) -> nodes.paragraph:
        paragraph = nodes.paragraph(classes=["tp-self-check-question"])
        inline, messages = self.parse_inline(check.question, lineno=self.lineno)
        paragraph += inline
        paragraph += messages
        return paragraph

    def answer(self, check: CheckQuestion, number: int) -> nodes.container:
        container = nodes.container(classes=["tp-self-check-answer"])
        source = f"{SELF_CHECK_FILE}, question {number}"
        self.state.nested_parse(StringList(check.answer.splitlines(), source=source), self.content_offset, container)
        return container


def only(builders: str, text: str) -> addnodes.only:
    shown = addnodes.only(expr=builders)
    shown += nodes.paragraph(text=text)
    return shown


def visit_folded_html(translator, node: folded_answer) -> None:
    translator.body.append(f'<details class="tp-self-check-fold"><summary>{SUMMARY}</summary>\n')


def depart_folded_html(translator, node: folded_answer) -> None:
    translator.body.append("</details>\n")


def skip(translator, node: nodes.Element) -> None:
    raise nodes.SkipNode


def visit_plainly(translator, node: nodes.Element) -> None:
    pass


def check_every_module_in_the_file_exists(app: Sphinx, env) -> None:
    """Questions for a module id nobody has (a renamed module) would never be shown."""
    path = Path(app.srcdir) / SELF_CHECK_FILE
    if not path.exists():
        return
    known = {module.id for module in modules_of(env)}
    for module_id in load_self_checks(path):
        if module_id not in known:
            logger.warning("%s: no module '%s' (known: %s)", SELF_CHECK_FILE, module_id, ", ".join(sorted(known)))


def setup(app: Sphinx) -> dict:
    app.add_node(
        folded_answer,
        html=(visit_folded_html, depart_folded_html),
        latex=(skip, None),
        text=(skip, None),
    )
    app.add_node(
        printed_answers,
        html=(skip, None),
        latex=(visit_plainly, visit_plainly),
        text=(visit_plainly, visit_plainly),
    )
    app.add_directive("self-check", SelfCheckDirective)
    app.connect("env-check-consistency", check_every_module_in_the_file_exists)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
