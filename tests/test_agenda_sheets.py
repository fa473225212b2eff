"""The ready agendas as printed: every sheet in the handbook says what the planner says (clock,
minutes, minute split, buffers, breaks and the late plan), each half day on one page; and no
table in any of the PDFs is hyphenated or justified. Read from the built PDFs with pdftotext."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from paths import HANDBOOK_PDF, PDF, REPO, normalise, require
from pdf_tables import badly_set_lines

from tension_points.course import load_course
from tension_points.plan.ready import load_ready_agendas
from tension_points.plan.sheet import Page, describe_cut, sheet

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
MODULES = list(load_course(REPO).modules)


def page_texts(pdf: Path, layout: bool = True) -> list[str]:
    """Each page's text: laid out as printed (rows on their lines), or in reading order (the
    column beside the agenda in one piece)."""
    options = ["-layout"] if layout else []
    text = subprocess.run(["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def sheets():
    for ready in load_ready_agendas():
        yield ready, sheet(ready.plan(MODULES), ready.start, ready.title)


def page_title(printed, page: Page) -> str:
    if len(printed.pages) == 1:
        return printed.heading
    return f"{printed.title}: {page.title}, {page.first} to {page.last}"


def the_pdf_page(texts: list[str], title: str) -> str:
    found = [text for text in texts if normalise(title) in normalise(text)]
    assert len(found) == 1, f"{title!r} is on {len(found)} pages of the handbook"
    return found[0]


def plan_column(pdf: Path, number: int, title: str) -> str:
    """The late plan beside the agenda, in reading order: the words of page ``number`` (from 1)
    from the left edge of the page's title rightwards, line by line (pdftotext's word boxes; its
    reading order mixed the late cells into the plan's lines)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = [(float(y0), float(x0), word) for x0, y0, _, _, word in WORD.findall(out)]
    first = title.split()[0]
    left = min(x for y, x, word in words if word == first) - 1
    lines: list[list[tuple[float, str]]] = []
    last_y = None
    for y, x, word in sorted((y, x, w) for y, x, w in words if x >= left):
        if last_y is None or y - last_y > 2:
            lines.append([])
        lines[-1].append((x, word))
        last_y = y
    return normalise(html.unescape(" ".join(w for line in lines for _, w in sorted(line))))


def row_pattern(row) -> re.Pattern:
    """A row as pdftotext lays it out: clock, minutes, the first words of what, on one line."""
    first_words = " ".join(row.title.split()[:2])
    minutes = rf"\s+{row.minutes}" if row.minutes is not None else ""
    return re.compile(rf"^\s*{re.escape(row.clock)}{minutes}\s+{re.escape(normalise(first_words))}", re.M)


@needs_pdftotext
@pytest.mark.parametrize("ready_id", [ready.id for ready in load_ready_agendas()])
def test_each_printed_sheet_is_the_planners_agenda_one_page_per_half_day(ready_id):
    texts = page_texts(require(HANDBOOK_PDF))
    reading = page_texts(HANDBOOK_PDF, layout=False)
    ready, printed = next((r, s) for r, s in sheets() if r.id == ready_id)
    for page in printed.pages:
        text = the_pdf_page(texts, page_title(printed, page))  # the whole half day on this one page
        beside = plan_column(HANDBOOK_PDF, texts.index(text) + 1, page_title(printed, page))
        whole = normalise(reading[texts.index(text)])
        lines = normalise_lines(text)
        position = 0
        for row in page.rows:
            if row.kind == "band":
                assert normalise(row.title) in normalise(text), row.title
                continue
            match = row_pattern(row).search(lines, position)
            assert match, f"{ready.id}: no row '{row.clock} {row.minutes} {row.title}' after the previous one"
            position = match.end()
            if row.split:
                assert normalise(row.split) in whole, row.split
            if row.late:  # the late marks follow the title on the same line, or just under it
                rest = " ".join(lines[match.end():].split("\n")[:3])
                assert normalise(row.late[0].text()) in normalise(rest)
        for block in page.blocks:
            assert normalise(block.heading) in beside
            for option in block.options:
                described = describe_cut(option.cut, printed.start, steps=False, agenda=printed.agenda)
                assert normalise(f"{option.number} {described}") in beside, option.number


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def word_boxes(pdf: Path, page: int) -> list[tuple[str, float]]:
    """Each word of a page (numbered from 1) with its height in points, as pdftotext measures it
    (the font's size times its ascent and descent: the same font, the same size, the same height)."""
    text = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(word, float(y1) - float(y0)) for _, y0, _, y1, word in WORD.findall(text)]


