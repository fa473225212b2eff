"""Ask Git read-only questions about the audited folder without running anything it configures.

A repository's own configuration can make Git run programs: ``core.fsmonitor``
hooks and clean/smudge/process filters. We override those on every call, tell
Git not to refresh the index (``GIT_OPTIONAL_LOCKS=0``), and ignore submodules,
so auditing never executes code from, or writes into, the audited tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

GIT_TIMEOUT_SECONDS = 60


class GitUnavailable(Exception):
    """Git is not installed, or refused to read the repository."""


@dataclass
class GitState:
    """What Git says about the audited folder, paths relative to the audited folder."""

    toplevel: Path
    tracked: list[str] = field(default_factory=list)
    untracked: list[str] = field(default_factory=list)  # not ignored
    neutralised_filters: tuple[str, ...] = ()


def git_available() -> bool:
    return shutil.which("git") is not None


def _environment() -> dict[str, str]:
    # Variables that would point Git at another repository or index are dropped.
    redirecting = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                   "GIT_COMMON_DIR", "GIT_EXTERNAL_DIFF", "GIT_CEILING_DIRECTORIES"}
    env = {k: v for k, v in os.environ.items() if k not in redirecting}
    env.update(GIT_OPTIONAL_LOCKS="0", GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_PAGER="cat")
    return env


def _safety_options(filters: tuple[str, ...]) -> list[str]:
    options = ["-c", "core.fsmonitor=false", "-c", "core.untrackedCache=false",
               "-c", "core.hooksPath=/dev/null"]
    for name in filters:
        options += ["-c", f"filter.{name}.clean=", "-c", f"filter.{name}.smudge=",
                    "-c", f"filter.{name}.process=", "-c", f"filter.{name}.required=false"]
    return options


def run_git(root: Path, args: list[str], filters: tuple[str, ...] = ()) -> bytes:
    command = ["git", "--no-optional-locks", *_safety_options(filters), *args]
    try:
        completed = subprocess.run(command, cwd=root, env=_environment(), capture_output=True,
                                   timeout=GIT_TIMEOUT_SECONDS, stdin=subprocess.DEVNULL, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitUnavailable(f"git could not run: {exc}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitUnavailable(message[0] if message else f"git {args[0]} failed")
    return completed.stdout


def _split_nul(output: bytes) -> list[str]:
    return [os.fsdecode(part) for part in output.split(b"\0") if part]


def configured_filters(root: Path) -> tuple[str, ...]:
    """Names of clean/smudge filters configured anywhere Git would look, so we can switch them off."""
    try:
        output = run_git(root, ["config", "-z", "--get-regexp", r"^filter\..*\.(clean|smudge|process)$"])
    except GitUnavailable:
        return ()  # exit status 1 simply means "none configured"
    names = set()
    for entry in _split_nul(output):
        key = entry.split("\n", 1)[0]
        names.add(key[len("filter."):key.rindex(".")])
    return tuple(sorted(names))


def read_git_state(root: Path) -> GitState | None:
    """None when the folder is not inside a Git work tree; raises GitUnavailable when Git refuses."""
    try:
        inside = run_git(root, ["rev-parse", "--is-inside-work-tree"]).decode().strip()
    except GitUnavailable as exc:
        if "not a git repository" in str(exc).lower():
            return None
        raise
    if inside != "true":
        return None
    toplevel = Path(run_git(root, ["rev-parse", "--show-toplevel"]).decode().strip())
    filters = configured_filters(root)
    tracked = _split_nul(run_git(root, ["ls-files", "-z", "--cached"], filters))
    untracked = _split_nul(run_git(root, ["ls-files", "-z", "--others", "--exclude-standard"], filters))
    return GitState(toplevel=toplevel, tracked=tracked, untracked=untracked, neutralised_filters=filters)


def status_entries(root: Path, state: GitState) -> list[tuple[str, str]]:
    """(two-letter status, path relative to the audited folder) for each uncommitted change under it."""
    output = run_git(root, ["status", "--porcelain=v1", "-z", "--untracked-files=normal",
                            "--ignore-submodules=all", "--", "."], state.neutralised_filters)
    entries = []
    parts = _split_nul(output)
    index = 0
    root_in_repo = Path(os.path.relpath(root.resolve(), state.toplevel.resolve())).as_posix()
    prefix = "" if root_in_repo == "." else root_in_repo + "/"
    while index < len(parts):
        code, path = parts[index][:2], parts[index][3:]
        index += 2 if code[0] in "RC" else 1  # renames carry the old path as an extra entry
        if path.startswith(prefix):
            entries.append((code, path[len(prefix):] or "./"))
    return entries
