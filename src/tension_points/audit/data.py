"""Data checks: large files in the repository, and data folders without documentation.

Git LFS and DVC pointer files are recognised: they stand in for large files
and, for DVC, carry checksums.
"""

from __future__ import annotations

import re

from tension_points.audit import filetypes
from tension_points.audit.context import AuditContext
from tension_points.audit.model import Fact, Finding, Location
from tension_points.audit.registry import check, facts
from tension_points.audit.walker import ProjectFile, read_prefix

LARGE_FILE_BYTES = 10 * 1024 * 1024
DATA_FOLDER_NAMES = frozenset({"data", "dataset", "datasets"})
LFS_POINTER_PREFIX = b"version https://git-lfs.github.com/spec/v1"
LFS_POINTER_MAX_BYTES = 1024
DOCUMENTATION = re.compile(
    r"^(?:readme(?:\..*)?|manifest(?:\..*)?|datapackage\.json|datasheet(?:\..*)?|codebook(?:\..*)?"
    r"|(?:sha(?:1|256|512)|md5)sums(?:\.txt)?|checksums?(?:\..*)?|.*\.(?:sha256|sha512|md5|dvc))$",
    re.IGNORECASE,
)


def human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e3:.1f} kB" if size >= 1000 else f"{size} bytes"


def files_count(count: int) -> str:
    return "1 file" if count == 1 else f"{count} files"


def is_lfs_pointer(file: ProjectFile) -> bool:
    if file.size > LFS_POINTER_MAX_BYTES:
        return False
    try:
        return read_prefix(file, len(LFS_POINTER_PREFIX)) == LFS_POINTER_PREFIX
    except OSError:
        return False


def data_folders(context: AuditContext) -> dict[str, list[ProjectFile]]:
    """The outermost folders named data/, dataset/ or datasets/ holding data files (CSV, Parquet, pickles...).

    A folder of YAML settings called data/ (common in packages) is not a dataset.
    """
    def compute():
        folders: dict[str, list[ProjectFile]] = {}
        for file in context.files:
            parts = file.rel.split("/")[:-1]
            for depth, name in enumerate(parts):
                if name.lower() in DATA_FOLDER_NAMES:
                    folders.setdefault("/".join(parts[: depth + 1]), []).append(file)
                    break
        return {name: files for name, files in folders.items()
                if any(filetypes.is_data(f) or is_lfs_pointer(f) for f in files)}

    return context.memo("data-folders", compute)


@check("data-large-files")
def large_files(context: AuditContext) -> list[Finding]:
    place = "committed" if context.git is not None else "in the project"
    return [Finding("data-large-files", "large file", f"{human_size(f.size)} file {place}", Location(f.rel))
            for f in context.files if f.size > LARGE_FILE_BYTES]


def _dvc_tracked(context: AuditContext, folder: str) -> bool:
    return context.file(f"{folder}.dvc") is not None


@check("data-documented")
def documented(context: AuditContext) -> list[Finding] | None:
    folders = data_folders(context)
    if not folders:
        return None
    findings = []
    for folder, files in sorted(folders.items()):
        if _dvc_tracked(context, folder) or any(DOCUMENTATION.match(f.name) for f in files):
            continue
        findings.append(Finding("data-documented", "undocumented data folder",
                                f"{files_count(len(files))} and no README, manifest or checksums", Location(folder + "/")))
    return findings


@facts("data")
def data_facts(context: AuditContext) -> list[Fact]:
    folders = data_folders(context)
    described = ", ".join(f"{name}/ ({files_count(len(files))})" for name, files in sorted(folders.items())) or "none"
    pointers = [f for f in context.files if f.suffix not in (".py", ".ipynb") and is_lfs_pointer(f)]
    dvc = [f.rel for f in context.files if f.suffix == ".dvc" or f.name in ("dvc.yaml", "dvc.lock")]
    largest = max(context.files, key=lambda f: f.size, default=None)
    result = [Fact("Data folders", described),
              Fact("Git LFS pointers", str(len(pointers))),
              Fact("DVC files", ", ".join(dvc[:10]) + (" ..." if len(dvc) > 10 else "") if dvc else "none")]
    if largest is not None:
        result.append(Fact("Largest file", f"{largest.rel} ({human_size(largest.size)})"))
    return result
