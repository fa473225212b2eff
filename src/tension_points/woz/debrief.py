"""The debrief: what the session shows, computed from its log alone.

Per round: the wizard's accuracy against ground truth next to a naive baseline
(always answer the pack's most frequent label), a confusion table, latency
against the budget; across rounds: the value of the added information; item by
item, what each side of the curtain saw and answered; the wish list turned into
data requirements (matched as wishes.py explains); the observers' notes. Answers
the wizard took back do not count. Two or more logs of the same pack (several
groups, or several sessions) are compared side by side and item by item.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from tension_points.errors import UserError
from tension_points.woz.log import read_log
from tension_points.woz.pack import format_value
from tension_points.woz.session import Replay
from tension_points.woz.wishes import match_catalogue
from tension_points.reports import Document, Heading, ListBlock, Paragraph, Table

NOT_IN_LOG = "(not in this log)"

GENERIC_QUESTIONS = [
    "Before the curtain opened, what did the user think the model was doing? What was it really doing?",
    "Could a person who has lived in the world for decades do this task with the information the model gets? If not, what would a model learn from?",
    "Which piece of information changed the wizard's answers most between rounds? Is it available when the model runs, and at what cost?",
    "Which wish would leak the answer (it exists only after the fact)? Which is too slow or too expensive to fetch in time?",
    "What should the product do when the model is unsure? Who decides, and on which numbers?",
    "What is the one thing the product team now needs to write down for the modelling team, and the other way round?",
]


@dataclass
class SessionLog:
    path: Path
    events: list[dict[str, Any]]

    @property
    def start(self) -> dict[str, Any]:
        return self.events[0]

    @property
    def pack(self) -> dict[str, Any]:
        return self.start["pack"]

    @property
    def replay(self) -> Replay:
        return Replay.of(self.events)

    @property
    def answers(self) -> list[dict[str, Any]]:
        """The standing answer per (round, item), in the order given: an answer taken back does not count."""
        replay = self.replay
        return [replay.answers[key] for key in replay.answered_order]

    @property
    def name(self) -> str:
        group = self.start.get("group")
        return f"Group {group}: {self.path.name}" if group else self.path.name

    @property
    def label(self) -> str:
        """The name a room is shown: its group ("Group 1"), never a log file's name; a lone log's file."""
        group = self.start.get("group")
        return f"Group {group}" if group else self.path.name

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] == kind]

    def in_round(self, number: int) -> list[dict[str, Any]]:
        return [a for a in self.answers if a["round"] == number]

    @property
    def status(self) -> str:
        if len(self.answers) >= self.planned:
            return "complete"
        return "paused before the end" if self.events[-1]["event"] == "pause" else "stopped before the end"

    @property
    def planned(self) -> int:
        per_round = self.start.get("items_per_round") or len(self.pack["items"])
        return len(self.pack["rounds"]) * per_round


def load_sessions(paths: list[Path]) -> list[SessionLog]:
    sessions = [SessionLog(Path(path), read_log(path)) for path in paths]
    first = sessions[0]
    for other in sessions[1:]:
        if other.pack.get("name") != first.pack.get("name"):
            raise UserError(
                f"{other.path}: a session of pack '{other.pack.get('name')}', but {first.path} is "
                f"'{first.pack.get('name')}'; only sessions of the same pack can be compared"
            )
    return sessions


# -- measures -------------------------------------------------------------------

def baseline_label(pack: dict[str, Any]) -> str:
    """The naive model: always the most frequent true label (ties: the first label listed)."""
    counts = Counter(item["truth"] for item in pack["items"])
    return max(pack["labels"], key=lambda label: counts[label])


def accuracy(answers: list[dict[str, Any]]) -> tuple[int, int]:
    return sum(a["correct"] for a in answers), len(answers)


def baseline_accuracy(pack: dict[str, Any], answers: list[dict[str, Any]]) -> tuple[int, int]:
    label = baseline_label(pack)
    return sum(a["truth"] == label for a in answers), len(answers)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def answers_count(values: list) -> str:
    return "1 answer" if len(values) == 1 else f"{len(values)} answers"


def confusion(answers: list[dict[str, Any]]) -> Counter:
    return Counter((a["truth"], a["label"]) for a in answers)


def latency_summary(answers: list[dict[str, Any]], budget: float) -> dict[str, Any]:
    times = [a["latency_seconds"] for a in answers]
    return {
        "median": median(times) if times else None,
        "slowest": max(times) if times else None,
        "over": sum(t > budget for t in times),
        "count": len(times),
    }


def changed_answers(session: SessionLog, earlier: int, later: int) -> list[tuple[str, str, str, str]]:
    """(item, earlier label, later label, truth) for items answered differently in the two rounds."""
    before = {a["item"]: a for a in session.in_round(earlier)}
    return [
        (a["item"], before[a["item"]]["label"], a["label"], a["truth"])
        for a in session.in_round(later)
        if a["item"] in before and before[a["item"]]["label"] != a["label"]
    ]


def wish_list(session: SessionLog) -> list[tuple[str, list[str]]]:
    """Each distinct wish (case and spacing ignored) with where it was made ('round 1, t03')."""
    grouped: dict[str, tuple[str, list[str]]] = {}
    for answer in session.answers:
        if answer.get("wish"):
            key = " ".join(answer["wish"].lower().split())
            grouped.setdefault(key, (answer["wish"], []))[1].append(f"round {answer['round']}, {answer['item']}")
    return list(grouped.values())


# -- the report -----------------------------------------------------------------

def build_report(sessions: list[SessionLog]) -> Document:
    first = sessions[0]
    document = Document(f"Wizard of Oz debrief: {first.pack['title']}")
    for index, session in enumerate(sessions):
        if len(sessions) > 1:
            document.add(Heading(2, f"Session {chr(65 + index)}: {session.name}"))
        add_session(document, session, level=3 if len(sessions) > 1 else 2)
    if len(sessions) > 1:
        add_comparison(document, sessions)
    add_questions(document, first.pack)
    document.add(
        Heading(2, "About this report"),
        Paragraph(
            "Computed from the session log(s) alone: JSON Lines, one event per line (start, round, "
            "question, shown, answer, refused, undo, note, pause, resume, end), documented in the Wizard of Oz "
            "exercise page. Ground truth comes from the pack; the naive baseline always answers the pack's most "
            "frequent label. Latency runs from the moment the question reached the wizard's screen to the moment "
            "the answer reached the server, both on the server's clock."
        ),
    )
    return document


def add_session(document: Document, session: SessionLog, level: int) -> None:
    start = session.start
    document.add(
        Paragraph(
            f"Session {start['session']} ({start['mode']}), started {start['time']}, log {session.path.name}: "
            f"{len(session.answers)} of {session.planned} answers, {session.status}."
        )
    )
    add_accuracy(document, session, level)
    add_value_of_information(document, session, level)
    add_confusion(document, session, level)
    add_confidence(document, session, level)
    add_latency(document, session, level)
    add_items(document, session, level)
    add_wishes(document, session, level)
    add_corrections(document, session, level)
    add_notes(document, session, level)
    add_misses(document, session, level)


def round_rows(session: SessionLog):
    for number, round_ in enumerate(session.pack["rounds"], start=1):
        yield number, round_, session.in_round(number)


def add_accuracy(document: Document, session: SessionLog, level: int) -> None:
    pack = session.pack
    label = baseline_label(pack)
    rows = []
    for number, round_, answers in round_rows(session):
        right, total = accuracy(answers)
        base_right, _ = baseline_accuracy(pack, answers)
        view = ", ".join(pack["fields"].get(name, name) for name in round_["view"])
        rows.append([
            f"Round {number}: {round_['title']}",
            view,
            str(total),
            f"{right} of {total} ({percent(right, total)})",
            f"{base_right} of {total} ({percent(base_right, total)})",
        ])
    document.add(
        Heading(level, "Accuracy per round"),
        Paragraph(
            f"The naive baseline always answers '{label}', the most frequent true label in the pack. "
            "A wizard who cannot beat it has not shown that the task is possible with this view."
        ),
        Table(["Round", "The model's view", "Answered", "Wizard correct", f"Baseline ('{label}') correct"], rows),
    )


def add_value_of_information(document: Document, session: SessionLog, level: int) -> None:
    rounds = session.pack["rounds"]
    document.add(Heading(level, "Value of information"))
    compared = False
    for number in range(2, len(rounds) + 1):
        before, after = session.in_round(number - 1), session.in_round(number)
        if not before or not after:
            continue
        compared = True
        gain = 100 * (accuracy(after)[0] / len(after) - accuracy(before)[0] / len(before))
        change = f"rose by {gain:.0f} points" if gain > 0 else f"fell by {-gain:.0f} points" if gain < 0 else "did not change"
        text = f"From round {number - 1} to round {number} ({rounds[number - 1]['title']}) the wizard's accuracy {change}."
        changed = changed_answers(session, number - 1, number)
        fixed = sum(later == truth for _, _, later, truth in changed)
        broken = sum(earlier == truth for _, earlier, _, truth in changed)
        text += f" {len(changed)} answers changed: {fixed} became right, {broken} became wrong."
        document.add(Paragraph(text))
        if changed:
            document.add(Table(
                ["Item", f"Round {number - 1}", f"Round {number}", "Truth"],
                [[item, earlier, later, truth] for item, earlier, later, truth in changed],
            ))
    if not compared:
        document.add(Paragraph("Not enough answers in two consecutive rounds to compare them yet."))


def add_confusion(document: Document, session: SessionLog, level: int) -> None:
    labels = list(session.pack["labels"])
    document.add(
        Heading(level, "Confusion tables"),
        Paragraph("Rows: the truth. Columns: what the wizard answered. The diagonal holds the right answers."),
    )
    for number, round_, answers in round_rows(session):
        if not answers:
            continue
        counts = confusion(answers)
        rows = [
            [f"truth: {truth}"] + [str(counts[(truth, answer)]) for answer in labels]
            + [str(sum(counts[(truth, answer)] for answer in labels))]
            for truth in labels
        ]
        document.add(
            Paragraph(f"Round {number}: {round_['title']}"),
            Table(["Truth / answer"] + [f"answered {label}" for label in labels] + ["total"], rows),
        )


def add_confidence(document: Document, session: SessionLog, level: int) -> None:
    rated = [a for a in session.answers if a["confidence"] is not None]
    if not rated:
        return
    right = [a["confidence"] for a in rated if a["correct"]]
    wrong = [a["confidence"] for a in rated if not a["correct"]]
    mean = lambda values: f"{100 * sum(values) / len(values):.0f}%" if values else "n/a"  # noqa: E731
    document.add(
        Heading(level, "Confidence"),
        Paragraph(
            f"Mean confidence when right: {mean(right)} ({answers_count(right)}); when wrong: {mean(wrong)} "
            f"({answers_count(wrong)}). A useful model is surer when it is right; if these are close, "
            "the confidence cannot be used to decide when to ask a person."
        ),
    )


def add_latency(document: Document, session: SessionLog, level: int) -> None:
    budget = session.pack["latency_budget"]
    rows = []
    for number, round_, answers in round_rows(session):
        summary = latency_summary(answers, budget["seconds"])
        if not summary["count"]:
            continue
        rows.append([
            f"Round {number}: {round_['title']}",
            f"{summary['median']:.1f} s",
            f"{summary['slowest']:.1f} s",
            f"{summary['over']} of {summary['count']}",
        ])
    document.add(
        Heading(level, "Latency against the budget"),
        Paragraph(f"Budget: {budget['seconds']:g} s per answer. {' '.join(budget['why'].split())}"),
    )
    if rows:
        document.add(Table(["Round", "Median", "Slowest", "Over budget"], rows))


def add_wishes(document: Document, session: SessionLog, level: int) -> None:
    catalogue = session.pack.get("data_catalogue", [])
    wishes = wish_list(session)
    document.add(Heading(level, "Wish list as data requirements"))
    if not wishes:
        document.add(Paragraph("The wizard wished for nothing. Ask them what they guessed from, and why."))
        return
    rows, unknown = [], []
    for wish, where in wishes:
        matches = match_catalogue(wish, catalogue)
        if not matches:
            unknown.append(f"{wish} ({'; '.join(where)})")
        for entry, found in matches:
            rows.append([
                wish,
                "; ".join(where),
                entry["name"],
                entry["at_prediction_time"],
                "yes: it contains the answer" if entry["leakage"] else "no",
                entry["speed"],
                entry["requirement"],
                ", ".join(f"'{phrase}'" for phrase in found),
            ])
    document.add(Paragraph(
        "Each wish, matched to the pack's catalogue of known information: is it there when the model runs, "
        "would it leak the answer, can it be fetched in time? A wish matches an entry when one of the words or "
        "phrases the pack declares for it appears in the wish as whole words (case, punctuation and a plural -s "
        "ignored); the last column says which."
    ))
    if rows:
        document.add(Table(
            ["Wish", "Where", "Information", "Available at prediction time?", "Leakage?", "Speed", "Data requirement", "Matched on"],
            rows,
        ))
    if unknown:
        document.add(
            Paragraph(
                "Not in the catalogue; decide together for each: is it available at prediction time, "
                "does it leak the answer, is it too slow or costly to get?"
            ),
            ListBlock(unknown),
        )


def add_misses(document: Document, session: SessionLog, level: int) -> None:
    """Behind the curtain: the items the wizard got wrong with the richest view they reached, and why."""
    played = [number for number, _, answers in round_rows(session) if answers]
    if not played:
        return
    last = played[-1]
    why = {item["id"]: item.get("why") or "" for item in session.pack["items"]}
    misses = [a for a in session.in_round(last) if not a["correct"]]
    document.add(Heading(level, f"What the wizard missed in round {last}"))
    if not misses:
        document.add(Paragraph("Nothing: every answer in this round was right."))
        return
    document.add(Table(
        ["Item", "Answered", "Truth", "Why"],
        [[a["item"], a["label"], a["truth"], why.get(a["item"], "")] for a in misses],
    ))


def add_comparison(document: Document, sessions: list[SessionLog], in_room: bool = False) -> None:
    """The sessions side by side; in the room (in_room) each named by its group, not its log file."""
    pack = sessions[0].pack
    rounds = pack["rounds"]
    headers = ["Session", "Mode", "Answers"] + [f"Round {n} correct" for n in range(1, len(rounds) + 1)]
    headers += ["Median latency", "Wishes"]
    rows = []
    for index, session in enumerate(sessions):
        cells = [f"{chr(65 + index)}: {session.label if in_room else session.name}", session.start["mode"], f"{len(session.answers)} of {session.planned}"]
        for number in range(1, len(rounds) + 1):
            right, total = accuracy(session.in_round(number))
            cells.append(f"{right} of {total} ({percent(right, total)})")
        latency = latency_summary(session.answers, pack["latency_budget"]["seconds"])
        cells.append(f"{latency['median']:.1f} s" if latency["median"] is not None else "n/a")
        cells.append(str(len(wish_list(session))))
        rows.append(cells)
    document.add(Heading(2, "Comparing the sessions"), Table(headers, rows))
    add_agreement(document, sessions)
    add_items_compared(document, sessions)


def add_agreement(document: Document, sessions: list[SessionLog]) -> None:
    """How often the wizards gave the same label to the same item: low agreement means an ambiguous task."""
    rows = []
    for number, round_ in enumerate(sessions[0].pack["rounds"], start=1):
        by_session = [{a["item"]: a["label"] for a in s.in_round(number)} for s in sessions]
        shared = set.intersection(*(set(labels) for labels in by_session))
        if not shared:
            continue
        agreed = sum(len({labels[item] for labels in by_session}) == 1 for item in shared)
        rows.append([f"Round {number}: {round_['title']}", str(len(shared)), f"{agreed} ({percent(agreed, len(shared))})"])
    if rows:
        document.add(
            Paragraph(
                "Where the wizards agreed. If people given the same view disagree, the labels or the view "
                "need work before a model can learn them."
            ),
            Table(["Round", "Items all answered", "Same label from every wizard"], rows),
        )


def add_questions(document: Document, pack: dict[str, Any]) -> None:
    document.add(
        Heading(2, "Debrief questions for the group"),
        ListBlock(list(pack.get("debrief_questions", [])) + GENERIC_QUESTIONS, numbered=True),
    )


# -- behind the curtain, item by item ------------------------------------------------

def item_table(pack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in pack["items"]}


def wizard_saw(pack: dict[str, Any], item: dict[str, Any], round_number: int) -> str:
    """The model's view of an item in a round, as the wizard's screen showed it."""
    if "model_view" not in item:
        return NOT_IN_LOG
    view = pack["rounds"][round_number - 1]["view"]
    return "; ".join(f"{pack['fields'].get(name, name)}: {format_value(item['model_view'].get(name))}" for name in view)


def answer_cell(answer: dict[str, Any] | None, taken_back: list[str]) -> str:
    if answer is None:
        return "not answered"
    details = [f"{answer['latency_seconds']:.1f} s"]
    if answer["confidence"] is not None:
        details.insert(0, f"{100 * answer['confidence']:.0f}%")
    text = f"{answer['label']} ({', '.join(details)}{', over budget' if answer.get('over_budget') else ''})"
    text += " right" if answer["correct"] else " wrong"
    if taken_back:
        text += f"; first answered {', then '.join(taken_back)}, taken back"
    return text


def played_items(session: SessionLog) -> list[str]:
    """Items with a question or an answer in this log, in the pack's order."""
    touched = {e["item"] for e in session.events if e["event"] in ("question", "answer")}
    return [item["id"] for item in session.pack["items"] if item["id"] in touched]


