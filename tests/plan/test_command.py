"""``tension-points plan`` on the command line: formats, start time, clear errors and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tension_points.cli import main

REPO = Path(__file__).resolve().parents[2]
MODULE = """---
title: "{title}"
module:
  id: {id}
  kind: {kind}
  summary: A module for the tests.
  objectives: [{{id: one-thing, text: Do one thing.}}]
  key_points: [One point.]
  segments:
{segments}
---

Body.
"""


def write_module(folder: Path, name: str, kind: str, parts: list[tuple[str, int, int]]) -> None:
    lines = []
    for n, (k, preferred, lowest) in enumerate(parts):
        fmt = ", format: think-pair-share" if k == "discussion" else ""
        lines.append(f"    - {{id: {name.split('-', 1)[1]}-{n}, kind: {k}{fmt}, title: \"{name} part {n}\", minutes: {preferred}, min_minutes: {lowest}}}")
    (folder / "modules" / f"{name}.md").write_text(
        MODULE.format(title=name.title(), id=name.split("-", 1)[1], kind=kind, segments="\n".join(lines)), encoding="utf-8"
    )


@pytest.fixture
def course(tmp_path: Path) -> Path:
    (tmp_path / "modules").mkdir()
    write_module(tmp_path, "01-opening", "opening", [("teaching", 10, 5), ("discussion", 15, 10), ("teaching", 10, 5)])
    topic = [("teaching", 15, 10), ("discussion", 12, 10), ("exercise", 25, 15), ("discussion", 10, 8), ("teaching", 8, 5)]
    write_module(tmp_path, "02-silos", "topic", topic)
    write_module(tmp_path, "03-ownership", "topic", topic)
    write_module(tmp_path, "06-closing", "closing", [("exercise", 20, 10), ("discussion", 10, 8), ("teaching", 5, 3)])
    return tmp_path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["plan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def minutes_column(markdown: str) -> list[int]:
    """The Min column of the agenda's tables (Clock | Min | What | 5 late | 10 late | 20 late)."""
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and re.match(r"\| \d\d:\d\d", line)]
    return [int(cells[2]) for cells in (r.split("|") for r in rows) if cells[2].strip()]


def test_text_agenda_with_clock_times_from_start(course, capsys):
    code, out, err = run(capsys, "--minutes", "210", "--start", "13:30", "--course", str(course))
    assert code == 0 and err == ""
    assert "13:30" in out and "17:00" in out and "End" in out
    assert "Break" in out and "Buffer" in out


def test_markdown_agenda_sums_to_the_requested_length(course, capsys):
    code, out, _ = run(capsys, "--minutes", "200", "--format", "md", "--course", str(course))
    assert code == 0
    assert out.startswith("# Workshop agenda")
    assert sum(minutes_column(out)) == 200


@pytest.mark.parametrize("fmt, shows", [
    ("text", "Before the break at"), ("md", "in this order:"), ("html", "Running late: cut in this order"),
    ("json", '"late_plan"'),
])
def test_every_format_shows_the_late_plan(course, capsys, fmt, shows):
    code, out, _ = run(capsys, "--minutes", "200", "--format", fmt, "--course", str(course))
    assert code == 0 and shows in out
    assert "Spend the buffer" in out


def test_json_is_the_agenda_as_data(course, capsys):
    code, out, _ = run(capsys, "--minutes", "200", "--start", "10:00", "--format", "json", "--course", str(course))
    data = json.loads(out)
    assert data["start"] == "10:00" and data["end"] == "13:20"
    assert sum(item["minutes"] for item in data["items"]) == 200
    segments = [item for item in data["items"] if item["segment"]]
    assert segments and all(set(item["late"]) == {"5", "10", "20"} for item in segments)
    numbers = {cut["number"] for block in data["late_plan"] for cut in block["cuts"]}
    assert all(set(item["late"]["10"]["cuts"]) <= numbers for item in segments)


def test_breaks_and_lunch_last_exactly_what_was_asked(course, capsys):
    code, out, _ = run(capsys, "--minutes", "390", "--break", "10", "--lunch", "50", "--format", "json", "--course", str(course))
    assert code == 0
    data = json.loads(out)
    assert {item["minutes"] for item in data["items"] if item["kind"] == "pause"} == {10}
    assert [item["minutes"] for item in data["items"] if item["kind"] == "lunch"] == [50]


def test_html_is_one_self_contained_page(course, capsys):
    code, out, _ = run(capsys, "--minutes", "180", "--format", "html", "--course", str(course))
    assert code == 0
    assert out.startswith("<!DOCTYPE html>") and "</html>" in out
    assert "<table>" in out and "Break" in out
    assert not re.search(r"src=|<script|@import|url\(", out)
    # Its only links open the modules' presentations (tests/present/test_plan_links.py).
    assert all("/present/" in link for link in re.findall(r'href="([^"]*)"', out))


def test_modules_option_and_output_file(course, tmp_path, capsys):
    target = tmp_path / "agenda.md"
    code, out, _ = run(capsys, "--minutes", "200", "--modules", "ownership", "--format", "md", "-o", str(target), "--course", str(course))
    assert code == 0 and out == ""
    text = target.read_text()
    assert "Ownership" in text and "Silos" not in text.split("- Not asked for")[0]


