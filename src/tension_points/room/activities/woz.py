"""The Wizard of Oz as a room activity: groups of devices (user, wizard, observer) play a pack.

The game is the woz package's, not a copy: each group is a :class:`~tension_points.woz.session.Session`
whose JSON-lines log lies beside the room file (one per group), so a restart resumes every
group where it was; what each screen sees and may do is ``woz/screens.py``'s. The screens
are served under ``/p/woz/ACTIVITY/GROUP/`` behind the room's participant gate. No second
token: the seat a device took (group and role, kept in the room file) is what lets it use
a screen. The debrief is ``woz/debrief.py``'s.
"""

from __future__ import annotations

import asyncio
import functools
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from tension_points.errors import UserError
from tension_points.reports import Document, Heading, Table
from tension_points.reports.renderers import render
from tension_points.room.activities.base import ActivityKind, KindContext, KindRoutes, SpecProblem
from tension_points.room.events import PUBLIC
from tension_points.room.guards import BadRequest
from tension_points.woz import debrief, screens, web
from tension_points.woz.log import read_log
from tension_points.woz.pack import Pack, load_pack, shipped_pack_names
from tension_points.woz.roles import load_roles
from tension_points.woz.session import Conflict, Session

DEFAULT_PACK = "support-ticket-triage"  # the pack the facilitator's script runs
MAX_GROUPS = 8
SEAT_ROLES = ("user", "wizard", "observer")
LONG_POLL_SECONDS = 20
MAX_WAITING = 64  # long polls held at once; beyond that, state requests answer at once
PAGES = {"": ("user", "user.html"), "wizard": ("wizard", "wizard.html"), "observer": ("observer", "observer.html")}
STATES = {"user": screens.user_state, "wizard": screens.wizard_state, "observer": screens.observer_state}
ACTIONS = {
    ("user", "ask"): screens.do_ask,
    ("wizard", "answer"): screens.do_answer,
    ("wizard", "undo"): screens.do_undo,
    ("observer", "note"): screens.do_note,
}


@dataclass(frozen=True)
class WozSpec:
    pack: str | None = None  # a shipped pack; none: the facilitator's script's
    items: int | None = None  # play only the first N items of each round


class WozKind(ActivityKind):
    """Nothing is answered on the room's own page: the groups play on their own screens."""

    name = "woz"
    label = "Wizard of Oz"
    accepts_answers = False
    spec_properties = {
        "pack": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$", "description": "a shipped pack ('tension-points woz list')"},
        "items": {"type": "integer", "minimum": 1, "description": "play only the first N items of each round"},
    }
    spec_type = WozSpec
    assets = ("woz.js",)

    def parse_spec(self, raw):
        spec = super().parse_spec(raw)
        if spec.pack is not None and spec.pack not in shipped_pack_names():
            raise SpecProblem(f"live.pack '{spec.pack}' is not one of {', '.join(shipped_pack_names())}")
        return spec

    def export(self, activity, store):
        return export_record(store, activity)

    def routes(self, context):
        return woz_routes(context, WozGames(context.room))


# --- Where each group's game lives ---------------------------------------------------------


def meta_key(activity_id: str) -> str:
    return f"woz:{activity_id}"


def log_path(room_path: Path, activity_id: str, group: int) -> Path:
    return room_path.with_name(f"{room_path.stem}-woz-{activity_id}-group-{group}.jsonl")


def game_config(store, activity_id: str) -> dict | None:
    """The game as started (pack, groups, seats), from the room file; None before the start."""
    text = store.meta.get(meta_key(activity_id))
    return json.loads(text) if text else None


def group_logs(store, activity_id: str) -> list[Path]:
    config = game_config(store, activity_id)
    if config is None:
        return []
    return [p for n in range(1, config["groups"] + 1) if (p := log_path(store.path, activity_id, n)).exists()]


def woz_activity(room, activity_id):
    activity = room.catalogue.get(activity_id) if isinstance(activity_id, str) else None
    if activity is None or not isinstance(activity.kind, WozKind):
        raise BadRequest(404, f"no Wizard of Oz activity '{str(activity_id)[:80]}'")
    return activity


