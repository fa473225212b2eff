"""Shell commands understood once, wherever they are written: Makefile recipes, CI steps, README code,
notebook ``!`` lines, Dockerfile ``RUN``, shell scripts.

A command line is split at ``&&``, ``||``, ``;`` and ``|``; ``cd DIR`` changes the
folder for what follows on the same line (as each recipe line of a Makefile is
its own shell). Each part is classified: it runs a script, installs packages,
downloads something, checks a checksum, runs tests, or runs the pipeline.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass, field

INTERPRETERS = frozenset({"python", "python3", "python2", "Rscript", "bash", "sh", "zsh", "julia", "ipython", "pypy3"})
SCRIPT_SUFFIXES = (".py", ".R", ".r", ".sh", ".jl", ".ipynb", ".qmd", ".Rmd", ".bash")
TEST_RUNNERS = frozenset({"pytest", "tox", "nox", "py.test", "testthat", "unittest", "nose2", "hatch", "coverage"})
# Tools that recompute results; a book's builders execute its notebooks.
PIPELINE_TOOLS = frozenset({"snakemake", "nextflow", "kedro", "papermill", "quarto", "luigi", "cwltool", "jupyter-book", "jb",
                            "myst", "treon"})
URL = re.compile(r"(?:https?|ftp|s3|gs)://[^\s'\"|;&)]+")


@dataclass(frozen=True, slots=True)
class Command:
    """One simple command of a shell line, with the folder it runs in (relative to where the line is written)."""

    words: tuple[str, ...]
    folder: str  # "" for where the line is written; "?" when a cd went somewhere unknown
    line: int
    piped_into: str = ""  # the program the output is piped into (curl ... | sh)
    program: str = field(init=False, compare=False)  # the command's name without its folder
    text: str = field(init=False, compare=False)

    def __post_init__(self):  # asked of every command by several checks: worked out once
        first = self.words[0] if self.words else ""
        object.__setattr__(self, "program", first.rsplit("/", 1)[-1])
        object.__setattr__(self, "text", " ".join(self.words))


def split_words(text: str) -> list[str]:
    """Shell words; shlex (pure Python, slow) only when quotes, escapes or comments need it."""
    if "'" not in text and '"' not in text and "\\" not in text and "#" not in text:
        return text.split()
    try:
        return shlex.split(text, comments=True)
    except ValueError:  # an unclosed quote: split on spaces, which is what is left to do
        return text.split()


SEPARATORS = re.compile(r"&&|\|\||;|\|(?!\|)|\n")


def commands(line_text: str, line: int, folder: str = "") -> list[Command]:
    """The simple commands of one shell line, in order, each knowing the folder a ``cd`` left it in."""
    found: list[Command] = []
    parts = SEPARATORS.split(line_text)
    separators = SEPARATORS.findall(line_text)
    current = folder
    for index, part in enumerate(parts):
        words = [w for w in split_words(part.strip()) if w]
        while words and (re.fullmatch(r"\w+=\S*", words[0]) or words[0] in ("sudo", "exec", "time", "nohup", "env", "command")):
            words = words[1:]  # VAR=value cmd, sudo cmd
        if not words:
            continue
        if words[0] == "cd":
            target = words[1] if len(words) > 1 else ""
            if not target or target.startswith(("$", "~", "/", "-")):
                current = "?"
            elif current != "?":
                current = posixpath.normpath(posixpath.join(current, target))
                current = "" if current == "." else current
            continue
        piped = ""
        if index < len(separators) and separators[index] == "|" and index + 1 < len(parts):
            following = split_words(parts[index + 1].strip())
            piped = posixpath.basename(following[0]) if following else ""
        found.append(Command(tuple(words), current, line, piped))
    return found


def script_of(command: Command) -> str | None:
    """The script a command runs by its path (python src/train.py, Rscript x.R, ./run.sh, papermill nb.ipynb)."""
    words = list(command.words)
    program = command.program
    if words[0].startswith("./") and words[0].endswith(SCRIPT_SUFFIXES):
        return words[0]
    if program in ("uv", "poetry", "pipenv", "pdm", "hatch", "conda") and len(words) > 2 and words[1] == "run":
        words = words[2:]
        program = posixpath.basename(words[0])
    if re.fullmatch(r"python[\d.]*", program) or program in INTERPRETERS:
        rest = words[1:]
        while rest and rest[0].startswith("-"):
            if rest[0] in ("-m", "-c"):
                return None  # a module or inline code, not a file of the project
            rest = rest[1:]
        if rest and rest[0].endswith(SCRIPT_SUFFIXES):
            return rest[0]
        return None
    if program == "jupyter" and len(words) > 2 and words[1] in ("nbconvert", "execute", "run"):
        return next((w for w in words[2:] if w.endswith(".ipynb")), None)
    if program in ("papermill", "quarto"):
        return next((w for w in words[1:] if w.endswith((".ipynb", ".qmd", ".Rmd"))), None)
    return None


def install_words(command: Command) -> list[str] | None:
    """What ``pip install`` / ``conda install`` / ``uv pip install`` is given, or None for other commands."""
    words = list(command.words)
    if re.fullmatch(r"python[\d.]*", command.program) and len(words) > 2 and words[1] == "-m":
        words = words[2:]
    program = posixpath.basename(words[0]) if words else ""
    if program == "uv" and len(words) > 1 and words[1] == "pip":
        words = words[1:]
        program = "pip"
    if re.fullmatch(r"pip[\d.]*|conda|mamba|micromamba", program) and len(words) > 1 and words[1] == "install":
        return words[2:]
    return None


def unpinned_packages(words: list[str]) -> list[str]:
    """Packages an install names without an exact version (``-U pandas``, ``torch>=2``), ignoring files and options."""
    loose, skip_next = [], False
    for word in words:
        if skip_next:
            skip_next = False
            continue
        if word in ("-r", "--requirement", "-c", "--constraint", "-f", "--find-links", "-i", "--index-url",
                    "--extra-index-url", "-e", "--editable", "--file", "-n", "--name", "-p", "--prefix", "--channel", "-t"):
            skip_next = True
            continue
        if word.startswith(("-", "$", "{", ".", "/")) or word in (".", "..") or "://" in word or word.endswith((".whl", ".txt")):
            continue
        if "==" in word or re.search(r"(?<![=<>!~])=\d[\w.]*=", word) or re.search(r"@[0-9a-f]{40}", word):
            continue
        if re.fullmatch(r"[A-Za-z0-9][\w.-]*(?:\[[\w,.-]+\])?(?:[<>=!~]=?[\w.*]+,?)*", word):
            loose.append(word)
    return loose


VCS_REFERENCE = re.compile(r"@([\w.\-/]+?)(?:#|$)")
MOVING_BRANCHES = frozenset({"master", "main", "develop", "dev", "HEAD", "trunk"})


def moving_vcs_install(word: str) -> bool:
    """``git+https://github.com/o/r.git`` (the default branch) or ``...@main``: code that changes under the same words;
    ``...@v1.2`` or ``...@<commit>`` stays put."""
    if not word.startswith(("git+", "hg+", "svn+", "bzr+")):
        return False
    address = word.split("://", 1)[-1]
    reference = VCS_REFERENCE.search(address.split("/", 1)[-1])  # not the user@ of git+ssh://git@host
    return reference is None or reference.group(1) in MOVING_BRANCHES


def urls(text: str) -> list[str]:
    return URL.findall(text)


# What a command fetches from the internet, by its shape: (kind, pattern over the command's text).
FETCHES = (
    ("download", re.compile(r"^(?:wget|curl|aria2c|axel)\b")),
    ("download", re.compile(r"^kaggle\s+(?:datasets|competitions|kernels)\s+(?:download|pull)\b")),
    ("download", re.compile(r"^(?:aws\s+s3\s+(?:cp|sync)|gsutil\s+(?:-m\s+)?(?:cp|rsync)|gcloud\s+storage\s+cp|azcopy\s+copy)\b.*(?:s3|gs|https)://")),
    ("download", re.compile(r"^gdown\b|^zenodo_get\b|^osf\s+fetch\b|^huggingface-cli\s+download\b|^hf\s+download\b")),
    ("dvc-pull", re.compile(r"^dvc\s+(?:pull|fetch)\b")),
    ("model", re.compile(r"^python[\d.]*\s+-m\s+spacy\s+download\b|^spacy\s+download\b")),
    ("model", re.compile(r"^python[\d.]*\s+-m\s+nltk\.downloader\b")),
    ("code", re.compile(r"^git\s+clone\b")),
)


HASHERS = frozenset({"openssl", "sha256sum", "sha1sum", "sha512sum", "md5sum", "shasum", "b2sum", "md5", "cksum"})


def fetch_kind(command: Command) -> str | None:
    text = command.text
    for kind, pattern in FETCHES:
        if pattern.search(text):
            if kind == "download" and command.piped_into in ("sh", "bash", "zsh", "python", "python3"):
                return "code"  # curl ... | sh runs code fetched at run time
            if kind == "download" and command.piped_into in ("apt-key", "gpg", "tee") and "apt" in text + command.piped_into:
                return None  # curl ... | apt-key add: a package signing key, not data
            if kind == "download" and command.piped_into in HASHERS:
                return None  # curl ... | openssl sha256: the bytes are hashed to get a checksum, and kept nowhere
            if kind == "download" and command.program in ("aws", "gsutil", "gcloud", "azcopy") and not _copies_from_remote(command):
                return None  # an upload: the remote place is where the copy goes
            return kind
    return None


def _copies_from_remote(command: Command) -> bool:
    """aws s3 cp SOURCE DEST (and gsutil's, gcloud's, azcopy's): is the source the remote one?"""
    positional = [w for w in command.words[1:] if not w.startswith("-") and w not in ("s3", "cp", "sync", "rsync", "storage", "copy")]
    return bool(positional) and "://" in positional[0]


CHECKSUM_COMMAND = re.compile(r"^(?:sha(?:1|224|256|384|512)sum|md5sum|shasum|b2sum|cksum)\b.*(?:\s-c\b|--check\b)"
                              r"|^(?:dvc\s+(?:repro|pull|checkout|import|import-url|get-url)|datalad\s+get)\b")


def verifies_checksum(command: Command) -> bool:
    return bool(CHECKSUM_COMMAND.search(command.text))


def runs_tests(command: Command) -> bool:
    words = command.words
    program = command.program
    if program in TEST_RUNNERS or (program == "make" and any(w in ("test", "tests", "check") for w in words[1:])):
        return True
    if re.fullmatch(r"python[\d.]*", program) and len(words) > 2 and words[1] == "-m" and words[2] in TEST_RUNNERS:
        return True
    if program in ("uv", "poetry", "pipenv", "pdm", "hatch") and any(w in TEST_RUNNERS or w == "test" for w in words[1:3]):
        return True
    if program in ("dbt", "sqlmesh") and len(words) > 1 and words[1] in ("test", "build"):
        return True  # the data tests declared on the models (dbt build runs them with the models)
    if program == "julia" and any("Pkg.test" in w or w.endswith("runtests.jl") for w in words):
        return True
    return program in ("Rscript",) and any("testthat" in w or "test_dir" in w or "devtools::test" in w for w in words)


def runs_pipeline(command: Command) -> bool:
    """Does the command recompute results: dvc repro, make, snakemake, a script, an executed notebook?"""
    words = command.words
    program = command.program
    if program == "dvc" and len(words) > 1 and words[1] in ("repro", "exp"):
        return True
    if program in ("dbt", "sqlmesh") and len(words) > 1 and words[1] in ("run", "build", "plan"):
        return True
    if program in PIPELINE_TOOLS or (program == "make" and not runs_tests(command)) or program == "mlflow" and "run" in words:
        return True
    if program == "jupyter" and any(w in ("--execute", "execute") for w in words):
        return True
    return script_of(command) is not None and not runs_tests(command)
