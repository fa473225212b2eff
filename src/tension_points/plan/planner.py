"""The workshop planner: an agenda of a given length, built from the modules' metadata.

The rules are in :mod:`tension_points.plan.rules`; fitting a set of modules into the time is
:mod:`tension_points.plan.fitting`. This module chooses the modules:

- the opening and closing are always in; topic modules are the ones asked for (in course
  order) or, when none are named, the set that fits by the rules with, in this order of
  preference: one of the kit's signature exercises (``signature`` in the front matter; its
  module shortened by the rules when it fits no other way), the
  most topic modules, the most signature exercises, the least given up, the earliest in the
  course. A set the planner chooses by itself may lose optional segments, never a minute of
  the rest: it takes fewer modules instead. Modules you name may be shortened too, none by
  more than a quarter;
- optional segments the facilitator names (``keep``, by id or title) stay in: they give way
  as if they were not optional, their module is in the agenda, and the rest fits around them
  by the same rules (and a late room's plan shortens them, never leaves them out); a name that
  is no optional segment, a keep that cannot fit, or one that would cost a half day its
  signature exercise, is refused;
- a workshop of six hours or more has a lunch unless told otherwise; a time asked for lunch
  puts it at the pause the rules allow nearest that time (and asks for a lunch);
- a request that cannot fit raises :class:`CannotFit`, which carries the minimum it needs
  (or the most it can fill) and which modules to drop.

Nothing here knows about Sphinx or the command line: the planner returns an :class:`Agenda`
with structured notes and raises structured errors; the command line and the handbook each
word them for their readers.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable

from tension_points.course import Module, ModuleKind, Segment, SegmentKind, format_minutes
from tension_points.errors import UserError
from tension_points.plan.agenda import (
    KIND_LABELS, Agenda, Dropped, Item, Kept, LeftOut, LunchAdded, LunchPlaced, Note, RoomToSpare, Trimmed,
)
from tension_points.plan.fitting import Pauses, fit
from tension_points.plan.rules import (
    GiveWay, MOST_PLANNED,
    BREAK_MINUTES, CHOOSING_GIVES_UP_TO, HALF_DAY, LUNCH_FROM, LUNCH_MINUTES, MAX_BLOCK, MIN_BLOCK, least_buffer, shortest,
)

__all__ = [
    "BREAK_MINUTES", "KIND_LABELS", "LUNCH_FROM", "LUNCH_MINUTES", "MAX_BLOCK", "Agenda", "CannotFit", "Dropped",
    "Item", "Kept", "LeftOut", "LunchAdded", "LunchPlaced", "Note", "RoomToSpare", "Trimmed", "plan",
]

PausesFor = Callable[[int], Pauses]

# Buffer this much beyond the rules' share gets a note that there is room for more.
ROOMY = 30


class CannotFit(UserError):
    """The modules do not fit the time by the rules: the nearest lengths that do (``shorter``,
    ``longer``; None when there is none), and which topic modules to drop."""

    def __init__(self, minutes: int, modules: tuple[str, ...], shorter: int | None, longer: int | None,
                 drop: tuple[str, ...] = (), keep: tuple[str, ...] = (), nothing_fits: bool = False,
                 kept: tuple[str, ...] = ()):
        self.minutes, self.modules, self.shorter, self.longer = minutes, modules, shorter, longer
        self.drop, self.keep, self.nothing_fits = drop, keep, nothing_fits
        self.kept = kept  # the optional segments asked to be kept, as "Title (id)"
        super().__init__(self.plain())

    @property
    def needed(self) -> int | None:
        """The shortest length that fits, when the request is too short for anything."""
        return self.longer if self.shorter is None else None

    def summary(self) -> str:
        """What is wrong, in one sentence without its full stop: the same for every reader."""
        names = ", ".join(self.modules) or "no modules"
        if self.kept:
            kept = list(self.kept)
            names += f" with {', '.join(kept[:-1]) + ' and ' if len(kept) > 1 else ''}{kept[-1]} kept"
        if self.shorter is None:
            needed = format_minutes(self.longer) if self.longer is not None else "more than a day"
            return (f"{format_minutes(self.minutes)} is too short for {names}: it needs at least {needed} "
                    f"({RULES_IN_BRIEF})")
        if self.longer is None:
            return (f"{format_minutes(self.minutes)} is too long for {names}: they fill at most "
                    f"{format_minutes(self.shorter)} ({RULES_IN_BRIEF})")
        return (f"{format_minutes(self.minutes)} does not fit {names} by the agenda rules ({RULES_IN_BRIEF}): "
                f"the nearest lengths that do are {format_minutes(self.shorter)} and {format_minutes(self.longer)}")

    def plain(self) -> str:
        """A wording that names no command-line option: for print and for the Python API."""
        text = self.summary()
        if self.drop:
            kept = f"keeping {', '.join(self.keep)}" if self.keep else "keeping only the opening and closing"
            return text + f"; or drop {', '.join(self.drop)} ({kept})."
        if self.nothing_fits:
            return text + "; even the opening and closing alone do not fit."
        return text + "."


RULES_IN_BRIEF = (
    f"blocks of {MIN_BLOCK} to {MAX_BLOCK} minutes between breaks, a buffer in each, "
    "no segment shorter than three quarters of its length"
)


def plan(
    modules: Iterable[Module],
    minutes: int,
    selected: list[str] | None = None,
    break_minutes: int = BREAK_MINUTES,
    lunch_minutes: int | None = None,
    lunch_at: int | None = None,
    keep: Iterable[str] = (),
) -> Agenda:
    """The agenda for a workshop of ``minutes`` minutes (see the module docstring for the rules).

    ``lunch_minutes``: None for the default (a lunch in a workshop of six hours or more), 0 for none.
    ``lunch_at``: when lunch should start, in minutes after the start (None: near the middle).
    ``keep``: optional segments (ids or titles) to keep in; their modules are in the agenda.
    """
    modules = list(modules)
    if minutes <= 0:
        raise UserError(f"workshop length: {minutes} minutes is not a length; give it in minutes, e.g. 210")
    if break_minutes <= 0:
        raise UserError(f"break length: {break_minutes} minutes is too short")
    if lunch_minutes is not None and lunch_minutes < 0:
        raise UserError(f"lunch length: {lunch_minutes} minutes is not a length")
    check_lunch_time(minutes, lunch_minutes, lunch_at)
    check_segments(modules)
    kept = kept_segments(modules, keep)
    keep_ids = frozenset(s.id for _, s in kept)
    lunch_added = lunch_minutes is None and lunch_at is None and minutes >= LUNCH_FROM

    def pauses_for(length: int) -> Pauses:
        """The pauses asked for; without a lunch length, a lunch from six hours on or at the time asked."""
        if lunch_minutes is not None:
            lunch = lunch_minutes
        else:
            lunch = LUNCH_MINUTES if length >= LUNCH_FROM or lunch_at is not None else 0
        return Pauses(break_minutes, lunch, lunch_at)

    pauses = pauses_for(minutes)
    fixed, topics = split_modules(modules)
    extra: tuple[Note, ...] = (LunchAdded(pauses.lunch_minutes),) if lunch_added else ()
    needed = [m for m in topics if any(owner is m for owner, _ in kept)]
    if selected is None:
        agenda, chosen = choose_and_fit(modules, fixed, topics, minutes, pauses_for, needed, kept)
        named = False
    else:
        chosen = choose(topics, selected)
        for owner, segment in kept:
            if owner in topics and owner not in chosen:
                raise UserError(f"keep: '{segment.id}' (\u201c{segment.title}\u201d) is in the module {owner.id}, which "
                                f"the modules asked for leave out; add {owner.id} to the modules or keep another segment")
        agenda = fit(in_order(modules, fixed + chosen), minutes, pauses, keep=keep_ids)
        if agenda is None:
            raise cannot_fit(modules, fixed, chosen, minutes, pauses_for, kept)
        named = True
    left_out = tuple(m for m in topics if m not in chosen)
    if lunch_at is not None:
        placed = next((item.offset for item in agenda.items if item.kind == "lunch"), None)
        if placed is not None:
            extra += (LunchPlaced(lunch_at, placed),)
    if kept:
        extra += (Kept(tuple(s.title for _, s in kept), tuple(s.id for _, s in kept)),)
    return with_notes(agenda, left_out, named, extra)


def kept_segments(modules: list[Module], names: Iterable[str]) -> list[tuple[Module, Segment]]:
    """The optional segments named to be kept, by id or by title (any case), in course order."""
    optional = [(m, s) for m in modules for s in m.segments if s.optional]
    found: list[tuple[Module, Segment]] = []
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        by_id = [(m, s) for m in modules for s in m.segments if s.id == name]
        matches = by_id or [(m, s) for m, s in optional if " ".join(s.title.split()).casefold() == name.casefold()]
        listed = "; ".join(f"{s.id} (\u201c{s.title}\u201d)" for _, s in optional) or "none"
        if not matches:
            raise UserError(f"keep: no optional segment '{name}', by id or title (optional segments: {listed})")
        if len(matches) > 1:
            ids = ", ".join(s.id for _, s in matches)
            raise UserError(f"keep: '{name}' is the title of {len(matches)} optional segments ({ids}); name the one to keep by its id")
        module, segment = matches[0]
        if not segment.optional:
            raise UserError(f"keep: '{name}' is not optional: it runs whenever its module, {module.id}, is in the agenda "
                            f"(optional segments: {listed})")
        if (module, segment) not in found:
            found.append((module, segment))
    position = {s.id: n for n, (_, s) in enumerate(optional)}
    return sorted(found, key=lambda pair: position[pair[1].id])


def check_lunch_time(minutes: int, lunch_minutes: int | None, lunch_at: int | None) -> None:
    if lunch_at is None:
        return
    if lunch_minutes == 0:
        raise UserError("lunch time: a lunch of 0 minutes is no lunch; leave out the lunch time or give its length")
    if not 0 < lunch_at < minutes:
        raise UserError(f"lunch time: {lunch_at} minutes after the start is not within the workshop's {minutes} minutes")


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


def check_segments(modules: list[Module]) -> None:
    for module in modules:
        for segment in module.segments:
            if segment.kind is SegmentKind.BREAK:
                raise UserError(
                    f"{module.path}: segment '{segment.id}' is a break: the planner places breaks itself, "
                    "at the places a module marks with pause_after"
                )
            if shortest(segment) + least_buffer(shortest(segment)) > MAX_BLOCK:
                raise UserError(
                    f"{module.path}: segment '{segment.id}' needs at least {shortest(segment)} minutes without a break, "
                    f"too long for a block of {MAX_BLOCK} minutes with its buffer"
                )


def signatures(modules: Iterable[Module]) -> int:
    return sum(1 for m in modules for s in m.segments if s.signature)


def choose_and_fit(all_modules: list[Module], fixed: list[Module], topics: list[Module], minutes: int,
                   pauses_for: PausesFor, needed: list[Module] = (),
                   kept: list[tuple[Module, Segment]] = ()) -> tuple[Agenda, list[Module]]:
    """No modules named: the set of topic modules the planner prefers (see the module docstring),
    among those that hold the ``needed`` modules (of the segments kept)."""
    pauses = pauses_for(minutes)
    keep = frozenset(s.id for _, s in kept)
    choice = functools.partial(best_choice, all_modules, fixed, topics, minutes, pauses, needed=needed, keep=keep)
    found = choice(CHOOSING_GIVES_UP_TO, len(topics))
    if found is None or not signatures(found[1]):
        # Nothing fits at full length, or nothing with a signature exercise: one module, shortened
        # by the rules, rather than none, and a signature exercise shortened rather than none.
        shortened = choice(MOST_PLANNED, max(1, len(needed)))
        if shortened is not None and (found is None or signatures(shortened[1])):
            found = shortened
    if needed and minutes in HALF_DAY and (found is None or not signatures(found[1])):
        refuse_keep_without_signature(all_modules, fixed, topics, minutes, pauses_for, kept)
    if found is not None:
        return found
    agenda = None if needed else fit(fixed, minutes, pauses, keep=keep)  # the frame alone, shortened as far as the rules allow
    if agenda is None:
        raise cannot_fit(all_modules, fixed, list(needed), minutes, pauses_for, kept)
    return agenda, []


def refuse_keep_without_signature(all_modules: list[Module], fixed: list[Module], topics: list[Module], minutes: int,
                                  pauses_for: PausesFor, kept: list[tuple[Module, Segment]]) -> None:
    """A kept segment may not cost a half day its signature exercise (the audit or the Wizard of
    Oz): when the planner's own choice at this length holds one and no choice with the kept
    segments does, the keep is refused, in words that say why."""
    try:
        _, free = choose_and_fit(all_modules, fixed, topics, minutes, pauses_for)
    except CannotFit:
        return
    if not signatures(free):
        return
    names = " and ".join(f"'{s.id}' (\u201c{s.title}\u201d)" for _, s in kept)
    owners = ", ".join(dict.fromkeys(m.id for m, _ in kept if m.kind is ModuleKind.TOPIC)) or "its module"
    exercises = " or ".join(f"\u201c{s.title}\u201d" for m in topics for s in m.segments if s.signature)
    raise UserError(
        f"keep: {names} needs {owners} in the agenda, and then no signature exercise ({exercises}) fits in "
        f"{format_minutes(minutes)}; a half day keeps one. Keep another "
        f"segment, or name the modules yourself."
    )


def best_choice(all_modules: list[Module], fixed: list[Module], topics: list[Module], minutes: int, pauses: Pauses,
                up_to: GiveWay, most: int, needed: list[Module] = (), keep: frozenset[str] = frozenset(),
                ) -> tuple[Agenda, list[Module]] | None:
    """The preferred set of one to ``most`` topic modules that fits, giving way no further than
    ``up_to``, among the sets that hold every ``needed`` module."""
    best, best_key = None, None
    for count in range(most, max(1, len(needed)) - 1, -1):
        for subset in itertools.combinations(topics, count):
            if not all(m in subset for m in needed):
                continue
            agenda = fit(in_order(all_modules, fixed + list(subset)), minutes, pauses, up_to, keep)
            if agenda is None:
                continue
            found = signatures(subset)
            key = (min(found, 1), count, found, -given_up(agenda), [-all_modules.index(m) for m in subset])
            if best_key is None or key > best_key:
                best, best_key = (agenda, list(subset)), key
    return best


def given_up(agenda: Agenda) -> int:
    """Minutes of the modules' preferred lengths that the agenda does not run."""
    preferred = sum(m.minutes for m in agenda.modules)
    return preferred - sum(item.minutes for item in agenda.segment_items())


