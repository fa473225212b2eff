"""The Wizard of Oz as a room activity: groups of devices (user, wizard, observer) play a pack.

The game is the woz package's, not a copy: each group is a :class:`~tension_points.woz.session.Session`
whose JSON-lines log lies beside the room file (one per group), so a restart resumes every
group where it was; what each screen sees and may do is ``woz/screens.py``'s. The screens
are served under ``/p/woz/ACTIVITY/GROUP/`` behind the room's participant gate. No second
token: the seat a device took (group and role, kept in the room file) is what lets it use
a screen. The debrief is ``woz/debrief.py``'s.
"""

from __future__ import annotations

import functools
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.routing import Route

from tension_points.errors import UserError
from tension_points.reports import Document, Heading, Table
from tension_points.reports.renderers import render
from tension_points.room.activities.base import ActivityKind, KindContext, KindRoutes, SpecProblem
from tension_points.room.events import PUBLIC
from tension_points.room.guards import BadRequest
from tension_points.woz import debrief, screens
from tension_points.woz.log import read_log
from tension_points.woz.pace import items_to_play
from tension_points.woz.pack import Pack, load_pack, shipped_pack_names
from tension_points.woz.roles import load_roles
from tension_points.woz.session import Conflict, Session

DEFAULT_PACK = "support-ticket-triage"  # the pack the facilitator's script runs
MAX_GROUPS = 8
SEAT_ROLES = ("user", "wizard", "observer")
SCREENS = {"": "user", "wizard": "wizard", "observer": "observer"}  # a group's screens by the last part of their address
STATES = {"user": screens.user_state, "wizard": screens.wizard_state, "observer": screens.observer_state, "facilitator": screens.facilitator_state}
ACTIONS = {
    ("user", "ask"): screens.do_ask,
    ("wizard", "answer"): screens.do_answer,
    ("wizard", "undo"): screens.do_undo,
    ("observer", "note"): screens.do_note,
    ("facilitator", "release"): screens.do_release,
}


@dataclass(frozen=True)
class WozSpec:
    pack: str | None = None  # a shipped pack; none: the facilitator's script's
    items: int | None = None  # play only the first N items of each round
    ask_seconds: int | None = None  # the seconds the user has to put a question: with the pack's budget, an item's time


