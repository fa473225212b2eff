"""The course as a facilitator would run it: every objective taught with time, every
activity with its question and its minutes, each module opening its own way, nothing
taught twice, self-study learners able to check themselves, and the Wizard of Oz
material telling one story that agrees with the panel.

The data checks read the modules' front matter through the course model; the page
checks read the built web edition (and the learner PDF) as a reader sees them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from paths import COURSE_PDF, REPO
from tension_points.course import SegmentKind, load_course
from test_timings_single_source import typed_durations

COURSE = load_course(REPO)
ACTIVITIES = COURSE.activities()
DISCUSSIONS = [s for s in ACTIVITIES if s.kind is SegmentKind.DISCUSSION]
by_segment = pytest.mark.parametrize("segment", ACTIVITIES, ids=[s.id for s in ACTIVITIES])

# An objective taught only in a segment the planner can squeeze to a few minutes is not taught.
LEAST_MINUTES_TO_SERVE_AN_OBJECTIVE = 5
# A group of four (or a fishbowl's inner circle, or a small group) cannot get everyone
# heard in less than this.
LEAST_MINUTES_FOR_A_GROUP = 8
GROUP_PART = re.compile(r"^(Fours|Groups|Tables|Fishbowl)\b")
WOZ_SEGMENT = "cross-training-wizard-of-oz"
WOZ_PACKS = sorted((REPO / "src" / "tension_points" / "data" / "woz").glob("*.yaml"))


def page(html_dir: Path, docname: str) -> BeautifulSoup:
    return BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def page_text(html_dir: Path, docname: str) -> str:
    """The page's text with whitespace collapsed and typographic quotes made plain."""
    text = " ".join(page(html_dir, docname).get_text(" ").split())
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


# --- objectives and the activities that serve them ---------------------------------------

@pytest.mark.parametrize("module", COURSE.modules, ids=[m.id for m in COURSE.modules])
def test_every_objective_is_served_by_an_activity_that_keeps_real_time(module):
    for objective in module.objectives:
        serving = [s for s in module.segments if s.is_activity and objective.id in s.serves]
        assert serving, f"{module.id}: objective '{objective.id}' is served by no activity"
        longest = max(s.min_minutes for s in serving)
        assert longest >= LEAST_MINUTES_TO_SERVE_AN_OBJECTIVE, (
            f"{module.id}: objective '{objective.id}' is served only by activities that can be "
            f"trimmed to {longest} minutes"
        )


@pytest.mark.parametrize("module", COURSE.modules, ids=[m.id for m in COURSE.modules])
def test_every_objective_is_served_by_an_activity_no_agenda_may_leave_out(module):
    """An optional activity deepens an objective; it never carries one alone, since the planner drops it first."""
    for objective in module.objectives:
        kept = [s.id for s in module.segments if s.is_activity and not s.optional and objective.id in s.serves]
        assert kept, f"{module.id}: objective '{objective.id}' is served only by optional activities"


# Two topic modules named for an afternoon: the shortest length that holds them by the agenda rules.
AGENDAS = [(minutes, None) for minutes in range(90, 451, 30)] + [(220, ["silos", "reproducibility"])]


@pytest.mark.parametrize(("minutes", "selected"), AGENDAS, ids=[f"{m}-{'-'.join(s or ['default'])}" for m, s in AGENDAS])
def test_every_agenda_keeps_an_activity_for_each_objective_of_its_modules(minutes, selected):
    """What an agenda promises (the objectives of the modules it holds) it teaches: the taster's action
    plan draws on a bridge, an owner or a fix only from modules whose activities the taster kept."""
    from tension_points.plan.planner import plan

    agenda = plan(COURSE.modules, minutes, selected)  # every length here fits: a refusal is a failure
    kept = {item.segment.id for item in agenda.items if item.segment is not None}
    missing = [f"{m.id}: {o.id}" for m in agenda.modules for o in m.objectives
               if not any(s.id in kept and o.id in s.serves for s in m.segments)]
    assert missing == []


