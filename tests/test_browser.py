"""In a real browser (Debian's Chromium over 127.0.0.1): every page loads offline and cleanly,
and the facilitator view shows and hides the facilitator notes."""

from __future__ import annotations


from browsing import all_pages, needs_chromium

pytestmark = needs_chromium


def test_every_page_loads_with_no_request_leaving_the_machine_and_no_console_error(site, browser, html_dir):
    context = browser.new_context()
    offsite: list[str] = []
    errors: list[str] = []

    def keep_local(route):
        url = route.request.url
        if url.startswith(site) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            offsite.append(url)
            route.abort()

    context.route("**/*", keep_local)
    page = context.new_page()
    page.on("console", lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    pages = all_pages(html_dir)
    assert len(pages) >= 10
    for path in pages:
        response = page.goto(f"{site}/{path}", wait_until="load")
        assert response.ok, path
    context.close()
    assert offsite == []
    assert errors == []


def test_the_facilitator_view_toggle_shows_and_hides_the_notes(site, browser):
    page = browser.new_page()
    page.goto(f"{site}/modules/02-silos.html")
    note = page.locator("aside.tp-facilitator-note").first
    toggle = page.get_by_role("button", name="Facilitator view")

    present = page.locator("p.tp-present-link")
    assert not note.is_visible()
    assert toggle.get_attribute("aria-pressed") == "false"
    # The learner's view: no count of notes meant for someone else, no projector links.
    assert toggle.inner_text() == "Facilitator view" and not present.is_visible()
    assert "notes on this page" not in page.locator("article").inner_text()
    toggle.click()
    assert note.is_visible() and present.is_visible()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert toggle.inner_text().startswith("Facilitator view: on (") and "notes on this page" in toggle.inner_text()

    page.goto(f"{site}/exercises/silos-handoff-map.html")
    page.goto(f"{site}/modules/02-silos.html")
    assert page.locator("aside.tp-facilitator-note").first.is_visible(), "the choice is remembered across pages"

    page.get_by_role("button", name="Facilitator view").click()
    assert not page.locator("aside.tp-facilitator-note").first.is_visible()
    page.close()


def test_a_link_can_open_a_page_in_the_facilitator_view(site, browser):
    page = browser.new_page()
    page.goto(f"{site}/modules/02-silos.html?view=facilitator")
    assert page.locator("aside.tp-facilitator-note").first.is_visible()
    page.close()