class WozGames:
    """Every started game of the room, its groups' sessions opened once and kept."""

    def __init__(self, room):
        self.room = room
        self.sessions: dict[tuple[str, int], Session] = {}
        self.packs: dict[str, Pack] = {}
        self.waiting = 0
        self.seats_lock = threading.Lock()  # two phones taking seats at once must not lose one
        # Screens reconnecting together after a restart must share one Session per log, never two.
        self.open_lock = threading.Lock()

    @property
    def store(self):
        return self.room.store

    def pack(self, name: str) -> Pack:
        if name not in self.packs:
            self.packs[name] = load_pack(name)
        return self.packs[name]

    def config(self, activity_id: str) -> dict:
        config = game_config(self.store, activity_id)
        if config is None:
            raise BadRequest(409, "the facilitator has not started this game yet")
        return config

    def start(self, activity_id: str, groups: object) -> dict:
        activity = woz_activity(self.room, activity_id)
        if isinstance(groups, bool) or not isinstance(groups, int) or not 1 <= groups <= MAX_GROUPS:
            raise BadRequest(422, f"groups must be a number from 1 to {MAX_GROUPS}")
        existing = game_config(self.store, activity.id)
        if existing is not None:
            if existing["groups"] == groups:
                return existing
            raise BadRequest(409, f"this game was started with {existing['groups']} groups; its logs are kept as they are")
        pack = self.pack(activity.spec.pack or DEFAULT_PACK)
        config = {"pack": pack.name, "items": activity.spec.items, "groups": groups, "started_at": time.time(), "seats": {}}
        for number in range(1, groups + 1):
            self.open_session(activity.id, number, config)
        self.store.set_meta(meta_key(activity.id), json.dumps(config))
        return config

    def open_session(self, activity_id: str, group: int, config: dict) -> Session:
        """Resume the group's log if it is there (finished or not), else start it."""
        with self.open_lock:
            key = (activity_id, group)
            if key not in self.sessions:
                self.sessions[key] = self.read_or_start(activity_id, group, config)
            return self.sessions[key]

    def read_or_start(self, activity_id: str, group: int, config: dict) -> Session:
        pack = self.pack(config["pack"])
        path = log_path(self.store.path, activity_id, group)
        if path.exists():
            events = read_log(path)
            if events[0]["pack"].get("name") != pack.name:
                raise UserError(f"{path}: holds a session of pack {events[0]['pack'].get('name')}, not {pack.name}")
            session = Session(pack, path, events)
            if not session.finished:
                session.record({"event": "resume", "mode": "room"})
        else:
            session = Session.start(pack, path, "room", "", config.get("items"), group).session
        return session

    def session(self, activity_id: str, group: object) -> Session:
        config = self.config(activity_id)
        if isinstance(group, str) and group.isdigit() and len(group) < 3:
            group = int(group)
        if isinstance(group, bool) or not isinstance(group, int) or not 1 <= group <= config["groups"]:
            raise BadRequest(404, f"no group {str(group)[:20]} in this game (it has {config['groups']})")
        return self.open_session(activity_id, group, config)

    def all_sessions(self, activity_id: str) -> list[Session]:
        config = self.config(activity_id)
        return [self.open_session(activity_id, n, config) for n in range(1, config["groups"] + 1)]

    # --- Seats ----------------------------------------------------------------------------

    def seat_of(self, activity_id: str, participant_id: int) -> tuple[int, str] | None:
        config = game_config(self.store, activity_id)
        seat = config["seats"].get(str(participant_id)) if config else None
        return tuple(seat) if seat else None

    def take_seat(self, activity_id: str, participant_id: int, group: object, role: object) -> tuple[int, str]:
        woz_activity(self.room, activity_id)
        if role not in SEAT_ROLES:
            raise BadRequest(422, "role must be user, wizard or observer")
        session = self.session(activity_id, group)
        with self.seats_lock:
            config = self.config(activity_id)
            config["seats"][str(participant_id)] = [session.events[0]["group"], role]
            self.store.set_meta(meta_key(activity_id), json.dumps(config))
        return session.events[0]["group"], role

    def check_seat(self, activity_id: str, participant_id: int, group: int, role: str) -> None:
        seat = self.seat_of(activity_id, participant_id)
        if seat != (group, role):
            mine = f"your seat is the {seat[1]} of group {seat[0]}" if seat else "you have not taken a seat yet"
            raise BadRequest(403, f"this is the {role}'s screen of group {group}; {mine} (take a seat on the room's page)")

    def seat_counts(self, activity_id: str) -> dict[int, dict[str, int]]:
        config = self.config(activity_id)
        counts = {n: {role: 0 for role in SEAT_ROLES} for n in range(1, config["groups"] + 1)}
        for group, role in config["seats"].values():
            counts[group][role] += 1
        return counts

    # --- Views ----------------------------------------------------------------------------

    def group_view(self, session: Session, counts: dict) -> dict:
        group = session.events[0]["group"]
        with session.lock:
            return {**screens.facilitator_state(session), "group": group, "seats": counts[group], "log": session.log_path.name}

    def games_view(self, activity_id: str) -> dict:
        counts = self.seat_counts(activity_id)
        return {"groups": [self.group_view(s, counts) for s in self.all_sessions(activity_id)]}

    def current(self):
        activity = self.room.activity()
        return activity if activity is not None and isinstance(activity.kind, WozKind) else None

    def phone_view(self, participant_id: int) -> dict:
        activity = self.current()
        if activity is None:
            return {"activity": None}
        view = {"activity": activity.id, "title": activity.title, "roles": role_cards(), "started": False, "seat": None}
        if game_config(self.store, activity.id) is None:
            return view
        seat = self.seat_of(activity.id, participant_id)
        return {**view, **self.games_view(activity.id), "started": True, "seat": list(seat) if seat else None}

    def console_view(self) -> dict:
        activity = self.current()
        if activity is None:
            return {"activity": None}
        view = {"activity": activity.id, "pack": activity.spec.pack or DEFAULT_PACK, "max_groups": MAX_GROUPS, "started": False}
        if game_config(self.store, activity.id) is None:
            return view
        return {**view, **self.games_view(activity.id), "started": True}

    def projector_view(self) -> dict:
        view = self.console_view()
        if not view.get("started"):
            return view
        everyone_done = all(g["finished"] for g in view["groups"])
        if everyone_done or self.room.state.revealed:
            document = projector_debrief(group_logs(self.store, view["activity"]))
            view["debrief"] = json.loads(render(document, "json"))
        return view

    # --- Actions --------------------------------------------------------------------------

    def release(self, activity_id: str, group: object) -> list[dict]:
        """Start the next round of one group, or of every group waiting at a round boundary."""
        woz_activity(self.room, activity_id)
        sessions = self.all_sessions(activity_id) if group is None else [self.session(activity_id, group)]
        released = []
        for session in sessions:
            waiting = session.awaiting_release()
            if waiting is not None:
                session.release(waiting)
                released.append({"group": session.events[0]["group"], "round": waiting})
        if not released:
            raise BadRequest(409, "no group is waiting at a round boundary")
        return released


