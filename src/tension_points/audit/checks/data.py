"""Data checks: large files in the repository, data folders without documentation, downloads without checksums.

Git LFS and DVC pointer files stand in for large files and, for DVC, carry
checksums. Test fixtures (tests/data/) are test input, not the project's data.
A download counts as checked when the code compares a digest, passes a hash
to the function that downloads, or runs ``sha256sum -c`` (or fetches through
DVC): using ``hashlib`` for something else, or naming md5 in a comment, is not.
"""

from __future__ import annotations

import re

from tension_points.audit.checks import check, facts
from tension_points.audit.facts import ProjectFacts, Unit, in_folders, is_data_file
from tension_points.audit.knowledge import downloads as fetches
from tension_points.audit.model import Fact, Finding, Location
from tension_points.audit.parse import commands as shell
from tension_points.audit.read import filetypes

LARGE_FILE_BYTES = 10 * 1024 * 1024
DOCUMENTATION = re.compile(
    r"^(?:readme(?:\..*)?|manifest(?:\..*)?|datapackage\.json|datasheet(?:\..*)?|codebook(?:\..*)?"
    r"|(?:sha(?:1|256|512)|md5)sums(?:\.txt)?|checksums?(?:\..*)?|.*\.(?:sha256|sha512|md5|dvc))$",
    re.IGNORECASE,
)
DIGEST_METHODS = frozenset({"hexdigest", "digest"})
CHECKING_FUNCTIONS = re.compile(r"(?:^|\.)(?:check_integrity|check_md5|verify_checksum|verify_hash|check_sha256|_check_integrity"
                                r"|calculate_md5|check_hash|verify_sha256)$")


def human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e3:.1f} kB" if size >= 1000 else f"{size} bytes"


def files_count(count: int) -> str:
    return "1 file" if count == 1 else f"{count} files"


@check("data-large-files")
def large_files(found: ProjectFacts) -> list[Finding] | None:
    if not found.files:
        return None
    place = "committed" if found.git is not None else "in the project"
    return [Finding("data-large-files", "large file", f"{human_size(f.size)} file {place}", Location(f.rel))
            for f in found.files if f.size > LARGE_FILE_BYTES]


def _dvc_tracked(found: ProjectFacts, folder: str) -> bool:
    return found.file(f"{folder}.dvc") is not None


@check("data-documented")
def documented(found: ProjectFacts) -> list[Finding] | None:
    """Each folder holding data needs documentation in it, or in a folder above it inside the data folder:
    data/README.md covers data/raw/; data/raw/README.md does not cover data/processed/."""
    if not found.data_folders:
        return None
    findings = []
    for root, files in sorted(found.data_folders.items()):
        documented_folders = {f.folder for f in files if DOCUMENTATION.match(f.name)}
        holding: dict[str, int] = {}
        for file in files:
            if is_data_file(file) or file.rel in found.lfs_pointers:
                holding[file.folder] = holding.get(file.folder, 0) + 1
        undocumented: dict[str, int] = {}
        for folder, count in sorted(holding.items()):
            if _covered(folder, root, documented_folders, found) or _described_in_readme(folder, files, found):
                continue
            top = next((u for u in undocumented if folder.startswith(u + "/")), folder)
            undocumented[top] = undocumented.get(top, 0) + count
        for folder, count in undocumented.items():
            other = sorted(d for d in documented_folders if d != folder)
            hint = f" (documentation elsewhere, in {other[0]}/, does not cover it)" if other else ""
            findings.append(Finding("data-documented", "undocumented data folder",
                                    f"{files_count(count)} of data and no README, manifest or checksums, in the folder or "
                                    f"naming its files in the project's README{hint}",
                                    Location(folder + "/")))
    return findings


CODE_BLOCK = re.compile(r"(?ms)^[ \t]*(```+|~~~+).*?^[ \t]*\1")
DESCRIBED_SHARE = 0.8  # a README that names this share of a folder's data files by name documents the folder


def _described_in_readme(folder: str, files, found: ProjectFacts) -> bool:
    """The project's README names the folder's data files one by one in its prose (what each holds, where it
    came from): documentation as good as a README inside the folder. A path in a code block (a pipeline's
    catalog entry) says where a file is, not what it is."""
    names = {f.name for f in files if f.folder == folder and (is_data_file(f) or f.rel in found.lfs_pointers)}
    if not names or not found.readmes:
        return False
    text = CODE_BLOCK.sub("", "\n".join(readme.text for readme in found.readmes))
    named = sum(1 for name in names if name in text)
    return named >= DESCRIBED_SHARE * len(names)


def _covered(folder: str, root: str, documented_folders: set[str], found: ProjectFacts) -> bool:
    current = folder
    while True:
        if current in documented_folders or _dvc_tracked(found, current):
            return True
        if current == root or "/" not in current:
            return False
        current = current.rsplit("/", 1)[0]


# --- Downloads ------------------------------------------------------------------------------
def _verifies_digest(unit: Unit) -> bool:
    """Does the code compare a digest with an expected value, or call a function made to check one?"""
    return unit.python.digest_checks > 0 or any(CHECKING_FUNCTIONS.search(name) for name in {n for n, _ in unit.resolved})


