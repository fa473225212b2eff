"""The before and after surveys as a room activity, with their questions read from ``data/forms.yaml``.

A participant answers the whole survey on one page of the phone; sending it again replaces
the earlier answer. The self-assessment question ("I can..." statements on the kit's 1-5
scale) leaves out the statements of the modules the room's agenda does not run (``taught_in``;
the catalogue tells each activity which those are), in the same words before and after, so the post survey's results pair each
participant's two answers and show, statement by statement, the mean before, the mean
after and how many answered both. The screens show a mean only once the privacy rule
(``privacy.py``: at least three people behind every figure) lets them; the facilitator's
export keeps every figure.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from statistics import mean

from tension_points.course.forms import load_forms, statements_for
from tension_points.reports import Table
from tension_points.room.activities.base import MAX_TEXT, ActivityKind, AnswerRefused, SpecProblem, clean_text
from tension_points.room.activities.privacy import MIN_GROUP, smallest_shown
from tension_points.room.roles import role_label



@functools.lru_cache(maxsize=1)
def forms_data():
    return load_forms()


def survey_form_names() -> list[str]:
    return [name for name, form in forms_data().forms.items() if "questions" in form and "fields" not in form]


def survey_form(activity) -> dict:
    return forms_data().forms[activity.spec.form]  # the catalogue checked the name (SurveyKind.parse_spec)


def asked_statements(activity) -> list[dict]:
    """The "I can..." statements this room asks: none of a module its agenda leaves out."""
    return statements_for(forms_data(), activity.modules_left_out)


FORM_ID = {"type": "string", "pattern": "^[a-z][a-z0-9-]*$", "description": "a form of data/forms.yaml"}


@dataclass(frozen=True)
class FormSpec:
    form: str | None = None


def public_question(question: dict, data, asked: list[dict]) -> dict:
    """A question as the phone draws it: the scale's ends and the statements filled in from the data."""
    shown = {"id": question["id"], "kind": question["kind"], "text": question["text"]}
    if question["kind"] == "choice":
        shown["options"] = list(question["options"])
    elif question["kind"] == "text":
        shown["lines"] = question.get("lines", 1)
    elif question["kind"] == "scale":
        shown.update(points=data.scale["points"], low=question.get("low", data.scale["low"]), high=question.get("high", data.scale["high"]))
    elif question["kind"] == "self-assessment":
        shown.update(points=data.scale["points"], low=data.scale["low"], high=data.scale["high"])
        shown["statements"] = [{"id": s["id"], "text": s["text"]} for s in asked]
    return shown


