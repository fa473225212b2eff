"""Version-control checks, from what Git said in the read phase: under version control, uncommitted changes,
generated files committed.

A file the code reads is an input, whatever its name says: predictions.csv
read by a notebook is data, not a committed output. Results kept in Git on
purpose (a newsroom's tables, a paper's figures) are evidence, not noise: they
are listed, not reported, unless the code that makes one first checks for it
or reads it back: then a run from a fresh clone reuses the committed result
(skips the training whose model is there, resumes from the committed log)
instead of reproducing it.
"""

from __future__ import annotations

import posixpath
import re

from tension_points.audit.checks import check, facts
from tension_points.audit.facts import ProjectFacts, Unit
from tension_points.audit.model import Fact, Finding, Location
from tension_points.audit.parse.pyfacts import Call, Value
from tension_points.audit.read import filetypes
from tension_points.audit.read.walker import environment_folders_in

MAX_LISTED_CHANGES = 20
GENERATED_FOLDERS = {
    "__pycache__": "Python bytecode cache", ".ipynb_checkpoints": "Jupyter checkpoints",
    ".pytest_cache": "pytest cache", ".mypy_cache": "mypy cache", ".ruff_cache": "ruff cache",
    ".tox": "tox environments", ".nox": "nox environments", "node_modules": "installed Node packages",
    "build": "build output", "dist": "build output", "_build": "build output", ".eggs": "build output",
    ".venv": "virtual environment", "venv": "virtual environment", ".Rproj.user": "RStudio state",
    "htmlcov": "coverage report", "catboost_info": "CatBoost training logs", "lightning_logs": "PyTorch Lightning logs",
    "mlruns": "MLflow runs", "wandb": "Weights & Biases runs", ".hypothesis": "Hypothesis examples database",
    "test-results": "test results", "test-reports": "test results", ".hydra": "Hydra run records",
}
GENERATED_FILES = {".DS_Store": "macOS folder metadata", "Thumbs.db": "Windows thumbnails",
                   ".Rhistory": "R history", ".RData": "R workspace", ".coverage": "coverage data",
                   "coverage.xml": "coverage report", "nohup.out": "console log",
                   "Rplots.pdf": "R's default plot file (written by a script run without a plot device)"}
# Compiled code: made from the project's sources for one system, stale when they change.
COMPILED_SUFFIXES = {".o": "compiled objects", ".obj": "compiled objects", ".so": "compiled libraries", ".dylib": "compiled libraries",
                     ".dll": "compiled libraries", ".pyd": "compiled libraries", ".exe": "compiled programs"}
# Trained models and predictions: outputs of a run, to be made again or kept in LFS, DVC or a model store.
MODEL_SUFFIXES = frozenset({".joblib", ".pth", ".pt", ".ckpt", ".onnx", ".safetensors", ".cbm", ".keras", ".h5", ".hdf5",
                            ".pkl", ".pickle", ".sav", ".model", ".bst", ".tflite"})
MODEL_NAME = re.compile(r"model|clf|classifier|regressor|estimator|pipeline|checkpoint|weights|best|fold", re.IGNORECASE)
UNAMBIGUOUS_MODEL_SUFFIXES = frozenset({".joblib", ".pth", ".pt", ".ckpt", ".onnx", ".safetensors", ".cbm", ".keras", ".tflite"})
PREDICTIONS = re.compile(r"(?:^|[_.-])(?:oof|preds?|predictions?|submission)(?:[_.-]|\d|$)", re.IGNORECASE)
TEST_OUTPUT = re.compile(r"^(?:junit.*\.xml|pytest[-_]report.*|test[-_]results?.*\.xml|.*\.log)$", re.IGNORECASE)
ARTEFACTS = frozenset({"trained model files", "saved predictions"})


@check("git-repository")
def repository(found: ProjectFacts) -> list[Finding] | None:
    if found.git is not None:
        return []
    if found.git_problem:
        return None  # Git missing or refusing: we cannot tell, and say so in the notes
    return [Finding("git-repository", "not under version control", "the folder is not in a Git repository")]


