"""Every kind of room activity, by name: the one place a kind is registered.

This module imports the kinds; none of them imports it. Adding a kind is one module
beside these (a class deriving from ``base.ActivityKind``), one line below, and one
renderer (a script registering the kind in ``Room.kinds``, named in the kind's ``assets``),
and a row in the facilitator guide's table of live kinds (``tests/room/test_guide.py`` checks it).
"""

from __future__ import annotations

from pathlib import Path

from tension_points.room.activities.base import ActivityKind
from tension_points.room.activities.maps import HandoffMapKind, OwnershipMatrixKind
from tension_points.room.activities.plan import PlanKind
from tension_points.room.activities.simple import OpenKind, PollKind, ScaleKind, TimerKind, WordcloudKind
from tension_points.room.activities.survey import SurveyKind
from tension_points.room.activities.woz import WozKind

KINDS: dict[str, ActivityKind] = {
    kind.name: kind
    for kind in (
        TimerKind(),
        OpenKind(),
        PollKind(),
        ScaleKind(),
        WordcloudKind(),
        HandoffMapKind(),
        OwnershipMatrixKind(),
        SurveyKind(),
        PlanKind(),
        WozKind(),
    )
}


def default_kind(segment_kind: str) -> str:
    """A segment without a live spec: a discussion runs as an answer wall, anything else as a timer."""
    return OpenKind.name if segment_kind == "discussion" else TimerKind.name


def kind_assets(kinds=None) -> dict[str, Path]:
    """Every kind's renderer files by name, as the screens load them from /static/kinds/."""
    found: dict[str, Path] = {}
    for kind in (kinds or KINDS).values():
        for name in kind.assets:
            path = kind.asset_dir / name
            if found.setdefault(name, path) != path:
                raise ValueError(f"two kinds ship a renderer file called {name}: {found[name]} and {path}")
    return found


def kinds_with_own_routes(kinds=None) -> list[ActivityKind]:
    """One kind per ``routes`` method: kinds that inherit the same routes (the two map kinds) get them once."""
    seen: dict[object, ActivityKind] = {}
    for kind in (kinds or KINDS).values():
        seen.setdefault(type(kind).routes, kind)
    return list(seen.values())