def sheet_page_numbers(texts: list[str]) -> list[tuple[object, object, int, str]]:
    """Each ready sheet's pages: (ready agenda, sheet page, PDF page number from 1, page title)."""
    found = []
    for ready, printed in sheets():
        for page in printed.pages:
            title = page_title(printed, page)
            found.append((ready, page, texts.index(the_pdf_page(texts, title)) + 1, title))
    return found


@needs_pdftotext
def test_what_a_facilitator_reads_during_the_run_is_large_enough_at_arms_length():
    """Measured from the PDF (a word's box is its font's size): the clock and the minutes larger
    than the rest, the titles and the late marks at the body's 11 pt, the minute split a
    facilitator calls time by and the late plan's cuts at least 10 pt. Before: the split 8 pt,
    the titles 10 pt, the clock 12 pt."""
    pdf = require(HANDBOOK_PDF)
    texts = page_texts(pdf)
    for ready, page, number, title in sheet_page_numbers(texts):
        boxes = word_boxes(pdf, number)
        sizes: dict[str, list[float]] = {}
        for word, height in boxes:
            sizes.setdefault(word.strip(","), []).append(height)
        rows = [row for row in page.rows if row.kind not in ("band",)]
        clocks = [max(sizes[row.clock]) for row in rows if row.clock in sizes]  # (the late plan names some too)
        assert clocks and min(clocks) >= 12.9, (ready.id, page.title, min(clocks))
        splits = [w for row in rows if row.split for w in row.split.split() if w.isalpha() and w in sizes]
        assert splits and min(min(sizes[w]) for w in splits) >= 9.9, (ready.id, splits[:3])
        titles = [w for row in rows if row.kind not in ("buffer", "pause", "lunch", "end") for w in row.title.split()[:1]]
        assert min(max(sizes[w]) for w in titles if w in sizes) >= 10.9, ready.id
        marks = {w.strip(",") for row in rows for mark in row.late for w in mark.text().split()}
        assert min(max(sizes[w]) for w in marks if w in sizes) >= 10.9, ready.id
        cuts = [w for w in ("Spend", "Leave", "buffer:") if w in sizes]
        assert cuts and min(min(sizes[w]) for w in cuts) >= 9.9, (ready.id, page.title)
        assert not any(h < 9.9 for word, h in boxes if word not in ("Clock", "Min", "What,", "and", "the", "steps", "to",
                                                                      "call", "time", "by", "late"))


@needs_pdftotext
def test_each_rows_late_marks_stand_whole_on_the_rows_line():
    """The three late cells never wrap: a number on the next line could be read as the next row's
    ("25 27 28 25 27\u201330 32" with "33" under it)."""
    texts = page_texts(require(HANDBOOK_PDF))
    for ready, page, number, title in sheet_page_numbers(texts):
        lines = [normalise(line) for line in texts[number - 1].splitlines()]
        for row in page.rows:
            if not row.late:
                continue
            marks = " ".join(mark.text() for mark in row.late if mark.text())
            line = next((line for line in lines if line.startswith(f"{row.clock} {row.minutes} ")), "")
            assert f" {normalise(marks)}" in line, (ready.id, row.clock, marks, line)


@needs_pdftotext
def test_every_cut_a_sheets_row_names_is_printed_on_the_same_page():
    texts = page_texts(require(HANDBOOK_PDF))
    for ready, page, number, title in sheet_page_numbers(texts):
        beside = plan_column(HANDBOOK_PDF, number, title)
        for n in sorted({n for row in page.rows for mark in row.late for n in mark.numbers}):
            assert re.search(rf"(^| ){n} (Spend|Leave|\"|The break|Lunch)", beside.replace("\u201c", '"')), (ready.id, page.title, n)


FURNITURE = re.compile(r"^(\d+|Chapter \d+\. .*|\d+\.\d+(\.\d+)*\. .*|.*Handbook, Version .*)$")


def without_furniture(page: str) -> str:
    """A page's text without its running head and foot (the book's title, the chapter, the page
    number), so that a paragraph that turns over a page reads on."""
    lines = [line for line in page.splitlines() if line.strip()]
    while lines and FURNITURE.match(lines[0].strip()):
        lines.pop(0)
    while lines and FURNITURE.match(lines[-1].strip()):
        lines.pop()
    return "\n".join(lines)


def normalise_lines(text: str) -> str:
    return "\n".join(normalise(line) if line.strip() else "" for line in text.splitlines())


