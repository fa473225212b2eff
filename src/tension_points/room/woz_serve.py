"""``tension-points woz serve``: the live room, running one Wizard of Oz game.

The command line is the one it always was: a pack (shipped or a file), a log (resumed when it
holds an unfinished session of that pack, else a new file beside it), ``--items``, ``--groups``,
``--host`` and ``--port``. What it starts is the room with one activity, the game, and nothing
else: every seat (each group's user, wizard and observer) gets a link that lets a device in and
seats it in one step, so two laptops need no join code; each group's facilitator screen is
behind the room's token. The room file lies beside the log (``LOG.room.sqlite``, readable by
its owner only), so the same command gives the same links again. On Ctrl-C every group's log
records a pause, and the commands that resume the game and write its debrief are printed.
"""

from __future__ import annotations

import shlex
import sys
from datetime import datetime
from pathlib import Path

from tension_points.errors import UserError
from tension_points.room.activities.base import Activity
from tension_points.room.activities.registry import KINDS
from tension_points.room.activities.woz import SEAT_ROLES, WozGames, WozKind, WozSpec
from tension_points.room.catalogue import Catalogue
from tension_points.room.live import Room
from tension_points.room.network import LOOPBACK_NAMES, allowed_host_names, listening_socket
from tension_points.room.serve import open_or_create, room_links, run
from tension_points.room.store import check_room_file
from tension_points.woz.pack import load_pack, shipped_pack_names
from tension_points.woz.session import Session, resume_command, target_log

GAME = "game"  # the room's one activity
MAX_GROUPS = 20
SCREEN_NAMES = {"user": "User's screen", "wizard": "Wizard's screen", "observer": "Observer's screen", "facilitator": "Facilitator's screen"}
STOP_HINT = "Press Ctrl-C to stop; the logs and the room file are kept and the same command resumes."


def room_file_for(log: Path) -> Path:
    return log.with_name(f"{log.stem}.room.sqlite")


def group_logs(base: Path, groups: int) -> dict[int, Path]:
    """Each group's log as asked for: the log itself for one group, LOG-group-N.jsonl for several."""
    if groups == 1:
        return {1: base}
    return {n: base.with_name(f"{base.stem}-group-{n}{base.suffix or '.jsonl'}") for n in range(1, groups + 1)}


def serve_game(pack_name: str, log: Path | None, items: int | None, host: str, port: int, groups: int) -> int:
    pack = load_pack(pack_name)
    reference = pack_name if pack_name in shipped_pack_names() else str(pack.path.resolve())
    if not 1 <= groups <= MAX_GROUPS:
        raise UserError(f"--groups {groups}: choose 1 to {MAX_GROUPS}")
    if items is not None and not 1 <= items <= len(pack.items):
        raise UserError(f"--items {items}: the pack has {len(pack.items)} items; choose 1 to {len(pack.items)}")
    base = log or Path(f"woz-{pack.name}-{datetime.now().strftime('%Y%m%d-%H%M%S')}.jsonl")
    asked = group_logs(base, groups)
    # One group's room file follows its log (a finished log is continued in a new file, with new
    # links, as before); several groups share the one named after --log.
    room_path = room_file_for(target_log(pack, asked[1])[0] if groups == 1 else base)
    if room_path.exists():
        check_room_file(room_path)  # a damaged room file is one line, before any log is touched
    sock = listening_socket(host, port)
    opened = {}
    for number, path in asked.items():
        opened[number] = Session.open(pack, path, mode="web", items_per_round=items, group=None if groups == 1 else number)
        print(("" if groups == 1 else f"Group {number}: ") + opened[number].message, flush=True)
    store = open_or_create(room_path, [], {"woz": reference}, sock)
    port = sock.getsockname()[1]
    links, hosts = room_links(host, port)
    activity = Activity(id=GAME, title=pack.title, prompt=None, format=None, minutes=0, segment_kind="exercise",
                        module_id="", module_title="Wizard of Oz", kind=KINDS[WozKind.name], spec=WozSpec(pack=reference, items=items))
    room = Room(store, Catalogue({GAME: activity}, ()), links, allowed_host_names(host))
    room.state.show(GAME, phase="open")  # a device that joins by the room's page sees the game's seats
    room.save()
    games = WozGames.of(room)
    logs = {str(n): str(o.session.log_path) for n, o in opened.items()}
    config = games.begin(GAME, reference, groups, items, logs=logs, mode="web")
    for number, o in opened.items():
        games.adopt(GAME, number, o.session)
    print_start(host, hosts, links.join_base, config, opened, room.store.token)
    try:
        run(room, sock)
    except KeyboardInterrupt:
        pass  # Ctrl-C is how the game is stopped: a pause, not an interruption
    finally:
        games.pause_all()
    paths = [str(o.session.log_path) for o in opened.values()]
    print(f"\nStopped. Session log{'s' if groups > 1 else ''}: {' '.join(paths)}")
    extra = ["--port", str(port)] + (["--host", host] if host != "127.0.0.1" else [])
    resumed = [opened[1].session.log_path] if groups == 1 else [base]
    print(f"To resume: {resume_command('serve', pack_name, resumed, extra + ([] if groups == 1 else ['--groups', str(groups)]))}")
    print(f"Debrief: {shlex.join(['tension-points', 'woz', 'debrief', *paths])}", flush=True)
    return 0


def screen_line(role: str, address: str) -> str:
    return f"{(SCREEN_NAMES[role] + ':').ljust(22)}{address}"


def seat_addresses(base: str, config: dict, group: int, token: str) -> list[tuple[str, str]]:
    by_seat = {(g, role): link for link, (g, role) in config["links"].items()}
    seats = [(role, f"{base}/w/{by_seat[group, role]}") for role in SEAT_ROLES]
    return seats + [("facilitator", f"{base}/f/woz/{GAME}/{group}/?token={token}")]


def print_start(host: str, hosts: list[str], base: str, config: dict, opened: dict, token: str) -> None:
    out = sys.stdout
    if host not in LOOPBACK_NAMES and not hosts:
        print("No network address found for this computer: join it to the room's Wi-Fi (or start a hotspot) "
              "and start again. Until then only this computer can open the screens:", file=out)
    for number in opened:
        if len(opened) > 1:
            print(f"Group {number} (log {opened[number].session.log_path}):", file=out)
        indent = "  " if len(opened) > 1 else ""
        for role, address in seat_addresses(base, config, number, token):
            print(indent + screen_line(role, address), file=out)
    if len(hosts) > 1:
        print(f"This computer is also on: {', '.join(hosts[1:])} (use whichever network the other devices are on)", file=out)
    if host not in LOOPBACK_NAMES:
        print("Listening beyond this computer, over plain HTTP: anyone on the network can see what is sent; "
              "give each screen's address only to the person who plays it (the address lets a device in).", file=out)
    print(STOP_HINT, file=out, flush=True)
