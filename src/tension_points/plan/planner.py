"""The workshop planner: an agenda of a given length, built from the modules' metadata.

Rules, in the order the planner applies them:

- the opening and closing modules are always in; topic modules are the ones asked for
  (in course order) or, when none are named, as many as fit, earliest first;
- every segment runs between its ``min_minutes`` and its preferred ``minutes``; when
  time is short, all segments are trimmed by the same fraction of their slack;
- a break (15 minutes unless told otherwise) comes at least every 90 minutes, never in
  the first 45 minutes nor in the last 30, at a module boundary where possible, so that
  the stretches are as even as they can be; a workshop of six hours or more has a lunch
  break (45 minutes unless told otherwise) in place of the break nearest its middle;
- an activity's minute split (alone, pairs, room...) is trimmed in proportion with it;
- the agenda adds up to exactly the minutes asked for: time left over once every segment
  has its preferred length becomes flexible time before the closing module;
- a request that cannot fit raises :class:`CannotFit`, which carries the minimum it needs
  and which modules to drop.

Nothing here knows about Sphinx or the command line: the planner returns an :class:`Agenda`
with structured notes (:class:`LeftOut`, :class:`Trimmed`, :class:`RoomToSpare`) and raises
structured errors; the command line and the handbook each word them for their readers.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from tension_points.course import Module, ModuleKind, Part, Segment, clock, format_minutes
from tension_points.errors import UserError


BREAK_MINUTES = 15
LUNCH_MINUTES = 45
MAX_STRETCH = 90
# A room needs time to settle before its first break, and a break just before the end is lost time.
NO_BREAK_BEFORE = 45
NO_BREAK_IN_LAST = 30
# A workshop this long gets a lunch break unless told otherwise.
LUNCH_FROM = 360
# Flexible time this long or longer gets a hint that there is room for more.
ROOMY = 30


@dataclass(frozen=True)
class LeftOut:
    """Topic modules not in the agenda: not asked for (``asked``) or left out for time."""

    modules: tuple[str, ...]
    asked: bool


@dataclass(frozen=True)
class Trimmed:
    """``segments`` segments run shorter than preferred, by ``minutes`` in all; ``activities`` of
    them had their minute split shortened in proportion."""

    segments: int
    minutes: int
    activities: int


@dataclass(frozen=True)
class RoomToSpare:
    """Flexible time long enough to add a module or run longer debriefs."""

    minutes: int


@dataclass(frozen=True)
class Dropped:
    """Optional segments (titles) left out so that the rest fits."""

    segments: tuple[str, ...]


@dataclass(frozen=True)
class LunchAdded:
    """A lunch break the planner added because the workshop is a full day."""

    minutes: int


Note = LeftOut | Trimmed | RoomToSpare | LunchAdded | Dropped


class CannotFit(UserError):
    """The modules do not fit the time: how long they need, and which topic modules to drop."""

    def __init__(self, minutes: int, modules: tuple[str, ...], needed: int | None, drop: tuple[str, ...] = (),
                 keep: tuple[str, ...] = (), nothing_fits: bool = False, max_stretch: int = MAX_STRETCH):
        self.minutes, self.modules, self.needed = minutes, modules, needed
        self.drop, self.keep, self.nothing_fits, self.max_stretch = drop, keep, nothing_fits, max_stretch
        super().__init__(self.plain())

    def summary(self) -> str:
        """What is wrong, in one sentence without its full stop: the same for every reader."""
        needed = format_minutes(self.needed) if self.needed is not None else "more than a day"
        return (f"{format_minutes(self.minutes)} is too short for {', '.join(self.modules) or 'no modules'}: it needs "
                f"at least {needed} (every segment at its minimum, with a break at least every {self.max_stretch} minutes)")

    def plain(self) -> str:
        """A wording that names no command-line option: for print and for the Python API."""
        text = self.summary()
        if self.drop:
            kept = f"keeping {', '.join(self.keep)}" if self.keep else "keeping only the opening and closing"
            return text + f"; or drop {', '.join(self.drop)} ({kept})."
        if self.nothing_fits:
            return text + "; even the opening and closing alone do not fit."
        return text + "."

@dataclass(frozen=True)
class Item:
    """One line of an agenda: a module's segment, a break, lunch, or flexible time."""

    kind: str  # a segment kind (teaching, discussion, exercise, break), "pause", "lunch" or "buffer"
    title: str
    minutes: int
    offset: int  # minutes after the start
    module: Module | None = None
    segment: Segment | None = None

    @property
    def parts(self) -> tuple[Part, ...]:
        """The activity's minute split at the length it runs in this agenda."""
        return self.segment.parts_for(self.minutes) if self.segment is not None else ()

    @property
    def end(self) -> int:
        return self.offset + self.minutes

    @property
    def is_pause(self) -> bool:
        """A break the planner put in (not a break segment of a module)."""
        return self.kind in ("pause", "lunch")


