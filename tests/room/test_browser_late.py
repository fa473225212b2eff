"""The console when the room runs late, in Chromium: the planner's cuts for the minutes behind,
the facilitator's press that makes them, and the agenda re-fitted on the screen."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from browsing import needs_chromium
from room.room_fixtures import COURSE
from tension_points.course import load_course
from tension_points.plan.late import catch_up
from tension_points.plan.planner import plan
from tension_points.plan.sheet import describe_cut

pytestmark = needs_chromium


def test_the_console_shows_what_to_cut_and_refits_the_day_when_the_facilitator_accepts(tmp_path, servers, browser):
    server = servers(tmp_path / "room.sqlite", "--minutes", "70", "--modules", "handoffs")
    console = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = []
    console.on("pageerror", lambda error: errors.append(str(error)))
    console.goto(f"{server.base}/f/?token={server.token}")
    expect(console.locator("#late-status")).to_contain_text("when the room falls behind")
    console.get_by_role("button", name="Start the first item").click()
    expect(console.locator("#late-status")).to_have_text("On time: nothing to cut.")

    console.get_by_role("button", name="+5 min").click()
    console.get_by_role("button", name="+5 min").click()  # the welcome will end 10 minutes late
    expect(console.locator("#drift")).to_have_text("10 min behind the plan")
    expect(console.locator("#late-status")).to_have_text(re.compile(r"^10 minutes behind\. Before the end at \d\d:\d\d, cut in this order:$"))
    agenda = plan(list(load_course(COURSE).modules), 70, ["handoffs"])
    expect(console.locator("#late-cuts li")).to_have_text([describe_cut(cut) for cut in catch_up(agenda, 1, 10).cuts])
    expect(console.locator("#late-after")).to_have_text("These give back 10 min.")
    console.screenshot(path=str(tmp_path / "console-late.png"), full_page=True)

    console.get_by_role("button", name="Make these cuts: re-fit the rest of the day").click()
    expect(console.locator("#late-status")).to_have_text("On time: nothing to cut.")
    expect(console.locator("#drift")).to_have_text("On time")
    lost = console.locator("#agenda tbody tr", has_text="Behind schedule")
    expect(lost).to_contain_text("10")
    expect(lost.get_by_role("button")).to_have_count(0)  # a record of lost minutes, not an item to start
    expect(console.locator("#accept-late")).to_be_hidden()

    console.get_by_role("button", name="Next item").click()  # the welcome ends at once, not 15 minutes on
    expect(console.locator("#segment-title")).to_contain_text("Whose job is deployment?")
    expect(console.locator("#drift")).to_have_text("15 min ahead of the plan")
    expect(console.locator("#late-status")).to_have_text("Ahead of the plan: nothing to cut.")
    assert errors == []


def test_when_the_cuts_are_not_enough_the_console_says_what_goes_out_and_how_late_the_day_ends(tmp_path, servers, browser):
    """30 minutes behind at the welcome of a 70-minute room: every cut before the end but the last
    word gives back 20, the post survey on phones on the way out the last word's whole 5 more (not
    a shortened last word as well: two cuts of one segment are alternatives), and the console
    says in words that the day still ends 5 minutes late."""
    server = servers(tmp_path / "room.sqlite", "--minutes", "70", "--modules", "handoffs")
    console = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = []
    console.on("pageerror", lambda error: errors.append(str(error)))
    console.goto(f"{server.base}/f/?token={server.token}")
    console.get_by_role("button", name="Start the first item").click()
    for _ in range(6):
        console.get_by_role("button", name="+5 min").click()
    expect(console.locator("#drift")).to_have_text("30 min behind the plan")
    agenda = plan(list(load_course(COURSE).modules), 70, ["handoffs"])
    step = catch_up(agenda, 1, 30)
    assert step.saved == 20 and step.over == 5
    expect(console.locator("#late-cuts li")).to_have_text([describe_cut(cut, 9 * 60) for cut in step.cuts])
    expect(console.locator("#late-then")).to_have_text(re.compile(r"^To still end at \d\d:\d\d, then, as you reach them:$"))
    expect(console.locator("#late-later li")).to_have_text([describe_cut(cut, 9 * 60) for cut in step.later])
    expect(console.locator("#late-later li")).to_have_text(["“Last word” on the way out: the post survey, on phones: 5 min"])
    assert not any(cut.item.title == "Last word" for cut in step.cuts)
    expect(console.locator("#late-over")).to_have_text(re.compile(
        rf"^Even with every cut the day ends {step.over} min late, after \d\d:\d\d: nothing else can go without breaking the agenda's rules\.$"))
    assert errors == []


def test_an_activity_run_off_the_agenda_shows_its_own_minutes_everywhere_and_makes_the_room_late(tmp_path, servers, browser):
    """The 15-minute hand-off map run from "Run another activity" inside the 6-minute poll's slot:
    every screen's minutes match its countdown, the console names the item it interrupts, the
    room is 10 minutes behind (6 + 15 where 6 were planned, less the welcome left early) and the
    late plan offers the cuts; +5 says what it extends and moves both."""
    from room.room_fixtures import PHONE
    from room.test_browser_room import join

    server = servers(tmp_path / "room.sqlite", "--minutes", "70", "--modules", "handoffs")
    console = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    errors = []
    console.on("pageerror", lambda error: errors.append(str(error)))
    console.goto(f"{server.base}/f/?token={server.token}")
    projector = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    projector.goto(f"{server.base}/f/projector?token={server.token}")
    phone = join(browser, server, "data-engineer", "Table 1")
    console.get_by_role("button", name="Start the first item").click()
    console.get_by_role("button", name="Next item").click()  # the welcome left at once: 5 min ahead
    expect(console.locator("#segment-title")).to_have_text("Whose job is deployment? (6 min)")
    expect(console.locator("#drift")).to_have_text("5 min ahead of the plan")
    expect(console.locator("#extend-what")).to_have_text("+1 and +5 add to “Whose job is deployment?”.")

    console.locator("#other-activity").select_option("handoffs-map")
    console.get_by_role("button", name="Open it").click()
    expect(console.locator("#segment-title")).to_have_text("Map the hand-offs (15 min), off the agenda")
    expect(console.locator("#interrupts")).to_have_text(
        "It interrupts the agenda item “Whose job is deployment?” (6 + 15 min): the activity's minutes are added to that item, so the plan counts them.")
    for screen in (console, projector, phone):
        expect(screen.locator("#countdown")).to_have_text(re.compile(r"^1[45]:\d\d left$"))
    for screen in (projector, phone):
        expect(screen.locator("#activity-title")).to_have_text("Map the hand-offs")
        expect(screen.locator("#activity-meta")).to_contain_text("15 min")
    expect(console.locator("#drift")).to_have_text("10 min behind the plan")
    agenda = plan(list(load_course(COURSE).modules), 70, ["handoffs"])
    expect(console.locator("#late-status")).to_have_text(re.compile(r"^10 minutes behind\. Before the end at \d\d:\d\d, cut in this order:$"))
    expect(console.locator("#late-cuts li")).to_have_text([describe_cut(cut) for cut in catch_up(agenda, 2, 10).cuts])
    expect(console.get_by_role("button", name="Make these cuts: re-fit the rest of the day")).to_be_visible()

    expect(console.locator("#extend-what")).to_have_text("+1 and +5 add to “Map the hand-offs”, and the same minutes to “Whose job is deployment?”.")
    console.get_by_role("button", name="+5 min").click()
    expect(console.locator("#segment-title")).to_have_text("Map the hand-offs (20 min), off the agenda")
    expect(console.locator("#interrupts")).to_contain_text("“Whose job is deployment?” (6 + 20 min)")
    for screen in (console, projector, phone):
        expect(screen.locator("#countdown")).to_have_text(re.compile(r"^(19|20):\d\d left$"))
    for screen in (projector, phone):
        expect(screen.locator("#activity-meta")).to_contain_text("20 min")
    expect(console.locator("#drift")).to_have_text("15 min behind the plan")
    console.screenshot(path=str(tmp_path / "console-off-agenda-running.png"), full_page=True)

    console.get_by_role("button", name="Next item").click()  # the map left after seconds: the poll kept what it took
    expect(console.locator("#segment-title")).to_have_text("One-way hand-offs (8 min)")
    expect(console.locator("#interrupts")).to_have_text("")
    expect(console.locator("#drift")).to_have_text(re.compile(r"^\d+ min ahead of the plan$"))
    console.screenshot(path=str(tmp_path / "console-off-agenda.png"), full_page=True)
    assert errors == []
