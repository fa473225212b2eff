"""The Ownership exercise: an ownership matrix (stage x role, RACI) and a week of work.

Read as a specification: what the checks find on the shipped example, what happens
on each kind of bad input (one line naming the file and the field, never a
traceback), and what the notebook helpers print.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tension_points.errors import UserError
from tension_points.exercises import ownership

DATA = Path(__file__).resolve().parents[2] / "exercises" / "data"
EXAMPLE = DATA / "ownership-example.yaml"
WEEK = DATA / "ownership-week-example.yaml"

GOOD = """
title: Tiny pipeline
roles:
  - {id: ds, name: Data scientist}
  - {id: eng, name: Engineer}
stages:
  - {id: data, name: Data, raci: {ds: RA, eng: C}}
  - {id: ship, name: Ship, raci: {eng: AR, ds: I}}
"""


def write(tmp_path: Path, text: str, name: str = "matrix.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fail(loader, path: Path) -> str:
    with pytest.raises(UserError) as info:
        loader(path)
    message = str(info.value)
    assert "\n" not in message, "errors are one line"
    assert str(path) in message, "errors name the file"
    return message


# --- the shipped example ---------------------------------------------------


def test_example_has_one_gap_of_each_kind():
    matrix = ownership.load_matrix(EXAMPLE)
    findings = ownership.check(matrix)
    assert findings.no_accountable == ("monitoring",)
    assert findings.many_accountable == ("labels",)
    assert findings.no_responsible == ("ux",)
    assert findings.idle_roles == ("support",)
    assert not findings.ok


def test_example_description_names_the_gaps_in_words():
    matrix = ownership.load_matrix(EXAMPLE)
    text = ownership.describe(matrix, ownership.check(matrix))
    assert "No one accountable (1)" in text and "  - Monitoring and feedback" in text
    assert "Labels: Data scientist and Labelling lead" in text
    assert "No one responsible (1)" in text and "  - User experience and explanation" in text
    assert "  - Support lead" in text


def test_the_notebook_solution_clears_every_check(tmp_path):
    """The solution's four edits (see exercises/ownership-matrix.md), written to a file and loaded
    as a learner would, leave a matrix with no findings."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    stages = {stage["id"]: stage for stage in data["stages"]}
    stages["monitoring"]["raci"]["mle"] = "RA"
    stages["labels"]["raci"]["ds"] = "C"
    stages["ux"]["raci"]["design"] = "R"
    stages["monitoring"]["raci"]["support"] = "C"
    fixed = ownership.load_matrix(write(tmp_path, yaml.safe_dump(data)))
    assert ownership.check(fixed).ok
    assert "Every stage has exactly one accountable role" in ownership.describe(fixed, ownership.check(fixed))


def test_every_cell_of_the_example_holds_one_part():
    matrix = ownership.load_matrix(EXAMPLE)
    assert {cell for stage in matrix.stages for cell in stage.raci.values()} <= set(ownership.CELLS)


def test_ar_is_read_as_ra_and_roles_keep_file_order(tmp_path):
    matrix = ownership.load_matrix(write(tmp_path, GOOD))
    ship = matrix.stages[1]
    assert ship.raci == {"ds": "I", "eng": "RA"}
    assert ownership.check(matrix).ok


def test_a_clean_matrix_says_so(tmp_path):
    matrix = ownership.load_matrix(write(tmp_path, GOOD))
    assert "Every stage has exactly one accountable role" in ownership.describe(matrix, ownership.check(matrix))


def test_text_table_has_a_row_per_stage_and_marks_gaps():
    matrix = ownership.load_matrix(EXAMPLE)
    lines = ownership.table(matrix).splitlines()
    assert lines[0].startswith("Stage") and lines[0].endswith("Check")
    assert len(lines) == 2 + len(matrix.stages) + 1
    labels = next(line for line in lines if line.startswith("Labels "))
    assert labels.endswith("! 2+ A")
    assert lines[-1].rstrip().endswith("! none")


def test_markdown_table_is_well_formed():
    matrix = ownership.load_matrix(EXAMPLE)
    lines = ownership.markdown_table(matrix).splitlines()
    columns = len(matrix.roles) + 2
    assert all(line.count("|") == columns + 1 for line in lines)
    assert "**! no A**" in lines[-1]