def with_notes(agenda: Agenda, left_out: tuple[Module, ...], named: bool, extra: tuple[Note, ...] = ()) -> Agenda:
    notes: list[Note] = list(extra)
    if left_out:
        notes.append(LeftOut(tuple(m.id for m in left_out), asked=named))
    if agenda.dropped:
        notes.append(Dropped(tuple(s.title for s in agenda.dropped), tuple(s.id for s in agenda.dropped)))
    trimmed = [item for item in agenda.segment_items() if item.minutes < item.segment.minutes]
    if trimmed:
        cut = sum(item.segment.minutes - item.minutes for item in trimmed)
        resized = sum(1 for item in trimmed if item.segment.parts)
        notes.append(Trimmed(len(trimmed), cut, resized))
    blocks = agenda.blocks()
    beyond = sum(
        item.minutes - least_buffer(sum(i.minutes for i in block if not i.is_buffer))
        for block in blocks for item in block if item.is_buffer
    )
    if beyond >= ROOMY and left_out:
        notes.append(RoomToSpare(sum(item.minutes for item in agenda.items if item.is_buffer)))
    return Agenda(agenda.minutes, agenda.items, agenda.modules, left_out, tuple(notes), agenda.dropped)


# --- When it cannot fit ------------------------------------------------------------------


