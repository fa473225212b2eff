"""A learner alone can take every module: they see how long it takes them and what to have
first, every instruction meant for a room comes with what to do alone, each module ends with
questions whose answers they can open (folded on the site, after the questions in the PDF),
and an exercise page puts the exercise before its reference, with a link to the reference."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browsing import needs_chromium
from paths import COURSE_PDF, HTML, REPO, normalise, require

from tension_points.course import format_minutes, load_course
from tension_points.course.self_check import SELF_CHECK_FILE, load_self_checks

COURSE = load_course(REPO)
CHECKS = load_self_checks(REPO / SELF_CHECK_FILE)
by_module = pytest.mark.parametrize("module", list(COURSE), ids=[m.id for m in COURSE])


def soup(docname: str) -> BeautifulSoup:
    return BeautifulSoup((require(HTML) / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def learner_view(docname: str):
    """The page's main text as a learner sees it: the facilitator notes are behind a switch that is off."""
    page = soup(docname)
    main = page.select_one("article") or page.body
    for note in main.select(".tp-facilitator-note"):
        note.decompose()
    return main


# --- time alone and prerequisites --------------------------------------------------------

@by_module
def test_a_module_opens_with_its_time_alone_and_what_to_have_first(module):
    main = learner_view(module.docname)
    boxes = main.select(".admonition")
    before = main.select_one(".tp-before-you-start")
    assert before is not None and boxes[0] is before, f"{module.docname}: the first box is not 'Before you start'"
    assert module.self_paced is not None, f"{module.path}: no self_paced in the front matter"
    assert f"Time alone: about {format_minutes(module.self_paced.minutes)}" in text_of(before)
    prerequisites = before.select("li")
    assert len(prerequisites) == len(module.self_paced.prerequisites)
    for link in before.select("a[href]"):
        target = link["href"].split("#")[0]
        assert (HTML / Path(module.docname).parent / target).exists(), f"{module.docname}: {link['href']} is not there"


def test_time_alone_is_printed_in_the_learner_pdf(pdf_text):
    text = normalise(pdf_text(COURSE_PDF))
    assert text.count("Time alone: about") == len(list(COURSE))


# --- room instructions come with what to do alone -----------------------------------------

ROOM_INSTRUCTION = re.compile(
    r"work in pairs|in pairs or threes|in groups of|swap the keyboard|swap when|your partner|with a partner|"
    r"one person types|split the room|post one .{0,40} on the wall|walk round the other sheets",
    re.IGNORECASE,
)
ALONE = re.compile(r"on your own|\balone\b", re.IGNORECASE)


def answered_for_a_learner_alone(block, page_has_alone_section: bool) -> bool:
    if block.find_parent(class_="tp-on-your-own") or ALONE.search(text_of(block)):
        return True
    activity = block.find_parent(class_="tp-activity")
    if activity is not None:
        return activity.select_one(".tp-on-your-own") is not None
    section = block.find_parent("section")
    heading = section.find(re.compile(r"h[1-6]")) if section else None
    return page_has_alone_section and heading is not None and "room" in heading.get_text().lower()


LEARNER_PAGES = [f"{folder}/{p.stem}" for folder in ("modules", "exercises")
                 for p in sorted((REPO / folder).glob("*.md")) if p.stem != "index"]


@pytest.mark.parametrize("docname", LEARNER_PAGES)
def test_every_instruction_for_a_room_says_what_to_do_alone(docname):
    main = learner_view(docname)
    has_alone_section = any(ALONE.search(h.get_text()) for h in main.find_all(re.compile(r"h[2-4]")))
    stranded = [text_of(block)[:120] for block in main.find_all(["p", "li"])
                if ROOM_INSTRUCTION.search(text_of(block)) and not answered_for_a_learner_alone(block, has_alone_section)]
    assert stranded == []


# --- the self-check ----------------------------------------------------------------------

@by_module
def test_a_module_ends_with_a_self_check_whose_answers_are_folded(module):
    main = learner_view(module.docname)
    check = main.select_one(".tp-self-check")
    assert check is not None, f"{module.docname}: no self-check"
    key_points = main.select_one(".tp-key-points")
    assert key_points is not None and key_points.sourceline < check.sourceline, "the self-check comes after the key points"
    items = check.select("ol.tp-self-check-questions > li")
    assert len(items) == len(CHECKS[module.id])
    for item, expected in zip(items, CHECKS[module.id]):
        fold = item.select_one("details.tp-self-check-fold")
        assert fold is not None and not fold.has_attr("open"), "an answer shows under its question"
        assert text_of(fold.summary) == "Check your answer"
        assert len(text_of(fold.select_one(".tp-self-check-answer")).split()) >= 15
    assert "Answers" not in [text_of(r) for r in check.select(".rubric")], "the site prints the answers a second time"


def test_the_learner_pdf_prints_each_modules_answers_after_its_questions(pdf_text):
    text = normalise(pdf_text(COURSE_PDF))
    assert text.count("then check yours against the answers after the questions") == len(CHECKS)
    assert "open its answer" not in text, "print cannot open anything"
    def start(markdown: str) -> str:
        return normalise(markdown.replace("`", ""))[:50]

    for module_id, questions in CHECKS.items():
        first_question = text.index(start(questions[0].question))
        last_question = text.index(start(questions[-1].question), first_question)
        first_answer = text.index(start(questions[0].answer), first_question)
        assert last_question < first_answer, f"{module_id}: an answer is printed under its question"


