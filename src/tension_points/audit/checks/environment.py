"""Environment checks: a declared environment, which builders use it, imports declared, pins, lock, Python,
files that agree, installs and downloads made at run time pinned, no dead packages or removed functions.

Builders modelled: Binder (repo2docker: ``binder/`` or ``.binder/`` first, else
the top; Dockerfile, Julia, Nix, R, conda, Pipfile, then pip), MLflow projects
(``MLproject``'s ``conda_env``), Dockerfiles and the files CI installs.
Libraries and templates keep version ranges on purpose: pins and lock files
are asked of applications and analyses only.
"""

from __future__ import annotations

import functools
import re

from tension_points.audit.checks import check, facts
from tension_points.audit.facts import NOT_PROJECT_FOLDERS, ProjectFacts, Unit, in_folders, is_generated_module
from tension_points.audit.knowledge import downloads as fetches
from tension_points.audit.knowledge import packages
from tension_points.audit.knowledge.apis import allows_from, knowledge
from tension_points.audit.model import Fact, Finding, Location
from tension_points.audit.parse import commands as shell
from tension_points.audit.parse.specs import is_dockerfile, is_lock_name, is_spec_name

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


# --- Present, readable --------------------------------------------------------------
@check("env-spec-present", reads=("spec",))
def specification_present(found: ProjectFacts) -> list[Finding]:
    unreadable = [Finding("env-spec-present", "unreadable specification", f"cannot be parsed: {spec.problem}", Location(rel))
                  for rel, spec in sorted(found.specs.items()) if spec.problem]
    if found.declaring_specs or unreadable:
        return unreadable
    not_read = sorted({note.path for note in found.notes if is_spec_name(note.path.rsplit("/", 1)[-1])
                       and found.file(note.path) is None} | {rel for rel in found.unread if is_spec_name(rel.rsplit("/", 1)[-1])})
    settings = [rel for rel, spec in found.specs.items() if spec.tool_settings_only]
    skipped = [rel for rel, spec in found.specs.items() if spec.skipped_entries]
    if not_read:
        message = f"no specification could be read: {', '.join(not_read[:5])} was not read (see the notes)"
    elif skipped:
        message = f"no file declares a package that could be read: {', '.join(skipped)} lists nested lists, not packages (see the notes)"
    else:
        message = "no file declares the environment (requirements.txt, environment.yml, pyproject.toml...)"
    if settings:
        message += f"; {', '.join(settings)} holds only tool settings"
    return [Finding("env-spec-present", "no specification", message)] + unreadable


# --- Builders -------------------------------------------------------------------------
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
        if spec.declares and not is_auxiliary(rel) and not is_lock_name(rel.rsplit("/", 1)[-1]) and rel not in installed:
            findings.append(Finding("env-builder-ambiguity", "ignored specification",
                                    f"ignored by Binder, which would use: {chosen}; no other builder installs it",
                                    Location(rel)))
    if not any(found.specs[rel].declares for rel in found.binder_files if rel in found.specs):
        for rel, why in sorted(found.used_specs.items()):
            spec = found.specs.get(rel)
            if spec is None or not spec.declares or is_auxiliary(rel) or rel in installed or "/" not in rel:
                continue
            if rel.startswith(("binder/", ".binder/")) or is_dockerfile(rel.rsplit("/", 1)[-1]):
                continue
            findings.append(Finding(
                "env-builder-ambiguity", "not found by builders",
                f"the project's specification ({why}), but no builder would find it: Binder reads only the top of "
                "the project or binder/, and no MLproject, Dockerfile or CI step installs it", Location(rel)))
    return findings


