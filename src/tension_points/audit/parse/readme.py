"""A README's run instructions: the commands in its code blocks and inline code, and its text.

Commands are taken from fenced code blocks (shell or unmarked), from lines
after a ``$`` prompt, and from inline code that starts with a command word
(a one-line ```` ```python train.py``` ```` is inline code too), so they can be
checked against the files they name. Commands written as plain lines under a
heading ("poetry install", "dvc repro") and R calls (``tar_make()``,
``install.packages(...)``) count as instructions but are not checked: a
sentence can start with "make" too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tension_points.audit.parse.commands import Command, commands

COMMAND_WORDS = (r"make|python3?|pip3?|conda|mamba|micromamba|jupyter|uv|poetry|pipenv|docker|podman|Rscript|R"
                 r"|bash|sh|snakemake|dvc|tox|nox|pytest|just|tension-points|quarto|papermill|nbconvert|julia"
                 r"|mlflow|kedro|streamlit|nextflow|cwltool|luigi|prefect|sbatch|hatch|pdm|pixi|nix|renv|npm|cargo|cd|git"
                 r"|uvicorn|gunicorn|hypercorn|flask|voila|gradio|airflow|dbt|sqlmesh|targets|Rscript\.exe")
COMMAND_START = re.compile(rf"^(?:{COMMAND_WORDS})(?:[ \t]|$)")
FENCE = re.compile(r"^[ \t]{0,3}(```+|~~~+)[ \t]*([\w+-]*)")
INLINE = re.compile(rf"`(?:\$[ \t]*)?((?:{COMMAND_WORDS})[ \t]+[^`\n]{{1,300}})`")
MAX_COMMANDS = 1000
PROMPT = re.compile(r"^[ \t]*[$>][ \t]+(.*)$")
INDENTED = re.compile(r"^(?: {4}|\t)")
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s")
SHELL_LANGUAGES = frozenset({"", "sh", "bash", "shell", "console", "zsh", "shell-session", "text", "cmd", "powershell", "ps"})


PLAIN_COMMAND = re.compile(rf"^(?:(?:[-*+]|\d+[.)])[ \t]+)?((?:{COMMAND_WORDS})[ \t]+[\w./@:=-][^ \t]*(?:[ \t]+[\w./@:=\[\]'\"-][^ \t]*){{0,8}})[ \t]*$")
PROSE = re.compile(r"\b(?:the|a|an|to|is|are|sure|that|this|you|your|will|with|and|of|it|for|be|can|should)\b", re.IGNORECASE)
R_CALL = re.compile(r"(?<![\w.])(?:install\.packages|tar_make|targets::tar_make|drake::make|source|Rscript|renv::restore|renv::init"
                    r"|devtools::install(?:_github)?|remotes::install_github|rmarkdown::render|library)\(")
# A script named on its own as inline code (`scripts/final_2016.R`, `train.py`): a file the reader is sent to.
# Not one linked to elsewhere ([`WikiExtractor.py`](https://...): another project's), nor a Julia package (`DataFrames.jl`).
NAMED_SCRIPT = re.compile(r"`((?:[\w.-]+/)*(?![A-Z][\w-]*\.jl`)[\w-][\w.-]*\.(?:py|R|r|jl|sh|ipynb|Rmd|qmd|sql|do|m))`(?!\]\()")
MAX_TEXT = 256 * 1024  # a README longer than this is not read further for what it says
# reStructuredText: a paragraph ending in "::" and the code directives open a literal block of the indented lines below.
RST_CODE_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+(?:code-block|code|sourcecode|prompt)::[ \t]*([\w+-]*)")
RST_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+[\w-]+::")
# A script run by its path at a prompt or in a code block: ./train.py, ./scripts/run.sh.
PATH_COMMAND = re.compile(r"^\.{1,2}/[\w./-]+(?:[ \t]|$)")
# Prose that says which script to run: 'run "model.R"', 'execute `make_figures.py`', 'source analysis.R'.
PROSE_RUN = re.compile(r"(?i)\b(?:run|execute|source|launch)\b[^.\n]{0,40}?[\"'`“‘]?((?:[\w.-]+/)*[\w-][\w.-]*\.(?:py|R|r|jl|sh|ipynb"
                       r"|Rmd|qmd|do|m))(?![\w.])")
# A Python version the README states: "Python 3.6", "python>=3.8", "Python 3.10+".
PYTHON_STATED = re.compile(r"(?i)(?<![\w-])python[ \t]*(?:version[ \t]*)?(?:[:=]=?|>=|≥|==)?[ \t]*(3\.\d{1,2}(?:\.\d+)?)\+?(?![\d.])")


@dataclass
class Readme:
    rel: str
    commands: list[Command] = field(default_factory=list)  # in reading order; a cd carries over within a block
    other_instructions: list[tuple[int, str]] = field(default_factory=list)  # plain command lines and R calls: (line, text)
    text: str = ""  # the README itself, for what it says (a licence, how to cite, what the project is)
    named_scripts: list[tuple[int, str]] = field(default_factory=list)  # `final_2016.R` as inline code: (line, path)
    prose_runs: list[tuple[int, str]] = field(default_factory=list)  # 'run "model.R"' in a sentence: (line, path)
    python: tuple[str, int] | None = None  # the Python version it states ("3.6", line), first mention

    @property
    def has_instructions(self) -> bool:
        return any(c.program != "cd" for c in self.commands) or bool(self.commands)


def parse_readme(rel: str, text: str) -> Readme:
    readme = Readme(rel, text=text[:MAX_TEXT])
    fence, language, folder = "", "", ""
    previous_blank_or_code = True
    literal = -1  # inside a reStructuredText literal block: the indentation of the line that opened it
    python = PYTHON_STATED.search(readme.text) if "ython" in readme.text else None
    if python:
        readme.python = (python.group(1), readme.text.count("\n", 0, python.start()) + 1)
    for number, raw in enumerate(text.split("\n"), start=1):
        if len(readme.commands) >= MAX_COMMANDS:
            break  # more commands than any README gives a reader: a generated or hostile file
        if not raw or raw.isspace():  # most lines of a hostile README; many of any README
            previous_blank_or_code = True
            continue
        if literal >= 0 and not fence:
            if len(raw) - len(raw.lstrip()) > literal:
                line = re.sub(r"^(?:\(\w[\w.-]*\)[ \t]*)?[$>%][ \t]+", "", raw.strip())
                if COMMAND_START.match(line) or PATH_COMMAND.match(line):
                    readme.commands += commands(line, number)
                continue
            literal = -1
        if "::" in raw and not fence and (raw.rstrip().endswith("::") or RST_CODE_DIRECTIVE.match(raw)):
            directive = RST_CODE_DIRECTIVE.match(raw)
            if directive and directive.group(1).lower() in SHELL_LANGUAGES or (not directive and not RST_DIRECTIVE.match(raw)):
                literal = len(raw) - len(raw.lstrip())
        if not fence and ("run" in raw or "source" in raw or "xecute" in raw or "aunch" in raw):
            readme.prose_runs += [(number, m.group(1)) for m in PROSE_RUN.finditer(raw)][:MAX_COMMANDS - len(readme.prose_runs)]
        opening = FENCE.match(raw) if "`" in raw or "~" in raw else None
        if opening and not fence and raw.rstrip().endswith(opening.group(1)) and len(raw.strip()) > 2 * len(opening.group(1)):
            inline = raw.strip()[len(opening.group(1)):-len(opening.group(1))].strip()  # ```python train.py```: inline code
            if COMMAND_START.match(inline):
                readme.commands += commands(inline, number)
            continue
        if opening and (not fence or opening.group(1).startswith(fence)):
            fence, language, folder = ("", "", "") if fence else (opening.group(1), opening.group(2).lower(), "")
            continue
        line = raw.strip()
        if fence:
            if language not in SHELL_LANGUAGES:
                continue
            line = re.sub(r"^(?:\(\w[\w.-]*\)[ \t]*)?[$>%#][ \t]+", "", line)  # prompts: $, >, (env) $
            if COMMAND_START.match(line) or PATH_COMMAND.match(line):
                found = commands(line, number, folder)
                readme.commands += found
                folder = _folder_after(line, number, folder)
            continue
        prompt = PROMPT.match(raw) if "$" in raw or ">" in raw else None
        if prompt and (COMMAND_START.match(prompt.group(1)) or PATH_COMMAND.match(prompt.group(1))):
            readme.commands += commands(prompt.group(1), number)
            continue
        if INDENTED.match(raw) and COMMAND_START.match(line) and previous_blank_or_code:
            readme.commands += commands(line, number)  # an indented code block
            previous_blank_or_code = True
            continue
        previous_blank_or_code = not line or (previous_blank_or_code and bool(INDENTED.match(raw)) and not LIST_ITEM.match(line))
        if "`" in raw:
            readme.named_scripts += [(number, m.group(1)) for m in NAMED_SCRIPT.finditer(raw)][:MAX_COMMANDS - len(readme.named_scripts)]
            for match in INLINE.finditer(raw):
                if len(readme.commands) >= MAX_COMMANDS:
                    break  # one line of a hostile README can hold 60,000 of them
                readme.commands += commands(match.group(1), number)
        plain = PLAIN_COMMAND.match(line) if "`" not in raw else None
        if plain and not PROSE.search(plain.group(1)) and len(readme.other_instructions) < MAX_COMMANDS:
            readme.other_instructions.append((number, plain.group(1)))
        elif "(" in raw and R_CALL.search(raw) and len(readme.other_instructions) < MAX_COMMANDS:
            readme.other_instructions.append((number, line))
    return readme


def _folder_after(line: str, number: int, folder: str) -> str:
    """Where a block's following lines run after this one: a lone `cd x` line moves them there."""
    words = line.split()
    if len(words) == 2 and words[0] == "cd":
        target = words[1].rstrip("/")
        return "?" if target.startswith(("$", "~", "/", "-", "<")) or ".." in target else (
            f"{folder}/{target}" if folder and folder != "?" else target)
    return folder
