"""The printable handouts and the facilitator handbook, as `make` built them.

Each PDF is read back with pdftotext, page by page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from paths import BUILD, HANDBOOK_PDF, PDF, require

from tension_points.course import load_course
from tension_points.plan.ready import load_ready_agendas
from tension_points.course.forms import FORMS, load_forms

REPO = Path(__file__).resolve().parents[1]
HANDOUTS = [  # (page, title in the PDF)
    ("woz-role-cards", "Wizard of Oz role cards"),
    ("woz-item-cards", "Wizard of Oz item cards"),
    ("woz-answer-key", "Wizard of Oz answer key and scoring sheet"),
    ("sample-project", "The flawed sample project"),
    ("audit-on-paper", "The audit on paper: the report and the repaired twin"),
    ("reproducibility-checklist", "Reproducibility checklist"),
    ("ownership-matrix-example", "Ownership matrix: the example and its questions"),
    ("ownership-matrix", "Ownership matrix"),
    ("handoff-map-example", "Hand-off map: the example and its questions"),
    ("handoff-map", "Hand-off map"),
    ("rotation-example", "Shadowing rotation: the example and its questions"),
    ("action-plan", "Action plan worksheet"),
    ("feedback-form", "Feedback form"),
    ("surveys", "Surveys before and after"),
]
# A deck of cards to cut apart runs longer than a sheet: 16 items, a user's and two wizard's copies each.
CARD_DECK_PAGES = {"Wizard of Oz item cards": 14}
# The audit on paper: the audit's whole report of the flawed project, then the repaired twin's files.
CARD_DECK_PAGES["The audit on paper: the report and the repaired twin"] = 9
# The surveys: a pair for each ready agenda, each survey on a page of its own.
CARD_DECK_PAGES["Surveys before and after"] = 2 * len(load_ready_agendas())
needs_tex = pytest.mark.skipif(
    not (shutil.which("xelatex") and shutil.which("latexmk") and shutil.which("pdftotext")),
    reason="needs xelatex, latexmk and pdftotext (make tex)",
)


def starts_with_title(text: str, title: str) -> bool:
    """A page that starts with the handout's title: "Ownership matrix", not the page of
    "Ownership matrix: the example and its questions" (a title of its own)."""
    first = text.strip()
    return first.startswith(title) and not first[len(title):].startswith(":")


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


def test_every_confidence_statement_names_the_module_that_teaches_it_and_each_topic_module_has_one():
    """The before/after comparison is read for the modules an agenda ran: each statement must say
    which module that is, and every topic module must be measured by at least one."""
    course = load_course()
    taught = [s["taught_in"] for s in load_forms().self_assessment]
    assert set(taught) <= {m.id for m in course.modules}
    assert {m.id for m in course.modules if m.kind.value == "topic"} <= set(taught)


def test_the_evaluation_page_says_to_compare_only_the_modules_the_agenda_ran():
    html = require(BUILD / "html" / "facilitator-guide" / "80-evaluation.html").read_text(encoding="utf-8")
    titles = {m.id: m.title for m in load_course().modules}
    for statement in load_forms().self_assessment:
        assert titles[statement["taught_in"]] in html
    assert "only for the statements whose module your agenda ran" in flat(html)


def test_the_printed_surveys_of_each_ready_agenda_ask_only_the_statements_of_its_modules():
    """The handouts print a pair of surveys per ready agenda, as the live room running it asks
    them: no statement of a module the agenda leaves out (the planner says which it runs)."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(require(BUILD / "html" / "handouts" / "surveys.html").read_text(encoding="utf-8"), "html.parser")
    modules = list(load_course(REPO).modules)
    statements = load_forms().self_assessment
    asked_in = {}
    for section in page.select("section section"):
        heading = section.find("h2").get_text(" ", strip=True).rstrip("¶").strip()
        table = section.select_one("table.tp-form-scale")
        asked_in[heading] = [row.find("td").get_text(" ", strip=True).replace("\u2019", "'") for row in table.select("tbody tr")]
    for ready in load_ready_agendas():
        ran = {m.id for m in ready.plan(modules).modules}
        expected = [s["text"] for s in statements if s["taught_in"] in ran]
        assert 0 < len(expected), ready.id
        for when in ("before", "after"):
            assert asked_in[f"{ready.title.removeprefix('A ').capitalize()}: {when} the workshop"] == expected, (ready.id, when)
    assert len(asked_in) == 2 * len(load_ready_agendas())
    assert any(len(rows) < len(statements) for rows in asked_in.values())  # a shorter agenda asks fewer


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
        found = [n for n, text in enumerate(texts) if starts_with_title(text, title)]
        assert found, f"no page starts with '{title}'"
        starts.append(found[0])
    assert starts == sorted(starts), "handouts out of order"
    # One handout per page group: each runs from its first page to the next handout's.
    for (_, title), start, end in zip(HANDOUTS, starts, [*starts[1:], len(texts)]):
        group = " ".join(texts[start:end])
        most = CARD_DECK_PAGES.get(title, 4)
        assert title in group and end - start <= most, f"'{title}' spans {end - start} pages"


