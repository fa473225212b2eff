"""The cross-training rotation planner, as a specification.

A team file lists roles and people. The plan pairs a shadower with a host each
week so that every person shadows someone of every other role exactly once,
nobody is in two pairs in one week, and the plan is as short as the search can
make it, with the lower bound stated. Bad files give one line naming the file
and the field.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tension_points.errors import UserError
from tension_points.exercises import rotation

EXAMPLE = Path(__file__).resolve().parents[2] / "exercises" / "data" / "rotation-example.yaml"

ROLES = """
roles:
  - {id: data-scientist, name: Data scientist}
  - {id: data-engineer, name: Data engineer}
  - {id: ml-engineer, name: ML engineer}
"""


def write(tmp_path: Path, text: str, name: str = "team.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def make_team(*sizes: int) -> rotation.Team:
    roles, people = {}, []
    for index, size in enumerate(sizes):
        role = f"role-{index}"
        roles[role] = rotation.Role(role, f"Role {index}", f"R{index}")
        people += [rotation.Person(f"p{index}-{n}", role) for n in range(size)]
    return rotation.Team("made up", roles, tuple(people))


def assert_valid(team: rotation.Team, plan: rotation.Plan) -> None:
    role_of = {p.name: p.role for p in team.people}
    # every person shadows someone of every other role exactly once
    for person in team.people:
        shadowed = [role_of[p.host] for p in plan.pairings if p.shadower == person.name]
        assert sorted(shadowed) == sorted(r for r in team.roles if r != person.role), person.name
    # nobody is in two pairs in the same week, as host or shadower
    for week in range(1, plan.weeks + 1):
        names = [n for p in plan.in_week(week) for n in (p.shadower, p.host)]
        assert len(names) == len(set(names)), f"week {week}: {names}"
    assert all(1 <= p.week <= plan.weeks for p in plan.pairings)
    assert plan.weeks >= plan.bound.weeks
    assert rotation.check(team, plan.pairings) == []


# --- The example team ----------------------------------------------------------------------------


def test_example_team_loads_in_file_order():
    team = rotation.load_team(EXAMPLE)
    assert [p.name for p in team.people] == ["Ana", "Ben", "Chidi", "Dora", "Eli", "Fatima"]
    assert [r.short for r in team.roles.values()] == ["DS", "DE", "MLE", "PM"]


def test_example_plan_is_valid_and_meets_the_bound_of_eight_weeks():
    team = rotation.load_team(EXAMPLE)
    plan = rotation.plan(team)
    assert_valid(team, plan)
    assert len(plan.pairings) == 18  # 6 people x 3 other roles
    assert plan.bound.weeks == 8 and plan.weeks == 8 and plan.meets_bound
    # the single ML engineer (and the single product manager) is the bottleneck: 3 shadowing + 5 hosting
    assert "only ML engineer" in plan.bound.reason and "3 + 5 = 8" in plan.bound.reason
    assert "product manager" in plan.bound.reason
    for name in ("Eli", "Fatima"):
        assert sum(name in (p.shadower, p.host) for p in plan.pairings) == 8


def test_plan_is_deterministic():
    first = rotation.plan(rotation.load_team(EXAMPLE))
    second = rotation.plan(rotation.load_team(EXAMPLE))
    assert first.pairings == second.pairings
    assert rotation.table(first) == rotation.table(second)


def test_describe_and_table_say_what_the_plan_is():
    plan = rotation.plan(rotation.load_team(EXAMPLE))
    text = " ".join(rotation.describe(plan).split())
    assert "Lower bound: 8 weeks" in text and "meets the lower bound" in text
    table = rotation.table(plan)
    lines = table.splitlines()
    assert lines[0] == "| Week | Shadower → host | Free this week |"
    assert len(lines) == 2 + 8
    assert table.count("→") - 1 == 18  # one arrow per pairing, plus the header's


def test_grid_has_one_cell_per_person_and_week():
    plan = rotation.plan(rotation.load_team(EXAMPLE))
    cells = rotation.grid(plan)
    assert set(cells) == {"Ana", "Ben", "Chidi", "Dora", "Eli", "Fatima"}
    assert all(len(row) == 8 for row in cells.values())
    assert all(cell for cell in cells["Eli"])  # Eli is busy every week
    assert sum(cell.startswith("shadows") for row in cells.values() for cell in row) == 18


def test_draw_labels_cells_with_names_not_only_colour():
    plan = rotation.plan(rotation.load_team(EXAMPLE))
    figure = rotation.draw(plan)
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert sum(t.startswith("→ ") for t in texts) == 18
    assert sum(t.startswith("← ") for t in texts) == 18
    assert any(patch.get_hatch() for patch in figure.axes[0].patches)


# --- Other teams ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes, bound",
    [
        ((1, 1), 2),  # two people take turns
        ((1, 1, 1), 6),  # three people: only one pair fits in a week
        ((3, 3), 2),
        ((5, 1), 6),  # the one person in the second role hosts five
        ((2, 2, 2), 4),
        ((2, 1, 1), 5),
        ((3, 2, 2, 1, 1), 12),
        ((2, 2, 2, 2, 2), 8),
    ],
)
def test_plans_for_other_teams_are_valid_and_meet_the_bound(sizes, bound):
    team = make_team(*sizes)
    plan = rotation.plan(team)
    assert_valid(team, plan)
    assert plan.bound.weeks == bound
    assert plan.weeks == bound


def test_every_small_team_gets_a_valid_plan():
    for sizes in itertools.chain.from_iterable(
        itertools.combinations_with_replacement(range(1, 4), k) for k in (2, 3, 4)
    ):
        team = make_team(*sizes)
        assert_valid(team, rotation.plan(team))


def test_a_plan_longer_than_the_bound_says_so_honestly():
    team = make_team(3, 3, 3, 3)
    plan = rotation.plan(team, budget=50)  # a tiny search budget cannot reach the bound
    assert_valid(team, plan)
    if not plan.meets_bound:
        assert "a shorter plan may exist" in " ".join(rotation.describe(plan).split())


def test_check_reports_every_kind_of_mistake():
    team = rotation.load_team(EXAMPLE)
    bad = (
        rotation.Pairing(1, "Ana", "Ben"),  # same role
        rotation.Pairing(1, "Chidi", "Eli"),
        rotation.Pairing(1, "Dora", "Eli"),  # Eli twice in week 1
        rotation.Pairing(2, "Chidi", "Eli"),  # Chidi shadows the ML engineer twice
    )
    problems = rotation.check(team, bad)
    assert any("same role" in p for p in problems)
    assert any(p == "week 1: Eli is in 2 pairs" for p in problems)
    assert any("Chidi shadows the role 'ml-engineer' 2 times" in p for p in problems)
    assert any("Fatima shadows the role 'data-scientist' 0 times" in p for p in problems)


# --- Bad input: one line naming the file and the field ---------------------------------------------


def test_unknown_role(tmp_path):
    path = write(tmp_path, ROLES + """
