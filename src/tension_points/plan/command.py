"""``tension-points plan``: a workshop agenda of a given length, as text, Markdown or HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tension_points.course import course_root, load_course, parse_clock
from tension_points.textfiles import write_text
from tension_points.errors import UserError
from tension_points.plan.outputs import render_sheet
from tension_points.plan.printing import load_printing, parse_people, print_list
from tension_points.plan.planner import BREAK_MINUTES, LUNCH_FROM, LUNCH_MINUTES, MAX_BLOCK, Agenda, CannotFit, plan
from tension_points.plan.ready import ReadyAgenda, lunch_time_problem, ready_agenda
from tension_points.plan.sheet import sheet
from tension_points.plan.wording import describe_refusal
from tension_points.reports import format_for_path

FORMATS = ("text", "md", "html", "json")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="workshop planner: an agenda of a given length from the modules' timings",
        description="Build a workshop agenda from the modules' metadata, with what to cut when the room runs late. "
        f"Opening and closing are always in; breaks fall between modules or where a module allows one, at least every "
        f"{MAX_BLOCK} minutes; every block keeps a buffer; no segment runs under three quarters of its length. "
        "When the request cannot fit, says what to drop or which lengths fit (exit code 2). "
        "The HTML agenda prints one page per half day.",
    )
    parser.add_argument("--minutes", type=int, metavar="N", help="length of the workshop, breaks included")
    parser.add_argument(
        "--agenda", metavar="ID",
        help="one of the facilitator guide's ready agendas (taster, half-day, full-day) instead of --minutes",
    )
    parser.add_argument(
        "--modules",
        metavar="IDS",
        help="comma-separated topic modules, e.g. silos,ownership (default: as many as fit, in course order)",
    )
    parser.add_argument(
        "--keep", action="append", default=[], metavar="SEGMENT",
        help="keep this optional segment (its id, or its title in quotes) that the planner would leave out for time, "
        "and fit the rest around it by the same rules; repeat for more. The notes name what was left out, with ids",
    )
    parser.add_argument("--start", metavar="HH:MM", help="start time (default 09:00, or the ready agenda's)")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: from -o's suffix, else text)")
    parser.add_argument("--break", "--break-minutes", dest="break_minutes", type=int, metavar="N",
                        help=f"length of every break, exactly (default {BREAK_MINUTES})")
    parser.add_argument(
        "--lunch", type=int, metavar="N",
        help=f"make one break a lunch of exactly N minutes; 0 for none (default: a {LUNCH_MINUTES}-minute lunch from {LUNCH_FROM // 60} hours on)",
    )
    parser.add_argument(
        "--lunch-at", metavar="HH:MM",
        help="start lunch at the pause nearest this time that the rules allow (between modules, or where a module "
        "allows a pause; never inside an activity), e.g. when the food arrives; asks for a lunch "
        f"(default: {LUNCH_MINUTES} minutes, nearest the middle of the day)",
    )
    parser.add_argument(
        "--people", metavar="N",
        help="after the agenda, what to print for N participants: each sheet the agenda's segments use, "
        "how it is used (one each, per pair, per group, for the room) and its copies, spares included",
    )
    parser.add_argument("--course", type=Path, help="course folder with modules/ (default: the current folder if it has one, else the kit's own)")
    parser.add_argument(
        "--site",
        metavar="URL|FOLDER",
        help="the built site, for the HTML agenda's links to each module's presentation "
        "(default: the course folder's _build/html)",
    )
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of standard output")
    parser.set_defaults(func=run_plan)


def default_course_dir() -> Path:
    here = Path.cwd()
    if (here / "modules").is_dir():
        return here
    return course_root()


def run_plan(args: argparse.Namespace) -> int:
    course_dir = args.course or default_course_dir()
    people = parse_people(args.people) if args.people is not None else None
    printing_data = load_printing() if people is not None else None
    lunch_at = parse_clock(args.lunch_at, "--lunch-at", "12:30") if args.lunch_at is not None else None
    if args.agenda is not None:
        ready = ready_for(args)
        start = parse_clock(args.start, "--start") if args.start else ready.start
        check_lunch_at(lunch_at, start, ready.minutes, ready.lunch_minutes)
        modules = load_course(course_dir).modules
        agenda = planned(lambda: ready.plan(list(modules), start, lunch_at, args.keep), ready.id)
    else:
        if args.minutes is None:
            raise UserError("--minutes: give the workshop's length in minutes, e.g. 210, or a ready agenda with --agenda")
        if args.minutes <= 0:
            raise UserError(f"--minutes: {args.minutes} is not a length; give the workshop's length in minutes, e.g. 210")
        start = parse_clock(args.start or "09:00", "--start")
        check_lunch_at(lunch_at, start, args.minutes, args.lunch)
        modules = load_course(course_dir).modules
        selected = args.modules.split(",") if args.modules is not None else None
        break_minutes = BREAK_MINUTES if args.break_minutes is None else args.break_minutes
        agenda = planned(lambda: plan(modules, args.minutes, selected, break_minutes=break_minutes, lunch_minutes=args.lunch,
                                      lunch_at=None if lunch_at is None else lunch_at - start, keep=args.keep))
    fmt = args.format or (format_for_path(args.output) if args.output else "text")
    site = (args.site or str(Path(course_dir) / "_build" / "html")) if fmt == "html" else None
    title = ready.title if args.agenda is not None else ""
    which = (ready.id, ready.title) if args.agenda is not None else None
    printing = print_list(agenda, people, printing_data, which) if people is not None else None
    text = render_sheet(sheet(agenda, start, title), fmt, site, printing)
    if args.output:
        write_text(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def check_lunch_at(lunch_at: int | None, start: int, minutes: int, lunch_minutes: int | None) -> None:
    if lunch_at is not None and (problem := lunch_time_problem(lunch_at, start, minutes, lunch_minutes)):
        raise UserError(f"--lunch-at {problem}")


def ready_for(args: argparse.Namespace) -> ReadyAgenda:
    given = [name for name, value in (("--minutes", args.minutes), ("--modules", args.modules), ("--lunch", args.lunch),
                                       ("--break", args.break_minutes)) if value is not None]
    if given:
        raise UserError(f"--agenda: a ready agenda sets its own length, modules and breaks; leave out {', '.join(given)}")
    return ready_agenda(args.agenda)


def planned(make_agenda, ready_id: str | None = None) -> Agenda:
    """The agenda, or the planner's refusal in the command line's words (``ready_id``: the ready
    agenda asked for, which sets its own length: another length is a day of one's own)."""
    try:
        return make_agenda()
    except CannotFit as refusal:
        text = describe_refusal(refusal, "cli")
        if ready_id is not None:
            text = text.replace(" Ask for --minutes", f" Plan a day of your own in place of --agenda {ready_id}, with --minutes", 1)
        raise UserError(text) from None
    except UserError as error:
        raise UserError(command_line_words(str(error))) from None


def command_line_words(message: str) -> str:
    """The planner's refusal in the command line's words: its options by their names."""
    message = message.replace("modules: no topic module", "--modules: no topic module", 1)
    if message.startswith("keep: "):
        message = "--keep: " + message[len("keep: "):].replace("the modules asked for leave out; add", "--modules leaves out; add", 1).replace(
            "name the modules yourself.", "name the modules yourself with --modules.", 1)
    return message
