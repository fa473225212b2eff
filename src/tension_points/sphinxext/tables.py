"""Plain docutils tables for course pages: they render in HTML, LaTeX and text alike."""

from __future__ import annotations

from docutils import nodes

BOX = "\u2610"  # ☐, a box to tick


def table(rows: list[tuple[str, ...]], widths: tuple[int, ...], header: tuple[str, ...]) -> nodes.table:
    """A plain docutils table: renders in HTML, LaTeX and text alike."""
    group = nodes.tgroup(cols=len(header))
    group.extend(nodes.colspec(colwidth=width) for width in widths)
    group += nodes.thead("", row(header))
    body = nodes.tbody()
    body.extend(row(cells) for cells in rows)
    group += body
    # Widths given: in print, fixed columns (Sphinx's \X, set ragged right by tensionpoints.sty)
    # rather than tabulary's guess, which squeezes a column below its longest word.
    return nodes.table("", group, classes=["tp-schedule", "colwidths-given"])


def row(cells: tuple[str, ...]) -> nodes.row:
    result = nodes.row()
    for cell in cells:
        result += nodes.entry("", nodes.paragraph(text=cell))
    return result


def rich_table(header: tuple[str, ...], rows: list[list[nodes.entry | str]], widths: tuple[int, ...], classes: list[str]) -> nodes.table:
    """Like schedule.table, but cells may be prepared entries (links)."""
    result = table([], widths, header)
    result["classes"] = [*classes, "colwidths-given"]
    body = result.next_node(nodes.tbody)
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += cell if isinstance(cell, nodes.entry) else nodes.entry("", nodes.paragraph(text=cell))
        body += row
    return result


def blank_entry(text: str = "") -> nodes.entry:
    """A cell tall enough to write in, in print as on the web."""
    paragraph = nodes.paragraph(text=text)
    paragraph += nodes.raw("", r"\rule{0pt}{7mm}", format="latex")
    return nodes.entry("", paragraph)
