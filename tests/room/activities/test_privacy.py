"""The privacy rule (room/activities/privacy.py), the one every kind's results go through: no
figure or split on a screen shows fewer than three people's answers; the export keeps all."""

from __future__ import annotations

import pytest

from tension_points.room.activities.privacy import visible_groups


def people(**counts) -> list[tuple[int, str]]:
    found, n = [], 0
    for role, count in counts.items():
        for _ in range(count):
            n += 1
            found.append((n, role.replace("_", "-")))
    return found


@pytest.mark.parametrize(
    ("counts", "shown", "pooled_label", "everyone"),
    [
        ({"data_scientist": 2}, (), False, False),  # two people: nothing at all
        ({"data_scientist": 3}, ("data-scientist",), False, True),
        ({"data_scientist": 5, "ml_engineer": 1}, (), False, True),  # the one ML engineer cannot be worked out by subtraction
        ({"data_scientist": 5, "data_engineer": 4, "ml_engineer": 1}, ("data-scientist",), True, True),  # the smaller role joins the pool
        ({"data_scientist": 5, "data_engineer": 4, "ml_engineer": 1, "other": 2}, ("data-scientist", "data-engineer"), True, True),
        ({"data_scientist": 3, "data_engineer": 3, "ml_engineer": 3}, ("data-scientist", "data-engineer", "ml-engineer"), False, True),
    ],
)
def test_every_group_shown_has_three_people_and_the_rest_is_zero_or_three(counts, shown, pooled_label, everyone):
    groups = visible_groups(people(**counts))
    assert groups.shown == shown and groups.pool_shown == pooled_label and groups.everyone == everyone
    rest = sum(counts.values()) - sum(counts[r.replace("-", "_")] for r in shown)
    assert not everyone or rest == 0 or rest >= 3


def test_people_are_counted_not_answers():
    one_person_three_notes = [(7, "ml-engineer")] * 3
    assert visible_groups(one_person_three_notes).everyone is False


def test_a_role_is_labelled_only_when_shown():
    groups = visible_groups(people(data_scientist=4, data_engineer=3, ml_engineer=1))
    assert groups.group_of("data-scientist") == "data-scientist"
    assert groups.group_of("ml-engineer") == "other-roles" and groups.group_of("data-engineer") == "other-roles"
    assert visible_groups(people(data_scientist=3, ml_engineer=3)).group_of("other") is None
