"""In a real browser (Debian's Chromium over 127.0.0.1): every page loads offline and cleanly,
and the facilitator view shows and hides the facilitator notes."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def site(html_dir):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(html_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def all_pages(html_dir: Path) -> list[str]:
    return sorted(str(p.relative_to(html_dir)) for p in html_dir.rglob("*.html") if "_static" not in p.parts)


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

    assert not note.is_visible()
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert note.is_visible()
    assert toggle.get_attribute("aria-pressed") == "true"

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
