"""The Cross-training exercise: a rotation planner that pairs people across roles.

Reads a small YAML file of roles and the people in them and plans weekly
pairings, a *shadower* spending time with a *host*, so that every person shadows
someone of every other role exactly once and nobody is in two pairs in the same
week. It states the lower bound on the number of weeks, says whether the plan
meets it, checks the plan before returning it, and renders it as a table and as
a people-by-weeks grid that does not rely on colour.

The plan is found by a deterministic depth-first search (no randomness): the
same file always gives the same plan.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

from tension_points.datafiles import check_unique_field, load_validated
from tension_points.errors import UserError

# Search effort per candidate number of weeks, in assignments tried. Enough to
# find optimal plans for teams of a few dozen people; when it runs out, the
# planner tries one more week rather than search forever.
SEARCH_BUDGET = 20_000


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    short: str


@dataclass(frozen=True)
class Person:
    name: str
    role: str  # a role id


@dataclass(frozen=True)
class Team:
    title: str
    roles: dict[str, Role]  # id -> role, in file order
    people: tuple[Person, ...]
    max_weeks: int | None = None
    source: str = "team"

    def members(self, role: str) -> tuple[Person, ...]:
        return tuple(person for person in self.people if person.role == role)

    def label(self, name: str) -> str:
        """'Ana (DS)': a person with their role's short name."""
        return f"{name} ({self.roles[self.role_of(name)].short})"

    def role_of(self, name: str) -> str:
        return next(person.role for person in self.people if person.name == name)


@dataclass(frozen=True)
class Pairing:
    week: int  # 1-based
    shadower: str
    host: str


@dataclass(frozen=True)
class Bound:
    weeks: int
    reason: str


@dataclass(frozen=True)
class Plan:
    team: Team
    weeks: int
    pairings: tuple[Pairing, ...]
    bound: Bound
    proven_shortest: bool  # meets the bound, or a complete search ruled out every shorter plan

    @property
    def meets_bound(self) -> bool:
        return self.weeks == self.bound.weeks

    def in_week(self, week: int) -> tuple[Pairing, ...]:
        return tuple(p for p in self.pairings if p.week == week)


# --- Loading ---------------------------------------------------------------------------------


def short_name(name: str) -> str:
    """'Data scientist' -> 'DS', 'ML engineer' -> 'MLE'."""
    letters = "".join(word if word.isupper() else word[0].upper() for word in name.split())
    return letters[:6]


def load_team(path: str | Path) -> Team:
    path = Path(path)
    data = load_validated(path, "rotation")
    check_unique_field(path, data["roles"], "roles", "role")
    roles = {r["id"]: Role(r["id"], r["name"], r.get("short") or short_name(r["name"])) for r in data["roles"]}
    people: list[Person] = []
    seen: set[str] = set()
    for index, person in enumerate(data["people"]):
        name = person["name"].strip()
        if name.casefold() in seen:
            raise UserError(f"{path}: people[{index}].name: duplicate person '{name}' (give each person a distinct name)")
        if person["role"] not in roles:
            known = ", ".join(roles)
            raise UserError(f"{path}: people[{index}].role: unknown role '{person['role']}' (known: {known})")
        seen.add(name.casefold())
        people.append(Person(name, person["role"]))
    for index, role in enumerate(roles):
        if not any(person.role == role for person in people):
            raise UserError(
                f"{path}: roles[{index}]: nobody has the role '{role}' (add a person to it or remove the role)"
            )
    shorts = [role.short for role in roles.values()]
    for index, role in enumerate(roles.values()):
        if shorts.count(role.short) > 1:
            raise UserError(f"{path}: roles[{index}].short: two roles are both shortened to '{role.short}' (set 'short' on one)")
    return Team(data.get("title", path.stem), roles, tuple(people), data.get("max_weeks"), str(path))


# --- The lower bound -------------------------------------------------------------------------


def lower(name: str) -> str:
    """'Data scientist' -> 'data scientist', but 'ML engineer' stays."""
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


def plural(name: str) -> str:
    return name if name.endswith("s") else name + "s"


