"""The facilitator's side, behind the facilitator's gate: the console and the projector, their
state and events, and the agenda and activity controls."""

from __future__ import annotations

import time

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tension_points.room.events import FACILITATOR, PUBLIC
from tension_points.room.guards import BadRequest
from tension_points.room.lateness import MOST_BEHIND
from tension_points.room.http.gates import SECURITY_HEADERS
from tension_points.room.http.pages import page, qr_svg
from tension_points.room.live import NOTHING_SELECTED
from tension_points.room.http.streams import event_stream

MAX_EXTEND = 30


def whole_number(value, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadRequest(422, what)
    return value


def facilitator_routes(room, context) -> list[Route]:
    async def console(request: Request):
        return page("console.html", join_code=room.store.join_code, join_url=room.join_url(), qr=qr_svg(room.join_url()),
                    network=room.links.participant_base is not None)

    async def projector(request: Request):
        response = page("projector.html", join_code=room.store.join_code, join_url=room.join_url(), qr=qr_svg(room.join_url()))
        # The console shows it too, in a frame: this page alone may be framed, and only by the room's own pages.
        response.headers["content-security-policy"] = SECURITY_HEADERS["content-security-policy"].replace("frame-ancestors 'none'", "frame-ancestors 'self'")
        return response

    async def console_state(request: Request):
        return JSONResponse(await anyio.to_thread.run_sync(room.facilitator_view))

    async def projector_state(request: Request):
        snapshot = await anyio.to_thread.run_sync(room.public_snapshot)
        return JSONResponse({**snapshot, "now": time.time(), "last_event_id": room.broadcaster.last_id})

    async def console_events(request: Request):
        return event_stream(request, room.broadcaster, frozenset({PUBLIC, FACILITATOR}), room.public_snapshot)

    async def projector_events(request: Request):
        return event_stream(request, room.broadcaster, frozenset({PUBLIC}), room.public_snapshot)

    async def segment(request: Request):
        data = await context.json_body(request)
        action = data.get("action")
        async with room.actions:
            if action == "start":
                index = whole_number(data.get("index"), "index must be an agenda item's number")
                await anyio.to_thread.run_sync(room.start_segment, index)
            elif action == "next":
                await anyio.to_thread.run_sync(room.next_segment)
            elif action == "extend":
                minutes = data.get("minutes", 1)
                if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= MAX_EXTEND:
                    raise BadRequest(422, f"minutes must be from 1 to {MAX_EXTEND}")
                await anyio.to_thread.run_sync(room.extend, minutes)
            elif action == "finish":
                await anyio.to_thread.run_sync(room.finish)
            elif action == "accept-late":
                # The minutes the console showed the cuts for: what the facilitator agreed to.
                behind = data.get("behind")
                if not isinstance(behind, int) or isinstance(behind, bool) or not 1 <= behind <= MOST_BEHIND:
                    raise BadRequest(422, f"behind must be the minutes behind, from 1 to {MOST_BEHIND}")
                await anyio.to_thread.run_sync(room.accept_late_plan, behind)
            else:
                raise BadRequest(422, "action must be start, next, extend, finish or accept-late")
            await room.announce()
            return JSONResponse({"state": room.public_state()})

    async def activity_action(request: Request):
        data = await context.json_body(request)
        action = data.get("action")
        async with room.actions:
            if action == "open":
                activity_id = data.get("activity", room.state.activity)
                if activity_id is None:
                    raise BadRequest(409, NOTHING_SELECTED)
                if not isinstance(activity_id, str):
                    raise BadRequest(422, "activity must be an activity id")
                await anyio.to_thread.run_sync(room.open_activity, activity_id)
            elif action == "close":
                await anyio.to_thread.run_sync(room.close_current)
            elif action in ("reveal", "conceal"):
                await anyio.to_thread.run_sync(room.reveal, action == "reveal")
            elif action in ("split", "unsplit"):
                await anyio.to_thread.run_sync(room.split_by_role, action == "split")
            else:
                raise BadRequest(422, "action must be open, close, reveal, conceal, split or unsplit")
            await room.announce()
            return JSONResponse({"state": room.public_state()})

    return [
        Route("/", console),
        Route("/projector", projector),
        Route("/api/state", console_state),
        Route("/api/projector-state", projector_state),
        Route("/api/events", console_events),
        Route("/api/projector-events", projector_events),
        Route("/api/segment", segment, methods=["POST"]),
        Route("/api/activity", activity_action, methods=["POST"]),
    ]
