"""Facilitator notes: one source, two audiences.

``{facilitator-note}`` content is in the web site (hidden until the reader
switches on the facilitator view) and in the facilitator handbook, and is
removed from the learner edition before references are resolved, so nothing
in a note can leak into the learner PDF or break its build.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

NOTE_TITLE = "Facilitator note"


class facilitator_note(nodes.Admonition, nodes.Element):
    """A box of guidance for the person running the workshop."""


class FacilitatorNoteDirective(SphinxDirective):
    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self) -> list[nodes.Node]:
        title = NOTE_TITLE + (f": {self.arguments[0]}" if self.arguments else "")
        note = facilitator_note(classes=["tp-facilitator-note"])
        note += nodes.title(text=title)
        self.state.nested_parse(self.content, self.content_offset, note)
        self.set_source_info(note)
        return [note]


def remove_notes_from_learner_edition(app: Sphinx, doctree: nodes.document) -> None:
    if app.config.tension_points_edition == "learner":
        for note in list(doctree.findall(facilitator_note)):
            note.parent.remove(note)


def visit_html(self, node: facilitator_note) -> None:
    self.body.append(self.starttag(node, "aside", CLASS="admonition", **{"aria-label": NOTE_TITLE}))


def depart_html(self, node: facilitator_note) -> None:
    self.body.append("</aside>\n")


def inside_a_box(node: nodes.Node) -> bool:
    """Inside an admonition (an activity's box): LaTeX's framed boxes cannot hold a box that breaks."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Admonition):
            return True
        parent = parent.parent
    return False


def visit_latex(self, node: facilitator_note) -> None:
    title = node.next_node(nodes.title)
    # A breakable note inside a breaking box printed its pieces over the box's own text.
    options = "[unbreakable]" if inside_a_box(node) else ""
    self.body.append(f"\n\\begin{{tpfacilitatornote}}{options}{{{self.encode(title.astext())}}}\n")
    title.parent.remove(title)


def depart_latex(self, node: facilitator_note) -> None:
    self.body.append("\n\\end{tpfacilitatornote}\n")


def visit_text(self, node: facilitator_note) -> None:
    self.new_state(0)


def depart_text(self, node: facilitator_note) -> None:
    self.end_state()


def setup(app: Sphinx) -> dict:
    app.add_node(
        facilitator_note,
        html=(visit_html, depart_html),
        latex=(visit_latex, depart_latex),
        text=(visit_text, depart_text),
    )
    app.add_directive("facilitator-note", FacilitatorNoteDirective)
    app.connect("doctree-read", remove_notes_from_learner_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
