"""The debrief report: accuracy per round, baseline, confusion, latency, wish list, comparison."""

from __future__ import annotations

import json

import pytest

from tension_points.woz.debrief import baseline_label
from woz.woz_fixtures import FRUIT, TRUTHS, fruit_pack


def write_log(path, answers, mode="terminal", ended=True, group=None, extra=()):
    """A log as the session engine writes it; answers are (round, item, label, latency, wish);
    ``extra`` events are appended after the answers."""
    truth = {item_id: t for item_id, t, _, _ in FRUIT}
    pack = fruit_pack()
    snapshot = {
        "name": "fruit", "title": pack["title"],
        "labels": {label["name"]: label["description"] for label in pack["outputs"]["labels"]},
        "confidence": True, "latency_budget": pack["latency_budget"],
        "rounds": [{"title": r["title"], "view": r["view"]} for r in pack["rounds"]],
        "fields": {"colour": "Colour", "firmness": "Firmness"},
        "items": [{"id": i["id"], "request": i["request"], "user_sees": i["user_sees"], "model_view": i["model_view"],
                   "truth": i["truth"], "why": i["why"]} for i in pack["items"]],
        "data_catalogue": pack["data_catalogue"], "debrief_questions": pack["debrief_questions"],
    }
    lines = [{"event": "start", "time": "2026-01-01T10:00:00.000Z", "format": "tension-points-woz-log/1",
              "session": "abc", "mode": mode, "group": group, "pack": snapshot}]
    for round_number, item, label, latency, wish in answers:
        lines.append({"event": "answer", "time": "2026-01-01T10:01:00.000Z", "round": round_number, "item": item,
                      "label": label, "confidence": 0.6, "wish": wish, "latency_seconds": latency,
                      "over_budget": latency > 10, "truth": truth[item], "correct": label == truth[item]})
    lines += [{"time": "2026-01-01T10:20:00.000Z", **event} for event in extra]
    if ended:
        lines.append({"event": "end", "time": "2026-01-01T10:30:00.000Z"})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def all_ripe(round_number, latency=3.0, wish=None):
    return [(round_number, item_id, "ripe", latency, wish) for item_id, *_ in FRUIT]


def test_the_baseline_is_the_most_frequent_true_label():
    assert TRUTHS.count("ripe") == 7
    assert baseline_label({"labels": {"ripe": "", "unripe": ""}, "items": [{"truth": t} for t in TRUTHS]}) == "ripe"


def test_accuracy_per_round_against_the_baseline(tmp_path, cli):
    perfect = [(2, item_id, truth, 4.0, None) for item_id, truth, *_ in FRUIT]
    log = write_log(tmp_path / "a.jsonl", all_ripe(1) + perfect)
    report = cli("debrief", log).stdout
    assert "The naive baseline always answers 'ripe'" in report
    assert "| Round 1: Colour only | Colour | 12 | 7 of 12 (58%) | 7 of 12 (58%) |" in report
    assert "| Round 2: Colour and firmness | Colour, Firmness | 12 | 12 of 12 (100%) | 7 of 12 (58%) |" in report
    assert "5 answers changed: 5 became right, 0 became wrong." in report


def test_confusion_table_rows_are_truth_columns_are_answers(tmp_path, cli):
    log = write_log(tmp_path / "a.jsonl", all_ripe(1), ended=False)
    report = cli("debrief", log).stdout
    assert "| Truth / answer | answered ripe | answered unripe | total |" in report
    assert "| truth: ripe | 7 | 0 | 7 |" in report
    assert "| truth: unripe | 5 | 0 | 5 |" in report
    assert "12 of 24 answers, stopped before the end" in report


def test_latency_against_the_budget(tmp_path, cli):
    answers = [(1, item_id, "ripe", float(seconds), None) for (item_id, *_), seconds in zip(FRUIT, range(1, 13))]
    report = cli("debrief", write_log(tmp_path / "a.jsonl", answers)).stdout
    assert "Budget: 10 s per answer. The shopper is standing at the shelf." in report
    assert "| Round 1: Colour only | 6.5 s | 12.0 s | 2 of 12 |" in report


def test_wish_list_becomes_data_requirements(tmp_path, cli):
    answers = [
        (1, "f01", "ripe", 2.0, "How firm is it?"),
        (1, "f02", "ripe", 2.0, "how firm is   it?"),
        (1, "f03", "ripe", 2.0, "the shopper's review"),
        (1, "f04", "ripe", 2.0, "the <b>smell</b> | of it"),
    ]
    report = cli("debrief", write_log(tmp_path / "a.jsonl", answers)).stdout
    assert "| How firm is it? | round 1, f01; round 1, f02 | Firmness sensor | yes | no | fast |" in report
    assert "| the shopper's review | round 1, f03 | Whether the shopper liked it | no | yes: it contains the answer | fast |" in report
    assert "Not in the catalogue; decide together" in report
    assert "- the \\<b\\>smell\\</b\\> \\| of it (round 1, f04)" in report