@needs_pdftotext
def test_the_run_sheets_give_each_segments_clock_in_every_ready_agenda():
    text = normalise(" ".join(page_texts(require(HANDBOOK_PDF))))
    planned = [(ready, ready.plan(MODULES)) for ready in load_ready_agendas()]
    for module in MODULES:
        for segment in module.segments:
            where = []
            for ready, agenda in planned:
                item = agenda.item_for(segment.id)
                if item is not None:
                    hours, minutes = divmod(ready.start + item.offset, 60)
                    where.append(f"{ready.title} {hours:02d}:{minutes:02d}, {item.minutes} min")
            for entry in where:
                assert normalise(entry) in text, f"{segment.id}: no '{entry}' in the handbook's run-sheets"


@needs_pdftotext
def test_each_run_step_gives_the_cut_numbers_of_the_agenda_sheet_it_runs_in():
    """One cut list per sheet: a step's late marks for a ready agenda are its row's marks on that
    agenda's lectern sheet, never the module-alone list's numbers under the agenda's name."""
    text = normalise(" ".join(without_furniture(page) for page in page_texts(require(HANDBOOK_PDF), layout=False)))
    for ready, printed in sheets():
        for page in printed.pages:
            for row in page.rows:
                if not row.late:
                    continue
                marks = " \u00b7 ".join(f"{m.late} behind: {m.text() or 'nothing left to cut'}" for m in row.late)
                assert normalise(f"{ready.title} (its sheet's list): {marks}") in text, (ready.id, row.title)


@needs_pdftotext
@pytest.mark.parametrize("name", ["tension-points-course.pdf", "tension-points-facilitator-handbook.pdf",
                                  "tension-points-handouts.pdf"])
def test_no_table_in_the_pdfs_is_hyphenated_or_justified(name):
    assert badly_set_lines(require(PDF / name)) == []


@pytest.mark.skipif(not (shutil.which("xelatex") and shutil.which("pdftotext")), reason="needs xelatex and pdftotext")
def test_the_check_finds_a_hyphenated_and_a_justified_table(tmp_path):
    """A narrow justified table in plain LaTeX: the check names the broken word and the stretched line."""
    (tmp_path / "t.tex").write_text(r"""\documentclass{article}\begin{document}
\begin{tabular}{p{28mm}p{28mm}p{28mm}}
09:00 & Whatever you expected, and what the job turned out to be & Alone 3; Everyone 2; Room 2 \\
09:10 & The whole pipeline around a model, drawn once & Extraordinarily comprehensive documentation \\
\end{tabular}\end{document}
""")
    subprocess.run(["xelatex", "-interaction=batchmode", "t.tex"], cwd=tmp_path, capture_output=True, check=False)
    found = badly_set_lines(tmp_path / "t.pdf")
    assert any("hyphenated" in line for line in found), found
    assert any("justified" in line for line in found), found


