"""What the course site publishes and where: page titles, page addresses and the downloads.

Sphinx-free, so that the notebook conversion can use it where Sphinx is not installed
(the wheel's build hook, ``tension-points exercises`` in a checkout) and name and link the
same pages and files as the site does.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from tension_points import __version__

DOWNLOADS_DIR = "downloads"
NOTEBOOKS_DIR = "_notebooks"
SETUP_PAGE = "exercises/setup"
GLOSSARY_PAGE = "reference/glossary"


@dataclass(frozen=True)
class Download:
    key: str
    filename: str
    label: str
    what: str


DOWNLOADS = (
    Download("course-pdf", "tension-points-course.pdf", "the course (PDF)",
             "the learner edition: every module, exercise and solution, for reading or printing"),
    Download("handbook-pdf", "tension-points-facilitator-handbook.pdf", "the facilitator handbook (PDF)",
             "the facilitator edition: everything, with the notes for whoever runs the workshop"),
    Download("handouts-pdf", "tension-points-handouts.pdf", "the handouts (PDF)",
             "the printable handouts, each on its own page"),
    Download("wheel", f"tension_points-{__version__}-py3-none-any.whl", "the kit's wheel",
             "the kit to install with pip: the tension-points command, the exercise helpers and notebooks"),
    Download("offline-bundle", "tension-points-offline.zip", "the offline bundle (zip)",
             "this site, the PDFs, the notebooks and every wheel the install needs, for a computer or a room "
             "without internet (its README.txt says how to use it)"),
)
DOWNLOADS_BY_KEY = {d.key: d for d in DOWNLOADS}


def page_title(source: Path) -> str:
    """A page's title as its reader sees it: the front matter's title, else its first heading."""
    text = source.read_text(encoding="utf-8")
    titled = re.search(r'^title:\s*"?(.*?)"?\s*$', text.split("\n---", 1)[0], re.M) if text.startswith("---") else None
    if titled:
        return titled.group(1)
    return next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), source.stem)


def resolve_docname(target: str, from_docname: str) -> str:
    """The docname a ``{doc}`` target names, written relative to ``from_docname``'s folder or from the root."""
    target = target.removesuffix(".md")
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(from_docname), target))


def term_anchor(term: str) -> str:
    """The anchor Sphinx gives a glossary term ("code artefact" -> "term-code-artefact")."""
    return "term-" + re.sub(r"[^\w]+", "-", term).strip("-")


class SiteAddresses:
    """Where a page or file of the site is, seen from a notebook the site offers for download.

    A notebook is opened far from the site (a Downloads folder, the learner's exercises
    folder), where a relative link leads nowhere. So with the site's address known
    (TP_SITE_URL, set where the site is published) links are absolute; without it there
    are no links to the site at all, and the notebook names the page in words instead.
    """

    def __init__(self, site_url: str = ""):
        self.base = site_url.rstrip("/") + "/" if site_url else ""

    @property
    def known(self) -> bool:
        return bool(self.base)

    def file(self, site_path: str) -> str:
        if not self.known:
            raise ValueError("the site's address is not known: name the page instead of linking it")
        return self.base + site_path

    def page(self, docname: str, anchor: str = "") -> str:
        return self.file(f"{docname}.html") + (f"#{anchor}" if anchor else "")
