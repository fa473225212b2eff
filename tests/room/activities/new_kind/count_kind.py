"""A kind that adds up a number from every phone (the developers' worked example)."""

from dataclasses import dataclass
from pathlib import Path

from tension_points.reports import Table
from tension_points.room.activities.base import ActivityKind, AnswerRefused


@dataclass(frozen=True)
class CountSpec:
    up_to: int = 10


class CountKind(ActivityKind):
    name = "count"
    label = "Count"
    one_per_participant = True
    spec_properties = {"up_to": {"type": "integer", "minimum": 1, "maximum": 100}}
    spec_type = CountSpec
    assets = ("count.js",)
    asset_dir = Path(__file__).parent  # this kind lives outside the package; a built-in kind leaves asset_dir out

    def describe(self, activity):
        return {"up_to": activity.spec.up_to}

    def clean(self, activity, payload):
        value = payload.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= activity.spec.up_to:
            raise AnswerRefused(f"a number from 1 to {activity.spec.up_to}")
        return {"value": value}

    def results(self, activity, answers, earlier=None):
        shown = [a for a in answers if not a.hidden]  # a hidden (moderated) answer is never on a screen
        return {"total": sum(a.body["value"] for a in shown), "answers": len(shown)}

    def tables(self, activity, answers, earlier=None):
        shown = [a for a in answers if not a.hidden]  # nor in this table (the wall lists its hidden ones apart)
        return [Table(["Role", "Number"], [[a.role, str(a.body["value"])] for a in shown], caption="Every number")]
