"""The late plan: at every segment, what to cut when the room is 5, 10 or 20 minutes behind, and
the day re-fitted once the facilitator accepts it."""

from __future__ import annotations

import pytest

from tension_points.plan.late import accept, block_bounds, catch_up, late_plans, options
from tension_points.plan.planner import plan
from tension_points.plan.rules import LATE_STEPS, GiveWay, give_way_key, shortest

LENGTHS = (90, 160, 210, 300, 390, 450)


@pytest.fixture(scope="module", params=LENGTHS, ids=[f"{n}min" for n in LENGTHS])
def agenda(request, kit_modules):
    return plan(kit_modules, request.param)


def test_every_segment_has_a_plan_for_5_10_and_20_minutes_behind(agenda):
    plans = late_plans(agenda)
    assert set(plans) == {n for n, item in enumerate(agenda.items) if item.segment is not None}
    assert all(tuple(step.late for step in steps) == LATE_STEPS for steps in plans.values())


def test_cuts_come_from_what_is_still_ahead_before_the_next_pause(agenda):
    for index, steps in late_plans(agenda).items():
        _, end = block_bounds(agenda, index)
        for step in steps:
            assert all(index <= cut.index < end for cut in step.cuts)


def test_cuts_follow_the_give_way_order_buffer_first(agenda):
    for index, steps in late_plans(agenda).items():
        for step in steps:
            keys = [give_way_key(c.way, c.item.module, c.saves, c.index) for c in step.cuts]
            assert keys == sorted(keys)
            buffer_ahead = any(c.way is GiveWay.BUFFER for c in options(agenda, index))
            if buffer_ahead:
                assert step.cuts[0].way is GiveWay.BUFFER


def test_cuts_keep_the_rules(agenda):
    """Only optional segments are left out; nothing runs under its shortest; the frame stays."""
    for steps in late_plans(agenda).values():
        for cut in (c for step in steps for c in step.cuts):
            if cut.way is GiveWay.BUFFER:
                assert cut.item.is_buffer
            elif cut.drops:
                assert cut.item.segment.optional
            else:
                assert cut.to == shortest(cut.item.segment) < cut.item.minutes


def test_the_minutes_come_back_or_the_plan_says_how_many_do_not(agenda):
    for index, steps in late_plans(agenda).items():
        available = sum(c.saves for c in options(agenda, index))
        for step in steps:
            assert step.saved >= step.late or step.saved == available
            assert step.short == max(0, step.late - step.saved)


def test_nothing_is_left_out_to_win_back_much_less_than_it_lasts(kit_modules):
    """At the welcome of the half day, ten minutes behind: the buffer and the kit tour and two
    talks shortened, not the nine-minute interview for the last minute."""
    agenda = plan(kit_modules, 210)
    step = catch_up(agenda, 0, 10)
    assert step.saved >= 10
    assert "opening-your-role" not in [c.item.segment.id for c in step.cuts if c.item.segment is not None]


def test_accepting_the_cuts_refits_the_rest_of_the_day(agenda):
    pauses_before = [(p.offset, p.minutes) for p in agenda.pauses()]
    for index in [n for n, i in enumerate(agenda.items) if i.segment is not None][::3]:
        for late in LATE_STEPS:
            step = catch_up(agenda, index, late)
            refitted = accept(agenda, index, late, step.cuts)
            assert refitted.items[:index] == agenda.items[:index]
            assert refitted.items[index].title == "Behind schedule" and refitted.items[index].minutes == late
            for before, after in zip(refitted.items, refitted.items[1:]):
                assert before.offset + before.minutes == after.offset
            assert [p.minutes for p in refitted.pauses()] == [m for _, m in pauses_before]
            if step.short == 0:
                assert [(p.offset, p.minutes) for p in refitted.pauses()] == pauses_before
                assert refitted.total == agenda.total
            kept = {i.segment.id: i.minutes for i in refitted.segment_items()}
            for cut in step.cuts:
                if cut.item.segment is not None:
                    assert kept.get(cut.item.segment.id, 0) == cut.to
            for item in refitted.segment_items():
                assert sum(p.minutes for p in item.parts) == item.minutes or not item.parts


def test_what_a_block_cannot_give_back_the_next_blocks_buffers_take(kit_modules):
    agenda = plan(kit_modules, 210)
    last_of_first_block = max(n for n, i in enumerate(agenda.items[:block_bounds(agenda, 0)[1]]) if i.segment is not None)
    step = catch_up(agenda, last_of_first_block, 20)
    assert step.short > 0
    refitted = accept(agenda, last_of_first_block, 20, step.cuts)
    first_pause, second_pause = refitted.pauses()
    assert first_pause.offset == agenda.pauses()[0].offset + step.short  # the break starts late, lasts as long
    second_buffer = next(i for i in agenda.blocks()[1] if i.is_buffer).minutes
    late_after_second = max(0, step.short - second_buffer)  # the next block's buffer takes what it can
    assert second_pause.offset == agenda.pauses()[1].offset + late_after_second
    assert refitted.total == agenda.total  # and the last block's buffer the rest


def test_late_at_a_pause_the_next_blocks_buffers_take_it(kit_modules):
    """The room reaches the break late (the buffer ran over): nothing is left to cut before it, so
    the break starts late and the following buffers take up the minutes."""
    agenda = plan(kit_modules, 210)
    pause = next(n for n, item in enumerate(agenda.items) if item.is_pause)
    step = catch_up(agenda, pause, 6)
    assert step.cuts == () and step.short == 6
    refitted = accept(agenda, pause, 6, step.cuts)
    assert refitted.pauses()[0].offset == agenda.pauses()[0].offset + 6
    assert refitted.total == agenda.total
