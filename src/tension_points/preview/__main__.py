"""``python -m tension_points.preview``: sphinx-autobuild's command line and server, rebuilding in-process."""

import sys

import sphinx_autobuild.__main__ as autobuild

from tension_points.preview.builder import InProcessBuilder


def main(argv: list[str] | None = None) -> None:
    # sphinx-autobuild (pinned in constraints.txt) builds with the Builder named in its
    # __main__; it has no option for another, so the name is replaced there.
    autobuild.Builder = InProcessBuilder
    autobuild.main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    main()
