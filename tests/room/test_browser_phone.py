"""The phone at 375 px in a real hall: long words, URLs and 500 characters without a space never
push the page sideways or cover a button; text typed when an activity closes stays, read-only,
to copy; a refused entry goes back into the form to be put right and sent again. One server
and one browser for the whole file."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from browsing import needs_chromium
from room.room_fixtures import start_server, stop_server
from room.test_browser_room import PHONE

pytestmark = needs_chromium
LONG = "x" * 500
URL = "https://example.org/a/very/long/path/that/someone/pasted/into/the/answer?with=query&and=more&still=going#fragment"
WORDY = "Supercalifragilisticexpialidociousnessly"  # 40 letters, the longest word a cloud takes


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("phone") / "room.sqlite")
    yield server
    stop_server(server)


def phone(browser, server, **join):
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.base}/j/{server.code}")
    page.locator("input[name=role][value=ml-engineer]").check()
    for field, value in join.items():
        page.fill(f"#{field}", value)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/p/")
    expect(page.locator("#connection")).to_have_text("Connected")
    return page


def others_answer(server, activity: str, body, people: int = 2) -> None:
    """Other people of the room answer over HTTP: the privacy rule shows nothing of fewer than three."""
    with server.http() as client:
        for n in range(people):
            client.cookies.clear()
            assert client.post("/join", json={"code": server.code, "role": "data-scientist"}).status_code == 200
            response = client.post("/p/api/answer", json={"activity": activity, "key": f"{activity}-other-{n}-{id(client)}", **body(n)})
            assert response.status_code == 200, response.text


def assert_fits(page) -> None:
    """Nothing wider than the phone, and every button inside it."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    overflowing = page.evaluate("""[...document.querySelectorAll('button, a, input, textarea, select')]
        .filter((e) => e.offsetParent && e.getBoundingClientRect().right > 375.5).map((e) => e.outerHTML.slice(0, 80))""")
    assert overflowing == []


def test_long_words_urls_and_500_characters_without_a_space_never_push_the_page_sideways(browser, server, facilitator):
    page = phone(browser, server, nickname="N" * 40, team="T" * 30)
    assert_fits(page)
    facilitator(action="open", activity="handoffs-wall")
    expect(page.locator("#activity-title")).to_have_text("One-way hand-offs")  # not the last activity's form
    for text in (URL, LONG, f"Some words then {LONG[:200]} and more"):
        page.fill("#answer-text", text)
        page.get_by_role("button", name="Send").click()
    expect(page.locator("#my-answers li .sent")).to_have_count(3)
    assert_fits(page)
    others_answer(server, "handoffs-wall", lambda n: {"text": f"Short note {n}"})  # a wall shows three people or none
    facilitator(action="reveal")
    expect(page.locator("#results .wall > li")).to_have_count(5)
    assert_fits(page)
    expect(page.locator("#results .vote")).to_have_count(5)
    # Each +1 is inside the phone and on top: no text of a note lies over it.
    covered = page.evaluate("""[...document.querySelectorAll('#results .vote')].map((b) => {
        b.scrollIntoView({block: 'center'});
        const r = b.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return r.left >= 0 && r.right <= 375 && (top === b || b.contains(top));
    })""")
    assert covered == [True] * 5
    facilitator(action="open", activity="handoffs-words")
    expect(page.locator("#activity-title")).to_have_text("One word for the gap")  # not the last activity's form
    page.fill("#answer-text", f"{WORDY} {WORDY} {WORDY}")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#my-answers li .sent")).to_have_count(1)
    page.fill("#answer-text", "four words is too many")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#my-answers li.problem")).to_contain_text("at most 3 words")
    assert_fits(page)


def test_a_refused_entry_can_be_edited_and_sent_again(browser, server, facilitator):
    page = phone(browser, server)
    facilitator(action="open", activity="handoffs-words")
    expect(page.locator("#activity-title")).to_have_text("One word for the gap")  # not the last activity's form
    page.fill("#answer-text", "data quality and ownership")
    page.get_by_role("button", name="Send").click()
    refused = page.locator("#my-answers li.problem")
    expect(refused).to_contain_text("data quality and ownership ✗ at most 3 words")
    refused.get_by_role("button", name="Edit and send again: data quality and ownership").click()
    expect(page.locator("#answer-text")).to_have_value("data quality and ownership")
    expect(page.locator("#answer-text")).to_be_focused()
    expect(page.locator("#my-answers li.problem")).to_have_count(0)
    page.fill("#answer-text", "data ownership")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#my-answers")).to_contain_text("data ownership ✓ sent")
    page.fill("#answer-text", "one two three four")
    page.get_by_role("button", name="Send").click()
    page.locator("#my-answers li.problem").get_by_role("button", name="Remove: one two three four").click()
    expect(page.locator("#my-answers li.problem")).to_have_count(0)


def test_text_being_typed_when_the_activity_closes_stays_visible_and_copyable(browser, server, facilitator):
    page = phone(browser, server)
    facilitator(action="open", activity="handoffs-wall")
    # The earlier test left the word cloud open, whose form has a text box too: type into the wall's.
    expect(page.locator("#activity-title")).to_have_text("One-way hand-offs")
    page.fill("#answer-text", "Half a thought about the hand-off to ops that I had not sent")
    facilitator(action="close")
    expect(page.locator("#activity-phase")).to_have_text("Closed: no more answers.")
    kept = page.locator("#answer-text")
    expect(kept).to_have_value("Half a thought about the hand-off to ops that I had not sent")
    expect(kept).to_have_attribute("readonly", "")
    expect(page.locator("#kept-note")).to_contain_text("it was not sent")
    page.get_by_role("button", name="Copy my text").click()  # 127.0.0.1 is a secure context: the clipboard API
    expect(page.locator("#kept-status")).to_have_text("Copied.")
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")  # a phone on the room's plain HTTP has none
    page.get_by_role("button", name="Copy my text").click()
    expect(page.locator("#kept-status")).to_contain_text("selected")
    assert page.evaluate("document.activeElement.selectionEnd - document.activeElement.selectionStart") == len("Half a thought about the hand-off to ops that I had not sent")
    # Opened again, the draft is back in an editable form.
    facilitator(action="open", activity="handoffs-wall")
    expect(page.locator("#activity-title")).to_have_text("One-way hand-offs")  # not the last activity's form
    expect(page.locator("#answer-text")).to_have_value("Half a thought about the hand-off to ops that I had not sent")
    expect(page.locator("#answer-text")).not_to_have_attribute("readonly", "")

    # A survey half filled in is kept the same way: its text read-only, its choices as they were.
    facilitator(action="open", activity="opening-welcome")
    expect(page.locator("#activity-title")).to_have_text("Welcome")  # not the last activity's form
    page.locator("textarea").first.fill("I hope to learn how to hand a model over")
    page.locator("input[type=radio]").first.check()
    facilitator(action="close")
    expect(page.locator("#kept-note")).to_be_visible()
    expect(page.locator("textarea").first).to_have_value("I hope to learn how to hand a model over")
    expect(page.locator("input[type=radio]").first).to_be_checked()
    expect(page.locator("input[type=radio]").first).to_be_disabled()


def test_a_survey_table_with_too_few_answers_to_show_fits_the_phone(browser, server, facilitator):
    """One phone answers both surveys: every change reads "not shown: fewer than 3 answered
    both", which once squeezed the statements to a letter a line and made the page 463 px."""
    from tension_points.course.forms import load_forms

    page = phone(browser, server)
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
    statements = [s["id"] for s in load_forms().self_assessment]
    with server.http() as client:
        for activity, value in (("opening-welcome", 2), ("closing-last-word", 4)):
            facilitator(action="open", activity=activity)
            response = client.post("/p/api/answer", json={"activity": activity, "key": f"{activity}-only-one",
                                                           "answers": {"confidence": {s: value for s in statements}}}, headers={"cookie": cookie})
            assert response.status_code == 200, response.text
    # Two more people answer only the post survey: the survey is shown, but one pair before/after.
    others_answer(server, "closing-last-word", lambda n: {"answers": {"confidence": {s: 3 for s in statements}}})
    facilitator(action="reveal")
    expect(page.locator("#results .survey-results tbody tr").first).to_contain_text("not shown: fewer than 3 answered both")
    expect(page.locator("#results .survey-results tbody th").first).to_be_visible()
    assert_fits(page)
    # The statements and the figures read as lines, not a letter a line.
    statements = page.evaluate("[...document.querySelectorAll('#results .survey-results tbody th')].map((th) => th.getBoundingClientRect().width)")
    figures = page.evaluate("[...document.querySelectorAll('#results .survey-results td')].map((td) => td.getBoundingClientRect().width)")
    assert min(statements) >= 100 and min(figures) >= 50, (statements, figures)


