"""The session engine: which item is next, asking, answering; all state lives in the log.

Terminal play and the web app both drive a Session. Replaying the log gives
the same state as before a refresh or restart.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tension_points.errors import UserError
from tension_points.woz.log import FORMAT, append_event, create_log, parse_time, read_log
from tension_points.woz.pack import Pack

MAX_QUESTION_CHARS = 1000
MAX_WISH_CHARS = 500


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
        "items": [{"id": item["id"], "truth": item["truth"], "why": item.get("why")} for item in pack.items],
        "data_catalogue": data.get("data_catalogue", []),
        "debrief_questions": data.get("debrief_questions", []),
    }


@dataclass
class Opened:
    session: "Session"
    message: str


class Session:
    def __init__(self, pack: Pack, log_path: Path, events: list[dict[str, Any]]):
        self.pack = pack
        self.log_path = log_path
        self.events = events
        self.lock = threading.RLock()

    # -- opening -------------------------------------------------------------

    @classmethod
    def open(cls, pack: Pack, requested: Path | None, mode: str, items_per_round: int | None = None) -> Opened:
        """Resume the session in ``requested`` if it can be; otherwise start one in an unused file.

        ``items_per_round`` plays only the first N items in each round (a shorter session);
        a resumed session keeps the number it started with.
        """
        if items_per_round is not None and not 1 <= items_per_round <= len(pack.items):
            raise UserError(f"--items {items_per_round}: the pack has {len(pack.items)} items; choose 1 to {len(pack.items)}")
        if requested is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            path = unused_path(Path(f"woz-{pack.name}-{stamp}.jsonl"))
            return cls.start(pack, path, mode, "", items_per_round)
        if not requested.exists():
            return cls.start(pack, requested, mode, "", items_per_round)
        reason = why_not_resumable(pack, requested)
        if reason is None:
            session = cls(pack, requested, read_log(requested))
            session.record({"event": "resume", "mode": mode})
            done = len(session.answers())
            return Opened(session, f"Resuming the session in {requested} ({done} of {len(session.plan)} answers so far).")
        other = unused_path(requested)
        note = f"{requested} {reason}; leaving it untouched and writing to {other} instead."
        return cls.start(pack, other, mode, note, items_per_round)

    @classmethod
    def start(cls, pack: Pack, path: Path, mode: str, note: str, items_per_round: int | None = None) -> Opened:
        first = {
            "event": "start",
            "format": FORMAT,
            "session": uuid.uuid4().hex[:12],
            "mode": mode,
            "items_per_round": items_per_round or len(pack.items),
            "pack": pack_snapshot(pack),
        }
        session = cls(pack, path, [create_log(path, first)])
        message = (note + " " if note else "") + f"Logging to {path}."
        return Opened(session, message)

    # -- state, replayed from the log -----------------------------------------

    @property
    def plan(self) -> list[tuple[int, str]]:
        return self.pack.plan(self.events[0].get("items_per_round"))

    def answers(self) -> dict[tuple[int, str], dict[str, Any]]:
        return {(e["round"], e["item"]): e for e in self.events if e["event"] == "answer"}

    def current(self) -> tuple[int, dict[str, Any]] | None:
        """The (round, item) to play now, or None when every item of every round is answered."""
        answered = self.answers()
        for round_number, item_id in self.plan:
            if (round_number, item_id) not in answered:
                return round_number, self.pack.item(item_id)
        return None

    def pending_question(self) -> dict[str, Any] | None:
        """The question asked for the current item and not yet answered."""
        current = self.current()
        if current is None:
            return None
        round_number, item = current
        for event in reversed(self.events):
            if event["event"] == "answer":
                return None
            if event["event"] == "question" and (event["round"], event["item"]) == (round_number, item["id"]):
                return event
        return None

    @property
    def finished(self) -> bool:
        return self.current() is None

    def position(self) -> int:
        """1-based index of the current item in the whole plan."""
        return len(self.answers()) + 1

    def round_started(self, round_number: int) -> bool:
        return any(e["event"] == "round" and e["round"] == round_number for e in self.events)

    # -- actions --------------------------------------------------------------

    def record(self, event: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            written = append_event(self.log_path, event)
            self.events.append(written)
            return written

    def ask(self, text: str) -> dict[str, Any]:
        """The user asks about the current item; opens the round first if it is new."""
        text = clean_text(text, MAX_QUESTION_CHARS, "question")
        if not text:
            raise UserError("the question is empty")
        with self.lock:
            current = self.current()
            if current is None:
                raise UserError("the session is over: every item has been answered")
            if self.pending_question() is not None:
                raise UserError("the model has not answered the last question yet")
            round_number, item = current
            if not self.round_started(round_number):
                round_ = self.pack.rounds[round_number - 1]
                self.record({"event": "round", "round": round_number, "title": round_["title"], "view": round_["view"]})
            return self.record({"event": "question", "round": round_number, "item": item["id"], "text": text})

    def answer(self, label: str, confidence: float | None, wish: str | None, latency: float | None = None) -> dict[str, Any]:
        """The wizard answers the pending question. ``latency`` defaults to the time since it was asked."""
        with self.lock:
            question = self.pending_question()
            if question is None:
                raise UserError("there is no question waiting for an answer")
            if label not in self.pack.labels:
                raise UserError(f"'{label}' is not one of the labels: {', '.join(self.pack.labels)}")
            if confidence is not None and not 0 <= confidence <= 1:
                raise UserError("confidence must be between 0 and 100")
            if latency is None:
                latency = time.time() - parse_time(question["time"]).timestamp()
            truth = self.pack.item(question["item"])["truth"]
            event = self.record({
                "event": "answer",
                "round": question["round"],
                "item": question["item"],
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

    def pause(self, reason: str) -> None:
        with self.lock:
            if not self.finished and self.events[-1]["event"] != "pause":
                self.record({"event": "pause", "reason": reason})


def clean_text(text: str, limit: int, what: str) -> str:
    text = " ".join(str(text).split())
    if len(text) > limit:
        raise UserError(f"the {what} is too long ({len(text)} characters; at most {limit})")
    return text


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
    if any(e["event"] == "end" for e in events):
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
