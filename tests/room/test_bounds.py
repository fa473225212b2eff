"""Every input bounded before it reaches the store, and every server error one logged line.

Numbers are the class the issue found (an OverflowError from SQLite, a 500 and a traceback
on the facilitator's terminal): each numeric field of every route, given a number far too
large, a negative one, a float, NaN or a boolean, is refused with a 4xx and a message."""

from __future__ import annotations

import logging

import pytest

from tension_points.room.logs import OneLine

HUGE = 10**30
BAD_NUMBERS = [HUGE, -HUGE, 2**63, 1e300, True]


def open_revealed(room_client, activity_id):
    room_client.open(activity_id)
    room_client.act("/f/api/activity", action="reveal")
    room_client.open(activity_id)


@pytest.mark.parametrize("value", BAD_NUMBERS, ids=repr)
def test_numbers_out_of_range_are_refused_on_every_route(room_client, value):
    phone = room_client.join()
    f = room_client.facilitator
    checks = []
    open_revealed(room_client, "handoffs-wall")
    phone.post("/p/api/answer", {"activity": "handoffs-wall", "key": "k-wall-0001", "text": "a note"})
    checks.append(phone.post("/p/api/vote", {"answer": value}))
    checks.append(f("POST", "/f/api/answer", {"action": "pin", "answer": value}))
    checks.append(f("POST", "/f/api/segment", {"action": "start", "index": value}))
    checks.append(f("POST", "/f/api/segment", {"action": "extend", "minutes": value}))
    room_client.open("opening-whose-job")
    checks.append(phone.post("/p/api/answer", {"activity": "opening-whose-job", "key": "k-poll-0001", "choices": [value]}))
    room_client.open("handoffs-confidence")
    checks.append(phone.post("/p/api/answer", {"activity": "handoffs-confidence", "key": "k-scale-0001", "value": value}))
    room_client.open("opening-welcome")
    checks.append(phone.post("/p/api/answer", {"activity": "opening-welcome", "key": "k-survey-001", "answers": {"confidence": {"deploy": value}}}))
    for response in checks:
        assert 400 <= response.status_code < 500, (response.request.url, response.status_code, response.text)
        assert response.json()["error"]


@pytest.mark.parametrize("raw", [b'{"answer": NaN}', b'{"answer": Infinity}', b'{"answer": -Infinity}', b'{"answer": 1' + b"0" * 5000 + b"}"])
def test_non_numbers_and_endless_digits_are_not_json(room_client, raw):
    phone = room_client.join()
    response = phone.post("/p/api/vote", content=raw, headers={"content-type": "application/json"})
    assert response.status_code in (400, 422) and response.json()["error"]


def test_ids_in_paths_and_event_ids_are_bounded(room_client):
    drawing = room_client.facilitator("GET", "/f/api/maps/drawing/99999999999999999999999999.svg")
    assert drawing.status_code == 422
    phone = room_client.join()
    with phone.client.stream("GET", "/p/api/events", headers={"cookie": phone.cookie, "last-event-id": "1." + "9" * 5000}) as events:
        assert events.status_code == 200  # an id it cannot use: a fresh snapshot, not a 500
        first = next(events.iter_lines())
        assert first.startswith("retry")


def test_a_bug_in_a_route_is_a_500_for_the_screen_and_one_line_for_the_terminal(room_client, caplog, monkeypatch):
    phone = room_client.join()
    open_revealed(room_client, "handoffs-wall")

    def broken(*args):
        raise RuntimeError("the disk is on fire\nsecond line")

    monkeypatch.setattr(room_client.room.store, "answer", broken)
    with caplog.at_level(logging.ERROR, logger="tension_points.room"):
        response = phone.post("/p/api/vote", {"answer": 1})
    assert response.status_code == 500 and "terminal" in response.json()["error"]
    [record] = [r for r in caplog.records if r.name == "tension_points.room"]
    line = OneLine().format(record)
    assert line == "tension-points room: POST /p/api/vote failed; the screen was told (RuntimeError: the disk is on fire second line)"
    assert "\n" not in line and "Traceback" not in line


def test_the_facilitators_terminal_shows_no_traceback_for_hostile_requests(tmp_path, servers):
    import signal

    server = servers(tmp_path / "room.sqlite")
    with server.http() as anyone:
        phone_cookie = anyone.post("/join", json={"code": server.code, "role": "other"}).headers["set-cookie"].split(";")[0]
    with server.facilitator() as facilitator:
        facilitator.post("/f/api/activity", json={"action": "open", "activity": "handoffs-wall"})
        facilitator.post("/f/api/activity", json={"action": "reveal"})
        for body in ({"action": "pin", "answer": HUGE}, {"action": "start", "index": HUGE}):
            assert facilitator.post("/f/api/answer" if "answer" in body else "/f/api/segment", json=body).status_code == 422
        assert facilitator.get("/f/api/maps/drawing/99999999999999999999999999.svg").status_code == 422
    server.process.send_signal(signal.SIGINT)  # Ctrl-C
    rest, _ = server.process.communicate(timeout=20)
    output = "\n".join(server.output) + "\n" + rest
    assert "room stopped" in rest
    for noise in ("Traceback", "Exception", "Error", "Cancel"):
        assert noise not in output, output
