"""Exercise notebooks: which exercise pages are notebooks, and how each becomes an ``.ipynb``.

One conversion serves the site's downloads (the Sphinx extension), the wheel (the build hook, src/tension_points_build.py
bundles the converted notebooks) and ``tension-points exercises`` in a source checkout,
so a learner gets the same bytes whichever way the notebook reached them. jupytext is
imported only when converting: the installed kit ships notebooks already converted.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

# An exercise page is a notebook when it offers itself for download.
NOTEBOOK_MARKER = "```{notebook-download}"


def notebook_pages(exercises_dir: Path) -> list[Path]:
    """The exercise pages written as MyST Markdown notebooks, in name order."""
    return sorted(p for p in exercises_dir.glob("*.md") if NOTEBOOK_MARKER in p.read_text(encoding="utf-8"))


def stable_cell_id(index: int, source: str) -> str:
    """A cell id from the cell's place and text: nbformat's default is random, which made
    every build's notebooks differ (two builds of one commit must be byte-identical)."""
    return hashlib.sha256(f"{index}\n{source}".encode()).hexdigest()[:8]


def export_notebook(page: Path, target: Path) -> None:
    """Write the MyST Markdown notebook ``page`` as a clean, unexecuted ``.ipynb`` at ``target``."""
    import jupytext

    notebook = jupytext.read(page)
    for index, cell in enumerate(notebook.cells):
        cell.id = stable_cell_id(index, cell.source)
    target.parent.mkdir(parents=True, exist_ok=True)
    jupytext.write(notebook, target, fmt="ipynb")
