"""Kinds of room activity: what an answer may hold, and how answers add up by role.

Each kind is one class in :data:`KINDS`. A kind cleans a participant's answer (or refuses
it with a reason the phone shows), adds the stored answers up into results split by role,
and lays those results out as tables for the export. The participant and projector pages
have a matching renderer per kind in ``static/room.js``. New kinds (the Wizard of Oz, the
surveys, the action plan) are added the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

# The roles a participant picks when joining, in the order the join form lists them.
ROLES: tuple[tuple[str, str], ...] = (
    ("data-scientist", "Data scientist"),
    ("data-engineer", "Data engineer"),
    ("ml-engineer", "ML engineer"),
    ("software-engineer", "Software engineer"),
    ("product-manager", "Product or manager"),
    ("other", "Other"),
)
ROLE_LABELS = dict(ROLES)

MAX_TEXT = 500
MAX_WORD = 40
MAX_WORDS_PER_ANSWER = 3
WALL_ANSWERS_PER_PARTICIPANT = 10
CLOUD_ANSWERS_PER_PARTICIPANT = 3
CLOUD_TOP = 40


class AnswerRefused(ValueError):
    """An answer this kind does not accept; the message is shown on the phone."""


@dataclass(frozen=True)
class Table:
    """One table of the export: a caption, column headings and rows of text."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class StoredAnswer:
    id: int
    role: str
    body: dict
    votes: int = 0
    pinned: bool = False
    hidden: bool = False
    created_at: float = 0.0
    participant_id: int = 0  # pairs a participant's answers across activities (before/after); never shown


