"""Start-up cost the kit has no use for, or no use for yet."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

# jsonschema imports rfc3987-syntax when it is installed (Jupyter's packages pull it in) to
# check the "iri" format, and that module compiles a Lark grammar on import: about 0.9 s on
# every sphinx-build and every command, measured with ``python -X importtime``. The kit's
# schemas are checked without a FormatChecker, so it never checks that format.
UNUSED_SLOW_IMPORTS = ("rfc3987_syntax",)

# MyST-NB imports its notebook execution stack (jupyter-cache with SQLAlchemy, nbclient,
# jupyter-client: about 0.6 s of a 2-core machine, measured with ``python -X importtime``)
# when Sphinx loads it, though only a notebook page read in this build (new or changed)
# is ever executed or looked up in the cache.
NOTEBOOK_EXECUTION = "myst_nb.core.execute"
# What the package takes from its light base module, which needs none of that stack.
NOTEBOOK_EXECUTION_BASE = ("ExecutionError", "ExecutionResult", "NotebookClientBase")


def skip_unused_slow_imports() -> None:
    """Mark those modules missing before jsonschema is first imported; jsonschema then
    leaves the formats they check unchecked (it treats a missing one as optional)."""
    for name in UNUSED_SLOW_IMPORTS:
        sys.modules.setdefault(name, None)


def defer_notebook_execution() -> None:
    """Until a notebook is read, a stand-in takes the place of ``myst_nb.core.execute``.

    The stand-in gives the names of the package's base module (imported as usual) and a
    ``create_client`` that imports the real package, with its execution stack, the first time
    a notebook needs a client. Call it before Sphinx loads MyST-NB; without MyST-NB, or once
    the package is imported, it does nothing.
    """
    if NOTEBOOK_EXECUTION in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(NOTEBOOK_EXECUTION)
    except ModuleNotFoundError:
        return
    if spec is None or spec.submodule_search_locations is None:
        return
    stand_in = ModuleType(NOTEBOOK_EXECUTION, defer_notebook_execution.__doc__)
    stand_in.__path__ = list(spec.submodule_search_locations)  # its submodules import from the real folder
    stand_in.tp_stand_in = True

    def create_client(*args, **kwargs):
        return load_notebook_execution().create_client(*args, **kwargs)

    def __getattr__(name: str):
        if name in NOTEBOOK_EXECUTION_BASE:
            return getattr(importlib.import_module(f"{NOTEBOOK_EXECUTION}.base"), name)
        return getattr(load_notebook_execution(), name)

    stand_in.create_client = create_client
    stand_in.__getattr__ = __getattr__
    sys.modules[NOTEBOOK_EXECUTION] = stand_in
    parent, _, child = NOTEBOOK_EXECUTION.rpartition(".")
    setattr(sys.modules[parent], child, stand_in)


def load_notebook_execution() -> ModuleType:
    """The real ``myst_nb.core.execute``, imported now if the stand-in still holds its place."""
    module = sys.modules.get(NOTEBOOK_EXECUTION)
    if module is None or getattr(module, "tp_stand_in", False):
        sys.modules.pop(NOTEBOOK_EXECUTION, None)
        module = importlib.import_module(NOTEBOOK_EXECUTION)
    return module


def import_deferred() -> None:
    """Import now what ``defer_notebook_execution`` put off, if it did: for a long-lived
    process, whose forked children then start with it imported."""
    if getattr(sys.modules.get(NOTEBOOK_EXECUTION), "tp_stand_in", False):
        load_notebook_execution()
