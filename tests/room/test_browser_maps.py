"""The hand-off map and the ownership matrix in Chromium, on the kit's own course: two pairs'
phones (375 px) fill a map and a matrix, one by the keyboard; the loader's message on a phone;
an edit; the projector's drawings, gallery and one at a time; a download the notebook loads;
the export; axe-core on the new screens."""

from __future__ import annotations

import json
import subprocess

from playwright.sync_api import expect

from browsing import needs_chromium
from room.room_fixtures import room_command
from room.test_browser_projector import CHECK
from room.test_browser_room import LAPTOP, PHONE, axe_violations, console_and_projector
from tension_points.course import course_root
from tension_points.exercises import handoffs, ownership

pytestmark = needs_chromium
OPTIONS = {"bypass_csp": True}  # axe is injected as an inline script, which the room's policy forbids


def join(browser, server, team: str):
    page = browser.new_context(**PHONE, **OPTIONS).new_page()
    page.goto(f"{server.base}/j/{server.code}")
    page.locator("input[name=role][value=data-scientist]").check()
    page.fill("#team", team)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/p/")
    expect(page.locator("#connection")).to_have_text("Connected")
    return page


def add_handoff(phone, source: str, target: str, what: str, feedback_on: str | None = None) -> None:
    """A new hand-off at the end of the pair's form, chosen and typed as a person would;
    ``feedback_on`` is the option naming the hand-off it reports on, when it is feedback."""
    phone.get_by_role("button", name="Add a hand-off").click()
    added = phone.locator("fieldset.map-item").last
    added.get_by_label("From", exact=True).select_option(label=source)
    added.get_by_label("To", exact=True).select_option(label=target)
    added.get_by_label("What is handed over").fill(what)
    if feedback_on:
        added.get_by_label("Work, or feedback on another hand-off?").select_option(label=feedback_on)


def open_activity(console, activity_id: str, title: str, phones):
    console.select_option("#other-activity", activity_id)
    console.get_by_role("button", name="Open it").click()
    for phone in phones:
        expect(phone.locator("#activity-title")).to_have_text(title)
        expect(phone.locator("#map-form")).to_be_visible()


def drawings_as_shown(browser, server) -> list[bool]:
    """A projector at 1280x720 turned through its pages by its clock: for each pair's drawing,
    whether it filled most of the stage on its page (it was once laid out 0 px tall); on every
    page, no text under 32 px and nothing cut (the findings were once 29 px and cut off)."""
    page = browser.new_context(viewport={"width": 1280, "height": 720}, **OPTIONS).new_page()
    page.clock.install()
    page.goto(f"{server.base}/f/projector?token={server.token}")
    page.wait_for_function("[...document.querySelectorAll('.map-card img')].length === 2 && "
                           "[...document.querySelectorAll('.map-card img')].every((i) => i.complete && i.naturalWidth > 0)")
    filled = {}
    for _ in range(int(page.locator("body").get_attribute("data-pages"))):
        page.clock.run_for(1000)  # the images' load re-cut the pages: let it happen, then look
        found = page.evaluate(CHECK)
        assert found["small"] == [] and found["cut"] == [] and found["scroll"] == [0, 0], found
        filled.update(page.evaluate("""() => {
          const area = document.getElementById("area").getBoundingClientRect();
          return Object.fromEntries([...document.querySelectorAll(".map-card:not(.map-text):not(.off-page) img")].map(
            (img) => [img.alt.slice(0, 40), img.getBoundingClientRect().height > 0.6 * area.height && img.getBoundingClientRect().bottom <= area.bottom + 1]));
        }"""))
        page.clock.run_for(20_000)
    page.context.close()
    return list(filled.values())


