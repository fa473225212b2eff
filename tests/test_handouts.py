"""The printable handouts and the facilitator handbook, as `make` built them.

Each PDF is read back with pdftotext, page by page.
"""

from __future__ import annotations

import pickle
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docutils import nodes

from paths import BUILD, HANDBOOK_PDF, PDF, require

from tension_points.course import load_course, parse_clock
from tension_points.plan.planner import plan
from tension_points.course.forms import FORMS, load_forms

REPO = Path(__file__).resolve().parents[1]
HANDOUTS = [  # (page, title in the PDF)
    ("woz-role-cards", "Wizard of Oz role cards"),
    ("reproducibility-checklist", "Reproducibility checklist"),
    ("ownership-matrix", "Ownership matrix"),
    ("handoff-map", "Hand-off map"),
    ("action-plan", "Action plan worksheet"),
    ("feedback-form", "Feedback form"),
    ("surveys", "Surveys before and after"),
]
READY_AGENDAS = {"90 minutes": (90, 0), "Half day": (210, 0), "Full day": (390, 45)}

needs_tex = pytest.mark.skipif(
    not (shutil.which("xelatex") and shutil.which("latexmk") and shutil.which("pdftotext")),
    reason="needs xelatex, latexmk and pdftotext (make tex)",
)


def pages(pdf: Path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)[1])
    return [
        subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True).stdout
        for n in range(1, count + 1)
    ]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def handouts_pdf() -> Path:
    return require(PDF / "tension-points-handouts.pdf")


@pytest.fixture(scope="module")
def handbook() -> tuple[Path, Path]:
    return require(HANDBOOK_PDF), require(BUILD / "doctrees" / "facilitator")


# --- Data behind the handouts -----------------------------------------------------------


def test_forms_file_is_valid_and_has_every_form():
    forms = load_forms()
    assert {"pre-survey", "post-survey", "feedback", "action-plan"} <= set(forms.forms)


def test_action_plan_worksheet_asks_exactly_the_template_fields():
    template = yaml.safe_load((REPO / "exercises" / "data" / "action-plan-template.yaml").read_text())
    asked = [q["id"] for q in load_forms().forms["action-plan"]["questions"]]
    assert asked == list(template["my_plan"]) == list(template["example"]), FORMS


def test_surveys_before_and_after_share_the_self_assessment():
    forms = load_forms().forms
    for name in ("pre-survey", "post-survey"):
        assert [q["kind"] for q in forms[name]["questions"]].count("self-assessment") == 1


def test_every_segment_has_a_run_step_in_the_handbook():
    source = (REPO / "facilitator-guide" / "40-run-sheets.md").read_text()
    steps = re.findall(r"^```\{run-step\} (\S+)", source, re.M)
    sheets = re.findall(r"^```\{run-sheet\} (\S+)", source, re.M)
    modules = load_course(REPO)
    assert sheets == [m.id for m in modules]
    assert steps == [s.id for m in modules for s in m.segments]


# --- The handouts PDF --------------------------------------------------------------------


@needs_tex
def test_each_handout_starts_a_page_with_its_title(handouts_pdf):
    texts = pages(handouts_pdf)
    starts = []
    for _, title in HANDOUTS:
        found = [n for n, text in enumerate(texts) if text.strip().startswith(title)]
        assert found, f"no page starts with '{title}'"
        starts.append(found[0])
    assert starts == sorted(starts), "handouts out of order"
    # One handout per page group: each runs from its first page to the next handout's.
    for (_, title), start, end in zip(HANDOUTS, starts, [*starts[1:], len(texts)]):
        group = " ".join(texts[start:end])
        assert title in group and end - start <= 4, f"'{title}' spans {end - start} pages"


@needs_tex
def test_handouts_fit_a4_and_letter(handouts_pdf):
    info = subprocess.run(["pdfinfo", str(handouts_pdf)], capture_output=True, text=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert width <= 595.3 and height <= 792.1  # A4 is 595 x 842, Letter 612 x 792


@needs_tex
def test_handouts_carry_their_data(handouts_pdf):
    text = flat(" ".join(pages(handouts_pdf)))
    for question in load_forms().forms["feedback"]["questions"]:
        assert flat(question["text"]) in text
    for stage in ("Problem framing", "Monitoring and feedback"):  # from the ownership example
        assert stage in text
    checklist = yaml.safe_load((REPO / "src" / "tension_points" / "data" / "checklist.yaml").read_text())
    for group in checklist["groups"]:
        assert group["title"] in text


@needs_tex
def test_handouts_are_black_and_white(handouts_pdf):
    latex = require(BUILD / "latex" / "handouts" / "tension-points-handouts.tex").read_text()
    assert not re.search(r"\\(?:text)?color\{(?!black|gray|white)", latex)


# --- The handbook ------------------------------------------------------------------------


def agenda_tables(doctrees: Path) -> list[list[tuple[str, ...]]]:
    with open(doctrees / "facilitator-guide" / "30-agendas.doctree", "rb") as handle:
        doctree = pickle.load(handle)
    tables = []
    for table in doctree.findall(nodes.table):
        if "tp-agenda" in table["classes"]:
            # The build sets typographic apostrophes; the planner's titles are plain text.
            rows = [tuple(entry.astext().replace("\u2019", "'") for entry in row.findall(nodes.entry)) for row in table.findall(nodes.row)]
            tables.append(rows[1:])  # without the header
    return tables


@needs_tex
def test_handbook_agendas_equal_the_planner(handbook):
    _, doctrees = handbook
    modules = load_course(REPO)
    expected = [plan(modules, minutes, lunch_minutes=lunch).rows(parse_clock("09:00")) for minutes, lunch in READY_AGENDAS.values()]
    assert agenda_tables(doctrees) == [list(rows) for rows in expected]


@needs_tex
def test_handbook_pdf_has_every_modules_run_sheet(handbook):
    pdf, _ = handbook
    text = flat(" ".join(pages(pdf)))
    assert "Run-sheets" in text
    for module in load_course(REPO):
        offset = 0
        for segment in module.segments:
            first_word = segment.title.split()[0]
            heading = f"Minute {offset}\u2013{offset + segment.minutes} \u00b7 {first_word}"
            assert heading in text, f"{module.id}: no run-sheet step '{heading}'"
            offset += segment.minutes
    for minutes, _ in READY_AGENDAS.values():
        assert f"{minutes // 60} h" in text
