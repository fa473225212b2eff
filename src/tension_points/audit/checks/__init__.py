"""The checks, one module per checklist group; each check a pure function of the ProjectFacts.

A check returns None when it does not apply to the project (no notebooks, no
Git), an empty list when it passes, and one finding per place when it fails
(findings.py merges repeats). ``reads`` names the kinds of file a check looks
inside, so a pass can say which of them could not be read; which languages and
kinds of project a check can judge is the checklist's ``checked_for`` (the
checklist page shows the same list). Checks import the facts and the knowledge
modules, never each other.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from tension_points.audit.facts import ProjectFacts
from tension_points.audit.model import Fact, Finding

CheckFunction = Callable[[ProjectFacts], "list[Finding] | None"]
FactsFunction = Callable[[ProjectFacts], "list[Fact]"]

CHECKS: dict[str, CheckFunction] = {}
READS: dict[str, tuple[str, ...]] = {}
FACTS: dict[str, FactsFunction] = {}
GROUP_MODULES = ("environment", "notebooks", "code", "data", "project", "git")


def check(check_id: str, reads: tuple[str, ...] = ()) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        if check_id in CHECKS:
            raise RuntimeError(f"check {check_id} registered twice")
        CHECKS[check_id] = function
        READS[check_id] = reads
        return function

    return register


def facts(group_id: str) -> Callable[[FactsFunction], FactsFunction]:
    def register(function: FactsFunction) -> FactsFunction:
        FACTS[group_id] = function
        return function

    return register


def load_all_checks() -> dict[str, CheckFunction]:
    for module in GROUP_MODULES:
        importlib.import_module(f"tension_points.audit.checks.{module}")
    return CHECKS
