"""``tension-points plan`` on the command line: formats, start time, clear errors and exit codes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tension_points.cli import main

REPO = Path(__file__).resolve().parents[1]
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
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and re.match(r"\| \d\d:\d\d", line)]
    return [int(cells[-2]) for cells in (r.split("|") for r in rows) if cells[-2].strip()]


def test_text_agenda_with_clock_times_from_start(course, capsys):
    code, out, err = run(capsys, "--minutes", "210", "--start", "13:30", "--course", str(course))
    assert code == 0 and err == ""
    assert "13:30" in out and "17:00  " in out and "End" in out
    assert "Break" in out


def test_markdown_agenda_sums_to_the_requested_length(course, capsys):
    code, out, _ = run(capsys, "--minutes", "200", "--format", "md", "--course", str(course))
    assert code == 0
    assert out.startswith("# Workshop agenda")
    assert sum(minutes_column(out)) == 200


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
    code, out, _ = run(capsys, "--minutes", "150", "--modules", "ownership", "--format", "md", "-o", str(target), "--course", str(course))
    assert code == 0 and out == ""
    text = target.read_text()
    assert "Ownership" in text and "Silos" not in text.split("- Not asked for")[0]


def test_impossible_request_exits_non_zero_with_what_to_do(course, capsys):
    code, out, err = run(capsys, "--minutes", "120", "--modules", "silos,ownership", "--course", str(course))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "too short" in err and "needs at least" in err and "drop ownership" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["--minutes", "120", "--start", "25:00"], "start time '25:00'"),
        (["--minutes", "200", "--modules", "silos,nope"], "no topic module 'nope'"),
        (["--minutes", "-5"], "--minutes"),
    ],
)
def test_bad_input_is_one_clear_line(course, capsys, args, message):
    code, out, err = run(capsys, *args, "--course", str(course))
    assert code == 2 and message in err and "Traceback" not in err


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
