"""The late plan: what to cut when the room is behind, and the agenda re-fitted once it is cut.

At any segment of an agenda, the room first catches up before its next pause by what is still
ahead in the same block, in the give-way order of :mod:`tension_points.plan.rules`: the
block's buffer first, then optional segments left out, then segments run at their shortest.
A facilitator goes down that list, skipping what is already behind them, until the minutes
are back. What that list cannot give back before the pause, the pause starts late by, and the
rest of the day gives back so that the day still ends on time (a workshop has a hard stop):
the later blocks' buffers, then their segments in the same order, then the breaks ahead run
shorter, and last the segments a module marks ``after_session`` (the feedback form, the post
survey) done on the way out. What even that cannot give back, the day ends late by
(:attr:`CatchUp.over`), and the plan says so. :func:`accept` re-fits the day with the cuts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tension_points.course import ModuleKind, SegmentKind
from tension_points.plan.agenda import Agenda, Item, Kept
from tension_points.plan.rules import LATE_STEPS, GiveWay, concession_for, give_way_key, shortest_pause

LATE_TITLE = "Behind schedule"


@dataclass(frozen=True)
class Cut:
    """One step of a late plan: spend the buffer, leave a segment out, or run it at its shortest."""

    way: GiveWay
    index: int  # the agenda item it changes
    item: Item
    to: int  # the item's minutes after the cut: 0 when left out (or the buffer spent)
    # For the buffer that ends the day: what a room on time gives it to (the last segment's
    # after_session, such as the post survey), which has only its own minutes (``own``, that
    # segment's) once it is spent.
    promised: str = ""
    own: int = 0

    @property
    def saves(self) -> int:
        return self.item.minutes - self.to

    @property
    def drops(self) -> bool:
        """Left out of the room's time: an optional segment left out, or one done on the way out."""
        return self.to == 0 and self.way is not GiveWay.BUFFER

    @property
    def moves_out(self) -> bool:
        return self.way is GiveWay.AFTER_SESSION


@dataclass(frozen=True)
class CatchUp:
    """What to cut at one point of the agenda when the room is ``late`` minutes behind: ``cuts``
    before the next pause, ``later`` after it (the rest of the day), so the day ends on time."""

    late: int
    cuts: tuple[Cut, ...]
    later: tuple[Cut, ...] = ()

    @property
    def saved(self) -> int:
        return sum(cut.saves for cut in self.cuts)

    @property
    def short(self) -> int:
        """Minutes the cuts cannot give back before the next pause (it starts that much later)."""
        return max(0, self.late - self.saved)

    @property
    def all_cuts(self) -> tuple[Cut, ...]:
        return self.cuts + self.later

    @property
    def over(self) -> int:
        """Minutes the day still ends late when every cut is made: nothing more can be cut."""
        return max(0, self.late - sum(cut.saves for cut in self.all_cuts))


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


def kept_ids(agenda: Agenda) -> frozenset[str]:
    """The optional segments the facilitator asked to keep: a late room shortens them by the rules
    like any other, and never leaves them out."""
    return frozenset(i for note in agenda.notes if isinstance(note, Kept) for i in note.ids)


def buffer_cut(agenda: Agenda, n: int) -> Cut:
    """Spending the buffer at item ``n``. The day's last buffer is where a room on time finishes
    the last segment's ``after_session`` part (the post survey): the cut says so, since spending
    it leaves that only the segment's own minutes."""
    before = agenda.items[n - 1] if n else None
    promised, own = "", 0
    if n == len(agenda.items) - 1 and before is not None and before.segment is not None and before.segment.after_session:
        promised, own = before.segment.after_session, before.minutes
    return Cut(GiveWay.BUFFER, n, agenda.items[n], 0, promised, own)


def options(agenda: Agenda, index: int) -> list[Cut]:
    """What can give way from item ``index`` to the end of its block, first to give way first."""
    _, last = block_bounds(agenda, index)
    kept = kept_ids(agenda)
    cuts = []
    for n in range(index, last):
        item = agenda.items[n]
        if item.is_buffer and item.minutes:
            cuts.append(buffer_cut(agenda, n))
        elif item.segment is not None and item.module is not None:
            concession = concession_for(item.module, item.segment, item.minutes, item.segment.id in kept)
            if concession is not None:
                cuts.append(Cut(concession.way, n, item, concession.to))
    return sorted(cuts, key=lambda c: give_way_key(c.way, c.item.module, c.saves, c.index))


