"""The PDFs: the learner edition has every module and no facilitator notes; the handbook has both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from paths import COURSE_PDF, HANDBOOK_PDF, normalise

from tension_points.course import load_course

REPO = Path(__file__).resolve().parents[1]
MODULES = load_course(REPO)
NOTE = re.compile(r":::\{facilitator-note\}[^\n]*\n(.*?)\n:::", re.DOTALL)


def facilitator_note_phrases() -> list[str]:
    """The opening words of every facilitator note in the modules' sources."""
    phrases = []
    for module in MODULES:
        for body in NOTE.findall(module.path.read_text(encoding="utf-8")):
            words = re.sub(r"[*`_{}]|\[|\]\([^)]*\)", "", body).split()
            phrases.append(normalise(" ".join(words[:7])))
    return phrases


@pytest.mark.parametrize("pdf", [COURSE_PDF, HANDBOOK_PDF], ids=["learner", "handbook"])
def test_every_module_title_is_in_both_pdfs(pdf, pdf_text):
    text = pdf_text(pdf)
    for module in MODULES:
        assert normalise(module.title) in text, f"{module.title!r} missing from {pdf.name}"


def test_facilitator_notes_are_in_the_handbook_and_never_in_the_learner_pdf(pdf_text):
    phrases = facilitator_note_phrases()
    assert len(phrases) >= 5
    handbook, learner = pdf_text(HANDBOOK_PDF), pdf_text(COURSE_PDF)
    missing = [p for p in phrases if p not in handbook]
    assert not missing, f"notes missing from the handbook: {missing[:3]}"
    leaked = [p for p in phrases if p in learner]
    assert not leaked, f"notes leaked into the learner PDF: {leaked[:3]}"
    assert "Facilitator note" in handbook and "Facilitator note" not in learner


SOLUTION = re.compile(r"^```\{solution\}[^\n]*\n(?::[^\n]*\n)*\n*(.*?)^```", re.M | re.S)


def solution_openings() -> list[str]:
    """The opening words of every exercise solution, as the exercise pages write them."""
    openings = []
    for page in sorted((REPO / "exercises").glob("*.md")):
        for body in SOLUTION.findall(page.read_text(encoding="utf-8")):
            words = re.sub(r"^\s*\d+\.\s+|[*`_{}]", "", body.strip()).split()
            openings.append(normalise(" ".join(words[:6])))
    return openings


def test_exercise_solutions_are_printed_in_both_pdfs(pdf_text):
    openings = solution_openings()
    assert len(openings) >= 4
    for pdf in (COURSE_PDF, HANDBOOK_PDF):
        missing = [o for o in openings if o not in pdf_text(pdf)]
        assert not missing, f"{pdf.name}: solutions missing: {missing}"


def test_quote_cards_print_with_speaker_and_translation_mark(pdf_text):
    text = pdf_text(COURSE_PDF)
    assert "Paco Nathan, Derwen" in text or "Paco Nathan," in text
    assert "Our translation from the Chinese edition of the transcript" in text
