"""The reproducibility checklist, loaded from its single YAML definition."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from tension_points import datafiles
from tension_points.errors import UserError

SEVERITY_WEIGHT = {"high": 3, "medium": 2, "low": 1}
KINDS = ("Python", "R", "Julia", "dbt")  # the languages and kinds of project checked_for names
CODE_LANGUAGES = ("Python", "R", "Julia")


def listed(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
OWNER_LABELS = {"data-scientist": "data scientist", "engineer": "engineer", "both": "both"}


@dataclass(frozen=True)
class Evidence:
    text: str
    source: str
    url: str | None = None


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class Item:
    id: str
    group: str
    question: str
    why: str
    evidence: tuple[Evidence, ...]
    owner: str
    fix: str
    automated: bool
    severity: str
    fix_for: tuple[tuple[str, str], ...] = ()  # the fix in another ecosystem's words: (("R", "..."), ("dbt", "..."))
    checked_for: tuple[str, ...] = ()  # the languages and kinds of project the audit judges this for (Python, R, Julia, dbt)
    audit_scope: str = ""  # what the check compares and what it leaves out
    by_hand: str = ""  # what to check by hand where the audit cannot

    @property
    def by_hand_text(self) -> str:
        return self.by_hand or self.question

    def checked_for_text(self) -> str:
        """'Python, R and Julia' (the kinds in the checklist's order)."""
        return listed(list(self.checked_for))

    @property
    def weight(self) -> int:
        return SEVERITY_WEIGHT[self.severity]


@dataclass(frozen=True)
class Checklist:
    groups: tuple[Group, ...]
    items: tuple[Item, ...]

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def items_in(self, group_id: str) -> list[Item]:
        return [item for item in self.items if item.group == group_id]

    @property
    def automated_ids(self) -> list[str]:
        return [item.id for item in self.items if item.automated]


def default_path() -> Path:
    return Path(str(resources.files("tension_points").joinpath("data/checklist.yaml")))


@cache
def load_checklist(path: Path | None = None, *, validate_schema: bool = True) -> Checklist:
    """The checklist, read once per process (the audit asks for it many times)."""
    return read_checklist(path, validate_schema=validate_schema)


def read_checklist(path: Path | None = None, *, validate_schema: bool = True) -> Checklist:
    """Read the checklist; ``validate_schema=False`` skips the (slow to import) JSON Schema check.

    The command-line audit skips it to start quickly: the shipped file is
    validated by the test suite and by every Sphinx build.
    """
    path = Path(path) if path else default_path()
    if validate_schema:
        data = datafiles.load_validated(path, "checklist")
    else:
        data = datafiles.read_yaml(path)
    return build_checklist(data, path)


def build_checklist(data: dict, path: Path) -> Checklist:
    groups = tuple(Group(g["id"], g["title"], g["summary"]) for g in data["groups"])
    group_ids = {group.id for group in groups}
    items = []
    seen: set[str] = set()
    for index, raw in enumerate(data["items"]):
        where = f"{path}: items[{index}]"
        if raw["id"] in seen:
            raise UserError(f"{where}.id: duplicate id '{raw['id']}'")
        if raw["group"] not in group_ids:
            raise UserError(f"{where}.group: unknown group '{raw['group']}'")
        seen.add(raw["id"])
        evidence = tuple(Evidence(e["text"], e["source"], e.get("url")) for e in raw.get("evidence", []))
        items.append(
            Item(
                id=raw["id"], group=raw["group"], question=raw["question"], why=raw["why"],
                evidence=evidence, owner=raw["owner"], fix=raw["fix"],
                automated=raw["automated"], severity=raw["severity"], fix_for=tuple(raw.get("fix_for", {}).items()),
                checked_for=tuple(raw.get("checked_for", ())), audit_scope=raw.get("audit_scope", ""),
                by_hand=raw.get("by_hand", ""),
            )
        )
    return Checklist(groups, tuple(items))
