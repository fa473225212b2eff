"""Which files hold code, configuration, notebooks or data: decided by name, never by running anything."""

from __future__ import annotations

import functools
import re

from tension_points.audit.read.walker import ProjectFile

PYTHON_SUFFIXES = frozenset({".py", ".pyw", ".ipy"})
OTHER_CODE_SUFFIXES = frozenset({
    ".r", ".rmd", ".qmd", ".jl", ".sh", ".bash", ".zsh", ".sql", ".scala", ".java", ".js", ".mjs",
    ".ts", ".go", ".rs", ".m", ".c", ".cc", ".cpp", ".h", ".hpp", ".rb", ".pl", ".ps1", ".bat", ".cmd",
})
CONFIG_SUFFIXES = frozenset({".yml", ".yaml", ".toml", ".cfg", ".ini", ".conf", ".env", ".properties"})
CONFIG_NAMES = frozenset({"Makefile", "makefile", "GNUmakefile", "Snakefile", "justfile", "Procfile", ".env"})
# Files whose values are typically unquoted (KEY=value).
KEY_VALUE_SUFFIXES = frozenset({".env", ".ini", ".cfg", ".conf", ".properties", ".yml", ".yaml"})
DATA_SUFFIXES = frozenset({
    ".csv", ".tsv", ".parquet", ".feather", ".arrow", ".h5", ".hdf5", ".hdf", ".nc", ".npy", ".npz",
    ".pkl", ".pickle", ".joblib", ".db", ".sqlite", ".sqlite3", ".xls", ".xlsx", ".sav", ".dta", ".rds",
    ".rdata", ".mat", ".avro", ".orc", ".xml", ".jsonl", ".ndjson", ".geojson", ".shp", ".tif", ".tiff",
    ".pt", ".pth", ".ckpt", ".onnx", ".safetensors", ".bin", ".model", ".gz", ".bz2", ".xz", ".zip",
    ".tar", ".7z", ".zst",
})
BINARY_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".webp", ".svgz", ".pdf", ".woff", ".woff2", ".ttf",
    ".otf", ".eot", ".mp3", ".mp4", ".wav", ".avi", ".mov", ".so", ".dylib", ".dll", ".exe", ".pyc",
    ".whl", ".jar", ".class", ".o", ".a", ".docx", ".pptx",
})


DOCUMENTATION_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".txt", ".adoc", ".org", ".html", ".htm", ".tex"})
# train_test.py is training code that splits into train and test sets, not a test of anything.
# swifter_tests.py, model_tests.py: a suite named by the plural.
TEST_FILE = re.compile(r"(?:^|/)(?:test_[^/]*\.py|[^/]*(?<![Tt]rain)_test\.py|[^/]*_tests\.py|tests\.py|test-[^/]*\.R|test_[^/]*\.R"
                       r"|conftest\.py)$")
# .tests/ is where Snakemake's --generate-unit-tests writes each rule's fixtures.
TEST_FOLDER = re.compile(r"(?:^|/)\.?(?:tests?|testthat)/")


@functools.lru_cache(maxsize=None)
def is_test(rel: str) -> bool:
    """Test code and test fixtures: tests/, test/, test_*.py, *_test.py, conftest.py."""
    if "test" not in rel:  # every shape of both patterns holds it: most paths need neither pattern tried
        return False
    return bool(TEST_FOLDER.search(rel) or TEST_FILE.search(rel))


def is_documentation(file: ProjectFile) -> bool:
    return file.suffix in DOCUMENTATION_SUFFIXES and not file.name.startswith(("requirements", "constraints"))


def is_notebook(file: ProjectFile) -> bool:
    return file.suffix == ".ipynb"


def is_python(file: ProjectFile) -> bool:
    return file.suffix in PYTHON_SUFFIXES


def is_code(file: ProjectFile) -> bool:
    return file.suffix in PYTHON_SUFFIXES or file.suffix in OTHER_CODE_SUFFIXES


def is_config(file: ProjectFile) -> bool:
    return file.suffix in CONFIG_SUFFIXES or file.name in CONFIG_NAMES or file.name.startswith(".env.")


def is_data(file: ProjectFile) -> bool:
    return file.suffix in DATA_SUFFIXES


def may_hold_secrets(file: ProjectFile) -> bool:
    """Every text file can leak a key; data and binary formats are left to dedicated scanners."""
    return file.suffix not in DATA_SUFFIXES and file.suffix not in BINARY_SUFFIXES


def category(file: ProjectFile) -> str:
    """The kind of file, as checks name what they read (``reads=``): python, notebook, spec, code, config, text, data."""
    from tension_points.audit.parse.specs import is_spec_name

    if file.suffix == ".ipynb":
        return "notebook"
    if is_spec_name(file.name, file.folder):
        return "spec"
    if file.suffix in PYTHON_SUFFIXES:
        return "python"
    if is_code(file):
        return "code"
    if is_config(file):
        return "config"
    if is_data(file) or file.suffix in BINARY_SUFFIXES:
        return "data"
    return "text"
