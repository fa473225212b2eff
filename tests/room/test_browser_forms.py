"""The surveys and the action plan in Chromium: eight phones (375 px) answer the pre and the
post survey, the projector shows the confidence change per statement, the phones write
action plans (one gives a name), a phone edits its plan and downloads its own copy, and the
export holds it all; axe-core on the new phone screens and the projector."""

from __future__ import annotations

import json
import re
import subprocess
from statistics import mean

import pytest
from playwright.sync_api import expect

from browsing import needs_chromium
from room.room_fixtures import COURSE, room_command
from room.test_browser_phone import others_answer
from room.test_browser_room import PHONE, ROLES, axe_violations, console_and_projector, join
from tension_points.course.forms import load_forms

pytestmark = needs_chromium
FORMS = load_forms()
STATEMENTS = FORMS.self_assessment
PLAN_LINES = len(FORMS.forms["action-plan"]["questions"])
# Each phone's self-assessment, statement by statement, before and after. Phone 7 skips the
# post survey, so the change counts seven who answered both.
BEFORE = [[1, 2, 2, 1, 3, 1], [2, 2, 3, 2, 2, 1], [1, 3, 2, 2, 1, 2], [3, 2, 1, 2, 2, 1], [2, 1, 2, 3, 2, 2], [1, 2, 2, 1, 1, 1], [4, 3, 3, 2, 2, 3], [5, 5, 5, 5, 5, 5]]
AFTER = [[3, 4, 4, 3, 4, 4], [4, 3, 4, 4, 3, 4], [3, 4, 3, 3, 3, 4], [4, 4, 3, 4, 4, 3], [3, 3, 4, 4, 3, 4], [4, 4, 3, 3, 3, 4], [4, 4, 4, 3, 4, 5]]
MONDAY = [f"Book pairing hour number {n} with the notebook's author" for n in range(8)]


def open_activity(console, activity_id: str) -> None:
    console.select_option("#other-activity", activity_id)
    console.get_by_role("button", name="Open it").click()


def answer_survey(phone, values: list[int], **texts: str) -> None:
    for statement, value in zip(STATEMENTS, values):
        group = phone.get_by_role("group", name=f"I can {statement['text']}", exact=True)
        group.get_by_role("radio", name=re.compile(rf"^{value}\b")).check()
    for label, text in texts.items():
        phone.get_by_label(label, exact=True).fill(text)
    phone.get_by_role("button", name="Send the survey").click()
    expect(phone.locator("#my-answers li.waiting")).to_have_count(0)  # stored, not only queued
    expect(phone.locator("#my-answers")).to_contain_text("✓ sent")


def question(form_id: str, question_id: str) -> str:
    return next(q["text"] for q in FORMS.forms[form_id]["questions"] if q["id"] == question_id)


def plan_label(field_id: str) -> str:
    return next(q["text"] for q in FORMS.forms["action-plan"]["questions"] if q["id"] == field_id)