def test_no_objective_is_about_using_the_kit_rather_than_the_subject():
    texts = [o.text.lower() for m in COURSE for o in m.objectives]
    assert not [t for t in texts if "path through the kit" in t or "where the exercises" in t]


@by_segment
def test_every_activity_says_what_it_serves_asks_its_question_and_splits_its_minutes(segment):
    assert segment.serves, f"{segment.id} serves no objective"
    assert segment.prompt and "?" in segment.prompt, f"{segment.id}: the prompt asks no question"
    assert segment.parts, f"{segment.id} has no minute split"
    assert sum(p.minutes for p in segment.parts) == segment.minutes


@by_segment
def test_the_data_itself_types_no_duration_in_a_prompt_or_a_part(segment):
    texts = [segment.prompt or "", *(p.label for p in segment.parts)]
    assert [d for text in texts for d in typed_durations(text)] == []


@by_segment
def test_a_group_gets_time_to_hear_everyone_even_when_the_activity_is_trimmed(segment):
    for minutes in (segment.minutes, segment.min_minutes):
        for part in segment.parts_for(minutes):
            if GROUP_PART.match(part.label):
                assert part.minutes >= LEAST_MINUTES_FOR_A_GROUP, (
                    f"{segment.id} at {minutes} minutes: '{part.label}' gets {part.minutes}"
                )


def test_no_segment_is_shorter_than_a_room_can_run():
    assert min(s.min_minutes for m in COURSE for s in m.segments) >= 3


def test_every_live_spec_is_one_its_room_kind_runs():
    """Each kind reads its own part of a segment's live spec (a poll its options...); a spec
    its kind cannot run stops the room naming the module file, so building the catalogue is the check."""
    from tension_points.room.catalogue import build_catalogue

    catalogue = build_catalogue(list(COURSE.modules))
    live = [s for m in COURSE for s in m.segments if s.live]
    assert live and [catalogue.get(s.id).kind.name for s in live] == [s.live.kind for s in live]


# --- variety, and nothing taught twice ------------------------------------------------------

def test_each_module_opens_with_its_own_format():
    openings = [next(s for s in m.segments if s.is_activity) for m in COURSE]
    formats = [s.format for s in openings]
    assert len(set(formats)) == len(formats), f"modules share an opening format: {formats}"


def test_no_two_discussions_share_a_format():
    """A half day or a full day never runs the same format twice (the half day once ran 1-2-4-All twice)."""
    formats = [s.format for s in DISCUSSIONS]
    assert sorted({f for f in formats if formats.count(f) > 1}) == []


def test_the_course_varies_its_discussion_formats():
    formats = {s.format for s in DISCUSSIONS}
    for wanted in ("fishbowl", "gallery walk", "silent brainstorm", "role-split debate", "case critique"):
        assert wanted in formats, f"no discussion uses the {wanted} format"
    assert sum(s.format == "think-pair-share" for s in DISCUSSIONS) <= 1


def test_only_the_ownership_module_asks_who_owns_each_pipeline_stage():
    asking = [s.id for s in ACTIVITIES if re.search(r"owns? each stage|owner of each stage", s.prompt or "", re.I)]
    assert all(COURSE.module_of(i).id == "ownership" for i in asking)
    stage_owner_prompts = [s.id for m in COURSE if m.id != "ownership" for s in m.segments
                           if s.is_activity and re.search(r"who owns .*stage", s.prompt or "", re.I)]
    assert stage_owner_prompts == []


def test_the_pipeline_is_drawn_once_in_the_opening(html_dir):
    drawn = [m.docname for m in COURSE if "Eight stages drawn" in (html_dir / f"{m.docname}.html").read_text(encoding="utf-8")]
    assert drawn == ["modules/01-opening"]
    # Silos points back to it instead of drawing a second, different version.
    assert "→ training →" not in page_text(html_dir, "modules/02-silos")
    assert "pipeline wall from the Opening" in page_text(html_dir, "modules/02-silos")


