"""Makefiles read as make reads them: continuation lines joined, variables expanded, rules and recipes apart.

``$(PYTHON_INTERPRETER) src/data/make_dataset.py`` is checked as
``python3 src/data/make_dataset.py`` when the Makefile defines the variable;
``cd code; python train.py`` runs ``code/train.py``; a commented recipe line
runs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tension_points.audit.parse.commands import Command, commands

ASSIGNMENT = re.compile(r"^(?:export[ \t]+|override[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*(::?=|\?=|\+=|!=|=)[ \t]*(.*)$")
RULE = re.compile(r"^([^\t:#=][^:=]*?)[ \t]*::?(?!=)[ \t]*([^;=]*?)(?:;(.*))?$")
REFERENCE = re.compile(r"\$[({]([A-Za-z_][\w.-]*)[)}]|\$([A-Za-z_])")
MAX_EXPANSIONS = 20  # variables referring to variables: deeper than any real Makefile, bounded for a hostile one


@dataclass
class Rule:
    targets: list[str]
    prerequisites: list[str]
    line: int
    recipe: list[Command] = field(default_factory=list)


@dataclass
class Makefile:
    rel: str
    folder: str
    variables: dict[str, str] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)

    @property
    def targets(self) -> set[str]:
        return {target for rule in self.rules for target in rule.targets}

    def has_target(self, name: str) -> bool:
        if name in self.targets:
            return True
        return any("%" in target and re.fullmatch(re.escape(target).replace("%", ".+"), name) for target in self.targets)


def logical_lines(text: str):
    """(first line number, line) with backslash-newline continuations joined."""
    pending, start = "", 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if not pending:
            start = number
        if raw.endswith("\\"):
            pending += raw[:-1] + " "
            continue
        yield start, pending + raw
        pending = ""
    if pending:
        yield start, pending


def expand(text: str, variables: dict[str, str]) -> str:
    """Variables replaced by their values; automatic and unknown ones stay as written (so they can be seen)."""
    text = text.replace("$$", "\0")
    for _ in range(MAX_EXPANSIONS):
        changed = REFERENCE.sub(lambda m: variables.get(m.group(1) or m.group(2), m.group(0)), text)
        if changed == text:
            break
        text = changed
    return text.replace("\0", "$")


def parse_makefile(rel: str, text: str) -> Makefile:
    folder = rel.rpartition("/")[0]
    makefile = Makefile(rel, folder)
    current: Rule | None = None
    raw_recipes: list[tuple[Rule, int, str]] = []
    for number, line in logical_lines(text):
        if line.startswith("\t"):
            if current is not None:
                raw_recipes.append((current, number, line[1:]))
            continue
        stripped = line.split("#", 1)[0].rstrip() if "#" in line else line.rstrip()
        if not stripped.strip():
            continue
        assignment = ASSIGNMENT.match(stripped)
        if assignment:
            name, operator, value = assignment.groups()
            if operator == "+=":
                makefile.variables[name] = f"{makefile.variables.get(name, '')} {value}".strip()
            elif operator == "?=":
                makefile.variables.setdefault(name, value)
            elif operator != "!=":  # != runs a shell command: its value is unknown
                makefile.variables[name] = value
            current = None
            continue
        rule = RULE.match(stripped)
        if rule and not stripped.startswith((".PHONY", "define", "endef", "ifeq", "ifneq", "ifdef", "ifndef", "else",
                                             "endif", "include", "-include")):
            current = Rule(rule.group(1).split(), rule.group(2).split(), number)
            makefile.rules.append(current)
            if rule.group(3):
                raw_recipes.append((current, number, rule.group(3)))
            continue
        if not stripped.startswith((".PHONY", "define", "endef", "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif")):
            current = None
    for rule in makefile.rules:
        rule.targets = [expand(t, makefile.variables) for t in rule.targets]
    for rule, number, recipe in raw_recipes:
        command = recipe.strip().lstrip("@-+").strip()
        if not command or command.startswith("#"):
            continue  # a commented recipe line runs nothing
        rule.recipe += commands(expand(command, makefile.variables), number)
    return makefile