def _python_downloads(unit: Unit) -> tuple[list[int], bool]:
    """Lines where a module or notebook downloads data, and whether every one is checked. A download from a
    branch that moves, or of code, is env-runtime-fetches' (pinning it to a commit is the fix); a library
    loader that checks its own download is left out."""
    lines, checked_each = [], True
    harmless: set[str] = set()
    helpers = fetches.download_helpers(unit.python.functions, unit.python.calls, unit.python.assignments)
    saving = fetches.saving_scopes(unit.python.calls)
    for name, call in unit.resolved:
        if name in harmless:
            continue
        source = fetches.download(name, call, unit.python.assignments, helpers, _parameters(unit, call), saving)
        if source is None:
            if not fetches.READERS.match(name) and name not in helpers and not fetches.SHELL_IN_PYTHON.match(name):
                harmless.add(name)  # never a download, whatever its arguments
            continue
        if source == "" and (fetches.READERS.match(name) or name in helpers or call.scope in helpers):
            continue  # an address the code does not give, or the helper's own download of its parameter
        if source and (fetches.MOVING_REFERENCE.search(source) or fetches.CODE_FILE.search(source)):
            continue
        lines.append(call.line)
        checked_each &= fetches.checked_by_keyword(call)
    return lines, checked_each


def _shell_downloads(commands) -> tuple[list, bool]:
    fetched = [c for c in commands if shell.fetch_kind(c) in ("download", "dvc-pull")]
    data = [c for c in fetched if shell.fetch_kind(c) == "download" and _names_a_source(c)]
    verified = any(shell.verifies_checksum(c) for c in commands) or any(shell.fetch_kind(c) == "dvc-pull" for c in fetched)
    return data, verified


def _installs_software(commands) -> bool:
    return any(shell.install_words(c) is not None or c.program in ("apt-get", "apt", "dpkg", "yum", "brew", "cmake")
               or (c.program == "make" and "install" in c.words) or c.program.endswith("configure") for c in commands)


def _names_a_source(command) -> bool:
    """A tool fetching whatever URL its user passes cannot check a checksum it does not know."""
    return bool(shell.urls(command.text)) or command.program == "kaggle" or "s3://" in command.text or "gs://" in command.text


@check("data-download-verified", reads=("python", "notebook", "code"))
def downloads_verified(found: ProjectFacts) -> list[Finding] | None:
    sites: dict[str, tuple[int, Location, bool]] = {}  # file: (places, first, checked)
    for unit in found.checked_units:
        if unit.test or (not unit.python.calls and unit.notebook is None):
            continue
        lines, checked_each = _python_downloads(unit)
        shell_lines = unit.notebook.shell if unit.notebook is not None else []
        notebook_commands = [c for line in shell_lines for c in shell.commands(line.command, line.line)]
        data, verified_by_shell = _shell_downloads(notebook_commands)
        places = len(lines) + len(data)
        if not places:
            continue
        first = unit.location(lines[0]) if lines else Location(unit.rel, data[0].line,
                                                               next(l.cell for l in shell_lines if l.line == data[0].line))
        checked = (checked_each and lines and not data) or _verifies_digest(unit) or verified_by_shell
        sites[unit.rel] = (places, first, bool(checked))
    for rel, (lines, checked) in sorted(found.other_downloads.items()):
        if not filetypes.is_test(rel) and not in_folders(rel, found.nested_folders):
            sites[rel] = (len(lines), Location(rel, lines[0]), checked)
    for rel, commands in [*found.scripts.items(), *((m.rel, [c for r in m.rules for c in r.recipe]) for m in found.makefiles)]:
        if filetypes.is_test(rel) or (rel in found.scripts and _installs_software(commands)):
            continue  # an install script's downloads are software it builds, not data
        data, verified = _shell_downloads(commands)
        if data:
            sites[rel] = (len(data), Location(rel, data[0].line), verified)
    if not sites:
        return None
    return [Finding("data-download-verified", "download without checksum",
                    f"downloads data ({count} place{'s' if count > 1 else ''}) and checks no checksum", first)
            for rel, (count, first, checked) in sorted(sites.items()) if not checked]


@facts("data")
def data_facts(found: ProjectFacts) -> list[Fact]:
    described = ", ".join(f"{name}/ ({files_count(len(files))})" for name, files in sorted(found.data_folders.items())) or "none"
    dvc = [f.rel for f in found.files_of(suffixes=(".dvc",), names=("dvc.yaml", "dvc.lock"))]
    largest = max(found.files, key=lambda f: f.size, default=None)
    result = [Fact("Data folders", described),
              Fact("Git LFS pointers", str(len(found.lfs_pointers))),
              Fact("DVC files", ", ".join(dvc[:10]) + (" ..." if len(dvc) > 10 else "") if dvc else "none")]
    if largest is not None:
        result.append(Fact("Largest file", f"{largest.rel} ({human_size(largest.size)})"))
    return result


def _parameters(unit: Unit, call) -> tuple[str, ...]:
    function = unit.python.functions.get(call.scope) if call.scope else None
    return function.parameters if function is not None else ()