def test_karpathys_slide_is_taught_in_one_module(html_dir):
    # Other modules may point to it; only one shows the slide and its figures.
    quoting = [m.docname for m in COURSE if 'id="quote-warden-karpathy-slide"' in (html_dir / f"{m.docname}.html").read_text(encoding="utf-8")]
    assert quoting == ["modules/03-ownership"]
    figures = [m.docname for m in COURSE if re.search(r"90% .{0,80}10% .{0,120}80%", page_text(html_dir, m.docname))]
    assert figures == ["modules/03-ownership"]


# --- self-study ---------------------------------------------------------------------------

@by_segment
def test_every_activity_has_an_on_your_own_version_learners_can_see(html_dir, segment):
    """Discussions and exercises alike: a pair, a group or a room is something a learner alone does not have."""
    box = page(html_dir, COURSE.module_of(segment.id).docname).find(id=segment.id)
    alone = box.select_one(".tp-on-your-own")
    assert alone is not None, f"{segment.id}: no 'On your own' box"
    assert alone.find_parent(class_="tp-facilitator-note") is None, f"{segment.id}: hidden with the facilitator notes"
    text = " ".join(alone.get_text(" ").split())
    assert text.startswith("On your own") and "What a good answer covers:" in text


def test_the_learner_pdf_prints_every_on_your_own_box(pdf_text):
    text = pdf_text(COURSE_PDF)
    assert text.count("What a good answer covers:") >= len(ACTIVITIES)


# --- claims the kit can make ----------------------------------------------------------------

EXPERIENCE_CLAIMS = re.compile(
    r"most rooms|many rooms|rooms (?:say|guess|find|usually|often)|typical patterns|"
    r"participants (?:usually|often|typically)|is a good result|on average|"
    r"the most common first|usually has a story|groups often",
    re.IGNORECASE,
)


