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
    assert "(a bridge from Silos or a channel from Cross-training)?" in full
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
