"""``tension-points room``: the live workshop server; ``tension-points room export``: its record."""

from __future__ import annotations

import argparse
from pathlib import Path

from tension_points.course import course_root, load_course, parse_clock
from tension_points.errors import UserError

DEFAULT_ROOM = Path("tension-points-room.sqlite")
DEFAULT_PORT = 8770
DEFAULT_MINUTES = 90


def register(subparsers: argparse._SubParsersAction) -> None:
    room = subparsers.add_parser(
        "room",
        help="live workshop room: phones join over the room's network (polls, answer wall, timer)",
        description="Start the live room server. Participants join from their phones with a short code or a QR code; "
        "the facilitator runs the agenda from a console; the projector shows the prompt, the countdown and the results. "
        "Everything is kept in one room file: start again with the same --room to resume.",
    )
    room.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0 opens the room to the local network)")
    room.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    room.add_argument("--room", type=Path, default=DEFAULT_ROOM, help=f"the room file: resumed if it exists, else created (default {DEFAULT_ROOM})")
    room.add_argument("--minutes", type=int, default=DEFAULT_MINUTES, help=f"a new room's agenda length, breaks included (default {DEFAULT_MINUTES})")
    room.add_argument("--modules", metavar="IDS", help="a new room's topic modules, comma-separated (default: as many as fit)")
    room.add_argument("--start", metavar="HH:MM", help="a new room's planned start, for the agenda's clock (default: when you start the first item)")
    room.add_argument("--course", type=Path, help="course folder with modules/ (default: the kit's own)")
    room.set_defaults(func=run_room)
    commands = room.add_subparsers(title="room commands", metavar="ROOM_COMMAND")
    export = commands.add_parser("export", help="write a room's record as Markdown, HTML and JSON")
    export.add_argument("--room", type=Path, required=True, help="the room file")
    export.add_argument("-o", "--output-dir", type=Path, help="folder for the three files (default: beside the room file)")
    export.add_argument("--course", type=Path, help="course folder with modules/ (default: the kit's own)")
    export.set_defaults(func=run_export)


def run_room(args: argparse.Namespace) -> int:
    from tension_points.room.serve import serve

    if args.start is not None:
        parse_clock(args.start)
    if args.minutes <= 0:
        raise UserError(f"--minutes {args.minutes}: give the workshop's length in minutes, e.g. 90")
    course = load_course(args.course or course_root())
    return serve(course, args.room, args.host, args.port, args.minutes, args.modules, args.start)


def run_export(args: argparse.Namespace) -> int:
    from tension_points.room.export import export_room

    if not args.room.exists():
        raise UserError(f"{args.room}: no such room file")
    course = load_course(args.course or course_root())
    for path in export_room(course, args.room, args.output_dir):
        print(f"wrote {path}")
    return 0
