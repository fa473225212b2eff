"""`make serve`: sphinx-autobuild's live preview, with Sphinx run inside the server's process.

sphinx-autobuild starts a new ``python -m sphinx`` for every rebuild, and most of a rebuild
with nothing changed was that interpreter importing Sphinx, MyST-NB, Jupyter and the kit
(benchmarks/build_benchmark.py measures both ways). Here the first build runs in the
server's own process, so everything is imported once; sphinx-autobuild runs each later
rebuild in a forked child of that process (its ``ProcessPoolExecutor``), which starts with
the imports done and leaves nothing behind for the next build.
"""

from tension_points.preview.builder import InProcessBuilder, kit_code_changed_since

__all__ = ["InProcessBuilder", "kit_code_changed_since"]
