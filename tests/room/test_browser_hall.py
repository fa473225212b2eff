"""What a newcomer running a hall of phones saw go wrong, as the screens show it: a wall of two
people's notes waits on every screen until a third answers; a phone that goes Back to the join
page is taken back in, never counted twice; no form shows "null"; "Split by role" starts over
with each activity. One server and one browser for the file; other people answer over HTTP."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browsing import needs_chromium
from room.room_fixtures import start_server, stop_server
from room.test_browser_room import LAPTOP, PHONE

pytestmark = needs_chromium
WAITING = re.compile(r"The results are shown once 3 people have answered \((\d+ people have|1 person has) so far\)\.")


@pytest.fixture(scope="module")
def hall(tmp_path_factory, browser):
    server = start_server(tmp_path_factory.mktemp("hall") / "room.sqlite")
    projector = browser.new_context(**LAPTOP).new_page()
    projector.goto(f"{server.base}/f/projector?token={server.token}")
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{server.base}/j/{server.code}")
    phone.locator("input[name=role][value=ml-engineer]").check()
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url("**/p/")
    expect(phone.locator("#connection")).to_have_text("Connected")
    yield server, projector, phone
    projector.context.close()
    phone.context.close()
    stop_server(server)


def act(server, **body):
    with server.facilitator() as facilitator:
        response = facilitator.post("/f/api/activity", json=body)
        assert response.status_code == 200, response.text


def open_on_phone(server, phone, activity: str) -> None:
    """Open an activity and wait until the phone shows it: typing before then would go into the
    previous activity's form, still on screen."""
    act(server, action="open", activity=activity)
    with server.facilitator() as facilitator:
        title = facilitator.get("/f/api/state").json()["state"]["activity"]["title"]
    expect(phone.locator("#activity-title")).to_have_text(title)


def someone_answers(server, activity: str, body: dict, role: str = "data-scientist") -> None:
    with server.http() as client:
        assert client.post("/join", json={"code": server.code, "role": role}).status_code == 200
        response = client.post("/p/api/answer", json={"activity": activity, "key": f"{activity}-{role}-{id(body)}", **body})
        assert response.status_code == 200, response.text


def joined(server) -> int:
    with server.facilitator() as facilitator:
        return facilitator.get("/f/api/state").json()["roster"]["total"]


def test_a_wall_of_two_peoples_notes_waits_on_the_projector_and_the_phones(hall):
    server, projector, phone = hall
    open_on_phone(server, phone, "handoffs-wall")
    phone.locator("#answer-text").fill("As an ML engineer I never see the tickets")
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("#my-answers")).to_contain_text("✓ sent")
    someone_answers(server, "handoffs-wall", {"text": "Ops hears last"})
    act(server, action="reveal")
    for screen in (projector, phone):
        expect(screen.locator("#results .results-waiting")).to_have_text(WAITING)
        expect(screen.locator("#results")).not_to_contain_text("never see the tickets")
        expect(screen.locator("#results")).not_to_contain_text("Ops hears last")
    someone_answers(server, "handoffs-wall", {"text": "A third voice"}, role="data-engineer")  # the wall appears live
    for screen in (projector, phone):
        expect(screen.locator("#results .wall > li")).to_have_count(3)
        expect(screen.locator("#results .results-waiting")).to_have_count(0)


def test_back_to_the_join_page_takes_a_joined_phone_back_in_without_counting_it_again(hall):
    server, _, phone = hall
    before = joined(server)
    phone.go_back()  # the join page this phone came from
    phone.wait_for_url("**/p/")
    phone.goto(f"{server.base}/j/{server.code}")  # the QR code scanned again
    phone.wait_for_url("**/p/")
    expect(phone.locator("#connection")).to_have_text("Connected")
    with server.http() as client:  # a join form the browser kept, sent again with the phone's cookie
        cookie = next(c for c in phone.context.cookies() if c["name"].startswith("tp_p_"))
        again = client.post("/join", json={"code": server.code, "role": "other"}, headers={"cookie": f"{cookie['name']}={cookie['value']}"})
    assert again.json() == {"joined": True, "go": "/p/", "already": True}
    assert joined(server) == before


def test_no_form_on_the_phone_shows_null_or_undefined(hall):
    server, _, phone = hall
    with server.facilitator() as facilitator:
        activities = [a["id"] for a in facilitator.get("/f/api/state").json()["activities"]]
    for activity in activities:
        open_on_phone(server, phone, activity)
        text = phone.locator("main").inner_text()
        assert not re.search(r"\b(null|undefined|NaN)\b", text), (activity, text)
    open_on_phone(server, phone, "closing-plan")
    labels = phone.locator("#answer-form label")
    expect(labels.first).to_be_visible()
    # Each line's label is followed by its hint (when it has one) and its box, no text between.
    assert phone.evaluate("""() => [...document.querySelectorAll('#answer-form')].flatMap((f) => [...f.childNodes])
                               .filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent)""") == []


def test_split_by_role_starts_over_with_each_activity(hall):
    server, projector, _ = hall
    act(server, action="open", activity="opening-whose-job")
    for n, role in enumerate(["data-scientist", "data-engineer", "ml-engineer"] * 2):
        someone_answers(server, "opening-whose-job", {"choices": [n % 3]}, role=role)
    act(server, action="reveal")
    act(server, action="split")
    expect(projector.locator("#results .split-groups")).to_have_count(1)
    act(server, action="open", activity="handoffs-confidence")
    for n, role in enumerate(["data-scientist", "data-engineer", "ml-engineer"] * 2):
        someone_answers(server, "handoffs-confidence", {"value": 1 + n % 5}, role=role)
    act(server, action="reveal")
    expect(projector.locator("#results .bars")).not_to_have_count(0)
    expect(projector.locator("#results .split-groups")).to_have_count(0)  # the whole room first


