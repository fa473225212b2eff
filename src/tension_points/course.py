"""Module metadata: load each module's front matter, validate it, do the schedule arithmetic.

The front matter of ``modules/*.md`` is the single source of every timing:
the schedule page, the planner and the handbook's run-sheets all read it here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tension_points.datafiles import parse_yaml, validate
from tension_points.errors import UserError
from tension_points.textfiles import read_text

SEGMENT_KINDS = ("teaching", "discussion", "exercise", "break")
ACTIVITY_KINDS = ("discussion", "exercise")
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Segment:
    id: str
    kind: str
    title: str
    minutes: int
    min_minutes: int
    format: str | None = None


@dataclass(frozen=True)
class Module:
    id: str
    kind: str
    title: str
    summary: str
    objectives: tuple[str, ...]
    key_points: tuple[str, ...]
    segments: tuple[Segment, ...]
    path: Path

    @property
    def docname(self) -> str:
        return f"modules/{self.path.stem}"

    @property
    def minutes(self) -> int:
        return sum(segment.minutes for segment in self.segments)

    @property
    def min_minutes(self) -> int:
        return sum(segment.min_minutes for segment in self.segments)

    def minutes_by_kind(self) -> dict[str, int]:
        totals = dict.fromkeys(SEGMENT_KINDS, 0)
        for segment in self.segments:
            totals[segment.kind] += segment.minutes
        return totals

    def segment(self, segment_id: str) -> Segment:
        for segment in self.segments:
            if segment.id == segment_id:
                return segment
        known = ", ".join(s.id for s in self.segments)
        raise UserError(f"{self.path}: no segment '{segment_id}' in module.segments (known: {known})")


def read_front_matter(path: Path) -> dict:
    match = FRONT_MATTER.match(read_text(path, "a module page"))
    if not match:
        raise UserError(f"{path}: module: no front matter (a '---' block at the top of the file)")
    return parse_yaml(match.group(1), path) or {}


def load_module(path: Path) -> Module:
    data = validate(read_front_matter(path), "module", path)
    meta = data["module"]
    segments = tuple(Segment(**segment) for segment in meta["segments"])
    module = Module(
        id=meta["id"],
        kind=meta["kind"],
        title=data["title"],
        summary=meta["summary"],
        objectives=tuple(meta["objectives"]),
        key_points=tuple(meta["key_points"]),
        segments=segments,
        path=path,
    )
    check_segments(module)
    return module


def check_segments(module: Module) -> None:
    seen: set[str] = set()
    for index, segment in enumerate(module.segments):
        where = f"{module.path}: module.segments[{index}]"
        if segment.id in seen:
            raise UserError(f"{where}.id: duplicate segment id '{segment.id}'")
        seen.add(segment.id)
        if segment.min_minutes > segment.minutes:
            raise UserError(
                f"{where}.min_minutes: {segment.min_minutes} is more than minutes ({segment.minutes})"
            )
        if segment.kind == "discussion" and not segment.format:
            raise UserError(f"{where}.format: a discussion needs a format (e.g. think-pair-share)")


def load_course(course_dir: Path) -> list[Module]:
    """Every module of the course, in teaching order: the order of their file names (01-opening.md, ...)."""
    modules_dir = Path(course_dir) / "modules"
    if not modules_dir.is_dir():
        raise UserError(f"{modules_dir}: folder not found (is this the course folder?)")
    paths = sorted(p for p in modules_dir.glob("*.md") if p.name != "index.md")
    modules = [load_module(p) for p in paths]
    check_unique(modules)
    return modules


def check_unique(modules: list[Module]) -> None:
    for attribute in ("id",):
        seen: dict[object, Path] = {}
        for module in modules:
            value = getattr(module, attribute)
            if value in seen:
                raise UserError(
                    f"{module.path}: module.{attribute}: '{value}' is also used by {seen[value]}"
                )
            seen[value] = module.path
    segment_owner: dict[str, Path] = {}
    for module in modules:
        for segment in module.segments:
            if segment.id in segment_owner:
                raise UserError(
                    f"{module.path}: module.segments: id '{segment.id}' is also used by {segment_owner[segment.id]}"
                )
            segment_owner[segment.id] = module.path


def clock(start_minutes: int, offset: int) -> str:
    """``HH:MM`` for a number of minutes after a start time given in minutes after midnight."""
    total = (start_minutes + offset) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def parse_clock(text: str) -> int:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if not match:
        raise UserError(f"start time '{text}': expected HH:MM, e.g. 09:00")
    return int(match.group(1)) * 60 + int(match.group(2))


def format_minutes(minutes: int) -> str:
    """``45 min``, ``1 h 30 min``: how instructors say it."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
