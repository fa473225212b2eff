"""The present pages as built: one projector and one speaker's page per module, made from the
module's data and page, linked from the module page, with the facilitator notes on the
speaker's page only, and nothing of present mode in the PDFs."""

from __future__ import annotations

import json

import pytest

from paths import COURSE_PDF, HANDBOOK_PDF
from presenting import MODULES, note_texts, projector_path, soup, speaker_path, words


def page_data(path) -> dict:
    return json.loads(soup(path).select_one("#tp-present-data").string)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_each_module_page_links_to_its_projector_and_speakers_view(html_dir, module):
    page = soup(html_dir / f"{module.docname}.html")
    line = page.select_one("p.tp-present-link")
    assert line is not None and "Present this module" in line.get_text()
    targets = {a["href"] for a in line.select("a")}
    assert targets == {f"../present/{module.id}.html", f"../present/{module.id}-speaker.html"}
    for target in targets:
        assert (html_dir / "modules" / target).resolve().is_file()


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_the_projector_page_holds_no_facilitator_note(html_dir, module):
    projector = soup(projector_path(html_dir, module))
    text = words(projector.get_text(" "))
    notes = note_texts(html_dir, module)
    assert notes, f"{module.id}: the module page has no facilitator note to look for"
    assert projector.select(".tp-facilitator-note, .tp-notes") == []
    for note in notes:
        assert note[:80] not in text
    assert "Facilitator note" not in projector.decode()


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_the_speakers_view_holds_every_note_of_the_module_page(html_dir, module):
    speaker = words(soup(speaker_path(html_dir, module)).get_text(" "))
    for note in note_texts(html_dir, module):
        assert note in speaker


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_the_screens_follow_the_module_data(html_dir, module):
    data = page_data(projector_path(html_dir, module))
    assert [s["id"] for s in data["segments"]] == [s.id for s in module.segments]
    assert [s["minutes"] for s in data["segments"]] == [s.minutes for s in module.segments]
    shown = [screen["segment"] for screen in data["screens"]]
    # A title screen, then every segment in teaching order, each with at least one screen.
    assert shown[0] == -1
    assert sorted(set(shown[1:])) == list(range(len(module.segments)))
    assert shown[1:] == sorted(shown[1:])
    for index, segment in enumerate(module.segments):
        kinds = [s["kind"] for s in data["screens"] if s["segment"] == index]
        assert ("prompt" in kinds) == segment.is_activity, segment.id
    assert data == page_data(speaker_path(html_dir, module)), "both views read the same data"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_every_quote_diagram_and_key_point_of_the_page_is_on_a_screen(html_dir, module):
    page = soup(html_dir / f"{module.docname}.html")
    projector = soup(projector_path(html_dir, module))
    screen_text = words(projector.select_one("#tp-screens").get_text(" "))
    for quote in page.select("article .tp-quote blockquote p"):
        assert words(quote.get_text(" ")) in screen_text
    page_images = {img["src"] for img in page.select("article img")}
    screen_images = {img["src"] for img in projector.select("#tp-screens img")}
    assert page_images == screen_images
    for image in projector.select("#tp-screens img"):
        assert image.get("alt"), "every diagram keeps its alt text"
    last = len(module.segments) - 1
    key_points = " ".join(
        words(screen.get_text(" ")) for screen in projector.select(f'.tp-screen-key-points[data-segment="{last}"]')
    )
    for point in page.select("article .tp-key-points li"):
        assert words(point.get_text(" ")) in key_points


def test_present_mode_stays_out_of_the_pdfs_but_the_handbook_explains_it(pdf_text):
    learner, handbook = pdf_text(COURSE_PDF), pdf_text(HANDBOOK_PDF)
    assert "Present this module" not in learner and "Present this module" not in handbook
    assert "speaker's view" not in learner
    assert "Present mode: the projector and the speaker's view" in handbook