@check("git-uncommitted-changes")
def uncommitted_changes(found: ProjectFacts) -> list[Finding] | None:
    if found.git is None or found.git_status is None:
        return None
    entries = found.git_status
    findings = [Finding("git-uncommitted-changes", _describe(code), _describe(code), Location(path))
                for code, path in entries[:MAX_LISTED_CHANGES]]
    if len(entries) > MAX_LISTED_CHANGES:
        findings.append(Finding("git-uncommitted-changes", "more changes",
                                f"and {len(entries) - MAX_LISTED_CHANGES} more uncommitted changes"))
    return findings


def _describe(code: str) -> str:
    if code == "??":
        return "untracked"
    if "D" in code:
        return "deleted, not committed"
    if "A" in code:
        return "added, not committed"
    if "R" in code:
        return "renamed, not committed"
    return "modified, not committed"


def _generated_root(rel: str, environments: set[str]) -> tuple[str, str] | None:
    parts = rel.split("/")
    for depth, name in enumerate(parts[:-1]):
        folder = "/".join(parts[: depth + 1])
        if folder in environments:
            return folder + "/", "virtual environment"
        if name in GENERATED_FOLDERS or name.endswith(".egg-info"):
            return folder + "/", GENERATED_FOLDERS.get(name, "package metadata")
    name = parts[-1]
    if name in GENERATED_FILES:
        return rel, GENERATED_FILES[name]
    if name.endswith((".pyc", ".pyo")):
        return rel, "Python bytecode"
    if name.endswith(("-journal", "-wal", "-shm")) and re.search(r"\.(?:db|sqlite3?)-(?:journal|wal|shm)$", name):
        return rel, "a database's journal (machine state of a local run)"
    if name.startswith("events.out.tfevents."):
        return _folder_of(rel), "TensorBoard logs"
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    if suffix in UNAMBIGUOUS_MODEL_SUFFIXES or (suffix in MODEL_SUFFIXES and MODEL_NAME.search(name)):
        return _folder_of(rel), "trained model files"
    if suffix in (".npy", ".npz", ".csv", ".parquet") and PREDICTIONS.search(name.rsplit(".", 1)[0]):
        return _folder_of(rel), "saved predictions"
    if TEST_OUTPUT.match(name) and not rel.startswith(("docs/", "doc/")):
        return _folder_of(rel), "logs and test output"
    return None


def _compiled(found: ProjectFacts, rel: str) -> tuple[str, str] | None:
    """A compiled program (found by its first bytes: CmdStan's model binary has no suffix) or a library or object file."""
    if rel in found.executables:
        return rel, f"a compiled {found.executables[rel]} program, built for one system from the project's sources"
    if rel in found.generated_sources:
        return rel, f"code generated by {found.generated_sources[rel]} (the build makes it again from the source beside it)"
    suffix = rel[rel.rfind("."):].lower() if "." in rel.rsplit("/", 1)[-1] else ""
    return (_folder_of(rel), COMPILED_SUFFIXES[suffix]) if suffix in COMPILED_SUFFIXES else None


def _folder_of(rel: str) -> str:
    return rel.rsplit("/", 1)[0] + "/" if "/" in rel else rel


def _stored_elsewhere(found: ProjectFacts, rel: str) -> bool:
    """A Git LFS pointer, or a file tracked by DVC: the artefact is not in Git itself."""
    return rel in found.lfs_pointers or found.file(rel + ".dvc") is not None


READERS = frozenset({"read_csv", "read_parquet", "read_json", "read_excel", "read_table", "read_feather", "read_pickle",
                     "load", "loadtxt", "genfromtxt", "load_model", "load_weights", "imread", "read_file", "open_dataset", "open"})
WRITERS = frozenset({"to_csv", "to_parquet", "to_json", "to_excel", "to_pickle", "to_feather", "dump", "save", "savez",
                     "savez_compressed", "savetxt", "save_model", "save_weights", "savefig", "imwrite", "to_file"})


def _inputs(found: ProjectFacts) -> set[str]:
    """Names of files the code reads and never writes: inputs, whatever their names suggest."""
    read, written = set(), set()
    for unit in found.units:
        for call in unit.python.calls:
            last = call.name.rsplit(".", 1)[-1]
            if last not in READERS and last not in WRITERS:
                continue
            values = [unit.python.assignments.get(v.name) if v.kind == "name" else v for v in call.args[:1]]
            names = {v.text.rsplit("/", 1)[-1] for v in values if v is not None and v.text}  # model_file = '...': its path
            mode = call.argument(1, "mode")
            writes = last in WRITERS or (last == "open" and mode is not None and mode.text and any(c in mode.text for c in "wax"))
            (written if writes else read).update(names)
    return read - written


