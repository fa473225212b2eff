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
from tension_points.audit.facts import ProjectFacts, in_folders
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
            bare = word.split("[", 1)[0]  # ".[dev]": the project with its extras
            target = word if bare in (".", "./") or word.startswith(("./", "-e.")) else None
            if word in ("-e", "--editable") and index + 1 < len(words) and words[index + 1].split("[", 1)[0] in (".", "./"):
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
    for target in targets:  # the recipe the reader is sent to: does it find what it names?
        for rule in makefile.rules:
            if target in rule.targets:
                for step in rule.recipe:
                    problem = _missing_target(found, step, makefile.folder) if step.program != "make" else None
                    if problem:
                        return f"runs {command.text}, whose recipe {problem}"
    return None


@check("project-readme")
def readme(found: ProjectFacts) -> list[Finding]:
    if not found.readme_files:
        return [Finding("project-readme", "no README", "no README at the top of the project")]
    findings = []
    instructions = any(parsed.other_instructions for parsed in found.readmes)
    # 'run "model.R"' in a sentence, naming a script the project has: an instruction in prose
    instructions = instructions or any(_exists(found, path) for parsed in found.readmes for _, path in parsed.prose_runs)
    instructions = instructions or any(guide.commands for guide in found.guides)  # "see quick-start.md": continued there
    # A repository of sub-projects (week_1/, week_2/...) gives its instructions in each folder's README.
    instructions = instructions or any(sub.commands or sub.other_instructions for sub in found.sub_readmes)
    for parsed in found.readmes + found.sub_readmes:
        cloned = _cloned_folders(parsed.commands)
        base = parsed.rel.rpartition("/")[0]  # a sub-project's README speaks from its own folder
        for command in parsed.commands:
            instructions = True
            if command.program in ("git", "cd"):
                continue
            if command.folder in cloned:
                command = shell.Command(command.words, "", command.line, command.piped_into)
            problem = _missing_target(found, command, base)
            if problem and base and not _missing_target(found, command, ""):
                problem = None  # a sub-project's README may speak from the top ("from the root: Rscript base.r")
            if problem and _in_another_project(found, parsed, command):
                problem = None  # "launch training from the detr repository with run_with_submitit.py": not this project's file
            if problem:
                findings.append(Finding("project-readme", "instruction names a missing file",  # a README that says how,
                                        f"the README {problem}", Location(parsed.rel, command.line),  # with one step wrong
                                        severity="medium"))
    findings += _scripts_naming_missing_files(found)
    for parsed in found.readmes + found.sub_readmes:
        findings += _missing_named_scripts(found, parsed)
    for parsed in found.readmes:
        findings += _missing_links(found, parsed)
        findings += _missing_tree_files(found, parsed)
    if not instructions:
        return [Finding("project-readme", "no run instructions", "the README shows no command to install or run the project",
                        Location(found.readme_files[0].rel))] + findings
    return findings


def _scripts_naming_missing_files(found: ProjectFacts) -> list[Finding]:
    """A run script (run_1.sh) whose command runs a file the project does not have (python run_models.py after the
    file was renamed): checked as a README's commands are, from the script's own folder (or, failing that, from the
    top, where such scripts are also run from)."""
    findings = []
    set_aside = found.template_folders + found.retired
    for rel, commands in sorted(found.scripts.items()):
        if in_folders(rel, set_aside) or filetypes.is_test(rel):
            continue
        base = rel.rpartition("/")[0]
        if _clones(commands):
            continue
        for command in commands:
            if command.program in ("git", "cd"):
                continue
            problem = _missing_target(found, command, base)
            if problem and base and not _missing_target(found, command, ""):
                problem = None
            if problem:
                findings.append(Finding("project-readme", "script names a missing file", f"{rel} {problem}",
                                        Location(rel, command.line), severity="medium"))
                break  # the first step that cannot run: the rest of the script never does
    return findings


def _clones(commands) -> bool:
    """A script that clones or downloads code before running it: the files it runs need not be in the project."""
    return any(c.program == "git" and "clone" in c.words or c.program in ("wget", "curl") and any(
        w.endswith((".py", ".sh", ".R", ".zip", ".tar.gz", ".tgz")) for w in c.words) for c in commands)


