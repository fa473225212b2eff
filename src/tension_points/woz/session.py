"""The session engine: which item is next, releasing rounds, asking, answering; all state lives in the log.

Terminal play and the web app both drive a Session. Replaying the log gives
the same state as before a refresh or restart. Every time that matters (when a
round was released, when the wizard first saw a question, when the answer
came) is taken from this computer's clock, never from a browser's.
"""

from __future__ import annotations

import shlex
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from tension_points.errors import UserError
from tension_points.woz.log import FORMAT, append_event, create_log, parse_time, read_log
from tension_points.woz.pack import Pack

MAX_QUESTION_CHARS = 1000
MAX_WISH_CHARS = 500
MAX_NOTE_CHARS = 1000

Key = tuple[int, str]  # (round, item id)


class Conflict(UserError):
    """The request does not fit the session's state now (a stale screen, a round not released yet)."""


def pack_snapshot(pack: Pack) -> dict[str, Any]:
    """What the debrief needs from the pack, stored in the log's first line."""
    data = pack.data
    return {
        "name": pack.name,
        "title": pack.title,
        "labels": pack.labels,
        "confidence": pack.asks_confidence,
        "latency_budget": data["latency_budget"],
        "rounds": [{"title": r["title"], "view": r["view"]} for r in pack.rounds],
        "fields": {name: field["label"] for name, field in pack.fields.items()},
        "items": [
            {
                "id": item["id"],
                "request": item["request"],
                "user_sees": item["user_sees"],
                "model_view": item["model_view"],
                "truth": item["truth"],
                "why": item.get("why"),
            }
            for item in pack.items
        ],
        "data_catalogue": data.get("data_catalogue", []),
        "debrief_questions": data.get("debrief_questions", []),
    }


@dataclass
class Replay:
    """The session's state, computed from its events alone."""

    released: set[int] = field(default_factory=set)
    answers: dict[Key, dict[str, Any]] = field(default_factory=dict)  # standing answers (undone ones removed)
    answered_order: list[Key] = field(default_factory=list)
    questions: dict[Key, dict[str, Any]] = field(default_factory=dict)  # the latest question per item
    shown: dict[Key, dict[str, Any]] = field(default_factory=dict)  # first 'shown' since the question or an undo

    @classmethod
    def of(cls, events: list[dict[str, Any]]) -> "Replay":
        state = cls()
        for event in events:
            kind = event["event"]
            key = (event.get("round"), event.get("item"))
            if kind == "round":
                state.released.add(event["round"])
            elif kind == "question":
                state.questions[key] = event
                state.shown.pop(key, None)
            elif kind == "shown":
                state.shown.setdefault(key, event)
            elif kind == "answer":
                state.answers[key] = event
                if key in state.answered_order:
                    state.answered_order.remove(key)
                state.answered_order.append(key)
            elif kind == "undo":
                state.answers.pop(key, None)
                if key in state.answered_order:
                    state.answered_order.remove(key)
                state.shown.pop(key, None)  # the question is shown again and timed afresh
        return state


@dataclass
class Opened:
    session: "Session"
    message: str


