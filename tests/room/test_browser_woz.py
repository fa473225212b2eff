"""The Wizard of Oz in the room, in Chromium: two groups at once, each with a user, a wizard and
an observer on their own devices (phones at 375 px), joined from the room; a stale wizard
tab, clock skew in a wizard's browser, a restart of the room's server midway, the
projector's curtain and debrief, the export; axe-core on the new screens."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browsing import needs_chromium
from room.room_fixtures import room_command, stop_server
from room.test_browser_room import LAPTOP, PHONE, axe_violations, console_and_projector
from tension_points.woz.log import parse_time, read_log

pytestmark = needs_chromium
WOZ_COURSE = Path(__file__).parent / "woz_course"
GAME = "woz-room-game"
NOTE = "Note (it is timestamped and tied to the item being played)"
SKEW = """(() => {
    const RealDate = Date, skew = 45000;
    class SkewedDate extends RealDate {
        constructor(...args) { if (args.length === 0) super(RealDate.now() + skew); else super(...args); }
        static now() { return RealDate.now() + skew; }
    }
    window.Date = SkewedDate;
})();"""
ROLE_TITLES = {"user": "The user", "wizard": "The wizard (the model)", "observer": "The observer"}  # the role cards' titles


def start_game(console, groups: int):
    console.select_option("#other-activity", GAME)
    console.get_by_role("button", name="Open it").click()
    console.get_by_label("Number of groups").fill(str(groups))
    # The items a round are chosen here, at the start (a late room plays fewer): the module's setting first.
    expect(console.get_by_label("Items a round", exact=False)).to_have_value("2")
    console.get_by_role("button", name="Start the game").click()
    expect(console.locator("#woz-console-groups tbody tr")).to_have_count(groups)


def take_seat(context, server, group: int, role: str):
    """A device joins the room as usual, then takes its seat and opens its screen."""
    page = context.new_page()
    page.goto(f"{server.base}/j/{server.code}")
    page.locator("input[name=role][value=data-scientist]").check()
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/p/")
    page.get_by_label(f"Group {group}", exact=True).check()
    page.get_by_label(ROLE_TITLES[role], exact=True).check()
    page.get_by_role("button", name="Take this seat").click()
    expect(page.locator("#woz-my-seat")).to_contain_text(f"Your seat: the {role} of group {group}.")
    page.get_by_role("link", name=f"Open the {role}'s screen").click()
    page.wait_for_url(f"**/p/woz/{GAME}/{group}/{'' if role == 'user' else role}")
    return page


def group_of_three(browser, server, group: int, wizard_options: dict, init_script: str | None = None):
    user = take_seat(browser.new_context(**PHONE), server, group, "user")
    wizard_context = browser.new_context(**wizard_options)
    if init_script:
        wizard_context.add_init_script(init_script)
    wizard = take_seat(wizard_context, server, group, "wizard")
    observer = take_seat(browser.new_context(**PHONE), server, group, "observer")
    return user, wizard, observer


def ask_and_answer(user, wizard, key: str, question: str):
    """The user asks; the wizard answers with a number key; the user sees the answer arrive."""
    answers = user.locator("#answers li").count()
    user.get_by_label("Your question to the product").fill(question)
    user.get_by_role("button", name="Ask").click()
    wizard.locator("#question-text").get_by_text(question).wait_for()
    wizard.locator("body").press(key)  # number keys choose a label
    wizard.get_by_role("button", name="Send answer").click()
    expect(user.locator("#answers li")).to_have_count(answers + 1)


def log_of(room_file: Path, group: int) -> list[dict]:
    return read_log(room_file.with_name(f"{room_file.stem}-woz-{GAME}-group-{group}.jsonl"))


def test_two_groups_play_across_three_devices_each_through_a_stale_tab_clock_skew_and_a_restart(tmp_path, servers, browser):
    room_file = tmp_path / "room.sqlite"
    server = servers(room_file, "--course", str(WOZ_COURSE))
    console, projector = console_and_projector(browser, server)
    start_game(console, 2)
    expect(projector.locator("#woz-curtain > li")).to_have_count(2)
    # Group 1's wizard is on a laptop whose clock runs 45 s fast; group 2's plays on a phone.
    user1, wizard1, observer1 = group_of_three(browser, server, 1, LAPTOP, SKEW)
    user2, wizard2, observer2 = group_of_three(browser, server, 2, PHONE)
    assert abs(wizard1.evaluate("Date.now()") / 1000 - time.time() - 45) < 5, "the skew is in place"
    expect(console.locator("#woz-console-groups")).to_contain_text("1 user, 1 wizard, 1 observer")

    expect(user1.get_by_text("Waiting for the facilitator to start round 1", exact=False)).to_be_visible()
    expect(projector.locator("#woz-curtain")).to_contain_text("Paused before round 1: the facilitator starts it")
    console.get_by_role("button", name="Start the next round for every group waiting").click()
    expect(projector.locator("#woz-curtain > li").nth(0)).to_contain_text("Waiting for the user's next question")

    # Group 1: a second wizard tab stops hearing from the server and falls behind.
    stale = wizard1.context.new_page()
    stale.goto(wizard1.url)
    expect(stale.locator("#round")).to_contain_text("Round 1 of 2")
    user1.get_by_label("Your question to the product").fill("Which queue for this one?")
    user1.get_by_role("button", name="Ask").click()
    for tab in (wizard1, stale):
        tab.locator("#question-text").get_by_text("Which queue for this one?").wait_for()
    # From now on, this tab stops hearing from the server (a laptop on flaky Wi-Fi).
    stale.route("**/api/wizard/state*", lambda route: route.abort())
    expect(projector.locator("#woz-curtain > li").nth(0)).to_contain_text("Behind the curtain: the wizard is answering")
    wizard1.wait_for_timeout(1200)
    assert "OVER BUDGET" not in wizard1.locator("#timer").inner_text(), "the timer runs on the server's clock"
    wizard1.locator("body").press("2")
    wizard1.get_by_role("button", name="Send answer").click()
    user1.locator("#answers li").first.get_by_text("The product answered: bug", exact=False).wait_for()
    user1.get_by_label("Your question to the product").fill("And this one?")
    user1.get_by_role("button", name="Ask").click()
    wizard1.locator("#question-text").get_by_text("And this one?").wait_for()
    stale.locator("body").press("3")
    stale.get_by_role("button", name="Send answer").click()
    expect(stale.get_by_role("alert")).to_contain_text("Not recorded: this answer was for round 1, item t01, but it has already been answered")
    observer1.get_by_label(NOTE).fill("The wizard read the subject line twice")
    observer1.get_by_role("button", name="Add note").click()
    observer1.locator("#notes li").get_by_text("round 1, t02: ", exact=False).wait_for()

    ask_and_answer(user2, wizard2, "1", "Who handles this?")

    # The room's server stops and comes back on the same port: every group resumes.
    port = server.port
    stop_server(server)
    server = servers(room_file, "--course", str(WOZ_COURSE), port=port)
    wizard1.locator("#question-text").get_by_text("And this one?").wait_for(timeout=15000)  # the pending question survived
    wizard1.locator("body").press("1")
    wizard1.get_by_role("button", name="Send answer").click()
    user1.locator("#answers li").first.get_by_text("The product answered: urgent", exact=False).wait_for()
    ask_and_answer(user2, wizard2, "3", "Is this billing?")
    wizard2.get_by_role("button", name="Undo my last answer (t02: billing)").click()  # once the screen shows that answer
    wizard2.get_by_text("Took back your answer for item t02: answer it again.").wait_for()
    expect(user2.locator("#answers li")).to_have_count(1)
    expect(wizard2.get_by_role("button", name="Send answer")).to_be_enabled()  # the question is shown again
    wizard2.locator("body").press("4")
    wizard2.get_by_role("button", name="Send answer").click()
    expect(user2.locator("#answers li")).to_have_count(2)

    # Round boundaries: group 1 is released alone, then the rest.
    expect(console.get_by_role("button", name="Start round 2 for group 1")).to_be_visible(timeout=10000)
    expect(projector.locator("#woz-curtain > li").nth(1)).to_contain_text("Paused before round 2")
    console.get_by_role("button", name="Start round 2 for group 1").click()
    expect(console.get_by_role("button", name="Start round 2 for group 2")).to_be_visible()
    expect(projector.locator("#woz-curtain > li").nth(1)).to_contain_text("Paused before round 2")
    console.get_by_role("button", name="Start the next round for every group waiting").click()

    user1.get_by_label("Your question to the product").fill("Round 2, first one")
    user1.get_by_role("button", name="Ask").click()
    wizard1.locator("#question-text").get_by_text("Round 2, first one").wait_for()
    for name in ("Send answer", "Undo my last answer (t02: urgent)"):
        box = wizard1.get_by_role("button", name=name).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800 and box["x"] + box["width"] <= 1280, (name, box)
    wizard1.locator("body").press("2")
    wizard1.get_by_role("button", name="Send answer").click()
    user1.locator("#answers li").first.get_by_text("You asked: Round 2, first one", exact=False).wait_for()
    ask_and_answer(user1, wizard1, "1", "Round 2, second one")
    ask_and_answer(user2, wizard2, "2", "Round 2 for group 2")
    observer2.get_by_label(NOTE).fill("Round 2 was quicker")
    observer2.get_by_role("button", name="Add note").click()
    ask_and_answer(user2, wizard2, "4", "The last one")

    # Every group has finished: the projector opens the curtain.
    debrief = projector.locator("#woz-debrief")
    expect(debrief).to_contain_text("Comparing the sessions", timeout=10000)
    expect(debrief.locator("h2, h3, h4", has_text="Behind the curtain, item by item")).to_have_count(2)  # some on later pages
    expect(debrief).to_contain_text("Which queue for this one?")
    # The room sees its groups by name, never a log file's name, on any page.
    expect(debrief.locator("h2, h3", has_text="Group 1")).to_have_text(["Group 1"])
    assert ".jsonl" not in projector.locator("#area").text_content()
    # No page ends with a heading whose first item is on the next page.
    ends = projector.evaluate("""() => { const items = [...document.querySelectorAll('[data-on-page]')];
      const pages = new Map(); for (const item of items) pages.set(item.dataset.onPage, item);
      return [...pages.entries()].filter(([n]) => Number(n) < pages.size).map(([n, last]) => last.tagName + ' ' + last.textContent.slice(0, 40)); }""")
    assert not [end for end in ends if end.split()[0] in ("H1", "H2", "H3", "H4", "H5", "H6")], ends
    expect(projector.locator("#woz-curtain > li").nth(1)).to_contain_text("Finished: every item answered")

    # The logs: nothing for the wrong item, every time on the server's clock.
    stop_server(server)
    first = log_of(room_file, 1)
    assert [(e["round"], e["item"], e["label"]) for e in first if e["event"] == "answer"] == [(1, "t01", "bug"), (1, "t02", "urgent"), (2, "t01", "bug"), (2, "t02", "urgent")]
    refused = [e for e in first if e["event"] == "refused"]
    assert [(e["item"], e["label"]) for e in refused] == [("t01", "billing")]
    for answer in (e for e in first if e["event"] == "answer"):
        assert answer["latency_seconds"] < 20 and answer["over_budget"] is False, answer
    for event in first:
        assert abs(parse_time(event["time"]).timestamp() - time.time()) < 600, "every time in the log is the server's"
    assert [e["event"] for e in first].count("resume") == 1
    second = log_of(room_file, 2)
    assert [(e["round"], e["item"], e["label"]) for e in second if e["event"] in ("answer", "undo")] == [
        (1, "t01", "urgent"), (1, "t02", "billing"), (1, "t02", "billing"), (1, "t02", "how-to"), (2, "t01", "bug"), (2, "t02", "how-to")]

    # The export holds each group's full log and debrief.
    export = subprocess.run([*room_command(room_file)[:4], "export", "--room", str(room_file), "--course", str(WOZ_COURSE)], capture_output=True, text=True, timeout=60)
    assert export.returncode == 0, export.stderr
    record = json.loads((tmp_path / "room-export.json").read_text())
    game = next(a for a in record["activities"] if a["id"] == GAME)
    assert [len(g["events"]) for g in game["woz"]["groups"]] == [len(first), len(second)]
    markdown = (tmp_path / "room-export.md").read_text()
    assert "Session A: Group 1: room-woz-woz-room-game-group-1.jsonl: Behind the curtain, item by item" in markdown
    assert "Session B: Group 2: room-woz-woz-room-game-group-2.jsonl: Behind the curtain, item by item" in markdown
    assert "The wizard read the subject line twice" in markdown and "Round 2 was quicker" in markdown


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_woz_screens_in_the_room_have_no_accessibility_violations(tmp_path, servers, browser, scheme):
    server = servers(tmp_path / "room.sqlite", "--course", str(WOZ_COURSE))
    options = {"bypass_csp": True, "color_scheme": scheme}  # axe goes in as an inline script
    console, projector = console_and_projector(browser, server, **options)
    start_game(console, 2)
    phone_context = browser.new_context(**PHONE, **options)
    user = take_seat(phone_context, server, 1, "user")
    found = []
    seat_page = phone_context.new_page()
    seat_page.goto(f"{server.base}/p/")
    expect(seat_page.locator("#woz-seat-form")).to_be_visible()
    found += axe_violations(seat_page)
    wizard = take_seat(browser.new_context(**LAPTOP, **options), server, 1, "wizard")
    observer = take_seat(browser.new_context(**PHONE, **options), server, 1, "observer")
    console.get_by_role("button", name="Start the next round for every group waiting").click()
    user.get_by_label("Your question to the product").fill("Where does this go?")
    user.get_by_role("button", name="Ask").click()
    wizard.locator("#question-text").get_by_text("Where does this go?").wait_for()
    expect(projector.locator("#woz-curtain")).to_contain_text("Behind the curtain")
    for page in (console, projector, user, wizard, observer):
        found += axe_violations(page)
    assert found == []
