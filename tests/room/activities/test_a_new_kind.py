"""Adding a kind of activity is one module, one registry line and one renderer, as
ARCHITECTURE.md shows: the tiny "count" kind of its worked example (new_kind/count_kind.py
and new_kind/count.js, which the page quotes whole) runs in the room, in Chromium, from the
course's live spec to the phone, the projector and the export."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx2 as httpx
import pytest
from playwright.sync_api import expect

from browsing import needs_chromium
from paths import REPO
from room.activities.new_kind.count_kind import CountKind, CountSpec
from room.room_fixtures import COURSE, LAPTOP, PHONE, TEST_HOSTS, open_room, serving
from tension_points.course import load_course
from tension_points.errors import UserError
from tension_points.room.activities.registry import KINDS
from tension_points.room.catalogue import build_catalogue
from tension_points.room.export import gather


@pytest.fixture
def count_kind(monkeypatch):
    monkeypatch.setitem(KINDS, CountKind.name, CountKind())  # the registry line


@pytest.fixture
def counting_course(tmp_path):
    """The room tests' course with one discussion run as a count up to 5."""
    shutil.copytree(COURSE, tmp_path / "course")
    page = tmp_path / "course" / "modules" / "02-handoffs.md"
    talk = "title: \"What would you change?\", minutes: 8, min_minutes: 6"
    page.write_text(page.read_text().replace(talk, talk + ", live: {kind: count, up_to: 5}"))
    return load_course(tmp_path / "course")


def test_the_developers_page_quotes_the_worked_example_whole():
    architecture = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for name in ("count_kind.py", "count.js"):
        assert (Path(__file__).parent / "new_kind" / name).read_text(encoding="utf-8") in architecture, name


def test_without_its_registry_line_the_course_names_the_unknown_kind(counting_course):
    with pytest.raises(UserError, match="segment 'handoffs-talk': live.kind 'count' is not one of timer, open"):
        build_catalogue(list(counting_course.modules))


def test_the_kind_reads_its_own_spec(count_kind, counting_course, tmp_path):
    catalogue = build_catalogue(list(counting_course.modules))
    assert catalogue.get("handoffs-talk").spec == CountSpec(up_to=5)
    page = tmp_path / "course" / "modules" / "02-handoffs.md"
    page.write_text(page.read_text().replace("up_to: 5", "up_to: 500"))
    with pytest.raises(UserError, match="live.up_to: 500 is greater than the maximum of 100"):
        build_catalogue(list(load_course(tmp_path / "course").modules))


@needs_chromium
def test_a_new_kind_runs_from_the_phone_to_the_projector_and_the_export(count_kind, counting_course, tmp_path, browser):
    room = open_room(counting_course, tmp_path / "room.sqlite")
    room.allowed_hosts = TEST_HOSTS
    try:
        with serving(room) as base:
            token = room.store.token
            console = browser.new_context(**LAPTOP).new_page()
            console.goto(f"{base}/f/?token={token}")
            projector = browser.new_context(**LAPTOP).new_page()
            projector.goto(f"{base}/f/projector?token={token}")
            phone = browser.new_context(**PHONE).new_page()
            phone.goto(f"{base}/j/{room.store.join_code}")
            phone.locator("input[name=role][value=ml-engineer]").check()
            phone.get_by_role("button", name="Join").click()
            phone.wait_for_url("**/p/")

            console.select_option("#other-activity", "handoffs-talk")
            console.get_by_role("button", name="Open it").click()
            phone.get_by_label("A number from 1 to 5").fill("3")  # the kind's own form, from count.js
            phone.get_by_role("button", name="Count it").click()
            expect(phone.locator("#my-answers")).to_contain_text("3 ✓ sent")
            console.get_by_role("button", name="Reveal results").click()
            # A new kind gets the privacy rule without a line of its own: one person's number waits.
            expect(projector.locator(".results-waiting")).to_have_text("The results are shown once 3 people have answered (1 person has so far).")
            expect(projector.locator("#count-total")).to_have_count(0)
            for n in (4, 5):  # two more people count, by the room's own routes; the screens follow live
                with httpx.Client(base_url=base, headers={"origin": base}) as other:
                    other.post("/join", json={"code": room.store.join_code, "role": "data-scientist"}).raise_for_status()
                    other.post("/p/api/answer", json={"activity": "handoffs-talk", "key": f"key-{n}-0000", "value": n}).raise_for_status()
            expect(projector.locator("#count-total")).to_have_text("Total 12 from 3 phones")
            expect(console.locator("#count-total")).to_have_text("Total 12 from 3 phones")
        record = gather(counting_course, room.store)
    finally:
        room.store.close()
    entry = next(a for a in record["activities"] if a["id"] == "handoffs-talk")
    assert entry["kind"] == "count" and entry["results"] == {"total": 12, "answers": 3}
    assert entry["tables"] == [{"caption": "Every number", "headers": ["Role", "Number"],
                                "rows": [["ml-engineer", "3"], ["data-scientist", "4"], ["data-scientist", "5"]],
                                "numeric": [], "row_headers": True}]
