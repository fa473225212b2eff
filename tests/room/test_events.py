"""Server-sent events: ids on every event, and a reconnecting screen gets exactly what it missed."""

from __future__ import annotations

import json
import socket

from tension_points.room.events import FACILITATOR, PUBLIC, Broadcaster


def test_a_screen_that_reconnects_gets_the_events_it_missed_and_no_others():
    events = Broadcaster(boot=3)
    events.publish(PUBLIC, {"n": 1})
    seen = events.last_id
    events.publish(PUBLIC, {"n": 2})
    events.publish(FACILITATOR, {"n": "console only"})
    events.publish(PUBLIC, {"n": 3})
    missed = events.missed(seen, frozenset({PUBLIC}))
    assert [json.loads(m.decode().split("data: ")[1]) for m in missed] == [{"n": 2}, {"n": 3}]
    assert missed[0].startswith(b"id: 3.2\n")
    assert events.missed(events.last_id, frozenset({PUBLIC})) == []


def test_an_id_from_an_earlier_start_or_garbage_gets_a_snapshot():
    events = Broadcaster(boot=4)
    events.publish(PUBLIC, {"n": 1})
    for stale in ("3.1", "4.99", "nonsense", "", None):
        assert events.missed(stale, frozenset({PUBLIC})) is None


def test_a_hidden_answer_is_taken_out_of_events_kept_for_replay():
    events = Broadcaster(boot=1)
    start = events.last_id
    events.publish(PUBLIC, {"type": "wall", "added": [{"id": 7, "text": "keep"}, {"id": 8, "text": "rude"}]})
    events.scrub(lambda p: p.get("type") == "wall", lambda p: {**p, "added": [a for a in p["added"] if a["id"] != 8]})
    (replayed,) = events.missed(start, frozenset({PUBLIC}))
    assert b"rude" not in replayed and b"keep" in replayed


def read_events(sock: socket.socket, count: int) -> list[tuple[str, dict]]:
    """``count`` events (id, data) from an open event stream."""
    buffer, found = b"", []
    while len(found) < count:
        chunk = sock.recv(65536)
        assert chunk, "the stream ended"
        buffer += chunk
        while b"\n\n" in buffer:
            block, buffer = buffer.split(b"\n\n", 1)
            fields = dict(line.split(": ", 1) for line in block.decode().split("\n") if ": " in line and not line.startswith(":"))
            if "data" in fields:
                found.append((fields.get("id"), json.loads(fields["data"])))
    return found


def open_stream(server, cookie: str, last_event_id: str | None = None) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    resume = f"Last-Event-ID: {last_event_id}\r\n" if last_event_id else ""
    sock.sendall(f"GET /p/api/events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nCookie: {cookie}\r\n{resume}\r\n".encode())
    return sock


def read_until_states(sock: socket.socket, count: int) -> list[tuple[str, dict]]:
    """Events from a stream until ``count`` state events have come. The join's roster count is
    published by the server's next tick (every 0.25 s), which on a busy machine can fall
    anywhere among them."""
    events: list[tuple[str, dict]] = []
    while sum(data["type"] == "state" for _, data in events) < count:
        events += read_events(sock, 1)
    return events


def test_a_phone_resumes_from_last_event_id_on_a_real_server(tmp_path, servers):
    server = servers(tmp_path / "room.sqlite")
    with server.http() as http, server.facilitator() as facilitator:
        joined = http.post("/join", json={"code": server.code, "role": "ml-engineer"})
        cookie = joined.headers["set-cookie"].split(";")[0]
        first = open_stream(server, cookie)
        ((snapshot_id, snapshot),) = read_events(first, 1)
        assert snapshot["type"] == "state" and snapshot["state"]["activity"] is None
        first.close()  # the phone loses Wi-Fi
        facilitator.post("/f/api/activity", json={"action": "open", "activity": "handoffs-wall"})
        facilitator.post("/f/api/activity", json={"action": "reveal"})
        again = open_stream(server, cookie, snapshot_id)
        missed = read_until_states(again, 2)
        again.close()
    states = [(event_id, data) for event_id, data in missed if data["type"] == "state"]
    assert {data["type"] for _, data in missed} <= {"state", "roster"}
    assert [data["state"]["activity"]["id"] for _, data in states] == ["handoffs-wall"] * 2
    assert [data["state"]["activity"]["revealed"] for _, data in states] == [False, True]
    # Every event the phone missed came, in order, and only the console's (between the two
    # state events) did not: it is not the phone's.
    boot, seq = snapshot_id.split(".")
    assert all(event_id.split(".")[0] == boot for event_id, _ in missed)
    seqs = [int(event_id.split(".")[1]) for event_id, _ in missed]
    assert seqs == sorted(seqs) and seqs[0] == int(seq) + 1
    (console_event,) = set(range(int(seq) + 1, seqs[-1] + 1)) - set(seqs)
    first_state, second_state = (int(event_id.split(".")[1]) for event_id, _ in states)
    assert first_state < console_event < second_state
