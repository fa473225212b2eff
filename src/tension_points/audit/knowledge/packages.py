"""Which distribution installs an import name, and what comes with a declared distribution.

The table of import names is made from maintained public data (pigar's
database of PyPI top-level names, bounded to the 15,000 most downloaded
distributions: ``data/audit/import_names.tsv``, ``tools/make_import_names.py``).
A distribution whose import name is its own name needs no row.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources

from packaging.utils import canonicalize_name

# Names the table cannot know: conda's own package names, namespace packages pigar records by their
# distribution's name, and metapackages that install a whole distribution.
CONDA_AND_NAMESPACE = {
    "torch": ("pytorch",), "xgboost": ("py-xgboost",), "google": ("protobuf",), "cv2": ("opencv", "libopencv", "py-opencv"),
    "tensorflow": ("tensorflow-cpu", "tensorflow-gpu", "tensorflow-macos", "tf-nightly"), "tables": ("pytables",),
    "IPython": ("jupyter", "notebook", "jupyterlab", "ipykernel"), "sklearn": ("scikit-learn-intelex",),
    "lightgbm": ("py-lightgbm",), "psycopg2": ("psycopg2-binary",), "graphviz": ("python-graphviz",),
}
# Distributions that install a whole scientific Python distribution.
EVERYTHING = frozenset({"anaconda"})
# What a declared distribution installs with it, by import name: dependencies every release has had.
PROVIDES = {
    "pandas": {"numpy", "dateutil", "pytz"}, "scipy": {"numpy"},
    "scikit-learn": {"numpy", "scipy", "joblib"}, "matplotlib": {"numpy", "dateutil", "mpl_toolkits", "pyparsing", "cycler",
                                                                  "kiwisolver", "pylab"},
    "seaborn": {"matplotlib", "pandas", "numpy", "mpl_toolkits"}, "statsmodels": {"numpy", "scipy", "pandas", "patsy"},
    "xgboost": {"numpy", "scipy"}, "py-xgboost": {"numpy", "scipy"}, "lightgbm": {"numpy", "scipy"},
    "torchvision": {"torch", "numpy"}, "pytorch-lightning": {"torch", "yaml"}, "lightning": {"torch", "yaml"},
    "tensorflow": {"numpy", "keras", "google", "tensorboard", "h5py"}, "keras": {"numpy"},
    "transformers": {"numpy", "tokenizers", "huggingface_hub", "tqdm", "yaml", "requests", "regex", "filelock"},
    "jupyter": {"IPython", "ipykernel", "ipywidgets", "jinja2", "tornado", "traitlets", "nbformat", "nbconvert",
                "jupyter_client", "jupyter_core", "notebook"},
    "jupyterlab": {"IPython", "ipykernel", "jinja2", "tornado", "traitlets", "nbformat", "nbconvert", "jupyter_client",
                   "jupyter_core", "notebook"},
    "notebook": {"IPython", "ipykernel", "jinja2", "tornado", "traitlets", "nbformat", "nbconvert", "jupyter_client",
                 "jupyter_core"},
    "nbconvert": {"nbformat", "jinja2", "traitlets", "mistune", "bleach"}, "sphinx": {"docutils", "jinja2", "pygments"},
    "cookiecutter": {"jinja2", "yaml", "click", "requests", "slugify", "arrow", "binaryornot"},
    "requests": {"urllib3", "certifi", "idna"}, "flask": {"werkzeug", "jinja2", "click", "itsdangerous", "markupsafe"},
    "fastapi": {"pydantic", "starlette"}, "spacy": {"numpy", "tqdm", "requests", "jinja2"},
    "nltk": {"tqdm", "regex", "joblib", "click"}, "gensim": {"numpy", "scipy", "smart_open"},
    "shap": {"numpy", "scipy", "pandas", "sklearn", "tqdm", "numba", "cloudpickle"},
    "torch": {"typing_extensions", "filelock", "sympy", "networkx", "jinja2", "fsspec"},
    "mlflow": {"yaml", "requests", "click", "pandas", "numpy", "sqlalchemy", "flask", "packaging", "cloudpickle", "sklearn",
               "scipy", "matplotlib", "git", "docker", "alembic", "markdown", "jinja2", "pyarrow"},
    "ray": {"yaml", "requests", "click", "filelock", "packaging", "jsonschema", "msgpack", "numpy", "pyarrow", "pandas"},
    "numba": {"numpy", "llvmlite"}, "dask": {"yaml", "toolz", "cloudpickle", "fsspec"},
    "plotnine": {"matplotlib", "pandas", "numpy", "scipy", "statsmodels", "mizani"},
    "tensorflow-serving-api": {"tensorflow", "grpc", "google"}, "grpcio-tools": {"grpc", "google"},
}
# Python 2's standard library too: old scripts import it, and no package provides it.
PYTHON2_STDLIB = frozenset({"SocketServer", "ConfigParser", "Queue", "StringIO", "cStringIO", "cPickle", "urllib2", "urlparse",
                            "httplib", "HTMLParser", "Tkinter", "__builtin__", "commands", "SimpleHTTPServer", "BaseHTTPServer",
                            "cookielib", "thread", "dummy_thread", "copy_reg", "repr", "md5", "sha", "sets", "exceptions",
                            "tkMessageBox", "urllib2", "htmlentitydefs", "robotparser", "xmlrpclib", "anydbm", "dbhash"})
# Whatever Python comes with, and what a Jupyter kernel always has.
ALWAYS_THERE = (frozenset(sys.stdlib_module_names) | PYTHON2_STDLIB
                | {"__future__", "__main__", "IPython", "ipykernel", "pip", "setuptools", "pkg_resources", "distutils"})


def normalise(name: str) -> str:
    return canonicalize_name(name)


@cache
def distributions_by_import() -> dict[str, tuple[str, ...]]:
    """Import name: the distributions that install it, most downloaded first."""
    text = resources.files("tension_points").joinpath("data/audit/import_names.tsv").read_text(encoding="utf-8")
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        distribution, _, modules = line.partition("\t")
        for module in modules.split():
            found.setdefault(module, []).append(distribution)
    for module, extra in CONDA_AND_NAMESPACE.items():
        found.setdefault(module, []).extend(normalise(name) for name in extra)
    return {module: tuple(dict.fromkeys(names)) for module, names in found.items()}


def providers(import_name: str) -> tuple[str, ...]:
    """The distributions that may install ``import_name``: its own name, then the table's."""
    return (normalise(import_name), *distributions_by_import().get(import_name, ()))


def likely_distribution(import_name: str) -> str:
    """The distribution to suggest for an import: the most downloaded one that installs it."""
    table = distributions_by_import().get(import_name)
    return table[0] if table else normalise(import_name)


def is_declared(import_name: str, declared: set[str]) -> bool:
    """Does a declared distribution (canonical names) install ``import_name``, or bring it along?"""
    if declared & EVERYTHING:
        return True
    if any(candidate in declared for candidate in providers(import_name)):
        return True
    return any(import_name in PROVIDES.get(distribution, ()) for distribution in declared)
