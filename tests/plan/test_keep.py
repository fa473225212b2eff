"""``plan --keep``: a facilitator keeps an optional segment the planner leaves out for time, by
its id or its title, and the rest of the day fits around it by the same rules; a name that is
no optional segment, or a keep that cannot fit, gets one line that says so (exit code 2)."""

from __future__ import annotations

import json
import re

import pytest

from plan.agenda_rules import broken_rules
from tension_points.cli import main
from tension_points.course import ModuleKind
from tension_points.plan.ready import ready_agenda


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["plan", *args])
    out, err = capsys.readouterr()
    return code, out, err


def left_out_line(text: str) -> str:
    return next(line for line in text.splitlines() if "Left out for time (optional)" in line)


def left_out_ids(text: str) -> list[str]:
    """The ids the notes name for the optional segments left out: "Title (id); Title (id)"."""
    return re.findall(r"\(([a-z0-9-]+)\)(?=;|\.)", left_out_line(text))


def what_column(text: str) -> list[str]:
    """The titles in the printed agenda's What column (rows with a clock and minutes)."""
    return [m.group(1).strip() for m in re.finditer(r"^\d\d:\d\d +\d+ {2}(.+?)(?: {2,}|$)", text, re.M)]


def test_the_full_days_notes_name_each_optional_segment_left_out_by_id_and_say_how_to_keep_it(capsys, kit_modules):
    code, out, err = run(capsys, "--agenda", "full-day")
    assert code == 0, err
    line = left_out_line(out)
    assert "--keep ID brings one back (repeat it for more) and fits the rest around it" in line
    dropped = ready_agenda("full-day").plan(kit_modules).dropped
    assert left_out_ids(out) == [s.id for s in dropped]
    for segment in dropped:
        assert f"{segment.title} ({segment.id})" in line


def test_every_optional_segment_the_full_day_leaves_out_can_be_kept_and_the_day_keeps_the_rules(capsys, kit_modules):
    ready = ready_agenda("full-day")
    dropped = ready.plan(kit_modules).dropped
    assert len(dropped) >= 3  # the introductions, "How to use this kit", the wrap-ups
    for segment in dropped:
        code, out, err = run(capsys, "--agenda", "full-day", "--keep", segment.id)
        assert code == 0, err
        assert segment.title in what_column(out)
        assert f"Kept as asked (optional): {segment.title} ({segment.id})" in out
        assert segment.id not in left_out_ids(out)
        assert out.splitlines()[0] == "Full day, 8 h, 09:00 to 17:00"  # the day's length and pauses as they were
        agenda = ready.plan(kit_modules, keep=[segment.id])
        assert broken_rules(agenda, 480, lunch_minutes=45, named=list(ready.modules)) == []
        assert segment in [item.segment for item in agenda.segment_items()]


def test_a_segment_is_kept_by_its_title_in_any_case_and_several_by_repeating_the_option(capsys):
    code, out, err = run(capsys, "--agenda", "full-day", "--keep", "how to use this KIT", "--keep", "opening-your-role",
                         "--format", "json")
    assert code == 0, err
    sheet = json.loads(out)
    titles = json.dumps(sheet)
    assert "How to use this kit" in titles and "What you expected, and what the job turned out to be" in titles
    assert any("Kept as asked (optional): What you expected, and what the job turned out to be (opening-your-role); "
               "How to use this kit (opening-using-the-kit); the rest fits around them by the same rules." in note for note in sheet["notes"])


def test_keeping_a_segment_of_a_module_the_planner_left_out_brings_its_module_in(capsys, kit_modules):
    code, out, err = run(capsys, "--minutes", "330")
    assert code == 0, err
    assert "— Silos:" not in out
    code, out, err = run(capsys, "--minutes", "330", "--keep", "silos-wrap-up")
    assert code == 0, err
    assert "— Silos:" in out
    assert "Wrap-up and key points" in what_column(out)
    assert "— Reproducibility:" in out  # and still a signature exercise, the audit
    from tension_points.plan.planner import plan
    agenda = plan(kit_modules, 330, keep=["silos-wrap-up"])
    topics = [m.id for m in agenda.modules if m.kind is ModuleKind.TOPIC]
    assert "silos" in topics
    assert broken_rules(agenda, 330, named=topics) == []


