"""The simple kinds: a timed activity, the answer wall, a poll, a 1-5 scale and a word cloud.

Their renderers are ``static/kinds/simple.js``. The wall adds two routes: a participant's
upvote and the facilitator's hide, show, pin and unpin (moderation), both sent to the
screens as wall deltas rather than whole results.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tension_points.reports import Table
from tension_points.room.activities.base import (
    MAX_TEXT,
    ActivityKind,
    AnswerRefused,
    KindContext,
    KindRoutes,
    SpecProblem,
    StoredAnswer,
    by_role,
    clean_text,
    role_columns,
)
from tension_points.room.activities.privacy import MIN_GROUP, Groups, visible_figures, visible_groups
from tension_points.room.events import PUBLIC
from tension_points.room.guards import BadRequest, record_id
from tension_points.room.roles import ROLE_LABELS, ROLES, role_label

MAX_WORD = 40
MAX_WORDS_PER_ANSWER = 3
WALL_ANSWERS_PER_PARTICIPANT = 10
CLOUD_ANSWERS_PER_PARTICIPANT = 3
CLOUD_TOP = 40
MAX_CLOUD_TEXT = MAX_WORDS_PER_ANSWER * (MAX_WORD + 1)
OPTION = {"type": "string", "minLength": 1, "maxLength": 80}


class TimerKind(ActivityKind):
    """A timed activity with nothing to type: the countdown and the stuck/done flags."""

    name = "timer"
    label = "Timed activity"
    accepts_answers = False
    assets = ("simple.js",)


# --- The wall -------------------------------------------------------------------------------


def wall_item(answer: StoredAnswer, groups: Groups) -> dict:
    """A note as the screens show it: its role only when the privacy rule lets a role be shown."""
    return {"id": answer.id, "text": answer.body["text"], "role": groups.group_of(answer.role), "votes": answer.votes, "pinned": answer.pinned}


def wall_groups(answers: list[StoredAnswer]) -> Groups:
    return visible_groups((a.participant_id, a.role) for a in answers if not a.hidden)


def wall_order(answers: list[StoredAnswer]) -> list[StoredAnswer]:
    return sorted(answers, key=lambda a: (not a.pinned, -a.votes, a.created_at))


class OpenKind(ActivityKind):
    """An open prompt: short texts on a wall, with upvotes; the facilitator pins or hides."""

    name = "open"
    label = "Open prompt"
    max_per_participant = WALL_ANSWERS_PER_PARTICIPANT
    assets = ("simple.js",)

    def describe(self, activity):
        return {"max_text": MAX_TEXT}  # the phone says this limit; it never cuts to it

    def clean(self, activity, payload):
        return {"text": clean_text(payload.get("text"), MAX_TEXT, "the answer")}

    def results(self, activity, answers, earlier=None):
        groups = wall_groups(answers)
        return {"answers": [wall_item(a, groups) for a in wall_order([a for a in answers if not a.hidden])],
                "groups": groups.labelled(), "min_group": MIN_GROUP}

    def live_update(self, activity, answers, since_id, earlier=None):
        """Only the answers the screens have not had, every vote count and every note's group
        (a role reaching three people gets its label on the notes sent before)."""
        groups = wall_groups(answers)
        added = [wall_item(a, groups) for a in answers if a.id > since_id]
        return {"type": "wall", "activity": activity.id, "added": added, "votes": {str(a.id): a.votes for a in answers},
                "roles": {str(a.id): groups.group_of(a.role) for a in answers}, "groups": groups.labelled()}

    def phone_view(self, activity, participant_id, store):
        return {"votes": store.my_votes(participant_id)}

    def console_view(self, activity, answers):
        groups = wall_groups(answers)
        return {"wall": [{**wall_item(a, groups), "hidden": a.hidden} for a in wall_order(answers)]}

    def tables(self, activity, answers, earlier=None):
        shown = wall_order([a for a in answers if not a.hidden])
        tables = [
            Table(["Answer", "Role", "Votes", "Pinned"],
                  [[a.body["text"], role_label(a.role), str(a.votes), "yes" if a.pinned else ""] for a in shown],
                  caption="The wall", row_headers=False)
        ]
        counts = Counter(a.role for a in shown)
        tables.append(Table(["Role", "Answers"], [[ROLE_LABELS[r], str(counts[r])] for r, _ in ROLES if counts[r]], caption="Answers by role"))
        hidden = [a for a in answers if a.hidden]
        if hidden:
            tables.append(Table(["Answer", "Role"], [[a.body["text"], role_label(a.role)] for a in hidden],
                                caption="Hidden by the facilitator (not shown to the room)", row_headers=False))
        return tables

    def routes(self, context: KindContext) -> KindRoutes:
        room = context.room

        async def vote(request: Request):
            context.limit(request)
            participant = context.participant(request)
            answer_id = record_id((await context.json_body(request)).get("answer"), "answer")
            activity = room.activity()
            found = await anyio.to_thread.run_sync(room.store.answer, answer_id)
            if found is None or activity is None or found[0] != activity.id or found[1].hidden or not room.state.revealed:
                raise BadRequest(404, "no such answer on the wall")
            added = await anyio.to_thread.run_sync(room.store.vote, answer_id, participant.id)
            room.mark_dirty(activity.id)
            return JSONResponse({"voted": True, "new": added})

        async def moderate(request: Request):
            data = await context.json_body(request)
            action, answer_id = data.get("action"), record_id(data.get("answer"), "answer")
            if action not in MODERATION:
                raise BadRequest(422, "give action (hide, show, pin or unpin) and answer (its id)")
            async with room.actions:
                await moderate_answer(room, answer_id, action)
            return JSONResponse({"done": action})

        return KindRoutes(participant=[Route("/api/vote", vote, methods=["POST"])],
                          facilitator=[Route("/api/answer", moderate, methods=["POST"])])


MODERATION = {"hide": ("hidden", True), "show": ("hidden", False), "pin": ("pinned", True), "unpin": ("pinned", False)}


async def moderate_answer(room, answer_id: int, action: str) -> None:
    found = await anyio.to_thread.run_sync(room.store.answer, answer_id)
    if found is None:
        raise BadRequest(404, f"no answer {answer_id}")
    activity_id, _ = found
    column, value = MODERATION[action]
    await anyio.to_thread.run_sync(room.store.set_answer_flag, answer_id, column, value)
    if action == "hide":
        # Out of every screen, and out of the events a reconnecting screen is replayed.
        room.broadcaster.scrub(lambda p: p.get("type") == "wall", lambda p: without_answer(p, answer_id))
        room.broadcaster.publish(PUBLIC, {"type": "wall", "activity": activity_id, "hidden": [answer_id]})
    elif action == "show":
        room.sent_up_to[activity_id] = min(room.sent_up_to.get(activity_id, 0), answer_id - 1)  # sent again
    else:
        room.broadcaster.publish(PUBLIC, {"type": "wall", "activity": activity_id, "pinned": {str(answer_id): value}})
    room.mark_dirty(activity_id)


def without_answer(payload: dict, answer_id: int) -> dict:
    return {**payload, "added": [a for a in payload.get("added", []) if a["id"] != answer_id]}


# --- Polls and scales -----------------------------------------------------------------------


@dataclass(frozen=True)
class PollSpec:
    options: tuple[str, ...]
    multiple: bool = False


class PollKind(ActivityKind):
    """Single or multiple choice among the activity's options."""

    name = "poll"
    label = "Poll"
    one_per_participant = True
    spec_properties = {"options": {"type": "array", "items": OPTION, "maxItems": 8}, "multiple": {"type": "boolean"}}
    spec_required = ("options",)
    spec_type = PollSpec
    assets = ("simple.js",)

    def parse_spec(self, raw):
        spec = super().parse_spec(raw)
        if len(spec.options) < 2:
            raise SpecProblem("live.options: a poll needs at least two options")
        return spec

    def describe(self, activity):
        return {"options": list(activity.spec.options), "multiple": activity.spec.multiple}

    def on_paper(self, spec, segment, minutes=None):
        how = "a hand for each option that applies" if spec.multiple else "one hand each"
        return f"The options, read out for a show of hands ({how}): " + "; ".join(f"({n}) {option}" for n, option in enumerate(spec.options, 1)) + "."

    def clean(self, activity, payload):
        choices = payload.get("choices")
        if not isinstance(choices, list) or not choices:
            raise AnswerRefused("pick an option")
        if not all(isinstance(c, int) and not isinstance(c, bool) for c in choices):
            raise AnswerRefused("options are given by number")
        picked = sorted(set(choices))
        if any(c < 0 or c >= len(activity.spec.options) for c in picked):
            raise AnswerRefused("no such option")
        if len(picked) > 1 and not activity.spec.multiple:
            raise AnswerRefused("pick one option")
        return {"choices": picked}

    def tally(self, activity, groups: dict[str, list[StoredAnswer]]) -> dict:
        counts = {}
        for key, group in groups.items():
            tally = [0] * len(activity.spec.options)
            for answer in group:
                for choice in answer.body["choices"]:
                    tally[choice] += 1
            counts[key] = tally
        return {"options": list(activity.spec.options), "counts": counts, "respondents": {key: len(g) for key, g in groups.items()}}

    def results(self, activity, answers, earlier=None):
        return visible_figures(activity, answers, self.tally)

    def tables(self, activity, answers, earlier=None):
        results = self.tally(activity, by_role([a for a in answers if not a.hidden]))  # the export: every role
        roles = role_columns(results["counts"])
        headers = ["Option", "All", *(ROLE_LABELS[r] for r in roles)]
        rows = [
            [option, str(results["counts"]["all"][i]), *(str(results["counts"][r][i]) for r in roles)]
            for i, option in enumerate(activity.spec.options)
        ]
        rows.append(["Respondents", str(results["respondents"]["all"]), *(str(results["respondents"][r]) for r in roles)])
        caption = "Votes by role" + (" (several choices allowed)" if activity.spec.multiple else "")
        return [Table(headers, rows, numeric=tuple(range(1, len(headers))), caption=caption)]


