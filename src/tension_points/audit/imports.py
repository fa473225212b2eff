"""Imports no specification declares: the first thing that fails when someone else re-runs the code.

Imports are read as text from scripts, modules and notebook cells. The
standard library, the project's own modules and packages installed along with
a declared one (NumPy with pandas) are not asked for.
"""

from __future__ import annotations

import re
import sys

from tension_points.audit import scanning
from tension_points.audit.context import AuditContext
from tension_points.audit.environment import analysis, normalise
from tension_points.audit.model import Finding, Location
from tension_points.audit.registry import check

# Import names whose package is called something else (any one of these declares it).
PACKAGES_OF = {
    "sklearn": ("scikit-learn",), "cv2": ("opencv-python", "opencv-python-headless", "opencv-contrib-python", "opencv"),
    "PIL": ("pillow",), "yaml": ("pyyaml",), "bs4": ("beautifulsoup4",), "skimage": ("scikit-image",),
    "dateutil": ("python-dateutil",), "dotenv": ("python-dotenv",), "Crypto": ("pycryptodome",), "attr": ("attrs",),
    "jwt": ("pyjwt",), "git": ("gitpython",), "github": ("pygithub",), "MySQLdb": ("mysqlclient",),
    "psycopg2": ("psycopg2", "psycopg2-binary"), "torch": ("torch", "pytorch"), "xgboost": ("xgboost", "py-xgboost"),
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tensorflow-gpu", "tensorflow-macos"),
    "IPython": ("ipython", "jupyter", "notebook", "jupyterlab", "ipykernel"), "umap": ("umap-learn",),
    "fitz": ("pymupdf",), "Bio": ("biopython",), "zmq": ("pyzmq",), "pkg_resources": ("setuptools",),
    "mpl_toolkits": ("matplotlib",), "docx": ("python-docx",), "pptx": ("python-pptx",), "slugify": ("python-slugify",),
    "google": ("protobuf", "google-cloud-storage", "google-cloud-bigquery", "google-api-python-client", "google-auth", "tensorflow"),
    "tables": ("tables", "pytables"), "Levenshtein": ("levenshtein", "python-levenshtein"), "serial": ("pyserial",),
    "magic": ("python-magic",), "lightgbm": ("lightgbm",), "sentence_transformers": ("sentence-transformers",),
}
# What a declared package installs with it, by import name.
PROVIDES = {
    "pandas": {"numpy", "dateutil", "pytz"}, "scipy": {"numpy"},
    "scikit-learn": {"numpy", "scipy", "joblib", "threadpoolctl"},
    "matplotlib": {"numpy", "PIL", "dateutil", "mpl_toolkits", "pyparsing", "cycler", "kiwisolver"},
    "seaborn": {"matplotlib", "pandas", "numpy", "mpl_toolkits"},
    "statsmodels": {"numpy", "scipy", "pandas", "patsy"},
    "xgboost": {"numpy", "scipy"}, "py-xgboost": {"numpy", "scipy"}, "lightgbm": {"numpy", "scipy"},
    "catboost": {"numpy", "scipy", "pandas", "graphviz", "plotly", "matplotlib"},
    "torchvision": {"torch", "PIL", "numpy"}, "pytorch-lightning": {"torch", "yaml", "tqdm"},
    "tensorflow": {"numpy", "keras", "google", "tensorboard", "h5py"}, "keras": {"numpy", "h5py"},
    "transformers": {"numpy", "tokenizers", "huggingface_hub", "tqdm", "yaml", "requests", "regex", "safetensors", "filelock"},
    "jupyter": {"IPython", "ipykernel", "ipywidgets", "jinja2", "tornado", "traitlets", "nbformat", "nbconvert",
                "jupyter_client", "jupyter_core", "notebook"},
    "jupyterlab": {"IPython", "ipykernel", "jinja2", "tornado", "traitlets", "nbformat", "nbconvert", "jupyter_client",
                   "jupyter_core", "notebook"},
    "notebook": {"IPython", "ipykernel", "jinja2", "tornado", "traitlets", "nbformat", "nbconvert", "jupyter_client",
                 "jupyter_core"},
    "nbconvert": {"nbformat", "jinja2", "traitlets", "mistune", "bleach"}, "sphinx": {"docutils", "jinja2", "pygments"},
    "cookiecutter": {"jinja2", "yaml", "click", "requests", "slugify", "arrow", "rich", "binaryornot"},
    "requests": {"urllib3", "certifi", "idna", "charset_normalizer"},
    "flask": {"werkzeug", "jinja2", "click", "itsdangerous", "markupsafe"}, "fastapi": {"pydantic", "starlette"},
    "spacy": {"numpy", "tqdm", "requests", "pydantic", "jinja2"}, "nltk": {"tqdm", "regex", "joblib", "click"},
    "gensim": {"numpy", "scipy", "smart_open"}, "shap": {"numpy", "scipy", "pandas", "sklearn", "tqdm", "numba", "cloudpickle"},
    "torch": {"typing_extensions", "filelock", "sympy", "networkx", "jinja2", "fsspec"},
    "pydantic": {"typing_extensions", "annotated_types", "pydantic_core"},
    "mlflow": {"yaml", "requests", "click", "pandas", "numpy", "sqlalchemy", "flask", "packaging", "cloudpickle", "sklearn",
               "scipy", "matplotlib", "git", "docker", "alembic", "markdown", "jinja2", "pyarrow", "typing_extensions"},
    "ray": {"yaml", "requests", "click", "filelock", "packaging", "jsonschema", "msgpack", "typing_extensions",
            "pyarrow", "pandas", "numpy", "fsspec", "aiohttp", "pydantic", "grpc"},
    "numba": {"numpy", "llvmlite"}, "plotly": {"packaging"}, "dask": {"yaml", "toolz", "cloudpickle", "fsspec"},
}
# Whatever Python comes with, and what a Jupyter kernel always has.
# Python 2's standard library too: old scripts import it, and no package provides it.
PYTHON2_STDLIB = {"SocketServer", "ConfigParser", "Queue", "StringIO", "cStringIO", "cPickle", "urllib2", "urlparse",
                  "httplib", "HTMLParser", "Tkinter", "__builtin__", "commands", "SimpleHTTPServer", "BaseHTTPServer",
                  "cookielib", "thread", "dummy_thread", "copy_reg", "repr", "md5", "sha", "sets", "exceptions"}
