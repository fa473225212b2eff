"""Skips and exclusions: from the command line and from the audited project's pyproject.toml.

Every skip and exclusion needs a reason, and all of them appear in the report,
so a clean score can always be traced back to what was not looked at.

    [tool.tension-points.audit]
    skip = [{ check = "project-citation", reason = "internal prototype, not published" }]
    exclude = [{ path = "examples/broken", reason = "deliberately broken teaching material" }]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pathspec

from tension_points.audit.environment import parse_problem, parse_toml
from tension_points.audit.model import Exclusion, Note, Skip
from tension_points.audit.walker import ProjectFile, read_prefix
from tension_points.datafiles import validate
from tension_points.errors import UserError

TABLE = "tool.tension-points.audit"
COMMAND_LINE = "command line"


@dataclass
class AuditConfig:
    skips: list[Skip] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def command_line_skips(pairs: list[tuple[str, str | None]], known_checks: list[str]) -> list[Skip]:
    skips = []
    for check_id, reason in pairs:
        if not reason or not reason.strip():
            raise UserError(f"--skip {check_id}: a skip needs a reason: add --reason TEXT right after it")
        _require_known_check(check_id, known_checks, "--skip")
        skips.append(Skip(check_id, reason.strip(), COMMAND_LINE))
    return skips


CONFIG_READ_LIMIT = 1024 * 1024
NOT_APPLIED = "its audit settings were not applied"


def read_project_config(root: Path, known_checks: list[str], pyproject: ProjectFile | None,
                        walk_notes: list[Note] | None = None) -> AuditConfig:
    """The ``[tool.tension-points.audit]`` table of the project's top-level pyproject.toml, if there is one.

    ``pyproject`` is the file as the walker listed it, so it is read like every
    other file: a regular file inside the folder, a bounded prefix, never a
    symlink to outside, a FIFO or a device (the walker notes those instead).
    """
    path = root / "pyproject.toml"
    config = AuditConfig()
    if pyproject is None:
        for index, note in enumerate(walk_notes or []):  # not followed or not a regular file: say what that costs
            if note.path == "pyproject.toml":
                walk_notes[index] = Note(note.path, f"{note.message}; {NOT_APPLIED}")
        return config
    if pyproject.size > CONFIG_READ_LIMIT:
        config.notes.append(Note("pyproject.toml", f"larger than 1 MiB; {NOT_APPLIED}"))
        return config
    try:
        text = read_prefix(pyproject, CONFIG_READ_LIMIT).decode("utf-8")
        document = parse_toml(text)
    except OSError as exc:
        config.notes.append(Note("pyproject.toml", f"not read ({exc.strerror or exc}); {NOT_APPLIED}"))
        return config
    except UnicodeDecodeError:
        config.notes.append(Note("pyproject.toml", f"not UTF-8 text; {NOT_APPLIED}"))
        return config
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError, as is a 5,000-digit integer
        problem = parse_problem(exc)
        config.notes.append(Note("pyproject.toml", f"invalid TOML ({problem}); {NOT_APPLIED}"))
        return config
    tool = document.get("tool", {})
    section = tool.get("tension-points", {}) if isinstance(tool, dict) else {}
    table = section.get("audit") if isinstance(section, dict) else None
    if table is None:
        return config
    where = f"{path}: {TABLE}"
    if not isinstance(table, dict):
        raise UserError(f"{where}: must be a table")
    try:
        validate(table, "audit-config", f"{path}: {TABLE}")
    except UserError as exc:
        raise UserError(readable_config_error(str(exc), where)) from None
    for index, entry in enumerate(table.get("skip", [])):
        check_id, reason = entry["check"].strip(), entry["reason"].strip()
        _require_known_check(check_id, known_checks, f"{where}.skip[{index}].check")
        config.skips.append(Skip(check_id, reason, "pyproject.toml"))
    for index, entry in enumerate(table.get("exclude", [])):
        pattern = entry["path"].strip()
        _require_relative_pattern(pattern, f"{where}.exclude[{index}].path")
        config.exclusions.append(Exclusion(pattern.strip("/"), entry["reason"].strip(), "pyproject.toml"))
    return config


def readable_config_error(message: str, where: str) -> str:
    """The schema's message in the table's own terms: ``...audit.skip[0].reason: required field is missing``."""
    message = message.replace(f"{where}: top level:", f"{where}:").replace(f"{where}: ", f"{where}.", 1)
    unexpected = re.search(r"(\.?)unknown field \('([^']+)' was unexpected\)$", message)
    if unexpected:
        message = message[: unexpected.start()] + f"{unexpected.group(1)}{unexpected.group(2)}: unknown field"
    if message.endswith("reason: required field is missing"):
        message += " (a skip without a reason is refused)"
    if "does not match '\\\\S'" in message:
        message = message.split(": '")[0] + ": must be a non-empty string"
    return message


def _require_known_check(check_id: str, known_checks: list[str], where: str) -> None:
    if check_id not in known_checks:
        raise UserError(f"{where}: unknown check '{check_id}' (tension-points audit --list-checks shows them)")


def _require_relative_pattern(pattern: str, where: str) -> None:
    pure = PurePosixPath(pattern)
    if pure.is_absolute() or ".." in pure.parts or "\\" in pattern:
        raise UserError(f"{where}: must be a path relative to the project, using /, without '..'")


@lru_cache(maxsize=256)
def exclusion_spec(pattern: str) -> pathspec.PathSpec:
    """A pattern with gitignore's rules, which users know: ``*`` stays within a folder,
    ``**`` crosses folders, a pattern without ``/`` matches at any depth."""
    return pathspec.GitIgnoreSpec.from_lines([pattern])


def matching_exclusion(rel: str, exclusions: list[Exclusion]) -> int | None:
    """Index of the exclusion covering ``rel`` (the path or one of its folders), if any."""
    if not exclusions:
        return None
    parts = rel.split("/")
    prefixes = ["/".join(parts[: depth + 1]) for depth in range(len(parts))]
    for index, exclusion in enumerate(exclusions):
        spec = exclusion_spec(exclusion.path)
        if any(spec.match_file(prefix) for prefix in prefixes):
            return index
    return None