@dataclass(frozen=True)
class ScaleSpec:
    scale_labels: tuple[str, str] = ("1", "5")


class ScaleKind(ActivityKind):
    """A 1-5 scale between two labelled ends."""

    name = "scale"
    label = "Scale from 1 to 5"
    one_per_participant = True
    spec_properties = {"scale_labels": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 2, "maxItems": 2}}
    spec_type = ScaleSpec
    assets = ("simple.js",)

    def describe(self, activity):
        return {"scale_labels": list(activity.spec.scale_labels)}

    def on_paper(self, spec, segment, minutes=None):
        low, high = spec.scale_labels
        return f"The scale, read out for a show of hands (one hand each): 1 ({low}), 2, 3, 4, 5 ({high})."

    def clean(self, activity, payload):
        value = payload.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise AnswerRefused("pick a number from 1 to 5")
        return {"value": value}

    def tally(self, activity, groups: dict[str, list[StoredAnswer]]) -> dict:
        counts, means = {}, {}
        for key, group in groups.items():
            tally = [0] * 5
            for answer in group:
                tally[answer.body["value"] - 1] += 1
            counts[key] = tally
            means[key] = round(sum(a.body["value"] for a in group) / len(group), 2) if group else None
        labels = list(activity.spec.scale_labels)
        return {"labels": labels, "counts": counts, "means": means, "respondents": {key: len(g) for key, g in groups.items()}}

    def results(self, activity, answers, earlier=None):
        return visible_figures(activity, answers, self.tally)

    def tables(self, activity, answers, earlier=None):
        results = self.tally(activity, by_role([a for a in answers if not a.hidden]))  # the export: every role
        roles = role_columns(results["counts"])
        low, high = activity.spec.scale_labels
        headers = ["Answer", "All", *(ROLE_LABELS[r] for r in roles)]
        names = [f"1 ({low})", "2", "3", "4", f"5 ({high})"]
        rows = [[names[i], str(results["counts"]["all"][i]), *(str(results["counts"][r][i]) for r in roles)] for i in range(5)]
        mean = lambda m: "" if m is None else f"{m:.2f}"
        rows.append(["Mean", mean(results["means"]["all"]), *(mean(results["means"][r]) for r in roles)])
        rows.append(["Respondents", str(results["respondents"]["all"]), *(str(results["respondents"][r]) for r in roles)])
        return [Table(headers, rows, numeric=tuple(range(1, len(headers))), caption="Answers by role")]


