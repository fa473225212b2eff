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

import re
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
        notebooks = nodes.bullet_list()
        for page in notebook_pages(Path(self.env.srcdir) / "exercises"):
            docname = f"exercises/{page.stem}"
            item = nodes.paragraph()
            item += kit_download("", f"{page.stem}.ipynb", site_path=notebook_path(docname))
            item += nodes.Text(": ")
            xref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{docname}", refexplicit=False)
            xref += nodes.inline("", docname)
            item += xref
            notebooks += nodes.list_item("", item)
            self.env.note_dependency(str(page))
        heading = nodes.paragraph(text="The exercise notebooks, to open in your exercises folder with the kit installed "
                                       "(tension-points exercises copies them all, with their data):")
        listing += nodes.list_item("", heading, notebooks)
        return [listing]


def page_or_name(env, docname: str, text: str, elsewhere: str) -> list[nodes.Node]:
    """A link to ``docname`` where this edition has the page; its name and where to find it otherwise."""
    if docname in env.found_docs:
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
        return page_or_name(self.env, docname, f"{page_title(source)} handout", "in the handouts PDF"), []


UNNAMED_REPOSITORY = "this copy of the course does not give the repository's address: the wheel above installs the same kit"


class KitRepositoryRole(SphinxRole):
    """``{kit-repository}`text <path>```: a link into the kit's repository (``path`` under its
    address, such as ``issues/new``) where the build knows the address ($TP_REPOSITORY_URL, set
    where the site is published); where it does not, the text alone, never a made-up address (the
    sentence around it says what to do instead: Set up uses ``only`` on the tag kit_repository)."""

    def run(self):
        titled = re.fullmatch(r"(?s)(.*?)\s*<([^<>]*)>", self.text)
        text, path = (titled.group(1), titled.group(2)) if titled else (self.text, "")
        address = self.config.tension_points_repository.rstrip("/")
        if not address:
            return [nodes.Text(text)], []
        return [nodes.reference("", text, refuri=f"{address}/{path}".rstrip("/"))], []


class KitRepositoryCodeRole(SphinxRole):
    """``{kit-repository-code}`git clone {address}```: the command with the repository's address
    in it, as code; where the build does not know the address, that it does not and what to use instead."""

    def run(self):
        address = self.config.tension_points_repository.rstrip("/")
        if not address:
            return [nodes.Text(f"({UNNAMED_REPOSITORY})")], []
        return [nodes.literal("", self.text.replace("{address}", address))], []


class SetUpPageRole(SphinxRole):
    """``{setup-page}`the Set up page```: linked, or named in an edition without it (the handouts PDF)."""

    def run(self):
        return page_or_name(self.env, SETUP_PAGE, self.text, "on the course site and in the course PDF"), []


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
    app.add_role("kit-repository", KitRepositoryRole())
    app.add_role("kit-repository-code", KitRepositoryCodeRole())
    app.add_config_value("tension_points_repository", "", "env", types=[str])
    app.add_directive("downloads", DownloadsDirective)
    app.add_post_transform(LinkDownloads)
    app.add_post_transform(NameDownloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