def test_html_report_escapes_what_people_typed(tmp_path, cli):
    log = write_log(tmp_path / "a.jsonl", [(1, "f01", "ripe", 2.0, "<script>alert(1)</script>")])
    out = tmp_path / "report.html"
    result = cli("debrief", log, "-o", out)
    assert result.returncode == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "<th scope=\"col\">Wizard correct</th>" in html


def test_debrief_never_overwrites_an_existing_report(tmp_path, cli):
    log = write_log(tmp_path / "a.jsonl", all_ripe(1))
    out = tmp_path / "report.md"
    out.write_text("keep me", encoding="utf-8")
    result = cli("debrief", log, "-o", out)
    assert out.read_text(encoding="utf-8") == "keep me"
    assert f"writing {tmp_path / 'report-2.md'} instead" in result.stderr
    assert (tmp_path / "report-2.md").read_text(encoding="utf-8").startswith("# Wizard of Oz debrief")


def test_two_sessions_are_compared(tmp_path, cli):
    first = write_log(tmp_path / "morning.jsonl", all_ripe(1) + all_ripe(2))
    perfect = [(r, item_id, truth, 5.0, None) for r in (1, 2) for item_id, truth, *_ in FRUIT]
    second = write_log(tmp_path / "afternoon.jsonl", perfect, mode="web")
    report = cli("debrief", first, second).stdout
    assert "## Session A: morning.jsonl" in report
    assert "## Session B: afternoon.jsonl" in report
    assert "## Comparing the sessions" in report
    assert "| A: morning.jsonl | terminal | 24 of 24 | 7 of 12 (58%) | 7 of 12 (58%) | 3.0 s | 0 |" in report
    assert "| B: afternoon.jsonl | web | 24 of 24 | 12 of 12 (100%) | 12 of 12 (100%) | 5.0 s | 0 |" in report
    assert "| Round 1: Colour only | 12 | 7 (58%) |" in report


def test_logs_of_different_packs_cannot_be_compared(tmp_path, cli):
    first = write_log(tmp_path / "a.jsonl", all_ripe(1))
    lines = first.read_text(encoding="utf-8").splitlines()
    start = json.loads(lines[0])
    start["pack"]["name"] = "apples"
    (tmp_path / "b.jsonl").write_text(json.dumps(start) + "\n", encoding="utf-8")
    result = cli("debrief", first, tmp_path / "b.jsonl")
    assert result.returncode == 2
    assert "a session of pack 'apples', but" in result.stderr


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "empty; not a woz log"),
        ("hello\n", "line 1: not JSON"),
        ('{"event": "answer", "time": "2026-01-01T10:00:00Z"}\n', "line 1: round: required field is missing"),
        ('{"event": "answer", "time": "yesterday"}\n', "line 1: "),
        ("[" * 5000 + "]" * 5000 + "\n", "line 1: "),
        ('{"event": "start", "time": "2026-01-01T10:00:00Z", "format": "other", "session": "x", "mode": "web", "pack": {}}\n',
         "line 1: not a woz log"),
        ('[1, 2]\n', "line 1: expected a JSON object"),
    ],
)
def test_a_bad_log_gets_one_clear_line(tmp_path, cli, content, message):
    log = tmp_path / "bad.jsonl"
    log.write_text(content, encoding="utf-8")
    result = cli("debrief", log)
    assert result.returncode == 2
    assert result.stderr.strip() == f"tension-points: error: {log}: {message}" or message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_log(tmp_path, cli):
    result = cli("debrief", tmp_path / "nope.jsonl")
    assert result.returncode == 2
    assert f"{tmp_path / 'nope.jsonl'}: file not found" in result.stderr


def test_a_torn_last_line_is_reported_and_skipped_and_the_rest_debriefs(tmp_path, cli):
    """A session stopped mid-write leaves half a line; the lines before it still count."""
    text = write_log(tmp_path / "a.jsonl", all_ripe(1), ended=False).read_text(encoding="utf-8")
    torn = tmp_path / "torn.jsonl"
    torn.write_text(text + '{"event": "answer", "time": "2026-01-', encoding="utf-8")
    result = cli("debrief", torn)
    assert result.returncode == 0, result.stderr
    assert f"{torn}: line {text.count(chr(10)) + 1}: torn last line" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout.startswith("# ")
    assert "7 of 12 (58%)" in result.stdout


def test_the_curtain_opens_item_by_item(tmp_path, cli):
    answers = [(1, "f02", "ripe", 2.5, None), (2, "f02", "unripe", 4.0, None)]
    question = {"event": "question", "round": 1, "item": "f02", "text": "Can I eat it today?"}
    report = cli("debrief", write_log(tmp_path / "a.jsonl", answers, ended=False, extra=[question])).stdout
    assert "### Behind the curtain, item by item" in report or "## Behind the curtain, item by item" in report
    assert ("| Item | The request | What the user saw | Round 1: what the wizard saw | Round 1: answer "
            "| Round 2: what the wizard saw | Round 2: answer | Truth | Why |") in report
    assert ("| f02 | Can I eat it today? | A green banana. | Colour: green | ripe (60%, 2.5 s) wrong "
            "| Colour: green; Firmness: hard | unripe (60%, 4.0 s) right | unripe | It is unripe. |") in report


