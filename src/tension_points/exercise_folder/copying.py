"""What a learner's exercise folder holds, and copying it without overwriting their work.

The notebooks read their example data and the sample projects by relative path
(``data/...``, ``sample-projects/...``), so the folder keeps the layout of exercises/.
The installed kit carries the notebooks already converted (see src/tension_points_build.py); a source
checkout converts each notebook page on the way, with the conversion the site uses.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tension_points.errors import UserError
from tension_points.notebook_export import EXERCISE_FOLDERS, export_notebook, notebook_pages

SKIPPED_NAMES = {"__pycache__"}


@dataclass(frozen=True)
class Planned:
    relative: Path  # where the file goes, inside the learner's folder
    source: Path    # the file to copy there


def planned_files(exercises_dir: Path, staging: Path) -> list[Planned]:
    """Every file of the learner's folder; notebook pages are converted into ``staging``."""
    files = [Planned(Path(p.name), p) for p in sorted(exercises_dir.glob("*.ipynb"))]
    for page in notebook_pages(exercises_dir):
        converted = staging / f"{page.stem}.ipynb"
        try:
            export_notebook(page, converted)
        except ImportError:
            raise UserError(
                f"{page}: converting the exercise pages needs jupytext; install the kit with "
                "pip install -e '.[docs]' or install the wheel, which carries the notebooks"
            ) from None
        files.append(Planned(Path(converted.name), converted))
    for folder in EXERCISE_FOLDERS:
        root = exercises_dir / folder
        for path in sorted(root.rglob("*")):
            if path.is_file() and not SKIPPED_NAMES.intersection(path.relative_to(root).parts):
                files.append(Planned(Path(folder) / path.relative_to(root), path))
    if not any(f.relative.suffix == ".ipynb" and len(f.relative.parts) == 1 for f in files):
        raise UserError(f"{exercises_dir}: no exercise notebooks found (is this the kit's exercises folder?)")
    return files


def conflicts(files: list[Planned], target: Path) -> list[Path]:
    """Files already in the target folder with other content: copying would overwrite them."""
    found = []
    for planned in files:
        existing = target / planned.relative
        if existing.is_dir() or (existing.exists() and existing.read_bytes() != planned.source.read_bytes()):
            found.append(planned.relative)
    return found


@dataclass(frozen=True)
class CopyResult:
    written: list[Path]
    unchanged: list[Path]
    notebooks: list[Path]


def copy_exercises(exercises_dir: Path, target: Path, force: bool = False) -> CopyResult:
    if target.exists() and not target.is_dir():
        raise UserError(f"{target}: is a file, not a folder; name a folder for the exercises")
    with tempfile.TemporaryDirectory(prefix="tp-exercises-") as staging:
        files = planned_files(exercises_dir, Path(staging))
        clashing = conflicts(files, target)
        if clashing and not force:
            shown = ", ".join(str(p) for p in clashing[:3]) + (f" and {len(clashing) - 3} more" if len(clashing) > 3 else "")
            raise UserError(
                f"{target}: not copied, because {len(clashing)} file(s) there differ from the kit's "
                f"and would be overwritten ({shown}); your changes are kept. Choose another folder, "
                "or add --force to replace them with the kit's versions"
            )
        written, unchanged = [], []
        for planned in files:
            destination = target / planned.relative
            if destination.is_file() and destination.read_bytes() == planned.source.read_bytes():
                unchanged.append(planned.relative)
                continue
            if destination.is_dir():
                shutil.rmtree(destination)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(planned.source, destination)
            written.append(planned.relative)
    notebooks = [f.relative for f in files if f.relative.suffix == ".ipynb" and len(f.relative.parts) == 1]
    return CopyResult(written, unchanged, notebooks)
