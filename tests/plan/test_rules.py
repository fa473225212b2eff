"""The agenda rules hold for every length from a taster to a long day, and for every choice of
modules: every agenda the planner makes keeps them (tests/plan/agenda_rules.py says them), and
a length no agenda can keep them at is refused with the nearest lengths that can."""

from __future__ import annotations

import itertools

import pytest
from plan.agenda_rules import broken_rules

from tension_points.plan.planner import CannotFit, plan
from tension_points.plan.ready import load_ready_agendas, ready_agenda

EVERY_LENGTH = range(90, 481, 5)
# One block is at most 90 minutes; two blocks need at least 45 each and a break between them.
NO_AGENDA_POSSIBLE = range(91, 105)


def planned_or_refused(modules, minutes, selected=None, **pauses):
    try:
        return plan(modules, minutes, selected, **pauses), None
    except CannotFit as refusal:
        return None, refusal


def check_refusal(modules, refusal, selected=None, **pauses):
    """A refusal names lengths that do fit: the planner keeps the rules at them."""
    assert refusal.shorter is not None or refusal.longer is not None or refusal.drop, refusal
    for length in (refusal.shorter, refusal.longer):
        if length is not None:
            agenda = plan(modules, length, selected, **pauses)
            assert broken_rules(agenda, length, named=selected, **rules_of(pauses, length)) == []


def rules_of(pauses: dict, minutes: int) -> dict:
    lunch = pauses.get("lunch_minutes")
    return {"break_minutes": pauses.get("break_minutes", 15),
            "lunch_minutes": (45 if minutes >= 360 else 0) if lunch is None else lunch}


def test_every_length_has_an_agenda_that_keeps_the_rules(kit_modules):
    refused = []
    for minutes in EVERY_LENGTH:
        agenda, refusal = planned_or_refused(kit_modules, minutes)
        if refusal is not None:
            refused.append(minutes)
            check_refusal(kit_modules, refusal)
            continue
        assert broken_rules(agenda, minutes, **rules_of({}, minutes)) == [], f"{minutes} min"
    assert set(refused) <= set(NO_AGENDA_POSSIBLE), refused


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_every_choice_of_modules_keeps_the_rules_or_is_refused_with_lengths_that_fit(kit_modules, count):
    topics = [m.id for m in kit_modules if m.kind == "topic"]
    for chosen in itertools.combinations(topics, count):
        fitted = 0
        for minutes in range(120, 481, 30):
            agenda, refusal = planned_or_refused(kit_modules, minutes, list(chosen))
            if refusal is not None:
                assert refusal.modules[1:-1] == chosen
                if minutes in (120, 480):  # the nearest lengths, checked at both ends of the range
                    check_refusal(kit_modules, refusal, list(chosen))
                continue
            fitted += 1
            assert broken_rules(agenda, minutes, named=list(chosen), **rules_of({}, minutes)) == [], (chosen, minutes)
        assert fitted, f"{chosen} fits no length from 2 to 8 hours"


@pytest.mark.parametrize("break_minutes, lunch_minutes", [(10, None), (20, None), (15, 30), (15, 60), (20, 0)])
@pytest.mark.parametrize("minutes", [210, 300, 390, 450])
def test_pauses_last_exactly_what_was_asked(kit_modules, minutes, break_minutes, lunch_minutes):
    asked = {"break_minutes": break_minutes, "lunch_minutes": lunch_minutes}
    agenda, refusal = planned_or_refused(kit_modules, minutes, **asked)
    if refusal is not None:
        check_refusal(kit_modules, refusal, **asked)
        return
    assert broken_rules(agenda, minutes, **rules_of(asked, minutes)) == []


def test_a_half_day_keeps_the_audit_or_the_wizard_of_oz(kit_modules):
    for minutes in range(180, 241, 5):
        kept = {item.segment.id for item in plan(kit_modules, minutes).segment_items()}
        assert kept & {"reproducibility-audit", "cross-training-wizard-of-oz"}, minutes


def test_the_frame_is_always_whole(kit_modules):
    """The welcome with its survey, the feedback and the last word with its survey are never left out."""
    frame = {"opening-welcome", "closing-action-plan", "closing-feedback", "closing-last-word"}
    for minutes in EVERY_LENGTH:
        agenda, refusal = planned_or_refused(kit_modules, minutes)
        if agenda is not None:
            assert frame <= {item.segment.id for item in agenda.segment_items()}, minutes


def test_every_ready_agenda_keeps_the_rules(kit_modules):
    for ready in load_ready_agendas():
        agenda = ready.plan(kit_modules)
        pauses = {"break_minutes": ready.break_minutes, "lunch_minutes": ready.lunch_minutes}
        assert broken_rules(agenda, ready.minutes, named=ready.modules, **rules_of(pauses, ready.minutes)) == [], ready.id


def test_the_ready_full_day_runs_the_whole_course_and_both_signature_exercises(kit_modules):
    """A facilitator reading "Full day" on a course of six modules expects all six."""
    agenda = ready_agenda("full-day").plan(kit_modules)
    assert [m.id for m in agenda.modules] == [m.id for m in kit_modules]
    assert not agenda.left_out
    kept = {item.segment.id for item in agenda.segment_items()}
    assert {"reproducibility-audit", "cross-training-wizard-of-oz"} <= kept
