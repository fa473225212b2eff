"""The room's record names each activity as the screens do: the kind's label (not its
internal name), its format, its minutes, and a format that starts with the label only once."""

from __future__ import annotations

from room.room_fixtures import open_room
from tension_points.reports import render
from tension_points.room.activities.base import describe_activity
from tension_points.room.export import gather, record_document


def test_a_format_that_repeats_the_kind_replaces_it():
    assert describe_activity("Word cloud", "word cloud, then pairs", 6) == "Word cloud, then pairs · 6 min"
    assert describe_activity("Open prompt", "silent brainstorm", 8) == "Open prompt · silent brainstorm · 8 min"
    assert describe_activity("Ranking", None, 4) == "Ranking · 4 min"


def test_the_exported_line_is_the_screens_line_after_the_module(tmp_path, course):
    room = open_room(course, tmp_path / "room.sqlite")
    for activity_id in ("handoffs-words", "handoffs-confidence"):
        room.open_activity(activity_id)
    screens = {a: room.catalogue.get(a).public()["description"] for a in ("handoffs-words", "handoffs-confidence")}
    record = gather(course, room.store)
    room.store.close()
    lines = render(record_document(record), "md").splitlines()
    assert screens == {"handoffs-words": "Word cloud · 4 min", "handoffs-confidence": "Scale from 1 to 5 · poll · 4 min"}
    for line in screens.values():
        assert f"Hand-offs: a topic for the room's tests · {line}" in lines
    assert not any("wordcloud" in line or "Word cloud · word cloud" in line for line in lines)