def later_options(agenda: Agenda, index: int, taken: tuple[Cut, ...] = ()) -> list[Cut]:
    """What the rest of the day can give back after the pause that ends item ``index``'s block,
    first to give way first: the later blocks' buffers (nearest first), their segments in the
    give-way order, the breaks ahead run shorter (nearest first, lunch last), and last the
    segments marked ``after_session`` from ``index`` on, at the length ``taken`` left them."""
    items = agenda.items
    _, end = block_bounds(agenda, index)
    buffers, segments, pauses = [], [], []
    kept = kept_ids(agenda)
    for n in range(end, len(items)):
        item = items[n]
        if item.is_buffer and item.minutes:
            buffers.append(buffer_cut(agenda, n))
        elif item.is_pause:
            shortest = shortest_pause(item.kind, item.minutes)
            if shortest < item.minutes:
                pauses.append(Cut(GiveWay.SHORTEN_BREAK, n, item, shortest))
        elif item.segment is not None and item.module is not None and not item.segment.after_session:
            concession = concession_for(item.module, item.segment, item.minutes, item.segment.id in kept)
            if concession is not None:
                segments.append(Cut(concession.way, n, item, concession.to))
    segments.sort(key=lambda c: give_way_key(c.way, c.item.module, c.saves, c.index))
    pauses.sort(key=lambda c: (c.item.kind == "lunch", c.index))
    length = {cut.index: cut.to for cut in taken}
    # Once the room is in the day's last block (nothing after it to give back), a talk of a topic
    # module still ahead is left out whole, the furthest ahead first, rather than the day ending
    # late or the survey going out the door. Not an optional one: the block's own list already
    # leaves that out (options), and a plan names a cut once.
    last_block, _ = block_bounds(agenda, len(items) - 1)
    talks = [
        Cut(GiveWay.LEAVE_OUT_TALK, n, replace(items[n], minutes=length.get(n, items[n].minutes)), 0)
        for n in range(index, len(items)) if index >= last_block
        if items[n].segment is not None and items[n].module is not None
        and items[n].module.kind is ModuleKind.TOPIC and items[n].segment.kind is SegmentKind.TEACHING
        and not items[n].segment.signature and not items[n].segment.optional and items[n].segment.id not in kept
        and length.get(n, items[n].minutes)
    ]
    talks.sort(key=lambda c: -c.index)
    outs = [
        Cut(GiveWay.AFTER_SESSION, n, replace(items[n], minutes=length.get(n, items[n].minutes)), 0)
        for n in range(index, len(items))
        if items[n].segment is not None and items[n].segment.after_session and length.get(n, items[n].minutes)
    ]
    outs.sort(key=lambda c: (-c.saves, c.index))
    return buffers + segments + pauses + talks + outs


def walk(available: list[Cut], late: int) -> tuple[Cut, ...]:
    """Down the list until ``late`` minutes are back (as many as there are). A segment is not
    left out to win back much less than it lasts: one that would give back more than twice the
    minutes still needed is passed over while the cuts after it can give them back."""
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
    return tuple(taken)


def catch_up(agenda: Agenda, index: int, late: int) -> CatchUp:
    """The cuts, in order, that give back ``late`` minutes from item ``index`` on: before the next
    pause first, then (what those cannot give back) in the rest of the day, so it ends on time."""
    cuts = walk(options(agenda, index), late)
    short = max(0, late - sum(cut.saves for cut in cuts))
    later = walk(later_options(agenda, index, cuts), short) if short else ()
    # Cuts on one segment are alternatives, not steps: a segment left out or done on the way
    # out replaces the shortening that came before it (its whole minutes come back), so no
    # cell names both.
    moved = {cut.index for cut in later if cut.to == 0 and cut.way >= GiveWay.LEAVE_OUT_TALK}
    if moved & {cut.index for cut in cuts}:
        cuts = tuple(cut for cut in cuts if cut.index not in moved)
        later = tuple(replace(cut, item=agenda.items[cut.index]) if cut.index in moved else cut for cut in later)
    return CatchUp(late, cuts, later)


def late_plans(agenda: Agenda, steps: tuple[int, ...] = LATE_STEPS) -> dict[int, tuple[CatchUp, ...]]:
    """For every segment of the agenda (by item index), what to cut at each of ``steps`` minutes behind."""
    return {
        n: tuple(catch_up(agenda, n, late) for late in steps)
        for n, item in enumerate(agenda.items)
        if item.segment is not None
    }


def accept(agenda: Agenda, index: int, late: int, cuts: tuple[Cut, ...]) -> Agenda:
    """The rest of the day re-fitted: the room reaches item ``index`` ``late`` minutes behind and makes
    ``cuts`` (a :class:`CatchUp`'s ``cuts``, or ``all_cuts`` for the rest of the day too). The lost
    minutes stand as a row of their own; every buffer from here on takes what it can so that its
    block ends when planned: what the cuts gave back, or less when the room is still behind; a
    pause that cannot start on time starts late (it runs as long as the cuts say), and the
    day ends late by what no buffer could take."""
    if late < 0:
        raise ValueError("late: minutes behind, not ahead")
    changed: dict[int, int] = {}
    for cut in cuts:
        changed[cut.index] = cut.to
    items = list(agenda.items[:index])
    offset = agenda.items[index].offset if index < len(agenda.items) else agenda.total
    if late:
        items.append(Item("late", LATE_TITLE, late, offset))
        offset += late
    for n in range(index, len(agenda.items)):
        item = agenda.items[n]
        if item.is_buffer:
            _, end = block_bounds(agenda, n)
            planned_end = agenda.items[end].offset if end < len(agenda.items) else agenda.total
            rest = sum(changed.get(m, agenda.items[m].minutes) for m in range(n + 1, end))
            minutes = max(0, planned_end - offset - rest)
        else:
            minutes = changed.get(n, item.minutes)
        if minutes == 0 and (item.is_buffer or n in changed):
            continue
        items.append(replace(item, minutes=minutes, offset=offset))
        offset += minutes
    dropped = agenda.dropped + tuple(
        c.item.segment for c in cuts if c.drops and not c.moves_out and c.item.segment is not None
    )
    return replace(agenda, items=tuple(items), dropped=dropped)