def lower_bound(team: Team) -> Bound:
    """The fewest weeks any plan could take, and why.

    Two arguments, whichever is larger:
    - busiest role: each person of role r shadows the k - 1 other roles, and the
      people of r between them host everybody outside r, so one of them hosts
      at least ceil((N - n_r) / n_r) people; each of those is a week of its own;
    - pairs per week: there are N(k - 1) pairs and a week holds at most floor(N / 2).
    """
    people, k = len(team.people), len(team.roles)
    best, also = Bound(0, ""), []
    for role in team.roles.values():
        members = len(team.members(role.id))
        hosted = math.ceil((people - members) / members)
        weeks = (k - 1) + hosted
        who = f"the only {lower(role.name)}" if members == 1 else f"one of the {members} {plural(lower(role.name))}"
        if weeks == best.weeks:
            also.append(who)
        if weeks > best.weeks:
            reason = (
                f"{who} must shadow {k - 1} other roles and host {hosted} "
                f"{'person' if hosted == 1 else 'people'} from other roles; "
                f"a person is in one pair a week, so that takes {k - 1} + {hosted} = {weeks} weeks"
            )
            best, also = Bound(weeks, reason), []
    if also:
        listed = ", ".join(also[:-1]) + " and " + also[-1] if len(also) > 1 else also[0]
        best = Bound(best.weeks, best.reason + f" (the same holds for {listed})")
    pairs, per_week = people * (k - 1), people // 2
    weeks = math.ceil(pairs / per_week)
    if weeks > best.weeks:
        best = Bound(
            weeks,
            f"there are {pairs} pairings ({people} people x {k - 1} other roles) and with {people} people "
            f"a week holds at most {per_week} pairs, so it takes at least {weeks} weeks",
        )
    return best


# --- Planning --------------------------------------------------------------------------------


