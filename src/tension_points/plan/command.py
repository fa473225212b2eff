"""``tension-points plan``: a workshop agenda of a given length, as text, Markdown or HTML."""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

from tension_points.course import clock, course_root, format_minutes, load_course, parse_clock
from tension_points.textfiles import write_text
from tension_points.plan import present_links
from tension_points.plan.planner import BREAK_MINUTES, MAX_STRETCH, Agenda, plan

FORMATS = ("text", "md", "html")
HEADER = ("Clock", "Module", "Item", "Kind", "Min")


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
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default text)")
    parser.add_argument("--break-minutes", type=int, default=BREAK_MINUTES, metavar="N", help=f"length of a break (default {BREAK_MINUTES})")
    parser.add_argument("--lunch", type=int, default=0, metavar="N", help="make one break a lunch of N minutes (default: no lunch)")
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
    course_dir = args.course or default_course_dir()
    modules = load_course(course_dir).modules
    selected = args.modules.split(",") if args.modules is not None else None
    agenda = plan(modules, args.minutes, selected, break_minutes=args.break_minutes, lunch_minutes=args.lunch)
    site = args.site or str(Path(course_dir) / "_build" / "html")
    text = render(agenda, start, args.format, site)
    if args.output:
        write_text(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


def render(agenda: Agenda, start: int, fmt: str, site: str | None = None) -> str:
    if fmt == "html":
        return render_html(agenda, start, site)
    return {"text": render_text, "md": render_markdown}[fmt](agenda, start)


def heading(agenda: Agenda, start: int) -> str:
    return f"Workshop agenda, {format_minutes(agenda.total)}, {clock(start, 0)} to {clock(start, agenda.total)}"


def render_text(agenda: Agenda, start: int) -> str:
    rows = [HEADER, *agenda.rows(start)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = [heading(agenda, start), ""]
    for number, cells in enumerate(rows):
        line = "  ".join(
            cell.rjust(widths[i]) if i == 4 else cell.ljust(widths[i]) for i, cell in enumerate(cells)
        )
        lines.append(line.rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += ["", agenda.summary(), *agenda.notes]
    return "\n".join(lines) + "\n"


def md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(agenda: Agenda, start: int) -> str:
    lines = [f"# {heading(agenda, start)}", "", "| " + " | ".join(HEADER) + " |", "|---|---|---|---|--:|"]
    for cells in agenda.rows(start):
        lines.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
    lines += ["", agenda.summary(), ""]
    lines += [f"- {note}" for note in agenda.notes]
    return "\n".join(lines).rstrip() + "\n"


STYLE = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #111; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #999; vertical-align: top; }
td.min { text-align: right; }
tr.module-start td { border-top: 2px solid #111; }
tr.pause td { font-style: italic; background: #eee; }
@media print { body { margin: 0; } }
"""


def present_section(agenda: Agenda, start: int, site: str) -> str:
    """Links that open each module's presentation with this agenda's minutes."""
    rows = "".join(
        f'<li>{html.escape(module.title)}: <a href="{html.escape(projector)}">projector</a> \u00b7 '
        f'<a href="{html.escape(speaker)}">speaker\u2019s view</a></li>'
        for module, projector, speaker in present_links.links(agenda, start, site)
    )
    return f"<h2>Present with these minutes</h2>\n<ul>{rows}</ul>\n"


def render_html(agenda: Agenda, start: int, site: str | None = None) -> str:
    """One self-contained page: inline style, no scripts, no external resources; with ``site``,
    links to each module's presentation with this agenda's minutes."""
    title = html.escape(heading(agenda, start))
    body_rows = []
    for item_cells, item in zip(agenda.rows(start), [*agenda.items, None]):
        classes = []
        if item_cells[1]:
            classes.append("module-start")
        if item is not None and (item.is_pause or item.kind == "buffer"):
            classes.append("pause")
        attr = f' class="{" ".join(classes)}"' if classes else ""
        cells = "".join(
            f'<td class="min">{html.escape(c)}</td>' if i == 4 else f"<td>{html.escape(c)}</td>"
            for i, c in enumerate(item_cells)
        )
        body_rows.append(f"<tr{attr}>{cells}</tr>")
    header = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in HEADER)
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in agenda.notes)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f"<table>\n<thead><tr>{header}</tr></thead>\n<tbody>\n" + "\n".join(body_rows) + "\n</tbody>\n</table>\n"
        f"<p>{html.escape(agenda.summary())}</p>\n" + (f"<ul>{notes}</ul>\n" if notes else "")
        + (present_section(agenda, start, site) if site else "") + "</body>\n</html>\n"
    )
