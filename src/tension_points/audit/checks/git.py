"""Version-control checks, from what Git said in the read phase: under version control, uncommitted changes,
generated files committed.

A file the code reads is an input, whatever its name says: predictions.csv
read by a notebook is data, not a committed output.
"""

from __future__ import annotations

import re

from tension_points.audit.checks import check, facts
from tension_points.audit.facts import ProjectFacts
from tension_points.audit.model import Fact, Finding, Location
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
                   "coverage.xml": "coverage report", "nohup.out": "console log"}
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
            names = {v.text.rsplit("/", 1)[-1] for v in call.args[:1] if v.text}
            mode = call.argument(1, "mode")
            writes = last in WRITERS or (last == "open" and mode is not None and mode.text and any(c in mode.text for c in "wax"))
            (written if writes else read).update(names)
    return read - written


@check("git-generated-outputs")
def generated_outputs(found: ProjectFacts) -> list[Finding] | None:
    if found.git is None:
        return None
    mentioned = None
    findings = []
    for paths, state in ((found.git.tracked, "committed"), (found.git.untracked, "not ignored")):
        paths = [p for p in paths if not found.excluded_path(p)]
        environments = environment_folders_in(paths)
        counts: dict[tuple[str, str], int] = {}
        for rel in paths:
            generated = _generated_root(rel, environments)
            if generated and generated[1] in ARTEFACTS:
                if _stored_elsewhere(found, rel):
                    continue
                if mentioned is None:
                    mentioned = _inputs(found)
                if rel.rsplit("/", 1)[-1] in mentioned:
                    continue  # the code reads it by name: an input, not an output left behind
            if generated:
                counts[generated] = counts.get(generated, 0) + 1
        for (root, what), count in sorted(counts.items()):
            files = (" (1 file)" if count == 1 else f" ({count} files)") if root.endswith("/") else ""
            if what in ARTEFACTS or what == "logs and test output":
                files = f" ({count} file{'s' if count != 1 else ''})"
            findings.append(Finding("git-generated-outputs", state, f"{what}{files}, {state}", Location(root)))
    return findings


@facts("git")
def git_facts(found: ProjectFacts) -> list[Fact]:
    if found.git is None:
        return [Fact("Git", found.git_problem or "not a repository")]
    return [Fact("Tracked files", str(len(found.git.tracked))),
            Fact("Untracked, not ignored", str(len(found.git.untracked)))]
