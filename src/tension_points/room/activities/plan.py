"""The action plan as a room activity: each participant writes their own plan on the phone.

The fields are the action-plan form of ``data/forms.yaml``, whose ids are the keys of the
closing module's template ``exercises/data/action-plan-template.yaml`` (the handouts'
tests check that they agree). A plan can be sent again to edit it (the latest replaces
the earlier one). A name is stored only when the participant ticks "put my name on it",
so the facilitator's export holds no name nobody chose to give.

A participant downloads their own plan as Markdown or opens it as a printable page; the
routes sit behind the participant gate and serve the plan stored for the cookie's
participant, so nobody can fetch another's plan.
"""

from __future__ import annotations

from datetime import datetime

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from tension_points.course.forms import intro_for, questions_for
from tension_points.reports import Table
from tension_points.room.activities.base import MAX_TEXT, ActivityKind, AnswerRefused, KindContext, KindRoutes, SpecProblem, clean_text
from tension_points.room.activities.survey import FORM_ID, FormSpec, forms_data
from tension_points.room.guards import BadRequest

PLAN_FORM = "action-plan"
MAX_NAME = 40


def plan_form(activity) -> dict:
    return forms_data().forms[activity.spec.form or PLAN_FORM]  # the catalogue checked the name (PlanKind.parse_spec)


def plan_fields(activity) -> list[dict]:
    """The plan's lines this room asks: none prepared only by modules its agenda leaves out."""
    return [{"id": q["id"], "text": q["text"], "hint": q.get("hint", ""), "lines": q.get("lines", 1)}
            for q in questions_for(plan_form(activity), activity.modules_left_out)]


def clean_name(payload: dict) -> str | None:
    ticked = payload.get("share_name", False)
    if not isinstance(ticked, bool):
        raise AnswerRefused("share_name must be true or false")
    if not ticked:
        return None  # a name typed but not ticked is not kept
    return " ".join(clean_text(payload.get("name"), MAX_NAME, "the name to put on your plan").split())


class PlanKind(ActivityKind):
    """One plan a participant, edited by sending it again; downloaded by its writer only."""

    name = "plan"
    label = "Action plan"
    one_per_participant = True
    spec_properties = {"form": FORM_ID}
    spec_type = FormSpec
    assets = ("forms.js", "forms.css")

    def parse_spec(self, raw):
        spec = super().parse_spec(raw)
        form = forms_data().forms.get(spec.form or PLAN_FORM)
        if not form or "questions" not in form:
            raise SpecProblem(f"live.form '{spec.form}' is not a form of data/forms.yaml")
        return spec

    def describe(self, activity):
        form = plan_form(activity)
        return {"form_title": form["title"], "intro": intro_for(form, activity.modules_left_out), "fields": plan_fields(activity), "max_text": MAX_TEXT, "max_name": MAX_NAME}

    def clean(self, activity, payload):
        given = payload.get("fields")
        if not isinstance(given, dict):
            raise AnswerRefused("fields missing: send the plan's lines by field")
        known = [f["id"] for f in plan_fields(activity)]
        for field_id in given:
            if field_id not in known:
                raise AnswerRefused(f"no field '{field_id}' in the action plan")
        fields = {}
        for field_id in known:
            value = given.get(field_id)
            if value is None or (isinstance(value, str) and not value.strip()):
                continue  # a line may be left blank: a module the workshop did not include
            fields[field_id] = clean_text(value, MAX_TEXT, f"the line '{field_id}'")
        if not fields:
            raise AnswerRefused("write at least one line of your plan")
        return {"fields": fields, "name": clean_name(payload)}

    def results(self, activity, answers, earlier=None):
        # The projector shows how many plans are written, never their text: plans are personal.
        return {"plans": len([a for a in answers if not a.hidden])}

    def tables(self, activity, answers, earlier=None):
        fields = plan_fields(activity)
        headers = ["Name (only when given)", *(f["text"] for f in fields)]
        rows = [[a.body.get("name") or "", *(a.body["fields"].get(f["id"], "") for f in fields)] for a in answers]
        return [Table(headers, rows, caption=f"Every plan ({len(answers)})", row_headers=False)]

    def routes(self, context):
        return plan_routes(context)


def plan_markdown(activity, body: dict, written: str) -> str:
    """A participant's own copy, in the worksheet's order and words."""
    form = plan_form(activity)
    lines = [f"# {form['title']}", ""]
    if body.get("name"):
        lines.append(f"Name: {body['name']}  ")
    lines += [f"Date: {written}", ""]
    for field in plan_fields(activity):
        heading = f"{field['text']} {field['hint']}".strip()
        lines += [f"## {heading}", "", body["fields"].get(field["id"], "") or "(left blank)", ""]
    return "\n".join(lines).rstrip() + "\n"


def written_on(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d")


def plan_routes(context: KindContext) -> KindRoutes:
    room = context.room

    def my_plan(request: Request):
        """(activity, body, date written) of the participant's own plan."""
        activity = room.catalogue.get(request.path_params["activity"])
        if activity is None or activity.kind.name != PlanKind.name:
            raise BadRequest(404, "no action plan activity by that id")
        context.limit(request)
        mine = room.store.my_answers(context.participant(request).id, activity.id)
        if not mine:
            raise BadRequest(404, "you have not sent an action plan yet")
        _, stored = room.store.answer(mine[-1]["id"])
        return activity, stored.body, written_on(stored.created_at)

    async def markdown(request: Request):
        activity, body, written = await anyio.to_thread.run_sync(my_plan, request)
        headers = {"content-disposition": 'attachment; filename="action-plan.md"'}
        return Response(plan_markdown(activity, body, written), media_type="text/markdown; charset=utf-8", headers=headers)

    async def printable(request: Request):
        activity, body, written = await anyio.to_thread.run_sync(my_plan, request)
        page = context.render("plan.html", form=plan_form(activity), fields=plan_fields(activity), body=body, written=written)
        return HTMLResponse(page)

    return KindRoutes(participant=[Route("/api/plan/{activity}/markdown", markdown), Route("/api/plan/{activity}/page", printable)])
