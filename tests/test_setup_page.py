"""The Set up page (exercises/setup) in the site and the learner PDF: a tab per operating system
for each step (sphinx-design tabs, printed one after another), the failures with their fixes,
the paper route; the home page opens by audience, with a card grid."""

from __future__ import annotations

import os
import re

from bs4 import BeautifulSoup

from paths import COURSE_PDF, HTML, PDF, require

SYSTEMS = ["Linux", "macOS", "Windows"]
STEPS = ["Step 1: install", "Step 2: check", "Step 3: open the exercises"]


def page(docname: str) -> BeautifulSoup:
    return BeautifulSoup(require(HTML / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def test_each_step_has_a_tab_per_system_with_its_commands():
    setup = page("exercises/setup")
    tab_sets = setup.select("div.sd-tab-set")
    assert len(tab_sets) == len(STEPS) + 1  # and how to type plain `tension-points` (activating the environment)
    activate = tab_sets[-1].get_text()
    assert "source ~/tension-points/bin/activate" in activate and "Activate.ps1" in activate
    tab_sets = tab_sets[:len(STEPS)]
    for tab_set in tab_sets:
        assert [label.get_text(strip=True) for label in tab_set.select("label.sd-tab-label")] == SYSTEMS
        contents = [content.get_text() for content in tab_set.select("div.sd-tab-content")]
        assert "~/tension-points/bin/" in contents[0] and "~/tension-points/bin/" in contents[1]
        assert "$HOME\\tension-points\\Scripts\\" in contents[2]
    install = tab_sets[0].get_text()
    assert "python3 -m venv ~/tension-points" in install and "py -m venv $HOME\\tension-points" in install
    assert "[exercises]" in install
    assert "tension-points doctor" in tab_sets[1].get_text()
    assert "tension-points exercises" in tab_sets[2].get_text() and "jupyter lab" in tab_sets[2].get_text()


def test_the_page_says_what_to_do_when_it_fails_and_the_paper_route_for_every_exercise():
    setup = page("exercises/setup")
    failures = [dt.get_text(" ", strip=True) for dt in setup.select("dl dt")]
    assert len(failures) >= 4
    assert all(dd.get_text(strip=True) for dd in setup.select("dl dd"))
    paper = setup.select("table tbody tr")
    linked = {a["href"] for row in paper for a in row.select("td:first-child a")}
    exercises = {a["href"] for a in page("exercises/index").select("table tbody td a")}
    assert exercises - {"setup.html"} <= linked, "every exercise has a paper route"


def test_the_learner_pdf_prints_each_tab_under_its_system(pdf_text):
    text = pdf_text(COURSE_PDF)
    start = text.index("Set up: install the kit and open the exercises", text.index("Exercises"))
    section = text[text.index(STEPS[0], start):text.index("When it fails", start)]
    for step, following in zip(STEPS, STEPS[1:] + [None]):
        part = section[section.index(step):section.index(following) if following else None]
        positions = [part.index(system) for system in SYSTEMS]
        assert positions == sorted(positions), f"{step}: the systems in order"
        assert part.count("~/tension-points/bin/") >= 2 and "Scripts" in part
    assert "the Ownership matrix handout (in the handouts PDF)" in text


def test_the_home_page_opens_by_audience_not_with_the_sidebar_again():
    home = page("index")
    cards = home.select("div.sd-card.tp-audience")
    assert [card.select_one(".sd-card-title").get_text(strip=True) for card in cards] == ["Learn alone", "Run a workshop", "Print the handbook"]
    assert cards[0].select_one("a[href='exercises/setup.html']")
    assert home.select("article .toctree-wrapper li") == [], "the sidebar is not repeated in the page"


def test_the_laptop_questions_go_out_a_week_before_not_at_the_door(pdf_text):
    """Issue 22: the survey handed out at the door asked whether the set-up commands worked,
    a question for a week before. The set-up check is in the handbook, sent with the set-up page."""
    handouts = pdf_text(PDF / "tension-points-handouts.pdf")
    assert "did the two set-up commands" not in handouts and "No laptop: I will work on paper" not in handouts
    handbook = pdf_text(PDF / "tension-points-facilitator-handbook.pdf")
    assert "A week before the workshop, your laptop" in handbook or "The set-up check, a week before" in handbook
    assert "did the two set-up commands (the install, then tension-points doctor) work on it?" in handbook
    assert "No laptop: I will work on paper" in handbook
    assert re.search(r"send them the Set up: install the kit and open the exercises page and its two commands, to run a week before",
                     pdf_text(PDF / "tension-points-facilitator-handbook.pdf"))


def test_every_route_is_written_out_and_a_learner_alone_knows_where_to_report_a_problem():
    setup = page("exercises/setup")
    text = setup.get_text(" ", strip=True)
    assert "ADDRESS" not in text and "{address}" not in text, "no placeholder where an address belongs"
    assert "your facilitator hands out" not in text
    stuck = setup.select_one("section#stuck-or-found-a-problem")
    assert stuck is not None
    words = stuck.get_text(" ", strip=True)
    assert "tension-points doctor" in words and "tension-points --version" in words
    repository = os.environ.get("TP_REPOSITORY_URL", "")
    if repository:
        assert stuck.find("a", string="the kit's issue tracker")["href"].startswith(repository.rstrip("/"))
    else:  # a learner alone gets one sentence and something to do, not a placeholder repeated
        assert "tension-points exercises ~/tension-points-fresh" in words and "names no issue tracker" in words
        assert "issue tracker (" not in words and "ask whoever gave you the kit" not in text
        assert text.count("does not give the repository") == 1
    paper = setup.select_one("section#no-laptop-the-paper-route").get_text(" ", strip=True)
    assert "on your own, print it yourself" in paper and "ask your facilitator for it" not in paper


def test_the_home_card_for_learning_alone_says_how_to_install_once():
    card = page("index").select("div.sd-card.tp-audience")[0].get_text(" ", strip=True)
    assert card.lower().count("install") == 1, card
