"""Each kind of activity: what an answer may hold, and how answers add up by role."""

from __future__ import annotations

import pytest

from tension_points.room.catalogue import RoomActivity
from tension_points.room.kinds import KINDS, AnswerRefused, StoredAnswer


def activity(kind: str, **extra) -> RoomActivity:
    return RoomActivity(id="a", title="A", prompt=None, format=None, minutes=5, segment_kind="discussion", module_id="m", module_title="M", kind=kind, **extra)


def answers(*pairs) -> list[StoredAnswer]:
    return [StoredAnswer(n, role, body) for n, (role, body) in enumerate(pairs, 1)]


def test_a_multiple_choice_poll_counts_every_option_picked():
    poll = activity("poll", options=("Code", "Data", "Seeds"), multiple=True)
    kind = KINDS["poll"]
    assert kind.clean(poll, {"choices": [2, 0, 2]}) == {"choices": [0, 2]}
    results = kind.results(poll, answers(("data-scientist", {"choices": [0, 2]}), ("data-engineer", {"choices": [1]})))
    assert results["counts"]["all"] == [1, 1, 1]
    assert results["respondents"]["all"] == 2
    (table,) = kind.tables(poll, answers(("data-scientist", {"choices": [0, 2]})))
    assert table.caption == "Votes by role (several choices allowed)"


def test_a_scale_takes_one_to_five_and_gives_the_mean_by_role():
    scale = activity("scale", scale_labels=("not at all", "completely"))
    kind = KINDS["scale"]
    for bad in (0, 6, "3", True, None):
        with pytest.raises(AnswerRefused):
            kind.clean(scale, {"value": bad})
    results = kind.results(scale, answers(("data-scientist", {"value": 2}), ("data-scientist", {"value": 5}), ("other", {"value": 1})))
    assert results["means"] == {"all": 2.67, "data-scientist": 3.5, "other": 1.0}
    assert results["counts"]["data-scientist"] == [0, 1, 0, 0, 1]
    rows = dict((row[0], row[1:]) for row in kind.tables(scale, answers(("other", {"value": 4})))[0].rows)
    assert rows["5 (completely)"] == ("0", "0") and rows["Mean"] == ("4.00", "4.00")


def test_an_open_answer_is_plain_bounded_text():
    wall = activity("open")
    kind = KINDS["open"]
    assert kind.clean(wall, {"text": "  two\r\nlines\u0007 "}) == {"text": "two\nlines"}
    for bad in ({"text": ""}, {"text": "   "}, {"text": 5}, {"text": "x" * 501}, {}):
        with pytest.raises(AnswerRefused):
            kind.clean(wall, bad)


def test_a_timed_activity_takes_no_answers():
    with pytest.raises(AnswerRefused, match="takes no answers"):
        KINDS["timer"].clean(activity("timer"), {"text": "hello"})
    assert KINDS["timer"].accepts_answers is False
