"""Issue 22: a room without phones runs a poll by a show of hands, so the printed kit must say
its options. Every course activity whose live kind prints something on paper (a poll's options,
a scale's ends, a Wizard of Oz round's items) shows it, from its one ``live`` definition, on its
run-sheet step and in its module page's activity box; and the handbook PDF carries it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tension_points.course import load_course
from tension_points.room.activities.printed import on_paper
from tension_points.room.activities.registry import KINDS

from paths import HANDBOOK_PDF, normalise

COURSE = load_course()
WITH_OPTIONS = [(module, segment) for module in COURSE.modules for segment in module.segments
                if segment.live is not None and segment.live.kind in ("poll", "scale")]


def words(node) -> str:
    return normalise(node.get_text(" "))


def options_of(segment) -> list[str]:
    spec = KINDS[segment.live.kind].parse_spec(segment.live.spec)
    return list(getattr(spec, "options", None) or spec.scale_labels)


def test_the_course_has_polls_including_the_full_days_ownership_vote():
    assert "ownership-opening-question" in {segment.id for _, segment in WITH_OPTIONS}
    assert all(on_paper(segment) for _, segment in WITH_OPTIONS)


@pytest.mark.parametrize("module, segment", WITH_OPTIONS, ids=[s.id for _, s in WITH_OPTIONS])
def test_every_option_is_on_the_run_sheet_and_the_module_page(html_dir, module, segment):
    run_sheets = BeautifulSoup((html_dir / "facilitator-guide" / "40-run-sheets.html").read_text(encoding="utf-8"), "html.parser")
    step = run_sheets.find(id=f"run-{segment.id}")
    module_page = BeautifulSoup((html_dir / f"{module.docname}.html").read_text(encoding="utf-8"), "html.parser")
    box = module_page.find(id=segment.id)
    for place in (step, box):
        line = words(place.select_one(".tp-activity-on-paper"))
        assert "show of hands" in line
        for option in options_of(segment):
            assert normalise(option) in line, (segment.id, option)


def test_the_handbook_pdf_prints_the_ownership_votes_options(pdf_text):
    text = pdf_text(HANDBOOK_PDF)
    segment = COURSE.segment("ownership-opening-question")
    expected = "The options, read out for a show of hands (one hand each): " + "; ".join(
        f"({n}) {normalise(option)}" for n, option in enumerate(options_of(segment), 1))
    assert text.count(expected) >= 2, "on the run-sheet and on the module page"


def test_a_scale_prints_its_ends_and_a_multiple_choice_poll_says_so():
    from tension_points.room.activities.simple import PollSpec, ScaleSpec

    scale = KINDS["scale"].on_paper(ScaleSpec(("Never", "Every week")), None)
    assert "show of hands" in scale and "1 (Never)" in scale and "5 (Every week)" in scale
    poll = KINDS["poll"].on_paper(PollSpec(("A", "B"), multiple=True), None)
    assert "a hand for each option that applies" in poll and "(1) A; (2) B" in poll
    assert KINDS["open"].on_paper(None, None) == ""
