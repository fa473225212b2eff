"""Fitting one set of modules into a length of time, by the rules of :mod:`tension_points.plan.rules`.

Two steps. First, how long each segment runs: everything at its preferred length, and when
that does not fit, the segments give way in the give-way order (left out or run at their
shortest), as few as need to, the last of them only as far as needed. Second, where the
pauses go: at the boundaries the rules allow, as few pauses as the time needs, the
placement whose longest block is shortest, then with the fewest pauses inside a module and the
most even blocks; every block gets
its buffer, and time left over is shared among the buffers in proportion to the blocks' work.
Lunch is the pause nearest the middle of the day or, when a time is asked for it, the pause
the rules allow nearest that time: it may move the other pauses, never cost a minute of content.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from tension_points.course import Module, Segment
from tension_points.plan.agenda import BUFFER_TITLE, Agenda, Item
from tension_points.plan.rules import (
    MAX_BLOCK, MIN_BLOCK, Concession, GiveWay, concession_for, give_way_order, least_buffer, may_pause_after,
)


@dataclass(frozen=True)
class Unit:
    """A segment at the length it runs."""

    module: Module
    segment: Segment
    minutes: int


# A lunch this close to the time asked for it is on time (the buffer before it moves it as much
# in the room): within it, fewer and more even pauses come first; beyond it, the nearer lunch.
LUNCH_SLACK = 10


@dataclass(frozen=True)
class Pauses:
    """The pauses the user asked for: every break ``break_minutes``, one lunch of ``lunch_minutes``
    (0: none), starting as near ``lunch_at`` (minutes after the start) as the rules allow."""

    break_minutes: int
    lunch_minutes: int
    lunch_at: int | None = None

    def total(self, count: int) -> int | None:
        """Minutes taken by ``count`` pauses; None when there is a lunch to hold and no pause for it."""
        if self.lunch_minutes:
            return None if count == 0 else self.lunch_minutes + (count - 1) * self.break_minutes
        return count * self.break_minutes


@dataclass(frozen=True)
class Layout:
    units: tuple[Unit, ...]
    starts: tuple[int, ...]  # the unit each block after the first starts with (a pause before it)
    buffers: tuple[int, ...]  # one per block
    lunch: int | None = None  # which pause is lunch (0: the first)

    def blocks(self) -> list[tuple[Unit, ...]]:
        edges = (0, *self.starts, len(self.units))
        return [self.units[a:b] for a, b in zip(edges, edges[1:])]


def fit(modules: list[Module], minutes: int, pauses: Pauses, up_to: GiveWay = GiveWay.SHORTEN_SIGNATURE,
        keep: frozenset[str] = frozenset()) -> Agenda | None:
    """The agenda for these modules in ``minutes``, giving way no further than ``up_to``; None if they cannot fit.
    ``keep``: ids of optional segments that stay in (shortened by the rules if need be, never left out)."""
    units = [Unit(m, s, s.minutes) for m in modules for s in m.segments]
    position = {u.segment.id: n for n, u in enumerate(units)}
    concessions = [c for u in units
                   if (c := concession_for(u.module, u.segment, u.minutes, u.segment.id in keep)) is not None
                   and c.way <= up_to]
    layout = fit_in_order(units, give_way_order(concessions, position), minutes, pauses)
    if layout is None:
        return None
    if pauses.lunch_minutes and pauses.lunch_at is not None and layout.lunch is not None:
        # Lunch at a time asked: what gives way gives way after lunch first (within each kind of
        # concession), so that the morning runs at its own minutes and lunch is not pulled early
        # by cuts the afternoon needed. Kept when it brings lunch nearer the time asked, at no
        # more minutes given up (which segments run shorter may change, never how many minutes).
        for _ in range(3):  # the morning is the one the last layout gives: at most a few rounds
            morning = {u.segment.id for u in layout.units[: layout.starts[layout.lunch]]}
            afternoon_first = give_way_order(concessions, position, before=morning)
            other = fit_in_order(units, afternoon_first, minutes, pauses)
            if other is None or other.lunch is None or given(other) > given(layout) or (
                    lunch_off(other, pauses), given(other)) >= (lunch_off(layout, pauses), given(layout)):
                break
            layout = other
    return assemble(layout, modules, pauses)


def fit_in_order(units: list[Unit], order: list[Concession], minutes: int, pauses: Pauses) -> Layout | None:
    """The layout with the fewest concessions from the start of ``order`` (the last only as far as needed)."""
    # Fewest concessions: the first prefix of the give-way order that lays out. (Not a halving
    # search: less work can make a placement fail, when a block would be too short.)
    for low in range(len(order) + 1):
        if lay_out(conceded(units, order[:low]), minutes, pauses) is not None:
            break
    else:
        return None
    taken = list(order[:low])
    if taken and not taken[-1].drops:
        taken[-1] = least_shortening(units, taken, minutes, pauses)
    layout = lay_out(conceded(units, taken), minutes, pauses)
    assert layout is not None
    return layout


def given(layout: Layout) -> int:
    """Minutes of the segments' preferred lengths the layout does not run (left out or shortened)."""
    return sum(u.segment.minutes - u.minutes for u in layout.units)


