"""A small document model for the kit's reports (agendas, debriefs, audits).

A report is built once as blocks and rendered by any registered format, so the
text, Markdown, HTML and JSON versions never disagree. Text in blocks is plain:
every renderer escapes it, because much of it was typed by people.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str
    style: str = ""  # a hint renderers may use ("note", "summary", "quote"); never markup


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()  # columns aligned right
    row_styles: list[str] = field(default_factory=list)  # per row, e.g. "group-start", "pause"
    row_headers: bool = True  # the first cell of each row labels it (a <th scope=row> in HTML)
    caption: str = ""  # what the table shows, said above it (a <caption> in HTML)


@dataclass
class ListBlock:
    items: list[str]
    numbered: bool = False
    start: int = 1  # the first number of a numbered list that continues another


@dataclass
class Link:
    """A paragraph that is one link, such as "open this agenda in present mode"."""

    text: str
    href: str


Block = Heading | Paragraph | Table | ListBlock | Link


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self
