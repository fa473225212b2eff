"""The PDFs: the learner edition has every module and no facilitator notes; the handbook has both."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from paths import COURSE_PDF, HANDBOOK_PDF, PDF, normalise, require
from pdf_tables import overprinted_words

from tension_points.course import load_course
from tension_points.course.forms import load_forms

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


# A solution fenced with three backticks or more (four when it holds a fenced block), closed by the same fence.
SOLUTION = re.compile(r"^(`{3,})\{solution\}[^\n]*\n(?::[^\n]*\n)*\n*(.*?)^\1(?!`)", re.M | re.S)


def solution_openings() -> list[str]:
    """The opening words of every exercise solution, as the exercise pages write them."""
    openings = []
    for page in sorted((REPO / "exercises").glob("*.md")):
        for _, body in SOLUTION.findall(page.read_text(encoding="utf-8")):
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


LATEX = {"course": REPO / "_build/latex/learner/tension-points-course.tex",
         "handbook": REPO / "_build/latex/facilitator/tension-points-facilitator-handbook.tex"}


@pytest.mark.parametrize("book", LATEX)
def test_every_chapter_with_quote_cards_says_they_are_our_translation(book):
    """A PDF is one document, but a reader opens it at a chapter: the translation note is said
    on the first card of each chapter, as on the first card of each page on the site. (It was
    said once a book: a facilitator found the handbook's module chapters quoting the panel with
    nothing saying the words were our translation.)"""
    chapters = re.split(r"\\chapter\{", require(LATEX[book]).read_text(encoding="utf-8"))[1:]
    silent = [chapter.split("}", 1)[0] for chapter in chapters
              if "sphinxuseclass}{tp-quote}" in chapter and "DUrole{tp-quote-mark}" not in chapter]
    assert not silent, f"{book}: chapters whose quote cards never say they are our translation: {silent}"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
@pytest.mark.parametrize("name", ["tension-points-course.pdf", "tension-points-facilitator-handbook.pdf",
                                  "tension-points-handouts.pdf"])
def test_nothing_in_the_pdfs_prints_over_anything_else(name):
    """A box that cannot break at the page foot runs over the footer; a code word wider than its
    table cell runs into the next cell; a footer's title into its page number: either way, two
    words share a place on the page. Any overlap of a third of both boxes counts, not only words
    on one line: text run over the footer sits a few points off the footer's baseline, which a
    same-line check passed (the fishbowl's "On your own" box over the footer, handbook p. 77)."""
    assert overprinted_words(require(PDF / name)) == []


@pytest.mark.skipif(not (shutil.which("xelatex") and shutil.which("pdftotext")), reason="needs xelatex and pdftotext")
def test_the_overprint_check_finds_text_run_over_the_footer(tmp_path):
    (tmp_path / "t.tex").write_text(r"""\documentclass{article}\usepackage{fancyhdr}\pagestyle{fancy}
\fancyfoot[C]{The page footer of this page}\begin{document}
\noindent\vbox to \dimexpr\textheight+\footskip\relax{Text run past the page foot\vfill
\hbox to\hsize{\hfil Words that land on the footer\hfil}}
\end{document}
""")
    subprocess.run(["xelatex", "-interaction=nonstopmode", "t.tex"], cwd=tmp_path, capture_output=True, timeout=120)
    assert any("'footer'" in found for found in overprinted_words(tmp_path / "t.pdf"))


def test_each_survey_is_answered_at_the_step_that_carries_it_and_nowhere_else(pdf_text):
    """One place says where each survey happens: the step whose live entry carries it, with its
    minutes; no other step of the run-sheets asks for it."""
    text = pdf_text(HANDBOOK_PDF)
    carriers = [(m, s) for m in MODULES.modules for s in m.segments if s.live is not None and s.live.kind == "survey"]
    assert {s.live.spec["form"] for _, s in carriers} == {"pre-survey", "post-survey"}
    forms = load_forms().forms
    for _, segment in carriers:
        words = segment.live.spec["form"].replace("-", " ")
        answered = forms[segment.live.spec["form"]].get("answered")
        when = " ".join(answered.split()[:6]) if answered else f"in this step, within its {segment.minutes} min"
        assert re.search(rf"Survey: \"[^\"]+\" \({words}\) is answered {re.escape(when)}", text), when
    assert "the feedback form and the post-workshop survey" not in text
