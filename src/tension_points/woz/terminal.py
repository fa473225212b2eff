"""Hot-seat play in a terminal: the wizard sees only the model's view and answers.

Reads answers line by line from standard input, so a session can be scripted.
Each round waits for Enter (the facilitator's release); ``u`` takes back the last
answer; ``q``, Ctrl-C or the end of input pause the session and print the exact
command that resumes it.
"""

from __future__ import annotations

import sys
import textwrap
import time
from typing import TextIO

from tension_points.errors import UserError
from tension_points.woz.pack import Pack
from tension_points.woz.session import Session

WIDTH = 78


class Paused(Exception):
    """The wizard quit, pressed Ctrl-C or input ended; the session can be resumed."""


class Undo(Exception):
    """The wizard typed u: take back the last answer."""


class Terminal:
    def __init__(self, session: Session, resume_command: str, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout):
        self.session = session
        self.pack: Pack = session.pack
        self.resume_command = resume_command
        self.stdin = stdin
        self.out = stdout

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def prompt(self, text: str) -> str:
        self.out.write(text)
        self.out.flush()
        line = self.stdin.readline()
        if not line:
            self.say()
            raise Paused("end of input")
        line = line.strip()
        if line.lower() in ("q", "quit"):
            raise Paused("quit")
        if line.lower() in ("u", "undo"):
            raise Undo()
        return line

    def play(self) -> None:
        self.introduce()
        shown_round = None
        try:
            while (current := self.session.current()) is not None:
                round_number, item = current
                if round_number != shown_round:
                    self.announce_round(round_number)
                    shown_round = round_number
                try:
                    if self.session.awaiting_release() == round_number:
                        self.prompt(f"Press Enter to start round {round_number} (u takes back the last answer, q pauses): ")
                        self.session.release(round_number)
                    self.play_item(round_number, item)
                except Undo:
                    self.take_back()
                    shown_round = None
        except KeyboardInterrupt:
            self.say()
            self.stop("interrupted")
            return
        except Paused as stop:
            self.stop(str(stop))
            return
        self.reveal()

    def stop(self, reason: str) -> None:
        """Ctrl-C, q and the end of input all pause the same way, and say how to resume."""
        self.session.pause(reason)
        self.say("Paused. The log is kept; to resume, run:")
        self.say(f"  {self.resume_command}")

    def take_back(self) -> None:
        last = self.session.last_answer()
        if last is None:
            self.say("  Nothing to take back yet.")
            return
        self.session.undo(last["round"], last["item"])
        self.say(f"  Took back your answer '{last['label']}' for round {last['round']}, item {last['item']}; answer it again.")

    def introduce(self) -> None:
        pack = self.pack
        self.say(f"Wizard of Oz: {pack.title}")
        self.say("=" * WIDTH)
        self.say(wrap(pack.data["product_context"]))
        self.say()
        self.say("You are the model. You see only what the model would see at prediction time.")
        self.say("Answer with a label (its number or name). Type u to take back your last answer;")
        self.say("q or Ctrl-C pauses (the same command with the same --log resumes).")
        self.say()
        self.say("Labels:")
        for number, (name, description) in enumerate(pack.labels.items(), start=1):
            self.say(f"  {number}. {name}: {description}")
        self.say(f"Latency budget: {pack.budget_seconds:g} s per answer ({pack.data['latency_budget']['why'].strip()})")

    def announce_round(self, round_number: int) -> None:
        round_ = self.pack.rounds[round_number - 1]
        self.say()
        self.say(f"Round {round_number} of {len(self.pack.rounds)}: {round_['title']}")
        self.say("-" * WIDTH)
        self.say(wrap(round_["description"]))

    def play_item(self, round_number: int, item: dict) -> None:
        total = len(self.session.plan)
        self.say()
        self.say(f"[{self.session.position()}/{total}] Round {round_number}, item {item['id']}")
        self.say(f"  The user asks: {item['request']}")
        for label, value in self.pack.view_for(round_number, item):
            self.say(wrap(f"{label}: {value}", indent="  "))
        if self.session.pending_question() is None:
            self.session.ask(item["request"])
        self.session.mark_shown(round_number, item["id"])
        shown_at = time.monotonic()
        label = self.ask_label()
        latency = time.monotonic() - shown_at
        confidence = self.ask_confidence() if self.pack.asks_confidence else None
        wish = self.prompt("  Information you wished you had (Enter to skip): ") or None
        self.session.answer(label, confidence, wish, round_number, item["id"], latency=latency)

    def ask_label(self) -> str:
        names = list(self.pack.labels)
        choices = ", ".join(f"{n}={name}" for n, name in enumerate(names, start=1))
        while True:
            reply = self.prompt(f"  Label ({choices}): ")
            if reply.isdigit() and 1 <= int(reply) <= len(names):
                return names[int(reply) - 1]
            if reply in names:
                return reply
            self.say(f"  Not a label. Type a number from 1 to {len(names)} or one of: {', '.join(names)}")

    def ask_confidence(self) -> float | None:
        while True:
            reply = self.prompt("  Confidence 0-100 (Enter to skip): ").rstrip("%")
            if not reply:
                return None
            try:
                value = float(reply)
            except ValueError:
                value = -1
            if 0 <= value <= 100:
                return value / 100
            self.say("  Type a number from 0 to 100, or press Enter to skip.")

    def reveal(self) -> None:
        """The curtain: how the wizard did, round by round."""
        answers = self.session.answers()
        self.say()
        self.say("The curtain opens")
        self.say("=" * WIDTH)
        for number, round_ in enumerate(self.pack.rounds, start=1):
            in_round = [a for (r, _), a in answers.items() if r == number]
            correct = sum(a["correct"] for a in in_round)
            self.say(f"Round {number} ({round_['title']}): {correct} of {len(in_round)} correct")
        self.say(f"Log: {self.session.log_path}")
        self.say(f"Full debrief: tension-points woz debrief {self.session.log_path}")


def wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=indent + ("  " if indent else ""))


def play(session: Session, resume_command: str) -> int:
    if session.finished:
        raise UserError(f"{session.log_path}: this session is already finished")
    Terminal(session, resume_command).play()
    return 0
