"""``plan --format html`` printed from a browser, as a facilitator prints it: each half day on a
page of its own with its late plan beside it, then one page for the notes and the links."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from browsing import needs_chromium

from tension_points.cli import main
from tension_points.course import load_course
from tension_points.plan.ready import ready_agenda
from tension_points.plan.sheet import sheet

from plan.conftest import REPO

pytestmark = [needs_chromium, pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext")]


@pytest.mark.parametrize("agenda_id", ["half-day", "full-day"])
def test_each_half_day_prints_on_one_page_with_its_late_plan(agenda_id, tmp_path, browser, capsys):
    html = tmp_path / "agenda.html"
    assert main(["plan", "--agenda", agenda_id, "--course", str(REPO), "--format", "html", "-o", str(html)]) == 0
    page = browser.new_page()
    page.goto(html.as_uri())
    page.emulate_media(media="print")
    # The late plan is read at arm's length too: no smaller than the agenda's body text.
    sizes = page.evaluate("""() => Object.fromEntries(['body', '.late-mark', 'aside li', 'aside p', 'tr.over td']
        .map(s => [s, parseFloat(getComputedStyle(document.querySelector(s)).fontSize)]))""")
    assert min(sizes[s] for s in ('.late-mark', 'aside li', 'aside p')) >= sizes["body"] >= 12  # 9 pt = 12 px
    page.pdf(path=str(tmp_path / "agenda.pdf"), format="A4")
    page.close()
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "agenda.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")[:-1]
    # In reading order (columns one after the other), for sentences that wrap in the late plan's columns.
    flowing = subprocess.run(["pdftotext", str(tmp_path / "agenda.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    flowing_pages = [" ".join(p.split()) for p in flowing.split("\f")[:-1]]
    ready = ready_agenda(agenda_id)
    printed = sheet(ready.plan(list(load_course(REPO).modules)), ready.start, ready.title)
    assert len(pages) == len(printed.pages) + 1  # the sheets, then the notes and links together
    for page_text, words, sheet_page in zip(pages, flowing_pages, printed.pages):
        assert "Running late" in page_text
        assert all(" ".join(block.heading.split()[:5]) in words for block in sheet_page.blocks)
        assert sheet_page.rows[-1].clock in page_text
        for row in sheet_page.rows:
            if row.over_text:  # where nothing can save the end, the row says so in words
                assert " ".join(row.over_text.split()) in words
    # The last page tells how the feedback and the post survey are still done when time runs out.
    last = flowing_pages[len(printed.pages) - 1]
    assert "on the way out: the post survey" in last and "Not enough? To still end at" in last
    assert "Notes" in pages[-1] and "Present with these minutes" in pages[-1]
