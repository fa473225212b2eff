"""The course directives and the tp domain, each on a tiny project: what the page shows,
what it links to, and the error a mistake gets."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-course"


def built(app) -> None:
    app.build()
    # Another test in the same process may have built with sphinx.application.Sphinx, which
    # leaves docutils' node registry filled: Sphinx then warns about its own nodes. Not ours.
    warnings = [line for line in app.warning.getvalue().splitlines() if line.strip() and "is already registered" not in line]
    assert not warnings, "\n".join(warnings)


def page(app, docname: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="course")
def test_an_activity_box_shows_its_prompt_and_steps_from_the_data(app):
    built(app)
    box = page(app, "modules/02-walls").select_one("#walls-sort")
    assert box.select_one(".admonition-title").get_text() == "Discussion: By design or by accident?"
    assert "Format: 1-2-4-All · 12 minutes (at least 9)" in box.get_text()
    assert box.select_one(".tp-activity-prompt strong").get_text(" ", strip=True) == "Which walls exist by design ?"
    steps = [li.get_text(strip=True) for li in box.select(".tp-activity-parts li")]
    assert steps == ["Alone (1 min)", "Pairs (2 min)", "Fours (4 min)", "Everyone (5 min)"]


@pytest.mark.sphinx("html", testroot="course")
def test_a_quote_cited_twice_on_a_page_gets_two_ids_chosen_when_the_cards_are_made(app):
    built(app)
    html = (Path(app.outdir) / "modules/02-walls.html").read_text(encoding="utf-8")
    ids = re.findall(r'id="(quote-one[^"]*)"', html)
    assert ids == ["quote-one", "quote-one-2"]


@pytest.mark.sphinx("html", testroot="course")
def test_activities_and_quotes_are_linkable_from_any_page(app):
    built(app)
    handbook = page(app, "handbook")
    links = {a.get_text(strip=True): a["href"] for a in handbook.select("a.reference.internal")}
    assert links["By design or by accident?"] == "modules/02-walls.html#walls-sort"
    assert any(href == "modules/02-walls.html#quote-one" for href in links.values())
    walls = page(app, "modules/02-walls")
    assert walls.find("a", string="Who is here?")["href"] == "01-opening.html#opening-round"


@pytest.mark.sphinx("html", testroot="course")
def test_the_run_sheet_shows_each_segments_length_and_its_clock_in_each_ready_agenda(app):
    """The tiny course fits the taster and the half day, not the full day (which has no column)."""
    built(app)
    handbook = page(app, "handbook")
    headers = [th.get_text(strip=True) for th in handbook.select("table.tp-run-sheet thead th")]
    assert headers == ["Segment", "Kind", "Length", "A taster", "Half day"]
    rows = [[c.get_text(" ", strip=True) for c in tr.select("td")] for tr in handbook.select("table.tp-run-sheet tbody tr")]
    assert rows[0][:3] == ["Why walls form", "teaching", "20 min (at least 15)"]
    assert re.fullmatch(r"\d\d:\d\d, 20 min", rows[0][3])
    assert rows[1][0] == "By design or by accident?" and handbook.select_one("table.tp-run-sheet tbody tr a")


@pytest.mark.sphinx("html", testroot="course")
def test_a_survey_is_placed_by_the_step_that_carries_it_with_its_minutes(app):
    built(app)
    handbook = page(app, "handbook")
    # The pre survey says when the room answers it (forms.yaml's "answered"): at the door, before the start.
    line = "Survey: \u201cBefore the workshop\u201d (pre survey) is answered as people arrive, before the start"
    assert line in handbook.select_one("#run-opening-welcome .tp-run-step-survey").get_text(" ", strip=True)
    places = [li.get_text(" ", strip=True) for li in handbook.select(".tp-survey-places li")]
    assert len(places) == 1 and places[0].startswith(
        "\u201cBefore the workshop\u201d (pre survey): Opening, step \u201cWelcome\u201d, minute 0\u201310 "
        "of the module; answered as people arrive, before the start")


@pytest.mark.sphinx("html", testroot="course")
def test_the_run_step_late_line_uses_each_agenda_sheets_numbers_not_the_module_alone(app):
    """A step the ready agendas run gives their sheets' numbers; the module-alone list, which does
    not apply inside an agenda, is only for a step no ready agenda runs."""
    built(app)
    handbook = page(app, "handbook")
    text = handbook.select_one("#run-opening-welcome .tp-run-step-late").get_text(" ", strip=True)
    assert text.startswith("Running late here. A taster (its sheet\u2019s list): 5 behind:"), text
    assert "Module run alone" not in text
    lines = [p.get_text(" ", strip=True) for p in handbook.select(".tp-run-step-late")]
    for line in lines:
        in_agenda = "(its sheet\u2019s list)" in line
        assert in_agenda != ("Module run alone (the list under its timeline): 5 behind:" in line), line


@pytest.mark.sphinx("html", testroot="course")
def test_the_schedule_gives_preferred_minutes_and_no_clock(app):
    built(app)
    table = page(app, "handbook").select("table.tp-schedule")[-1]
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Module / segment", "Kind", "Preferred minutes"]
    assert not re.search(r"\b\d\d:\d\d\b", table.get_text(" "))


@pytest.mark.sphinx("html", testroot="course")
def test_printed_agendas_name_no_command_line_option(app):
    built(app)
    text = page(app, "handbook").get_text(" ", strip=True)
    assert "The planner says" in text and "too short" in text
    assert "--minutes" not in text and "--modules" not in text
    # An activity trimmed to fit shows its steps at the length it runs, on a line of their own.
    steps = re.search(r"(\d+) By design or by accident\? Alone (\d+) · Pairs (\d+) · Fours (\d+) · Everyone (\d+)", text)
    assert steps, text
    minutes, *parts = map(int, steps.groups())
    assert minutes < 12 and sum(parts) == minutes


def copy_root(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(ROOT, target)
    return target


def test_an_unknown_quote_id_stops_the_build_naming_the_page(tmp_path):
    source = copy_root(tmp_path)
    page_file = source / "modules" / "03-closing.md"
    page_file.write_text(page_file.read_text().replace("{panel-quote} two", "{panel-quote} nobody"), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=source)
    try:
        app.build()
    finally:
        app.cleanup()
    warnings = app.warning.getvalue()
    assert "03-closing" in warnings and "unknown quote id 'nobody'" in warnings


def test_a_link_to_an_activity_that_does_not_exist_is_reported(tmp_path):
    source = copy_root(tmp_path)
    handbook = source / "handbook.md"
    handbook.write_text(handbook.read_text().replace("{tp:activity}`walls-sort`", "{tp:activity}`walls-nothing`"), encoding="utf-8")
    app = SphinxTestApp("html", srcdir=source, confoverrides={"nitpicky": True})
    try:
        app.build()
    finally:
        app.cleanup()
    assert "walls-nothing" in app.warning.getvalue()


@pytest.mark.sphinx("latex", testroot="course")
def test_the_activity_steps_reach_the_pdf_source(app):
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert "Everyone (5 min)" in tex and "Which walls exist" in tex


def build_with_walls_text(tmp_path: Path, text: str) -> tuple[SphinxTestApp, str]:
    """The tiny course with ``text`` added to the Walls page; the app (built) and its warnings."""
    source = copy_root(tmp_path)
    page_file = source / "modules" / "02-walls.md"
    page_file.write_text(page_file.read_text() + "\n" + text, encoding="utf-8")
    app = SphinxTestApp("html", srcdir=source, confoverrides={"myst_enable_extensions": ["colon_fence", "deflist"]})
    try:
        app.build()
    finally:
        app.cleanup()
    return app, app.warning.getvalue()


def test_an_on_screen_block_is_read_on_the_page_as_written(tmp_path):
    app, warnings = build_with_walls_text(
        tmp_path, ":::{on-screen}\n:terms:\n\nBy design\n: A rule puts the wall there.\n:::\n")
    assert [line for line in warnings.splitlines() if line.strip() and "is already registered" not in line] == []
    block = page(app, "modules/02-walls").select_one(".tp-on-screen")
    assert block is not None
    assert "By design" in block.get_text() and "A rule puts the wall there." in block.get_text()


@pytest.mark.parametrize(("text", "message"), [
    (":::{on-screen}\n:::\n", "an on-screen block needs the list, figure or lines the projector should show"),
    (":::{on-screen}\n:terms:\n\n- a list, not terms\n:::\n", ":terms: shows the terms of a definition list, and this block has none"),
], ids=["empty", "terms-without-a-definition-list"])
def test_an_on_screen_block_with_nothing_to_show_stops_the_build_naming_the_page(tmp_path, text, message):
    _, warnings = build_with_walls_text(tmp_path, text)
    assert "02-walls" in warnings and message in warnings