class Session:
    def __init__(self, pack: Pack, log_path: Path, events: list[dict[str, Any]], clock: Callable[[], float] = time.time):
        self.pack = pack
        self.log_path = log_path
        self.events = events
        self.clock = clock
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)  # notified on every new event (the screens' long polls)
        self._replay: tuple[int, Replay] = (-1, Replay())

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(
        cls, pack: Pack, requested: Path | None, mode: str, items_per_round: int | None = None,
        group: int | None = None, clock: Callable[[], float] = time.time,
    ) -> Opened:
        """Resume the session in ``requested`` if it can be; otherwise start one in an unused file.

        ``items_per_round`` plays only the first N items in each round (a shorter session);
        a resumed session keeps the number it started with.
        """
        if items_per_round is not None and not 1 <= items_per_round <= len(pack.items):
            raise UserError(f"--items {items_per_round}: the pack has {len(pack.items)} items; choose 1 to {len(pack.items)}")
        if requested is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            suffix = f"-group-{group}" if group is not None else ""
            path = unused_path(Path(f"woz-{pack.name}-{stamp}{suffix}.jsonl"))
            return cls.start(pack, path, mode, "", items_per_round, group, clock)
        path, note = target_log(pack, requested)
        if path == requested and requested.exists():
            session = cls(pack, requested, read_log(requested), clock)
            session.record({"event": "resume", "mode": mode})
            done = len(session.answers())
            return Opened(session, f"Resuming the session in {requested} ({done} of {len(session.plan)} answers so far).")
        return cls.start(pack, path, mode, note, items_per_round, group, clock)

    @classmethod
    def start(
        cls, pack: Pack, path: Path, mode: str, note: str, items_per_round: int | None = None,
        group: int | None = None, clock: Callable[[], float] = time.time,
    ) -> Opened:
        first = {
            "event": "start",
            "format": FORMAT,
            "session": uuid.uuid4().hex[:12],
            "mode": mode,
            "group": group,
            "items_per_round": items_per_round or len(pack.items),
            "pack": pack_snapshot(pack),
        }
        session = cls(pack, path, [create_log(path, first, clock())], clock)
        message = (note + " " if note else "") + f"Logging to {path}."
        return Opened(session, message)

    # -- state, replayed from the log -----------------------------------------

    @property
    def version(self) -> int:
        """Grows with every event: a screen whose version differs has something new to show."""
        return len(self.events)

    @property
    def state(self) -> Replay:
        with self.lock:
            if self._replay[0] != len(self.events):
                self._replay = (len(self.events), Replay.of(self.events))
            return self._replay[1]

    @property
    def plan(self) -> list[Key]:
        return self.pack.plan(self.events[0].get("items_per_round"))

    def answers(self) -> dict[Key, dict[str, Any]]:
        """The standing answers (an undone answer no longer counts), in the order they were given."""
        state = self.state
        return {key: state.answers[key] for key in state.answered_order}

    def current(self) -> tuple[int, dict[str, Any]] | None:
        """The (round, item) to play now, or None when every item of every round is answered."""
        answered = self.state.answers
        for round_number, item_id in self.plan:
            if (round_number, item_id) not in answered:
                return round_number, self.pack.item(item_id)
        return None

    def current_key(self) -> Key | None:
        current = self.current()
        return None if current is None else (current[0], current[1]["id"])

    def pending_question(self) -> dict[str, Any] | None:
        """The question asked for the current item and not yet answered."""
        key = self.current_key()
        return None if key is None else self.state.questions.get(key)

    def awaiting_release(self) -> int | None:
        """The round the facilitator has still to release before anything of it is asked, if any."""
        current = self.current()
        if current is None or current[0] in self.state.released:
            return None
        return current[0]

    @property
    def finished(self) -> bool:
        return self.current() is None

    def position(self) -> int:
        """1-based index of the current item in the whole plan."""
        return len(self.state.answers) + 1

    def round_started(self, round_number: int) -> bool:
        return round_number in self.state.released

    def last_answer(self) -> dict[str, Any] | None:
        """The answer an undo would take back."""
        state = self.state
        return state.answers[state.answered_order[-1]] if state.answered_order else None

    def shown_at(self, key: Key) -> float | None:
        shown = self.state.shown.get(key)
        return None if shown is None else parse_time(shown["time"]).timestamp()

    def notes(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] == "note"]

    # -- actions --------------------------------------------------------------

    def record(self, event: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            written = append_event(self.log_path, event, self.clock())
            self.events.append(written)
            self.changed.notify_all()
            return written

    def wait_for_change(self, version: int, timeout: float) -> None:
        """Block until the session has moved past ``version`` or ``timeout`` seconds have passed."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while self.version == version and (remaining := deadline - time.monotonic()) > 0:
                self.changed.wait(remaining)

    def release(self, round_number: int) -> dict[str, Any]:
        """The facilitator starts a round: until then nothing of it is asked, shown or timed."""
        with self.lock:
            waiting = self.awaiting_release()
            if waiting is None or waiting != round_number:
                now = "the session is over" if self.finished else f"round {self.current()[0]} is already under way"
                raise Conflict(f"round {round_number} cannot be started now: {now}")
            round_ = self.pack.rounds[round_number - 1]
            return self.record({"event": "round", "round": round_number, "title": round_["title"], "view": round_["view"]})

    def ask(self, text: str) -> dict[str, Any]:
        """The user asks about the current item, once its round is released."""
        text = clean_text(text, MAX_QUESTION_CHARS, "question")
        if not text:
            raise UserError("the question is empty")
        with self.lock:
            current = self.current()
            if current is None:
                raise Conflict("the session is over: every item has been answered")
            if (waiting := self.awaiting_release()) is not None:
                raise Conflict(f"round {waiting} has not started yet: the facilitator starts it")
            if self.pending_question() is not None:
                raise Conflict("the model has not answered the last question yet")
            round_number, item = current
            return self.record({"event": "question", "round": round_number, "item": item["id"], "text": text})

    def mark_shown(self, round_number: int, item_id: str) -> None:
        """The pending question has reached the wizard's screen: its answer is timed from now."""
        with self.lock:
            key = (round_number, item_id)
            if self.pending_question() is not None and self.current_key() == key and key not in self.state.shown:
                self.record({"event": "shown", "round": round_number, "item": item_id})

    def answer(
        self, label: str, confidence: float | None, wish: str | None,
        round_number: int, item_id: str, latency: float | None = None,
    ) -> dict[str, Any]:
        """The wizard answers the question for ``(round_number, item_id)``, the one their screen showed.

        An answer for any other item (a stale screen) is refused with a Conflict and logged as
        'refused'; it is never applied to the current item. ``latency`` defaults to the time
        since the question was first shown to the wizard, on this computer's clock.
        """
        with self.lock:
            if label not in self.pack.labels:
                raise UserError(f"'{label}' is not one of the labels: {', '.join(self.pack.labels)}")
            if confidence is not None and not 0 <= confidence <= 1:
                raise UserError("confidence must be between 0 and 100")
            question = self.pending_question()
            if question is None or (question["round"], question["item"]) != (round_number, item_id):
                reason = self.why_stale(round_number, item_id)
                self.record({"event": "refused", "round": round_number, "item": item_id, "label": label, "reason": reason})
                raise Conflict(f"Not recorded: this answer was for round {round_number}, item {item_id}, but {reason}.")
            key = (round_number, item_id)
            if latency is None:
                started = self.shown_at(key)
                if started is None:  # answered without the question ever being fetched: time it from the asking
                    started = parse_time(question["time"]).timestamp()
                latency = self.clock() - started
            truth = self.pack.item(item_id)["truth"]
            event = self.record({
                "event": "answer",
                "round": round_number,
                "item": item_id,
                "label": label,
                "confidence": None if confidence is None else round(confidence, 3),
                "wish": clean_text(wish or "", MAX_WISH_CHARS, "wish") or None,
                "latency_seconds": round(max(latency, 0.0), 2),
                "over_budget": latency > self.pack.budget_seconds,
                "truth": truth,
                "correct": label == truth,
            })
            if self.finished:
                self.record({"event": "end"})
            return event

    def why_stale(self, round_number: int, item_id: str) -> str:
        key = (round_number, item_id)
        if key in self.state.answers:
            where = "it has already been answered"
        elif key not in self.plan:
            where = "it is not in this session"
        else:
            where = "it is not the current item"
        current = self.current_key()
        if current is None:
            return where + "; the session is over"
        if self.pending_question() is None:
            return where + f"; the current item is round {current[0]}, item {current[1]}, not asked yet"
        return where + f"; the current question is round {current[0]}, item {current[1]}"

    def undo(self, round_number: int, item_id: str) -> dict[str, Any]:
        """Take back the last answer, which must be the one for ``(round_number, item_id)``.

        Its question is shown to the wizard again and answered afresh; the debrief counts
        only the new answer.
        """
        with self.lock:
            last = self.last_answer()
            if last is None:
                raise Conflict("there is no answer to take back")
            if (last["round"], last["item"]) != (round_number, item_id):
                raise Conflict(
                    f"cannot take back the answer for round {round_number}, item {item_id}: "
                    f"the last answer is for round {last['round']}, item {last['item']}"
                )
            return self.record({"event": "undo", "round": round_number, "item": item_id, "label": last["label"]})

    def note(self, text: str, by: str) -> dict[str, Any]:
        """An observer's note, stamped with the time and the item being played (none between rounds)."""
        text = clean_text(text, MAX_NOTE_CHARS, "note")
        if not text:
            raise UserError("the note is empty")
        with self.lock:
            key = None if self.awaiting_release() is not None else self.current_key()  # None between rounds
            return self.record({
                "event": "note", "by": by, "text": text,
                "round": None if key is None else key[0], "item": None if key is None else key[1],
            })

    def pause(self, reason: str) -> None:
        with self.lock:
            if not self.finished and self.events[-1]["event"] != "pause":
                self.record({"event": "pause", "reason": reason})


def clean_text(text: str, limit: int, what: str) -> str:
    text = " ".join(str(text).split())
    if len(text) > limit:
        raise UserError(f"the {what} is too long ({len(text)} characters; at most {limit})")
    return text


def target_log(pack: Pack, requested: Path) -> tuple[Path, str]:
    """The log a session asked for in ``requested`` goes to, without touching anything: the file
    itself when it is new or holds an unfinished session of this pack (resumed), else an unused
    name beside it, with the note that says why."""
    if not requested.exists():
        return requested, ""
    reason = why_not_resumable(pack, requested)
    if reason is None:
        return requested, ""
    other = unused_path(requested)
    return other, f"{requested} {reason}; leaving it untouched and writing to {other} instead."


def why_not_resumable(pack: Pack, path: Path) -> str | None:
    """None if the log at ``path`` is an unfinished session of this very pack; else the reason."""
    try:
        events = read_log(path)
    except UserError:
        return "is not a woz log"
    snapshot = events[0]["pack"]
    if snapshot.get("name") != pack.name:
        return f"holds a session of another pack ({snapshot.get('name')})"
    if snapshot != pack_snapshot(pack):
        return "holds a session of an earlier version of this pack"
    answered = Replay.of(events).answers
    if all(key in answered for key in pack.plan(events[0].get("items_per_round"))):
        return "holds a finished session"
    return None


def unused_path(path: Path) -> Path:
    """``path`` if free, else ``name-2.jsonl``, ``name-3.jsonl``…: never overwrite a person's file."""
    if not path.exists():
        return path
    number = 2
    while (candidate := path.with_name(f"{path.stem}-{number}{path.suffix}")).exists():
        number += 1
    return candidate


def resume_command(command: str, pack: str, logs: list[Path], extra: list[str] = ()) -> str:
    """The exact command line that picks the session(s) up again (a resumed log keeps its --items)."""
    words = ["tension-points", "woz", command, pack]
    for log in logs:
        words += ["--log", str(log)]
    return shlex.join(words + list(extra))
