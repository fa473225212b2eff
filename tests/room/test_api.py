"""The room's API as phones and the console use it: who gets in, what each one may see, what is refused."""

from __future__ import annotations

import json
import re

import pytest
from starlette.routing import Mount

from tension_points.room.http import build_app


def test_joining_needs_the_room_code(room_client):
    wrong = room_client.client.post("/join", json={"code": "AAAAAA", "role": "data-scientist"})
    assert wrong.status_code == 403
    assert "not this room's code" in wrong.json()["error"]
    code = room_client.room.store.join_code
    lower = room_client.client.post("/join", json={"code": code.lower(), "role": "data-engineer"})
    assert lower.status_code == 200 and lower.json()["go"] == "/p/"


def test_joining_needs_a_role_from_the_list(room_client):
    code = room_client.room.store.join_code
    assert room_client.client.post("/join", json={"code": code}).status_code == 422
    assert room_client.client.post("/join", json={"code": code, "role": "wizard"}).status_code == 422


def test_participant_routes_need_the_join_cookie(room_client):
    room_client.client.cookies.clear()
    assert room_client.client.get("/p/api/state").status_code == 401
    page = room_client.client.get("/p/", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/"


def facilitator_paths(app) -> list[str]:
    mount = next(r for r in app.routes if isinstance(r, Mount) and r.path == "/f")
    return ["/f" + route.path for route in mount.routes]


def test_every_facilitator_route_refuses_without_the_token(room_client):
    paths = facilitator_paths(build_app(room_client.room))
    assert len(paths) >= 9
    phone = room_client.join()
    for path in paths:
        for client_call in (lambda p: room_client.client.get(p), lambda p: phone.get(p), lambda p: room_client.client.get(p, headers={"authorization": "Bearer wrong"})):
            response = client_call(path)
            assert response.status_code == 401, path
            assert room_client.token not in response.text


def test_the_token_in_a_link_becomes_a_cookie_and_leaves_the_address(room_client):
    response = room_client.client.get(f"/f/?token={room_client.token}", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/f/"
    assert "httponly" in response.headers["set-cookie"].lower()
    console = room_client.client.get("/f/")
    assert console.status_code == 200 and "Facilitator console" in console.text


def test_a_cookie_from_another_room_is_not_a_way_in(tmp_path, course):
    from starlette.testclient import TestClient

    from room.room_fixtures import open_room

    first, second = open_room(course, tmp_path / "a.sqlite"), open_room(course, tmp_path / "b.sqlite")
    with TestClient(build_app(first)) as a, TestClient(build_app(second)) as b:
        joined = a.post("/join", json={"code": first.store.join_code, "role": "other"})
        name, value = joined.headers["set-cookie"].split(";")[0].split("=", 1)
        a.cookies.clear()
        assert b.get("/p/api/state", headers={"cookie": f"tp_p_{second.store.room_id}={value}"}).status_code == 401
        assert b.get("/p/api/state", headers={"cookie": f"{name}={value}"}).status_code == 401
        facilitator_a = f"tp_f_{first.store.room_id}={first.store.token}"
        assert b.get("/f/api/state", headers={"cookie": facilitator_a}).status_code == 401
    first.store.close()
    second.store.close()


def test_an_answer_is_stored_once_whatever_the_resends(room_client):
    phone = room_client.join()
    room_client.open("handoffs-wall")
    body = {"activity": "handoffs-wall", "key": "k" * 16, "text": "The model goes to ops and we never hear back"}
    first, again = phone.post("/p/api/answer", body), phone.post("/p/api/answer", body)
    assert first.json()["stored"] and not first.json()["duplicate"]
    assert again.json() == {"stored": True, "id": first.json()["id"], "duplicate": True}
    assert len(room_client.room.store.answers("handoffs-wall")) == 1
    # A resend after the activity closed (the reply was lost) is still acknowledged, not refused.
    room_client.act("/f/api/activity", action="close")
    assert phone.post("/p/api/answer", body).json()["duplicate"] is True


def test_an_answer_for_another_activity_than_the_open_one_is_refused(room_client):
    phone = room_client.join()
    room_client.open("handoffs-wall")
    stale = phone.post("/p/api/answer", {"activity": "opening-whose-job", "key": "stale-tab-1", "choices": [0]})
    assert stale.status_code == 409
    assert "kept on your phone" in stale.json()["error"]
    assert room_client.room.store.answers("opening-whose-job") == []


def test_answers_are_checked_against_the_activity(room_client):
    phone = room_client.join()
    room_client.open("opening-whose-job")
    answer = lambda key, **body: phone.post("/p/api/answer", {"activity": "opening-whose-job", "key": key, **body})
    assert answer("poll-0001", choices=[7]).status_code == 422
    assert answer("poll-0002", choices=[0, 1]).json()["error"] == "pick one option"
    assert answer("poll-0003", choices=["0"]).status_code == 422
    assert answer("short", choices=[0]).status_code == 422  # idempotency key too short
    assert answer("poll-0004", choices=[2]).status_code == 200
    # A poll keeps one vote a participant: a new one replaces it.
    assert answer("poll-0005", choices=[1]).status_code == 200
    stored = room_client.room.store.answers("opening-whose-job")
    assert [a.body for a in stored] == [{"choices": [1]}]


def test_a_poll_is_counted_by_role(room_client):
    room_client.open("opening-whose-job")
    votes = [("data-scientist", 0), ("data-scientist", 2), ("data-engineer", 1), ("software-engineer", 1)]
    for n, (role, choice) in enumerate(votes):
        phone = room_client.join(role)
        assert phone.post("/p/api/answer", {"activity": "opening-whose-job", "key": f"vote-key-{n}", "choices": [choice]}).status_code == 200
    results = room_client.facilitator("GET", "/f/api/state").json()["results"]
    assert results["counts"] == {"all": [1, 2, 1]}  # no role has three people behind it: no split on any screen
    assert results["respondents"] == {"all": 4}
    for n in range(3):
        phone = room_client.join("data-engineer")
        assert phone.post("/p/api/answer", {"activity": "opening-whose-job", "key": f"more-key-{n}", "choices": [0]}).status_code == 200
    results = room_client.facilitator("GET", "/f/api/state").json()["results"]
    assert results["respondents"] == {"all": 7, "data-engineer": 4, "other-roles": 3}
    assert results["counts"]["data-engineer"] == [3, 1, 0]
    (table,) = room_client.room.catalogue.get("opening-whose-job").kind.tables(
        room_client.room.catalogue.get("opening-whose-job"), room_client.room.store.answers("opening-whose-job"))
    assert table.headers == ["Option", "All", "Data scientist", "Data engineer", "Software engineer"]  # the export keeps every role


def test_participants_see_results_only_once_revealed_and_never_hidden_answers(room_client):
    writer, reader = room_client.join("data-engineer"), room_client.join("data-scientist")
    room_client.open("handoffs-wall")
    texts = ["Nobody tells us when the model is retrained", "Rude remark about a colleague"]
    ids = [writer.post("/p/api/answer", {"activity": "handoffs-wall", "key": f"wall-key-{n}", "text": t}).json()["id"] for n, t in enumerate(texts)]
    for n, other in enumerate((reader, room_client.join("ml-engineer"))):  # three people: the wall may be shown
        other.post("/p/api/answer", {"activity": "handoffs-wall", "key": f"other-key-{n}", "text": f"We wait on tickets ({n})"})
    texts.extend(f"We wait on tickets ({n})" for n in range(2))
    assert reader.get("/p/api/state").json()["results"] is None
    room_client.act("/f/api/answer", action="hide", answer=ids[1])
    room_client.act("/f/api/activity", action="reveal")
    state = reader.get("/p/api/state")
    assert sorted(a["text"] for a in state.json()["results"]["answers"]) == sorted([texts[0], *texts[2:]])
    assert texts[1] not in state.text
    assert room_client.token not in state.text and "nickname" not in json.dumps(state.json()["results"])
    # The facilitator still sees it, marked hidden.
    wall = room_client.facilitator("GET", "/f/api/state").json()["wall"]
    assert sorted((a["text"], a["hidden"]) for a in wall) == sorted([(texts[0], False), (texts[1], True), *((t, False) for t in texts[2:])])


def test_a_participant_can_vote_once_for_a_visible_answer(room_client):
    writer, voter = room_client.join(), room_client.join()
    room_client.open("handoffs-wall")
    answer_id = writer.post("/p/api/answer", {"activity": "handoffs-wall", "key": "wall-vote-1", "text": "Tickets with no owner"}).json()["id"]
    assert voter.post("/p/api/vote", {"answer": answer_id}).status_code == 404  # not revealed yet
    room_client.act("/f/api/activity", action="reveal")
    assert voter.post("/p/api/vote", {"answer": answer_id}).json() == {"voted": True, "new": True}
    assert voter.post("/p/api/vote", {"answer": answer_id}).json() == {"voted": True, "new": False}
    assert room_client.room.store.answers("handoffs-wall")[0].votes == 1


def test_stuck_and_done_are_kept_per_table(room_client):
    first, second = room_client.join(team="Table 2"), room_client.join(team="Table 2")
    room_client.join(team="Table 5").post("/p/api/flag", {"state": "done"})
    room_client.open("handoffs-map")
    first.post("/p/api/flag", {"state": "stuck"})
    flags = {f["team"]: f["state"] for f in room_client.facilitator("GET", "/f/api/state").json()["flags"]}
    assert flags == {"Table 2": "stuck"}
    second.post("/p/api/flag", {"state": "done"})
    flags = {f["team"]: f["state"] for f in room_client.facilitator("GET", "/f/api/state").json()["flags"]}
    assert flags == {"Table 2": "done"}


def test_each_participant_is_rate_limited(room_client):
    phone, other = room_client.join(), room_client.join()
    room_client.open("handoffs-map")
    statuses = [phone.post("/p/api/flag", {"state": "stuck"}).status_code for _ in range(40)]
    assert statuses[:10] == [200] * 10
    assert 429 in statuses
    assert other.post("/p/api/flag", {"state": "done"}).status_code == 200


@pytest.mark.parametrize(
    "headers, body, status",
    [
        ({"content-length": "-5"}, b"{}", 400),
        ({"content-length": "abc"}, b"{}", 400),
        ({"content-length": "999999"}, b"{}", 413),
    ],
)
def test_declared_body_lengths_are_checked_before_anything_runs(room_client, headers, body, status):
    # TestClient sets its own length; the raw ASGI call gives exactly these headers.
    import asyncio
    import concurrent.futures

    app = build_app(room_client.room)
    sent = []

    async def call():
        scope = {"type": "http", "method": "POST", "path": "/join", "raw_path": b"/join", "query_string": b"", "headers": [(b"host", b"testserver"), *((k.encode(), v.encode()) for k, v in headers.items())], "http_version": "1.1", "scheme": "http", "server": ("testserver", 80), "client": ("127.0.0.1", 1)}
        messages = [{"type": "http.request", "body": body, "more_body": False}]

        async def receive():
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)

        await app(scope, receive, send)

    # In a thread of its own: a browser test earlier in the run may leave this thread's event loop running.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, call()).result(timeout=30)
    assert sent[0]["status"] == status


def test_an_oversized_body_without_a_length_is_cut_off(room_client):
    def chunks():
        for _ in range(40):
            yield b"x" * 1024

    response = room_client.client.post("/join", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_deeply_nested_json_is_refused_with_one_line(room_client):
    response = room_client.client.post("/join", content=b"[" * 5000 + b"]" * 5000, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"error": "JSON nested deeper than 8 levels"}


def test_unknown_host_names_are_refused(room_client):
    response = room_client.client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 421


def test_posts_from_another_site_are_refused(room_client):
    code = room_client.room.store.join_code
    response = room_client.client.post("/join", json={"code": code, "role": "other"}, headers={"origin": "http://attacker.example"})
    assert response.status_code == 403
    same = room_client.client.post("/join", json={"code": code, "role": "other"}, headers={"origin": "http://testserver"})
    assert same.status_code == 200


def test_markup_a_participant_types_stays_text_in_every_page(room_client):
    phone = room_client.join(nickname="<script>alert(1)</script>", team="<b>T</b>")
    page = phone.get("/p/")
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "&lt;b&gt;T&lt;/b&gt;" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_every_page_and_script_is_served_by_the_room_itself(room_client):
    phone = room_client.join()
    pages = [room_client.client.get("/").text, phone.get("/p/").text, room_client.facilitator("GET", "/f/").text, room_client.facilitator("GET", "/f/projector").text]
    for text in pages:
        assert "http://" not in text.replace("http://127.0.0.1:8770", "").replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in text
    assets = {url for text in pages for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', text)}
    # The room's own scripts and every kind's renderer, each fetched from the room.
    assert {"/static/room.js", "/static/participant.js", "/static/console.js", "/static/kinds/simple.js", "/static/kinds/woz.js"} <= assets
    for asset in sorted(assets | {"/static/plan.css"}):
        response = room_client.client.get(asset)
        assert response.status_code == 200, asset
        assert "innerHTML" not in response.text


def test_every_activity_of_the_course_is_in_the_room_with_its_prompt(room_client, course):
    listed = {a["id"]: a for a in room_client.facilitator("GET", "/f/api/state").json()["activities"]}
    # Every activity segment, and the teaching segments whose live spec asks (the surveys).
    assert list(listed) == [s.id for m in course.modules for s in m.segments if s.is_activity or s.live]
    kinds = {a["id"]: a["kind"] for a in listed.values()}
    assert kinds == {
        "opening-welcome": "survey", "closing-last-word": "survey", "closing-plan": "plan",
        "opening-whose-job": "poll", "handoffs-wall": "open", "handoffs-confidence": "scale", "handoffs-words": "wordcloud",
        "handoffs-map": "timer",  # an exercise without a live spec: the countdown and the flags
        "handoffs-talk": "open",  # a discussion without a live spec: an open prompt wall
    }
    room_client.open("opening-whose-job")
    activity = room_client.join().get("/p/api/state").json()["state"]["activity"]
    assert activity["prompt"] == "Who should put a model into production where you work?"
    assert (activity["format"], activity["minutes"], activity["options"]) == ("think-pair-share", 6, ["The data scientist", "An engineer", "Both together"])
    assert [p["label"] for p in activity["parts"]] == ["Alone", "Pairs", "Everyone"]


def test_an_unknown_activity_cannot_be_opened(room_client):
    response = room_client.facilitator("POST", "/f/api/activity", json={"action": "open", "activity": "no-such-thing"})
    assert response.status_code == 404 and "no activity 'no-such-thing'" in response.json()["error"]


def test_an_agenda_item_without_a_live_activity_says_so_in_the_facilitators_words(room_client):
    agenda = room_client.facilitator("GET", "/f/api/state").json()["agenda"]
    buffer = next(item["index"] for item in agenda if item["kind"] == "buffer")  # nothing to answer
    room_client.act("/f/api/segment", action="start", index=buffer)
    assert room_client.facilitator("GET", "/f/api/state").json()["state"]["activity"] is None
    for action in ("open", "reveal"):
        response = room_client.facilitator("POST", "/f/api/activity", json={"action": action})
        assert response.status_code == 409
        assert response.json()["error"] == "This agenda item has no live activity: pick one under 'Run another activity of the course'."


def test_the_agenda_runs_from_the_planner_with_real_timings(room_client):
    agenda = room_client.facilitator("GET", "/f/api/state").json()["agenda"]
    assert [item["title"] for item in agenda][:2] == ["Welcome", "Whose job is deployment?"]
    assert sum(item["minutes"] for item in agenda) == 90
    room_client.act("/f/api/segment", action="next")
    state = room_client.act("/f/api/segment", action="next")["state"]
    assert state["segment"]["title"] == "Whose job is deployment?"
    assert state["activity"]["id"] == "opening-whose-job"  # the segment's activity is selected, not yet open
    assert state["activity"]["phase"] == "ready"
    before = state["segment"]["ends_at"]
    after = room_client.act("/f/api/segment", action="extend", minutes=5)["state"]["segment"]["ends_at"]
    assert after - before == 300
    runs = room_client.room.store.segment_runs()
    assert [(r["title"], r["extended_minutes"], r["ended_at"] is None) for r in runs] == [("Welcome", 0, False), ("Whose job is deployment?", 5, True)]


def test_guessing_the_code_is_slowed_down_but_a_full_room_still_joins(room_client):
    code = room_client.room.store.join_code
    for n in range(60):  # sixty devices: none has another's join cookie
        room_client.client.cookies.clear()
        assert room_client.client.post("/join", json={"code": code, "role": "other"}).status_code == 200
    assert len(room_client.room.store.roster()) == 60
    statuses = [room_client.client.post("/join", json={"code": "WRONG1", "role": "other"}).status_code for _ in range(40)]
    assert statuses[0] == 403 and statuses[-1] == 429


def test_a_word_cloud_counts_each_answer_as_one_phrase_whatever_the_case(room_client):
    room_client.open("handoffs-words")
    entries = [("data-scientist", "Data quality"), ("data-engineer", "data   QUALITY"), ("data-engineer", "on-call"), ("data-engineer", "Ops"),
               ("ml-engineer", "ＯＰＳ"), ("ml-engineer", "silos"), ("other", "one two three four")]  # a full-width keyboard's OPS is ops
    statuses = []
    for n, (role, text) in enumerate(entries):
        statuses.append(room_client.join(role).post("/p/api/answer", {"activity": "handoffs-words", "key": f"cloud-key-{n}", "text": text}).status_code)
    assert statuses == [200, 200, 200, 200, 200, 200, 422]  # at most three words
    words = room_client.facilitator("GET", "/f/api/state").json()["results"]["words"]
    assert words["all"] == [["data quality", 2], ["ops", 2], ["on-call", 1], ["silos", 1]]
    assert words["data-engineer"] == [["data quality", 1], ["on-call", 1], ["ops", 1]]
    # One data scientist and two ML engineers: no cloud of their own, but three together.
    assert words["other-roles"] == [["data quality", 1], ["ops", 1], ["silos", 1]]
    assert set(words) == {"all", "data-engineer", "other-roles"}

