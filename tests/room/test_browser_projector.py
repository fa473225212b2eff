"""The projector in a hall: whatever has been revealed fits the screen at 1280x720 and 1920x1080,
in text of at least 32 px, paged by itself when it does not fit at once; nothing revealed is
off-screen or cut; the join panel shrinks once the room has joined; the console shows the
projector's own screen. One server and one browser for the file; answers sent over HTTP."""

from __future__ import annotations

import math
import os
import re

import pytest
from playwright.sync_api import expect

from browsing import needs_chromium
from room.room_fixtures import start_server, stop_server

pytestmark = needs_chromium
SIZES = [{"width": 1280, "height": 720}, {"width": 1920, "height": 1080}]
ROLES = ["data-scientist", "data-engineer", "ml-engineer", "software-engineer", "product-manager", "other"]
WORDS = ["ownership", "data quality", "on-call", "handover", "silos", "trust", "feedback loop", "tickets", "retraining", "monitoring",
         "Supercalifragilisticexpialidociousnessly"]


def note(n: int) -> str:
    """Answers as a hall types them: short ones, long ones, a URL, one of 500 characters without a space."""
    if n == 3:
        return "x" * 500
    if n == 7:
        return "https://wiki.example.org/teams/platform/runbooks/model-handover-checklist?version=17#who-signs-off"
    if n % 5 == 0:
        return ("Nobody tells the data scientists when the feature pipeline changes upstream, so the model quietly degrades "
                "for weeks before anyone notices in the dashboard; we find out from customers. ") * 2
    return f"Answer {n}: results go to ops and nobody reports back"


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("projector") / "room.sqlite")
    phones = []
    with server.http() as client:
        for n in range(60):
            response = client.post("/join", json={"code": server.code, "role": ROLES[n % len(ROLES)], "team": f"Table {n // 6 + 1}"})
            phones.append(response.headers["set-cookie"].split(";")[0])
            client.cookies.clear()
    yield server, phones
    stop_server(server)


def cloud_words(n: int) -> str:
    """Phone n's words: within every role (n % 6) some phrases come up two or three times, the rest
    once, and one is a single very long word."""
    k = n // len(ROLES)  # the phone's place within its role
    if k < 7:
        return WORDS[k % 3]
    return WORDS[-1] if k == 9 else f"word{n} {WORDS[n % 3]}"


def answer(server, phones, activity: str, count: int, body) -> None:
    with server.facilitator() as facilitator:
        facilitator.post("/f/api/activity", json={"action": "open", "activity": activity})
    with server.http() as client:
        for n, cookie in enumerate(phones[:count]):
            response = client.post("/p/api/answer", json={"activity": activity, "key": f"{activity}-{count}-{n:04d}", **body(n)}, headers={"cookie": cookie})
            assert response.status_code == 200, response.text
    with server.facilitator() as facilitator:
        facilitator.post("/f/api/activity", json={"action": "reveal"})


def facilitator_act(server, **body):
    with server.facilitator() as facilitator:
        assert facilitator.post("/f/api/activity", json=body).status_code == 200


@pytest.fixture(scope="module")
def projectors(browser, room):
    server, _ = room
    pages = []
    for size in SIZES:
        page = browser.new_context(viewport=size).new_page()
        page.clock.install()  # the pages turn by the clock: the test turns them
        page.goto(f"{server.base}/f/projector?token={server.token}")
        expect(page.locator("#connection")).to_have_text("Connected")
        pages.append(page)
    yield pages
    for page in pages:
        page.context.close()


CHECK = """() => {
  const area = document.getElementById("area").getBoundingClientRect();
  const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
  const small = [], cut = [];
  for (const e of document.querySelectorAll("main *")) {
    if (!visible(e) || e.closest("svg, figure.qr")) continue;
    const own = [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own && parseFloat(getComputedStyle(e).fontSize) < 31.9) small.push(`${e.tagName}.${e.className} ${getComputedStyle(e).fontSize}: ${e.textContent.trim().slice(0, 40)}`);
    const r = e.getBoundingClientRect();
    if (r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.left < -1 || r.top < -1) cut.push(`off-screen ${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 40)}`);
    if (e.closest("#area") && (r.bottom > area.bottom + 1 || r.right > area.right + 1)) cut.push(`cut ${e.tagName}.${e.className}: ${e.textContent.trim().slice(0, 40)}`);
  }
  const items = [...document.querySelectorAll("[data-on-page]")];
  return {small, cut, pages: Number(document.body.dataset.pages), page: Number(document.body.dataset.page),
          shown: items.filter(visible).map((e) => e.dataset.onPage), all: items.length,
          scroll: [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight]};
}"""


