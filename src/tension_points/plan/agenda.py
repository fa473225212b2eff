"""What the planner returns: an agenda of items (segments, buffers, breaks, lunch) with clock
offsets, and the notes that say what was left out or shortened. Pure data: no wording."""

from __future__ import annotations

from dataclasses import dataclass, field

from tension_points.course import Module, Part, Segment, clock, format_minutes


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
    """Buffer well beyond what the rules ask: room to add a module or run longer debriefs."""

    minutes: int


@dataclass(frozen=True)
class Dropped:
    """Optional segments (titles, and their ids) left out so that the rest fits."""

    segments: tuple[str, ...]
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kept:
    """Optional segments (titles, and their ids) in the agenda because they were asked to be kept."""

    segments: tuple[str, ...]
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class LunchAdded:
    """A lunch break the planner added because the workshop is a full day."""

    minutes: int


@dataclass(frozen=True)
class LunchPlaced:
    """Lunch asked for at ``asked`` (minutes after the start) starts at ``placed``, the pause the
    rules allow nearest it."""

    asked: int
    placed: int


Note = LeftOut | Trimmed | RoomToSpare | LunchAdded | LunchPlaced | Dropped | Kept

KIND_LABELS = {"pause": "break", "lunch": "lunch", "buffer": "buffer"}
BUFFER_TITLE = "Buffer"


@dataclass(frozen=True)
class Item:
    """One line of an agenda: a module's segment, a buffer, a break or lunch."""

    kind: str  # a segment kind (teaching, discussion, exercise), "pause", "lunch" or "buffer"
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
        """A break or lunch between two blocks."""
        return self.kind in ("pause", "lunch")

    @property
    def is_buffer(self) -> bool:
        return self.kind == "buffer"


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

    def blocks(self) -> list[list[Item]]:
        """The items between pauses (segments and the block's buffer), in order."""
        result: list[list[Item]] = [[]]
        for item in self.items:
            if item.is_pause:
                result.append([])
            else:
                result[-1].append(item)
        return result

    def block_lengths(self) -> list[int]:
        return [sum(item.minutes for item in block) for block in self.blocks()]

    def stretches(self) -> list[int]:
        """Minutes between pauses, buffers included (the blocks' lengths)."""
        return self.block_lengths()

    def pauses(self) -> list[Item]:
        return [item for item in self.items if item.is_pause]

    def segment_items(self) -> list[Item]:
        return [item for item in self.items if item.segment is not None]

    def item_for(self, segment_id: str) -> Item | None:
        return next((i for i in self.items if i.segment is not None and i.segment.id == segment_id), None)

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
        pauses = self.pauses()
        breaks = "; " + pauses_text(pauses) if pauses else ""
        buffer = sum(item.minutes for item in self.items if item.is_buffer)
        return f"{format_minutes(self.total)}: {names}{breaks}; buffer {buffer} min"


def pauses_text(pauses) -> str:
    """Breaks and lunch in words, "2 breaks (30 min) and lunch (45 min)": lunch named as lunch, never counted as a break."""
    breaks = [p for p in pauses if p.kind != "lunch"]
    lunches = [p for p in pauses if p.kind == "lunch"]
    words = []
    if breaks:
        words.append(f"{len(breaks)} break{'s' if len(breaks) != 1 else ''} ({sum(p.minutes for p in breaks)} min)")
    if lunches:
        words.append(f"lunch ({sum(p.minutes for p in lunches)} min)")
    return " and ".join(words)


def module_name(module: Module) -> str:
    """A module's short name, as its band and the course call it: "Silos" for "Silos: how ..."."""
    return module.title.split(":", 1)[0].strip()


def segment_label(title: str, module: Module | None, modules: tuple[Module, ...]) -> str:
    """A segment's title where it stands out of its module's context (a list of what was left out,
    a late plan's cut): with its module's name when another module among ``modules`` has a
    segment of the same title ("Wrap-up and key points (Silos)"), so that the line names one."""
    if module is None:
        return title
    shared = sum(1 for m in modules if any(s.title == title for s in m.segments))
    return f"{title} ({module_name(module)})" if shared > 1 else title