people:
  - {name: Ana, role: data-scientist}
  - {name: Chidi, role: data-engineer}
  - {name: Eli, role: ml-enginer}
""")
    with pytest.raises(UserError) as error:
        rotation.load_team(path)
    assert str(error.value) == (
        f"{path}: people[2].role: unknown role 'ml-enginer' (known: data-scientist, data-engineer, ml-engineer)"
    )


def test_duplicate_person(tmp_path):
    path = write(tmp_path, ROLES + """
people:
  - {name: Ana, role: data-scientist}
  - {name: Chidi, role: data-engineer}
  - {name: Eli, role: ml-engineer}
  - {name: ana, role: data-engineer}
""")
    with pytest.raises(UserError, match=r"people\[3\]\.name: duplicate person 'ana'") as error:
        rotation.load_team(path)
    assert str(error.value).startswith(str(path))


def test_role_with_nobody(tmp_path):
    path = write(tmp_path, ROLES + """
people:
  - {name: Ana, role: data-scientist}
  - {name: Chidi, role: data-engineer}
""")
    with pytest.raises(UserError) as error:
        rotation.load_team(path)
    assert str(error.value) == (
        f"{path}: roles[2]: nobody has the role 'ml-engineer' (add a person to it or remove the role)"
    )


def test_duplicate_role(tmp_path):
    path = write(tmp_path, """
roles:
  - {id: ds, name: Data scientist}
  - {id: ds, name: Data engineer}
people:
  - {name: Ana, role: ds}
  - {name: Ben, role: ds}
""")
    with pytest.raises(UserError, match=r"roles\[1\]\.id: duplicate role 'ds'"):
        rotation.load_team(path)


def test_schema_error_names_the_field(tmp_path):
    path = write(tmp_path, ROLES + """
people:
  - {name: Ana, role: data-scientist}
  - {name: Chidi}
""")
    with pytest.raises(UserError) as error:
        rotation.load_team(path)
    assert str(error.value) == f"{path}: people[1].role: required field is missing"


def test_malformed_yaml(tmp_path):
    path = write(tmp_path, "roles: [unclosed\n")
    with pytest.raises(UserError, match=r"invalid YAML") as error:
        rotation.load_team(path)
    assert str(error.value).startswith(str(path))
    assert "\n" not in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(UserError, match="file not found"):
        rotation.load_team(tmp_path / "nope.yaml")


def test_impossible_within_max_weeks(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8") + "max_weeks: 6\n"
    path = write(tmp_path, text)
    team = rotation.load_team(path)
    with pytest.raises(UserError) as error:
        rotation.plan(team)
    message = str(error.value)
    assert message.startswith(f"{path}: max_weeks: impossible in 6 weeks: needs at least 8")
    assert "only ML engineer" in message and "\n" not in message


def test_max_weeks_that_fits_is_fine(tmp_path):
    path = write(tmp_path, EXAMPLE.read_text(encoding="utf-8") + "max_weeks: 8\n")
    assert rotation.plan(rotation.load_team(path)).weeks == 8


# --- The notebook path prints instead of raising ---------------------------------------------------


def test_show_prints_the_plan_and_returns_a_figure(capsys):
    figure = rotation.show(EXAMPLE)
    out = capsys.readouterr().out
    assert "Lower bound: 8 weeks" in out and "meets the lower bound" in " ".join(out.split())
    assert "| Week | Shadower → host |" in out
    assert figure is not None


def test_show_prints_one_line_on_bad_input(tmp_path, capsys):
    path = write(tmp_path, ROLES + """
people:
  - {name: Ana, role: data-scientist}
  - {name: Chidi, role: data-engineer}
  - {name: Eli, role: ml-enginer}
""")
    assert rotation.show(path) is None
    out = capsys.readouterr().out
    assert out.startswith("Problem with the rotation: ")
    assert "people[2].role: unknown role 'ml-enginer'" in out
    assert out.count("\n") == 1 and "Traceback" not in out
