"""Links to present mode: a "Present" line on each module page, and the list of every module's pages."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from tension_points.course import Module
from tension_points.sphinxext.course_data import modules_of
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.post_transforms import ResolvedPageTransform
from tension_points.sphinxext.present.addresses import page_link, projector_page, speaker_page


def views(module: Module) -> tuple[tuple[str, str], ...]:
    """The module's two pages and what a link to each says."""
    return (projector_page(module), "projector"), (speaker_page(module), "speaker\u2019s view")


class AddPresentLink(ResolvedPageTransform):
    """A "Present" line under a module page's title: the projector and the speaker's view."""

    formats = ("html",)

    def is_supported(self) -> bool:
        return super().is_supported() and self.config.tension_points_edition == "web"

    def run(self, **kwargs) -> None:
        module = next((m for m in modules_of(self.env) if m.docname == self.docname), None)
        title = self.document.next_node(nodes.title)
        if module is None or title is None:
            return
        line = nodes.paragraph(classes=["tp-present-link", "tp-facilitator-only"])  # shown with the facilitator view
        line += nodes.Text("Present this module: ")
        for n, (page, text) in enumerate(views(module)):
            if n:
                line += nodes.Text(" \u00b7 ")
            line += nodes.reference("", text, refuri=page_link(self.docname, page), internal=True)
        title.parent.insert(title.parent.index(title) + 1, line)


class PresentLinksDirective(CourseDirective):
    """Every module with its projector and speaker's view: links on the web, page names in print."""

    def run(self) -> list[nodes.Node]:
        listing = nodes.bullet_list(classes=["tp-present-links"])
        for module in self.course_data().modules:  # their titles and ids: their data, not their prose
            item = nodes.paragraph()
            item += nodes.Text(f"{module.title}: ")
            web = addnodes.only(expr="html")
            web += nodes.inline()
            for n, (page, text) in enumerate(views(module)):
                if n:
                    web[0] += nodes.Text(" \u00b7 ")
                web[0] += nodes.reference("", text, refuri=page_link(self.env.docname, page), internal=True)
            printed = addnodes.only(expr="not html")
            printed += nodes.inline(text=f"{projector_page(module)}.html and {speaker_page(module)}.html in the site")
            item += [web, printed]
            listing += nodes.list_item("", item)
        return [listing]
