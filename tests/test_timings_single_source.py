"""One source for every minute: no page of the web edition types a duration of its own.

Every activity's minutes live in its module's front matter (the segment's `parts`), and
the kit's directives render them: the activity box, the run-sheets, the schedule, the
agendas and the activity index. A duration typed in prose ("two minutes in pairs",
"Debrief (3 minutes)", "2 + 4") is a second source that drifts from the data, so this
test reads every built page as a reader sees it, takes away what the directives render
from the data (and code, which shows commands, not timings), and fails naming the page
and the text of any duration left.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# Content pages a learner or a facilitator reads (not the search page or the indices).
CONTENT_FOLDERS = ("modules", "facilitator-guide", "exercises", "handouts", "reference")
CONTENT_PAGES = ("index.html", "learner.html", "handbook.html")

# What the extension renders from the front matter and the kit's data files: these are
# the one source, so their minutes are the right ones.
FROM_DATA = (
    ".tp-activity-meta",      # activity box: "Format: ... · 12 minutes (at least 10)"
    ".tp-activity-parts",     # activity box and run-step: the numbered parts with minutes
    ".tp-run-step-heading",   # run-step: "Minute 12-24 · title · kind · length"
    ".tp-timing",             # objectives box: the module's time by kind
    ".tp-self-paced",         # "On your own" box: the module's time alone
    ".tp-schedule",           # schedule, run-sheet timelines, activity index, agendas
    ".tp-schedule-total",
    ".tp-agenda-summary",
    ".tp-agenda-impossible",
    ".tp-agenda-sheet",       # a ready agenda's sheet: clock, minutes, splits and the late plan
    ".tp-agenda-notes",
    ".tp-agenda-rules",       # the agenda rules in words, from the planner's constants
    ".tp-run-step-agendas",   # run-step: the segment's clock and minutes in each ready agenda
    ".tp-run-step-late",      # run-step: which of the module's cuts to make when behind there
    ".tp-run-step-next",      # run-step: what follows in each ready agenda (a buffer's minutes, from the planner)
    ".tp-talk-short-when",    # a talk's "When short" line: the ready agendas that run it short, at their minutes
    ".tp-run-sheet-late",     # run-sheet: the module's late plan
    ".tp-run-step-survey",    # run-step: the survey its live entry carries, within its minutes
    ".tp-survey-places",      # evaluation: each survey's step and minutes
    ".tp-woz-pack",           # a scenario pack's own story (its persona's deadlines)
    ".tp-woz-item-card",      # a scenario pack's items, printed as cards (what the user saw)
    ".tp-woz-pace",           # the seconds an item each round leaves, from the parts and the pack
    ".tp-activity-on-paper",  # a room activity's printed line, from its live entry (a WoZ round's items at each length)
    ".tp-woz-items-to-play",  # the items to play at each length, from the rounds' parts, the pack and the asking time
    ".tp-woz-answer-key",     # a pack's answer key and scoring sheet (its items' reasons)
    ".tp-print-list",         # what to print for a ready agenda: copies counted from data/printing.yaml
    ".tp-print-uses",         # every printable sheet, where and how it is used
)
CODE = ("pre", "code", "kbd", "script", "style")

NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    "twenty-five|thirty|forty|forty-five|sixty|ninety|a|a few|few|several"
)
DURATION = re.compile(
    rf"""
    \b\d+\s*(?:-|\u2013|\u00a0)?\s*(?:minutes?|mins?)\b          # 5 minutes, 10-minute, 3 min
    | \b(?:{NUMBER_WORDS})\s*(?:-|\u2013|\s)\s*minutes?\b        # two minutes, a minute, five-minute
    | \b\d+(?:\s*\+\s*\d+)+\b(?!\s*=)                            # 2 + 4, 5 + 6 + 3 (not 8 + 3 = 11)
    | \b(?:half\ an|a\ quarter\ of\ an|quarter\ of\ an)\ hour\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


# Pages about a tool's clock, not an activity's length: the buttons "add a minute", the
# signal "1 minute left", the pace "4 minutes behind" are what the tools do, and the
# activities' own minutes on these pages come from the data like everywhere else.
TOOL_CLOCK_PAGES = ("facilitator-guide/25-live-room.html", "facilitator-guide/45-present-mode.html")


def content_pages(html_dir: Path) -> list[Path]:
    pages = [html_dir / name for name in CONTENT_PAGES if (html_dir / name).exists()]
    for folder in CONTENT_FOLDERS:
        pages += sorted((html_dir / folder).rglob("*.html"))
    return [page for page in pages if page.relative_to(html_dir).as_posix() not in TOOL_CLOCK_PAGES]


def prose_of(page: Path) -> str:
    """The page's main text as a reader sees it, without what is rendered from data or code."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one('[role="main"]') or soup.body
    for table in main.select("div.tp-schedule"):
        # The one-line summary the run-sheet and activity-index directives put above their
        # table, and the planner's notes under an agenda ("trimmed by ... in all"), carry no
        # class of their own: they are found by where they sit.
        summary = table.find_previous_sibling()
        if summary is not None and summary.name == "p" and not summary.get("class"):
            summary.decompose()
        notes = table.find_next_sibling()
        if "tp-agenda" in table.get("class", []) and notes is not None and notes.name == "ul":
            notes.decompose()
    for selector in FROM_DATA + CODE:
        for element in main.select(selector):
            element.decompose()
    return " ".join(main.get_text(" ").split())


def typed_durations(text: str) -> list[str]:
    found = []
    for match in DURATION.finditer(text):
        start, end = max(0, match.start() - 50), min(len(text), match.end() + 30)
        found.append(f"{match.group(0)!r} in \u201c\u2026{text[start:end]}\u2026\u201d")
    return found


def test_no_content_page_types_a_duration_of_its_own(html_dir):
    pages = content_pages(html_dir)
    assert len(pages) > 30, "the web edition looks incomplete"
    problems = [
        f"{page.relative_to(html_dir)}: {duration}"
        for page in pages
        for duration in typed_durations(prose_of(page))
    ]
    assert problems == [], "durations typed in prose instead of rendered from the parts:\n" + "\n".join(problems)


@pytest.mark.parametrize("prose", [
    "One minute alone, two minutes in pairs, three minutes for a few pairs to share.",
    "Give 5 minutes for the example and 12 for their own map.",
    "Debrief (3 minutes): ask two pairs to show their map.",
    "sticky-note wall (2 min writing, 4 min reading together)",
    "the pipeline wall reads 2 + 4 in the Opening",
    "plan a 10-minute break every hour",
    "shrink to about a quarter of an hour each",
])
def test_the_scan_catches_the_ways_a_duration_gets_typed(prose):
    assert typed_durations(prose)


@pytest.mark.parametrize("prose", [
    "Model hours become 8 + 3 = 11 and data hours 23 − 3 = 20.",
    "check in a month whether it worked",
    "every six months I take stock",
    "about 250 kilobytes of memory",
])
def test_the_scan_leaves_other_numbers_alone(prose):
    assert typed_durations(prose) == []


def test_what_the_directives_render_from_data_is_not_counted(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<div role="main"><div class="tp-activity"><p class="tp-activity-meta">Format: x · 12 minutes</p>'
        '<ol class="tp-activity-parts"><li>Alone (2 min)</li></ol><p>Then debrief for 3 minutes.</p>'
        "<pre>tension-points plan --minutes 90</pre></div></div>",
        encoding="utf-8",
    )
    assert typed_durations(prose_of(page)) == ["'3 minutes' in \u201c\u2026Then debrief for 3 minutes.\u2026\u201d"]