@pytest.mark.parametrize("keep", ["silos-one-bridge", "silos-wrap-up", "ownership-chief-debate", "ownership-wrap-up"])
def test_a_keep_never_costs_the_half_day_its_signature_exercise(capsys, keep):
    """A half day keeps the audit or the Wizard of Oz: a kept segment whose module leaves room
    for neither is refused in one line that says why, not planned without them."""
    code, out, err = run(capsys, "--agenda", "half-day", "--keep", keep)
    assert code == 2 and out == "", out[:300]
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"--keep: '{keep}'" in err
    assert ("then no signature exercise (\u201cAudit a project, fix it, audit again\u201d or "
            "\u201cWizard of Oz: a person plays the model\u201d) fits in 3 h 30 min") in err
    assert err.strip().endswith("Keep another segment, or name the modules yourself with --modules.")


def test_a_keep_that_leaves_room_for_a_signature_exercise_is_planned_with_one(capsys):
    code, out, err = run(capsys, "--agenda", "half-day", "--keep", "cross-training-wrap-up")
    assert code == 0, err
    assert "Wizard of Oz: a person plays the model" in what_column(out)
    assert "Wrap-up and key points" in what_column(out)


@pytest.mark.parametrize("args, words", [
    (["--agenda", "full-day", "--keep", "opening-icebreaker"],
     ["--keep: no optional segment 'opening-icebreaker', by id or title", "opening-using-the-kit (“How to use this kit”)"]),
    (["--agenda", "full-day", "--keep", "Wrap-up and key points"],
     ["--keep: 'Wrap-up and key points' is the title of 4 optional segments (silos-wrap-up, ownership-wrap-up, "
      "reproducibility-wrap-up, cross-training-wrap-up); name the one to keep by its id"]),
    (["--agenda", "full-day", "--keep", "opening-welcome"],
     ["--keep: 'opening-welcome' is not optional: it runs whenever its module, opening, is in the agenda"]),
    (["--minutes", "240", "--modules", "ownership", "--keep", "silos-wrap-up"],
     ["--keep: 'silos-wrap-up' (“Wrap-up and key points”) is in the module silos, which --modules leaves out; add silos"]),
])
def test_a_name_that_is_no_optional_segment_of_the_agenda_gets_one_line(capsys, args, words):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    for text in words:
        assert text in err


def test_a_keep_that_does_not_fit_says_so_names_the_segment_and_how_much_time_it_needs(capsys):
    code, out, err = run(capsys, "--agenda", "taster", "--keep", "silos-one-bridge", "--keep", "silos-wrap-up")
    assert code == 2 and out == ""
    line = err.strip()
    assert len(line.splitlines()) == 1
    assert "1 h 30 min is too short for opening, silos, closing with “One bridge across an accidental wall” " \
           "(silos-one-bridge) and “Wrap-up and key points” (silos-wrap-up) kept" in line
    needed = int(re.search(r"Plan a day of your own in place of --agenda taster, with --minutes (\d+) or more", line).group(1))
    assert line.endswith("; or leave out a --keep (each kept segment is time the rest cannot use).")
    # The length it names does fit, with both segments kept.
    code, out, err = run(capsys, "--minutes", str(needed), "--keep", "silos-one-bridge", "--keep", "silos-wrap-up")
    assert code == 0, err
    assert {"One bridge across an accidental wall", "Wrap-up and key points"} <= set(what_column(out))
    code, out, err = run(capsys, "--minutes", str(needed - 1), "--keep", "silos-one-bridge", "--keep", "silos-wrap-up")
    assert code == 2


def test_a_kept_segment_with_minutes_to_spare_runs_at_its_full_length(capsys):
    code, out, err = run(capsys, "--minutes", "540", "--keep", "cross-training-rotation")
    assert code == 0, err
    assert "Plan a shadowing rotation" in what_column(out)


@pytest.mark.parametrize("keep, shortest", [("silos-one-bridge", None), ("ownership-chief-debate", 10),
                                            ("cross-training-rotation", 12)])
def test_the_late_plan_never_leaves_out_a_segment_kept_as_asked(capsys, keep, shortest):
    """A kept segment is in the day because the facilitator asked for it: when the room is late,
    the plan may run it at its shortest, as any segment that is not optional, never leave it out."""
    code, out, err = run(capsys, "--agenda", "full-day", "--keep", keep, "--format", "json")
    assert code == 0, err
    agenda = json.loads(out)
    assert keep in [i.get("segment") for i in agenda["items"]]
    cuts = [c for block in agenda["late_plan"] for c in block["cuts"] if c["segment"] == keep]
    assert all(c["action"] == "shorten" for c in cuts), cuts
    assert [c["to"] for c in cuts] == ([] if shortest is None else [shortest])