def lunch_off(layout: Layout, pauses: Pauses) -> int:
    """How many minutes lunch starts from the time asked for it."""
    lengths = [sum(u.minutes for u in block) + buffer for block, buffer in zip(layout.blocks(), layout.buffers)]
    return lunch_pause(lengths, sum(lengths) + pauses.total(len(lengths) - 1), pauses)[1]


def conceded(units: list[Unit], concessions: list[Concession]) -> list[Unit]:
    lengths = {c.segment.id: c.to for c in concessions}
    result = []
    for unit in units:
        length = lengths.get(unit.segment.id, unit.minutes)
        if length:
            result.append(unit if length == unit.minutes else Unit(unit.module, unit.segment, length))
    return result


def least_shortening(units: list[Unit], taken: list[Concession], minutes: int, pauses: Pauses) -> Concession:
    """The last concession shortens only as far as the agenda needs."""
    last = taken[-1]
    for length in range(last.minutes - 1, last.to, -1):
        trial = replace(last, to=length)
        if lay_out(conceded(units, [*taken[:-1], trial]), minutes, pauses) is not None:
            return trial
    return last


def boundaries(units: list[Unit]) -> list[int]:
    """Where a pause may go: before these units."""
    return [
        n for n in range(1, len(units))
        if may_pause_after(units[n - 1].module, units[n - 1].segment, units[n].module)
    ]


def lay_out(units: list[Unit], minutes: int, pauses: Pauses) -> Layout | None:
    """Where the pauses go and how long each buffer is; None when no placement keeps the rules.

    As few pauses as the time needs, then the shortest longest block (a facilitator spaces breaks
    evenly), then the fewest inside a module, then the most even
    blocks. With a time asked for lunch, the lunch nearest it comes first (within
    :data:`LUNCH_SLACK`), even at the cost of a pause more."""
    if not units:
        return None
    allowed = boundaries(units)
    work = [u.minutes for u in units]
    before = list(itertools.accumulate(work, initial=0))
    total_work = before[-1]
    placing_lunch = pauses.lunch_minutes > 0 and pauses.lunch_at is not None
    best, best_cost = None, None
    for count in range(len(allowed) + 1):
        spent = pauses.total(count)
        if spent is None:
            continue
        time = minutes - spent
        if time < total_work + least_buffer(total_work):
            break  # more pauses only leave less time
        if time > MAX_BLOCK * (count + 1):
            continue
        for starts in itertools.combinations(allowed, count):
            edges = (0, *starts, len(units))
            block_work = [before[b] - before[a] for a, b in zip(edges, edges[1:])]
            buffers = share_buffers(block_work, time)
            if buffers is None:
                continue
            lengths = [w + b for w, b in zip(block_work, buffers)]
            inside = sum(1 for s in starts if units[s - 1].module is units[s].module)
            lunch, off_time = lunch_pause(lengths, minutes, pauses)
            cost = (max(0, off_time - LUNCH_SLACK), count, max(lengths), inside, sum(n * n for n in lengths), off_time)
            if best_cost is None or cost < best_cost:
                best, best_cost = Layout(tuple(units), starts, tuple(buffers), lunch), cost
        if best is not None and not placing_lunch:
            break
    return best


