"""The offline bundle (`make bundle`): one zip that works copied to a USB stick with no network:
the site opens from file:// in Chromium with every link inside the bundle working, the PDFs
and notebooks are in it, and its wheels install the kit with pip --no-index (tests/packaging)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browsing import all_pages, needs_chromium
from paths import BUILD, HTML, PDF, require

BUNDLE = BUILD / "tension-points-offline.zip"
TOP = "tension-points-offline"
COLLECT_LINKS = "() => [...document.querySelectorAll('a[href], link[href], img[src], script[src]')].map(e => e.href || e.src)"


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(require(BUNDLE)) as bundle:
        assert {name.split("/")[0] for name in bundle.namelist()} == {TOP}, "one folder, so unzipping makes no mess"
        bundle.extractall(target)
    return target / TOP


def test_the_bundle_holds_the_site_the_pdfs_the_wheels_and_the_notebooks(unzipped):
    for name in ("tension-points-course.pdf", "tension-points-facilitator-handbook.pdf", "tension-points-handouts.pdf"):
        assert (unzipped / "site" / "downloads" / name).read_bytes() == require(PDF / name).read_bytes()
    wheels = {p.name.split("-")[0].lower() for p in (unzipped / "wheels").glob("*.whl")}
    assert {"tension_points", "jupyterlab", "matplotlib", "nbconvert", "pyyaml", "jsonschema"} <= wheels
    assert not list((unzipped / "wheels").glob("*.tar.gz")), "only wheels: nothing to compile in a room"
    notebooks = sorted(p.name for p in (unzipped / "exercises").glob("*.ipynb"))
    assert notebooks == sorted(p.name for p in (HTML / "_notebooks").glob("*.ipynb"))
    assert (unzipped / "exercises" / "data" / "handoffs-example.yaml").is_file()
    readme = (unzipped / "README.txt").read_text()
    assert "site/index.html" in readme and '--no-index --find-links wheels "tension-points[exercises]"' in readme


def test_the_bundles_site_is_the_built_site(unzipped):
    for path in all_pages(HTML):
        assert (unzipped / "site" / path).read_bytes() == (HTML / path).read_bytes(), path


@needs_chromium
def test_the_site_opens_from_file_with_every_link_inside_the_bundle_working(unzipped, browser):
    root = unzipped.resolve()
    context = browser.new_context()
    outside: list[str] = []
    errors: list[str] = []

    def stay_in_bundle(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or (url.startswith("file://") and Path(unquote(urlsplit(url).path)).is_relative_to(root)):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", stay_in_bundle)
    page = context.new_page()
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("requestfailed", lambda request: errors.append(f"{page.url}: failed {request.url}"))
    broken: list[str] = []
    pages = all_pages(unzipped / "site")
    assert "exercises/setup.html" in pages
    for path in pages:
        page.goto((root / "site" / path).as_uri(), wait_until="load")
        for link in page.evaluate(COLLECT_LINKS):
            parts = urlsplit(link)
            if parts.scheme != "file":
                continue  # another site: reported by make linkcheck-external, not part of the bundle
            target = Path(unquote(parts.path))
            target = target / "index.html" if link.endswith("/") else target
            if not target.is_relative_to(root) or not target.is_file():
                broken.append(f"{path}: {link}")
    # The home page's downloads open from the stick too.
    page.goto((root / "site" / "index.html").as_uri())
    for name in ("tension-points-course.pdf", "tension_points-0.1.0-py3-none-any.whl"):
        href = page.locator(f"article a[href$='{name}']").first.evaluate("a => a.href")
        assert Path(unquote(urlsplit(href).path)) == root / "site" / "downloads" / name
    context.close()
    assert broken == []
    assert outside == []
    assert errors == []
