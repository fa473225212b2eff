"""The room file: one SQLite file, WAL, owner-only, refusing anything that is not a room file."""

from __future__ import annotations

import re
import sqlite3
import stat

import pytest

from tension_points.errors import UserError
from tension_points.room.store import RoomStore, check_room_file

AGENDA = [{"index": 0, "kind": "teaching", "title": "Welcome", "minutes": 5, "offset": 0, "segment_id": "opening-welcome", "module": "Opening"}]


def new_store(path):
    return RoomStore.create(path, AGENDA, {"minutes": 5})


def test_a_room_file_is_sqlite_in_wal_mode_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "room.sqlite"
    store = new_store(path)
    participant, _ = store.add_participant(None, "other", None)
    store.add_answer(participant, "x", "key-00000001", {"text": "hello"}, False, 10)
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: synced at every commit
    for name in ("room.sqlite", "room.sqlite-wal", "room.sqlite-shm"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    store.close()


def test_the_token_and_join_code_stay_the_same_across_restarts(tmp_path):
    path = tmp_path / "room.sqlite"
    store = new_store(path)
    token, code, boot = store.token, store.join_code, store.boot
    store.close()
    reopened = RoomStore.open(path)
    assert (reopened.token, reopened.join_code) == (token, code)
    assert len(token) >= 32 and len(code) == 6
    assert reopened.boot == boot + 1  # event ids of the new start never clash with the old ones
    reopened.close()


def test_an_existing_file_is_never_taken_over_by_create(tmp_path):
    path = tmp_path / "room.sqlite"
    path.write_text("my notes")
    with pytest.raises(UserError, match="exists already"):
        new_store(path)
    assert path.read_text() == "my notes"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not a room file"),
        (b"# my notes\n" * 20, "not a room file (not an SQLite database)"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "not a readable room file"),
    ],
)
def test_a_file_that_is_not_a_room_is_refused_untouched(tmp_path, content, message):
    path = tmp_path / "room.sqlite"
    path.write_bytes(content)
    with pytest.raises(UserError, match=re.escape(message)) as refused:
        RoomStore.open(path)
    assert str(path) in str(refused.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["room.sqlite"]


def test_another_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (text TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="without the room's tables"):
        check_room_file(path)
    assert path.read_bytes() == before


def test_no_network_address_is_stored_with_anything(tmp_path):
    path = tmp_path / "room.sqlite"
    store = new_store(path)
    columns = {row[1] for table in ("participants", "answers", "votes", "flags") for row in store.db.execute(f"PRAGMA table_info({table})")}
    assert not columns & {"ip", "address", "host", "client", "user_agent", "remote"}
    store.close()


def test_a_second_answer_replaces_the_first_only_where_the_kind_says_so(tmp_path):
    store = new_store(tmp_path / "room.sqlite")
    participant, _ = store.add_participant("Ann", "data-scientist", "Table 1")
    store.add_answer(participant, "poll", "poll-key-0001", {"choices": [0]}, True, 1)
    store.add_answer(participant, "poll", "poll-key-0002", {"choices": [2]}, True, 1)
    store.add_answer(participant, "wall", "wall-key-0001", {"text": "a"}, False, 2)
    store.add_answer(participant, "wall", "wall-key-0002", {"text": "b"}, False, 2)
    assert [a.body for a in store.answers("poll")] == [{"choices": [2]}]
    assert [a.body["text"] for a in store.answers("wall")] == ["a", "b"]
    from tension_points.room.store import TooManyAnswers

    with pytest.raises(TooManyAnswers):
        store.add_answer(participant, "wall", "wall-key-0003", {"text": "c"}, False, 2)
    store.close()
