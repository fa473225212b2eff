"""One ProjectFacts, built once in a fixed order from what the read phase found: every check reads only this.

Order: each file is read once (a bounded prefix) and given to the parsers that
want it (Python, notebooks, specifications, Makefiles, CI, READMEs, shell
scripts) and to the text scans (secrets, paths in configuration); then what
needs several files is worked out: the environments builders would make, the
names the project declares and defines, its seeding helpers, and what kind of
project it is.
"""

from __future__ import annotations

import bisect
import dataclasses
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tension_points.audit.knowledge import randomness_rjulia as other_randomness
from tension_points.audit.knowledge.packages import ALWAYS_THERE
from tension_points.audit.knowledge.randomness_rjulia import CodeFile, OtherDraw
from tension_points.audit.model import Location, Note
from tension_points.audit.parse import ci as ci_parser
from tension_points.audit.parse import rjulia
from tension_points.audit.parse import text as text_scans
from tension_points.audit.parse.commands import Command, commands, runs_tests, script_of
from tension_points.audit.parse.makefile import Makefile, parse_makefile
from tension_points.audit.parse.notebook import Notebook, parse_notebook
from tension_points.audit.parse.python import Call, PythonFacts, parse_python, resolve
from tension_points.audit.parse.pyfacts import Import
from tension_points.audit.parse.readme import Readme, parse_readme
from tension_points.audit.parse.specs import SpecFile, is_dockerfile, is_lock_name, is_rule_environment, is_spec_name, parse_spec
from tension_points.audit.read import filetypes
from tension_points.audit.read.git import GitState
from tension_points.audit.read.project import ProjectInput
from tension_points.audit.read.walker import ProjectFile, decode_text, read_prefix

# Text checks read at most this much of each file: enough for any source file,
# bounded for the 2 GB CSV someone committed by mistake.
TEXT_READ_LIMIT = 1024 * 1024
NOTEBOOK_READ_LIMIT = 32 * 1024 * 1024
LFS_POINTER_PREFIX = b"version https://git-lfs.github.com/spec/v1"
LFS_POINTER_MAX_BYTES = 1024
DATA_FOLDER_NAMES = frozenset({"data", "dataset", "datasets", "input"})
README = re.compile(r"^readme(?:\.(?:md|markdown|rst|txt|adoc|org))?$", re.IGNORECASE)
MAKEFILE_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile"})
SHELL_SUFFIXES = frozenset({".sh", ".bash"})
TEST_SUFFIXES = frozenset({".py", ".r", ".jl"})
# Files whose text names the specification files a project really uses.
REFERENCING = re.compile(r"^(?:readme(?:\..*)?|makefile|gnumakefile|justfile|tox\.ini|noxfile\.py|setup\.py|setup\.cfg"
                         r"|pyproject\.toml|dockerfile(?:\..*)?|docker-compose\.ya?ml|compose\.ya?ml|environment\.ya?ml"
                         r"|\.readthedocs\.ya?ml|postbuild|install\.sh|setup\.sh|mlproject)$", re.IGNORECASE)
NOT_PROJECT_FOLDERS = re.compile(r"(?:^|/)(?:docs?|examples?|tutorials?|tests?)/")
ANALYSIS_FILES = frozenset({"dvc.yaml", "Snakefile", "Procfile", "docker-compose.yml", "docker-compose.yaml", "MLproject",
                            "main.nf", "app.py", "streamlit_app.py"})
TEMPLATE_MARKERS = ("cookiecutter.json", "copier.yml", "copier.yaml")
# Jinja's markup, as cookiecutter and copier templates hold it: a file with it is a template, not a finished file.
JINJA_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
JINJA_VALUE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
# Languages read as text: their downloads and checksums by the shape of their calls (comment lines left out).
OTHER_LANGUAGES = frozenset({".r", ".rmd", ".qmd", ".jl"})
OTHER_DOWNLOAD = re.compile(r"(?<![\w.])(?:download\.file|curl_download|curl::curl_download|Downloads\.download|download"
                            r"|httr::GET|GET|read\.csv|read_csv|fread|read\.table|readRDS\(url)\(\s*[\"']https?://"
                            r"|(?<![\w.])(?:download\.file|curl_download|Downloads\.download)\(")
OTHER_CHECKSUM = re.compile(r"(?<![\w.])(?:digest::digest|digest|md5sum|tools::md5sum|sha256|sha1|openssl::sha256|sha256sum"
                            r"|SHA\.sha256|checksum)\s*\(")
# R and Julia files worth tokenising for randomness: a cheap look for a drawing or seeding name first.
RANDOM_CODE_SUFFIXES = {".r": ("R",), ".rmd": ("R",), ".qmd": ("R", "Julia"), ".jl": ("Julia",)}
MAY_DRAW = re.compile(r"\b(?:r[a-z]{1,8}|rand\w*|sample[\w.!]*|shuffle!?|seed!?|set\.seed|stan|sampling|brm|kmeans|\w*split"
                      r"|vfold_cv|bootstraps|mc_cv|create\w+|randomForest|ranger|MersenneTwister|Xoshiro|StableRNG|bitrand)\s*[(!]")
PLUTO_HEADER = "### A Pluto.jl notebook ###"


def _read_other_code(rel: str, suffix: str, text: str, facts: "ProjectFacts") -> None:
    """R and Julia scripts, and the R or Julia chunks of R Markdown and Quarto documents, kept to be read as
    tokens (_tokenise_other_code) if any of the project's code may draw."""
    for language in RANDOM_CODE_SUFFIXES[suffix]:
        code = rjulia.chunk_code(text, language) if suffix in (".rmd", ".qmd") else text
        if code.strip():
            facts.other_sources.append((rel, language, code, text.startswith(PLUTO_HEADER), None, bool(MAY_DRAW.search(code))))


OTHER_CODE_LIMIT = 16 * 1024 * 1024  # characters of R and Julia read as tokens; past it, only the files that may draw


def _tokenise_other_code(facts: "ProjectFacts") -> None:
    """Read the project's R and Julia code as tokens, all of it when some may draw (the scripts that run a drawing
    function draw through it), nothing when none may: most R projects are small, and this keeps a large one
    that never draws free."""
    if not any(source[-1] for source in facts.other_sources):
        facts.other_sources = []
        return
    budget = OTHER_CODE_LIMIT
    for rel, language, code, pluto, locate, may_draw in facts.other_sources:
        if budget <= 0 and not may_draw:
            continue
        budget -= len(code)
        read = rjulia.read(code, language)
        facts.other_code.append(CodeFile(rel, read, pluto=pluto, locate=locate))
        if read.read_in_part:
            facts.notes.append(Note(rel, f"{language} code read for randomness up to its first {rjulia.MAX_TOKENS:,} tokens only"))
    facts.other_sources = []


def _read_notebook_code(notebook: Notebook, facts: "ProjectFacts") -> None:
    """An R or Julia notebook's code cells, joined in order, read as tokens; lines placed back in their cells."""
    language = NOTEBOOK_LANGUAGES.get(notebook.language.lower(), "")
    if language not in ("R", "Julia"):
        return
    starts, numbers, parts, line = [], [], [], 1
    for cell in notebook.code_cells:
        source = re.sub(r"(?m)^[ \t]*[%!].*$", "", cell.source)  # magics and shell lines are not the kernel's language
        starts.append(line)
        numbers.append(cell.number)
        parts.append(source)
        line += source.count("\n") + 1
    text = "\n".join(parts)

    def locate(at: int) -> tuple[int, int]:
        index = max(bisect.bisect_right(starts, at) - 1, 0)
        return numbers[index], at - starts[index] + 1

    facts.other_sources.append((notebook.rel, language, text, False, locate, bool(MAY_DRAW.search(text))))


LANGUAGE_OF_SUFFIX = {".py": "Python", ".pyx": "Python", ".r": "R", ".rmd": "R", ".jl": "Julia", ".sql": "SQL",
                      ".scala": "Scala", ".m": "MATLAB", ".do": "Stata"}
NOTEBOOK_LANGUAGES = {"python": "Python", "python3": "Python", "": "Python", "r": "R", "ir": "R", "julia": "Julia",
                      "scala": "Scala", "sql": "SQL", "matlab": "MATLAB", "octave": "MATLAB", "stata": "Stata"}
R_LIBRARY = re.compile(r"(?<![\w.])(?:library|require|requireNamespace)\(\s*[\"']?([A-Za-z][\w.]*)|(?<![\w.])([A-Za-z][\w.]*)::")
CODE_SUFFIXES = filetypes.PYTHON_SUFFIXES | frozenset({".ipynb", ".r", ".rmd", ".qmd", ".jl", ".sh", ".m", ".scala", ".sql"})


@dataclass
class Unit:
    """Python code in one place: a module, or a notebook's code cells."""

    rel: str
    python: PythonFacts
    notebook: Notebook | None = None
    test: bool = False
    nested: bool = False  # in a sub-project (a template's {{ }} folder, an example with its own pyproject.toml)
    _defined: frozenset[str] | None = None
    _resolved: list | None = None
    _tops: frozenset[str] | None = None
    _draws: tuple | None = None  # the unseeded draws, reported and set aside (knowledge.randomness.judged_draws)

    @property
    def defined(self) -> frozenset[str]:
        if self._defined is None:
            self._defined = frozenset(self.python.functions) | frozenset(self.python.classes)
        return self._defined

    def resolve(self, name: str) -> str:
        return resolve(name, self.python.aliases, self.python.star_modules, self.defined)

    @property
    def resolved(self) -> list[tuple[str, "Call"]]:
        """Every call with the name it resolves to, worked out once (several checks ask)."""
        if self._resolved is None:
            names: dict[str, str] = {}
            self._resolved = [(names.get(c.name) or names.setdefault(c.name, self.resolve(c.name)), c) for c in self.python.calls]
        return self._resolved

    def location(self, line: int | None) -> Location:
        if self.notebook is not None and line is not None:
            cell, in_cell = self.notebook.locate(line)
            return Location(self.rel, in_cell, cell)
        return Location(self.rel, line)

    @property
    def imported_tops(self) -> frozenset[str]:
        if self._tops is None:  # asked by several checks for every module
            self._tops = frozenset([i.module.split(".", 1)[0] for i in self.python.imports])  # Import.top, without its call
        return self._tops


@dataclass
class SecretHit:
    rel: str
    kind: str
    line: int
    cell: int | None = None


@dataclass
class Environment:
    """What one builder would install, and from which files."""

    builder: str  # "Binder", "MLflow (MLproject)", "Docker (Dockerfile)", "CI (.github/workflows/x.yml)"
    files: list[str]  # specification files it reads, in order
    why: str = ""


@dataclass
class ProjectKind:
    name: str  # "library", "teaching material", "application", "template", "no code"
    why: str
    citable: str = ""  # why others would cite it (a paper, a book or course, a library), "" when nothing says so

    @property
    def library(self) -> bool:
        return self.name == "library"

    @property
    def teaching(self) -> bool:
        return self.name == "teaching material"


