"""The room file: one SQLite database per room, in WAL mode, readable by the owner only.

Every write is its own committed transaction with ``synchronous=FULL``, so when a method
returns, the change is on disk: an answer is acknowledged only after that, and a
``kill -9`` loses nothing that was acknowledged. The facilitator's token and the join
code live in the file, so a restart with the same file keeps them. No IP address or
other network detail is stored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from tension_points.errors import UserError
from tension_points.room.activities.base import StoredAnswer

FORMAT = "tension-points-room"
VERSION = "1"
SQLITE_HEADER = b"SQLite format 3\x00"
# Join codes avoid letters and digits that are easy to misread (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE participants (
  id INTEGER PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  nickname TEXT,
  role TEXT NOT NULL,
  team TEXT,
  joined_at REAL NOT NULL
);
CREATE TABLE answers (
  id INTEGER PRIMARY KEY,
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  activity_id TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at REAL NOT NULL,
  replaced INTEGER NOT NULL DEFAULT 0,
  hidden INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  UNIQUE (participant_id, idempotency_key)
);
CREATE INDEX answers_by_activity ON answers (activity_id);
CREATE TABLE votes (
  answer_id INTEGER NOT NULL REFERENCES answers(id),
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  PRIMARY KEY (answer_id, participant_id)
);
CREATE TABLE flags (
  id INTEGER PRIMARY KEY,
  activity_id TEXT,
  team TEXT NOT NULL,
  state TEXT NOT NULL,
  participant_id INTEGER NOT NULL REFERENCES participants(id),
  at REAL NOT NULL
);
CREATE TABLE segment_runs (
  id INTEGER PRIMARY KEY,
  agenda_index INTEGER NOT NULL,
  segment_id TEXT,
  title TEXT NOT NULL,
  planned_minutes INTEGER NOT NULL,
  extended_minutes INTEGER NOT NULL DEFAULT 0,
  started_at REAL NOT NULL,
  ended_at REAL
);
CREATE TABLE activity_runs (
  id INTEGER PRIMARY KEY,
  activity_id TEXT NOT NULL,
  opened_at REAL NOT NULL,
  closed_at REAL,
  revealed_at REAL
);
"""
TABLES = {"meta", "participants", "answers", "votes", "flags", "segment_runs", "activity_runs"}


class TooManyAnswers(Exception):
    pass


