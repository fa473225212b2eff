"""Nothing acknowledged is lost: answers survive ``kill -9`` and the room resumes as it was."""

from __future__ import annotations

import signal

from room.room_fixtures import stop_server


def test_kill_9_then_restart_loses_no_acknowledged_answer(tmp_path, servers):
    room_file = tmp_path / "room.sqlite"
    server = servers(room_file)
    token, code = server.token, server.code
    acknowledged = []
    with server.facilitator() as facilitator, server.http() as http:
        facilitator.post("/f/api/segment", json={"action": "next"})
        facilitator.post("/f/api/activity", json={"action": "open", "activity": "handoffs-wall"})
        cookies = []
        for n in range(12):
            joined = http.post("/join", json={"code": code, "role": "data-engineer" if n % 2 else "data-scientist"})
            cookies.append(joined.headers["set-cookie"].split(";")[0])
            http.cookies.clear()
        for n, cookie in enumerate(cookies):
            for k in range(3):
                text = f"answer {k} from phone {n}"
                reply = http.post("/p/api/answer", json={"activity": "handoffs-wall", "key": f"phone{n:02d}-answer{k}", "text": text}, headers={"cookie": cookie})
                if reply.status_code == 200 and reply.json()["stored"]:
                    acknowledged.append(text)
    assert len(acknowledged) == 36
    stop_server(server, signal.SIGKILL)  # no shutdown, no checkpoint: straight from the WAL
    assert server.process.returncode == -signal.SIGKILL

    again = servers(room_file)
    assert (again.token, again.code) == (token, code)
    assert "(resumed)" in again.output[0]
    with again.facilitator() as facilitator:
        view = facilitator.get("/f/api/state").json()
    assert sorted(a["text"] for a in view["wall"]) == sorted(acknowledged)
    assert view["state"]["activity"]["id"] == "handoffs-wall" and view["state"]["activity"]["phase"] == "open"
    assert view["roster"]["total"] == 12
    # A phone whose reply was lost in the crash sends again: stored once, not twice.
    with again.http() as http:
        resent = http.post("/p/api/answer", json={"activity": "handoffs-wall", "key": "phone00-answer0", "text": "answer 0 from phone 0"}, headers={"cookie": cookies[0]})
    assert resent.json()["duplicate"] is True
    with again.facilitator() as facilitator:
        assert len(facilitator.get("/f/api/state").json()["wall"]) == 36
