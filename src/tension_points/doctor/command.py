"""``tension-points doctor``: one line per check, with the fix; exit 1 when something is missing."""

from __future__ import annotations

import argparse
from pathlib import Path

from tension_points.doctor import checks
from tension_points.errors import UserError
from tension_points.ports import WOZ_PORT as DEFAULT_PORT


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check this machine is ready for the exercises and the tools",
        description="Check that everything the exercises and the tools need is in place: Python, the "
        "kit's packages, JupyterLab, a writable folder, a free port for the Wizard of Oz screens, git with a name "
        "and email to commit under, and a Jupyter kernel that runs a small notebook. One line per check; a note "
        "(a busy port, git without a name) says what no exercise needs; exit 1 when something needed is missing.",
    )
    parser.add_argument("--folder", type=Path, default=Path("."), help="the folder the exercises will go in (default: here)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port to check (default {DEFAULT_PORT}, woz serve's)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.folder.is_dir():
        raise UserError(f"{args.folder}: no such folder")
    if not 1 <= args.port <= 65535:
        raise UserError(f"--port {args.port}: a port is a number from 1 to 65535")
    results = [checks.check_python(), checks.check_packages(), checks.check_jupyterlab(),
               checks.check_writable(args.folder), checks.check_port(args.port), checks.check_git(args.folder)]
    print("\n".join(r.line() for r in results), flush=True)
    results.append(kernel := checks.check_kernel())
    print(kernel.line())
    failed = [r.name for r in results if r.failed]
    notes = [r.name for r in results if r.note and not r.ok]
    said = f" (a note on {', '.join(notes)})" if notes else ""
    print(f"{len(results) - len(failed)} of {len(results)} checks passed{said}" +
          (f"; fix {', '.join(failed)} and run tension-points doctor again" if failed else ": ready for the exercises"))
    return 1 if failed else 0
