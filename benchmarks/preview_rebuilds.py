"""Rebuild times as `make serve` has them: Sphinx loaded once, each rebuild in a forked child.

Usage: preview_rebuilds.py SOURCE OUT DOCTREES PAGE [REPEAT]
Run by build_benchmark.py in a process of its own. Builds once in this process (as the
preview server's first build), then, ``REPEAT`` times, a rebuild with nothing changed and
one after a sentence is added to PAGE, each submitted to a new ProcessPoolExecutor as
sphinx-autobuild's server does. Prints the best times as JSON: {"unchanged": s, "edit": s}.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tension_points.preview import InProcessBuilder


def timed_rebuild(builder: InProcessBuilder, changed: list[Path]) -> float:
    start = time.perf_counter()
    with ProcessPoolExecutor() as pool:  # what sphinx_autobuild.server.RebuildServer.watch does
        pool.submit(builder, changed_paths=changed).result()
    return time.perf_counter() - start


def main(source: str, out: str, doctrees: str, page: str, repeat: str = "3") -> None:
    os.chdir(source)
    builder = InProcessBuilder(["-q", "-b", "html", source, out, "-d", doctrees], url_host="127.0.0.1:0",
                               pre_build_commands=[], post_build_commands=[])
    edited = Path(page)
    unchanged, edits = [], []
    with contextlib.redirect_stdout(io.StringIO()):
        builder(changed_paths=())
        for attempt in range(int(repeat)):
            unchanged.append(timed_rebuild(builder, []))
            edited.write_text(edited.read_text(encoding="utf-8") + f"\nA sentence added in preview ({attempt + 1}).\n",
                              encoding="utf-8")
            edits.append(timed_rebuild(builder, [edited]))
    print(json.dumps({"unchanged": min(unchanged), "edit": min(edits)}))


if __name__ == "__main__":
    main(*sys.argv[1:])
