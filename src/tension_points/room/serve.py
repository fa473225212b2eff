"""Starting the room: check everything that can be wrong before a byte of the room file is written,
then serve it with uvicorn until Ctrl-C (the room's Wizard of Oz games pause on the way out)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
import sys
import threading
from pathlib import Path

import uvicorn

from tension_points.room.catalogue import agenda_items, build_catalogue, check_agenda
from tension_points.room.http import build_app
from tension_points.room.live import Links, Room
from tension_points.room.logs import LOG_CONFIG
from tension_points.room.network import LOOPBACK_NAMES, allowed_host_names, listening_socket, local_host, participant_hosts, url_host
from tension_points.room.store import RoomStore, check_room_file

PLAIN_HTTP_WARNING = (
    "warning: plain HTTP on the room's network: anyone on the same Wi-Fi can read what is sent "
    "(answers, the join code); use a network you trust, such as this laptop's own hotspot."
)


def room_links(host: str, port: int) -> tuple[Links, list[str]]:
    """Where phones and this machine reach a server bound to ``host``, and the addresses phones can use."""
    hosts = [] if host in LOOPBACK_NAMES else participant_hosts(host)
    participant = f"http://{url_host(hosts[0])}:{port}" if hosts else None
    return Links(participant, f"http://{local_host(host)}:{port}"), hosts


def open_or_create(path: Path, agenda: list[dict], settings: dict, sock: socket.socket) -> RoomStore:
    """The room file, resumed or created; the socket is closed if that fails."""
    try:
        return RoomStore.open(path) if path.exists() else RoomStore.create(path, agenda, settings)
    except BaseException:
        sock.close()
        raise


class RoomServer(uvicorn.Server):
    """uvicorn, ending the room's event streams the moment it is asked to stop: they never end by
    themselves, and uvicorn would cancel them after its grace period, with a traceback for each
    on the facilitator's terminal."""

    def __init__(self, config: uvicorn.Config, room: Room):
        super().__init__(config)
        self.room = room

    def handle_exit(self, sig, frame) -> None:
        with contextlib.suppress(RuntimeError):  # no loop running: nothing is streaming
            asyncio.get_running_loop().call_soon_threadsafe(self.room.broadcaster.close)
        super().handle_exit(sig, frame)


def run(room: Room, sock: socket.socket) -> None:
    """Serve until Ctrl-C or SIGTERM; the room file is closed afterwards."""
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
    try:
        with stop_on_sigterm():
            RoomServer(config, room).run(sockets=[sock])
    finally:
        room.store.close()


def raise_interrupt(signum, frame):
    raise KeyboardInterrupt


@contextlib.contextmanager
def stop_on_sigterm():
    """SIGTERM (a ``kill``, a closed terminal's session) stops the server as Ctrl-C does.

    uvicorn sends the signal that stopped it again once it has shut down; with the default
    handler SIGTERM would end the process there, before the caller prints how to resume."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve(course, path: Path, host: str, port: int, make_agenda, settings: dict) -> int:
    """``make_agenda(modules)`` plans a new room's agenda; ``settings`` (minutes, modules, start)
    are kept with it. A room file that exists keeps its own."""
    modules_list = list(course.modules)
    existing = path.exists()
    if existing:
        agenda = json.loads(check_room_file(path)["agenda"])
    else:
        agenda = agenda_items(make_agenda(modules_list))
    catalogue = build_catalogue(modules_list, agenda)
    check_agenda(agenda, catalogue, modules_list, str(path))
    sock = listening_socket(host, port)
    store = open_or_create(path, agenda, settings, sock)
    port = sock.getsockname()[1]
    links, hosts = room_links(host, port)
    room = Room(store, catalogue, links, allowed_host_names(host))
    announce(room, host, hosts, port, existing)
    try:
        run(room, sock)
    finally:
        print(f"room stopped; everything is in {path} (tension-points room export --room {path} writes the record)", flush=True)
    return 0


def announce(room: Room, host: str, hosts: list[str], port: int, resumed: bool) -> None:
    store, links = room.store, room.links
    out = sys.stdout
    what = "resumed" if resumed else "new room"
    print(f"Tension Points room ({what}): {store.path}", file=out)
    if host not in LOOPBACK_NAMES:
        print(PLAIN_HTTP_WARNING, file=out)
        if hosts:
            print(f"Participants join at: {links.participant_base}/ with the code {store.join_code}", file=out)
            for other in hosts[1:]:
                print(f"  (also reachable at http://{url_host(other)}:{port}/)", file=out)
        else:
            print("warning: no network interface other than loopback was found; phones cannot reach this computer", file=out)
    else:
        print(f"Participants: {links.local_base}/ with the code {store.join_code} (this computer only; --host 0.0.0.0 lets phones in)", file=out)
    print(f"Facilitator console (keep this link to yourself): {links.local_base}/f/?token={store.token}", file=out)
    print(f"Projector: {links.local_base}/f/projector?token={store.token}", file=out)
    print("Stop with Ctrl-C; start again with the same --room to resume.", file=out, flush=True)