# Prose that sends the reader into another project: "from the `detr` repository", "in the mmdetection repo".
ANOTHER_REPOSITORY = re.compile(r"(?i)\b(?:from|in|inside|within|into|of)[ \t]+(?:the[ \t]+|your[ \t]+)?[`'\"*]*([\w.-]+)[`'\"*]*[ \t]+"
                                r"(?:repository|repo|codebase|project|checkout|clone)\b")
OWN_WORDS = frozenset({"this", "our", "the", "that", "same", "main", "root", "current", "cloned", "project", "a", "local", "own",
                       "forked", "fork", "github", "gitlab", "git", "new", "whole", "entire"})


def _in_another_project(found: ProjectFacts, parsed, command: shell.Command) -> bool:
    """A README command for another project: the script it runs is linked to elsewhere ([run.py](https://github.com/...)),
    or the lines just above say it runs from another repository."""
    script = shell.script_of(command) or (command.words[1] if len(command.words) > 1 else "")
    name = script.rsplit("/", 1)[-1]
    if name and re.search(rf"https?://[^\s)\]]*/{re.escape(name)}(?![\w.])", parsed.text):
        return True
    lines = parsed.text.split("\n")[max(0, command.line - 5):command.line - 1]
    own = {found.root_name.lower(), found.root_name.lower().split("__")[-1]}
    return any(match.group(1).lower() not in OWN_WORDS | own for line in lines for match in ANOTHER_REPOSITORY.finditer(line))


# A README's link to a file of its own project: [workspaces.yml](workspaces.yml), [guide](docs/setup.md#install).
LOCAL_LINK = re.compile(r"(?<!!)\[[^\]\n]{1,200}\]\((?!\w+:|#|/|<)([^)\s#?]{1,300})(?:[#?][^)\s]*)?(?:[ \t]+\"[^\"]*\")?\)")


def _missing_links(found: ProjectFacts, parsed) -> list[Finding]:
    """Files the README links to (not images, not addresses) that the project does not have: a step that sends the
    reader to a file renamed or never committed."""
    from urllib.parse import unquote

    base = parsed.rel.rpartition("/")[0]
    missing: dict[str, int] = {}
    for match in LOCAL_LINK.finditer(parsed.text):
        target = unquote(match.group(1)).removeprefix("./").rstrip("/")
        rel = posixpath.normpath(posixpath.join(base, target))
        if not target or rel.startswith("..") or target in missing or _exists(found, rel) or found.excluded_path(rel) \
                or any(mark in target for mark in ("{", "$", "*")) or target.rsplit("/", 1)[-1] in found.gitignore:
            continue
        missing[target] = parsed.text.count("\n", 0, match.start()) + 1
    return _missing_files("link to a missing file", "links to", missing, parsed)


def _missing_named_scripts(found: ProjectFacts, parsed) -> list[Finding]:
    """Scripts a README sends the reader to by name (`final_model_2016.R` in a list of what to run) that are
    nowhere in the project, neither at that path nor under that name in any folder: renamed or never committed."""
    base = parsed.rel.rpartition("/")[0]
    names = {f.name for f in found.files}
    missing: dict[str, int] = {}
    for line, path in parsed.named_scripts:
        if path in missing or _exists(found, posixpath.join(base, path)) or _exists(found, path) or path.rsplit("/", 1)[-1] in names:
            continue
        if found.excluded_path(path) or path.rsplit("/", 1)[-1] in found.gitignore:
            continue  # left out on purpose (the audit's exclusions, .gitignore): made by a run, kept private
        missing[path] = line
    return _missing_files("instruction names a missing file", "names", missing, parsed)


# A README's drawing of the project's folders (tree's output): "├── models/", "│   └── model_files.pkl".
TREE_LINE = re.compile(r"^(?P<lead>(?:[│|┃ \t]|&nbsp;)*)(?:├──|└──|├─|└─|\|--|`--|\+--)[ \t]*(?P<name>[^#\n]*?)[ \t]*(?:#.*|<--.*|←.*)?$")
PLACEHOLDER_NAME = re.compile(r"[<>*…{}$]|\.\.\.|^\s*$| ")


