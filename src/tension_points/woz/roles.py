"""The role cards (user, wizard, observer, facilitator), kept as data for the handouts."""

from __future__ import annotations


from pathlib import Path
from typing import Any

from tension_points.datafiles import check_unique_field, load_validated, package_path
from tension_points.errors import UserError

ROLE_IDS = ("user", "wizard", "observer", "facilitator")


def roles_path() -> Path:
    return package_path("data/woz/roles.yaml")


def load_roles(path: Path | None = None) -> list[dict[str, Any]]:
    """The role cards in their order; every role exactly once."""
    path = path or roles_path()
    roles = load_validated(path, "woz-roles")["roles"]
    check_unique_field(path, roles, "roles", "role")
    ids = [role["id"] for role in roles]
    missing = [role_id for role_id in ROLE_IDS if role_id not in ids]
    if missing:
        raise UserError(f"{path}: roles: missing the card for {', '.join(missing)}")
    return roles
