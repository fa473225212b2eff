"""The planner's decisions a facilitator checks the night before (issue 22, "Run as printed"),
read from what ``tension-points plan`` prints (its JSON), for every length and the ready agendas."""

from __future__ import annotations

import json
import re

import pytest

from tension_points.cli import main

LENGTHS = tuple(range(90, 481, 30))
READY = ("taster", "half-day", "full-day")


def planned(capsys, *args: str) -> dict:
    code = main(["plan", *args, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def printed(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["plan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def every_agenda(capsys):
    for agenda in READY:
        yield f"--agenda {agenda}", planned(capsys, "--agenda", agenda)
    for minutes in LENGTHS:
        yield f"--minutes {minutes}", planned(capsys, "--minutes", str(minutes))
    for modules in ("silos", "reproducibility", "cross-training", "silos,cross-training"):
        for minutes in (180, 240, 300):
            code = main(["plan", "--minutes", str(minutes), "--modules", modules, "--format", "json"])
            out, _ = capsys.readouterr()
            if code == 0:
                yield f"--minutes {minutes} --modules {modules}", json.loads(out)


def cuts_by_number(agenda: dict) -> dict[int, dict]:
    return {cut["number"]: cut for block in agenda["late_plan"] for cut in block["cuts"]}


# --- Cuts on one segment are alternatives ---------------------------------------------------

def test_no_cell_of_the_late_plan_names_two_cuts_of_one_segment(capsys):
    """"Feedback in 5, not 6" and "Feedback on the way out" are two ways to cut one segment: you
    cannot do both, so no row's 5, 10 or 20 minutes late names both."""
    checked = 0
    for name, agenda in every_agenda(capsys):
        cuts = cuts_by_number(agenda)
        for item in agenda["items"]:
            for late, cell in item.get("late", {}).items():
                segments = [cuts[n]["segment"] for n in cell["cuts"] if cuts[n]["segment"] is not None]
                assert len(segments) == len(set(segments)), (name, item["clock"], item["title"], late, cell["cuts"])
                checked += 1
    assert checked > 500


def test_the_half_days_feedback_ten_late_goes_out_whole(capsys):
    """At the feedback (12:15), 10 minutes behind: spend the buffer, then the feedback form on the
    way out, whole: 6 + 6 minutes back, and no shortening of the same feedback as well."""
    agenda = planned(capsys, "--agenda", "half-day")
    cuts = cuts_by_number(agenda)
    row = next(i for i in agenda["items"] if i.get("segment") == "closing-feedback")
    named = [cuts[n] for n in row["late"]["10"]["cuts"]]
    assert [(c["action"], c["segment"], c["saves"]) for c in named] == [
        ("spend-buffer", None, 6), ("after-the-end", "closing-feedback", 6)]


# --- The day's last buffer is booked once -----------------------------------------------------

def test_spending_the_days_last_buffer_says_what_it_was_for(capsys):
    """The post survey is answered in the last buffer when the room is on time; the late plan's
    first cut spends that buffer, and its words say so; no other buffer claims it."""
    for name in READY:
        agenda = planned(capsys, "--agenda", name)
        buffers = [c for c in cuts_by_number(agenda).values() if c["action"] == "spend-buffer"]
        last_buffer = agenda["items"][-1]
        assert last_buffer["kind"] == "buffer"
        last = [c for c in buffers if c["saves"] == last_buffer["minutes"] and "post survey" in c["text"]]
        assert len(last) == 1, (name, [c["text"] for c in buffers])
        assert last[0]["text"].startswith(f"Spend the buffer: {last_buffer['minutes']} min (the time a room on time "
                                          "gives the post survey")
        assert sum("post survey" in c["text"] for c in buffers) == 1
