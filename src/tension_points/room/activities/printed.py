"""What the printed kit says about a segment's room activity, from its one ``live`` definition.

The run-sheets and module pages print :func:`on_paper` (a poll's options for a show of hands,
the items a Wizard of Oz round plays) so a room without phones runs the same activity; the
lectern sheet's step-split line carries :func:`step_note`. Each kind says what it prints
(``ActivityKind.on_paper``, ``ActivityKind.step_note``); a segment without a ``live`` entry
prints nothing.
"""

from __future__ import annotations

from tension_points.room.activities.registry import KINDS
from tension_points.room.activities.woz import DEFAULT_PACK


def parsed(segment):
    """The segment's kind and checked spec, or (None, None) when it has no live entry."""
    live = getattr(segment, "live", None)
    if live is None or live.kind not in KINDS:
        return None, None
    kind = KINDS[live.kind]
    return kind, kind.parse_spec(live.spec)


def on_paper(segment, minutes: int | None = None) -> str:
    kind, spec = parsed(segment)
    return kind.on_paper(spec, segment, minutes) if kind is not None else ""


def step_note(segment, minutes: int) -> str:
    kind, spec = parsed(segment)
    return kind.step_note(spec, segment, minutes) if kind is not None else ""


def woz_items(course, pack_name: str) -> list[tuple[object, list[tuple[int, int]]]]:
    """Each Wizard of Oz activity of the course that plays ``pack_name``, with the items a round
    plays at its preferred and its shortest minutes: [(segment, [(minutes, items), ...])]."""
    kind = KINDS["woz"]
    found = []
    for module in course.modules:
        for segment in module.segments:
            if segment.live is None or segment.live.kind != kind.name:
                continue
            spec = kind.parse_spec(segment.live.spec)
            if (spec.pack or DEFAULT_PACK) != pack_name:
                continue
            counts = [(n, kind.items_at(spec, segment, n)) for n in (segment.minutes, segment.min_minutes)]
            if all(count is not None for _, count in counts):
                found.append((segment, counts))
    return found
