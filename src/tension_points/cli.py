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

# The subcommands and the modules that provide them, in the order ``--help`` lists them.
COMMANDS: dict[str, str] = {
    "exercises": "tension_points.exercise_folder.command",
    "doctor": "tension_points.doctor.command",
    "plan": "tension_points.plan.command",
    "audit": "tension_points.audit.command",
    "woz": "tension_points.woz.command",
    "room": "tension_points.room.command",
}
COMMAND_MODULES: list[str] = list(COMMANDS.values())


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand; given the arguments, and they name one, only that one's.

    Importing a tool costs start-up time (the planner's templates and course data alone take
    about 0.15 s), which ``tension-points audit`` on a CI runner need not pay for the others.
    Its options, help and errors are the same either way; anything else (no command, ``--help``,
    a misspelt command) gets the full parser, which lists every command.
    """
    parser = argparse.ArgumentParser(
        prog="tension-points",
        description="Tools of the Tension Points course: the exercises and a readiness check, "
        "workshop planner, reproducibility audit, Wizard of Oz role-play, live workshop room.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    named = argv[0] if argv else None
    modules = [COMMANDS[named]] if named in COMMANDS else COMMAND_MODULES
    for module_name in modules:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
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
