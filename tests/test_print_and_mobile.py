"""The site as people use it, in Chromium: opened straight from disk, on a phone-sized
screen, from the keyboard alone, and printed.

- from disk (file://) every page loads with no request leaving the machine and no console
  error, and search finds pages;
- at 375 pixels wide nothing scrolls sideways and the navigation opens from the keyboard;
- every control (facilitator view, solution toggles, tabs, search) works from the keyboard,
  and wherever the keyboard is, a focus indicator shows it;
- printing hides the navigation and shows the content, facilitator notes only in the
  facilitator view.
"""

from __future__ import annotations

import pytest

from browsing import all_pages, needs_chromium

pytestmark = needs_chromium

PHONE = {"width": 375, "height": 740}
MODULE = "modules/02-silos.html"
EXERCISE = "exercises/silos-handoff-map.html"

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== "none";
  return {
    name: (e.getAttribute("aria-label") || e.textContent || e.value || e.tagName).trim().slice(0, 60),
    tag: e.tagName, classes: e.className, indicator: outline || shadow,
    onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
      && r.left < window.innerWidth && s.visibility !== "hidden",
  };
}"""


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def tab_to(page, matches, limit: int = 80) -> dict:
    """Press Tab until the focused element satisfies ``matches``; return what is focused."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and matches(focused):
            return focused
    raise AssertionError(f"not reachable with {limit} presses of Tab")


def finished(page) -> None:
    """Wait until Sphinx's search has listed every result (it adds them one by one)."""
    page.wait_for_function("document.querySelector('#search-results')?.textContent.includes('Search finished')", timeout=15_000)


# From disk ----------------------------------------------------------------------------


def test_every_page_works_opened_from_disk(new_page, html_dir):
    page = new_page()
    offsite: list[str] = []
    errors: list[str] = []

    def keep_local(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            offsite.append(url)
            route.abort()

    page.context.route("**/*", keep_local)
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    for path in all_pages(html_dir):
        page.goto((html_dir / path).as_uri(), wait_until="load")
        if not path.startswith("present/"):  # present mode's pages have no theme (tests/present)
            assert page.locator("article[role=main]").count() == 1, path
    assert offsite == []
    assert errors == []


def test_search_works_opened_from_disk(new_page, html_dir):
    page = new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto((html_dir / "index.html").as_uri())
    page.locator("input.sidebar-search").fill("silos")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=silos*")
    results = page.locator("#search-results ul.search li a")
    finished(page)
    assert any("02-silos.html" in (link.get_attribute("href") or "") for link in results.all())
    assert errors == []


def test_search_lists_each_page_once_per_place_in_it(new_page, html_dir):
    """"RACI" is a glossary term and a word on the glossary page: one "Glossary" result, to the term."""
    page = new_page()
    page.goto((html_dir / "search.html").as_uri() + "?q=RACI")
    finished(page)
    results = [(link.inner_text().strip(), link.get_attribute("href") or "")
               for link in page.locator("#search-results ul.search li > a").all()]
    glossary = [href for title, href in results if title == "Glossary"]
    assert len(glossary) == 1 and glossary[0].endswith("#term-RACI"), results
    pages = [(title, href.split("#")[0].split("?")[0]) for title, href in results]
    assert len(pages) == len(set(pages)), f"a page listed twice under one title: {results}"


# A phone-sized screen -------------------------------------------------------------------


def test_nothing_scrolls_sideways_at_375_pixels(new_page, site, html_dir):
    page = new_page(viewport=PHONE)
    wide: list[str] = []
    for path in all_pages(html_dir):
        page.goto(f"{site}/{path}?view=facilitator", wait_until="load")
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        if width > PHONE["width"]:
            wide.append(f"{path}: {width} px")
    assert wide == []


def test_the_navigation_opens_from_the_keyboard_at_375_pixels(new_page, site):
    page = new_page(viewport=PHONE)
    page.goto(f"{site}/{MODULE}")
    menu = tab_to(page, lambda f: f["name"] == "Site navigation")
    assert menu["indicator"] and menu["onScreen"]
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)  # the drawer slides in
    link = tab_to(page, lambda f: f["name"].startswith("Ownership"), limit=20)
    assert link["onScreen"], "the focused navigation link is on screen"
    page.keyboard.press("Enter")
    page.wait_for_url("**/modules/03-ownership.html")