def shot(name: str) -> str | None:
    """Where to keep screenshots of each page (TP_ROOM_SHOTS=folder), to look at them."""
    folder = os.environ.get("TP_ROOM_SHOTS")
    return f"{folder}/{name}" if folder else None


def every_page_fits(page, shot: str | None = None) -> int:
    """Each page in turn: text of 32 px or more, nothing off-screen or cut, and every item on one page.

    The pages turn every 20 s by the server's clock from the reveal, so the test looks every 5 s
    (a step of exactly 20 s could land on either side of a turn and skip a page) until each page
    has come round, within one more cycle than the pages need."""
    page.clock.run_for(1000)
    first = page.evaluate(CHECK)
    pages = max(1, first["pages"])
    seen = set()
    for look in range(pages * 4 + 8):
        found = page.evaluate(CHECK)
        assert found["small"] == [] and found["cut"] == [] and found["scroll"] == [0, 0], found
        assert set(found["shown"]) <= {str(found["page"])}
        if shot and found["page"] not in seen and len(seen) < 2:
            page.screenshot(path=f"{shot}-{page.viewport_size['width']}-p{found['page']}.png")
        seen.add(found["page"])
        if len(seen) == pages:
            break
        page.clock.run_for(5_000)
    assert len(seen) == pages  # every page came round
    return first["pages"]


@pytest.mark.parametrize("count", [15, 60])
def test_a_wall_of_answers_fits_every_projector_in_pages(room, projectors, count):
    server, phones = room
    answer(server, phones, "handoffs-wall", count, lambda n: {"text": note(n)})
    for page in projectors:
        expect(page.locator("#results .wall > li")).to_have_count(count if count == 15 else 60 + 15)
        pages = every_page_fits(page, shot(f"wall-{count}"))
        assert pages >= 2
    facilitator_act(server, action="split")
    for page in projectors:
        expect(page.locator("#results .split-wall")).to_have_count(1)
        every_page_fits(page)
    facilitator_act(server, action="unsplit")


def test_every_reveal_opens_on_page_one(room, projectors):
    server, phones = room
    answer(server, phones, "handoffs-wall", 15, lambda n: {"text": note(n)})  # opens, answers, reveals
    for page in projectors:
        page.clock.run_for(1000)
        expect(page.locator("body")).to_have_attribute("data-page", "1")
        page.clock.run_for(20_000)
        expect(page.locator("body")).to_have_attribute("data-page", "2")
    facilitator_act(server, action="conceal")
    for page in projectors:
        page.clock.run_for(7_000)  # off the pages' old rhythm
    facilitator_act(server, action="reveal")
    for page in projectors:
        page.clock.run_for(1000)
        expect(page.locator("body")).to_have_attribute("data-page", "1")


def test_a_poll_split_by_role_and_a_word_cloud_of_sixty_fit(room, projectors):
    server, phones = room
    answer(server, phones, "opening-whose-job", 60, lambda n: {"choices": [n % 3]})
    facilitator_act(server, action="split")
    for page in projectors:
        expect(page.locator("#results .split-groups > section")).to_have_count(1 + len(ROLES))
        every_page_fits(page, shot("poll-split"))
    facilitator_act(server, action="unsplit")
    answer(server, phones, "handoffs-words", 60, lambda n: {"text": cloud_words(n)})
    for page in projectors:
        expect(page.locator("#results .cloud li").first).to_be_attached()
        every_page_fits(page, shot("cloud"))
    facilitator_act(server, action="split")
    for page in projectors:
        every_page_fits(page, shot("cloud-split"))
        # Split, each group's cloud still sizes its words by count: its commonest word is the largest.
        sizes = page.evaluate("""[...document.querySelectorAll('.split-clouds .cloud')].filter((c) => c.getClientRects().length)
            .map((c) => [...c.querySelectorAll('li')].map((li) => parseFloat(getComputedStyle(li).fontSize)))""")
        assert sizes and all(cloud[0] == max(cloud) and cloud[0] > min(cloud) for cloud in sizes if len(set(cloud)) > 1), sizes
        assert any(len(set(cloud)) > 1 for cloud in sizes), sizes
    facilitator_act(server, action="unsplit")


