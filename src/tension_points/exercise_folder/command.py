"""``tension-points exercises [DIR]``: copy the exercise notebooks and their data, then say how to open them."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from tension_points.exercise_folder.copying import copy_exercises

DEFAULT_FOLDER = Path("tension-points-exercises")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "exercises",
        help="copy the exercise notebooks and their data into a folder of your own",
        description="Copy the exercise notebooks, their example data and the sample projects into a "
        "folder of your own, and print how to open them. A file already there with other content "
        "is never overwritten unless you add --force.",
    )
    parser.add_argument("folder", metavar="DIR", nargs="?", type=Path, default=DEFAULT_FOLDER,
                        help=f"where to put them (default: ./{DEFAULT_FOLDER})")
    parser.add_argument("--force", action="store_true", help="replace files there that differ from the kit's")
    parser.set_defaults(func=run)


def exercises_dir() -> Path:
    from tension_points.course.locate import course_root

    return course_root() / "exercises"


def jupyter_command() -> str:
    """JupyterLab from the environment the kit runs in, so the notebooks find the kit."""
    scripts = Path(sys.executable).parent
    jupyter = scripts / ("jupyter.exe" if sys.platform == "win32" else "jupyter")
    return f"{shlex.quote(str(jupyter))} lab" if jupyter.exists() else "jupyter lab"


def run(args: argparse.Namespace) -> int:
    result = copy_exercises(exercises_dir(), args.folder, force=args.force)
    where = args.folder
    print(f"Copied {len(result.written)} file(s) into {where}" +
          (f" ({len(result.unchanged)} already there and unchanged)" if result.unchanged else ""))
    print("The notebooks:")
    for notebook in result.notebooks:
        print(f"  {where / notebook}")
    print("Open them with JupyterLab:")
    print(f"  cd {shlex.quote(str(where))}")
    print(f"  {jupyter_command()}")
    return 0
