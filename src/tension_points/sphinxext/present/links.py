"""Links to present mode: a "Present" line on each module page, and the list of every module's pages."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from tension_points.course import Module
from tension_points.sphinxext.course_data import modules_of
from tension_points.sphinxext.incremental import note_course_data
from tension_points.sphinxext.present.addresses import is_web_html, projector_page, speaker_page


def views(module: Module) -> tuple[tuple[str, str], ...]:
    """The module's two pages and what a link to each says."""
    return (projector_page(module), "projector"), (speaker_page(module), "speaker\u2019s view")


def add_present_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A "Present" line under a module page's title: the projector and the speaker's view."""
    if not is_web_html(app):
        return
    module = next((m for m in modules_of(app.env) if m.docname == docname), None)
    title = doctree.next_node(nodes.title)
    if module is None or title is None:
        return
    line = nodes.paragraph(classes=["tp-present-link"])
    line += nodes.Text("Present this module: ")
    for n, (page, text) in enumerate(views(module)):
        if n:
            line += nodes.Text(" \u00b7 ")
        uri = app.builder.get_relative_uri(docname, page)
        line += nodes.reference("", text, refuri=uri, internal=True)
    title.parent.insert(title.parent.index(title) + 1, line)


class PresentLinksDirective(SphinxDirective):
    """Every module with its projector and speaker's view: links on the web, page names in print."""

    def run(self) -> list[nodes.Node]:
        listing = nodes.bullet_list(classes=["tp-present-links"])
        here = self.env.docname + ".html"
        note_course_data(self.env)  # the modules' titles and ids: their data, not their prose
        for module in modules_of(self.env):
            item = nodes.paragraph()
            item += nodes.Text(f"{module.title}: ")
            web = addnodes.only(expr="html")
            web += nodes.inline()
            for n, (page, text) in enumerate(views(module)):
                if n:
                    web[0] += nodes.Text(" \u00b7 ")
                web[0] += nodes.reference("", text, refuri=relative_uri(here, page + ".html"), internal=True)
            printed = addnodes.only(expr="not html")
            printed += nodes.inline(text=f"{projector_page(module)}.html and {speaker_page(module)}.html in the site")
            item += [web, printed]
            listing += nodes.list_item("", item)
        return [listing]
