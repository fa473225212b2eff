"""A tiny document model for the debrief, rendered as Markdown or self-contained HTML.

Building the report once as blocks keeps the two formats in step. All text is
escaped on output: wishes and questions are typed by people and must show as
text, never as markup.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class ListBlock:
    items: list[str]
    numbered: bool = False


@dataclass
class Document:
    title: str
    blocks: list = field(default_factory=list)

    def add(self, *blocks) -> None:
        self.blocks.extend(blocks)


def render(document: Document, fmt: str) -> str:
    return render_html(document) if fmt == "html" else render_markdown(document)


# -- Markdown -------------------------------------------------------------------

def md_text(text: str) -> str:
    """Escape what Markdown would treat as markup, keep it on one line."""
    text = " ".join(str(text).split())
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "`*_[]|#":
        text = text.replace(char, "\\" + char)
    return text


def render_markdown(document: Document) -> str:
    out = [f"# {md_text(document.title)}", ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            out += ["#" * block.level + " " + md_text(block.text), ""]
        elif isinstance(block, Paragraph):
            out += [md_text(block.text), ""]
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=1):
                out.append((f"{number}. " if block.numbered else "- ") + md_text(item))
            out.append("")
        elif isinstance(block, Table):
            out.append("| " + " | ".join(md_text(h) for h in block.headers) + " |")
            out.append("|" + "|".join("---" for _ in block.headers) + "|")
            out += ["| " + " | ".join(md_text(cell) for cell in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out)


# -- HTML -----------------------------------------------------------------------

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #1a1a1a; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #999; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #eee; }
h2 { border-bottom: 2px solid #333; padding-bottom: 0.2rem; margin-top: 2rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table { break-inside: avoid; } }
"""


def render_html(document: Document) -> str:
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        f"<title>{esc(document.title)}</title>",
        f"<style>{STYLE}</style></head>",
        "<body><main>",
        f"<h1>{esc(document.title)}</h1>",
    ]
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{esc(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{esc(block.text)}</p>")
        elif isinstance(block, ListBlock):
            tag = "ol" if block.numbered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{esc(item)}</li>" for item in block.items) + f"</{tag}>")
        elif isinstance(block, Table):
            head = "".join(f'<th scope="col">{esc(h)}</th>' for h in block.headers)
            body = "".join(
                "<tr>" + f'<th scope="row">{esc(row[0])}</th>' + "".join(f"<td>{esc(c)}</td>" for c in row[1:]) + "</tr>"
                for row in block.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