def test_a_state_fetched_before_the_activity_closed_never_reopens_it_on_the_phone(browser, server, facilitator):
    """A phone fetches the whole state when the activity changes; on a slow network that reply
    can arrive after the event saying the activity closed. Drawn, it showed the closed activity
    as open, with an empty form, until the next event."""
    page = phone(browser, server)
    facilitator(action="open", activity="opening-welcome")
    expect(page.locator("#activity-title")).to_have_text("Welcome")
    held = []

    def hold(route):
        held.append((route, route.fetch()))  # the state as it is now, answered later

    page.route("**/p/api/state", hold, times=1)
    facilitator(action="open", activity="handoffs-wall")
    expect(page.locator("#activity-title")).to_have_text("One-way hand-offs")
    while not held:
        page.wait_for_timeout(50)
    facilitator(action="close")
    expect(page.locator("#activity-phase")).to_have_text("Closed: no more answers.")
    route, stale = held[0]
    route.fulfill(response=stale)
    page.wait_for_timeout(500)
    expect(page.locator("#activity-phase")).to_have_text("Closed: no more answers.")
    expect(page.locator("#answer-text")).to_have_count(0)


def test_a_choice_picked_and_not_sent_when_the_poll_closes_is_kept_and_said_not_sent(browser, server, facilitator):
    """A poll's choice picked but not sent vanished without a word when the facilitator closed
    the poll; a typed answer was kept. A picked choice now stays ticked, greyed, with the same
    note as typed text: it was not sent, and what was picked. A choice that was sent is not."""
    page = phone(browser, server)
    facilitator(action="open", activity="opening-whose-job")
    expect(page.locator("#activity-title")).to_have_text("Whose job is deployment?")
    page.get_by_label("An engineer").check()
    facilitator(action="close")
    expect(page.locator("#activity-phase")).to_have_text("Closed: no more answers.")
    note = page.locator("#kept-note")
    expect(note).to_have_text("Closed before you sent this: it was not sent. You picked: An engineer. It is shown below, not counted.")
    expect(note).to_be_in_viewport()
    expect(page.get_by_label("An engineer")).to_be_checked()
    expect(page.get_by_label("An engineer")).to_be_disabled()
    expect(page.get_by_role("button", name="Send")).to_have_count(0)
    expect(page.locator("#my-answers-box")).to_be_hidden()  # nothing was sent

    # A 1-5 scale the same way; its picked point is named with its end label.
    facilitator(action="open", activity="handoffs-confidence")
    expect(page.locator("#activity-title")).to_have_text("How sure are you?")
    page.get_by_label("5 completely").check()
    facilitator(action="close")
    expect(page.locator("#kept-note")).to_contain_text("it was not sent. You picked: 5 completely.")

    # Sent, then closed: the choice went, so nothing is called "not sent".
    facilitator(action="open", activity="opening-whose-job")
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    page.get_by_label("Both together").check()
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#my-answers li")).to_contain_text("Both together ✓ sent")
    facilitator(action="close")
    expect(page.locator("#activity-phase")).to_have_text("Closed: no more answers.")
    expect(page.locator("#kept-note")).to_have_count(0)
    expect(page.locator("#my-answers li")).to_contain_text("Both together ✓ sent")

    # Sent, then changed and not sent again: the change is what was not sent.
    facilitator(action="open", activity="opening-whose-job")
    expect(page.get_by_role("button", name="Send")).to_be_visible()
    page.get_by_label("The data scientist").check()
    facilitator(action="close")
    expect(page.locator("#kept-note")).to_contain_text("You picked: The data scientist.")


