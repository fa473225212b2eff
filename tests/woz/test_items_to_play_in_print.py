"""Issue 22 (a facilitator's reading of the printed kit): the number of Wizard of Oz items to play
was printed only in the script. It is computed once (the rounds' minutes, the pack's latency
budget and the activity's ``live.ask_seconds``) and now read where it is needed: the run-sheet
step, the lectern sheets' rows and late cuts, and the answer key's scoring sheet. The user's card
keeps verdicts from the wizard until the curtain, and the facilitator's card is whole on one page
of the handbook, as the print list counts it."""

from __future__ import annotations

import re
import subprocess

import pytest
from bs4 import BeautifulSoup

from tension_points.course import load_course
from tension_points.plan.printing import load_printing
from tension_points.room.activities.registry import KINDS
from tension_points.woz.pace import items_to_play
from tension_points.woz.pack import load_pack

from paths import HANDBOOK_PDF, PDF, normalise, require

WOZ = "cross-training-wizard-of-oz"


def counts() -> tuple[int, int, object]:
    """The items a round plays at full length and shortened, as the data gives them."""
    segment = load_course().segment(WOZ)
    pack = load_pack(segment.live.spec["pack"])
    ask = segment.live.spec["ask_seconds"]
    return items_to_play(segment, pack, segment.minutes, ask), items_to_play(segment, pack, segment.min_minutes, ask), segment


def soup(html_dir, docname: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def words(node) -> str:
    return normalise(node.get_text(" "))


def test_the_count_is_fewer_than_the_pack_so_printing_it_matters():
    full, short, segment = counts()
    pack = load_pack(segment.live.spec["pack"])
    assert short < full < len(pack.items)


def test_the_run_sheet_step_says_how_many_items_to_play(html_dir):
    full, short, segment = counts()
    step = soup(html_dir, "facilitator-guide/40-run-sheets").find(id=f"run-{WOZ}")
    line = words(step.select_one(".tp-activity-on-paper"))
    assert (f"Items to play, decided before round 1 (the same items in both rounds): {full} at full length "
            f"({segment.minutes} min), {short} shortened ({segment.min_minutes} min)") in line
    assert "first that many cards of each set" in line


@pytest.mark.parametrize("agenda", ["half-day", "full-day"])
def test_each_lectern_sheet_row_and_its_shortening_cut_carry_the_count(html_dir, agenda):
    full, short, segment = counts()
    sheet = soup(html_dir, "facilitator-guide/30-agendas").find(id=agenda).find_next(class_="tp-agenda-sheet")
    text = words(sheet)
    assert f"Report 3; {full} items a round" in text, "the WoZ row's step split ends with the count"
    cut = re.search(rf"“Wizard of Oz: a person plays the model” in {segment.min_minutes}, not {segment.minutes}: \d+ min \(([^)]*)\)",
                    sheet.get_text(" ").replace("\n", " "))
    assert cut is not None and normalise(cut.group(1)).endswith(f"{short} items a round"), cut


def test_the_plan_command_prints_the_count_on_the_row(capsys):
    from tension_points.cli import main

    full, short, _ = counts()
    assert main(["plan", "--agenda", "half-day"]) == 0
    out = capsys.readouterr().out
    assert f"Report 3; {full}\u00a0items a round" in out or f"Report 3; {full} items a round" in out
    assert f"{short}\u00a0items a round)" in out or f"{short} items a round)" in out


def test_the_answer_key_says_how_many_rows_to_score(html_dir):
    full, short, segment = counts()
    key = soup(html_dir, "handouts/woz-answer-key").select_one(".tp-woz-answer-key")
    assert (f"Items to play: {full} at full length ({segment.minutes} min), {short} shortened ({segment.min_minutes} min)."
            in words(key.select_one(".tp-woz-items-to-play")))
    last = [words(cell) for cell in key.select("table tr")[-1].find_all(["td", "th"])]
    assert last[0] == "Right" and last[-1] == f"__ of {full}, or {short} played"
    # The baseline's count over the rows played, from the rows marked yes (the report's 5 of 12, 4 of 10).
    marks = [words(row.find_all(["td", "th"])[2]) == "yes" for row in key.select("table tbody tr")[:-1]]
    assert last[2] == f"{sum(marks[:full])} of {full}, or {sum(marks[:short])} of {short}"
    assert "__ of 16" not in words(key)


def test_the_printed_kit_carries_the_count(pdf_text):
    full, short, segment = counts()
    handouts = pdf_text(PDF / "tension-points-handouts.pdf")
    assert f"Items to play: {full} at full length ({segment.minutes} min), {short} shortened ({segment.min_minutes} min)." in handouts
    handbook = pdf_text(HANDBOOK_PDF)
    assert f"{full} at full length ({segment.minutes} min), {short} shortened ({segment.min_minutes} min), of the pack's" in handbook
    assert f"{full} items a round" in handbook and f"{short} items a round" in handbook


def test_the_users_card_keeps_verdicts_from_the_wizard_until_the_curtain(html_dir):
    card = words(soup(html_dir, "handouts/woz-role-cards").find(id="woz-role-user"))
    assert "Say out loud" not in card
    assert "Note silently" in card and "say your verdicts only when the curtain opens" in card
    assert "say anything to the wizard but the question itself" in card


def test_no_woz_screen_asks_the_user_for_verdicts_aloud():
    """The live room's and woz serve's screens: nothing tells the user to give feedback aloud."""
    from importlib import resources

    room = resources.files("tension_points.room")
    for folder in ("templates/woz", "static/woz", "static/kinds"):
        for path in (room / folder).iterdir():
            if path.name.endswith((".html", ".js")):
                text = path.read_text(encoding="utf-8")
                assert not re.search(r"(?i)out loud|would have helped", text), path.name


def pdf_pages(pdf) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1])
    return [normalise(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True).stdout)
            for n in range(1, count + 1)]


def test_the_facilitators_card_is_as_many_pages_as_the_print_list_says():
    """The handbook page with the card's title holds its last line too: one page, as listed."""
    sheet = next(s for s in load_printing().sheets if s.id == "woz-facilitator-card")
    texts = pdf_pages(require(HANDBOOK_PDF))
    start = [n for n, t in enumerate(texts) if "Role card: The facilitator" in t]
    assert len(start) == 1
    end = [n for n, t in enumerate(texts) if "the log is kept and can be resumed" in t]
    assert len(end) == 1
    assert end[0] - start[0] + 1 == sheet.pages
