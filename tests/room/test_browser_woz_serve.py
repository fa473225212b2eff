"""``tension-points woz serve`` in Chromium, as a facilitator runs it with two groups on the
links it printed: a wizard's laptop at 1280x800 whose clock runs 45 s fast, a second wizard
tab that stops hearing from the server and answers an old question, a user who types a
script, a restart of the server on the same port with every screen left open, both rounds,
the logs and the debrief; then axe-core on the four screens mid-game."""

from __future__ import annotations

import time

from playwright.sync_api import expect

from browsing import needs_chromium
from room.test_browser_room import LAPTOP, PHONE, axe_violations
from room.test_browser_woz import NOTE, SKEW
from tension_points.woz.log import parse_time, read_log

pytestmark = needs_chromium
SHIPPED = "support-ticket-triage"  # its round 2 shows eight fields: the richest wizard's view shipped
ATTACK = '<script>window.pwned = 1</script><img src="nothing" onerror="window.pwned = 2">Which queue?'


def screen(context, url: str):
    page = context.new_page()
    page.goto(url)
    return page


def send(wizard, key: str) -> None:
    wizard.locator("body").press(key)  # number keys choose a label
    wizard.get_by_role("button", name="Send answer").click()


def test_two_groups_play_on_their_links_through_a_stale_tab_clock_skew_and_a_restart(woz_servers, tmp_path, browser):
    log = tmp_path / "day.jsonl"
    server = woz_servers(SHIPPED, log, "--port", "0", "--groups", "2", "--items", "2")
    port = server.origin.rsplit(":", 1)[1]
    laptop = browser.new_context(**LAPTOP)
    laptop.add_init_script(SKEW)
    wizard1 = screen(laptop, server.url("wizard", 1))
    assert abs(wizard1.evaluate("Date.now()") / 1000 - time.time() - 45) < 5, "the skew is in place"
    stale = screen(laptop, server.url("wizard", 1))  # the same laptop, a second tab
    user1 = screen(browser.new_context(**PHONE), server.url("user", 1))
    observer1 = screen(browser.new_context(**PHONE), server.url("observer", 1))
    desk = browser.new_context(**LAPTOP)  # the facilitator's: both groups' screens
    facilitator1, facilitator2 = screen(desk, server.url("facilitator", 1)), screen(desk, server.url("facilitator", 2))
    user2, wizard2 = screen(browser.new_context(**PHONE), server.url("user", 2)), screen(browser.new_context(**PHONE), server.url("wizard", 2))
    for page in (user1, user2):
        expect(page.locator("#status")).to_contain_text("Waiting for the facilitator to start round 1")
    assert all(url.startswith(server.origin) for url in (wizard1.url, user2.url)) and wizard1.url.endswith("/p/woz/game/1/wizard")

    facilitator1.get_by_role("button", name="Start round 1").click()
    user1.get_by_role("button", name="Ask").click()  # the item's usual request, prefilled
    for tab in (wizard1, stale):
        tab.locator("#question-text").get_by_text("Which queue does this go to?").wait_for()
    stale.route("**/api/wizard/state*", lambda route: route.abort())  # from now on this tab hears nothing
    wizard1.wait_for_timeout(1200)
    assert "OVER BUDGET" not in wizard1.locator("#timer").inner_text(), "the timer runs on the server's clock"
    send(wizard1, "2")
    user1.locator("#answers li").first.get_by_text("The product answered: bug", exact=False).wait_for()
    user1.get_by_label("Your question to the product").fill("And this one?")
    user1.get_by_role("button", name="Ask").click()
    wizard1.locator("#question-text").get_by_text("And this one?").wait_for()
    assert stale.locator("#question-text").inner_text() == "Which queue does this go to?", "the stale tab still shows t01"
    send(stale, "3")
    expect(stale.get_by_role("alert")).to_contain_text(
        "Not recorded: this answer was for round 1, item t01, but it has already been answered; "
        "the current question is round 1, item t02.")
    observer1.get_by_label(NOTE).fill("The wizard read the subject line twice")
    observer1.get_by_role("button", name="Add note").click()
    observer1.locator("#notes li").get_by_text("round 1, t02: ", exact=False).wait_for()

    facilitator2.get_by_role("button", name="Start round 1").click()
    user2.get_by_label("Your question to the product").fill(ATTACK)
    user2.get_by_role("button", name="Ask").click()
    wizard2.locator("#question-text").get_by_text(ATTACK).wait_for()
    send(wizard2, "1")
    user2.locator("#answers li").first.get_by_text("You asked: " + ATTACK).wait_for()
    for page in (user2, wizard2):
        assert page.evaluate("window.pwned") is None and page.locator("main script, main img").count() == 0

    # The server stops and comes back on the same port; every screen is left as it was.
    server = server.restart(port)
    stale.unroute("**/api/wizard/state*")
    stale.locator("#question-text").get_by_text("And this one?").wait_for(timeout=15000)  # caught up at last
    wizard1.locator("#question-text").get_by_text("And this one?").wait_for(timeout=15000)  # the question survived
    send(wizard1, "1")
    wizard1.get_by_role("button", name="Undo my last answer (t02: urgent)").click()
    wizard1.get_by_text("Took back your answer for item t02: answer it again.").wait_for()
    wizard1.locator("#question-text").get_by_text("And this one?").wait_for()
    send(wizard1, "1")
    expect(user1.locator("#status")).to_contain_text("Waiting for the facilitator to start round 2", timeout=10000)
    facilitator1.get_by_role("button", name="Start round 2").click()

    # Round 2 shows the wizard all eight fields, and the whole form fits the laptop's screen.
    user1.get_by_role("button", name="Ask").click()
    wizard1.locator("#question-text").get_by_text("Which queue does this go to?").wait_for()
    assert wizard1.locator("#fields dt").count() == 8
    for name in ("Send answer", "Undo my last answer (t02: urgent)"):
        box = wizard1.get_by_role("button", name=name).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800 and box["x"] + box["width"] <= 1280, (name, box)
        wizard1.wait_for_function(
            """name => [...document.querySelectorAll('button')].some(b => {
                if (b.textContent.trim() !== name) return false;
                const r = b.getBoundingClientRect();
                const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                return hit === b || b.contains(hit);
            })""", arg=name, timeout=5000)  # nothing covers it
    assert wizard1.evaluate("window.scrollY") == 0
    for key, label in (("3", "billing"), ("4", "how-to"), ("1", "urgent")):
        wizard1.locator("body").press(key)
        assert wizard1.get_by_label(label, exact=True).is_checked()
    wizard1.get_by_role("button", name="Send answer").click()
    wizard1.get_by_text("Sent: urgent for item t01.", exact=False).wait_for()

    code, output, _ = server.stop()
    assert code == 0
    logs = [tmp_path / "day-group-1.jsonl", tmp_path / "day-group-2.jsonl"]
    first = read_log(logs[0])
    kinds = [e["event"] for e in first]
    assert kinds.count("resume") == 1 and kinds.count("refused") == 1 and kinds.count("undo") == 1 and kinds[-1] == "pause"
    assert [(e["round"], e["item"], e["label"]) for e in first if e["event"] in ("answer", "undo")] == [
        (1, "t01", "bug"), (1, "t02", "urgent"), (1, "t02", "urgent"), (1, "t02", "urgent"), (2, "t01", "urgent")]
    refused = next(e for e in first if e["event"] == "refused")
    assert (refused["item"], refused["label"]) == ("t01", "billing"), "the log records what the stale tab really answered"
    for event in first:
        assert abs(parse_time(event["time"]).timestamp() - time.time()) < 600, "every time in the log is the server's"
    assert all(not e["over_budget"] for e in first if e["event"] == "answer")
    assert read_log(logs[1])[2]["text"] == " ".join(ATTACK.split())
    assert f"Debrief: tension-points woz debrief {logs[0]} {logs[1]}" in output


def test_every_screen_mid_game_has_no_serious_accessibility_violation(woz_servers, fruit, tmp_path, browser):
    server = woz_servers(fruit, tmp_path / "a11y.jsonl", "--port", "0")
    server.release(1)
    context = browser.new_context(bypass_csp=True, **LAPTOP)  # axe goes in as an inline script
    user = screen(context, server.url("user"))
    user.get_by_role("button", name="Ask").click()
    found = []
    for role in ("user", "wizard", "observer", "facilitator"):
        page = user if role == "user" else screen(browser.new_context(bypass_csp=True, **LAPTOP), server.url(role))
        page.locator("h1").get_by_text("Is the banana ripe?").wait_for()
        found += [f"{role}: {v}" for v in axe_violations(page)]
    assert found == []
