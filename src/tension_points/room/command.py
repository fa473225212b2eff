"""``tension-points room``: the live workshop server; ``tension-points room export``: its record."""

from __future__ import annotations

import argparse
from pathlib import Path

from tension_points.course import course_root, load_course, parse_clock
from tension_points.errors import UserError
from tension_points.plan.planner import plan
from tension_points.plan.command import check_lunch_at, planned
from tension_points.plan.ready import ready_agenda
from tension_points.ports import ROOM_PORT as DEFAULT_PORT

DEFAULT_ROOM = Path("tension-points-room.sqlite")
DEFAULT_MINUTES = 90


def register(subparsers: argparse._SubParsersAction) -> None:
    room = subparsers.add_parser(
        "room",
        help="live workshop room: phones join over the room's network (polls, answer wall, timer)",
        description="Start the live room server. Participants join from their phones with a short code or a QR code; "
        "the facilitator runs the agenda from a console; the projector shows the prompt, the countdown and the results. "
        "Everything is kept in one room file: start again with the same --room to resume.",
    )
    room.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer only; 0.0.0.0 opens the room to the local network, :: to it over IPv6 too)")
    room.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    room.add_argument("--room", type=Path, default=DEFAULT_ROOM, help=f"the room file: resumed if it exists, else created (default {DEFAULT_ROOM})")
    room.add_argument("--minutes", type=int, help=f"a new room's agenda length, breaks included (default {DEFAULT_MINUTES})")
    room.add_argument("--modules", metavar="IDS", help="a new room's topic modules, comma-separated (default: as many as fit)")
    room.add_argument("--agenda", metavar="ID", help="a new room's agenda: one of the facilitator guide's ready agendas "
                      "(taster, half-day, full-day), its breaks and lunch included, as `tension-points plan --agenda` prints it")
    room.add_argument("--keep", action="append", default=[], metavar="SEGMENT",
                      help="a new room's agenda keeps this optional segment (id, or title in quotes) that the planner would "
                      "leave out for time, as `tension-points plan --keep` does; repeat for more")
    room.add_argument("--start", metavar="HH:MM", help="a new room's planned start, for the agenda's clock (default: when you start the first item)")
    room.add_argument("--lunch-at", metavar="HH:MM", help="a new room's lunch at the pause nearest this time that the rules allow, "
                      "as `tension-points plan --lunch-at` places it (needs --start, or a ready agenda's own start)")
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

    start = parse_clock(args.start, "--start") if args.start is not None else None
    lunch_at = parse_clock(args.lunch_at, "--lunch-at", "12:30") if args.lunch_at is not None else None
    if args.agenda is not None:
        given = [name for name, value in (("--minutes", args.minutes), ("--modules", args.modules)) if value is not None]
        if given:
            raise UserError(f"--agenda: a ready agenda sets its own length, modules and breaks; leave out {', '.join(given)}")
        ready = ready_agenda(args.agenda)
        check_lunch_at(lunch_at, ready.start if start is None else start, ready.minutes, ready.lunch_minutes)
        settings = {"minutes": ready.minutes, "modules": None, "agenda": ready.id}
        make_agenda = lambda modules: planned(lambda: ready.plan(modules, start, lunch_at, args.keep), ready.id)  # noqa: E731
    else:
        minutes = DEFAULT_MINUTES if args.minutes is None else args.minutes
        if minutes <= 0:
            raise UserError(f"--minutes {minutes}: give the workshop's length in minutes, e.g. 90")
        if lunch_at is not None and start is None:
            raise UserError("--lunch-at: give the room's --start too, the clock the lunch time is read against")
        check_lunch_at(lunch_at, start, minutes, None)
        selected = args.modules.split(",") if args.modules is not None else None
        settings = {"minutes": minutes, "modules": args.modules}
        offset = None if lunch_at is None else lunch_at - start
        make_agenda = lambda modules: planned(lambda: plan(modules, minutes, selected, lunch_at=offset, keep=args.keep))  # noqa: E731
    course = load_course(args.course or course_root())
    if args.keep:
        settings["keep"] = list(args.keep)
    return serve(course, args.room, args.host, args.port, make_agenda, {**settings, "start": args.start})


def run_export(args: argparse.Namespace) -> int:
    from tension_points.room.export import export_room

    if not args.room.exists():
        raise UserError(f"{args.room}: no such room file")
    course = load_course(args.course or course_root())
    for path in export_room(course, args.room, args.output_dir):
        print(f"wrote {path}")
    return 0
