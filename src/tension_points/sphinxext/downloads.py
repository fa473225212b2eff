"""The site's downloads: the three PDFs, the kit's wheel and the exercise notebooks.

`make` builds the PDFs and the wheel after the site and copies them into the site's
``downloads/`` folder (the Makefile's ``downloads`` target); the notebooks are written by
notebooks.py. Pages link them with ``{kit-download}`key``` (inline) or list them all
with ``{downloads}``; ``{handout}`name``` links a paper handout where the edition has the
handouts and names it where it has not (the learner PDF); ``{setup-page}`text``` does the same
for the Set up page, which the handouts PDF does not contain. In print, a download is named,
not linked: a PDF cannot fetch a file from a site it is not part of.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from tension_points.errors import UserError
from tension_points.notebook_export import notebook_pages
from tension_points.site_files import DOWNLOADS, DOWNLOADS_BY_KEY, DOWNLOADS_DIR, SETUP_PAGE, Download, page_title
from tension_points.sphinxext.notebooks import notebook_path
from tension_points.sphinxext.post_transforms import ResolvedPageTransform

__all__ = ["DOWNLOADS", "setup"]


class kit_download(nodes.Inline, nodes.TextElement):
    """A link to a file of the site (``site_path``, from the site's root); its name in print."""


def download_node(download: Download, text: str | None = None) -> kit_download:
    return kit_download("", text or download.label, site_path=f"{DOWNLOADS_DIR}/{download.filename}")


class KitDownloadRole(SphinxRole):
    """``{kit-download}`course-pdf``` or ``{kit-download}`the PDF <course-pdf>```."""

    def run(self):
        text, _, key = self.text.rpartition(" <") if self.text.endswith(">") else ("", "", self.text)
        key = key.rstrip(">")
        if key not in DOWNLOADS_BY_KEY:
            raise UserError(f"{self.get_location()}: kit-download: no download '{key}' (known: {', '.join(DOWNLOADS_BY_KEY)})")
        return [download_node(DOWNLOADS_BY_KEY[key], text or None)], []


class DownloadsDirective(SphinxDirective):
    """Every download, in a list: the PDFs, the wheel, then each exercise notebook with its page."""

    def run(self) -> list[nodes.Node]:
        listing = nodes.bullet_list(classes=["tp-downloads"])
        for download in DOWNLOADS:
            item = nodes.paragraph()
            item += download_node(download, download.label[0].upper() + download.label[1:])
            item += nodes.Text(f": {download.what}.")
            listing += nodes.list_item("", item)
        exercises = Path(self.env.srcdir) / "exercises"
        for page in notebook_pages(exercises):
            docname = f"exercises/{page.stem}"
            item = nodes.paragraph()
            item += kit_download("", f"{page.stem}.ipynb", site_path=notebook_path(docname))
            item += nodes.Text(": the notebook of ")
            xref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{docname}", refexplicit=False)
            xref += nodes.inline("", docname)
            item += xref
            item += nodes.Text(", to run with the kit installed.")
            listing += nodes.list_item("", item)
            self.env.note_dependency(str(page))
        return [listing]


def page_or_name(role: SphinxRole, docname: str, text: str, elsewhere: str) -> list[nodes.Node]:
    """A link to ``docname`` where this edition has the page; its name and where to find it otherwise."""
    if docname in role.env.found_docs:
        xref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{docname}", refexplicit=True)
        xref += nodes.inline("", text)
        return [xref]
    return [nodes.emphasis("", text), nodes.Text(f" ({elsewhere})")]


class HandoutRole(SphinxRole):
    """``{handout}`handoff-map```: "Hand-off map handout", linked where this edition has the
    handouts, and pointing to the handouts PDF where it has not (the learner PDF)."""

    def run(self):
        docname = f"handouts/{self.text}"
        source = Path(self.env.srcdir) / f"{docname}.md"
        if not source.exists():
            raise UserError(f"{self.get_location()}: handout: no handout '{self.text}' ({source} not found)")
        return page_or_name(self, docname, f"{page_title(source)} handout", "in the handouts PDF"), []


class SetUpPageRole(SphinxRole):
    """``{setup-page}`the Set up page```: linked, or named in an edition without it (the handouts PDF)."""

    def run(self):
        return page_or_name(self, SETUP_PAGE, self.text, "on the course site and in the course PDF"), []


class LinkDownloads(ResolvedPageTransform):
    """On the web, a download is a link to its file in the site."""

    formats = ("html",)

    def run(self, **kwargs) -> None:
        prefix = "../" * self.docname.count("/")
        for node in list(self.document.findall(kit_download)):
            node.replace_self(nodes.reference("", node.astext(), refuri=prefix + node["site_path"], classes=["tp-download"]))


class NameDownloads(ResolvedPageTransform):
    """Elsewhere (in print, for linkcheck) a download is named: its file name, after its label if it has one."""

    default_priority = ResolvedPageTransform.default_priority + 1  # what LinkDownloads left

    def run(self, **kwargs) -> None:
        for node in list(self.document.findall(kit_download)):
            filename = Path(node["site_path"]).name
            if node.astext() == filename:
                node.replace_self(nodes.literal("", node.astext()))
            else:
                node.replace_self(nodes.inline("", "", nodes.Text(f"{node.astext()} ("), nodes.literal("", filename), nodes.Text(")")))


def setup(app: Sphinx) -> dict:
    app.add_node(kit_download)
    app.add_role("kit-download", KitDownloadRole())
    app.add_role("handout", HandoutRole())
    app.add_role("setup-page", SetUpPageRole())
    app.add_directive("downloads", DownloadsDirective)
    app.add_post_transform(LinkDownloads)
    app.add_post_transform(NameDownloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
