"""Notebook downloads: each exercise written as a MyST Markdown notebook is offered as ``.ipynb``.

The Markdown file is the one source (easy to review and diff); jupytext turns
it into a clean, unexecuted notebook for learners at the end of an HTML build.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from tension_points.notebook_export import export_notebook
from tension_points.sphinxext.docstore import track_per_document

DOWNLOAD_DIR = "_notebooks"


def notebook_path(docname: str) -> str:
    return f"{DOWNLOAD_DIR}/{Path(docname).name}.ipynb"


class NotebookDownloadDirective(SphinxDirective):
    """A link to this page as a notebook on the web; where to find it, in print."""

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        self.env.tension_points_notebooks[docname] = notebook_path(docname)
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


def write_notebooks(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target_dir = Path(app.outdir) / DOWNLOAD_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    for docname in sorted(app.env.tension_points_notebooks):
        export_notebook(Path(app.env.doc2path(docname)), target_dir / Path(notebook_path(docname)).name)


def setup(app: Sphinx) -> None:
    track_per_document(app, "tension_points_notebooks")
    app.connect("build-finished", write_notebooks)
    app.add_directive("notebook-download", NotebookDownloadDirective)
