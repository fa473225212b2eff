"""Load the kit's small YAML data files and validate them against a JSON Schema.

Every loader in the kit goes through here, so every malformed file gets the
same kind of message: the file, where in it, and what is wrong.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, TypeVar

import yaml

from tension_points.errors import UserError
from tension_points.textfiles import read_text

if TYPE_CHECKING:
    import jsonschema

FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def package_path(relative: str) -> Path:
    """A file shipped inside the package (schemas, data, static files): the one way the kit finds them."""
    return Path(str(resources.files("tension_points").joinpath(relative)))


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The JSON Schema shipped as ``schemas/<name>.schema.json``."""
    text = package_path(f"schemas/{name}.schema.json").read_text("utf-8")
    return json.loads(text)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning every failure into a UserError naming the file."""
    return parse_yaml(read_text(path, "a YAML file"), path)


def parse_yaml(text: str, path: Path | str) -> Any:
    try:
        # libyaml when PyYAML has it (ten times faster: every build reads the course data);
        # on an error, the pure-Python parser again, for its clearer message.
        return yaml.load(text, Loader=FAST_SAFE_LOADER)
    except yaml.YAMLError:
        pass
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UserError(f"{path}:{where}: invalid YAML: {problem}") from None


def validate(data: Any, schema_name: str, path: Path | str) -> Any:
    """Check data against a schema; raise one UserError for the first (most relevant) problem."""
    import jsonschema  # here, not at the top: the audit loads its checklist unvalidated and is spared its 0.07 s import

    validator = jsonschema.Draft202012Validator(load_schema(schema_name))
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise UserError(f"{path}: {describe_location(error)}: {describe_problem(error)}")
    return data


T = TypeVar("T")


def check_unique(items: Iterable[T], key: Callable[[T], str], where: Callable[[T], str], what: str) -> None:
    """Stop at the first repeated key: ``<where>: duplicate <what> '<key>' (also at <first>)``."""
    first: dict[str, str] = {}
    for item in items:
        value = key(item)
        if value in first:
            raise UserError(f"{where(item)}: duplicate {what} '{value}' (also at {first[value]})")
        first[value] = where(item)


def check_unique_field(path: Path | str, entries: list[dict], where: str, what: str, field: str = "id") -> None:
    """Every entry of a list in a data file has its own ``field``: the same message from every loader."""
    first: dict[str, int] = {}
    for index, entry in enumerate(entries):
        value = entry[field]
        if value in first:
            raise UserError(f"{path}: {where}[{index}].{field}: duplicate {what} '{value}' (also {where}[{first[value]}])")
        first[value] = index


def load_validated(path: Path, schema_name: str) -> Any:
    return validate(read_yaml(path), schema_name, path)


def describe_location(error: jsonschema.ValidationError) -> str:
    """A dotted path such as ``items[3].truth``; ``top level`` for the document itself."""
    parts: list[str] = []
    for part in error.absolute_path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        parts.append(("." if parts else "") + missing)
    return "".join(parts) or "top level"


def describe_problem(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        return "required field is missing"
    if error.validator == "additionalProperties":
        return error.message.replace("Additional properties are not allowed", "unknown field")
    return error.message