def whole_number(value, low: int, high: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise AnswerRefused(f"{what}: pick a number from {low} to {high}")
    return value


def clean_answer(question: dict, value, data, asked: list[dict]):
    """One question's answer, or None when left blank (every question may be skipped)."""
    kind, what = question["kind"], f"question '{question['id']}'"
    if value is None or value == "" or value == {}:
        return None
    if kind == "choice":
        return whole_number(value, 0, len(question["options"]) - 1, what)
    if kind == "text":
        return clean_text(value, MAX_TEXT, f"the answer to {what}")
    if kind == "scale":
        return whole_number(value, 1, data.scale["points"], what)
    if not isinstance(value, dict):
        raise AnswerRefused(f"{what}: give a number for each statement")
    known = {s["id"] for s in asked}
    for statement in value:
        if statement not in known:
            raise AnswerRefused(f"{what}: no statement '{statement}' in this survey")
    return {s: whole_number(n, 1, data.scale["points"], f"statement '{s}'") for s, n in value.items()}


def statement_mean(values: list[int]) -> float | None:
    return round(mean(values), 2) if values else None


def confidence_question(form: dict) -> dict | None:
    return next((q for q in form["questions"] if q["kind"] == "self-assessment"), None)


def confidence(answers, question_id: str | None) -> dict[int, dict]:
    """Each participant's self-assessment, by participant."""
    if question_id is None:
        return {}
    return {a.participant_id: a.body["answers"][question_id] for a in answers if question_id in a.body["answers"]}


class SurveyKind(ActivityKind):
    """The pre and post survey: every question of the form on one page; one answer a participant."""

    name = "survey"
    label = "Survey"
    one_per_participant = True
    compares_with_earlier = True
    spec_properties = {"form": FORM_ID}
    spec_type = FormSpec
    assets = ("forms.js", "forms.css")

    def parse_spec(self, raw):
        spec = super().parse_spec(raw)
        if spec.form not in survey_form_names():
            given = f"live.form '{spec.form}'" if spec.form else "no live.form"
            raise SpecProblem(f"a survey needs live.form, one of {', '.join(survey_form_names())} (data/forms.yaml); this one has {given}")
        return spec

    def describe(self, activity):
        form, data = survey_form(activity), forms_data()
        asked = asked_statements(activity)
        return {"form_title": form["title"], "intro": form.get("intro", ""), "questions": [public_question(q, data, asked) for q in form["questions"]]}

    def clean(self, activity, payload):
        given = payload.get("answers")
        if not isinstance(given, dict):
            raise AnswerRefused("answers missing: send the survey's answers by question")
        questions = {q["id"]: q for q in survey_form(activity)["questions"]}
        for question_id in given:
            if question_id not in questions:
                raise AnswerRefused(f"no question '{question_id}' in this survey")
        asked = asked_statements(activity)
        cleaned = {qid: clean_answer(questions[qid], value, forms_data(), asked) for qid, value in given.items()}
        cleaned = {qid: value for qid, value in cleaned.items() if value is not None}
        if not cleaned:
            raise AnswerRefused("answer at least one question")
        return {"answers": cleaned}

    def results(self, activity, answers, earlier=None):
        """What the phones and the projector show: the figures, less the means of too few people."""
        figures = self.figures(activity, answers, earlier)
        for row in figures["statements"]:
            if row["answered"] < smallest_shown():
                row["mean"] = None
        for row in figures["change"] or ():
            if row["both"] < smallest_shown():
                row.update(before=None, after=None, change=None)
        return {**figures, "min_group": MIN_GROUP}

    def figures(self, activity, answers, earlier=None):
        answers = [a for a in answers if not a.hidden]
        question = confidence_question(survey_form(activity))
        mine = confidence(answers, question and question["id"])
        statements = []
        for statement in asked_statements(activity) if question else []:
            now = [c[statement["id"]] for c in mine.values() if statement["id"] in c]
            statements.append({"id": statement["id"], "text": statement["text"], "mean": statement_mean(now), "answered": len(now)})
        return {"respondents": len(answers), "statements": statements, "change": self.change(activity, mine, earlier)}

    def change(self, activity, after: dict[int, dict], earlier) -> list[dict] | None:
        """Per statement, over the participants who answered it both times: mean before, mean after."""
        if earlier is None or activity.compare_with is None:
            return None
        before = confidence(earlier, self.earlier_question_id(earlier))
        rows = []
        for statement in asked_statements(activity):
            key = statement["id"]
            pairs = [(before[p][key], after[p][key]) for p in after if p in before and key in before[p] and key in after[p]]
            first, then = [b for b, _ in pairs], [a for _, a in pairs]
            rows.append(
                {"id": key, "text": statement["text"], "before": statement_mean(first), "after": statement_mean(then), "both": len(pairs),
                 # from the unrounded means, so the change is never off by the rounding of the two
                 "change": round(mean(then) - mean(first), 2) if pairs else None}
            )
        return rows

    @staticmethod
    def earlier_question_id(earlier) -> str | None:
        # The earlier survey's self-assessment answers sit under its own question id; the
        # kit's two surveys both call it "confidence", but a course may name it otherwise.
        for answer in earlier:
            for question_id, value in answer.body.get("answers", {}).items():
                if isinstance(value, dict):
                    return question_id
        return None

    def tables(self, activity, answers, earlier=None):
        form, data, asked = survey_form(activity), forms_data(), asked_statements(activity)
        headers, found = ["Role"], []
        for question in form["questions"]:
            if question["kind"] == "self-assessment":
                headers += [f"{question['id']}: {s['id']}" for s in asked]
            else:
                headers.append(question["id"])
        rows = []
        for answer in answers:
            row = [role_label(answer.role)]
            for question in form["questions"]:
                value = answer.body["answers"].get(question["id"])
                if question["kind"] == "self-assessment":
                    row += [str((value or {}).get(s["id"], "")) for s in asked]
                elif question["kind"] == "choice":
                    row.append(question["options"][value] if value is not None else "")
                else:
                    row.append("" if value is None else str(value))
            rows.append(row)
        found.append(Table(headers, rows, caption=f"Every answer ({len(answers)})"))
        questions = [[q["id"], q["text"]] for q in form["questions"]] + [[s["id"], f"I can {s['text']}"] for s in asked]
        found.append(Table(["Id", "Question"], questions, caption="The questions"))
        results = self.figures(activity, answers, earlier)  # the export is the facilitator's: every figure
        if results["change"] is not None:
            number = lambda n: "" if n is None else f"{n:.2f}"
            change = lambda n: "" if n is None else f"{n:+.2f}"
            found.append(
                Table(
                    ["Statement", "Mean before", "Mean after", "Change", "Answered both"],
                    [[f"I can {r['text']}", number(r["before"]), number(r["after"]), change(r["change"]), str(r["both"])] for r in results["change"]],
                    numeric=(1, 2, 3, 4),
                    caption=f"Confidence before and after, per statement (1 = {data.scale['low']}, {data.scale['points']} = {data.scale['high']})",
                )
            )
        return found
