"""The web edition: every module has its page, and the schedule shows the metadata's sums."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from tension_points.course import load_course

REPO = Path(__file__).resolve().parents[1]
MODULES = load_course(REPO)


def page(html_dir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def test_every_module_has_a_page_with_its_title_objectives_and_key_points(html_dir):
    for module in MODULES:
        soup = page(html_dir, module.docname)
        assert soup.h1.get_text(strip=True).rstrip("¶#") == module.title
        objectives = soup.select_one(".tp-objectives").get_text(" ", strip=True)
        assert all(" ".join(o.text.split()[:4]) in objectives for o in module.objectives)
        assert soup.select_one(".tp-key-points") is not None


def test_every_activity_box_shows_the_minutes_from_the_metadata(html_dir):
    for module in MODULES:
        soup = page(html_dir, module.docname)
        for segment in module.segments:
            if segment.kind in ("discussion", "exercise"):
                box = soup.find(id=segment.id)
                assert box is not None, f"{module.docname}: no box for {segment.id}"
                assert f"{segment.minutes} minutes" in box.get_text(" ", strip=True)


def test_the_schedule_shows_each_module_and_segment_at_preferred_minutes_and_no_clock(html_dir):
    schedule = page(html_dir, "reference/schedule")
    headers = [cell.get_text(strip=True) for cell in schedule.select("table.tp-schedule thead th")]
    assert headers == ["Module / segment", "Kind", "Preferred minutes"]
    rows = [[cell.get_text(strip=True) for cell in row.find_all("td")] for row in schedule.select("table.tp-schedule tbody tr")]
    module_rows = [row for row in rows if row[1] == "module"]
    assert [row[0] for row in module_rows] == [m.title for m in MODULES]
    assert [int(row[2]) for row in module_rows] == [m.minutes for m in MODULES]
    segment_rows = [row for row in rows if row[1] not in ("module", "")]
    assert len(segment_rows) == sum(len(m.segments) for m in MODULES)
    assert rows[-1] == ["Whole course, no breaks", "", str(sum(m.minutes for m in MODULES))]
    # No clock times: the lectern sheets' are the only ones a facilitator holds.
    assert not re.search(r"\b\d{2}:\d{2}\b", schedule.select_one("table.tp-schedule").get_text(" "))


def test_facilitator_notes_are_in_the_page_marked_for_the_facilitator_view(html_dir):
    notes = page(html_dir, "modules/02-silos").select("aside.tp-facilitator-note")
    assert len(notes) >= 4
    assert all(note.get_text(strip=True).startswith("Facilitator note") for note in notes)


def test_exercise_notebooks_are_offered_as_ipynb(html_dir):
    link = page(html_dir, "exercises/silos-handoff-map").select_one(".tp-notebook-download a")
    target = (html_dir / "exercises" / link["href"]).resolve()
    assert target.suffix == ".ipynb" and target.exists()
    assert '"cells"' in target.read_text(encoding="utf-8")


def test_the_silos_exercise_ran_at_build_time_and_shows_its_findings(html_dir):
    text = page(html_dir, "exercises/silos-handoff-map").get_text(" ", strip=True)
    assert "Feedback (1): how a piece of received work fared, going back to its sender." in text
    assert "One-way hand-offs (4)" in text
    assert "Missing feedback loops (3)" in text
    assert "Problem with the hand-off map:" in text and "unknown team 'plattform'" in text
    assert "feedback on 'model notebook' goes back to the team that sent it" in text
