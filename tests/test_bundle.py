"""The offline bundle (`make bundle`): one zip that works copied to a USB stick with no network:
the site opens from file:// in Chromium with every link inside the bundle working, the PDFs
and notebooks are in it, and its wheels install the kit with pip --no-index (tests/packaging)."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browsing import all_pages, needs_chromium
from paths import BUILD, HTML, PDF, REPO, require

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
    # The kit's commands by the environment's own path: a plain `tension-points` is "command not found"
    # in a terminal where the environment is not activated, and nothing here activates it.
    assert "~/tension-points/bin/tension-points exercises ~/tension-points-exercises" in readme
    assert "cd ~/tension-points-exercises && ~/tension-points/bin/jupyter lab" in readme
    # Which computers the wheels install on, in the learner's terms, and what to do on another.
    assert "this machine" not in readme and "--target" not in readme
    listed = re.findall(r"^- (Linux|Windows|macOS)[^\n]* on [^\n]+, Python (3\.\d+) \(any \2\.x\)$", readme, re.M)
    assert ("Linux", f"{sys.version_info[0]}.{sys.version_info[1]}") in listed
    assert "If yours differs" in readme and "paper route" in readme and "python3 --version" in readme


@pytest.mark.parametrize("platform, python, described", [
    ("linux-x86_64", "3.11", "- Linux on a 64-bit Intel or AMD processor (x86_64), Python 3.11 (any 3.11.x)"),
    ("win_amd64", "3.12", "- Windows on a 64-bit Intel or AMD processor (x86_64), Python 3.12 (any 3.12.x)"),
    ("macosx_11_0_arm64", "3.12", "- macOS 11 or later on Apple silicon (M1 or later), Python 3.12 (any 3.12.x)"),
    ("macosx_10_9_x86_64", "3.11", "- macOS 10.9 or later on a 64-bit Intel or AMD processor (x86_64), Python 3.11 (any 3.11.x)"),
])
def test_the_readme_names_each_wheel_platform_as_a_learner_knows_it(platform, python, described):
    sys.path.insert(0, str(REPO / "tools"))
    from make_bundle import describe_target

    assert describe_target(platform, python) == described


def test_the_bundles_site_is_the_built_site_with_no_link_to_a_zip_it_cannot_hold(unzipped):
    sys.path.insert(0, str(REPO / "tools"))
    from make_bundle import without_links_to_itself

    rewritten = 0
    for path in all_pages(HTML):
        built = (HTML / path).read_text(encoding="utf-8")
        copy = (unzipped / "site" / path).read_text(encoding="utf-8")
        assert copy == without_links_to_itself(built, BUNDLE.name), path
        assert f'downloads/{BUNDLE.name}"' not in copy, f"{path}: links the bundle, which its own copy cannot hold"
        rewritten += copy != built
    assert rewritten, "the site offers the bundle somewhere (Set up, the home page)"
    setup = (unzipped / "site" / "exercises" / "setup.html").read_text(encoding="utf-8")
    assert "the offline bundle (the zip this copy of the site came in)" in setup


def test_a_link_to_the_bundle_becomes_where_the_learner_has_it():
    sys.path.insert(0, str(REPO / "tools"))
    from make_bundle import without_links_to_itself

    html = 'get <a class="tp-download reference external" href="../downloads/tension-points-offline.zip">the offline bundle</a>.'
    assert without_links_to_itself(html, "tension-points-offline.zip") == \
        'get <span class="tp-download">the offline bundle (the zip this copy of the site came in)</span>.'


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
            if target == root / "site" / "downloads" / BUNDLE.name:
                continue  # the site offers the bundle; on the stick it is the zip that was opened
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
