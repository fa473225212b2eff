"""Project checks: a README whose instructions work, a licence, a citation, tests, CI that reproduces
something, and one entry point whose commands run files that exist.

Commands are checked against the files they name: ``make data`` needs a
Makefile with that target, ``pip install -e .`` package metadata,
``$(PYTHON) src/train.py`` (variables expanded, ``cd`` followed) the script.
A repository with no code has nothing to test, run in CI or start, and a
library's tests are its entry point.
"""

from __future__ import annotations

import posixpath
import re

from tension_points.audit.checks import check
from tension_points.audit.facts import ProjectFacts
from tension_points.audit.model import Finding, Location
from tension_points.audit.parse import commands as shell
from tension_points.audit.read import filetypes

PIPELINE_FILES = frozenset({"Makefile", "makefile", "GNUmakefile", "justfile", "Snakefile", "dvc.yaml", "main.nf",
                            "noxfile.py", "MLproject", "Taskfile.yml", "tasks.py", "_toc.yml", "myst.yml", "_quarto.yml"})
SCRIPT_STEMS = frozenset({"reproduce", "run_all", "run-all", "runall", "run_pipeline", "run-pipeline", "run",
                          "pipeline", "main", "all", "make_all", "make-all"})
SCRIPT_FOLDERS = ("", "scripts/", "bin/")
METADATA = ("pyproject.toml", "setup.py", "setup.cfg")


def _top_level_named(found: ProjectFacts, pattern: str) -> list:
    regex = re.compile(pattern, re.IGNORECASE)
    return [f for name, f in sorted(found.top_level.items()) if regex.match(name)]


def _exists(found: ProjectFacts, rel: str) -> bool:
    rel = posixpath.normpath(rel)
    return found.file(rel) is not None or rel in found.local_folders


def _missing_target(found: ProjectFacts, command: shell.Command, base: str) -> str | None:
    """What a command needs from the project and cannot find there, in words; None when all is there."""
    if command.folder == "?":
        return None
    folder = posixpath.normpath(posixpath.join(base, command.folder)) if command.folder or base else ""
    folder = "" if folder == "." else folder
    if folder and folder not in found.local_folders:
        return None  # a cd out of the project (into a clone, a build folder): nothing to check
    script = shell.script_of(command)
    if script and not _unknowable(script):
        rel = posixpath.join(folder, script[2:] if script.startswith("./") else script)
        if not _exists(found, rel) and not found.excluded_path(rel):
            return f"runs {script}, which is not in the project"
    words = shell.install_words(command)
    if words is not None:
        for index, word in enumerate(words):
            target = word if word in (".", "./") or word.startswith(("./", "-e.")) else None
            if word in ("-e", "--editable") and index + 1 < len(words) and words[index + 1] in (".", "./"):
                target = "."
            if target is not None:
                place = folder or "."
                if not any(_exists(found, posixpath.join(folder, name)) for name in METADATA):
                    return f"installs the project ({command.text}), but {place} has no pyproject.toml, setup.py or setup.cfg"
            if word in ("-r", "--requirement") and index + 1 < len(words) and not _unknowable(words[index + 1]):
                rel = posixpath.join(folder, words[index + 1])
                if not _exists(found, rel):
                    return f"installs from {words[index + 1]}, which is not in the project"
    if command.program in ("conda", "mamba", "micromamba") and "create" in command.words:
        for index, word in enumerate(command.words):
            if word in ("-f", "--file") and index + 1 < len(command.words) and not _unknowable(command.words[index + 1]):
                if not _exists(found, posixpath.join(folder, command.words[index + 1])):
                    return f"creates an environment from {command.words[index + 1]}, which is not in the project"
    if command.program == "make":
        return _missing_make_target(found, command, folder)
    return None


def _unknowable(path: str) -> bool:
    return any(mark in path for mark in ("$", "<", ">", "{", "}", "*", "~", "%")) or path.startswith(("/", "-")) or "://" in path


