"""Talking points a facilitator can run a teaching segment from, read from the built pages.

The rule: a teaching segment of 5 minutes or more gives the facilitator at least one talking
point per two minutes, rounded up (ceil(minutes / 2): 3 points for 5 or 6 minutes, 4 for 7 or
8, 5 for 9), in order, and ends with the words that lead into the next segment. One sentence
of "Say:" does not fill seven minutes in front of a room.

The points are written once, in the segment's ``talk`` in the module's front matter; the
run-sheet (web and handbook) and present mode's speaker's view render them. A point that reads
out a panellist prints the quote library's words for the quote's id, unchanged (the library
itself is checked against the transcript by test_quotes_source.py).
"""

from __future__ import annotations

import math
import re

import pytest
from bs4 import BeautifulSoup

from paths import HANDBOOK_PDF, normalise
from tension_points.course import load_course

SHORTEST_TALK = 5  # minutes from which a teaching segment needs talking points
HEADING = re.compile(r"\u00b7 (?P<kind>[a-z]+)(?: \([^)]*\))? \u00b7 (?P<minutes>\d+) min")


def points_needed(minutes: int) -> int:
    """One point per two minutes, rounded up."""
    return math.ceil(minutes / 2)


def short_talks(page_html: str) -> list[str]:
    """Every run-step of a teaching segment of 5 minutes or more, on a built run-sheet page, whose
    talking points are fewer than its minutes call for or that has no transition; as messages."""
    soup = BeautifulSoup(page_html, "html.parser")
    problems = []
    for step in soup.select("div.tp-run-step"):
        heading = HEADING.search(step.select_one(".tp-run-step-heading").get_text(" ", strip=True))
        if heading is None or heading["kind"] != "teaching" or int(heading["minutes"]) < SHORTEST_TALK:
            continue
        minutes = int(heading["minutes"])
        points = step.select(".tp-talk li.tp-talk-point")
        if len(points) < points_needed(minutes):
            problems.append(f"{step['id']}: {len(points)} talking points for {minutes} minutes (needs {points_needed(minutes)})")
        if step.select_one(".tp-talk .tp-talk-next") is None:
            problems.append(f"{step['id']}: no transition to the next segment")
    return problems


def teaching_steps(page_html: str) -> int:
    soup = BeautifulSoup(page_html, "html.parser")
    return sum(1 for step in soup.select("div.tp-run-step.tp-teaching"))


@pytest.fixture(scope="module")
def run_sheets(html_dir):
    return (html_dir / "facilitator-guide" / "40-run-sheets.html").read_text(encoding="utf-8")


def test_every_long_teaching_segment_has_talking_points_for_its_minutes(run_sheets):
    assert teaching_steps(run_sheets) >= 20  # the page was read: every module's teaching steps
    assert short_talks(run_sheets) == []


def test_the_check_finds_a_segment_with_one_say_line():
    page = """
    <div class="tp-run-step tp-teaching" id="run-a"><p class="tp-run-step-heading"><strong>Minute 0\u20137 \u00b7 A</strong>
      \u00b7 teaching \u00b7 7 min (at least 4)</p><p><strong>Say:</strong> one sentence.</p></div>
    <div class="tp-run-step tp-teaching" id="run-b"><p class="tp-run-step-heading"><strong>Minute 7\u201316 \u00b7 B</strong>
      \u00b7 teaching \u00b7 9 min</p><div class="tp-talk"><ol><li class="tp-talk-point">1</li><li class="tp-talk-point">2</li>
      <li class="tp-talk-point">3</li><li class="tp-talk-point">4</li></ol><p class="tp-talk-next">Then</p></div></div>
    <div class="tp-run-step tp-teaching" id="run-c"><p class="tp-run-step-heading"><strong>Minute 16\u201319 \u00b7 C</strong>
      \u00b7 teaching \u00b7 3 min</p><p>Key points.</p></div>
    <div class="tp-run-step tp-discussion" id="run-d"><p class="tp-run-step-heading"><strong>Minute 19\u201329 \u00b7 D</strong>
      \u00b7 discussion (pairs) \u00b7 10 min</p></div>
    """
    assert short_talks(page) == [
        "run-a: 0 talking points for 7 minutes (needs 4)",
        "run-a: no transition to the next segment",
        "run-b: 4 talking points for 9 minutes (needs 5)",
    ]


