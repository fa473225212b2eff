"""One clock: the minutes shown beside a countdown are the minutes it counts, on every screen."""

from __future__ import annotations

import pytest

from room import room_fixtures
from starlette.testclient import TestClient

from tension_points.room.http import build_app


@pytest.fixture
def trimmed_room(tmp_path, course):
    """A 20-minute room: the planner fits the 5-minute survey into 4 and the poll's 6 into 5 (a
    quarter off at most)."""
    room = room_fixtures.open_room(course, tmp_path / "room.sqlite", minutes=20)
    with TestClient(build_app(room)) as client:
        yield room_fixtures.RoomClient(room, client)
    room.store.close()


def screens(room_client) -> list[dict]:
    phone = room_client.join()
    return [phone.get("/p/api/state").json()["state"], room_client.facilitator("GET", "/f/api/projector-state").json()["state"],
            room_client.facilitator("GET", "/f/api/state").json()["state"]]


def left(state) -> float:
    return state["clock"]["ends_at"] - state["segment"]["started_at"] if state["segment"] else None


def test_an_agenda_item_shows_the_planners_fitted_minutes_and_counts_them(trimmed_room):
    trimmed_room.act("/f/api/segment", action="start", index=0)
    for state in screens(trimmed_room):
        assert state["activity"]["id"] == "opening-welcome"
        assert state["activity"]["minutes"] == 4 == state["clock"]["minutes"]  # the course says 5; the plan gives it 4
        assert state["clock"]["ends_at"] - state["segment"]["started_at"] == 4 * 60
    trimmed_room.act("/f/api/segment", action="next")
    poll = screens(trimmed_room)[0]
    assert poll["activity"]["minutes"] == 5 == poll["clock"]["minutes"]
    assert [p["minutes"] for p in poll["activity"]["parts"]] == [1, 2, 2]  # the parts fitted to 5, adding up
    trimmed_room.act("/f/api/segment", action="extend", minutes=1)
    poll = screens(trimmed_room)[0]
    assert poll["activity"]["minutes"] == 6 == poll["clock"]["minutes"]


def test_an_activity_opened_off_the_agenda_counts_its_own_time_not_the_item_left_running(trimmed_room):
    trimmed_room.act("/f/api/segment", action="start", index=0)  # the 4-minute survey is running
    trimmed_room.open("handoffs-words")  # a 4-minute word cloud, opened from the list
    for state in screens(trimmed_room):
        assert state["activity"]["minutes"] == 4 == state["clock"]["minutes"]
        assert state["clock"]["agenda"] is False
        assert 4 * 60 - 5 < state["clock"]["ends_at"] - trimmed_room.room.store.activity_runs()[-1]["opened_at"] <= 4 * 60
    trimmed_room.act("/f/api/segment", action="extend", minutes=5)  # more time for what the screens show
    state = screens(trimmed_room)[0]
    assert state["activity"]["minutes"] == 9 == state["clock"]["minutes"]
    # The survey it interrupts holds the word cloud's 4 minutes and the 5 more: the plan counts them.
    assert state["segment"]["planned_minutes"] == 4 and state["segment"]["extended_minutes"] == 9
    trimmed_room.act("/f/api/segment", action="next")  # back on the agenda: its clock again
    state = screens(trimmed_room)[0]
    assert state["clock"]["agenda"] is True and state["activity"]["id"] == "opening-whose-job" and state["clock"]["minutes"] == 5


def test_the_clock_survives_a_restart(tmp_path, course):
    path = tmp_path / "room.sqlite"
    with room_fixtures.room_client(course, path) as room_client:
        room_client.open("handoffs-words")
        before = room_client.facilitator("GET", "/f/api/state").json()["state"]["clock"]
    with room_fixtures.room_client(course, path) as room_client:
        assert room_client.facilitator("GET", "/f/api/state").json()["state"]["clock"] == before


def pace(room_client) -> dict:
    return room_client.facilitator("GET", "/f/api/state").json()["pace"]


def test_an_activity_off_the_agenda_makes_the_room_as_late_as_the_time_it_takes(trimmed_room):
    """A 4-minute word cloud run inside the 4-minute survey: the survey now ends 4 minutes after
    the next item's planned start, so the room is 4 behind and the late plan offers cuts."""
    trimmed_room.act("/f/api/segment", action="start", index=0)
    assert pace(trimmed_room)["behind"] == 0
    trimmed_room.open("handoffs-words")
    state = trimmed_room.facilitator("GET", "/f/api/state").json()
    assert state["state"]["segment"]["extended_minutes"] == 4
    assert state["pace"]["behind"] == 4
    assert state["pace"]["late_plan"]["behind"] == 4 and state["pace"]["late_plan"]["cuts"]
    trimmed_room.act("/f/api/segment", action="extend", minutes=1)
    assert pace(trimmed_room)["behind"] == 5


def test_leaving_an_activity_off_the_agenda_keeps_the_minutes_it_really_took(trimmed_room, monkeypatch):
    import tension_points.room.live as live

    now = [1_000_000.0]
    monkeypatch.setattr(live.time, "time", lambda: now[0])
    trimmed_room.act("/f/api/segment", action="start", index=0)  # the 4-minute survey
    trimmed_room.open("handoffs-words")  # 4 minutes added to the survey
    now[0] += 60  # one minute of the word cloud, then back to the survey
    trimmed_room.open("opening-welcome")
    state = trimmed_room.facilitator("GET", "/f/api/state").json()["state"]
    assert state["clock"]["agenda"] is True and state["segment"]["extended_minutes"] == 1
    assert state["clock"]["ends_at"] == 1_000_000.0 + 5 * 60
    assert state["activity"]["minutes"] == 5 == state["clock"]["minutes"]


def test_an_activity_off_the_agenda_past_its_countdown_keeps_the_room_later_by_every_minute(trimmed_room, monkeypatch):
    import tension_points.room.live as live

    now = [1_000_000.0]
    monkeypatch.setattr(live.time, "time", lambda: now[0])
    trimmed_room.act("/f/api/segment", action="start", index=0)  # the 4-minute survey; the next item is due 4 minutes on
    trimmed_room.open("handoffs-words")  # 4 minutes: the survey now ends 8 minutes on
    assert pace(trimmed_room)["behind"] == 4
    now[0] += 10 * 60  # the word cloud runs 6 minutes past its countdown
    assert pace(trimmed_room)["behind"] == 10
    trimmed_room.open("opening-welcome")  # back to the survey: it keeps the 10 minutes the word cloud took
    state = trimmed_room.facilitator("GET", "/f/api/state").json()
    assert state["state"]["segment"]["extended_minutes"] == 10 and state["pace"]["behind"] == 10