def test_the_join_panel_shrinks_once_the_room_has_joined_and_the_console_shows_the_projector(browser, room, projectors):
    server, _ = room
    page = projectors[0]
    facilitator_act(server, action="open", activity="handoffs-confidence")
    expect(page.locator("body")).to_have_class("projector joined")
    strip = page.locator(".join").bounding_box()
    assert strip["height"] < 0.2 * 720 and strip["width"] > 0.9 * 1280  # a strip along the bottom
    console = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    console.goto(f"{server.base}/f/?token={server.token}")
    preview = console.frame_locator("#preview")
    expect(preview.locator("#activity-title")).to_have_text("How sure are you?")
    expect(preview.locator("#join-code")).to_have_text(server.code)
    console.context.close()


def test_both_surveys_results_fit_every_projector(room, projectors):
    """The confidence tables of the pre and the post survey: a statement of 110 characters in
    a third of the width was once one row taller than the stage, cut off at 1280x720."""
    from tension_points.course.forms import load_forms

    statements = [s["id"] for s in load_forms().self_assessment]
    server, phones = room
    for activity, shift in (("opening-welcome", 0), ("closing-last-word", 2)):
        answer(server, phones, activity, 15, lambda n: {"answers": {"confidence": {s: 1 + (n + shift) % 5 for s in statements}}})
        for page in projectors:
            expect(page.locator("#results .survey-results tbody tr")).to_have_count(len(statements))
            every_page_fits(page, shot(f"survey-{activity}"))


def test_every_activity_of_the_kits_course_fits_the_projector_when_it_opens(browser, tmp_path):
    """Before any answer: the title, the prompt and the parts of each of the kit's activities
    fit 1280x720 in text of 32 px or more (a game's six parts under its prompt once ran off the
    bottom of the screen under the join strip); what does not fit is paged."""
    from tension_points.course import course_root, load_course
    from tension_points.room.catalogue import build_catalogue

    activities = list(build_catalogue(list(load_course(course_root()).modules)).activities.values())
    server = start_server(tmp_path / "room.sqlite", "--course", str(course_root()))
    try:
        page = browser.new_context(viewport=SIZES[0]).new_page()
        page.clock.install()
        page.goto(f"{server.base}/f/projector?token={server.token}")
        expect(page.locator("#connection")).to_have_text("Connected")
        paged = {}
        for activity in activities:
            facilitator_act(server, action="open", activity=activity.id)
            expect(page.locator("#activity-title")).to_have_text(activity.title)
            # A game draws its stage from a fetch of its own; the pages are cut again on the next
            # frame, which the test's clock gives only when it runs: check once the stage is there.
            expect(page.locator("#kind-stage:not([hidden]):empty")).to_have_count(0)
            paged[activity.id] = every_page_fits(page, shot(f"open-{activity.id}"))
            if activity.id == "cross-training-opening-question":  # its format starts with its kind: said once
                expect(page.locator("#activity-meta")).to_have_text(re.compile(r"^Word cloud, then pairs · \d+ min$"))
        assert paged["cross-training-wizard-of-oz"] >= 2, paged  # its parts did not fit at once: paged
        page.context.close()
    finally:
        stop_server(server)


PAGE_FILL = """() => {
  const area = document.getElementById("area").getBoundingClientRect();
  const items = [...document.querySelectorAll("[data-on-page]")].filter((e) => e.getClientRects().length);
  const boxes = items.map((e) => e.getBoundingClientRect());
  const bottom = Math.max(...boxes.map((r) => r.bottom));
  const wall = document.querySelector("#results .wall");
  const gap = wall ? parseFloat(getComputedStyle(wall).rowGap) : 0;
  const last = items[items.length - 1];
  return {page: Number(document.body.dataset.page), pages: Number(document.body.dataset.pages),
          areaHeight: area.height, free: area.bottom - bottom, used: (bottom - area.top) / area.height, gap,
          endsWithHeading: Boolean(last && last.matches("h1, h2, h3, h4, h5, h6, .group-heading")),
          // A note's share of a page: its height and the gap under it, times the share of the width it takes.
          shares: boxes.map((r) => (r.height + gap) * Math.min(1, r.width / area.width + 0.02)),
          heights: boxes.map((r) => r.height)};
}"""


