"""The simple kinds (room/activities/simple.py): what an answer may hold, and how answers add up
by role; and every kind's check of its own part of a module's live spec."""

from __future__ import annotations

import shutil

import pytest

from room.room_fixtures import COURSE
from tension_points.course import load_course
from tension_points.errors import UserError
from tension_points.room.activities.base import Activity, AnswerRefused, StoredAnswer
from tension_points.room.activities.registry import KINDS
from tension_points.room.catalogue import build_catalogue


def activity(kind: str, **spec) -> Activity:
    return Activity(id="a", title="A", prompt=None, format=None, minutes=5, segment_kind="discussion", module_id="m",
                    module_title="M", kind=KINDS[kind], spec=KINDS[kind].parse_spec({"kind": kind, **spec}))


def answers(*pairs) -> list[StoredAnswer]:
    """One answer from each of as many people."""
    return [StoredAnswer(n, role, body, participant_id=n) for n, (role, body) in enumerate(pairs, 1)]


def test_a_multiple_choice_poll_counts_every_option_picked():
    poll = activity("poll", options=["Code", "Data", "Seeds"], multiple=True)
    kind = KINDS["poll"]
    assert kind.clean(poll, {"choices": [2, 0, 2]}) == {"choices": [0, 2]}
    three = answers(("data-scientist", {"choices": [0, 2]}), ("data-engineer", {"choices": [1]}), ("other", {"choices": [2]}))
    results = kind.results(poll, three)
    assert results["counts"]["all"] == [1, 1, 2]
    assert results["respondents"] == {"all": 3}  # no role has three people: no split
    (table,) = kind.tables(poll, answers(("data-scientist", {"choices": [0, 2]})))
    assert table.caption == "Votes by role (several choices allowed)"


def test_a_scale_takes_one_to_five_and_gives_the_mean_by_role():
    scale = activity("scale", scale_labels=["not at all", "completely"])
    kind = KINDS["scale"]
    for bad in (0, 6, "3", True, None):
        with pytest.raises(AnswerRefused):
            kind.clean(scale, {"value": bad})
    given = answers(*[("data-scientist", {"value": v}) for v in (2, 5, 5)], *[("data-engineer", {"value": v}) for v in (1, 1, 4, 4)], ("other", {"value": 1}))
    results = kind.results(scale, given)
    # The one "other" is pooled with the smallest role shown, so it cannot be read off by subtraction.
    assert results["means"] == {"all": 2.88, "data-engineer": 2.5, "other-roles": 3.25}
    assert results["groups"] == [["all", "All roles"], ["data-engineer", "Data engineer"], ["other-roles", "Other roles"]]
    assert results["counts"]["data-engineer"] == [2, 0, 0, 2, 0]
    rows = dict((row[0], row[1:]) for row in kind.tables(scale, answers(("other", {"value": 4})))[0].rows)
    assert rows["5 (completely)"] == ["0", "0"] and rows["Mean"] == ["4.00", "4.00"]  # the export keeps every figure


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


@pytest.mark.parametrize(("kind", "spec", "message"), [
    ("poll", {"options": ["A", "B"], "form": "pre-survey"}, "live: unknown field ('form' was unexpected) (live.kind poll takes options, multiple)"),
    ("poll", {}, "live.options: required field is missing"),
    ("poll", {"options": ["A", 2]}, "live.options[1]: 2 is not of type 'string'"),
    ("scale", {"scale_labels": ["low"]}, "live.scale_labels: ['low'] is too short"),
    ("open", {"options": ["A", "B"]}, "(live.kind open takes nothing but its kind)"),
    ("woz", {"items": 0}, "live.items: 0 is less than the minimum of 1"),
])
def test_each_kind_checks_its_own_part_of_the_live_spec(kind, spec, message):
    from tension_points.room.activities.base import SpecProblem

    with pytest.raises(SpecProblem) as refused:
        KINDS[kind].parse_spec({"kind": kind, **spec})
    assert message in str(refused.value)


@pytest.mark.parametrize(("module", "spec", "bad", "message"), [
    ("01-opening.md", "form: pre-survey", "form: no-such-form",
     "segment 'opening-welcome': a survey needs live.form, one of pre-survey, setup-check, post-survey, feedback (data/forms.yaml); this one has live.form 'no-such-form'"),
    ("03-closing.md", "form: action-plan", "form: no-such-form", "live.form 'no-such-form' is not a form of data/forms.yaml"),
    ("01-opening.md", 'options: ["The data scientist", "An engineer", "Both together"]', 'options: ["Only one"]',
     "live.options: a poll needs at least two options"),
    ("01-opening.md", "kind: poll", "kind: pol", "live.kind 'pol' is not one of timer, open, poll, scale, wordcloud"),
])
def test_a_live_spec_its_kind_cannot_run_stops_the_room_naming_the_module_file(tmp_path, module, spec, bad, message):
    shutil.copytree(COURSE, tmp_path / "course")
    page = tmp_path / "course" / "modules" / module
    page.write_text(page.read_text(encoding="utf-8").replace(spec, bad, 1), encoding="utf-8")
    with pytest.raises(UserError) as refused:
        build_catalogue(list(load_course(tmp_path / "course").modules))
    assert str(refused.value).startswith(str(page)) and message in str(refused.value)


@pytest.mark.parametrize(("typed", "phrase"), [("🔥", "🔥"), ("🚀 shipping", "🚀 shipping"), ("👍🏽", "👍🏽"), ("❤️ ops", "❤️ ops")])
def test_an_emoji_is_a_word_in_the_cloud(typed, phrase):
    assert KINDS["wordcloud"].clean(activity("wordcloud"), {"text": typed}) == {"text": typed, "phrase": phrase}


def test_a_cloud_entry_without_a_word_or_an_emoji_is_refused():
    with pytest.raises(AnswerRefused, match="type a word or two"):
        KINDS["wordcloud"].clean(activity("wordcloud"), {"text": "!!! ..."})