def test_matrix_figure_draws():
    matrix = ownership.load_matrix(EXAMPLE)
    figure = ownership.draw_matrix(matrix)
    assert figure.axes[0].get_title().startswith("Support-ticket routing model")


# --- bad matrices: one clear line each ---------------------------------------


def test_unknown_role_names_file_stage_and_role(tmp_path):
    path = write(tmp_path, GOOD.replace("eng: AR", "engg: AR"))
    message = fail(ownership.load_matrix, path)
    assert "stages[1].raci.engg" in message
    assert "unknown role 'engg' in stage 'ship'" in message
    assert "known: ds, eng" in message


ALLOWED = "write R, A, RA (does the work and answers for it), C or I"


@pytest.mark.parametrize("cell", ["AC", "RC", "AI", "RI", "RAC", "RACI", "CA", "IR"])
def test_a_cell_that_contradicts_itself_is_refused_naming_stage_and_role(tmp_path, cell):
    message = fail(ownership.load_matrix, write(tmp_path, GOOD.replace("eng: AR", f"eng: {cell}")))
    assert message.endswith(f"stages[1].raci.eng: '{cell}' contradicts itself: a role that does the work (R) or answers "
                            f"for it (A) is not also consulted (C) or informed (I) about it; {ALLOWED} "
                            "(stage 'ship', role 'eng')")


def test_consulted_and_informed_in_one_cell_is_refused(tmp_path):
    message = fail(ownership.load_matrix, write(tmp_path, GOOD.replace("ds: I", "ds: CI")))
    assert message.endswith("stages[1].raci.ds: 'CI': consulted (asked before) and informed (told after) are two "
                            "different parts; write C or I (stage 'ship', role 'ds')")


def test_letter_outside_raci(tmp_path):
    message = fail(ownership.load_matrix, write(tmp_path, GOOD.replace("ds: RA", "ds: RX")))
    assert message.endswith(f"stages[0].raci.ds: 'RX': X is not a RACI letter; {ALLOWED} (stage 'data', role 'ds')")


def test_letter_given_twice(tmp_path):
    message = fail(ownership.load_matrix, write(tmp_path, GOOD.replace("ds: RA", "ds: RR")))
    assert "stages[0].raci.ds: 'RR': letter 'R' given twice" in message


def test_a_cell_that_is_not_text_gets_the_schemas_message(tmp_path):
    message = fail(ownership.load_matrix, write(tmp_path, GOOD.replace("ds: RA", "ds: 3")))
    assert "stages[0].raci.ds: 3 is not one of ['R', 'A', 'RA', 'AR', 'C', 'I']" in message


@pytest.mark.parametrize("cell", list(ownership.CELLS) + ["AR"])
def test_each_allowed_cell_loads(tmp_path, cell):
    matrix = ownership.load_matrix(write(tmp_path, GOOD.replace("ds: I", f"ds: {cell}")))
    assert matrix.stages[1].raci["ds"] == ("RA" if cell == "AR" else cell)


def test_a_stage_with_two_accountable_roles_is_reported_by_name(tmp_path):
    matrix = ownership.load_matrix(write(tmp_path, GOOD.replace("ds: I", "ds: A")))
    findings = ownership.check(matrix)
    assert findings.many_accountable == ("ship",)
    assert "  - Ship: Data scientist and Engineer" in ownership.describe(matrix, findings)
    assert "every stage needs exactly one A" in ownership.describe(matrix, findings)


def test_duplicate_ids(tmp_path):
    message = fail(ownership.load_matrix, write(tmp_path, GOOD.replace("id: eng, name", "id: ds, name")))
    assert "roles[1].id: duplicate role id 'ds'" in message
    message = fail(ownership.load_matrix, write(tmp_path, GOOD.replace("id: ship", "id: data")))
    assert "stages[1].id: duplicate stage id 'data'" in message


def test_missing_field(tmp_path):
    message = fail(ownership.load_matrix, write(tmp_path, GOOD.replace(", raci: {eng: AR, ds: I}", "")))
    assert "stages[1].raci: required field is missing" in message