@dataclass
class ProjectFacts:
    root_name: str
    files: list[ProjectFile]
    git: GitState | None
    git_problem: str | None
    git_status: list[tuple[str, str]] | None
    notes: list[Note] = field(default_factory=list)
    unread: set[str] = field(default_factory=set)
    units: list[Unit] = field(default_factory=list)  # modules and notebooks with Python code
    notebooks: list[Notebook] = field(default_factory=list)  # every notebook read (valid or not)
    oversized_notebooks: list[ProjectFile] = field(default_factory=list)
    specs: dict[str, SpecFile] = field(default_factory=dict)  # every specification file by path
    used_specs: dict[str, str] = field(default_factory=dict)  # specification files the project uses: why
    rule_environments: set[str] = field(default_factory=set)  # conda files a Snakemake rule names in conda: (that rule's own)
    binder_files: list[str] = field(default_factory=list)
    binder_ignored: list[str] = field(default_factory=list)
    binder_pack: str = ""
    binder_problem: str = ""
    environments: list[Environment] = field(default_factory=list)
    makefiles: list[Makefile] = field(default_factory=list)
    ci: list[ci_parser.CiConfig] = field(default_factory=list)
    readmes: list[Readme] = field(default_factory=list)
    readme_files: list[ProjectFile] = field(default_factory=list)
    guides: list[Readme] = field(default_factory=list)  # documents the README sends readers to (docs/install.md): their commands
    scripts: dict[str, list[Command]] = field(default_factory=dict)  # shell scripts: their commands
    secrets: list[SecretHit] = field(default_factory=list)
    config_paths: list[tuple[str, text_scans.Hit, text_scans.LineIndex]] = field(default_factory=list)
    lfs_pointers: set[str] = field(default_factory=set)
    data_folders: dict[str, list[ProjectFile]] = field(default_factory=dict)
    local_names: set[str] = field(default_factory=set)
    nested_folders: list[str] = field(default_factory=list)
    seeding: "Seeding | None" = None  # where the project seeds: its seeding functions, what its entry points cover
    kind: ProjectKind = field(default_factory=lambda: ProjectKind("application", ""))
    gitignore: str = ""
    gitmodule_urls: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    module_names: frozenset[str] = frozenset()
    other_downloads: dict[str, tuple[list[int], bool]] = field(default_factory=dict)  # R, Julia...: lines, checked
    other_code: list[CodeFile] = field(default_factory=list)  # R and Julia code, tokenised when any of it may draw
    other_sources: list[tuple] = field(default_factory=list)  # (rel, language, code, pluto, locate, may draw), before that
    other_draws: list[OtherDraw] = field(default_factory=list)  # R and Julia draws no seed covers
    r_libraries: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # R files: packages they load, with lines
    r_installs: dict[str, list[tuple[int, str]]] = field(default_factory=dict)  # R installs at no version: (line, text)
    test_texts: dict[str, str] = field(default_factory=dict)
    not_tests: set[str] = field(default_factory=set)  # files named like tests that hold no test
    # tests not named like tests: a unittest.TestCase suite (checks.py), a file CI or the Makefile runs as the tests
    content_tests: set[str] = field(default_factory=set)
    shadowing: dict[str, str] = field(default_factory=dict)  # modules named like the package they import: {module: name}
    retired: list[str] = field(default_factory=list)  # folders of code the project retired (deprecated/, archive/)
    template_folders: list[str] = field(default_factory=list)  # a template's {{ cookiecutter.x }}/ folders, wherever they sit
    template_specs: dict[str, SpecFile] = field(default_factory=dict)
    workflow_images: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)  # Snakemake container: (image, tag, line)  # the generated project's specifications, tags set aside
    entry_points: list[str] = field(default_factory=list)  # what runs the project, each in words ("kedro run (pyproject.toml)")
    executables: dict[str, str] = field(default_factory=dict)  # compiled programs committed: what they are (ELF, Mach-O...)
    generated_sources: dict[str, str] = field(default_factory=dict)  # code a tool wrote (Cython's C): the tool
    tool_tests: list[str] = field(default_factory=list)  # files declaring tests a tool runs (dbt's schema.yml tests:)
    # Sub-projects (a folder with its own requirements.txt, Dockerfile, README: week_1/, examples/app/): their own
    # specifications and READMEs, kept apart from the project's so that each answers only for its own folder.
    sub_specs: dict[str, SpecFile] = field(default_factory=dict)
    sub_readmes: list[Readme] = field(default_factory=list)
    conda_candidates: dict[str, str] = field(default_factory=dict)  # YAML shaped like a conda environment: its text
    # conda files under other names that the project uses (ci_dependencies.yml, conda_dependencies_scoring.yml): each
    # the environment of one role (CI, training, scoring), not of all the code
    role_environments: set[str] = field(default_factory=set)

    excluded_path: object = lambda rel: False  # the project's own exclusions (its audit settings)

    def __post_init__(self):
        self.by_path = {f.rel: f for f in self.files}
        self.top_level = {f.rel: f for f in self.files if "/" not in f.rel}
        self._local_folders: set[str] | None = None
        self._subprojects: list[str] | None = None
        self._split: bool | None = None
        self._notebooks: dict[str, Notebook] | None = None
        self._languages: dict[str, object] = {}  # script and notebook languages, ecosystem: worked out once, when asked
        self._unit_lists: dict[str, tuple[int, list[Unit]]] = {}  # code_units, checked_units: (units then, selection)
        self._file_index: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None  # files_of: by suffix, by name

    @property
    def local_folders(self) -> set[str]:
        """Every folder of the project (worked out when a check first asks)."""
        if self._local_folders is None:
            self._local_folders = {"/".join(f.rel.split("/")[:depth]) for f in self.files for depth in range(1, f.rel.count("/") + 1)}
        return self._local_folders

    def file(self, rel: str) -> ProjectFile | None:
        return self.by_path.get(rel)

    def is_test(self, rel: str) -> bool:
        """Test code: named like a test and holding one, or a suite known by what it holds or by what runs it."""
        return (filetypes.is_test(rel) and rel not in self.not_tests) or rel in self.content_tests

    def files_of(self, suffixes=(), names=()) -> list[ProjectFile]:
        """The files with one of these suffixes or names, in the order of ``files``: an index made at the first
        question, so that a check after R scripts or dvc.yaml does not pass over the 50,000 modules of a large tree."""
        if self._file_index is None:
            by_suffix: dict[str, list[int]] = {}
            by_name: dict[str, list[int]] = {}
            for position, f in enumerate(self.files):
                by_suffix.setdefault(f.suffix, []).append(position)
                by_name.setdefault(f.name, []).append(position)
            self._file_index = (by_suffix, by_name)
        by_suffix, by_name = self._file_index
        positions = {p for suffix in suffixes for p in by_suffix.get(suffix, ())}
        positions.update(p for name in names for p in by_name.get(name, ()))
        return [self.files[p] for p in sorted(positions)]

    def notebook_cell(self, rel: str, number: int):
        if self._notebooks is None:
            self._notebooks = {notebook.rel: notebook for notebook in self.notebooks}
        notebook = self._notebooks.get(rel)
        return notebook.cell(number) if notebook is not None and notebook.cells else None

    @property
    def declaring_specs(self) -> list[SpecFile]:
        return [spec for rel, spec in self.specs.items() if rel in self.used_specs and spec.declares]

    @property
    def declared(self) -> set[str]:
        """Canonical names of every distribution any used specification declares, optional ones included."""
        names: set[str] = set()
        for spec in self.declaring_specs:
            names |= spec.names | spec.optional
        for rel, spec in self.specs.items():
            if rel.endswith(".in") or spec.kind == "constraints":
                names |= spec.names
        return names

    @property
    def lock_files(self) -> list[str]:
        return [rel for rel, spec in self.specs.items() if spec.lock and rel in self.used_specs]

    @property
    def python_declarations(self) -> list[tuple[str, str, int | None]]:
        """(declared Python, file, line) of every used specification that declares one."""
        return [(spec.python, rel, spec.python_line) for rel, spec in self.specs.items()
                if spec.python and spec.python != "any" and rel in self.used_specs]

    @property
    def code_units(self) -> list[Unit]:
        """The project's code, for what answers to its specifications (a sub-project's code answers to its own)."""
        return self._units_kept("code", lambda u: not u.nested)

    @property
    def checked_units(self) -> list[Unit]:
        """The code whose seeds, downloads and paths are checked: sub-projects' too (abba/ with its own
        requirements is still the project's code), not a template's {{ }} folder or a retired one."""
        return self._units_kept("checked", lambda u: not u.nested or not (
            in_folders(u.rel, self.template_folders) or in_folders(u.rel, self.retired)))

    def _units_kept(self, which: str, keep) -> list[Unit]:
        """Some fifteen checks ask for the units above, each a pass over 50,000 modules in a large tree: each
        selection is made once (again if a unit was added since: units are only added while the facts are built),
        and every caller gets its own copy of the list."""
        made = self._unit_lists.get(which)
        if made is None or made[0] != len(self.units):
            made = self._unit_lists[which] = (len(self.units), [u for u in self.units if keep(u)])
        return list(made[1])

    def notebook_units(self) -> list[Unit]:
        return [u for u in self.units if u.notebook is not None]

    @property
    def subprojects(self) -> list[str]:
        """The sub-project folders that declare an environment of their own (asked by checks, once the facts are built)."""
        if self._subprojects is None:
            self._subprojects = sorted({rel.rpartition("/")[0] for rel, spec in self.sub_specs.items()
                                        if spec.declares and not spec.problem})
            self._subproject_set = frozenset(self._subprojects)
        return self._subprojects

    @property
    def split_into_subprojects(self) -> bool:
        """A repository of self-contained folders (week_1/, week_2/...), each declaring its own environment, whose top
        declares none and holds no code of its own: the folders are the projects, each checked against its own files."""
        if self._split is None:
            self._split = not self.declaring_specs and bool(self.subprojects) and not any(
                not u.test for u in self.units if not in_folders(u.rel, self.nested_folders))
        return self._split

    def subproject_of(self, rel: str) -> str | None:
        """The innermost sub-project folder holding ``rel`` (its folders looked up from the deepest)."""
        folders = self._subproject_set if self._subprojects is not None else frozenset(self.subprojects)
        folder = rel.rpartition("/")[0]
        while folder:
            if folder in folders:
                return folder
            folder = folder.rpartition("/")[0]
        return None

    # The three below are asked by every check, once the facts are built (never while they are): each is worked
    # out once, over the 50,000 files of a large tree.
    @property
    def script_languages(self) -> set[str]:
        """The languages of the project's code files (notebooks apart): Python, R, Julia, SQL..."""
        if "scripts" not in self._languages:
            self._languages["scripts"] = frozenset(LANGUAGE_OF_SUFFIX[f.suffix] for f in self.files if f.suffix in LANGUAGE_OF_SUFFIX)
        return set(self._languages["scripts"])

    @property
    def notebook_languages(self) -> set[str]:
        if "notebooks" not in self._languages:
            self._languages["notebooks"] = frozenset(
                {NOTEBOOK_LANGUAGES.get(n.language.lower(), n.language.capitalize()) for n in self.notebooks
                 if n.cells is not None and n.code_cells} - {""})
        return set(self._languages["notebooks"])

    @property
    def ecosystem(self) -> str:
        """Whose tools the project's environment and tests belong to when it is not Python: "dbt", "R", "Julia"
        (the advice a fix gives follows it), "" for Python or a mix."""
        if "ecosystem" not in self._languages:
            self._languages["ecosystem"] = self._ecosystem()
        return self._languages["ecosystem"]

    def _ecosystem(self) -> str:
        if any(f.rel.count("/") <= 1 for f in self.files_of(names=("dbt_project.yml",))):
            return "dbt"
        languages = self.script_languages | self.notebook_languages
        if "Python" in languages:
            return ""
        return "R" if "R" in languages else "Julia" if "Julia" in languages else ""

    @property
    def has_code(self) -> bool:
        return any(f.suffix in CODE_SUFFIXES for f in self.files)


# --- Building -------------------------------------------------------------------------
class Reader:
    """Bounded reads, each file once; what cannot be read becomes a note and is remembered."""

    def __init__(self, facts: ProjectFacts):
        self.facts = facts

    def text(self, file: ProjectFile, limit: int = TEXT_READ_LIMIT) -> str | None:
        try:
            data = read_prefix(file, limit)
        except OSError as exc:
            self.facts.unread.add(file.rel)
            self.note(file.rel, f"not read ({exc.strerror or exc}); no check could look inside it")
            return None
        program = executable_format(data)
        if program:  # a compiled program with no suffix (CmdStan's model binary): recognised, not read as text
            self.facts.executables[file.rel] = program
            return None
        if file.size > limit:
            self.note(file.rel, f"only the first {limit // (1024 * 1024)} MiB of this {file.size / 1e6:.1f} MB file was read")
        return decode_text(data)

    def note(self, rel: str, message: str) -> None:
        note = Note(rel, message)
        if note not in self.facts.notes:
            self.facts.notes.append(note)


# The first bytes of compiled programs: ELF (Linux), Mach-O (macOS, both byte orders, 32/64-bit, universal), PE (Windows).
EXECUTABLE_MAGIC = ((b"\x7fELF", "Linux (ELF)"), (b"\xcf\xfa\xed\xfe", "macOS (Mach-O)"), (b"\xce\xfa\xed\xfe", "macOS (Mach-O)"),
                    (b"\xfe\xed\xfa\xcf", "macOS (Mach-O)"), (b"\xfe\xed\xfa\xce", "macOS (Mach-O)"),
                    (b"\xca\xfe\xba\xbe", "macOS (Mach-O universal)"))