@check("git-generated-outputs")
def generated_outputs(found: ProjectFacts) -> list[Finding] | None:
    if found.git is None:
        return None
    mentioned = None
    shipped_models = None
    findings = []
    for paths, state in ((found.git.tracked, "committed"), (found.git.untracked, "not ignored")):
        paths = [p for p in paths if not found.excluded_path(p)]
        environments = environment_folders_in(paths)
        counts: dict[tuple[str, str], int] = {}
        for rel in paths:
            generated = _generated_root(rel, environments) or _compiled(found, rel)
            if generated and generated[1] == "saved predictions" and not _ignored(found, rel):
                continue  # results kept on purpose (a submission, a published table): reported only when .gitignore excludes them
            if generated and generated[1] in ARTEFACTS:
                if _stored_elsewhere(found, rel):
                    continue
                if mentioned is None:
                    mentioned = _inputs(found)
                if rel.rsplit("/", 1)[-1] in mentioned:
                    continue  # the code reads it by name: an input, not an output left behind
            if generated:
                counts[generated] = counts.get(generated, 0) + 1
        by_what: dict[str, list[tuple[str, int]]] = {}
        for (root, what), count in sorted(counts.items()):
            by_what.setdefault(what, []).append((root, count))
        for what, roots in by_what.items():
            if len(roots) > GROUPED_AFTER:  # 15 .DS_Store files are one thing to fix: one finding, its places listed
                shown = ", ".join(root for root, _ in roots[:5]) + (f" and {len(roots) - 5} more" if len(roots) > 5 else "")
                findings.append(Finding("git-generated-outputs", state, f"{what} in {len(roots)} places, {state}: {shown}",
                                        Location(roots[0][0]), count=len(roots),
                                        places=tuple(Location(root) for root, _ in roots[1:])))
                continue
            for root, count in roots:
                files = (" (1 file)" if count == 1 else f" ({count} files)") if root.endswith("/") else ""
                if what in ARTEFACTS or what == "logs and test output":
                    files = f" ({count} file{'s' if count != 1 else ''})"
                if what == "trained model files" and state == "committed" and shipped_models is None:
                    shipped_models = _shipped_models(found, [r for (r, w) in counts if w == "trained model files"])
                shipped = (shipped_models or {}).get(root) if what == "trained model files" and state == "committed" else None
                if shipped is not None:
                    maker, loader = shipped
                    findings.append(Finding("git-generated-outputs", state,
                                            f"{what}{files}, {state}: made by {maker} and loaded by {loader}, a model shipped "
                                            "with the code; if it is meant to be, record the versions it was made with (a "
                                            "pickle loads only with compatible releases of the libraries that wrote it)",
                                            Location(root), severity="low"))
                    continue
                findings.append(Finding("git-generated-outputs", state, f"{what}{files}, {state}", Location(root)))
    return findings + committed_though_ignored(found) + reused_results(found)


GROUPED_AFTER = 3


def _shipped_models(found: ProjectFacts, roots: list[str]) -> dict[str, tuple[str, str]]:
    """For each root of committed models: (the file that makes one, the file that loads it) when one module writes a
    model there and another reads it back (train_model.py pickles, app.py unpickles): a model the application serves,
    kept on purpose. One pass over the code for all the roots."""
    def root_of(rel: str) -> str | None:
        return next((root for root in roots if rel == root or rel.startswith(root)), None)

    tracked = {rel for rel in found.git.tracked if root_of(rel) is not None} if found.git is not None else set()
    makers: dict[str, set[str]] = {}
    loaders: dict[str, set[str]] = {}
    if tracked:
        for unit in found.checked_units:
            if unit.test or not unit.python.calls:
                continue
            for rel, (made, _, read) in _path_uses(unit, tracked).items():
                if made is not None:
                    makers.setdefault(root_of(rel), set()).add(unit.rel)
                elif read is not None:
                    loaders.setdefault(root_of(rel), set()).add(unit.rel)
    shipped = {}
    for root in roots:
        made, loaded = sorted(makers.get(root, ())), sorted(loaders.get(root, set()) - makers.get(root, set()))
        if made and loaded:
            shipped[root] = (made[0], loaded[0])
    return shipped