class WozKind(ActivityKind):
    """Nothing is answered on the room's own page: the groups play on their own screens."""

    name = "woz"
    label = "Wizard of Oz"
    accepts_answers = False
    spec_properties = {
        "pack": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$", "description": "a shipped pack ('tension-points woz list')"},
        "items": {"type": "integer", "minimum": 1, "description": "play only the first N items of each round"},
        "ask_seconds": {"type": "integer", "minimum": 1, "maximum": 120,
                        "description": "the seconds the user has to put a question; with the pack's latency budget, how many items a round holds"},
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

    # --- The printed kit: how many items a round plays, from the minutes the activity runs ---

    def items_at(self, spec, segment, minutes: int) -> int | None:
        """The items a round plays at ``minutes``: the spec's fixed count, else as many as the
        rounds hold at the pack's budget plus the asking time (None without ``ask_seconds``)."""
        if spec.items is not None:
            return spec.items
        if spec.ask_seconds is None or segment is None:
            return None
        return items_to_play(segment, load_pack(spec.pack or DEFAULT_PACK), minutes, spec.ask_seconds)

    def on_paper(self, spec, segment, minutes=None):
        if segment is None:
            return ""
        lengths = sorted({minutes or segment.minutes, segment.minutes, segment.min_minutes}, reverse=True)
        counts = [(n, self.items_at(spec, segment, n)) for n in lengths]
        if any(count is None for _, count in counts):
            return ""
        pack = load_pack(spec.pack or DEFAULT_PACK)
        said = ", ".join(f"{count} {length_words(segment, n)}" for n, count in counts)
        return (f"Items to play, decided before round 1 (the same items in both rounds): {said}, of the pack's "
                f"{len(pack.items)}. On paper, hand out only the first that many cards of each set; in the live "
                f"room, enter it in the console's items field.")

    def step_note(self, spec, segment, minutes):
        count = self.items_at(spec, segment, minutes)
        return f"{count}\u00a0items a round" if count is not None else ""

    def routes(self, context):
        return woz_routes(context, WozGames.of(context.room))


# --- Where each group's game lives ---------------------------------------------------------


def length_words(segment, minutes: int) -> str:
    """ "at full length (32 min)", "shortened (24 min)" or "at 28 min": the script's words."""
    if minutes == segment.minutes:
        return f"at full length ({minutes}\u00a0min)"
    if minutes == segment.min_minutes:
        return f"shortened ({minutes}\u00a0min)"
    return f"at {minutes}\u00a0min"


def meta_key(activity_id: str) -> str:
    return f"woz:{activity_id}"


def log_path(room_path: Path, activity_id: str, group: int) -> Path:
    return room_path.with_name(f"{room_path.stem}-woz-{activity_id}-group-{group}.jsonl")


def game_config(store, activity_id: str) -> dict | None:
    """The game as started (pack, groups, seats, the seats' links), from the room file; None before the start."""
    text = store.meta.get(meta_key(activity_id))
    return json.loads(text) if text else None


def group_log(store, activity_id: str, config: dict, group: int) -> Path:
    """A group's log: the one the game was started with (``woz serve``'s --log), else beside the room file."""
    given = config.get("logs", {}).get(str(group))
    return Path(given) if given else log_path(store.path, activity_id, group)


def group_logs(store, activity_id: str) -> list[Path]:
    config = game_config(store, activity_id)
    if config is None:
        return []
    return [p for n in range(1, config["groups"] + 1) if (p := group_log(store, activity_id, config, n)).exists()]


def seat_links(groups: int) -> dict[str, list]:
    """A secret link per seat (group and role): opening it lets a device in and seats it in one step."""
    return {secrets.token_urlsafe(18): [group, role] for group in range(1, groups + 1) for role in SEAT_ROLES}


def woz_activity(room, activity_id):
    activity = room.catalogue.get(activity_id) if isinstance(activity_id, str) else None
    if activity is None or not isinstance(activity.kind, WozKind):
        raise BadRequest(404, f"no Wizard of Oz activity '{str(activity_id)[:80]}'")
    return activity


class WozGames:
    """Every started game of the room, its groups' sessions opened once and kept (one per room)."""

    def __init__(self, room):
        self.room = room
        self.sessions: dict[tuple[str, int], Session] = {}
        self.packs: dict[str, Pack] = {}
        self.seats_lock = threading.Lock()  # two phones taking seats at once must not lose one
        # Screens reconnecting together after a restart must share one Session per log, never two.
        self.open_lock = threading.Lock()

    @classmethod
    def of(cls, room) -> "WozGames":
        return room.part(WozKind.name, lambda: cls(room))

    @property
    def store(self):
        return self.room.store

    def pack(self, reference: str) -> Pack:
        if reference not in self.packs:
            self.packs[reference] = load_pack(reference)
        return self.packs[reference]

    def config(self, activity_id: str) -> dict:
        config = game_config(self.store, activity_id)
        if config is None:
            raise BadRequest(409, "the facilitator has not started this game yet")
        return config

    def save(self, activity_id: str, config: dict) -> None:
        self.store.set_meta(meta_key(activity_id), json.dumps(config))

    def start(self, activity_id: str, groups: object, items: object = None) -> dict:
        """The facilitator starts the game with a number of groups and, when the room is behind, fewer
        items a round (decided here, at the start: a round plays the same items for every group)."""
        activity = woz_activity(self.room, activity_id)
        if isinstance(groups, bool) or not isinstance(groups, int) or not 1 <= groups <= MAX_GROUPS:
            raise BadRequest(422, f"groups must be a number from 1 to {MAX_GROUPS}")
        pack = self.pack(activity.spec.pack or DEFAULT_PACK)
        if items is not None and (isinstance(items, bool) or not isinstance(items, int) or not 1 <= items <= len(pack.items)):
            raise BadRequest(422, f"items must be a number from 1 to {len(pack.items)} (the pack's items)")
        existing = game_config(self.store, activity.id)
        if existing is not None:
            if existing["groups"] == groups:
                return existing
            raise BadRequest(409, f"this game was started with {existing['groups']} groups; its logs are kept as they are")
        config = self.begin(activity.id, pack.name, groups, activity.spec.items if items is None else items)
        for number in range(1, groups + 1):
            self.open_session(activity.id, number, config)
        return config

    def begin(self, activity_id: str, pack: str, groups: int, items: int | None, logs: dict | None = None, mode: str = "room") -> dict:
        """The game's configuration in the room file; a game begun again keeps its seats and links."""
        existing = game_config(self.store, activity_id) or {}
        links = existing.get("links") if existing.get("groups") == groups else None
        config = {
            "pack": pack, "items": items, "groups": groups, "mode": mode, "logs": logs or {},
            "started_at": existing.get("started_at", time.time()),
            "seats": existing.get("seats", {}) if links else {},
            "links": links or seat_links(groups),
        }
        self.save(activity_id, config)
        return config

    def adopt(self, activity_id: str, group: int, session: Session) -> None:
        """A session opened by ``woz serve`` (resumed or started, with its message), served as this group's."""
        with self.open_lock:
            self.sessions[(activity_id, group)] = session

    def open_session(self, activity_id: str, group: int, config: dict) -> Session:
        """Resume the group's log if it is there (finished or not), else start it."""
        with self.open_lock:
            key = (activity_id, group)
            if key not in self.sessions:
                self.sessions[key] = self.read_or_start(activity_id, group, config)
            return self.sessions[key]

    def read_or_start(self, activity_id: str, group: int, config: dict) -> Session:
        pack = self.pack(config["pack"])
        path = group_log(self.store, activity_id, config, group)
        mode = config.get("mode", "room")
        if path.exists():
            events = read_log(path)
            if events[0]["pack"].get("name") != pack.name:
                raise UserError(f"{path}: holds a session of pack {events[0]['pack'].get('name')}, not {pack.name}")
            session = Session(pack, path, events)
            if not session.finished:
                session.record({"event": "resume", "mode": mode})
        else:
            session = Session.start(pack, path, mode, "", config.get("items"), group).session
        return session

    def group_number(self, activity_id: str, group: object) -> int:
        config = self.config(activity_id)
        if isinstance(group, str) and group.isdigit() and len(group) < 3:
            group = int(group)
        if isinstance(group, bool) or not isinstance(group, int) or not 1 <= group <= config["groups"]:
            raise BadRequest(404, f"no group {str(group)[:20]} in this game (it has {config['groups']})")
        return group

    def session(self, activity_id: str, group: object) -> Session:
        number = self.group_number(activity_id, group)
        return self.open_session(activity_id, number, self.config(activity_id))

    def all_sessions(self, activity_id: str) -> list[tuple[int, Session]]:
        config = self.config(activity_id)
        return [(n, self.open_session(activity_id, n, config)) for n in range(1, config["groups"] + 1)]

    def pause_all(self, reason: str = "server stopped") -> None:
        """Every open group pauses (written to its log), so its debrief says so."""
        for session in list(self.sessions.values()):
            session.pause(reason)

    # --- Seats ----------------------------------------------------------------------------

    def seats_of(self, activity_id: str, participant_id: int) -> list[tuple[int, str]]:
        """The seats a device holds, the latest last: one from the room's page, or one per link it opened
        (a facilitator trying the game on one laptop opens the user's and the wizard's)."""
        config = game_config(self.store, activity_id)
        held = config["seats"].get(str(participant_id), []) if config else []
        if held and not isinstance(held[0], list):
            held = [held]  # a room file from before a device could hold several
        return [tuple(seat) for seat in held]

    def seat_of(self, activity_id: str, participant_id: int) -> tuple[int, str] | None:
        held = self.seats_of(activity_id, participant_id)
        return held[-1] if held else None

    def take_seat(self, activity_id: str, participant_id: int, group: object, role: object, keep_others: bool = False) -> tuple[int, str]:
        """Seat a device; from the room's page a new seat replaces its last, from a link it is added."""
        woz_activity(self.room, activity_id)
        if role not in SEAT_ROLES:
            raise BadRequest(422, "role must be user, wizard or observer")
        number = self.group_number(activity_id, group)
        self.session(activity_id, number)
        with self.seats_lock:
            config = self.config(activity_id)
            held = [seat for seat in self.seats_of(activity_id, participant_id) if seat != (number, role)] if keep_others else []
            config["seats"][str(participant_id)] = [list(seat) for seat in held] + [[number, role]]
            self.save(activity_id, config)
        return number, role

    def seat_for_link(self, token: str) -> tuple[str, int, str] | None:
        """(activity, group, role) of a seat's link, compared in constant time; None for no link."""
        for activity in self.room.catalogue.ordered():
            if not isinstance(activity.kind, WozKind):
                continue
            for link, (group, role) in (game_config(self.store, activity.id) or {}).get("links", {}).items():
                if hmac.compare_digest(link.encode(), token.encode()):
                    return activity.id, group, role
        return None

    def check_seat(self, activity_id: str, participant_id: int, group: int, role: str) -> None:
        if (group, role) not in self.seats_of(activity_id, participant_id):
            seat = self.seat_of(activity_id, participant_id)
            mine = f"your seat is the {seat[1]} of group {seat[0]}" if seat else "you have not taken a seat yet"
            raise BadRequest(403, f"this is the {role}'s screen of group {group}; {mine} (take a seat on the room's page)")

    def seat_counts(self, activity_id: str) -> dict[int, dict[str, int]]:
        config = self.config(activity_id)
        counts = {n: {role: 0 for role in SEAT_ROLES} for n in range(1, config["groups"] + 1)}
        for participant_id in config["seats"]:
            for group, role in self.seats_of(activity_id, int(participant_id)):
                counts[group][role] += 1
        return counts

    # --- Views ----------------------------------------------------------------------------

    def group_view(self, group: int, session: Session, counts: dict) -> dict:
        with session.lock:
            return {**screens.facilitator_state(session), "group": group, "seats": counts[group], "log": session.log_path.name}

    def games_view(self, activity_id: str) -> dict:
        counts = self.seat_counts(activity_id)
        return {"groups": [self.group_view(n, s, counts) for n, s in self.all_sessions(activity_id)]}

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
        pack = self.pack(activity.spec.pack or DEFAULT_PACK)
        # The items field starts at what the printed kit says for the minutes the room's agenda
        # gives the activity (its own minutes off the agenda); every item without ask_seconds.
        minutes = next((item["minutes"] for item in self.store.agenda if item.get("segment_id") == activity.id), activity.minutes)
        items = activity.kind.items_at(activity.spec, activity.segment, minutes) or len(pack.items)
        view = {"activity": activity.id, "pack": activity.spec.pack or DEFAULT_PACK, "max_groups": MAX_GROUPS, "started": False,
                "pack_items": len(pack.items), "items": items}
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
        chosen = self.all_sessions(activity_id) if group is None else [(self.group_number(activity_id, group), self.session(activity_id, group))]
        released = []
        for number, session in chosen:
            waiting = session.awaiting_release()
            if waiting is not None:
                session.release(waiting)
                released.append({"group": number, "round": waiting})
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
        document.add(Heading(2, session.label))  # "Group 1": the room is not shown log files' names
        debrief.add_accuracy(document, session, 3)
        debrief.add_items(document, session, 3)
    if len(sessions) > 1:
        debrief.add_comparison(document, sessions, in_room=True)
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


def screen_path(activity_id: str, group: int, role: str) -> str:
    return f"/woz/{activity_id}/{group}/" + ("" if role == "user" else role)


def group_audience(activity_id: str, group: int) -> str:
    """The events of one group's game: its screens listen to these alone."""
    return f"woz:{activity_id}:{group}"


def woz_routes(context: KindContext, games: WozGames) -> KindRoutes:
    room = context.room
    me = context.participant
    context.on_shutdown.append(games.pause_all)

    def changed(activity_id: str, *groups: int) -> None:
        """The game moved: the room's screens showing it (seats, curtain) fetch it again, and so
        do the changed groups' own screens, at once."""
        room.broadcaster.publish(PUBLIC, {"type": "kind", "activity": activity_id})
        for group in groups:
            version = games.sessions[(activity_id, group)].version
            room.broadcaster.publish(group_audience(activity_id, group), {"type": "woz", "group": group, "version": version})

    # --- A device's way in: its seat's link, or the seat picker on the room's page ---------

    async def seat_link(request: Request):
        # Wrong links are limited per client address, as wrong join codes are.
        client = request.client.host if request.client else ""
        if not room.join_failures.allow(client, spend=False):
            raise BadRequest(429, "too many wrong links from this device; wait a minute and try again")
        found = await anyio.to_thread.run_sync(games.seat_for_link, request.path_params["token"][:64])
        if found is None:
            room.join_failures.allow(client)
            raise BadRequest(404, "this is not a link of this game: copy the whole address the facilitator gave you")
        activity_id, group, role = found
        response = RedirectResponse("/p" + screen_path(activity_id, group, role), status_code=303)
        participant = await context.admit(request, response, "other", f"Group {group}")
        await in_thread(games.take_seat, activity_id, participant.id, group, role, True)
        changed(activity_id)
        return response

    async def phone_state(request: Request):
        context.limit(request)
        return JSONResponse({**await in_thread(games.phone_view, me(request).id), "now": time.time()})

    async def take_seat(request: Request):
        context.limit(request)
        data = await context.json_body(request)
        group, role = await in_thread(games.take_seat, data.get("activity"), me(request).id, data.get("group"), data.get("role"))
        changed(data["activity"])
        return JSONResponse({"group": group, "role": role, "go": "/p" + screen_path(data["activity"], group, role)})

    # --- The group's screens (user, wizard, observer; the facilitator's behind its gate) -----

    def seated(request: Request, role: str) -> tuple[int, Session]:
        activity_id = request.path_params["activity"]
        woz_activity(room, activity_id)
        group = games.group_number(activity_id, request.path_params["group"])
        if role != "facilitator":
            games.check_seat(activity_id, me(request).id, group, role)
        return group, games.session(activity_id, group)

    async def screen(request: Request):
        role = SCREENS.get(request.path_params.get("screen", ""))
        if role is None:
            raise BadRequest(404, "no such screen: user (the group's address), wizard or observer")
        await in_thread(seated, request, role)
        return HTMLResponse(context.render(f"woz/{role}.html"))

    async def facilitator_screen(request: Request):
        await in_thread(seated, request, "facilitator")
        return HTMLResponse(context.render("woz/facilitator.html"))

    async def screen_state(request: Request):
        role = request.path_params["role"]
        if role != "facilitator":
            context.limit(request)
        group, session = await in_thread(seated, request, role)
        if role == "wizard" and (key := session.current_key()) is not None:
            version = session.version
            await in_thread(session.mark_shown, *key)  # the wizard is about to see it: timed from now, on the server
            if session.version != version:
                changed(request.path_params["activity"], group)
        return JSONResponse(await in_thread(STATES[role], session))

    async def screen_events(request: Request):
        """Wakes the screen the moment its group's session changes (it then fetches its state)."""
        group, session = await in_thread(seated, request, request.path_params["role"])
        audience = group_audience(request.path_params["activity"], group)
        return context.stream(request, frozenset({audience}), lambda: {"type": "woz", "group": group, "version": session.version})

    async def screen_action(request: Request):
        role, action = request.path_params["role"], request.path_params["action"]
        if (role, action) not in ACTIONS:
            raise BadRequest(404, "no such action")
        if role != "facilitator":
            context.limit(request)
        group, session = await in_thread(seated, request, role)
        data = await context.json_body(request)
        try:
            await in_thread(ACTIONS[(role, action)], session, data)
        finally:
            changed(request.path_params["activity"], group)  # a stale answer refused is logged too
        return JSONResponse({"ok": True})

    # --- The room's console and projector --------------------------------------------------

    async def console_state(request: Request):
        return JSONResponse(await in_thread(games.console_view))

    async def projector_state(request: Request):
        return JSONResponse(await in_thread(games.projector_view))

    async def console_action(request: Request):
        data = await context.json_body(request)
        action = data.get("action")
        async with room.actions:
            if action == "start":
                config = await in_thread(games.start, data.get("activity"), data.get("groups"), data.get("items"))
                changed(data["activity"])
                return JSONResponse({"started": True, "groups": config["groups"], "pack": config["pack"]})
            if action == "release":
                released = await in_thread(games.release, data.get("activity"), data.get("group"))
                changed(data["activity"], *(r["group"] for r in released))
                return JSONResponse({"released": released})
        raise BadRequest(422, "action must be start or release")

    def api(roles: tuple[str, ...]) -> list[Route]:
        """A group's screen API for these roles: its state, its wake-up events, its actions."""
        def only(endpoint):
            async def checked(request: Request):
                if request.path_params["role"] not in roles:
                    raise BadRequest(404, f"no such screen here (only {', '.join(roles)})")
                return await endpoint(request)
            return checked

        base = "/woz/{activity}/{group}/api/{role}"
        return [Route(base + "/state", only(screen_state)), Route(base + "/events", only(screen_events)),
                Route(base + "/{action}", only(screen_action), methods=["POST"])]

    return KindRoutes(
        public=[Route("/w/{token}", seat_link)],
        participant=[
            Route("/api/woz", phone_state),
            Route("/api/woz/seat", take_seat, methods=["POST"]),
            Route("/woz/{activity}/{group}/", screen),
            Route("/woz/{activity}/{group}/{screen}", screen),
            *api(SEAT_ROLES),
        ],
        facilitator=[
            Route("/api/woz", console_state),
            Route("/api/woz", console_action, methods=["POST"]),
            Route("/api/woz/projector", projector_state),
            Route("/woz/{activity}/{group}/", facilitator_screen),
            *api(("facilitator",)),
        ],
    )
