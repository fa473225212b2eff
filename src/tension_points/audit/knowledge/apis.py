"""Removed packages and functions, and functions new from a version on, judged against declared versions.

The facts live in ``data/audit/apis.yaml`` (each with its release notes); the
schema is checked by the test suite, the audit reads the file quickly at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from tension_points.datafiles import package_path, read_yaml


@dataclass(frozen=True)
class Removed:
    name: str
    package: str
    removed_in: str
    instead: str
    source: str
    called: bool = False  # only a call of the name itself counts: from the removal on the name is a module


@dataclass(frozen=True)
class RemovedMethod:
    """A method of a library's objects a release removed; found only in code that imports the package."""

    method: str
    package: str
    removed_in: str
    instead: str
    source: str
    subscript: bool = False  # found as X.method[...] (an attribute read by key), not as a call


@dataclass(frozen=True)
class Added:
    name: str
    package: str
    added_in: str
    source: str


@dataclass(frozen=True)
class DeadPackage:
    name: str
    instead: str
    why: str
    source: str


@dataclass(frozen=True)
class RemovedArgument:
    function: str
    package: str
    removed_in: str
    instead: str
    source: str
    keyword: str = ""
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class RetiredRPackage:
    name: str
    retired: str
    instead: str
    source: str


@dataclass(frozen=True)
class RemovedIdiom:
    fact: str  # the reading of the Python reader that finds it (a list of lines in PythonFacts)
    shown: str
    package: str
    removed_in: str
    instead: str
    why: str
    source: str


@dataclass(frozen=True)
class Knowledge:
    removed: tuple[Removed, ...]
    added: tuple[Added, ...]
    dead_packages: tuple[DeadPackage, ...]
    removed_arguments: tuple[RemovedArgument, ...] = ()
    retired_r_packages: tuple[RetiredRPackage, ...] = ()
    removed_idioms: tuple[RemovedIdiom, ...] = ()
    removed_methods: tuple[RemovedMethod, ...] = ()

    def removed_argument(self, name: str, call) -> RemovedArgument | None:
        """The argument of this call (resolved name, or a method of that name) a release removed."""
        for entry in self.removed_arguments:
            if name != entry.function:
                continue
            if entry.keyword and call.keyword(entry.keyword) is not None:
                return entry
            first = call.args[0].text if call.args else None
            if entry.values and first in entry.values:
                return entry
        return None

    def removed_for(self, name: str) -> Removed | None:
        return next((entry for entry in self.removed if (name == entry.name if entry.called else _covers(entry.name, name))),
                    None)

    def added_for(self, name: str) -> Added | None:
        return next((entry for entry in self.added if _covers(entry.name, name)), None)


def _covers(entry: str, name: str) -> bool:
    return name == entry or name.startswith(entry + ".")


@cache
def knowledge() -> Knowledge:
    data = read_yaml(package_path("data/audit/apis.yaml"))
    return Knowledge(tuple(Removed(**entry) for entry in data["removed"]), tuple(Added(**entry) for entry in data["added"]),
                     tuple(DeadPackage(**entry) for entry in data["dead_packages"]),
                     tuple(RemovedArgument(**{**entry, "values": tuple(entry.get("values", ()))})
                           for entry in data.get("removed_arguments", [])),
                     tuple(RetiredRPackage(**entry) for entry in data.get("retired_r_packages", [])),
                     tuple(RemovedIdiom(**entry) for entry in data.get("removed_idioms", [])),
                     tuple(RemovedMethod(**entry) for entry in data.get("removed_methods", [])))


@cache
def subscripted_attributes() -> frozenset[str]:
    """Attribute names the Python reader notes when read by key (G.node[n]): the removed methods found that way."""
    return frozenset(entry.method for entry in knowledge().removed_methods if entry.subscript)


def is_month(removed_in: str) -> bool:
    """A removal dated by month (2025-04): a package without releases, installed from its development branch."""
    return len(removed_in) == 7 and removed_in[4] == "-"


def conda_to_pep440(specifier: str) -> str:
    """conda's ``=1.2`` (any 1.2.x) and ``=1.2.3=build`` in PEP 440's words."""
    specifier = specifier.strip()
    if specifier.startswith("=") and not specifier.startswith("=="):
        version = specifier[1:].split("=")[0]
        return f"=={version}" if version.count(".") >= 2 else f"=={version}.*"
    return specifier


def allows_from(specifier: str, version: str) -> bool | None:
    """Does the declared specifier allow ``version`` or a later one? None when it cannot be read.

    Tried on the boundary, on each version the specifier names, and on the next release of each:
    enough to tell ``==0.19.2`` and ``<0.20`` (no) from ``>=0.18``, ``~=0.19`` and ``==0.21.*`` (yes)."""
    try:
        allowed = SpecifierSet(conda_to_pep440(specifier))
        boundary = Version(version)
        bases = [boundary] + [Version(clause.version.replace(".*", "")) for clause in allowed]
    except (InvalidSpecifier, InvalidVersion):
        return None
    candidates = set()
    for base in bases:
        release = list(base.release) + [0] * (3 - len(base.release))
        candidates |= {base, Version(f"{release[0]}.{release[1]}.{release[2] + 1}"), Version(f"{release[0]}.{release[1] + 1}"),
                       Version(f"{release[0] + 1}.0")}
    return any(allowed.contains(candidate, prereleases=True) for candidate in candidates if candidate >= boundary)
