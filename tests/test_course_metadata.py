"""Module metadata: every timing lives in a module's front matter, and bad metadata stops the build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tension_points.course import clock, format_minutes, load_course, load_module
from tension_points.errors import UserError

REPO = Path(__file__).resolve().parents[1]
SILOS = REPO / "modules" / "02-silos.md"


def write_module(tmp_path: Path, front_matter: str) -> Path:
    path = tmp_path / "modules" / "09-example.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front_matter}\n---\n\nBody.\n", encoding="utf-8")
    return path


VALID = """\
title: Example
module:
  id: example
  kind: topic
  summary: An example module.
  objectives: [{id: a-thing, text: Do a thing.}]
  key_points: [A point.]
  segments:
    - {id: ex-talk, kind: teaching, title: Talk, minutes: 10, min_minutes: 5}
    - {id: ex-chat, kind: discussion, format: think-pair-share, title: Chat, minutes: 6, min_minutes: 6}"""


def test_every_module_in_the_course_loads_in_file_name_order():
    modules = load_course(REPO)
    assert [m.path.name for m in modules] == sorted(m.path.name for m in modules)
    assert "silos" in [m.id for m in modules]


def test_a_module_sums_its_segments_by_kind(tmp_path):
    module = load_module(write_module(tmp_path, VALID))
    assert module.minutes == 16
    assert module.min_minutes == 11
    assert module.minutes_by_kind() == {"teaching": 10, "discussion": 6, "exercise": 0, "break": 0}


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda fm: fm.replace("  objectives: [{id: a-thing, text: Do a thing.}]\n", ""), "module.objectives"),
        (lambda fm: fm.replace("minutes: 10, min_minutes: 5", "min_minutes: 5"), "module.segments[0].minutes"),
        (lambda fm: fm.replace("kind: teaching", "kind: lecture"), "module.segments[0].kind"),
        (lambda fm: fm.replace("format: think-pair-share, ", ""), "module.segments[1].format"),
        (lambda fm: fm.replace("minutes: 10, min_minutes: 5", "minutes: 10, min_minutes: 15"), "module.segments[0].min_minutes"),
        (lambda fm: fm.replace("title: Example\n", ""), "title"),
    ],
)
def test_missing_or_malformed_metadata_names_the_file_and_the_field(tmp_path, edit, field):
    path = write_module(tmp_path, edit(VALID))
    with pytest.raises(UserError) as error:
        load_module(path)
    assert str(error.value).startswith(f"{path}: {field}:")


def test_a_module_without_front_matter_is_refused(tmp_path):
    path = tmp_path / "modules" / "09-bare.md"
    path.parent.mkdir()
    path.write_text("# Just a page\n", encoding="utf-8")
    with pytest.raises(UserError, match="no front matter"):
        load_module(path)


def test_clock_times_and_durations_read_as_instructors_say_them():
    assert clock(9 * 60, 75) == "10:15"
    assert format_minutes(45) == "45 min"
    assert format_minutes(90) == "1 h 30 min"
    assert format_minutes(120) == "2 h"


def test_the_build_stops_on_a_missing_field_naming_file_and_field(course_copy, sphinx_build):
    silos = course_copy / "modules" / "02-silos.md"
    text = silos.read_text(encoding="utf-8")
    objectives = re.search(r"  objectives:\n(    - .*\n)+", text).group(0)
    silos.write_text(text.replace(objectives, ""), encoding="utf-8")

    result = sphinx_build(course_copy)

    assert result.returncode != 0
    assert "modules/02-silos.md: module.objectives: required field is missing" in result.stderr
    assert "Traceback" not in result.stderr
