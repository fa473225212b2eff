"""The read phase: list the folder, ask Git its questions, read the project's audit settings. Nothing parsed yet.

Everything the later phases need from the disk and from Git is gathered here,
once: the files kept after the project's exclusions, Git's tracked, untracked
and uncommitted paths, and notes on what could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tension_points.audit.model import Acceptance, Exclusion, Note, Skip
from tension_points.audit.read.config import AuditConfig, matching_exclusion, read_project_config
from tension_points.audit.read.git import GitState, GitUnavailable, status_entries
from tension_points.audit.read.walker import ProjectFile, walk
from tension_points.errors import UserError


@dataclass
class ProjectInput:
    root: Path
    files: list[ProjectFile]
    git: GitState | None
    git_problem: str | None
    git_status: list[tuple[str, str]] | None  # (two-letter code, path) of uncommitted changes, None when not asked
    notes: list[Note] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)  # from the project's settings
    exclusions: list[Exclusion] = field(default_factory=list)  # with how many files each left out
    acceptances: list[Acceptance] = field(default_factory=list)

    def excluded(self, rel: str) -> bool:
        return matching_exclusion(rel, self.exclusions) is not None


def check_root(path: Path) -> Path:
    if not path.exists():
        if path.is_symlink():
            raise UserError(f"{path}: broken symlink, nothing to audit")
        raise UserError(f"{path}: no such folder")
    if not path.is_dir():
        raise UserError(f"{path}: is a file; give the project folder to audit")
    try:
        next(iter(path.iterdir()), None)
    except OSError as exc:
        raise UserError(f"{path}: cannot read folder ({exc.strerror})") from None
    return path


def read_project(path: Path, known_checks: list[str]) -> ProjectInput:
    root = check_root(Path(path))
    walked = walk(root)
    pyproject = next((f for f in walked.files if f.rel == "pyproject.toml"), None)
    config: AuditConfig = read_project_config(root, known_checks, pyproject, walked.notes)
    counts = [0] * len(config.exclusions)
    kept = []
    for file in walked.files:
        index = matching_exclusion(file.rel, config.exclusions)
        if index is None:
            kept.append(file)
        else:
            counts[index] += 1
    project = ProjectInput(
        root=root.resolve(), files=kept, git=walked.git, git_problem=walked.git_problem, git_status=None,
        notes=list(config.notes) + walked.notes, skips=config.skips,
        exclusions=[Exclusion(e.path, e.reason, e.source, count) for e, count in zip(config.exclusions, counts)],
        acceptances=config.acceptances)
    if walked.git is not None:
        try:
            entries = status_entries(project.root, walked.git)
            project.git_status = [(code, rel) for code, rel in entries if not project.excluded(rel.rstrip("/"))]
        except GitUnavailable as exc:
            project.notes.append(Note(".", f"git status failed ({exc})"))
    if not kept:
        project.notes.append(Note(".", "no files to audit: the folder is empty (or everything in it is skipped)"))
    project.notes = [note for note in project.notes if note.path == "." or not project.excluded(note.path)]
    return project
