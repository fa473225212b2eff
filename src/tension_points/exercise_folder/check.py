"""The first code cell of every exercise notebook: is it open where its files are?

A notebook downloaded from the site and opened from a Downloads folder has no ``data/``
beside it, and its first cell that reads a file would fail with ``FileNotFoundError``. This
check stops "Run all" at the top instead, with one message that says where to open it.
"""

from __future__ import annotations

from pathlib import Path

from tension_points import __version__
from tension_points.notebook_export.opening import EXERCISE_FOLDERS, EXERCISES_COMMAND


class NotInExerciseFolder(Exception):
    """Shown in Jupyter as its message alone: IPython asks an exception for ``_render_traceback_``."""

    def _render_traceback_(self) -> list[str]:
        return [str(self)]


def ready_for_exercises(folder: Path | None = None) -> None:
    """Say so when ``folder`` (the notebook's own, by default) is an exercises folder; raise otherwise."""
    folder = Path.cwd() if folder is None else folder
    missing = [name for name in EXERCISE_FOLDERS if not (folder / name).is_dir()]
    if missing:
        raise NotInExerciseFolder(
            f"This notebook is open in {folder}, which has no {' or '.join(missing)} folder beside it. "
            f"Open it from your exercises folder instead: make one with `{EXERCISES_COMMAND}`, "
            "then open this notebook there in JupyterLab."
        )
    print(f"Ready: the exercise files are here, and this Python has tension-points {__version__}.")
