"""Build hook (pyproject.toml's [tool.setuptools.cmdclass]): the wheel carries the course data the installed kit reads.

The `plan` command reads the modules' front matter and the quote library, and
`tension-points exercises` copies the exercise notebooks with their example data and
sample projects. In a checkout these live in modules/ and exercises/; an installed
wheel has no checkout, so building it copies them to tension_points/data/course/
(found by tension_points.course.locate.course_root), with each notebook page converted
to .ipynb exactly as the site's downloads are. Editable installs read the checkout itself.
This module sits beside the package, not in it, so the wheel does not carry it.
"""

import shutil
import sys
from pathlib import Path

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tension_points.notebook_export import EXERCISE_FOLDERS, export_notebook, notebook_pages  # noqa: E402

SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


class build_py_with_course(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            bundle_course(Path(self.build_lib) / "tension_points" / "data" / "course")


def bundle_course(target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    modules = target / "modules"
    modules.mkdir(parents=True)
    for source in sorted((ROOT / "modules").glob("*.md")) + [ROOT / "modules" / "quotes.yaml"]:
        shutil.copyfile(source, modules / source.name)
    exercises = target / "exercises"
    for folder in EXERCISE_FOLDERS:
        shutil.copytree(ROOT / "exercises" / folder, exercises / folder, ignore=SKIP)
    for page in notebook_pages(ROOT / "exercises"):
        export_notebook(page, exercises / f"{page.stem}.ipynb")
