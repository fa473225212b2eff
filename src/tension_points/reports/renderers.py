"""The renderers of a :class:`Document`, registered by format name and file suffix."""

from __future__ import annotations

import html
import json
import textwrap
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Generic, Iterable, TypeVar

from tension_points.errors import UserError
from tension_points.reports.model import Document, Heading, Link, ListBlock, Paragraph, Table
from tension_points.reports.visible import visible

T = TypeVar("T")


@dataclass(frozen=True)
class Renderer(Generic[T]):
    name: str
    suffixes: tuple[str, ...]
    render: Callable[..., str]


class Registry(Generic[T]):
    """Renderers of one kind of report, keyed by format name and file suffix.

    The kit has one for its :class:`Document` reports (agendas, debriefs) and one each for
    the audit's report and comparison, whose JSON is a schema'd data export rather than a
    document; all are looked up, listed and chosen from a file name the same way.
    """

    def __init__(self, what: str) -> None:
        self.what = what
        self.renderers: dict[str, Renderer[T]] = {}

    def register(self, name: str, *suffixes: str):
        def decorate(function: Callable[..., str]) -> Callable[..., str]:
            self.renderers[name] = Renderer(name, suffixes, function)
            return function

        return decorate

    def render(self, value: T, fmt: str, **options) -> str:
        try:
            renderer = self.renderers[fmt]
        except KeyError:
            raise UserError(f"--format: {self.what} cannot be written as '{fmt}' (formats: {', '.join(self.renderers)})") from None
        return renderer.render(value, **options)

    def names(self) -> tuple[str, ...]:
        return tuple(self.renderers)

    def for_path(self, path: Path, default: str = "text") -> str:
        """The format a file name asks for (``agenda.md`` is Markdown), else ``default``."""
        suffix = Path(path).suffix.lower()
        for renderer in self.renderers.values():
            if suffix in renderer.suffixes:
                return renderer.name
        return default


REGISTRY: Registry[Document] = Registry("a report")
register = REGISTRY.register


def render(document: Document, fmt: str) -> str:
    return REGISTRY.render(document, fmt)


def format_names() -> tuple[str, ...]:
    return REGISTRY.names()


def format_for_path(path: Path, default: str = "text") -> str:
    return REGISTRY.for_path(path, default)


# -- plain text -------------------------------------------------------------------------


# Terminal colours for paragraph styles, used only when the caller asks (a terminal that is not NO_COLOR).
COLOURS = {"fail": "\033[31m", "pass": "\033[32m", "skip": "\033[33m", "dim": "\033[2m", "heading": "\033[1m"}
RESET = "\033[0m"


@register("text", ".txt")
def render_text(document: Document, *, color: bool = False, width: int = 0, unbreakable: Iterable[str] = ()) -> str:
    """Plain text; with ``width`` (a terminal's columns), paragraphs and list items are wrapped to it, between
    words only: a path, a URL or any of ``unbreakable`` (a file name with spaces) stays whole on one line."""
    def paint(text: str, style: str) -> str:
        return f"{COLOURS[style]}{text}{RESET}" if color and style in COLOURS else text

    fit = Wrapper(width, unbreakable)
    title = visible(document.title)
    out = [paint(title, "heading"), "=" * len(title), ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            text = visible(block.text)
            out += [paint(text, "heading"), ("-" if block.level <= 2 else "~") * len(text), ""]
        elif isinstance(block, Paragraph):
            out += [paint(line, block.style) for line in fit(visible(" ".join(block.text.split())))] + [""]
        elif isinstance(block, Link):
            out += fit(f"{visible(block.text)}: {visible(block.href)}") + [""]
        elif isinstance(block, ListBlock):
            for n, item in enumerate(block.items, block.start):
                marker = f"{n}. " if block.numbered else "- "
                out += fit(visible(item), marker, " " * len(marker))
            out.append("")
        elif isinstance(block, Table):
            out += text_table(block) + [""]
    return "\n".join(out).rstrip() + "\n"


NARROWEST = 20  # a terminal narrower than this is wrapped as if it were this wide
GLUE = "\x00"  # holds an unbreakable phrase's spaces while wrapping; visible() leaves no NUL in the text


class Wrapper:
    """Lines of at most ``width`` columns, broken at spaces only (never inside a word, a path or a URL, nor at
    a hyphen), later lines indented under the first; ``width`` 0 leaves each text on one line."""

    def __init__(self, width: int, unbreakable: Iterable[str] = ()) -> None:
        self.width = max(width, NARROWEST) if width > 0 else 0
        self.phrases = sorted({p for p in unbreakable if " " in p}, key=len, reverse=True)

    def __call__(self, text: str, first: str = "", rest: str = "") -> list[str]:
        if not self.width or len(first) + len(text) <= self.width:
            return [first + text]
        for phrase in self.phrases:
            if phrase in text:
                text = text.replace(phrase, phrase.replace(" ", GLUE))
        lines = textwrap.wrap(text, self.width, initial_indent=first, subsequent_indent=rest, break_long_words=False,
                              break_on_hyphens=False, expand_tabs=False, replace_whitespace=False)
        return [line.replace(GLUE, " ") for line in lines] or [first]


def text_table(table: Table) -> list[str]:
    rows = [[visible(str(cell)) for cell in row] for row in (table.headers, *table.rows)]
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(table.headers))]

    def line(cells) -> str:
        return "  ".join(
            str(c).rjust(widths[i]) if i in table.numeric else str(c).ljust(widths[i]) for i, c in enumerate(cells)
        ).rstrip()

    caption = [visible(table.caption) + ":"] if table.caption else []
    return [*caption, line(rows[0]), "  ".join("-" * w for w in widths), *(line(r) for r in rows[1:])]


