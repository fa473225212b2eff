"""Which distribution installs an import name, and what comes with a declared distribution.

The table of import names is made from maintained public data (pigar's
database of PyPI top-level names, bounded to the 15,000 most downloaded
distributions: ``data/audit/import_names.tsv``, ``tools/make_import_names.py``).
A distribution whose import name is its own name needs no row.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from importlib import resources

from packaging.utils import canonicalize_name

# Names the table cannot know: conda's own package names, namespace packages pigar records by their
# distribution's name, and metapackages that install a whole distribution.
CONDA_AND_NAMESPACE = {
    "torch": ("pytorch", "pytorch-cpu", "pytorch-gpu", "pytorch-cuda"), "xgboost": ("py-xgboost", "py-xgboost-cpu", "py-xgboost-gpu"), "google": ("protobuf",), "cv2": ("opencv", "libopencv", "py-opencv"),
    "tensorflow": ("tensorflow-cpu", "tensorflow-gpu", "tensorflow-macos", "tf-nightly"), "tables": ("pytables",),
    "IPython": ("jupyter", "notebook", "jupyterlab", "ipykernel"), "sklearn": ("scikit-learn-intelex",),
    "lightgbm": ("py-lightgbm",), "psycopg2": ("psycopg2-binary",), "graphviz": ("python-graphviz",),
}
# Distributions that install a whole scientific Python distribution.
EVERYTHING = frozenset({"anaconda"})
# Dependencies a distribution installed with it until a release dropped them: (distribution, import name): (the release
# that stopped, its release notes). Code importing one relies on it only while the distribution is held below that release.
DROPPED = {("pandas", "pytz"): ("3.0", "https://pandas.pydata.org/docs/whatsnew/v3.0.0.html")}
# What a declared distribution installs with it, by import name: dependencies every release has had.
PROVIDES = {
    "pandas": {"numpy", "dateutil"}, "scipy": {"numpy"},
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


# Modules a hosted notebook service gives its kernels, which no package index installs: google.colab is
# Colab's runtime (not google-auth's), kaggle_secrets Kaggle's. Code importing them runs only there.
HOSTED_RUNTIME_MODULES = ("google.colab", "kaggle_secrets", "kaggle_datasets", "kaggle_web_client")


def hosted_runtime(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in HOSTED_RUNTIME_MODULES)


def normalise(name: str) -> str:
    return canonicalize_name(name)


# Distributions the table lacks for an import name, to suggest before its rows (pigar records Airflow's providers,
# which also install under airflow/, and not Airflow itself).
MAIN_DISTRIBUTION = {"airflow": "apache-airflow"}
# Conda's names for packages: they match a declaration, never a suggestion for pip.
CONDA_ONLY = frozenset(normalise_name for names in CONDA_AND_NAMESPACE.values() for normalise_name in names
                       if normalise_name.startswith(("py-", "pytorch", "lib", "python-graphviz", "pytables", "opencv")))
# A distribution named after an import with a word for a build or a wrapper: the import name is its own distribution.
VARIANT = re.compile(r"^(?P<base>[a-z0-9]+(?:-[a-z0-9]+)*?)-(?:cpu|gpu|cuda\d*|cu\d+|binary|headless|nightly|core|slim|lite|bin)$")
# Affixes a declared distribution's name may carry around the import name it installs (apache-airflow, edinet-python).
AFFIXES = re.compile(r"^(?:python-|py-|apache-)|(?:-python|-py|-py3|-sdk|-client)$")


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
    """The distribution to suggest for an import: the most downloaded one on the package index that installs it
    (never a conda name; the import's own name when the first is only a build of it, such as xgboost-cpu)."""
    if import_name in MAIN_DISTRIBUTION:
        return MAIN_DISTRIBUTION[import_name]
    own = normalise(import_name)
    table = [name for name in distributions_by_import().get(import_name, ()) if name not in CONDA_ONLY]
    if not table:
        return own
    variant = VARIANT.match(table[0])
    return own if variant and variant.group("base") == own else table[0]


# A top-level name this many distributions install is a shared namespace (azure, azureml, google, dbt): the name
# alone does not say which of them the code needs.
SHARED_NAMESPACE = 3
MANY_PROVIDERS = 8  # a bare `import azureml` (13 distributions), `import google` (129): no one of them to name


def named_distribution(import_name: str, modules: tuple[str, ...] = ()) -> str:
    """What to call the distribution an import needs, for a message: "package scikit-learn"; for a namespace several
    distributions share, the ones its full module paths name by the namespace convention (azureml.core: azureml-core;
    azure.storage.blob: azure-storage-blob), else "a package providing azureml" with the commonest ones."""
    table = [name for name in distributions_by_import().get(import_name, ()) if name not in CONDA_ONLY]
    package = likely_distribution(import_name)
    own = "" if normalise(import_name) == package else f"package {package}"
    if import_name in MAIN_DISTRIBUTION or len(table) < SHARED_NAMESPACE:
        return own
    known = set(table)
    named: list[str] = []
    for module in sorted(set(modules), key=lambda m: (-m.count("."), m)):
        parts = module.split(".")
        for length in range(len(parts), 1, -1):
            candidate = normalise("-".join(parts[:length]))
            if candidate in known:
                if candidate not in named:
                    named.append(candidate)
                break
    if named:
        shown = sorted(named)[:3]
        more = f" and {len(named) - 3} more" if len(named) > 3 else ""
        return (f"package {shown[0]}" if len(named) == 1 else f"packages {', '.join(shown)}{more}")
    if len(table) < MANY_PROVIDERS:  # builds of one package (opencv-python, opencv-python-headless): the commonest
        return own
    return (f"a package providing {import_name}: {len(table)} distributions install it, such as "
            f"{', '.join(table[:2])}")


def is_declared(import_name: str, declared: set[str]) -> bool:
    """Does a declared distribution (canonical names) install ``import_name``, or bring it along? A name that is
    the import's with an affix (apache-airflow, edinet-python, python-dateutil) counts as installing it."""
    if declared & EVERYTHING:
        return True
    if any(candidate in declared for candidate in providers(import_name)):
        return True
    own = normalise(import_name)
    if any(AFFIXES.sub("", distribution) == own for distribution in declared):
        return True
    return any(import_name in PROVIDES.get(distribution, ()) for distribution in declared)
