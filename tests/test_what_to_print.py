"""The built handbook's "What to print" tables, as a facilitator reads them the night before:
one per ready agenda on the preparation page, counted for 24 people by the same code as
``tension-points plan --people 24``, and the handouts page saying how each sheet is used."""

from __future__ import annotations

from pathlib import Path

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
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in out.splitlines() if line.startswith("|")][2:]


@pytest.mark.parametrize("agenda, title", [("taster", "A taster"), ("half-day", "Half day"), ("full-day", "Full day")])
def test_each_ready_agenda_has_its_print_table_matching_the_planner(html_dir, capsys, agenda, title):
    box = page(html_dir, "facilitator-guide/10-preparation").select_one(f".tp-print-list-{agenda}")
    assert box is not None, f"no print list for {agenda} on the preparation page"
    assert box.select_one(".rubric").get_text(strip=True) == f"{title}: what to print for 24 people"
    headers = [th.get_text(strip=True) for th in box.select("thead th")]
    assert headers == ["Sheet", "Used in", "How many", "Copies"]
    assert table_rows(box.select_one("table")) == plan_rows(capsys, agenda, 24)


def test_the_half_day_table_shows_what_a_facilitator_prints_for_24(html_dir):
    box = page(html_dir, "facilitator-guide/10-preparation").select_one(".tp-print-list-half-day")
    rows = {row[0]: row[1:] for row in table_rows(box.select_one("table"))}
    assert rows["Wizard of Oz role cards"][2] == "27 (8 user's cards, 8 wizard's cards, 8 observer's cards + 1 spare of each)"
    assert rows["Wizard of Oz item cards"] == ["Wizard of Oz: a person plays the model",
                                              "one set per Wizard of Oz group, for groups on paper", "8"]
    assert rows["Action plan worksheet"][2] == "26 (24 + 2 spares)"
    assert "Hand-off map" not in rows and "Reproducibility checklist" not in rows  # their modules are not in it


def test_the_full_day_table_counts_pair_sheets_for_24(html_dir):
    box = page(html_dir, "facilitator-guide/10-preparation").select_one(".tp-print-list-full-day")
    rows = {row[0]: row[1:] for row in table_rows(box.select_one("table"))}
    for sheet in ("Hand-off map", "Ownership matrix", "Reproducibility checklist"):
        assert rows[sheet][2] == "13 (12 + 1 spare)", sheet


def test_the_handouts_page_says_where_and_how_every_handout_is_used(html_dir):
    table = page(html_dir, "handouts/index").select_one("table.tp-print-uses")
    rows = {row[0]: row[1:] for row in table_rows(table)}
    titles = {(REPO / "handouts" / f).read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
              for f in ("handoff-map.md", "ownership-matrix.md", "reproducibility-checklist.md", "woz-role-cards.md",
                        "woz-item-cards.md", "woz-answer-key.md", "action-plan.md", "feedback-form.md", "surveys.md")}
    assert titles <= set(rows)
    assert rows["Hand-off map"][:2] == ["Map the hand-offs around a model (Silos)", "one copy per pair, for pairs on paper"]
    assert rows["Reproducibility checklist"][1] == "one copy per pair, for pairs without a working install"


def test_the_printed_handbook_has_the_half_days_table(capsys):
    """The handbook PDF, read line by line as laid out: the half day's rows with their copies."""
    import re
    import subprocess

    from paths import HANDBOOK_PDF, require

    text = subprocess.run(["pdftotext", "-layout", str(require(HANDBOOK_PDF)), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\u2019", "'")
    section = text.split("Half day: what to print for 24 people", 1)[1].split("Full day: what to print for 24 people", 1)[0]
    expected = {row[0]: row[3] for row in plan_rows(capsys, "half-day", 24)}
    for sheet in ("Wizard of Oz item cards", "Action plan worksheet", "Surveys before and after", "Feedback form"):
        assert re.search(rf"^\s*{re.escape(sheet)}\s.*\s{re.escape(expected[sheet])}\s*$", section, re.M), sheet
    assert "Hand-off map" not in section
