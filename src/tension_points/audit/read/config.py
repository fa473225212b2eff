"""The audited project's own audit settings: skips, exclusions and accepted findings, each with a reason.

Every one of them appears in the report, so a clean score can always be traced
back to what was not looked at or was accepted, and why.

    [tool.tension-points.audit]
    skip = [{ check = "project-citation", reason = "internal prototype, not published" }]
    exclude = [{ path = "examples/broken", reason = "deliberately broken teaching material" }]
    accept = [{ check = "nb-error-outputs", path = "chapters/errors.ipynb", reason = "shows tracebacks on purpose" }]
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

import pathspec

from tension_points.audit.model import Acceptance, Exclusion, Note, Skip
from tension_points.audit.read.walker import ProjectFile, read_prefix
from tension_points.datafiles import validate
from tension_points.errors import UserError

TABLE = "tool.tension-points.audit"
COMMAND_LINE = "command line"
CONFIG_READ_LIMIT = 1024 * 1024
NOT_APPLIED = "its audit settings were not applied"


@functools.lru_cache(maxsize=8)
def parse_toml(text: str) -> dict:
    """TOML parsed once per text: the project's pyproject.toml is read for its audit settings and as a
    specification (tomllib is pure Python: a megabyte takes about half a second). Never mutate the result."""
    return tomllib.loads(text)


def parse_problem(exc: BaseException) -> str:
    """One short line for why a file did not parse, in words a user can act on."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    text = " ".join(str(exc).split())
    if "integer string conversion" in text:
        return "holds a number too long to read"
    return text[:200] or type(exc).__name__


@dataclass
class AuditConfig:
    skips: list[Skip] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
    acceptances: list[Acceptance] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def command_line_skips(pairs: list[tuple[str, str | None]], known_checks: list[str]) -> list[Skip]:
    skips = []
    for check_id, reason in pairs:
        if not reason or not reason.strip():
            raise UserError(f"--skip {check_id}: a skip needs a reason: add --reason TEXT right after it")
        _require_known_check(check_id, known_checks, "--skip")
        skips.append(Skip(check_id, reason.strip(), COMMAND_LINE))
    return skips


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
        config.notes.append(Note("pyproject.toml", f"invalid TOML ({parse_problem(exc)}); {NOT_APPLIED}"))
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
    for index, entry in enumerate(table.get("accept", [])):
        check_id = entry["check"].strip()
        _require_known_check(check_id, known_checks, f"{where}.accept[{index}].check")
        pattern = entry.get("path", "").strip()
        if pattern:
            _require_relative_pattern(pattern, f"{where}.accept[{index}].path")
        config.acceptances.append(Acceptance(check_id, entry["reason"].strip(), pattern.strip("/"),
                                             entry.get("contains", "").strip(), "pyproject.toml"))
    return config


def readable_config_error(message: str, where: str) -> str:
    """The schema's message in the table's own terms: ``...audit.skip[0].reason: required field is missing``."""
    message = message.replace(f"{where}: top level:", f"{where}:").replace(f"{where}: ", f"{where}.", 1)
    unexpected = re.search(r"(\.?)unknown field \('([^']+)' was unexpected\)$", message)
    if unexpected:
        message = message[: unexpected.start()] + f"{unexpected.group(1)}{unexpected.group(2)}: unknown field"
    if message.endswith("reason: required field is missing"):
        message += " (a skip without a reason is refused)" if ".skip[" in message else " (every entry needs a reason)"
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
def path_spec(pattern: str) -> pathspec.PathSpec:
    """A pattern with gitignore's rules, which users know: ``*`` stays within a folder,
    ``**`` crosses folders, a pattern without ``/`` matches at any depth."""
    return pathspec.GitIgnoreSpec.from_lines([pattern])


def matches(pattern: str, rel: str) -> bool:
    """Does a gitignore-style pattern cover ``rel``, the path or one of its folders?"""
    parts = rel.rstrip("/").split("/")
    spec = path_spec(pattern)
    return any(spec.match_file("/".join(parts[: depth + 1])) for depth in range(len(parts)))


def matching_exclusion(rel: str, exclusions: list[Exclusion]) -> int | None:
    """Index of the exclusion covering ``rel`` (the path or one of its folders), if any."""
    for index, exclusion in enumerate(exclusions):
        if matches(exclusion.path, rel):
            return index
    return None
