"""Issue 22, "run as printed": what a facilitator running a ready agenda on paper reads.

The audit exercise's paper route (its steps, in the same minutes, and the handout the audit
itself makes at build time), and the forms each agenda prints, worded for what it runs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from paths import BUILD, PDF, REPO, normalise, require

from tension_points.course import load_course


def page(docname: str) -> BeautifulSoup:
    return BeautifulSoup(require(BUILD / "html" / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def words(node) -> str:
    return " ".join(normalise(node.get_text(" ")).split())


def audited(sample: str, workdir: Path) -> dict:
    """What a pair's laptop shows: the sample project copied, committed and audited (JSON)."""
    project = workdir / sample
    shutil.copytree(REPO / "exercises" / "sample-projects" / sample, project)
    env = {**os.environ, "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com", "GIT_COMMITTER_NAME": "A",
           "GIT_COMMITTER_EMAIL": "a@example.com", "GIT_CONFIG_GLOBAL": os.devnull}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "x"]):
        subprocess.run(command, cwd=project, env=env, check=True)
    out = subprocess.run([sys.executable, "-m", "tension_points", "audit", str(project), "--format", "json"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_each_audit_step_says_what_a_pair_on_paper_does_in_the_same_minutes():
    activity = page("modules/04-reproducibility").find(id="reproducibility-audit")
    steps = [words(li) for li in activity.select(".tp-activity-parts > li")]
    segment = load_course(REPO).segment("reproducibility-audit")
    assert len(steps) == len(segment.parts) == 4
    for step, part in zip(steps, segment.parts):
        assert step.startswith(f"{part.label} ({part.minutes} min")
    assert "On paper: read the printed audit report of the project" in steps[0]
    assert "On paper: fix two findings, one per role, by writing the change on the printed files" in steps[1]
    assert "On paper: tick on the checklist the items your two fixes now pass, then compare your fixes with the repaired twin's" in steps[2]
    assert "On paper" not in steps[3]  # the room's debrief is the same on both routes
    run_sheet = words(page("facilitator-guide/40-run-sheets").find(id="run-reproducibility-audit"))
    assert "On paper: read the printed audit report of the project" in run_sheet


def test_the_audit_on_paper_handout_is_the_audits_own_output(tmp_path):
    """Not typed by hand: the handout holds what the audit reports for the flawed project, and the
    comparison with the repaired twin, as a pair's laptop would show them."""
    flawed = audited("churn-model-flawed", tmp_path)
    handout = page("handouts/audit-on-paper")
    report = words(handout.select_one(".tp-audit-report"))
    assert f"Overall score: {flawed['score']['overall']}/100 ({flawed['files_inspected']} files inspected)" in report
    failing = {f["check"] for f in flawed["findings"]}
    shown = {m for m in re.findall(r"FAIL ([a-z0-9-]+)", report)}
    assert shown == failing and len(failing) >= 15
    for finding in flawed["findings"]:
        assert normalise(finding["message"]) in report, finding["check"]  # as the audit wrote it: no typographic changes
    assert "git rm -r --cached PATH" in report
    compared = handout.select_one(".tp-audit-compare").get_text()
    repaired = audited("churn-model-repaired", tmp_path)
    assert f"Overall: {flawed['score']['overall']} -> {repaired['score']['overall']}" in compared
    assert "Checks now failing (0): none" in compared
    assert "Files the repaired twin adds" in compared and "src/churn/train.py" in compared
    text = words(handout)
    assert "def main" in text or "random_state" in text  # the twin's training script, printed


def test_the_print_list_counts_the_audit_handout_per_pair_on_paper():
    prep = page("facilitator-guide/10-preparation").select_one(".tp-print-list-full-day")
    rows = {words(row.find_all(["td", "th"])[0]): [words(c) for c in row.find_all(["td", "th"])[1:]]
            for row in prep.select("tbody tr")}
    row = rows["The audit on paper: the report and the repaired twin"]
    assert row[1] == "one copy per pair, for pairs without a working install"
    assert row[3] == "12: 7 18: 10 24: 13 30: 16"


def test_the_half_days_action_plan_names_only_what_the_half_day_found():
    """The half day runs Cross-training, not Silos, Ownership or Reproducibility: its plan asks for a
    channel, not a bridge from Silos, and speaks of no owners or fixes; the full day's of all four."""
    sections = {words(s.find("h2")).rstrip("¶").strip(): words(s) for s in page("handouts/action-plan").select("section section")}
    half, full = sections["Half day"], sections["Full day"]
    assert "Start from your place on the pipeline and the channels you found during the workshop." in half
    assert "owners" not in half and "fixes" not in half and "Silos" not in half
    assert "(a channel from Cross-training)?" in half
    assert "Start from your place on the pipeline and the bridges, channels, owners and fixes you found" in full
    # The full day leaves out "One bridge across an accidental wall": the line names what it ran.
    assert "(the feedback you chose to start on your hand-off map in Silos or a channel from Cross-training)?" in full
    assert "a bridge from Silos" not in full and "a bridge from Silos" not in half
    assert 'the "One \u2026" line or lines you have most to say on (not every one)' in full


def test_the_surveys_at_the_door_ask_nothing_for_a_week_before_and_promise_no_rotation():
    surveys = words(page("handouts/surveys").select_one("article"))
    assert "laptop" not in surveys and "set-up commands" not in surveys
    assert "rotation" not in surveys
    evaluation = words(page("facilitator-guide/80-evaluation"))
    assert "Will you bring a laptop, and did the two set-up commands" in evaluation


def test_the_feedback_form_comes_before_the_sticky_notes_everywhere():
    closing = page("modules/06-closing").find(id="closing-feedback")
    steps = [words(li) for li in closing.select(".tp-activity-parts > li")]
    assert steps[0].startswith("Alone: the feedback form, handed out before this step") and "(4 min)" in steps[0]
    evaluation = words(page("facilitator-guide/80-evaluation"))
    assert "handed out before the closing module's plus/delta round" in evaluation


# --- The examples the paper routes start from (issue 22, fresh read, finding 1) ---------------


def exercise_steps_on_the_example():
    """Every exercise step of the course that works on the exercise's example, with its segment."""
    course = load_course(REPO)
    return [(segment, part) for module in course for segment in module.segments if segment.kind == "exercise"
            for part in segment.parts if "example" in part.label]


def example_file(segment_id: str) -> Path:
    """The example data file the exercise's notebook reads first (its first ``Path("data/...")``)."""
    source = (REPO / "exercises" / f"{segment_id}.md").read_text(encoding="utf-8")
    return REPO / "exercises" / re.search(r'Path\("(data/[^"]+\.yaml)"\)', source)[1]


def test_every_step_on_an_example_names_on_paper_a_printed_sheet_that_holds_it():
    """The class: a step that runs an exercise's example has a paper route naming a sheet of the
    print list that serves its segment, and that sheet prints the example's file as it is."""
    from tension_points.plan.printing import load_printing

    steps = exercise_steps_on_the_example()
    assert {s.id for s, _ in steps} >= {"silos-handoff-map", "ownership-matrix", "cross-training-rotation"}
    sheets = load_printing().sheets
    for segment, part in steps:
        assert part.paper, f"{segment.id}: '{part.label}' has no paper route"
        named = [sheet for sheet in sheets if sheet.title in part.paper and segment.id in sheet.segments]
        assert named, f"{segment.id}: the paper route names no printed sheet of its segment: {part.paper}"
        handout = page(Path(named[0].source[0]).with_suffix("").as_posix())
        # Plain text, in black and white, as the notebook prints the file (no syntax colours).
        printed = "\n".join(block.get_text() for block in handout.select("div.highlight-text div.highlight pre"))
        assert printed.strip() == example_file(segment.id).read_text(encoding="utf-8").strip(), segment.id
        run_step = words(page("facilitator-guide/40-run-sheets").find(id=f"run-{segment.id}"))
        assert f"On paper: {part.paper}" in run_step


@pytest.mark.parametrize("segment_id, label", [
    ("silos-handoff-map", "silos-handoff-map-questions"),
    ("ownership-matrix", "ownership-matrix-gaps"),
    ("cross-training-rotation", "cross-training-rotation-questions"),
])
def test_an_example_sheet_asks_the_exercises_questions_and_shows_no_answer(segment_id, label):
    """The questions as the exercise page asks them; nothing of its solution or of the output the
    notebook prints after the example (the map's findings, the check, the plan)."""
    exercise = page(f"exercises/{segment_id}")
    asked = [words(li) for li in exercise.find(id=label).select("ol > li")]
    solution = exercise.select_one(f".solution")
    outputs = [words(o) for o in exercise.select(".cell_output")][1:]  # the first prints the example itself
    from tension_points.plan.printing import load_printing

    sheet = next(s for s in load_printing().sheets if segment_id in s.segments and "example" in s.title)
    handout = page(Path(sheet.source[0]).with_suffix("").as_posix())
    text = words(handout.select_one("article"))
    assert [words(li) for li in handout.select(".tp-exercise-questions ol > li")] == asked and len(asked) >= 3
    for line in (words(li) for li in solution.select("li")):
        assert line[:60] not in text, line
    assert "Solution" not in text
    for output in outputs:
        for piece in re.split(r"(?<=[.:])\s", output):
            if len(piece) > 30:
                assert piece not in text, piece


def test_the_full_days_print_list_has_the_example_sheets_for_pairs_on_paper():
    prep = page("facilitator-guide/10-preparation").select_one(".tp-print-list-full-day")
    rows = {words(row.find_all(["td", "th"])[0]): [words(c) for c in row.find_all(["td", "th"])[1:]]
            for row in prep.select("tbody tr")}
    assert rows["Hand-off map: the example and its questions"][1:] == [
        "one copy per pair, for pairs on paper", "1", "12: 7 18: 10 24: 13 30: 16"]
    assert rows["Ownership matrix: the example and its questions"][1:] == [
        "one copy per pair, for pairs or threes on paper", "1", "12: 7 18: 10 24: 13 30: 16"]
    assert "Shadowing rotation: the example and its questions" not in rows  # the full day leaves the rotation out


def test_the_printed_handbook_and_handouts_carry_the_example_sheets():
    import subprocess

    def text(pdf):
        return " ".join(subprocess.run(["pdftotext", str(require(pdf)), "-"], capture_output=True, text=True,
                                       check=True).stdout.replace("\u2019", "'").split())

    handbook = text(PDF / "tension-points-facilitator-handbook.pdf")
    full = handbook.split("Full day: what to print", 1)[1].split("What to print", 1)[0]
    assert "Hand-off map: the example and its questions" in full
    assert "Ownership matrix: the example and its questions" in full
    assert ("On paper: read the example map on the handout Hand-off map: the example and its questions" in handbook)
    handouts = text(PDF / "tension-points-handouts.pdf")
    sheet = handouts.split("Hand-off map: the example and its questions", 2)[-1].split("Hand-off map Model or data product", 1)[0]
    assert "Using the example map:" in sheet and "nightly warehouse extract" in sheet
    assert "Solution" not in sheet and "which at-risk customers actually left" not in sheet


# --- Transitions that hold for each agenda (fresh read, finding 10) -------------------------


def test_a_teaching_step_says_what_comes_next_where_an_agenda_skips_the_next_step():
    """Where a ready agenda runs something other than the course's next step after a talk (a
    buffer, a break, another module), the run-sheet says what, from the agenda's plan."""
    from tension_points.plan.ready import load_ready_agendas

    course = load_course(REPO)
    order = [s.id for m in course for s in m.segments]
    sheets = page("facilitator-guide/40-run-sheets")
    checked = 0
    for ready in load_ready_agendas():
        agenda = ready.plan(list(course.modules))
        items = list(agenda.items)
        for n, item in enumerate(items):
            if item.segment is None or item.segment.talk is None:
                continue
            step = sheets.find(id=f"run-{item.segment.id}")
            line = step.select_one(".tp-run-step-next")
            following = order[order.index(item.segment.id) + 1] if item.segment.id != order[-1] else None
            nxt = items[n + 1] if n + 1 < len(items) else None
            if nxt is not None and nxt.segment is not None and nxt.segment.id == following:
                assert line is None or f"{ready.title}:" not in words(line)
                continue
            assert line is not None, (ready.id, item.segment.id)
            said = words(line).split(f"{ready.title}: ", 1)[1].split(" \u00b7 ")[0].rstrip(".")
            rest = [i for i in items[n + 1:] if not i.is_buffer]
            if not rest:
                assert "the end of the day" in said
            elif rest[0].segment is not None:
                assert normalise(f"\u201c{rest[0].segment.title}\u201d") in said, (ready.id, item.segment.id, said)
            else:
                assert said.endswith("lunch" if rest[0].kind == "lunch" else "the break"), said
            checked += 1
    assert checked >= 4
    rotation_talk = words(sheets.find(id="run-cross-training-moving-people"))
    assert "go to the key points" not in rotation_talk
    assert 'or on paper the sheet "Shadowing rotation: the example and its questions"' in rotation_talk
    assert "Next in the ready agendas: Half day: the 9-min buffer, then the break" in rotation_talk
    assert normalise("Full day: \u201cThe future the panel hoped for\u201d (Closing") in rotation_talk


def test_the_set_up_pages_paper_route_starts_each_example_exercise_from_its_sheet():
    table = page("exercises/setup").select_one("#no-laptop-the-paper-route table")
    rows = {words(row.find_all("td")[0]): words(row.find_all("td")[1]) for row in table.select("tbody tr")}
    assert rows["Exercise: map the hand-offs around a model"].startswith(
        "the Hand-off map: the example and its questions handout (the example and the questions, without the answers)")
    assert rows["Exercise: plan a cross-training rotation"].startswith("the Shadowing rotation: the example and its questions handout")
