"""A scripted hot-seat session: answers on standard input give the expected log and debrief.

Each round starts with Enter (the facilitator's release), so every script has an empty
line before round 1 and before round 2.
"""

from __future__ import annotations

import json
import shlex
import signal
import subprocess
import sys
import time

from woz.woz_fixtures import FRUIT, TRUTHS

# Round 1: the wizard sees only the colour and guesses from it; round 2 adds firmness and they get it right.
ROUND_1 = ["1" if colour != "green" else "2" for _, _, colour, _ in FRUIT]
ROUND_2 = [truth for truth in TRUTHS]


def script(round_1: list[str], round_2: list[str]) -> str:
    lines = [""]  # Enter: start round 1
    for number, label in enumerate(round_1):
        lines += [label, "50", "how firm it is" if number == 0 else ""]
    lines += [""]  # Enter: start round 2
    for label in round_2:
        lines += [label, "90", ""]
    return "\n".join(lines) + "\n"


def events(log_path):
    return [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()]


def wait_for_an_answer(log_path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if log_path.exists() and any(e["event"] == "answer" for e in events(log_path)):
                return
        except json.JSONDecodeError:
            pass  # read while a line was half written
        time.sleep(0.1)
    raise AssertionError(f"no answer was logged in {log_path} within {seconds} s")


def test_scripted_session_writes_the_expected_log(pack_data, write_pack, cli, tmp_path):
    pack = write_pack(pack_data)
    log = tmp_path / "session.jsonl"

    result = cli("play", pack, "--log", log, stdin=script(ROUND_1, ROUND_2))

    assert result.returncode == 0, result.stderr
    logged = events(log)
    assert [e["event"] for e in logged[:3]] == ["start", "round", "question"]
    assert logged[0]["format"] == "tension-points-woz-log/1"
    assert logged[0]["mode"] == "terminal"
    assert logged[0]["pack"]["name"] == "fruit"
    assert logged[-1]["event"] == "end"

    answers = [e for e in logged if e["event"] == "answer"]
    assert [(a["round"], a["item"]) for a in answers] == [(r, f[0]) for r in (1, 2) for f in FRUIT]
    expected_round_1 = ["ripe" if choice == "1" else "unripe" for choice in ROUND_1]
    assert [a["label"] for a in answers] == expected_round_1 + TRUTHS
    assert [a["truth"] for a in answers] == TRUTHS + TRUTHS
    assert all(a["correct"] == (a["label"] == a["truth"]) for a in answers)
    assert [a["confidence"] for a in answers] == [0.5] * 12 + [0.9] * 12
    assert answers[0]["wish"] == "how firm it is"
    assert all(a["wish"] is None for a in answers[1:])
    assert all(isinstance(a["latency_seconds"], float) and a["latency_seconds"] >= 0 for a in answers)
    assert [e["round"] for e in logged if e["event"] == "round"] == [1, 2]


def test_the_wizard_sees_only_the_round_view_never_the_truth(pack_data, write_pack, cli, tmp_path):
    pack = write_pack(pack_data)
    result = cli("play", pack, "--log", tmp_path / "s.jsonl", stdin=script(ROUND_1, ROUND_2))
    round_1, round_2 = result.stdout.split("Round 2 of 2")
    assert "Colour: yellow" in round_1
    assert "Firmness" not in round_1.split("Round 1 of 2")[1]
    assert "Firmness: soft" in round_2
    assert "A yellow banana." not in result.stdout, "what the user sees is not the model's view"
    assert "It is ripe." not in result.stdout.split("The curtain opens")[0]
    assert "Round 1 (Colour only): 9 of 12 correct" in result.stdout
    assert "Round 2 (Colour and firmness): 12 of 12 correct" in result.stdout


def test_scripted_session_gives_the_expected_debrief(pack_data, write_pack, cli, tmp_path):
    pack = write_pack(pack_data)
    log = tmp_path / "session.jsonl"
    cli("play", pack, "--log", log, stdin=script(ROUND_1, ROUND_2))

    result = cli("debrief", log)

    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert report.startswith("# Wizard of Oz debrief: Is the banana ripe?")
    assert "| Round 1: Colour only | Colour | 12 | 9 of 12 (75%) | 7 of 12 (58%) |" in report
    assert "| Round 2: Colour and firmness | Colour, Firmness | 12 | 12 of 12 (100%) | 7 of 12 (58%) |" in report
    assert "rose by 25 points" in report
    assert "3 answers changed: 3 became right, 0 became wrong." in report
    assert "| how firm it is | round 1, f01 | Firmness sensor | yes | no | fast |" in report
    assert "1. Would you trust colour alone?" in report


def test_invalid_answers_are_asked_again(pack_data, write_pack, cli, tmp_path):
    pack = write_pack(pack_data)
    log = tmp_path / "s.jsonl"
    result = cli("play", pack, "--log", log, stdin="\n7\nbanana\nripe\n150\n80\n\nq\n")
    assert result.stdout.count("Not a label.") == 2
    assert "Type a number from 0 to 100" in result.stdout
    first = next(e for e in events(log) if e["event"] == "answer")
    assert (first["label"], first["confidence"]) == ("ripe", 0.8)


def test_quitting_pauses_and_the_same_log_resumes(pack_data, write_pack, cli, tmp_path):
    pack = write_pack(pack_data)
    log = tmp_path / "s.jsonl"
    first = cli("play", pack, "--log", log, stdin="\n1\n\n\n2\n\n\nq\n")
    assert f"Paused. The log is kept; to resume, run:\n  tension-points woz play {pack} --log {log}\n" in first.stdout
    assert events(log)[-1] == {**events(log)[-1], "event": "pause", "reason": "quit"}

    second = cli("play", pack, "--log", log, stdin="")
    assert f"Resuming the session in {log} (2 of 24 answers so far)." in second.stdout
    assert "[3/24] Round 1, item f03" in second.stdout
    assert events(log)[-1]["reason"] == "end of input"


def test_an_existing_file_is_never_overwritten(pack_data, write_pack, cli, tmp_path):
    pack = write_pack(pack_data)
    notes = tmp_path / "notes.jsonl"
    notes.write_text("my own notes\n", encoding="utf-8")

    result = cli("play", pack, "--log", notes, stdin="q\n")

    assert notes.read_text(encoding="utf-8") == "my own notes\n"
    assert f"{notes} is not a woz log; leaving it untouched and writing to {tmp_path / 'notes-2.jsonl'} instead." in result.stdout
    assert events(tmp_path / "notes-2.jsonl")[0]["event"] == "start"


def test_a_finished_session_is_not_resumed_but_kept(pack_data, write_pack, cli, tmp_path):
    pack = write_pack(pack_data)
    log = tmp_path / "s.jsonl"
    cli("play", pack, "--log", log, stdin=script(ROUND_1, ROUND_2))
    before = log.read_text(encoding="utf-8")

    result = cli("play", pack, "--log", log, stdin="q\n")

    assert log.read_text(encoding="utf-8") == before
    assert "holds a finished session; leaving it untouched and writing to" in result.stdout


def test_default_log_name_is_new_in_the_current_folder(pack_data, write_pack, cli, tmp_path):
    pack = write_pack(pack_data)
    result = cli("play", pack, stdin="q\n", cwd=tmp_path)
    logs = list(tmp_path.glob("woz-fruit-*.jsonl"))
    assert len(logs) == 1
    assert f"Logging to {logs[0].name}." in result.stdout


def test_a_shorter_session_plays_the_first_items_of_each_round(pack_data, write_pack, cli, tmp_path):
    pack = write_pack(pack_data)
    log = tmp_path / "short.jsonl"
    result = cli("play", pack, "--log", log, "--items", "3", stdin="\n" + "1\n\n\n" * 3 + "\n" + "1\n\n\n" * 3)
    assert result.returncode == 0, result.stderr
    answers = [(e["round"], e["item"]) for e in events(log) if e["event"] == "answer"]
    assert answers == [(1, "f01"), (1, "f02"), (1, "f03"), (2, "f01"), (2, "f02"), (2, "f03")]
    assert events(log)[-1]["event"] == "end"
    assert "6 of 6 answers, complete." in cli("debrief", log).stdout

    too_many = cli("play", pack, "--items", "13", cwd=tmp_path)
    assert too_many.returncode == 2
    assert "--items 13: the pack has 12 items; choose 1 to 12" in too_many.stderr


def test_each_round_waits_for_the_release_and_its_first_item_is_timed_from_it(pack_data, write_pack, tmp_path):
    """Between rounds the terminal waits for Enter; nothing of the round is asked before it."""
    pack = write_pack(pack_data)
    log = tmp_path / "s.jsonl"
    play = subprocess.Popen(
        [sys.executable, "-m", "tension_points", "woz", "play", str(pack), "--log", str(log), "--items", "1"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    play.stdin.write("\n1\n\n\n")  # release round 1, answer its one item
    play.stdin.flush()
    wait_for_an_answer(log)  # the command may take seconds to start on a busy machine
    time.sleep(1.5)  # the facilitator is still talking before round 2
    kinds = [e["event"] for e in events(log)]
    assert kinds[-1] == "answer" and "question" not in kinds[kinds.index("answer"):], "round 2 is not asked before its release"
    out, _ = play.communicate("\n2\n\n\n", timeout=30)
    assert "Press Enter to start round 2" in out
    logged = events(log)
    released = next(e for e in logged if e["event"] == "round" and e["round"] == 2)
    answer = [e for e in logged if e["event"] == "answer"][-1]
    assert logged.index(released) < logged.index(next(e for e in logged if e["event"] == "question" and e["round"] == 2))
    assert answer["latency_seconds"] < 1.0, "the 1.5 s before the release is not counted"


def test_ctrl_c_pauses_like_q_and_prints_the_exact_command_to_resume(pack_data, write_pack, tmp_path):
    pack = write_pack(pack_data, name="my fruit.yaml")  # a space: the printed command must still work
    log = tmp_path / "s.jsonl"
    play = subprocess.Popen(
        [sys.executable, "-m", "tension_points", "woz", "play", str(pack), "--log", str(log)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    play.stdin.write("\n1\n\n\n")
    play.stdin.flush()
    wait_for_an_answer(log)
    time.sleep(0.3)
    play.send_signal(signal.SIGINT)
    out, err = play.communicate(timeout=20)

    assert play.returncode == 0, err
    assert "Traceback" not in err
    command = f"tension-points woz play {shlex.quote(str(pack))} --log {log}"
    assert f"Paused. The log is kept; to resume, run:\n  {command}\n" in out
    assert events(log)[-1]["event"] == "pause" and events(log)[-1]["reason"] == "interrupted"

    again = subprocess.run([sys.executable, "-m", "tension_points", *shlex.split(command)[1:]],
                           input="q\n", capture_output=True, text=True, timeout=30)
    assert f"Resuming the session in {log} (1 of 24 answers so far)." in again.stdout
    assert "[2/24] Round 1, item f02" in again.stdout


def test_u_takes_back_the_last_answer_and_the_debrief_counts_the_new_one(pack_data, write_pack, cli, tmp_path):
    pack = write_pack(pack_data)
    log = tmp_path / "s.jsonl"
    # f01 answered unripe (wrong), taken back with u, answered ripe (right); then pause.
    result = cli("play", pack, "--log", log, stdin="\n2\n\n\nu\n1\n70\n\nq\n")
    assert "Took back your answer 'unripe' for round 1, item f01; answer it again." in result.stdout
    logged = events(log)
    assert [e["event"] for e in logged if e["event"] in ("answer", "undo")] == ["answer", "undo", "answer"]
    undo = next(e for e in logged if e["event"] == "undo")
    assert (undo["round"], undo["item"], undo["label"]) == (1, "f01", "unripe")
    report = cli("debrief", log).stdout
    assert "1 of 24 answers, paused before the end." in report
    assert "| Round 1: Colour only | Colour | 1 | 1 of 1 (100%) |" in report
    assert "round 1, f01: took back 'unripe'" in report
    assert "ripe (70%, " in report and "first answered unripe, taken back" in report
