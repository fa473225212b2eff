"""Checks and facts register themselves here, by checklist id and group id.

A check returns None when it does not apply to the project (no notebooks, no
Git), an empty list when it passes, and findings when it fails.
"""

from __future__ import annotations

from collections.abc import Callable

from tension_points.audit.context import AuditContext
from tension_points.audit.model import Fact, Finding

CheckFunction = Callable[[AuditContext], "list[Finding] | None"]
FactsFunction = Callable[[AuditContext], "list[Fact]"]

CHECKS: dict[str, CheckFunction] = {}
FACTS: dict[str, FactsFunction] = {}

# The modules holding checks, one per checklist group.
CHECK_MODULES = ("environment", "imports", "notebooks", "code", "data", "project", "git")


def check(check_id: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        if check_id in CHECKS:
            raise RuntimeError(f"check {check_id} registered twice")
        CHECKS[check_id] = function
        return function

    return register


def facts(group_id: str) -> Callable[[FactsFunction], FactsFunction]:
    def register(function: FactsFunction) -> FactsFunction:
        FACTS[group_id] = function
        return function

    return register


def load_all_checks() -> dict[str, CheckFunction]:
    import importlib

    for module in CHECK_MODULES:
        importlib.import_module(f"tension_points.audit.{module}")
    return CHECKS
