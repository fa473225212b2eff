"""The rules check of tests/plan/agenda_rules.py catches every kind of broken agenda: each test
here breaks one rule in a good agenda and expects the check to name it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from plan.agenda_rules import broken_rules

from tension_points.plan.planner import plan


@pytest.fixture(scope="module")
def half_day(kit_modules):
    agenda = plan(kit_modules, 210)
    assert broken_rules(agenda, 210) == []
    return agenda


def rebuilt(agenda, items):
    """The agenda with ``items``, offsets made contiguous again."""
    offset, result = 0, []
    for item in items:
        result.append(replace(item, offset=offset))
        offset += item.minutes
    return replace(agenda, items=tuple(result))


def swap(agenda, index: int, **changes):
    items = list(agenda.items)
    items[index] = replace(items[index], **changes)
    return rebuilt(agenda, items)


def index_of(agenda, test) -> int:
    return next(n for n, item in enumerate(agenda.items) if test(item))


def test_a_pause_longer_than_asked(half_day):
    agenda = swap(half_day, index_of(half_day, lambda i: i.kind == "pause"), minutes=18)
    assert any("lasts 18 min, not the 15 asked" in p for p in broken_rules(agenda, 213))


def test_a_pause_between_a_segment_and_the_one_it_leads_into(half_day):
    items = list(half_day.items)
    pause = items.pop(index_of(half_day, lambda i: i.kind == "pause"))
    # The first two segments of one module that the module does not mark as a place to pause.
    at, before, after = next((n + 1, a.segment.id, b.segment.id) for n, (a, b) in enumerate(zip(items, items[1:]))
                             if a.segment is not None and b.segment is not None
                             and a.module is b.module and not a.segment.pause_after)
    items.insert(at, pause)
    assert any(f"splits {before!r} from {after!r}" in p for p in broken_rules(rebuilt(half_day, items), 210))


def test_a_block_over_90_minutes(half_day):
    items = [i for i in half_day.items if i.kind != "pause"]
    items.append(replace(items[-1], minutes=items[-1].minutes + 30))
    assert any("without a break" in p for p in broken_rules(rebuilt(half_day, items), 210))


def test_a_buffer_under_a_tenth(half_day):
    agenda = swap(half_day, index_of(half_day, lambda i: i.kind == "buffer"), minutes=1)
    assert any("under a tenth" in p for p in broken_rules(agenda, agenda.total))


def test_a_block_without_its_buffer_row(half_day):
    items = list(half_day.items)
    del items[index_of(half_day, lambda i: i.kind == "buffer")]
    assert any("does not end with one Buffer row" in p for p in broken_rules(rebuilt(half_day, items), 205))


def test_a_segment_trimmed_by_more_than_a_quarter(half_day):
    index = index_of(half_day, lambda i: i.segment is not None and i.segment.signature)
    segment = half_day.items[index].segment
    squeezed = segment.minutes * 7 // 10
    agenda = swap(half_day, index, minutes=squeezed)
    problems = broken_rules(agenda, agenda.total)
    assert any(f"{segment.id} runs {squeezed} of its {segment.minutes} min" in p for p in problems)


def test_the_last_word_left_out(half_day):
    items = [i for i in half_day.items if not (i.segment is not None and i.segment.id == "closing-last-word")]
    assert any("'closing-last-word' is not" in p for p in broken_rules(rebuilt(half_day, items), 207))


def test_a_half_day_without_a_signature_exercise(kit_modules):
    agenda = plan(kit_modules, 210, ["silos"])
    assert broken_rules(agenda, 210, named=["silos"]) == []
    assert any("without the reproducibility audit or the Wizard of Oz" in p for p in broken_rules(agenda, 210))


def test_a_total_that_is_not_the_length_asked(half_day):
    assert any("not the 200 asked" in p for p in broken_rules(half_day, 200))