def add_items(document: Document, session: SessionLog, level: int) -> None:
    """The curtain opens on each item: what each side saw, what was answered, and the truth."""
    pack = session.pack
    items = item_table(pack)
    played = played_items(session)
    if not played:
        return
    replay = session.replay
    undone: dict[tuple[int, str], list[str]] = {}
    for event in session.of_kind("undo"):
        undone.setdefault((event["round"], event["item"]), []).append(event["label"])
    asked: dict[str, list[str]] = {}
    for event in session.of_kind("question"):
        if event["text"] not in asked.setdefault(event["item"], []):
            asked[event["item"]].append(event["text"])
    rounds = range(1, len(pack["rounds"]) + 1)
    headers = ["Item", "The request", "What the user saw"]
    for number in rounds:
        headers += [f"Round {number}: what the wizard saw", f"Round {number}: answer"]
    headers += ["Truth", "Why"]
    rows = []
    for item_id in played:
        item = items[item_id]
        row = [item_id, " / ".join(asked.get(item_id) or [item.get("request", NOT_IN_LOG)]), item.get("user_sees", NOT_IN_LOG)]
        for number in rounds:
            row += [wizard_saw(pack, item, number), answer_cell(replay.answers.get((number, item_id)), undone.get((number, item_id), []))]
        row += [item["truth"], item.get("why") or ""]
        rows.append(row)
    document.add(
        Heading(level, "Behind the curtain, item by item"),
        Paragraph(
            "For opening the curtain on one item at a time: what the user asked and saw, what the wizard saw "
            "in each round and answered (confidence, time), and the truth with its reason."
        ),
        Table(headers, rows),
    )


