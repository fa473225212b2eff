"""Exercise notebooks: which exercise pages are notebooks, and how each becomes an ``.ipynb``.

One conversion serves the site's downloads (the Sphinx extension), the wheel (the build hook, src/tension_points_build.py
bundles the converted notebooks) and ``tension-points exercises`` in a source checkout,
so a learner gets the same bytes whichever way the notebook reached them. jupytext is
imported only when converting: the installed kit ships notebooks already converted.

The page is MyST for Sphinx; the notebook is for a reader of Jupyter (markdown.py): its
roles and directives become plain Markdown with links to the site, its solutions folded
cells, and it opens with a title, what you will do and where to run it (opening.py).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from tension_points.notebook_export.markdown import Page, render
from tension_points.notebook_export.opening import EXERCISE_FOLDERS, check_cell, title_cell
from tension_points.site_files import SiteAddresses

__all__ = ["EXERCISE_FOLDERS", "NOTEBOOK_MARKER", "export_notebook", "notebook_pages", "stable_cell_id"]

# An exercise page is a notebook when it offers itself for download.
NOTEBOOK_MARKER = "```{notebook-download}"
# The address the site is published at (set where it is published); links in notebooks are absolute when it is known.
SITE_URL_VARIABLE = "TP_SITE_URL"


def notebook_pages(exercises_dir: Path) -> list[Path]:
    """The exercise pages written as MyST Markdown notebooks, in name order."""
    return sorted(p for p in exercises_dir.glob("*.md") if NOTEBOOK_MARKER in p.read_text(encoding="utf-8"))


def stable_cell_id(index: int, source: str) -> str:
    """A cell id from the cell's place and text: nbformat's default is random, which made
    every build's notebooks differ (two builds of one commit must be byte-identical)."""
    return hashlib.sha256(f"{index}\n{source}".encode()).hexdigest()[:8]


def site_url() -> str:
    return os.environ.get(SITE_URL_VARIABLE, "")


def split_lead(markdown: str) -> tuple[str, str]:
    """The page's opening (what you will do), up to its first heading; and the rest."""
    lines = markdown.splitlines()
    first_heading = next((i for i, line in enumerate(lines) if line.startswith("#")), len(lines))
    return "\n".join(lines[:first_heading]).strip(), "\n".join(lines[first_heading:]).strip()


def for_jupyter(notebook, page: Page) -> None:
    """Rewrite the notebook's cells in place for a reader of Jupyter (see the module docstring)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell

    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            cells.append(cell)
            continue
        for rendered in render(cell.source, page):
            cells.append(new_markdown_cell(rendered.text))
    first = cells[0] if cells and cells[0].cell_type == "markdown" else new_markdown_cell("")
    lead, rest = split_lead(first.source)
    opening = [new_markdown_cell(title_cell(notebook.metadata.get("title", page.docname), lead, page.site,
                                            has_solutions=bool(page.exercise_numbers))),
               new_code_cell(check_cell())]
    notebook.cells = opening + ([new_markdown_cell(rest)] if rest.strip() else []) + cells[1:]


def export_notebook(page: Path, target: Path, site: str | None = None) -> None:
    """Write the MyST Markdown notebook ``page`` as a clean, unexecuted ``.ipynb`` at ``target``.

    ``page`` lies in the course's exercises/ folder; ``site`` is the site's address (default:
    $TP_SITE_URL, else links relative to the site's notebook folder).
    """
    import jupytext

    notebook = jupytext.read(page)
    course = page.resolve().parents[1]
    docname = page.resolve().relative_to(course).with_suffix("").as_posix()
    reading = Page(docname, course, SiteAddresses(site_url() if site is None else site))
    reading.read_targets(page.read_text(encoding="utf-8"))
    for_jupyter(notebook, reading)
    for index, cell in enumerate(notebook.cells):
        cell.id = stable_cell_id(index, cell.source)
    target.parent.mkdir(parents=True, exist_ok=True)
    jupytext.write(notebook, target, fmt="ipynb")
