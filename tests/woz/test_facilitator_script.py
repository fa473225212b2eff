"""The Wizard of Oz script's figures and rules agree with the data they describe."""

from __future__ import annotations

import re
from pathlib import Path

from tension_points.course import load_course
from tension_points.plan.printing import load_printing
from tension_points.room.activities.woz import SEAT_ROLES
from tension_points.woz.pack import load_pack

REPO = Path(__file__).resolve().parents[2]
SCRIPT = (REPO / "facilitator-guide" / "wizard-of-oz-script.md").read_text(encoding="utf-8")


def woz_activity():
    return next(seg for module in load_course().modules for seg in module.segments if seg.id == "cross-training-wizard-of-oz")


def test_the_pace_per_item_comes_from_the_pack_and_the_rounds_minutes_not_from_typed_figures():
    activity = woz_activity()
    assert "```{woz-round-pace} cross-training-wizard-of-oz" in SCRIPT
    assert not re.search(r"\d+ seconds an item", SCRIPT), "the pace is the directive's, from the data"
    assert ":trimmed-items:" not in SCRIPT, "the items to play are derived from the rounds' minutes, not typed"
    assert ":ask-seconds:" not in SCRIPT, "the asking time is the activity's live.ask_seconds, read by every page that counts items"
    assert isinstance(activity.live.spec.get("ask_seconds"), int)


def test_the_richer_view_gets_at_least_the_minutes_of_the_minimal_one():
    """Round 2 shows the wizard more fields (the message, the account) than round 1: its part is
    not the shorter one, at the preferred length or trimmed to the shortest."""
    activity = woz_activity()
    pack = load_pack(activity.live.spec["pack"])
    assert len(pack.rounds[1]["view"]) > len(pack.rounds[0]["view"])
    for minutes in (activity.minutes, activity.min_minutes):
        one, two = (p.minutes for p in activity.parts_for(minutes) if p.label.startswith("Round"))
        assert two >= one, (minutes, one, two)


def test_the_pace_table_shows_seconds_an_item_for_each_length_and_item_count():
    from tension_points.sphinxext.woz import round_pace

    activity = woz_activity()
    pack = load_pack(activity.live.spec["pack"])
    made = round_pace(activity, pack, 10)
    play = made[1].astext()
    full, short = map(int, re.search(r"Items to play: (\d+) at full length \(\d+ min\), (\d+) shortened", play).groups())
    rows = [[entry.astext() for entry in row.children] for row in made[2].findall(lambda n: n.tagname == "row")][1:]
    assert [r[0] for r in rows] == [f"{activity.minutes} min"] * 4 + [f"{activity.min_minutes} min"] * 2
    assert [r[3] for r in rows] == [str(len(pack.items))] * 2 + [str(full)] * 2 + [str(short)] * 2
    for row in rows:
        assert row[4] == f"{int(row[2].split()[0]) * 60 // int(row[3])} s"
    # The items played leave every round the asking time plus the budget for each item; one more would not fit.
    for row in rows[2:]:
        assert int(row[4].rstrip(" s")) >= 10 + pack.budget_seconds, row
    for minutes, played in ((activity.minutes, full), (activity.min_minutes, short)):
        rounds = [p.minutes * 60 for p in activity.parts_for(minutes) if p.label.startswith("Round")]
        assert played == len(pack.items) or min(rounds) < (played + 1) * (10 + pack.budget_seconds)


def test_the_script_page_says_how_many_items_to_play(html_dir):
    """Issue 22: 26 s an item against a 20 s budget, and no number to play; the page now gives it."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((html_dir / "facilitator-guide" / "wizard-of-oz-script.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(soup.select_one(".tp-woz-items-to-play").get_text(" ").split())
    activity = woz_activity()
    assert f"Items to play: 12 at full length ({activity.minutes} min), 10 shortened ({activity.min_minutes} min)." in text
    card = " ".join(soup.get_text(" ").split()).replace("\u2019", "'")
    assert "On paper: hand each table its user's cards and round 1 wizard's cards" in card
    assert "In the live room: set the items a round on the console, start the game" in card


def test_the_roles_rule_is_written_once_and_a_fourth_person_is_a_second_observer_everywhere():
    assert SEAT_ROLES == ("user", "wizard", "observer")
    assert "(woz-who-plays-which-role)=" in SCRIPT
    for path in [*REPO.glob("modules/*.md"), *REPO.glob("facilitator-guide/*.md"), *REPO.glob("handouts/*.md")]:
        text = " ".join(path.read_text(encoding="utf-8").split())
        assert not re.search(r"one set of three per group|seats exactly (these )?three", text), f"{path.name}: WoZ groups are of three or four"
        assert not re.search(r"(put|seat) a product (person|manager) in the wizard", text), f"{path.name}: the roles rule lives in the script"
    handout = (REPO / "handouts" / "woz-role-cards.md").read_text(encoding="utf-8")
    assert ":roles: user, wizard, observer" in handout
    for path in ("handouts/woz-role-cards.md", "facilitator-guide/wizard-of-oz-script.md"):
        text = " ".join((REPO / path).read_text(encoding="utf-8").split())
        assert "an observer's card for each other member" in text, f"{path}: role cards counted for groups of four"
    # The print counts (the handouts page, the preparation page, plan --people) come from the print data:
    # per Wizard of Oz group a user's and a wizard's card, an observer's card for everyone else.
    cards = next(s for s in load_printing().sheets if s.id == "woz-role-cards")
    assert cards.split.each_group == ("user's card", "wizard's card") and cards.split.rest == "observer's card"
    assert dict(cards.count(4).cards) == {"user's card": 1, "wizard's card": 1, "observer's card": 2}