# Far enough to find the nearest length that fits: the planner never looks beyond a long day.
SEARCH_LIMIT = 16 * 60


def nearest_lengths(modules: list[Module], minutes: int, pauses_for: PausesFor,
                    keep: frozenset[str] = frozenset()) -> tuple[int | None, int | None]:
    """The longest length under ``minutes`` and the shortest over it that hold these modules by the rules."""
    lowest = sum(shortest(s) for m in modules for s in m.segments if not s.optional or s.id in keep)
    least = lowest + least_buffer(lowest)
    fits = lambda n: fit(modules, n, pauses_for(n), keep=keep) is not None  # noqa: E731
    shorter = next((n for n in range(minutes - 1, least - 1, -1) if fits(n)), None)
    longer = next((n for n in range(max(minutes + 1, least), SEARCH_LIMIT + 1) if fits(n)), None)
    return shorter, longer


def cannot_fit(all_modules, fixed: list[Module], chosen: list[Module], minutes: int, pauses_for: PausesFor,
               kept: list[tuple[Module, Segment]] = ()) -> CannotFit:
    course = in_order(all_modules, fixed + chosen)
    names = tuple(m.id for m in course)
    keep = frozenset(s.id for _, s in kept)
    said = tuple(f"\u201c{s.title}\u201d ({s.id})" for _, s in kept)
    shorter, longer = nearest_lengths(course, minutes, pauses_for, keep)
    if shorter is None:
        # Too short: which topic modules to drop, the fewest, keeping the earliest in the course
        # (never the module of a segment asked to be kept).
        owners = [m for m, _ in kept]
        for count in range(1, len(chosen) + 1):
            for dropped in itertools.combinations([m for m in reversed(chosen) if m not in owners], count):
                left = [m for m in chosen if m not in dropped]
                if fit(in_order(all_modules, fixed + left), minutes, pauses_for(minutes), keep=keep) is not None:
                    drop = tuple(m.id for m in sorted(dropped, key=all_modules.index))
                    return CannotFit(minutes, names, shorter, longer, drop, tuple(m.id for m in left), kept=said)
        return CannotFit(minutes, names, shorter, longer, nothing_fits=bool(chosen) and not kept, kept=said)
    return CannotFit(minutes, names, shorter, longer, kept=said)
