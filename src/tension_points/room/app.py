"""The room's web application: participant, facilitator and projector screens and their API.

Routes fall in three groups, each behind one gate:

- public: the join page and ``/join`` (the join code is checked there), static files;
- ``/p/...``: participants, behind :class:`ParticipantGate` (the cookie set at join);
- ``/f/...``: the facilitator's console and the projector, behind :class:`FacilitatorGate`
  (the room's token). A route added under ``/f`` cannot forget the token.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hmac
import re
import time
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from urllib.parse import urlencode

import anyio
import jinja2
import segno
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tension_points.room import maps_activity
from tension_points.room.catalogue import Catalogue, RoomActivity
from tension_points.room.events import FACILITATOR, PUBLIC, Broadcaster, encode
from tension_points.room.guards import MAX_BODY, BadRequest, GuardMiddleware, RateLimiter, parse_json_object
from tension_points.room.kinds import ROLE_LABELS, ROLES, AnswerRefused, results_of
from tension_points.room.plan_downloads import plan_routes
from tension_points.room.store import Participant, RoomStore, TooManyAnswers
from tension_points.room import woz_activity

MAX_PARTICIPANTS = 1000
KEEPALIVE_SECONDS = 15
TICK_SECONDS = 0.25
KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
MAX_NICKNAME = 40
MAX_TEAM = 30
MAX_EXTEND = 30

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("tension_points.room", "templates"),
        autoescape=True,  # every template, whatever its name: nothing typed becomes markup
        undefined=jinja2.StrictUndefined,
    )


@dataclass
class Links:
    """Where participants and the facilitator reach the room."""

    participant_base: str | None  # http://ADDRESS:PORT on the room's network, or None on loopback only
    local_base: str  # http://127.0.0.1:PORT

    @property
    def join_base(self) -> str:
        return self.participant_base or self.local_base


def in_one_transaction(method):
    """A facilitator action's writes (timings, runs, the state) commit together: one sync, not three."""

    @functools.wraps(method)
    def wrapped(self, *args):
        with self.store.transaction():
            return method(self, *args)

    return wrapped


