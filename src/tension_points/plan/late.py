"""The late plan: what to cut when the room is behind, and the agenda re-fitted once it is cut.

At any segment of an agenda, the room can catch up before its next pause by what is still
ahead in the same block, in the give-way order of :mod:`tension_points.plan.rules`: the
block's buffer first, then optional segments left out, then segments run at their shortest.
A facilitator goes down that list, skipping what is already behind them, until the minutes
are back. What the list cannot give back before the pause, the pause starts late by, and the
next blocks' buffers take it up (:func:`accept`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tension_points.plan.agenda import Agenda, Item
from tension_points.plan.rules import LATE_STEPS, GiveWay, concession_for, give_way_key

LATE_TITLE = "Behind schedule"


@dataclass(frozen=True)
class Cut:
    """One step of a late plan: spend the buffer, leave a segment out, or run it at its shortest."""

    way: GiveWay
    index: int  # the agenda item it changes
    item: Item
    to: int  # the item's minutes after the cut: 0 when left out (or the buffer spent)

    @property
    def saves(self) -> int:
        return self.item.minutes - self.to

    @property
    def drops(self) -> bool:
        return self.to == 0 and self.way is not GiveWay.BUFFER


@dataclass(frozen=True)
class CatchUp:
    """What to cut at one point of the agenda when the room is ``late`` minutes behind."""

    late: int
    cuts: tuple[Cut, ...]

    @property
    def saved(self) -> int:
        return sum(cut.saves for cut in self.cuts)

    @property
    def short(self) -> int:
        """Minutes the cuts cannot give back before the next pause (it starts that much later)."""
        return max(0, self.late - self.saved)


def module_alone(module) -> Agenda:
    """The module run alone at its own minutes: one block, no buffer, no pause. Its late plan is
    what present mode offers without an agenda and what the module's run-sheet prints."""
    offset, items = 0, []
    for segment in module.segments:
        items.append(Item(str(segment.kind), segment.title, segment.minutes, offset, module, segment))
        offset += segment.minutes
    return Agenda(offset, tuple(items), (module,))


def block_bounds(agenda: Agenda, index: int) -> tuple[int, int]:
    """The first and one-past-last item indices of the block holding item ``index``."""
    items = agenda.items
    first = index
    while first > 0 and not items[first - 1].is_pause:
        first -= 1
    last = index
    while last < len(items) and not items[last].is_pause:
        last += 1
    return first, last


def options(agenda: Agenda, index: int) -> list[Cut]:
    """What can give way from item ``index`` to the end of its block, first to give way first."""
    _, last = block_bounds(agenda, index)
    cuts = []
    for n in range(index, last):
        item = agenda.items[n]
        if item.is_buffer and item.minutes:
            cuts.append(Cut(GiveWay.BUFFER, n, item, 0))
        elif item.segment is not None and item.module is not None:
            concession = concession_for(item.module, item.segment, item.minutes)
            if concession is not None:
                cuts.append(Cut(concession.way, n, item, concession.to))
    return sorted(cuts, key=lambda c: give_way_key(c.way, c.item.module, c.saves, c.index))


def catch_up(agenda: Agenda, index: int, late: int) -> CatchUp:
    """The cuts, in order, that give back ``late`` minutes from item ``index`` on (as many as there are).

    A segment is not left out to win back much less than it lasts: one that would give back more
    than twice the minutes still needed is passed over while the cuts after it can give them back.
    """
    available = options(agenda, index)
    taken: list[Cut] = []
    saved = 0
    for n, cut in enumerate(available):
        needed = late - saved
        if needed <= 0:
            break
        if cut.drops and cut.saves > 2 * needed and sum(c.saves for c in available[n + 1:]) >= needed:
            continue
        taken.append(cut)
        saved += cut.saves
    return CatchUp(late, tuple(taken))


def late_plans(agenda: Agenda, steps: tuple[int, ...] = LATE_STEPS) -> dict[int, tuple[CatchUp, ...]]:
    """For every segment of the agenda (by item index), what to cut at each of ``steps`` minutes behind."""
    return {
        n: tuple(catch_up(agenda, n, late) for late in steps)
        for n, item in enumerate(agenda.items)
        if item.segment is not None
    }


def accept(agenda: Agenda, index: int, late: int, cuts: tuple[Cut, ...]) -> Agenda:
    """The rest of the day re-fitted: the room reaches item ``index`` ``late`` minutes behind and makes
    ``cuts``. The lost minutes stand as a row of their own; the block's buffer takes what the cuts
    gave back; what it cannot take moves the pause (never shortened) and is taken up by the
    next blocks' buffers."""
    if late < 0:
        raise ValueError("late: minutes behind, not ahead")
    changed = {cut.index: cut.to for cut in cuts}
    _, block_end = block_bounds(agenda, index)
    items = list(agenda.items[:index])
    offset = agenda.items[index].offset if index < len(agenda.items) else agenda.total
    if late:
        items.append(Item("late", LATE_TITLE, late, offset))
        offset += late
    # Minutes the next pause would start late: what the cuts do not give back, unless the
    # block's buffer (below) takes some of it; all of them when the room is at the pause already.
    carry = max(0, late - sum(cut.saves for cut in cuts))
    end_of_block = agenda.items[block_end].offset if block_end < len(agenda.items) else agenda.total
    for n in range(index, len(agenda.items)):
        item = agenda.items[n]
        if n < block_end and item.is_buffer:
            minutes = end_of_block - offset - sum(
                changed.get(m, agenda.items[m].minutes) for m in range(n + 1, block_end)
            )
            carry = max(0, -minutes)
            minutes = max(0, minutes)
        elif n > block_end and item.is_buffer and carry:
            minutes = max(0, item.minutes - carry)
            carry -= item.minutes - minutes
        else:
            minutes = changed.get(n, item.minutes)
        if minutes == 0 and (item.is_buffer or n in changed):
            continue
        items.append(replace(item, minutes=minutes, offset=offset))
        offset += minutes
    dropped = agenda.dropped + tuple(c.item.segment for c in cuts if c.drops and c.item.segment is not None)
    return replace(agenda, items=tuple(items), dropped=dropped)