def test_the_speakers_view_carries_the_same_talking_points(html_dir):
    course = load_course()
    for module in course.modules:
        soup = BeautifulSoup((html_dir / "present" / f"{module.id}-speaker.html").read_text(encoding="utf-8"), "html.parser")
        for index, segment in enumerate(module.segments):
            if segment.kind != "teaching" or segment.minutes < SHORTEST_TALK:
                continue
            notes = soup.select_one(f'.tp-notes[data-segment="{index}"]')
            points = notes.select(".tp-talk li.tp-talk-point")
            assert len(points) >= points_needed(segment.minutes), f"{module.id} speaker's view, {segment.id}: {len(points)} points"
            assert notes.select_one(".tp-talk .tp-talk-next") is not None, segment.id


def test_a_quote_read_out_is_the_librarys_words_for_its_id(run_sheets):
    quotes = load_course().quotes
    soup = BeautifulSoup(run_sheets, "html.parser")
    read_out = soup.select(".tp-talk .tp-talk-quote")
    assert len(read_out) >= 20
    for line in read_out:
        quote = quotes.get(line.select_one("code").get_text(strip=True))
        # Sphinx's smart quotes curl apostrophes and join dots on every page alike; the words are the library's.
        def plain(text: str) -> str:
            return normalise(text.replace("\u2026", "..."))

        assert plain(line.select_one("em").get_text()) == plain(f"\u201c{quote.text}\u201d")
        assert quote.speaker.name in line.get_text()


def test_the_handbook_prints_every_segments_talking_points(pdf_text):
    """The printed run-sheet carries the same points as the web one: each point's opening words
    and each segment's way into the next, under a "Talking points" heading per segment."""
    text = pdf_text(HANDBOOK_PDF)
    talks = [s for m in load_course().modules for s in m.segments if s.kind == "teaching" and s.minutes >= SHORTEST_TALK]
    assert text.count("Talking points (") >= len(talks) >= 18
    for segment in talks:
        for point in segment.talk.points:
            opening = " ".join(normalise(point.say).split()[:6])
            assert opening in text, f"{segment.id}: {opening!r} not in the handbook"
        assert " ".join(normalise(segment.talk.next).split()[:6]) in text, f"{segment.id}: its way into the next segment"


SHORT_LINE = re.compile(
    r"When short(?: \((?P<where>[^)]*)\))?: make points? (?P<keep>[\d, and]+); leave out points? (?P<skip>[\d, and]+)\."
)


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def trimmed_talks():
    return [(m, s) for m in load_course().modules for s in m.segments if s.kind == "teaching" and s.min_minutes < s.minutes]


def test_every_talk_an_agenda_can_trim_says_what_to_keep_with_points_it_has(run_sheets):
    """A talk whose shortest length is under its preferred one says, with its points, which of them
    to make when it runs short and which to leave out; the numbers are points the talk has."""
    soup = BeautifulSoup(run_sheets, "html.parser")
    talks = trimmed_talks()
    assert len(talks) >= 18
    for _module, segment in talks:
        step = soup.select_one(f"#run-{segment.id}")
        points = step.select(".tp-talk li.tp-talk-point")
        line = step.select_one(".tp-talk .tp-talk-short")
        assert line is not None, f"{segment.id}: no 'When short' line"
        found = SHORT_LINE.search(" ".join(line.get_text(" ").split()).replace(" :", ":").replace("( ", "(").replace(" )", ")"))
        assert found, f"{segment.id}: {line.get_text()!r}"
        keep, skip = numbers(found["keep"]), numbers(found["skip"])
        assert keep and skip, segment.id
        assert sorted(keep + skip) == list(range(1, len(points) + 1)), f"{segment.id}: {keep} + {skip} for {len(points)} points"