@dataclass(frozen=True)
class Agenda:
    minutes: int
    items: tuple[Item, ...]
    modules: tuple[Module, ...]
    left_out: tuple[Module, ...] = ()
    notes: tuple[Note, ...] = field(default=())
    dropped: tuple[Segment, ...] = ()  # optional segments left out for time

    @property
    def total(self) -> int:
        return sum(item.minutes for item in self.items)

    def stretches(self) -> list[int]:
        """Minutes of work between breaks (planned or in a module), in order."""
        result = [0]
        for item in self.items:
            if item.is_pause or item.kind == "break":
                result.append(0)
            else:
                result[-1] += item.minutes
        return result

    def rows(self, start: int) -> list[tuple[str, str, str, str, str]]:
        """(clock, module, item, kind, minutes) for tables in every output format."""
        rows = []
        previous = None
        for item in self.items:
            module_title = ""
            if item.module is not None and item.module is not previous:
                module_title = item.module.title
            if item.module is not None:
                previous = item.module
            rows.append((clock(start, item.offset), module_title, item.title, KIND_LABELS.get(item.kind, item.kind), str(item.minutes)))
        rows.append((clock(start, self.total), "", "End", "", ""))
        return rows

    def summary(self) -> str:
        names = ", ".join(module.id for module in self.modules)
        pauses = [item for item in self.items if item.is_pause]
        breaks = ""
        if pauses:
            breaks = f"; {len(pauses)} break{'s' if len(pauses) != 1 else ''} ({sum(p.minutes for p in pauses)} min)"
        return f"{format_minutes(self.total)}: {names}{breaks}"


KIND_LABELS = {"pause": "break", "lunch": "lunch", "buffer": "flexible"}


@dataclass(frozen=True)
class _Block:
    """A segment with its planned length, before clock times are known."""

    module: Module | None
    segment: Segment | None
    minutes: int

    @property
    def kind(self) -> str:
        return self.segment.kind if self.segment else "buffer"


def plan(
    modules: Iterable[Module],
    minutes: int,
    selected: list[str] | None = None,
    break_minutes: int = BREAK_MINUTES,
    lunch_minutes: int | None = None,
    max_stretch: int = MAX_STRETCH,
) -> Agenda:
    """The agenda for a workshop of ``minutes`` minutes (see the module docstring for the rules).

    ``lunch_minutes``: None for the default (a lunch in a workshop of six hours or more), 0 for none.
    """
    modules = list(modules)
    if minutes <= 0:
        raise UserError(f"workshop length: {minutes} minutes is not a length; give it in minutes, e.g. 210")
    if break_minutes <= 0:
        raise UserError(f"break length: {break_minutes} minutes is too short")
    if lunch_minutes is not None and lunch_minutes < 0:
        raise UserError(f"lunch length: {lunch_minutes} minutes is not a length")
    lunch_added = lunch_minutes is None and minutes >= LUNCH_FROM
    if lunch_minutes is None:
        lunch_minutes = LUNCH_MINUTES if lunch_added else 0
    fixed, topics = split_modules(modules)
    rules = (break_minutes, lunch_minutes, max_stretch)
    check_segments_fit(modules, max_stretch)
    extra: tuple[Note, ...] = (LunchAdded(lunch_minutes),) if lunch_added else ()
    if selected is None:
        return auto_plan(modules, fixed, topics, minutes, rules, extra)
    chosen = choose(topics, selected)
    course = in_order(modules, fixed + chosen)
    agenda = fit(course, minutes, rules)
    if agenda is None:
        raise cannot_fit(modules, fixed, chosen, minutes, rules)
    left_out = tuple(m for m in topics if m not in chosen)
    return with_notes(agenda, left_out, named=True, extra=extra)


def split_modules(modules: list[Module]) -> tuple[list[Module], list[Module]]:
    fixed = [m for m in modules if m.kind is not ModuleKind.TOPIC]
    topics = [m for m in modules if m.kind is ModuleKind.TOPIC]
    return fixed, topics


