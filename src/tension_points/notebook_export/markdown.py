"""MyST Markdown as a reader of Jupyter sees it: plain Markdown, with links to the site.

The exercise pages are written in MyST for Sphinx: roles (``{doc}`...```), directives
(```` ```{exercise} ````), definition lists and targets. JupyterLab shows all of that as raw
text, so every construct a notebook page uses gets a Markdown form here: a role becomes
its text with a link to the site's page where the site's address is known, else the page's
name in italics (a relative link leads nowhere in the learner's folder), an exercise a bold heading with its question, a
solution or a dropdown a folded ``<details>`` block, an admonition a quotation. A role or directive with
no Markdown form stops the conversion with one line naming the page, so nothing new can
reach a learner's notebook raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tension_points.errors import UserError
from tension_points.site_files import (
    DOWNLOADS_BY_KEY,
    DOWNLOADS_DIR,
    GLOSSARY_PAGE,
    SETUP_PAGE,
    SiteAddresses,
    page_title,
    resolve_docname,
    term_anchor,
)

# A role, or an inline code span (left as it is): the role alternative comes first.
ROLE_OR_CODE = re.compile(r"\{(?P<name>[A-Za-z][\w.:+-]*)\}`(?P<text>[^`]+)`|(?P<code>(`+)[^`].*?\4)", re.S)
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})\s*(?:\{(?P<name>[^}\s]+)\})?\s*(?P<argument>.*?)\s*$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
TARGET = re.compile(r"^\s*\((?P<label>[^()\s]+)\)=\s*$")
COMMENT = re.compile(r"^%")
DEFINITION = re.compile(r"^: (?P<text>.*)$")

ADMONITIONS = {
    "note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important", "warning": "Warning",
    "caution": "Caution", "attention": "Attention", "danger": "Danger", "error": "Error", "seealso": "See also",
}
# Directives that only make sense on the site: the notebook is the thing they offer.
DROPPED = {"notebook-download"}


@dataclass
class Page:
    """The page being converted: its docname, the course's folder, and where the site is."""

    docname: str
    course: Path
    site: SiteAddresses
    exercise_numbers: dict[str, int] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)  # a target's label -> the heading it names

    def read_targets(self, source: str) -> None:
        """Note each ``(label)=`` put on a heading, so that ``{ref}`label``` can link the heading."""
        lines = source.splitlines()
        for index, line in enumerate(lines):
            target = TARGET.match(line)
            following = next((l for l in lines[index + 1:] if l.strip()), "")
            if target and following.startswith("#"):
                self.headings[target.group("label")] = following.lstrip("#").strip()

    def problem(self, what: str) -> UserError:
        return UserError(f"{self.course / self.docname}.md: {what}")


@dataclass(frozen=True)
class Directive:
    name: str
    argument: str
    options: dict[str, str]
    body: str


@dataclass(frozen=True)
class Cell:
    """One Markdown cell of the notebook: a solution is a cell of its own, folded."""

    text: str
    solution: bool = False


def join(cells: list[Cell]) -> list[Cell]:
    """Neighbouring cells of prose become one cell; solutions stay apart; empty cells go."""
    joined: list[Cell] = []
    for cell in cells:
        if joined and not cell.solution and not joined[-1].solution:
            joined[-1] = Cell(joined[-1].text + "\n" + cell.text)
        else:
            joined.append(cell)
    tidy = [Cell(re.sub(r"\n{3,}", "\n\n", c.text).strip("\n"), c.solution) for c in joined]
    return [c for c in tidy if c.text.strip()]


def link(text: str, url: str) -> str:
    return f"[{text}]({url})"


def to_site(text: str, page: "Page", docname: str, anchor: str = "", named: str = "") -> str:
    """``text`` linked to a page of the site when the site's address is known; else the text
    in italics, with the page's own name when the text does not say it (the opening cell says
    that italic names are pages of the course site): never a link that leads nowhere."""
    if page.site.known:
        return link(text, page.site.page(docname, anchor))
    return f"*{text}*" + (f" (on the page *{named}*)" if named and named.lower() not in text.lower() else "")


def split_title(text: str) -> tuple[str, str]:
    """``title <target>`` -> (title, target); ``target`` -> ("", target)."""
    match = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", text.strip())
    return (" ".join(match.group(1).split()), match.group(2)) if match else ("", text.strip())


def render_role(name: str, text: str, page: Page) -> str:
    title, target = split_title(text)
    if name == "doc":
        docname = resolve_docname(target, page.docname)
        source = page.course / f"{docname}.md"
        if not source.exists():
            raise page.problem(f"{{doc}}`{text}`: no page {docname}.md")
        return to_site(title or page_title(source), page, docname, named=page_title(source))
    if name == "term":
        return to_site(title or target, page, GLOSSARY_PAGE, term_anchor(target), named="Glossary")
    if name == "handout":
        source = page.course / "handouts" / f"{target}.md"
        if not source.exists():
            raise page.problem(f"{{handout}}`{text}`: no handout {source}")
        return to_site(f"{page_title(source)} handout", page, f"handouts/{target}")
    if name == "kit-download":
        download = DOWNLOADS_BY_KEY.get(target)
        if download is None:
            raise page.problem(f"{{kit-download}}`{text}`: no download '{target}'")
        if page.site.known:
            return link(title or download.label, page.site.file(f"{DOWNLOADS_DIR}/{download.filename}"))
        return f"*{title or download.label}* (a download on the course site)"
    if name == "setup-page":
        return to_site(text, page, SETUP_PAGE, named="Set up")
    if name == "ref" and target in page.headings:
        # JupyterLab gives a heading the anchor of its text, spaces made hyphens.
        heading = page.headings[target]
        return link(title or heading, "#" + heading.replace(" ", "-"))
    if name == "kit-repository":
        # The text alone, as the site's role gives it where the build knows no repository address.
        return title or target
    if name == "kbd":
        return f"<kbd>{text}</kbd>"
    raise page.problem(f"the role {{{name}}} has no Markdown form for Jupyter notebooks "
                       "(add one in tension_points/notebook_export/markdown.py)")


