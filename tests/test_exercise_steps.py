"""An activity's steps ask for what its notebook holds.

A facilitator reads "answer its two questions" off the activity's box, the run-sheet or the
projector, and the notebook asks four: the room stops halfway, or finishes early and waits.
So wherever the built site counts an exercise's questions ("its four questions") or names
one ("question 2"), the count is the number of questions the exercise page asks (the
numbered items of its exercise boxes, all of them), and the question named exists.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from paths import REPO
from tension_points.course import load_course

COURSE = load_course(REPO)
ACTIVITIES = COURSE.activities()
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
COUNTED = re.compile(r"\b(\w+) questions\b", re.IGNORECASE)
NAMED = re.compile(r"\bquestions? ((?:\d+)(?:(?:, | and | to | or )\d+)*)", re.IGNORECASE)


def soup(html_dir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split()).replace("\u2019", "'")


def questions_asked(html_dir: Path, docname: str) -> int:
    """The numbered questions of every exercise box on an exercise page (the solutions are not counted)."""
    boxes = soup(html_dir, docname).select("div.exercise")
    return sum(len(box.find("ol").find_all("li", recursive=False)) for box in boxes if box.find("ol"))


def exercise_page(box) -> str | None:
    """The exercise page an activity's box sends people to, as a docname."""
    for link in box.select("a.reference.internal"):
        match = re.match(r"\.\./exercises/([a-z0-9-]+)\.html$", link.get("href", ""))
        if match:
            return f"exercises/{match.group(1)}"
    return None


def claims(text: str) -> tuple[list[int], list[int]]:
    """The question counts a text states ("its four questions") and the question numbers it names."""
    counts = [NUMBERS.get(word.lower(), int(word) if word.isdigit() else None) for word in COUNTED.findall(text)]
    named = [int(n) for group in NAMED.findall(text) for n in re.findall(r"\d+", group)]
    return [c for c in counts if c is not None], named


def places(html_dir: Path, segment) -> dict[str, str]:
    """Every place a facilitator or learner reads this activity's steps: its box, its run-sheet step."""
    module = COURSE.module_of(segment.id)
    found = {"the activity's box": text_of(soup(html_dir, module.docname).find(id=segment.id))}
    step = soup(html_dir, "facilitator-guide/40-run-sheets").find(id=f"run-{segment.id}")
    if step is not None:
        found["the run-sheet"] = text_of(step)
    return found


@pytest.mark.parametrize("segment", ACTIVITIES, ids=[s.id for s in ACTIVITIES])
def test_every_count_of_questions_matches_the_notebook(html_dir, segment):
    box = soup(html_dir, COURSE.module_of(segment.id).docname).find(id=segment.id)
    page = exercise_page(box)
    if page is None or not questions_asked(html_dir, page):
        pytest.skip(f"{segment.id} sends nobody to a notebook with questions")
    asked = questions_asked(html_dir, page)
    for where, text in places(html_dir, segment).items():
        counts, named = claims(text)
        assert all(c == asked for c in counts), f"{where} of {segment.id} counts {counts} questions; {page} asks {asked}"
        assert all(1 <= n <= asked for n in named), f"{where} of {segment.id} names question {named}; {page} asks {asked}"


@pytest.mark.parametrize("docname", ["exercises/setup"])
def test_the_paper_routes_name_questions_their_exercises_ask(html_dir, docname):
    for row in soup(html_dir, docname).select("table tbody tr"):
        link = row.find("a", href=re.compile(r"^[a-z0-9-]+\.html$"))
        if link is None:
            continue
        page = f"exercises/{link['href'][:-5]}"
        asked = questions_asked(html_dir, page)
        counts, named = claims(text_of(row))
        assert all(c == asked for c in counts) and all(1 <= n <= asked for n in named), (page, text_of(row), asked)


def test_the_claims_are_read_as_a_reader_would(html_dir):
    """The reading itself: counts in words or digits, single and listed question numbers."""
    assert claims("answer its two questions, then question 1 and questions 3 and 4") == ([2], [1, 3, 4])
    assert claims("Answer the 4 questions") == ([4], [])
    assert questions_asked(html_dir, "exercises/cross-training-rotation") == 4


# --- every part long enough to do ---------------------------------------------------------

# The kit's budgets (assumptions stated here, not measurements of rooms): a pair runs, reads
# and answers one notebook question in a minute and a half, plus a minute to start; it reads
# an audit report's findings at 150 words a minute, plus a minute to type the commands.
MINUTES_PER_QUESTION, MINUTES_TO_START = 1.5, 1
REPORT_WORDS_PER_MINUTE = 150
AUDIT_SEGMENT = "reproducibility-audit"


@pytest.mark.parametrize("segment", [s for s in ACTIVITIES if s.parts], ids=[s.id for s in ACTIVITIES if s.parts])
def test_a_part_that_asks_questions_has_time_for_each_even_when_trimmed(segment):
    for part in segment.parts_for(segment.min_minutes):
        counts, _ = claims(part.label)
        for count in counts:
            needed = MINUTES_TO_START + MINUTES_PER_QUESTION * count
            assert part.minutes >= needed, f"{segment.id} at {segment.min_minutes} minutes: '{part.label}' gets {part.minutes}"


def audit_report_to_read(tmp_path: Path) -> dict:
    """The flawed sample project's report (JSON: the stable form of what the text report prints),
    committed first as the exercise's step 1 does."""
    project = tmp_path / "churn"
    shutil.copytree(REPO / "exercises" / "sample-projects" / "churn-model-flawed", project)
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com",
           "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "Q3 report version"]):
        subprocess.run(command, cwd=project, env=env, check=True)
    report = tmp_path / "report.json"
    run = subprocess.run([sys.executable, "-m", "tension_points", "audit", str(project), "--format", "json",
                          "--output", str(report)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return json.loads(report.read_text(encoding="utf-8"))


def test_the_first_audit_part_gives_time_to_read_what_the_report_finds(tmp_path):
    """The first part reads each failed check and its findings against the critique list (the "why"
    and "fix" of each are read later, for the two findings a pair fixes)."""
    report = audit_report_to_read(tmp_path)
    failing = [check for group in report["groups"] for check in group["checks"] if check["status"] == "fail"]
    words = sum(len(f"FAIL {c['id']} ({c['severity']}) {c['question']}".split()) for c in failing)
    words += sum(len(f"{f['evidence'] or ''} {f['message']}".split()) for f in report["findings"])
    needed = math.ceil(MINUTES_TO_START + words / REPORT_WORDS_PER_MINUTE)
    segment = COURSE.segment(AUDIT_SEGMENT)
    first = segment.parts_for(segment.min_minutes)[0]
    assert "read each finding" in first.label
    assert first.minutes >= needed, (f"{len(failing)} failed checks, {len(report['findings'])} findings, {words} words "
                                     f"to read need {needed} minutes; the part gives {first.minutes}")
