"""The pre and post surveys through the room's API (room/activities/survey.py): the questions from the
kit's data, only the statements of the modules the room's agenda runs (on the phone, on the
screens, in the export), a survey sent again, the change per statement, and every bad input
refused with a message. The rooms run the kit's own course: a full day of every module, and
the half day of fewer."""

from __future__ import annotations

from pathlib import Path

import pytest

from room import room_fixtures
from tension_points.course import ModuleKind, load_course
from tension_points.course.forms import load_forms
from tension_points.plan.ready import ready_agenda
from tension_points.reports import render
from tension_points.room.export import gather, record_document

FORMS = load_forms()
STATEMENTS = [s["id"] for s in FORMS.self_assessment]
KIT = load_course(Path(__file__).resolve().parents[3])
EVERY_TOPIC = [m.id for m in KIT.modules if m.kind is ModuleKind.TOPIC]


@pytest.fixture
def course():
    return KIT


@pytest.fixture
def room_client(tmp_path):
    """A full day of the kit's course: every module, so every statement is asked."""
    with room_fixtures.room_client(KIT, tmp_path / "room.sqlite", 480, EVERY_TOPIC) as client:
        yield client


@pytest.fixture
def half_day(tmp_path):
    """The half day as the planner makes it: fewer modules than the course has."""
    agenda = ready_agenda("half-day").plan(list(KIT.modules))
    topics = [m.id for m in agenda.modules if m.kind is ModuleKind.TOPIC]
    with room_fixtures.room_client(KIT, tmp_path / "half.sqlite", 210, topics) as client:
        yield client, [m.id for m in agenda.modules]


def send(phone, activity: str, key: str, **body):
    return phone.post("/p/api/answer", {"activity": activity, "key": key, **body})


def survey(phone, activity: str, key: str, confidence: dict, **other):
    return send(phone, activity, key, answers={"confidence": confidence, **other})


def test_the_survey_on_the_phone_asks_the_forms_questions_word_for_word(room_client):
    room_client.open("opening-welcome")
    activity = room_client.join().get("/p/api/state").json()["state"]["activity"]
    pre = FORMS.forms["pre-survey"]
    assert activity["kind"] == "survey" and activity["form_title"] == pre["title"]
    assert [(q["id"], q["text"]) for q in activity["questions"]] == [(q["id"], q["text"]) for q in pre["questions"]]
    confidence = next(q for q in activity["questions"] if q["kind"] == "self-assessment")
    assert [s["text"] for s in confidence["statements"]] == [s["text"] for s in FORMS.self_assessment]
    assert (confidence["points"], confidence["low"], confidence["high"]) == (5, FORMS.scale["low"], FORMS.scale["high"])


def test_a_survey_sent_again_replaces_the_first(room_client):
    phone = room_client.join()
    room_client.open("opening-welcome")
    assert survey(phone, "opening-welcome", "pre-first-1", {"silos": 2}, hope="fewer tickets").status_code == 200
    assert survey(phone, "opening-welcome", "pre-again-1", {"silos": 4}, role=1).status_code == 200
    assert [a.body for a in room_client.room.store.answers("opening-welcome")] == [{"answers": {"confidence": {"silos": 4}, "role": 1}}]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "answers missing"),
        ({"answers": []}, "answers missing"),
        ({"answers": {}}, "answer at least one question"),
        ({"answers": {"favourite-colour": "blue"}}, "no question 'favourite-colour' in this survey"),
        ({"answers": {"confidence": {"juggling": 3}}}, "no statement 'juggling' in this survey"),
        ({"answers": {"confidence": {"silos": 6}}}, "statement 'silos': pick a number from 1 to 5"),
        ({"answers": {"confidence": {"silos": True}}}, "statement 'silos': pick a number from 1 to 5"),
        ({"answers": {"confidence": 3}}, "give a number for each statement"),
        ({"answers": {"role": 9}}, "question 'role': pick a number from 0 to 5"),
        ({"answers": {"hope": "x" * 501}}, "longer than 500 characters"),
        ({"answers": {"hope": 12}}, "must be text"),
    ],
)
def test_a_bad_survey_is_refused_with_a_message(room_client, body, message):
    phone = room_client.join()
    room_client.open("opening-welcome")
    response = send(phone, "opening-welcome", "bad-survey-1", **body)
    assert response.status_code == 422
    assert message in response.json()["error"]
    assert room_client.room.store.answers("opening-welcome") == []


