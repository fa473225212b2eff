"""Running late in the room: how far behind the room is, what to cut before the next pause, and
the rest of the day re-fitted once the facilitator accepts; the planner's own late plan
(:mod:`tension_points.plan.late`), in the printed sheet's words, never a second set of rules.

The room keeps its agenda as plain data in the room file (:func:`catalogue.agenda_items`); here
it becomes the planner's :class:`Agenda` again, with the course's modules and segments.

The room is behind when the item running now will end after the next item's planned start: it
ran over, started late, or was extended. The cuts come from the items after it, up to the next
pause (the one running is the facilitator's to finish); when those are not enough, the rest of
the day's cuts follow (later buffers and segments, shorter breaks, the feedback and post
survey after the end), so that the day still ends on time, or the plan says by how much it
will not. Accepting them stores the re-fitted agenda: the minutes lost stand as a row of their
own (kind ``late``, never run), the cut segments are shorter or gone, and the later clock
times move so the room is on time again.
"""

from __future__ import annotations

from dataclasses import dataclass

from tension_points.course import clock
from tension_points.errors import UserError
from tension_points.plan.agenda import KIND_LABELS, Agenda, Item
from tension_points.plan.late import CatchUp, accept, catch_up
from tension_points.plan.sheet import describe_cut, until

# The stored agenda names a pause by the word the screens show; the planner's kinds, back.
PLANNER_KINDS = {label: kind for kind, label in KIND_LABELS.items()}
LATE_KIND = "late"
# More than this behind, the day needs a new agenda, not a list of cuts.
MOST_BEHIND = 240


def planner_agenda(items: list[dict], modules) -> Agenda:
    """The room's stored agenda as the planner's :class:`Agenda` (segments found in the course by id)."""
    by_id = {segment.id: (module, segment) for module in modules for segment in module.segments}
    rebuilt = []
    for item in items:
        module = segment = None
        if item.get("segment_id") is not None:
            if item["segment_id"] not in by_id:
                raise UserError(f"the room's agenda names segment '{item['segment_id']}', which the course no longer has")
            module, segment = by_id[item["segment_id"]]
        kind = str(segment.kind) if segment is not None else PLANNER_KINDS.get(item["kind"], item["kind"])
        rebuilt.append(Item(kind, item["title"], item["minutes"], item["offset"], module, segment))
    in_agenda = []
    for item in rebuilt:
        if item.module is not None and item.module not in in_agenda:
            in_agenda.append(item.module)
    return Agenda(sum(i.minutes for i in rebuilt), tuple(rebuilt), tuple(in_agenda))


def next_planned_start(items: list[dict], index: int) -> int:
    """Minutes after the agenda's start at which the item after ``index`` is planned to begin
    (past the minutes an accepted late plan set aside; the end of the day after the last
    item): when the running item should be over."""
    following = index + 1
    while following < len(items) and items[following]["kind"] == LATE_KIND:
        following += 1
    if following < len(items):
        return items[following]["offset"]
    last = items[-1]
    return last["offset"] + last["minutes"]


def minutes_behind(items: list[dict], index: int, start: float, ends_at: float, now: float) -> int:
    """Whole minutes the room will be behind when the item running now ends (0 when on time or ahead).
    An item still running past its countdown keeps the room later by every minute it runs on."""
    expected_end = max(ends_at, now)
    return max(0, round((expected_end - (start + next_planned_start(items, index) * 60)) / 60))


@dataclass(frozen=True)
class LatePlan:
    behind: int
    index: int  # the agenda item running now
    catch: CatchUp
    until: str  # "the break at 10:30"
    start: int = 0  # the agenda's start, minutes after midnight (for the clock of a break)
    end: str = ""  # the day's end, "12:30"

    def view(self) -> dict:
        """What the console shows: the cuts in the printed sheet's words, the rest of the day's
        when those are not enough, and what even all of them cannot give back."""
        return {
            "behind": self.behind,
            "until": self.until,
            "cuts": [{"text": describe_cut(cut, self.start), "saves": cut.saves} for cut in self.catch.cuts],
            "saved": self.catch.saved,
            "short": self.catch.short,
            "later": [{"text": describe_cut(cut, self.start), "saves": cut.saves} for cut in self.catch.later],
            "over": self.catch.over,
            "end": self.end,
        }


def late_plan(items: list[dict], modules, index: int, behind: int, start_minutes: int) -> LatePlan:
    """What to cut after item ``index`` when the room is ``behind`` minutes late."""
    agenda = planner_agenda(items, modules)
    return LatePlan(behind, index, catch_up(agenda, index + 1, behind), until(agenda, start_minutes, index + 1),
                    start_minutes, clock(start_minutes, agenda.total))


def refitted(items: list[dict], modules, plan: LatePlan) -> Agenda:
    """The agenda once the plan's cuts are made (the planner's :func:`late.accept`)."""
    return accept(planner_agenda(items, modules), plan.index + 1, plan.behind, plan.catch.all_cuts)
