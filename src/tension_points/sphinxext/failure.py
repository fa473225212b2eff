"""Stop a build on bad course data with one clear line, not Sphinx's crash report."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from tension_points.errors import UserError

logger = logging.getLogger(__name__)


def stop_build(app: Sphinx, what: str, error: UserError) -> None:
    """Log ``what: error`` with paths relative to the source folder and end the build with exit code 2.

    Sphinx reports any exception from an event handler as a crash with a
    traceback; a mistake in a module's front matter deserves better.
    """
    message = str(error).replace(f"{app.srcdir}/", "")
    logger.error("%s: %s", what, message)
    raise SystemExit(2)
