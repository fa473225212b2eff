"""The Wizard of Oz as a room activity, through the room's API: the facilitator starts the
game with a number of groups, phones take seats, each group's log lies beside the room
file, stale and bad requests are refused with a clear 4xx, a reopened room resumes, and the
export holds every group's log and debrief."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from room.room_fixtures import RoomClient, open_room
from tension_points.course import load_course
from tension_points.errors import UserError
from tension_points.room.catalogue import build_catalogue
from tension_points.room.http import build_app
from tension_points.reports import render
from tension_points.room.export import gather, record_document
from tension_points.woz.log import read_log

WOZ_COURSE = Path(__file__).parents[1] / "woz_course"
GAME = "woz-room-game"


@pytest.fixture(scope="module")
def woz_course():
    return load_course(WOZ_COURSE)


def serve(course, path: Path):
    room = open_room(course, path)
    return room, TestClient(build_app(room))


@pytest.fixture
def game(tmp_path, woz_course):
    room, client = serve(woz_course, tmp_path / "room.sqlite")
    with client:
        rc = RoomClient(room, client)
        rc.open(GAME)
        yield rc
    room.store.close()


def start(rc: RoomClient, groups: int = 2):
    return rc.act("/f/api/woz", action="start", activity=GAME, groups=groups)


def seat(rc: RoomClient, group: int, role: str):
    phone = rc.join("data-scientist")
    response = phone.post("/p/api/woz/seat", json={"activity": GAME, "group": group, "role": role})
    assert response.status_code == 200, response.text
    return phone


def group_api(group: int, role: str, what: str) -> str:
    return f"/p/woz/{GAME}/{group}/api/{role}/{what}"


def play_one(user, wizard, group: int, label: str = "bug") -> dict:
    """The user asks, the wizard's screen fetches the question and answers it."""
    assert user.post(group_api(group, "user", "ask"), json={"text": "Is this a bug?"}).status_code == 200
    question = wizard.get(group_api(group, "wizard", "state")).json()["question"]
    response = wizard.post(group_api(group, "wizard", "answer"), json={"label": label, "confidence": 70, "round": question["round"], "item": question["item"]})
    assert response.status_code == 200, response.text
    return question


def test_starting_the_game_writes_one_log_per_group_beside_the_room_file(game, tmp_path):
    assert start(game, 2) == {"started": True, "groups": 2, "pack": "support-ticket-triage"}
    logs = sorted(p.name for p in tmp_path.glob("*.jsonl"))
    assert logs == [f"room-woz-{GAME}-group-1.jsonl", f"room-woz-{GAME}-group-2.jsonl"]
    first = read_log(tmp_path / logs[1])[0]
    assert (first["group"], first["mode"], first["items_per_round"], first["pack"]["name"]) == (2, "room", 2, "support-ticket-triage")
    view = game.facilitator("GET", "/f/api/woz").json()
    assert [g["group"] for g in view["groups"]] == [1, 2]
    assert view["groups"][0]["awaiting_release"] == 1  # nothing is asked before the facilitator starts round 1


def test_the_item_count_is_chosen_when_the_game_starts_so_a_late_room_can_play_fewer(game, tmp_path):
    before = game.facilitator("GET", "/f/api/woz").json()
    assert (before["items"], before["pack_items"]) == (2, 16)  # the module's setting, of the pack's 16
    for bad in (0, 17, True, "8"):
        refused = game.facilitator("POST", "/f/api/woz", json={"action": "start", "activity": GAME, "groups": 2, "items": bad})
        assert (refused.status_code, refused.json()["error"]) == (422, "items must be a number from 1 to 16 (the pack's items)")
    assert game.act("/f/api/woz", action="start", activity=GAME, groups=2, items=1)["started"]
    for log in tmp_path.glob("*.jsonl"):
        assert read_log(log)[0]["items_per_round"] == 1
    assert game.facilitator("GET", "/f/api/woz").json()["groups"][0]["total"] == 2  # one item in each of two rounds


def test_a_phone_gets_only_the_screen_of_the_seat_it_took(game):
    start(game)
    wizard = seat(game, 2, "wizard")
    assert wizard.get(f"/p/woz/{GAME}/2/wizard").status_code == 200
    assert "Wizard's screen" in wizard.get(f"/p/woz/{GAME}/2/wizard").text
    wrong_role = wizard.get(group_api(2, "observer", "state"))
    assert wrong_role.status_code == 403
    assert "your seat is the wizard of group 2" in wrong_role.json()["error"]
    assert wizard.get(group_api(1, "wizard", "state")).status_code == 403  # another group's wizard
    page = wizard.get(f"/p/woz/{GAME}/1/observer")
    assert page.status_code == 403 and "your seat is the wizard of group 2" in page.text
    stranger = game.join("other")
    assert stranger.get(group_api(2, "wizard", "state")).json()["error"].endswith("you have not taken a seat yet (take a seat on the room's page)")
    game.client.cookies.clear()
    assert game.client.get(group_api(2, "wizard", "state")).status_code == 401  # not joined: the room's own gate