GENERATED_C = "/* Generated by Cython"


EXECUTABLE_BY_MAGIC = dict(EXECUTABLE_MAGIC)  # every magic is four bytes: one lookup per file, not six tests
assert all(len(magic) == 4 for magic in EXECUTABLE_BY_MAGIC)


def executable_format(data: bytes) -> str:
    name = EXECUTABLE_BY_MAGIC.get(data[:4])
    if name:
        return name
    if data.startswith(b"MZ") and b"PE\x00\x00" in data[:1024]:
        return "Windows (PE)"
    return ""


def build_facts(project: ProjectInput) -> ProjectFacts:
    facts = ProjectFacts(root_name=project.root.name or str(project.root), files=project.files, git=project.git,
                         git_problem=project.git_problem, git_status=project.git_status, notes=list(project.notes),
                         excluded_path=project.excluded)
    reader = Reader(facts)
    referencing: dict[str, str] = {}
    facts.module_names = frozenset(_file_names(facts.files))
    facts.retired = _retired_folders(facts.files)
    facts.template_folders = template_folders(facts.files)
    facts.nested_folders = _nested_folders(facts.files) + facts.template_folders + facts.retired
    for file in facts.files:
        _read_file(file, facts, reader, referencing)
    facts.guides = _guides(facts, reader)
    _installed_files(facts, reader)
    _named_environment_files(facts, referencing)
    _environments(facts, referencing)
    facts.local_names = _local_names(facts)
    facts.data_folders = _data_folders(facts)
    facts.not_tests = _not_tests(facts)
    facts.content_tests |= _run_as_tests(facts)
    for unit in facts.units:
        if unit.rel in facts.not_tests:
            unit.test = False  # a plotting script named test_area.py is a script, not a test
        elif unit.rel in facts.content_tests:
            unit.test = True  # checks.py holding a unittest.TestCase, or the file CI runs with python -m unittest
    facts.kind = _kind(facts)
    _tokenise_other_code(facts)
    facts.other_draws = other_randomness.unseeded(
        [c for c in facts.other_code if not in_folders(c.rel, facts.template_folders + facts.retired)],
        teaching=facts.kind.teaching, targets="_targets.R" in facts.by_path,
        is_test=facts.is_test)
    facts.seeding = Seeding(facts)  # after the kind: a library's example notebooks are not its entry points
    facts.entry_points = _entry_points(facts)
    facts.notes = summarised_notes(facts.notes)
    return facts


SUMMARISED_AFTER = 3  # more files than this read as text for one reason: one note says how many, not one note each


def summarised_notes(notes: list[Note]) -> list[Note]:
    """Notes that say the same of many files (49 Python 2 modules "read as text") become one note with a count."""
    def reason(note: Note) -> str | None:
        if "read as text" not in note.message:
            return None
        text = re.sub(r"^\d+ cell\(s\) read as text: ", "", note.message)
        return re.sub(r"\(line \d+: ", "(", re.sub(r" on line \d+", "", text))

    groups: dict[str, list[Note]] = {}
    for note in notes:
        key = reason(note)
        if key is not None:
            groups.setdefault(key, []).append(note)
    kept = [note for note in notes if reason(note) is None or len(groups[reason(note)]) <= SUMMARISED_AFTER]
    for key, group in groups.items():
        if len(group) > SUMMARISED_AFTER:
            shown = ", ".join(n.path for n in group[1:4]) + (f" and {len(group) - 4} more" if len(group) > 4 else "")
            kept.append(Note(group[0].path, f"{key} (so are {len(group) - 1} other files: {shown})"))
    return kept


def _read_file(file: ProjectFile, facts: ProjectFacts, reader: Reader, referencing: dict[str, str]) -> None:
    """Read one file and hand it to what wants it. It runs for every file of a 50,000-file tree, so the
    common case (a Python module inside a folder) is decided first and with as few tests as possible."""
    name, suffix, rel = file.name, file.suffix, file.rel
    if suffix == ".ipynb":
        _read_notebook(file, facts, reader)
        return
    if suffix in filetypes.DATA_SUFFIXES:
        if file.size <= LFS_POINTER_MAX_BYTES and _lfs_pointer(file):
            facts.lfs_pointers.add(rel)
        return
    if suffix in filetypes.BINARY_SUFFIXES:
        return
    text = reader.text(file)
    if text is None:
        return
    top_level = "/" not in rel
    if suffix in (".c", ".cpp") and text.startswith(GENERATED_C):
        facts.generated_sources[rel] = "Cython"  # the C a build makes from a .pyx: stale when the .pyx changes
    is_test = suffix in TEST_SUFFIXES and filetypes.is_test(rel)
    if is_test:
        facts.test_texts[rel] = text[:65536]
    elif suffix == ".py" and "TestCase" in text and UNITTEST_SUITE.search(text):  # the plain look first: most modules have none
        facts.content_tests.add(rel)
    if suffix in filetypes.PYTHON_SUFFIXES:
        python = imports_unless_worth_parsing(text, facts.module_names)
        if python is None:
            python = parse_python(text)
            if not python.parsed:
                reader.note(rel, python.problem)  # the checks still read it, by the shape of its text
        # else nothing in it any check reads: kept as a module of the project with only its imports (for the import graph)
        facts.units.append(Unit(rel, python, test=is_test if suffix in TEST_SUFFIXES else filetypes.is_test(rel),
                                nested=in_folders(rel, facts.nested_folders)))
        if name == "setup.py" or name == "noxfile.py":
            _other_roles(file, text, facts, reader, referencing, top_level)
    else:
        _other_roles(file, text, facts, reader, referencing, top_level)
    if suffix not in filetypes.DATA_SUFFIXES and suffix not in filetypes.BINARY_SUFFIXES:  # every text can leak a key
        unquoted = suffix in filetypes.KEY_VALUE_SUFFIXES or name.startswith(".env")
        hits = text_scans.secrets(text, unquoted_values=unquoted, documentation=filetypes.is_documentation(file))
        if hits:
            lines = text_scans.LineIndex(text)
            facts.secrets += [SecretHit(rel, hit.kind, lines.line(hit.position)) for hit in hits]


EMPTY_PYTHON = PythonFacts()
# What a module that imports nothing outside the standard library and the project may still hold that a check
# needs understood: randomness, seeds, downloads (urllib), machine paths, digests, command-line defaults, files
# read or written by name. Checked with plain `in` before parsing: most such modules cost one pass each.
# (Estimators, models and frameworks come with an import from outside, which is reason enough to parse.)
PARSE_MARKERS = ("andom", "seed", "url", "http", "/home/", "/Users/", "/media/", "~/", ":\\", ":/", "digest", "add_argument", "open(",
                 "load", "dump", "save", "option(", "exists(", "isfile(", ".yml", ".yaml", "assertLess", "assertGreater")
# The same markers, sorted for the look: a marker holding "/", "~" or a backslash is looked for only in a text that holds
# that character (one memchr, some 0.02 µs on a module of 500 characters), since two-character markers cost the most
# to look for (some 0.35 µs each).
SLASH_MARKERS = tuple(m for m in PARSE_MARKERS if "/" in m and m != "~/")
OTHER_MARKERS = tuple(m for m in PARSE_MARKERS if "/" not in m and m != ":\\")
assert set(SLASH_MARKERS) | set(OTHER_MARKERS) | {":\\", "~/"} == set(PARSE_MARKERS)


# A module's import lines, read once for two things: is any import from outside the standard library and the project
# (then the module is parsed), and else its imports as facts. Each statement is one line (no pattern crosses a line end,
# and each starts at one). A `from` line takes the first branch whatever follows: `from NAME` alone says where NAME comes
# from; the optional tail is the `from ... import ...` statement. `import ...` is the second branch, and TOP_IMPORT_LIST
# reads the names it lists from the same place. This replaced two passes (a test holds it to them:
# tests/audit/parse/test_import_lines.py).
IMPORT_LINE = re.compile(r"(?m)^[ \t]*(?:from[ \t]+(\.*)([\w.]*)(?:[ \t]+import[ \t]+\(?([\w \t,*]+))?|import[ \t]+([\w.]+))")
TOP_IMPORT_LIST = re.compile(r"[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*")
NAME_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def import_lines(text: str) -> Iterator[re.Match]:
    """The matches of IMPORT_LINE, as its finditer gives them (one at a time: the caller may stop at the first),
    tried only on the lines that hold `import` or `from` (a match starts a line with one of them): a few searches for
    two words cost less than trying the pattern at every line's start. Each line is tried once, each word searched
    for again only past the line it was found on, and never again once it is not found (linear on any text)."""
    find, match = text.find, IMPORT_LINE.match
    at = 0  # where the next line starts
    next_import, next_from = find("import"), find("from")
    while next_import >= 0 or next_from >= 0:
        word = next_import if next_from < 0 or 0 <= next_import < next_from else next_from
        hit = match(text, text.rfind("\n", at, word) + 1 or at)
        if hit:
            yield hit
        end = find("\n", word)
        if end < 0:
            return
        at = end + 1
        if 0 <= next_import < at:
            next_import = find("import", at)
        if 0 <= next_from < at:
            next_from = find("from", at)


def imports_unless_worth_parsing(text: str, own_modules: frozenset[str]) -> PythonFacts | None:
    """None when a module holds anything a check needs understood (a marker word, or an import from outside the
    standard library and the project: the syntax tree costs far more than this look), else its imports by their shape."""
    for marker in OTHER_MARKERS:
        if marker in text:
            return None
    if "/" in text:
        for marker in SLASH_MARKERS:
            if marker in text:
                return None
    if "\\" in text and ":\\" in text or "~" in text and "~/" in text:  # one memchr each for the rare characters first
        return None
    if "import" not in text:
        return EMPTY_PYTHON
    imports, local_imports = [], []
    line, counted = 1, 0
    for match in import_lines(text):
        dots, module, names, plain = match.groups()
        if plain is None:  # a from line: `from NAME` says where NAME comes from, if it starts as names do
            if not dots and module and module[0] in NAME_START:
                first = module.split(".", 1)[0]
                if first not in ALWAYS_THERE and first not in own_modules:
                    return None
            if names is None:  # not a `from ... import ...` statement: no import to keep
                continue
        else:
            listed = TOP_IMPORT_LIST.match(text, match.start(4))
            if listed:
                for part in listed.group().split(","):
                    name = part.strip().split(".", 1)[0]
                    if name not in ALWAYS_THERE and name not in own_modules:
                        return None
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if plain:
            imports.append(Import(plain, line))
        elif dots:
            local_imports += [(len(dots), f"{module}.{n.strip()}" if module and n.strip() != "*" else module or n.strip())
                              for n in names.split(",") if n.strip().isidentifier() or n.strip() == "*" and module]
        elif module:
            imports.append(Import(module, line))
    return imports_only(imports, local_imports)


EMPTY_FIELDS = EMPTY_PYTHON.__dict__


def imports_only(imports: list[Import], local_imports: list[tuple[int, str]]) -> PythonFacts:
    """The facts of a module known only by its imports: its own lists of imports, every other field the empty one
    EMPTY_PYTHON holds (shared, as EMPTY_PYTHON itself is by every module that imports nothing: nothing changes
    the facts of a module that was not parsed). A dataclass's __init__ makes some fifteen empty containers, a
    third of this look's time on a tree of 50,000 such modules."""
    found = object.__new__(PythonFacts)
    found.__dict__.update(EMPTY_FIELDS)
    found.imports = imports
    found.local_imports = local_imports
    return found