class Room:
    """The running room: the store, the course's activities, the live state and the event stream."""

    def __init__(self, store: RoomStore, catalogue: Catalogue, links: Links, allowed_hosts: set[str]):
        self.store = store
        self.catalogue = catalogue
        self.links = links
        self.allowed_hosts = allowed_hosts
        self.actions = asyncio.Lock()  # one facilitator action at a time
        self.broadcaster = Broadcaster(store.boot)
        self.limiter = RateLimiter()
        self.join_failures = RateLimiter(rate=1.0, burst=30)
        self.state = self.restored_state()
        self.dirty: set[str] = set()
        self.roster_dirty = False
        self.wall_sent: dict[str, int] = {}
        self.ticker: asyncio.Task | None = None

    def restored_state(self) -> dict:
        state = {"segment": None, "segment_run": None, "activity": None, "activity_run": None, "phase": "ready", "revealed": False}
        state.update(self.store.state())
        if state["activity"] is not None and self.catalogue.get(state["activity"]) is None:
            state.update(activity=None, activity_run=None, phase="ready", revealed=False)
        return state

    # --- Views --------------------------------------------------------------------------

    @property
    def agenda(self) -> list[dict]:
        return self.store.agenda

    def activity(self) -> RoomActivity | None:
        return self.catalogue.get(self.state["activity"]) if self.state["activity"] else None

    def segment_view(self) -> dict | None:
        if self.state["segment_run"] is None:
            return None
        run = self.store.segment_run(self.state["segment_run"])
        if run is None or run["ended_at"] is not None:
            return None
        minutes = run["planned_minutes"] + run["extended_minutes"]
        item = self.agenda[run["agenda_index"]]
        return {
            "index": run["agenda_index"],
            "title": run["title"],
            "kind": item["kind"],
            "planned_minutes": run["planned_minutes"],
            "extended_minutes": run["extended_minutes"],
            "started_at": run["started_at"],
            "ends_at": run["started_at"] + minutes * 60,
        }

    def public_state(self) -> dict:
        activity = self.activity()
        view = None
        if activity is not None:
            view = {**activity.public(), "phase": self.state["phase"], "revealed": self.state["revealed"]}
        return {"segment": self.segment_view(), "activity": view, "finished": self.state.get("finished", False)}

    def public_results(self) -> dict | None:
        activity = self.activity()
        if activity is None or not self.state["revealed"]:
            return None
        answers = self.store.answers(activity.id, include_hidden=False)
        return results_of(activity, answers, self.store.answers)

    def roster_counts(self) -> dict:
        counts = {role: 0 for role, _ in ROLES}
        for participant in self.store.roster():
            counts[participant.role] = counts.get(participant.role, 0) + 1
        return {"total": sum(counts.values()), "by_role": counts}

    def public_snapshot(self) -> dict:
        activity = self.activity()
        return {
            "type": "state",
            "state": self.public_state(),
            "results": self.public_results(),
            "flags": self.store.flags(activity.id if activity else None),
            "roster": self.roster_counts(),
        }

    def facilitator_view(self) -> dict:
        activity = self.activity()
        results, wall, answered = None, [], 0
        if activity is not None:
            answers = self.store.answers(activity.id)
            answered = len(answers)
            results = results_of(activity, answers, self.store.answers)
            if activity.kind == "open":
                wall = [
                    {"id": a.id, "text": a.body["text"], "role": a.role, "votes": a.votes, "pinned": a.pinned, "hidden": a.hidden}
                    for a in sorted(answers, key=lambda a: (not a.pinned, -a.votes, a.created_at))
                ]
        flags = []
        for team, flag in self.store.flags(activity.id if activity else None).items():
            flags.append({"team": team, "state": flag["state"], "since": flag["at"]})
        return {
            "now": time.time(),
            "state": self.public_state(),
            "results": results,
            "wall": wall,
            "answered": answered,
            "flags": sorted(flags, key=lambda f: (f["state"] != "stuck", f["since"])),
            "roster": self.roster_counts(),
            "agenda": self.agenda_view(),
            "agenda_start": self.agenda_start(self.store.segment_runs()),
            "activities": [
                {"id": a.id, "title": a.title, "module": a.module_title, "kind": a.kind} for a in self.catalogue.ordered()
            ],
            "join": {"code": self.store.join_code, "url": self.join_url()},
        }

    def agenda_start(self, runs: list[dict]) -> float:
        return planned_start(self.store.settings.get("start"), runs[0]["started_at"] if runs else None)

    def agenda_view(self) -> list[dict]:
        runs = self.store.segment_runs()
        start = self.agenda_start(runs)
        rows = []
        for item in self.agenda:
            used = [r for r in runs if r["agenda_index"] == item["index"]]
            actual = used[0]["started_at"] if used else None
            spent = sum(((r["ended_at"] or time.time()) - r["started_at"]) for r in used) / 60 if used else None
            rows.append(
                {
                    **item,
                    "planned_clock": clock_text(start + item["offset"] * 60),
                    "actual_clock": clock_text(actual) if actual else None,
                    "used_minutes": round(spent, 1) if spent is not None else None,
                    "activity": item["segment_id"] if self.catalogue.get(item["segment_id"] or "") else None,
                }
            )
        return rows

    def join_url(self) -> str:
        return f"{self.links.join_base}/j/{self.store.join_code}"

    # --- Changes ------------------------------------------------------------------------

    def save(self) -> None:
        self.store.save_state(self.state)


    async def announce(self) -> None:
        """After a change of state: every screen gets the new state (and results, when revealed)."""
        snapshot = await anyio.to_thread.run_sync(self.public_snapshot)
        self.broadcaster.publish(PUBLIC, {"type": "state", "state": snapshot["state"], "results": snapshot["results"]})
        self.broadcaster.publish(FACILITATOR, {"type": "console"})
        activity = self.activity()
        results = snapshot["results"]
        if activity is not None and results is not None and activity.kind == "open":
            self.wall_sent[activity.id] = max((a["id"] for a in results["answers"]), default=0)

    @in_one_transaction
    def start_segment(self, index: int) -> None:
        if not 0 <= index < len(self.agenda):
            raise BadRequest(404, f"no agenda item {index}")
        item = self.agenda[index]
        now = time.time()
        run = self.store.start_segment(index, item["segment_id"], item["title"], item["minutes"], now)
        self.state.update(segment=index, segment_run=run, finished=False)
        activity = self.catalogue.get(item["segment_id"] or "")
        self.close_activity(now)
        if activity is not None:
            self.state.update(activity=activity.id, activity_run=None, phase="ready", revealed=False)
        else:
            self.state.update(activity=None, activity_run=None, phase="ready", revealed=False)
        self.save()

    @in_one_transaction
    def next_segment(self) -> None:
        index = self.state["segment"]
        following = 0 if index is None else index + 1
        if following >= len(self.agenda):
            self.finish()
        else:
            self.start_segment(following)

    @in_one_transaction
    def finish(self) -> None:
        now = time.time()
        self.store.end_segments(now)
        self.close_activity(now)
        self.state.update(segment=None, segment_run=None, finished=True)
        self.save()

    @in_one_transaction
    def extend(self, minutes: int) -> None:
        if self.state["segment_run"] is None or self.segment_view() is None:
            raise BadRequest(409, "no segment is running")
        self.store.extend_segment(self.state["segment_run"], minutes)

    @in_one_transaction
    def open_activity(self, activity_id: str) -> None:
        activity = self.catalogue.get(activity_id)
        if activity is None:
            raise BadRequest(404, f"no activity '{activity_id}'")
        now = time.time()
        self.close_activity(now)
        run = self.store.open_activity(activity.id, now)
        self.state.update(activity=activity.id, activity_run=run, phase="open", revealed=False)
        self.save()

    @in_one_transaction
    def close_current(self) -> None:
        self.close_activity(time.time())
        self.save()

    def close_activity(self, now: float) -> None:
        if self.state.get("activity_run") is not None and self.state["phase"] == "open":
            self.store.close_activity(self.state["activity_run"], now)
            self.state["phase"] = "closed"

    @in_one_transaction
    def reveal(self, shown: bool) -> None:
        if self.activity() is None:
            raise BadRequest(409, "no activity is selected")
        if shown and self.state.get("activity_run") is None:
            self.state["activity_run"] = self.store.open_activity(self.state["activity"], time.time())
            self.store.close_activity(self.state["activity_run"], time.time())
            self.state["phase"] = "closed"
        if shown:
            self.store.reveal_activity(self.state["activity_run"], time.time())
        self.state["revealed"] = shown
        self.save()

    async def moderate(self, answer_id: int, action: str) -> None:
        found = await anyio.to_thread.run_sync(self.store.answer, answer_id)
        if found is None:
            raise BadRequest(404, f"no answer {answer_id}")
        activity_id, _ = found
        column, value = {"hide": ("hidden", True), "show": ("hidden", False), "pin": ("pinned", True), "unpin": ("pinned", False)}[action]
        await anyio.to_thread.run_sync(self.store.set_answer_flag, answer_id, column, value)
        if action == "hide":
            self.broadcaster.scrub(lambda p: p.get("type") == "wall", lambda p: without_answer(p, answer_id))
            self.broadcaster.publish(PUBLIC, {"type": "wall", "activity": activity_id, "hidden": [answer_id]})
        elif action == "show":
            self.wall_sent[activity_id] = min(self.wall_sent.get(activity_id, 0), answer_id - 1)
        if action in ("pin", "unpin"):
            self.broadcaster.publish(PUBLIC, {"type": "wall", "activity": activity_id, "pinned": {str(answer_id): value}})
        self.dirty.add(activity_id)

    # --- Live results, coalesced --------------------------------------------------------

    async def tick_forever(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            try:
                await self.tick()
            except Exception as exc:  # a failed tick must not stop live results for the rest of the session
                print(f"tension-points room: live results not sent ({exc})", flush=True)

    async def tick(self) -> None:
        if self.roster_dirty:
            self.roster_dirty = False
            counts = await anyio.to_thread.run_sync(self.roster_counts)
            self.broadcaster.publish(PUBLIC, {"type": "roster", "roster": counts})
        if not self.dirty:
            return
        dirty, self.dirty = self.dirty, set()
        self.broadcaster.publish(FACILITATOR, {"type": "console"})
        activity = self.activity()
        if activity is None or activity.id not in dirty or not self.state["revealed"]:
            return
        answers = await anyio.to_thread.run_sync(lambda: self.store.answers(activity.id, include_hidden=False))
        if activity.kind == "open":
            sent = self.wall_sent.get(activity.id, 0)
            added = [wall_answer(a) for a in answers if a.id > sent]
            self.wall_sent[activity.id] = max([sent, *(a.id for a in answers)])
            self.broadcaster.publish(
                PUBLIC, {"type": "wall", "activity": activity.id, "added": added, "votes": {str(a.id): a.votes for a in answers}}
            )
        else:
            results = await anyio.to_thread.run_sync(results_of, activity, answers, self.store.answers)
            self.broadcaster.publish(PUBLIC, {"type": "results", "activity": activity.id, "results": results})


def wall_answer(answer) -> dict:
    return {"id": answer.id, "text": answer.body["text"], "role": answer.role, "votes": answer.votes, "pinned": answer.pinned}


def without_answer(payload: dict, answer_id: int) -> dict:
    return {**payload, "added": [a for a in payload.get("added", []) if a["id"] != answer_id]}


def planned_start(start_text: str | None, first_run: float | None) -> float:
    """The agenda's start in seconds since the epoch: --start today, else when the first segment began, else now."""
    if start_text:
        hours, minutes = map(int, start_text.split(":"))
        return datetime.now().replace(hour=hours, minute=minutes, second=0, microsecond=0).timestamp()
    return first_run if first_run is not None else time.time()


def clock_text(seconds: float) -> str:
    return datetime.fromtimestamp(seconds).strftime("%H:%M")


# --- Gates ----------------------------------------------------------------------------------


def cookie_value(scope, name: str) -> str | None:
    for key, value in scope["headers"]:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                cookie_name, _, cookie = part.strip().partition("=")
                if cookie_name == name:
                    return cookie
    return None


class FacilitatorGate:
    """The one check of the facilitator's token, in front of every route under /f."""

    def __init__(self, app, room: Room):
        self.app = app
        self.room = room

    @property
    def cookie(self) -> str:
        return f"tp_f_{self.room.store.room_id}"

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        token = self.room.store.token
        offered = request.query_params.get("token")
        if offered is not None and scope["method"] == "GET" and hmac.compare_digest(offered.encode(), token.encode()):
            # The token came in the link: keep it in a cookie and take it out of the address bar.
            rest = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            response = RedirectResponse(request.url.path + (f"?{rest}" if rest else ""), status_code=303)
            response.set_cookie(self.cookie, token, httponly=True, samesite="strict", path="/f")
            return await response(scope, receive, send)
        bearer = request.headers.get("authorization", "")
        presented = bearer[7:] if bearer.startswith("Bearer ") else cookie_value(scope, self.cookie)
        if presented is None or not hmac.compare_digest(presented.encode(), token.encode()):
            if "/api/" in scope["path"]:
                response = JSONResponse({"error": "the facilitator's token is needed"}, status_code=401)
            else:
                response = HTMLResponse(render("locked.html", message="This page is the facilitator's. Open it with the link the room command printed."), status_code=401)
            return await response(scope, receive, send)
        await self.app(scope, receive, send)


class ParticipantGate:
    """Participants' routes need the cookie given at join; the participant is put in the scope."""

    def __init__(self, app, room: Room):
        self.app = app
        self.room = room

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        secret = cookie_value(scope, participant_cookie(self.room))
        participant = self.room.store.participant(secret) if secret else None
        if participant is None:
            if "/api/" in scope["path"]:
                response = JSONResponse({"error": "join the room first", "code": "join"}, status_code=401)
            else:
                response = RedirectResponse("/", status_code=303)
            return await response(scope, receive, send)
        scope.setdefault("state", {})["participant"] = participant
        await self.app(scope, receive, send)


def participant_cookie(room: Room) -> str:
    return f"tp_p_{room.store.room_id}"


# --- Rendering --------------------------------------------------------------------------------

TEMPLATES = templates()


def render(name: str, **context) -> str:
    return TEMPLATES.get_template(name).render(**context)


def page(name: str, **context) -> HTMLResponse:
    return HTMLResponse(render(name, roles=ROLES, **context))


def qr_svg(url: str) -> str:
    """The join link as an inline SVG QR code (segno), with a title for screen readers."""
    return segno.make(url, error="m").svg_inline(scale=6, border=2, title=f"QR code for {url}", dark="#000", light="#fff")


def error_response(refused: BadRequest) -> JSONResponse:
    return JSONResponse({"error": refused.message}, status_code=refused.status)


async def json_body(request: Request) -> dict:
    return parse_json_object(await request.body())


def handles_errors(handler):
    async def wrapped(request: Request):
        try:
            return await handler(request)
        except BadRequest as refused:
            return error_response(refused)

    return wrapped


# --- The application --------------------------------------------------------------------------


def build_app(room: Room) -> Starlette:
    async def join_page(request: Request):
        return page("join.html", code="")

    async def join_link(request: Request):
        return page("join.html", code=request.path_params["code"][:16])

    @handles_errors
    async def join(request: Request):
        data = await json_body(request)
        code = str(data.get("code", "")).strip().upper().replace(" ", "")
        # Wrong codes, from anyone, are limited (guessing); right ones never are.
        if not room.join_failures.allow("join", spend=False):
            raise BadRequest(429, "too many wrong codes; wait a minute and try again")
        if not hmac.compare_digest(code.encode(), room.store.join_code.encode()):
            room.join_failures.allow("join")
            raise BadRequest(403, "that is not this room's code; check the projector")
        role = data.get("role")
        if role not in ROLE_LABELS:
            raise BadRequest(422, "pick your role")
        nickname = optional_text(data.get("nickname"), MAX_NICKNAME, "nickname")
        team = optional_text(data.get("team"), MAX_TEAM, "table or pair")
        if len(await anyio.to_thread.run_sync(room.store.roster)) >= MAX_PARTICIPANTS:
            raise BadRequest(403, "the room is full")
        participant, secret = await anyio.to_thread.run_sync(room.store.add_participant, nickname, role, team)
        room.roster_dirty = True
        response = JSONResponse({"joined": True, "go": "/p/"})
        response.set_cookie(participant_cookie(room), secret, httponly=True, samesite="lax", path="/", max_age=3 * 24 * 3600)
        return response

    # Participants ------------------------------------------------------------------------

    def me(request: Request) -> Participant:
        return request.scope["state"]["participant"]

    def limited(request: Request) -> None:
        if not room.limiter.allow(me(request).id):
            raise BadRequest(429, "too many requests; wait a moment")

    async def participant_page(request: Request):
        participant = me(request)
        return page("participant.html", participant=participant, role_label=ROLE_LABELS[participant.role])

    @handles_errors
    async def participant_state(request: Request):
        limited(request)
        participant = me(request)

        def view():
            snapshot = room.public_snapshot()
            activity = room.activity()
            mine = room.store.my_answers(participant.id, activity.id) if activity else []
            return {
                **snapshot,
                "now": time.time(),
                "mine": mine,
                "votes": room.store.my_votes(participant.id),
                "me": {"nickname": participant.nickname, "role": participant.role, "team": participant.team},
                "last_event_id": room.broadcaster.last_id,
            }

        return JSONResponse(await anyio.to_thread.run_sync(view))

    async def participant_events(request: Request):
        return event_stream(request, room, frozenset({PUBLIC}), room.public_snapshot)

    @handles_errors
    async def answer(request: Request):
        limited(request)
        participant = me(request)
        data = await json_body(request)
        key = data.get("key")
        if not isinstance(key, str) or not KEY.fullmatch(key):
            raise BadRequest(422, "each answer needs an idempotency key of 8 to 64 letters, digits, - or _")
        activity_id = data.get("activity")
        activity = room.activity()
        if activity is None or activity.id != activity_id or room.state["phase"] != "open":
            known = await anyio.to_thread.run_sync(lambda: [a for a in room.store.my_answers(participant.id, str(activity_id)) if a["key"] == key])
            if known:
                return JSONResponse({"stored": True, "id": known[0]["id"], "duplicate": True})
            raise BadRequest(409, "this activity is not taking answers now; your text is kept on your phone")
        try:
            body = activity.handler.clean(activity, data)
        except AnswerRefused as refused:
            raise BadRequest(422, str(refused)) from None
        handler = activity.handler
        try:
            answer_id, duplicate = await anyio.to_thread.run_sync(
                room.store.add_answer, participant, activity.id, key, body, handler.one_per_participant, handler.max_per_participant
            )
        except TooManyAnswers as limit:
            raise BadRequest(422, f"you have sent {limit} answers here, the most this activity takes") from None
        room.dirty.add(activity.id)
        return JSONResponse({"stored": True, "id": answer_id, "duplicate": duplicate})

    @handles_errors
    async def vote(request: Request):
        limited(request)
        participant = me(request)
        data = await json_body(request)
        answer_id = data.get("answer")
        activity = room.activity()
        found = await anyio.to_thread.run_sync(room.store.answer, answer_id) if isinstance(answer_id, int) else None
        if found is None or activity is None or found[0] != activity.id or found[1].hidden or not room.state["revealed"]:
            raise BadRequest(404, "no such answer on the wall")
        added = await anyio.to_thread.run_sync(room.store.vote, answer_id, participant.id)
        room.dirty.add(activity.id)
        return JSONResponse({"voted": True, "new": added})

    @handles_errors
    async def flag(request: Request):
        limited(request)
        participant = me(request)
        data = await json_body(request)
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

    participant_routes = [
        Route("/", participant_page),
        Route("/api/state", participant_state),
        Route("/api/events", participant_events),
        Route("/api/answer", answer, methods=["POST"]),
        Route("/api/vote", vote, methods=["POST"]),
        Route("/api/flag", flag, methods=["POST"]),
        *maps_activity.participant_routes(room),
        *plan_routes(room, render),
    ]

    def locked_page(message: str, status: int) -> HTMLResponse:
        return HTMLResponse(render("locked.html", message=message), status_code=status)

    woz_participant, woz_facilitator = woz_activity.routes(room, woz_activity.WozGames(room), json_body, me, limited, locked_page)
    participant_routes += woz_participant

    # Facilitator -------------------------------------------------------------------------

    async def console(request: Request):
        return page("console.html", join_code=room.store.join_code, join_url=room.join_url(), qr=qr_svg(room.join_url()),
                    network=room.links.participant_base is not None)

    async def projector(request: Request):
        return page("projector.html", join_code=room.store.join_code, join_url=room.join_url(), qr=qr_svg(room.join_url()))

    async def console_state(request: Request):
        return JSONResponse(await anyio.to_thread.run_sync(room.facilitator_view))

    async def projector_state(request: Request):
        snapshot = await anyio.to_thread.run_sync(room.public_snapshot)
        return JSONResponse({**snapshot, "now": time.time(), "last_event_id": room.broadcaster.last_id})

    async def console_events(request: Request):
        return event_stream(request, room, frozenset({PUBLIC, FACILITATOR}), room.public_snapshot)

    async def projector_events(request: Request):
        return event_stream(request, room, frozenset({PUBLIC}), room.public_snapshot)

    @handles_errors
    async def segment(request: Request):
        data = await json_body(request)
        async with room.actions:
            return await segment_action(data)

    async def segment_action(data: dict):
        action = data.get("action")
        if action == "start":
            index = data.get("index")
            if not isinstance(index, int) or isinstance(index, bool):
                raise BadRequest(422, "index must be an agenda item's number")
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
        else:
            raise BadRequest(422, "action must be start, next, extend or finish")
        await room.announce()
        return JSONResponse({"state": room.public_state()})

    @handles_errors
    async def activity_action(request: Request):
        data = await json_body(request)
        async with room.actions:
            return await run_activity_action(data)

    async def run_activity_action(data: dict):
        action = data.get("action")
        if action == "open":
            activity_id = data.get("activity", room.state["activity"])
            if not isinstance(activity_id, str):
                raise BadRequest(422, "activity must be an activity id")
            await anyio.to_thread.run_sync(room.open_activity, activity_id)
        elif action == "close":
            await anyio.to_thread.run_sync(room.close_current)
        elif action in ("reveal", "conceal"):
            await anyio.to_thread.run_sync(room.reveal, action == "reveal")
        else:
            raise BadRequest(422, "action must be open, close, reveal or conceal")
        await room.announce()
        return JSONResponse({"state": room.public_state()})

    @handles_errors
    async def moderate(request: Request):
        data = await json_body(request)
        action, answer_id = data.get("action"), data.get("answer")
        if action not in ("hide", "show", "pin", "unpin") or not isinstance(answer_id, int):
            raise BadRequest(422, "give action (hide, show, pin or unpin) and answer (its id)")
        async with room.actions:
            await room.moderate(answer_id, action)
        return JSONResponse({"done": action})

    facilitator_routes = [
        Route("/", console),
        Route("/projector", projector),
        Route("/api/state", console_state),
        Route("/api/projector-state", projector_state),
        Route("/api/events", console_events),
        Route("/api/projector-events", projector_events),
        Route("/api/segment", segment, methods=["POST"]),
        Route("/api/activity", activity_action, methods=["POST"]),
        Route("/api/answer", moderate, methods=["POST"]),
        *maps_activity.facilitator_routes(room),
        *woz_facilitator,
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        room.ticker = asyncio.create_task(room.tick_forever())
        try:
            yield
        finally:
            room.ticker.cancel()

    static = StaticFiles(directory=str(resources.files("tension_points.room") / "static"))
    app = Starlette(
        routes=[
            Route("/", join_page),
            Route("/j/{code}", join_link),
            Route("/join", join, methods=["POST"]),
            Mount("/p", routes=participant_routes, middleware=[Middleware(ParticipantGate, room=room)]),
            Mount("/f", routes=facilitator_routes, middleware=[Middleware(FacilitatorGate, room=room)]),
            Mount("/static", app=static),
        ],
        middleware=[
            Middleware(GuardMiddleware, allowed_hosts=room.allowed_hosts),
            Middleware(RequestBodyLimitMiddleware, max_body_size=MAX_BODY),
            Middleware(SecurityHeaders),
        ],
        lifespan=lifespan,
    )
    return app


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def optional_text(value, limit: int, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise BadRequest(422, f"{what} must be text")
    text = " ".join(value.split())
    if len(text) > limit:
        raise BadRequest(422, f"{what} is longer than {limit} characters")
    return text or None


def event_stream(request: Request, room: Room, audiences: frozenset, snapshot) -> StreamingResponse:
    broadcaster = room.broadcaster
    listener = broadcaster.listen(audiences)
    missed = broadcaster.missed(request.headers.get("last-event-id"), audiences)
    snapshot_id = broadcaster.last_id

    async def stream():
        try:
            yield b"retry: 2000\n\n"
            if missed is None:
                yield encode(snapshot_id, await anyio.to_thread.run_sync(snapshot))
            else:
                for data in missed:
                    yield data
            while True:
                try:
                    data = await asyncio.wait_for(listener.queue.get(), KEEPALIVE_SECONDS)
                except asyncio.TimeoutError:
                    yield b": keep-alive\n\n"
                    continue
                if data is None:
                    return  # too far behind: the screen reconnects and gets a snapshot
                yield data
        finally:
            broadcaster.forget(listener)

    headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
