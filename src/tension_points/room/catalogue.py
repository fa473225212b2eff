"""The room's activities and agenda, read from the course model (no second copy).

Every discussion and exercise segment of the modules is an activity of the room, with its
title, prompt, format, minutes and parts. A segment's ``live`` spec says which kind it runs
as, and that kind reads the rest of the spec; without one, a discussion runs as an open
prompt wall and anything else as a timed activity (the countdown and the stuck/done flags).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from tension_points.errors import UserError
from tension_points.plan.planner import KIND_LABELS
from tension_points.room.activities.base import Activity, SpecProblem
from tension_points.room.activities.registry import KINDS, default_kind


# The prompt is inline Markdown in the course source; screens show it as plain text.
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|\*|`)(.+?)\1")


def plain_text(markdown: str | None) -> str | None:
    if markdown is None:
        return None
    return EMPHASIS.sub(r"\2", LINK.sub(r"\1", markdown))


def activity_from_segment(module, segment) -> Activity:
    """The segment as an activity of its kind; a spec the kind cannot run stops the room in one line."""
    live = segment.live
    name = live.kind if live is not None else default_kind(str(segment.kind))
    where = f"{module.path}: segment '{segment.id}'"
    if name not in KINDS:
        raise UserError(f"{where}: live.kind '{name}' is not one of {', '.join(KINDS)}")
    kind = KINDS[name]
    try:
        spec = kind.parse_spec(live.spec if live is not None else {"kind": name})
    except SpecProblem as problem:
        raise UserError(f"{where}: {problem}") from None
    return Activity(
        id=segment.id,
        title=segment.title,
        prompt=plain_text(segment.prompt),
        format=segment.format,
        minutes=segment.minutes,
        segment_kind=str(segment.kind),
        module_id=module.id,
        module_title=module.title,
        kind=kind,
        spec=spec,
        parts=tuple((part.label, part.minutes) for part in segment.parts),
        module_path=module.path,
        segment=segment,
    )


@dataclass(frozen=True)
class Catalogue:
    """Every activity of the course, in course order, by id."""

    activities: dict[str, Activity]
    modules: tuple

    def get(self, activity_id: str) -> Activity | None:
        return self.activities.get(activity_id)

    def ordered(self) -> list[Activity]:
        return list(self.activities.values())


def build_catalogue(modules, agenda: list[dict] | None = None) -> Catalogue:
    """Every activity of the course; given the room's stored ``agenda`` (:func:`agenda_items`),
    each knows the course's modules the room does not run (a survey leaves out their statements)."""
    modules = list(modules)
    left_out = modules_left_out(agenda, modules) if agenda is not None else ()
    activities: dict[str, Activity] = {}
    for module in modules:
        for segment in module.segments:
            # A teaching segment is an activity only when its live spec asks (the pre survey at the welcome).
            if segment.is_activity or segment.live is not None:
                activities[segment.id] = dataclasses.replace(activity_from_segment(module, segment), modules_left_out=left_out)
    return Catalogue(link_comparisons(activities), tuple(modules))


def modules_left_out(agenda: list[dict], modules) -> tuple[str, ...]:
    """The ids of the course's modules none of whose segments the stored agenda runs, in course order."""
    named = {item.get("segment_id") for item in agenda}
    return tuple(m.id for m in modules if not any(s.id in named for s in m.segments))


def link_comparisons(activities: dict[str, Activity]) -> dict[str, Activity]:
    """A comparing activity compares with the nearest earlier one of its kind (post survey: pre survey)."""
    linked, seen = {}, {}
    for activity_id, activity in activities.items():
        name = activity.kind.name
        if activity.kind.compares_with_earlier and name in seen:
            activity = dataclasses.replace(activity, compare_with=seen[name])
        if activity.kind.compares_with_earlier:
            seen[name] = activity_id
        linked[activity_id] = activity
    return linked


def agenda_items(agenda) -> list[dict]:
    """The planner's agenda as plain data, stored in the room file so a restart keeps it."""
    items = []
    for index, item in enumerate(agenda.items):
        items.append(
            {
                "index": index,
                "kind": KIND_LABELS.get(str(item.kind), str(item.kind)),  # "break", not the planner's "pause"
                "title": item.title,
                "minutes": item.minutes,
                "offset": item.offset,
                "segment_id": item.segment.id if item.segment is not None else None,
                "module": item.module.title if item.module is not None else None,
            }
        )
    return items


def check_agenda(items: list[dict], catalogue: Catalogue, modules, where: str) -> None:
    """A stored agenda must still name segments the course has (else: one line, exit 2)."""
    known = {segment.id for module in modules for segment in module.segments}
    for item in items:
        segment_id = item.get("segment_id")
        if segment_id is not None and segment_id not in known:
            raise UserError(
                f"{where}: the room's agenda names activity '{segment_id}', which the course no longer has; "
                "run it with the course it was made with, or start a new room with another --room"
            )