def _ignore_literals(text: str) -> tuple[set[str], set[str]]:
    """The plain names (logs.db, data) and suffixes (*.pkl) .gitignore's rules are made of; rules of other shapes
    (data_*, *.py[cod]) are left to the report of generated files."""
    names, suffixes = set(), set()
    for line in text.splitlines():
        line = line.strip().lstrip("!")
        if not line or line.startswith("#"):
            continue
        for piece in line.strip("/").split("/"):
            if re.fullmatch(r"\*\.[\w-]+", piece):
                suffixes.add(piece[1:])
            elif piece and not any(mark in piece for mark in "*?[]"):
                names.add(piece)
    return names, suffixes


def committed_though_ignored(found: ProjectFacts) -> list[Finding]:
    """Files committed although the project's own .gitignore lists them (logs.db, a run's outputs, added before the
    rule or with git add -f): a clone starts with a file its author meant to keep out. Files reported above as
    generated (a bytecode cache) are not said twice; one finding per folder, the folders grouped past a few."""
    if not found.gitignore or found.git is None:
        return []
    import pathspec

    spec = pathspec.GitIgnoreSpec.from_lines(found.gitignore.splitlines())
    environments = environment_folders_in(found.git.tracked)
    roots: dict[str, list[str]] = {}
    names, suffixes = _ignore_literals(found.gitignore)
    for rel in found.git.tracked:
        parts = rel.split("/")
        suffix = parts[-1][parts[-1].rfind("."):] if "." in parts[-1] else ""
        if not any(part in names for part in parts) and suffix not in suffixes:
            continue  # no rule names the file, a folder of it or its suffix: a set lookup first, the matcher (a second
            #           on 50,000 files) only for the few it leaves
        if found.excluded_path(rel) or rel.endswith(".gitignore") or _generated_root(rel, environments) or _compiled(found, rel):
            continue
        if spec.match_file(rel):
            roots.setdefault(_folder_of(rel) if "/" in rel else rel, []).append(rel)
    if not roots:
        return []
    def shown(root: str, files: list[str]) -> str:
        return root if not root.endswith("/") else f"{root} ({len(files)} file{'s' if len(files) != 1 else ''})"
    what = ("committed although .gitignore lists {}: a clone starts with what its author meant to keep out of the "
            "repository (a local database, a run's output): remove it from Git (git rm --cached), or take it out of "
            ".gitignore if it is meant to be shared")
    ordered = sorted(roots.items())
    if len(ordered) > GROUPED_AFTER:
        listed = ", ".join(shown(root, files) for root, files in ordered[:5]) + (f" and {len(ordered) - 5} more" if len(ordered) > 5 else "")
        return [Finding("git-generated-outputs", "committed though ignored", what.format(f"them: {listed}"),
                        Location(ordered[0][0]), count=len(ordered), places=tuple(Location(root) for root, _ in ordered[1:]))]
    return [Finding("git-generated-outputs", "committed though ignored",
                    f"{shown(root, files)}: " + what.format("it" if len(files) == 1 else "them"), Location(root))
            for root, files in ordered]

# --- Committed results the next run reuses -----------------------------------------------------------------
EXISTENCE = re.compile(r"(?:^|\.)(?:exists|isfile|is_file|lexists)$")
NOT_MAKING = re.compile(r"(?:^|\.)(?:print|debug|info|warning|error|exception|format|join|basename|dirname|split|splitext"
                        r"|abspath|realpath|exists|isfile|is_file|lexists|isdir|is_dir|getsize|getmtime|stat|remove|unlink"
                        r"|Path|PurePath|str|len|append|echo|write|set_description)$")
DOWNLOADING = re.compile(r"download|urlretrieve|urlopen|wget|^(?:requests|httpx|urllib\d?|gdown|kaggle)\.|hf_hub|snapshot_download")
INPUT_FOLDERS = re.compile(r"(?:^|/)(?:raw|external|input|inputs|downloads?)/")


