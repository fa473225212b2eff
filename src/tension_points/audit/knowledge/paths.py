"""Absolute paths that tie code to one machine: home folders and drive letters in string values.

Paths inside the project's own container image are not the author's machine:
the folders its Dockerfile creates or copies into (WORKDIR, COPY) and the
notebook user of the Jupyter Docker images (``/home/jovyan``), which Binder uses.
"""

from __future__ import annotations

from tension_points.audit.parse.text import ABSOLUTE_PATH, SHOWN_PATH_CHARACTERS

CONTAINER_HOMES = ("/home/jovyan",)


def machine_paths(value: str, container: tuple[str, ...]) -> list[str]:
    """The absolute paths in one string that point at someone's machine, shortened for showing."""
    if "/home/" not in value and "/Users/" not in value and ":\\" not in value and ":/" not in value and "/media/" not in value \
            and "~/" not in value and "/content/drive" not in value:
        return []
    found = []
    for match in ABSOLUTE_PATH.finditer(value):
        path = match.group()
        if path.startswith(CONTAINER_HOMES + container):
            continue
        if len(path) > SHOWN_PATH_CHARACTERS:
            path = path[: SHOWN_PATH_CHARACTERS - 1] + "…"
        found.append(path)
    return found


def container_prefixes(specs) -> tuple[str, ...]:
    prefixes = {path.rstrip("/") + "/" for spec in specs for path in spec.container_paths if path.count("/") >= 2}
    prefixes |= {path.rstrip("/") for spec in specs for path in spec.container_paths if path.count("/") >= 2}
    return tuple(sorted(prefixes))
