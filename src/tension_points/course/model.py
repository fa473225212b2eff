"""The course model: modules, their objectives and segments, as read from the modules' front matter.

The front matter of ``modules/*.md`` is the single source of every timing: the activity
boxes, the schedule, the planner, the run-sheets, the presentation and the room all read
it through these types. Nothing here knows about Sphinx or the command line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterator

from tension_points.errors import UserError

if TYPE_CHECKING:
    from tension_points.course.quotes import QuoteLibrary


class ModuleKind(StrEnum):
    OPENING = "opening"
    TOPIC = "topic"
    CLOSING = "closing"


class SegmentKind(StrEnum):
    TEACHING = "teaching"
    DISCUSSION = "discussion"
    EXERCISE = "exercise"
    BREAK = "break"

    @property
    def is_activity(self) -> bool:
        return self in ACTIVITY_KINDS


ACTIVITY_KINDS = frozenset({SegmentKind.DISCUSSION, SegmentKind.EXERCISE})
# Shortest segment a room can honestly run: gathering attention, doing it, moving on.
SHORTEST_SEGMENT = 3


@dataclass(frozen=True)
class Objective:
    id: str
    text: str


@dataclass(frozen=True)
class Part:
    """One step of an activity's minute split (alone, pairs, fours, room, a round, the debrief)."""

    label: str
    minutes: int
    paper: str | None = None  # the same step on the paper route, in the same minutes

    @property
    def short(self) -> str:
        """The step's name without its instructions: "Alone" for "Alone: list the walls you know"."""
        return self.label.split(":", 1)[0].strip()


@dataclass(frozen=True)
class TalkPoint:
    """One point of a teaching segment's talk, in the facilitator's words (plain text); ``quote``
    names a card of the quote library to read out at that point, its words rendered from there."""

    say: str
    quote: str | None = None


@dataclass(frozen=True)
class Talk:
    """What the facilitator says in a teaching segment: the points in order, a question to put to
    the room, what to watch for, and the words that lead into the next segment."""

    points: tuple[TalkPoint, ...]
    next: str
    ask: str | None = None
    watch: str | None = None


@dataclass(frozen=True)
class LiveActivity:
    """How an activity runs on the participants' phones in the live room: the kind's name and
    the segment's ``live`` mapping as written. The room's kind of that name reads and checks
    the rest (a poll its options, a survey its form): the course knows no kind's fields."""

    kind: str
    spec: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Segment:
    id: str
    kind: SegmentKind
    title: str
    minutes: int
    min_minutes: int
    start: int = 0  # minutes after the start of its module, at preferred lengths
    format: str | None = None
    prompt: str | None = None
    parts: tuple[Part, ...] = ()
    serves: tuple[str, ...] = ()
    live: LiveActivity | None = None
    optional: bool = False  # may be left out whole when the workshop is short (the planner says so)
    pause_after: bool = False  # a break may come after it: the next segment does not build on it
    signature: bool = False  # one of the kit's signature exercises: kept in a half day, shortened last
    talk: Talk | None = None  # a teaching segment's talking points (run-sheet, handbook, speaker's view)
    after_session: str | None = None  # how it can be done after the end when a late room has no time for it

    @property
    def is_activity(self) -> bool:
        return self.kind.is_activity

    def parts_for(self, minutes: int) -> tuple[Part, ...]:
        """The minute split when the segment runs ``minutes`` long: every part shrinks (or grows)
        in proportion, none below a minute, the total exact (largest remainder)."""
        if not self.parts or minutes == self.minutes:
            return self.parts
        exact = [part.minutes * minutes / self.minutes for part in self.parts]
        floors = [int(x) for x in exact]
        lengths = [max(1, n) for n in floors]
        # Parts raised to their one-minute floor take no share of what is left over.
        order = sorted(
            (i for i in range(len(exact)) if floors[i] >= 1),
            key=lambda i: (-(exact[i] - floors[i]), -exact[i], i),
        )
        for i in order[: max(0, minutes - sum(lengths))]:
            lengths[i] += 1
        for i in sorted(range(len(exact)), key=lambda i: (exact[i] - floors[i], exact[i])):
            if sum(lengths) <= minutes:
                break
            if lengths[i] > 1:
                lengths[i] -= 1
        return tuple(Part(part.label, n, part.paper) for part, n in zip(self.parts, lengths))