# --- Imports -----------------------------------------------------------------------------
def imported(found: ProjectFacts, units: list[Unit] | None = None) -> dict[str, list[tuple[Unit, int]]]:
    """Third-party top-level names the code imports, unguarded: name -> [(unit, line of its first import)]."""
    names: dict[str, list[tuple[Unit, int]]] = {}
    for unit in units if units is not None else found.code_units:
        seen = set()
        for item in unit.python.imports:
            top = item.top
            if item.guarded or top in seen or top in packages.ALWAYS_THERE or top.startswith("_"):
                continue
            seen.add(top)
            names.setdefault(top, []).append((unit, item.line))
    return {name: places for name, places in names.items()
            if name not in found.local_names and not is_generated_module(name, found)}


def _installed_in_notebooks(found: ProjectFacts) -> set[str]:
    installed = set()
    for notebook in found.notebooks:
        for line in notebook.shell:
            words = shell.install_words(shell.Command(tuple(shell.split_words(line.command)), "", line.line))
            installed |= {packages.normalise(re.split(r"[=<>~!\[;@]", w, maxsplit=1)[0]) for w in words or ()
                          if not w.startswith(("-", "$", "{", ".", "/")) and "://" not in w}
    return installed


@check("env-imports-declared", reads=("python", "notebook", "spec"))
def imports_declared(found: ProjectFacts) -> list[Finding] | None:
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
        unit, line = places[0]
        package = packages.likely_distribution(name)
        called = f" (package {package})" if packages.normalise(name) != package else ""
        files = f", in {len(places)} files" if len(places) > 1 else ""
        findings.append(Finding("env-imports-declared", "undeclared import",
                                f"imports {name}{called}{files}; no specification declares it", unit.location(line)))
    return findings


# --- Pins and locks --------------------------------------------------------------------
@check("env-pinned-versions", reads=("spec",))
def pinned_versions(found: ProjectFacts) -> list[Finding] | None:
    metadata_kinds = ("pyproject", "setup.py", "setup.cfg")
    specs = [spec for spec in found.declaring_specs if spec.requirements and not is_auxiliary(spec.rel)
             and not (ranges_are_right(found) and spec.kind in metadata_kinds)]
    if not specs:
        return None
    if found.lock_files:
        return []  # ranges beside a lock file are the lock's input
    findings = []
    for spec in specs:
        loose = [r for r in spec.requirements if not r.pinned]
        if not loose:
            continue
        shown = ", ".join(r.describe() for r in loose[:SHOWN_ITEMS]) + (f" and {len(loose) - SHOWN_ITEMS} more" if len(loose) > SHOWN_ITEMS else "")
        why = "; this is an application or analysis, not a library: pin them or commit a lock file" if spec.kind in metadata_kinds else ""
        findings.append(Finding("env-pinned-versions", "unpinned dependencies",
                                f"{len(loose)} of {len(spec.requirements)} dependencies not pinned to an exact version: {shown}{why}",
                                Location(spec.rel, loose[0].line), items=tuple(r.written for r in loose)))
    return findings


@check("env-lock-file", reads=("spec",))
def lock_file(found: ProjectFacts) -> list[Finding] | None:
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
    return bool(found.units) or any(spec.kind in ("requirements", "pyproject", "setup.py", "setup.cfg", "conda", "pipfile")
                                    for spec in found.declaring_specs)


def _notebook_versions(found: ProjectFacts) -> list[tuple[str, str]]:
    return [(nb.rel, nb.python_version) for nb in found.notebooks if nb.python_version]


@check("env-python-version", reads=("spec", "notebook"))
def python_version(found: ProjectFacts) -> list[Finding] | None:
    if not _uses_python(found):
        return None
    recorded = _notebook_versions(found)
    declarations = found.python_declarations
    if not declarations:
        versions = sorted({version for _, version in recorded})
        hint = f"; the notebooks were last run with Python {', '.join(versions[:5])}" if versions else ""
        return [Finding("env-python-version", "no Python version",
                        "no declared Python version (requires-python, runtime.txt, environment.yml, .python-version)" + hint)]
    declared, where, _ = declarations[0]
    by_minor: dict[tuple[int, ...], list[tuple[str, str]]] = {}
    for rel, version in recorded:
        numbers = _version_tuple(version)
        if numbers is not None and len(numbers) >= 2 and allows(declared, numbers[:2]) is False:
            by_minor.setdefault(numbers[:2], []).append((rel, version))
    findings = []
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
    declaring = [spec for spec in found.declaring_specs if not is_auxiliary(spec.rel)]
    if len(declaring) + len(found.python_declarations) < 2 and not found.ci:
        return None
    findings = _python_disagreements(found) + _pin_disagreements(declaring) + _environments_missing_imports(found)
    return findings