def _tree_entries(text: str) -> list[tuple[str, int, bool]]:
    """(path, line, is a file) for each entry of the folder trees a README draws, each path from the project's top; a
    tree drawn under the project's own folder name (project/ ├── src/) has that level taken off."""
    entries: list[tuple[str, int, bool]] = []
    stack: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), 1):
        match = TREE_LINE.match(line)
        if match is None:
            if stack and not line.strip(" │|┃"):
                continue  # a spacer line inside the tree
            stack = []
            continue
        depth = len(match.group("lead").replace("&nbsp;", " ").expandtabs(4))
        name = match.group("name").strip().strip("`*")
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if PLACEHOLDER_NAME.search(name) or name in (".", ".."):
            stack.append((depth, "\x00"))  # a placeholder (<crop_images>.jpg, ...): nothing under it is checked
            continue
        parents = [part for _, part in stack]
        stack.append((depth, name.rstrip("/")))
        if "\x00" in parents:
            continue
        entries.append(("/".join([*parents, name.rstrip("/")]), number, not name.endswith("/") and "." in name.strip(".")))
    return entries


def _missing_tree_files(found: ProjectFacts, parsed) -> list[Finding]:
    """Files the README's folder tree shows that are not in the project, neither there nor under that name anywhere, and
    that no code of the project writes (a tree drawn after a run shows its outputs) nor .gitignore keeps out: the
    README describes a layout the project does not have (models/model_files.pkl where training writes elsewhere)."""
    entries = _tree_entries(parsed.text)
    if not entries:
        return []
    folders = found.local_folders
    tops = {path.split("/", 1)[0] for path, _, _ in entries}
    strip = len(tops) == 1 and next(iter(tops)) not in folders and found.file(next(iter(tops))) is None
    names = {f.name for f in found.files}
    written = _written_names(found)
    missing: dict[str, int] = {}
    for path, line, is_file in entries:
        if strip:
            path = path.partition("/")[2]
        name = path.rsplit("/", 1)[-1]
        if not is_file or not path or _exists(found, path) or name in names or name in written:
            continue
        if found.excluded_path(path) or name in found.gitignore or any(part in found.gitignore for part in path.split("/")[:-1]):
            continue
        if any(script.rsplit("/", 1)[-1] == name for _, script in parsed.named_scripts):
            continue  # named in the text as well: reported there
        missing.setdefault(path, line)
    if not missing:
        return []
    paths = list(missing)
    listed = paths[0] if len(paths) == 1 else ", ".join(paths[:-1][:9]) + f" and {paths[-1]}"
    return [Finding("project-readme", "folder tree names a missing file",
                    f"the README's folder tree shows {listed}, which {'is' if len(paths) == 1 else 'are'} not in the project "
                    "and which no code writes (moved, renamed, or never committed?)", Location(parsed.rel, missing[paths[0]]),
                    severity="medium", items=tuple(paths))]


def _written_names(found: ProjectFacts) -> set[str]:
    """Names of files the code writes or gives to a call (the outputs a tree drawn after a run shows)."""
    names = set()
    for unit in found.units:
        for value, _ in unit.python.strings:
            names.add(value.rsplit("/", 1)[-1])
    return names


def _missing_files(kind: str, verb: str, missing: dict[str, int], parsed) -> list[Finding]:
    """One finding for the files a README points to that are not in the project, at the first one's line."""
    if not missing:
        return []
    paths = list(missing)
    listed = paths[0] if len(paths) == 1 else ", ".join(paths[:-1][:9]) + f" and {paths[-1]}"
    return [Finding("project-readme", kind,
                    f"the README {verb} {listed}, which {'is' if len(paths) == 1 else 'are'} not in the project (renamed, "
                    "or never committed?)", Location(parsed.rel, missing[paths[0]]), severity="medium", items=tuple(paths))]


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


# A licence named where a reader looks: a README section headed "Licence" that names one, or package metadata.
LICENCE_NAMES = (r"MIT|Apache|GPL|LGPL|AGPL|BSD|MPL|Mozilla|CC[- ]BY|CC0|Creative Commons|Unlicense|ISC|Artistic|EPL|Eclipse"
                 r"|public domain|WTFPL|Zlib|Boost")
LICENCE_HEADING = r"(?:licen[cs](?:e|es|ing)|copyright(?: and licen[cs](?:e|ing))?|terms of use)"
README_LICENCE = re.compile(rf"(?im)^(?:#+[ \t]*|\*\*)?{LICENCE_HEADING}[ \t:*]*$(?:\n+[^#\n][^\n]*){{0,6}}?.*\b(?:{LICENCE_NAMES})\b"
                            rf"|^(?:#+[ \t]*)?{LICENCE_HEADING}[ \t]*[:\-–][^\n]*\b(?:{LICENCE_NAMES})\b")