def test_the_short_version_is_named_where_a_ready_agenda_trims_the_talk(run_sheets):
    """The run-sheet knows each ready agenda's minutes: where one runs a talk short, its "When
    short" line says so with the minutes, as the planner fits them; where none does, it names none."""
    from tension_points.plan.ready import load_ready_agendas

    course = load_course()
    plans = [(ready, ready.plan(list(course.modules))) for ready in load_ready_agendas()]
    soup = BeautifulSoup(run_sheets, "html.parser")
    shortened = 0
    for _module, segment in trimmed_talks():
        text = " ".join(soup.select_one(f"#run-{segment.id} .tp-talk-short").get_text(" ").split())
        for ready, agenda in plans:
            item = agenda.item_for(segment.id)
            said = f"{ready.title} runs it at"
            if item is not None and item.minutes < segment.minutes:
                shortened += 1
                assert f"{said} {item.minutes} of {segment.minutes} min" in text, f"{segment.id}: {text}"
            else:
                assert said not in text, f"{segment.id}: {text}"
    assert shortened >= 5  # the full day trims talks; the check saw them


def test_the_speakers_view_carries_the_short_version(html_dir):
    for module, segment in trimmed_talks():
        soup = BeautifulSoup((html_dir / "present" / f"{module.id}-speaker.html").read_text(encoding="utf-8"), "html.parser")
        index = module.segments.index(segment)
        line = soup.select_one(f'.tp-notes[data-segment="{index}"] .tp-talk-short')
        assert line is not None and "When short" in line.get_text(), f"{module.id} speaker's view, {segment.id}"
        assert line.select_one(".tp-talk-short-when") is not None  # the span present mode fills with its agenda's minutes


def test_wrap_ups_and_the_last_word_carry_their_key_points(run_sheets, html_dir):
    """A wrap-up's run-step lists its module's key points, and the last word one key point of each
    module, as written in the modules' key_points; the speaker's view carries the same."""
    course = load_course()
    soup = BeautifulSoup(run_sheets, "html.parser")
    recaps = [(m, s) for m in course.modules for s in m.segments if s.recap]
    assert {s.id for _m, s in recaps} >= {
        "silos-wrap-up", "ownership-wrap-up", "reproducibility-wrap-up", "cross-training-wrap-up", "closing-last-word"}
    for module, segment in recaps:
        expected = [course.module(r.module).key_points[n - 1] for r in segment.recap
                    for n in (r.points or range(1, len(course.module(r.module).key_points) + 1))]
        shown = [" ".join(li.get_text(" ").split()) for li in soup.select(f"#run-{segment.id} .tp-recap li")]
        assert len(shown) == len(expected), segment.id
        for point, text in zip(expected, shown):
            assert normalise(point) in normalise(text), f"{segment.id}: {text!r}"
        speaker = BeautifulSoup((html_dir / "present" / f"{module.id}-speaker.html").read_text(encoding="utf-8"), "html.parser")
        notes = speaker.select_one(f'.tp-notes[data-segment="{module.segments.index(segment)}"]')
        assert len(notes.select(".tp-recap li")) == len(expected), f"{segment.id} speaker's view"
    last = course.segment("closing-last-word")
    assert len({r.module for r in last.recap}) == len(course.modules)  # the day, not one segment
    assert all(r.points and len(r.points) == 1 for r in last.recap)


def test_the_handbook_prints_the_short_versions_and_the_key_points_to_say(pdf_text):
    text = pdf_text(HANDBOOK_PDF)
    assert text.count("When short") >= len(trimmed_talks())
    for segment_id in ("silos-wrap-up", "closing-last-word"):
        segment = load_course().segment(segment_id)
        for recap in segment.recap:
            module = load_course().module(recap.module)
            for n in recap.points or range(1, len(module.key_points) + 1):
                assert " ".join(normalise(module.key_points[n - 1]).split()[:6]) in text, f"{segment_id}: {recap.module} {n}"
