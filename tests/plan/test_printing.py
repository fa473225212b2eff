"""What to print (``data/printing.yaml``): ``plan --people N`` as a facilitator reads it, the data
kept in step with the course's handouts and segments, and bad input (a room of 0, a broken file)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tension_points.cli import main
from tension_points.course import load_course
from tension_points.errors import UserError
from tension_points.plan import printing
from tension_points.plan.printing import check_against_course, load_printing

from plan.conftest import REPO

KIT_SEGMENTS = {segment.id for module in load_course(REPO).modules for segment in module.segments}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["plan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def print_rows(markdown: str, people: int) -> dict[str, list[str]]:
    """The Markdown print list's rows by sheet: Used in, How many, Pages a copy, Copies."""
    section = markdown.split(f"## What to print for {people} people", 1)[1]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] not in ("Sheet", "---"):
            rows[cells[0]] = cells[1:]
    return rows


def copies(rows: dict[str, list[str]]) -> dict[str, str]:
    return {sheet: cells[3] for sheet, cells in rows.items()}


def test_the_half_day_for_24_lists_only_what_its_segments_use(capsys):
    code, out, _ = run(capsys, "--agenda", "half-day", "--people", "24", "--format", "md")
    assert code == 0
    assert out.index("## What to print for 24 people") > out.index("| 12:30 |")  # after the agenda
    rows = print_rows(out, 24)
    assert copies(rows) == {
        "The agenda's sheet for the lectern": "1",
        "Surveys before and after": "26 (24 + 2 spares)",
        "Wizard of Oz role cards": "27 (6 user's cards, 6 wizard's cards, 12 observer's cards + 1 spare of each)",
        "Wizard of Oz item cards": "6",
        "Wizard of Oz answer key and scoring sheet": "6",
        "The facilitator's Wizard of Oz card": "1",
        "Action plan worksheet": "26 (24 + 2 spares)",
        "Feedback form": "26 (24 + 2 spares)",
    }
    assert rows["Surveys before and after"][0] == "Welcome: the panel and its people; Last word"
    assert rows["Wizard of Oz item cards"][1] == "one set per table, for groups on paper"


def test_the_full_day_for_7_counts_pairs_up_and_wizard_of_oz_groups_down(capsys):
    code, out, _ = run(capsys, "--agenda", "full-day", "--people", "7", "--format", "md")
    assert code == 0
    rows = print_rows(out, 7)
    got = copies(rows)
    # Seven people: four pairs (the odd one out gets a copy), two Wizard of Oz groups (a three and a four).
    assert got["Hand-off map"] == got["Ownership matrix"] == got["Reproducibility checklist"] == "5 (4 + 1 spare)"
    assert got["Wizard of Oz role cards"] == "10 (2 user's cards, 2 wizard's cards, 3 observer's cards + 1 spare of each)"
    assert got["Wizard of Oz item cards"] == got["Wizard of Oz answer key and scoring sheet"] == "2"
    assert got["The flawed sample project: README.md, requirements.txt and src/train.py"] == "8 (7 + 1 spare)"
    assert got["Action plan worksheet"] == "9 (7 + 2 spares)"
    assert rows["Reproducibility checklist"][1] == "one copy per pair, for pairs without a working install"


def test_the_same_agenda_for_a_smaller_room_and_the_taster_without_topic_sheets(capsys):
    _, out, _ = run(capsys, "--agenda", "half-day", "--people", "10", "--format", "md")
    got = copies(print_rows(out, 10))
    assert got["Wizard of Oz role cards"] == "13 (3 user's cards, 3 wizard's cards, 4 observer's cards + 1 spare of each)"
    assert got["Wizard of Oz item cards"] == "3"
    assert "Hand-off map" not in got  # Silos is not in the half day
    _, out, _ = run(capsys, "--agenda", "taster", "--people", "10", "--format", "md")
    assert set(copies(print_rows(out, 10))) == {"The agenda's sheet for the lectern", "Surveys before and after",
                                                  "Action plan worksheet", "Feedback form"}, "the taster runs no topic module"


def test_the_terminal_list_puts_the_copies_first_and_fits_a_terminal(capsys):
    code, out, _ = run(capsys, "--agenda", "half-day", "--people", "24")
    assert code == 0
    section = out.split("What to print for 24 people", 1)[1]
    assert re.search(r"^\s+27  Wizard of Oz role cards$", section, re.M)
    assert re.search(r"^\s+6 user's cards, 6 wizard's cards, 12 observer's cards \+ 1 spare$", section, re.M)
    assert max(len(line) for line in section.splitlines() if not line.startswith("Copies for")) <= 80