# A sentence that names the licence: "License is MIT.", "released under the Apache License 2.0", "licensed under GPL-3.0".
LICENCE_SENTENCE = re.compile(rf"(?i)\blicen[cs]e[ \t]+is[ \t]+(?:the[ \t]+)?(?:{LICENCE_NAMES})\b"
                              rf"|\b(?:released|licen[cs]ed|distributed|available|published)[ \t]+under[ \t]+(?:the[ \t]+|an?[ \t]+)?"
                              rf"(?:{LICENCE_NAMES})\b")
METADATA_LICENCE = re.compile(r"""(?m)^\s*licen[cs]e\s*[=:]\s*(?:\{?\s*text\s*=\s*)?["'{]|^License:\s*\S""")


@check("project-license")
def license_file(found: ProjectFacts) -> list[Finding]:
    if _top_level_named(found, r"^(?:licen[cs]e|copying|unlicense)(?:[.-].*)?$"):
        return []
    if any(README_LICENCE.search(readme.text) or LICENCE_SENTENCE.search(readme.text) for readme in found.readmes):
        return []  # the README names the licence: a reader knows the terms, only the file is missing
    return [Finding("project-license", "no licence", "no LICENSE file at the top of the project, and the README names no licence")]


CITATION_FILES = re.compile(r"^(?:citation(?:\.(?:cff|md|txt|bib|rst))?|.*\.bib|codemeta\.json|\.zenodo\.json)$", re.IGNORECASE)
# A section on citing (also "License and Citation", "Attribution"), a request to cite with the words to use, a BibTeX
# entry or a DOI.
README_CITATION = re.compile(r"(?im)^#+[ \t]*(?:how to )?cit(?:e|ing|ation)|^(?:\*\*)?(?:how to )?cit(?:e|ing|ation)s?\b[^\n]{0,40}$"
                             r"|^#+[^\n]{0,60}\b(?:citation|citing|attribution)s?[ \t]*$"
                             r"|\b(?:please cite|cite (?:it|this|us) as|appreciate (?:an? )?(?:attribution|citation))"
                             r"|@(?:article|inproceedings|misc|book|techreport|software)\s*\{|zenodo\.org/badge|doi\.org/10\.")


@check("project-citation")
def citation(found: ProjectFacts) -> list[Finding] | None:
    """Asked of what others cite (a paper's code, a book or course, a library); the need is met by any
    citation file, a README section on citing, a BibTeX entry or a DOI."""
    if not found.kind.citable:
        return None  # an app, a template, a pipeline, an analysis: nothing here is published for others to cite
    if _top_level_named(found, CITATION_FILES.pattern):
        return []
    if any(README_CITATION.search(readme.text) for readme in found.readmes):
        return []
    return [Finding("project-citation", "no citation file",
                    f"no CITATION.cff, and nothing in the README says how to cite it ({found.kind.citable})")]


NOTEBOOK_TESTS = re.compile(r"--nbmake|--nbval|\btreon\b|--doctest|\bdoctest\b|\bnbmake\b|\btestbook\b")


def _ci_commands(found: ProjectFacts) -> list:
    return [c for config in found.ci for c in config.commands]


def _make_commands(found: ProjectFacts) -> list:
    return [c for makefile in found.makefiles for rule in makefile.rules for c in rule.recipe]


@check("project-tests")
def tests(found: ProjectFacts) -> list[Finding] | None:
    if found.kind.name == "no code":
        return None
    candidates = [f.rel for f in found.files if f.suffix in (".py", ".r", ".jl") and f.name not in ("__init__.py", "conftest.py")
                  and filetypes.is_test(f.rel)]  # the suffix first: it settles most files without a lookup
    if any(rel not in found.not_tests for rel in candidates) or found.content_tests:
        return []  # named like tests and holding tests, or a suite known by its TestCase classes or by what runs it
    if any(NOTEBOOK_TESTS.search(c.text) for c in [*_ci_commands(found), *_make_commands(found)] if shell.runs_tests(c)):
        return []  # pytest --nbmake, nbval, treon, doctests: the notebooks or docstrings are the tests
    if any(filetypes.is_test(f.rel) for f in found.files_of(suffixes=filetypes.OTHER_CODE_SUFFIXES - {".py", ".r", ".jl"})):
        return []  # tests in another language: not read here, taken as tests
    if found.tool_tests and found.files_of(names=("dbt_project.yml",)):
        return []  # a dbt project's tests are declared on its models (schema.yml) and run by `dbt test`
    if candidates:
        return [Finding("project-tests", "no tests", f"files named like tests hold no test ({', '.join(candidates[:3])}"
                                                     f"{' ...' if len(candidates) > 3 else ''}: no test function, assert or test framework)")]
    return [Finding("project-tests", "no tests", "no tests found (tests/ folder, test_*.py, *_test.py, testthat)")]