def clean_text(value: object, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise AnswerRefused(f"{what} must be text")
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").strip()
    # Control characters other than newlines have no place in an answer on a wall.
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    if not text:
        raise AnswerRefused(f"{what} is empty")
    if len(text) > limit:
        raise AnswerRefused(f"{what} is longer than {limit} characters")
    return text


def by_role(answers: list[StoredAnswer]) -> dict[str, list[StoredAnswer]]:
    """Answers grouped under "all" and under each role that answered."""
    groups: dict[str, list[StoredAnswer]] = {"all": list(answers)}
    for answer in answers:
        groups.setdefault(answer.role, []).append(answer)
    return groups


def role_columns(groups: dict) -> list[str]:
    return [role for role, _ in ROLES if role in groups]


class ActivityKind:
    name = ""
    label = ""
    accepts_answers = True
    # One answer per participant (a later one replaces it) or several.
    one_per_participant = False
    max_per_participant = 1

    # Whether results compare with the answers of an earlier activity of the same kind
    # (the post survey with the pre survey); the catalogue links the two.
    compares_with_earlier = False

    def describe(self, activity) -> dict:
        """What the screens need beyond the common fields (a survey's questions, say)."""
        return {}

    def spec_problem(self, activity) -> str | None:
        """What is wrong with the segment's ``live`` spec for this kind, if anything: checked
        when the room reads the course, so a typo is one line naming the module file."""
        return None

    def clean(self, activity, payload: dict) -> dict:
        raise NotImplementedError

    def results(self, activity, answers: list[StoredAnswer]) -> dict:
        raise NotImplementedError

    def tables(self, activity, answers: list[StoredAnswer]) -> list[Table]:
        raise NotImplementedError


def earlier_answers(activity, answers_of) -> dict:
    """The keyword a comparing kind's results and tables take: the earlier activity's answers."""
    if not activity.handler.compares_with_earlier:
        return {}
    return {"earlier": answers_of(activity.compare_with) if activity.compare_with else []}


def results_of(activity, answers: list[StoredAnswer], answers_of) -> dict:
    return activity.handler.results(activity, answers, **earlier_answers(activity, answers_of))


def tables_of(activity, answers: list[StoredAnswer], answers_of) -> list[Table]:
    return activity.handler.tables(activity, answers, **earlier_answers(activity, answers_of))


class TimerKind(ActivityKind):
    """A timed activity with nothing to type: the countdown and the stuck/done flags."""

    name = "timer"
    label = "Timed activity"
    accepts_answers = False

    def clean(self, activity, payload: dict) -> dict:
        raise AnswerRefused("this activity takes no answers on the phone")

    def results(self, activity, answers):
        return {}

    def tables(self, activity, answers):
        return []


class OpenKind(ActivityKind):
    """An open prompt: short texts on a wall, with upvotes; the facilitator pins or hides."""

    name = "open"
    label = "Open prompt"
    max_per_participant = WALL_ANSWERS_PER_PARTICIPANT

    def clean(self, activity, payload):
        return {"text": clean_text(payload.get("text"), MAX_TEXT, "the answer")}

    def results(self, activity, answers):
        shown = [a for a in answers if not a.hidden]
        shown.sort(key=lambda a: (not a.pinned, -a.votes, a.created_at))
        return {"answers": [wall_item(a) for a in shown]}

    def tables(self, activity, answers):
        shown = [a for a in answers if not a.hidden]
        shown.sort(key=lambda a: (not a.pinned, -a.votes, a.created_at))
        tables = [
            Table(
                "The wall",
                ("Answer", "Role", "Votes", "Pinned"),
                tuple((a.body["text"], ROLE_LABELS.get(a.role, a.role), str(a.votes), "yes" if a.pinned else "") for a in shown),
            )
        ]
        counts = Counter(a.role for a in shown)
        tables.append(
            Table("Answers by role", ("Role", "Answers"), tuple((ROLE_LABELS[r], str(counts[r])) for r, _ in ROLES if counts[r]))
        )
        hidden = [a for a in answers if a.hidden]
        if hidden:
            tables.append(
                Table(
                    "Hidden by the facilitator (not shown to the room)",
                    ("Answer", "Role"),
                    tuple((a.body["text"], ROLE_LABELS.get(a.role, a.role)) for a in hidden),
                )
            )
        return tables


def wall_item(answer: StoredAnswer) -> dict:
    return {"id": answer.id, "text": answer.body["text"], "role": answer.role, "votes": answer.votes, "pinned": answer.pinned}


class PollKind(ActivityKind):
    """Single or multiple choice among the activity's options."""

    name = "poll"
    label = "Poll"
    one_per_participant = True

    def clean(self, activity, payload):
        choices = payload.get("choices")
        if not isinstance(choices, list) or not choices:
            raise AnswerRefused("pick an option")
        if not all(isinstance(c, int) and not isinstance(c, bool) for c in choices):
            raise AnswerRefused("options are given by number")
        picked = sorted(set(choices))
        if any(c < 0 or c >= len(activity.options) for c in picked):
            raise AnswerRefused("no such option")
        if len(picked) > 1 and not activity.multiple:
            raise AnswerRefused("pick one option")
        return {"choices": picked}

    def results(self, activity, answers):
        groups = by_role([a for a in answers if not a.hidden])
        counts = {}
        for role, group in groups.items():
            tally = [0] * len(activity.options)
            for answer in group:
                for choice in answer.body["choices"]:
                    tally[choice] += 1
            counts[role] = tally
        return {"options": list(activity.options), "counts": counts, "respondents": {r: len(g) for r, g in groups.items()}}

    def tables(self, activity, answers):
        results = self.results(activity, answers)
        roles = role_columns(results["counts"])
        headers = ("Option", "All", *(ROLE_LABELS[r] for r in roles))
        rows = [
            (option, str(results["counts"]["all"][i]), *(str(results["counts"][r][i]) for r in roles))
            for i, option in enumerate(activity.options)
        ]
        rows.append(("Respondents", str(results["respondents"]["all"]), *(str(results["respondents"][r]) for r in roles)))
        return [Table("Votes by role" + (" (several choices allowed)" if activity.multiple else ""), headers, tuple(rows))]


class ScaleKind(ActivityKind):
    """A 1-5 scale between two labelled ends."""

    name = "scale"
    label = "Scale from 1 to 5"
    one_per_participant = True

    def clean(self, activity, payload):
        value = payload.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise AnswerRefused("pick a number from 1 to 5")
        return {"value": value}

    def results(self, activity, answers):
        groups = by_role([a for a in answers if not a.hidden])
        counts, means = {}, {}
        for role, group in groups.items():
            tally = [0] * 5
            for answer in group:
                tally[answer.body["value"] - 1] += 1
            counts[role] = tally
            means[role] = round(sum(a.body["value"] for a in group) / len(group), 2) if group else None
        return {"labels": list(activity.scale_labels), "counts": counts, "means": means, "respondents": {r: len(g) for r, g in groups.items()}}

    def tables(self, activity, answers):
        results = self.results(activity, answers)
        roles = role_columns(results["counts"])
        low, high = activity.scale_labels
        headers = ("Answer", "All", *(ROLE_LABELS[r] for r in roles))
        names = [f"1 ({low})", "2", "3", "4", f"5 ({high})"]
        rows = [(names[i], str(results["counts"]["all"][i]), *(str(results["counts"][r][i]) for r in roles)) for i in range(5)]
        mean = lambda m: "" if m is None else f"{m:.2f}"
        rows.append(("Mean", mean(results["means"]["all"]), *(mean(results["means"][r]) for r in roles)))
        rows.append(("Respondents", str(results["respondents"]["all"]), *(str(results["respondents"][r]) for r in roles)))
        return [Table("Answers by role", headers, tuple(rows))]


WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


class WordcloudKind(ActivityKind):
    """One to three words an answer; the cloud counts each answer's words as one phrase,
    case-insensitively ("data quality" stays one entry, as the participant meant it)."""

    name = "wordcloud"
    label = "Word cloud"
    max_per_participant = CLOUD_ANSWERS_PER_PARTICIPANT

    def clean(self, activity, payload):
        text = clean_text(payload.get("text"), MAX_WORDS_PER_ANSWER * (MAX_WORD + 1), "the words")
        words = [w.lower() for w in WORD.findall(text)]
        if not words:
            raise AnswerRefused("type a word or two")
        if len(words) > MAX_WORDS_PER_ANSWER:
            raise AnswerRefused(f"at most {MAX_WORDS_PER_ANSWER} words")
        if any(len(w) > MAX_WORD for w in words):
            raise AnswerRefused(f"a word is longer than {MAX_WORD} characters")
        return {"text": text, "phrase": " ".join(words)}

    def word_counts(self, answers) -> dict[str, list]:
        result = {}
        for role, group in by_role([a for a in answers if not a.hidden]).items():
            counter = Counter(answer.body["phrase"] for answer in group)
            result[role] = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        return result

    def results(self, activity, answers):
        counts = self.word_counts(answers)
        return {"words": {role: [list(kv) for kv in words[:CLOUD_TOP]] for role, words in counts.items()}}

    def tables(self, activity, answers):
        counts = self.word_counts(answers)
        tables = [Table("Words, all roles", ("Word", "Count"), tuple((w, str(n)) for w, n in counts["all"]))]
        for role in role_columns(counts):
            tables.append(Table(f"Words: {ROLE_LABELS[role]}", ("Word", "Count"), tuple((w, str(n)) for w, n in counts[role])))
        return tables


# Kinds in modules of their own subclass the classes above, so they are imported here, last.
from tension_points.room.maps_activity import HandoffMapKind, OwnershipMatrixKind  # noqa: E402
from tension_points.room.plan_activity import PlanKind  # noqa: E402
from tension_points.room.survey_activity import SurveyKind  # noqa: E402
from tension_points.room.woz_kind import WozKind  # noqa: E402

KINDS: dict[str, ActivityKind] = {
    kind.name: kind
    for kind in (TimerKind(), OpenKind(), PollKind(), ScaleKind(), WordcloudKind(), HandoffMapKind(), OwnershipMatrixKind(),
                 SurveyKind(), PlanKind(), WozKind())
}
