"""Data checks: large files in the repository, data folders without documentation, downloads without checksums.

Git LFS and DVC pointer files stand in for large files and, for DVC, carry
checksums. Test fixtures (tests/data/) are test input, not the project's data.
A download counts as checked when the code compares a digest, passes a hash
to the function that downloads, or runs ``sha256sum -c`` (or fetches through
DVC): using ``hashlib`` for something else, or naming md5 in a comment, is not.
"""

from __future__ import annotations

import posixpath
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
    missing = _missing_inputs(found)
    if not found.data_folders:
        return missing or None
    findings = missing
    for root, files in sorted(found.data_folders.items()):
        documented_folders = {f.folder for f in files if DOCUMENTATION.match(f.name)}
        holding: dict[str, int] = {}
        for file in files:
            if is_data_file(file) or file.rel in found.lfs_pointers:
                holding[file.folder] = holding.get(file.folder, 0) + 1
        undocumented: dict[str, int] = {}
        for folder, count in sorted(holding.items()):
            if _covered(folder, root, documented_folders, found) or _described_in_readme(folder, files, found) \
                    or _folder_described_in_readme(folder, found):
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


# Readers of a data file by its path, and the suffixes of files that are inputs (not a model or a cache a run makes).
INPUT_READERS = frozenset({"read_csv", "read_table", "read_parquet", "read_feather", "read_excel", "read_json", "read_stata",
                           "read_spss", "read_sas", "read_hdf", "read_orc", "loadtxt", "genfromtxt", "read_file", "open_dataset"})
INPUT_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".feather", ".xlsx", ".xls", ".json", ".jsonl", ".dta", ".sav", ".h5",
                  ".nc", ".geojson", ".shp", ".zip", ".gz")
OUTPUT_NAMES = re.compile(r"(?:^|[_.-])(?:out|output|results?|preds?|predictions?|submission)(?:[_.-]|$)", re.IGNORECASE)


def _missing_inputs(found: ProjectFacts) -> list[Finding]:
    """Code that reads a data file by a relative path (pd.read_csv('../data/trip.csv')) that is not in the project,
    that no code of the project writes or downloads, and that no README names (the file, or its folder): a reader
    cannot get the input, nor tell where it came from. One finding per file of code, its missing inputs listed.
    Not Kaggle's ../input/ (the platform mounts it), nor a path built at run time."""
    readme_text = "\n".join(readme.text for readme in [*found.readmes, *found.sub_readmes, *found.guides])
    names_in_project = None  # the files' names, worked out at the first relative read (most code reads none)
    written: set[str] = set()
    reads: dict[str, list[tuple[str, int]]] = {}
    for unit in found.checked_units:
        if unit.test:
            continue
        folder = unit.rel.rsplit("/", 1)[0] if "/" in unit.rel else ""
        for call in unit.python.calls:
            last = call.name.rsplit(".", 1)[-1]
            if last not in INPUT_READERS:  # to_csv('x.csv'), urlretrieve(url, 'x.csv'), copy(a, 'x.csv'): made by the code
                written.update(v.text.rsplit("/", 1)[-1] for v in (*call.args, *(v for _, v in call.keywords)) if v.text)
                continue
            if not call.args or not call.args[0].text:
                continue
            path = call.args[0].text
            name = path.rsplit("/", 1)[-1]
            if (path.startswith(("/", "~", "../input/", "input/")) or "://" in path or "{" in path or "\\" in path
                    or not name.lower().endswith(INPUT_SUFFIXES) or OUTPUT_NAMES.search(name.rsplit(".", 1)[0])):
                continue
            resolved = {posixpath.normpath(path), posixpath.normpath(posixpath.join(folder, path))}
            if names_in_project is None:
                names_in_project = {f.name for f in found.files}
            if any(found.file(rel) is not None for rel in resolved) or name in names_in_project or _tracked_by_dvc(found, resolved):
                continue
            reads.setdefault(unit.rel, []).append((path, call.line))
    read_paths = {path for paths in reads.values() for path, _ in paths}
    for unit in found.checked_units:  # the name in another string of the code (an address, a path an output is written
        for value, _ in unit.python.strings:  # to, a name joined to a folder): the code makes or fetches it
            if value not in read_paths and "." in value:
                written.add(value.rsplit("/", 1)[-1])
    places: list[tuple[Location, list[str]]] = []
    for rel, paths in sorted(reads.items()):
        unit = next(u for u in found.checked_units if u.rel == rel)
        gone = []
        for path, line in paths:
            name = path.rsplit("/", 1)[-1]
            folders = [part for part in path.split("/")[:-1] if part not in ("", ".", "..")]
            if name in written or name in readme_text or (folders and f"{folders[-1]}/" in readme_text) \
                    or found.excluded_path(path) or any(name in url for url in _download_texts(found)):
                continue  # made by the code, or the README says where it comes from
            gone.append((path, line))
        if gone:
            places.append((unit.location(gone[0][1]), list(dict.fromkeys(path for path, _ in gone))))
    if not places:
        return []
    unique = list(dict.fromkeys(path for _, paths in places for path in paths))
    shown = ", ".join(unique[:5]) + (f" and {len(unique) - 5} more" if len(unique) > 5 else "")
    where = f" (in {len(places)} files)" if len(places) > 1 else ""
    return [Finding("data-documented", "input not in the project",
                    f"reads {shown}{where}, not in the project, made or downloaded by none of its code, and named in no "
                    "README: a reader cannot get the input or tell where it came from; commit it, or say where to get it "
                    "(address, version or date)", places[0][0], count=len(places),
                    places=tuple(location for location, _ in places[1:]), items=tuple(unique))]