def reused_results(found: ProjectFacts) -> list[Finding]:
    """Committed files the code makes, where the making first checks for the file or reads it: a fresh clone's
    run finds the committed one there and reuses it (a model not trained again, runs already in the log skipped)."""
    tracked = set(found.git.tracked) if found.git is not None else set()
    findings = []
    overwritten: set[str] = set()
    for unit in found.checked_units:
        if unit.test or not unit.python.calls:
            continue
        uses = _path_uses(unit, tracked)
        for rel, (made, checked, read) in sorted(uses.items()):
            if made is None or INPUT_FOLDERS.search(rel):
                continue
            if checked is not None:
                message = (f"{rel} is made here and committed, and the code checks whether it exists before making it: "
                           "a run from a fresh clone can reuse the committed file instead of reproducing it")
                line = checked
            elif read is not None and read < made:
                message = (f"reads {rel} before making it again (line {unit.location(made).line}), and the file is committed: "
                           "a run from a fresh clone starts from the committed results instead of from scratch")
                line = read
            elif _published_model(found, rel) and _folder_of(rel) not in overwritten:
                overwritten.add(_folder_of(rel))
                message = (f"writes over {_shown_model(rel)}, the committed model the README presents: running the code "
                           "replaces the published model with a new one (and what later reads it gets the new one); write "
                           "new models to another path")
                line = made
            else:
                continue
            kind = "committed model overwritten" if message.startswith("writes over") else "committed result reused"
            findings.append(Finding("git-generated-outputs", kind, message, unit.location(line), severity="medium",
                                    places=(Location(_folder_of(rel)),) if kind == "committed model overwritten" else ()))
    return findings


# TensorFlow's Saver writes a checkpoint as PREFIX.index, PREFIX.meta and PREFIX.data-00000-of-00001.
CHECKPOINT_PARTS = re.compile(r"\.(?:index|meta|data-\d+-of-\d+)$")