def _python_disagreements(found: ProjectFacts) -> list[Finding]:
    declarations = [(v, rel, line) for v, rel, line in found.python_declarations if not is_auxiliary(rel)]
    readable = [(v, rel, line) for v, rel, line in declarations if any(allows(v, m) is not None for m in PYTHON_MINORS)]
    findings = []
    if len(readable) >= 2 and not any(all(allows(v, minor) for v, _, _ in readable) for minor in PYTHON_MINORS):
        shown = "; ".join(f"{rel}: {v}" for v, rel, _ in readable)
        findings.append(Finding("env-specs-agree", "Python versions disagree",
                                f"no Python version satisfies every declaration ({shown})", Location(readable[0][1], readable[0][2])))
    for config in found.ci:
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
    return findings


def _environments_missing_imports(found: ProjectFacts) -> list[Finding]:
    """An environment a builder makes that lacks a package the code imports and another file declares."""
    names = imported(found, [u for u in found.code_units if not u.test and not NOT_PROJECT_FOLDERS.search(u.rel)])
    declared_anywhere = set().union(*(spec.names for spec in found.declaring_specs if spec.requirements))
    findings = []
    for environment in found.environments:
        specs = [found.specs[rel] for rel in environment.files if rel in found.specs]
        if not any(spec.declares for spec in specs):
            continue
        if environment.builder.startswith("CI") and not _ci_runs_code(found, environment.builder):
            continue
        has = set().union(*(spec.names | spec.optional for spec in specs))
        missing = [name for name in sorted(names) if packages.is_declared(name, declared_anywhere)
                   and not packages.is_declared(name, has)]
        if missing:
            unit, line = names[missing[0]][0]
            shown = ", ".join(missing[:SHOWN_ITEMS]) + (f" and {len(missing) - SHOWN_ITEMS} more" if len(missing) > SHOWN_ITEMS else "")
            findings.append(Finding(
                "env-specs-agree", "environment lacks imports",
                f"the environment {environment.builder} installs ({', '.join(environment.files)}) lacks {shown}, which the "
                f"code imports ({unit.rel} first) and another specification declares", Location(environment.files[0]),
                items=tuple(missing)))
    return findings


def _ci_runs_code(found: ProjectFacts, builder: str) -> bool:
    rel = builder[builder.index("(") + 1:-1]
    config = next((c for c in found.ci if c.rel == rel), None)
    return config is not None and any(shell.runs_tests(c) or shell.runs_pipeline(c) for c in config.commands)


# --- Installs and downloads at run time --------------------------------------------------------
@check("env-runtime-fetches", reads=("python", "notebook", "code", "spec"))
def runtime_fetches(found: ProjectFacts) -> list[Finding] | None:
    findings = []
    for notebook in found.notebooks:
        if in_folders(notebook.rel, found.nested_folders):
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
    for unit in found.code_units:
        findings += _python_fetches(unit)
    return findings if findings or found.units or found.notebooks or found.scripts or found.makefiles else None


def _shell_fetches(command, where: Location) -> list[Finding]:
    words = shell.install_words(command)
    if words is not None:
        loose = shell.unpinned_packages(words)
        upgrade = any(w in ("-U", "--upgrade") for w in words)
        if loose:
            verb = "upgrades" if upgrade else "installs"
            return [Finding("env-runtime-fetches", "unpinned install at run time",
                            f"{verb} {', '.join(loose[:SHOWN_ITEMS])} at run time without an exact version", where,
                            items=tuple(loose))]
        return []
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
            return words[index + 1] in ("master", "main", "develop", "dev", "HEAD")
    return True