def test_two_pairs_map_and_matrix_on_phones_and_the_projector_draws_them(tmp_path, servers, browser):
    room_file = tmp_path / "room.sqlite"
    server = servers(room_file, "--course", str(course_root()))
    console, projector = console_and_projector(browser, server, **OPTIONS)
    pair_a, pair_b = join(browser, server, "Pair A"), join(browser, server, "Pair B")
    found = []

    # The hand-off map. Pair A starts from the kit's example and gives Data science feedback on its notebook.
    open_activity(console, "silos-handoff-map", "Map the hand-offs around a model", (pair_a, pair_b))
    expect(pair_a.locator("#map-pair")).to_have_value("Pair A")  # the table or pair given at join
    pair_a.get_by_role("button", name="Start from the kit's example (replaces the form)").click()
    expect(pair_a.locator("#map-title")).to_have_value("Churn model at a subscription company")
    add_handoff(pair_a, "Customer support", "Data science", "which at-risk customers actually left",
                feedback_on="Feedback on hand-off 3: model notebook to re-code")
    pair_a.get_by_role("button", name="Save our map").click()
    expect(pair_a.locator("#map-status")).to_contain_text("✓ Saved")
    found += axe_violations(pair_a)
    assert pair_a.evaluate("document.documentElement.scrollWidth") <= 375

    # Pair B types its own map with the keyboard alone; a hand-off to itself gets the loader's message.
    pair_b.locator("#map-title").focus()
    pair_b.keyboard.type("Fraud model")
    pair_b.keyboard.press("Tab")
    pair_b.keyboard.type("Risk analytics")
    pair_b.keyboard.press("Tab")  # Team 1's Remove button
    pair_b.keyboard.press("Tab")
    expect(pair_b.get_by_label("Team 2", exact=True)).to_be_focused()
    pair_b.keyboard.type("Card operations")
    pair_b.keyboard.press("Tab")
    pair_b.keyboard.press("Tab")
    expect(pair_b.get_by_role("button", name="Add a team")).to_be_focused()
    pair_b.keyboard.press("Enter")
    expect(pair_b.get_by_label("Team 3", exact=True)).to_be_focused()
    pair_b.keyboard.type("Fraud investigators")
    pair_b.get_by_label("From", exact=True).focus()
    pair_b.get_by_label("From", exact=True).select_option(label="Risk analytics")
    pair_b.get_by_label("To", exact=True).select_option(label="Risk analytics")
    pair_b.get_by_label("What is handed over").focus()
    pair_b.keyboard.type("fraud scores")
    pair_b.keyboard.press("Enter")  # Enter in a field saves, as in any form
    expect(pair_b.locator("#map-status")).to_have_text("✗ Not saved: Hand-off 1: a team cannot hand off to itself ('risk-analytics')")
    pair_b.get_by_label("To", exact=True).select_option(label="Card operations")
    pair_b.get_by_role("button", name="Save our map").click()
    expect(pair_b.locator("#map-status")).to_contain_text("✓ Saved")
    # An edit: the pair adds a hand-off back and saves again; the projector will show this version only.
    add_handoff(pair_b, "Fraud investigators", "Risk analytics", "confirmed fraud cases")
    pair_b.get_by_role("button", name="Save our map").click()
    expect(pair_b.locator("#map-status")).to_contain_text("✓ Saved")
    expect(console.locator("#answered")).to_contain_text("2 answers")

    # The download is the file the notebook reads, and the notebook draws it; closed, it is still offered.
    console.get_by_role("button", name="Close").click()
    expect(pair_b.locator("#map-form")).to_have_count(0)
    expect(pair_b.locator("#map-editor")).to_contain_text("Your pair's map is saved (Pair B).")
    with pair_b.expect_download() as download:
        pair_b.get_by_role("link", name="Download our map (YAML, for the notebook)").click()
    home = tmp_path / "my-team.yaml"
    download.value.save_as(home)
    loaded = handoffs.load_map(home)
    assert loaded.title == "Fraud model" and list(loaded.teams.values()) == ["Risk analytics", "Card operations", "Fraud investigators"]
    assert handoffs.draw(loaded, handoffs.analyse(loaded)) is not None
    with pair_b.expect_download() as drawing:
        pair_b.get_by_role("link", name="Download the drawing (SVG)").click()
    assert "confirmed fraud cases" in drawing.value.path().read_text()

    # The projector: both drawings, each with its findings as alt text and a text table.
    console.get_by_role("button", name="Reveal results").click()
    cards = projector.locator(".map-card:not(.map-text)")
    expect(cards).to_have_count(2)
    expect(cards.nth(0).locator(".map-card-title")).to_have_text("Pair A: Churn model at a subscription company")
    texts = projector.locator(".map-card.map-text")
    expect(texts.nth(0)).to_contain_text("feedback on: model notebook to re-code")  # chosen on the phone, kept as feedback
    images = projector.locator(".map-card img")
    expect(images.nth(1)).to_have_attribute("alt", handoffs.describe(loaded, handoffs.analyse(loaded)))
    projector.wait_for_function("[...document.querySelectorAll('.map-card img')].every((i) => i.complete && i.naturalWidth > 0)")
    # One pair a page, turning by itself: its drawing as large as the stage allows, then its
    # findings and its table in the projector's text size.
    expect(projector.locator(".map-card:not(.off-page)")).to_have_count(1)
    assert int(projector.locator("body").get_attribute("data-pages")) >= 4  # two drawings, two findings, their tables paged
    expect(texts.nth(1).locator("table")).to_contain_text("Fraud investigatorsRisk analyticsconfirmed fraud cases")
    found += axe_violations(projector)
    assert drawings_as_shown(browser, server) == [True, True]
    expect(pair_a.locator("#results")).to_contain_text("Pair B: Fraud model")  # phones get the text version
    found += axe_violations(console)

    # The ownership matrix: Pair A fills in roles, a stage and letters; Pair B runs the example.
    open_activity(console, "ownership-matrix", "An ownership matrix for the pipeline", (pair_a, pair_b))
    expect(pair_a.locator("#raci-key")).to_have_text(" · ".join(f"{l} {ownership.LETTER_NAMES[l]}" for l in ownership.LETTERS))
    pair_a.get_by_label("Title of your matrix (optional)").fill("Support bot")
    pair_a.get_by_label("Role 1", exact=True).fill("Data scientist")
    pair_a.get_by_label("Role 2", exact=True).fill("Support lead")
    pair_a.get_by_label("Stage name").fill("Training")
    pair_a.get_by_label("Stage name").press("Tab")
    stage = pair_a.locator("fieldset.map-item").first
    expect(stage.locator("legend").first).to_have_text("Stage 1: Training")
    scientist = stage.locator("fieldset.raci", has_text="Data scientist")
    scientist.get_by_label("R responsible", exact=True).check()
    scientist.get_by_label("RA responsible and accountable", exact=True).check()  # one choice per cell: RA replaces R
    expect(scientist.get_by_label("R responsible", exact=True)).not_to_be_checked()
    pair_a.get_by_role("button", name="Save our matrix").click()
    expect(pair_a.locator("#map-status")).to_contain_text("✓ Saved")
    assert pair_a.evaluate("document.documentElement.scrollWidth") <= 375
    found += axe_violations(pair_a)
    pair_b.get_by_role("button", name="Start from the kit's example (replaces the form)").click()
    pair_b.get_by_role("button", name="Save our matrix").click()
    expect(pair_b.locator("#map-status")).to_contain_text("✓ Saved")
    assert pair_b.evaluate("document.documentElement.scrollWidth") <= 375
    console.get_by_role("button", name="Reveal results").click()
    expect(cards).to_have_count(2)
    expect(cards.nth(0).locator("img")).to_have_attribute("alt", "Support bot: 1 stages, 2 roles.\nRoles with no part in any stage (1):\n  - Support lead")
    expect(texts.nth(1).locator("table")).to_contain_text("! 2+ A")  # the gaps in words, not only hatching
    projector.wait_for_function("[...document.querySelectorAll('.map-card img')].every((i) => i.complete && i.naturalWidth > 0)")
    found += axe_violations(projector)
    assert found == [], "\n".join(found)

    # The facilitator's export: every pair's YAML, loaded by the notebooks, and every drawing.
    export = subprocess.run([*room_command(room_file)[:4], "export", "--room", str(room_file)], capture_output=True, text=True, timeout=120)
    assert export.returncode == 0, export.stderr
    record = json.loads((tmp_path / "room-export.json").read_text())
    by_id = {a["id"]: a for a in record["activities"]}
    paths = {kind: [tmp_path / f["path"] for f in by_id[kind]["files"]] for kind in ("silos-handoff-map", "ownership-matrix")}
    maps = sorted(handoffs.load_map(p).title for p in paths["silos-handoff-map"] if p.suffix == ".yaml")
    assert maps == ["Churn model at a subscription company", "Fraud model"]
    matrices = [ownership.load_matrix(p) for p in paths["ownership-matrix"] if p.suffix == ".yaml"]
    assert sorted(len(m.stages) for m in matrices) == [1, 8]
    assert all("<svg" in p.read_text() for paths_of in paths.values() for p in paths_of if p.suffix == ".svg")


