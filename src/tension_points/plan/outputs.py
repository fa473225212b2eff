"""An agenda sheet (:mod:`tension_points.plan.sheet`) in the command's formats: a report
document for text and Markdown, a page made for the lectern for HTML (it prints one page per
half day), and data for JSON."""

from __future__ import annotations

import json
import textwrap
from functools import cache

import jinja2

from tension_points.course import clock
from tension_points.plan import present_links
from tension_points.plan.late import Cut
from tension_points.plan.printing import HEADERS as PRINT_HEADERS, PrintList
from tension_points.plan.rules import GiveWay
from tension_points.plan.sheet import LATE_LEGEND, Row, Sheet, describe_cut
from tension_points.plan.wording import describe_note
from tension_points.reports import Document, Heading, Link, ListBlock, Paragraph, Table, render

LATE_HEADERS = tuple(f"{n} late" for n in (5, 10, 20))


def document(sheet: Sheet, site: str | None = None, narrow: bool = False, printing: PrintList | None = None) -> Document:
    """Text and Markdown: per page, the agenda's rows, then the late plan of each block.
    ``narrow`` (a terminal's text) puts a long minute split on several lines."""
    agenda = sheet.agenda
    result = Document(sheet.heading)
    result.add(Paragraph(agenda.summary(), style="summary"))
    for page in sheet.pages:
        if page.title:
            result.add(Heading(2, f"{page.title}, {page.first} to {page.last}"))
        rows, styles = [], []
        for row in page.rows:
            if narrow and row.kind == "band" and len(row.title) + 4 > SPLIT_WIDTH:
                # A module's long name on two lines, as a long split: the table stays narrow now that
                # the late columns' numbers are separated by commas.
                first, _, rest = band_lines(row.title)
                rows.append([row.clock, "", f"\u2014 {first}", "", "", ""])
                rows.append(["", "", f"  {rest} \u2014", "", "", ""])
                styles += ["band", "band"]
                continue
            cells = table_row(row)
            titles = textwrap.wrap(row.title, SPLIT_WIDTH) if narrow and row.kind != "band" else [cells[2]]
            rows.append([*cells[:2], titles[0], *cells[3:]])
            styles.append(row.kind)
            for more in titles[1:]:  # a long title on more lines, so a terminal's table stays narrow
                rows.append(["", "", more, "", "", ""])
                styles.append(row.kind)
            for line in (split_lines(row.split) if narrow else [row.split] if row.split else []):
                rows.append(["", "", f"  {line}", "", "", ""])
                styles.append("split")
            for line in (textwrap.wrap(row.over_text, SPLIT_WIDTH) if narrow else [row.over_text] if row.over_text else []):
                rows.append(["", "", f"  {line}", "", "", ""])
                styles.append("over")
        result.add(Table(["Clock", "Min", "What", *(f"{m.late} late" for m in first_marks(page.rows))], rows,
                         numeric=(1,), row_styles=styles))
        result.add(Paragraph(LATE_LEGEND, style="note"))
        for block in page.blocks:
            if block.options:
                result.add(Paragraph(f"{block.heading}, in this order:"))
                result.add(ListBlock([describe_cut(o.cut, sheet.start, agenda=sheet.agenda) for o in block.options], numbered=True,
                                     start=block.options[0].number))
    if agenda.notes:
        result.add(Heading(2, "Notes"), ListBlock([describe_note(note, "cli", sheet.start) for note in agenda.notes]))
    if printing is not None:
        result.add(Heading(2, printing.heading), Paragraph(printing.legend(), style="note"),
                   print_table(printing) if narrow else Table(list(PRINT_HEADERS), printing.rows()))
    if site:
        result.add(Heading(2, "Present with these minutes"))
        for module, projector, speaker in present_links.links(agenda, sheet.start, site):
            result.add(Link(f"{module.title}: projector", projector), Link(f"{module.title}: speaker\u2019s view", speaker))
    return result


# A minute split longer than this goes on more lines, so a terminal's table stays narrow.
SPLIT_WIDTH = 56


def band_lines(title: str) -> tuple[str, str, str]:
    """A module's name broken at the last space that leaves its first line within :data:`SPLIT_WIDTH`."""
    cut = title.rfind(" ", 0, SPLIT_WIDTH - 2)
    return title[:cut], " ", title[cut + 1:]


def split_lines(split: str) -> list[str]:
    """The minute split in lines of at most :data:`SPLIT_WIDTH` characters, broken between steps."""
    lines: list[str] = []
    for step in split.split(" \u00b7 ") if split else []:
        if lines and len(lines[-1]) + 3 + len(step) <= SPLIT_WIDTH:
            lines[-1] += " \u00b7 " + step
        else:
            lines.append(step)
    return [line + (" \u00b7" if n < len(lines) - 1 else "") for n, line in enumerate(lines)]


# A terminal's print list: the copies and the sheet, then how it is used on lines of at most this width.
PRINT_WIDTH = 64


