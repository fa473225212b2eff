"""Scores: the weighted share of applicable checks that pass, per group and overall.

Weights come from the checklist severity (high 3, medium 2, low 1). A check
that fails counts as failed however many findings it has; skipped and
not-applicable checks count for nothing either way. No applicable check: no score.
"""

from __future__ import annotations

from collections.abc import Iterable

from tension_points.audit.model import CheckResult, Status


def score(checks: Iterable[CheckResult]) -> int | None:
    applicable = [check for check in checks if check.status in (Status.PASS, Status.FAIL)]
    total = sum(check.item.weight for check in applicable)
    if total == 0:
        return None
    passed = sum(check.item.weight for check in applicable if check.status is Status.PASS)
    return round(100 * passed / total)
