"""Skips and exclusions: from the command line and from the audited project's pyproject.toml.

Every skip and exclusion needs a reason, and all of them appear in the report,
so a clean score can always be traced back to what was not looked at.

    [tool.tension-points.audit]
    skip = [{ check = "project-citation", reason = "internal prototype, not published" }]
    exclude = [{ path = "examples/broken", reason = "deliberately broken teaching material" }]
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from tension_points.audit.environment import parse_problem, parse_toml
from tension_points.audit.model import Exclusion, Note, Skip
from tension_points.audit.walker import ProjectFile, read_prefix
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
    unknown = sorted(set(table) - {"skip", "exclude"})
    if unknown:
        raise UserError(f"{where}.{unknown[0]}: unknown field (expected skip, exclude)")
    for index, entry in enumerate(_entries(table, "skip", where)):
        check_id = _text_field(entry, "check", f"{where}.skip[{index}]")
        reason = _text_field(entry, "reason", f"{where}.skip[{index}]")
        _require_known_check(check_id, known_checks, f"{where}.skip[{index}].check")
        config.skips.append(Skip(check_id, reason, "pyproject.toml"))
    for index, entry in enumerate(_entries(table, "exclude", where)):
        pattern = _text_field(entry, "path", f"{where}.exclude[{index}]")
        reason = _text_field(entry, "reason", f"{where}.exclude[{index}]")
        _require_relative_pattern(pattern, f"{where}.exclude[{index}].path")
        config.exclusions.append(Exclusion(pattern.strip("/"), reason, "pyproject.toml"))
    return config


def _entries(table: dict, key: str, where: str) -> list[dict]:
    entries = table.get(key, [])
    if not isinstance(entries, list):
        raise UserError(f"{where}.{key}: must be a list of tables")
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise UserError(f"{where}.{key}[{index}]: must be a table such as {{ check = \"...\", reason = \"...\" }}")
        expected = {"check", "reason"} if key == "skip" else {"path", "reason"}
        unknown = sorted(set(entry) - expected)
        if unknown:
            raise UserError(f"{where}.{key}[{index}].{unknown[0]}: unknown field")
    return entries


def _text_field(entry: dict, name: str, where: str) -> str:
    value = entry.get(name)
    if value is None:
        hint = " (a skip without a reason is refused)" if name == "reason" else ""
        raise UserError(f"{where}.{name}: required field is missing{hint}")
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"{where}.{name}: must be a non-empty string")
    return value.strip()


def _require_known_check(check_id: str, known_checks: list[str], where: str) -> None:
    if check_id not in known_checks:
        raise UserError(f"{where}: unknown check '{check_id}' (tension-points audit --list-checks shows them)")


def _require_relative_pattern(pattern: str, where: str) -> None:
    pure = PurePosixPath(pattern)
    if pure.is_absolute() or ".." in pure.parts or "\\" in pattern:
        raise UserError(f"{where}: must be a path relative to the project, using /, without '..'")


def matching_exclusion(rel: str, exclusions: list[Exclusion]) -> int | None:
    """Index of the exclusion covering ``rel`` (the path or one of its folders), if any."""
    if not exclusions:
        return None
    parts = rel.split("/")
    prefixes = ["/".join(parts[: depth + 1]) for depth in range(len(parts))]
    for index, exclusion in enumerate(exclusions):
        for prefix in prefixes:
            if prefix == exclusion.path or fnmatch.fnmatchcase(prefix, exclusion.path):
                return index
    return None