def test_a_survey_from_someone_who_has_not_joined_is_refused(room_client):
    room_client.open("opening-welcome")
    room_client.client.cookies.clear()
    response = room_client.client.post("/p/api/answer", json={"activity": "opening-welcome", "key": "no-cookie-1", "answers": {"hope": "x"}},
                                       headers={"cookie": "tp_p_" + room_client.room.store.room_id + "=not-a-token"})
    assert response.status_code == 401 and response.json()["error"] == "join the room first"


def test_an_oversize_body_is_refused_before_it_is_read(room_client):
    phone = room_client.join()
    room_client.open("opening-welcome")
    response = send(phone, "opening-welcome", "huge-body-1", answers={"hope": "x" * 20000})
    assert response.status_code == 413 and "larger than" in response.json()["error"]


def test_the_post_survey_shows_the_change_per_statement_over_those_who_answered_both(room_client):
    ana, ben, cy, dee, eve = (room_client.join(role) for role in ("data-scientist", "data-engineer", "ml-engineer", "other", "other"))
    room_client.open("opening-welcome")
    survey(ana, "opening-welcome", "pre-ana-1", {"silos": 1, "handoffs": 2})
    survey(ben, "opening-welcome", "pre-ben-1", {"silos": 2})
    survey(eve, "opening-welcome", "pre-eve-1", {"silos": 3})
    survey(cy, "opening-welcome", "pre-cy-11", {"silos": 5})  # cy never answers the post survey
    room_client.open("closing-last-word")
    survey(ana, "closing-last-word", "post-ana-1", {"silos": 4, "handoffs": 3}, monday="pair with ops")
    survey(ben, "closing-last-word", "post-ben-1", {"silos": 3, "handoffs": 5})  # no handoffs before: not paired there
    survey(eve, "closing-last-word", "post-eve-1", {"silos": 5})
    survey(dee, "closing-last-word", "post-dee-1", {"silos": 5})  # no pre survey: not paired at all
    room_client.act("/f/api/activity", action="reveal")
    results = room_client.join().get("/p/api/state").json()["results"]
    change = {row["id"]: row for row in results["change"]}
    assert [row["id"] for row in results["change"]] == STATEMENTS
    assert (change["silos"]["before"], change["silos"]["after"], change["silos"]["change"], change["silos"]["both"]) == (2.0, 4.0, 2.0, 3)
    assert results["respondents"] == 4


def test_a_mean_of_fewer_than_three_people_is_not_shown_on_the_screens(room_client):
    # One person's "before -> after" is that person's own answer: the room would read it off the projector.
    ana, ben = room_client.join("data-scientist"), room_client.join("data-engineer")
    room_client.open("opening-welcome")
    survey(ana, "opening-welcome", "pre-ana-1", {"silos": 1, "handoffs": 2})
    survey(ben, "opening-welcome", "pre-ben-1", {"silos": 2})
    room_client.open("closing-last-word")
    survey(ana, "closing-last-word", "post-ana-1", {"silos": 4, "handoffs": 3})
    survey(ben, "closing-last-word", "post-ben-1", {"silos": 3})
    room_client.act("/f/api/activity", action="reveal")
    # Two people: the whole survey waits (privacy.py's gate); a third answering another statement lets it through.
    assert room_client.join().get("/p/api/state").json()["results"] == {"waiting": True, "people": 2, "min_group": 3}
    survey(room_client.join("ml-engineer"), "closing-last-word", "post-cy-1", {"ownership": 2})
    results = room_client.join().get("/p/api/state").json()["results"]
    change = {row["id"]: row for row in results["change"]}
    assert (change["silos"]["before"], change["silos"]["after"], change["silos"]["change"], change["silos"]["both"]) == (None, None, None, 2)
    assert (change["handoffs"]["before"], change["handoffs"]["both"]) == (None, 1)
    assert (change["ownership"]["before"], change["ownership"]["both"]) == (None, 0)
    assert {row["id"]: row["mean"] for row in results["statements"]}["silos"] is None
    assert results["min_group"] == 3


