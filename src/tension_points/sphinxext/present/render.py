"""Doctree pieces of a module page rendered as HTML for a page in ``present/``."""

from __future__ import annotations

import posixpath

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import new_document
from sphinx.util.osutil import relative_uri

from tension_points.course import Module
from tension_points.sphinxext.facilitator_notes import facilitator_note
from tension_points.sphinxext.present.addresses import projector_page

# What the HTML builder sets before it writes a page (StandaloneHTMLBuilder.write_doc).
PAGE_STATE = ("current_docname", "imgpath", "dlpath", "secnumbers", "fignumbers")


class Renderer:
    """Renders doctree pieces of a module page as HTML that works from ``present/``.

    Links the module page resolved relative to its own folder are re-aimed from ``present/``
    (a link to a sibling module, ``06-closing.html``, would otherwise point into
    ``present/``); links within the page get its name.
    """

    def __init__(self, app: Sphinx, module: Module) -> None:
        self.builder = app.builder
        self.module = module
        self.page_uri = relative_uri(self.builder.get_target_uri(projector_page(module)), self.builder.get_target_uri(module.docname))
        self.module_folder = posixpath.dirname(self.builder.get_target_uri(module.docname))
        self.present_folder = posixpath.dirname(self.builder.get_target_uri(projector_page(module)))

    def html(self, *pieces: nodes.Node, notes: bool = False) -> str:
        """The pieces as HTML; facilitator notes inside them are left out unless ``notes``."""
        holder = nodes.container()
        for piece in pieces:
            holder += piece.deepcopy()  # docutils copies the subtree; copy.deepcopy follows .parent up the whole page
        if not notes:
            for note in list(holder.findall(facilitator_note)):
                note.parent.remove(note)
        self.link_to_module_page(holder)
        return self.translate(holder.children)

    def link_to_module_page(self, holder: nodes.Element) -> None:
        """Links to anchors of the page itself point at the module page."""
        for reference in holder.findall(nodes.reference):
            if "refid" in reference:
                reference["refuri"] = f"{self.page_uri}#{reference['refid']}"
                del reference["refid"]
            elif reference.get("refuri", "").startswith("#"):
                reference["refuri"] = self.page_uri + reference["refuri"]
            elif self.is_relative(reference.get("refuri", "")):
                reference["refuri"] = self.from_present(reference["refuri"])

    @staticmethod
    def is_relative(uri: str) -> bool:
        return bool(uri) and ":" not in uri.split("/", 1)[0] and not uri.startswith(("/", "#"))

    def from_present(self, uri: str) -> str:
        """A link written from the module page's folder, as seen from ``present/``."""
        path, hash_, fragment = uri.partition("#")
        target = posixpath.normpath(posixpath.join(self.module_folder, path))
        return posixpath.relpath(target, self.present_folder or ".") + hash_ + fragment

    def translate(self, children: list[nodes.Node]) -> str:
        """As the builder writes a page (write_doc), without the writer's transforms: the
        pieces come from a doctree that has had them."""
        builder, env, docname = self.builder, self.builder.env, self.module.docname
        here = builder.get_target_uri(projector_page(self.module))
        saved = {name: getattr(builder, name, None) for name in PAGE_STATE}
        builder.current_docname = docname
        builder.imgpath = relative_uri(here, builder.imagedir)
        builder.dlpath = relative_uri(here, "_downloads")
        builder.secnumbers = env.toc_secnumbers.get(docname, {})
        builder.fignumbers = env.toc_fignumbers.get(docname, {})
        try:
            document = new_document("<present mode>", builder.docsettings)
            document.extend(children)
            visitor = builder.create_translator(document, builder)
            document.walkabout(visitor)
            return "".join(visitor.fragment)
        finally:
            for name, value in saved.items():
                setattr(builder, name, value)