def print_table(printing: PrintList) -> Table:
    """The print list for a terminal: copies and sheet on one line, the rest of a row's cells under it."""
    rows, styles = [], []
    for line in printing.lines:
        rows.append([str(line.count.total), line.sheet.title])
        styles.append("")
        used = "; ".join(line.used_in) if line.used_in else "every agenda"
        details = [line.sheet.unit(), f"pages a copy: {line.paper()}", f"in: {used}"]
        if line.count.spares or line.count.cards:
            details.append(line.count.text().split(" ", 1)[1].strip("()"))
        for detail in details:
            for text in textwrap.wrap(detail, PRINT_WIDTH, break_on_hyphens=False):
                rows.append(["", f"  {text}"])
                styles.append("split")
    return Table(["Copies", "Sheet"], rows, numeric=(0,), row_styles=styles)


def first_marks(rows: tuple[Row, ...]):
    return next((row.late for row in rows if row.late), ())


def table_row(row: Row) -> list[str]:
    minutes = "" if row.minutes is None else str(row.minutes)
    if row.kind == "band":
        return [row.clock, "", f"\u2014 {row.title} \u2014", "", "", ""]
    marks = [mark.text() for mark in row.late] or ["", "", ""]
    return [row.clock, minutes, row.title, *marks]


ACTIONS = {GiveWay.BUFFER: "spend-buffer", GiveWay.SHORTEN_BREAK: "shorten-pause", GiveWay.AFTER_SESSION: "after-the-end"}


def cut_data(cut: Cut, start: int | None = None) -> dict:
    action = ACTIONS.get(cut.way) or ("leave-out" if cut.drops else "shorten")
    data = {"action": action, "minutes": cut.item.minutes, "to": cut.to, "saves": cut.saves,
            "segment": cut.item.segment.id if cut.item.segment is not None else None, "text": describe_cut(cut, start)}
    if action == "shorten" and cut.item.segment is not None and cut.item.segment.parts:
        data["parts"] = [{"label": p.label, "minutes": p.minutes} for p in cut.item.segment.parts_for(cut.to)]
    return data


def json_text(sheet: Sheet, printing: PrintList | None = None) -> str:
    """The agenda as data: every item with its clock time and minute split, and the late plan."""
    agenda = sheet.agenda
    items = []
    for page in sheet.pages:
        for row in page.rows:
            if row.item is None:
                continue
            item = row.item
            entry = {
                "clock": row.clock, "offset": item.offset, "minutes": item.minutes, "kind": item.kind, "title": item.title,
                "module": item.module.id if item.module is not None else None,
                "segment": item.segment.id if item.segment is not None else None,
                "parts": [{"label": p.label, "minutes": p.minutes} for p in item.parts],
            }
            if row.late:
                entry["late"] = {str(m.late): {"cuts": list(m.numbers), "ends_late": m.over} for m in row.late}
                if row.over_text:
                    entry["ends_late"] = row.over_text
            items.append(entry)
    blocks = [
        {"until": block.until, "heading": block.heading, "rest_of_day": block.rest,
         "cuts": [{"number": o.number, **cut_data(o.cut, sheet.start)} for o in block.options]}
        for page in sheet.pages for block in page.blocks
    ]
    data = {
        "title": sheet.heading,
        "minutes": agenda.total,
        "start": clock(sheet.start, 0),
        "end": clock(sheet.start, agenda.total),
        "modules": [m.id for m in agenda.modules],
        "summary": agenda.summary(),
        "items": items,
        "late_plan": blocks,
        "notes": [describe_note(note, "cli", sheet.start) for note in agenda.notes],
    }
    if printing is not None:
        data["print"] = printing.data()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@cache
def templates() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("tension_points.plan", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html_text(sheet: Sheet, site: str | None = None, printing: PrintList | None = None) -> str:
    """One self-contained page, no scripts: on screen a table, on paper one page per half day."""
    agenda = sheet.agenda
    links = present_links.links(agenda, sheet.start, site) if site else []
    return templates().get_template("agenda.html").render(
        title=sheet.heading, sheet=sheet, summary=agenda.summary(), legend=LATE_LEGEND,
        describe_cut=lambda cut: describe_cut(cut, sheet.start, agenda=sheet.agenda), notes=[describe_note(n, "cli", sheet.start) for n in agenda.notes], links=links,
        printing=printing, print_headers=PRINT_HEADERS,
    )


def sheet_html(sheet: Sheet, heading_level: int) -> str:
    """The sheet's pages alone, for a page that has its own heading (the site's ready agendas)."""
    module = templates().get_template("sheet.html").module
    return str(module.sheet_pages(sheet, lambda cut: describe_cut(cut, sheet.start, agenda=sheet.agenda), LATE_LEGEND, heading_level))


def render_sheet(sheet: Sheet, fmt: str, site: str | None = None, printing: PrintList | None = None) -> str:
    """The agenda in ``fmt``; with ``printing``, its print list after it."""
    if fmt == "html":
        return html_text(sheet, site, printing)
    if fmt == "json":
        return json_text(sheet, printing)
    return render(document(sheet, site, narrow=fmt == "text", printing=printing), fmt)
