"""``tension-points plan``: a workshop agenda of a given length, as text, Markdown or HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tension_points.course import clock, course_root, format_minutes, load_course, parse_clock
from tension_points.textfiles import write_text
from tension_points.errors import UserError
from tension_points.plan.planner import BREAK_MINUTES, LUNCH_FROM, LUNCH_MINUTES, MAX_STRETCH, Agenda, CannotFit, plan
from tension_points.plan.wording import describe_note, describe_refusal
from tension_points.plan import present_links
from tension_points.reports import Document, Heading, Link, ListBlock, Paragraph, Table, format_for_path, render

FORMATS = ("text", "md", "html", "json")
HEADER = ["Clock", "Module", "Item", "Kind", "Min"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="workshop planner: an agenda of a given length from the modules' timings",
        description="Build a workshop agenda from the modules' metadata. Opening and closing are always in; "
        f"a break comes at least every {MAX_STRETCH} minutes; segments are trimmed, never below their minimum. "
        "When the request cannot fit, says what to drop or how long is needed (exit code 2).",
    )
    parser.add_argument("--minutes", type=int, required=True, metavar="N", help="length of the workshop, breaks included")
    parser.add_argument(
        "--modules",
        metavar="IDS",
        help="comma-separated topic modules, e.g. silos,ownership (default: as many as fit, in course order)",
    )
    parser.add_argument("--start", default="09:00", metavar="HH:MM", help="start time (default 09:00)")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: from -o's suffix, else text)")
    parser.add_argument("--break-minutes", type=int, default=BREAK_MINUTES, metavar="N", help=f"length of a break (default {BREAK_MINUTES})")
    parser.add_argument(
        "--lunch", type=int, metavar="N",
        help=f"make one break a lunch of N minutes; 0 for none (default: a {LUNCH_MINUTES}-minute lunch from {LUNCH_FROM // 60} hours on)",
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
    start = parse_clock(args.start)
    if args.minutes <= 0:
        raise UserError(f"--minutes: {args.minutes} is not a length; give the workshop's length in minutes, e.g. 210")
    course_dir = args.course or default_course_dir()
    modules = load_course(course_dir).modules
    selected = args.modules.split(",") if args.modules is not None else None
    try:
        agenda = plan(modules, args.minutes, selected, break_minutes=args.break_minutes, lunch_minutes=args.lunch)
    except CannotFit as refusal:
        raise UserError(describe_refusal(refusal, "cli")) from None
    except UserError as error:
        raise UserError(str(error).replace("modules: no topic module", "--modules: no topic module", 1)) from None
    fmt = args.format or (format_for_path(args.output) if args.output else "text")
    site = (args.site or str(Path(course_dir) / "_build" / "html")) if fmt == "html" else None
    text = render(agenda_document(agenda, start, site), fmt)
    if args.output:
        write_text(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def heading(agenda: Agenda, start: int) -> str:
    return f"Workshop agenda, {format_minutes(agenda.total)}, {clock(start, 0)} to {clock(start, agenda.total)}"


def agenda_document(agenda: Agenda, start: int, site: str | None = None) -> Document:
    """The agenda as a report: one row per item, an activity's steps at the length it runs; with
    ``site``, links that open each module's presentation with this agenda's minutes."""
    rows, styles = [], []
    for cells, item in zip(agenda.rows(start), [*agenda.items, None]):
        cells = list(cells)
        if item is not None and item.parts:
            cells[2] += " (" + "; ".join(f"{p.short} {p.minutes}" for p in item.parts) + ")"
        rows.append(cells)
        pause = item is not None and (item.is_pause or item.kind == "buffer")
        styles.append(" ".join(s for s in ("group-start" if cells[1] else "", "pause" if pause else "") if s))
    document = Document(heading(agenda, start))
    document.add(Table(HEADER, rows, numeric=(4,), row_styles=styles), Paragraph(agenda.summary(), style="summary"))
    if agenda.notes:
        document.add(ListBlock([describe_note(note, "cli") for note in agenda.notes]))
    if site:
        document.add(Heading(2, "Present with these minutes"))
        for module, projector, speaker in present_links.links(agenda, start, site):
            document.add(Link(f"{module.title}: projector", projector), Link(f"{module.title}: speaker\u2019s view", speaker))
    return document
