"""What a reader sees and no validator reports, in Chromium: no missing-glyph box (an icon font the
site does not ship), exercises numbered from 1 on every page, diagram labels that stay readable on
a 375-pixel phone, a skip link and a named navigation landmark past the sidebar, and no tab stop
that cannot be seen (sphinx-copybutton's buttons)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from browsing import all_pages, needs_chromium
from paths import HTML, require

PRIVATE_USE_GLYPHS = """() => {
  const found = [];
  for (const element of document.querySelectorAll("article *")) {
    for (const pseudo of ["::before", "::after"]) {
      const content = getComputedStyle(element, pseudo).content;
      if (/[\\uE000-\\uF8FF]/.test(content)) found.push(`${element.tagName}.${element.className} ${pseudo} ${content}`);
    }
  }
  return found;
}"""
DIAGRAM_SCALES = """() => [...document.querySelectorAll("article img.graphviz, article .cell_output img, article figure img")]
  .map(img => ({src: img.getAttribute("src"), drawn: parseFloat(img.getAttribute("width")) || img.naturalWidth,
                shown: img.getBoundingClientRect().width}))"""


def exercise_pages() -> list[str]:
    return [p for p in all_pages(require(HTML)) if "exercise" in (HTML / p).read_text(encoding="utf-8")
            and BeautifulSoup((HTML / p).read_text(encoding="utf-8"), "html.parser").select("div.exercise")]


@pytest.mark.parametrize("page", exercise_pages())
def test_exercises_are_numbered_from_one_on_every_page_and_solutions_name_their_own(page):
    soup = BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser")
    titles = [div.select_one("p.admonition-title").get_text(" ", strip=True) for div in soup.select("article div.exercise")]
    numbers = [int(re.search(r"Exercise (\d+)", title).group(1)) for title in titles]
    assert numbers == list(range(1, len(numbers) + 1)), f"{page}: {titles}"
    for solution in soup.select("article div.solution p.admonition-title"):
        assert int(re.search(r"Exercise (\d+)", solution.get_text()).group(1)) in numbers


@needs_chromium
def test_no_page_draws_a_glyph_from_an_icon_font_the_site_does_not_ship(site, browser, html_dir):
    page = browser.new_page()
    found = {}
    for path in all_pages(html_dir):
        page.goto(f"{site}/{path}", wait_until="load")
        glyphs = page.evaluate(PRIVATE_USE_GLYPHS)
        if glyphs:
            found[path] = glyphs[:3]
    page.close()
    assert found == {}


@needs_chromium
def test_on_a_phone_diagrams_keep_readable_labels_in_a_box_that_scrolls_and_the_page_does_not(site, browser, html_dir):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    checked = 0
    for path in all_pages(html_dir):
        html = (html_dir / path).read_text(encoding="utf-8")
        if "graphviz" not in html and "cell_output" not in html and "<figure" not in html:
            continue
        page.goto(f"{site}/{path}", wait_until="load")
        for diagram in page.evaluate(DIAGRAM_SCALES):
            checked += 1
            assert diagram["shown"] >= 0.7 * diagram["drawn"] - 1, f"{path}: {diagram}"
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    context.close()
    assert checked >= 10


@needs_chromium
def test_the_first_tab_is_a_skip_link_past_the_sidebar_and_the_sidebar_is_a_named_landmark(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/modules/02-silos.html")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.innerText.trim()") == "Skip to content"
    # it slides into view (a 0.3 s transition): wait for it, and fail if it never arrives
    page.wait_for_function("() => document.activeElement.getBoundingClientRect().top >= 0", timeout=3000)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('article, .content')")
    assert page.get_by_role("navigation", name="Course pages").count() == 1
    page.close()


@needs_chromium
def test_a_copy_button_the_keyboard_reaches_can_be_seen(site, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/exercises/reproducibility-audit.html")
    for _ in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.className.toString(), getComputedStyle(document.activeElement).opacity]")
        if "copybtn" in focused[0]:
            page.wait_for_timeout(400)  # the button fades in (0.3 s transition)
            assert float(page.evaluate("() => getComputedStyle(document.activeElement).opacity")) == 1
            break
    else:
        pytest.fail("no copy button reached by Tab on a page full of commands")
    page.close()