def _other_roles(file: ProjectFile, text: str, facts: ProjectFacts, reader: Reader, referencing: dict[str, str],
                 top_level: bool) -> None:
    """Specifications, Makefiles, CI, scripts, READMEs, Git's own files, other languages, configuration."""
    name, suffix, rel = file.name, file.suffix, file.rel
    nested = in_folders(rel, facts.nested_folders)
    spec_here = is_spec_name(name, file.folder) and not filetypes.is_test(rel)
    if nested:  # a sub-project's (a template's {{ }} folder): its files answer to it, only secrets are everyone's
        if spec_here and in_folders(rel, facts.template_folders):
            facts.template_specs[rel] = parse_spec(rel, without_jinja(text))  # what the generated project declares
        elif in_folders(rel, facts.template_folders) or in_folders(rel, facts.retired):
            return
        elif spec_here:
            facts.sub_specs[rel] = parse_spec(rel, text)
        elif README.match(name) and file.folder in facts.nested_folders:
            facts.sub_readmes.append(parse_readme(rel, text))
        return
    if spec_here:
        spec = facts.specs[rel] = parse_spec(rel, text)
        if spec.problem and (JINJA_VALUE.search(text) or JINJA_TAG.search(text)):
            spec = facts.specs[rel] = parse_spec(rel, without_jinja(text))
            reader.note(rel, "holds template tags ({{ }}, {% %}): read with them set aside")
        if spec.skipped_entries:
            reader.note(rel, f"{spec.skipped_entries} dependency entr{'y is' if spec.skipped_entries == 1 else 'ies are'} a list, "
                             "not a package (YAML aliases?); not read as dependencies")
    elif suffix in (".yml", ".yaml") and "dependencies" in text and CONDA_DEPENDENCIES.search(text) \
            and CONDA_HEADER.search(text) and not ci_parser.is_ci_file(rel) and not ci_parser.is_pipeline_text(text):
        facts.conda_candidates[rel] = text  # a conda environment file under another name: a specification once named
    if (top_level and REFERENCING.match(name)) or (is_dockerfile(name) and not nested) or is_snakefile(name):
        referencing[rel] = text
    if name in MAKEFILE_NAMES:
        facts.makefiles.append(parse_makefile(rel, text))
        referencing[rel] = text
    elif ci_parser.is_ci_file(rel) or (suffix in (".yml", ".yaml") and "steps" in text and not spec_here
                                       and ci_parser.is_pipeline_text(text)):
        facts.ci.append(ci_parser.parse_ci(rel, text))
        referencing[rel] = text
    elif suffix in SHELL_SUFFIXES or name == "postBuild":
        facts.scripts[rel] = _script_commands(text)
    if top_level and README.match(name):
        facts.readmes.append(parse_readme(rel, text))
        facts.readme_files.append(file)
    if is_snakefile(name) and "docker://" in text:
        facts.workflow_images[rel] = [(m.group(1), m.group(2) or "", text.count("\n", 0, m.start()) + 1)
                                      for m in WORKFLOW_IMAGE.finditer(text)]
    if suffix in (".yml", ".yaml") and "tests:" in text and DECLARED_TESTS.search(text):
        facts.tool_tests.append(rel)
    if rel == ".gitignore":
        facts.gitignore = text
    elif name == ".gitmodules":
        facts.gitmodule_urls[rel] = [(m.group(1), text.count("\n", 0, m.start()) + 1)
                                     for m in re.finditer(r"(?m)^[ \t]*url[ \t]*=[ \t]*(\S+)", text)]
    if suffix in RANDOM_CODE_SUFFIXES:
        _read_other_code(rel, suffix, text, facts)
    if suffix in (".r", ".rmd", ".qmd") and ("library" in text or "require" in text or "::" in text):
        code = text_scans.comment_free(text)
        lines = text_scans.LineIndex(code)
        facts.r_libraries[rel] = [(m.group(1) or m.group(2), lines.line(m.start())) for m in R_LIBRARY.finditer(code)][:1000]
    if suffix in (".r", ".rmd", ".qmd", ".md", ".rst", ".txt") and ("install.packages" in text or "install_github" in text):
        lines = text_scans.LineIndex(text)
        installs = [(lines.line(m.start()), m.group(0)[:120]) for m in R_UNVERSIONED_INSTALL.finditer(text)
                    if not R_SNAPSHOT.search(m.group(0))]
        if installs:
            facts.r_installs[rel] = installs[:50]
    if suffix in OTHER_LANGUAGES and ("http" in text or "download" in text):
        code = text_scans.comment_free(text)
        lines = text_scans.LineIndex(code)
        found = [lines.line(m.start()) for m in OTHER_DOWNLOAD.finditer(code)]
        if found:
            facts.other_downloads[rel] = (found, OTHER_CHECKSUM.search(code) is not None)
    if suffix not in filetypes.PYTHON_SUFFIXES and (filetypes.is_code(file) or filetypes.is_config(file)) \
            and not is_dockerfile(name) and not spec_here:
        lines = text_scans.LineIndex(text)
        dead = _dead_blocks(text) if suffix in (".r", ".rmd") and "if" in text else []
        arguments = text.find("commandArgs(") if suffix in (".r", ".rmd") else -1
        if 0 <= arguments and text.count("\n", 0, arguments) < 100:
            dead.append((0, arguments))  # a script that starts by reading its arguments: paths above are its author's defaults
        facts.config_paths += [(rel, hit, lines) for hit in text_scans.absolute_paths(text)
                               if not any(start <= hit.position < end for start, end in dead)
                               and not (name in MAKEFILE_NAMES and _publishing(text, hit.position))]


R_DEAD = re.compile(r"\bif\s*\(\s*(?:0|FALSE|F|is\.null\([\w.$\[\]'\"]+\)|is\.na\([\w.$\[\]'\"]+\)|missing\(\w+\))\s*\)\s*\{")


def _dead_blocks(text: str) -> list[tuple[int, int]]:
    """R's `if (0) { ... }` and `if (FALSE) { ... }`: code kept for the author's own runs, never run."""
    blocks = []
    for match in R_DEAD.finditer(text):
        depth, position = 1, match.end()
        while depth and position < len(text):
            position = min((i for i in (text.find("{", position), text.find("}", position)) if i >= 0), default=len(text))
            if position < len(text):
                depth += 1 if text[position] == "{" else -1
                position += 1
        blocks.append((match.start(), position))
        if len(blocks) > 1000:
            break
    return blocks


PUBLISHING = re.compile(r"\b(?:rsync|scp|sftp|ssh|gsutil|aws\s+s3|ghp-import)\b")


def _publishing(text: str, position: int) -> bool:
    """A path in a Makefile that only a publishing step uses (DEST=/home/me/public_html for rsync): where results go
    on the author's server, not a file the computation reads."""
    start = text.rfind("\n", 0, position) + 1
    line = text[start:text.find("\n", position) if text.find("\n", position) >= 0 else len(text)]
    if PUBLISHING.search(line):
        return True
    variable = re.match(r"\s*([A-Za-z_][\w.-]*)\s*[:?+]?=", line)
    if not variable:
        return False
    uses = [m.start() for m in re.finditer(rf"\$[({{]{re.escape(variable.group(1))}[)}}]", text)]
    return any(PUBLISHING.search(text[text.rfind("\n", 0, u) + 1:text.find("\n", u)]) or PUBLISHING_TARGET.match(_rule_of(text, u))
               for u in uses)


PUBLISHING_TARGET = re.compile(r"^[\w.-]*(?:upload|publish|deploy|distrib|release|gh-pages|github)[\w.-]*\s*:")


def _rule_of(text: str, position: int) -> str:
    """The rule line a recipe line belongs to (the last line above it that does not start with a tab)."""
    end = text.rfind("\n", 0, position)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line and not line.startswith("\t"):
            return line
        end = start - 1
    return ""


def _lfs_pointer(file: ProjectFile) -> bool:
    try:
        return read_prefix(file, len(LFS_POINTER_PREFIX)) == LFS_POINTER_PREFIX
    except OSError:
        return False


def _read_notebook(file: ProjectFile, facts: ProjectFacts, reader: Reader) -> None:
    if file.size > NOTEBOOK_READ_LIMIT:
        facts.oversized_notebooks.append(file)
        return
    text = reader.text(file, NOTEBOOK_READ_LIMIT)
    if text is None:
        if file.rel not in facts.unread:
            facts.notebooks.append(Notebook(file.rel, None, "binary content, not a notebook"))
        return
    notebook = parse_notebook(file.rel, text)
    facts.notebooks.append(notebook)
    if notebook.cells is None:
        for hit in text_scans.secrets(notebook.raw_text):
            facts.secrets.append(SecretHit(file.rel, hit.kind, text_scans.LineIndex(notebook.raw_text).line(hit.position)))
        return
    if notebook.python.problem:
        reader.note(file.rel, notebook.python.problem)
    if notebook.code_cells and notebook.language not in ("python", ""):
        _read_notebook_code(notebook, facts)
    if notebook.code_cells and notebook.language in ("python", ""):
        facts.units.append(Unit(file.rel, notebook.python, notebook, filetypes.is_test(file.rel),
                                in_folders(file.rel, facts.nested_folders)))
    for cell in notebook.cells:
        documentation = cell.cell_type == "markdown"
        for text_part in [cell.source, *_text_outputs(cell)]:
            if not text_part:
                continue
            hits = text_scans.secrets(text_part, documentation=documentation)
            if hits:
                lines = text_scans.LineIndex(text_part)
                facts.secrets += [SecretHit(file.rel, hit.kind, lines.line(hit.position), cell.number) for hit in hits]


def _text_outputs(cell) -> list[str]:
    from tension_points.audit.parse.notebook import _join

    texts = []
    for output in cell.outputs:
        if not isinstance(output, dict):
            continue
        texts.append(_join(output.get("text", "")))
        data = output.get("data")
        if isinstance(data, dict):
            texts.append(_join(data.get("text/plain", "")))
    return [text for text in texts if text]


# Snakemake's container: / containerized: directives (and a rule's singularity:): the image every rule runs in.
WORKFLOW_IMAGE = re.compile(r"""(?m)^[ \t]*(?:container|containerized|singularity)[ \t]*:[ \t]*["']docker://([\w./-]+)(?::([\w.-]+))?""")


# dbt's data tests declared on models and columns (tests: or data_tests: with unique, not_null, relationships...):
# `dbt test` runs them.
DECLARED_TESTS = re.compile(r"(?m)^[ \t]+(?:data_)?tests:[ \t]*\n(?:[ \t]*\n)*[ \t]+-[ \t]*[\w.{]")


def is_snakefile(name: str) -> bool:
    return name == "Snakefile" or name.endswith(".smk")


def in_folders(rel: str, folders: list[str]) -> bool:
    if not folders:  # most projects have none: asked for every file and module, so no generator made for them
        return False
    return any(rel.startswith(folder + "/") for folder in folders)


RETIRED = re.compile(r"(?i)^(?:deprecated|archived?|legacy|obsolete|attic|retired|old_code|unused)$")


def _retired_folders(files: list[ProjectFile]) -> list[str]:
    """Folders the project marks as retired by name (inst/deprecated/, archive/): code kept, not run."""
    folders = set()
    for folder in {file.folder for file in files}:  # each folder once, not once per file in it
        parts = folder.split("/") if folder else []
        for depth, name in enumerate(parts):
            if RETIRED.match(name):
                folders.add("/".join(parts[: depth + 1]))
                break
    return sorted(folders)


