"""Running late in the room: the console shows, for the minutes the room is behind, the
planner's cuts before the next pause (the printed sheet's words), and accepting them re-fits
the rest of the day, kept in the room file."""

from __future__ import annotations

import pytest

from room import room_fixtures
from starlette.testclient import TestClient

from tension_points.plan.late import accept, catch_up
from tension_points.plan.planner import plan
from tension_points.plan.sheet import describe_cut
from tension_points.room.catalogue import agenda_items
from tension_points.room.http import build_app
from tension_points.room.lateness import late_plan, minutes_behind

MINUTES, TOPICS = 70, ["handoffs"]


@pytest.fixture
def planned(course):
    """The agenda the room runs, straight from the planner."""
    return plan(list(course.modules), MINUTES, TOPICS)


def open_client(course, path):
    room = room_fixtures.open_room(course, path, minutes=MINUTES, topics=TOPICS)
    return room, TestClient(build_app(room))


@pytest.fixture
def late_room(tmp_path, course):
    room, client = open_client(course, tmp_path / "room.sqlite")
    with client:
        yield room_fixtures.RoomClient(room, client)
    room.store.close()


def console(room_client) -> dict:
    return room_client.facilitator("GET", "/f/api/state").json()


def test_on_time_the_console_has_nothing_to_cut(late_room):
    assert console(late_room)["pace"] is None  # nothing started
    late_room.act("/f/api/segment", action="start", index=0)
    pace = console(late_room)["pace"]
    assert pace["behind"] == 0 and pace["late_plan"] is None


def test_behind_the_console_shows_the_planners_cuts_before_the_next_pause(late_room, planned):
    late_room.act("/f/api/segment", action="start", index=0)
    late_room.act("/f/api/segment", action="extend", minutes=10)  # the welcome will end 10 minutes late
    shown = console(late_room)["pace"]
    expected = catch_up(planned, 1, 10)  # from the item after the one running, to the next pause
    assert shown["behind"] == 10
    late_plan = shown["late_plan"]
    assert late_plan["cuts"] == [{"text": describe_cut(cut), "saves": cut.saves} for cut in expected.cuts]
    assert late_plan["cuts"][0]["text"].startswith("Spend the buffer")
    assert late_plan["saved"] == expected.saved == 10 and late_plan["short"] == 0
    assert late_plan["until"].startswith("the end at ")


def test_accepting_the_cuts_refits_the_rest_of_the_day(tmp_path, course, planned):
    path = tmp_path / "room.sqlite"
    room, client = open_client(course, path)
    with client:
        late_room = room_fixtures.RoomClient(room, client)
        late_room.act("/f/api/segment", action="start", index=0)
        late_room.act("/f/api/segment", action="extend", minutes=10)
        late_room.act("/f/api/segment", action="accept-late", behind=10)
        view = console(late_room)
        expected = agenda_items(accept(planned, 1, 10, catch_up(planned, 1, 10).cuts))
        assert [(i["title"], i["kind"], i["minutes"], i["offset"]) for i in view["agenda"]] == \
            [(i["title"], i["kind"], i["minutes"], i["offset"]) for i in expected]
        assert view["agenda"][1]["title"] == "Behind schedule" and view["agenda"][1]["minutes"] == 10
        assert not any(item["kind"] == "buffer" for item in view["agenda"])  # the buffer was spent
        assert view["pace"]["behind"] == 0 and view["pace"]["late_plan"] is None  # on time again
        assert sum(item["minutes"] for item in view["agenda"]) == MINUTES  # the day still ends when planned
        # The lost minutes are a record, not an item: Next goes past them, Start refuses them.
        late_room.act("/f/api/segment", action="next")
        assert console(late_room)["state"]["segment"]["index"] == 2
        refused = late_room.facilitator("POST", "/f/api/segment", json={"action": "start", "index": 1})
        assert refused.status_code == 409 and "minutes the room lost" in refused.json()["error"]
    room.store.close()
    room, client = open_client(course, path)  # a restart keeps the re-fitted day
    with client:
        assert console(room_fixtures.RoomClient(room, client))["agenda"][1]["title"] == "Behind schedule"
    room.store.close()


def test_a_late_plan_is_accepted_only_for_real_minutes_and_a_running_item(late_room):
    refused = late_room.facilitator("POST", "/f/api/segment", json={"action": "accept-late", "behind": 5})
    assert refused.status_code == 409  # nothing running
    late_room.act("/f/api/segment", action="start", index=0)
    for behind in (0, -5, 241, "5", True, None):
        refused = late_room.facilitator("POST", "/f/api/segment", json={"action": "accept-late", "behind": behind})
        assert refused.status_code == 422, behind
        assert "behind must be the minutes behind" in refused.json()["error"]
    assert late_room.facilitator("POST", "/f/api/segment", json={"action": "accept-late", "behind": 10**20}).status_code == 422


def test_an_item_running_past_its_countdown_makes_the_room_later_by_every_minute():
    items = [{"offset": 0, "minutes": 10, "kind": "teaching"}, {"offset": 10, "minutes": 5, "kind": "exercise"}]
    start = 1_000_000.0
    ends_at = start + 10 * 60
    assert minutes_behind(items, 0, start, ends_at, now=start + 5 * 60) == 0
    assert minutes_behind(items, 0, start, ends_at, now=start + 13 * 60) == 3
    assert minutes_behind(items, 0, start, ends_at + 4 * 60, now=start) == 4  # extended by 4
    assert minutes_behind(items, 1, start, start + 16 * 60, now=start) == 1  # the last item: the end


def test_when_the_block_cannot_give_it_back_the_console_says_how_the_day_still_ends_on_time(tmp_path, course, planned):
    """15 minutes behind near the end: the block's cuts are not enough, so the console's plan adds
    the rest of the day's (the post survey on phones on the way out, as the closing marks it) and
    says the day ends on time; accepting makes them all, and the day still ends when planned."""
    running = next(n for n, i in enumerate(planned.items) if i.title == "What would you change?")
    shown = late_plan(agenda_items(planned), list(course.modules), running, 15, 9 * 60).view()
    expected = catch_up(planned, running + 1, 15)
    assert expected.short and expected.later, "the block alone cannot give this back"
    assert shown["cuts"] == [{"text": describe_cut(cut, 9 * 60), "saves": cut.saves} for cut in expected.cuts]
    assert shown["later"] == [{"text": describe_cut(cut, 9 * 60), "saves": cut.saves} for cut in expected.later]
    assert shown["later"][-1]["text"].startswith("\u201cLast word\u201d on the way out: the post survey, on phones")
    assert shown["over"] == expected.over == 0 and shown["end"] == "10:10"
    room, client = open_client(course, tmp_path / "room.sqlite")
    with client:
        late_room = room_fixtures.RoomClient(room, client)
        late_room.act("/f/api/segment", action="start", index=running)
        late_room.act("/f/api/segment", action="accept-late", behind=15)
        view = console(late_room)
        assert "Last word" not in [item["title"] for item in view["agenda"]]
        assert sum(item["minutes"] for item in view["agenda"]) == MINUTES  # still ends when planned
    room.store.close()