def add_corrections(document: Document, session: SessionLog, level: int) -> None:
    """Answers taken back, and answers refused because they came from an out-of-date screen."""
    undos, refused = session.of_kind("undo"), session.of_kind("refused")
    if not undos and not refused:
        return
    document.add(Heading(level, "Answers taken back or refused"))
    if undos:
        document.add(
            Paragraph(f"The wizard took back {answers_count(undos)}; only the answer given afterwards counts above."),
            ListBlock([f"{e['time']}: round {e['round']}, {e['item']}: took back '{e['label']}'" for e in undos]),
        )
    if refused:
        document.add(
            Paragraph(
                f"{answers_count(refused).capitalize()} came from a wizard screen that was out of date and "
                f"{'was' if len(refused) == 1 else 'were'} refused (never applied to another item):"
            ),
            ListBlock([f"{e['time']}: '{e['label']}' for round {e['round']}, {e['item']}: {e['reason']}" for e in refused]),
        )


def add_notes(document: Document, session: SessionLog, level: int) -> None:
    notes = session.of_kind("note")
    if not notes:
        return
    document.add(
        Heading(level, "Observer notes"),
        Table(
            ["Time (UTC)", "While playing", "Note"],
            [[n["time"], f"round {n['round']}, {n['item']}" if n["round"] else "between items", n["text"]] for n in notes],
        ),
    )


def add_items_compared(document: Document, sessions: list[SessionLog]) -> None:
    """Each item across the sessions: where groups answered differently is where to open the curtain first."""
    pack = sessions[0].pack
    played = [item for item in pack["items"] if any(item["id"] in played_items(s) for s in sessions)]
    if not played:
        return
    rounds = range(1, len(pack["rounds"]) + 1)
    replays = [s.replay for s in sessions]
    headers = ["Item", "Truth"] + [f"{chr(65 + index)}, round {number}" for index in range(len(sessions)) for number in rounds]
    rows = []
    for item in played:
        cells = [item["id"], item["truth"]]
        for replay in replays:
            for number in rounds:
                answer = replay.answers.get((number, item["id"]))
                cells.append("not answered" if answer is None else f"{answer['label']} ({'right' if answer['correct'] else 'wrong'})")
        rows.append(cells)
    document.add(
        Paragraph("Item by item, each session's answer in each round (A, B... as named above)."),
        Table(headers, rows),
    )
