"""The roles a participant picks when joining, in the order the join form lists them.

Answers are recorded with the role only (never a name), and results split by it."""

from __future__ import annotations

ROLES: tuple[tuple[str, str], ...] = (
    ("data-scientist", "Data scientist"),
    ("data-engineer", "Data engineer"),
    ("ml-engineer", "ML engineer"),
    ("software-engineer", "Software engineer"),
    ("product-manager", "Product or manager"),
    ("other", "Other"),
)
ROLE_LABELS = dict(ROLES)


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)
