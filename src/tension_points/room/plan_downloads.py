"""A participant's own action plan, downloaded as Markdown or as a printable page.

The routes sit under ``/p/api``, behind the participant gate: the plan served is always
the one stored for the cookie's participant, so nobody can fetch another's plan.
"""

from __future__ import annotations

from datetime import datetime

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from tension_points.room.plan_activity import plan_fields, plan_form, plan_markdown


def written_on(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d")


def my_plan(room, request: Request):
    """(activity, body, date written) of the participant's plan, or an error response."""
    activity = room.catalogue.get(request.path_params["activity"])
    if activity is None or activity.kind != "plan":
        return JSONResponse({"error": "no action plan activity by that id"}, status_code=404)
    participant = request.scope["state"]["participant"]
    if not room.limiter.allow(participant.id):
        return JSONResponse({"error": "too many requests; wait a moment"}, status_code=429)
    mine = room.store.my_answers(participant.id, activity.id)
    if not mine:
        return JSONResponse({"error": "you have not sent an action plan yet"}, status_code=404)
    _, stored = room.store.answer(mine[-1]["id"])
    return activity, stored.body, written_on(stored.created_at)


def plan_routes(room, render) -> list[Route]:
    async def markdown(request: Request):
        found = await anyio.to_thread.run_sync(my_plan, room, request)
        if isinstance(found, Response):
            return found
        activity, body, written = found
        headers = {"content-disposition": 'attachment; filename="action-plan.md"'}
        return Response(plan_markdown(activity, body, written), media_type="text/markdown; charset=utf-8", headers=headers)

    async def printable(request: Request):
        found = await anyio.to_thread.run_sync(my_plan, room, request)
        if isinstance(found, Response):
            return found
        activity, body, written = found
        form = plan_form(activity)
        return HTMLResponse(render("plan.html", form=form, fields=plan_fields(activity), body=body, written=written))

    return [
        Route("/api/plan/{activity}/markdown", markdown),
        Route("/api/plan/{activity}/page", printable),
    ]
