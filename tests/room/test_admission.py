"""Admission in a hall: wrong join codes are limited per device, never for the room, so one
device's flood of guesses (or a hall full of typos) never keeps anyone else out."""

from __future__ import annotations

from starlette.testclient import TestClient

from tension_points.room.http import build_app


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def device(app, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


def test_a_flood_of_wrong_codes_from_one_address_locks_out_only_that_address(room_client):
    room = room_client.room
    clock = Clock()
    room.join_failures.clock = clock
    app = build_app(room)
    code = room.store.join_code
    flooder = device(app, "10.0.0.66")
    refused = []
    for n in range(60):
        # Between each phone's join, the flooding device sends ten more wrong codes.
        refused += [flooder.post("/join", json={"code": f"ZZZ{n:03d}", "role": "other"}).status_code for _ in range(10)]
        phone = device(app, f"10.0.1.{n + 1}")
        if n % 3 == 0:  # a third of the hall types the code wrong twice first
            for typo in ("SZCH4F", code[:5]):
                assert phone.post("/join", json={"code": typo, "role": "data-scientist"}).status_code == 403
        joined = phone.post("/join", json={"code": code, "role": "data-scientist"})
        assert joined.status_code == 200, (n, joined.text)
    assert refused.count(403) == 20 and refused.count(429) == 580  # its burst, then nothing more
    assert room.store.roster().__len__() == 60

    # Over its limit, the flooding address is refused whatever it sends, the right code too:
    # otherwise a right guess would answer differently from a wrong one, and the limit would
    # not slow guessing at all. Every other address is untouched.
    over = flooder.post("/join", json={"code": code, "role": "other"})
    assert over.status_code == 429 and "from this device" in over.json()["error"]
    assert device(app, "10.0.0.67").post("/join", json={"code": code, "role": "other"}).status_code == 200

    # It refills slowly: one more try every three seconds.
    clock.now += 3
    assert flooder.post("/join", json={"code": code, "role": "other"}).status_code == 200
    assert flooder.post("/join", json={"code": "WRONG1", "role": "other"}).status_code == 403
    assert flooder.post("/join", json={"code": "WRONG2", "role": "other"}).status_code == 429


def test_the_limit_keeps_a_bounded_number_of_addresses(room_client):
    room = room_client.room
    room.join_failures.max_keys = 100
    app = build_app(room)
    for n in range(300):
        device(app, f"10.1.{n // 250}.{n % 250}").post("/join", json={"code": "WRONG1", "role": "other"})
    assert len(room.join_failures.buckets) == 100
