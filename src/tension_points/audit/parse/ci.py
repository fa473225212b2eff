"""Continuous integration configurations: which commands they run and which Python they set up.

GitHub Actions, GitLab CI, CircleCI, Travis, Azure Pipelines, Bitbucket and the
like all write their steps as YAML strings under a few keys (``run``,
``script``, ``command``...); those are collected wherever they are, and so are
the Python versions a ``setup-python`` step or a matrix asks for. Jenkinsfiles
are Groovy: their ``sh '...'`` steps are read by their shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tension_points.audit.parse.commands import Command, commands
from tension_points.audit.parse.specs import yaml_node

CI_FILES = re.compile(
    r"^(?:\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.circleci/config\.ya?ml|\.travis\.ya?ml"
    r"|azure-pipelines\.ya?ml|Jenkinsfile|bitbucket-pipelines\.ya?ml|\.drone\.ya?ml|\.woodpecker\.ya?ml"
    r"|\.woodpecker/[^/]+\.ya?ml|\.buildkite/pipeline\.ya?ml|appveyor\.ya?ml|\.forgejo/workflows/[^/]+\.ya?ml"
    r"|\.gitea/workflows/[^/]+\.ya?ml"
    # Azure Pipelines' usual folders, Buildkite's other pipelines, CircleCI's split configs, Jenkinsfiles anywhere
    r"|(?:\.pipelines|\.azure-pipelines|azure-pipelines|\.azuredevops|\.azure/pipelines|\.ado)/(?:[^/]+/)*[^/]+\.ya?ml"
    r"|\.buildkite/[^/]+\.ya?ml|\.circleci/[^/]+\.ya?ml|(?:[^/]+/)*Jenkinsfile(?:\.[\w-]+)?|(?:[^/]+/)*[\w.-]+\.jenkinsfile"
    r"|bitbucket-pipelines\.ya?ml|\.travis/[^/]+\.ya?ml)$"
)
# An Azure Pipelines definition wherever it sits (environment_setup/docker-image-pipeline.yml): a trigger or pr at the
# top with stages, jobs or steps, or a template of steps that run tasks and scripts.
PIPELINE_TRIGGER = re.compile(r"(?m)^(?:trigger|pr|schedules|resources)[ \t]*:")
PIPELINE_BODY = re.compile(r"(?m)^(?:stages|jobs|steps|extends)[ \t]*:")
PIPELINE_STEP = re.compile(r"(?m)^[ \t]*-[ \t]*(?:task|script|bash|pwsh|template|job|stage|deployment)[ \t]*:")
COMMAND_KEYS = frozenset({"run", "script", "command", "before_script", "after_script", "install", "before_install",
                          "bash", "sh", "pwsh", "powershell", "cmd", "commands", "build_script", "test_script",
                          "inlineScript", "inline"})
# Actions that run a tool with the step's `args:` (the Snakemake action runs `snakemake ARGS`).
TOOL_ACTIONS = {"snakemake/snakemake-github-action": "snakemake"}
PYTHON_KEYS = frozenset({"python-version", "python", "python_version", "PYTHON_VERSION"})
MAX_NODES = 100_000


@dataclass
class CiConfig:
    rel: str
    commands: list[Command] = field(default_factory=list)
    python_versions: list[tuple[str, int]] = field(default_factory=list)
    images: list[tuple[str, str, int]] = field(default_factory=list)  # the containers jobs run in: (image, tag, line)
    problem: str = ""


def is_ci_file(rel: str) -> bool:
    return (rel[:1] in ".JabC" or "enkinsfile" in rel) and bool(CI_FILES.match(rel))


def is_pipeline_text(text: str) -> bool:
    """An Azure Pipelines definition by its shape, whatever its name and folder."""
    return bool(PIPELINE_BODY.search(text)) and bool(PIPELINE_STEP.search(text)) and (
        bool(PIPELINE_TRIGGER.search(text)) or re.search(r"(?m)^[ \t]*(?:pool|vmImage)[ \t]*:", text) is not None)


def parse_ci(rel: str, text: str) -> CiConfig:
    config = CiConfig(rel)
    if rel.endswith("Jenkinsfile"):
        for match in re.finditer(r"""\b(?:sh|bat)\s*\(?\s*(?:'''|\"\"\"|'|")(.{1,2000}?)(?:'''|\"\"\"|'|")""", text, re.S):
            line = text.count("\n", 0, match.start()) + 1
            for offset, part in enumerate(match.group(1).split("\n")):
                config.commands += commands(part, line + offset)
        return config
    try:
        document = yaml_node(text)
    except ValueError as exc:
        config.problem = str(exc)
        return config
    config.images = job_images(document)
    pending = [(document, "")] if document is not None else []
    seen = 0
    while pending and seen < MAX_NODES:
        node, key = pending.pop()
        seen += 1
        if node.id == "mapping":
            config.commands += _action_command(node)
            for key_node, value_node in node.value:
                pending.append((value_node, str(key_node.value) if key_node.id == "scalar" else ""))
        elif node.id == "sequence":
            pending.extend((item, key) for item in node.value)
        elif node.id == "scalar":
            if key in COMMAND_KEYS:
                first = node.start_mark.line + 1 + (1 if node.style in ("|", ">") else 0)
                for offset, part in enumerate(str(node.value).split("\n")):
                    config.commands += commands(part, first + offset)
            elif key in PYTHON_KEYS and re.match(r"^\d", str(node.value)):
                config.python_versions.append((str(node.value), node.start_mark.line + 1))
    return config


def _action_command(node) -> list[Command]:
    """A step that `uses:` an action running a tool: the command it runs, from its `with: args:`."""
    values = {str(k.value): v for k, v in node.value if k.id == "scalar"}
    uses = values.get("uses")
    if uses is None or uses.id != "scalar":
        return []
    tool = TOOL_ACTIONS.get(str(uses.value).split("@", 1)[0])
    settings = values.get("with")
    if tool is None or settings is None or settings.id != "mapping":
        return []
    args = next((v for k, v in settings.value if k.id == "scalar" and k.value == "args" and v.id == "scalar"), None)
    return commands(f"{tool} {args.value if args is not None else ''}".strip(), uses.start_mark.line + 1)


def job_images(document) -> list[tuple[str, str, int]]:
    """The images jobs run in: GitHub's and Azure Pipelines' `container:` (a name, or a mapping with `image:`),
    GitLab's `image:` (a name, or a mapping with `name:`); not `services:` (a database beside the job), not an
    action's `with:` inputs, and not an Azure `container:` that names a resource declared with its own `image:`."""
    found: list[tuple[str, int]] = []
    aliases: set[str] = set()
    pending = [(document, "")] if document is not None else []
    seen = 0
    while pending and seen < MAX_NODES:
        node, key = pending.pop()
        seen += 1
        if node.id == "mapping":
            values = {str(k.value): v for k, v in node.value if k.id == "scalar"}
            if "image" in values and values.get("container") is not None and values["container"].id == "scalar":
                aliases.add(str(values["container"].value))  # Azure: resources: containers: - container: NAME, image: ...
            for key_node, value_node in node.value:
                child = str(key_node.value) if key_node.id == "scalar" else ""
                if child in ("services", "with"):  # a database beside the job; an action's own inputs (with: image:)
                    continue
                if child in ("container", "image") and value_node.id == "mapping":
                    inner = {str(k.value): v for k, v in value_node.value if k.id == "scalar"}
                    value_node = inner.get("image") or inner.get("name")
                    if value_node is None:
                        continue
                pending.append((value_node, child))
        elif node.id == "sequence":
            pending.extend((item, key) for item in node.value)
        elif node.id == "scalar" and key in ("container", "image") and node.value:
            found.append((str(node.value), node.start_mark.line + 1))
    images = []
    for reference, line in sorted(found, key=lambda item: item[1]):
        if reference in aliases or "${" in reference or "$(" in reference or " " in reference:
            continue
        image, _, digest = reference.partition("@")
        name, _, tag = image.rpartition(":") if ":" in image.split("/")[-1] else (image, "", "")
        images.append((name or image, digest or tag, line))
    return images
