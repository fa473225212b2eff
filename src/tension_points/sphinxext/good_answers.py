""""What a good answer covers", folded on the site under an "On your own" question.

Every activity's "On your own" box ends with the criteria a good answer meets, and in places
they read as the answer itself (the flaws of a project the learner has not opened yet). On the
site they are folded (a ``<details>`` element: no script, works offline and from the keyboard)
so the learner answers first; print cannot fold and shows them as written.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

LEAD = "What a good answer covers"
SUMMARY = f"{LEAD} (open it once you have answered)"


class folded_good_answer(nodes.General, nodes.Element):
    """The criteria of a good answer: folded on the site, printed as they are."""


def starts_the_criteria(node: nodes.Node) -> bool:
    """A paragraph that opens with the lead in bold (MyST may put an empty text node first)."""
    if not isinstance(node, nodes.paragraph):
        return False
    first = next((child for child in node.children if not (isinstance(child, nodes.Text) and not child.strip())), None)
    return isinstance(first, nodes.strong) and first.astext().startswith(LEAD)


def fold_good_answers(app: Sphinx, doctree: nodes.document) -> None:
    for box in doctree.findall(nodes.Element):
        if "tp-on-your-own" not in box.get("classes", ()):
            continue
        start = next((i for i, child in enumerate(box.children) if starts_the_criteria(child)), None)
        if start is None:
            continue
        fold = folded_good_answer()
        fold.extend(box.children[start:])
        del box.children[start:]
        box += fold


def visit_folded_html(translator, node: folded_good_answer) -> None:
    translator.body.append(f'<details class="tp-self-check-fold tp-good-answer"><summary>{SUMMARY}</summary>\n')


def depart_folded_html(translator, node: folded_good_answer) -> None:
    translator.body.append("</details>\n")


def visit_plainly(translator, node: nodes.Element) -> None:
    pass


def setup(app: Sphinx) -> dict:
    app.add_node(folded_good_answer, html=(visit_folded_html, depart_folded_html),
                 latex=(visit_plainly, visit_plainly), text=(visit_plainly, visit_plainly))
    app.connect("doctree-read", fold_good_answers)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
