"""The rebuild sphinx-autobuild calls on every save, as ``sphinx.cmd.build.build_main``."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sphinx.cmd.build import build_main
from sphinx_autobuild.build import Builder
from sphinx_autobuild.utils import show_message

import tension_points
from tension_points.startup import import_deferred

KIT_SOURCE = Path(tension_points.__file__).parent
# When the server's process imported the kit: a forked child still runs that code.
IMPORTED_AT = time.time()


def kit_code_changed_since(moment: float, folder: Path = KIT_SOURCE) -> Path | None:
    """A Python file of the kit written after ``moment``, if any."""
    for path in folder.rglob("*.py"):
        if path.stat().st_mtime > moment:
            return path
    return None


class InProcessBuilder(Builder):
    """sphinx-autobuild's builder, with Sphinx called in this process instead of a new one.

    Once the kit's own code has changed, the imported copy is stale, so every later
    rebuild runs ``sphinx-build`` in a fresh interpreter (as sphinx-autobuild itself does)
    until the server is restarted.
    """

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        if changed_paths:
            shown = ", ".join(str(path) for path in changed_paths[:5])
            show_message(f"Detected changes ({shown})")
        stale = kit_code_changed_since(IMPORTED_AT)
        if stale is None:
            show_message("Rebuilding (Sphinx and the kit already loaded)...")
            status = build_main(list(self.sphinx_args))
        else:
            show_message(f"{stale} changed since the server started: rebuilding in a new process "
                         "(restart `make serve` for fast rebuilds again)")
            status = subprocess.run([sys.executable, "-m", "sphinx", "build", *self.sphinx_args]).returncode
        # The build imports MyST-NB's notebook execution stack only to read a notebook; the
        # server imports it once, so a forked rebuild that reads one does not import it again.
        import_deferred()
        if status != 0:
            print(f"Sphinx exited with exit code {status}; the server keeps serving the last build, "
                  "which no longer matches the sources: fix the error above or press Ctrl+C.")
        show_message(f"Serving on {self.uri}")