@needs_chromium
def test_an_answer_opens_from_the_keyboard_and_not_before(site, browser):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(f"{site}/modules/02-silos.html")
    summary = page.locator(".tp-self-check-fold > summary").first
    answer = page.locator(".tp-self-check-fold .tp-self-check-answer").first
    assert answer.is_hidden()
    summary.focus()
    page.keyboard.press("Enter")
    answer.wait_for(state="visible", timeout=2000)
    page.close()


# --- the exercise first, its reference after and linked -----------------------------------

REFERENCE_HEADING = re.compile(r"reference|^options$|log format|json report", re.IGNORECASE)
EXERCISE_HEADING = re.compile(r"^the exercise$|^1\. |^play alone", re.IGNORECASE)


@pytest.mark.parametrize("docname", [d for d in LEARNER_PAGES if d.startswith("exercises/")])
def test_an_exercise_page_puts_its_reference_after_the_exercise_and_links_it(docname):
    main = learner_view(docname)
    headings = [(h, text_of(h).rstrip("#\u00b6 ")) for h in main.find_all(re.compile(r"h[2-3]"))]
    starts = [i for i, (_, title) in enumerate(headings) if EXERCISE_HEADING.search(title)]
    references = [(i, h) for i, (h, title) in enumerate(headings) if REFERENCE_HEADING.search(title)]
    if not references:
        return
    assert starts and starts[0] < references[0][0], f"{docname}: reference before the exercise"
    section = references[0][1].find_parent("section")
    names = {section.get("id")} | {child.get("id") for child in section.find_all(id=True, recursive=False)}
    links = {a["href"][1:] for a in main.select('a[href^="#"]')}
    assert names & links, f"{docname}: nothing on the page links its reference ({sorted(names - {None})})"


# --- discussions read alone: what to do alone first ------------------------------------------

CHILDREN = "a => [...a.children].map(c => [...c.classList].find(n => n.startsWith('tp-')) || c.tagName)"  # what each part is

@needs_chromium
def test_read_alone_an_activity_puts_on_your_own_first_and_folds_the_rooms_steps(site, browser):
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(f"{site}/modules/02-silos.html")
    activity = page.locator("#silos-opening-question")
    order = activity.evaluate(CHILDREN)
    assert order[order.index("tp-activity-prompt") + 1:][:2] == ["tp-on-your-own", "tp-in-a-room"], order
    steps = activity.locator(".tp-in-a-room .tp-activity-parts")
    assert steps.is_hidden()  # folded: a learner alone opens it if they want the room's steps
    activity.locator(".tp-in-a-room > summary").click()
    assert steps.is_visible()
    # Every activity with an "On your own" box reads the same way on every module page.
    for docname in (m.docname for m in COURSE):
        page.goto(f"{site}/{docname}.html")
        late = page.evaluate("""[...document.querySelectorAll('.tp-activity')].filter(a => a.querySelector(':scope > .tp-on-your-own'))
            .filter(a => a.querySelector(':scope > .tp-activity-prompt').nextElementSibling !== a.querySelector(':scope > .tp-on-your-own')).map(a => a.id)""")
        assert late == [], f"{docname}: the room's steps come before On your own in {late}"
    page.close()


@needs_chromium
def test_in_the_facilitator_view_the_rooms_steps_come_first_as_printed(site, browser):
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.goto(f"{site}/modules/02-silos.html?view=facilitator")
    activity = page.locator("#silos-opening-question")
    order = activity.evaluate(CHILDREN)
    assert order.index("tp-activity-parts") < order.index("tp-on-your-own") and "tp-in-a-room" not in order, order
    page.goto(f"{site}/modules/02-silos.html?view=learner")
    page.evaluate("localStorage.clear()")
    page.goto(f"{site}/modules/02-silos.html")
    page.get_by_role("button", name="Facilitator view").click()  # switched on while reading: the steps open
    assert activity.locator(".tp-in-a-room .tp-activity-parts").is_visible()
    page.close()


def test_what_a_good_answer_covers_is_folded_under_each_on_your_own_question(pdf_text):
    """A learner alone answers before reading the criteria (on the Reproducibility module they
    listed the flaws of a project not yet opened): on the site each box's "What a good answer
    covers" is in a closed fold with a label; print cannot fold, so the learner PDF keeps them."""
    criteria = 0
    for page in sorted((REPO / "modules").glob("*.md")):
        for box in soup(f"modules/{page.stem}").select(".tp-on-your-own"):
            if "What a good answer covers" not in box.get_text():
                continue
            criteria += 1
            fold = box.select_one("details.tp-good-answer")
            assert fold is not None and not fold.has_attr("open"), f"{page.stem}: criteria shown open"
            assert "What a good answer covers" in fold.find("summary").get_text()
            assert all("What a good answer covers" not in p.get_text() for p in box.find_all("p", recursive=False)), page.stem
    assert criteria >= 6  # one box a module at least
    assert normalise(pdf_text(COURSE_PDF)).count("What a good answer covers") >= criteria