def test_a_wrong_join_code_is_said_by_the_code_box_and_fully_visible_on_a_small_phone(browser, server):
    """At 375x740 the wrong-code message sat below Join at the screen's foot, cut off. It is
    now under the code box, tied to it for screen readers, and wholly on the screen."""
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{server.base}/")
    page.fill("#code", "WRONG1")
    page.locator("input[name=role][value=ml-engineer]").check()
    page.fill("#nickname", "Sam")
    page.fill("#team", "Table 3")
    page.get_by_role("button", name="Join").click()
    message = page.locator("#code-error")
    expect(message).to_have_text("that is not this room's code; check the projector")
    expect(message).to_have_attribute("role", "alert")
    expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#code")).to_have_accessible_description("that is not this room's code; check the projector")
    expect(page.locator("#code")).to_be_focused()
    box = message.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 740 and box["x"] + box["width"] <= 375, box
    expect(message).to_be_in_viewport(ratio=1)
    # Right below the box it is about, not elsewhere on the page.
    code = page.locator("#code").bounding_box()
    assert 0 <= box["y"] - (code["y"] + code["height"]) < 40, (code, box)
    # The right code clears it and joins.
    page.fill("#code", server.code)
    page.get_by_role("button", name="Join").click()
    page.wait_for_url("**/p/")
