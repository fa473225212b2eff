"""The room in Chromium: a facilitator, a projector and eight phones (375 px) through a poll,
an open prompt, a restart of the server and the export; axe-core on the three screens; a
phone that loses its connection."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browsing import needs_chromium
from room.room_fixtures import COURSE, LAPTOP, PHONE, room_command, stop_server  # PHONE, LAPTOP: also imported from here

pytestmark = needs_chromium
AXE = Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js"
ROLES = ["data-scientist", "data-engineer", "ml-engineer", "software-engineer", "data-scientist", "data-engineer", "product-manager", "other"]


def join(browser, server, role: str, team: str):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{server.base}/j/{server.code}")  # the QR code's link: the code is filled in
    expect(page.locator("#code")).to_have_value(server.code)
    page.locator(f"input[name=role][value={role}]").check()
    page.fill("#team", team)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/p/")
    expect(page.locator("#connection")).to_have_text("Connected")
    return page


def console_and_projector(browser, server, **options):
    """The facilitator's console and the projector, each on a laptop of its own."""
    console = browser.new_context(**LAPTOP, **options).new_page()
    console.goto(f"{server.base}/f/?token={server.token}")
    expect(console.locator("h1")).to_have_text("Facilitator console")
    projector = browser.new_context(**LAPTOP, **options).new_page()
    projector.goto(f"{server.base}/f/projector?token={server.token}")
    expect(projector.locator("#join-code")).to_have_text(server.code)
    return console, projector


