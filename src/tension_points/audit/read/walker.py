"""List the files to audit: skip tool folders, honour .gitignore, never follow symlinks out of the root.

Only file names and sizes are gathered here; contents are read later, a
bounded prefix at a time, by ``read_prefix``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from tension_points.audit.read.git import GitState, GitUnavailable, git_available, read_git_state
from tension_points.audit.model import Note

# Folders that hold tools, caches or build output rather than the project itself.
SKIPPED_FOLDER_NAMES = frozenset({
    ".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".ipynb_checkpoints",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", ".tox", ".nox", "build", "dist", "_build",
    ".eggs", "site-packages", ".cache", ".dvc", ".Rproj.user", "renv", ".idea", ".vscode",
})
# A folder holding one of these is an environment (virtualenv, conda), whatever its name.
ENVIRONMENT_MARKERS = ("pyvenv.cfg", "conda-meta")


def is_skipped_folder_name(name: str) -> bool:
    return name in SKIPPED_FOLDER_NAMES or name.endswith(".egg-info")


@dataclass(frozen=True)
class ProjectFile:
    rel: str  # POSIX path relative to the audited root
    path: str  # absolute path to read (the target, for a symlink inside the root)
    size: int
    # Computed once here: every check asks, for every file (plain attributes beat cached properties).
    name: str = field(init=False, compare=False)
    suffix: str = field(init=False, compare=False)
    folder: str = field(init=False, compare=False)

    def __post_init__(self):
        folder, _, name = self.rel.rpartition("/")
        dot = name.rfind(".")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "suffix", name[dot:].lower() if dot > 0 else "")
        object.__setattr__(self, "folder", folder)


@dataclass
class WalkResult:
    files: list[ProjectFile]
    notes: list[Note] = field(default_factory=list)
    git: GitState | None = None
    git_problem: str | None = None  # why Git could not be asked, when it could not
    linked: dict[str, str] = field(default_factory=dict)  # a symlinked file inside the root: the path of its target


def walk(root: Path) -> WalkResult:
    """Files under ``root``; inside a Git work tree, exactly those Git would not ignore."""
    root = root.resolve()
    result = WalkResult(files=[])
    if git_available():
        try:
            result.git = read_git_state(root)
        except GitUnavailable as exc:
            result.git_problem = str(exc)
            result.notes.append(Note(".", f"Git could not read this folder ({exc}); .gitignore was not applied"))
    else:
        result.git_problem = "git is not installed"
    if result.git is not None:
        listed = result.git.tracked + result.git.untracked
        if listed or not any(os.scandir(root)):
            _collect_listed(root, sorted(set(listed)), result)
            _once_each(result)
            return result
        result.notes.append(Note(".", "Git ignores this whole folder; .gitignore was not applied"))
    _collect_tree(root, result)
    _once_each(result)
    return result


def _once_each(result: WalkResult) -> None:
    """A file reached through a symlink inside the root is audited once, under its own path: a template's
    variant folder made of links into another is not inspected (and reported) twice."""
    if not result.linked:
        return
    listed = {f.rel for f in result.files}
    linked = [rel for rel, target in result.linked.items() if target in listed]
    if linked:
        twice = set(linked)
        result.files = [f for f in result.files if f.rel not in twice]
        shown = ", ".join(linked[:3]) + (f" and {len(linked) - 3} more" if len(linked) > 3 else "")
        result.notes.append(Note(linked[0], f"{len(linked)} symlink{'s' if len(linked) > 1 else ''} to files audited under "
                                            f"their own path, not twice: {shown}"))


def _inside_skipped_folder(rel: str, environment_folders: set[str]) -> bool:
    parts = rel.split("/")[:-1]
    for depth, name in enumerate(parts):
        if is_skipped_folder_name(name) or "/".join(parts[: depth + 1]) in environment_folders:
            return True
    return False


def environment_folders_in(paths: list[str]) -> set[str]:
    folders = set()
    for rel in paths:
        folder, _, name = rel.rpartition("/")
        if folder and (name == "pyvenv.cfg" or name == "history" and folder.endswith("conda-meta")):
            folders.add(folder.removesuffix("/conda-meta") if name == "history" else folder)
    return folders


def _collect_listed(root: Path, listed: list[str], result: WalkResult) -> None:
    environments = environment_folders_in(listed)
    root_text = str(root)
    for rel in listed:
        if rel.endswith("/"):
            result.notes.append(Note(rel, "nested Git repository, not inspected"))
            continue
        if _inside_skipped_folder(rel, environments):
            continue
        absolute = os.path.join(root_text, rel)
        try:
            info = os.lstat(absolute)
        except FileNotFoundError:
            continue  # deleted but still tracked: an uncommitted change, reported by the Git checks
        except OSError as exc:
            result.notes.append(Note(rel, f"cannot read ({exc.strerror})"))
            continue
        _add_entry(root, rel, absolute, info, result)


def _collect_tree(root: Path, result: WalkResult) -> None:
    pending = [("", str(root))]
    while pending:
        rel_folder, folder = pending.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError as exc:
            result.notes.append(Note(rel_folder or ".", f"cannot read folder ({exc.strerror})"))
            continue
        if rel_folder and any(entry.name in ENVIRONMENT_MARKERS for entry in entries):
            continue
        for entry in entries:
            rel = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not is_skipped_folder_name(entry.name):
                        pending.append((rel, entry.path))
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                result.notes.append(Note(rel, f"cannot read ({exc.strerror})"))
                continue
            _add_entry(root, rel, entry.path, info, result)
    result.files.sort(key=lambda f: f.rel)


def _add_entry(root: Path, rel: str, absolute: str, info: os.stat_result, result: WalkResult) -> None:
    if stat.S_ISLNK(info.st_mode):
        _add_symlink(root, rel, absolute, result)
    elif stat.S_ISREG(info.st_mode):
        result.files.append(ProjectFile(rel, absolute, info.st_size))
    else:  # reading a FIFO would block forever, a device may never end
        result.notes.append(Note(rel, f"not read: {special_kind(info.st_mode)}, not a regular file"))


def special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def _add_symlink(root: Path, rel: str, absolute: str, result: WalkResult) -> None:
    """Symlinked files inside the root are read through; anything else is noted, never followed."""
    try:
        target = Path(absolute).resolve(strict=True)
    except (OSError, RuntimeError) as exc:
        problem = "a symlink loop" if "loop" in str(exc).lower() or getattr(exc, "errno", 0) == 40 else "a broken symlink"
        result.notes.append(Note(rel, f"{problem}; not followed"))
        return
    if not target.is_relative_to(root):
        result.notes.append(Note(rel, "symlink pointing outside the audited folder; not followed"))
        return
    try:
        info = os.stat(target)
    except OSError as exc:
        result.notes.append(Note(rel, f"not read: {exc.strerror}"))
        return
    if stat.S_ISREG(info.st_mode):
        result.files.append(ProjectFile(rel, str(target), info.st_size))
        result.linked[rel] = target.relative_to(root).as_posix()
    elif not stat.S_ISDIR(info.st_mode):
        result.notes.append(Note(rel, f"not read: a symlink to {special_kind(info.st_mode)}, not a regular file"))
    # Symlinked folders inside the root are audited where they really are.


BINARY_SNIFF_BYTES = 8192


OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
              | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0))


class NotRegularFile(OSError):
    """The path was a regular file when listed and is something else now (a FIFO, a device)."""


def read_prefix(file: ProjectFile, limit: int) -> bytes:
    """At most ``limit`` bytes from the start of a regular file (raw file descriptors: this runs 50,000 times).

    Every read in the audit goes through here: no symlink is followed at open
    time (the walker resolved the ones inside the root), and anything that is
    not a regular file once opened is refused, so nothing can block or never end.
    """
    descriptor = os.open(file.path, OPEN_FLAGS)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(0, "not a regular file")
        # The first read asks for the file's size and one byte more: a small file is read whole in one call, and
        # the short read says it ended (no second read to find the end, no 1 MiB buffer made for 600 bytes).
        chunks, remaining, wanted = [], limit, info.st_size + 1
        while remaining > 0:
            asked = min(remaining, wanted, 1024 * 1024)
            chunk = os.read(descriptor, asked)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
            if len(chunk) < asked:
                break
            wanted = 1024 * 1024  # it grew since: read on to the limit as before
        return chunks[0] if len(chunks) == 1 else b"".join(chunks)
    finally:
        os.close(descriptor)


BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
BOM_STARTS = tuple(bom for bom, _ in BOMS)


def decode_text(data: bytes) -> str | None:
    """Text of a file, or None when it looks binary. A byte-order mark says the encoding (PowerShell's
    `pip freeze > requirements.txt` writes UTF-16 with one, and pip reads it); non-UTF-8 bytes are replaced."""
    if data.startswith(BOM_STARTS):  # one test for the three marks (this runs for every file)
        for bom, encoding in BOMS:
            if data.startswith(bom):
                text = data[len(bom):].decode(encoding, errors="replace")
                return text.replace("\r\n", "\n") if "\0" not in text else None
    if data.find(b"\0", 0, BINARY_SNIFF_BYTES) >= 0:  # no copy of the first bytes made to look
        return None
    return data.decode("utf-8", errors="replace")
