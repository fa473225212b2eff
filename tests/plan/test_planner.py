"""The planner, as a specification on small made-up courses: which modules it takes, what gives
way first when time is short, and how it refuses what cannot fit. (The rules every agenda
keeps are tests/plan/test_rules.py, on the kit's own course.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tension_points.course import Module, ModuleKind, Part, Segment, SegmentKind
from tension_points.errors import UserError
from tension_points.plan.planner import CannotFit, Dropped, LeftOut, LunchAdded, LunchPlaced, Trimmed, plan
from tension_points.plan.rules import GiveWay, concession_for, shortest
from tension_points.plan.wording import describe_note, describe_refusal


def segment(id: str, kind: str, minutes: int, lowest: int | None = None, **flags) -> Segment:
    return Segment(id, SegmentKind(kind), id.replace("-", " ").capitalize(), minutes, lowest or minutes,
                   format="think-pair-share" if kind == "discussion" else None, **flags)


def module(id: str, kind: str, *segments: Segment) -> Module:
    return Module(id, ModuleKind(kind), id.title(), "", (), (), segments, Path(f"modules/{id}.md"))


OPENING = module("opening", "opening", segment("welcome", "teaching", 10, 8), segment("wall", "discussion", 15, 12),
                 segment("tour", "teaching", 5, optional=True))
CLOSING = module("closing", "closing", segment("plan", "exercise", 15, 12), segment("feedback", "discussion", 6, 5),
                 segment("last-word", "teaching", 3))


def topic(id: str, signature: bool = False) -> Module:
    return module(
        id, "topic",
        segment(f"{id}-talk", "teaching", 12, 6),
        segment(f"{id}-exercise", "exercise", 24, 18, signature=signature, pause_after=True),
        segment(f"{id}-debate", "discussion", 12, 10, optional=True),
        segment(f"{id}-wrap-up", "teaching", 3, optional=True),
    )


SILOS, OWNERSHIP, AUDIT = topic("silos"), topic("ownership"), topic("audit", signature=True)
COURSE = [OPENING, SILOS, OWNERSHIP, AUDIT, CLOSING]


def minutes_of(agenda, segment_id: str) -> int | None:
    item = agenda.item_for(segment_id)
    return item.minutes if item else None


def test_a_segment_runs_no_shorter_than_three_quarters_of_its_length_whatever_its_minimum():
    assert shortest(segment("talk", "teaching", 12, 6)) == 9
    assert shortest(segment("talk", "teaching", 10, 9)) == 9
    assert shortest(segment("exercise", "exercise", 5, 3)) == 4


def test_the_give_way_order_cuts_the_facilitators_time_before_the_participants():
    talk, activity, signature = segment("t", "teaching", 12, 6), segment("a", "exercise", 20, 15), segment("s", "exercise", 20, 15, signature=True)
    ways = [concession_for(SILOS, s, s.minutes).way for s in (
        segment("w", "teaching", 3, optional=True), segment("d", "discussion", 12, 10, optional=True), talk, activity, signature)]
    assert ways == [GiveWay.DROP_TALK, GiveWay.DROP_ACTIVITY, GiveWay.SHORTEN_TALK, GiveWay.SHORTEN_ACTIVITY,
                    GiveWay.SHORTEN_SIGNATURE]
    assert concession_for(SILOS, talk, 9) is None  # already at its shortest


def test_opening_and_closing_are_always_in_and_named_modules_keep_course_order():
    agenda = plan(COURSE, 300, ["audit", "silos"])
    assert [m.id for m in agenda.modules] == ["opening", "silos", "audit", "closing"]
    assert LeftOut(("ownership",), asked=True) in agenda.notes


def test_left_to_itself_the_planner_keeps_a_signature_exercise():
    """Two hours hold one topic module: the one with the kit's signature exercise, not the first."""
    agenda = plan(COURSE, 130)
    assert [m.id for m in agenda.modules] == ["opening", "audit", "closing"]
    assert LeftOut(("silos", "ownership"), asked=False) in agenda.notes


def test_left_to_itself_the_planner_takes_fewer_modules_rather_than_shorten_them():
    agenda = plan(COURSE, 200)
    assert all(item.minutes == item.segment.minutes for item in agenda.segment_items())
    named = plan(COURSE, 200, ["silos", "ownership", "audit"])  # asked for: they are shortened to fit
    assert any(item.minutes < item.segment.minutes for item in named.segment_items())
    assert len(named.modules) > len(agenda.modules)


def test_optional_segments_go_before_anything_is_shortened_talks_first():
    agenda = plan(COURSE, 175, ["silos", "audit"])
    dropped = {s.id for s in agenda.dropped}
    assert "silos-wrap-up" in dropped  # an optional talk goes first
    assert minutes_of(agenda, "audit-exercise") == 24  # the signature exercise keeps its length
    assert Dropped(tuple(s.title for s in agenda.dropped), tuple(s.id for s in agenda.dropped)) in agenda.notes


def test_the_last_segment_to_give_way_is_shortened_only_as_far_as_needed():
    full = plan(COURSE, 200, ["silos", "ownership", "audit"])
    shortened = [item for item in full.segment_items() if item.minutes < item.segment.minutes]
    at_shortest = [item for item in shortened if item.minutes == shortest(item.segment)]
    assert len(shortened) - len(at_shortest) <= 1
    trimmed = next(note for note in full.notes if isinstance(note, Trimmed))
    assert trimmed.segments == len(shortened)