def _images(rel: str, spec) -> list[Finding]:
    findings, stages = [], set()
    for image, tag, line in spec.images:
        if image.lower() in stages or image == "scratch" or "$" in image:
            continue
        if not tag or tag == "latest":
            findings.append(Finding("env-runtime-fetches", "image without a version",
                                    f"builds on {image}{':' + tag if tag else ''}, which changes under the same name: "
                                    "give a version tag or a digest", Location(rel, line)))
        stages.add(image.lower())
    return findings


def _python_fetches(unit: Unit) -> list[Finding]:
    findings = []
    tops = unit.imported_tops
    assignments = unit.python.assignments
    judged: dict[tuple, bool] = {}
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
        source = fetches.download(name, call, assignments)
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
    return findings if findings or found.units or found.declaring_specs else None


_GIT_PROTOCOL = ("a git:// URL: GitHub stopped serving the unauthenticated git protocol in March 2022, so the clone "
                 "fails; use https://")


def _declared_specifiers(found: ProjectFacts, package: str) -> list[tuple[str, str]]:
    return [(r.specifier, spec.rel) for spec in found.declaring_specs if not is_auxiliary(spec.rel)
            for r in spec.requirements if r.name == packages.normalise(package)]


def _api_findings(found: ProjectFacts, known) -> list[Finding]:
    findings = []
    for unit in found.code_units:
        seen: set[str] = set()
        for name, line in _names_used(unit):
            removed = known.removed_for(name)
            if removed and removed.name not in seen:
                seen.add(removed.name)
                declared = _declared_specifiers(found, removed.package)
                if declared and all(allows_from(spec, removed.removed_in) is False for spec, _ in declared):
                    continue  # pinned below the release that removed it
                which = (f"{declared[0][1]} allows {removed.package}{declared[0][0] or ' (any version)'}" if declared
                         else f"no specification pins {removed.package} below {removed.removed_in}")
                findings.append(Finding("env-dead-dependencies", "removed function",
                                        f"uses {removed.name}, removed in {removed.package} {removed.removed_in} "
                                        f"(use {removed.instead}); {which}", unit.location(line), items=(removed.name,)))
            added = known.added_for(name)
            if added and added.name not in seen:
                seen.add(added.name)
                declared = _declared_specifiers(found, added.package)
                too_old = [(spec, rel) for spec, rel in declared if spec and allows_from(spec, added.added_in) is False]
                if too_old:
                    spec, rel = too_old[0]
                    findings.append(Finding("env-dead-dependencies", "function newer than the declared version",
                                            f"uses {added.name}, added in {added.package} {added.added_in}, but {rel} "
                                            f"declares {added.package}{spec}: the declared environment cannot run it",
                                            unit.location(line), items=(added.name,)))
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
    listed = ", ".join(sorted(found.specs)) or "none"
    result = [Fact("Specification files", listed)]
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
    requirements = [r for spec in found.declaring_specs if not (ranges_are_right(found) and spec.kind in ("pyproject", "setup.py", "setup.cfg"))
                    and not is_auxiliary(spec.rel) for r in spec.requirements]
    if requirements:
        pinned = sum(r.pinned for r in requirements)
        result.append(Fact("Pinned to exact versions", f"{pinned} of {len(requirements)} dependencies ({round(100 * pinned / len(requirements))}%)"))
    result.append(Fact("Lock file", "; ".join(f"{rel} ({found.specs[rel].lock})" for rel in found.lock_files) or "none"))
    declarations = found.python_declarations
    result.append(Fact("Python version", "; ".join(f"{v} ({rel})" for v, rel, _ in declarations) or "not declared"))
    recorded = _notebook_versions(found)
    if recorded:
        versions = sorted({v for _, v in recorded})
        result.append(Fact("Python recorded in notebooks", ", ".join(versions[:5]) + (" ..." if len(versions) > 5 else "")))
    return result
