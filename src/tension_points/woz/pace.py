"""How many items a Wizard of Oz round plays in the minutes an agenda gives the activity.

Each item takes the seconds the user is given to put the question (the activity's
``live.ask_seconds``) plus the pack's latency budget; both rounds play the same items, so the
shorter round decides. The facilitator's script, the run-sheet, the lectern sheets and the
answer key all print this one figure; none of them types it.
"""

from __future__ import annotations

from tension_points.woz.pack import Pack


def round_parts(segment, minutes: int) -> list:
    """The activity's rounds (its parts labelled "Round ...") at ``minutes``."""
    return [part for part in segment.parts_for(minutes) if part.label.startswith("Round")]


def items_to_play(segment, pack: Pack, minutes: int, ask_seconds: int) -> int:
    """How many items every round's part holds at ``minutes``: at least one, at most the pack's."""
    per_item = ask_seconds + pack.budget_seconds
    return max(1, min(len(pack.items), *(int(part.minutes * 60 // per_item) for part in round_parts(segment, minutes))))