@check("project-ci", reads=("config",))
def continuous_integration(found: ProjectFacts) -> list[Finding] | None:
    if found.kind.name == "no code":
        return None
    if not found.ci:
        return [Finding("project-ci", "no CI configuration", "no CI configuration (.github/workflows, .gitlab-ci.yml, .circleci...)")]
    broken = [config for config in found.ci if config.problem]
    if broken and len(broken) == len(found.ci):
        return [Finding("project-ci", "CI configuration unreadable", f"the CI configuration is not valid YAML ({broken[0].problem}): "
                                                                     "the CI service cannot load it, so nothing runs", Location(broken[0].rel))]
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
                problem = (_missing_target(found, command, makefile.folder)  # a recipe that installs is not the entry point
                           if command.program != "make" and shell.install_words(command) is None else None)
                if problem:
                    broken.append(Finding("project-entry-point", "missing script", f"the recipe {problem}",
                                          Location(makefile.rel, command.line)))
    broken += _disagreeing_defaults(found) + _unordered_notebooks(found)
    if broken:
        return broken
    if found.entry_points:
        return []  # a pipeline tool's file, a DAG, an app, an image's command, or a README command that runs the project
    if found.kind.teaching:
        return None  # teaching material is opened notebook by notebook, in the order its README gives
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


# What a notebook writes and reads by name: pandas' writers and readers, figures, pickles, open().
WRITERS = frozenset({"to_csv", "to_parquet", "to_pickle", "to_json", "to_excel", "to_feather", "to_hdf", "savefig", "savetxt", "save"})
READERS = frozenset({"read_csv", "read_parquet", "read_pickle", "read_json", "read_excel", "read_feather", "read_hdf", "read_table",
                     "loadtxt", "load", "genfromtxt"})


def _files_by_name(unit, names: frozenset[str]) -> set[str]:
    """The file names (without folders) a unit's calls of these names are given as a constant first argument."""
    found = set()
    for call in unit.python.calls:
        if call.name.rpartition(".")[2] in names and call.args and isinstance(call.args[0].constant, str):
            found.add(call.args[0].constant.replace("\\", "/").rsplit("/", 1)[-1])
    return found - {""}


def _runs_notebooks_unordered(command) -> bool:
    """A recipe that executes whatever notebooks find or a glob lists: in the file system's order, not the author's."""
    words = command.words
    executes = ("nbconvert" in words and "--execute" in words) or "papermill" in words or (
        "nbconvert" in " ".join(words) and "--execute" in " ".join(words))
    return executes and (command.program in ("find", "for", "ls", "xargs") or "find" in words
                         or any("*" in word and word.endswith(".ipynb") for word in words))


def _unordered_notebooks(found: ProjectFacts) -> list[Finding]:
    """make reproduce runs the notebooks in find's order, but one writes a file another reads: a change upstream
    reaches the results only when the file system happens to list the writer first."""
    findings = []
    for makefile in found.makefiles:
        for rule in makefile.rules:
            for command in rule.recipe:
                if not _runs_notebooks_unordered(command):
                    continue
                folder = "/".join(p for p in (makefile.folder, command.folder) if p and p != "?").strip("/")
                units = [u for u in found.notebook_units() if u.rel.rpartition("/")[0] == folder or command.folder == "?"]
                writes = {u.rel: _files_by_name(u, WRITERS) for u in units}
                for writer in units:
                    for reader in units:
                        shared = writes[writer.rel] & _files_by_name(reader, READERS) if reader is not writer else set()
                        if shared:
                            findings.append(Finding(
                                "project-entry-point", "notebooks run in no set order",
                                f"make {rule.targets[0]} runs the notebooks in the order {command.program} lists them, but "
                                f"{writer.rel} writes {sorted(shared)[0]}, which {reader.rel} reads: name the notebooks in the "
                                "order they must run", Location(makefile.rel, command.line)))
                            return findings  # one is enough to show the order is not recorded
    return findings


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
