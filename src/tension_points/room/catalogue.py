"""The room's activities and agenda, read from the course model (no second copy).

Every discussion and exercise segment of the modules is an activity of the room, with its
title, prompt, format, minutes and parts. A segment's ``live`` spec says which kind it runs
as; without one, a discussion runs as an open prompt wall and anything else as a timed
activity (the countdown and the stuck/done flags).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from tension_points.errors import UserError
from tension_points.plan.planner import KIND_LABELS
from tension_points.room.kinds import KINDS


# The prompt is inline Markdown in the course source; screens show it as plain text.
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|\*|`)(.+?)\1")


def plain_text(markdown: str | None) -> str | None:
    if markdown is None:
        return None
    return EMPHASIS.sub(r"\2", LINK.sub(r"\1", markdown))


@dataclass(frozen=True)
class RoomActivity:
    id: str
    title: str
    prompt: str | None
    format: str | None
    minutes: int
    segment_kind: str
    module_id: str
    module_title: str
    kind: str  # a key of KINDS
    options: tuple[str, ...] = ()
    multiple: bool = False
    scale_labels: tuple[str, str] = ("", "")
    parts: tuple[tuple[str, int], ...] = ()
    form: str | None = None  # survey and plan: their form in data/forms.yaml
    compare_with: str | None = None  # a comparing kind: the earlier activity it compares with
    pack: str | None = None  # woz: the pack named by the segment's live spec
    items: int | None = None

    @property
    def handler(self):
        return KINDS[self.kind]

    def public(self) -> dict:
        """What every screen may know about the activity."""
        return {
            "id": self.id,
            "title": self.title,
            "prompt": self.prompt,
            "format": self.format,
            "minutes": self.minutes,
            "kind": self.kind,
            "kind_label": self.handler.label,
            "accepts_answers": self.handler.accepts_answers,
            "options": list(self.options),
            "multiple": self.multiple,
            "scale_labels": list(self.scale_labels),
            "parts": [{"label": label, "minutes": minutes} for label, minutes in self.parts],
            "module": self.module_title,
            "one_per_participant": self.handler.one_per_participant,
            **self.handler.describe(self),
        }


def activity_from_segment(module, segment) -> RoomActivity:
    live = segment.live
    if live is not None:
        kind = str(live.kind)
        options = tuple(live.options)
        multiple = bool(live.multiple)
        labels = tuple(live.scale_labels or ())
        form = live.form
        pack, items = live.pack, live.items
    else:
        pack, items = None, None
        kind = "open" if str(segment.kind) == "discussion" else "timer"
        options, multiple, labels, form = (), False, (), None
    if kind not in KINDS:
        raise UserError(f"{module.path}: segment '{segment.id}': live.kind '{kind}' is not one of {', '.join(KINDS)}")
    if kind == "scale" and len(labels) != 2:
        labels = ("1", "5")
    parts = tuple((part.label, part.minutes) for part in segment.parts)
    activity = RoomActivity(
        id=segment.id,
        title=segment.title,
        prompt=plain_text(segment.prompt),
        format=segment.format,
        minutes=segment.minutes,
        segment_kind=str(segment.kind),
        module_id=module.id,
        module_title=module.title,
        kind=kind,
        options=options,
        multiple=multiple,
        scale_labels=tuple(labels) if labels else ("", ""),
        parts=parts,
        form=form,
        pack=pack,
        items=items,
    )
    problem = activity.handler.spec_problem(activity)
    if problem:
        raise UserError(f"{module.path}: segment '{segment.id}': {problem}")
    return activity


@dataclass(frozen=True)
class Catalogue:
    """Every activity of the course, in course order, by id."""

    activities: dict[str, RoomActivity]
    modules: tuple

    def get(self, activity_id: str) -> RoomActivity | None:
        return self.activities.get(activity_id)

    def ordered(self) -> list[RoomActivity]:
        return list(self.activities.values())


def build_catalogue(modules) -> Catalogue:
    activities: dict[str, RoomActivity] = {}
    for module in modules:
        for segment in module.segments:
            # A teaching segment is an activity only when its live spec asks (the pre survey at the welcome).
            if str(segment.kind) in ("discussion", "exercise") or segment.live is not None:
                activity = activity_from_segment(module, segment)
                activity.handler.describe(activity)  # a survey naming no known form stops here, in one line
                activities[segment.id] = activity
    return Catalogue(link_comparisons(activities), tuple(modules))


def link_comparisons(activities: dict[str, RoomActivity]) -> dict[str, RoomActivity]:
    """A comparing activity compares with the nearest earlier one of its kind (post survey: pre survey)."""
    linked, seen = {}, {}
    for activity_id, activity in activities.items():
        if activity.handler.compares_with_earlier and activity.kind in seen:
            activity = dataclasses.replace(activity, compare_with=seen[activity.kind])
        if activity.handler.compares_with_earlier:
            seen[activity.kind] = activity_id
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
