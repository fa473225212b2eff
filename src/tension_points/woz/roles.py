"""The role cards (user, wizard, observer, facilitator), kept as data for the handouts."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from tension_points.datafiles import load_validated
from tension_points.errors import UserError

ROLE_IDS = ("user", "wizard", "observer", "facilitator")


def roles_path() -> Path:
    return Path(str(resources.files("tension_points").joinpath("data/woz/roles.yaml")))


def load_roles(path: Path | None = None) -> list[dict[str, Any]]:
    """The role cards in their order; every role exactly once."""
    path = path or roles_path()
    roles = load_validated(path, "woz-roles")["roles"]
    ids = [role["id"] for role in roles]
    for index, role_id in enumerate(ids):
        if role_id in ids[:index]:
            raise UserError(f"{path}: roles[{index}].id: duplicate role '{role_id}'")
    missing = [role_id for role_id in ROLE_IDS if role_id not in ids]
    if missing:
        raise UserError(f"{path}: roles: missing the card for {', '.join(missing)}")
    return roles