def test_a_long_paste_is_kept_whole_and_the_phone_says_it_is_over_before_sending(hall):
    server, _, phone = hall
    open_on_phone(server, phone, "handoffs-wall")
    pasted = "We hand over the model and never hear back. " * 112  # about 5,000 characters
    phone.locator("#answer-text").fill(pasted)
    expect(phone.locator("#answer-text")).to_have_value(pasted)  # nothing cut
    expect(phone.locator("#answer-text-count")).to_have_text(
        f"500 characters at most; yours is {len(pasted.strip())}: shorten it before sending (nothing has been cut)")
    before = phone.locator("#my-answers li").count()
    phone.get_by_role("button", name="Send").click()
    expect(phone.locator("#answer-text")).to_be_focused()
    assert phone.locator("#my-answers li").count() == before  # not sent
    phone.locator("#answer-text").fill(pasted[:480])
    expect(phone.locator("#answer-text-count")).to_have_text(f"{len(pasted[:480].strip())} of 500 characters")


def test_a_double_tap_on_send_sends_once_and_says_nothing_under_it(hall):
    server, _, phone = hall
    open_on_phone(server, phone, "handoffs-words")
    phone.locator("#answer-text").fill("🔥")
    phone.get_by_role("button", name="Send").dblclick()
    expect(phone.locator("#my-answers")).to_contain_text("🔥 ✓ sent")
    expect(phone.locator("#my-answers li")).to_have_count(1)
    expect(phone.locator("#answer-form")).not_to_contain_text("Type something first.")


def test_every_bar_on_the_projector_starts_at_the_same_x_and_has_the_same_length(hall):
    server, projector, _ = hall
    act(server, action="open", activity="handoffs-confidence")
    for n in range(12):  # counts of every width: "10 (83%)", "1 (8%)", "0 (0%)"
        someone_answers(server, "handoffs-confidence", {"value": 3 if n < 10 else 1 + n % 5}, role=["data-scientist", "data-engineer", "ml-engineer"][n % 3])
    act(server, action="reveal")
    expect(projector.locator("#results .bar-track")).to_have_count(5)
    for split in (False, True):
        tracks = projector.evaluate("""[...document.querySelectorAll('#results .bar-track')].filter((t) => t.getClientRects().length)
            .map((t) => { const r = t.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.width)]; })""")
        lefts = {left for left, _ in tracks} if not split else {left % round(projector.viewport_size["width"] / 2) for left, _ in tracks}
        assert len(tracks) >= 4 and len({width for _, width in tracks}) == 1 and len(lefts) <= (1 if not split else 2), tracks
        act(server, action="split")
        expect(projector.locator("#results .split-groups")).to_have_count(1)
    act(server, action="unsplit")


def test_the_consoles_agenda_breaks_no_word_and_its_clock_reads_like_the_agendas_times(browser, hall):
    server, _, _ = hall
    console = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    console.goto(f"{server.base}/f/?token={server.token}")
    expect(console.locator("#agenda tbody tr").first).to_be_visible()
    expect(console.locator("#clock")).to_have_text(re.compile(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$"))  # 24-hour, no AM/PM
    # Every header and every short cell is on one line: a word broken in two is two lines.
    broken = console.evaluate("""[...document.querySelectorAll('#agenda thead th, #agenda tbody td, #agenda button')]
        .filter((c) => c.children.length === 0 && c.textContent.trim() && c.getClientRects().length)
        .filter((c) => { const r = document.createRange(); r.selectNodeContents(c); return r.getClientRects().length > 1
                         && new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1; })
        .map((c) => c.textContent.trim())""")
    assert broken == [], broken
    assert console.evaluate("document.documentElement.scrollWidth") <= 1366
    console.context.close()


def test_the_console_offers_no_next_item_on_the_last_item_nor_a_fresh_start_once_the_session_has_ended(browser, hall):
    server, _, _ = hall
    console = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    console.goto(f"{server.base}/f/?token={server.token}")
    with server.facilitator() as facilitator:
        agenda = facilitator.get("/f/api/state").json()["agenda"]
        last = [item for item in agenda if item["kind"] != "late"][-1]
        facilitator.post("/f/api/segment", json={"action": "start", "index": last["index"] - 1}).raise_for_status()
        expect(console.locator("#segment-title")).to_contain_text(agenda[last["index"] - 1]["title"])
        expect(console.get_by_role("button", name="Next item")).to_be_visible()
        facilitator.post("/f/api/segment", json={"action": "next"}).raise_for_status()
        expect(console.locator("#segment-title")).to_contain_text(last["title"])
        expect(console.locator("#next")).to_be_hidden()  # "End the session" is the way on
        expect(console.get_by_role("button", name="End the session")).to_be_visible()
        facilitator.post("/f/api/segment", json={"action": "finish"}).raise_for_status()
    expect(console.locator("#segment-title")).to_have_text("Session ended")
    expect(console.locator("#next")).to_be_hidden()  # "Start the first item" would begin the agenda again
    expect(console.get_by_role("button", name=f"Start {last['title']}")).to_be_visible()  # a row's Start still runs an item
    console.context.close()