def test_closed_drawers_are_not_in_the_tab_order_at_375_pixels(new_page, site):
    page = new_page(viewport=PHONE)
    page.goto(f"{site}/{MODULE}")
    off_screen: list[dict] = []
    for _ in range(60):  # once through the page's tab stops
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        if not focused["onScreen"] and focused["name"] != "Skip to content":  # the skip link slides in
            off_screen.append(focused)
    assert off_screen == []


# The keyboard ---------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", [MODULE, EXERCISE, "index.html"])
def test_wherever_the_keyboard_is_a_focus_indicator_shows_it(new_page, site, path, viewport):
    page = new_page(viewport=viewport)
    page.goto(f"{site}/{path}?view=facilitator")
    missing: list[str] = []
    seen = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        seen += 1
        if not focused["indicator"]:
            missing.append(f"{focused['tag']}.{focused['classes']} {focused['name']!r}")
    assert seen >= 5
    assert missing == []


def test_the_facilitator_view_works_from_the_keyboard(new_page, site):
    page = new_page()
    page.goto(f"{site}/{MODULE}")
    note = page.locator("aside.tp-facilitator-note").first
    toggle = tab_to(page, lambda f: f["name"].startswith("Facilitator view"))
    assert toggle["indicator"]
    assert not note.is_visible()
    page.keyboard.press("Enter")
    assert note.is_visible()
    page.keyboard.press("Space")
    assert not note.is_visible()


def test_a_solution_opens_and_closes_from_the_keyboard(new_page, site):
    page = new_page()
    page.goto(f"{site}/{EXERCISE}")
    solution = page.locator(".solution.dropdown").first
    body = solution.locator("section").first
    assert not body.is_visible(), "solutions start collapsed"
    button = tab_to(page, lambda f: "toggle-button" in f["classes"])
    assert button["indicator"]
    page.keyboard.press("Enter")
    assert body.is_visible()
    assert solution.locator("button.toggle-button").get_attribute("aria-expanded") == "true"
    page.keyboard.press("Space")
    assert not body.is_visible()


def test_tabs_switch_from_the_keyboard(new_page, site, html_dir):
    pages = [path for path in all_pages(html_dir) if "sd-tab-set" in (html_dir / path).read_text(encoding="utf-8")]
    if not pages:
        pytest.skip("no page of the site uses tabs (sphinx-design tab-set)")
    page = new_page()
    page.goto(f"{site}/{pages[0]}")
    tab_set = page.locator(".sd-tab-set").first
    tab_to(page, lambda f: f["tag"] == "INPUT" and page.evaluate("document.activeElement.closest('.sd-tab-set') !== null"))
    assert page.evaluate(FOCUSED)["indicator"] or page.evaluate(
        "getComputedStyle(document.activeElement.nextElementSibling).outlineStyle !== 'none'"
    )
    before = tab_set.locator(".sd-tab-content:visible").first.inner_text()
    page.keyboard.press("ArrowRight")
    assert tab_set.locator(".sd-tab-content:visible").first.inner_text() != before


def test_search_works_from_the_keyboard(new_page, site):
    page = new_page()
    page.goto(f"{site}/index.html")
    box = tab_to(page, lambda f: f["tag"] == "INPUT" and "sidebar-search" in f["classes"])
    assert box["indicator"]
    page.keyboard.type("ownership")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=ownership*")
    results = page.locator("#search-results ul.search li a")
    finished(page)
    assert results.count() >= 1


# Print ----------------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["learner", "facilitator"])
def test_printing_shows_the_content_without_the_navigation(new_page, site, view):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/{MODULE}" + ("?view=facilitator" if view == "facilitator" else ""))
    page.emulate_media(media="print")
    for hidden in (".sidebar-drawer", ".toc-drawer", ".mobile-header", ".tp-facilitator-toggle", ".related-pages"):
        assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    assert page.locator("article[role=main] h1").is_visible()
    assert page.locator("article[role=main] .tp-quote").first.is_visible()
    content_width = page.evaluate("document.querySelector('article[role=main]').getBoundingClientRect().width")
    assert content_width > 600, "the content takes the page's width"
    notes = page.locator("aside.tp-facilitator-note").first
    assert notes.is_visible() == (view == "facilitator")