def test_a_session_with_eight_phones_a_poll_an_open_prompt_a_restart_and_the_export(tmp_path, servers, browser):
    room_file = tmp_path / "room.sqlite"
    server = servers(room_file)
    console, projector = console_and_projector(browser, server)
    errors = []  # the console page must never throw, the server gone or not
    console.on("pageerror", lambda error: errors.append(str(error)))
    phones = [join(browser, server, role, f"Table {n // 2 + 1}") for n, role in enumerate(ROLES)]
    expect(projector.locator("#roster")).to_have_text("8 joined")

    # Nothing selected yet: no activity button that could only answer "nothing selected".
    expect(console.get_by_role("button", name="Open for answers")).to_be_hidden()
    expect(console.locator("#no-activity")).to_have_text("This agenda item has no live activity. To run one anyway, pick it below.")
    # The agenda: the first item, then the poll's segment, then open the poll.
    console.get_by_role("button", name="Start the first item").click()
    expect(console.get_by_role("button", name="Open for answers")).to_be_visible()
    expect(console.locator("#no-activity")).to_have_text("")
    expect(console.locator("#segment-title")).to_contain_text("Welcome")
    console.get_by_role("button", name="Next item").click()
    expect(console.locator("#segment-title")).to_contain_text("Whose job is deployment?")
    console.get_by_role("button", name="Open for answers").click()
    expect(projector.locator("#activity-title")).to_have_text("Whose job is deployment?")
    expect(projector.locator("#activity-prompt")).to_have_text("Who should put a model into production where you work?")
    expect(projector.locator("#countdown")).to_have_text(re.compile(r"^[56]:\d\d left$"))

    choices = ["The data scientist", "An engineer", "An engineer", "An engineer", "Both together", "An engineer", "The data scientist", "Both together"]
    for phone, choice in zip(phones, choices):
        expect(phone.locator("#activity-title")).to_have_text("Whose job is deployment?")
        phone.get_by_label(choice).check()
        phone.get_by_role("button", name="Send").click()
    for phone, choice in zip(phones, choices):
        expect(phone.locator("#my-answers")).to_contain_text(f"{choice} ✓ sent")
    expect(projector.locator("#results-box")).to_be_hidden()  # nothing shown before the reveal
    expect(console.locator("#answered")).to_have_text("8 answers; 8 joined")

    console.get_by_role("button", name="Reveal results").click()
    expect(projector.locator("#results")).to_contain_text("An engineer4 (50%)")
    # Split by role: no role has three people here, so no screen shows any role's answers
    # (the lone ML engineer's vote would be on the screen for everyone to read).
    console.get_by_role("button", name="Split by role on the projector").click()
    expect(projector.locator("#results .split-groups h2")).to_have_text(["All roles: 8 answers"])
    expect(projector.locator("#results")).not_to_contain_text("ML engineer")
    expect(phones[0].locator("#results")).to_contain_text("8 answers")
    expect(phones[0].locator("#role-filter-box")).to_be_hidden()

    # An open prompt from the course, answered from every phone; one answer tries markup, one is hidden.
    console.select_option("#other-activity", "handoffs-wall")
    console.get_by_role("button", name="Open it").click()
    texts = [f"Hand-off number {n}: results go to ops and nobody reports back" for n in range(6)]
    texts += ['<img src=x onerror="document.title=\'pwned\'"> tickets with no owner', "Please hide this one"]
    for phone, text in zip(phones, texts):
        expect(phone.locator("#activity-title")).to_have_text("One-way hand-offs")
        phone.fill("#answer-text", text)
        phone.get_by_role("button", name="Send").click()
        expect(phone.locator("#my-answers")).to_contain_text("✓ sent")
    expect(console.locator("#wall li")).to_have_count(8)
    console.locator("#wall li", has_text="Please hide this one").get_by_role("button", name="Hide").click()
    expect(console.locator("#wall li", has_text="Please hide this one")).to_contain_text("hidden from the room")
    console.get_by_role("button", name="Reveal results").click()
    expect(projector.locator("#results .wall > li")).to_have_count(7)
    expect(projector.locator("#results")).not_to_contain_text("Please hide this one")
    expect(projector.locator("#results")).to_contain_text('<img src=x onerror="document.title=\'pwned\'"> tickets with no owner')
    for page in (console, projector, phones[1]):
        assert page.locator("img").count() == 0 and page.title() != "pwned"
    phones[2].locator("#results li", has_text="Hand-off number 0").get_by_role("button").click()
    expect(projector.locator("#results .wall > li").first).to_contain_text("Hand-off number 0")
    expect(projector.locator("#results .wall > li").first).to_contain_text("1 vote")

    # The server stops mid-session; a phone keeps typing; the server comes back on the same port.
    port = server.port
    stop_server(server)
    phones[3].fill("#answer-text", "Sent while the server was down")
    phones[3].get_by_role("button", name="Send").click()
    expect(phones[3].locator("#my-answers")).to_contain_text("Sent while the server was down … waiting to send")
    # The facilitator presses Close meanwhile: refused where they look, never replayed later.
    console.get_by_role("button", name="Close").click()
    expect(console.locator("#action-error")).to_contain_text("Not done: the room server does not answer, so nothing changed")
    again = servers(room_file, port=port)
    assert again.token == server.token and again.code == server.code
    expect(phones[3].locator("#my-answers")).to_contain_text("Sent while the server was down ✓ sent", timeout=15000)
    for page in (console, projector, *phones):
        expect(page.locator("#connection")).to_have_text("Connected", timeout=15000)
    expect(projector.locator("#results .wall > li")).to_have_count(8)
    expect(console.locator("#wall li")).to_have_count(9)
    expect(console.locator("#activity-phase")).to_contain_text("Open for answers.")  # the refused Close was not applied
    expect(console.locator("#action-error")).to_have_text("")
    assert errors == []

    # The export holds every answer, by role, and the timings used.
    export = subprocess.run([*room_command(room_file)[:4], "export", "--room", str(room_file), "--course", str(COURSE)], capture_output=True, text=True, timeout=60)
    assert export.returncode == 0, export.stderr
    record = json.loads((tmp_path / "room-export.json").read_text())
    poll, wall = record["activities"]
    assert poll["results"]["counts"]["all"] == [2, 4, 2]
    assert sorted(a["answer"]["text"] for a in wall["answers"]) == sorted([*texts, "Sent while the server was down"])
    assert [a["hidden"] for a in wall["answers"] if a["answer"]["text"] == "Please hide this one"] == [True]
    assert [s["title"] for s in record["segments"]] == ["Welcome", "Whose job is deployment?"]
    markdown = (tmp_path / "room-export.md").read_text()
    assert "| An engineer | 4 | 0 | 2 | 1 | 1 |" in markdown
    assert "Hidden by the facilitator" in markdown and "Sent while the server was down" in markdown


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{page.url}: {v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_three_screens_have_no_accessibility_violations(tmp_path, servers, browser, scheme):
    server = servers(tmp_path / "room.sqlite")
    # axe is injected as an inline script, which the room's Content-Security-Policy forbids.
    options = {"bypass_csp": True, "color_scheme": scheme}
    join_page = browser.new_context(**PHONE, **options).new_page()
    join_page.goto(f"{server.base}/j/{server.code}")
    found = axe_violations(join_page)
    phone = join_page
    phone.locator("input[name=role][value=data-engineer]").check()
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url("**/p/")
    console, projector = console_and_projector(browser, server, **options)
    console.select_option("#other-activity", "opening-whose-job")
    console.get_by_role("button", name="Open it").click()
    with server.http() as others:  # results are shown once three people have answered
        for n in range(2):
            cookie = others.post("/join", json={"code": server.code, "role": "data-engineer"}).headers["set-cookie"].split(";")[0]
            others.post("/p/api/answer", json={"activity": "opening-whose-job", "key": f"other-phone-{n}", "choices": [0]}, headers={"cookie": cookie})
            others.cookies.clear()
    phone.get_by_label("An engineer").check()
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("#my-answers")).to_contain_text("✓ sent")
    console.get_by_role("button", name="Reveal results").click()
    expect(projector.locator("#results")).to_contain_text("An engineer")
    expect(phone.locator("#results")).to_contain_text("An engineer")
    # At 375 px nothing scrolls sideways, results included.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    for page in (phone, console, projector):
        found += axe_violations(page)
    console.get_by_role("button", name="Split by role on the projector").click()
    expect(projector.locator("#results .split-groups")).to_be_visible()
    found += axe_violations(projector)
    assert found == [], "\n".join(found)


def test_a_phone_that_loses_its_connection_keeps_the_answer_and_sends_it_once(tmp_path, servers, browser):
    server = servers(tmp_path / "room.sqlite")
    phone = join(browser, server, "ml-engineer", "Pair A")
    with server.facilitator() as facilitator:
        facilitator.post("/f/api/activity", json={"action": "open", "activity": "handoffs-words"})
    expect(phone.locator("#activity-title")).to_have_text("One word for the gap")
    phone.context.set_offline(True)
    phone.fill("#answer-text", "ownership gap")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("#connection")).to_have_text("Offline: what you type is kept and sent when you are back")
    expect(phone.locator("#my-answers")).to_contain_text("ownership gap … waiting to send")
    phone.fill("#answer-text", "half-typed draft")
    phone.context.set_offline(False)
    expect(phone.locator("#my-answers")).to_contain_text("ownership gap ✓ sent", timeout=15000)
    expect(phone.locator("#answer-text")).to_have_value("half-typed draft")
    with server.facilitator() as facilitator:
        view = facilitator.get("/f/api/state").json()
    assert view["answered"] == 1  # sent once
    assert view["results"] == {"waiting": True, "people": 1, "min_group": 3}  # one person's words: shown once three have answered
