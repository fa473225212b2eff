"""Notebook downloads: each exercise written as a MyST Markdown notebook is offered as ``.ipynb``.

The Markdown file is the one source (easy to review and diff); at the end of an HTML
build it becomes a clean, unexecuted notebook for a reader of Jupyter
(tension_points.notebook_export), its links absolute when the site's address
(``html_baseurl``, from $TP_SITE_URL) is known.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import tension_points.notebook_export
import tension_points.site_files
from tension_points.notebook_export import export_notebook
from tension_points.site_files import page_title
from tension_points.sphinxext.domain import course_domain

DOWNLOAD_DIR = "_notebooks"
CONVERTER_SOURCES = [*Path(tension_points.notebook_export.__file__).parent.glob("*.py"),
                     Path(tension_points.site_files.__file__)]


def notebook_path(docname: str) -> str:
    return f"{DOWNLOAD_DIR}/{Path(docname).name}.ipynb"


class NotebookDownloadDirective(SphinxDirective):
    """A link to this page as a notebook on the web; where to find it, in print."""

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        course_domain(self.env).note_notebook(docname, notebook_path(docname))
        prefix = "../" * docname.count("/")
        web = addnodes.only(expr="html")
        link = nodes.paragraph(classes=["tp-notebook-download"])
        link += nodes.Text("Run this exercise yourself: ")
        link += nodes.reference("", "download it as a Jupyter notebook (.ipynb)", refuri=prefix + notebook_path(docname))
        link += nodes.Text(", then open it with Jupyter in an environment where the kit is installed.")
        web += link
        printed = addnodes.only(expr="latex")
        printed += nodes.paragraph(
            text=f"Run this exercise yourself: it is the notebook {docname}.md in the kit "
            "(download the .ipynb from the web edition, or open the .md with Jupyter and Jupytext)."
        )
        return [web, printed]


def note_read(app: Sphinx, env, docnames: list[str]) -> None:
    app.builder.tp_read_docs = set(docnames)


def conversion_stamp(app: Sphinx) -> str:
    """What a notebook depends on besides its page: the converter, the site's address and the
    titles of the pages it may link (a changed title must reach the notebook's link text)."""
    digest = hashlib.sha256(app.config.html_baseurl.encode())
    for source in sorted(CONVERTER_SOURCES):
        digest.update(source.read_bytes())
    for docname in sorted(app.env.found_docs):
        digest.update(f"{docname}={page_title(Path(app.env.doc2path(docname)))}\n".encode())
    return digest.hexdigest()


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """Write the notebook of every page read in this build (its only source), and any missing;
    all of them when the conversion itself changed."""
    if exception is not None or app.builder.format != "html":
        return
    target_dir = Path(app.outdir) / DOWNLOAD_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    read = getattr(app.builder, "tp_read_docs", set())
    stamp_file, stamp = Path(app.doctreedir) / "tp-notebooks.stamp", conversion_stamp(app)
    converted_alike = stamp_file.exists() and stamp_file.read_text() == stamp
    for docname in sorted(course_domain(app.env).notebooks()):
        target = target_dir / Path(notebook_path(docname)).name
        if converted_alike and docname not in read and target.exists():
            continue
        export_notebook(Path(app.env.doc2path(docname)), target, site=app.config.html_baseurl)
    stamp_file.write_text(stamp)


def setup(app: Sphinx) -> dict:
    app.connect("env-before-read-docs", note_read)
    app.connect("build-finished", write_notebooks)
    app.add_directive("notebook-download", NotebookDownloadDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
