"""Environment checks: a declared environment, which builders use it, imports declared, pins, lock, Python,
files that agree, installs and downloads made at run time pinned, no dead packages or removed functions.

Builders modelled: Binder (repo2docker: ``binder/`` or ``.binder/`` first, else
the top; Dockerfile, Julia, Nix, R, conda, Pipfile, then pip), MLflow projects
(``MLproject``'s ``conda_env``), Dockerfiles and the files CI installs.
Libraries and templates keep version ranges on purpose: pins and lock files
are asked of applications and analyses only.
"""

from __future__ import annotations

import calendar
import functools
import re

from tension_points.audit.checks import check, facts
from tension_points.audit.facts import NOT_PROJECT_FOLDERS, ProjectFacts, Unit, in_folders, is_generated_module, resolves
from tension_points.audit.knowledge import downloads as fetches
from tension_points.audit.knowledge import packages
from tension_points.audit.knowledge.apis import allows_from, is_month, knowledge
from tension_points.audit.model import Fact, Finding, Location
from tension_points.audit.parse import commands as shell
from tension_points.audit.parse.specs import is_dockerfile, is_lock_name, is_rule_environment, is_spec_name

# Upgrading the installer itself changes how packages are found, not which: not a fetch that changes results.
INSTALLER_TOOLS = frozenset({"pip", "setuptools", "wheel", "pip-tools", "uv"})
# Official images whose tags name a language version: 3.11 and 3.11-slim move to each patch release.
OFFICIAL_VERSIONED = frozenset({"python", "r-base", "julia", "node", "golang", "openjdk", "eclipse-temurin", "ruby"})
BUILDER_FACT = ("Binder, the service that builds a runnable environment from a repository (with repo2docker), "
                "MLflow projects, Dockerfiles and the files CI installs")
AUXILIARY_STEMS = "dev|develop|test|tests|testing|docs|doc|lint|ci|build|style|typing"
AUXILIARY_REQUIREMENTS = re.compile(rf"^(?:requirements[-_.](?:{AUXILIARY_STEMS})|(?:{AUXILIARY_STEMS})[-_]requirements)\.(?:txt|in)$")
AUXILIARY_IN_FOLDER = re.compile(rf"^(?:{AUXILIARY_STEMS})\.(?:txt|in)$")
SHOWN_ITEMS = 20
PYTHON_MINORS = [(2, 7)] + [(3, minor) for minor in range(0, 15)]


def is_auxiliary(rel: str) -> bool:
    """Requirements for tests, docs or linting: not the environment the results come from."""
    folder, _, name = rel.rpartition("/")
    if name.endswith(".in"):
        return True  # the input pip-compile makes the real file from
    return bool(AUXILIARY_REQUIREMENTS.match(name) or (folder.endswith("requirements") and AUXILIARY_IN_FOLDER.match(name))
                or folder.split("/")[0] in ("docs", "doc"))


def ranges_are_right(found: ProjectFacts) -> bool:
    return found.kind.name in ("library", "template")


def generated_specs(found: ProjectFacts) -> list:
    """What a template's generated project declares (its {{ }} folder's files, tags set aside): an analysis,
    held to pins and a lock like any other."""
    if found.kind.name != "template":
        return []
    return [spec for rel, spec in sorted(found.template_specs.items(), key=lambda item: (item[0].count("/"), item[0]))
            if (spec.declares or spec.lock) and not spec.problem and not is_auxiliary(rel)]  # the generated project's top first


# --- Present, readable --------------------------------------------------------------
@check("env-spec-present", reads=("spec",))
def specification_present(found: ProjectFacts) -> list[Finding] | None:
    if found.kind.name == "template" and not found.declaring_specs:
        return [] if found.template_specs else None  # the generated project's environment is declared inside the template
    if found.split_into_subprojects:
        return []  # each folder declares its own (env-imports-declared and env-pinned-versions check them one by one)
    severity = "medium" if found.declaring_specs else ""  # high only when nothing else declares the environment
    unreadable = [Finding("env-spec-present", "unreadable specification",
                          f"cannot be read ({spec.problem}): no tool can install from it and no check could read what it "
                          "declares; correct the file", Location(rel), severity=severity)
                  for rel, spec in sorted(found.specs.items()) if spec.problem]
    unreadable += [Finding("env-spec-present", "line pip refuses",
                           f"pip refuses line {line} ({text!r}): {why}; `pip install -r` installs nothing from this file", Location(rel, line))
                   for rel, spec in sorted(found.specs.items()) if rel in found.used_specs for line, text, why in spec.refused[:1]]
    if found.declaring_specs or any(spec.problem for spec in found.specs.values()):
        return unreadable
    not_read = sorted({note.path for note in found.notes if is_spec_name(note.path.rsplit("/", 1)[-1])
                       and found.file(note.path) is None} | {rel for rel in found.unread if is_spec_name(rel.rsplit("/", 1)[-1])})
    settings = [rel for rel, spec in found.specs.items() if spec.tool_settings_only]
    skipped = [rel for rel, spec in found.specs.items() if spec.skipped_entries]
    if not_read:
        message = f"no specification could be read: {', '.join(not_read[:5])} was not read (see the notes)"
    elif skipped:
        message = f"no file declares a package that could be read: {', '.join(skipped)} lists nested lists, not packages (see the notes)"
    elif found.ecosystem == "dbt" and not _uses_python(found):
        message = ("no file declares the environment: nothing names dbt-core or the adapter for the warehouse "
                   "(dbt-postgres, dbt-snowflake...) with their versions")
    elif found.r_libraries and not _uses_python(found):  # an R project: the Python files to add would declare nothing
        message = ("no file declares the environment (renv.lock, DESCRIPTION, install.R...): for R code, "
                   "renv::init() and renv::snapshot() record the packages and their versions in renv.lock")
    else:
        message = "no file declares the environment (requirements.txt, environment.yml, pyproject.toml...)"
    if found.subprojects:  # sub-projects declare their own, but the code outside them answers to nothing
        outside = next((u.rel for u in found.units if not u.test and not in_folders(u.rel, found.nested_folders)), "")
        message += (f" for the code outside the sub-projects{f' ({outside}...)' if outside else ''}; "
                    f"{', '.join(f + '/' for f in found.subprojects[:3])}"
                    f"{' ...' if len(found.subprojects) > 3 else ''} declare their own")
    if settings:
        message += f"; {', '.join(settings)} holds only tool settings"
    return [Finding("env-spec-present", "no specification", message)] + unreadable


# --- Builders -------------------------------------------------------------------------
def _rule_environment(found: ProjectFacts, rel: str) -> bool:
    """A Snakemake rule's own conda environment (in envs/, or named in a rule's conda:), not the project's."""
    return is_rule_environment(rel) or rel in found.rule_environments


def _environment_files(found: ProjectFacts) -> set[str]:
    return {rel for environment in found.environments for rel in environment.files}


@check("env-builder-ambiguity", reads=("spec",))
def builder_ambiguity(found: ProjectFacts) -> list[Finding] | None:
    if not found.declaring_specs:
        return None
    findings = []
    if found.binder_problem:
        findings.append(Finding("env-builder-ambiguity", "binder folders", found.binder_problem, Location("binder")))
    installed = _environment_files(found)
    chosen = ", ".join(found.binder_files) or "nothing (it would build a default environment)"
    for rel in found.binder_ignored:
        spec = found.specs[rel]
        if _lock_of(found, rel) in found.binder_files or _lock_of(found, rel) in installed:
            continue  # a manifest and its lock are one specification (Pipfile and Pipfile.lock)
        if spec.declares and not is_auxiliary(rel) and not is_lock_name(rel.rsplit("/", 1)[-1]) and rel not in installed:
            findings.append(Finding("env-builder-ambiguity", "ignored specification",
                                    f"ignored by Binder, which would use: {chosen}; no other builder installs it",
                                    Location(rel)))
    if not any(found.specs[rel].declares for rel in found.binder_files if rel in found.specs):
        for rel, why in sorted(found.used_specs.items()):
            spec = found.specs.get(rel)
            if spec is None or not spec.declares or is_auxiliary(rel) or rel in installed or "/" not in rel:
                continue
            if rel.startswith(("binder/", ".binder/")) or is_dockerfile(rel.rsplit("/", 1)[-1]) or _rule_environment(found, rel):
                continue
            findings.append(Finding(
                "env-builder-ambiguity", "not found by builders",
                f"the project's specification ({why}), but no builder would find it: Binder reads only the top of "
                "the project or binder/, and no MLproject, Dockerfile or CI step installs it", Location(rel)))
    return findings


LOCKS_OF = {"Pipfile": ("Pipfile.lock",), "pyproject.toml": ("poetry.lock", "uv.lock", "pdm.lock", "pixi.lock"),
            "environment.yml": ("conda-lock.yml",), "environment.yaml": ("conda-lock.yml",)}


def _lock_of(found: ProjectFacts, rel: str) -> str | None:
    folder, _, name = rel.rpartition("/")
    for lock in LOCKS_OF.get(name, ()):
        candidate = f"{folder}/{lock}" if folder else lock
        if candidate in found.specs:
            return candidate
    return None


# --- Imports -----------------------------------------------------------------------------
def imported(found: ProjectFacts, units: list[Unit] | None = None) -> dict[str, list[tuple[Unit, int]]]:
    """Third-party top-level names the code imports, unguarded: name -> [(unit, line of its first import)]."""
    names: dict[str, list[tuple[Unit, int]]] = {}
    for unit in units if units is not None else found.code_units:
        seen = set()
        for item in unit.python.imports:
            top = item.top
            if item.guarded or top in seen or top in packages.ALWAYS_THERE or top.startswith("_") or packages.hosted_runtime(item.module):
                continue
            seen.add(top)
            names.setdefault(top, []).append((unit, item.line))
    names = {name: [(u, line) for u, line in places if not _extends_path_outside(u)] for name, places in names.items()}
    return {name: places for name, places in names.items()
            if places and name not in found.local_names and not is_generated_module(name, found)}


def _modules_under(name: str, places: list[tuple[Unit, int]]) -> tuple[str, ...]:
    """The full module paths the code imports under a top-level name (azureml.core, azureml.pipeline.steps)."""
    return tuple(sorted({i.module for unit, _ in places for i in unit.python.imports if i.top == name and not i.guarded}))


