"""The debrief: what the session shows, computed from its log alone.

Per round: the wizard's accuracy against ground truth next to a naive baseline
(always answer the pack's most frequent label), a confusion table, latency
against the budget; across rounds: the value of the added information; and the
wish list turned into data requirements. Two or more logs of the same pack are
compared side by side.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import Any

from tension_points.errors import UserError
from tension_points.woz.log import read_log
from tension_points.reports import Document, Heading, ListBlock, Paragraph, Table

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
    def answers(self) -> list[dict[str, Any]]:
        """The last answer per (round, item), in the order given."""
        latest = {(e["round"], e["item"]): e for e in self.events if e["event"] == "answer"}
        return list(latest.values())

    def in_round(self, number: int) -> list[dict[str, Any]]:
        return [a for a in self.answers if a["round"] == number]

    @property
    def status(self) -> str:
        if any(e["event"] == "end" for e in self.events):
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


def match_catalogue(wish: str, catalogue: list[dict[str, Any]]) -> list[dict[str, Any]]:
    text = wish.lower()
    return [entry for entry in catalogue if any(word.lower() in text for word in entry["matches"])]


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
            document.add(Heading(2, f"Session {chr(65 + index)}: {session.path.name}"))
        add_session(document, session, level=3 if len(sessions) > 1 else 2)
    if len(sessions) > 1:
        add_comparison(document, sessions)
    add_questions(document, first.pack)
    document.add(
        Heading(2, "About this report"),
        Paragraph(
            "Computed from the session log(s) alone: JSON Lines, one event per line (start, round, "
            "question, answer, pause, resume, end), documented in the Wizard of Oz exercise page. "
            "Ground truth comes from the pack; the naive baseline always answers the pack's most frequent label."
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
    add_wishes(document, session, level)
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
        for entry in matches:
            rows.append([
                wish,
                "; ".join(where),
                entry["name"],
                entry["at_prediction_time"],
                "yes: it contains the answer" if entry["leakage"] else "no",
                entry["speed"],
                entry["requirement"],
            ])
    document.add(Paragraph(
        "Each wish, matched to the pack's catalogue of known information: is it there when the model runs, "
        "would it leak the answer, can it be fetched in time?"
    ))
    if rows:
        document.add(Table(
            ["Wish", "Where", "Information", "Available at prediction time?", "Leakage?", "Speed", "Data requirement"],
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


def add_comparison(document: Document, sessions: list[SessionLog]) -> None:
    pack = sessions[0].pack
    rounds = pack["rounds"]
    headers = ["Session", "Mode", "Answers"] + [f"Round {n} correct" for n in range(1, len(rounds) + 1)]
    headers += ["Median latency", "Wishes"]
    rows = []
    for index, session in enumerate(sessions):
        cells = [f"{chr(65 + index)}: {session.path.name}", session.start["mode"], f"{len(session.answers)} of {session.planned}"]
        for number in range(1, len(rounds) + 1):
            right, total = accuracy(session.in_round(number))
            cells.append(f"{right} of {total} ({percent(right, total)})")
        latency = latency_summary(session.answers, pack["latency_budget"]["seconds"])
        cells.append(f"{latency['median']:.1f} s" if latency["median"] is not None else "n/a")
        cells.append(str(len(wish_list(session))))
        rows.append(cells)
    document.add(Heading(2, "Comparing the sessions"), Table(headers, rows))
    add_agreement(document, sessions)


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
