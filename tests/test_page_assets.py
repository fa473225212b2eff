"""Pages carry only what they use: each page links the stylesheets and scripts of the
components it contains (sphinx-design, myst-nb, code highlighting, copy and toggle buttons,
exercises, diagrams) and no others; diagrams are light SVG images with their alt text.

The site `make` built is checked, and a tiny Sphinx project shows that a page with a
sphinx-design card or tabs, a code block or a toggle gets those components' assets (the
kit's own pages have no sphinx-design element yet).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from tension_points.course import load_course

REPO = Path(__file__).resolve().parents[1]
MODULE_PAGES = [module.docname for module in load_course(REPO).modules]
COMPONENT_ASSETS = {
    "sphinx-design": ("sphinx-design.min.css", "design-tabs.js"),
    "myst-nb": ("mystnb.",),
    "highlighting": ("pygments.css",),
    "copy buttons": ("copybutton.css", "copybutton.js", "clipboard.min.js"),
    "toggle buttons": ("togglebutton.css", "togglebutton.js"),
    "exercises": ("exercise.css",),
}
ALWAYS = ("styles/furo.css", "tension-points.css", "tp-site.js", "facilitator-view.js")


def assets(html: Path) -> list[str]:
    """The local stylesheets and scripts a page links, as names under _static/ (no ?v=)."""
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    links = [tag["href"] for tag in soup.find_all("link", rel="stylesheet")]
    links += [tag["src"] for tag in soup.find_all("script", src=True)]
    return [link.split("_static/", 1)[1].split("?")[0] for link in links if "_static/" in link]


def inline_scripts(html: Path) -> str:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return "\n".join(tag.get_text() for tag in soup.find_all("script", src=False))


def linked(page_assets: list[str], component: str) -> bool:
    return any(asset.startswith(name) for asset in page_assets for name in COMPONENT_ASSETS[component])


def test_module_pages_link_no_asset_of_a_component_they_do_not_contain(html_dir):
    for docname in MODULE_PAGES:
        page = html_dir / f"{docname}.html"
        found = assets(page)
        assert [c for c in COMPONENT_ASSETS if linked(found, c)] == [], docname
        assert "toggleHint" not in inline_scripts(page), docname
        assert all(name in found for name in ALWAYS), docname


def test_a_notebook_exercise_page_links_what_its_cells_and_solutions_use(html_dir):
    page = html_dir / "exercises/ownership-matrix.html"
    found = assets(page)
    for component in ("myst-nb", "highlighting", "copy buttons", "toggle buttons", "exercises"):
        assert linked(found, component), component
    assert not linked(found, "sphinx-design")
    assert "toggleHintShow" in inline_scripts(page)


def test_every_linked_asset_is_in_the_site(html_dir):
    for page in html_dir.rglob("*.html"):
        if "_static" not in page.parts:
            missing = [name for name in assets(page) if not (html_dir / "_static" / name).is_file()]
            assert missing == [], page.relative_to(html_dir)


def test_module_diagrams_are_svg_images_with_their_alt_text_and_size(html_dir):
    diagrams = 0
    for docname in MODULE_PAGES:
        soup = BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.find("object") is None, docname
        for image in soup.select("img.graphviz"):
            diagrams += 1
            assert image["src"].endswith(".svg"), docname
            assert len(image["alt"]) > 40, docname
            assert int(image["width"]) > 0 and int(image["height"]) > 0
            svg = (html_dir / docname).parent / image["src"]
            assert svg.stat().st_size < svg.with_suffix(".png").stat().st_size, svg.name
            # Drawn to fit its viewBox: a scaled drawing would be cropped inside <img>.
            assert not re.search(r'<g id="graph0"[^>]*transform="scale', svg.read_text(encoding="utf-8")), svg.name
    assert diagrams >= len(MODULE_PAGES)


def test_a_page_gets_the_assets_of_the_components_it_contains(tmp_path):
    (tmp_path / "conf.py").write_text(
        'project = "Components"\n'
        'extensions = ["sphinx_design", "sphinx_togglebutton", "sphinx_copybutton", "tension_points.sphinxext.page_assets"]\n',
        encoding="utf-8",
    )
    pages = {
        "index": "Plain\n=====\n\nA paragraph.\n\n.. toctree::\n\n   card\n   tabs\n   code\n   toggle\n",
        "card": "Card\n====\n\n.. card:: A card\n\n   Its text.\n",
        "tabs": "Tabs\n====\n\n.. tab-set::\n\n   .. tab-item:: One\n\n      First.\n\n   .. tab-item:: Two\n\n      Second.\n",
        "code": "Code\n====\n\n.. code-block:: python\n\n   print('hello')\n",
        "toggle": "Toggle\n======\n\n.. toggle::\n\n   Hidden until asked for.\n",
    }
    for name, text in pages.items():
        (tmp_path / f"{name}.rst").write_text(text, encoding="utf-8")
    out = tmp_path / "_build"
    run = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(tmp_path), str(out)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")}, timeout=300)
    assert run.returncode == 0, run.stderr
    found = {name: assets(out / f"{name}.html") for name in pages}

    assert not any(linked(found["index"], c) for c in COMPONENT_ASSETS)
    assert "sphinx-design.min.css" in found["card"] and "design-tabs.js" not in found["card"]
    assert {"sphinx-design.min.css", "design-tabs.js"} <= set(found["tabs"])
    assert linked(found["code"], "highlighting") and linked(found["code"], "copy buttons")
    assert not linked(found["code"], "sphinx-design") and not linked(found["code"], "toggle buttons")
    assert linked(found["toggle"], "toggle buttons") and "toggleHintShow" in inline_scripts(out / "toggle.html")
    assert not linked(found["toggle"], "copy buttons")