def _extends_path_outside(unit: Unit) -> bool:
    """sys.path.append('/Users/me/tf-models/slim'): the file imports from a folder outside the project, so its
    imports may be that folder's modules, not packages (the folder itself is reported as an absolute path)."""
    for call in unit.python.calls:
        if call.name.endswith(("path.append", "path.insert")) and unit.resolve(call.name).startswith("sys."):
            value = call.args[-1] if call.args else None
            text = value.text if value is not None else None
            if text is not None and (text.startswith(("/", "~", "..")) or re.match(r"^[A-Za-z]:[\\/]", text)) \
                    and not (text.startswith("/content/") and "google.colab" in {i.module for i in unit.python.imports}):
                return True  # (Colab's /content/drive/... is the project itself, copied to Drive and mounted)
    return False


def _missing_module(name: str, found: ProjectFacts) -> str | None:
    """train4 beside train.py and train2.py: a module of the project that is not in it, not a package."""
    if packages.distributions_by_import().get(name):
        return None
    stems = {f.name[:-3] for f in found.files if f.suffix == ".py"}
    return next((stem for stem in sorted(stems, key=len, reverse=True)
                 if len(stem) >= 4 and name != stem and name.startswith(stem) and re.fullmatch(r"[_\d]\w*", name[len(stem):])), None)