@dataclass(frozen=True)
class SelfPaced:
    """The module for a learner alone: about how long it takes, and what to have first."""

    minutes: int
    prerequisites: tuple[str, ...]  # inline Markdown


@dataclass(frozen=True)
class Module:
    id: str
    kind: ModuleKind
    title: str
    summary: str
    objectives: tuple[Objective, ...]
    key_points: tuple[str, ...]
    segments: tuple[Segment, ...]
    path: Path
    self_paced: SelfPaced | None = None  # a workshop-only course may leave it out

    @property
    def docname(self) -> str:
        return f"modules/{self.path.stem}"

    @property
    def minutes(self) -> int:
        return sum(segment.minutes for segment in self.segments)

    @property
    def min_minutes(self) -> int:
        return sum(segment.min_minutes for segment in self.segments)

    def minutes_by_kind(self) -> dict[SegmentKind, int]:
        totals = dict.fromkeys(SegmentKind, 0)
        for segment in self.segments:
            totals[segment.kind] += segment.minutes
        return totals

    def segment(self, segment_id: str) -> Segment:
        for segment in self.segments:
            if segment.id == segment_id:
                return segment
        known = ", ".join(s.id for s in self.segments)
        raise UserError(f"{self.path}: no segment '{segment_id}' in module.segments (known: {known})")

    def objective(self, objective_id: str) -> Objective:
        for objective in self.objectives:
            if objective.id == objective_id:
                return objective
        raise UserError(f"{self.path}: no objective '{objective_id}' in module.objectives")


@dataclass(frozen=True)
class Course:
    """Every module in teaching order, with lookups by id, by page and by segment."""

    root: Path
    modules: tuple[Module, ...]
    quotes: QuoteLibrary | None = None
    _by_id: dict[str, Module] = field(default_factory=dict, repr=False, compare=False)
    _by_doc: dict[str, Module] = field(default_factory=dict, repr=False, compare=False)
    _segments: dict[str, tuple[Module, Segment]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for module in self.modules:
            self._by_id[module.id] = module
            self._by_doc[module.docname] = module
            for segment in module.segments:
                self._segments[segment.id] = (module, segment)

    def __iter__(self) -> Iterator[Module]:
        return iter(self.modules)

    def __len__(self) -> int:
        return len(self.modules)

    def __getitem__(self, index: int) -> Module:
        return self.modules[index]

    def module(self, module_id: str) -> Module:
        try:
            return self._by_id[module_id]
        except KeyError:
            known = ", ".join(self._by_id)
            raise UserError(f"no module '{module_id}' in the course (modules: {known})") from None

    def module_for_doc(self, docname: str) -> Module | None:
        return self._by_doc.get(docname)

    def segment(self, segment_id: str) -> Segment:
        return self._lookup_segment(segment_id)[1]

    def module_of(self, segment_id: str) -> Module:
        return self._lookup_segment(segment_id)[0]

    def has_segment(self, segment_id: str) -> bool:
        return segment_id in self._segments

    def _lookup_segment(self, segment_id: str) -> tuple[Module, Segment]:
        try:
            return self._segments[segment_id]
        except KeyError:
            raise UserError(f"no segment '{segment_id}' in any module's front matter") from None

    def activities(self) -> list[Segment]:
        return [s for m in self.modules for s in m.segments if s.is_activity]

    def topics(self) -> list[Module]:
        return [m for m in self.modules if m.kind is ModuleKind.TOPIC]
