"""The ``tension-points`` command: one entry point, one subcommand per tool.

Each tool lives in its own module and contributes a ``register(subparsers)``
function that adds its subcommand and sets ``func`` on the parsed arguments;
``func(args)`` returns the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from tension_points import __version__
from tension_points.errors import UserError
from tension_points.reports.visible import visible
from tension_points.startup import skip_unused_slow_imports

skip_unused_slow_imports()  # before any tool imports jsonschema

# Exit codes: 0 done, 1 a result below a threshold the user set (audit --fail-under),
# 2 bad input (a UserError), 3 a bug in the kit, 130 interrupted.
INTERNAL_ERROR = 3

# Modules that provide a subcommand, in the order ``--help`` lists them.
COMMAND_MODULES: list[str] = [
    "tension_points.exercise_folder.command",
    "tension_points.doctor.command",
    "tension_points.plan.command",
    "tension_points.audit.command",
    "tension_points.woz.command",
    "tension_points.room.command",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tension-points",
        description="Tools of the Tension Points course: the exercises and a readiness check, "
        "workshop planner, reproducibility audit, Wizard of Oz role-play, live workshop room.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"tension-points: error: {visible(str(exc))}", file=sys.stderr)  # names may hold control characters
        return exc.exit_code
    except KeyboardInterrupt:
        print("tension-points: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, not bad input: its own exit code, never that of a result
        if os.environ.get("TP_DEBUG"):
            raise
        print(f"tension-points: internal error: {type(exc).__name__}: {exc} (set TP_DEBUG=1 for the traceback; please report it)", file=sys.stderr)
        return INTERNAL_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
