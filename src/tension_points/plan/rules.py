"""The agenda rules, in one place: every agenda the kit prints, serves or re-fits follows them.

A facilitator's reading of them:

- **Pauses where the work allows one.** A break or lunch goes between two modules, or inside a
  module after a segment its front matter marks ``pause_after`` (the next segment does not
  build on it). Never between a segment and the one it leads into.
- **Blocks of at most 90 minutes.** The time between two pauses (a *block*) is at most
  :data:`MAX_BLOCK` minutes and at least :data:`MIN_BLOCK`.
- **Pauses exactly as asked.** A break lasts what was asked (``--break``), lunch too (``--lunch``).
- **A buffer in every block.** At least :data:`BUFFER_SHARE` of every block is left unassigned,
  as a *Buffer* row at the block's end: a room that runs late spends it, a room on time
  starts the pause early.
- **Nothing squeezed.** No segment runs shorter than its ``min_minutes`` nor than three
  quarters of its preferred minutes (:data:`MAX_TRIM`); when a module does not fit within that,
  the agenda holds fewer modules.
- **The frame is always in.** The opening and the closing, with their segments that are not
  optional (the welcome's survey, the feedback and the last word's survey among them).
- **One give-way order** (:class:`GiveWay`) for planning and for a room running late: what the
  facilitator does gives way before what the participants do, and the kit's signature
  exercises (``signature`` in the front matter) give way last.
- **A hard stop.** A room running late still ends on time: what the block cannot give back
  before its pause, the rest of the day gives back (the later blocks' buffers, then their
  segments in the same order, then the breaks ahead run shorter, never under
  :data:`BREAK_SHORTEST` minutes, lunch never under :data:`LUNCH_SHORTEST`); in the day's last
  block, a topic module's talk still ahead is left out whole; and last the segments a module
  marks ``after_session`` (the feedback form, the post survey) are done on the way out. Only
  these late steps touch a pause, a talk that is not optional, or the closing; planning never does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from fractions import Fraction

from tension_points.course import Module, ModuleKind, Segment, SegmentKind

BREAK_MINUTES = 15
LUNCH_MINUTES = 45
# A workshop this long gets a lunch unless told otherwise.
LUNCH_FROM = 360
MAX_BLOCK = 90
# Shorter than this, a block is not worth the pause on either side of it.
MIN_BLOCK = 45
# A half day (three to four hours) keeps one of the kit's signature exercises, the audit or the
# Wizard of Oz, whenever the planner chooses its modules: a kept segment never costs it one.
HALF_DAY = range(180, 241)
BUFFER_SHARE = Fraction(1, 10)
MAX_TRIM = Fraction(1, 4)
# How far behind the late plan looks, in minutes.
LATE_STEPS = (5, 10, 20)
# A room running late may shorten a break ahead to no less than this, and lunch to no less than
# this; never by more than a third (a 10-minute break stays whole).
BREAK_SHORTEST = 10
LUNCH_SHORTEST = 30


def ceiling(fraction: Fraction) -> int:
    return -(-fraction.numerator // fraction.denominator)


def shortest(segment: Segment) -> int:
    """The fewest minutes a segment may run: its own minimum, and never less than three quarters."""
    return max(segment.min_minutes, ceiling(segment.minutes * (1 - MAX_TRIM)))


def least_buffer(work: int) -> int:
    """The fewest buffer minutes a block of ``work`` minutes needs: a share of the whole block."""
    # buffer >= share * (work + buffer)  <=>  buffer >= work * share / (1 - share)
    return -(-work * BUFFER_SHARE.numerator // (BUFFER_SHARE.denominator - BUFFER_SHARE.numerator))


class GiveWay(IntEnum):
    """What gives way when time is short, first to last. The same order plans an agenda that is
    too long and tells a room that is running late what to cut: the buffer first; then
    segments marked optional, left out whole (a talk before an activity), because one clear
    cut is easier to make at the lectern than many small ones; then talks run shorter, then
    activities, and the kit's signature exercises last."""

    BUFFER = 0
    DROP_TALK = 1
    DROP_ACTIVITY = 2
    SHORTEN_TALK = 3
    SHORTEN_ACTIVITY = 4
    SHORTEN_SIGNATURE = 5
    # Only for a room running late, after everything above in the rest of the day:
    SHORTEN_BREAK = 6  # a break (or lunch) ahead runs shorter
    # In the day's last block, a topic module's talk still ahead is left out whole (never the
    # opening's or closing's, never an activity), before anything is sent out with the people.
    LEAVE_OUT_TALK = 7
    AFTER_SESSION = 8  # a segment marked after_session is done on the way out


# The most planning gives way (the late-only steps are never planned).
MOST_PLANNED = GiveWay.SHORTEN_SIGNATURE


# What the planner may give up to fit more topic modules in by itself: optional segments, never
# a minute of the rest (when you name the modules, it may shorten them too, by a quarter at most).
CHOOSING_GIVES_UP_TO = GiveWay.DROP_ACTIVITY


@dataclass(frozen=True)
class Concession:
    """One step of the give-way order: leave a segment out, or run it at its shortest."""

    way: GiveWay
    segment: Segment
    module: Module
    minutes: int  # the length it had
    to: int  # the length it gets: 0 when left out

    @property
    def saves(self) -> int:
        return self.minutes - self.to

    @property
    def drops(self) -> bool:
        return self.to == 0


def concession_for(module: Module, segment: Segment, minutes: int, kept: bool = False) -> Concession | None:
    """How this segment, running ``minutes`` long, can give way (None: it cannot). An optional
    segment the facilitator asked to keep (``kept``) gives way as if it were not optional."""
    talk = segment.kind is SegmentKind.TEACHING
    if segment.optional and not kept:
        return Concession(GiveWay.DROP_TALK if talk else GiveWay.DROP_ACTIVITY, segment, module, minutes, 0)
    if minutes <= shortest(segment):
        return None
    if talk:
        way = GiveWay.SHORTEN_TALK
    else:
        way = GiveWay.SHORTEN_SIGNATURE if segment.signature else GiveWay.SHORTEN_ACTIVITY
    return Concession(way, segment, module, minutes, shortest(segment))


def give_way_key(way: GiveWay, module: Module | None, saves: int, position: int) -> tuple:
    """First to give way first. Within one kind: a topic module's segments before the opening's
    and closing's (the frame every agenda shares, such as the room's introductions, stays whole
    longest), then the biggest saving (fewest changes at the lectern), then the earliest."""
    in_frame = module is not None and module.kind is not ModuleKind.TOPIC
    return (way, in_frame, -saves, position)


def give_way_order(concessions: list[Concession], position: dict[str, int],
                   before: frozenset[str] | set[str] = frozenset()) -> list[Concession]:
    """The concessions, first to give way first; the segments in ``before`` (those before a lunch
    asked for at a time) give way after the others of their kind."""
    return sorted(concessions, key=lambda c: (c.way, c.segment.id in before,
                                              *give_way_key(c.way, c.module, c.saves, position[c.segment.id])[1:]))


def shortest_pause(kind: str, minutes: int) -> int:
    """The fewest minutes a late room may make a break (``kind`` "pause") or lunch last."""
    floor = LUNCH_SHORTEST if kind == "lunch" else BREAK_SHORTEST
    return min(minutes, max(floor, ceiling(Fraction(2 * minutes, 3))))


def may_pause_after(module: Module, segment: Segment, next_module: Module | None) -> bool:
    """Whether a break may come between this segment and the next one."""
    return next_module is not module or segment.pause_after
