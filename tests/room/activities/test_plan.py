"""The action plan through the room's API (room/activities/plan.py): the fields from the
closing template, a name kept only when ticked, each participant's own downloads, the
export, and every bad input refused with a message."""

from __future__ import annotations

import pytest
import yaml

from paths import REPO
from room import room_fixtures
from tension_points.course import ModuleKind, load_course
from tension_points.course.forms import load_forms
from tension_points.plan.ready import ready_agenda
from tension_points.reports import render
from tension_points.room.export import gather, record_document

FORMS = load_forms()


def send(phone, activity: str, key: str, **body):
    return phone.post("/p/api/answer", {"activity": activity, "key": key, **body})


PLAN_FIELDS = [q["id"] for q in FORMS.forms["action-plan"]["questions"]]


def plan(phone, key: str, **body):
    return send(phone, "closing-plan", key, **body)


def test_the_plan_fields_are_the_closing_templates_keys(room_client):
    template = yaml.safe_load((REPO / "exercises" / "data" / "action-plan-template.yaml").read_text())
    room_client.open("closing-plan")
    activity = room_client.join().get("/p/api/state").json()["state"]["activity"]
    assert [f["id"] for f in activity["fields"]] == list(template["my_plan"]) == PLAN_FIELDS


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "fields missing"),
        ({"fields": "pair with ops"}, "fields missing"),
        ({"fields": {}}, "write at least one line"),
        ({"fields": {"monday_change": "   "}}, "write at least one line"),
        ({"fields": {"favourite_food": "soup"}}, "no field 'favourite_food' in the action plan"),
        ({"fields": {"monday_change": "y" * 501}}, "longer than 500 characters"),
        ({"fields": {"monday_change": ["a"]}}, "must be text"),
        ({"fields": {"monday_change": "pair"}, "share_name": "yes"}, "share_name must be true or false"),
        ({"fields": {"monday_change": "pair"}, "share_name": True}, "the name to put on your plan must be text"),
        ({"fields": {"monday_change": "pair"}, "share_name": True, "name": "n" * 41}, "longer than 40 characters"),
    ],
)
def test_a_bad_plan_is_refused_with_a_message(room_client, body, message):
    phone = room_client.join()
    room_client.open("closing-plan")
    response = plan(phone, "bad-plan-01", **body)
    assert response.status_code == 422
    assert message in response.json()["error"]


def test_a_name_is_kept_only_when_the_box_is_ticked(room_client):
    ana, ben = room_client.join(), room_client.join()
    room_client.open("closing-plan")
    assert plan(ana, "plan-ana-01", fields={"monday_change": "Book a pairing hour"}, share_name=False, name="Ana Typed-But-Unticked").status_code == 200
    assert plan(ben, "plan-ben-01", fields={"monday_change": "Pin the versions"}, share_name=True, name="  Ben   Okafor ").status_code == 200
    names = [a.body["name"] for a in room_client.room.store.answers("closing-plan")]
    assert names == [None, "Ben Okafor"]


def test_each_participant_downloads_only_their_own_plan(room_client):
    ana, ben, cy = room_client.join(), room_client.join(), room_client.join()
    room_client.open("closing-plan")
    plan(ana, "plan-ana-01", fields={"monday_change": "Book a pairing hour", "who_to_ask": "Priya, by Tuesday"}, share_name=True, name="Ana")
    plan(ana, "plan-ana-02", fields={"monday_change": "Book two pairing hours", "who_to_ask": "Priya, by Tuesday"}, share_name=True, name="Ana")
    plan(ben, "plan-ben-01", fields={"monday_change": "Pin the versions"})

    mine = ana.get("/p/api/plan/closing-plan/markdown")
    assert mine.status_code == 200 and mine.headers["content-type"].startswith("text/markdown")
    assert 'filename="action-plan.md"' in mine.headers["content-disposition"]
    text = mine.text
    assert text.startswith("# Action plan for Monday\n") and "Name: Ana" in text
    assert "## The one change I will make on Monday (pick one of the lines above):\n\nBook two pairing hours\n" in text  # the edit, not the first
    assert "Pin the versions" not in text
    page = ben.get("/p/api/plan/closing-plan/page")
    assert page.status_code == 200 and "Pin the versions" in page.text and "Book" not in page.text and "Name:" not in page.text
    assert 'href="/static/plan.css"' in page.text

    none_yet = cy.get("/p/api/plan/closing-plan/markdown")
    assert none_yet.status_code == 404 and none_yet.json()["error"] == "you have not sent an action plan yet"
    assert ana.get("/p/api/plan/opening-welcome/page").status_code == 404  # not a plan
    assert ana.get("/p/api/plan/no-such-thing/markdown").json()["error"] == "no action plan activity by that id"
    room_client.client.cookies.clear()
    stranger = room_client.client.get("/p/api/plan/closing-plan/markdown", headers={"cookie": f"tp_p_{room_client.room.store.room_id}=forged"})
    assert stranger.status_code == 401 and stranger.json()["error"] == "join the room first"


def test_the_export_holds_every_plan_and_only_the_given_name(room_client, course):
    ana, ben = room_client.join(), room_client.join()
    room_client.open("closing-plan")
    plan(ana, "plan-ana-01", fields={"monday_change": "Book a pairing hour"}, share_name=False, name="Ana Secret")
    plan(ben, "plan-ben-01", fields={"monday_change": "Pin the versions", "check_in": "Sam, first Friday"}, share_name=True, name="Ben")
    record = gather(course, room_client.room.store)
    (plans,) = (a for a in record["activities"] if a["kind"] == "plan")
    table = plans["tables"][0]
    assert table["caption"] == "Every plan (2)"
    assert [row[0] for row in table["rows"]] == ["", "Ben"]
    monday = table["headers"].index("The one change I will make on Monday")
    assert [row[monday] for row in table["rows"]] == ["Book a pairing hour", "Pin the versions"]
    assert "Ana Secret" not in render(record_document(record), "md")


def test_a_taster_rooms_plan_has_no_line_for_a_module_it_does_not_run(tmp_path):
    """The taster runs the opening and the closing: its plan asks for no bridge, owner or
    reproducibility fix, which only Silos, Cross-training, Ownership and Reproducibility prepare,
    and refuses such a line; the full course's plan keeps them all."""
    kit = load_course(REPO)
    agenda = ready_agenda("taster").plan(list(kit.modules))
    ran = {m.id for m in agenda.modules}
    topics = [m.id for m in agenda.modules if m.kind is ModuleKind.TOPIC]
    questions = FORMS.forms["action-plan"]["questions"]
    asked = [q["id"] for q in questions if not q.get("taught_in") or set(q["taught_in"]) & ran]
    left_out = [q["id"] for q in questions if q["id"] not in asked]
    assert left_out and "one_handoff" in asked  # the opening's pipeline prepares the hand-off line
    with room_fixtures.room_client(kit, tmp_path / "taster.sqlite", 90, topics) as client:
        client.open("closing-action-plan")
        phone = client.join()
        activity = phone.get("/p/api/state").json()["state"]["activity"]
        assert [f["id"] for f in activity["fields"]] == asked
        response = send(phone, "closing-action-plan", "taster-plan-1", fields={left_out[0]: "Pin the versions"})
        assert response.status_code == 422 and f"no field '{left_out[0]}'" in response.json()["error"]