def test_malformed_yaml(tmp_path):
    message = fail(ownership.load_matrix, write(tmp_path, "roles: [\n  - {id: ds"))
    assert "invalid YAML" in message


def test_missing_file(tmp_path):
    message = fail(ownership.load_matrix, tmp_path / "nope.yaml")
    assert "file not found" in message


# --- the notebook helpers ---------------------------------------------------


def test_show_prints_table_and_findings_and_returns_a_figure(capsys):
    figure = ownership.show(EXAMPLE)
    out = capsys.readouterr().out
    assert figure is not None
    assert "Problem framing" in out and "No one accountable" in out


def test_show_prints_the_problem_instead_of_raising(tmp_path, capsys):
    path = write(tmp_path, GOOD.replace("eng: AR", "engg: AR"))
    assert ownership.show(path) is None
    out = capsys.readouterr().out
    assert out.startswith("Problem with the ownership matrix: ")
    assert "unknown role 'engg'" in out and "Traceback" not in out


# --- where does the time go ---------------------------------------------------


def test_example_week_split():
    week = ownership.load_week(WEEK)
    assert week.total_hours == 40
    assert week.hours_by_kind() == {"model": 8, "data": 23, "other": 9}
    assert week.percent_by_kind() == pytest.approx({"model": 20.0, "data": 57.5, "other": 22.5})
    assert week.model_vs_data() == pytest.approx({"model": 100 * 8 / 31, "data": 100 * 23 / 31})


def test_week_description_states_karpathy_split_is_approximate():
    text = ownership.describe_week(ownership.load_week(WEEK))
    assert "Of the hours on models or data: 26% models, 74% data." in text
    assert "as Pete Warden recalled it (approximate):\n  PhD about 90% models / 10% data; industry about 80% data." in text


def test_week_with_no_model_or_data_hours(tmp_path):
    path = write(tmp_path, "activities:\n  - {name: meetings, hours: 10, kind: other}\n", "week.yaml")
    week = ownership.load_week(path)
    assert week.model_vs_data() is None
    assert "nothing to set beside Karpathy's slide" in ownership.describe_week(week)
    ownership.draw_week(week)


def test_week_chart_puts_karpathy_beside_the_week():
    figure = ownership.draw_week(ownership.load_week(WEEK))
    labels = [tick.get_text() for tick in figure.axes[0].get_yticklabels()]
    assert labels[0] == "This week:\nall hours"
    assert any("PhD" in label for label in labels) and any("Industry" in label for label in labels)
    assert "approximate" in figure.axes[0].get_title()


def test_bad_week_kind_and_hours(tmp_path):
    path = write(tmp_path, "activities:\n  - {name: tuning, hours: 3, kind: modle}\n", "week.yaml")
    message = fail(ownership.load_week, path)
    assert "activities[0].kind" in message and "modle" in message
    path = write(tmp_path, "activities:\n  - {name: tuning, hours: -3, kind: model}\n", "week.yaml")
    assert "activities[0].hours" in fail(ownership.load_week, path)


def test_show_week_prints_the_problem_instead_of_raising(tmp_path, capsys):
    path = write(tmp_path, "activities: []\n", "week.yaml")
    assert ownership.show_week(path) is None
    assert capsys.readouterr().out.startswith("Problem with the week of work: ")


def test_show_week_prints_and_returns_a_figure(capsys):
    assert ownership.show_week(WEEK) is not None
    assert "40 hours in 9 activities" in capsys.readouterr().out


def test_the_notebook_week_solution_reclassifying_error_analysis(tmp_path):
    """Question 2 of the week exercise: error analysis counted as model work gives 65% data, 35% models."""
    text = WEEK.read_text(encoding="utf-8").replace(
        '"Error analysis on misrouted tickets", hours: 3, kind: data', '"Error analysis on misrouted tickets", hours: 3, kind: model')
    week = ownership.load_week(write(tmp_path, text, "week.yaml"))
    assert week.hours_by_kind() == {"model": 11, "data": 20, "other": 9}
    assert "Of the hours on models or data: 35% models, 65% data." in ownership.describe_week(week)