def test_eight_phones_answer_both_surveys_and_write_plans_and_the_export_holds_it_all(tmp_path, servers, browser):
    room_file = tmp_path / "room.sqlite"
    server = servers(room_file)
    console, projector = console_and_projector(browser, server)
    phones = [join(browser, server, role, f"Table {n // 2 + 1}") for n, role in enumerate(ROLES)]

    # The pre survey, whole, on one page of each phone; phone 0 changes its mind and sends again.
    open_activity(console, "opening-welcome")
    hope = question("pre-survey", "hope")
    for n, phone in enumerate(phones):
        expect(phone.locator("#activity-title")).to_have_text("Welcome")
        answer_survey(phone, [5, 5, 5, 5, 5, 5] if n == 0 else BEFORE[n], **{hope: f"Hope number {n}"})
    answer_survey(phones[0], BEFORE[0])
    expect(phones[0].locator("#my-answers li")).to_have_count(1)  # the new answer replaced the first
    expect(console.locator("#answered")).to_have_text("8 answers; 8 joined")

    # The post survey: seven phones answer, phone 7 does not.
    open_activity(console, "closing-last-word")
    monday = question("post-survey", "monday")
    for n, phone in enumerate(phones[:7]):
        expect(phone.locator("#activity-title")).to_have_text("Last word")
        answer_survey(phone, AFTER[n], **{monday: MONDAY[n]})
    console.get_by_role("button", name="Reveal results").click()
    rows = projector.locator("#results table tbody tr")
    expect(rows).to_have_count(len(STATEMENTS))
    expect(projector.locator("#results caption")).to_have_text("Confidence before → after (1 = not at all, 5 = confidently)")
    for i, statement in enumerate(STATEMENTS):
        before, after = mean(BEFORE[n][i] for n in range(7)), mean(AFTER[n][i] for n in range(7))
        change = after - before
        word = f"up {change:.2f}" if change > 0 else f"down {-change:.2f}" if change < 0 else "no change"
        expect(rows.nth(i).locator("th")).to_have_text(statement["text"])
        expect(rows.nth(i).locator("td")).to_have_text([f"{before:.2f} → {after:.2f}", word, "7"])
    expect(rows.first.locator("td")).to_have_text(["2.00 → 3.57", "up 1.57", "7"])  # one row worked by hand
    expect(projector.locator("#results")).to_contain_text("7 surveys sent")
    expect(console.get_by_role("button", name="Split by role on the projector")).to_be_hidden()  # nothing to split a survey by

    # The action plans: every phone writes one; phone 0 puts its name on it, phone 3 types a name but does not tick.
    open_activity(console, "closing-plan")
    change_label = plan_label("monday_change")
    for n, phone in enumerate(phones):
        expect(phone.locator("#activity-title")).to_have_text("Your action plan for Monday")
        phone.get_by_label(change_label).fill(MONDAY[n])
        phone.get_by_label(plan_label("who_to_ask")).fill(f"Priya, by Tuesday ({n})")
        if n == 0:
            phone.get_by_role("checkbox", name=re.compile("Put my name on it")).check()
            phone.get_by_label("Name to put on it").fill("Ana Lima")
        if n == 3:
            phone.get_by_label("Name to put on it").fill("Unticked Name")
        phone.get_by_role("button", name="Save my plan").click()
        expect(phone.locator("#my-answers")).to_contain_text(f"Your plan: 2 of {PLAN_LINES} lines written ✓ sent")
    expect(console.locator("#answered")).to_have_text("8 answers; 8 joined")

    # Phone 2 comes back later, finds its plan in the form, edits it and saves again.
    phone = phones[2]
    phone.reload()
    expect(phone.get_by_label(change_label)).to_have_value(MONDAY[2])
    phone.get_by_label(plan_label("check_in")).fill("Sam, on the first Friday")
    phone.get_by_role("button", name="Save my plan").click()
    expect(phone.locator("#my-answers li")).to_have_count(1)
    expect(phone.locator("#my-answers")).to_contain_text(f"3 of {PLAN_LINES} lines written ✓ sent")

    # Its own copy, as Markdown and as a printable page.
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download my plan (Markdown)").click()
    markdown = open(download.value.path(), encoding="utf-8").read()
    assert download.value.suggested_filename == "action-plan.md"
    assert markdown.startswith("# Action plan for Monday\n")
    assert f"## The one change I will make on Monday (pick one of the lines above):\n\n{MONDAY[2]}\n" in markdown
    assert "Sam, on the first Friday" in markdown and MONDAY[1] not in markdown and "Name:" not in markdown
    with phone.context.expect_page() as opened:
        phone.get_by_role("link", name="Open my plan as a printable page").click()
    printable = opened.value
    expect(printable.locator("h1")).to_have_text("Action plan for Monday")
    expect(printable.locator("main")).to_contain_text(MONDAY[2])
    expect(printable.locator("main")).not_to_contain_text(MONDAY[1])
    expect(printable.locator(".screen-only")).to_be_visible()
    printable.emulate_media(media="print")
    expect(printable.locator(".screen-only")).to_be_hidden()  # the print CSS leaves only the plan

    # The export: every survey answer, the change table, every plan, and only the name given.
    export = subprocess.run([*room_command(room_file)[:4], "export", "--room", str(room_file), "--course", str(COURSE)], capture_output=True, text=True, timeout=60)
    assert export.returncode == 0, export.stderr
    record = json.loads((tmp_path / "room-export.json").read_text())
    by_id = {a["id"]: a for a in record["activities"]}
    pre, post, plans = by_id["opening-welcome"], by_id["closing-last-word"], by_id["closing-plan"]
    ids = [s["id"] for s in STATEMENTS]
    assert sorted([a["answer"]["answers"]["confidence"][s] for s in ids] for a in pre["answers"]) == sorted(BEFORE)
    assert sorted(a["answer"]["answers"]["hope"] for a in pre["answers"]) == sorted(f"Hope number {n}" for n in range(8))
    assert sorted([a["answer"]["answers"]["confidence"][s] for s in ids] for a in post["answers"]) == sorted(AFTER)
    assert [(r["id"], r["both"]) for r in post["results"]["change"]] == [(s, 7) for s in ids]
    assert sorted(a["answer"]["fields"]["monday_change"] for a in plans["answers"]) == sorted(MONDAY)
    assert [a["answer"]["name"] for a in plans["answers"] if a["answer"]["name"]] == ["Ana Lima"]
    text = (tmp_path / "room-export.md").read_text()
    assert "| I can name the ways silos form between data science and engineering, and say which exist where I work | 2.00 | 3.57 | +1.57 | 7 |" in text
    assert "Ana Lima" in text and "Unticked Name" not in text
    assert "Sam, on the first Friday" in text
    html = (tmp_path / "room-export.html").read_text()
    assert "Every plan (8)" in html and "Unticked Name" not in html


