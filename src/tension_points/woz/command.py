"""``tension-points woz``: play, serve, debrief, validate and list Wizard of Oz packs."""

from __future__ import annotations

import argparse
import signal
import threading
import sys
from pathlib import Path

from tension_points.errors import UserError
from tension_points.ports import WOZ_PORT
from tension_points.reports import format_for_path, format_names, render
from tension_points.woz.pack import load_pack, shipped_pack_names

PACK_HELP = "a shipped pack name (see 'woz list') or a path to a pack YAML file"
LOG_HELP = (
    "session log (JSON Lines). An unfinished session of the same pack is resumed; "
    "any other existing file is left untouched and a new name is picked. "
    "Default: woz-PACK-DATE-TIME.jsonl in the current folder"
)

# The port `woz serve` listens on unless told otherwise (`tension-points doctor` checks it is free).
DEFAULT_PORT = WOZ_PORT
ITEMS_HELP = "play only the first N items in each round, for a shorter session (default: all)"


def register(subparsers: argparse._SubParsersAction) -> None:
    woz = subparsers.add_parser(
        "woz",
        help="Wizard of Oz role-play: a person plays the model",
        description="Wizard of Oz role-play: before building a model, let a person play it, "
        "seeing only what the model would see.",
    )
    commands = woz.add_subparsers(title="woz commands", metavar="WOZ_COMMAND")
    woz.set_defaults(func=lambda args: (woz.print_help(), 2)[1])

    play = commands.add_parser("play", help="hot-seat play in the terminal")
    play.add_argument("pack", metavar="PACK", help=PACK_HELP)
    play.add_argument("--log", type=Path, help=LOG_HELP)
    play.add_argument("--items", type=int, metavar="N", help=ITEMS_HELP)
    play.set_defaults(func=run_play)

    serve = commands.add_parser(
        "serve", help="the user's, wizard's, observer's and facilitator's screens in browsers (the live room, running this game)")
    serve.add_argument("pack", metavar="PACK", help=PACK_HELP)
    serve.add_argument("--log", type=Path, help=LOG_HELP)
    serve.add_argument("--items", type=int, metavar="N", help=ITEMS_HELP)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only; "
        "0.0.0.0 opens it to your local network, :: to it over IPv6 too)",
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks a free one)")
    serve.add_argument(
        "--groups", type=int, default=1, metavar="N",
        help="several groups at once, each with its own screens, links and log "
        "(LOG-group-1.jsonl, LOG-group-2.jsonl...; default 1)",
    )
    serve.set_defaults(func=run_serve)

    debrief = commands.add_parser("debrief", help="write the debrief report from one or more session logs")
    debrief.add_argument("logs", metavar="LOG", nargs="+", type=Path, help="session log; give two or more to compare them")
    debrief.add_argument("--format", choices=format_names(), help="report format (default: from -o's suffix, else md)")
    debrief.add_argument("-o", "--output", type=Path, help="write the report here (an existing file is never overwritten)")
    debrief.set_defaults(func=run_debrief)

    validate = commands.add_parser("validate", help="check packs against the schema and cross-checks")
    validate.add_argument("packs", metavar="PACK", nargs="+", help=PACK_HELP)
    validate.set_defaults(func=run_validate)

    list_ = commands.add_parser("list", help="list the shipped packs")
    list_.set_defaults(func=run_list)


def run_play(args: argparse.Namespace) -> int:
    from tension_points.woz.session import Session, resume_command
    from tension_points.woz.terminal import play

    opened = Session.open(load_pack(args.pack), args.log, mode="terminal", items_per_round=args.items)
    print(opened.message, flush=True)
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C pauses like q, even when a shell started us with SIGINT ignored.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    return play(opened.session, resume_command("play", args.pack, [opened.session.log_path]))


def run_serve(args: argparse.Namespace) -> int:
    # The screens are the live room's, running this one game (room/woz_serve.py).
    from tension_points.room.woz_serve import serve_game

    return serve_game(args.pack, args.log, args.items, args.host, args.port, args.groups)


def run_debrief(args: argparse.Namespace) -> int:
    from tension_points.woz.debrief import build_report, load_sessions
    from tension_points.woz.session import unused_path

    fmt = args.format or (format_for_path(args.output, default="md") if args.output else "md")
    sessions = load_sessions(args.logs)
    text = render(build_report(sessions), fmt)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    target = unused_path(args.output)
    if target != args.output:
        print(f"{args.output} exists; leaving it untouched and writing {target} instead.", file=sys.stderr)
    try:
        target.write_text(text, encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{target}: folder {target.parent} does not exist") from None
    print(f"Debrief written to {target}", file=sys.stderr)
    return 0


def run_validate(args: argparse.Namespace) -> int:
    failures = 0
    for name in args.packs:
        try:
            pack = load_pack(name)
        except UserError as exc:
            print(f"tension-points: error: {exc}", file=sys.stderr)
            failures += 1
            continue
        print(
            f"{pack.path}: OK ({len(pack.items)} items, {len(pack.labels)} labels, {len(pack.rounds)} rounds)"
        )
    return 2 if failures else 0


def run_list(args: argparse.Namespace) -> int:
    for name in shipped_pack_names():
        pack = load_pack(name)
        print(f"{name}")
        print(f"    {pack.title}: {len(pack.items)} items, {len(pack.rounds)} rounds, labels {', '.join(pack.labels)}")
        print(f"    {' '.join(pack.data['summary'].split())}")
    return 0