def test_impossible_request_exits_non_zero_with_what_to_do(course, capsys):
    code, out, err = run(capsys, "--minutes", "120", "--modules", "silos,ownership", "--course", str(course))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "too short" in err and "needs at least" in err and "drop" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--minutes", "120", "--start", "25:00"], "--start '25:00': expected HH:MM"),
        (["--minutes", "480", "--lunch-at", "25:00"], "--lunch-at '25:00': expected HH:MM, e.g. 12:30"),
        (["--minutes", "480", "--lunch-at", "noon"], "--lunch-at 'noon': expected HH:MM, e.g. 12:30"),
        (["--minutes", "480", "--lunch-at", "08:30"], "--lunch-at 08:30 is outside the workshop, 09:00 to 17:00"),
        (["--minutes", "480", "--lunch-at", "17:00"], "--lunch-at 17:00 is outside the workshop, 09:00 to 17:00"),
        (["--minutes", "480", "--lunch", "0", "--lunch-at", "12:30"], "the lunch is 0 minutes long"),
        (["--minutes", "200", "--modules", "silos,nope"], "no topic module 'nope'"),
        (["--minutes", "-5"], "--minutes"),
    ],
)
def test_bad_input_is_one_clear_line(course, capsys, args, message):
    code, out, err = run(capsys, *args, "--course", str(course))
    assert code == 2 and message in err and "Traceback" not in err
    assert out == "" and err.count("\n") == 1


WHOLE_COURSE = ["--minutes", "480", "--modules", "silos,ownership,reproducibility,cross-training"]


def lunch_and_pauses(out: str) -> tuple[dict, list[int]]:
    items = json.loads(out)["items"]
    lunch = next(item for item in items if item["kind"] == "lunch")
    return lunch, [item["offset"] for item in items if item["kind"] in ("pause", "lunch")]


@pytest.mark.parametrize("asked", ["10:15", "11:45", "12:30", "13:30", "15:30"])
def test_lunch_at_takes_the_pause_nearest_that_time_never_inside_an_activity(capsys, asked):
    code, out, err = run(capsys, *WHOLE_COURSE, "--lunch-at", asked, "--format", "json", "--course", str(REPO))
    assert code == 0 and err == ""
    lunch, pauses = lunch_and_pauses(out)
    hours, minutes = map(int, asked.split(":"))
    wanted = hours * 60 + minutes - 9 * 60
    assert all(abs(lunch["offset"] - wanted) <= abs(other - wanted) for other in pauses), (lunch["clock"], pauses)
    items = json.loads(out)["items"]
    at = items.index(lunch)
    before = next(i for i in reversed(items[:at]) if i["segment"])
    after = next(i for i in items[at + 1:] if i["segment"])
    assert before["module"] != after["module"] or before["segment"] in PAUSE_AFTER, (before, after)
    note = next(n for n in json.loads(out)["notes"] if n.startswith("Lunch at"))
    assert note.startswith(f"Lunch at {lunch['clock']}") and (asked in note or lunch["clock"] == asked)


PAUSE_AFTER = {"silos-design-or-accident", "ownership-matrix", "ownership-agile-in-reverse", "reproducibility-audit",
               "cross-training-curiosity", "cross-training-wizard-of-oz"}


def test_lunch_at_moves_the_lunch_and_costs_no_minute_of_content(capsys):
    runs = {}
    for asked in ("11:30", "13:30"):
        code, out, _ = run(capsys, *WHOLE_COURSE, "--lunch-at", asked, "--format", "json", "--course", str(REPO))
        assert code == 0
        runs[asked] = json.loads(out)
    early, late = (lunch_and_pauses(json.dumps(runs[a]))[0]["clock"] for a in ("11:30", "13:30"))
    assert early < "12:00" < late
    minutes = {a: sorted((i["segment"], i["minutes"]) for i in d["items"] if i["segment"]) for a, d in runs.items()}
    assert minutes["11:30"] == minutes["13:30"]


def test_a_ready_agenda_takes_lunch_at_and_start_and_keeps_the_rest(capsys):
    code, out, err = run(capsys, "--agenda", "full-day", "--lunch-at", "13:30", "--format", "json", "--course", str(REPO))
    assert code == 0 and err == ""
    lunch, _ = lunch_and_pauses(out)
    assert "13:00" <= lunch["clock"] <= "14:00"
    assert f"Lunch at {lunch['clock']}" in out and ("the pause nearest 13:30" in out or lunch["clock"] == "13:30")
    code, _, err = run(capsys, "--agenda", "full-day", "--lunch", "60", "--course", str(REPO))
    assert code == 2 and "leave out --lunch" in err


def test_missing_course_folder(tmp_path, capsys):
    code, _, err = run(capsys, "--minutes", "90", "--course", str(tmp_path / "nowhere"))
    assert code == 2 and "folder not found" in err


def test_installed_command_runs_on_the_kit_itself():
    result = subprocess.run(
        [sys.executable, "-m", "tension_points", "plan", "--minutes", "390", "--format", "md"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert result.returncode in (0, 2), result.stderr
    if result.returncode == 0:
        assert sum(minutes_column(result.stdout)) == 390
    else:
        assert "too short" in result.stderr


@pytest.mark.parametrize("agenda", ["taster", "half-day", "full-day"])
def test_the_text_table_fits_a_terminal_a_long_minute_split_on_several_lines(capsys, agenda):
    code, out, _ = run(capsys, "--agenda", agenda, "--course", str(REPO))
    assert code == 0
    table = [line for line in out.splitlines() if re.match(r"(\d\d:\d\d|     ) ", line)]
    assert table and max(len(line) for line in table) <= 120
    if agenda == "half-day":
        assert "Wizard of Oz" in out  # its six steps: more than one line
        assert len([line for line in table if re.match(r" {14}\S.* \u00b7$", line)]) >= 1
