"""The room's web application: participant, facilitator and projector screens and their API.

Routes fall in three groups, each behind one gate (``gates.py``):

- public: the join page and ``/join`` (the join code is checked there), static files;
- ``/p/...``: participants (``participant.py``), behind the participant gate (the cookie set at join);
- ``/f/...``: the facilitator's console and the projector (``facilitator.py``), behind the
  facilitator's gate (the room's token). A route added under ``/f`` cannot forget the token.

Each kind of activity adds its routes to the two groups through one :class:`KindContext`.
A route refuses by raising :class:`BadRequest` (or a kind's :class:`AnswerRefused`); the
application's exception handlers write the answer: JSON for the API, the locked page for a page.
"""

from __future__ import annotations

import contextlib
from importlib import resources

import asyncio
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tension_points.room.activities.base import AnswerRefused, KindContext
from tension_points.room.activities.registry import kind_assets, kinds_with_own_routes
from tension_points.room.guards import MAX_BODY, BadRequest, GuardMiddleware, parse_json_object
from tension_points.room.http.errors import ErrorsLogged
from tension_points.room.http.facilitator import facilitator_routes
from tension_points.room.http.gates import FacilitatorGate, ParticipantGate, SecurityHeaders
from tension_points.room.http.pages import locked_page, render
from tension_points.room.http.participant import admit_device, participant_routes, public_routes
from tension_points.room.http.streams import event_stream


async def json_body(request: Request) -> dict:
    return parse_json_object(await request.body())


def kind_context(room) -> KindContext:
    def participant(request: Request):
        return request.scope["state"]["participant"]

    def limit(request: Request) -> None:
        if not room.limiter.allow(participant(request).id):
            raise BadRequest(429, "too many requests; wait a moment")

    def stream(request: Request, audiences: frozenset, snapshot):
        return event_stream(request, room.broadcaster, audiences, snapshot)

    async def admit(request: Request, response, role: str, team: str | None):
        return await admit_device(room, request, response, role, team)

    return KindContext(room=room, json_body=json_body, participant=participant, limit=limit, render=render, stream=stream, admit=admit)


async def refused(request: Request, error: BadRequest):
    if "/api/" in request.url.path or request.method != "GET":
        return JSONResponse({"error": error.message, **error.extra}, status_code=error.status)
    return locked_page(error.message, error.status)


async def answer_refused(request: Request, error: AnswerRefused):
    return JSONResponse({"error": str(error)}, status_code=422)


def build_app(room) -> Starlette:
    context = kind_context(room)
    public, participant, facilitator = public_routes(room, context), participant_routes(room, context), facilitator_routes(room, context)
    for kind in kinds_with_own_routes():
        routes = kind.routes(context)
        public += routes.public
        participant += routes.participant
        facilitator += routes.facilitator
    assets = kind_assets()

    async def kind_asset(request: Request):
        name = request.path_params["name"]
        if name not in assets:
            raise BadRequest(404, "no such file")
        return FileResponse(assets[name])

    @contextlib.asynccontextmanager
    async def lifespan(app):
        room.ticker = asyncio.create_task(room.tick_forever())
        try:
            yield
        finally:
            room.ticker.cancel()
            for stop in context.on_shutdown:
                stop()

    static = StaticFiles(directory=str(resources.files("tension_points.room") / "static"))
    return Starlette(
        routes=[
            *public,
            Mount("/p", routes=participant, middleware=[Middleware(ParticipantGate, room=room)]),
            Mount("/f", routes=facilitator, middleware=[Middleware(FacilitatorGate, room=room)]),
            Route("/static/kinds/{name}", kind_asset),
            Mount("/static", app=static),
        ],
        middleware=[
            Middleware(ErrorsLogged),
            Middleware(GuardMiddleware, allowed_hosts=room.allowed_hosts),
            Middleware(RequestBodyLimitMiddleware, max_body_size=MAX_BODY),
            Middleware(SecurityHeaders),
        ],
        exception_handlers={BadRequest: refused, AnswerRefused: answer_refused},
        lifespan=lifespan,
    )
