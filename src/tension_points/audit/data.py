"""Data checks: large files in the repository, data folders without documentation, downloads without checksums.

Git LFS and DVC pointer files are recognised: they stand in for large files
and, for DVC, carry checksums. Test fixtures (tests/data/) are test input,
not the project's data.
"""

from __future__ import annotations

import re

from tension_points.audit import filetypes
from tension_points.audit.context import AuditContext
from tension_points.audit.model import Fact, Finding, Location
from tension_points.audit.registry import check, facts
from tension_points.audit.walker import ProjectFile, read_prefix

LARGE_FILE_BYTES = 10 * 1024 * 1024
DATA_FOLDER_NAMES = frozenset({"data", "dataset", "datasets", "input"})
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
            if "/" not in file.rel:
                continue
            parts = file.rel.split("/")[:-1]
            for depth, name in enumerate(parts):
                if name.lower() in DATA_FOLDER_NAMES:
                    if filetypes.is_test(file.rel):
                        break  # fixtures of the tests, documented by the tests that use them
                    folders.setdefault("/".join(parts[: depth + 1]), []).append(file)
                    break
        return {name: files for name, files in folders.items()
                if any(filetypes.is_data(f) or is_lfs_pointer(f) for f in files)}

    return context.memo("data-folders", compute)


@check("data-large-files")
def large_files(context: AuditContext) -> list[Finding] | None:
    if not context.files:
        return None
    place = "committed" if context.git is not None else "in the project"
    return [Finding("data-large-files", "large file", f"{human_size(f.size)} file {place}", Location(f.rel))
            for f in context.files if f.size > LARGE_FILE_BYTES]


def _dvc_tracked(context: AuditContext, folder: str) -> bool:
    return context.file(f"{folder}.dvc") is not None


@check("data-documented")
def documented(context: AuditContext) -> list[Finding] | None:
    """Each folder holding data needs documentation in it, or in a folder above it inside the data folder:
    data/README.md covers data/raw/; data/raw/README.md does not cover data/processed/."""
    folders = data_folders(context)
    if not folders:
        return None
    findings = []
    for root, files in sorted(folders.items()):
        documented_folders = {f.folder for f in files if DOCUMENTATION.match(f.name)}
        holding: dict[str, int] = {}
        for file in files:
            if filetypes.is_data(file) or is_lfs_pointer(file):
                holding[file.folder] = holding.get(file.folder, 0) + 1
        undocumented: dict[str, int] = {}
        for folder, count in sorted(holding.items()):
            if _dvc_tracked(context, folder) or _covered(folder, root, documented_folders, context):
                continue
            top = next((u for u in undocumented if folder.startswith(u + "/")), folder)
            undocumented[top] = undocumented.get(top, 0) + count
        for folder, count in undocumented.items():
            other = sorted(d for d in documented_folders if d != folder)
            hint = f" (documentation elsewhere, in {other[0]}/, does not cover it)" if other else ""
            findings.append(Finding("data-documented", "undocumented data folder",
                                    f"{files_count(count)} of data and no README, manifest or checksums{hint}",
                                    Location(folder + "/")))
    return findings


def _covered(folder: str, root: str, documented_folders: set[str], context: AuditContext) -> bool:
    current = folder
    while True:
        if current in documented_folders or _dvc_tracked(context, current):
            return True
        if current == root or "/" not in current:
            return False
        current = current.rsplit("/", 1)[0]


# --- Downloads ------------------------------------------------------------------
# Calls and commands that fetch files from the internet.
DOWNLOAD = re.compile(
    r"(?<![\w.])(?:urllib\.request\.)?urlretrieve\(|(?<![\w])wget\.download\(|(?<![\w.])gdown\.download\("
    r"|(?<![\w.])(?:pd|pandas)\.read_(?:csv|parquet|json|excel|table|feather)\(\s*[\"']https?://"
    r"|(?<![\w.])(?:download_url|download_and_extract_archive|hf_hub_download|download\.file)\("
    r"|(?<![\w.])(?:keras\.utils\.)?get_file\(|kaggle\s+(?:datasets|competitions)\s+download"
    r"|(?:^|[\s;&|(!])(?:wget|curl)[ \t][^\n]{0,300}?https?://"
    r"|(?<![\w.])(?:aws[ \t]+s3[ \t]+(?:cp|sync)|gsutil[ \t]+(?:-m[ \t]+)?(?:cp|rsync))(?:[ \t]+--?[\w-]+)*[ \t]+(?:s3|gs)://")
HTTP_GET = re.compile(r"(?<![\w.])(?:requests|httpx)\.get\(")
WRITES_BYTES = re.compile(r"iter_content|\.content\b[^\n]{0,80}|[\"']wb[\"']")
CHECKSUM = re.compile(r"hashlib|sha256|sha512|sha1|md5|checksum|known_hash|file_hash|hash_prefix|shasum|\.dvc\b", re.IGNORECASE)
DOWNLOAD_SUFFIXES = frozenset({".py", ".sh", ".bash", ".r", ".rmd", ".qmd", ".jl"})


# A download is of data the project depends on when the text names where it comes from; a tool
# fetching whatever URL its user passes in cannot check a checksum it does not know.
DATA_SOURCE = re.compile(r"https?://|s3://|gs://|kaggle|hf_hub_download|get_file\(|download_url\(|gdown")


def downloads(text: str) -> list[int]:
    """Positions where a text downloads data from a source it names; empty quickly for most texts."""
    if not ("http" in text or "download" in text or "get_file" in text or "urlretrieve" in text or "s3" in text):
        return []
    if not DATA_SOURCE.search(text):
        return []
    positions = [match.start() for match in DOWNLOAD.finditer(text)]
    if "get(" in text and WRITES_BYTES.search(text):  # requests.get(...) whose bytes are written to a file
        positions += [match.start() for match in HTTP_GET.finditer(text)]
    return sorted(positions)


def may_download(file: ProjectFile) -> bool:
    """Scripts and pipeline files of the project itself: not tests, not a template's {{ ... }} folders."""
    return not filetypes.is_test(file.rel) and not file.rel.startswith(("{{", "{%")) and (
        file.suffix in DOWNLOAD_SUFFIXES or file.name in ("Makefile", "makefile", "GNUmakefile", "justfile", "Snakefile", "dvc.yaml"))


@check("data-download-verified")
def downloads_verified(context: AuditContext) -> list[Finding] | None:
    from tension_points.audit.code import download_sites
    from tension_points.audit.notebooks import notebooks

    # file: (places, first line, first cell, checked with a checksum somewhere in the file)
    sites: dict[str, tuple[int, int, int | None, bool]] = dict(download_sites(context))
    if context.has_notebooks():
        for nb in notebooks(context):
            if filetypes.is_test(nb.file.rel):
                continue
            count, first, checked = 0, None, False
            for cell in nb.code_cells:
                positions = downloads(cell.source)
                if positions and first is None:
                    first = (cell.source.count("\n", 0, positions[0]) + 1, cell.number)
                count += len(positions)
                checked |= bool(CHECKSUM.search(cell.source))
            if count:
                sites[nb.file.rel] = (count, first[0], first[1], checked)
    if not sites:
        return None
    return [Finding("data-download-verified", "download without checksum",
                    f"downloads data ({count} place{'s' if count > 1 else ''}) and checks no checksum",
                    Location(rel, line, cell))
            for rel, (count, line, cell, checked) in sorted(sites.items()) if not checked]


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
