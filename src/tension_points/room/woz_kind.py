"""The Wizard of Oz's entry in the room's KINDS (its game is in ``woz_activity.py``).

Imported by ``kinds.py`` after ActivityKind is defined; import KINDS from there, not this module.
"""

from __future__ import annotations

from tension_points.room.kinds import ActivityKind, AnswerRefused
from tension_points.woz.pack import shipped_pack_names


class WozKind(ActivityKind):
    """Nothing is answered on the room's own page: the groups play on their woz screens."""

    name = "woz"
    label = "Wizard of Oz"
    accepts_answers = False

    def spec_problem(self, activity):
        if activity.pack is None or activity.pack in shipped_pack_names():
            return None
        return f"live.pack '{activity.pack}' is not one of {', '.join(shipped_pack_names())}"

    def clean(self, activity, payload):
        raise AnswerRefused("the Wizard of Oz is played on your group's screen")

    def results(self, activity, answers):
        return {}

    def tables(self, activity, answers):
        return []  # the export takes each group's log and debrief from woz_activity.export_record