def test_bad_seats_and_unknown_groups_are_refused_with_a_reason(game):
    phone = game.join("data-engineer")
    before = phone.post("/p/api/woz/seat", json={"activity": GAME, "group": 1, "role": "wizard"})
    assert (before.status_code, before.json()["error"]) == (409, "the facilitator has not started this game yet")
    start(game)
    cases = [
        ({"activity": GAME, "group": 3, "role": "wizard"}, 404, "no group 3 in this game (it has 2)"),
        ({"activity": GAME, "group": 1, "role": "facilitator"}, 422, "role must be user, wizard or observer"),
        ({"activity": "no-such-game", "group": 1, "role": "user"}, 404, "no Wizard of Oz activity 'no-such-game'"),
        ({"activity": GAME, "group": True, "role": "user"}, 404, "no group True in this game (it has 2)"),
    ]
    for body, status, message in cases:
        response = phone.post("/p/api/woz/seat", json=body)
        assert (response.status_code, response.json()["error"]) == (status, message)
    assert phone.get(f"/p/woz/{GAME}/9/api/user/state").status_code == 404
    assert phone.post("/p/api/woz/seat", content=b"{not json", headers={"content-type": "application/json"}).status_code == 400
    oversize = phone.post("/p/api/woz/seat", json={"activity": GAME, "group": 1, "role": "user", "pad": "x" * 20000})
    assert oversize.status_code == 413


def test_the_facilitator_releases_rounds_and_bad_controls_are_refused(game):
    start(game)
    assert game.facilitator("POST", "/f/api/woz", json={"action": "start", "activity": GAME, "groups": 3}).status_code == 409
    assert game.facilitator("POST", "/f/api/woz", json={"action": "start", "activity": GAME, "groups": 0}).json()["error"] == "groups must be a number from 1 to 8"
    assert game.facilitator("POST", "/f/api/woz", json={"action": "dance"}).status_code == 422
    assert game.client.post("/f/api/woz", json={"action": "release", "activity": GAME}).status_code == 401  # no token
    assert game.act("/f/api/woz", action="release", activity=GAME, group=1) == {"released": [{"group": 1, "round": 1}]}
    assert game.act("/f/api/woz", action="release", activity=GAME) == {"released": [{"group": 2, "round": 1}]}
    again = game.facilitator("POST", "/f/api/woz", json={"action": "release", "activity": GAME})
    assert (again.status_code, again.json()["error"]) == (409, "no group is waiting at a round boundary")


def test_a_stale_wizard_answer_is_refused_and_never_recorded_for_another_item(game, tmp_path):
    start(game)
    game.act("/f/api/woz", action="release", activity=GAME)
    user, wizard = seat(game, 1, "user"), seat(game, 1, "wizard")
    first = play_one(user, wizard, 1)
    user.post(group_api(1, "user", "ask"), json={"text": "And this one?"})
    stale = wizard.post(group_api(1, "wizard", "answer"), json={"label": "billing", "round": first["round"], "item": first["item"]})
    assert stale.status_code == 409
    assert stale.json()["error"].startswith(f"Not recorded: this answer was for round 1, item {first['item']}, but it has already been answered")
    events = read_log(tmp_path / f"room-woz-{GAME}-group-1.jsonl")
    answers = [e for e in events if e["event"] == "answer"]
    assert [(a["item"], a["label"]) for a in answers] == [(first["item"], "bug")]
    assert [e["event"] for e in events].count("refused") == 1
    too_long = user.post(group_api(1, "user", "ask"), json={"text": "x" * 1001})
    assert too_long.status_code == 422  # the pending question stands, and the text is over the limit anyway
    no_item = wizard.post(group_api(1, "wizard", "answer"), json={"label": "bug"})
    assert no_item.status_code == 422 and "say which question" in no_item.json()["error"]
    assert wizard.post(group_api(1, "wizard", "answer"), json={"label": "not-a-label", "round": 1, "item": "x"}).json()["error"] == "choose one of the labels"


def test_a_stopped_room_pauses_every_group_and_a_reopened_one_resumes_them(tmp_path, woz_course):
    room, client = serve(woz_course, tmp_path / "room.sqlite")
    with client:
        rc = RoomClient(room, client)
        rc.open(GAME)
        start(rc)
        rc.act("/f/api/woz", action="release", activity=GAME)
        user, wizard = seat(rc, 2, "user"), seat(rc, 2, "wizard")
        played = play_one(user, wizard, 2)
    room.store.close()
    room, client = serve(woz_course, tmp_path / "room.sqlite")
    with client:
        rc = RoomClient(room, client)
        groups = rc.facilitator("GET", "/f/api/woz").json()["groups"]
        assert [(g["group"], g["answered"], g["awaiting_release"]) for g in groups] == [(1, 0, None), (2, 1, None)]
        again = user.get(group_api(2, "user", "state")).json()  # the same cookie, the same seat
        assert again["history"][0]["label"] == "bug" and again["current"]["key"] != f"1/{played['item']}"
    room.store.close()
    events = [e["event"] for e in read_log(tmp_path / f"room-woz-{GAME}-group-2.jsonl")]
    assert events.count("resume") == 1
    # Each stop of the room paused the game, in the log, as the debrief reports it.
    assert events[events.index("resume") - 1] == "pause" and events[-1] == "pause"


