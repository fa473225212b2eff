"""The top of an exercise notebook: its title, what you will do, where to run it, and a check.

A notebook is often opened far from the site: from a Downloads folder, in JupyterLab with
no page around it. Its first cell says what the exercise is and where to open it, and its
first code cell (tension_points.exercise_folder.check) checks that it runs where its files
are, and says where to open it when not, instead of failing later with ``FileNotFoundError``.
"""

from __future__ import annotations

from tension_points.site_files import SETUP_PAGE, SiteAddresses

# The folders of the learner's exercise folder that the notebooks read by relative path.
EXERCISE_FOLDERS = ("data", "sample-projects")
EXERCISES_COMMAND = "tension-points exercises ~/tension-points-exercises"

CHECK_CELL = """\
# Run this cell first: it checks that this notebook is open in your exercises folder, beside
# the files it reads, and says where to open it if not. It changes nothing.
from tension_points.exercise_folder.check import ready_for_exercises

ready_for_exercises()"""


def title_cell(title: str, lead: str, site: SiteAddresses, has_solutions: bool) -> str:
    """The notebook's first cell: its title, what you will do (the page's lead), where to run it."""
    folders = " and ".join(f"`{folder}/`" for folder in EXERCISE_FOLDERS)
    where = (
        "**Where to run it:** in your exercises folder, the one `tension-points exercises` makes "
        f"({link_to_setup(site)}), with the kit installed: the notebook reads {folders} from beside it. "
        "The first code cell checks it."
    )
    parts = [f"# {title}", lead, where]
    if not site.known:
        parts.append("Names in *italics* are pages of the course site, which this copy of the notebook "
                     "cannot link: open them on the site, in the offline bundle's copy of it, or in the course PDF.")
    if has_solutions:
        parts.append("**Solutions** are folded under each exercise: try it first, then click "
                     "*Solution to exercise …* to open the answer.")
    return "\n\n".join(parts)


def link_to_setup(site: SiteAddresses) -> str:
    if site.known:
        return f"[Set up, step 3]({site.page(SETUP_PAGE, 'step-3-open-the-exercises')})"
    return "*Set up*, step 3"


def check_cell() -> str:
    return CHECK_CELL
