"""The course model: lookups, computed start minutes, minute splits and their checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tension_points.course import ModuleKind, Part, Segment, SegmentKind, load_course, load_module
from tension_points.errors import UserError

REPO = Path(__file__).resolve().parents[2]

FRONT_MATTER = """\
---
title: Example
module:
  id: example
  kind: topic
  summary: An example module.
  objectives:
    - {id: ex-map, text: Map a thing.}
  key_points: [A point.]
  segments:
    - {id: ex-talk, kind: teaching, title: Talk, minutes: 10, min_minutes: 5}
    - id: ex-chat
      kind: discussion
      format: 1-2-4-All
      title: Chat
      minutes: 12
      min_minutes: 8
      prompt: "Which walls are **on purpose**?"
      parts:
        - {label: Alone, minutes: 1}
        - {label: Pairs, minutes: 2}
        - {label: Fours, minutes: 4}
        - {label: Everyone, minutes: 5}
      serves: [ex-map]
      live: {kind: poll, options: [By design, By accident]}
---

Body.
"""


def write(tmp_path: Path, text: str = FRONT_MATTER) -> Path:
    path = tmp_path / "02-example.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_segments_know_where_they_start_and_what_they_serve(tmp_path):
    module = load_module(write(tmp_path))
    talk, chat = module.segments
    assert (talk.start, chat.start) == (0, 10)
    assert module.kind is ModuleKind.TOPIC and chat.kind is SegmentKind.DISCUSSION
    assert chat.is_activity and not talk.is_activity
    assert chat.serves == ("ex-map",) and module.objective("ex-map").text == "Map a thing."
    assert chat.prompt == "Which walls are **on purpose**?"
    assert chat.live.kind == "poll" and chat.live.spec["options"] == ["By design", "By accident"]
    assert [p.minutes for p in chat.parts] == [1, 2, 4, 5]


def test_a_module_for_a_learner_alone_says_how_long_and_what_to_have_first(tmp_path):
    text = FRONT_MATTER.replace("  kind: topic\n", "  kind: topic\n  self_paced:\n    minutes: 40\n    prerequisites: [\"{doc}`01-opening`\"]\n")
    module = load_module(write(tmp_path, text))
    assert module.self_paced.minutes == 40 and module.self_paced.prerequisites == ("{doc}`01-opening`",)
    assert load_module(write(tmp_path)).self_paced is None  # a workshop-only course may leave it out


@pytest.mark.parametrize("minutes", range(4, 25))
def test_a_trimmed_activity_shares_its_minutes_out_in_proportion(minutes):
    segment = Segment("s", SegmentKind.DISCUSSION, "S", 12, 4, parts=(Part("a", 1), Part("b", 2), Part("c", 4), Part("d", 5)))
    parts = segment.parts_for(minutes)
    assert sum(p.minutes for p in parts) == minutes
    assert all(p.minutes >= 1 for p in parts)
    assert [p.label for p in parts] == ["a", "b", "c", "d"]
    # Longer parts never end up shorter than shorter ones.
    assert [p.minutes for p in parts] == sorted(p.minutes for p in parts)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("{label: Everyone, minutes: 5}", "{label: Everyone, minutes: 6}"), "parts add up to 13 minutes, not the segment's 12"),
        (lambda t: t.replace("serves: [ex-map]", "serves: [ex-nothing]"), "serves: no objective 'ex-nothing'"),
        (lambda t: t.replace("kind: poll, options", "options"), "live.kind: required field is missing"),  # the rest is the room kind's to check
        (lambda t: t.replace("minutes: 10, min_minutes: 5", "minutes: 10, min_minutes: 2"), "module.segments[0].min_minutes"),
        (lambda t: t.replace("{id: ex-map, text: Map a thing.}", "Map a thing."), "module.objectives[0]"),
        (lambda t: t.replace("id: ex-chat", "id: ex-talk"), "duplicate segment id 'ex-talk'"),
        (lambda t: t.replace("  kind: topic\n", "  kind: topic\n  self_paced: {minutes: 40}\n"), "module.self_paced.prerequisites: required field is missing"),
        (lambda t: t.replace("  kind: topic\n", "  kind: topic\n  self_paced: {minutes: 40, prerequisites: []}\n"), "module.self_paced.prerequisites"),
        (lambda t: t.replace("min_minutes: 5}", "min_minutes: 5, talk: {points: [{say: One.}]}}"), "module.segments[0].talk.next: required field is missing"),
        (lambda t: t.replace("min_minutes: 5}", "min_minutes: 5, talk: {points: [{say: One., from: x}], next: Go.}}"), "module.segments[0].talk.points[0]"),
        (lambda t: t.replace("      min_minutes: 8\n", "      min_minutes: 8\n      talk: {points: [{say: One.}], next: Go.}\n"), "segments[1].talk: talking points belong to a teaching segment, not a discussion"),
        (lambda t: t.replace("min_minutes: 5}", "min_minutes: 5, talk: {points: [{say: One.}, {say: Two.}], next: Go., short: {keep: [3]}}}"), "module.segments[0].talk.short.keep: no point 3 (the talk has 2)"),
        (lambda t: t.replace("min_minutes: 5}", "min_minutes: 5, talk: {points: [{say: One.}, {say: Two.}], next: Go., short: {keep: [1, 2]}}}"), "module.segments[0].talk.short.keep: keeps every point"),
        (lambda t: t.replace("min_minutes: 5}", "min_minutes: 5, talk: {points: [{say: One.}, {say: Two.}], next: Go., short: {keep: [2, 1]}}}"), "talk.short.keep: name the points in the order"),
        (lambda t: t.replace("min_minutes: 5}", "min_minutes: 5, talk: {points: [{say: One.}, {say: Two.}], next: Go., short: {say: Less.}}}"), "module.segments[0].talk.short.keep: required field is missing"),
        (lambda t: t.replace("minutes: 10, min_minutes: 5}", "minutes: 10, min_minutes: 10, talk: {points: [{say: One.}, {say: Two.}], next: Go., short: {keep: [1]}}}"), "module.segments[0].talk.short: the segment never runs short"),
        (lambda t: t.replace("min_minutes: 5}", "min_minutes: 5, recap: [{module: example, points: [0]}]}"), "module.segments[0].recap[0].points[0]"),
    ],
)
def test_bad_front_matter_names_the_file_and_field(tmp_path, edit, message):
    path = write(tmp_path, edit(FRONT_MATTER))
    with pytest.raises(UserError) as caught:
        load_module(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_the_course_finds_modules_segments_and_pages_by_id():
    course = load_course(REPO)
    silos = course.module("silos")
    assert course.module_for_doc(silos.docname) is silos
    first_activity = next(s for s in silos.segments if s.is_activity)
    assert course.segment(first_activity.id) is first_activity
    assert course.module_of(first_activity.id) is silos
    assert all(s.is_activity for s in course.activities())
    with pytest.raises(UserError, match="no module 'nope'"):
        course.module("nope")
    with pytest.raises(UserError, match="no segment 'nope'"):
        course.segment("nope")


def test_the_kit_finds_its_own_course_without_being_told():
    assert load_course().root.resolve() == REPO


def test_talking_points_are_read_in_order_with_the_quote_they_read_out(tmp_path):
    text = FRONT_MATTER.replace(
        "min_minutes: 5}",
        "min_minutes: 5, talk: {points: [{say: \"Walls  grow.\"}, {say: Read it., quote: two}], ask: Which?, next: Now the chat.}}",
    )
    talk = load_module(write(tmp_path, text)).segments[0].talk
    assert [(p.say, p.quote) for p in talk.points] == [("Walls grow.", None), ("Read it.", "two")]
    assert (talk.ask, talk.watch, talk.next) == ("Which?", None, "Now the chat.")


def test_a_talking_point_reads_out_only_a_quote_the_library_has(tmp_path):
    (tmp_path / "modules").mkdir()
    text = FRONT_MATTER.replace("min_minutes: 5}", "min_minutes: 5, talk: {points: [{say: Read., quote: nathan-nowhere}], next: Go.}}")
    (tmp_path / "modules" / "02-example.md").write_text(text, encoding="utf-8")
    (tmp_path / "modules" / "quotes.yaml").write_text((REPO / "modules" / "quotes.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_course(tmp_path)
    assert "02-example.md: module.segments[0].talk.points[0].quote: no quote 'nathan-nowhere'" in str(caught.value)


def test_a_talk_says_what_to_keep_when_it_runs_short(tmp_path):
    text = FRONT_MATTER.replace(
        "min_minutes: 5}",
        "min_minutes: 5, talk: {points: [{say: One.}, {say: Two.}, {say: Three.}], next: Go., short: {keep: [1, 3], say: \"Two  in a line.\"}}}",
    )
    short = load_module(write(tmp_path, text)).segments[0].talk.short
    assert (short.keep, short.say, short.skipped(3)) == ((1, 3), "Two in a line.", (2,))


def test_a_recap_names_modules_and_key_points_the_course_has(tmp_path):
    (tmp_path / "modules").mkdir()
    for recap, message in [
        ("[{module: nowhere}]", "module.segments[0].recap[0].module: no module 'nowhere' in the course"),
        ("[{module: example, points: [2]}]", "module.segments[0].recap[0].points: example has no key point 2 (it has 1)"),
    ]:
        text = FRONT_MATTER.replace("  kind: topic\n", "  kind: topic\n", 1).replace("min_minutes: 5}", f"min_minutes: 5, recap: {recap}}}")
        (tmp_path / "modules" / "02-example.md").write_text(text, encoding="utf-8")
        with pytest.raises(UserError) as caught:
            load_course(tmp_path)
        assert "02-example.md: " + message in str(caught.value)
    text = FRONT_MATTER.replace("min_minutes: 5}", "min_minutes: 5, recap: [{module: example, points: [1]}]}")
    (tmp_path / "modules" / "02-example.md").write_text(text, encoding="utf-8")
    assert load_course(tmp_path).segment("ex-talk").recap[0].points == (1,)
