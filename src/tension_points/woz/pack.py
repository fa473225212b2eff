"""Scenario packs: load, validate and cross-check.

The JSON Schema checks shape; the cross-checks here catch what a schema
cannot: a truth that is not one of the labels, a round that shows a field the
model does not have, an item that gives the model undeclared data.
Every message names the file, the item (index and id) and the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathlib import Path
from typing import Any

import jsonschema

from tension_points.datafiles import check_unique_field, describe_location, describe_problem, load_schema, package_path, read_yaml
from tension_points.errors import UserError
from tension_points.woz.wishes import words

SCHEMA_NAME = "woz-pack"
# Files in data/woz/ that are not packs.
NOT_PACKS = {"roles.yaml"}


@dataclass(frozen=True)
class Pack:
    name: str
    path: Path
    data: dict[str, Any]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def fields(self) -> dict[str, dict[str, Any]]:
        return {field["name"]: field for field in self.data["model_view"]["fields"]}

    @property
    def labels(self) -> dict[str, str]:
        return {label["name"]: label["description"] for label in self.data["outputs"]["labels"]}

    @property
    def asks_confidence(self) -> bool:
        return self.data["outputs"].get("confidence", True)

    @property
    def budget_seconds(self) -> float:
        return self.data["latency_budget"]["seconds"]

    @property
    def rounds(self) -> list[dict[str, Any]]:
        return self.data["rounds"]

    @property
    def items(self) -> list[dict[str, Any]]:
        return self.data["items"]

    def item(self, item_id: str) -> dict[str, Any]:
        return next(item for item in self.items if item["id"] == item_id)

    def view_for(self, round_number: int, item: dict[str, Any]) -> list[tuple[str, str]]:
        """(label, value) pairs the wizard may see for an item in a round (1-based)."""
        view = self.rounds[round_number - 1]["view"]
        return [(self.fields[name]["label"], format_value(item["model_view"][name])) for name in view]

    def plan(self, items_per_round: int | None = None) -> list[tuple[int, str]]:
        """Every (round, item id) to answer, in playing order: each round plays the same items."""
        items = self.items[:items_per_round] if items_per_round else self.items
        return [(number, item["id"]) for number in range(1, len(self.rounds) + 1) for item in items]


def format_value(value: Any) -> str:
    if value is None:
        return "(not recorded)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value) if value else "(none)"
    return str(value)


def shipped_pack_dir():
    return package_path("data/woz")


def shipped_pack_names() -> list[str]:
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in shipped_pack_dir().iterdir()
        if entry.name.endswith(".yaml") and entry.name not in NOT_PACKS
    )


def resolve_pack_path(name_or_path: str) -> Path:
    """A shipped pack name (``support-ticket-triage``) or a path to a YAML file."""
    if name_or_path in shipped_pack_names():
        return Path(str(shipped_pack_dir().joinpath(f"{name_or_path}.yaml")))
    path = Path(name_or_path)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists() or "/" in name_or_path:
        return path
    known = ", ".join(shipped_pack_names())
    raise UserError(f"{name_or_path}: no such pack; shipped packs are: {known} (or give a path to a .yaml file)")


def load_pack(name_or_path: str) -> Pack:
    path = resolve_pack_path(name_or_path)
    data = read_yaml(path)
    check_schema(data, path)
    cross_check(data, path)
    return Pack(name=path.stem, path=path, data=data)


def check_schema(data: Any, path: Path) -> None:
    validator = jsonschema.Draft202012Validator(load_schema(SCHEMA_NAME))
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = describe_location(error) + item_note(data, list(error.absolute_path))
        raise UserError(f"{path}: {where}: {describe_problem(error)}")


def item_note(data: Any, location: list[Any]) -> str:
    """' (item p04)' when the location is inside an item that has an id, so authors find it by id."""
    if len(location) >= 2 and location[0] == "items" and isinstance(location[1], int):
        try:
            item_id = data["items"][location[1]]["id"]
        except (KeyError, IndexError, TypeError):
            return ""
        if isinstance(item_id, str):
            return f" (item {item_id})"
    return ""


def cross_check(data: dict[str, Any], path: Path) -> None:
    def fail(where: str, problem: str) -> None:
        raise UserError(f"{path}: {where}: {problem}")

    field_names = [field["name"] for field in data["model_view"]["fields"]]
    label_names = [label["name"] for label in data["outputs"]["labels"]]
    check_unique_field(path, data["model_view"]["fields"], "model_view.fields", "field name", field="name")
    check_unique_field(path, data["outputs"]["labels"], "outputs.labels", "label name", field="name")
    check_unique_field(path, data["items"], "items", "item id")

    previous_view: list[str] | None = None
    for number, round_ in enumerate(data["rounds"]):
        for position, name in enumerate(round_["view"]):
            if name not in field_names:
                fail(
                    f"rounds[{number}].view[{position}]",
                    f"unknown field '{name}'; model_view.fields declares: {', '.join(field_names)}",
                )
        if previous_view is not None and sorted(round_["view"]) == sorted(previous_view):
            fail(f"rounds[{number}].view", "same fields as the round before; a round must widen or narrow the view")
        previous_view = round_["view"]

    claimed: dict[tuple[str, ...], int] = {}
    for number, entry in enumerate(data.get("data_catalogue", [])):
        for position, phrase in enumerate(entry["matches"]):
            key = tuple(words(phrase))
            at = f"data_catalogue[{number}].matches[{position}]"
            if not key:
                fail(at, f"'{phrase}' has no words to match (letters or digits)")
            if key in claimed and claimed[key] != number:
                fail(at, f"'{phrase}' is also declared by data_catalogue[{claimed[key]}]; a wish would match both")
            claimed[key] = number

    # The user reads the request aloud and the wizard hears it: a wording asked of one label's items
    # only gives that label away before the wizard has looked at anything.
    asked: dict[str, list[dict]] = {}
    for item in data["items"]:
        asked.setdefault(item["request"], []).append(item)
    for request, items in asked.items():
        truths = {item["truth"] for item in items}
        if len(items) > 1 and len(truths) == 1 and len(asked) > 1:
            ids = ", ".join(item["id"] for item in items)
            fail("items", f"the request '{request}' is asked only of '{truths.pop()}' items ({ids}): the question gives "
                          "the label away; word it as the other items' requests are, or ask it of other labels' items too")

    for index, item in enumerate(data["items"]):
        item_id = item["id"]
        at = f"items[{index}]"
        if item["truth"] not in label_names:
            fail(
                f"{at}.truth (item {item_id})",
                f"'{item['truth']}' is not one of the labels: {', '.join(label_names)}",
            )
        for name in item["model_view"]:
            if name not in field_names:
                fail(
                    f"{at}.model_view.{name} (item {item_id})",
                    "not declared in model_view.fields; the model may see only declared fields",
                )
        for name in field_names:
            if name not in item["model_view"]:
                fail(
                    f"{at}.model_view.{name} (item {item_id})",
                    "required field is missing (write null if the value is not recorded)",
                )