def _missing_make_target(found: ProjectFacts, command: shell.Command, folder: str) -> str | None:
    words = list(command.words[1:])
    if "-C" in words:
        index = words.index("-C")
        if index + 1 >= len(words):
            return None
        folder = posixpath.normpath(posixpath.join(folder, words[index + 1]))
        del words[index:index + 2]
    if any(w.startswith("-") for w in words):
        return None
    makefile = next((m for m in found.makefiles if m.folder == ("" if folder == "." else folder)), None)
    if makefile is None:
        return f"runs {command.text}, but there is no Makefile" + (f" in {folder}/" if folder else "")
    targets = [w for w in words if "=" not in w and not _unknowable(w)]
    missing = [t for t in targets if not makefile.has_target(t) and not _exists(found, posixpath.join(folder, t))]
    if missing:
        return f"runs {command.text}, but {makefile.rel} has no target {missing[0]}"
    return None


@check("project-readme")
def readme(found: ProjectFacts) -> list[Finding]:
    if not found.readme_files:
        return [Finding("project-readme", "no README", "no README at the top of the project")]
    findings = []
    instructions = False
    for parsed in found.readmes:
        cloned = _cloned_folders(parsed.commands)
        for command in parsed.commands:
            instructions = True
            if command.program in ("git", "cd"):
                continue
            if command.folder in cloned:
                command = shell.Command(command.words, "", command.line, command.piped_into)
            problem = _missing_target(found, command, "")
            if problem:
                findings.append(Finding("project-readme", "instruction names a missing file",  # a README that says how,
                                        f"the README {problem}", Location(parsed.rel, command.line),  # with one step wrong
                                        severity="medium"))
    if not instructions:
        return [Finding("project-readme", "no run instructions", "the README shows no command to install or run the project",
                        Location(found.readme_files[0].rel))]
    return findings


def _cloned_folders(commands: list[shell.Command]) -> set[str]:
    """`git clone URL && cd NAME`: NAME is this project's own folder, so commands there run at its top."""
    names = set()
    for command in commands:
        if command.program == "git" and "clone" in command.words:
            target = [w for w in command.words[2:] if not w.startswith("-")]
            if len(target) >= 2:
                names.add(target[1].rstrip("/"))
            elif target:
                names.add(target[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".git"))
    return names


@check("project-license")
def license_file(found: ProjectFacts) -> list[Finding]:
    if _top_level_named(found, r"^(?:licen[cs]e|copying)(?:[.-].*)?$"):
        return []
    return [Finding("project-license", "no licence", "no LICENSE file at the top of the project")]


@check("project-citation")
def citation(found: ProjectFacts) -> list[Finding]:
    if found.file("CITATION.cff"):
        return []
    return [Finding("project-citation", "no citation file", "no CITATION.cff at the top of the project")]


@check("project-tests")
def tests(found: ProjectFacts) -> list[Finding] | None:
    if found.kind.name == "no code":
        return None
    if any(filetypes.is_test(f.rel) for f in found.files):
        return []
    return [Finding("project-tests", "no tests", "no tests found (tests/ folder, test_*.py, *_test.py, testthat)")]


@check("project-ci", reads=("config",))
def continuous_integration(found: ProjectFacts) -> list[Finding] | None:
    if found.kind.name == "no code":
        return None
    if not found.ci:
        return [Finding("project-ci", "no CI configuration", "no CI configuration (.github/workflows, .gitlab-ci.yml, .circleci...)")]
    commands = [c for config in found.ci for c in config.commands]
    if not commands or any(shell.runs_tests(c) or shell.runs_pipeline(c) for c in commands):
        return []  # nothing read (a reusable workflow, an action): assume it does its job
    pulls = [c for c in commands if shell.fetch_kind(c) == "dvc-pull"]
    detail = (f" ({pulls[0].text} without dvc repro: it fetches the results instead of making them)" if pulls else
              ": no step runs the tests or the pipeline")
    first = pulls[0] if pulls else commands[0]
    config = next(config for config in found.ci if first in config.commands)
    return [Finding("project-ci", "CI reproduces nothing", f"CI runs but reproduces nothing{detail}", Location(config.rel, first.line))]