@dataclass(frozen=True)
class Participant:
    id: int
    nickname: str | None
    role: str
    team: str | None


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def check_room_file(path: Path) -> dict:
    """Refuse, without writing a byte, a file that is not a room file; returns its meta table."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a room file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror})") from None
    if header != SQLITE_HEADER:
        raise UserError(f"{path}: not a room file (not an SQLite database); give a new file name to start a room")
    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in probe.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not TABLES <= tables:
                raise UserError(f"{path}: not a room file (an SQLite database without the room's tables)")
            meta = dict(probe.execute("SELECT key, value FROM meta"))
        finally:
            probe.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{path}: not a readable room file ({exc})") from None
    if meta.get("format") != FORMAT:
        raise UserError(f"{path}: not a room file (meta.format is {meta.get('format')!r})")
    if meta.get("version") != VERSION:
        raise UserError(f"{path}: room file version {meta.get('version')!r}; this tension-points reads version {VERSION}")
    for key in ("token", "join_code", "room_id", "agenda"):
        if not meta.get(key):
            raise UserError(f"{path}: damaged room file (meta.{key} is missing)")
    try:
        json.loads(meta["agenda"])
    except ValueError:
        raise UserError(f"{path}: damaged room file (meta.agenda is not JSON)") from None
    return meta


class RoomStore:
    """All reads and writes of one room file. Methods are thread-safe and blocking."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self.db = connection
        self.lock = threading.RLock()
        self._depth = 0
        self.meta = dict(self.db.execute("SELECT key, value FROM meta"))
        self._participants: dict[str, Participant] = {}

    # --- Opening and creating ---------------------------------------------------------

    @classmethod
    def create(cls, path: Path, agenda: list[dict], settings: dict) -> "RoomStore":
        path = Path(path)
        try:
            # O_EXCL: never take over a file that appeared meanwhile; 0600: the token is in it.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise UserError(f"{path}: exists already") from None
        except OSError as exc:
            raise UserError(f"{path}: cannot create the room file ({exc.strerror})") from None
        try:
            connection = connect(path)
            with connection:
                connection.executescript("BEGIN;" + SCHEMA + "COMMIT;")
            values = {
                "format": FORMAT,
                "version": VERSION,
                "room_id": secrets.token_hex(4),
                "token": secrets.token_urlsafe(24),
                "join_code": new_join_code(),
                "created_at": repr(time.time()),
                "agenda": json.dumps(agenda),
                "settings": json.dumps(settings),
                "state": json.dumps({}),
                "boot": "0",
            }
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", values.items())
            connection.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(OSError):
                connection.close()
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    os.unlink(f"{path}{suffix}")
            raise
        return cls(path, connection)

    @classmethod
    def open(cls, path: Path, serving: bool = True) -> "RoomStore":
        """Open a room file; ``serving`` counts one more start of the server (export reads only)."""
        path = Path(path)
        check_room_file(path)
        os.chmod(path, 0o600)
        store = cls(path, connect(path))
        if serving:
            store.set_meta("boot", str(int(store.meta.get("boot", "0")) + 1))
        return store

    def close(self) -> None:
        with self.lock:
            self.db.close()

    @contextlib.contextmanager
    def transaction(self):
        """One committed (and synced) transaction; nested calls join the outer one."""
        with self.lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self.db
                finally:
                    self._depth -= 1
                return
            self.db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            else:
                self.db.execute("COMMIT")
            finally:
                self._depth = 0

    # --- Meta and state -----------------------------------------------------------------

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
        self.meta[key] = value

    @property
    def token(self) -> str:
        return self.meta["token"]

    @property
    def join_code(self) -> str:
        return self.meta["join_code"]

    @property
    def room_id(self) -> str:
        return self.meta["room_id"]

    @property
    def boot(self) -> int:
        return int(self.meta["boot"])

    @property
    def agenda(self) -> list[dict]:
        return json.loads(self.meta["agenda"])

    @property
    def settings(self) -> dict:
        return json.loads(self.meta.get("settings", "{}"))

    def state(self) -> dict:
        return json.loads(self.meta.get("state", "{}"))

    def save_state(self, state: dict) -> None:
        self.set_meta("state", json.dumps(state))

    # --- Participants -------------------------------------------------------------------

    def add_participant(self, nickname: str | None, role: str, team: str | None) -> tuple[Participant, str]:
        secret = secrets.token_urlsafe(24)
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO participants (secret_hash, nickname, role, team, joined_at) VALUES (?, ?, ?, ?, ?)",
                (hash_secret(secret), nickname, role, team, time.time()),
            )
        participant = Participant(cursor.lastrowid, nickname, role, team)
        self._participants[secret] = participant
        return participant, secret

    def participant(self, secret: str) -> Participant | None:
        if secret in self._participants:
            return self._participants[secret]
        with self.lock:
            row = self.db.execute(
                "SELECT id, nickname, role, team FROM participants WHERE secret_hash = ?", (hash_secret(secret),)
            ).fetchone()
        if row is None:
            return None
        participant = Participant(*row)
        self._participants[secret] = participant
        return participant

    def participant_by_id(self, participant_id: int) -> Participant | None:
        with self.lock:
            row = self.db.execute("SELECT id, nickname, role, team FROM participants WHERE id = ?", (participant_id,)).fetchone()
        return Participant(*row) if row else None

    def roster(self) -> list[Participant]:
        with self.lock:
            rows = self.db.execute("SELECT id, nickname, role, team FROM participants ORDER BY id").fetchall()
        return [Participant(*row) for row in rows]

    # --- Answers ------------------------------------------------------------------------

    def add_answer(self, participant: Participant, activity_id: str, key: str, body: dict, one_per_participant: bool, limit: int) -> tuple[int, bool]:
        """Store an answer; returns (answer id, whether this key had been stored already)."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT id FROM answers WHERE participant_id = ? AND idempotency_key = ?", (participant.id, key)
            ).fetchone()
            if row is not None:
                return row[0], True
            if one_per_participant:
                db.execute(
                    "UPDATE answers SET replaced = 1 WHERE participant_id = ? AND activity_id = ? AND replaced = 0",
                    (participant.id, activity_id),
                )
            else:
                (count,) = db.execute(
                    "SELECT COUNT(*) FROM answers WHERE participant_id = ? AND activity_id = ?", (participant.id, activity_id)
                ).fetchone()
                if count >= limit:
                    raise TooManyAnswers(limit)
            cursor = db.execute(
                "INSERT INTO answers (participant_id, activity_id, idempotency_key, body, created_at) VALUES (?, ?, ?, ?, ?)",
                (participant.id, activity_id, key, json.dumps(body), time.time()),
            )
            return cursor.lastrowid, False

    def answers(self, activity_id: str, include_hidden: bool = True) -> list[StoredAnswer]:
        query = """
            SELECT a.id, p.role, a.body, (SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.id), a.pinned, a.hidden, a.created_at,
                   a.participant_id
            FROM answers a JOIN participants p ON p.id = a.participant_id
            WHERE a.activity_id = ? AND a.replaced = 0 {hidden} ORDER BY a.id
        """.format(hidden="" if include_hidden else "AND a.hidden = 0")
        with self.lock:
            rows = self.db.execute(query, (activity_id,)).fetchall()
        return [StoredAnswer(r[0], r[1], json.loads(r[2]), r[3], bool(r[4]), bool(r[5]), r[6], r[7]) for r in rows]

    def answer(self, answer_id: int) -> tuple[str, StoredAnswer] | None:
        """(activity id, answer) for one answer."""
        with self.lock:
            row = self.db.execute(
                """SELECT a.activity_id, a.id, p.role, a.body, (SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.id),
                          a.pinned, a.hidden, a.created_at
                   FROM answers a JOIN participants p ON p.id = a.participant_id WHERE a.id = ?""",
                (answer_id,),
            ).fetchone()
        if row is None:
            return None
        return row[0], StoredAnswer(row[1], row[2], json.loads(row[3]), row[4], bool(row[5]), bool(row[6]), row[7])

    def my_answers(self, participant_id: int, activity_id: str) -> list[dict]:
        with self.lock:
            rows = self.db.execute(
                "SELECT id, idempotency_key, body FROM answers WHERE participant_id = ? AND activity_id = ? AND replaced = 0 ORDER BY id",
                (participant_id, activity_id),
            ).fetchall()
        return [{"id": r[0], "key": r[1], "body": json.loads(r[2])} for r in rows]

    def my_votes(self, participant_id: int) -> list[int]:
        with self.lock:
            return [r[0] for r in self.db.execute("SELECT answer_id FROM votes WHERE participant_id = ?", (participant_id,))]

    def answer_count(self) -> int:
        with self.lock:
            return self.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]

    def vote(self, answer_id: int, participant_id: int) -> bool:
        with self.transaction() as db:
            cursor = db.execute("INSERT OR IGNORE INTO votes (answer_id, participant_id) VALUES (?, ?)", (answer_id, participant_id))
            return cursor.rowcount == 1

    def set_answer_flag(self, answer_id: int, column: str, value: bool) -> None:
        assert column in ("hidden", "pinned")
        with self.transaction() as db:
            db.execute(f"UPDATE answers SET {column} = ? WHERE id = ?", (int(value), answer_id))

    # --- Stuck and done -----------------------------------------------------------------

    def add_flag(self, activity_id: str | None, team: str, state: str, participant_id: int) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO flags (activity_id, team, state, participant_id, at) VALUES (?, ?, ?, ?, ?)",
                (activity_id, team, state, participant_id, time.time()),
            )

    def flags(self, activity_id: str | None) -> dict[str, dict]:
        """The latest flag of each table or pair for this activity: {team: {state, at}}."""
        with self.lock:
            rows = self.db.execute(
                "SELECT team, state, at FROM flags WHERE activity_id IS ? ORDER BY id", (activity_id,)
            ).fetchall()
        latest: dict[str, dict] = {}
        for team, state, at in rows:
            latest[team] = {"state": state, "at": at}
        return {team: flag for team, flag in latest.items() if flag["state"] != "none"}

    def flag_history(self) -> list[tuple]:
        with self.lock:
            return self.db.execute("SELECT activity_id, team, state, at FROM flags ORDER BY id").fetchall()

    # --- Timings ------------------------------------------------------------------------

    def start_segment(self, index: int, segment_id: str | None, title: str, planned: int, at: float) -> int:
        with self.transaction() as db:
            db.execute("UPDATE segment_runs SET ended_at = ? WHERE ended_at IS NULL", (at,))
            cursor = db.execute(
                "INSERT INTO segment_runs (agenda_index, segment_id, title, planned_minutes, started_at) VALUES (?, ?, ?, ?, ?)",
                (index, segment_id, title, planned, at),
            )
            return cursor.lastrowid

    def end_segments(self, at: float) -> None:
        with self.transaction() as db:
            db.execute("UPDATE segment_runs SET ended_at = ? WHERE ended_at IS NULL", (at,))

    def extend_segment(self, run_id: int, minutes: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE segment_runs SET extended_minutes = extended_minutes + ? WHERE id = ?", (minutes, run_id))

    def segment_run(self, run_id: int) -> dict | None:
        runs = [r for r in self.segment_runs() if r["id"] == run_id]
        return runs[0] if runs else None

    def segment_runs(self) -> list[dict]:
        with self.lock:
            rows = self.db.execute(
                "SELECT id, agenda_index, segment_id, title, planned_minutes, extended_minutes, started_at, ended_at FROM segment_runs ORDER BY id"
            ).fetchall()
        keys = ("id", "agenda_index", "segment_id", "title", "planned_minutes", "extended_minutes", "started_at", "ended_at")
        return [dict(zip(keys, row)) for row in rows]

    def open_activity(self, activity_id: str, at: float) -> int:
        with self.transaction() as db:
            db.execute("UPDATE activity_runs SET closed_at = ? WHERE closed_at IS NULL", (at,))
            return db.execute("INSERT INTO activity_runs (activity_id, opened_at) VALUES (?, ?)", (activity_id, at)).lastrowid

    def close_activity(self, run_id: int, at: float) -> None:
        with self.transaction() as db:
            db.execute("UPDATE activity_runs SET closed_at = ? WHERE id = ? AND closed_at IS NULL", (at, run_id))

    def reveal_activity(self, run_id: int, at: float) -> None:
        with self.transaction() as db:
            db.execute("UPDATE activity_runs SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL", (at, run_id))

    def activity_runs(self) -> list[dict]:
        with self.lock:
            rows = self.db.execute("SELECT id, activity_id, opened_at, closed_at, revealed_at FROM activity_runs ORDER BY id").fetchall()
        return [dict(zip(("id", "activity_id", "opened_at", "closed_at", "revealed_at"), row)) for row in rows]

    def activities_with_answers(self) -> list[str]:
        with self.lock:
            return [r[0] for r in self.db.execute("SELECT activity_id FROM answers GROUP BY activity_id ORDER BY MIN(id)")]


def connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise UserError(f"{path}: SQLite could not switch the room file to WAL mode (got {mode})")
    # FULL: the WAL is synced at every commit, so an acknowledged answer survives a crash.
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=ON")
    return connection