class _Search:
    """Depth-first search for a plan in a fixed number of weeks, most-constrained pairing first."""

    def __init__(self, team: Team, weeks: int, budget: int, week_first: bool = False):
        self.weeks, self.budget, self.exhausted, self.week_first = weeks, budget, False, week_first
        self.names = [person.name for person in team.people]
        index = {name: i for i, name in enumerate(self.names)}
        self.hosts = {role: [index[p.name] for p in team.members(role)] for role in team.roles}
        # one requirement per person and other role: "this person shadows someone of that role"
        self.todo = [(index[p.name], role) for p in team.people for role in team.roles if role != p.role]
        self.busy = [set() for _ in self.names]  # weeks in which each person is already in a pair
        self.hosting = [0] * len(self.names)
        self.to_shadow = [len(team.roles) - 1] * len(self.names)
        self.chosen: dict[tuple[int, str], tuple[int, int]] = {}
        self.used_weeks = 0  # weeks 0 .. used_weeks-1 have pairs; a new pair may open at most one more

    def preference(self, option):
        week, host = option
        return (week, self.hosting[host], host) if self.week_first else (self.hosting[host], week, host)

    def options(self, requirement):
        person, role = requirement
        last = min(self.used_weeks + 1, self.weeks)
        found = [
            (week, host)
            for week in range(last)
            if week not in self.busy[person]
            for host in self.hosts[role]
            if week not in self.busy[host]
        ]
        return sorted(found, key=self.preference)

    def feasible(self) -> bool:
        """Cheap checks that the remaining pairings can still fit."""
        remaining = [req for req in self.todo if req not in self.chosen]
        for person, busy in enumerate(self.busy):
            if self.weeks - len(busy) < self.to_shadow[person]:
                return False
        for role, hosts in self.hosts.items():
            need = sum(1 for _, r in remaining if r == role)
            spare = sum(self.weeks - len(self.busy[h]) - self.to_shadow[h] for h in hosts)
            if need > spare:
                return False
        room = sum((sum(1 for busy in self.busy if week not in busy)) // 2 for week in range(self.weeks))
        return len(remaining) <= room

    def run(self) -> bool:
        if len(self.chosen) == len(self.todo):
            return True
        best, best_options = None, None
        for requirement in self.todo:
            if requirement in self.chosen:
                continue
            options = self.options(requirement)
            if best_options is None or len(options) < len(best_options):
                best, best_options = requirement, options
                if not options:
                    return False
        person, _ = best
        for week, host in best_options:
            if self.budget <= 0:
                self.exhausted = True
                return False
            self.budget -= 1
            previous_used = self.used_weeks
            self.chosen[best] = (week, host)
            self.busy[person].add(week)
            self.busy[host].add(week)
            self.hosting[host] += 1
            self.to_shadow[person] -= 1
            self.used_weeks = max(self.used_weeks, week + 1)
            if self.feasible() and self.run():
                return True
            del self.chosen[best]
            self.busy[person].discard(week)
            self.busy[host].discard(week)
            self.hosting[host] -= 1
            self.to_shadow[person] += 1
            self.used_weeks = previous_used
            if self.exhausted:
                return False
        return False

    def pairings(self) -> tuple[Pairing, ...]:
        order = {name: i for i, name in enumerate(self.names)}
        found = [Pairing(week + 1, self.names[person], self.names[host]) for (person, _), (week, host) in self.chosen.items()]
        return tuple(sorted(found, key=lambda p: (p.week, order[p.shadower])))


def check(team: Team, pairings: tuple[Pairing, ...]) -> list[str]:
    """Everything wrong with a plan, one line each; an empty list means the plan is correct."""
    problems: list[str] = []
    role_of = {person.name: person.role for person in team.people}
    shadowed: dict[tuple[str, str], int] = {}
    booked: dict[tuple[int, str], int] = {}
    for pairing in pairings:
        for name in (pairing.shadower, pairing.host):
            if name not in role_of:
                problems.append(f"week {pairing.week}: '{name}' is not on the team")
        if pairing.shadower not in role_of or pairing.host not in role_of:
            continue
        if role_of[pairing.shadower] == role_of[pairing.host]:
            problems.append(f"week {pairing.week}: {pairing.shadower} shadows {pairing.host}, who has the same role")
        key = (pairing.shadower, role_of[pairing.host])
        shadowed[key] = shadowed.get(key, 0) + 1
        for name in (pairing.shadower, pairing.host):
            booked[(pairing.week, name)] = booked.get((pairing.week, name), 0) + 1
    for person in team.people:
        for role in team.roles:
            if role == person.role:
                continue
            count = shadowed.get((person.name, role), 0)
            if count != 1:
                problems.append(f"{person.name} shadows the role '{role}' {count} times, not once")
    for (week, name), count in sorted(booked.items()):
        if count > 1:
            problems.append(f"week {week}: {name} is in {count} pairs")
    return problems


def plan(team: Team, budget: int = SEARCH_BUDGET) -> Plan:
    """The shortest plan the search finds; UserError if it cannot fit into the team's max_weeks."""
    bound = lower_bound(team)
    if team.max_weeks is not None and team.max_weeks < bound.weeks:
        raise UserError(
            f"{team.source}: max_weeks: impossible in {team.max_weeks} weeks: needs at least {bound.weeks}, "
            f"because {bound.reason}"
        )
    ceiling = len(team.people) * (len(team.roles) - 1)  # one pair a week always fits
    proven = True
    for weeks in range(bound.weeks, ceiling + 1):
        found, complete = None, False
        # Two orders of trying: balance hosting first, or fill the earliest week first. Each
        # finds plans the other misses within its budget; a search that finishes without
        # running out of budget proves that no plan of this length exists.
        for week_first in (False, True):
            search = _Search(team, weeks, budget if weeks < ceiling else 10**9, week_first)
            if search.run():
                found = search
                break
            complete = complete or not search.exhausted
            if complete:
                break
        if found is not None:
            pairings = found.pairings()
            problems = check(team, pairings)
            if problems:  # a bug in the search, not the user's fault
                raise AssertionError("planner produced an invalid plan: " + "; ".join(problems))
            if team.max_weeks is not None and weeks > team.max_weeks:
                raise UserError(
                    f"{team.source}: max_weeks: no plan found in {team.max_weeks} weeks; the shortest plan found "
                    f"takes {weeks} (the lower bound is {bound.weeks})"
                )
            return Plan(team, weeks, pairings, bound, proven_shortest=proven)
        proven = proven and complete
    raise AssertionError("unreachable: a plan with one pair a week always exists")


# --- Rendering -------------------------------------------------------------------------------


def describe(rotation: Plan) -> str:
    team = rotation.team
    k = len(team.roles)
    lines = [
        f"{team.title}: {len(team.people)} people in {k} roles; each person shadows {k - 1} other roles "
        f"({len(rotation.pairings)} pairings in all).",
        f"Lower bound: {rotation.bound.weeks} weeks, because {rotation.bound.reason}.",
    ]
    if rotation.meets_bound:
        lines.append(f"This plan takes {rotation.weeks} weeks: it meets the lower bound, so no plan can be shorter.")
    elif rotation.proven_shortest:
        lines.append(
            f"This plan takes {rotation.weeks} weeks, more than the bound: a complete search found no plan "
            f"in fewer, so {rotation.weeks} is the fewest possible."
        )
    else:
        lines.append(
            f"This plan takes {rotation.weeks} weeks, more than the bound of {rotation.bound.weeks}; "
            "a shorter plan may exist."
        )
    return "\n".join(textwrap.fill(line, width=88, subsequent_indent="  ") for line in lines)


def table(rotation: Plan) -> str:
    """A Markdown table, one row per week: who shadows whom, and who is free."""
    team = rotation.team
    rows = ["| Week | Shadower → host | Free this week |", "|---|---|---|"]
    for week in range(1, rotation.weeks + 1):
        pairs = rotation.in_week(week)
        busy = {p.shadower for p in pairs} | {p.host for p in pairs}
        text = "; ".join(f"{team.label(p.shadower)} → {team.label(p.host)}" for p in pairs)
        free = ", ".join(person.name for person in team.people if person.name not in busy) or "—"
        rows.append(f"| {week} | {text} | {free} |")
    return "\n".join(rows)


def grid(rotation: Plan) -> dict[str, list[str]]:
    """Person -> one cell per week: 'shadows X', 'hosts X' or '' (free)."""
    cells = {person.name: [""] * rotation.weeks for person in rotation.team.people}
    for p in rotation.pairings:
        cells[p.shadower][p.week - 1] = f"shadows {p.host}"
        cells[p.host][p.week - 1] = f"hosts {p.shadower}"
    return cells


def draw(rotation: Plan):
    """A people-by-weeks grid: shadowing cells plain with '→ host', hosting cells hatched with '← shadower'."""
    import matplotlib

    if "inline" not in matplotlib.get_backend():  # Jupyter's inline backend shows the figure itself
        matplotlib.use("Agg")  # elsewhere, draw without a display
    from matplotlib import pyplot as plt
    from matplotlib.patches import Rectangle

    team = rotation.team
    people = [person.name for person in team.people]
    figure, axes = plt.subplots(figsize=(1.3 * rotation.weeks + 2.2, 0.62 * len(people) + 1.5))
    for week in range(rotation.weeks):
        for row, name in enumerate(people):
            axes.add_patch(Rectangle((week, row), 1, 1, fill=False, ec="#999999", lw=0.6))
    role_short = {name: team.roles[team.role_of(name)].short for name in people}
    for p in rotation.pairings:
        x = p.week - 1
        row = people.index(p.shadower)
        axes.add_patch(Rectangle((x + 0.04, row + 0.06), 0.92, 0.88, fc="#dde8f5", ec="#000000", lw=1.2))
        axes.text(x + 0.5, row + 0.5, f"→ {p.host}\n({role_short[p.host]})", ha="center", va="center", fontsize=8)
        row = people.index(p.host)
        axes.add_patch(Rectangle((x + 0.04, row + 0.06), 0.92, 0.88, fc="#f4f4f4", ec="#555555", lw=0.8,
                                 hatch="///", linestyle="--"))
        axes.text(x + 0.5, row + 0.5, f"← {p.shadower}\n({role_short[p.shadower]})", ha="center", va="center",
                  fontsize=8, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
    axes.set_xlim(0, rotation.weeks)
    axes.set_ylim(len(people), 0)
    axes.set_xticks([w + 0.5 for w in range(rotation.weeks)], [f"Week {w + 1}" for w in range(rotation.weeks)], fontsize=8)
    axes.set_yticks([r + 0.5 for r in range(len(people))], [team.label(name) for name in people], fontsize=9)
    axes.xaxis.tick_top()
    axes.tick_params(length=0)
    for side in axes.spines.values():
        side.set_visible(False)
    axes.set_title(
        f"{team.title}: {rotation.weeks} weeks (lower bound {rotation.bound.weeks})\n"
        "→ name: shadows that person (solid box) · ← name: hosts that person (hatched, dashed box) · empty: free",
        fontsize=9,
    )
    figure.tight_layout()
    return figure


def show(path: str | Path):
    """For the notebook: print the plan and return the grid figure, or print one clear message on bad input."""
    try:
        rotation = plan(load_team(path))
    except UserError as exc:
        print(f"Problem with the rotation: {exc}")
        return None
    print(describe(rotation))
    print()
    print(table(rotation))
    return draw(rotation)