ALWAYS_THERE = (frozenset(sys.stdlib_module_names) | PYTHON2_STDLIB
                | {"__future__", "IPython", "ipykernel", "pip", "setuptools", "pkg_resources"})
WRITTEN_BY_NOTEBOOK = re.compile(r"(?m)^[ \t]*%%(?:file|writefile)[ \t]+(?:-a[ \t]+)?([\w./-]+)\.py\b")
PROJECT_FILES = frozenset({"pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "environment.yml", "Pipfile"})
EVERYTHING = frozenset({"anaconda"})  # metapackages that install a whole distribution


def _local_names(context: AuditContext) -> set[str]:
    """The project's own modules and packages: every folder name and Python file stem."""
    names = set()
    for file in context.files:
        parts = file.rel.split("/")
        names.update(parts[:-1])
        if file.suffix in (".py", ".pyx", ".so", ".pyd"):
            names.add(file.name.split(".", 1)[0])
    return names


def nested_projects(context: AuditContext, used: set[str]) -> list[str]:
    """Subfolders that are projects of their own (a template's {{ cookiecutter.repo_name }}/, an example
    with its own pyproject.toml): their imports answer to their own declarations, not this project's."""
    folders = {f.folder for f in context.files if f.folder and f.name in PROJECT_FILES and f.rel not in used}
    folders |= {f.rel.split("/")[0] for f in context.files if f.rel.startswith(("{{", "{%"))}
    return sorted(folders)


def in_any(rel: str, folders: list[str]) -> bool:
    return any(rel.startswith(folder + "/") for folder in folders)


def _notebook_imports(context: AuditContext) -> tuple[dict[str, tuple[Location, int]], set[str]]:
    from tension_points.audit.notebooks import notebooks

    found: dict[str, tuple[Location, int]] = {}
    installed: set[str] = set()
    if not context.has_notebooks():
        return found, installed
    for nb in notebooks(context):
        seen = set()
        for cell in nb.code_cells:
            installed |= {name.rsplit("/", 1)[-1] for name in WRITTEN_BY_NOTEBOOK.findall(cell.source)}  # %%file x.py
            installed |= {normalise(name) for name in scanning.inline_installs(cell.source)}
            for name, position in scanning.imports(cell.source).items():
                if name in seen:
                    continue
                seen.add(name)
                line = cell.source.count("\n", 0, position) + 1
                location, count = found.get(name, (Location(nb.file.rel, line, cell.number), 0))
                found[name] = (location, count + 1)
    return found, installed


def _first_import(context: AuditContext, rel: str, name: str) -> Location:
    """Where ``rel`` first imports ``name`` (read again: only files with a finding get this far)."""
    file = context.file(rel)
    text = context.read_text(file) if file else None
    position = scanning.imports(text).get(name) if text else None
    return Location(rel, text.count("\n", 0, position) + 1 if position is not None else None)


def _declared(name: str, declared: set[str]) -> bool:
    candidates = PACKAGES_OF.get(name, ()) + (name,)
    if any(normalise(candidate) in declared for candidate in candidates):
        return True
    return any(name in PROVIDES.get(package, ()) for package in declared)


@check("env-imports-declared")
def imports_declared(context: AuditContext) -> list[Finding] | None:
    from tension_points.audit.code import python_imports

    found = analysis(context)
    if not found.declaring:
        return None  # env-spec-present already fails: there is nothing to compare with
    python, python_files = python_imports(context)
    in_notebooks, installed = _notebook_imports(context)
    if not python and not in_notebooks:
        return None
    declared = found.declared | installed
    if declared & EVERYTHING:
        return []
    local = _local_names(context) | installed
    nested = nested_projects(context, {f.rel for f in found.spec_files})  # already left out of `python`
    in_notebooks = {name: entry for name, entry in in_notebooks.items() if not in_any(entry[0].path, nested)}
    everywhere: dict[str, tuple[Location | str, int]] = {name: (rel, python_files[name]) for name, rel in python.items()}
    for name, (location, count) in in_notebooks.items():
        first, before = everywhere.get(name, (location, 0))
        everywhere[name] = (first, before + count)
    findings = []
    for name, (location, count) in sorted(everywhere.items()):
        if name in ALWAYS_THERE or name in local or name.startswith("_") or _declared(name, declared):
            continue
        if isinstance(location, str):
            location = _first_import(context, location, name)
        package = PACKAGES_OF.get(name, (name,))[0]
        called = f" (package {package})" if normalise(package) != normalise(name) else ""
        files = f", in {count} files" if count > 1 else ""
        findings.append(Finding("env-imports-declared", "undeclared import",
                                f"imports {name}{called}{files}; no specification declares it", location))
    return findings
