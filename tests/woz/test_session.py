"""The session engine on its own: rounds released, answers tied to their item, server-side timing, undo, notes."""

from __future__ import annotations

import json
import stat

import pytest

from tension_points.errors import UserError
from tension_points.woz.log import read_log
from tension_points.woz.pack import load_pack
from tension_points.woz.session import Conflict, Session


class Clock:
    """This computer's clock, moved by hand."""

    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def session(pack_data, write_pack, tmp_path, clock):
    return Session.open(load_pack(str(write_pack(pack_data))), tmp_path / "s.jsonl", mode="web", clock=clock).session


def logged(session):
    return [json.loads(line) for line in session.log_path.read_text(encoding="utf-8").splitlines()]


def test_nothing_of_a_round_is_asked_before_the_facilitator_releases_it(session):
    with pytest.raises(Conflict, match="round 1 has not started yet: the facilitator starts it"):
        session.ask("ripe?")
    assert session.awaiting_release() == 1
    session.release(1)
    assert session.awaiting_release() is None
    session.ask("ripe?")
    with pytest.raises(Conflict, match="round 1 cannot be started now: round 1 is already under way"):
        session.release(1)
    assert [e["event"] for e in logged(session)] == ["start", "round", "question"]


def test_an_answer_for_an_item_that_is_no_longer_current_is_refused_and_never_applied(session):
    session.release(1)
    session.ask("first?")
    session.mark_shown(1, "f01")
    session.answer("ripe", None, None, 1, "f01")
    session.ask("second?")
    with pytest.raises(Conflict) as refused:
        session.answer("unripe", None, None, 1, "f01")  # a stale screen still showing f01
    assert str(refused.value) == (
        "Not recorded: this answer was for round 1, item f01, but it has already been answered; "
        "the current question is round 1, item f02."
    )
    assert session.pending_question()["item"] == "f02", "f02 still waits for its own answer"
    answers = [e for e in logged(session) if e["event"] == "answer"]
    assert [(a["item"], a["label"]) for a in answers] == [("f01", "ripe")]
    assert logged(session)[-1] == {**logged(session)[-1], "event": "refused", "item": "f01", "label": "unripe"}


def test_latency_runs_from_when_the_wizard_first_saw_the_question_on_this_computers_clock(session, clock):
    session.release(1)
    clock.wait(30)  # the facilitator explains the round
    session.ask("ripe?")
    clock.wait(5)  # the question has not reached the wizard's screen yet
    session.mark_shown(1, "f01")
    clock.wait(4)
    session.mark_shown(1, "f01")  # a second screen, or a refresh: the first showing counts
    clock.wait(3)
    answer = session.answer("ripe", 0.5, None, 1, "f01")
    assert answer["latency_seconds"] == 7.0
    assert answer["over_budget"] is False
    shown = [e for e in logged(session) if e["event"] == "shown"]
    assert len(shown) == 1


def test_the_first_item_of_round_two_is_timed_from_the_release_not_from_the_end_of_round_one(pack_data, write_pack, tmp_path, clock):
    session = Session.open(load_pack(str(write_pack(pack_data))), tmp_path / "s.jsonl", mode="web",
                           items_per_round=1, clock=clock).session
    session.release(1)
    session.ask("ripe?")
    session.mark_shown(1, "f01")
    session.answer("ripe", None, None, 1, "f01")
    clock.wait(120)  # round 1 is discussed
    with pytest.raises(Conflict):
        session.ask("and now?")
    session.release(2)
    session.ask("and now?")
    session.mark_shown(2, "f01")
    clock.wait(2)
    assert session.answer("ripe", None, None, 2, "f01")["latency_seconds"] == 2.0
    assert logged(session)[-1]["event"] == "end"


def test_undo_takes_back_the_last_answer_and_the_question_is_answered_again(session, clock):
    session.release(1)
    session.ask("first?")
    session.mark_shown(1, "f01")
    session.answer("unripe", None, None, 1, "f01")
    session.ask("second?")
    with pytest.raises(Conflict, match="the last answer is for round 1, item f01"):
        session.undo(1, "f02")
    session.undo(1, "f01")
    assert session.current_key() == (1, "f01")
    assert session.pending_question()["text"] == "first?"
    assert session.answers() == {}
    clock.wait(10)
    session.mark_shown(1, "f01")  # shown again: timed afresh
    clock.wait(1)
    assert session.answer("ripe", None, None, 1, "f01")["latency_seconds"] == 1.0
    assert session.pending_question()["text"] == "second?", "the next question asked meanwhile still waits"
    assert [(k, a["label"]) for k, a in session.answers().items()] == [((1, "f01"), "ripe")]
    with pytest.raises(Conflict, match="there is no answer to take back"):
        Session(session.pack, session.log_path, read_log(session.log_path)[:3]).undo(1, "f01")


def test_a_restart_replays_the_same_state(session, pack_data, write_pack, clock):
    session.release(1)
    session.ask("first?")
    session.mark_shown(1, "f01")
    session.answer("ripe", None, None, 1, "f01")
    session.undo(1, "f01")
    session.note("the wizard hesitated", by="observer")
    again = Session.open(session.pack, session.log_path, mode="web", clock=clock).session
    assert again.current_key() == (1, "f01")
    assert again.pending_question()["text"] == "first?"
    assert again.awaiting_release() is None
    assert again.answers() == {}


def test_observer_notes_are_stamped_with_the_time_and_the_item_being_played(session, clock):
    session.note("before anything", by="observer")
    session.release(1)
    session.ask("ripe?")
    clock.wait(2)
    note = session.note("  the user   frowned ", by="observer")
    assert (note["text"], note["round"], note["item"], note["by"]) == ("the user frowned", 1, "f01", "observer")
    assert note["time"] == "2027-01-15T08:00:02.000Z"
    assert logged(session)[1]["round"] is None
    with pytest.raises(UserError, match="the note is empty"):
        session.note("   ", by="observer")
    with pytest.raises(UserError, match="too long"):
        session.note("x" * 1001, by="observer")


def test_every_event_the_engine_writes_passes_the_log_schema(session):
    session.release(1)
    session.ask("ripe?")
    session.mark_shown(1, "f01")
    with pytest.raises(Conflict):
        session.answer("ripe", None, None, 1, "f05")
    session.answer("ripe", 0.9, "how firm", 1, "f01")
    session.undo(1, "f01")
    session.note("hm", by="observer")
    session.pause("server stopped")
    kinds = [e["event"] for e in read_log(session.log_path)]  # read_log checks each line against the schema
    assert kinds == ["start", "round", "question", "shown", "refused", "answer", "undo", "note", "pause"]


def test_a_game_log_holds_the_players_words_so_only_its_owner_can_read_it(session):
    """The log is created 0600, like the room file: the umask's usual 0644 would let anyone on a
    shared computer read what the players typed."""
    session.release(1)
    session.ask("is it ripe?")
    assert stat.S_IMODE(session.log_path.stat().st_mode) == 0o600