@functools.cache
def role_cards() -> list[dict]:
    """The role cards' titles and missions, from the kit's roles.yaml."""
    return [{"id": r["id"], "title": r["title"], "mission": r["mission"]} for r in load_roles() if r["id"] in SEAT_ROLES]


def projector_debrief(paths: list[Path]) -> Document:
    """What the projector opens the curtain with: each group's item table and the comparison."""
    sessions = debrief.load_sessions(paths)
    document = Document(f"Wizard of Oz debrief: {sessions[0].pack['title']}")
    for session in sessions:
        document.add(Heading(2, session.name))
        debrief.add_accuracy(document, session, 3)
        debrief.add_items(document, session, 3)
    if len(sessions) > 1:
        debrief.add_comparison(document, sessions)
    return document


# --- The export -----------------------------------------------------------------------------


def export_record(store, activity) -> tuple[dict, list[Table]]:
    """Each group's full log and the debrief of them all, as the room's export holds them."""
    paths = group_logs(store, activity.id)
    if not paths:
        return {"woz": {"groups": []}}, []
    document = debrief.build_report(debrief.load_sessions(paths))
    logs = [{"group": n, "file": p.name, "events": read_log(p)} for n, p in enumerate(paths, 1)]
    record = {"woz": {"groups": logs, "debrief": json.loads(render(document, "json")), "debrief_markdown": render(document, "md")}}
    return record, document_tables(document) + [log_table(log) for log in logs]


def document_tables(document: Document) -> list[Table]:
    """The debrief's tables as the export's, each captioned with the heading above it."""
    tables, caption, session = [], "Wizard of Oz debrief", ""
    for block in document.blocks:
        if isinstance(block, Heading):
            session = block.text if block.level == 2 else session
            caption = block.text if block.level == 2 else f"{session}: {block.text}"
        elif isinstance(block, Table):
            tables.append(Table(list(block.headers), [[str(c) for c in row] for row in block.rows], block.numeric, caption=caption))
    return tables


def log_table(log: dict) -> Table:
    rows = []
    for event in log["events"]:
        detail = {k: v for k, v in event.items() if k not in ("event", "time", "round", "item", "pack")}
        rows.append([event["time"], event["event"], str(event.get("round") or ""), str(event.get("item") or ""), json.dumps(detail, ensure_ascii=False)])
    return Table(["Time", "Event", "Round", "Item", "Detail"], rows, caption=f"Log of group {log['group']} ({log['file']})", row_headers=False)


# --- Routes ---------------------------------------------------------------------------------


async def in_thread(function, *args):
    """Run a blocking game call; the engine's refusals become the room's: 409 for a stale screen."""
    try:
        return await anyio.to_thread.run_sync(function, *args)
    except Conflict as refused:
        raise BadRequest(409, str(refused), conflict=True) from None
    except UserError as refused:
        raise BadRequest(422, str(refused)) from None


def screen_page(name: str) -> str:
    """A woz screen's page with its files fetched from the room's woz static route."""
    return web.asset(name).decode("utf-8").replace('"/static/', '"/p/woz/static/')