def test_the_export_holds_every_survey_answer_and_the_change_table_even_for_two_people(room_client, course):
    ana, ben = room_client.join("data-scientist"), room_client.join("product-manager")
    room_client.open("opening-welcome")
    survey(ana, "opening-welcome", "pre-ana-1", {"silos": 2}, role=0, hope="the <b>ticket</b> queue")
    survey(ben, "opening-welcome", "pre-ben-1", {"silos": 3})
    room_client.open("closing-last-word")
    survey(ana, "closing-last-word", "post-ana-1", {"silos": 5}, **{"hope-met": 4})
    survey(ben, "closing-last-word", "post-ben-1", {"silos": 3})
    record = gather(course, room_client.room.store)
    pre, post = (a for a in record["activities"] if a["kind"] == "survey")
    assert [a["answer"] for a in pre["answers"]] == [
        {"answers": {"confidence": {"silos": 2}, "role": 0, "hope": "the <b>ticket</b> queue"}},
        {"answers": {"confidence": {"silos": 3}}},
    ]
    every = pre["tables"][0]
    assert every["headers"][:3] == ["Role", "role", "confidence: silos"]
    assert every["rows"][0][:2] == ["Data scientist", "Data science"]
    markdown = render(record_document(record), "md")
    assert "| I can name the ways silos form between data science and engineering, and say which exist where I work | 2.50 | 4.00 | +1.50 | 2 |" in markdown
    assert "the \\<b\\>ticket\\</b\\> queue" in markdown


def test_a_half_day_room_asks_only_the_statements_of_its_modules_and_refuses_the_others(half_day):
    room_client, ran = half_day
    taught = {s["id"]: s["taught_in"] for s in FORMS.self_assessment}
    asked = [s for s in STATEMENTS if taught[s] in ran]
    left_out = [s for s in STATEMENTS if taught[s] not in ran]
    assert asked and left_out  # the half day runs some of the course's modules, not all
    room_client.open("opening-welcome")
    phone = room_client.join()
    activity = phone.get("/p/api/state").json()["state"]["activity"]
    confidence = next(q for q in activity["questions"] if q["kind"] == "self-assessment")
    assert [s["id"] for s in confidence["statements"]] == asked
    text = {s["id"]: s["text"] for s in FORMS.self_assessment}
    assert [s["text"] for s in confidence["statements"]] == [text[s] for s in asked]
    response = survey(phone, "opening-welcome", "pre-left-out-1", {left_out[0]: 3})
    assert response.status_code == 422
    assert f"no statement '{left_out[0]}' in this survey" in response.json()["error"]
    assert room_client.room.store.answers("opening-welcome") == []


def test_a_half_day_rooms_before_and_after_and_its_export_hold_only_its_statements(half_day):
    room_client, ran = half_day
    taught = {s["id"]: s["taught_in"] for s in FORMS.self_assessment}
    asked = [s for s in STATEMENTS if taught[s] in ran]
    phones = [room_client.join(role) for role in ("data-scientist", "data-engineer", "ml-engineer")]
    room_client.open("opening-welcome")
    for n, phone in enumerate(phones):
        assert survey(phone, "opening-welcome", f"pre-{n}-aaaa", {s: 2 for s in asked}).status_code == 200
    room_client.open("closing-last-word")
    for n, phone in enumerate(phones):
        assert survey(phone, "closing-last-word", f"post-{n}-aaaa", {s: 4 for s in asked}).status_code == 200
    room_client.act("/f/api/activity", action="reveal")
    results = room_client.join().get("/p/api/state").json()["results"]
    assert [row["id"] for row in results["change"]] == asked
    assert all((row["before"], row["after"], row["both"]) == (2.0, 4.0, 3) for row in results["change"])
    assert [row["id"] for row in results["statements"]] == asked
    record = gather(KIT, room_client.room.store)
    pre, post = (a for a in record["activities"] if a["kind"] == "survey")
    assert [h for h in pre["tables"][0]["headers"] if h.startswith("confidence: ")] == [f"confidence: {s}" for s in asked]
    assert [row["id"] for row in post["results"]["change"]] == asked
    markdown = render(record_document(record), "md")
    for statement in FORMS.self_assessment:
        assert (f"I can {statement['text']}" in markdown) == (statement["id"] in asked), statement["id"]