# --- Word clouds ----------------------------------------------------------------------------

# A word is letters and digits, or pictographs: an emoji on its own ("🔥") is a word a phone
# types as readily as any other. (The emoji's variation selector and skin tones ride along.)
EMOJI = "\u2600-\u27BF\U0001F000-\U0001FAFF\uFE0F"
WORD = re.compile(rf"(?:[^\W_]|[{EMOJI}])+(?:['’-](?:[^\W_]|[{EMOJI}])+)*", re.UNICODE)


class WordcloudKind(ActivityKind):
    """One to three words an answer; the cloud counts each answer's words as one phrase,
    case-insensitively ("data quality" stays one entry, as the participant meant it)."""

    name = "wordcloud"
    label = "Word cloud"
    max_per_participant = CLOUD_ANSWERS_PER_PARTICIPANT
    assets = ("simple.js",)

    def describe(self, activity):
        return {"max_text": MAX_CLOUD_TEXT}  # the phone says this limit; it never cuts to it

    def clean(self, activity, payload):
        text = clean_text(payload.get("text"), MAX_CLOUD_TEXT, "the words")
        # NFKC first: "café" typed with a combining accent and "ＯＰＳ" from a full-width
        # keyboard count with "café" and "ops".
        words = [w.lower() for w in WORD.findall(unicodedata.normalize("NFKC", text))]
        if not words:
            raise AnswerRefused("type a word or two")
        if len(words) > MAX_WORDS_PER_ANSWER:
            raise AnswerRefused(f"at most {MAX_WORDS_PER_ANSWER} words")
        if any(len(w) > MAX_WORD for w in words):
            raise AnswerRefused(f"a word is longer than {MAX_WORD} characters")
        return {"text": text, "phrase": " ".join(words)}

    def word_counts(self, groups: dict[str, list[StoredAnswer]]) -> dict[str, list]:
        result = {}
        for key, group in groups.items():
            counter = Counter(answer.body["phrase"] for answer in group)
            result[key] = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        return result

    def results(self, activity, answers, earlier=None):
        top = lambda activity, groups: {"words": {key: [list(kv) for kv in words[:CLOUD_TOP]] for key, words in self.word_counts(groups).items()}}
        return visible_figures(activity, answers, top)

    def tables(self, activity, answers, earlier=None):
        counts = self.word_counts(by_role([a for a in answers if not a.hidden]))  # the export: every role
        tables = [Table(["Word", "Count"], [[w, str(n)] for w, n in counts["all"]], numeric=(1,), caption="Words, all roles")]
        for role in role_columns(counts):
            tables.append(Table(["Word", "Count"], [[w, str(n)] for w, n in counts[role]], numeric=(1,), caption=f"Words: {ROLE_LABELS[role]}"))
        return tables
