"""The running room: what is on now, what each screen is shown, and the facilitator's actions.

The state is one :class:`RoomState`, saved in the room file after every change, so a
restart resumes where the room was. Nothing here speaks HTTP (that is ``room/http/``);
what differs between kinds of activity is asked of the activity's kind.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import anyio

from tension_points.room.activities.base import Activity, earlier_answers, results_of
from tension_points.room import lateness
from tension_points.room.activities.privacy import held_back
from tension_points.room.catalogue import Catalogue, agenda_items
from tension_points.room.events import FACILITATOR, PUBLIC, Broadcaster
from tension_points.room.guards import BadRequest, RateLimiter
from tension_points.room.logs import LOGGER
from tension_points.room.roles import ROLES
from tension_points.room.store import RoomStore

TICK_SECONDS = 0.25
# Said where the facilitator looks when a button needs an activity and the agenda item has none.
NOTHING_SELECTED = "This agenda item has no live activity: pick one under 'Run another activity of the course'."
Phase = Literal["ready", "open", "closed"]


@dataclass
class Links:
    """Where participants and the facilitator reach the room."""

    participant_base: str | None  # http://ADDRESS:PORT on the room's network, or None on loopback only
    local_base: str  # http://127.0.0.1:PORT

    @property
    def join_base(self) -> str:
        return self.participant_base or self.local_base


@dataclass
class RoomState:
    """What is on now: the agenda item running, the activity on the screens and how far it is."""

    segment: int | None = None  # index in the agenda
    segment_run: int | None = None  # its row in segment_runs
    activity: str | None = None  # the activity on the screens
    activity_run: int | None = None  # its row in activity_runs, once opened
    phase: Phase = "ready"
    revealed: bool = False  # results shown to the room
    finished: bool = False  # the session has ended
    # An activity opened off the agenda runs on its own clock ({"started_at", "minutes"}), not
    # on what is left of the agenda item it interrupts; its minutes are added to that item
    # ("added", on the run "segment_run"), so the plan counts the time it takes.
    own_clock: dict | None = None
    split: bool = False  # the projector splits results by role (the console's toggle)
    # When the results on the screens last changed as a whole (a reveal, a split): the
    # projector's pages count from it, so every reveal starts on page 1.
    shown_since: float | None = None

    @classmethod
    def from_saved(cls, saved: dict) -> "RoomState":
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in saved.items() if key in known})

    def show(self, activity_id: str | None, run: int | None = None, phase: Phase = "ready") -> None:
        self.activity, self.activity_run, self.phase, self.revealed = activity_id, run, phase, False
        self.split = False  # each activity is first seen whole; the facilitator splits it after
        self.shown_since = None


def in_one_transaction(method):
    """A facilitator action's writes (timings, runs, the state) commit together: one sync, not three."""

    @functools.wraps(method)
    def wrapped(self, *args):
        with self.store.transaction():
            return method(self, *args)

    return wrapped


