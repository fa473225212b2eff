"""One ProjectFacts, built once in a fixed order from what the read phase found: every check reads only this.

Order: each file is read once (a bounded prefix) and given to the parsers that
want it (Python, notebooks, specifications, Makefiles, CI, READMEs, shell
scripts) and to the text scans (secrets, paths in configuration); then what
needs several files is worked out: the environments builders would make, the
names the project declares and defines, its seeding helpers, and what kind of
project it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tension_points.audit.knowledge.packages import ALWAYS_THERE
from tension_points.audit.model import Location, Note
from tension_points.audit.parse import ci as ci_parser
from tension_points.audit.parse import text as text_scans
from tension_points.audit.parse.commands import Command, commands
from tension_points.audit.parse.makefile import Makefile, parse_makefile
from tension_points.audit.parse.notebook import Notebook, parse_notebook
from tension_points.audit.parse.python import Call, PythonFacts, parse_python, resolve
from tension_points.audit.parse.readme import Readme, parse_readme
from tension_points.audit.parse.specs import SpecFile, is_dockerfile, is_lock_name, is_spec_name, parse_spec
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
# Files whose text names the specification files a project really uses.
REFERENCING = re.compile(r"^(?:readme(?:\..*)?|makefile|gnumakefile|justfile|tox\.ini|noxfile\.py|setup\.py|setup\.cfg"
                         r"|pyproject\.toml|dockerfile(?:\..*)?|docker-compose\.ya?ml|compose\.ya?ml|environment\.ya?ml"
                         r"|\.readthedocs\.ya?ml|postbuild|install\.sh|setup\.sh|mlproject)$", re.IGNORECASE)
NOT_PROJECT_FOLDERS = re.compile(r"(?:^|/)(?:docs?|examples?|tutorials?|tests?)/")
ANALYSIS_FILES = frozenset({"dvc.yaml", "Snakefile", "Procfile", "docker-compose.yml", "docker-compose.yaml", "MLproject",
                            "main.nf", "app.py", "streamlit_app.py"})
TEMPLATE_MARKERS = ("cookiecutter.json", "copier.yml", "copier.yaml")
# Languages read as text: their downloads and checksums by the shape of their calls (comment lines left out).
OTHER_LANGUAGES = frozenset({".r", ".rmd", ".qmd", ".jl"})
OTHER_DOWNLOAD = re.compile(r"(?<![\w.])(?:download\.file|curl_download|curl::curl_download|Downloads\.download|download"
                            r"|httr::GET|GET|read\.csv|read_csv|fread|read\.table|readRDS\(url)\(\s*[\"']https?://"
                            r"|(?<![\w.])(?:download\.file|curl_download|Downloads\.download)\(")
OTHER_CHECKSUM = re.compile(r"(?<![\w.])(?:digest::digest|digest|md5sum|tools::md5sum|sha256|sha1|openssl::sha256|sha256sum"
                            r"|SHA\.sha256|checksum)\s*\(")
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
    def imported_tops(self) -> set[str]:
        return {i.top for i in self.python.imports}


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
    name: str  # "library", "application", "template", "no code"
    why: str

    @property
    def library(self) -> bool:
        return self.name == "library"


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
    binder_files: list[str] = field(default_factory=list)
    binder_ignored: list[str] = field(default_factory=list)
    binder_pack: str = ""
    binder_problem: str = ""
    environments: list[Environment] = field(default_factory=list)
    makefiles: list[Makefile] = field(default_factory=list)
    ci: list[ci_parser.CiConfig] = field(default_factory=list)
    readmes: list[Readme] = field(default_factory=list)
    readme_files: list[ProjectFile] = field(default_factory=list)
    scripts: dict[str, list[Command]] = field(default_factory=dict)  # shell scripts: their commands
    secrets: list[SecretHit] = field(default_factory=list)
    config_paths: list[tuple[str, text_scans.Hit, text_scans.LineIndex]] = field(default_factory=list)
    lfs_pointers: set[str] = field(default_factory=set)
    data_folders: dict[str, list[ProjectFile]] = field(default_factory=dict)
    local_names: set[str] = field(default_factory=set)
    nested_folders: list[str] = field(default_factory=list)
    seeding_helpers: dict[str, set[str]] = field(default_factory=dict)  # function name: families it seeds
    kind: ProjectKind = field(default_factory=lambda: ProjectKind("application", ""))
    gitignore: str = ""
    gitmodule_urls: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    module_names: frozenset[str] = frozenset()
    other_downloads: dict[str, tuple[list[int], bool]] = field(default_factory=dict)  # R, Julia...: lines, checked

    excluded_path: object = lambda rel: False  # the project's own exclusions (its audit settings)

    def __post_init__(self):
        self.by_path = {f.rel: f for f in self.files}
        self.top_level = {f.rel: f for f in self.files if "/" not in f.rel}
        self._local_folders: set[str] | None = None

    @property
    def local_folders(self) -> set[str]:
        """Every folder of the project (worked out when a check first asks)."""
        if self._local_folders is None:
            self._local_folders = {"/".join(f.rel.split("/")[:depth]) for f in self.files for depth in range(1, f.rel.count("/") + 1)}
        return self._local_folders

    def file(self, rel: str) -> ProjectFile | None:
        return self.by_path.get(rel)

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
        return [u for u in self.units if not u.nested]

    def notebook_units(self) -> list[Unit]:
        return [u for u in self.units if u.notebook is not None]

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
        if file.size > limit:
            self.note(file.rel, f"only the first {limit // (1024 * 1024)} MiB of this {file.size / 1e6:.1f} MB file was read")
        return decode_text(data)

    def note(self, rel: str, message: str) -> None:
        note = Note(rel, message)
        if note not in self.facts.notes:
            self.facts.notes.append(note)


def build_facts(project: ProjectInput) -> ProjectFacts:
    facts = ProjectFacts(root_name=project.root.name or str(project.root), files=project.files, git=project.git,
                         git_problem=project.git_problem, git_status=project.git_status, notes=list(project.notes),
                         excluded_path=project.excluded)
    reader = Reader(facts)
    referencing: dict[str, str] = {}
    facts.module_names = frozenset(_file_names(facts.files))
    facts.nested_folders = _nested_folders(facts.files)
    for file in facts.files:
        _read_file(file, facts, reader, referencing)
    _environments(facts, referencing)
    facts.local_names = _local_names(facts)
    facts.seeding_helpers = _seeding_helpers(facts)
    facts.data_folders = _data_folders(facts)
    facts.kind = _kind(facts)
    return facts


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
    if suffix in filetypes.PYTHON_SUFFIXES:
        if worth_parsing(text, facts.module_names):
            python = parse_python(text)
            if not python.parsed:
                reader.note(rel, python.problem)  # the checks still read it, by the shape of its text
            facts.units.append(Unit(rel, python, test=filetypes.is_test(rel), nested=in_folders(rel, facts.nested_folders)))
        else:  # nothing in it any check reads: kept as a module of the project, unparsed
            facts.units.append(Unit(rel, EMPTY_PYTHON, test=filetypes.is_test(rel), nested=in_folders(rel, facts.nested_folders)))
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
PARSE_MARKERS = ("andom", "seed", "url", "http", "/home/", "/Users/", ":\\", ":/", "digest", "add_argument", "open(",
                 "load", "dump", "save", "option(")
IMPORT_TOP = re.compile(r"(?m)^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*))")


def worth_parsing(text: str, own_modules: frozenset[str]) -> bool:
    """Does a module hold anything a check needs understood: a marker word, or an import from outside
    the standard library and the project? The syntax tree costs far more than this look."""
    for marker in PARSE_MARKERS:
        if marker in text:
            return True
    if "import" not in text:
        return False
    for first, listed in IMPORT_TOP.findall(text):
        if first:
            if first not in ALWAYS_THERE and first not in own_modules:
                return True
            continue
        for part in listed.split(","):
            name = part.strip().split(".", 1)[0]
            if name not in ALWAYS_THERE and name not in own_modules:
                return True
    return False


def _other_roles(file: ProjectFile, text: str, facts: ProjectFacts, reader: Reader, referencing: dict[str, str],
                 top_level: bool) -> None:
    """Specifications, Makefiles, CI, scripts, READMEs, Git's own files, other languages, configuration."""
    name, suffix, rel = file.name, file.suffix, file.rel
    nested = in_folders(rel, facts.nested_folders)
    if nested:  # a sub-project's (a template's {{ }} folder): its files answer to it, only secrets are everyone's
        return
    spec_here = is_spec_name(name, file.folder) and not filetypes.is_test(rel)
    if spec_here:
        spec = facts.specs[rel] = parse_spec(rel, text)
        if spec.skipped_entries:
            reader.note(rel, f"{spec.skipped_entries} dependency entr{'y is' if spec.skipped_entries == 1 else 'ies are'} a list, "
                             "not a package (YAML aliases?); not read as dependencies")
    if (top_level and REFERENCING.match(name)) or (is_dockerfile(name) and not nested):
        referencing[rel] = text
    if name in MAKEFILE_NAMES:
        facts.makefiles.append(parse_makefile(rel, text))
        referencing[rel] = text
    elif ci_parser.is_ci_file(rel):
        facts.ci.append(ci_parser.parse_ci(rel, text))
        referencing[rel] = text
    elif suffix in SHELL_SUFFIXES or name == "postBuild":
        facts.scripts[rel] = [c for number, line in enumerate(text.split("\n"), start=1)
                              if line.strip() and not line.lstrip().startswith("#") for c in commands(line, number)]
    if top_level and README.match(name):
        facts.readmes.append(parse_readme(rel, text))
        facts.readme_files.append(file)
    if rel == ".gitignore":
        facts.gitignore = text
    elif name == ".gitmodules":
        facts.gitmodule_urls[rel] = [(m.group(1), text.count("\n", 0, m.start()) + 1)
                                     for m in re.finditer(r"(?m)^[ \t]*url[ \t]*=[ \t]*(\S+)", text)]
    if suffix in OTHER_LANGUAGES and ("http" in text or "download" in text):
        code = text_scans.comment_free(text)
        lines = text_scans.LineIndex(code)
        found = [lines.line(m.start()) for m in OTHER_DOWNLOAD.finditer(code)]
        if found:
            facts.other_downloads[rel] = (found, OTHER_CHECKSUM.search(code) is not None)
    if suffix not in filetypes.PYTHON_SUFFIXES and (filetypes.is_code(file) or filetypes.is_config(file)) \
            and not is_dockerfile(name) and not spec_here:
        lines = text_scans.LineIndex(text)
        facts.config_paths += [(rel, hit, lines) for hit in text_scans.absolute_paths(text)]


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


