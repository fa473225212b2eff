"""The notebooks the site offers (and `tension-points exercises` copies) read as notebooks: no MyST
markup left, a title and what you will do first, every solution folded in a cell of its own and
never under its question, every link reaching a page or file of the site, and, opened away from
the exercises folder, a first code cell that says where to open it instead of a traceback."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from paths import HTML, REPO, require
from tension_points.notebook_export import export_notebook, notebook_pages

PAGES = notebook_pages(REPO / "exercises")
# What MyST writes and Jupyter shows raw: a role, a directive's fence, a directive option, a target, a definition.
MYST_LEFT = [
    ("role", re.compile(r"\{[A-Za-z][\w.:+-]*\}`")),
    ("directive", re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*\{", re.M)),
    ("directive option", re.compile(r"^\s*:(label|class|name|alt|caption):", re.M)),
    ("target", re.compile(r"^\s*\([\w-]+\)=\s*$", re.M)),
    ("definition list", re.compile(r"^: ", re.M)),
]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def notebook(page: Path) -> dict:
    return json.loads(require(HTML / "_notebooks" / f"{page.stem}.ipynb").read_text(encoding="utf-8"))


def markdown_cells(nb: dict) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def without_code(markdown: str) -> str:
    """Prose only: code blocks and inline code may show MyST on purpose."""
    markdown = re.sub(r"^( {0,3})(`{3,}|~{3,}).*?^\1\2", "", markdown, flags=re.M | re.S)
    return re.sub(r"`[^`\n]+`", "", markdown)


def page_title(page: Path) -> str:
    return re.search(r'^title:\s*"(.*)"$', page.read_text(encoding="utf-8"), re.M).group(1)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_no_myst_role_or_directive_is_left_in_the_notebook(page):
    for index, cell in enumerate(markdown_cells(notebook(page))):
        prose = without_code(cell)
        for what, pattern in MYST_LEFT:
            found = pattern.search(prose)
            assert found is None, f"{page.stem}.ipynb, markdown cell {index}: a MyST {what} left: {found.group(0)!r}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_the_notebook_opens_with_its_title_what_you_will_do_and_where_to_run_it(page):
    cells = notebook(page)["cells"]
    first = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown"
    assert first.startswith(f"# {page_title(page)}\n\n")
    assert re.search(r"This exercise belongs to the (\[|\*)", first)  # the page's lead: the module (linked or named), what you will do
    assert "**Where to run it:**" in first and "`tension-points exercises`" in first
    checks = [i for i, c in enumerate(cells) if "ready_for_exercises()" in "".join(c["source"])]
    assert checks == [1] and cells[1]["cell_type"] == "code"  # the first code cell, and only it


def solution_bodies(page: Path) -> list[str]:
    """The first line of each solution as the page writes it (its roles and markup aside)."""
    source = page.read_text(encoding="utf-8")
    bodies = re.findall(r"^(`{3,})\{solution\}[^\n]*\n(?::[^\n]*\n)*\n*(.*?)^\1$", source, re.M | re.S)
    return [re.sub(r"[`*{}]", "", body.strip().splitlines()[0])[:60] for _, body in bodies]


@pytest.mark.parametrize("page", [p for p in PAGES if "{solution}" in p.read_text(encoding="utf-8")], ids=lambda p: p.stem)
def test_every_solution_is_folded_in_a_cell_of_its_own_after_its_question(page):
    cells = markdown_cells(notebook(page))
    bodies = solution_bodies(page)
    assert bodies
    folded = [c for c in cells if c.startswith("<details>")]
    assert len(folded) == len(bodies)
    for cell in folded:
        assert re.match(r"<details>\n<summary><b>Solution to exercise \d+</b>", cell) and cell.endswith("</details>")
    for body in bodies:
        holding = [c for c in cells if body in re.sub(r"[`*{}]", "", c)]
        assert holding and all(c.startswith("<details>") for c in holding), f"{page.stem}: solution shown unfolded: {body!r}"
    for index, cell in enumerate(cells):
        if cell.startswith("<details>"):
            number = re.search(r"Solution to exercise (\d+)", cell).group(1)
            assert any(f"**Exercise {number}" in earlier for earlier in cells[:index]), f"{page.stem}: solution {number} before its question"


def anchors(html_file: Path) -> set[str]:
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    return {tag["id"] for tag in soup.select("[id]")}


EXAMPLE_SITE = "https://example.org/tension-points/"


def site_file(link: str, site_url: str) -> Path:
    """The built file a notebook's absolute link to the site names."""
    return HTML / unquote(urlsplit(link[len(site_url):]).path)