class Room:
    """The running room: the store, the course's activities, the live state and the event stream."""

    def __init__(self, store: RoomStore, catalogue: Catalogue, links: Links, allowed_hosts: set[str]):
        self.store = store
        self.catalogue = catalogue
        self.links = links
        self.allowed_hosts = allowed_hosts
        self.actions = asyncio.Lock()  # one facilitator action at a time
        self.broadcaster = Broadcaster(store.boot)
        self.limiter = RateLimiter()
        # Per client address: 20 wrong codes at once, then one every 3 seconds.
        self.join_failures = RateLimiter(rate=1 / 3, burst=20)
        self.state = self.restored_state()
        self.dirty: set[str] = set()  # activities with new answers since the last tick
        self.roster_dirty = False
        # Per activity, the newest answer the screens have had: a kind may send only what is newer.
        self.sent_up_to: dict[str, int] = {}
        # Activities whose screens were last told their results wait for more people: the
        # next update sends the whole results, not a kind's delta on top of nothing.
        self.held: set[str] = set()
        self.parts: dict[str, object] = {}  # what a kind keeps for this room (the games being played)
        self.ticker: asyncio.Task | None = None

    def part(self, name: str, make):
        """The object a kind keeps for this room, made on first use (one per room, shared by its routes)."""
        if name not in self.parts:
            self.parts[name] = make()
        return self.parts[name]

    def restored_state(self) -> RoomState:
        state = RoomState.from_saved(self.store.state())
        if state.activity is not None and self.catalogue.get(state.activity) is None:
            state.show(None)  # the course no longer has it
        return state

    # --- Views --------------------------------------------------------------------------

    @property
    def agenda(self) -> list[dict]:
        return self.store.agenda

    def activity(self) -> Activity | None:
        return self.catalogue.get(self.state.activity) if self.state.activity else None

    def answers_of(self, activity_id: str, include_hidden: bool = True):
        return self.store.answers(activity_id, include_hidden=include_hidden)

    def segment_view(self) -> dict | None:
        if self.state.segment_run is None:
            return None
        run = self.store.segment_run(self.state.segment_run)
        if run is None or run["ended_at"] is not None:
            return None
        minutes = run["planned_minutes"] + run["extended_minutes"]
        item = self.agenda[run["agenda_index"]]
        return {
            "index": run["agenda_index"],
            "title": run["title"],
            "kind": item["kind"],
            "planned_minutes": run["planned_minutes"],
            "extended_minutes": run["extended_minutes"],
            "started_at": run["started_at"],
            "ends_at": run["started_at"] + minutes * 60,
        }

    def clock(self, segment: dict | None) -> dict | None:
        """The one clock every screen counts down: the activity's own when it was opened off the
        agenda, else the agenda item's (the planner's fitted minutes plus any extension)."""
        own = self.state.own_clock
        if own is not None and self.state.activity is not None:
            return {"minutes": own["minutes"], "ends_at": own["started_at"] + own["minutes"] * 60, "agenda": False,
                    "interrupts": self.interrupted_run(own) is not None}
        if segment is None:
            return None
        return {"minutes": segment["planned_minutes"] + segment["extended_minutes"], "ends_at": segment["ends_at"], "agenda": True}

    def public_state(self) -> dict:
        activity, segment = self.activity(), self.segment_view()
        clock = self.clock(segment)
        view = None
        if activity is not None:
            # The minutes beside the countdown are the minutes it counts, when it counts this activity's.
            counts_it = clock is not None and (not clock["agenda"] or self.agenda[segment["index"]]["segment_id"] == activity.id)
            view = {**activity.public(clock["minutes"] if counts_it else None), "phase": self.state.phase, "revealed": self.state.revealed,
                    "shown_since": self.state.shown_since}
        return {"segment": segment, "clock": clock, "activity": view, "finished": self.state.finished, "split": self.state.split}

    def public_results(self) -> dict | None:
        activity = self.activity()
        if activity is None or not self.state.revealed:
            return None
        return results_of(activity, self.answers_of(activity.id, include_hidden=False), self.answers_of)

    def roster_counts(self) -> dict:
        counts = {role: 0 for role, _ in ROLES}
        for participant in self.store.roster():
            counts[participant.role] = counts.get(participant.role, 0) + 1
        return {"total": sum(counts.values()), "by_role": counts}

    def public_snapshot(self) -> dict:
        activity = self.activity()
        return {
            "type": "state",
            "state": self.public_state(),
            "results": self.public_results(),
            "flags": self.store.flags(activity.id if activity else None),
            "roster": self.roster_counts(),
        }

    def phone_view(self, participant) -> dict:
        """A participant's screen: the room's snapshot and what is theirs."""
        activity = self.activity()
        return {
            **self.public_snapshot(),
            "now": time.time(),
            "mine": self.store.my_answers(participant.id, activity.id) if activity else [],
            **(activity.kind.phone_view(activity, participant.id, self.store) if activity else {}),
            "me": {"nickname": participant.nickname, "role": participant.role, "team": participant.team},
            "last_event_id": self.broadcaster.last_id,
        }

    def facilitator_view(self) -> dict:
        activity = self.activity()
        results, extra, answered = None, {}, 0
        if activity is not None:
            answers = self.answers_of(activity.id)
            answered = len(answers)
            results = results_of(activity, answers, self.answers_of)
            extra = activity.kind.console_view(activity, answers)
        flags = [{"team": team, "state": flag["state"], "since": flag["at"]} for team, flag in self.store.flags(activity.id if activity else None).items()]
        return {
            "now": time.time(),
            "state": self.public_state(),
            "results": results,
            **extra,
            "answered": answered,
            "flags": sorted(flags, key=lambda f: (f["state"] != "stuck", f["since"])),
            "roster": self.roster_counts(),
            "agenda": self.agenda_view(),
            "agenda_start": self.agenda_start(self.store.segment_runs()),
            "pace": self.pace(),
            "activities": [{"id": a.id, "title": a.title, "module": a.module_title, "kind": a.kind.name} for a in self.catalogue.ordered()],
            "join": {"code": self.store.join_code, "url": self.join_url()},
        }

    def agenda_start(self, runs: list[dict]) -> float:
        return planned_start(self.store.settings.get("start"), runs[0]["started_at"] if runs else None)

    def agenda_view(self) -> list[dict]:
        runs = self.store.segment_runs()
        start = self.agenda_start(runs)
        rows = []
        for item in self.agenda:
            used = [r for r in runs if r["agenda_index"] == item["index"]]
            actual = used[0]["started_at"] if used else None
            spent = sum(((r["ended_at"] or time.time()) - r["started_at"]) for r in used) / 60 if used else None
            rows.append(
                {
                    **item,
                    "planned_clock": clock_text(start + item["offset"] * 60),
                    "actual_clock": clock_text(actual) if actual else None,
                    "used_minutes": round(spent, 1) if spent is not None else None,
                    "activity": item["segment_id"] if self.catalogue.get(item["segment_id"] or "") else None,
                }
            )
        return rows

    def late_plan(self, behind: int | None = None) -> lateness.LatePlan | None:
        """What to cut before the next pause for the minutes the room is behind now (or ``behind``)."""
        segment = self.segment_view()
        if segment is None:
            return None
        start = self.agenda_start(self.store.segment_runs())
        if behind is None:
            now = time.time()
            behind = lateness.minutes_behind(self.agenda, segment["index"], start, segment["ends_at"] + self.overrun(now), now)
        if behind <= 0:
            return None
        begins = datetime.fromtimestamp(start)
        return lateness.late_plan(self.agenda, self.catalogue.modules, segment["index"], behind, begins.hour * 60 + begins.minute)

    def pace(self) -> dict | None:
        """How the running item stands against the plan, and the late plan when the room is behind.
        ``due`` is when the next item is planned to begin: the console counts the minutes behind
        from it between fetches, and fetches again when they change."""
        segment = self.segment_view()
        if segment is None:
            return None
        start = self.agenda_start(self.store.segment_runs())
        plan = self.late_plan()
        return {
            "due": start + lateness.next_planned_start(self.agenda, segment["index"]) * 60,
            "behind": plan.behind if plan is not None else 0,
            "late_plan": plan.view() if plan is not None else None,
        }

    def join_url(self) -> str:
        return f"{self.links.join_base}/j/{self.store.join_code}"

    # --- Changes ------------------------------------------------------------------------

    def save(self) -> None:
        self.store.save_state(dataclasses.asdict(self.state))

    def mark_dirty(self, activity_id: str) -> None:
        """New answers or votes: the next tick sends the screens what changed."""
        self.dirty.add(activity_id)

    async def announce(self) -> None:
        """After a change of state: every screen gets the new state (and results, when revealed)."""
        snapshot = await anyio.to_thread.run_sync(self.public_snapshot)
        self.broadcaster.publish(PUBLIC, {"type": "state", "state": snapshot["state"], "results": snapshot["results"]})
        self.broadcaster.publish(FACILITATOR, {"type": "console"})
        activity = self.activity()
        if activity is not None and snapshot["results"] is not None:
            (self.held.add if snapshot["results"].get("waiting") else self.held.discard)(activity.id)
            answers = await anyio.to_thread.run_sync(lambda: self.answers_of(activity.id, include_hidden=False))
            self.sent_up_to[activity.id] = max((a.id for a in answers), default=0)

    @in_one_transaction
    def start_segment(self, index: int) -> None:
        if not 0 <= index < len(self.agenda):
            raise BadRequest(404, f"no agenda item {index}")
        item = self.agenda[index]
        if item["kind"] == lateness.LATE_KIND:
            raise BadRequest(409, "that row is the minutes the room lost, not an item to run")
        now = time.time()
        self.settle_own_clock(now)
        run = self.store.start_segment(index, item["segment_id"], item["title"], item["minutes"], now)
        self.state.segment, self.state.segment_run, self.state.finished = index, run, False
        activity = self.catalogue.get(item["segment_id"] or "")
        self.close_activity(now)
        self.state.show(activity.id if activity is not None else None)
        self.state.own_clock = None
        self.save()

    @in_one_transaction
    def next_segment(self) -> None:
        index = self.state.segment
        following = 0 if index is None else index + 1
        while following < len(self.agenda) and self.agenda[following]["kind"] == lateness.LATE_KIND:
            following += 1
        if following >= len(self.agenda):
            self.finish()
        else:
            self.start_segment(following)

    @in_one_transaction
    def finish(self) -> None:
        now = time.time()
        self.settle_own_clock(now)
        self.store.end_segments(now)
        self.close_activity(now)
        self.state.segment, self.state.segment_run, self.state.finished = None, None, True
        self.state.own_clock = None
        self.save()

    @in_one_transaction
    def extend(self, minutes: int) -> None:
        """More time on the clock the screens show: an activity's own, else the agenda item's."""
        own = self.state.own_clock
        if own is not None and self.state.activity is not None:
            # The activity's clock, and the same minutes on the agenda item it interrupts: the
            # plan counts the time the room really spends.
            self.state.own_clock = {**own, "minutes": own["minutes"] + minutes}
            if self.interrupted_run(own) is not None:
                self.store.extend_segment(own["segment_run"], minutes)
                self.state.own_clock["added"] = own.get("added", 0) + minutes
            self.save()
            return
        if self.state.segment_run is None or self.segment_view() is None:
            raise BadRequest(409, "no segment is running")
        self.store.extend_segment(self.state.segment_run, minutes)

    @in_one_transaction
    def accept_late_plan(self, behind: int) -> None:
        """The facilitator makes the cuts the console showed for ``behind`` minutes: the rest of
        the day is re-fitted by the planner and kept in the room file."""
        plan = self.late_plan(behind)
        if plan is None:
            raise BadRequest(409, "no agenda item is running")
        agenda = lateness.refitted(self.agenda, self.catalogue.modules, plan)
        self.store.set_meta("agenda", json.dumps(agenda_items(agenda)))

    @in_one_transaction
    def open_activity(self, activity_id: str) -> None:
        activity = self.catalogue.get(activity_id)
        if activity is None:
            raise BadRequest(404, f"no activity '{activity_id}'")
        now = time.time()
        self.close_activity(now)
        self.settle_own_clock(now)
        self.state.show(activity.id, self.store.open_activity(activity.id, now), "open")
        segment = self.segment_view()
        on_agenda = segment is not None and self.agenda[segment["index"]]["segment_id"] == activity.id
        if on_agenda:
            self.state.own_clock = None
        else:
            self.state.own_clock = {"started_at": now, "minutes": activity.minutes, "added": 0, "segment_run": None}
            if segment is not None:
                # The agenda item waits while this runs: its time grows by the activity's minutes.
                self.store.extend_segment(self.state.segment_run, activity.minutes)
                self.state.own_clock.update(added=activity.minutes, segment_run=self.state.segment_run)
        self.save()

    def overrun(self, now: float) -> float:
        """Seconds an activity off the agenda has run past its own countdown: the item it
        interrupts ends that much later too."""
        own = self.state.own_clock
        if own is None or self.interrupted_run(own) is None:
            return 0.0
        return max(0.0, now - (own["started_at"] + own["minutes"] * 60))

    def interrupted_run(self, own: dict) -> int | None:
        """The agenda item (its run) that an activity off the agenda interrupts, while it still runs."""
        run_id = own.get("segment_run")
        if run_id is None or run_id != self.state.segment_run or self.segment_view() is None:
            return None
        return run_id

    def settle_own_clock(self, now: float) -> None:
        """An activity off the agenda is over (another opens, the agenda moves on): the item it
        interrupted keeps the minutes it really took, not the minutes it was given."""
        own, self.state.own_clock = self.state.own_clock, None
        if own is None or self.interrupted_run(own) is None:
            return
        spent = round((now - own["started_at"]) / 60)
        if spent != own.get("added", 0):
            self.store.extend_segment(own["segment_run"], spent - own.get("added", 0))

    @in_one_transaction
    def close_current(self) -> None:
        self.close_activity(time.time())
        self.save()

    def close_activity(self, now: float) -> None:
        if self.state.activity_run is not None and self.state.phase == "open":
            self.store.close_activity(self.state.activity_run, now)
            self.state.phase = "closed"

    def split_by_role(self, split: bool) -> None:
        self.state.split = split
        self.state.shown_since = time.time()
        self.save()

    @in_one_transaction
    def reveal(self, shown: bool) -> None:
        if self.activity() is None:
            raise BadRequest(409, NOTHING_SELECTED)
        if shown and self.state.activity_run is None:
            self.state.activity_run = self.store.open_activity(self.state.activity, time.time())
            self.store.close_activity(self.state.activity_run, time.time())
            self.state.phase = "closed"
        if shown:
            self.store.reveal_activity(self.state.activity_run, time.time())
        self.state.revealed = shown
        self.state.shown_since = time.time()
        self.save()

    # --- Live results, coalesced --------------------------------------------------------

    async def tick_forever(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            try:
                await self.tick()
            except Exception:  # a failed tick must not stop live results for the rest of the session
                LOGGER.error("live results not sent", exc_info=True)

    async def tick(self) -> None:
        if self.roster_dirty:
            self.roster_dirty = False
            counts = await anyio.to_thread.run_sync(self.roster_counts)
            self.broadcaster.publish(PUBLIC, {"type": "roster", "roster": counts})
        if not self.dirty:
            return
        dirty, self.dirty = self.dirty, set()
        self.broadcaster.publish(FACILITATOR, {"type": "console"})
        activity = self.activity()
        if activity is None or activity.id not in dirty or not self.state.revealed:
            return
        update = await anyio.to_thread.run_sync(self.live_update, activity)
        self.broadcaster.publish(PUBLIC, update)

    def live_update(self, activity: Activity) -> dict:
        answers = self.answers_of(activity.id, include_hidden=False)
        since = self.sent_up_to.get(activity.id, 0)
        self.sent_up_to[activity.id] = max([since, *(a.id for a in answers)])
        held = held_back(activity.kind, answers)
        if held is not None or activity.id in self.held:
            (self.held.add if held is not None else self.held.discard)(activity.id)
            return {"type": "results", "activity": activity.id, "results": held or results_of(activity, answers, self.answers_of)}
        return activity.kind.live_update(activity, answers, since, earlier_answers(activity, self.answers_of))


def planned_start(start_text: str | None, first_run: float | None) -> float:
    """The agenda's start in seconds since the epoch: --start today, else when the first segment began, else now."""
    if start_text:
        hours, minutes = map(int, start_text.split(":"))
        return datetime.now().replace(hour=hours, minute=minutes, second=0, microsecond=0).timestamp()
    return first_run if first_run is not None else time.time()


def clock_text(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%H:%M")