@check("project-entry-point", reads=("config",))
def entry_point(found: ProjectFacts) -> list[Finding] | None:
    if found.kind.name in ("library", "no code", "template"):
        return None  # a library has no results to reproduce: its tests are its entry point
    broken = []
    for makefile in found.makefiles:
        for rule in makefile.rules:
            for command in rule.recipe:
                script = shell.script_of(command)
                if script and script in rule.targets:
                    continue
                problem = _missing_target(found, command, makefile.folder) if command.program != "make" else None
                if problem:
                    broken.append(Finding("project-entry-point", "missing script", f"the recipe {problem}",
                                          Location(makefile.rel, command.line)))
    broken += _disagreeing_defaults(found)
    if broken:
        return broken
    for file in found.files:
        folder = file.rel[: len(file.rel) - len(file.name)]
        if folder == "" and file.name in PIPELINE_FILES:
            if file.name.lower().endswith("makefile") and not any(m.rules for m in found.makefiles if m.rel == file.rel):
                continue
            return []
        stem = file.name.rsplit(".", 1)[0] if "." in file.name else file.name
        if folder in SCRIPT_FOLDERS and stem.lower() in SCRIPT_STEMS and file.suffix in ("", ".sh", ".py", ".r", ".bat", ".ps1"):
            return []
    return [Finding("project-entry-point", "no entry point",
                    "no single entry point found (Makefile, reproduce.sh, run_all.py, dvc.yaml, Snakefile...)")]


def _disagreeing_defaults(found: ProjectFacts) -> list[Finding]:
    """An MLproject entry point whose parameter default differs from the default of the script it runs."""
    findings = []
    for rel, spec in sorted(found.specs.items()):
        for entry in spec.entry_points:
            for command in shell.commands(entry.command, entry.line or 0):
                script = shell.script_of(command)
                unit = next((u for u in found.units if script and u.rel == posixpath.join(rel.rpartition("/")[0], script)), None)
                if unit is None:
                    continue
                defaults = _argument_defaults(unit)
                for parameter, default in entry.parameters.items():
                    option = _option_for(command, parameter)
                    script_default = defaults.get(option or parameter)
                    if default is None or script_default is None or _same(default, script_default):
                        continue
                    findings.append(Finding(
                        "project-entry-point", "entry points disagree",
                        f"MLproject's {entry.name} entry point defaults {parameter} to {default}, {unit.rel} to "
                        f"{script_default}: running the script alone gives other results", Location(rel, entry.line)))
    return findings


def _option_for(command: shell.Command, parameter: str) -> str | None:
    """The script option a parameter is passed as: `--alpha {alpha}` gives alpha."""
    words = list(command.words)
    for index, word in enumerate(words):
        if "{" + parameter + "}" in word and index > 0 and words[index - 1].startswith("-"):
            return words[index - 1].lstrip("-").replace("-", "_")
    return None


def _argument_defaults(unit) -> dict[str, object]:
    """argparse's add_argument and click's option defaults, by option name (dashes as underscores)."""
    defaults = {}
    for call in unit.python.calls:
        if not call.name.endswith(("add_argument", "option", "argument")):
            continue
        flags = [v.constant for v in call.args if v.kind == "constant" and isinstance(v.constant, str)]
        default = call.keyword("default")
        if not flags or default is None or default.kind != "constant":
            continue
        name = max(flags, key=len).lstrip("-").replace("-", "_")
        defaults[name] = default.constant
    return defaults


def _same(left, right) -> bool:
    try:
        return float(left) == float(right)
    except (TypeError, ValueError):
        return str(left) == str(right)