# -- Markdown ---------------------------------------------------------------------------


def md_text(text: str) -> str:
    """Escape what Markdown would treat as markup, keep it on one line, show control characters as escapes.

    Markdown's own escapes (a backslash), not HTML's: the file is read as text as often as it
    is rendered, and "&lt;i&gt;" in it is not what anyone typed; "\\<i\\>" renders as "<i>"."""
    text = visible(" ".join(str(text).split()))
    text = text.replace("\\", "\\\\")
    for char in "`*_[]|#<>&":
        text = text.replace(char, "\\" + char)
    return text


@register("md", ".md", ".markdown")
def render_markdown(document: Document) -> str:
    out = [f"# {md_text(document.title)}", ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            out += ["#" * min(6, block.level) + " " + md_text(block.text), ""]
        elif isinstance(block, Paragraph):
            out += [("> " if block.style == "quote" else "") + md_text(block.text), ""]
        elif isinstance(block, Link):
            out += [f"[{md_text(block.text)}](<{block.href.replace('>', '%3E')}>)", ""]
        elif isinstance(block, ListBlock):
            out += [(f"{n}. " if block.numbered else "- ") + md_text(item) for n, item in enumerate(block.items, block.start)]
            out.append("")
        elif isinstance(block, Table):
            if block.caption:
                out += [f"**{md_text(block.caption)}**", ""]
            out.append("| " + " | ".join(md_text(h) for h in block.headers) + " |")
            out.append("|" + "|".join("--:" if i in block.numeric else "---" for i in range(len(block.headers))) + "|")
            out += ["| " + " | ".join(md_text(cell) for cell in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


# -- HTML -------------------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; width: 100%; }
th, td { border-bottom: 1px solid #999; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
td { white-space: pre-wrap; overflow-wrap: anywhere; }  /* typed line breaks kept; a long answer wraps, not off the page */
thead th { border-bottom: 2px solid #111; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
td.num { text-align: right; }
p.quote { border-left: 4px solid #767676; margin: 0.5rem 0; padding-left: 1rem; }
tr.group-start td, tr.group-start th { border-top: 2px solid #111; }
tr.pause td, tr.pause th { font-style: italic; background: #eee; }
h2 { border-bottom: 2px solid #333; padding-bottom: 0.2rem; margin-top: 2rem; }
a { color: #0b57d0; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table { break-inside: avoid; } }
"""


def esc(text: str, quote: bool = True) -> str:
    """HTML-escaped, with control characters shown as escapes (they have no business in a page)."""
    return html.escape(visible(str(text), keep_whitespace=True), quote=quote)


def html_table(table: Table) -> str:
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in table.headers)
    rows = []
    for index, row in enumerate(table.rows):
        style = table.row_styles[index] if index < len(table.row_styles) else ""
        cells = []
        for i, cell in enumerate(row):
            if i == 0 and table.row_headers:
                cells.append(f'<th scope="row">{esc(str(cell))}</th>')
            else:
                cls = ' class="num"' if i in table.numeric else ""
                cells.append(f"<td{cls}>{esc(str(cell))}</td>")
        attr = f' class="{esc(style)}"' if style else ""
        rows.append(f"<tr{attr}>{''.join(cells)}</tr>")
    caption = f"<caption>{esc(table.caption)}</caption>" if table.caption else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


@register("html", ".html", ".htm")
def render_html(document: Document) -> str:
    """One self-contained page: inline style, no scripts, nothing loaded from elsewhere."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(document.title)}</title>",
        f"<style>{STYLE}</style></head>",
        "<body><main>",
        f"<h1>{esc(document.title)}</h1>",
    ]
    for block in document.blocks:
        if isinstance(block, Heading):
            level = min(6, max(2, block.level))
            out.append(f"<h{level}>{esc(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            cls = f' class="{esc(block.style)}"' if block.style else ""
            out.append(f"<p{cls}>{esc(block.text)}</p>")
        elif isinstance(block, Link):
            out.append(f'<p><a href="{esc(block.href, quote=True)}">{esc(block.text)}</a></p>')
        elif isinstance(block, ListBlock):
            tag = "ol" if block.numbered else "ul"
            start = f' start="{block.start}"' if block.numbered and block.start != 1 else ""
            out.append(f"<{tag}{start}>" + "".join(f"<li>{esc(item)}</li>" for item in block.items) + f"</{tag}>")
        elif isinstance(block, Table):
            out.append(html_table(block))
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"


# -- JSON -------------------------------------------------------------------------------


@register("json", ".json")
def render_json(document: Document) -> str:
    blocks = [{"type": type(block).__name__.lower(), **asdict(block)} for block in document.blocks]
    return json.dumps({"title": document.title, "blocks": blocks}, indent=2, ensure_ascii=False) + "\n"