def heading_anchors(cells: list[str]) -> set[str]:
    """The anchors JupyterLab gives the notebook's own headings: their text, spaces made hyphens."""
    return {line.lstrip("#").strip().replace(" ", "-") for cell in cells for line in without_code(cell).splitlines()
            if line.startswith("#")}


def exported(page: Path, site_url: str, folder: Path) -> dict:
    """The notebook as the site (its _notebooks), the wheel and `tension-points exercises` export it."""
    export_notebook(page, folder / f"{page.stem}.ipynb", site=site_url)
    return json.loads((folder / f"{page.stem}.ipynb").read_text(encoding="utf-8"))


def assert_links_lead_somewhere(name: str, cells: list[str], site_url: str) -> None:
    """A link in a notebook is to a heading of its own, or absolute to a page or file of the published
    site; never relative: the notebook is opened in the learner's folder, where ../modules/ is not."""
    links = [link for cell in cells for link in LINK.findall(without_code(cell))]
    for link in [link for link in links if link.startswith("#")]:
        assert link[1:] in heading_anchors(cells), f"{name} links {link}: no heading of that name in it"
    outside = [link for link in links if not link.startswith("#")]
    if not site_url:
        assert outside == [], f"{name}: the site's address is not known, yet it links {outside}"
        return
    assert outside  # every notebook links at least its module and the Set up page
    for link in outside:
        assert link.startswith(site_url), f"{name} links {link}: not on the site ({site_url})"
        target = site_file(link, site_url)
        assert target.is_file(), f"{name} links {link}: no such file in the site"
        fragment = urlsplit(link).fragment
        if fragment:
            assert fragment in anchors(target), f"{name} links {link}: no such anchor"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_link_in_the_sites_notebook_reaches_the_site_or_is_its_own_heading(page):
    assert_links_lead_somewhere(f"_notebooks/{page.stem}.ipynb", markdown_cells(notebook(page)),
                                os.environ.get("TP_SITE_URL", ""))


@pytest.mark.parametrize("site_url", ["", EXAMPLE_SITE], ids=["no-site-address", "published"])
def test_every_exported_notebook_links_the_published_site_or_names_the_page_in_words(site_url, tmp_path):
    for page in PAGES:
        cells = markdown_cells(exported(page, site_url, tmp_path))
        assert_links_lead_somewhere(f"{page.stem}.ipynb", cells, site_url)
        if not site_url:
            first = cells[0]
            assert "Names in *italics* are pages of the course site" in first and "*Set up*, step 3" in first
            assert "../" not in "".join(without_code(c) for c in cells), f"{page.stem}.ipynb: a relative path to the site"


def test_a_notebook_opened_alone_says_where_to_open_it_and_runs_nothing_else(tmp_path):
    nbclient = pytest.importorskip("nbclient")
    import nbformat

    page = PAGES[0]
    alone = tmp_path / "Downloads"
    alone.mkdir()
    shutil.copyfile(HTML / "_notebooks" / f"{page.stem}.ipynb", alone / f"{page.stem}.ipynb")
    nb = nbformat.read(alone / f"{page.stem}.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(alone)}})
    with pytest.raises(nbclient.exceptions.CellExecutionError):
        client.execute()
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    [error] = first_code.outputs
    shown = "\n".join(error["traceback"])
    assert "which has no data or sample-projects folder beside it" in shown
    assert "Open it from your exercises folder" in shown and "tension-points exercises ~/tension-points-exercises" in shown
    assert "Traceback" not in shown and "FileNotFoundError" not in shown
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code" and c is not first_code)
