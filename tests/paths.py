"""Where things are: the repository, its build output, and how PDF text is compared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "_build"
HTML = BUILD / "html"
PDF = BUILD / "pdf"
COURSE_PDF = PDF / "tension-points-course.pdf"
HANDBOOK_PDF = PDF / "tension-points-facilitator-handbook.pdf"
# What a course copy needs to build (no build output, no environment, no history).
COURSE_COPY_IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "*.egg-info", "node_modules")


def normalise(text: str) -> str:
    text = text.replace("\u00ad", "").replace("-\n", "")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def require(path: Path) -> Path:
    """A built file the tests read; its absence means the build has not run."""
    if not path.exists():
        pytest.fail(f"{path.relative_to(REPO)} is missing: run `make` (or `make test`, which builds first)")
    return path