PROJECT_FILES = frozenset({"pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "environment.yml", "Pipfile"})


def without_jinja(text: str) -> str:
    """A template's file with its Jinja markup set aside, lines kept where they were: {% %} and {# #} tags
    dropped (both branches of an if stay), {{ values }} replaced by a word."""
    text = JINJA_TAG.sub(lambda m: "\n" * m.group().count("\n"), text)
    return JINJA_VALUE.sub(lambda m: "template-value" + "\n" * m.group().count("\n"), text)


def template_folders(files: list[ProjectFile]) -> list[str]:
    """A template's folders named by Jinja ({{ cookiecutter.project_slug }}/), at the top or further down
    (default/{{ cookiecutter.name }}/ for a template with several variants)."""
    folders = set()
    for file in files:
        if "{" not in file.folder:
            continue
        parts = file.folder.split("/")
        for depth, part in enumerate(parts):
            if part.startswith(("{{", "{%")):
                folders.add("/".join(parts[: depth + 1]))
                break
    return sorted(folders)


def _nested_folders(files: list[ProjectFile]) -> list[str]:
    """Sub-projects whose code answers to their own declarations: an example or tutorial folder with its own
    pyproject.toml or requirements.txt (a template's {{ }} folders are added beside them)."""
    folders = {f.folder for f in files if f.folder and f.name in PROJECT_FILES and f.folder not in ("binder", ".binder")
                and f.folder.split("/")[-1] not in ("requirements", "env", "envs", "environment", "docker", "ci", ".ci")
                and not f.folder.startswith(("src", "docker", ".github"))}
    return sorted(folders)


GUIDE_SUFFIXES = (".md", ".markdown", ".rst", ".txt")
MAX_GUIDES = 20


def _guides(facts: ProjectFacts, reader: Reader) -> list[Readme]:
    """The documents a README names (docs/install.md, quick-start.md, dev/pip.md): where its instructions
    continue, read for their commands."""
    text = "\n".join(readme.text for readme in facts.readmes)
    if not text:
        return []
    guides = []
    for file in facts.files:
        if file.suffix in GUIDE_SUFFIXES and file not in facts.readme_files and file.rel in text \
                and not is_spec_name(file.name, file.folder) and len(guides) < MAX_GUIDES:
            guide_text = reader.text(file, limit=256 * 1024)
            if guide_text is not None:
                guides.append(parse_readme(file.rel, guide_text))
    return guides


def _installed_files(facts: ProjectFacts, reader: Reader) -> None:
    """Files the README or its guides install from whatever their name (pip install -r dev/freeze.pip, conda env
    create -f setup/env.yml) are specifications too."""
    from tension_points.audit.parse.commands import install_words

    for document in facts.readmes + facts.guides:
        for command in document.commands:
            words = install_words(command)
            creates = command.program in ("conda", "mamba", "micromamba") and "create" in command.words
            if words is None and not creates:
                continue
            words = words if words is not None else list(command.words)
            for index, word in enumerate(words[:-1]):
                if word not in ("-r", "--requirement", "-f", "--file") or (word == "-f" and not creates):
                    continue
                target = facts.file(words[index + 1].removeprefix("./"))
                if target is None or target.rel in facts.specs or in_folders(target.rel, facts.nested_folders):
                    continue
                text = reader.text(target)
                if text is not None:
                    kind = "conda" if creates or target.suffix in (".yml", ".yaml") else "requirements"
                    facts.specs[target.rel] = parse_spec(target.rel, text, installed_as=kind)


# --- Environments -----------------------------------------------------------------------
# A conda environment file by its shape, whatever its name (ci_dependencies.yml, conda_dependencies_scoring.yml):
# a top-level dependencies: list beside a name: or channels:.
CONDA_DEPENDENCIES = re.compile(r"(?m)^dependencies[ \t]*:[ \t]*(?:#.*)?$")
CONDA_HEADER = re.compile(r"(?m)^(?:name|channels)[ \t]*:")


def _named_environment_files(facts: ProjectFacts, referencing: dict[str, str]) -> None:
    """Conda environment files under any name that the project uses: installed by a Dockerfile, CI, a Makefile or
    a script (conda env create -f ci_dependencies.yml), named by its code (an Azure ML
    Environment.from_conda_specification reading conda_dependencies.yml) or by the README and its guides. Each is
    read as a specification; what installs it (CI, a script, the code) is a builder of its own."""
    if not facts.conda_candidates:
        return
    ci_files = {config.rel for config in facts.ci}
    builders = [(source, text) for source, text in referencing.items()
                if source in ci_files or source.rsplit("/", 1)[-1] in MAKEFILE_NAMES or is_dockerfile(source.rsplit("/", 1)[-1])]
    builders += [(rel, "\n".join(c.text for c in found)) for rel, found in facts.scripts.items()]
    documents = [(source, text) for source, text in referencing.items() if (source, text) not in builders]
    documents += [(readme.rel, readme.text) for readme in facts.guides]
    strings: dict[str, str] = {}
    for unit in facts.code_units:
        for value, line in unit.python.strings:
            if len(value) < 200 and value.endswith((".yml", ".yaml")):
                strings.setdefault(value.rsplit("/", 1)[-1], f"{unit.rel}:{line}")

    def naming(sources: list[tuple[str, str]], rel: str) -> str:
        base = rel.rsplit("/", 1)[-1]
        by_path = next((source for source, text in sources if source != rel and _names(text, rel, source)), "")
        return by_path or next((source for source, text in sources if source != rel and re.search(
            rf"(?<![\w.-]){re.escape(base)}(?![\w-])", text)), "")

    for rel, text in facts.conda_candidates.items():
        base = rel.rsplit("/", 1)[-1]
        builder = naming(builders, rel)
        if builder:
            why, environment = f"installed by {builder}", ("CI" if builder in ci_files else "a script", builder)
        elif base in strings:
            why, environment = f"named in the code ({strings[base]})", ("the code", strings[base])
        else:
            document = naming(documents, rel)
            why, environment = (f"named in {document}", None) if document else ("", None)
        if not why:
            continue
        spec = parse_spec(rel, text, installed_as="conda")
        if spec.problem or not (spec.requirements or spec.python):
            continue
        facts.specs[rel] = spec
        facts.used_specs[rel] = why
        facts.role_environments.add(rel)
        if environment is not None and not is_dockerfile(environment[1].rsplit("/", 1)[-1]):  # a Dockerfile makes its own
            facts.environments.append(Environment(f"{environment[0]} ({environment[1]})", [rel], "a conda environment file"))


def _in_builder_folder(rel: str) -> bool:
    folder = rel.rpartition("/")[0]
    return folder in ("", "binder", ".binder")


def _environments(facts: ProjectFacts, referencing: dict[str, str]) -> None:
    """Which specification files the project uses, and what Binder, MLflow, Docker and CI would install."""
    workflows = [text for source, text in referencing.items() if is_snakefile(source.rsplit("/", 1)[-1])]
    facts.rule_environments = _rule_environments(facts, referencing)
    for rel, spec in facts.specs.items():
        if spec.problem:
            continue
        folder = rel.rpartition("/")[0]
        if _in_builder_folder(rel):
            facts.used_specs[rel] = "where builders look"
        elif folder.split("/")[-1] == "requirements":
            facts.used_specs[rel] = "in the requirements/ folder"
        elif is_dockerfile(rel.rsplit("/", 1)[-1]) and not NOT_PROJECT_FOLDERS.search(rel) and not in_folders(rel, facts.nested_folders):
            facts.used_specs[rel] = "a Dockerfile"
        elif (is_rule_environment(rel) and any(f"envs/{rel.rsplit('/', 1)[-1]}" in text for text in workflows)) \
                or rel in facts.rule_environments:
            facts.used_specs[rel] = "a Snakemake rule's conda environment"  # conda: "../envs/x.yml" from rules/
    for _ in range(2):  # twice, so that a file named by a named file (-r base.txt) is found too
        for rel in facts.specs:
            if rel in facts.used_specs:
                continue
            for source, text in referencing.items():
                if source != rel and (source in facts.used_specs or source not in facts.specs) and _names(text, rel, source):
                    facts.used_specs[rel] = f"named in {source}"
                    break
            else:
                for source, spec in facts.specs.items():
                    if source in facts.used_specs and any(resolves(include, source, rel) for include in spec.includes):
                        facts.used_specs[rel] = f"named in {source}"
                        break
                    if source in facts.used_specs and spec.environment_file and resolves(spec.environment_file, source, rel):
                        facts.used_specs[rel] = f"named in {source}"
                        break
    for rel, spec in facts.specs.items():  # unreadable specifications are still the project's: report them
        if spec.problem and (_in_builder_folder(rel) or rel.rpartition("/")[0].endswith("requirements")):
            facts.used_specs.setdefault(rel, "where builders look")
    _binder(facts)
    _other_builders(facts)


# A rule's conda: directive naming a file (conda: "../env/x.yaml"), not a named environment (conda: "myenv").
CONDA_DIRECTIVE = re.compile(r"^[ \t]*conda:[ \t]*(?:\n[ \t]*)?[\"']([^\"'\n]+\.ya?ml)[\"']", re.MULTILINE)


def _rule_environments(facts: ProjectFacts, referencing: dict[str, str]) -> set[str]:
    """Conda files that a Snakefile's rules name in conda:: snakemake --use-conda builds each for its rule alone.
    Snakemake resolves the path from the folder of the file that defines the rule; the top is tried too."""
    found = set()
    for source, text in referencing.items():
        if not is_snakefile(source.rsplit("/", 1)[-1]):
            continue
        for named in CONDA_DIRECTIVE.findall(text):
            found.update(rel for rel in facts.specs if resolves(named, source, rel) or resolves(named, "Snakefile", rel))
    return found


def _names(text: str, rel: str, source: str) -> bool:
    """Does ``source`` name ``rel`` by its path (from the top, or from the source's own folder)?"""
    if rel in text:
        return True
    folder = source.rpartition("/")[0]
    if folder and rel.startswith(folder + "/"):
        relative = rel[len(folder) + 1:]
        return re.search(rf"(?<![\w/.-]){re.escape(relative)}(?![\w-])", text) is not None
    return False


def resolves(named: str, source: str, rel: str) -> bool:
    import posixpath

    folder = source.rpartition("/")[0]
    return posixpath.normpath(posixpath.join(folder, named)) == rel or named == rel


def _binder(facts: ProjectFacts) -> None:
    """Binder (repo2docker): binder/ or .binder/ first, else the top; the first build pack that matches wins."""
    builder_files = [rel for rel in facts.specs if _in_builder_folder(rel)]
    has_binder = any(rel.startswith("binder/") for rel in builder_files)
    has_dotbinder = any(rel.startswith(".binder/") for rel in builder_files)
    if has_binder and has_dotbinder:
        facts.binder_problem = "both binder/ and .binder/ exist; Binder refuses to build"
    folder = ".binder" if has_dotbinder else "binder" if has_binder else ""
    names = {rel.rsplit("/", 1)[-1]: rel for rel in builder_files if rel.rpartition("/")[0] == folder}
    runtime = facts.specs[names["runtime.txt"]].python if "runtime.txt" in names else ""
    runtime_r = "runtime.txt" in names and not runtime and facts.file(names["runtime.txt"]) is not None
    used: list[str] = []
    if "Dockerfile" in names:
        facts.binder_pack, used = "Dockerfile", ["Dockerfile"]
    else:
        if "Project.toml" in names or "REQUIRE" in names:
            facts.binder_pack, used = "Julia", ["Project.toml", "Manifest.toml", "REQUIRE"]
        elif "default.nix" in names:
            facts.binder_pack, used = "Nix", ["default.nix"]
        elif runtime_r or "DESCRIPTION" in names or "install.R" in names:
            facts.binder_pack, used = "R", ["runtime.txt", "DESCRIPTION", "install.R", "requirements.txt"]
        elif "environment.yml" in names or "environment.yaml" in names:
            facts.binder_pack, used = "conda", ["environment.yml", "environment.yaml", "runtime.txt"]
        elif "Pipfile" in names or "Pipfile.lock" in names:
            facts.binder_pack, used = "Pipfile", ["Pipfile.lock" if "Pipfile.lock" in names else "Pipfile", "runtime.txt"]
        elif "requirements.txt" in names or runtime or (folder == "" and "setup.py" in names):
            facts.binder_pack, used = "pip", ["requirements.txt", "runtime.txt"] + (["setup.py"] if folder == "" else [])
        elif "pyproject.toml" in names:
            facts.binder_pack, used = "pyproject (recent repo2docker)", ["pyproject.toml"]
        used = used + ["apt.txt", "postBuild"]
    facts.binder_files = [names[name] for name in used if name in names]
    facts.binder_ignored = [rel for rel in builder_files if rel not in facts.binder_files
                            and not rel.endswith(".python-version")]
    environment = Environment("Binder", _with_includes(facts, facts.binder_files), f"{facts.binder_pack} build pack"
                              if facts.binder_pack else "nothing to build from")
    facts.binder_ignored = [rel for rel in facts.binder_ignored if rel not in environment.files]
    facts.environments.append(environment)


def _with_includes(facts: ProjectFacts, files: list[str]) -> list[str]:
    """The files, each followed by what it pulls in (-r base.txt, -e . as the package metadata)."""
    result: list[str] = []
    pending = list(files)
    while pending:
        rel = pending.pop(0)
        if rel in result or rel not in facts.specs:
            continue
        result.append(rel)
        spec = facts.specs[rel]
        for include in spec.includes:
            pending += [other for other in facts.specs if resolves(include, rel, other)]
        if spec.installs_project:
            folder = rel.rpartition("/")[0]
            folder = "" if folder in ("binder", ".binder") else folder
            pending += [f"{folder}/{n}" if folder else n for n in ("pyproject.toml", "setup.py", "setup.cfg")]
    return result


def _installed_by(facts: ProjectFacts, command: Command) -> list[str]:
    """The specification files one install command reads: pip install -r X, pip install -e DIR (its package
    metadata), conda env create -f X."""
    from tension_points.audit.parse.commands import install_words

    words = install_words(command)
    folder = command.folder if command.folder in facts.local_folders else ""  # cd into the clone: the project's top
    found: list[str] = []
    if words is not None:
        for index, word in enumerate(words):
            if word in ("-r", "--requirement", "-f", "--file", "-c", "--constraint") and index + 1 < len(words):
                found += [rel for rel in facts.specs if resolves(words[index + 1], folder + "/x" if folder else "", rel)]
            elif not word.startswith("-") and (word in (".", "./") or word.startswith(("./", "../")) or word.rstrip("/") in facts.local_folders):
                target = word.rstrip("/") if word not in (".", "./") else ""
                base = "/".join(p for p in (folder, target) if p)
                found += [f"{base}/{n}" if base else n for n in ("pyproject.toml", "setup.py", "setup.cfg")
                          if (f"{base}/{n}" if base else n) in facts.specs]
    elif command.program in ("conda", "mamba", "micromamba") and ("create" in command.words or "update" in command.words):
        for index, word in enumerate(command.words):
            if word in ("-f", "--file") and index + 1 < len(command.words):
                found += [rel for rel in facts.specs if resolves(command.words[index + 1], folder + "/x" if folder else "", rel)]
    return found


def _other_builders(facts: ProjectFacts) -> None:
    for rel, spec in facts.specs.items():
        if spec.kind == "mlproject" and spec.environment_file:
            environment_file = next((other for other in facts.specs if resolves(spec.environment_file, rel, other)), None)
            if environment_file:
                facts.used_specs.setdefault(environment_file, f"named in {rel}")
                facts.environments.append(Environment(f"MLflow ({rel})", _with_includes(facts, [environment_file])))
        elif spec.kind == "dockerfile" and rel in facts.used_specs:
            installed = [other for include in spec.includes for other in facts.specs if resolves(include, "", other)
                         or resolves(include, rel, other)]
            installed += [n for n in ("pyproject.toml", "setup.py", "setup.cfg") if spec.installs_project and n in facts.specs]
            facts.environments.append(Environment(f"Docker ({rel})", [rel] + _with_includes(facts, installed)))
    for readme in facts.readmes + facts.guides:  # a reader following the README (and the guides it names) is a builder too
        installed = []
        for command in readme.commands:
            installed += _installed_by(facts, command)
        if installed:
            files = _with_includes(facts, list(dict.fromkeys(installed)))
            for rel in files:
                facts.used_specs.setdefault(rel, f"installed by {readme.rel}")
            builder = f"README ({readme.rel})" if readme in facts.readmes else f"a guide the README names ({readme.rel})"
            facts.environments.append(Environment(builder, files))
    for config in facts.ci:
        installed = []
        for command in config.commands:
            words = command.words
            for index, word in enumerate(words):
                if word in ("-r", "--requirement", "-f", "--file") and index + 1 < len(words):
                    installed += [other for other in facts.specs if resolves(words[index + 1], command.folder or "", other)]
            if any(w in (".", "-e.", "./") for w in words) and ("install" in words):
                installed += [n for n in ("pyproject.toml", "setup.py", "setup.cfg") if n in facts.specs]
        if installed:
            for rel in installed:
                facts.used_specs.setdefault(rel, f"installed by {config.rel}")
            facts.environments.append(Environment(f"CI ({config.rel})", _with_includes(facts, installed)))


# --- Names, helpers, data, kind ----------------------------------------------------------
GENERATED_SUFFIXES = ("_pb2", "_pb2_grpc", "_pb2_grpc", "_grpc")


def _file_names(files: list[ProjectFile]) -> set[str]:
    """Folder names and module stems: what the project's own imports look like."""
    names = set()
    for folder in {file.folder for file in files}:  # each folder once, not once per file in it
        if folder:
            names.update(folder.split("/"))
    for file in files:
        if file.suffix in (".py", ".pyx", ".so", ".pyd", ".proto"):
            names.add(file.name.split(".", 1)[0])
    return names


def _local_names(facts: ProjectFacts) -> set[str]:
    """The project's own modules and packages: folder names, module stems, files notebooks write,
    and modules made by a build step (protobuf's *_pb2 next to a .proto, names the .gitignore keeps out)."""
    names = set(facts.module_names)
    facts.shadowing = _shadowing_modules(facts)
    names -= set(facts.shadowing.values())  # import xgboost in xgboost.py means the package: undeclared if nothing declares it
    for notebook in facts.notebooks:
        for cell in notebook.cells or []:
            if cell.written_file.endswith(".py"):
                names.add(cell.written_file.rsplit("/", 1)[-1][:-3])
    return names


def _shadowing_modules(facts: ProjectFacts) -> dict[str, str]:
    """Modules named like a package they import themselves (models/xgboost.py doing `import xgboost`): the import
    means the package, yet run from its folder (or with the folder on the path) it finds the file itself. Only
    where no folder and no other module of the project bears the name. {module: name}"""
    found: dict[str, str] = {}
    importing_itself = []  # modules importing their own name, first (most import none: no pass over the files then)
    for unit in facts.units:
        if unit.notebook is not None or not unit.rel.endswith(".py"):
            continue
        stem = unit.rel.rsplit("/", 1)[-1][:-3]
        if stem in unit.imported_tops:  # the set the checks ask for too, made once per module
            importing_itself.append((unit.rel, stem))
    if not importing_itself:
        return found
    stems: dict[str, int] = {}
    for file in facts.files:
        if file.suffix == ".py":
            stems[file.name[:-3]] = stems.get(file.name[:-3], 0) + 1
    folders = {part for f in facts.files for part in f.rel.split("/")[:-1]}
    for rel, stem in importing_itself:
        if stem in ALWAYS_THERE or stem in folders or stems.get(stem, 0) != 1:
            continue
        found[rel] = stem
    return found


def is_generated_module(name: str, facts: ProjectFacts) -> bool:
    if name.endswith(GENERATED_SUFFIXES) and (bool(facts.files_of(suffixes=(".proto",))) or "pb2" in facts.gitignore):
        return True
    if facts.gitignore and name in facts.gitignore:
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(facts.gitignore.splitlines())
        return spec.match_file(f"{name}.py") or spec.match_file(f"{name}/__init__.py")
    return False


class Seeding:
    """Where the project seeds, worked out once: its own functions that seed (directly or through others,
    across modules), and for each module the generators an entry point seeds before calling into it
    (a training script that seeds, then builds models from modules that draw only inside functions)."""

    def __init__(self, facts: ProjectFacts):
        from tension_points.audit.knowledge.randomness import seed_family

        self.units = [u for u in facts.units if u.python.calls or u.python.imports or u.python.local_imports]
        self._python_units = [u for u in facts.units if u.notebook is None and u.rel.endswith(".py")]
        self.by_path = {u.rel: u for u in self._python_units}
        self._modules: dict[str, Unit] | None = None  # worked out when first asked (a tree of modules that call nothing never asks)
        self._bring_star_imports(facts.units)
        self.helpers: dict[tuple[str, str], set[str]] = {}
        edges: dict[tuple[str, str], set[tuple[str, str]]] = {}
        for unit in self.units:
            for name, call in unit.resolved:
                if call.scope is None:
                    continue
                key = (unit.rel, call.scope)
                families = seed_family(name, call)
                if families:
                    self.helpers.setdefault(key, set()).update(families)
                target = self._function(unit, name, call)
                if target is not None and target != key:
                    edges.setdefault(key, set()).add(target)
        for _ in range(10):  # seeding through other functions: seed_all() calls set_seeds() calls np.random.seed
            changed = False
            for caller, callees in edges.items():
                gained = set().union(*(self.helpers.get(callee, set()) for callee in callees)) - self.helpers.get(caller, set())
                if gained:
                    self.helpers.setdefault(caller, set()).update(gained)
                    changed = True
            if not changed:
                break
        self._edges = edges
        self._covered = self._entry_coverage(facts)
        self._keras_units, self._keras_specs = facts.units, [*facts.specs.values(), *facts.sub_specs.values()]
        self._keras_from_numpy: bool | None = None
        self._before_use: dict[str, set[str]] = {}
        self._before_call: dict[tuple[str, str], set[str]] = {}
        self._used_by_seeding: dict[str, set[str]] = {}
        for entry in facts.units:  # a library's functions are called by its users, not by its example notebooks
            if entry.notebook is not None and not entry.test and not facts.kind.library:
                self._notebook_coverage(entry)

    @property
    def modules(self) -> dict[str, Unit]:
        """Each module by every dotted name it can be imported as (a/b/c.py: a.b.c, b.c, c), the shallowest first."""
        if self._modules is None:
            self._modules = {}
            for unit in sorted(self._python_units, key=lambda u: u.rel.count("/")):
                dotted = unit.rel[:-3].removesuffix("/__init__").replace("/", ".")
                parts = dotted.split(".")
                for start in range(len(parts)):
                    self._modules.setdefault(".".join(parts[start:]), unit)
        return self._modules

    def _bring_star_imports(self, units: list[Unit]) -> None:
        """``from cs231n.layers import *`` brings that module's own imports too: a notebook calling torch.manual_seed
        with torch imported only there calls torch's (its own imports come first)."""
        for unit in units:
            for star in unit.python.star_modules:
                target = self._module(star, unit)
                if target is None or target is unit:
                    continue
                for alias, full in target.python.aliases.items():
                    if not alias.startswith("_") and alias not in unit.defined:
                        unit.python.aliases.setdefault(alias, full)
                unit._resolved = None

    def _module(self, module: str, importer: Unit) -> Unit | None:
        """The project module a dotted name imports: the one under the importer's folder or a folder above it
        first (three assignments each with their own cs231n/), else the one whose path ends so."""
        folders = importer.rel.split("/")[:-1]
        path = module.replace(".", "/")
        for depth in range(len(folders), -1, -1):
            base = "/".join([*folders[:depth], path])
            unit = self.by_path.get(base + ".py") or self.by_path.get(base + "/__init__.py")
            if unit is not None:
                return unit
        return self.modules.get(module)

    def _defining(self, unit: Unit, name: str, written: str, names: str = "functions") -> Unit | None:
        """The project module that defines what a call names (a function, or a class too when names is "both"),
        by its import, or for a bare name (as ``written``) by whichever of the unit's star imports defines it."""
        module, _, last = name.rpartition(".")
        target = self._module(module, unit) if module else None
        if target is not None and _defines(target, last, names):
            return target
        if "." not in written and written not in unit.python.aliases and written not in unit.defined:
            for star in reversed(unit.python.star_modules):  # from a import *; from b import *: the name is one of them
                target = self._module(star, unit)
                if target is not None and _defines(target, written, names):
                    return target
        return None

    def _called_function(self, unit: Unit, name: str, written: str) -> tuple[str, str] | None:
        """The project function a notebook's call runs: a function, a class (its __init__), or a method of an
        instance the notebook made (``diffusion = GaussianDiffusion(...)``; ``diffusion.p_sample(x, t)``)."""
        target = self._defining(unit, name, written, names="both")
        if target is not None:
            last = name.rpartition(".")[2]
            return (target.rel, "__init__" if last in target.python.classes else last)
        instance, _, method = written.partition(".")
        made = unit.python.assignments.get(instance)
        if method and "." not in method and made is not None and made.kind == "call" and made.name:
            owner = self._defining(unit, unit.resolve(made.name), made.name, names="both")
            if owner is not None and method in owner.python.functions:
                return (owner.rel, method)
        return None

    def _function(self, unit: Unit, name: str, call: Call) -> tuple[str, str] | None:
        """The project function a call runs: one of the unit's own, or one imported from a project module."""
        head, _, last = call.name.rpartition(".")
        if head in ("", "self", "cls") and last in unit.python.functions:
            return (unit.rel, last)
        target = self._defining(unit, name, call.name)
        return (target.rel, name.rpartition(".")[2]) if target is not None else None

    @property
    def keras_from_numpy(self) -> bool:
        """The project's keras is the multi-backend one (before 2.4), whose layers take their seeds from NumPy."""
        if self._keras_from_numpy is None:
            from tension_points.audit.knowledge.randomness import multi_backend_keras

            self._keras_from_numpy = multi_backend_keras(self._keras_units, self._keras_specs)
        return self._keras_from_numpy

    def helper_families(self, unit: Unit, name: str, call: Call) -> tuple[str, ...]:
        if name.split(".", 1)[0] in ("numpy", "random", "torch", "tensorflow", "sklearn"):
            return ()
        target = self._function(unit, name, call)
        return tuple(self.helpers.get(target, ())) if target is not None else ()

    def covered_families(self, unit: Unit) -> frozenset[str]:
        """The generators an entry point importing this module seeds before its functions run (a training
        script seeds, then calls into the project's modules; another script may load trained weights and
        seed nothing, which does not make the training unseeded), a notebook before its first call into it."""
        return frozenset().union(*self._covered.get(unit.rel, []), self._before_use.get(unit.rel, ()))

    def function_covered(self, unit: Unit, scope: str | None) -> frozenset[str]:
        """What a notebook seeds before its first call of a function that runs this one (the diffusion's sampler
        called after the seed, though its constructor ran before)."""
        return frozenset(self._before_call.get((unit.rel, scope), ())) if scope is not None else frozenset()

    def constructions_covered(self, unit: Unit) -> frozenset[str]:
        """What the notebooks that use this module seed anywhere: its layers start random where its model is
        trained, and a notebook seeds before it trains (a shape check before the seed trains nothing)."""
        return frozenset(self._used_by_seeding.get(unit.rel, ()))

    @property
    def seeded_anywhere(self) -> frozenset[str]:
        """What any entry point seeds: a model's layers start random where the model is trained, and the
        training script that seeds torch seeds them wherever the model's classes are written."""
        return frozenset().union(*(families for entries in self._covered.values() for families in entries), self._entry_seeds)

    def _notebook_coverage(self, entry: Unit) -> None:
        """A notebook is the entry point of the modules it calls into: what it seeds (itself or through a
        project helper) before its first call into a module covers that module's functions, and the modules
        that one imports."""
        from tension_points.audit.knowledge.randomness import seed_family

        seeds: list[tuple[int, tuple[str, ...]]] = []
        first_use: dict[str, int] = {}
        first_call: dict[tuple[str, str], int] = {}
        for name, call in entry.resolved:
            families = seed_family(name, call) or self.helper_families(entry, name, call)
            if families and call.scope is None:
                seeds.append((call.line, families))
            function = self._called_function(entry, name, call.name)
            if function is not None and function[0] != entry.rel:
                first_use.setdefault(function[0], call.line)
                first_call.setdefault(function, call.line)
        if not seeds:
            return
        self._calls_after_seeds(first_call, seeds)
        reached: dict[str, int] = {}
        for rel, line in sorted(first_use.items(), key=lambda item: item[1]):
            pending = [self.by_path[rel]]
            while pending:
                module = pending.pop()
                if module.rel in reached:
                    continue
                reached[module.rel] = line
                pending.extend(self._imported_units(module))
        everything = {family for _, families in seeds for family in families}
        for rel, line in reached.items():
            self._before_use.setdefault(rel, set()).update(f for seeded, families in seeds if seeded < line for f in families)
            self._used_by_seeding.setdefault(rel, set()).update(everything)

    def _calls_after_seeds(self, first_call: dict[tuple[str, str], int], seeds: list[tuple[int, tuple[str, ...]]]) -> None:
        """For each project function a notebook runs (itself or through the functions it calls), what the
        notebook seeded before the first call that runs it."""
        reached: dict[tuple[str, str], int] = {}
        for function, line in sorted(first_call.items(), key=lambda item: item[1]):
            pending = [function]
            while pending:
                current = pending.pop()
                if current in reached:
                    continue
                reached[current] = line
                pending.extend(self._edges.get(current, ()))
        for function, line in reached.items():
            self._before_call.setdefault(function, set()).update(f for seeded, families in seeds if seeded < line for f in families)

    def _imported_units(self, unit: Unit) -> list[Unit]:
        found = []
        for item in unit.python.imports:
            target = self._module(item.module, unit) or self._module(item.module.rsplit(".", 1)[0], unit)
            if target is not None:
                found.append(target)
        folder = unit.rel.rsplit("/", 1)[0] if "/" in unit.rel else ""
        for level, module in unit.python.local_imports:
            base = folder.split("/") if folder else []
            base = base[: len(base) - (level - 1)] if level > 1 else base
            dotted = ".".join([*base, module]) if base else module
            target = self.modules.get(dotted) or self.modules.get(dotted.rsplit(".", 1)[0])
            if target is not None:
                found.append(target)
        return found

    def _entry_coverage(self, facts: ProjectFacts) -> dict[str, list[frozenset[str]]]:
        """For each module, what each entry point (a script with a main guard) importing it,
        transitively, seeds: its functions draw only after the entry point has run that far."""
        covered: dict[str, list[frozenset[str]]] = {}
        self._entry_seeds: frozenset[str] = frozenset()
        for entry in facts.units:
            if entry.test or entry.notebook is not None or not entry.python.main_guard:
                continue  # a notebook seeds cell by cell, not once before it calls into the project's modules
            families: set[str] = set()
            from tension_points.audit.knowledge.randomness import seed_family

            for name, call in entry.resolved:
                families.update(seed_family(name, call) or self.helper_families(entry, name, call))
            self._entry_seeds |= families
            pending, seen = self._imported_units(entry), {entry.rel}
            while pending:
                module = pending.pop()
                if module.rel in seen:
                    continue
                seen.add(module.rel)
                covered.setdefault(module.rel, []).append(frozenset(families))
                pending.extend(self._imported_units(module))
        return covered


def _defines(unit: Unit, name: str, names: str) -> bool:
    return name in unit.python.functions or (names == "both" and name in unit.python.classes)


def _data_folders(facts: ProjectFacts) -> dict[str, list[ProjectFile]]:
    """The outermost folders named data/, dataset/, datasets/ or input/ holding data files (not test fixtures)."""
    folders: dict[str, list[ProjectFile]] = {}
    for file in facts.files:
        lowered = file.rel.lower()
        if "/" not in lowered or ("data" not in lowered and "input" not in lowered):
            continue
        parts = file.rel.split("/")[:-1]
        if in_folders(file.rel, facts.retired):
            continue
        for depth, name in enumerate(parts):
            if name.lower() in DATA_FOLDER_NAMES:
                if filetypes.is_test(file.rel):
                    break
                folders.setdefault("/".join(parts[: depth + 1]), []).append(file)
                break
    return {name: files for name, files in folders.items()
            if any(is_data_file(f) or f.rel in facts.lfs_pointers for f in files)}


DATA_STAGE = re.compile(r"(?:^|/)(?:raw|processed|interim|external|\d\d_\w+)/")


# Hand-written rule files (mis_spelling.rule: "begginers->beginners", a tokenizer's .rules): the authors' own
# configuration, applied by their code, with no source, licence or checksum to record.
RULE_SUFFIXES = frozenset({".rule", ".rules"})


# R packages installed at no version: install.packages(...) from a repository that is not a dated snapshot (a Posit
# Package Manager or MRAN date), install_github("owner/repo") with no @ref or ref=.
R_UNVERSIONED_INSTALL = re.compile(r"\binstall\.packages\([^\n)]{0,300}\)?|\binstall_github\(\s*[\"'][\w.-]+/[\w.-]+[\"']"
                                   r"(?![^\n)]{0,200}\bref\s*=)")
R_SNAPSHOT = re.compile(r"(?:packagemanager|mran)[\w./:-]*/\d{4}-\d{2}-\d{2}|snapshot")


def _script_commands(text: str) -> list:
    """A shell script's commands, each with the folder it runs in: a cd on a line of its own holds for the lines
    after it (cd utils, then python cv4stack.py runs utils/cv4stack.py); a cd to somewhere unknown makes it "?"."""
    found, folder = [], ""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        moved = CD_LINE.match(stripped)
        if moved:
            target = moved.group(1).strip("'\"")
            folder = "?" if folder == "?" or any(mark in target for mark in "$~`*{") or target.startswith("/") \
                else posixpath.normpath(posixpath.join(folder, target))
            folder = "" if folder == "." else folder
            continue
        found += commands(line, number, folder) if folder != "?" else [
            dataclasses.replace(c, folder="?") for c in commands(line, number)]
    return found


CD_LINE = re.compile(r"^cd[ \t]+(\S+)[ \t]*;?$")


def is_data_file(file: ProjectFile) -> bool:
    """A file in a data folder that is neither code, documentation, configuration nor Git's own: data, whatever
    its suffix (cora.cites); configuration-looking files too in a dataset's stage folder (data/01_raw/stopwords.yml)."""
    if filetypes.is_data(file):
        return True
    if filetypes.is_code(file) or file.suffix in CODE_SUFFIXES or filetypes.is_documentation(file) or file.name.startswith(".") \
            or file.suffix in (".md", ".json", ".css", ".svg", ".html", ".htm", ".toml", ".lock", ".cfg", ".ini") \
            or file.suffix in RULE_SUFFIXES:
        return False
    return not filetypes.is_config(file) or bool(DATA_STAGE.search(file.rel))


# What a README's opening says the project is: teaching material (whose notebooks are read one by one), and
# among it the kinds others cite (a book, a course); words that say there is a paper behind the code.
TEACHING_WORDS = re.compile(r"\b(?:courses?|lectures?|(?:text)?books?|tutorials?|workshops?|exercises|cookbook|lessons|chapters"
                            r"|curriculum|bootcamp|class notes)\b", re.IGNORECASE)
CITED_TEACHING = re.compile(r"\b(?:courses?|lectures?|(?:text)?books?)\b", re.IGNORECASE)
# What makes a paper the project's own, not a source it uses ("the study ... by O'Driscoll et al", "data from a journal"):
# its own words (code of the paper, our paper, the official implementation, please cite), a BibTeX entry, or an arXiv
# or DOI link in its opening.
OWN_PUBLICATION = re.compile(
    r"\b(?:code|implementation|repository|repo|companion|accompan\w*|supplement\w*|replication|reproduc\w*)\b[^.\n]{0,40}?"
    r"\b(?P<word>paper|article|preprint|publication|thesis|manuscript)\b"
    r"|\b(?:our|this|the accompanying|the companion|the associated)[ \t]+(?P<own>paper|article|preprint|publication|thesis|manuscript)\b"
    r"|\b(?P<official>official[ \t]+(?:\w+[ \t]+)?implementation)\b|\b(?P<cite>please cite|if you (?:use|find)[^.\n]{0,80}\bcit\w+)"
    r"|(?P<bibtex>@(?:article|inproceedings|misc|book|techreport)\s*\{)", re.IGNORECASE)
OPENING_LINK = re.compile(r"(?P<link>arxiv\.org|doi\.org/|\bdoi:)", re.IGNORECASE)
OPENING_CHARACTERS = 1500


def readme_opening(facts: ProjectFacts) -> str:
    """The README's first words, without badges and links' addresses: where it says what the project is
    (in its own words: not an epigraph it quotes, nor what it says it is not)."""
    text = facts.readmes[0].text[:OPENING_CHARACTERS * 3] if facts.readmes else ""
    text = re.sub(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)", " ", text)
    return affirmed(text)[:OPENING_CHARACTERS]


# "What this repo is not:" and the list under it; "not a tutorial", "isn't a book": what a README denies being.
NEGATED_HEADING = re.compile(r"(?i)(?:\bnot|n't)(?![a-z])[_*\s]*:[_*\s]*$")
NEGATED_WORDS = re.compile(r"(?i)(?:\b(?:not|never)|n't)(?![a-z])[_*]*[ \t]+(?:(?:an?|the|just|only|meant|intended|as|for|really|merely)[ \t]+)*[\w-]+")
LIST_LINE = re.compile(r"^(?:[-*+]|\d+[.)])\s")
# An epigraph written without a blockquote: *"Words."* — Author, in the book X
ATTRIBUTED_QUOTE = re.compile(r"^[*_]*[\"“][^\"”]{10,}[\"”][*_]*[ \t]*(?:[-–—]{1,2}|―)[ \t]*\S")


def affirmed(text: str) -> str:
    """A README's text without what someone else says (a quoted epigraph: "... in the book X") and without
    what it says the project is not, so that the words left describe the project."""
    kept, denying = [], False
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(">") or ATTRIBUTED_QUOTE.match(stripped):
            continue  # a quotation: another's words, another's book
        if denying and stripped and (LIST_LINE.match(stripped) or line[:1] in (" ", "\t")):
            continue
        denying = bool(NEGATED_HEADING.search(stripped))
        if not denying:
            kept.append(NEGATED_WORDS.sub(" ", line))
    return "\n".join(kept)


def _kind(facts: ProjectFacts) -> ProjectKind:
    """What the project is, decided once: every check asks this, none decides it again."""
    if facts.template_folders or any(marker in facts.top_level for marker in TEMPLATE_MARKERS):
        return ProjectKind("template", "a project template (cookiecutter or copier): its own code is the generator")
    if not facts.has_code:
        return ProjectKind("no code", "no code or notebooks to run")
    opening = readme_opening(facts)
    readme = facts.readmes[0].text if facts.readmes else ""
    research = OWN_PUBLICATION.search(readme) or OPENING_LINK.search(opening)
    word = next((value for value in research.groupdict().values() if value), "") if research else ""
    citable = f"its README refers to a publication: {word.strip()}" if research else ""
    package = next((spec for rel, spec in facts.specs.items() if spec.package and "/" not in rel), None)
    markers = _analysis_markers(facts)
    published = package is not None and _installed_by_name(facts, package.package)
    if package is not None and (not markers or published):
        why = (f"package metadata ({package.rel}) and the README installs it from the package index" if published and markers
               else f"package metadata ({package.rel}) and no notebooks, data or deployment files")
        return ProjectKind("library", why + ": version ranges are right and no pins or lock file are asked for",
                           citable or "a library others build on")
    teaching = TEACHING_WORDS.search(opening)
    if teaching and (facts.notebooks or not markers):
        cited = CITED_TEACHING.search(opening)
        return ProjectKind("teaching material", f"its README calls it {teaching.group().lower()} material: notebooks and "
                                                "examples read one by one, in the order the README gives",
                           citable or (f"a {cited.group().lower().rstrip('s')} others may cite" if cited else ""))
    if package is not None:
        return ProjectKind("application", f"package metadata ({package.rel}), used for an analysis or an application "
                                          f"({', '.join(markers[:3])})", citable)
    return ProjectKind("application", "an analysis or an application (no package metadata)", citable)


def _installed_by_name(facts: ProjectFacts, package: str) -> bool:
    """Does the README tell readers to `pip install NAME` (or conda's) with the package's own name: a published library."""
    from packaging.utils import canonicalize_name

    name = canonicalize_name(package) if package and not package.startswith("(") else ""
    for readme in facts.readmes:
        for command in readme.commands:
            words = [w for w in (command.words[2:] if command.words[1:2] == ("install",) else ()) if not w.startswith("-")]
            if command.program in ("pip", "pip3", "conda", "mamba") and name and any(
                    canonicalize_name(re.split(r"[=<>~!\[]", w, maxsplit=1)[0]) == name for w in words if "/" not in w):
                return True
    return False


def _analysis_markers(facts: ProjectFacts) -> list[str]:
    markers = []
    notebooks = [n.rel for n in facts.notebooks if not NOT_PROJECT_FOLDERS.search(n.rel)]
    if notebooks:
        markers.append(f"notebooks ({notebooks[0]}{' ...' if len(notebooks) > 1 else ''})")
    folders = [name for name in facts.data_folders if not filetypes.is_test(name + "/") and not NOT_PROJECT_FOLDERS.search(name + "/")]
    if folders:
        markers.append(f"data ({folders[0]}/)")
    markers += [f.rel for f in facts.files_of(names=ANALYSIS_FILES) if "/" not in f.rel]
    apps = [unit.rel for unit in facts.code_units if unit.python.calls and unit.notebook is None and not unit.test
            and any(name in APP_CONSTRUCTORS for name, _ in unit.resolved) and not NOT_PROJECT_FOLDERS.search(unit.rel)]
    if apps:
        markers.append(f"an app ({apps[0]})")
    markers += [rel for rel, spec in facts.specs.items() if rel in facts.used_specs
                and (spec.kind == "dockerfile" or spec.kind == "conda") and not NOT_PROJECT_FOLDERS.search(rel)]
    return markers


# Pipeline definitions run by a tool, wherever they sit: their tool runs the project.
PIPELINE_DEFINITIONS = {"_targets.R": "targets (tar_make())", "Snakefile": "snakemake", "dvc.yaml": "dvc repro",
                        "main.nf": "nextflow run", "MLproject": "mlflow run", "Procfile": "the Procfile's processes",
                        "docker-compose.yml": "docker compose up", "docker-compose.yaml": "docker compose up",
                        "compose.yaml": "docker compose up", "kedro.yml": "kedro run", ".kedro.yml": "kedro run",
                        "drake.R": "drake::make()", "_drake.R": "drake::make()"}
APP_MODULES = ("streamlit", "flask", "fastapi", "gradio", "dash", "panel", "voila")
# Calls that make a web app: a package whose own code makes one is an app, not a library others build on.
APP_CONSTRUCTORS = frozenset({"fastapi.FastAPI", "flask.Flask", "dash.Dash", "gradio.Interface", "gradio.Blocks",
                              "starlette.applications.Starlette", "quart.Quart", "sanic.Sanic", "litestar.Litestar"})
RUNNERS = frozenset({"kedro", "streamlit", "dvc", "snakemake", "make", "mlflow", "docker", "docker-compose", "nextflow",
                     "papermill", "quarto", "gradio", "uvicorn", "gunicorn", "flask", "panel", "voila", "airflow", "prefect",
                     "luigi", "jupyter-book", "jb", "just", "tox", "nox", "dbt", "sqlmesh"})
R_RUNS = re.compile(r"(?<![\w.])(?:tar_make|targets::tar_make|drake::make|source|rmarkdown::render|Rscript)\(|^Rscript\s")


# A README's link to a script of the project ([*](./scripts/swav_800ep_pretrain.sh)): one result, the script that makes it.
LINKED_SCRIPT = re.compile(r"\]\((?!https?:|#)(?:\./)?([\w./-]+\.(?:sh|bash|py|R|r|jl))\)")
RUNNABLE = (".sh", ".bash", ".py", ".R", ".r", ".jl", ".Rmd", ".qmd", ".do", ".m")


def _entry_points(facts: ProjectFacts) -> list[str]:
    """What runs the project, each in words: pipeline files and their tools, DAGs, apps, images' commands,
    and commands the README gives that run the project's own scripts or a tool over them."""
    found = []
    for file in facts.files:
        if file.name in PIPELINE_DEFINITIONS and file.rel.count("/") <= 1:
            found.append(f"{PIPELINE_DEFINITIONS[file.name]} ({file.rel})")
    pyproject = facts.specs.get("pyproject.toml")
    if facts.files_of(names=("pipeline_registry.py",)) or (pyproject is not None and "kedro" in pyproject.names):
        found.append("kedro run (a Kedro project)")
    for unit in facts.code_units:
        if unit.notebook is not None or not unit.python.calls and "/" in unit.rel:
            continue  # (a module that calls nothing can only be a top-level app, below)
        names = {name for name, _ in unit.resolved} if unit.python.calls else ()
        if any(n.startswith("airflow") and n.rsplit(".", 1)[-1] in ("DAG", "dag") for n in names):
            found.append(f"an Airflow DAG ({unit.rel})")
        elif any(n.startswith(("prefect.flow", "luigi.build", "metaflow.")) for n in names):
            found.append(f"a workflow ({unit.rel})")
        elif "/" not in unit.rel and unit.imported_tops & set(APP_MODULES) and (unit.python.main_guard or unit.rel.endswith("app.py")):
            found.append(f"an app ({unit.rel})")
    for rel, spec in sorted(facts.specs.items()):
        if spec.start_command:
            found.append(f"{spec.start_command} ({rel})")
    documents = [(readme.rel, readme.text) for readme in facts.readmes + facts.guides]
    for config in facts.ci:  # a CI pipeline the README or its guides tell the reader to run (create a pipeline from X.yml)
        base = config.rel.rsplit("/", 1)[-1]
        named = next((rel for rel, text in documents if config.rel in text or re.search(
            rf"(?<![\w.-]){re.escape(base)}(?![\w-])", text)), None)
        if named and config.commands and not config.problem:
            found.append(f"the CI pipeline {config.rel} ({named} names it)")
    for readme in facts.readmes:  # scripts the README sends the reader to: 'run "model.R"', a results table's [script](x.sh)
        named = list(readme.prose_runs) + [
            (readme.text.count("\n", 0, m.start()) + 1, m.group(1)) for m in LINKED_SCRIPT.finditer(readme.text)]
        for line, path in named:
            path = path.removeprefix("./")
            if facts.file(path) is not None and path.endswith(RUNNABLE) and not filetypes.is_test(path):
                found.append(f"{path}, which the README names ({readme.rel}:{line})")
                break
    for readme in facts.readmes + facts.sub_readmes:
        folder = readme.rel.rpartition("/")[0]  # a sub-project's README runs its scripts from its own folder
        for command in readme.commands:
            script = script_of(command)
            runs_script = script and (facts.file("/".join(p for p in (folder, script.removeprefix("./")) if p)) is not None
                                      or facts.file(script.removeprefix("./")) is not None) and not script.startswith(("setup.", "install"))
            if runs_script or (command.program in RUNNERS and len(command.words) > 1):
                found.append(f"{command.text[:80]} ({readme.rel}:{command.line})")
                break
        for line, text in readme.other_instructions:
            words = text.lstrip("-*+ ").split()
            if R_RUNS.search(text) or (words and words[0] in RUNNERS and len(words) > 1):
                found.append(f"{text[:80]} ({readme.rel}:{line})")
                break
    return list(dict.fromkeys(found))


# A test file holds tests: test functions or classes, asserts, or a test framework's calls; an empty file or a
# script that only draws and plots (util_scripts/test_area.py) is named like a test and tests nothing.
TEST_CONTENT = re.compile(r"(?m)^\s*(?:async\s+)?def\s+test|^\s*class\s+Test|\bassert\b|\bunittest\b|\bpytest\b"
                          r"|\b(?:test_that|expect_\w+|stopifnot|testthat)\s*\(|@test\b|\bdoctest\b")


# A unittest suite whatever its name: a class deriving from TestCase (unittest's, Django's, absltest's).
UNITTEST_SUITE = re.compile(r"(?m)^class\s+\w+\s*\(\s*(?:[\w.]+\.)?(?:TestCase|IsolatedAsyncioTestCase)\s*[,)]")


def _run_as_tests(facts: ProjectFacts) -> set[str]:
    """Python files that CI or the Makefile hands to a test runner (python -m unittest suite.py, pytest checks.py)."""
    commands = [c for config in facts.ci for c in config.commands]
    commands += [c for makefile in facts.makefiles for rule in makefile.rules for c in rule.recipe]
    found = set()
    for command in commands:
        if runs_tests(command):
            for word in command.words[1:]:
                rel = re.sub(r"^\./", "", word.split("::", 1)[0])
                if rel.endswith(".py") and facts.file(rel) is not None and not filetypes.is_test(rel):
                    found.add(rel)
    return found


def _not_tests(facts: ProjectFacts) -> set[str]:
    return {rel for rel, text in facts.test_texts.items()
            if not rel.endswith(("conftest.py", "__init__.py")) and not TEST_CONTENT.search(text)}


def is_lock(rel: str) -> bool:
    return is_lock_name(rel.rsplit("/", 1)[-1])
