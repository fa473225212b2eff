"""One rule for every kind and every screen: no figure or split shows fewer than ``MIN_GROUP``
people's answers.

With one or two people behind a figure, a room that knows who answered reads their own
answers off the screen ("ML engineer: 1 (100%)"). So a role is shown on its own only when at
least ``MIN_GROUP`` people of it answered; the smaller roles are pooled as "Other roles",
shown only when the pool itself holds ``MIN_GROUP`` or more. When the pool would hold one or
two, the smallest shown role joins it, so that no small group can be worked out by taking
the shown ones from the whole. The whole room's figure needs ``MIN_GROUP`` people too.

The screens (phones, console, projector) get results through :func:`visible_groups`; the
facilitator's export keeps every figure, by every role. Before any of that, every kind's
results pass one gate, :func:`gated`: until ``MIN_GROUP`` people have answered, the screens
get only that the results wait (a wall of two notes is two people's words, whatever the
kind does with roles). A kind opts out only by saying its answers are signed by their
authors (:attr:`ActivityKind.signed_answers`: a pair presenting its own map).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tension_points.room.roles import ROLE_LABELS, ROLES

MIN_GROUP = 3
EVERYONE = "all"
OTHER_ROLES = "other-roles"
GROUP_LABELS = {EVERYONE: "All roles", **ROLE_LABELS, OTHER_ROLES: "Other roles"}
_smallest = contextvars.ContextVar("smallest_group", default=MIN_GROUP)


@contextlib.contextmanager
def every_figure():
    """For the facilitator's export: every group shown, however small (the screens never are)."""
    token = _smallest.set(1)
    try:
        yield
    finally:
        _smallest.reset(token)


@dataclass(frozen=True)
class Groups:
    """Who may be shown: the roles shown on their own, the pooled rest, the whole room."""

    shown: tuple[str, ...]
    pooled: tuple[str, ...]
    pool_shown: bool
    everyone: bool

    def group_of(self, role: str) -> str | None:
        """The group an answer of ``role`` is shown under on its own, or None (no label may be shown)."""
        if role in self.shown:
            return role
        return OTHER_ROLES if role in self.pooled and self.pool_shown else None

    def keys(self) -> list[str]:
        """The groups a screen may show, the whole room first."""
        return [*([EVERYONE] if self.everyone else []), *self.shown, *([OTHER_ROLES] if self.pool_shown else [])]

    def labelled(self) -> list[list[str]]:
        return [[key, GROUP_LABELS[key]] for key in self.keys()]


def smallest_shown() -> int:
    """The fewest people a figure may show: MIN_GROUP on every screen, 1 in the export."""
    return _smallest.get()


def visible_groups(people: Iterable[tuple[int, str]]) -> Groups:
    """The groups a screen may show, from (participant id, role) of everyone who answered."""
    by_role: dict[str, set[int]] = {}
    for participant, role in people:
        by_role.setdefault(role, set()).add(participant)
    counts = {role: len(ids) for role, ids in by_role.items()}
    total, smallest = sum(counts.values()), smallest_shown()
    shown = [role for role, _ in ROLES if counts.get(role, 0) >= smallest]
    rest = total - sum(counts[role] for role in shown)
    while 0 < rest < smallest and shown:
        fewest = min(reversed(shown), key=lambda role: counts[role])  # of equals, the last listed
        shown.remove(fewest)
        rest += counts[fewest]
    pooled = tuple(role for role in counts if role not in shown)
    return Groups(tuple(shown), pooled, bool(shown) and rest >= smallest, total >= smallest)


def grouped(answers: list) -> tuple[Groups, dict[str, list]]:
    """Answers under each group a screen may show (``"all"`` only with enough people)."""
    groups = visible_groups((a.participant_id, a.role) for a in answers)
    found: dict[str, list] = {key: [] for key in groups.keys()}
    for answer in answers:
        if groups.everyone:
            found[EVERYONE].append(answer)
        group = groups.group_of(answer.role)
        if group is not None:
            found[group].append(answer)
    return groups, found


def visible_figures(activity, answers: list, figures: Callable) -> dict:
    """A kind's figures for the screens, split only as the rule allows.

    ``figures(activity, answers_by_group)`` gets the shown answers under ``"all"`` and under
    each group a screen may show (a role of its own, or "Other roles"), never under a role of
    one or two people; the result carries those groups' labels (``groups``) for the screens'
    *Split by role*. A kind whose results split by role builds them through this, not from
    every role (``base.by_role`` is for the export).
    """
    groups, answers_by = grouped([a for a in answers if not a.hidden])
    return {**figures(activity, answers_by), "groups": groups.labelled(), "min_group": MIN_GROUP}


def people_behind(answers: Iterable) -> int:
    """How many people answered (hidden answers do not count: the screens never show them)."""
    return len({a.participant_id for a in answers if not a.hidden})


def waiting(answers: Iterable) -> dict | None:
    """What the screens get instead of results while fewer than ``MIN_GROUP`` people answered, or None."""
    people = people_behind(answers)
    if people >= smallest_shown():
        return None
    return {"waiting": True, "people": people, "min_group": MIN_GROUP}


def held_back(kind, answers: list) -> dict | None:
    """What the screens get instead of ``kind``'s results from ``answers``, or None when they may have them."""
    return waiting(answers) if kind.accepts_answers and not kind.signed_answers else None


def gated(kind, answers: list, figures: Callable[[], dict]) -> dict:
    """The one way results reach a screen: a kind's figures only once enough people answered."""
    held = held_back(kind, answers)
    return held if held is not None else figures()