def test_no_page_reports_experience_the_kit_does_not_have(html_dir):
    pages = [p for folder in ("modules", "facilitator-guide", "exercises", "handouts", "reference")
             for p in sorted((html_dir / folder).rglob("*.html"))]
    found = [f"{p.relative_to(html_dir)}: {m.group(0)!r}"
             for p in pages for m in EXPERIENCE_CLAIMS.finditer(" ".join(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").get_text(" ").split()))]
    assert found == []


def test_the_four_shapes_are_presented_as_the_courses_grouping(html_dir):
    text = page_text(html_dir, "modules/02-silos")
    assert "The panel described four shapes" not in text
    assert "the grouping is this course's, not a list the panel made" in text


def test_no_report_is_named_that_the_panel_did_not_name(html_dir):
    assert "State of Machine Learning Adoption" not in page_text(html_dir, "modules/06-closing")


# --- the panel's points the course now carries ----------------------------------------------

@pytest.mark.parametrize(("docname", "quote_ids"), [
    ("modules/05-cross-training", ["heineike-sub-problems-career", "heineike-every-six-months", "heineike-humility-i-dont-know"]),
    ("modules/03-ownership", ["nathan-chief-data-scientist", "heineike-data-driven-teams", "warden-chief-programming-officer",
                              "warden-support-knows-customers", "nathan-transparency-boards", "heineike-world-keeps-changing"]),
])
def test_the_panel_points_that_were_missing_are_quoted(html_dir, docname, quote_ids):
    html = (html_dir / f"{docname}.html").read_text(encoding="utf-8")
    assert [q for q in quote_ids if f'id="quote-{q}"' not in html] == []


def test_nathan_hiring_out_of_physics_reads_the_right_way_round():
    quote = COURSE.quotes.get("nathan-hire-for-curiosity")
    assert "out of physics" in quote.text and "outside physics" not in quote.text


# --- the Wizard of Oz material tells one story ----------------------------------------------

def test_the_woz_script_follows_the_activitys_parts_step_for_step(html_dir):
    script = page(html_dir, "facilitator-guide/wizard-of-oz-script")
    steps = next(t for t in script.select("table") if t.find("th") and t.find("th").get_text(strip=True) == "Part")
    numbers = [row.find("td").get_text(strip=True) for row in steps.select("tbody tr")]
    assert numbers == [str(n) for n in range(1, len(COURSE.segment(WOZ_SEGMENT).parts) + 1)]


@pytest.mark.parametrize("docname", ["modules/05-cross-training", "exercises/wizard-of-oz", "facilitator-guide/wizard-of-oz-script"])
def test_every_woz_page_says_the_wizard_works_from_a_screenshot_like_view_and_the_pack_brings_the_items(html_dir, docname):
    text = page_text(html_dir, docname)
    assert "screenshot" in text  # Warden: the person behind the curtain gets something like a screenshot
    assert "the user brings" not in text
    assert re.search(r"(pack supplies the items|items come from the scenario pack|the scenario pack's items|pack's items)", text)


def test_the_woz_diagram_does_not_hide_what_warden_said_the_wizard_sees(html_dir):
    alt = page(html_dir, "modules/05-cross-training").find("img", alt=re.compile("Wizard of Oz set-up"))["alt"]
    hidden = alt.split("does not see:")[1]
    assert "screenshot" not in hidden and "later" not in hidden


def test_no_woz_page_claims_warden_spoke_of_it_later(html_dir):
    for docname in ("modules/05-cross-training", "exercises/wizard-of-oz", "facilitator-guide/wizard-of-oz-script"):
        assert "answering a question later" not in page_text(html_dir, docname)


def test_every_pack_has_the_items_the_script_trims_to():
    from tension_points.woz.pace import items_to_play
    from tension_points.woz.pack import load_pack

    ask = COURSE.segment(WOZ_SEGMENT).live.spec["ask_seconds"]
    segment = COURSE.segment(WOZ_SEGMENT)
    for path in (p for p in WOZ_PACKS if p.stem != "roles"):
        pack = load_pack(path.stem)
        played = items_to_play(segment, pack, segment.minutes, ask)
        assert len(pack.items) >= max(played, 12), (path.stem, played)


def test_each_packs_rounds_fit_the_rounds_in_the_activitys_parts():
    """A wizard answering every item at the pack's latency budget finishes inside the round's
    part: all items at the preferred length, the script's trimmed item count at the minimum."""
    segment = COURSE.segment(WOZ_SEGMENT)
    from tension_points.woz.pace import items_to_play
    from tension_points.woz.pack import load_pack

    ask = COURSE.segment(WOZ_SEGMENT).live.spec["ask_seconds"]
    for pack in (p for p in WOZ_PACKS if p.stem != "roles"):
        data = yaml.safe_load(pack.read_text(encoding="utf-8"))
        budget = data["latency_budget"]["seconds"]
        loaded = load_pack(pack.stem)
        for minutes, items in ((segment.minutes, len(data["items"])), (segment.min_minutes, items_to_play(segment, loaded, segment.min_minutes, ask))):
            rounds = [p for p in segment.parts_for(minutes) if p.label.startswith("Round")]
            assert len(rounds) == len(data["rounds"]), f"{pack.stem}: the activity's parts play a different number of rounds"
            assert all(items * budget <= part.minutes * 60 for part in rounds), (pack.stem, minutes, rounds)


def test_the_ready_half_day_holds_a_hands_on_exercise(html_dir):
    agendas = page(html_dir, "facilitator-guide/30-agendas")
    half_day = agendas.find(id="half-day").find_next(class_="tp-agenda-sheet")
    text = half_day.get_text(" ")
    assert "Audit a project, fix it, audit again" in text or "Wizard of Oz" in text