def test_a_trimmed_activity_shows_its_steps_at_the_length_it_runs():
    parts = (Part("Alone", 4), Part("Pairs", 8), Part("Room", 8))
    chat = Segment("chat", SegmentKind.DISCUSSION, "Chat", 20, 15, format="think-pair-share", parts=parts)
    short_topic = module("t", "topic", segment("t-talk", "teaching", 12, 9), chat)
    agenda = plan([OPENING, short_topic, CLOSING], 84, ["t"])
    item = agenda.item_for("chat")
    assert item.minutes < 20
    assert sum(p.minutes for p in item.parts) == item.minutes
    assert [p.label for p in item.parts] == ["Alone", "Pairs", "Room"]


def test_a_full_day_has_a_lunch_unless_told_otherwise():
    agenda = plan(COURSE, 390, ["silos", "ownership", "audit"])
    assert [item.kind for item in agenda.items].count("lunch") == 1
    assert LunchAdded(45) in agenda.notes
    assert "lunch" not in [item.kind for item in plan(COURSE, 390, ["silos", "ownership", "audit"], lunch_minutes=0).items]


def test_a_lunch_time_asks_for_a_lunch_at_the_pause_nearest_it_and_says_where_it_went():
    agenda = plan(COURSE, 300, ["silos", "ownership", "audit"], lunch_at=150)  # under six hours: no lunch unless asked
    lunch = next(item for item in agenda.items if item.kind == "lunch")
    pauses = [item.offset for item in agenda.items if item.is_pause]
    assert all(abs(lunch.offset - 150) <= abs(offset - 150) for offset in pauses)
    assert LunchPlaced(150, lunch.offset) in agenda.notes and not any(isinstance(n, LunchAdded) for n in agenda.notes)
    assert describe_note(LunchPlaced(150, 155), "print", start=9 * 60) == (
        "Lunch at 11:35, the pause nearest 11:30 that the rules allow: a pause goes between two modules or where "
        "a module marks a place for one, never inside an activity.")
    assert describe_note(LunchPlaced(150, 150), "cli", start=9 * 60) == (
        "Lunch at 11:30, the time asked for it (--lunch-at HH:MM moves it).")


@pytest.mark.parametrize("kwargs, message", [
    ({"lunch_minutes": 0, "lunch_at": 120}, "a lunch of 0 minutes is no lunch"),
    ({"lunch_at": 0}, "not within the workshop"), ({"lunch_at": 300}, "not within the workshop"),
])
def test_a_lunch_time_with_no_lunch_or_outside_the_day_is_refused(kwargs, message):
    with pytest.raises(UserError, match=message):
        plan(COURSE, 300, ["silos", "ownership", "audit"], **kwargs)


def test_impossible_request_names_the_shortest_length_and_what_to_drop():
    with pytest.raises(CannotFit) as error:
        plan(COURSE, 150, ["silos", "ownership", "audit"])
    refusal = error.value
    assert refusal.needed > 150 and refusal.drop and set(refusal.keep) < {"silos", "ownership", "audit"}
    plan(COURSE, refusal.needed, ["silos", "ownership", "audit"])  # exactly enough
    with pytest.raises(CannotFit):
        plan(COURSE, refusal.needed - 1, ["silos", "ownership", "audit"])
    cli = describe_refusal(refusal, "cli")
    assert "too short" in cli and "needs at least" in cli and f"--minutes {refusal.needed}" in cli
    assert "drop" in cli and "--modules" in cli
    printed = describe_refusal(refusal, "print")
    assert "drop" in printed and "--" not in printed


def test_a_length_between_two_that_fit_is_refused_with_both():
    """One block is at most 90 minutes; two need a break and 45 minutes each: 95 fits neither."""
    with pytest.raises(CannotFit) as error:
        plan([OPENING, CLOSING], 95)
    refusal = error.value
    assert (refusal.shorter, refusal.longer) == (90, 105)
    assert "--minutes 90 or --minutes 105" in describe_refusal(refusal, "cli")


def test_too_long_for_the_modules_named():
    with pytest.raises(CannotFit) as error:
        plan(COURSE, 600, ["silos"])
    assert error.value.longer is None and error.value.shorter < 600
    assert "too long" in str(error.value)


def test_too_short_even_for_opening_and_closing():
    with pytest.raises(UserError, match="too short for opening, closing"):
        plan(COURSE, 30)


@pytest.mark.parametrize("bad, message", [(["nope"], "no topic module 'nope'"), (["opening"], "no topic module 'opening'")])
def test_unknown_module_is_named(bad, message):
    with pytest.raises(UserError, match=message):
        plan(COURSE, 300, bad)


@pytest.mark.parametrize("kwargs, message", [
    ({"minutes": 0}, "workshop length"), ({"minutes": 200, "break_minutes": 0}, "break length"),
    ({"minutes": 200, "lunch_minutes": -1}, "lunch length"),
])
def test_lengths_that_are_not_lengths_are_refused(kwargs, message):
    with pytest.raises(UserError, match=message):
        plan(COURSE, **kwargs)


def test_a_module_that_brings_its_own_break_is_refused_naming_its_file():
    with_break = module("silos", "topic", segment("silos-talk", "teaching", 12), segment("silos-rest", "break", 10))
    with pytest.raises(UserError, match=r"modules/silos.md: segment 'silos-rest' is a break"):
        plan([OPENING, with_break, CLOSING], 200)


def test_a_segment_too_long_for_any_block_is_refused_naming_its_file():
    marathon = module("silos", "topic", segment("silos-marathon", "exercise", 100, 90))
    with pytest.raises(UserError, match=r"modules/silos.md: segment 'silos-marathon' needs at least 90 minutes"):
        plan([OPENING, marathon, CLOSING], 300)


def test_notes_are_worded_for_each_reader():
    agenda = plan(COURSE, 130)
    cli = [describe_note(note, "cli") for note in agenda.notes]
    printed = [describe_note(note, "print") for note in agenda.notes]
    assert any("Left out for time" in text and "--modules" in text for text in cli)
    assert not any("--" in text for text in printed)
