"""Everything a check may look at: the files, Git's answers, and shared, memoised analyses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tension_points.audit.gitread import GitState
from tension_points.audit.model import Note
from tension_points.audit.walker import ProjectFile, decode_text, read_prefix

# Text checks read at most this much of each file: enough for any source file,
# bounded for the 2 GB CSV someone committed by mistake.
TEXT_READ_LIMIT = 1024 * 1024


@dataclass
class AuditContext:
    root: Path
    files: list[ProjectFile]
    git: GitState | None
    git_problem: str | None
    notes: list[Note] = field(default_factory=list)
    excluded: Callable[[str], bool] = lambda rel: False
    unread: set[str] = field(default_factory=set)  # files that could not be read
    not_read: dict[str, list[str]] = field(default_factory=dict)  # check id: files it should have read
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Run an analysis shared by several checks once."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def top_level(self) -> dict[str, ProjectFile]:
        return self.memo("top-level", lambda: {f.rel: f for f in self.files if "/" not in f.rel})

    def has_notebooks(self) -> bool:
        return self.memo("any-notebooks", lambda: any(f.suffix == ".ipynb" for f in self.files))

    def file(self, rel: str) -> ProjectFile | None:
        return self.memo("by-path", lambda: {f.rel: f for f in self.files}).get(rel)

    def read_text(self, file: ProjectFile, limit: int = TEXT_READ_LIMIT) -> str | None:
        """A bounded prefix of a file as text; None (with a note) if unreadable or binary."""
        try:
            data = read_prefix(file, limit)
        except OSError as exc:
            self.unread.add(file.rel)
            self.note(file.rel, f"not read ({exc.strerror or exc}); no check could look inside it")
            return None
        if file.size > limit:
            self.note(file.rel, f"only the first {limit // (1024 * 1024)} MiB of this {file.size / 1e6:.1f} MB file was read")
        return decode_text(data)

    def could_not_read(self, check_id: str, rel: str) -> None:
        """Record that ``check_id`` should have looked inside ``rel`` and could not: its pass is partial."""
        files = self.not_read.setdefault(check_id, [])
        if rel not in files:
            files.append(rel)

    def note(self, rel: str, message: str) -> None:
        note = Note(rel, message)
        if note not in self.notes:
            self.notes.append(note)
