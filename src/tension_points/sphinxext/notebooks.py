"""Notebook downloads: each exercise written as a MyST Markdown notebook is offered as ``.ipynb``.

The Markdown file is the one source (easy to review and diff); jupytext turns
it into a clean, unexecuted notebook for learners at the end of an HTML build.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from tension_points.sphinxext.domain import course_domain

DOWNLOAD_DIR = "_notebooks"


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


def stable_cell_id(index: int, source: str) -> str:
    """A cell id from the cell's place and text: nbformat's default is random, which made
    every build's notebooks differ (two builds of one commit must be byte-identical)."""
    return hashlib.sha256(f"{index}\n{source}".encode()).hexdigest()[:8]


def note_read(app: Sphinx, env, docnames: list[str]) -> None:
    app.builder.tp_read_docs = set(docnames)


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    """Write the notebook of every page read in this build (its only source), and any missing."""
    if exception is not None or app.builder.format != "html":
        return
    target_dir = Path(app.outdir) / DOWNLOAD_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    read = getattr(app.builder, "tp_read_docs", set())
    for docname in sorted(course_domain(app.env).notebooks()):
        target = target_dir / Path(notebook_path(docname)).name
        if docname not in read and target.exists():
            continue
        import jupytext  # only here: importing it takes longer than a rebuild with nothing to do

        source = Path(app.env.doc2path(docname))
        notebook = jupytext.read(source)
        for index, cell in enumerate(notebook.cells):
            cell.id = stable_cell_id(index, cell.source)
        jupytext.write(notebook, target, fmt="ipynb")


def setup(app: Sphinx) -> dict:
    app.connect("env-before-read-docs", note_read)
    app.connect("build-finished", write_notebooks)
    app.add_directive("notebook-download", NotebookDownloadDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