def test_a_half_day_room_asks_only_its_modules_statements_on_the_phone_the_projector_and_in_the_export(tmp_path, servers, browser):
    """The kit's half day runs some of the course's modules: its phones are never asked about a
    module it leaves out, and the before -> after table and the record hold only its statements."""
    from pathlib import Path

    from tension_points.course import load_course
    from tension_points.plan.ready import ready_agenda

    kit = Path(__file__).resolve().parents[2]
    ran = {m.id for m in ready_agenda("half-day").plan(list(load_course(kit).modules)).modules}
    asked = [s for s in STATEMENTS if s["taught_in"] in ran]
    left_out = [s for s in STATEMENTS if s["taught_in"] not in ran]
    assert asked and left_out
    room_file = tmp_path / "half-day.sqlite"
    server = servers(room_file, "--course", str(kit), "--agenda", "half-day")
    console, projector = console_and_projector(browser, server)
    phones = [join(browser, server, role, f"Table {n}") for n, role in enumerate(ROLES[:3])]

    for activity_id, values in (("opening-welcome", 2), ("closing-last-word", 4)):
        open_activity(console, activity_id)
        for phone in phones:
            expect(phone.get_by_role("button", name="Send the survey")).to_be_visible()
            groups = phone.locator("fieldset.self-assessment fieldset.scale legend")
            expect(groups).to_have_text([f"I can {s['text']}" for s in asked])
            for statement in left_out:
                expect(phone.locator("#answer-form")).not_to_contain_text(statement["text"])
            for statement in asked:
                phone.get_by_role("group", name=f"I can {statement['text']}", exact=True).get_by_role(
                    "radio", name=re.compile(rf"^{values}\b")).check()
            phone.get_by_role("button", name="Send the survey").click()
            expect(phone.locator("#my-answers")).to_contain_text("✓ sent")
    console.get_by_role("button", name="Reveal results").click()
    rows = projector.locator("#results table tbody tr")
    expect(rows.locator("th")).to_have_text([s["text"] for s in asked])
    expect(rows.first.locator("td")).to_have_text(["2.00 → 4.00", "up 2.00", "3"])

    export = subprocess.run([*room_command(room_file)[:4], "export", "--room", str(room_file), "--course", str(kit)],
                            capture_output=True, text=True, timeout=60)
    assert export.returncode == 0, export.stderr
    text = (tmp_path / "half-day-export.md").read_text()
    for statement in asked:
        assert f"| I can {statement['text']} | 2.00 | 4.00 | +2.00 | 3 |" in text
    for statement in left_out:
        assert statement["text"] not in text


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_survey_and_plan_screens_have_no_accessibility_violations(tmp_path, servers, browser, scheme):
    server = servers(tmp_path / "room.sqlite")
    options = {"bypass_csp": True, "color_scheme": scheme}  # axe is injected as an inline script
    phone = browser.new_context(**PHONE, **options).new_page()
    phone.goto(f"{server.base}/j/{server.code}")
    phone.locator("input[name=role][value=ml-engineer]").check()
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url("**/p/")
    console, projector = console_and_projector(browser, server, **options)
    found = []
    for activity_id, title in (("opening-welcome", "Welcome"), ("closing-last-word", "Last word")):
        open_activity(console, activity_id)
        expect(phone.locator("#activity-title")).to_have_text(title)  # not the previous survey's form, still on screen
        expect(phone.get_by_role("button", name="Send the survey")).to_be_visible()
        answer_survey(phone, [2, 3, 2, 3, 2, 3] if activity_id == "opening-welcome" else [4, 4, 4, 4, 4, 4])
        found += axe_violations(phone)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        others_answer(server, activity_id, lambda n: {"answers": {"confidence": {"silos": 3}}})  # three people or nothing
        console.get_by_role("button", name="Reveal results").click()
        expect(projector.locator("#results table")).to_be_visible()
        found += axe_violations(projector)
    # One phone answered both: its own scores are not put on the projector.
    expect(projector.locator("#results tbody tr").first.locator("td")).to_have_text(["–", "not shown: fewer than 3 answered both", "1"])
    open_activity(console, "closing-plan")
    expect(phone.locator("#activity-title")).to_have_text("Your action plan for Monday")
    phone.get_by_label(plan_label("monday_change")).fill("Pin the versions")
    phone.get_by_role("button", name="Save my plan").click()
    expect(phone.get_by_role("link", name="Download my plan (Markdown)")).to_be_visible()
    found += axe_violations(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    others_answer(server, "closing-plan", lambda n: {"fields": {"monday_change": f"Plan {n}"}})
    console.get_by_role("button", name="Reveal results").click()
    expect(projector.locator("#results")).to_contain_text("3 plans written")
    found += axe_violations(projector)
    printable = phone.context.new_page()
    printable.goto(f"{server.base}/p/api/plan/closing-plan/page")
    expect(printable.locator("main")).to_contain_text("Pin the versions")
    found += axe_violations(printable)
    assert found == [], "\n".join(found)