def test_an_answer_taken_back_does_not_count(tmp_path, cli):
    answers = [(1, "f02", "ripe", 2.0, None)]
    undo = {"event": "undo", "round": 1, "item": "f02", "label": "ripe"}
    again = {"event": "answer", "round": 1, "item": "f02", "label": "unripe", "confidence": None, "wish": None,
             "latency_seconds": 1.5, "over_budget": False, "truth": "unripe", "correct": True}
    report = cli("debrief", write_log(tmp_path / "a.jsonl", answers, ended=False, extra=[undo, again])).stdout
    assert "| Round 1: Colour only | Colour | 1 | 1 of 1 (100%) |" in report
    assert "The wizard took back 1 answer; only the answer given afterwards counts above." in report
    assert "unripe (1.5 s) right; first answered ripe, taken back" in report

    only_undone = cli("debrief", write_log(tmp_path / "b.jsonl", answers, ended=False, extra=[undo])).stdout
    assert "| Round 1: Colour only | Colour | 0 | 0 of 0 (n/a) |" in only_undone


def test_refused_answers_and_observer_notes_are_reported(tmp_path, cli):
    extra = [
        {"event": "refused", "round": 1, "item": "f01", "label": "ripe",
         "reason": "it has already been answered; the current question is round 1, item f02"},
        {"event": "note", "by": "observer", "round": 1, "item": "f02", "text": "wizard squinted at <green>"},
        {"event": "note", "by": "observer", "round": None, "item": None, "text": "break"},
    ]
    report = cli("debrief", write_log(tmp_path / "a.jsonl", all_ripe(1), ended=False, extra=extra)).stdout
    assert "1 answer came from a wizard screen that was out of date and was refused (never applied to another item)" in report
    assert "'ripe' for round 1, f01: it has already been answered; the current question is round 1, item f02" in report
    assert "| 2026-01-01T10:20:00.000Z | round 1, f02 | wizard squinted at \\<green\\> |" in report
    assert "| 2026-01-01T10:20:00.000Z | between items | break |" in report


def test_wishes_match_whole_words_and_declared_synonyms_never_substrings(tmp_path, cli):
    from tension_points.woz.pack import load_pack
    from tension_points.woz.wishes import match_catalogue

    catalogue = load_pack("support-ticket-triage").data["data_catalogue"]

    def names(wish):
        return [entry["name"] for entry, _ in match_catalogue(wish, catalogue)]

    assert names("somebody to ask") == [], "'body' is a declared word, not a substring of 'somebody'"
    assert names("the message body") == ["Full ticket text"]
    assert names("The WHOLE message, please") == ["Full ticket text"]
    assert names("their screenshots") == ["Screenshot and attachment contents"], "a plural -s is ignored"
    assert names("status page and similar tickets") == ["Incidents and error rates right now"]
    assert names("statistics") == [], "'status' is not a prefix match"
    entry, found = match_catalogue("How firm is it", load_pack_data_catalogue())[0]
    assert (entry["name"], found) == ("Firmness sensor", ["firm"])
    assert match_catalogue("firmness", load_pack_data_catalogue()) == [], "declare 'firmness' to match it"


def load_pack_data_catalogue():
    return fruit_pack()["data_catalogue"]


def test_the_wish_table_says_what_each_wish_matched_on(tmp_path, cli):
    report = cli("debrief", write_log(tmp_path / "a.jsonl", [(1, "f01", "ripe", 2.0, "a squeeze, or touch it")])).stdout
    assert "| a squeeze, or touch it | round 1, f01 | Firmness sensor | yes | no | fast | Read the sensor when the photo is taken. | 'squeeze', 'touch' |" in report


def test_groups_are_named_and_compared_item_by_item(tmp_path, cli):
    first = write_log(tmp_path / "g1.jsonl", all_ripe(1), mode="web", group=1)
    perfect = [(1, item_id, truth, 5.0, None) for item_id, truth, *_ in FRUIT]
    second = write_log(tmp_path / "g2.jsonl", perfect, mode="web", group=2)
    report = cli("debrief", first, second).stdout
    assert "## Session A: Group 1: g1.jsonl" in report
    assert "## Session B: Group 2: g2.jsonl" in report
    assert "| A: Group 1: g1.jsonl | web | 12 of 24 | 7 of 12 (58%) |" in report
    assert "| Item | Truth | A, round 1 | A, round 2 | B, round 1 | B, round 2 |" in report
    assert "| f02 | unripe | ripe (wrong) | not answered | unripe (right) | not answered |" in report