def render_roles(text: str, page: Page) -> str:
    def replace(match: re.Match) -> str:
        if match.group("code"):
            return match.group("code")
        return render_role(match.group("name"), match.group("text"), page)

    return ROLE_OR_CODE.sub(replace, text)


def parse_body(lines: list[str]) -> tuple[dict[str, str], str]:
    """A directive's options (``:key: value`` lines, or a YAML block between ``---``) and its content."""
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if end is not None:
            for line in lines[1:end]:
                key, _, value = line.partition(":")
                options[key.strip()] = value.strip()
            lines = lines[end + 1:]
    while lines and (option := OPTION.match(lines[0])):
        options[option.group("key")] = option.group("value")
        lines = lines[1:]
    return options, "\n".join(lines).strip("\n")


def closing_line(lines: list[str], start: int, fence: str) -> int:
    """Index of the line that closes a fence opened at ``start``: the same character, at least as many."""
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            return index
    return len(lines)


def definition_lists(lines: list[str]) -> list[str]:
    """``term`` then ``: definition`` (MyST's definition list) -> a bullet with the term in bold."""
    out: list[str] = []
    for line in lines:
        definition = DEFINITION.match(line)
        if definition and out and out[-1].strip() and not out[-1].startswith("- **"):
            out[-1] = f"- **{out[-1].strip()}**: {definition.group('text')}"
        elif definition and out and out[-1].startswith("- **"):
            out.append(f"  {definition.group('text')}")
        else:
            out.append(line)
    return out


def prose(cells: list[Cell], page: Page) -> str:
    """The text of cells that hold no solution (an exercise's question, a note's content)."""
    if any(cell.solution for cell in cells):
        raise page.problem("a {solution} inside another directive: put it after the exercise, on its own")
    return "\n\n".join(cell.text for cell in cells)


def render_directive(directive: Directive, page: Page) -> list[Cell]:
    if directive.name in DROPPED:
        return []
    if directive.name == "exercise":
        label = directive.options.get("label") or f"unlabelled-{len(page.exercise_numbers) + 1}"
        number = page.exercise_numbers.setdefault(label, len(page.exercise_numbers) + 1)
        title = f"Exercise {number}: {directive.argument}" if directive.argument else f"Exercise {number}"
        return [Cell(f"**{title}**\n\n{prose(render(directive.body, page), page)}\n")]
    if directive.name == "solution":
        number = page.exercise_numbers.get(directive.argument)
        if number is None:
            raise page.problem(f"{{solution}} {directive.argument}: no exercise with that label above it")
        body = prose(render(directive.body, page), page)
        return [Cell(f"<details>\n<summary><b>Solution to exercise {number}</b> (open it once you have tried)</summary>\n\n"
                     f"{body}\n\n</details>", solution=True)]
    if directive.name == "dropdown":  # an answer to read after trying: folded, as on the site
        body = prose(render(directive.body, page), page)
        return [Cell(f"<details>\n<summary><b>{directive.argument}</b></summary>\n\n{body}\n\n</details>")]
    if directive.name in ADMONITIONS or directive.name == "admonition":
        title = directive.argument if directive.name == "admonition" else ADMONITIONS[directive.name]
        body = prose(render(directive.body, page), page)
        quoted = "\n".join(f"> {line}".rstrip() for line in body.splitlines())
        return [Cell(f"> **{title}**\n>\n{quoted}\n")]
    raise page.problem(f"the directive {{{directive.name}}} has no Markdown form for Jupyter notebooks "
                       "(add one in tension_points/notebook_export/markdown.py)")


def render(text: str, page: Page) -> list[Cell]:
    """A Markdown cell's MyST source as plain Markdown cells, each solution a folded cell of its own."""
    lines = text.splitlines()
    cells: list[Cell] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            kept = [line for line in plain if not TARGET.match(line) and not COMMENT.match(line)]
            cells.append(Cell(render_roles("\n".join(definition_lists(kept)), page)))
            plain.clear()

    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if not fence:
            plain.append(lines[index])
            index += 1
            continue
        end = closing_line(lines, index, fence.group("fence"))
        flush()
        if fence.group("name"):
            options, body = parse_body(lines[index + 1:end])
            cells.extend(render_directive(Directive(fence.group("name"), fence.group("argument"), options, body), page))
        else:
            cells.append(Cell("\n".join(lines[index:end + 1])))  # a code block, as it is: roles in it are not roles
        index = end + 1
    flush()
    return join(cells)
