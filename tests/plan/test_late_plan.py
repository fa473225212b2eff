"""The late plan: at every segment, what to cut when the room is 5, 10 or 20 minutes behind, and
the day re-fitted once the facilitator accepts it."""

from __future__ import annotations

import pytest

from tension_points.course import ModuleKind, SegmentKind
from tension_points.plan.late import accept, block_bounds, catch_up, late_plans, later_options, options
from tension_points.plan.planner import CannotFit, plan
from tension_points.plan.rules import BREAK_SHORTEST, LATE_STEPS, LUNCH_SHORTEST, GiveWay, give_way_key, shortest
from tension_points.plan.sheet import sheet

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
        for step in steps:
            # A segment done on the way out is that instead of shortened: its block cut gives way to it.
            moved = {c.index for c in step.later if c.to == 0 and c.way >= GiveWay.LEAVE_OUT_TALK}
            available = sum(c.saves for c in options(agenda, index) if c.index not in moved)
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


# --- A hard stop: the day ends on time ---------------------------------------------------

def agendas_of_every_length(kit_modules):
    """Every length from 90 minutes to a full day (every quarter hour), as the planner chooses and
    for each single topic module asked for."""
    topics = [m.id for m in kit_modules if m.kind is ModuleKind.TOPIC]
    for minutes in range(90, 481, 15):
        for selected in [None, *([t] for t in topics)]:
            try:
                yield minutes, selected, plan(kit_modules, minutes, selected)
            except CannotFit:
                continue


def test_behind_anywhere_before_the_last_block_the_day_still_ends_on_time(kit_modules):
    """5, 10 or 20 minutes behind at any segment before the last block: the plan's cuts, its block's
    and then the rest of the day's, give back every minute, and the re-fitted day ends when planned."""
    checked = 0
    for minutes, selected, agenda in agendas_of_every_length(kit_modules):
        last_block = block_bounds(agenda, len(agenda.items) - 1)[0]
        for index, steps in late_plans(agenda).items():
            for step in steps:
                refitted = accept(agenda, index, step.late, step.all_cuts)
                assert refitted.total - agenda.total == step.over, (minutes, selected, index, step.late)
                if index < last_block:
                    assert step.over == 0, (minutes, selected, agenda.items[index].title, step.late)
                    checked += 1
    assert checked > 1000


def test_the_rest_of_the_day_gives_way_in_order_and_keeps_the_rules(kit_modules):
    """After its block's cuts: later buffers, later segments by the give-way order, breaks no shorter
    than the floor, and last what a module marks after_session (the feedback form, the post
    survey), never any other segment of the opening or closing."""
    for minutes in (90, 210, 300, 480):
        agenda = plan(kit_modules, minutes)
        last_block = block_bounds(agenda, len(agenda.items) - 1)[0]
        for index, steps in late_plans(agenda).items():
            _, end = block_bounds(agenda, index)
            for step in steps:
                if step.short == 0:
                    assert step.later == ()
                ways = [c.way for c in step.later]
                order = [GiveWay.BUFFER, "segment", GiveWay.SHORTEN_BREAK, GiveWay.LEAVE_OUT_TALK, GiveWay.AFTER_SESSION]
                ranks = [order.index(w) if w in order else 1 for w in ways]
                assert ranks == sorted(ranks)
                for cut in step.later:
                    if cut.way is GiveWay.AFTER_SESSION:
                        assert cut.item.segment.after_session and cut.to == 0
                    elif cut.way is GiveWay.LEAVE_OUT_TALK:
                        # The day's last block only: a topic module's talk still ahead, left out whole.
                        assert cut.to == 0 and cut.index >= index and cut.index >= last_block
                        assert cut.item.segment.kind is SegmentKind.TEACHING and cut.item.module.kind is ModuleKind.TOPIC
                        assert not cut.item.segment.signature
                    elif cut.way is GiveWay.SHORTEN_BREAK:
                        assert cut.item.is_pause and cut.index >= end
                        assert cut.to >= (LUNCH_SHORTEST if cut.item.kind == "lunch" else BREAK_SHORTEST)
                    else:
                        assert cut.index > end  # after the pause that ends this block
                        if cut.drops:
                            assert cut.item.segment.optional
                if step.over:  # still late: every cut there is was made
                    assert step.saved + sum(c.saves for c in step.later) < step.late
                    assert len(step.later) == len(later_options(agenda, index, step.cuts))


def test_the_half_days_closing_twenty_minutes_behind(kit_modules):
    """The facilitator's case: the half day, 20 minutes behind at the feedback (12:15). The room
    is already 5 minutes past 12:30; the feedback form and the post survey go out with the
    people, and the sheet says in words that the day ends 5 minutes late even so."""
    from tension_points.plan.ready import ready_agenda
    ready = ready_agenda("half-day")
    agenda = ready.plan(kit_modules)
    index = next(n for n, i in enumerate(agenda.items) if i.segment is not None and i.segment.id == "closing-feedback")
    step = catch_up(agenda, index, 20)
    assert [c.item.segment.id for c in step.later] == ["closing-feedback", "closing-last-word"]
    assert all(c.way is GiveWay.AFTER_SESSION for c in step.later)
    assert step.over == agenda.items[index].offset + 20 - agenda.total == 5
    printed = sheet(agenda, ready.start, ready.title)
    row = next(r for p in printed.pages for r in p.rows if r.item is not None and r.item.segment is not None
               and r.item.segment.id == "closing-feedback")
    assert row.late[-1].text().endswith("+5")
    assert row.over_text == "Ends late even with every cut: 5\u00a0min (20\u00a0late)"
    # One row earlier (the action plan at 12:00) the same 20 minutes cost 2: the action plan at its
    # shortest, the feedback and the post survey on the way out, and nothing else may go.
    before = next(r for p in printed.pages for r in p.rows if r.item is not None and r.item.title == "Your action plan for Monday")
    assert before.late[-1].over == 2


def test_the_guide_states_the_hard_stop_with_the_planners_limits():
    """The facilitator guide's agenda rules, as built, say how a late room still ends on time,
    with the planner's own floors for a shortened break and lunch."""
    from paths import HTML, normalise, require
    page = normalise(require(HTML / "facilitator-guide" / "30-agendas.html").read_text(encoding="utf-8"))
    assert "A room running late still ends on time" in page
    assert f"never under {BREAK_SHORTEST} minutes nor by more than a third; lunch never under {LUNCH_SHORTEST}" in page
