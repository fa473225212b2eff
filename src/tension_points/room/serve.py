"""Starting the room: check everything that can be wrong before a byte of the room file is written."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import uvicorn

from tension_points.plan.planner import plan
from tension_points.room.http import build_app
from tension_points.room.live import Links, Room
from tension_points.room.logs import LOG_CONFIG
from tension_points.room.catalogue import agenda_items, build_catalogue, check_agenda
from tension_points.room.network import LOOPBACK, allowed_host_names, listening_socket, participant_hosts
from tension_points.room.store import RoomStore, check_room_file

PLAIN_HTTP_WARNING = (
    "warning: plain HTTP on the room's network: anyone on the same Wi-Fi can read what is sent "
    "(answers, the join code); use a network you trust, such as this laptop's own hotspot."
)


def serve(course, path: Path, host: str, port: int, minutes: int, modules: str | None, start: str | None) -> int:
    modules_list = list(course.modules)
    catalogue = build_catalogue(modules_list)
    existing = path.exists()
    if existing:
        agenda = json.loads(check_room_file(path)["agenda"])
    else:
        selected = modules.split(",") if modules is not None else None
        agenda = agenda_items(plan(modules_list, minutes, selected))
    check_agenda(agenda, catalogue, modules_list, str(path))
    sock = listening_socket(host, port)
    try:
        if existing:
            store = RoomStore.open(path)
        else:
            store = RoomStore.create(path, agenda, {"minutes": minutes, "modules": modules, "start": start})
    except BaseException:
        sock.close()
        raise
    actual_port = sock.getsockname()[1]
    hosts = participant_hosts(host) if host != LOOPBACK else []
    links = Links(f"http://{hosts[0]}:{actual_port}" if hosts else None, f"http://{LOOPBACK}:{actual_port}")
    room = Room(store, catalogue, links, allowed_host_names(host))
    announce(room, host, hosts, actual_port, existing)
    config = uvicorn.Config(
        build_app(room),
        log_level="warning",
        log_config=LOG_CONFIG,  # one line per error, never a traceback, on the facilitator's terminal
        access_log=False,  # no addresses in the console or anywhere else
        proxy_headers=False,  # the client's address is the socket's: no header may claim another (join limits)
        lifespan="on",
        timeout_graceful_shutdown=1,  # open event streams never end by themselves
        h11_max_incomplete_event_size=16 * 1024,
        server_header=False,
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        store.close()
        print(f"room stopped; everything is in {path} (tension-points room export --room {path} writes the record)", flush=True)
    return 0


def announce(room: Room, host: str, hosts: list[str], port: int, resumed: bool) -> None:
    store = room.store
    out = sys.stdout
    what = "resumed" if resumed else "new room"
    print(f"Tension Points room ({what}): {store.path}", file=out)
    if host != LOOPBACK:
        print(PLAIN_HTTP_WARNING, file=out)
        if hosts:
            print(f"Participants join at: http://{hosts[0]}:{port}/ with the code {store.join_code}", file=out)
            for other in hosts[1:]:
                print(f"  (also reachable at http://{other}:{port}/)", file=out)
        else:
            print("warning: no network interface other than loopback was found; phones cannot reach this computer", file=out)
    else:
        print(f"Participants: http://{LOOPBACK}:{port}/ with the code {store.join_code} (this computer only; --host 0.0.0.0 lets phones in)", file=out)
    print(f"Facilitator console (keep this link to yourself): http://{LOOPBACK}:{port}/f/?token={store.token}", file=out)
    print(f"Projector: http://{LOOPBACK}:{port}/f/projector?token={store.token}", file=out)
    print("Stop with Ctrl-C; start again with the same --room to resume.", file=out, flush=True)
