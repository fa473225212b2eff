"""Where the course's own files are, however the kit was installed."""

from __future__ import annotations

import os
from pathlib import Path

from tension_points.datafiles import package_path
from tension_points.errors import UserError


def course_root() -> Path:
    """The folder holding ``modules/``.

    In order: ``TP_COURSE_DIR`` if set; the copy bundled into the package when the wheel
    is built (``tension_points/data/course``); the source checkout of an editable install.
    """
    override = os.environ.get("TP_COURSE_DIR")
    if override:
        return Path(override)
    bundled = package_path("data/course")
    if (bundled / "modules").is_dir():
        return bundled
    checkout = package_path(".").resolve().parents[1]
    if (checkout / "modules").is_dir():
        return checkout
    raise UserError(
        "the course's modules were not found: set TP_COURSE_DIR to the course folder (the one holding modules/)"
    )