@needs_tex
def test_every_wizard_of_oz_item_card_is_whole_on_one_page_with_its_id(handouts_pdf):
    """A card is cut out and handed over on its own: its id, its question and its last field
    must be on one page, never run over onto the next."""
    from tension_points.woz.pack import load_pack

    pack = load_pack("support-ticket-triage")
    texts = [flat(t) for t in pages(handouts_pdf)]
    for item in pack.items:
        cards = [(f"{item['id']}, user's copy", "What you see:")]
        cards += [(f"{item['id']}, wizard's copy, round {n}", pack.view_for(n, item)[-1][0] + ":") for n in range(1, len(pack.rounds) + 1)]
        for title, last_label in cards:
            found = [t for t in texts if title.replace("'", "\u2019") in t or title in t]
            assert len(found) == 1, f"{title}: on {len(found)} pages"
            card = found[0].replace("\u2019", "'").split(title, 1)[1]
            following = re.search(r"t\d\d, (user|wizard)'s copy", card)
            assert last_label in (card[:following.start()] if following else card), f"{title} runs over its page"


@needs_tex
def test_the_answer_key_and_its_scoring_sheet_share_a_page(handouts_pdf):
    texts = [flat(t) for t in pages(handouts_pdf)]
    sheet = [t for t in texts if "wizard\u2019s label" in t or "wizard's label" in t]
    assert len(sheet) == 1 and "naive baseline always answers" in sheet[0]


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
    for ready in load_ready_agendas():  # the agendas' sheets: tests/test_agenda_sheets.py
        assert ready.title in text


def test_the_printed_action_plan_of_each_ready_agenda_has_a_line_only_for_what_it_ran():
    """The handouts print a plan per ready agenda, as the live room running it asks: no line that
    only modules the agenda leaves out prepare (a taster's plan asks for no owner or
    reproducibility fix), and the full day's has every line."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(require(BUILD / "html" / "handouts" / "action-plan.html").read_text(encoding="utf-8"), "html.parser")
    modules = list(load_course(REPO).modules)
    questions = load_forms().forms["action-plan"]["questions"]
    printed = {}
    for section in page.select("section section"):
        heading = section.find("h2").get_text(" ", strip=True).rstrip("¶").strip()
        printed[heading] = [strong.get_text(strip=True) for strong in section.select(".tp-form-question strong")]
    for ready in load_ready_agendas():
        ran = {m.id for m in ready.plan(modules).modules}
        expected = [q["text"] for q in questions if not q.get("taught_in") or set(q["taught_in"]) & ran]
        assert printed[ready.title.removeprefix("A ").capitalize()] == expected, ready.id
    assert any(len(lines) < len(questions) for lines in printed.values())  # the taster asks fewer
    assert max(len(lines) for lines in printed.values()) == len(questions)  # the full day, all


def handout_spans(texts: list[str]) -> dict[str, tuple[int, int]]:
    """Each handout's pages in the PDF (0-based, end excluded): from the page its title starts to
    the page the next one's does."""
    starts = [next(n for n, text in enumerate(texts) if starts_with_title(text, title)) for _, title in HANDOUTS]
    ends = [*starts[1:], len(texts)]
    return {page: (start, end) for (page, _), start, end in zip(HANDOUTS, starts, ends)}


@needs_tex
def test_the_print_lists_pages_a_copy_are_the_handouts_pages_as_printed(handouts_pdf):
    """"Pages a copy" in the print list is what the built handouts PDF holds: a sheet's pages, a
    card sheet's pages for each kind of card, and for a handout with a section per agenda, the
    pages from that section's heading (at the top of a page) to the next."""
    from tension_points.plan.printing import load_printing

    texts = pages(handouts_pdf)
    spans = handout_spans(texts)
    agendas = load_ready_agendas()
    checked = 0
    for printed in load_printing().sheets:
        sources = [s for s in printed.source if s.startswith("handouts/")]
        if not sources:
            continue
        start, end = spans[Path(sources[0]).stem]
        if printed.sections:
            # A section's heading, as the data names it ("Half day", "Half day: before the workshop"):
            # at the top of a page, or on the handout's first page under its title.
            headings = dict(printed.sections)
            tops = {ready.id: next((n for n in range(start, end) if any(
                        line.strip() == headings[ready.id] or line.strip().startswith(f"{headings[ready.id]}: ")
                        for line in (texts[n].splitlines() if n == start else texts[n].strip().splitlines()[:1]))), None)
                    for ready in agendas}
            assert None not in tops.values(), f"{printed.id}: an agenda's section does not start a page: {tops}"
            order = sorted(tops.values())
            for ready in agendas:
                first = tops[ready.id]
                following = [n for n in order if n > first]
                last = following[0] if following else end
                assert last - first == printed.pages_for((ready.id, ready.title)), (printed.id, ready.id, last - first)
                checked += 1
        elif printed.split is not None:
            kinds = len(printed.split.each_group) + 1
            assert end - start == printed.pages * kinds, (printed.id, end - start)
            checked += 1
        else:
            assert end - start == printed.pages, (printed.id, end - start)
            checked += 1
    assert checked >= 12


@needs_tex
def test_the_handouts_pdf_prints_the_flawed_sample_project_as_it_is(handouts_pdf):
    """The print list's sample project is in the handouts PDF: its three files, line by line, as
    they are in exercises/ (the one copy the pairs audit)."""
    texts = pages(handouts_pdf)
    start, end = handout_spans(texts)["sample-project"]
    # A line too long for the page is wrapped, its rest under it after LaTeX's continuation mark.
    printed = flat(" ".join(texts[start:end])).replace(" ,\u2192", "").replace(" \u21aa", "")
    project = REPO / "exercises" / "sample-projects" / "churn-model-flawed"
    for name in ("README.md", "requirements.txt", "src/train.py"):
        assert name in printed
        for line in (project / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                assert flat(line) in printed, (name, line)
