"""The session log: JSON Lines, one event per line, appended as the session goes.

The log is the session's only state, so a browser refresh or a restart that
points at the same log picks up where it stopped, and the debrief needs
nothing else. The format is documented in exercises/wizard-of-oz.md.

Events (every one carries ``event`` and ``time``, ISO 8601 UTC, the clock of the
computer running the session; never a browser's clock):

- ``start``    first line: ``format``, ``session`` id, ``mode``, ``group`` (or null),
               and a ``pack`` snapshot (name, title, labels, rounds, items with their
               request, what the user sees, the model's view, truth and why, budget,
               catalogue, debrief questions), so the debrief is self-contained.
- ``round``    the facilitator releases a round: ``round`` (1-based), ``title``, ``view``.
               Nothing of a round is asked or timed before it.
- ``question`` the model is asked: ``round``, ``item``, ``text``.
- ``shown``    the question reached the wizard's screen: ``round``, ``item``.
               Latency is measured from here.
- ``answer``   the wizard answers: ``round``, ``item``, ``label``,
               ``confidence`` (0-1 or null), ``wish`` (text or null),
               ``latency_seconds``, ``over_budget``, ``truth``, ``correct``.
- ``refused``  an answer from a screen showing an item that is no longer current:
               ``round``, ``item`` (what that screen showed), ``label``, ``reason``.
- ``undo``     the wizard took back the last answer: ``round``, ``item``, ``label``.
- ``note``     an observer's note: ``by``, ``text``, ``round`` and ``item`` (or null).
- ``pause``    the session stopped before the end (``reason``); it can resume.
- ``resume``   a later run continued it (``mode``).
- ``end``      every item of every round is answered.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tension_points.datafiles import validate
from tension_points.errors import UserError
from tension_points.textfiles import private, read_text

FORMAT = "tension-points-woz-log/1"  # each line is checked against schemas/woz-log-event.schema.json


def now_iso(seconds: float | None = None) -> str:
    moment = datetime.now(timezone.utc) if seconds is None else datetime.fromtimestamp(seconds, timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def append_event(path: Path, event: dict[str, Any], seconds: float | None = None) -> dict[str, Any]:
    """Write one event and flush it to disk, so a crash or Ctrl-C loses nothing.

    ``seconds`` (a Unix time) stamps the event; by default, now.
    """
    event = {"event": event.pop("event"), "time": now_iso(seconds), **event}
    with open(path, "a", encoding="utf-8", opener=private) as handle:
        handle.write(json.dumps(event, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return event


def create_log(path: Path, start_event: dict[str, Any], seconds: float | None = None) -> dict[str, Any]:
    """Start a new log; refuses (rather than clobbers) a file that appeared meanwhile."""
    try:
        with open(path, "x", encoding="utf-8", opener=private):  # the players' words: the facilitator's only
            pass
    except FileExistsError:
        raise UserError(f"{path}: already exists; not overwriting it") from None
    except FileNotFoundError:
        raise UserError(f"{path}: folder {path.parent} does not exist") from None
    return append_event(path, start_event, seconds)


def read_log(path: Path) -> list[dict[str, Any]]:
    """All events of a log, checked line by line; a bad log is a UserError naming file and line.

    A torn last line (the program was stopped while writing it) is reported on standard
    error and skipped, so the session resumes and debriefs from the lines before it.
    """
    events, torn = read_log_events(path)
    if torn is not None:
        print(f"{path}: line {torn}: torn last line (the session stopped while writing it); skipped", file=sys.stderr)
    return events


def read_log_events(path: Path) -> tuple[list[dict[str, Any]], int | None]:
    """The events, and the number of a torn last line that was skipped (or None)."""
    path = Path(path)
    text = read_text(path, "a woz log (.jsonl)")
    lines = text.splitlines()
    events, torn = [], None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if number == len(lines) and not text.endswith("\n") and number > 1 and not is_json_object(line):
            torn = number
            break
        events.append(check_event(parse_line(line, path, number), path, number))
    if not events:
        raise UserError(f"{path}: empty; not a woz log")
    if events[0]["event"] != "start" or events[0].get("format") != FORMAT:
        raise UserError(f"{path}: line 1: not a woz log (expected a 'start' event with format {FORMAT})")
    return events, torn


def is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False


def parse_line(line: str, path: Path, number: int) -> dict[str, Any]:
    try:
        event = json.loads(line)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: line {number}: not JSON ({exc.msg})") from None
    except RecursionError:
        raise UserError(f"{path}: line {number}: JSON nested too deeply") from None
    if not isinstance(event, dict):
        raise UserError(f"{path}: line {number}: expected a JSON object")
    return event


def check_event(event: dict[str, Any], path: Path, number: int) -> dict[str, Any]:
    validate(event, "woz-log-event", f"{path}: line {number}")
    try:
        parse_time(event["time"])
    except (TypeError, ValueError):
        raise UserError(f"{path}: line {number}: time: not an ISO 8601 time") from None
    return event