def each_page(page) -> list[dict]:
    """What each page holds, in page order, turning them by the test's clock."""
    page.clock.run_for(1000)
    count = page.evaluate(PAGE_FILL)["pages"]
    found = {}
    for _ in range(count * 4 + 8):
        seen = page.evaluate(PAGE_FILL)
        found.setdefault(seen["page"], seen)
        if len(found) == count:
            break
        page.clock.run_for(5_000)
    assert sorted(found) == list(range(1, count + 1))
    return [found[n] for n in sorted(found)]


@pytest.fixture
def hall_of_49(browser, tmp_path):
    """A room of its own (the module's room holds earlier tests' answers): 49 phones, both projectors."""
    server = start_server(tmp_path / "room.sqlite")
    phones = []
    with server.http() as client:
        for n in range(49):
            response = client.post("/join", json={"code": server.code, "role": ROLES[n % len(ROLES)], "team": f"Table {n // 6 + 1}"})
            phones.append(response.headers["set-cookie"].split(";")[0])
            client.cookies.clear()
    screens = []
    for size in SIZES:
        page = browser.new_context(viewport=size).new_page()
        page.clock.install()
        page.goto(f"{server.base}/f/projector?token={server.token}")
        expect(page.locator("#connection")).to_have_text("Connected")
        screens.append(page)
    yield (server, phones), screens
    for page in screens:
        page.context.close()
    stop_server(server)


def test_pages_are_packed_as_full_as_the_screen_allows(hall_of_49):
    """A hall's 49 notes once made 13 pages, one with a single note and the rest of the screen
    empty; a survey of 6 statements one row a page. Now every page but the last is at least half
    full, no note on a later page would have fitted in the room left at the bottom of an earlier
    one, the pages are no more than the notes' measured area needs when each page is half full,
    and no page ends with a heading."""
    (server, phones), projectors = hall_of_49
    answer(server, phones, "handoffs-wall", 49, lambda n: {"text": note(n)})
    for page in projectors:
        expect(page.locator("#results .wall > li")).to_have_count(49)
        pages = each_page(page)
        total = sum(sum(p["shares"]) for p in pages) / pages[0]["areaHeight"]  # the notes' area in screens
        print(f"wall of 49 at {page.viewport_size}: {len(pages)} pages, notes' area {total:.2f} screens")
        assert len(pages) <= math.ceil(total) + 1, (len(pages), total)  # within a page of what the area holds
        for n, shown in enumerate(pages[:-1]):
            assert shown["used"] >= 0.5, (n + 1, shown["used"])
            later = min(h for p in pages[n + 1:] for h in p["heights"])
            assert later + shown["gap"] > shown["free"], (n + 1, later, shown["free"])  # the smallest later note did not fit
    facilitator_act(server, action="split")
    for page in projectors:
        expect(page.locator("#results .split-wall")).to_have_count(1)
        pages = each_page(page)
        print(f"wall of 49 split by role at {page.viewport_size}: {len(pages)} pages")
        assert not any(p["endsWithHeading"] for p in pages[:-1])
        assert all(p["used"] >= 0.5 for p in pages[:-1]), [round(p["used"], 2) for p in pages]
    facilitator_act(server, action="unsplit")

    from tension_points.course.forms import load_forms

    statements = [s["id"] for s in load_forms().self_assessment]
    assert len(statements) == 6
    answer(server, phones, "opening-welcome", 15, lambda n: {"answers": {"confidence": {s: 1 + n % 5 for s in statements}}})
    for page in projectors:
        expect(page.locator("#results .survey-results tbody tr")).to_have_count(6)
        pages = each_page(page)
        print(f"survey of 6 at {page.viewport_size}: {len(pages)} pages")
        assert len(pages) <= 2 and all(p["used"] >= 0.5 for p in pages[:-1]), [round(p["used"], 2) for p in pages]
    answer(server, phones, "closing-last-word", 15, lambda n: {"answers": {"confidence": {s: 1 + (n + 2) % 5 for s in statements}}})
    for page in projectors:
        expect(page.locator("#results .survey-results tbody tr")).to_have_count(6)
        pages = each_page(page)
        print(f"post survey of 6 at {page.viewport_size}: {len(pages)} pages")
        assert len(pages) <= 3 and all(p["used"] >= 0.5 for p in pages[:-1]), [round(p["used"], 2) for p in pages]
