"""``tension-points audit``: the command-line interface of the reproducibility audit.

Exit codes: 0 the audit ran (and the score is at least --fail-under);
1 the score is below --fail-under; 2 usage or input error; 3 internal error
(a bug in the audit: never read as a low score by CI).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from tension_points.errors import UserError
from tension_points.reports.visible import visible
from tension_points.audit.output import refuse_inside, refuse_overwrite, write_report
from tension_points.audit.report import AUDIT_FORMATS
EXIT_OK, EXIT_BELOW_THRESHOLD, EXIT_INTERNAL_ERROR = 0, 1, 3
DESCRIPTION = """\
Audit a project folder for reproducibility, statically: nothing in it is
imported, executed or installed, and nothing is written into it.
Checks, reasons and fixes come from the course's reproducibility checklist."""
EPILOG = """\
exit codes: 0 audit done (score at or above --fail-under), 1 score below
--fail-under, 2 usage or input error, 3 internal error (a bug in the audit,
reported on one line; no report is written).

skips can also live in the audited project's pyproject.toml:
  [tool.tension-points.audit]
  skip = [{ check = "project-citation", reason = "internal prototype" }]
  exclude = [{ path = "examples/broken", reason = "deliberately broken examples" }]

examples:
  tension-points audit .
  tension-points audit . --format json --output ../before.json
  tension-points audit . --fail-under 80 --skip project-citation --reason "not published"
  tension-points audit --compare before.json after.json"""


class SkipAction(argparse.Action):
    """--skip CHECK starts a skip; the --reason that follows completes it."""

    def __call__(self, parser, namespace, value, option_string=None):
        pairs = list(getattr(namespace, "skips", None) or [])
        if self.dest == "skips":
            pairs.append([value, None])
        else:
            if not pairs or pairs[-1][1] is not None:
                parser.error("--reason must follow a --skip CHECK")
            pairs[-1][1] = value
        namespace.skips = pairs


def score_value(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text} is outside 0-100")
    return value


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "audit", help="audit a project folder for reproducibility (static, read-only)",
        description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", metavar="PATH", help="the project folder to audit")
    parser.add_argument("--format", choices=AUDIT_FORMATS.names(), default="text",
                        help="report format (default: text, coloured only on a terminal; sarif for code-scanning views)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the report to FILE instead of standard output (never inside the audited folder)")
    parser.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    parser.add_argument("--fail-under", type=score_value, metavar="SCORE",
                        help="exit with status 1 if the overall score is below SCORE (0-100), for CI")
    parser.add_argument("--skip", dest="skips", action=SkipAction, metavar="CHECK",
                        help="do not run CHECK; must be followed by --reason TEXT (repeatable)")
    parser.add_argument("--reason", dest="reasons", action=SkipAction, metavar="TEXT",
                        help="why the preceding --skip is justified (shown in the report)")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE.json", "AFTER.json"),
                        help="compare two JSON reports: what improved, what regressed")
    parser.add_argument("--list-checks", action="store_true", help="list the checks and exit")
    parser.set_defaults(func=run, skips=[])


def run(args: argparse.Namespace) -> int:
    """Run the command; any failure that is not bad input exits 3, never 1 (a low score)."""
    try:
        return _run(args)
    except (UserError, KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as exc:  # includes RecursionError and MemoryError
        detail = visible(" ".join(str(exc).split())[:200])
        print(f"tension-points: internal error in the audit ({type(exc).__name__}{': ' + detail if detail else ''}); "
              "no report was written. Please report it, with the command you ran.", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def _run(args: argparse.Namespace) -> int:
    from tension_points.audit.checklist import load_checklist

    checklist = load_checklist(validate_schema=False)
    if args.list_checks:
        return _emit(_check_list(checklist), args)
    if args.compare:
        if args.path or args.skips:
            raise UserError("--compare takes two JSON reports and no PATH or --skip")
        return _compare(args)
    if not args.path:
        raise UserError("give the folder to audit, e.g. tension-points audit .")
    from tension_points.audit.runner import check_root

    check_root(Path(args.path))
    if args.output:  # refused before the audit runs, not after
        refuse_inside(Path(args.output), Path(args.path))
        refuse_overwrite(Path(args.output), args.force)
    from tension_points.audit.read.config import command_line_skips
    from tension_points.audit.report import render
    from tension_points.audit.runner import run_audit

    skips = command_line_skips([tuple(pair) for pair in args.skips], checklist.automated_ids)
    report = run_audit(Path(args.path), skips, checklist)
    _emit(render(report, args.format, color=_use_color(args), width=_text_width(args)), args)
    return _exit_code(report.score, args.fail_under)


def _compare(args) -> int:
    from tension_points.audit.compare import COMPARE_RENDERERS, compare
    from tension_points.reports.visible import visible_copy

    if args.format not in COMPARE_RENDERERS.names():
        raise UserError(f"--compare writes {', '.join(COMPARE_RENDERERS.names())}, not {args.format}")
    comparison = compare(Path(args.compare[0]), Path(args.compare[1]))
    shown = comparison if args.format == "json" else visible_copy(comparison)  # reports written by hand or by others
    _emit(COMPARE_RENDERERS.render(shown, args.format), args)
    return _exit_code(comparison.after_score, args.fail_under)


def _exit_code(score: int | None, fail_under: float | None) -> int:
    if fail_under is not None and (score is None or score < fail_under):
        print(f"tension-points: score {score if score is not None else 'n/a'} is below --fail-under {fail_under:g}",
              file=sys.stderr)
        return EXIT_BELOW_THRESHOLD
    return EXIT_OK


def _check_list(checklist) -> str:
    """Each check: its id, severity and question, the languages and kinds of project it judges, and what it
    compares when that is less than the question asks."""
    lines = []
    for group in checklist.groups:
        lines.append(f"{group.title}:")
        for item in checklist.items_in(group.id):
            if not item.automated:
                continue
            lines.append(f"  {item.id:<26} {item.severity:<7} {item.question}")
            lines.append(f"  {'':<34} checked for {item.checked_for_text()} projects")
            if item.audit_scope:
                lines.append(f"  {'':<34} {item.audit_scope}")
    return "\n".join(lines) + "\n"


def _use_color(args) -> bool:
    return (args.format == "text" and not args.output and sys.stdout.isatty()
            and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb")


def _text_width(args) -> int:
    """The terminal's columns when the text report goes to one, or COLUMNS when set (as shutil reads it);
    0 for a file or a pipe without COLUMNS, which keep each finding on one line for grep."""
    if args.format != "text" or args.output or ("COLUMNS" not in os.environ and not sys.stdout.isatty()):
        return 0
    return shutil.get_terminal_size(fallback=(0, 0)).columns


def _emit(text: str, args) -> int:
    data = text.encode("utf-8")  # the report is valid UTF-8 (paths that are not were escaped), so this cannot fail
    if args.output:
        write_report(Path(args.output), data, force=args.force)
    else:
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(text)
        sys.stdout.flush()
    return EXIT_OK