def choose(topics: list[Module], selected: list[str]) -> list[Module]:
    by_id = {m.id: m for m in topics}
    wanted = []
    for name in selected:
        name = name.strip()
        if not name:
            continue
        if name not in by_id:
            known = ", ".join(by_id) or "none"
            raise UserError(
                f"modules: no topic module '{name}' (topic modules: {known}; opening and closing are always in)"
            )
        if by_id[name] not in wanted:
            wanted.append(by_id[name])
    return wanted


def in_order(modules: list[Module], subset: list[Module]) -> list[Module]:
    return [m for m in modules if m in subset]


def check_segments_fit(modules: list[Module], max_stretch: int) -> None:
    for module in modules:
        for segment in module.segments:
            if segment.kind != "break" and segment.min_minutes > max_stretch:
                raise UserError(
                    f"{module.path}: segment '{segment.id}' needs at least {segment.min_minutes} minutes "
                    f"without a break, more than the {max_stretch} a stretch may last"
                )


def auto_plan(all_modules: list[Module], fixed: list[Module], topics: list[Module], minutes: int, rules,
              extra: tuple[Note, ...] = ()) -> Agenda:
    """No modules named: as many topic modules as fit, the earliest in the course first."""
    for count in range(len(topics), -1, -1):
        for subset in itertools.combinations(topics, count):
            agenda = fit(in_order(all_modules, fixed + list(subset)), minutes, rules)
            if agenda is not None:
                left_out = tuple(m for m in topics if m not in subset)
                return with_notes(agenda, left_out, named=False, extra=extra)
    raise cannot_fit(all_modules, fixed, [], minutes, rules)


def with_notes(agenda: Agenda, left_out: tuple[Module, ...], named: bool, extra: tuple[Note, ...] = ()) -> Agenda:
    notes: list[Note] = list(extra)
    if left_out:
        notes.append(LeftOut(tuple(m.id for m in left_out), asked=named))
    trimmed = [
        item for item in agenda.items if item.segment is not None and item.minutes < item.segment.minutes
    ]
    if trimmed:
        cut = sum(item.segment.minutes - item.minutes for item in trimmed)
        resized = sum(1 for item in trimmed if item.segment.parts)
        notes.append(Trimmed(len(trimmed), cut, resized))
    buffer = sum(item.minutes for item in agenda.items if item.kind == "buffer")
    if buffer >= ROOMY and left_out:
        notes.append(RoomToSpare(buffer))
    if agenda.dropped:
        notes.append(Dropped(tuple(s.title for s in agenda.dropped)))
    return Agenda(agenda.minutes, agenda.items, agenda.modules, left_out, tuple(notes), agenda.dropped)


# --- Fitting one set of modules into the time ---------------------------------------------


def fit(modules: list[Module], minutes: int, rules) -> Agenda | None:
    """The agenda for these modules, or None when they cannot fit in ``minutes`` even without
    their optional segments. Optional segments go only when everything at its minimum does not
    fit, the last in the course first, as few as need to."""
    optional = [s for m in modules for s in m.segments if s.optional]
    for count in range(len(optional) + 1):
        dropped = tuple(optional[len(optional) - count:])
        agenda = fit_exactly([without(m, dropped) for m in modules], minutes, rules)
        if agenda is not None:
            return restore_modules(agenda, modules, dropped)
    return None


def without(module: Module, dropped: tuple[Segment, ...]) -> Module:
    kept = tuple(s for s in module.segments if s not in dropped)
    return module if len(kept) == len(module.segments) else replace(module, segments=kept)


def restore_modules(agenda: Agenda, modules: list[Module], dropped: tuple[Segment, ...]) -> Agenda:
    """The agenda as seen by its readers: the course's own modules, the dropped segments named."""
    by_id = {m.id: m for m in modules}
    items = tuple(replace(i, module=by_id[i.module.id]) if i.module is not None else i for i in agenda.items)
    return Agenda(agenda.minutes, items, tuple(modules), dropped=dropped)