def test_the_export_holds_each_groups_log_and_debrief(game, woz_course, tmp_path):
    start(game)
    game.act("/f/api/woz", action="release", activity=GAME)
    for group in (1, 2):
        user, wizard = seat(game, group, "user"), seat(game, group, "wizard")
        play_one(user, wizard, group, label="bug" if group == 1 else "billing")
    observer = seat(game, 1, "observer")
    assert observer.post(group_api(1, "observer", "note"), json={"text": "The wizard hesitated"}).status_code == 200
    record = gather(woz_course, game.room.store)
    entry = next(a for a in record["activities"] if a["id"] == GAME)
    assert [g["file"] for g in entry["woz"]["groups"]] == [f"room-woz-{GAME}-group-1.jsonl", f"room-woz-{GAME}-group-2.jsonl"]
    assert [e["text"] for e in entry["woz"]["groups"][0]["events"] if e["event"] == "note"] == ["The wizard hesitated"]
    headings = [b["text"] for b in entry["woz"]["debrief"]["blocks"] if b["type"] == "heading"]
    assert "Comparing the sessions" in headings and headings.count("Behind the curtain, item by item") == 2
    markdown = render(record_document(json.loads(json.dumps(record))), "md")
    assert f"**Session A: Group 1: room-woz-{GAME}-group-1.jsonl: Behind the curtain, item by item**" in markdown
    assert "**Comparing the sessions**" in markdown
    assert f"**Log of group 2 (room-woz-{GAME}-group-2.jsonl)**" in markdown
    assert "The wizard hesitated" in markdown


def test_the_projector_shows_the_curtain_while_playing_and_the_debrief_once_revealed(game):
    start(game)
    game.act("/f/api/woz", action="release", activity=GAME)
    user, wizard = seat(game, 1, "user"), seat(game, 1, "wizard")
    play_one(user, wizard, 1)
    playing = game.facilitator("GET", "/f/api/woz/projector").json()
    assert [(g["group"], g["answered"], g["awaiting_release"]) for g in playing["groups"]] == [(1, 1, None), (2, 0, None)]
    assert "debrief" not in playing  # the curtain stays closed while the groups play
    game.act("/f/api/activity", action="reveal")
    shown = game.facilitator("GET", "/f/api/woz/projector").json()["debrief"]
    headings = [b["text"] for b in shown["blocks"] if b["type"] == "heading"]
    # The room sees its groups by name; the log files' names stay in the export and `woz debrief`.
    assert headings[:1] == ["Group 1"] and "Comparing the sessions" in headings
    assert not any(".jsonl" in text for text in headings)
    table = next(b for b in shown["blocks"] if b["type"] == "table" and b["headers"][:2] == ["Item", "The request"])
    assert table["rows"][0][1] == "Is this a bug?"


def test_a_segment_naming_a_pack_the_kit_does_not_ship_is_refused_in_one_line(tmp_path):
    (tmp_path / "modules").mkdir()
    module = (WOZ_COURSE / "modules" / "01-woz.md").read_text().replace("pack: support-ticket-triage", "pack: no-such-pack")
    (tmp_path / "modules" / "01-woz.md").write_text(module)
    with pytest.raises(UserError, match="live.pack 'no-such-pack' is not one of jetpac-travel-photos, primer-news-routing, support-ticket-triage"):
        build_catalogue(list(load_course(tmp_path).modules))


def test_the_console_offers_the_items_the_printed_kit_says(tmp_path):
    """Issue 22: the console's items field started at the pack's 16; with the course's
    ``live.ask_seconds`` it starts at the count the run-sheet and the answer key print."""
    from tension_points.woz.pace import items_to_play
    from tension_points.woz.pack import load_pack

    course = load_course()
    segment = course.segment("cross-training-wizard-of-oz")
    expected = items_to_play(segment, load_pack(segment.live.spec["pack"]), segment.minutes, segment.live.spec["ask_seconds"])
    room, client = serve(course, tmp_path / "room.sqlite")
    with client:
        rc = RoomClient(room, client)
        rc.open(segment.id)
        view = rc.facilitator("GET", "/f/api/woz").json()
    room.store.close()
    assert (view["items"], view["pack_items"]) == (expected, 16) and expected < 16
