"""The built handbook's "What to print" tables, as a facilitator reads them the night before:
one per ready agenda on the preparation page, counted for 24 people by the same code as
``tension-points plan --people 24``, and the handouts page saying how each sheet is used."""

from __future__ import annotations

from pathlib import Path

import re

import pytest
from bs4 import BeautifulSoup

from tension_points.cli import main

from paths import REPO, normalise


def page(html_dir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def table_rows(table) -> list[list[str]]:
    """The cells as read, with the site's typographic apostrophes and quotes made plain (as in paths.normalise)."""
    return [[normalise(cell.get_text(" ", strip=True)) for cell in row.find_all(["th", "td"])]
            for row in table.select("tbody tr")]


def plan_rows(capsys, agenda: str, people: int) -> list[list[str]]:
    assert main(["plan", "--agenda", agenda, "--people", str(people), "--format", "md"]) == 0
    out = capsys.readouterr().out.split(f"## What to print for {people} people", 1)[1]
    return [[normalise(cell) for cell in line.strip().strip("|").split("|")]
            for line in out.splitlines() if line.startswith("|")][2:]


SIZES = (12, 18, 24, 30)


def plan_copies(capsys, agenda: str, people: int) -> dict[str, str]:
    """Each sheet's copies as `plan --people N` counts them, without the breakdown: "20"."""
    return {row[0]: row[4].split(" ")[0] for row in plan_rows(capsys, agenda, people)}


@pytest.mark.parametrize("agenda, title", [("taster", "A taster"), ("half-day", "Half day"), ("full-day", "Full day")])
def test_each_ready_agenda_has_its_print_table_matching_the_planner(html_dir, capsys, agenda, title):
    box = page(html_dir, "facilitator-guide/10-preparation").select_one(f".tp-print-list-{agenda}")
    assert box is not None, f"no print list for {agenda} on the preparation page"
    assert box.select_one(".rubric").get_text(strip=True) == f"{title}: what to print for 12 · 18 · 24 · 30 people"
    headers = [th.get_text(strip=True) for th in box.select("thead th")]
    assert headers == ["Sheet", "Used in", "How many", "Pages a copy", "Copies for 12 · 18 · 24 · 30 people"]
    rows = table_rows(box.select_one("table"))
    planned = plan_rows(capsys, agenda, 24)
    assert [row[:4] for row in rows] == [row[:4] for row in planned]
    # The last column: each room size's copies, as the planner counts them for that many people.
    for people in SIZES:
        copies = plan_copies(capsys, agenda, people)
        for row in rows:
            assert f"{people}: {copies[row[0]]}" in row[4], (row[0], people, row[4])


def test_the_half_day_table_shows_what_a_facilitator_prints_for_12_to_30(html_dir):
    box = page(html_dir, "facilitator-guide/10-preparation").select_one(".tp-print-list-half-day")
    rows = {row[0]: row[1:] for row in table_rows(box.select_one("table"))}
    assert rows["Wizard of Oz role cards"][3] == ("12: 15 (4 user's cards, 4 wizard's cards, 7 observer's cards) "
                                                  "18: 21 (6 user's cards, 6 wizard's cards, 9 observer's cards) "
                                                  "24: 27 (7 user's cards, 7 wizard's cards, 13 observer's cards) "
                                                  "30: 33 (9 user's cards, 9 wizard's cards, 15 observer's cards)")
    assert rows["Wizard of Oz item cards"] == ["Wizard of Oz: a person plays the model",
                                              "one set per table, for groups on paper", "11",
                                              "12: 3 18: 5 24: 6 30: 8"]
    assert rows["Action plan worksheet"][1:] == ["one each", '1: print the "Half day" section', "12: 14 18: 20 24: 26 30: 32"]
    assert rows["Surveys before and after"][2] == '2: print the "Half day" section'
    assert rows["The agenda's sheet for the lectern"][2:] == ["1", "12: 1 18: 1 24: 1 30: 1"]
    assert "Hand-off map" not in rows and "Reproducibility checklist" not in rows  # their modules are not in it


def test_the_full_day_table_counts_pair_sheets_and_the_lectern_sheets_pages(html_dir):
    box = page(html_dir, "facilitator-guide/10-preparation").select_one(".tp-print-list-full-day")
    rows = {row[0]: row[1:] for row in table_rows(box.select_one("table"))}
    for sheet in ("Hand-off map", "Ownership matrix", "Reproducibility checklist"):
        assert rows[sheet][3] == "12: 7 18: 10 24: 13 30: 16", sheet
    assert rows["The agenda's sheet for the lectern"][2] == "2"  # one landscape page per half day
    assert rows["Action plan worksheet"][2] == '2: print the "Full day" section'
    assert rows["The flawed sample project: README.md, requirements.txt and src/train.py"][3] == "12: 13 18: 19 24: 25 30: 31"


def test_plan_for_18_people_says_copies_pages_and_which_section(capsys):
    """What `plan --agenda full-day --people 18` prints in a terminal: the exact counts for 18."""
    assert main(["plan", "--agenda", "full-day", "--people", "18"]) == 0
    out = capsys.readouterr().out.split("What to print for 18 people", 1)[1]
    assert re.search(r"^\s+20  Surveys before and after\n(?:\s{10}.*\n)*?\s+pages a copy: 2: print the “Full day” section$",
                     out, re.M)
    assert re.search(r"^\s+1  The agenda's sheet for the lectern\n(?:\s{10}.*\n)*?\s+pages a copy: 2$", out, re.M)
    assert re.search(r"^\s+5  Wizard of Oz item cards\n(?:\s{10}.*\n)*?\s+pages a copy: 11$", out, re.M)
    assert re.search(r"^\s+10  Reproducibility checklist\n(?:\s{10}.*\n)*?\s+pages a copy: 3$", out, re.M)
    assert re.search(r"^\s+19  The flawed sample project", out, re.M)
    assert "18 + 2 spares" in out and "5 user's cards, 5 wizard's cards, 8 observer's cards + 1 spare" in out


def test_the_handouts_page_says_where_and_how_every_handout_is_used(html_dir):
    table = page(html_dir, "handouts/index").select_one("table.tp-print-uses")
    rows = {row[0]: row[1:] for row in table_rows(table)}
    titles = {(REPO / "handouts" / f).read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
              for f in ("sample-project.md", "handoff-map.md", "ownership-matrix.md", "reproducibility-checklist.md", "woz-role-cards.md",
                        "woz-item-cards.md", "woz-answer-key.md", "action-plan.md", "feedback-form.md", "surveys.md")}
    assert all(any(row == title or row.startswith(f"{title}: ") for row in rows) for title in titles), titles - set(rows)
    assert rows["Hand-off map"][:2] == ["Map the hand-offs around a model (Silos)", "one copy per pair, for pairs on paper"]
    assert rows["Reproducibility checklist"][1] == "one copy per pair, for pairs without a working install"


def test_the_printed_handbook_has_the_half_days_table(capsys):
    """The handbook PDF, read line by line as laid out: the half day's rows with their copies."""
    import subprocess

    from paths import HANDBOOK_PDF, require

    text = subprocess.run(["pdftotext", "-layout", str(require(HANDBOOK_PDF)), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\u2019", "'")
    section = text.split("Half day: what to print for 12 · 18 · 24 · 30 people", 1)[1].split("Full day: what to print", 1)[0]
    expected = plan_copies(capsys, "half-day", 12)
    # A row's first line as laid out: the title's first words (the rest wraps), then its 12 people's copies.
    for sheet, first in (("Wizard of Oz item cards", "Wizard of Oz item"), ("Action plan worksheet", "Action plan"),
                         ("Surveys before and after", "Surveys before and"), ("Feedback form", "Feedback form")):
        assert re.search(rf"^\s*{re.escape(first)}\s.*\s12: {expected[sheet]}\s*$", section, re.M), sheet
    assert re.search(r"^\s*Wizard of Oz item\s.*\s11\s+12: 3\s*$", section, re.M)
    assert re.search(r"^\s*Surveys before and\s.*\s2: print the\s+12: 14\s*$", section, re.M)
    assert "Hand-off map" not in section


def test_one_seating_rule_is_printed_at_the_day_start_the_print_list_and_the_script(html_dir):
    """Issue 22: the day start said tables of four, the print list counted Wizard of Oz groups of three
    rounded down, and the script said make groups of three. One rule now: a table is the group."""
    prep = normalise(page(html_dir, "facilitator-guide/10-preparation").get_text(" "))
    prep = " ".join(prep.split())
    rule = page(html_dir, "facilitator-guide/10-preparation").select_one(".tp-grouping-rule")
    assert rule is not None
    words = " ".join(normalise(rule.get_text(" ")).split())
    assert "A table is 4 people: divide the room by 4 and round up" in words
    assert "18 people: 5 tables (3 of 4 and 2 of 3)" in words and "24 people: 6 tables (6 of 4)" in words
    assert "the Wizard of Oz group (a user, a wizard and one or two observers)" in words
    assert "set the tables by the seating rule below" in prep
    assert "groups of four" not in prep and "rounded down" not in prep and "groups of three" not in prep
    script = " ".join(normalise(page(html_dir, "facilitator-guide/wizard-of-oz-script").get_text(" ")).split())
    assert "Make groups of three" not in script and "A table is a group" in script
    forum = " ".join(normalise(page(html_dir, "modules/05-cross-training").get_text(" ")).split())
    assert "Tables: each table designs its forum on a flip-chart sheet" in forum