def lowest_line(pdf: Path, page: int) -> tuple[float, float]:
    """How far down the page (from its top, in points) its lowest word reaches, and the page's
    height: the landscape page as pdftotext reads it (turned: its height is the A4 page's width)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    size = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    height = min(float(size.group(1)), float(size.group(2)))
    return max(float(y1) for _, _, _, y1, _ in WORD.findall(out)), height


@needs_pdftotext
def test_a_sheet_page_with_room_prints_larger_and_every_page_is_used_to_its_foot():
    """Each page's type is as large as the page allows: the agenda or its late plan reaches the
    foot of every page (before, the taster's and the morning's left a third or more of the page
    empty), and a short agenda prints its rows and cuts larger than the fullest page (the full
    day's afternoon, at the sizes the size test above names). Measured from the PDF."""
    pdf = require(HANDBOOK_PDF)
    texts = page_texts(pdf)
    title_size = {}
    for ready, page, number, title in sheet_page_numbers(texts):
        lowest, height = lowest_line(pdf, number)
        assert lowest >= 0.88 * height, (ready.id, page.title, round(lowest), height)
        sizes: dict[str, list[float]] = {}
        for word, h in word_boxes(pdf, number):
            sizes.setdefault(word, []).append(h)
        first_words = [row.title.split()[0] for row in page.rows if row.split]
        title_size[(ready.id, page.title)] = min(max(sizes[w]) for w in first_words if w in sizes)
    fullest = title_size[("full-day", "Afternoon")]
    assert fullest >= 10.9
    assert title_size[("taster", "")] >= 1.15 * fullest, title_size
    assert title_size[("full-day", "Morning")] > fullest, title_size


def mark_numbers(text: str) -> list[int]:
    """The cut numbers of a printed late cell, ranges expanded: "1, 3\u20135, 7 +2" is 1, 3, 4, 5, 7."""
    numbers = []
    for part in text.split("+")[0].replace(",", " ").split():
        first, _, last = part.partition("\u2013")
        numbers += range(int(first), int(last or first) + 1)
    return numbers


@needs_pdftotext
def test_each_rows_cuts_are_printed_in_the_order_the_heading_says_to_cut_in():
    """"Running late: cut in this order": a row names its cuts in the order of the lists beside it,
    and those lists number a talk left out before what goes out with the people (the full day's
    16:02 row read "26, 27, 33, 31", 33 a talk left out, 31 the feedback on the way out)."""
    texts = page_texts(require(HANDBOOK_PDF))
    for ready, page, number, title in sheet_page_numbers(texts):
        lines = [normalise(line) for line in texts[number - 1].splitlines()]
        for row in page.rows:
            for mark in row.late:
                line = next(line for line in lines if line.startswith(f"{row.clock} {row.minutes} "))
                assert f" {normalise(mark.text())}" in line or not mark.text(), (ready.id, row.clock, line)
                printed = mark_numbers(mark.text())
                assert printed == sorted(set(printed)), (ready.id, row.clock, mark.text())
        beside = plan_column(HANDBOOK_PDF, number, title).replace("\u201c", '"').replace("\u201d", '"')
        rest = beside.split("Not enough?")[-1] if "Not enough?" in beside else ""
        rest_talks = [int(n) for n in re.findall(r"(\d+) Leave out", rest)]
        rest_outs = [int(n) for n in re.findall(r"(\d+) \"[^\"]*\" on the way out", rest)]
        assert not rest_talks or not rest_outs or max(rest_talks) < min(rest_outs), (ready.id, page.title, rest_talks, rest_outs)
    full = next(s for r, s in sheets() if r.id == "full-day")
    row = next(r for p in full.pages for r in p.rows if r.clock == "16:02")
    assert row.late[-1].text() == "26, 27, 31, 33", row.late[-1].text()


def run_alone_lists(text: str) -> list[list[str]]:
    """Each module's run-alone late plan as the handbook prints it: its numbered items' words."""
    found = []
    for section in text.split("leaves out what the agenda already left out.")[1:]:
        section = section.split("Minute ")[0]
        items, n = [], 1
        while (at := section.find(f"{n}. ")) >= 0:
            end = section.find(f" {n + 1}. ", at)
            items.append(section[at + len(f"{n}. "):end if end >= 0 else None].strip())
            section = section[end:] if end >= 0 else ""
            n += 1
        found.append(items)
    return found


@needs_pdftotext
def test_no_late_plan_names_a_cut_twice():
    """A module's run-alone list named "Leave out 'Wrap-up and key points'" as its first cut and again
    as its seventh (the talk left out in the last block): a cut is listed once, in each
    run-alone list of the handbook and in each sheet's lists."""
    text = normalise(" ".join(without_furniture(page) for page in page_texts(require(HANDBOOK_PDF), layout=False)))
    lists = run_alone_lists(text)
    assert len(lists) >= 5 and all(len(items) >= 5 for items in lists), [len(items) for items in lists]
    for items in lists:
        assert len(items) == len(set(items)), items
    for ready, printed in sheets():
        for page in printed.pages:
            # (two blocks' buffers of the same minutes read alike, under their own headings)
            cuts = [(o.cut.index, o.cut.to) for block in page.blocks if not block.later for o in block.options]
            assert len(cuts) == len(set(cuts)), (ready.id, page.title, cuts)


@needs_pdftotext
def test_what_the_handbook_says_of_the_opening_and_closing_is_what_the_late_plans_do():
    """The handbook said "nothing else of the opening or the closing is cut" while every sheet
    shortens the welcome and the action plan. It now says they give way like any module (optional
    segments left out, the others shortened) and that, apart from the way out, nothing of theirs
    that is not optional is left out: every late plan of every ready agenda keeps to that."""
    from tension_points.course import ModuleKind
    from tension_points.plan.late import catch_up
    from tension_points.plan.rules import LATE_STEPS, GiveWay

    text = normalise(" ".join(without_furniture(page) for page in page_texts(require(HANDBOOK_PDF), layout=False)))
    assert "nothing else of the opening or the closing is cut" not in text
    assert normalise("Apart from step 8, none of their segments that is not optional is left out.") in text
    shortened = set()
    for ready, printed in sheets():
        agenda = printed.agenda
        for n, item in enumerate(agenda.items):
            if item.segment is None:
                continue
            for late in LATE_STEPS:
                for cut in catch_up(agenda, n, late).all_cuts:
                    module = cut.item.module
                    if module is None or module.kind is ModuleKind.TOPIC:
                        continue
                    if cut.to:
                        shortened.add(cut.item.title)
                    else:
                        assert cut.way is GiveWay.AFTER_SESSION or cut.item.segment.optional, (ready.id, cut)
    assert {"Welcome: the panel and its people", "Your action plan for Monday"} <= shortened