def woz_routes(context: KindContext, games: WozGames) -> KindRoutes:
    room = context.room
    me = context.participant

    def changed(activity_id: str) -> None:
        """The game moved: every screen showing it (seats, curtain, groups) fetches it again."""
        room.broadcaster.publish(PUBLIC, {"type": "kind", "activity": activity_id})

    async def phone_state(request: Request):
        context.limit(request)
        return JSONResponse({**await in_thread(games.phone_view, me(request).id), "now": time.time()})

    async def take_seat(request: Request):
        context.limit(request)
        data = await context.json_body(request)
        group, role = await in_thread(games.take_seat, data.get("activity"), me(request).id, data.get("group"), data.get("role"))
        changed(data["activity"])
        base = f"/p/woz/{data['activity']}/{group}/"
        return JSONResponse({"group": group, "role": role, "go": base + ("" if role == "user" else role)})

    def seated(request: Request, role: str) -> Session:
        activity_id, group = request.path_params["activity"], request.path_params["group"]
        woz_activity(room, activity_id)
        session = games.session(activity_id, group)
        games.check_seat(activity_id, me(request).id, session.events[0]["group"], role)
        return session

    async def screen(request: Request):
        screen_name = request.path_params.get("screen", "")
        if screen_name not in PAGES:
            raise BadRequest(404, "no such screen: user (the group's address), wizard or observer")
        role, page_file = PAGES[screen_name]
        await in_thread(seated, request, role)
        return HTMLResponse(screen_page(page_file))

    async def screen_state(request: Request):
        context.limit(request)
        role = request.path_params["role"]
        if role not in STATES:
            raise BadRequest(404, "no such screen")
        session = await in_thread(seated, request, role)
        await changed_since(session, request.query_params.get("since", ""))
        if role == "wizard" and (key := session.current_key()) is not None:
            version = session.version
            await in_thread(session.mark_shown, *key)  # the wizard is about to see it: timed from now, on the server
            if session.version != version:
                changed(request.path_params["activity"])
        return JSONResponse(await in_thread(STATES[role], session))

    async def changed_since(session: Session, since: str) -> None:
        """A long poll: hold the request until the session moves past ``since`` (bounded in time and number)."""
        if not (since.isdigit() and len(since) < 10 and int(since) == session.version) or games.waiting >= MAX_WAITING:
            return
        games.waiting += 1
        try:
            deadline = time.monotonic() + LONG_POLL_SECONDS
            while session.version == int(since) and time.monotonic() < deadline:
                await asyncio.sleep(0.2)
        finally:
            games.waiting -= 1

    async def screen_action(request: Request):
        context.limit(request)
        role, action = request.path_params["role"], request.path_params["action"]
        if (role, action) not in ACTIONS:
            raise BadRequest(404, "no such action")
        session = await in_thread(seated, request, role)
        data = await context.json_body(request)
        try:
            await in_thread(ACTIONS[(role, action)], session, data)
        finally:
            changed(request.path_params["activity"])  # a stale answer refused is logged too
        return JSONResponse({"ok": True})

    async def asset(request: Request):
        name = request.path_params["name"]
        if f"/static/{name}" not in web.STATIC_FILES:
            raise BadRequest(404, "not found")
        file_name, content_type = web.STATIC_FILES[f"/static/{name}"]
        return Response(web.asset(file_name), media_type=content_type.split(";")[0])

    async def console_state(request: Request):
        return JSONResponse(await in_thread(games.console_view))

    async def projector_state(request: Request):
        return JSONResponse(await in_thread(games.projector_view))

    async def console_action(request: Request):
        data = await context.json_body(request)
        action = data.get("action")
        async with room.actions:
            if action == "start":
                config = await in_thread(games.start, data.get("activity"), data.get("groups"))
                changed(data["activity"])
                return JSONResponse({"started": True, "groups": config["groups"], "pack": config["pack"]})
            if action == "release":
                released = await in_thread(games.release, data.get("activity"), data.get("group"))
                changed(data["activity"])
                return JSONResponse({"released": released})
        raise BadRequest(422, "action must be start or release")

    return KindRoutes(
        participant=[
            Route("/api/woz", phone_state),
            Route("/api/woz/seat", take_seat, methods=["POST"]),
            Route("/woz/static/{name}", asset),
            Route("/woz/{activity}/{group}/", screen),
            Route("/woz/{activity}/{group}/{screen}", screen),
            Route("/woz/{activity}/{group}/api/{role}/state", screen_state),
            Route("/woz/{activity}/{group}/api/{role}/{action}", screen_action, methods=["POST"]),
        ],
        facilitator=[
            Route("/api/woz", console_state),
            Route("/api/woz", console_action, methods=["POST"]),
            Route("/api/woz/projector", projector_state),
        ],
    )