def test_the_map_screens_have_no_accessibility_violations_in_dark_mode(tmp_path, servers, browser):
    server = servers(tmp_path / "room.sqlite", "--course", str(course_root()))
    dark = {**OPTIONS, "color_scheme": "dark"}
    phone = browser.new_context(**PHONE, **dark).new_page()
    phone.goto(f"{server.base}/j/{server.code}")
    phone.locator("input[name=role][value=data-engineer]").check()
    phone.fill("#team", "Pair C")
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url("**/p/")
    projector = browser.new_context(**LAPTOP, **dark).new_page()
    projector.goto(f"{server.base}/f/projector?token={server.token}")
    found = []
    with server.facilitator() as facilitator:
        for activity, what in (("silos-handoff-map", "map"), ("ownership-matrix", "matrix")):
            facilitator.post("/f/api/activity", json={"action": "open", "activity": activity})
            phone.get_by_role("button", name="Start from the kit's example (replaces the form)").click()
            phone.get_by_role("button", name=f"Save our {what}").click()
            expect(phone.locator("#map-status")).to_contain_text("✓ Saved")
            found += axe_violations(phone)
            facilitator.post("/f/api/activity", json={"action": "reveal"})
            expect(projector.locator(".map-card:not(.map-text)")).to_have_count(1)
            expect(phone.locator("#results .map-card")).to_have_count(1)
            found += axe_violations(projector) + axe_violations(phone)
    assert found == [], "\n".join(found)