def fit_exactly(modules: list[Module], minutes: int, rules) -> Agenda | None:
    """The agenda for exactly these modules and segments, or None when they cannot fit in ``minutes``."""
    break_minutes, lunch_minutes, max_stretch = rules
    lowest = sum(m.min_minutes for m in modules)
    for breaks in range(0, minutes // break_minutes + 2):
        pauses = pause_minutes(breaks, break_minutes, lunch_minutes)
        if pauses is None:
            continue
        budget = minutes - pauses
        if budget < lowest:
            return None
        if lowest > (breaks + 1) * max_stretch:
            continue
        # With the budget fully spent the stretches may be too long for this many breaks;
        # trimming a little more and giving the difference to the breaks may still fit.
        # Less work never makes a stretch longer, so the smallest such spare is found by bisection.
        most = min(break_minutes - 1, budget - lowest) if breaks else 0
        found = None
        low, high = 0, most
        while low <= high:
            spare = (low + high) // 2
            blocks = lay_out(modules, budget - spare)
            placement = place_breaks(blocks, breaks, max_stretch)
            if placement is not None:
                found, high = (spare, blocks, placement), spare - 1
            else:
                low = spare + 1
        if found is not None:
            spare, blocks, placement = found
            return assemble(modules, blocks, placement, minutes, rules, spare)
    return None


def pause_minutes(breaks: int, break_minutes: int, lunch_minutes: int) -> int | None:
    if lunch_minutes:
        if breaks == 0:
            return None
        return (breaks - 1) * break_minutes + lunch_minutes
    return breaks * break_minutes


def lay_out(modules: list[Module], budget: int) -> list[_Block]:
    """Every segment with its length for this budget, plus flexible time when there is too much."""
    segments = [(m, s) for m in modules for s in m.segments]
    lengths = trim([s for _, s in segments], budget)
    blocks = [_Block(m, s, n) for (m, s), n in zip(segments, lengths)]
    extra = budget - sum(lengths)
    if extra > 0:
        # Flexible time at the end of modules: one slot before the closing module, more
        # (at the ends of earlier modules) when there is a lot of it.
        ends = [i + 1 for i in range(len(blocks)) if i + 1 == len(blocks) or blocks[i + 1].module is not blocks[i].module]
        ends = [i for i in ends if blocks[i - 1].module.kind != "closing"] or [len(blocks)]
        slots = ends[-min(len(ends), -(-extra // ROOMY)):]
        shares = [extra // len(slots) + (1 if n < extra % len(slots) else 0) for n in range(len(slots))]
        for at, share in sorted(zip(slots, shares), reverse=True):
            blocks.insert(at, _Block(None, None, share))
    return blocks


def trim(segments: list[Segment], budget: int) -> list[int]:
    """Lengths within [min, preferred] summing to ``budget`` (or all preferred when it is more).

    Every segment gives up the same fraction of its slack; the rounding is settled by
    largest remainder, so the total is exact.
    """
    preferred = sum(s.minutes for s in segments)
    lowest = sum(s.min_minutes for s in segments)
    if budget >= preferred:
        return [s.minutes for s in segments]
    if budget <= lowest:
        return [s.min_minutes for s in segments]
    fraction = (budget - lowest) / (preferred - lowest)
    exact = [s.min_minutes + (s.minutes - s.min_minutes) * fraction for s in segments]
    lengths = [int(x) for x in exact]
    short = budget - sum(lengths)
    by_remainder = sorted(range(len(segments)), key=lambda i: (-(exact[i] - lengths[i]), i))
    for i in by_remainder[:short]:
        lengths[i] += 1
    return lengths


def place_breaks(blocks: list[_Block], breaks: int, max_stretch: int) -> tuple[int, ...] | None:
    """Where to put ``breaks`` breaks (indices into blocks: a break goes before that block).

    Every stretch of work stays within ``max_stretch``; among the placements that do,
    the one with the fewest breaks inside a module wins, then the most even stretches
    (smallest sum of squares). Dynamic programming over block boundaries: exact and quick.
    """
    n = len(blocks)
    if n == 0 or breaks >= n:
        return () if breaks == 0 else None
    before = list(itertools.accumulate((b.minutes for b in blocks), initial=0))
    total = before[-1]
    allowed = [NO_BREAK_BEFORE <= before[i] and total - before[i] >= NO_BREAK_IN_LAST for i in range(n + 1)]
    # cost[a][b]: sum of squared stretches of blocks a..b-1, or None if a stretch is too long.
    cost: list[list[int | None]] = [[None] * (n + 1) for _ in range(n + 1)]
    for a in range(n):
        run = squares = 0
        for b in range(a + 1, n + 1):
            block = blocks[b - 1]
            if block.kind == "break":
                squares, run = squares + run * run, 0
            else:
                run += block.minutes
                if run > max_stretch:
                    break
            cost[a][b] = squares + run * run

    def inside_module(i: int) -> int:
        before, after = blocks[i - 1].module, blocks[i].module
        return int(before is not None and before is after)

    inf = (float("inf"), float("inf"))
    # best[k][i]: cost of blocks 0..i-1 with k breaks, the last one just before block i.
    best = [[inf] * (n + 1) for _ in range(breaks + 1)]
    back: dict[tuple[int, int], int] = {}
    best[0][0] = (0, 0)
    for k in range(1, breaks + 1):
        for i in range(1, n):
            if not allowed[i]:
                continue
            for j in range(i):
                if best[k - 1][j] == inf or cost[j][i] is None:
                    continue
                total = (best[k - 1][j][0] + inside_module(i), best[k - 1][j][1] + cost[j][i])
                if total < best[k][i]:
                    best[k][i], back[(k, i)] = total, j
    finish, finish_cost = None, inf
    for i in range(n):
        if best[breaks][i] == inf or cost[i][n] is None:
            continue
        total = (best[breaks][i][0], best[breaks][i][1] + cost[i][n])
        if total < finish_cost:
            finish_cost, finish = total, i
    if finish is None:
        return None
    positions = []
    k, i = breaks, finish
    while k > 0:
        positions.append(i)
        i = back[(k, i)]
        k -= 1
    return tuple(sorted(positions))


def assemble(modules, blocks: list[_Block], placement: tuple[int, ...], minutes: int, rules, spare: int) -> Agenda:
    break_minutes, lunch_minutes, _ = rules
    # Pause lengths: the spare minutes (if any) shared out over the breaks; lunch nearest the middle.
    lengths = [break_minutes] * len(placement)
    if lunch_minutes and placement:
        offsets = [sum(b.minutes for b in blocks[:p]) + break_minutes * n for n, p in enumerate(placement)]
        middle = minutes / 2
        lunch_at = min(range(len(placement)), key=lambda n: (abs(offsets[n] - middle), n))
        lengths[lunch_at] = lunch_minutes
    else:
        lunch_at = None
    for n in range(spare):
        lengths[n % len(lengths)] += 1
    items: list[Item] = []
    offset = 0
    pause_number = 0
    for index, block in enumerate(blocks):
        if index in placement:
            kind = "lunch" if pause_number == lunch_at else "pause"
            title = "Lunch" if kind == "lunch" else "Break"
            items.append(Item(kind, title, lengths[pause_number], offset))
            offset += lengths[pause_number]
            pause_number += 1
        if block.segment is None:
            items.append(Item("buffer", "Flexible time: questions, longer debriefs, or finish early", block.minutes, offset))
        else:
            items.append(Item(block.kind, block.segment.title, block.minutes, offset, block.module, block.segment))
        offset += block.minutes
    return Agenda(minutes, tuple(items), tuple(modules))


# --- When it cannot fit ------------------------------------------------------------------


def minimum_length(modules: list[Module], rules) -> int | None:
    """The shortest workshop that fits these modules: every segment at its minimum, the optional
    ones left out, fewest breaks.

    Longer segments never need fewer breaks, so this is exact.
    """
    break_minutes, lunch_minutes, max_stretch = rules
    optional = tuple(s for m in modules for s in m.segments if s.optional)
    modules = [without(m, optional) for m in modules]
    lowest = sum(m.min_minutes for m in modules)
    blocks = lay_out(modules, lowest)
    for breaks in range(0, len(blocks) + 1):
        pauses = pause_minutes(breaks, break_minutes, lunch_minutes)
        if pauses is not None and place_breaks(blocks, breaks, max_stretch) is not None:
            return lowest + pauses
    return None


def cannot_fit(all_modules, fixed: list[Module], chosen: list[Module], minutes: int, rules) -> CannotFit:
    course = in_order(all_modules, fixed + chosen)
    names = tuple(m.id for m in course)
    needed = minimum_length(course, rules)
    # Which topic modules to drop: the fewest, keeping the earliest in the course.
    for count in range(1, len(chosen) + 1):
        for dropped in itertools.combinations(reversed(chosen), count):
            kept = [m for m in chosen if m not in dropped]
            if fit(in_order(all_modules, fixed + kept), minutes, rules) is not None:
                drop = tuple(m.id for m in sorted(dropped, key=all_modules.index))
                return CannotFit(minutes, names, needed, drop, tuple(m.id for m in kept), max_stretch=rules[2])
    return CannotFit(minutes, names, needed, nothing_fits=bool(chosen), max_stretch=rules[2])
