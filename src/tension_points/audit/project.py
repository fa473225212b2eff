"""Project checks: README with run instructions, LICENSE, CITATION.cff, tests, CI, one entry point."""

from __future__ import annotations

import re

from tension_points.audit import filetypes
from tension_points.audit.context import AuditContext
from tension_points.audit.model import Finding, Location
from tension_points.audit.registry import check

COMMAND_WORDS = (r"make|python3?|pip3?|conda|mamba|micromamba|jupyter|uv|poetry|pipenv|docker|podman|Rscript|R"
                 r"|bash|sh|snakemake|dvc|tox|nox|pytest|just|tension-points|quarto|papermill|nbconvert|julia"
                 r"|mlflow|kedro|streamlit|nextflow|cwltool|luigi|prefect|sbatch|hatch|pdm|pixi|nix|renv|npm|cargo")
# A command at the start of a line (in a code block or after a "$ " prompt), or in inline code.
RUN_INSTRUCTION = re.compile(rf"(?m)^[ \t]*(?:[$>][ \t]*)?(?:{COMMAND_WORDS})(?:[ \t]+\S|[ \t]*$)|`(?:\$[ \t]*)?(?:{COMMAND_WORDS})[ \t]+[^`\n]{{1,300}}`")
CI_FILES = re.compile(
    r"^(?:\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci/config\.ya?ml|\.travis\.ya?ml"
    r"|azure-pipelines\.ya?ml|Jenkinsfile|bitbucket-pipelines\.ya?ml|\.drone\.ya?ml|\.woodpecker\.ya?ml"
    r"|\.woodpecker/[^/]+\.ya?ml|\.buildkite/pipeline\.ya?ml|appveyor\.ya?ml|\.forgejo/workflows/[^/]+\.ya?ml"
    r"|\.gitea/workflows/[^/]+\.ya?ml)$"
)
PIPELINE_FILES = frozenset({"Makefile", "makefile", "GNUmakefile", "justfile", "Snakefile", "dvc.yaml", "main.nf",
                            "noxfile.py", "MLproject"})
SCRIPT_STEMS = frozenset({"reproduce", "run_all", "run-all", "runall", "run_pipeline", "run-pipeline", "run",
                          "pipeline", "main", "all", "make_all", "make-all"})
SCRIPT_FOLDERS = ("", "scripts/", "bin/")
MAKE_TARGET = re.compile(r"(?m)^[A-Za-z0-9_.%/-]+\s*:(?!=)")


def _top_level_named(context: AuditContext, pattern: str) -> list:
    regex = re.compile(pattern, re.IGNORECASE)
    return [f for name, f in sorted(context.top_level().items()) if regex.match(name)]


@check("project-readme")
def readme(context: AuditContext) -> list[Finding]:
    candidates = _top_level_named(context, r"^readme(?:\.(?:md|markdown|rst|txt|adoc|org))?$")
    if not candidates:
        return [Finding("project-readme", "no README", "no README at the top of the project")]
    for file in candidates:
        text = context.read_text(file)
        if text is None and file.rel in context.unread:
            context.could_not_read("project-readme", file.rel)
        if RUN_INSTRUCTION.search(text or ""):
            return []
    return [Finding("project-readme", "no run instructions",
                    "the README shows no command to install or run the project", Location(candidates[0].rel))]


@check("project-license")
def license_file(context: AuditContext) -> list[Finding]:
    if _top_level_named(context, r"^(?:licen[cs]e|copying)(?:[.-].*)?$"):
        return []
    return [Finding("project-license", "no licence", "no LICENSE file at the top of the project")]


@check("project-citation")
def citation(context: AuditContext) -> list[Finding]:
    if context.file("CITATION.cff"):
        return []
    return [Finding("project-citation", "no citation file", "no CITATION.cff at the top of the project")]


@check("project-tests")
def tests(context: AuditContext) -> list[Finding]:
    if any(filetypes.is_test(f.rel) for f in context.files):
        return []
    return [Finding("project-tests", "no tests", "no tests found (tests/ folder, test_*.py, *_test.py, testthat)")]


@check("project-ci")
def continuous_integration(context: AuditContext) -> list[Finding]:
    if any(CI_FILES.match(f.rel) for f in context.files):
        return []
    return [Finding("project-ci", "no CI configuration",
                    "no CI configuration (.github/workflows, .gitlab-ci.yml, .circleci...)")]


# A recipe line running a script by its path: python src/train.py, Rscript x.R, bash run.sh, ./run.sh,
# papermill / jupyter nbconvert ... notebook.ipynb.
RECIPE_SCRIPT = re.compile(
    r"(?:\b(?:python3?|Rscript|bash|sh|julia|papermill|jupyter[ \t]+(?:nbconvert|execute)|quarto[ \t]+render|uv[ \t]+run)"
    r"(?:[ \t]+-{1,2}[\w-]+(?:=\S+)?)*[ \t]+|(?<![\w/.])\./)([\w./-]{1,200}\.(?:py|R|r|sh|jl|ipynb|qmd|Rmd))(?![\w.])")


def missing_recipe_scripts(context: AuditContext, makefile) -> list[Finding]:
    """Scripts a Makefile's recipes run by path that are not in the project."""
    findings = []
    text = context.read_text(makefile) or ""
    targets = set(re.findall(r"(?m)^([^\s:#=][^:=\n]{0,200}?)\s*:(?!=)", text))
    target_words = {word for line in targets for word in line.split()}
    known = {f.rel for f in context.files}
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.startswith("\t"):
            continue
        for match in RECIPE_SCRIPT.finditer(line):
            path = match.group(1)
            if "$" in line[max(0, match.start(1) - 2):match.end(1)] or path in target_words:
                continue
            rel = path[2:] if path.startswith("./") else path
            if makefile.folder:
                rel = f"{makefile.folder}/{rel}"
            if rel not in known and not context.excluded(rel):
                findings.append(Finding("project-entry-point", "missing script",
                                        f"the recipe runs {path}, which is not in the project", Location(makefile.rel, number)))
    return findings


@check("project-entry-point")
def entry_point(context: AuditContext) -> list[Finding] | None:
    from tension_points.audit.environment import analysis

    if analysis(context).library:
        return None  # a library has no results to reproduce: its tests are its entry point
    makefiles = [f for f in context.files if f.folder == "" and f.name.lower().endswith("makefile")]
    broken = [finding for makefile in makefiles for finding in missing_recipe_scripts(context, makefile)]
    if broken:
        return broken
    for file in context.files:
        folder = file.rel[: len(file.rel) - len(file.name)]
        if folder == "" and file.name in PIPELINE_FILES:
            if file.name.lower().endswith("makefile") and not MAKE_TARGET.search(context.read_text(file) or ""):
                continue
            return []
        stem = file.name.rsplit(".", 1)[0] if "." in file.name else file.name
        if folder in SCRIPT_FOLDERS and stem.lower() in SCRIPT_STEMS and file.suffix in ("", ".sh", ".py", ".r", ".bat", ".ps1"):
            return []
    return [Finding("project-entry-point", "no entry point",
                    "no single entry point found (Makefile, reproduce.sh, run_all.py, dvc.yaml, Snakefile...)")]