def in_folders(rel: str, folders: list[str]) -> bool:
    return any(rel.startswith(folder + "/") for folder in folders)


PROJECT_FILES = frozenset({"pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "environment.yml", "Pipfile"})


def _nested_folders(files: list[ProjectFile]) -> list[str]:
    """Sub-projects whose code answers to their own declarations: a template's {{ cookiecutter.x }}/ folder,
    an example or tutorial folder with its own pyproject.toml or requirements.txt."""
    folders = {f.rel.split("/")[0] for f in files if f.rel.startswith(("{{", "{%"))}
    folders |= {f.folder for f in files if f.folder and f.name in PROJECT_FILES and f.folder not in ("binder", ".binder")
                and f.folder.split("/")[-1] not in ("requirements", "env", "envs", "environment", "docker", "ci", ".ci")
                and not f.folder.startswith(("src", "docker", ".github"))}
    return sorted(folders)


# --- Environments -----------------------------------------------------------------------
def _in_builder_folder(rel: str) -> bool:
    folder = rel.rpartition("/")[0]
    return folder in ("", "binder", ".binder")


def _environments(facts: ProjectFacts, referencing: dict[str, str]) -> None:
    """Which specification files the project uses, and what Binder, MLflow, Docker and CI would install."""
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
                    if source in facts.used_specs and any(_resolves(include, source, rel) for include in spec.includes):
                        facts.used_specs[rel] = f"named in {source}"
                        break
                    if source in facts.used_specs and spec.environment_file and _resolves(spec.environment_file, source, rel):
                        facts.used_specs[rel] = f"named in {source}"
                        break
    for rel, spec in facts.specs.items():  # unreadable specifications are still the project's: report them
        if spec.problem and (_in_builder_folder(rel) or rel.rpartition("/")[0].endswith("requirements")):
            facts.used_specs.setdefault(rel, "where builders look")
    _binder(facts)
    _other_builders(facts)


def _names(text: str, rel: str, source: str) -> bool:
    """Does ``source`` name ``rel`` by its path (from the top, or from the source's own folder)?"""
    if rel in text:
        return True
    folder = source.rpartition("/")[0]
    if folder and rel.startswith(folder + "/"):
        relative = rel[len(folder) + 1:]
        return re.search(rf"(?<![\w/.-]){re.escape(relative)}(?![\w-])", text) is not None
    return False


def _resolves(named: str, source: str, rel: str) -> bool:
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
    facts.environments.append(Environment("Binder", _with_includes(facts, facts.binder_files), f"{facts.binder_pack} build pack"
                                          if facts.binder_pack else "nothing to build from"))


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
            pending += [other for other in facts.specs if _resolves(include, rel, other)]
        if spec.installs_project:
            folder = rel.rpartition("/")[0]
            folder = "" if folder in ("binder", ".binder") else folder
            pending += [f"{folder}/{n}" if folder else n for n in ("pyproject.toml", "setup.py", "setup.cfg")]
    return result


def _other_builders(facts: ProjectFacts) -> None:
    for rel, spec in facts.specs.items():
        if spec.kind == "mlproject" and spec.environment_file:
            environment_file = next((other for other in facts.specs if _resolves(spec.environment_file, rel, other)), None)
            if environment_file:
                facts.used_specs.setdefault(environment_file, f"named in {rel}")
                facts.environments.append(Environment(f"MLflow ({rel})", _with_includes(facts, [environment_file])))
        elif spec.kind == "dockerfile" and rel in facts.used_specs:
            installed = [other for include in spec.includes for other in facts.specs if _resolves(include, "", other)
                         or _resolves(include, rel, other)]
            installed += [n for n in ("pyproject.toml", "setup.py", "setup.cfg") if spec.installs_project and n in facts.specs]
            facts.environments.append(Environment(f"Docker ({rel})", [rel] + _with_includes(facts, installed)))
    for config in facts.ci:
        installed = []
        for command in config.commands:
            words = command.words
            for index, word in enumerate(words):
                if word in ("-r", "--requirement", "-f", "--file") and index + 1 < len(words):
                    installed += [other for other in facts.specs if _resolves(words[index + 1], command.folder or "", other)]
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
    for file in files:
        names.update(file.rel.split("/")[:-1])
        if file.suffix in (".py", ".pyx", ".so", ".pyd", ".proto"):
            names.add(file.name.split(".", 1)[0])
    return names


def _local_names(facts: ProjectFacts) -> set[str]:
    """The project's own modules and packages: folder names, module stems, files notebooks write,
    and modules made by a build step (protobuf's *_pb2 next to a .proto, names the .gitignore keeps out)."""
    names = set(facts.module_names)
    for notebook in facts.notebooks:
        for cell in notebook.cells or []:
            if cell.written_file.endswith(".py"):
                names.add(cell.written_file.rsplit("/", 1)[-1][:-3])
    return names


def is_generated_module(name: str, facts: ProjectFacts) -> bool:
    if name.endswith(GENERATED_SUFFIXES) and (any(f.suffix == ".proto" for f in facts.files) or "pb2" in facts.gitignore):
        return True
    if facts.gitignore and name in facts.gitignore:
        import pathspec

        spec = pathspec.GitIgnoreSpec.from_lines(facts.gitignore.splitlines())
        return spec.match_file(f"{name}.py") or spec.match_file(f"{name}/__init__.py")
    return False


def _seeding_helpers(facts: ProjectFacts) -> dict[str, set[str]]:
    """Functions the project defines whose body seeds a family: calling one is seeding."""
    from tension_points.audit.knowledge.randomness import seed_family

    helpers: dict[str, set[str]] = {}
    for unit in facts.units:
        for name, call in unit.resolved:
            if call.scope:
                families = seed_family(name, call)
                if families:
                    helpers.setdefault(call.scope, set()).update(families)
    return helpers


def _data_folders(facts: ProjectFacts) -> dict[str, list[ProjectFile]]:
    """The outermost folders named data/, dataset/, datasets/ or input/ holding data files (not test fixtures)."""
    folders: dict[str, list[ProjectFile]] = {}
    for file in facts.files:
        lowered = file.rel.lower()
        if "/" not in lowered or ("data" not in lowered and "input" not in lowered):
            continue
        parts = file.rel.split("/")[:-1]
        for depth, name in enumerate(parts):
            if name.lower() in DATA_FOLDER_NAMES:
                if filetypes.is_test(file.rel):
                    break
                folders.setdefault("/".join(parts[: depth + 1]), []).append(file)
                break
    return {name: files for name, files in folders.items()
            if any(filetypes.is_data(f) or f.rel in facts.lfs_pointers for f in files)}


def _kind(facts: ProjectFacts) -> ProjectKind:
    """What the project is, decided once: every check asks this, none decides it again."""
    if any(marker in facts.top_level for marker in TEMPLATE_MARKERS) or any(f.rel.startswith(("{{", "{%")) for f in facts.files):
        return ProjectKind("template", "a project template (cookiecutter or copier): its own code is the generator")
    if not facts.has_code:
        return ProjectKind("no code", "no code or notebooks to run")
    package = next((spec for rel, spec in facts.specs.items() if spec.package and "/" not in rel), None)
    markers = _analysis_markers(facts)
    if package is not None and not markers:
        return ProjectKind("library", f"package metadata ({package.rel}) and no notebooks, data or deployment files: "
                                      "version ranges are right and no pins or lock file are asked for")
    if package is not None:
        return ProjectKind("application", f"package metadata ({package.rel}), used for an analysis or an application "
                                          f"({', '.join(markers[:3])})")
    return ProjectKind("application", "an analysis or an application (no package metadata)")


def _analysis_markers(facts: ProjectFacts) -> list[str]:
    markers = []
    notebooks = [n.rel for n in facts.notebooks if not NOT_PROJECT_FOLDERS.search(n.rel)]
    if notebooks:
        markers.append(f"notebooks ({notebooks[0]}{' ...' if len(notebooks) > 1 else ''})")
    folders = [name for name in facts.data_folders if not filetypes.is_test(name + "/")]
    if folders:
        markers.append(f"data ({folders[0]}/)")
    markers += [f.rel for f in facts.files if f.name in ANALYSIS_FILES and "/" not in f.rel]
    markers += [rel for rel, spec in facts.specs.items() if rel in facts.used_specs
                and (spec.kind == "dockerfile" or spec.kind == "conda") and not NOT_PROJECT_FOLDERS.search(rel)]
    return markers


def is_lock(rel: str) -> bool:
    return is_lock_name(rel.rsplit("/", 1)[-1])
