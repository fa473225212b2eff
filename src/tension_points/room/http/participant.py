"""The participants' side: joining (public), then the phone's page, state, events, answers
and stuck/done flags (behind the participant gate)."""

from __future__ import annotations

import hmac
import re

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from tension_points.room.events import FACILITATOR, PUBLIC
from tension_points.room.guards import BadRequest
from tension_points.room.http.gates import cookie_value, participant_cookie
from tension_points.room.http.pages import page
from tension_points.room.http.streams import event_stream
from tension_points.room.roles import ROLE_LABELS
from tension_points.room.store import TooManyAnswers

MAX_PARTICIPANTS = 1000
KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
MAX_NICKNAME = 40
MAX_TEAM = 30
JOIN_COOKIE_SECONDS = 3 * 24 * 3600


def optional_text(value, limit: int, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadRequest(422, f"{what} must be text")
    text = " ".join(value.split())
    if len(text) > limit:
        raise BadRequest(422, f"{what} is longer than {limit} characters")
    return text or None


async def admit(room, nickname: str | None, role: str, team: str | None, response) -> object:
    """A new participant, with their cookie set on ``response``."""
    if len(await anyio.to_thread.run_sync(room.store.roster)) >= MAX_PARTICIPANTS:
        raise BadRequest(403, "the room is full")
    participant, secret = await anyio.to_thread.run_sync(room.store.add_participant, nickname, role, team)
    room.roster_dirty = True
    response.set_cookie(participant_cookie(room), secret, httponly=True, samesite="lax", path="/", max_age=JOIN_COOKIE_SECONDS)
    return participant


def joined_already(room, request: Request):
    """The participant this device already is (its join cookie), or None: a phone that pressed
    Back to the join page is the same person, never a second one toward the three-person rule."""
    secret = cookie_value(request.scope, participant_cookie(room))
    return room.store.participant(secret) if secret else None


async def admit_device(room, request: Request, response, role: str, team: str | None) -> object:
    """The participant this device already is (its cookie), or a new one: a link that seats a
    device lets it in without the join form, and twice opened it is still one participant."""
    known = await anyio.to_thread.run_sync(joined_already, room, request)
    return known or await admit(room, None, role, team, response)


def public_routes(room, context) -> list[Route]:
    def join_form(code: str, request: Request):
        if joined_already(room, request) is not None:
            return RedirectResponse("/p/", status_code=303)
        return page("join.html", code=code)

    async def join_page(request: Request):
        return join_form("", request)

    async def join_link(request: Request):
        return join_form(request.path_params["code"][:16], request)

    async def join(request: Request):
        data = await context.json_body(request)
        code = str(data.get("code", "")).strip().upper().replace(" ", "")
        # Wrong codes are limited per client address, never for the room as a whole: one
        # device's flood of guesses (or typos) never keeps anyone else out. An address over
        # its limit is refused whatever code it sends, or the limit would not slow guessing
        # (a right guess would answer differently from a wrong one).
        client = request.client.host if request.client else ""
        if not room.join_failures.allow(client, spend=False):
            raise BadRequest(429, "too many wrong codes from this device; wait a minute, then type the code on the projector")
        if not hmac.compare_digest(code.encode(), room.store.join_code.encode()):
            room.join_failures.allow(client)
            raise BadRequest(403, "that is not this room's code; check the projector")
        if joined_already(room, request) is not None:  # the join form kept by the browser's Back
            return JSONResponse({"joined": True, "go": "/p/", "already": True})
        role = data.get("role")
        if role not in ROLE_LABELS:
            raise BadRequest(422, "pick your role")
        nickname = optional_text(data.get("nickname"), MAX_NICKNAME, "nickname")
        team = optional_text(data.get("team"), MAX_TEAM, "table or pair")
        response = JSONResponse({"joined": True, "go": "/p/"})
        await admit(room, nickname, role, team, response)
        return response

    return [Route("/", join_page), Route("/j/{code}", join_link), Route("/join", join, methods=["POST"])]


def participant_routes(room, context) -> list[Route]:
    me, limited = context.participant, context.limit

    async def participant_page(request: Request):
        participant = me(request)
        return page("participant.html", participant=participant, role_label=ROLE_LABELS[participant.role])

    async def participant_state(request: Request):
        limited(request)
        return JSONResponse(await anyio.to_thread.run_sync(room.phone_view, me(request)))

    async def participant_events(request: Request):
        return event_stream(request, room.broadcaster, frozenset({PUBLIC}), room.public_snapshot)

    async def answer(request: Request):
        limited(request)
        participant = me(request)
        data = await context.json_body(request)
        key = data.get("key")
        if not isinstance(key, str) or not KEY.fullmatch(key):
            raise BadRequest(422, "each answer needs an idempotency key of 8 to 64 letters, digits, - or _")
        activity_id = data.get("activity")
        activity = room.activity()
        if activity is None or activity.id != activity_id or room.state.phase != "open":
            known = await anyio.to_thread.run_sync(lambda: [a for a in room.store.my_answers(participant.id, str(activity_id)) if a["key"] == key])
            if known:
                return JSONResponse({"stored": True, "id": known[0]["id"], "duplicate": True})
            raise BadRequest(409, "this activity is not taking answers now; your text is kept on your phone")
        kind = activity.kind
        body = kind.clean(activity, data)  # AnswerRefused: 422 with the kind's reason
        try:
            answer_id, duplicate = await anyio.to_thread.run_sync(
                room.store.add_answer, participant, activity.id, key, body, kind.one_per_participant, kind.max_per_participant
            )
        except TooManyAnswers as limit:
            raise BadRequest(422, f"you have sent {limit} answers here, the most this activity takes") from None
        room.mark_dirty(activity.id)
        return JSONResponse({"stored": True, "id": answer_id, "duplicate": duplicate})

    async def flag(request: Request):
        limited(request)
        participant = me(request)
        data = await context.json_body(request)
        state = data.get("state")
        if state not in ("stuck", "done", "none"):
            raise BadRequest(422, "state must be stuck, done or none")
        team = participant.team or f"{participant.nickname or ROLE_LABELS[participant.role]} (#{participant.id})"
        activity = room.activity()
        activity_id = activity.id if activity else None
        await anyio.to_thread.run_sync(room.store.add_flag, activity_id, team, state, participant.id)
        flags = await anyio.to_thread.run_sync(room.store.flags, activity_id)
        room.broadcaster.publish(PUBLIC, {"type": "flags", "activity": activity_id, "flags": flags})
        room.broadcaster.publish(FACILITATOR, {"type": "console"})
        return JSONResponse({"flag": state, "team": team})

    return [
        Route("/", participant_page),
        Route("/api/state", participant_state),
        Route("/api/events", participant_events),
        Route("/api/answer", answer, methods=["POST"]),
        Route("/api/flag", flag, methods=["POST"]),
    ]