def share_buffers(block_work: list[int], time: int) -> list[int] | None:
    """Each block's buffer: its least share; then, from the time left over, enough to bring a
    short block to the shortest a block may be, and the rest in proportion to the blocks' work,
    no block longer than the rules allow. None when the blocks cannot hold ``time`` that way."""
    buffers = [least_buffer(w) for w in block_work]
    if len(block_work) > 1:
        buffers = [max(b, MIN_BLOCK - w) for w, b in zip(block_work, buffers)]
    room = [MAX_BLOCK - w - b for w, b in zip(block_work, buffers)]
    spare = time - sum(block_work) - sum(buffers)
    if spare < 0 or min(room) < 0 or spare > sum(room):
        return None
    while spare:
        open_blocks = [n for n, r in enumerate(room) if r > 0]
        weight = sum(block_work[n] for n in open_blocks)
        exact = {n: spare * block_work[n] / weight for n in open_blocks}
        given = {n: min(room[n], int(exact[n])) for n in open_blocks}
        left = spare - sum(given.values())
        for n in sorted(open_blocks, key=lambda n: (-(exact[n] - int(exact[n])), n)):
            if left and given[n] < room[n]:
                given[n] += 1
                left -= 1
        for n, extra in given.items():
            buffers[n] += extra
            room[n] -= extra
            spare -= extra
    return buffers


def assemble(layout: Layout, modules: list[Module], pauses: Pauses) -> Agenda:
    blocks = layout.blocks()
    items: list[Item] = []
    offset = 0
    for number, (block, buffer) in enumerate(zip(blocks, layout.buffers)):
        if number:
            lunch = number - 1 == layout.lunch
            length = pauses.lunch_minutes if lunch else pauses.break_minutes
            items.append(Item("lunch" if lunch else "pause", "Lunch" if lunch else "Break", length, offset))
            offset += length
        for unit in block:
            items.append(Item(str(unit.segment.kind), unit.segment.title, unit.minutes, offset, unit.module, unit.segment))
            offset += unit.minutes
        items.append(Item("buffer", BUFFER_TITLE, buffer, offset))
        offset += buffer
    kept = {u.segment.id for u in layout.units}
    dropped = tuple(s for m in modules for s in m.segments if s.id not in kept)
    return Agenda(offset, tuple(items), tuple(modules), dropped=dropped)


def lunch_pause(lengths: list[int], minutes: int, pauses: Pauses) -> tuple[int | None, int]:
    """Which pause is lunch, and how many minutes its start is from the time asked for it (0
    when none was asked): the pause that starts nearest that time, or else the one whose middle
    is nearest the middle of the day. Every pause before lunch is a break."""
    if not pauses.lunch_minutes or len(lengths) < 2:
        return None, 0
    starts = [sum(lengths[: n + 1]) + n * pauses.break_minutes for n in range(len(lengths) - 1)]
    if pauses.lunch_at is None:
        middle = [abs(start + pauses.lunch_minutes / 2 - minutes / 2) for start in starts]
        return min(range(len(starts)), key=lambda n: (middle[n], n)), 0
    lunch = min(range(len(starts)), key=lambda n: (abs(starts[n] - pauses.lunch_at), n))
    return lunch, abs(starts[lunch] - pauses.lunch_at)