def _tracked_by_dvc(found: ProjectFacts, paths: set[str]) -> bool:
    """DVC keeps the file or a folder holding it (data/transactions.csv.dvc, data.dvc): the data is in the DVC remote."""
    for path in paths:
        parts = path.split("/")
        if any(found.file("/".join(parts[:depth]) + ".dvc") is not None for depth in range(1, len(parts) + 1)):
            return True
    return False


def _download_texts(found: ProjectFacts) -> list[str]:
    """The commands of the project's scripts, Makefiles and CI: where a download names a file."""
    texts = [c.text for script in found.scripts.values() for c in script]
    texts += [c.text for makefile in found.makefiles for rule in makefile.rules for c in rule.recipe]
    texts += [c.text for config in found.ci for c in config.commands]
    return texts


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


# What a README says of a folder it names when it documents it: where what it holds came from (a folder said only
# to "contain the dataset files" is named, not documented: no source, version or licence).
DESCRIBES = re.compile(r"(?i)\b(?:comes? from|came from|drawn (?:only )?from|draws? (?:only )?on|downloaded from|collected (?:from|by|with)"
                       r"|scraped|obtained from|sourced from|taken from|provided by|retrieved from|exported from)\b")


def _folder_described_in_readme(folder: str, found: ProjectFacts) -> bool:
    """The project's README names the folder in its prose, in a paragraph that says where what it holds came from
    ("The data/forecasts/original directory contains one file per forecaster, drawn from..."): documentation
    of the folder as a whole, as a README inside it would be. A path in a code block says where a file is, not what."""
    if not found.readmes:
        return False
    # a nested path as written (data/forecasts/original); a top folder only as a path (data/, `data`, a link to it),
    # since its name alone is a word of the prose ("the data")
    path = re.escape(folder)
    named = re.compile(rf"(?<![\w/.-]){path}/?(?![\w/.-])" if "/" in folder else
                       rf"(?<![\w/.-]){path}/(?![\w/.-])|`{path}/?`|\]\(\.?/?{path}/?\)")
    for readme in found.readmes:
        for paragraph in re.split(r"\n[ \t]*\n", CODE_BLOCK.sub("", readme.text)):
            if named.search(paragraph) and DESCRIBES.search(named.sub(" ", paragraph)):
                return True
    return False


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


# A template's stand-in address, left for its user to fill in (https://url.com/you/want/to/get.tar.gz,
# https://yourdomain.com/path/to/file.zip, https://<host>/data): no source yet. (example.org is not one: fixtures and
# documentation use it for a real source.)
PLACEHOLDER_URL = re.compile(r"^[a-z]+://(?:[^/@]*@)?(?:(?:www\.)?(?:url|domain|host|website|server)\.com|your[\w.-]*|my-?(?:domain|site"
                             r"|server|host)\b[\w.-]*|[<{][^/]*)(?::\d+)?(?:/|$)|/you/want/|/path/to/", re.IGNORECASE)


def _names_a_source(command) -> bool:
    """A tool fetching whatever URL its user passes cannot check a checksum it does not know; nor can a template's
    recipe that fetches a stand-in address."""
    return any(not PLACEHOLDER_URL.search(url) for url in shell.urls(command.text)) or command.program == "kaggle" or "s3://" in command.text or "gs://" in command.text


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
        if not found.is_test(rel) and not in_folders(rel, found.nested_folders):
            sites[rel] = (len(lines), Location(rel, lines[0]), checked)
    for rel, commands in [*found.scripts.items(), *((m.rel, [c for r in m.rules for c in r.recipe]) for m in found.makefiles)]:
        if found.is_test(rel) or (rel in found.scripts and _installs_software(commands)):
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
