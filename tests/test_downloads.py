"""The site is the front door: every PDF, the kit's wheel and every notebook download from it,
and they are the files `make` built; each exercise page links its notebook and paper handout."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from paths import BUILD, HTML, PDF, REPO, require
from tension_points.notebook_export import notebook_pages
from tension_points.sphinxext.downloads import DOWNLOADS

PDF_NAMES = ["tension-points-course.pdf", "tension-points-facilitator-handbook.pdf", "tension-points-handouts.pdf"]
EXERCISE_HANDOUTS = {
    "silos-handoff-map": "handoff-map", "ownership-matrix": "ownership-matrix",
    "reproducibility-audit": "reproducibility-checklist", "reproducibility-checklist": "reproducibility-checklist",
    "wizard-of-oz": "woz-role-cards",
}


def page(docname: str) -> BeautifulSoup:
    return BeautifulSoup(require(HTML / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def linked_files(docname: str) -> dict[str, Path]:
    """Every link on a page to a downloadable file (not a page), by the file's name."""
    base = (HTML / docname).parent
    found = {}
    for link in page(docname).select("article[role=main] a[href]"):
        href = unquote(link["href"]).split("#")[0]
        if href and "://" not in href and not href.endswith((".html", "/")):
            found[Path(href).name] = (base / href).resolve()
    return found


def test_the_home_page_links_every_pdf_the_wheel_and_every_notebook():
    links = linked_files("index")
    notebooks = [f"{p.stem}.ipynb" for p in notebook_pages(REPO / "exercises")]
    assert set(PDF_NAMES + [d.filename for d in DOWNLOADS] + notebooks) <= set(links)
    assert len(notebooks) == 4


@pytest.mark.parametrize("name", PDF_NAMES)
def test_each_pdf_on_the_site_is_the_one_make_built(name):
    on_site = linked_files("index")[name]
    assert on_site.is_relative_to(HTML.resolve())
    assert on_site.read_bytes() == require(PDF / name).read_bytes()


def test_the_wheel_on_the_site_is_the_one_make_dist_built():
    built = sorted((BUILD / "dist").glob("tension_points-*.whl"))
    assert len(built) == 1, "make dist builds exactly one wheel"
    on_site = linked_files("index")[built[0].name]
    assert on_site.read_bytes() == built[0].read_bytes()


def test_the_set_up_page_installs_the_wheel_the_site_offers():
    """The install commands name the wheel's file: a version bump must update the page too."""
    built = sorted((BUILD / "dist").glob("tension_points-*.whl"))[0].name
    text = (REPO / "exercises" / "setup.md").read_text(encoding="utf-8")
    named = set(re.findall(r"tension_points-[^\s\"\\/\[]+\.whl", text))
    assert named == {built}
    assert built in linked_files("exercises/setup")


@pytest.mark.parametrize("exercise", [p.stem for p in notebook_pages(REPO / "exercises")])
def test_each_notebook_exercise_page_links_its_notebook(exercise):
    links = linked_files(f"exercises/{exercise}")
    assert links[f"{exercise}.ipynb"] == (HTML / "_notebooks" / f"{exercise}.ipynb").resolve()
    assert links[f"{exercise}.ipynb"].is_file()


@pytest.mark.parametrize("exercise, handout", EXERCISE_HANDOUTS.items())
def test_each_exercise_page_links_its_paper_handout(exercise, handout):
    hrefs = [a["href"] for a in page(f"exercises/{exercise}").select("article[role=main] a[href]")]
    assert f"../handouts/{handout}.html" in hrefs


def test_the_learner_pdf_names_the_handouts_it_does_not_contain(pdf_text):
    text = pdf_text(PDF / "tension-points-course.pdf")
    assert "fill in the Ownership matrix handout (in the handouts PDF)" in text


def test_the_offline_bundle_on_the_site_is_the_one_make_bundle_built_and_set_up_offers_it():
    built = require(BUILD / "tension-points-offline.zip")
    on_site = linked_files("index")[built.name]
    assert on_site.read_bytes() == built.read_bytes()
    assert linked_files("exercises/setup")[built.name] == on_site
