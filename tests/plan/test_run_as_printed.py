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
        # What spending it costs, in plain words: the survey then has only the last step's minutes.
        own = agenda["items"][-2]["minutes"]
        assert last[0]["text"] == (f"Spend the buffer: {last_buffer['minutes']} min (then the post survey, on phones "
                                   f"or on its paper copy, gets only its own {own} min)"), last[0]["text"]
        assert sum("post survey" in c["text"] for c in buffers) == 1


# --- Breaks and lunch where a facilitator would put them ------------------------------------

def clock_minutes(text: str) -> int:
    hours, minutes = map(int, text.split(":"))
    return hours * 60 + minutes


def blocks(agenda: dict) -> list[tuple[int, int]]:
    """Each block's start and length in minutes, from the printed clock times and pauses."""
    result, start = [], clock_minutes(agenda["start"])
    for item in agenda["items"]:
        if item["kind"] in ("pause", "lunch"):
            begin = clock_minutes(item["clock"])
            result.append((start, begin - start))
            start = begin + item["minutes"]
    result.append((start, clock_minutes(agenda["end"]) - start))
    return result


def test_the_full_days_lunch_falls_in_the_lunch_window_and_says_why_the_afternoon_is_longer(capsys):
    agenda = planned(capsys, "--agenda", "full-day")
    lunch = next(i for i in agenda["items"] if i["kind"] == "lunch")
    assert clock_minutes("11:50") <= clock_minutes(lunch["clock"]) <= clock_minutes("13:00"), lunch["clock"]
    # The morning is two blocks, the longer of them as long as a block may be: lunch is as late
    # as the rules allow without a third morning block.
    morning = [b for b in blocks(agenda) if b[0] < clock_minutes(lunch["clock"])]
    assert len(morning) == 2 and max(length for _, length in morning) == 90, morning
    note = next(n for n in agenda["notes"] if n.startswith("Lunch at"))
    assert note.startswith(f"Lunch at {lunch['clock']}, the pause nearest 12:00")


@pytest.mark.parametrize("minutes", [360, 420, 480])
def test_a_lunch_time_the_rules_cannot_keep_is_refused_in_plain_words(capsys, minutes):
    """Asked for lunch at 12:30: either lunch starts within ten minutes of it, or the note says
    plainly that it does not, by how much and why."""
    agenda = planned(capsys, "--minutes", str(minutes), "--lunch-at", "12:30")
    lunch = next(i for i in agenda["items"] if i["kind"] == "lunch")
    off = clock_minutes(lunch["clock"]) - clock_minutes("12:30")
    note = next(n for n in agenda["notes"] if n.startswith("Lunch at"))
    if abs(off) <= 10:
        assert "as asked" not in note
    else:
        assert note.startswith(f"Lunch at {lunch['clock']}, not at 12:30 as asked: {abs(off)} min "
                               f"{'later' if off > 0 else 'earlier'}, at the nearest pause the rules allow"), note


def test_the_full_day_asked_for_lunch_at_half_past_twelve_says_it_cannot(capsys):
    agenda = planned(capsys, "--agenda", "full-day", "--lunch-at", "12:30")
    note = next(n for n in agenda["notes"] if n.startswith("Lunch at"))
    assert re.match(r"Lunch at 1[12]:\d\d, not at 12:30 as asked: \d+ min earlier", note), note


def test_the_half_days_breaks_are_spaced_and_no_block_runs_long(capsys):
    """Three blocks of 3 h of work time: the first break an hour or more in, the blocks within
    25 minutes of each other, and the Wizard of Oz starting a block after a break, not ending one."""
    agenda = planned(capsys, "--agenda", "half-day")
    found = blocks(agenda)
    assert len(found) == 3
    lengths = [length for _, length in found]
    assert found[0][1] >= 60, found
    assert max(lengths) <= 70 and max(lengths) - min(lengths) <= 25, lengths
    items = agenda["items"]
    woz = next(n for n, i in enumerate(items) if i.get("segment") == "cross-training-wizard-of-oz")
    assert items[woz - 1]["kind"] == "pause", items[woz - 1]


def test_every_length_keeps_its_blocks_as_even_as_the_pauses_allow(capsys):
    """No agenda has a block over 80 minutes beside one under 50 when a pause inside a module
    could even them: checked here as the spread of the half days and full days of the sweep."""
    for name, agenda in every_agenda(capsys):
        lengths = [length for _, length in blocks(agenda)]
        assert max(lengths) <= 90, (name, lengths)
        if len(lengths) > 1 and name.startswith("--minutes") and "--modules" not in name:
            assert not (max(lengths) > 80 and min(lengths) < 50 and len(lengths) == 3), (name, lengths)


# --- The hard stop in the day's last block -----------------------------------------------------

FRAME = ("opening", "closing")


def test_behind_in_the_last_block_before_the_closing_the_day_still_ends_on_time(capsys):
    """At a segment of the day's last block with a topic module's talk still ahead (that one or a
    later one), 5, 10 or 20 minutes behind: the plan leaves out talks still ahead (named, with
    their minutes) rather than end late. Only where no such talk is left (the closing, which
    keeps its action plan, feedback and last word) may the sheet say "+N"."""
    checked = 0
    for name, agenda in every_agenda(capsys):
        items = agenda["items"]
        last_pause = max((n for n, i in enumerate(items) if i["kind"] in ("pause", "lunch")), default=-1)
        for n in range(last_pause + 1, len(items)):
            item = items[n]
            talks_ahead = sum(i["minutes"] for i in items[n:] if i["kind"] == "teaching" and i.get("module") not in FRAME)
            if item.get("module") and talks_ahead:
                for late, cell in item["late"].items():
                    if int(late) <= talks_ahead:
                        assert cell["ends_late"] == 0, (name, item["clock"], item["title"], late)
                        checked += 1
    assert checked > 20


def test_the_full_days_last_block_leaves_out_a_talk_before_sending_the_survey_out(capsys):
    agenda = planned(capsys, "--agenda", "full-day")
    cuts = cuts_by_number(agenda)
    row = next(i for i in agenda["items"] if i.get("segment") == "cross-training-forums")
    cell = row["late"]["20"]
    assert cell["ends_late"] == 0
    named = [cuts[n] for n in cell["cuts"]]
    assert any(c["action"] == "leave-out" and c["text"].startswith("Leave out \u201c") for c in named), named
    assert sum(c["saves"] for c in named) >= 20