def _published_model(found: ProjectFacts, rel: str) -> bool:
    """A committed trained model (a checkpoint, a pickled estimator) that the README names, by file or by a folder
    holding it (`pre_trained/` contains a pre-trained model)."""
    generated = _generated_root(CHECKPOINT_PARTS.sub("", rel), set())
    if generated is None or generated[1] != "trained model files" or _stored_elsewhere(found, rel):
        return False
    parts = rel.split("/")[:-1]
    named = {CHECKPOINT_PARTS.sub("", rel), rel} | {"/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1)}
    return any(any(name in readme.text for name in named) for readme in found.readmes)


def _shown_model(rel: str) -> str:
    prefix = CHECKPOINT_PARTS.sub("", rel)
    return f"{prefix} (its checkpoint files)" if prefix != rel else rel


def _path_uses(unit: Unit, tracked: set[str]) -> dict[str, list]:
    """For each committed file the unit names: the first line that makes it, that checks it exists, that reads it."""
    folder = unit.rel.rsplit("/", 1)[0] if "/" in unit.rel else ""
    by_line: dict[int, list[Call]] = {}
    for call in unit.python.calls:
        by_line.setdefault(call.line, []).append(call)
    fetching_scopes = {call.scope for name, call in unit.resolved if DOWNLOADING.search(name)}
    uses: dict[str, list] = {}

    def note(value: Value | None, call: Call, slot: int) -> None:
        for rel in _committed(_path_text(unit, value, call.line, by_line), folder, tracked):
            entry = uses.setdefault(rel, [None, None, None])
            entry[slot] = call.line if entry[slot] is None else min(entry[slot], call.line)

    for name, call in unit.resolved:
        last = name.rsplit(".", 1)[-1]
        if EXISTENCE.search(name):
            receiver = call.name.rsplit(".", 1)[0] if "." in call.name else ""
            if call.args:
                note(call.args[0], call, 1)
            elif receiver.endswith("()"):
                maker = next((c for c in by_line.get(call.line, []) if c.name == receiver[:-2] and c.args), None)
                note(maker.args[0] if maker else None, call, 1)
            elif receiver.isidentifier():
                note(Value("name", name=receiver), call, 1)
        elif last in WRITERS or (last == "open" and _writes(call)):
            if call.scope not in fetching_scopes:  # the path is first (to_csv, np.save) or second (joblib.dump, torch.save)
                for value in [*call.args[:2], *(v for key, v in call.keywords if key in ("path", "filename", "fname", "f"))]:
                    note(value, call, 0)
        elif last in READERS:
            note(call.args[0] if call.args else None, call, 2)
        elif not NOT_MAKING.search(name) and call.scope not in fetching_scopes:
            for value in call.args[1:]:  # make_rois(source, 'rois.pkl'): a file given to the code that makes it
                note(value, call, 0)
    return uses


def _writes(call: Call) -> bool:
    mode = call.argument(1, "mode")
    return mode is not None and bool(mode.text) and any(c in mode.text for c in "wax")


def _path_text(unit: Unit, value: Value | None, line: int, by_line: dict[int, list[Call]], depth: int = 0) -> str | None:
    """The path a value names, with {} where a part is not known (an f-string's field, a variable)."""
    if value is None or depth > 3:
        return None
    if value.text is not None:
        return value.text
    if value.kind == "name":
        assignments = unit.python.assignments
        return _path_text(unit, assignments.get(f"{value.name}#path") or assignments.get(value.name), line, by_line, depth + 1)
    if value.kind == "call" and depth == 0 and value.name.rsplit(".", 1)[-1] in ("join", "Path"):
        joined = next((c for c in by_line.get(line, []) if c.name == value.name and c.args), None)
        if joined is not None:
            parts = [_path_text(unit, part, line, by_line, depth + 1) or "{}" for part in joined.args]
            return "/".join(parts) if any(part != "{}" for part in parts) else None
    return None


def _committed(path: str | None, folder: str, tracked: set[str]) -> list[str]:
    """The committed files a path in the code names, from the project's top or from the code's own folder: a file
    (its name has a suffix), never a folder, an absolute path or an address."""
    if not path or path.startswith(("/", "~")) or "://" in path or "\\" in path:
        return []
    name = path.rsplit("/", 1)[-1]
    if "." not in name.strip(".") or name.rsplit(".", 1)[-1] in ("", "{}") or name.startswith("{}"):
        return []
    candidates = {posixpath.normpath(path), posixpath.normpath(posixpath.join(folder, path))} - {".", ""}
    if "{}" not in path:
        if name.endswith(".ckpt"):  # a TensorFlow checkpoint's prefix: the files are PREFIX.index, PREFIX.meta...
            return sorted(rel for rel in tracked if any(rel.startswith(c + ".") and CHECKPOINT_PARTS.search(rel) for c in candidates))
        return sorted(c for c in candidates if c in tracked)
    patterns = [re.compile("[^/]*".join(map(re.escape, c.split("{}"))) + "$") for c in candidates]
    return sorted(rel for rel in tracked if any(p.match(rel) for p in patterns))


# Folders named for what a run makes (not images/ or docs/: a README's pictures are not results).
RESULT_FOLDERS = frozenset({"results", "result", "outputs", "output", "out", "figures", "figs", "plots", "models",
                            "checkpoints", "weights", "predictions", "submissions"})


def _ignored(found: ProjectFacts, rel: str) -> bool:
    if not found.gitignore:
        return False
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(found.gitignore.splitlines()).match_file(rel)


@facts("git")
def git_facts(found: ProjectFacts) -> list[Fact]:
    if found.git is None:
        return [Fact("Git", found.git_problem or "not a repository")]
    return [Fact("Tracked files", str(len(found.git.tracked))),
            Fact("Untracked, not ignored", str(len(found.git.untracked))),
            Fact("Committed results", _committed_results(found))]


def _committed_results(found: ProjectFacts) -> str:
    """Folders named for results (results/, figures/, models/...) and how many committed files each holds: kept
    on purpose they are evidence a re-run can be compared with; the audit reports them only when a run reuses them."""
    counts: dict[str, int] = {}
    code_folders = {f.folder for f in found.files if filetypes.is_code(f)}
    for rel in found.git.tracked:
        parts = rel.split("/")[:-1]
        if not any(name.lower() in RESULT_FOLDERS for name in parts):
            continue
        file = found.file(rel)
        if file is None or filetypes.is_code(file) or filetypes.is_documentation(file) or file.name.startswith((".", "__init__")):
            continue  # a models/ package of code, a README: not what a run made
        if filetypes.is_config(file) and file.folder in code_folders:
            continue  # the settings of the code beside it (dbt's models/schema.yml beside its SQL): source, not results
        for depth, name in enumerate(parts):
            if name.lower() in RESULT_FOLDERS:
                folder = "/".join(parts[: depth + 1]) + "/"
                counts[folder] = counts.get(folder, 0) + 1
                break
    if not counts:
        return "none"
    shown = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join(f"{folder} ({count} file{'s' if count != 1 else ''})" for folder, count in shown[:8])
    return text + (f" and {len(shown) - 8} more folders" if len(shown) > 8 else "")