def test_json_and_html_carry_the_same_counts(capsys):
    _, out, _ = run(capsys, "--agenda", "full-day", "--people", "24", "--format", "json")
    data = json.loads(out)["print"]
    assert data["people"] == 24
    by_id = {sheet["id"]: sheet for sheet in data["sheets"]}
    assert (by_id["handoff-map"]["need"], by_id["handoff-map"]["spares"], by_id["handoff-map"]["copies"]) == (12, 1, 13)
    assert by_id["woz-role-cards"]["cards"] == {"user's card": 6, "wizard's card": 6, "observer's card": 12}
    assert by_id["handoff-map"]["used_in"] == ["Map the hand-offs around a model"]
    _, html, _ = run(capsys, "--agenda", "full-day", "--people", "24", "--format", "html")
    section = html.split('<section class="printing">', 1)[1]
    assert "<h2>What to print for 24 people</h2>" in section
    assert '<th scope="row">Hand-off map</th><td>Map the hand-offs around a model</td>' in section
    assert "<td>13 (12 + 1 spare)</td>" in section


def test_without_people_the_agenda_prints_no_list(capsys):
    _, out, _ = run(capsys, "--agenda", "half-day", "--format", "md")
    assert "What to print" not in out
    _, out, _ = run(capsys, "--agenda", "half-day", "--format", "json")
    assert "print" not in json.loads(out)


@pytest.mark.parametrize("value", ["0", "-3", "twelve", "2.5"])
def test_a_room_of_no_one_is_one_clear_message_and_exit_2(capsys, value):
    code, out, err = run(capsys, "--agenda", "half-day", "--people", value)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"tension-points: error: --people: ") and "is not a number of people" in err


GOOD = (REPO / "src/tension_points/data/printing.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("broken, says", [
    (GOOD.replace("    per: room\n", "    per: table\n", 1), "sheets[0].per: 'table' is not one of"),
    (GOOD.replace("    group: pairs\n", "    group: trios\n", 1), "sheets[3].group: no grouping 'trios' (groupings: pairs, tables)"),
    (GOOD.replace("  - id: handoff-map\n", "  - id: surveys\n", 1), "sheets[5].id: duplicate sheet id 'surveys' (also sheets[1])"),
    (GOOD.replace("    spares: 2\n", "    spares: two\n", 1), "sheets[1].spares: 'two' is not of type 'integer'"),
    (GOOD.replace("sheets:\n", "sheets: [\n", 1), "invalid YAML"),
    (GOOD.replace("    every_agenda: true\n", "", 1),
     "sheets[0] (agenda-sheet): say when it is printed: segments (the segments it serves) or every_agenda: true"),
    (GOOD.replace("    every_agenda: true\n", "    every_agenda: true\n    segments: [opening-welcome]\n", 1),
     "sheets[0] (agenda-sheet): give segments (the segments it serves) or every_agenda: true, not both"),
    (GOOD.replace("    per: room\n", "    per: room\n    group: pairs\n", 1),
     "sheets[0] (agenda-sheet).group: a grouping goes with per: group, not per: room"),
    (GOOD.replace("    group: pairs\n", "", 1), "sheets[3].group: required field is missing"),
])
def test_a_malformed_data_file_is_one_clear_message_naming_it_and_exit_2(capsys, monkeypatch, tmp_path, broken, says):
    bad = tmp_path / "printing.yaml"
    bad.write_text(broken, encoding="utf-8")
    monkeypatch.setattr(printing, "PRINTING", bad)
    code, out, err = run(capsys, "--agenda", "half-day", "--people", "24")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"tension-points: error: {bad}:") and says in err


def test_every_handout_is_on_the_list_and_every_segment_it_names_exists():
    data = load_printing()
    check_against_course(data, KIT_SEGMENTS, REPO)  # raises on a gap
    handouts = {f"handouts/{p.name}" for p in (REPO / "handouts").glob("*.md") if p.name != "index.md"}
    assert handouts and handouts <= data.sources()
    assert data.segment_ids() <= KIT_SEGMENTS


def test_a_new_handout_the_data_does_not_list_is_an_error(tmp_path):
    shutil.copytree(REPO / "handouts", tmp_path / "handouts")
    for source in load_printing().sources():
        target = tmp_path / source
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copy(REPO / source, target)
    check_against_course(load_printing(), KIT_SEGMENTS, tmp_path)
    (tmp_path / "handouts" / "pipeline-stages.md").write_text("# Pipeline stages\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"handouts/pipeline-stages\.md is a handout, but no sheet prints from it"):
        check_against_course(load_printing(), KIT_SEGMENTS, tmp_path)


def test_a_segment_no_module_has_is_an_error(tmp_path):
    bad = tmp_path / "printing.yaml"
    bad.write_text(GOOD.replace("segments: [silos-handoff-map]", "segments: [silos-hand-off-map]"), encoding="utf-8")
    with pytest.raises(UserError) as error:
        check_against_course(load_printing(bad), KIT_SEGMENTS, REPO)
    assert str(error.value) == f"{bad}: sheets[4] (handoff-map-example): no segment 'silos-hand-off-map' in the course's modules"
