"""The privacy rule (room/activities/privacy.py), the one every kind's results go through: no
figure or split on a screen shows fewer than three people's answers; the export keeps all."""

from __future__ import annotations

import json

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


# --- The one gate every kind's results pass through ------------------------------------------

from tension_points.room.activities.base import Activity, StoredAnswer, results_of  # noqa: E402
from tension_points.room.activities.privacy import MIN_GROUP  # noqa: E402
from tension_points.room.activities.registry import KINDS  # noqa: E402
from tension_points.room.export import results_of_everyone  # noqa: E402


def activity_of(kind) -> Activity:
    return Activity(id="a", title="A", prompt=None, format=None, minutes=5, segment_kind="discussion",
                    module_id="m", module_title="M", kind=kind)


def answers_of(people: int) -> list[StoredAnswer]:
    """Two notes each from ``people`` people (a body no kind could read: the gate comes first)."""
    return [StoredAnswer(id=10 * p + n, role="ml-engineer", body={"unread": True}, participant_id=p) for p in range(people) for n in range(2)]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kinds_results_of_fewer_than_three_people_wait_on_the_screens(name):
    kind = KINDS[name]
    if not kind.accepts_answers or kind.signed_answers:
        pytest.skip(f"{name} shows no answers, or shows each under its authors' names")
    for people in range(MIN_GROUP):
        assert results_of(activity_of(kind), answers_of(people), lambda _: []) == {"waiting": True, "people": people, "min_group": MIN_GROUP}


def test_only_the_pairs_maps_are_shown_under_their_authors_names():
    # Opting out of the gate is one deliberate line in a kind; this list changes with it.
    assert sorted(name for name, kind in KINDS.items() if kind.signed_answers) == ["handoff-map", "ownership-matrix"]


def test_the_export_is_not_held_back():
    poll = KINDS["poll"]
    activity = Activity(id="a", title="A", prompt=None, format=None, minutes=5, segment_kind="discussion",
                        module_id="m", module_title="M", kind=poll, spec=poll.parse_spec({"options": ["x", "y"]}))
    answers = [StoredAnswer(id=1, role="ml-engineer", body={"choices": [1]}, participant_id=1)]
    assert results_of_everyone(activity, answers, lambda _: [])["counts"]["all"] == [0, 1]


# --- Every kind, with a role of one among the answers ---------------------------------------

# One answer each kind takes from a phone, with the live spec it needs. A new kind that takes
# answers adds its own here; the test below fails until it does.
SAMPLES = {
    "open": ({}, {"text": "We never hear back about the model"}),
    "wordcloud": ({}, {"text": "ownership"}),
    "poll": ({"options": ["yes", "no"]}, {"choices": [0]}),
    "scale": ({}, {"value": 4}),
    "survey": ({"form": "pre-survey"}, {"answers": {"confidence": {"silos": 4}}}),
    "plan": ({"form": "action-plan"}, {"fields": {"monday_change": "Book an hour with the notebook's author"}}),
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_no_kind_shows_a_role_of_one_on_any_screen(name):
    """Three data scientists and one ML engineer answer: whatever a kind's results hold, the
    screens learn nothing of either role (a split would give away the one person's answer, and
    the three by subtraction); only the whole room's figures."""
    kind = KINDS[name]
    if not kind.accepts_answers or kind.signed_answers:
        pytest.skip(f"{name} shows no answers, or shows each under its authors' names")
    assert name in SAMPLES, f"add a sample answer of the '{name}' kind to SAMPLES"
    spec, payload = SAMPLES[name]
    activity = Activity(id="a", title="A", prompt=None, format=None, minutes=5, segment_kind="discussion",
                        module_id="m", module_title="M", kind=kind, spec=kind.parse_spec(spec))
    body = kind.clean(activity, {**payload, "activity": "a", "key": "k"})
    roles = ["data-scientist"] * 3 + ["ml-engineer"]
    answers = [StoredAnswer(id=n + 1, role=role, body=body, participant_id=n + 1) for n, role in enumerate(roles)]
    shown = json.dumps(results_of(activity, answers, lambda _: []))
    assert "waiting" not in json.loads(shown), "four people answered: the results are shown"
    for role in ("data-scientist", "ml-engineer", "Data scientist", "ML engineer"):
        assert role not in shown, f"{name}'s results name {role!r}: {shown}"
    everyone = json.dumps(results_of_everyone(activity, answers, lambda _: []))
    assert name in ("survey", "plan") or "ml-engineer" in everyone  # the export keeps every role