def _installed_in_notebooks(found: ProjectFacts) -> set[str]:
    """Packages the project's notebooks, shell scripts and Makefiles install themselves (`!pip install x`,
    `git clone .../apex && cd apex && pip install .`): declared, if not in a specification file."""
    commands = [shell.Command(tuple(shell.split_words(line.command)), "", line.line) for nb in found.notebooks for line in nb.shell]
    commands += [c for script in found.scripts.values() for c in script]
    commands += [c for makefile in found.makefiles for rule in makefile.rules for c in rule.recipe]
    installed, cloned = set(), set()
    for command in commands:
        if command.program == "git" and "clone" in command.words:
            urls = [w for w in command.words if "://" in w or w.startswith("git@")]
            if urls:
                cloned.add(packages.normalise(urls[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")))
        words = shell.install_words(command)
        installed |= {packages.normalise(re.split(r"[=<>~!\[;@]", w, maxsplit=1)[0]) for w in words or ()
                      if not w.startswith(("-", "$", "{", ".", "/")) and "://" not in w}
        installed |= {packages.normalise(w.split("#egg=")[-1] if "#egg=" in w else w.split("@")[0].rstrip("/").rsplit("/", 1)[-1]
                                         .removesuffix(".git")) for w in words or () if w.startswith("git+")}
        if words is not None and any(w in (".", "./") or w.startswith("./") for w in words):
            installed |= cloned  # pip install . in the clone a script made: the cloned package
    return installed


@check("env-imports-declared", reads=("python", "notebook", "spec"))
def imports_declared(found: ProjectFacts) -> list[Finding] | None:
    if found.split_into_subprojects:
        return _subproject_imports(found)
    if not found.declaring_specs:
        return None  # env-spec-present already fails: there is nothing to compare with
    if not any(unit.python.imports for unit in found.code_units):
        return None
    names = imported(found)
    declared = found.declared | _installed_in_notebooks(found)
    findings = []
    for name, places in sorted(names.items()):
        if packages.is_declared(name, declared):
            continue
        dropped = _dropped_by(found, name)
        if dropped == "held":
            continue  # pandas held below 3.0 still installs pytz
        unit, line = places[0]
        files = f", in {len(places)} files" if len(places) > 1 else ""
        if dropped:
            findings.append(Finding("env-imports-declared", "undeclared import",
                                    f"imports {name}{files}; no specification declares it, and {dropped}", unit.location(line)))
            continue
        sibling = _missing_module(name, found)
        if sibling:
            findings.append(Finding("env-imports-declared", "missing module",
                                    f"imports {name}{files}, which is neither in the project (beside {sibling}.py: a module "
                                    "deleted or never committed?) nor declared", unit.location(line)))
            continue
        called = packages.named_distribution(name, _modules_under(name, places))
        called = f" ({called})" if called else ""
        findings.append(Finding("env-imports-declared", "undeclared import",
                                f"imports {name}{called}{files}; no specification declares it", unit.location(line)))
    return findings + _shadowing(found) + _subproject_imports(found, also=declared)


def _dropped_by(found: ProjectFacts, name: str) -> str:
    """For an import a declared distribution used to install (pytz with pandas): "held" when every declaration holds
    the distribution below the release that dropped it, else what to say; "" when no declared distribution ever did."""
    for (distribution, dropped), (release, _) in packages.DROPPED.items():
        if dropped != name or distribution not in found.declared:
            continue
        specifiers = [r.specifier for spec in found.declaring_specs for r in spec.requirements
                      if packages.normalise(r.name) == distribution]
        if specifiers and all(s and allows_from(s, release) is False for s in specifiers):
            return "held"
        return f"{distribution} installs it only below {release}, which nothing holds it to"
    return ""


def _shadowing(found: ProjectFacts) -> list[Finding]:
    """models/xgboost.py doing `import xgboost`: run as a script (python xgboost.py puts its folder first on the path),
    the import finds the file itself, not the package."""
    findings = []
    for rel, name in sorted(found.shadowing.items()):
        unit = next((u for u in found.units if u.rel == rel), None)
        line = next((i.line for i in unit.python.imports if i.top == name), None) if unit is not None else None
        findings.append(Finding("env-imports-declared", "module shadows a package",
                                f"{rel} is named like the package it imports ({name}): run as a script, or from its folder, "
                                f"`import {name}` finds this file instead of the package; rename the file",
                                Location(rel, line), items=(name,)))
    return findings


def _subproject_imports(found: ProjectFacts, also: set[str] = frozenset()) -> list[Finding]:
    """Each sub-project's code against its own folder's specifications: week_4/ importing onnxruntime is not
    declared by week_5/requirements.txt, which a reader of week_4/ never installs. Beside a top-level
    specification (``also``), a sub-project's code may rely on either."""
    installed = _installed_in_notebooks(found) | set(also)
    where = "neither its folder's ({}/) nor the project's specification declares it" if also else \
        "its sub-project's specification does not declare it"  # no folder named: the same gap in many sub-projects merges
    findings = []
    units_in: dict[str, list[Unit]] = {}
    for unit in found.units:
        units_in.setdefault(found.subproject_of(unit.rel), []).append(unit)
    declared_in: dict[str, set[str]] = {}
    for rel, spec in found.sub_specs.items():
        declared_in.setdefault(found.subproject_of(rel), set()).update(spec.names | spec.optional)
    for folder in found.subprojects:
        units = units_in.get(folder, [])
        declared = installed | declared_in.get(folder, set())
        for name, places in sorted(imported(found, units).items()):
            if packages.is_declared(name, declared):
                continue
            unit, line = places[0]
            called = packages.named_distribution(name, _modules_under(name, places))
            called = f" ({called})" if called else ""
            files = f", in {len(places)} files" if len(places) > 1 else ""
            findings.append(Finding("env-imports-declared", "undeclared import",
                                    f"imports {name}{called}{files}; {where.format(folder)}",
                                    unit.location(line)))
    return findings


def subproject_specs(found: ProjectFacts) -> list:
    """The specifications sub-projects declare their environments in, when the folders are the projects."""
    if not found.split_into_subprojects:
        return []
    return [spec for rel, spec in sorted(found.sub_specs.items()) if spec.declares and not spec.problem and not is_auxiliary(rel)]


# --- Pins and locks --------------------------------------------------------------------
@check("env-pinned-versions", reads=("spec",))
def pinned_versions(found: ProjectFacts) -> list[Finding] | None:
    metadata_kinds = ("pyproject", "setup.py", "setup.cfg")
    generated = generated_specs(found)
    specs = [spec for spec in found.declaring_specs + generated if spec.requirements and not is_auxiliary(spec.rel)
             and not (ranges_are_right(found) and spec.kind in metadata_kinds)]
    if found.split_into_subprojects:
        return _subproject_pins(found)
    if not specs:
        return None
    findings = _pipeline_tools(found)
    if found.lock_files or any(spec.lock for spec in generated):
        return findings  # ranges beside a lock file are the lock's input
    for spec in specs:
        loose = [r for r in spec.requirements if not r.pinned and not _installer_upgrade(spec, r)]
        if not loose:
            continue
        shown = ", ".join(r.describe() for r in loose[:SHOWN_ITEMS]) + (f" and {len(loose) - SHOWN_ITEMS} more" if len(loose) > SHOWN_ITEMS else "")
        why = "; this is an application or analysis, not a library: pin them or commit a lock file" if spec.kind in metadata_kinds else ""
        severity = ""
        if ranges_are_right(found) and spec.kind not in metadata_kinds:
            # a library's development or CI environment: ranges test what its users install, on purpose or not
            why = ("; the development or CI environment of a library, where ranges test the releases its users get: "
                   "but a failing run cannot be re-created, so record what was installed (a lock, or pip freeze in the log)")
            severity = "low"
        findings.append(Finding("env-pinned-versions", "unpinned dependencies",
                                f"{len(loose)} of {len(spec.requirements)} dependencies not pinned to an exact version: {shown}{why}",
                                Location(spec.rel, loose[0].line), items=tuple(r.written for r in loose), severity=severity))
    return findings


# Pipelines a Python tool runs, by the file that defines them: (file, distribution, what the tool's version decides).
# (Snakemake, the same class, is left for when a judged project asks for it: its workflows mostly install it with conda.)
PIPELINE_FILES = (("dvc.yaml", "dvc", "runs every stage and writes dvc.lock"),)


def _pipeline_tools(found: ProjectFacts) -> list[Finding]:
    """A pipeline (dvc.yaml, a Snakefile) whose tool no file of the project names with a version: installed globally,
    or taken newest by CI, the tool that runs every stage is whichever release is at hand."""
    findings = []
    for name, tool, what in PIPELINE_FILES:
        rel = next((f.rel for f in found.files if f.rel == name), None)
        if rel is None or not _runs_tool(found, tool):
            continue  # a dvc.yaml nothing runs (the README says make train): not the project's pipeline tool
        listed = [r for spec in (*found.specs.values(), *found.sub_specs.values()) for r in spec.requirements
                  if packages.normalise(r.name) == tool]
        if listed or any(tool in spec.locked_names | spec.optional for spec in found.specs.values()):
            continue  # listed: with a version, or reported above among the unpinned
        findings.append(Finding("env-pinned-versions", "pipeline tool without a version",
                                f"{rel} is run by {tool}, which {what}, and no specification of the project lists {tool}: "
                                f"each run uses whichever {tool} is installed; declare it with its version beside the other dependencies", Location(rel), severity="low"))
    return findings


def _runs_tool(found: ProjectFacts, tool: str) -> bool:
    """The project runs its pipeline with the tool: the lock the tool writes is there (dvc.lock), or the README, CI, a
    Makefile or a script runs it (dvc repro, dvc exp run; not dvc pull, which only fetches data)."""
    if tool == "dvc" and found.file("dvc.lock") is not None:
        return True
    commands = [c for readme in found.readmes for c in readme.commands] + [c for config in found.ci for c in config.commands]
    commands += [c for makefile in found.makefiles for rule in makefile.rules for c in rule.recipe]
    commands += [c for script in found.scripts.values() for c in script]
    return any(c.program == tool and len(c.words) > 1 and c.words[1] in ("repro", "exp", "run") for c in commands)


def _installer_upgrade(spec, requirement) -> bool:
    """RUN pip install --upgrade pip (setuptools, wheel) in an image: the installer, not a dependency of the code; it
    changes how the requirements resolve, not what the code computes. (A requirements file listing setuptools may
    mean pkg_resources, which the code imports: still counted there.)"""
    return requirement.name in INSTALLER_TOOLS and (spec.kind == "dockerfile" or requirement.name != "setuptools")


def _subproject_pins(found: ProjectFacts) -> list[Finding]:
    """Loose versions in the sub-projects' files, said once for all of them (each folder is one project, the
    same advice for each): the files and their loose entries, a folder with a lock file left out."""
    locked = {found.subproject_of(rel) for rel, spec in found.sub_specs.items() if spec.lock}
    # what a sub-project's package metadata pins exactly: a range for it beside is a disagreement (env-specs-agree), not
    # a package the sub-project leaves unpinned
    metadata_pins = {(found.subproject_of(spec.rel), r.name) for spec in subproject_specs(found)
                     if spec.kind in ("pyproject", "setup.py", "setup.cfg") for r in spec.requirements if r.pinned}
    loose = [(spec, [r for r in spec.requirements if not r.pinned and (found.subproject_of(spec.rel), r.name) not in metadata_pins])
             for spec in subproject_specs(found)
             if spec.kind not in ("pyproject", "setup.py", "setup.cfg", "lock") and found.subproject_of(spec.rel) not in locked]
    loose = [(spec, requirements) for spec, requirements in loose if requirements]
    if not loose:
        return []
    names = sorted({r.written for _, requirements in loose for r in requirements})
    total = sum(len(requirements) for _, requirements in loose)
    shown = ", ".join(names[:SHOWN_ITEMS]) + (f" and {len(names) - SHOWN_ITEMS} more" if len(names) > SHOWN_ITEMS else "")
    first, requirements = loose[0]
    return [Finding("env-pinned-versions", "unpinned dependencies",
                    f"{total} dependencies not pinned to an exact version in {len(loose)} specification files of the sub-projects "
                    f"({shown}): pin them or commit a lock file in each folder", Location(first.rel, requirements[0].line),
                    items=tuple(names), places=tuple(Location(spec.rel, reqs[0].line) for spec, reqs in loose[1:]))]


def _subproject_locks(found: ProjectFacts) -> list[Finding]:
    """Sub-projects with no lock file, said once for all of them."""
    locked = {found.subproject_of(rel) for rel, spec in found.sub_specs.items() if spec.lock}
    unlocked = [folder for folder in found.subprojects if folder not in locked]
    if not unlocked:
        return []
    shown = ", ".join(f"{f}/" for f in unlocked[:5]) + (f" and {len(unlocked) - 5} more" if len(unlocked) > 5 else "")
    return [Finding("env-lock-file", "no lock file",
                    f"no lock file in {len(unlocked)} of {len(found.subprojects)} sub-projects ({shown}): what their declared "
                    "packages resolve to is not recorded")]


@check("env-lock-file", reads=("spec",))
def lock_file(found: ProjectFacts) -> list[Finding] | None:
    generated = generated_specs(found)
    if generated:
        if any(spec.lock for spec in generated):
            return []
        return [Finding("env-lock-file", "no lock file for the generated project",
                        "the projects made from this template get no lock file (uv.lock, poetry.lock, conda-lock.yml, a "
                        "compiled requirements.txt...): what their declared packages resolve to is not recorded",
                        Location(generated[0].rel))]
    if found.split_into_subprojects:
        return _subproject_locks(found)
    if not found.declaring_specs or (ranges_are_right(found) and not found.lock_files):
        return None  # a library's users resolve its ranges; a lock file is for applications and analyses
    if found.lock_files:
        return []
    return [Finding("env-lock-file", "no lock file",
                    "no lock file (uv.lock, poetry.lock, Pipfile.lock, conda-lock.yml, renv.lock, a compiled "
                    "requirements.txt or a complete pip freeze)")]


# --- Python version -----------------------------------------------------------------------
def _version_tuple(text: str) -> tuple[int, ...] | None:
    match = re.match(r"\s*(\d+)(?:\.(\d+))?", text)
    if not match:
        return None
    return tuple(int(part) for part in match.groups() if part is not None)


def allows(declared: str, recorded: tuple[int, int]) -> bool | None:
    """Does a declared Python version (3.11, >=3.10,<3.13, ~=3.9, ^3.10, 3.11.*) allow major.minor ``recorded``?
    None when the declaration cannot be read."""
    clauses = [clause.strip() for clause in declared.replace("python", "").split(",") if clause.strip()]
    if not clauses:
        return None
    for clause in clauses:
        match = re.fullmatch(r"(>=|<=|==|!=|~=|>|<|\^|=)?\s*v?(\d+(?:\.\d+)*)(\.\*)?", clause)
        if not match:
            return None
        operator, version = match.group(1) or "==", tuple(int(p) for p in match.group(2).split("."))
        target = version[:2] if len(version) >= 2 else (version[0], 0)
        ok = {">=": recorded >= target, ">": recorded > target if len(version) <= 2 else recorded >= target,
              "<=": recorded <= target, "<": recorded < target, "!=": recorded != target or len(version) > 2,
              "~=": recorded >= target and recorded[0] == target[0], "^": recorded >= target and recorded[0] == target[0],
              "==": recorded == target if len(version) >= 2 else recorded[0] == version[0],
              "=": recorded == target if len(version) >= 2 else recorded[0] == version[0]}[operator]
        if not ok:
            return False
    return True


def _uses_python(found: ProjectFacts) -> bool:
    other = len(found.files_of(suffixes=(".r", ".rmd", ".jl", ".stan")))
    python_specs = any(spec.kind in ("requirements", "pyproject", "setup.py", "setup.cfg", "pipfile") for spec in found.declaring_specs)
    if other > 5 * max(len(found.code_units), 1) and not python_specs:
        return False  # an R (or Julia) project with a few Python files: its Python version is not what reproduces it
    return bool(found.units) or any(spec.kind in ("requirements", "pyproject", "setup.py", "setup.cfg", "conda", "pipfile")
                                    for spec in found.declaring_specs)


def _notebook_versions(found: ProjectFacts) -> list[tuple[str, str]]:
    return [(nb.rel, nb.python_version) for nb in found.notebooks if nb.python_version]


@check("env-python-version", reads=("spec", "notebook"))
def python_version(found: ProjectFacts) -> list[Finding] | None:
    if found.kind.name == "template":  # a template's Python is the generated project's, declared inside its {{ }} folder
        return [] if any(spec.python for spec in found.template_specs.values()) else None
    if not _uses_python(found):
        return None
    recorded = _notebook_versions(found)
    declarations = found.python_declarations
    python2 = [unit.rel for unit in found.code_units if unit.python.python2]
    two = (f"{len(python2)} file{'s are' if len(python2) > 1 else ' is'} Python 2 code ({', '.join(python2[:3])}"
           f"{' ...' if len(python2) > 3 else ''}: print statements and the like)") if python2 else ""
    where_missing = ""
    if found.split_into_subprojects:  # each folder is a project: each declares its Python, or does not
        declared_in = {found.subproject_of(rel) for rel, spec in found.sub_specs.items() if spec.python and spec.python != "any"}
        missing = [folder for folder in found.subprojects if folder not in declared_in]
        if not missing:
            return []
        where_missing = f" in {len(missing)} of {len(found.subprojects)} sub-projects ({', '.join(f + '/' for f in missing[:3])}" \
                        f"{' ...' if len(missing) > 3 else ''})"
    stated = next(((readme.rel, readme.python) for readme in found.readmes if readme.python), None)
    if not declarations and stated is not None and not found.split_into_subprojects:
        rel, (version, line) = stated  # a reader knows it; pip, conda, uv, Binder and CI do not
        versions = sorted({v for _, v in recorded})
        ran = f"; the notebooks were last run with Python {', '.join(versions[:5])}" if versions else ""
        container = next(((where, python) for where, image, tag, _ in _devcontainer_images(found)
                          for python in [_python_of_image(image, tag)] if python), None)
        if container is not None:  # VS Code and Codespaces read it; pip, conda, uv and Binder do not
            return [Finding("env-python-version", "Python version only in the README",
                            f"Python {version} is stated in the README, and {container[0]} builds its development container on "
                            f"Python {container[1]}; no file that installs the environment declares it: declare it there "
                            f"(requires-python, python= in environment.yml, .python-version, runtime.txt){ran}", Location(rel, line),
                            severity="low")]
        return [Finding("env-python-version", "Python version only in the README",
                        f"Python {version} is stated only in the README, where no tool reads it: declare it in a file "
                        f"(requires-python, python= in environment.yml, .python-version, runtime.txt){ran}", Location(rel, line),
                        severity="low")]
    if not declarations:
        versions = sorted({version for _, version in recorded})
        hint = where_missing + (f"; the notebooks were last run with Python {', '.join(versions[:5])}" if versions else "")
        hint += f"; {two}, so it needs Python 2.7" if two and len(python2) * 2 >= len(found.code_units) else (f"; {two}" if two else "")
        return [Finding("env-python-version", "no Python version",
                        "no declared Python version (requires-python, runtime.txt, environment.yml, .python-version)" + hint)]
    declared, where, _ = declarations[0]
    findings = []
    if two and allows(declared, (2, 7)) is False:
        findings.append(Finding("env-python-version", "Python 2 code", f"{two}, but {where} declares Python {declared}",
                                Location(python2[0]), count=len(python2), items=tuple(python2)))
    by_minor: dict[tuple[int, ...], list[tuple[str, str]]] = {}
    for rel, version in recorded:
        numbers = _version_tuple(version)
        if found.kind.library and NOT_PROJECT_FOLDERS.search(rel) and numbers and numbers[0] == 3 and any(
                allows(declared, (3, minor)) for minor in range(15)):
            continue  # a library's documentation notebooks a minor version apart: they show use, not results
        if numbers is not None and len(numbers) >= 2 and allows(declared, numbers[:2]) is False:
            by_minor.setdefault(numbers[:2], []).append((rel, version))
    for minor, notebooks in sorted(by_minor.items()):
        (rel, version), others = notebooks[0], notebooks[1:]
        if not others:
            message = f"last run with Python {version}, but {where} declares {declared}"
        else:  # one line for the 70 notebooks of a book, not 70
            versions = ", ".join(sorted({v for _, v in notebooks}))
            shown = ", ".join(r for r, _ in others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
            message = (f"{len(notebooks)} notebooks last run with Python {'.'.join(map(str, minor))} ({versions}), "
                       f"but {where} declares {declared}: this one, {shown}")
        findings.append(Finding("env-python-version", "notebook run with another Python", message, Location(rel),
                                count=len(notebooks), items=tuple(r for r, _ in notebooks)))
    return findings


# --- Files that agree ----------------------------------------------------------------------
@check("env-specs-agree", reads=("spec",))
def specifications_agree(found: ProjectFacts) -> list[Finding] | None:
    """Every specification file and builder says the same: one Python, one version per package, every
    package the code imports in each environment that runs it."""
    declaring = [spec for spec in found.declaring_specs if not is_auxiliary(spec.rel) and not _rule_environment(found, spec.rel)]
    missing = _missing_includes(found) + _orphan_locks(found)
    inside = _sub_project_disagreements(found)
    if len(declaring) + len(found.python_declarations) < 2 and not found.ci and not missing and not inside:
        return None
    findings = (_python_disagreements(found) + _pin_disagreements(declaring) + _stale_locks(found)
                + _environments_missing_imports(found) + missing + inside)
    return findings


def _sub_project_disagreements(found: ProjectFacts) -> list[Finding]:
    """The specification files of one sub-project (model/setup.py and model/requirements.txt) that disagree: pins to
    different versions, or a pin in one and a range allowing other releases in the other."""
    folders: dict[str, list] = {}
    for rel, spec in sorted(found.sub_specs.items()):
        if spec.declares and not is_auxiliary(rel) and not spec.lock:
            folders.setdefault(rel.rpartition("/")[0], []).append(spec)
    findings = []
    for specs in folders.values():
        if len(specs) > 1:
            findings += _pin_disagreements(specs) + _pinned_and_ranged(specs)
    return findings


def _pinned_and_ranged(declaring) -> list[Finding]:
    """A package one file pins (numpy==1.10.1 in setup.py) and another gives a range that allows other releases
    (numpy>=1.9.1 in requirements.txt): installing from either file gives a different environment."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    pinned: dict[str, tuple[str, str, int | None]] = {}
    for spec in declaring:
        for requirement in spec.requirements:
            if requirement.pinned and requirement.specifier.startswith("==") and not requirement.url:
                pinned.setdefault(requirement.name, (requirement.specifier[2:], spec.rel, requirement.line))
    found = []
    for spec in declaring:
        for requirement in spec.requirements:
            pin = pinned.get(requirement.name)
            if pin is None or pin[1] == spec.rel or requirement.pinned or not requirement.specifier or requirement.url:
                continue
            try:
                allowed = SpecifierSet(requirement.specifier)
                if not allowed.contains(Version(pin[0]), prereleases=True):
                    continue  # excluded outright: "pins disagree" territory, or a file that is simply wrong
            except (InvalidSpecifier, InvalidVersion):
                continue
            found.append((requirement.name, f"{requirement.name}=={pin[0]} in {pin[1]}, {requirement.specifier} in {spec.rel}",
                          pin[1], pin[2]))
    if not found:
        return []
    shown = "; ".join(text for _, text, _, _ in found[:5]) + (f"; and {len(found) - 5} more" if len(found) > 5 else "")
    subject = f"{found[0][0]} is" if len(found) == 1 else f"{len(found)} packages are"
    return [Finding("env-specs-agree", "versions disagree",
                    f"{subject} pinned in one specification file and given a range in another of the same project ({shown}): "
                    "installing from one or the other gives different releases", Location(found[0][2], found[0][3]),
                    items=tuple(name for name, _, _, _ in found))]


MANIFESTS_OF = {"uv.lock": ("pyproject.toml",), "poetry.lock": ("pyproject.toml",), "pdm.lock": ("pyproject.toml",),
                "pixi.lock": ("pixi.toml", "pyproject.toml"), "Pipfile.lock": ("Pipfile",)}


def _orphan_locks(found: ProjectFacts) -> list[Finding]:
    """A lock file with no manifest beside it (uv.lock at the top after pyproject.toml moved into a sub-folder): it
    locks a project that is no longer there, and the tool that reads it cannot use it."""
    findings = []
    for rel, spec in sorted(found.specs.items()):
        folder, _, name = rel.rpartition("/")
        manifests = MANIFESTS_OF.get(name)
        if not manifests or not spec.lock or any(found.file(f"{folder}/{m}" if folder else m) is not None for m in manifests):
            continue
        elsewhere = sorted(f.rel for f in found.files if f.name in manifests and f.rel != rel)[:3]
        where = f"; the project files are elsewhere now ({', '.join(elsewhere)})" if elsewhere else ""
        findings.append(Finding("env-specs-agree", "lock without its project",
                                f"{name} has no {' or '.join(manifests)} beside it: it locks a project that is no longer "
                                f"there{where}, so nothing installs from it and it no longer records the environment",
                                Location(rel)))
    return findings


def _missing_includes(found: ProjectFacts) -> list[Finding]:
    """A specification that pulls in a file the project does not have (tox's -r requirements.txt after the
    requirements moved to Poetry): installing from it fails."""
    findings = []
    for rel, spec in sorted({**found.specs, **found.sub_specs}.items()):
        if rel not in found.used_specs and rel not in found.sub_specs:
            continue
        image = spec.kind == "dockerfile"  # built from its own folder or from the top (docker build -f x/Dockerfile .)
        for include in spec.includes:
            if any(mark in include for mark in ("{", "$", "://")) or any(resolves(include, rel, other) for other in found.by_path) \
                    or image and (include.startswith("/") or found.file(include.removeprefix("./")) is not None):
                continue
            findings.append(Finding("env-specs-agree", "names a missing file",
                                    f"installs from {include}, which is not in the project: installing from {rel} fails",
                                    Location(rel), items=(include,)))
        for source, line in spec.copied_specs:
            if any(mark in source for mark in ("*", "?", "{", "$", "://")) or any(resolves(source, rel, other) for other in found.by_path) \
                    or found.file(source.removeprefix("./")) is not None:
                continue
            findings.append(Finding("env-specs-agree", "names a missing file",
                                    f"copies {source} into the image, but the project has no such file: building the image fails",
                                    Location(rel, line), items=(source,)))
    return findings


def _stale_locks(found: ProjectFacts) -> list[Finding]:
    """A lock that no longer satisfies its manifest: Pipfile asks streamlit 1.9.2, Pipfile.lock holds 1.10.0."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import InvalidVersion, Version

    findings = []
    for rel, spec in sorted(found.specs.items()):
        lock = _lock_of(found, rel)
        if lock is None or not found.specs[lock].locked_versions:
            continue
        locked = found.specs[lock].locked_versions
        stale = []
        for requirement in spec.requirements:
            version = locked.get(requirement.name)
            wanted = requirement.specifier.strip()
            if not version or not wanted or wanted == "*":
                continue
            wanted = f"=={wanted}" if re.fullmatch(r"\d[\w.]*", wanted) else wanted
            try:
                if not SpecifierSet(wanted).contains(Version(version), prereleases=True):
                    stale.append((requirement, version))
            except (InvalidSpecifier, InvalidVersion):
                continue
        if stale:
            (first, version), more = stale[0], len(stale) - 1
            findings.append(Finding("env-specs-agree", "lock out of date",
                                    f"{rel} asks {first.written} {first.specifier}, but {lock} holds {version}"
                                    + (f" (and {more} more)" if more else "") + ": the lock was not made from this file; "
                                    "lock again", Location(rel, first.line), items=tuple(r.name for r, _ in stale)))
    return findings


def _python_disagreements(found: ProjectFacts) -> list[Finding]:
    declarations = [(v, rel, line) for v, rel, line in found.python_declarations if not is_auxiliary(rel) and not _rule_environment(found, rel)]
    readable = [(v, rel, line) for v, rel, line in declarations if any(allows(v, m) is not None for m in PYTHON_MINORS)]
    findings = []
    if len(readable) >= 2 and not any(all(allows(v, minor) for v, _, _ in readable) for minor in PYTHON_MINORS):
        shown = "; ".join(f"{rel}: {v}" for v, rel, _ in readable)
        findings.append(Finding("env-specs-agree", "Python versions disagree",
                                f"no Python version satisfies every declaration ({shown})", Location(readable[0][1], readable[0][2])))
    for config in found.ci:
        if not any(shell.runs_tests(c) or shell.runs_pipeline(c) for c in config.commands):
            continue  # a CI job that builds a site or publishes runs its own tools' Python, not the project's code
        versions = [(v, line) for v, line in config.python_versions if _version_tuple(v) and len(_version_tuple(v)) >= 2]
        if readable and versions and not any(all(allows(v, _version_tuple(ci)[:2]) for v, _, _ in readable) for ci, _ in versions):
            findings.append(Finding("env-specs-agree", "CI tests another Python",
                                    f"CI sets up Python {', '.join(v for v, _ in versions)}, which "
                                    f"{readable[0][1]} ({readable[0][0]}) does not allow", Location(config.rel, versions[0][1]),
                                    severity="low"))  # the code still runs somewhere it was tested
    return findings


def _pin_disagreements(declaring) -> list[Finding]:
    pins: dict[str, list[tuple[str, str, int | None]]] = {}
    for spec in declaring:
        for requirement in spec.requirements:
            if requirement.pinned and requirement.specifier:
                version = requirement.specifier.lstrip("=").split("=")[0]
                pins.setdefault(requirement.name, []).append((version, spec.rel, requirement.line))
    findings = []
    for name, found in sorted(pins.items()):
        versions = {version for version, _, _ in found}
        if len(versions) > 1:
            shown = ", ".join(f"{version} in {rel}" for version, rel, _ in found)
            findings.append(Finding("env-specs-agree", "pins disagree", f"{name} is pinned to different versions: {shown}",
                                    Location(found[0][1], found[0][2]), items=(name,)))
    return findings + _bound_and_free(declaring)


# Files that install an environment as it is (not package metadata, whose ranges are for others to resolve).
INSTALLED_KINDS = frozenset({"conda", "requirements", "pipfile", "dockerfile"})


def _bound_and_free(declaring) -> list[Finding]:
    """A package one environment file holds to a release line (scikit-learn=0.22.*, ==1.2.3) and another installs at
    any version: the environments the files make differ (the tests pass on 0.22, the model is trained on the newest)."""
    bound: dict[str, tuple[str, str, int | None]] = {}
    free: dict[str, list[str]] = {}
    for spec in declaring:
        if spec.kind not in INSTALLED_KINDS or spec.lock:
            continue
        for requirement in spec.requirements:
            if requirement.url:
                continue
            if requirement.specifier and (requirement.pinned or "*" in requirement.specifier or "<" in requirement.specifier
                                          or requirement.specifier.startswith("=")):
                bound.setdefault(requirement.name, (requirement.specifier, spec.rel, requirement.line))
            elif not requirement.specifier:
                free.setdefault(requirement.name, []).append(spec.rel)
    found = []
    for name, (specifier, rel, line) in sorted(bound.items()):
        others = [other for other in free.get(name, []) if other != rel]
        if others:
            found.append((name, f"{name} {specifier} in {rel}, any version in {', '.join(others[:3])}"
                                f"{' ...' if len(others) > 3 else ''}", rel, line))
    if not found:
        return []
    shown = "; ".join(text for _, text, _, _ in found[:5]) + (f"; and {len(found) - 5} more" if len(found) > 5 else "")
    subject = f"{found[0][0]} is" if len(found) == 1 else f"{len(found)} packages are"
    return [Finding("env-specs-agree", "versions disagree",  # one finding for the files, the packages listed
                    f"{subject} held to a version in one environment file and free in another ({shown}): the environments "
                    "these files make run different releases", Location(found[0][2], found[0][3]), items=tuple(n for n, _, _, _ in found))]


def _environments_missing_imports(found: ProjectFacts) -> list[Finding]:
    """An environment a builder makes that lacks a package the code imports and another file declares."""
    names = imported(found, [u for u in found.code_units if not u.test and not NOT_PROJECT_FOLDERS.search(u.rel)])
    if found.kind.library:  # an integration a library imports only inside the function that uses it is optional for it
        names = {name: places for name, places in names.items() if not _only_lazily(name, places)}
    declared_anywhere = set().union(*(spec.names for spec in found.declaring_specs if spec.requirements))
    findings = []
    for environment in found.environments:
        specs = [found.specs[rel] for rel in environment.files if rel in found.specs]
        if not any(spec.declares for spec in specs):
            continue
        if environment.builder.startswith("CI") and not _ci_runs_code(found, environment.builder):
            continue
        if any(rel in found.role_environments for rel in environment.files):
            continue  # one role's environment (a CI image, a scoring image) runs part of the code: which part, reading cannot tell
        has = set().union(*(spec.names | spec.optional for spec in specs))
        missing = [name for name in sorted(names) if packages.is_declared(name, declared_anywhere)
                   and not packages.is_declared(name, has)]
        if missing:
            unit, line = names[missing[0]][0]
            shown = ", ".join(missing[:SHOWN_ITEMS]) + (f" and {len(missing) - SHOWN_ITEMS} more" if len(missing) > SHOWN_ITEMS else "")
            findings.append(Finding(
                "env-specs-agree", "environment lacks imports",
                f"the environment {environment.builder} installs ({', '.join(environment.files)}) lacks {shown}, which the "
                f"code imports ({unit.rel} first) and another specification declares (only packages the code imports "
                f"are compared between the files)", Location(environment.files[0]),
                items=tuple(missing)))
    return findings


def _only_lazily(name: str, places: list[tuple[Unit, int]]) -> bool:
    """Every import of the package is inside a function (def register_modin(): import modin.pandas): the module loads
    without it, and only a caller of that function needs it."""
    return all(item.in_function for unit, _ in places for item in unit.python.imports if item.top == name and not item.guarded)


def _ci_runs_code(found: ProjectFacts, builder: str) -> bool:
    rel = builder[builder.index("(") + 1:-1]
    config = next((c for c in found.ci if c.rel == rel), None)
    return config is not None and any(shell.runs_tests(c) or shell.runs_pipeline(c) for c in config.commands)


# --- Installs and downloads at run time --------------------------------------------------------
@check("env-runtime-fetches", reads=("python", "notebook", "code", "spec"))
def runtime_fetches(found: ProjectFacts) -> list[Finding] | None:
    findings = []
    set_aside = found.template_folders + found.retired  # a sub-project's fetches are still fetches; a template's are not run
    for notebook in found.notebooks:
        if in_folders(notebook.rel, set_aside):
            continue
        for line in notebook.shell:
            command = shell.Command(tuple(shell.split_words(line.command)), "", line.line)
            findings += _shell_fetches(command, Location(notebook.rel, line.line, line.cell))
    for rel, script in sorted(found.scripts.items()):
        for command in script:
            findings += _shell_fetches(command, Location(rel, command.line))
    for makefile in found.makefiles:
        for rule in makefile.rules:
            for command in rule.recipe:
                findings += _shell_fetches(command, Location(makefile.rel, command.line))
    for rel, spec in sorted(found.specs.items()):
        if spec.kind == "dockerfile":
            findings += _images(rel, spec)
            for text, line in spec.commands:
                for command in shell.commands(text, line):
                    if shell.install_words(command) is None:  # Dockerfile installs are judged with the other pins
                        findings += _shell_fetches(command, Location(rel, line))
        elif spec.kind == "mlproject":
            findings += _images(rel, spec)
    for rel, spec in sorted(found.sub_specs.items()):  # a sub-project's image changes under its name as much
        if spec.kind == "dockerfile":
            findings += _images(rel, spec)
    findings += _installs_beside_locks(found)
    for rel, images in sorted(found.workflow_images.items()):
        findings += _images(rel, None, images, verb="runs its rules in")
    for config in found.ci:
        findings += _images(config.rel, None, config.images, verb="runs its jobs in")
    for rel, image, tag, line in _devcontainer_images(found):
        findings += _images(rel, None, [(image, tag, line)], verb="builds its development container on")
    findings += _ci_tools(found)
    findings += _r_installs(found)
    declared = _declared_versions(found)
    for unit in found.checked_units:
        findings += _python_fetches(unit)
        findings += _models_by_name(unit, declared)
    return findings if findings or found.units or found.notebooks or found.scripts or found.makefiles else None


def _r_installs(found: ProjectFacts) -> list[Finding]:
    """R packages installed with no version (install.packages, install_github from a default branch), in code or in
    the instructions a README gives, where no renv.lock records the versions: one finding a file."""
    if any(f.name == "renv.lock" for f in found.files):
        return []
    findings = []
    for rel, installs in sorted(found.r_installs.items()):
        if found.excluded_path(rel):
            continue
        shown = "; ".join(text.strip() for _, text in installs[:2])
        github = any("install_github" in text for _, text in installs)
        findings.append(Finding("env-runtime-fetches", "R packages at no version",
                                f"installs R packages with no version ({shown[:160]}){': install_github takes the default branch' if github else ''}"
                                "; no renv.lock records what they resolved to, so a fresh install gets other releases",
                                Location(rel, installs[0][0])))
    return findings


# spacy.load("en_core_web_md"): a model installed as a package of its own (or, before spaCy 3, a shortcut link such as
# "en" or "en_default"); which version is loaded is whatever is installed, and the vectors and tagger change with it.
SPACY_MODEL = re.compile(r"^[a-z]{2,3}(?:_[a-z0-9]+)*$")


def _declared_versions(found: ProjectFacts) -> dict[str, bool]:
    """Every package a specification names, and whether one of them holds it to a version (== or a URL naming one)."""
    declared: dict[str, bool] = {}
    for spec in [*found.specs.values(), *found.sub_specs.values()]:
        for requirement in spec.requirements:
            held = requirement.pinned or bool(re.search(r"\d+\.\d+", requirement.url or ""))
            declared[requirement.name] = declared.get(requirement.name, False) or held
        for name in spec.locked_names:
            declared[name] = True
    return declared


def _models_by_name(unit: Unit, declared: dict[str, bool]) -> list[Finding]:
    if "spacy" not in unit.imported_tops:
        return []
    findings = []
    for name, call in unit.resolved:
        if name != "spacy.load":
            continue
        first = call.argument(0, "name")
        model = first.constant if first is not None and first.kind == "constant" and isinstance(first.constant, str) else None
        if model is None or not SPACY_MODEL.match(model) or declared.get(model.replace("_", "-")):
            continue
        findings.append(Finding("env-runtime-fetches", "model loaded by name",
                                f"loads the spaCy model {model} by name, and no specification holds its package to a version: "
                                "results depend on whichever model release is installed (pin it, e.g. a requirements line "
                                "with the model's release URL)", unit.location(call.line)))
    return findings


def _lock_for(found: ProjectFacts, rel: str) -> str | None:
    """The lock file nearest the folder ``rel`` is in: its sub-project's, an enclosing one's, else the project's."""
    locks = {rel.rpartition("/")[0]: rel for rel, spec in sorted(found.sub_specs.items(), reverse=True) if spec.lock}
    folder = rel.rpartition("/")[0]
    while folder:
        if folder in locks:
            return locks[folder]
        folder = folder.rpartition("/")[0]
    return found.lock_files[0] if found.lock_files else None


def _installs_beside_locks(found: ProjectFacts) -> list[Finding]:
    """Installs with no exact version in a CI step or an image's build where a lock file records the environment
    (`uv pip install dagster-dbt --upgrade` in CI, `RUN pip install dagster-pipes` in a Dockerfile): they bypass the
    lock and take whatever is newest the day they run. Without a lock, an image's installs are judged with the pins."""
    findings = []
    ci = {config.rel for config in found.ci}
    used: set[str] | None = None  # the packages the project declares or imports: worked out only if an install is loose
    places = [(config.rel, command) for config in found.ci for command in config.commands]
    places += [(rel, command) for rel, spec in sorted({**found.specs, **found.sub_specs}.items()) if spec.kind == "dockerfile"
               for text, line in spec.commands for command in shell.commands(text, line)]
    for rel, command in places:
        words = shell.install_words(command)
        if words is None:
            continue
        lock = found.lock_files[0] if rel in ci and found.lock_files else _lock_for(found, rel)
        if lock is None:
            continue
        loose = shell.unpinned_packages(words)
        if not loose:
            continue
        if used is None:
            used = {r.name for spec in (*found.specs.values(), *found.sub_specs.values()) for r in spec.requirements}
            used = (used | {packages.normalise(name) for name in imported(found)}) - INSTALLER_TOOLS
        # a package the project uses, not a tool CI adds (pytest, flake8, dvc)
        loose = [p for p in loose if packages.normalise(re.split(r"[\[=<>!~]", p, maxsplit=1)[0]) in used]
        if not loose:
            continue
        where = "CI" if rel in ci else "the image"
        verb = "upgrades" if any(w in ("-U", "--upgrade") for w in words) else "installs"
        findings.append(Finding("env-runtime-fetches", "unpinned install beside a lock",
                                f"{verb} {', '.join(loose[:SHOWN_ITEMS])} in {where} without an exact version, though the project keeps a lock "
                                f"file ({lock}): {where} gets whatever is newest the day it runs",
                                Location(rel, command.line), items=tuple(loose)))
    return findings


def _shell_fetches(command, where: Location) -> list[Finding]:
    words = shell.install_words(command)
    if words is not None:
        loose = [p for p in shell.unpinned_packages(words) if packages.normalise(p.split("[")[0]) not in INSTALLER_TOOLS]
        upgrade = any(w in ("-U", "--upgrade") for w in words)
        found = []
        if loose:
            verb = "upgrades" if upgrade else "installs"
            found.append(Finding("env-runtime-fetches", "unpinned install at run time",
                                 f"{verb} {', '.join(loose[:SHOWN_ITEMS])} at run time without an exact version", where,
                                 items=tuple(loose)))
        moving = [w for w in words if shell.moving_vcs_install(w)]
        if moving:
            found.append(Finding("env-runtime-fetches", "code fetched at run time",
                                 f"installs {moving[0][:100]} from a branch that moves at run time: add @ and a tag or commit",
                                 where, items=tuple(moving)))
        return found
    kind = shell.fetch_kind(command)
    text = command.text if len(command.text) <= 120 else command.text[:119] + "…"
    if kind == "model":
        return [Finding("env-runtime-fetches", "model fetched by name", f"downloads a model or corpus by name, with no version: {text}", where)]
    if kind == "code":
        if command.program == "git" and any(w in ("--branch", "-b") for w in command.words) and not _branch_moves(command.words):
            return []
        what = "clones code at run time without a tag or commit" if command.program == "git" else "runs code downloaded at run time"
        return [Finding("env-runtime-fetches", "code fetched at run time", f"{what}: {text}", where)]
    if kind == "download":
        moving = [url for url in shell.urls(command.text) if fetches.MOVING_REFERENCE.search(url)]
        if moving:
            return [Finding("env-runtime-fetches", "download from a moving branch",
                            f"downloads from a branch that moves ({moving[0][:100]}): the file can change under the same address", where)]
    return []


def _branch_moves(words) -> bool:
    for index, word in enumerate(words):
        if word in ("--branch", "-b") and index + 1 < len(words):
            return words[index + 1] in shell.MOVING_BRANCHES
    return True


DEVCONTAINER = re.compile(r"(?:^|/)(?:\.devcontainer\.json|\.devcontainer/(?:[^/]+/)?devcontainer\.json)$")


def _devcontainer_images(found: ProjectFacts) -> list[tuple[str, str, str, int]]:
    """The image a dev container (.devcontainer.json, .devcontainer/devcontainer.json) builds on: (file, image, tag,
    line). JSON with comments, as VS Code reads it; a file that names a Dockerfile instead is judged with the Dockerfile."""
    import json

    from tension_points.audit.read.walker import decode_text, read_prefix

    images = []
    for file in found.files_of(names=(".devcontainer.json", "devcontainer.json")):  # the only names the pattern takes
        if not DEVCONTAINER.search(file.rel):
            continue
        try:
            text = decode_text(read_prefix(file, 256 * 1024)) or ""
        except OSError:
            continue
        bare = re.sub(r"(?m)^[ \t]*//[^\n]*$|/\*.*?\*/", "", text, flags=re.S)
        try:
            document = json.loads(re.sub(r",(\s*[}\]])", r"\1", bare))
        except ValueError:
            continue
        reference = document.get("image") if isinstance(document, dict) else None
        if not isinstance(reference, str) or "$" in reference:
            continue
        image, _, digest = reference.partition("@")
        name, _, tag = image.rpartition(":") if ":" in image.split("/")[-1] else (image, "", "")
        line = next((number for number, text_line in enumerate(text.splitlines(), 1) if '"image"' in text_line), 1)
        images.append((file.rel, name or image, digest or tag, line))
    return images


def _python_of_image(image: str, tag: str) -> str:
    """The Python an image's tag names: python:3.10-slim, mcr.microsoft.com/devcontainers/python:3.10."""
    if image.rsplit("/", 1)[-1] != "python":
        return ""
    match = re.match(r"^(?:\d+-)?(3\.\d+(?:\.\d+)?)", tag)
    return match.group(1) if match else ""


CI_INSTALLERS = frozenset({"poetry", "pdm", "miniconda", "micromamba", "mamba", "conda", "pixi", "hatch", "rye"})
SETUP_ACTION = re.compile(r"^\s*-?\s*uses:\s*['\"]?([\w.-]+)/setup-([\w.-]+)@([\w.-]+)")
GLOBAL_NODE_INSTALL = re.compile(r"^(?:npm\s+(?:install|i)\s+(?:.*\s)?(?:-g|--global)\b|yarn\s+global\s+add\b)")


def _ci_tools(found: ProjectFacts) -> list[Finding]:
    """The tools CI installs for itself with no version, one finding per CI file: a setup action of another owner
    than GitHub's (iterative/setup-dvc) given no version input, for a tool the steps then run (dvc), takes the tool's
    newest release each run; npm install -g
    json5 takes the newest package. (An action's own @v1 is not reported: a major tag is how actions are meant to be
    used, and it changes the action, not the tool it installs.)"""
    import yaml

    from tension_points.audit.read.walker import decode_text, read_prefix

    findings = []
    for config in found.ci:
        loose: list[tuple[int, str]] = []
        file = found.file(config.rel)
        if file is not None and config.rel.startswith(".github/workflows/"):
            try:
                text = decode_text(read_prefix(file, 512 * 1024)) or ""
                document = yaml.safe_load(text)
            except (OSError, yaml.YAMLError):
                text, document = "", None
            steps = [step for job in ((document or {}).get("jobs") or {}).values() if isinstance(job, dict)
                     for step in (job.get("steps") or []) if isinstance(step, dict)] if isinstance(document, dict) else []
            for number, text_line in enumerate(text.splitlines(), 1):
                match = SETUP_ACTION.match(text_line)
                if match is None or match.group(1) == "actions":
                    continue  # actions/setup-python, setup-node: a language's runtime, judged with the Python version
                owner, tool, _ = match.groups()
                if not any(c.program == tool.removesuffix("-action") for c in config.commands):
                    continue  # a tool the steps never run by name (docker/setup-qemu-action): the runner's plumbing
                if tool in INSTALLER_TOOLS or tool in CI_INSTALLERS:
                    continue  # an installer (setup-uv, setup-miniconda): how the environment resolves, judged with the pins
                if any(text.startswith(f"{owner}/setup-{tool} ") for _, text in loose):
                    continue  # the same action in another job: said once
                step = next((s for s in steps if str(s.get("uses", "")).startswith(f"{owner}/setup-{tool}@")), None)
                inputs = step.get("with") if step is not None and isinstance(step.get("with"), dict) else {}
                if not any("version" in str(key).lower() for key in inputs):
                    loose.append((number, f"{owner}/setup-{tool} (no version input: the newest {tool} on each run)"))
        for command in config.commands:
            if GLOBAL_NODE_INSTALL.match(command.text):
                names = [w for w in command.words[2:] if not w.startswith("-") and w not in ("add",)
                         and not re.search(r".@\d", w)]
                if names:
                    loose.append((command.line, f"{command.text} (line {command.line})"))
        if loose:
            loose.sort()
            findings.append(Finding("env-runtime-fetches", "CI tools without a version",
                                    f"CI installs its tools with no version: {'; '.join(text for _, text in loose[:5])}"
                                    f"{' and more' if len(loose) > 5 else ''}: a later run gets other releases of the tools "
                                    "that make and check the results; give each a version", Location(config.rel, loose[0][0]),
                                    severity="low"))
    return findings


def _images(rel: str, spec, images=None, verb: str = "builds on") -> list[Finding]:
    findings, stages = [], set()
    for image, tag, line in spec.images if images is None else images:
        if image.lower() in stages or image == "scratch" or "$" in image or "$" in tag:
            continue
        stages.add(image.lower())
        moves = tag_moves(image, tag)
        if moves is None:
            continue
        kind, why, severity = moves
        shown = f"{image}:{tag}" if tag else image
        findings.append(Finding("env-runtime-fetches", kind, f"{verb} {shown}, {why}", Location(rel, line),
                                severity=severity))
    return findings


VERSION_IN_TAG = re.compile(r"^v?(\d+(?:\.\d+)*)")
FULL_VERSION = re.compile(r"(?:^|[^\d.])\d+\.\d+\.\d+")
FIXED_TAG = re.compile(r"^(?:sha256:[0-9a-f]{16,}|[0-9a-f]{7,40}|\d{8}(?:[-.]\w+)?|\d{4}-\d{2}-\d{2}\w*)$")
DATED_RELEASE = re.compile(r"^\d{2}\.\d{2}(?:[-.]|$)")  # nvcr.io/nvidia/pytorch:23.10-py3: a monthly release


def tag_moves(image: str, tag: str) -> tuple[str, str, str] | None:
    """Whether an image reference without a digest moves, as (kind, why, severity), or None when it stays.

    Only a digest never moves; a tag with a full version (3.11.9-slim, 2.1.0-cuda12.1) changes only when a
    maintainer rebuilds that release, which the audit takes as fixed. A tag with no version, or a version
    of something else in the image (uv's python3.12-bookworm), moves with every release of the image; a
    partial version (3.10-slim, postgres:15) moves with each release under it."""
    name = image.rsplit("/", 1)[-1]
    if not tag or tag == "latest":
        return ("image without a version", "which changes under the same name: give a version tag or a digest", "")
    if FIXED_TAG.match(tag) or FULL_VERSION.search(tag) or DATED_RELEASE.match(tag):
        return None
    version = VERSION_IN_TAG.match(tag)
    if version is None:
        other = re.search(r"[a-z]+-?\d+(?:\.\d+)*", tag)
        what = (f", only {other.group(0)} inside it, so it moves with each release of {name} and each patch under "
                f"{other.group(0)}") if other else f", so it moves with each release of {name}"
        return ("image tag that moves", f"a tag that names no release of {name} itself{what}: give a tag with the "
                "image's full version, or a digest", "low")
    parts = version.group(1).count(".") + 1
    if name in OFFICIAL_VERSIONED and parts == 2:
        return ("image tag that moves", "a tag that moves to each new patch release: give the full version (such as "
                "3.11.9-slim) or a digest", "low")
    if parts == 1 and len(version.group(1)) <= 3:
        return ("image tag that moves", f"a tag that names only a major version of {name}, so it moves to each new minor "
                "and patch release: give the full version or a digest", "low")
    return None


def _python_fetches(unit: Unit) -> list[Finding]:
    if not unit.python.calls:
        return []
    findings = []
    tops = unit.imported_tops
    assignments = unit.python.assignments
    judged: dict[tuple, bool] = {}
    helpers = fetches.download_helpers(unit.python.functions, unit.python.calls, assignments)
    saving = fetches.saving_scopes(unit.python.calls)
    for name, call in unit.resolved:
        key = (name, call.args, call.keywords)
        if key in judged and not judged[key]:
            continue  # the same call, already found harmless
        what = fetches.fetched_by_name(name, call)
        if what:
            first = call.argument(0, "")
            shown = f"({first.text!r})" if first is not None and first.text else "()"
            findings.append(Finding("env-runtime-fetches", "model fetched by name",
                                    f"fetches {what} by name with no revision: {name.rsplit('.', 1)[-1]}{shown[:80]}",
                                    unit.location(call.line)))
            continue
        if fetches.hosted_service(name, tops):
            findings.append(Finding("env-runtime-fetches", "hosted model service",
                                    f"results come from a hosted model service ({name.split('.')[0]}): the provider can change "
                                    "the model behind a name; record the model version and keep the outputs",
                                    unit.location(call.line)))
            continue
        source = fetches.download(name, call, assignments, helpers, _parameters(unit, call), saving)
        judged[key] = bool(source and fetches.MOVING_REFERENCE.search(source))
        if judged[key]:
            findings.append(Finding("env-runtime-fetches", "download from a moving branch",
                                    f"reads from a branch that moves ({source[:100]}): the file can change under the same address",
                                    unit.location(call.line)))
    return findings


# --- Dead packages and removed functions ----------------------------------------------------------
@check("env-dead-dependencies", reads=("python", "notebook", "spec"))
def dead_dependencies(found: ProjectFacts) -> list[Finding] | None:
    known = knowledge()
    findings = []
    dead = {entry.name: entry for entry in known.dead_packages}
    for spec in found.declaring_specs:
        for requirement in spec.requirements:
            if requirement.name in dead:
                entry = dead[requirement.name]
                findings.append(Finding("env-dead-dependencies", "dead package",
                                        f"declares {requirement.written}, {entry.why}: declare {entry.instead}",
                                        Location(spec.rel, requirement.line)))
            if requirement.url.startswith("git+git://") or requirement.url.startswith("git://"):
                findings.append(Finding("env-dead-dependencies", "git:// URL", _GIT_PROTOCOL, Location(spec.rel, requirement.line)))
    gitmodules = found.file(".gitmodules")
    if gitmodules is not None and ".gitmodules" in found.gitmodule_urls:
        for url, line in found.gitmodule_urls[".gitmodules"]:
            if url.startswith("git://"):
                findings.append(Finding("env-dead-dependencies", "git:// URL", _GIT_PROTOCOL, Location(".gitmodules", line)))
    findings += _api_findings(found, known)
    findings += _retired_r_packages(found, known)
    findings += _classic_notebook_magics(found)
    return findings if findings or found.units or found.declaring_specs or found.r_libraries else None


# %matplotlib notebook (and its name nbagg) draws through the classic Notebook's JavaScript: Notebook 7 (July 2023,
# built on JupyterLab) and JupyterLab show no figure ("Javascript Error: IPython is not defined"); ipympl's
# %matplotlib widget replaces it. https://jupyter-notebook.readthedocs.io/en/latest/migrate_to_notebook7.html
CLASSIC_ONLY_MAGIC = re.compile(r"^matplotlib\s+(?:notebook|nbagg)\b")


def _classic_notebook_magics(found: ProjectFacts) -> list[Finding]:
    declared = [(r.specifier, spec.rel) for spec in found.declaring_specs for r in spec.requirements if r.name in ("notebook", "nbclassic")]
    if any(name == "nbclassic" for spec in found.declaring_specs for name in spec.names) or \
            (declared and all(allows_from(specifier, "7.0") is False for specifier, _ in declared if specifier)
             and any(specifier for specifier, _ in declared)):
        return []  # the classic Notebook is what the project installs
    findings = []
    for notebook in found.notebooks:
        for line in notebook.shell:
            if line.magic and CLASSIC_ONLY_MAGIC.match(line.command):
                findings.append(Finding("env-dead-dependencies", "magic of the classic Notebook",
                                        f"runs %{line.command.split()[0]} {line.command.split()[1]}, whose figures only the classic "
                                        "Notebook (6 and earlier) shows: Notebook 7 and JupyterLab, which a fresh install of Jupyter "
                                        "gives, show none; use %matplotlib widget (ipympl) or inline, or pin notebook<7",
                                        Location(notebook.rel, line.line, line.cell)))
    return findings


def _retired_r_packages(found: ProjectFacts, known) -> list[Finding]:
    retired = {entry.name: entry for entry in known.retired_r_packages}
    findings = []
    for rel, libraries in sorted(found.r_libraries.items()):
        for name, line in libraries:
            if name in retired:
                entry = retired[name]
                findings.append(Finding("env-dead-dependencies", "retired R package",
                                        f"loads {name}, archived by CRAN in {entry.retired} (use {entry.instead}): a fresh R "
                                        "installation cannot install it from CRAN", Location(rel, line), items=(name,)))
    return findings


_GIT_PROTOCOL = ("a git:// URL: GitHub stopped serving the unauthenticated git protocol in March 2022, so the clone "
                 "fails; use https://")


def _declared_specifiers(found: ProjectFacts, package: str, unit: Unit | None = None) -> list[tuple[str, str]]:
    """(specifier, file) of each declaration of the package the code answers to: a sub-project's code answers to its
    folder's specifications as well as the project's."""
    specs = [*_own_specs(found, unit), *found.declaring_specs]
    return [(r.specifier, spec.rel) for spec in specs if spec.declares and not is_auxiliary(spec.rel)
            for r in spec.requirements if r.name == packages.normalise(package)]


def _own_specs(found: ProjectFacts, unit: Unit | None) -> list:
    """The specifications of the sub-project holding a unit of nested code (none for the project's own code)."""
    if unit is None or not unit.nested:
        return []
    folder = found.subproject_of(unit.rel)
    return [spec for rel, spec in sorted(found.sub_specs.items()) if folder and found.subproject_of(rel) == folder]


def _api_units(found: ProjectFacts) -> list[Unit]:
    """The project's code and its sub-projects' (model/ with its own requirements.txt), not a template's or a retired
    folder's: each judged against the specifications it answers to."""
    folders = set(found.subprojects)
    return found.code_units + [u for u in found.checked_units if u.nested and found.subproject_of(u.rel) in folders]


def _api_findings(found: ProjectFacts, known) -> list[Finding]:
    findings = []
    idiom_facts = tuple({idiom.fact for idiom in known.removed_idioms})
    method_packages = frozenset(entry.package for entry in known.removed_methods)  # once, not once per module
    for unit in _api_units(found):
        seen: set[str] = set()
        for name, call in unit.resolved if known.removed_arguments else ():
            entry = known.removed_argument(name, call)
            if entry is None or (entry.function, entry.keyword) in seen:
                continue
            seen.add((entry.function, entry.keyword))
            declared = _declared_specifiers(found, entry.package, unit)
            if _locked_before(found, entry.package, entry.removed_in, unit) or \
                    declared and all(allows_from(spec, entry.removed_in) is False for spec, _ in declared):
                continue
            what = f"{entry.keyword}=" if entry.keyword else repr(call.args[0].text)
            which = (f"{declared[0][1]} allows {entry.package}{declared[0][0] or ' (any version)'}" if declared
                     else f"no specification pins {entry.package} below {entry.removed_in}")
            findings.append(Finding("env-dead-dependencies", "removed argument",
                                    f"calls {entry.function.rsplit('.', 1)[-1]} with {what}, removed in {entry.package} "
                                    f"{entry.removed_in} (use {entry.instead}); {which}", unit.location(call.line),
                                    items=(f"{entry.function}:{entry.keyword or 'value'}",)))
        for name, line in _names_used(unit):
            if any(i.guarded and (i.module == name or name.startswith(i.module + ".")) for i in unit.python.imports):
                continue  # try: the new name / except ImportError: the old one: the old never runs where it is gone
            removed = known.removed_for(name)
            if removed and removed.called:  # keras.layers.merge: the function only where it is called, not the module
                line = next((call.line for called, call in unit.resolved if called == removed.name), None)
                removed = removed if line is not None else None
            if removed and removed.name not in seen:
                seen.add(removed.name)
                if is_month(removed.removed_in):
                    finding = _removed_from_branch(found, unit, removed, line)
                    findings += [finding] if finding else []
                    continue
                which = _still_allowed(found, removed.package, removed.removed_in, unit)
                if which is None:
                    continue  # pinned below the release that removed it
                findings.append(Finding("env-dead-dependencies", "removed function",
                                        f"uses {removed.name}, removed in {removed.package} {removed.removed_in} "
                                        f"(use {removed.instead}); {which}", unit.location(line), items=(removed.name,)))
            added = known.added_for(name)
            if added and added.name not in seen:
                seen.add(added.name)
                declared = _declared_specifiers(found, added.package, unit)
                too_old = [(spec, rel) for spec, rel in declared if spec and allows_from(spec, added.added_in) is False]
                if too_old:
                    spec, rel = too_old[0]
                    findings.append(Finding("env-dead-dependencies", "function newer than the declared version",
                                            f"uses {added.name}, added in {added.package} {added.added_in}, but {rel} "
                                            f"declares {added.package}{spec}: the declared environment cannot run it",
                                            unit.location(line), items=(added.name,)))
        if any(getattr(unit.python, fact) for fact in idiom_facts):  # most modules hold none: no call for them
            findings += _idiom_findings(found, unit, known)
        if known.removed_methods:
            findings += _method_findings(found, unit, known, method_packages)
    return findings


def _still_allowed(found: ProjectFacts, package: str, removed_in: str, unit: Unit) -> str | None:
    """What lets the release that removed a name in ("requirements.txt allows networkx>=1.9", "no specification pins
    networkx below 2.0"); None when the project is pinned or locked below it, and so consistent with itself."""
    declared = _declared_specifiers(found, package, unit)
    if _locked_before(found, package, removed_in, unit) or \
            declared and all(allows_from(spec, removed_in) is False for spec, _ in declared):
        return None
    return (f"{declared[0][1]} allows {package}{declared[0][0] or ' (any version)'}" if declared
            else f"no specification pins {package} below {removed_in}")


def _method_findings(found: ProjectFacts, unit: Unit, known, method_packages: frozenset[str]) -> list[Finding]:
    """Methods a release removed (G.nodes_iter(), ax.set_axis_bgcolor()), in code that imports their package: the type
    of the object is not known, so the import and a name no other common library uses stand for it."""
    tops = unit.imported_tops
    if unit.notebook is not None and any(line.magic and line.command.split()[:1] == ["matplotlib"] for line in unit.notebook.shell):
        tops = tops | {"matplotlib"}  # %matplotlib inline imports it: the axes of df.plot() are matplotlib's
    packages_imported = method_packages & tops
    if not packages_imported:
        return []
    used: dict[str, list[int]] = {}
    for call in unit.python.calls:
        if "." in call.name:
            used.setdefault(call.name.rsplit(".", 1)[-1], []).append(call.line)
    read_by_key: dict[str, list[int]] = {}
    for name, line in unit.python.attribute_subscripts:
        read_by_key.setdefault(name, []).append(line)
    findings = []
    for entry in known.removed_methods:
        lines = (read_by_key if entry.subscript else used).get(entry.method)
        if not lines or entry.package not in packages_imported:
            continue
        which = _still_allowed(found, entry.package, entry.removed_in, unit)
        if which is None:
            continue  # pinned below the release that removed it
        shown = f".{entry.method}[...]" if entry.subscript else f".{entry.method}()"
        for line in sorted(set(lines)):
            findings.append(Finding("env-dead-dependencies", "removed method",
                                    f"uses {shown} of {entry.package}, removed in {entry.package} {entry.removed_in} "
                                    f"(use {entry.instead}); {which}", unit.location(line),
                                    items=(f"{entry.package}:{entry.method}",)))
    return findings


def _locked_before(found: ProjectFacts, package: str, removed_in: str, unit: Unit | None = None) -> bool:
    """Does the project's lock file decide that a fresh install keeps what a release removed? Its exact pins when it
    is a freeze or a compiled requirements file (numpy==1.26.4 before NumPy 2.0); a uv.lock or poetry.lock, whose
    versions the audit does not read, decides by itself what is installed, so the ranges beside it do not."""
    wanted = packages.normalise(package)
    locks = [found.specs[rel] for rel in found.lock_files if rel in found.specs] + [spec for spec in _own_specs(found, unit) if spec.lock]
    pins = [r.specifier for spec in locks for r in spec.requirements if r.name == wanted]
    if pins:
        return all(allows_from(pin, removed_in) is False for pin in pins)
    return any(spec.kind == "lock" for spec in locks)


def _removed_from_branch(found: ProjectFacts, unit: Unit, removed, line: int | None) -> Finding | None:
    """A module a package without releases (NVIDIA apex) dropped from its development branch: gone from a fresh
    install unless a specification fixes the package to a commit or tag from before."""
    wanted = packages.normalise(removed.package)
    declared = [(r, spec.rel) for spec in found.declaring_specs for r in spec.requirements if r.name == wanted]
    if any(r.url and "@" in r.url.split("://", 1)[-1].split("/", 1)[-1] for r, _ in declared):
        return None  # git+https://...apex.git@<commit>: fixed to a commit the audit cannot date
    which = (f"{declared[0][1]} declares {removed.package} with no commit or tag" if declared
             else f"nothing fixes {removed.package} to a commit from before then")
    return Finding("env-dead-dependencies", "removed function",
                   f"uses {removed.name}, removed from {removed.package}'s development branch in {_month(removed.removed_in)} "
                   f"(use {removed.instead}): {removed.package} has no releases, so a fresh install from its repository "
                   f"lacks it; {which}", unit.location(line), items=(removed.name,))


def _month(dated: str) -> str:
    """2025-04: April 2025."""
    year, month = dated.split("-")
    return f"{calendar.month_name[int(month)]} {year}"


def _idiom_findings(found: ProjectFacts, unit: Unit, known) -> list[Finding]:
    findings = []
    for idiom in known.removed_idioms:
        lines = getattr(unit.python, idiom.fact, ())
        if not lines or idiom.package.split("-")[0] not in unit.imported_tops:
            continue
        declared = _declared_specifiers(found, idiom.package, unit)
        if _locked_before(found, idiom.package, idiom.removed_in, unit) or \
                declared and all(allows_from(spec, idiom.removed_in) is False for spec, _ in declared):
            continue
        which = (f"{declared[0][1]} allows {idiom.package}{declared[0][0] or ' (any version)'}" if declared
                 else f"no specification pins {idiom.package} below {idiom.removed_in}")
        for line in sorted(set(lines)):
            findings.append(Finding("env-dead-dependencies", "removed idiom",
                                    f"reads a number with {idiom.shown}: {idiom.why}; use {idiom.instead}; {which}", unit.location(line),
                                    items=(f"{idiom.package}:{idiom.shown}",)))
    return findings


@functools.cache
def _known_tops() -> tuple[str, ...]:
    known = knowledge()
    return tuple({entry.name.split(".")[0] + "." for entry in (*known.removed, *known.added)})


def _names_used(unit: Unit):
    """Each dotted name of a library the knowledge covers that the code uses, resolved, with its first line:
    imported modules, called functions, names passed as values."""
    tops = _known_tops()
    seen: dict[str, int | None] = {}
    for item in unit.python.imports:
        seen.setdefault(item.module, item.line)
    for target in unit.python.aliases.values():  # from sklearn.datasets import fetch_mldata
        if target.startswith(tops):
            seen.setdefault(target, next((i.line for i in unit.python.imports if target.startswith(i.module + ".")), None))
    for name, call in unit.resolved:
        if name.startswith(tops):
            seen.setdefault(name, call.line)
        for value in (*call.args, *(v for _, v in call.keywords)):
            if value.kind == "name" and "." in value.name:
                resolved = unit.resolve(value.name)
                if resolved.startswith(tops):
                    seen.setdefault(resolved, call.line)
    return [(name, line) for name, line in seen.items() if (name + ".").startswith(tops)]


# --- Facts ---------------------------------------------------------------------------------------
@facts("environment")
def environment_facts(found: ProjectFacts) -> list[Fact]:
    listed = ", ".join(sorted(rel for rel, spec in found.specs.items() if not spec.tool_settings_only)) or "none"
    result = [Fact("Specification files", listed)]
    if found.subprojects:
        folders = found.subprojects
        shown = ", ".join(f"{f}/" for f in folders[:5]) + (f" and {len(folders) - 5} more" if len(folders) > 5 else "")
        result.append(Fact("Sub-projects with their own specifications", f"{len(folders)} ({shown}): "
                           + ("each is checked against its own files" if found.split_into_subprojects
                              else "their code answers to their own files")))
    settings = [rel for rel, spec in found.specs.items() if spec.tool_settings_only]
    if settings:
        result.append(Fact("Tool settings only, not an environment", ", ".join(settings)))
    elsewhere = {rel: why for rel, why in found.used_specs.items() if why != "where builders look"}
    if elsewhere:
        result.append(Fact("Used from elsewhere in the project", "; ".join(f"{rel} ({why})" for rel, why in sorted(elsewhere.items()))))
    if found.declaring_specs:
        result.append(Fact("Environment builders modelled", BUILDER_FACT))
        for environment in found.environments:
            files = ", ".join(environment.files) or "nothing; it would build a default environment"
            result.append(Fact(f"{environment.builder} would use", files + (f" ({environment.why})" if environment.why else "")))
        result.append(Fact("Binder would ignore", ", ".join(found.binder_ignored) or "nothing"))
    result.append(Fact("Kind of project", f"{found.kind.name}: {found.kind.why}"))
    if found.kind.name == "template" and found.template_specs:
        result.append(Fact("The generated project's specification files (template tags set aside)", ", ".join(found.template_specs)))
        pythons = [f"{spec.python} ({rel})" for rel, spec in found.template_specs.items() if spec.python]
        if pythons:
            result.append(Fact("The generated project's Python", "; ".join(pythons)))
    requirements = [r for spec in found.declaring_specs if not (ranges_are_right(found) and spec.kind in ("pyproject", "setup.py", "setup.cfg"))
                    and not is_auxiliary(spec.rel) for r in spec.requirements]
    if requirements:
        pinned = sum(r.pinned for r in requirements)
        result.append(Fact("Pinned to exact versions", f"{pinned} of {len(requirements)} dependencies ({round(100 * pinned / len(requirements))}%)"))
    result.append(Fact("Lock file", "; ".join(f"{rel} ({found.specs[rel].lock})" for rel in found.lock_files) or "none"))
    declarations = found.python_declarations
    if (declarations or _uses_python(found)) and found.kind.name != "template":  # an R paper is not told its Python
        # version is not declared, nor a template, whose Python is the generated project's (shown above)
        result.append(Fact("Python version", "; ".join(f"{v} ({rel})" for v, rel, _ in declarations) or "not declared"))
    recorded = _notebook_versions(found)
    if recorded:
        versions = sorted({v for _, v in recorded})
        result.append(Fact("Python recorded in notebooks", ", ".join(versions[:5]) + (" ..." if len(versions) > 5 else "")))
    return result


def _parameters(unit: Unit, call) -> tuple[str, ...]:
    function = unit.python.functions.get(call.scope) if call.scope else None
    return function.parameters if function is not None else ()
