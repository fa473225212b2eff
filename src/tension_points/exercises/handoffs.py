"""The Silos exercise: a hand-off map of the teams around a model.

Reads a small YAML file of teams and hand-offs, finds the hand-offs that only
go one way and the teams whose work never comes back to them (no feedback
loop), and draws the map so both show without relying on colour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from tension_points.datafiles import check_unique_field, parse_yaml, validate
from tension_points.errors import UserError
from tension_points.textfiles import read_text


@dataclass(frozen=True)
class Handoff:
    source: str
    target: str
    what: str


@dataclass(frozen=True)
class HandoffMap:
    title: str
    teams: dict[str, str]  # id -> display name, in file order
    handoffs: tuple[Handoff, ...]


@dataclass(frozen=True)
class Findings:
    one_way: tuple[Handoff, ...]  # nothing goes straight back from the receiver to the sender
    open_loops: tuple[Handoff, ...]  # nothing ever comes back to the sender, by any route

    @property
    def no_feedback(self) -> tuple[str, ...]:
        """Teams that send at least one piece of work into the void."""
        return tuple(dict.fromkeys(h.source for h in self.open_loops))


def load_map(path: str | Path) -> HandoffMap:
    path = Path(path)
    return parse_map(read_text(path, "a YAML file"), path)


def parse_map(text: str, path: str | Path) -> HandoffMap:
    """The loader proper, on a file's text: the notebook reads a file, the live room a pair's answer."""
    path = Path(path)
    data = validate(parse_yaml(text, path), "handoffs", path)
    check_unique_field(path, data["teams"], "teams", "team id")
    teams = {team["id"]: team["name"] for team in data["teams"]}
    handoffs = []
    for index, entry in enumerate(data["handoffs"]):
        for field in ("from", "to"):
            if entry[field] not in teams:
                known = ", ".join(teams)
                raise UserError(f"{path}: handoffs[{index}].{field}: unknown team '{entry[field]}' (known: {known})")
        if entry["from"] == entry["to"]:
            raise UserError(f"{path}: handoffs[{index}]: a team cannot hand off to itself ('{entry['from']}')")
        handoffs.append(Handoff(entry["from"], entry["to"], entry["what"]))
    return HandoffMap(data.get("title", path.stem), teams, tuple(handoffs))


def reachable_from(start: str, handoffs: tuple[Handoff, ...]) -> set[str]:
    seen, frontier = {start}, [start]
    while frontier:
        team = frontier.pop()
        for handoff in handoffs:
            if handoff.source == team and handoff.target not in seen:
                seen.add(handoff.target)
                frontier.append(handoff.target)
    return seen


def analyse(handoff_map: HandoffMap) -> Findings:
    pairs = {(h.source, h.target) for h in handoff_map.handoffs}
    one_way = tuple(h for h in handoff_map.handoffs if (h.target, h.source) not in pairs)
    open_loops = tuple(
        h for h in handoff_map.handoffs if h.source not in reachable_from(h.target, handoff_map.handoffs)
    )
    return Findings(one_way, open_loops)


def describe(handoff_map: HandoffMap, findings: Findings) -> str:
    name = handoff_map.teams
    lines = [f"{handoff_map.title}: {len(handoff_map.teams)} teams, {len(handoff_map.handoffs)} hand-offs."]
    if findings.one_way:
        lines.append(f"One-way hand-offs ({len(findings.one_way)}): nothing goes straight back.")
        lines += [f"  - {name[h.source]} -> {name[h.target]}: {h.what}" for h in findings.one_way]
    else:
        lines.append("Every hand-off has something coming straight back.")
    if findings.open_loops:
        lines.append(f"Missing feedback loops ({len(findings.open_loops)}): the sender never hears back, by any route.")
        lines += [f"  - {name[h.source]} never hears how '{h.what}' worked out" for h in findings.open_loops]
    else:
        lines.append("Every team that sends work out hears back, directly or through others.")
    return "\n".join(lines)


def draw(handoff_map: HandoffMap, findings: Findings):
    """A matplotlib figure: two-way links solid, one-way links dashed and labelled, silos boxed in bold."""
    # No backend is forced: notebooks show the figure inline, scripts and tests fall back to Agg.
    from matplotlib import pyplot as plt

    ids = list(handoff_map.teams)
    angle = {team: math.pi / 2 - 2 * math.pi * index / len(ids) for index, team in enumerate(ids)}
    position = {team: (math.cos(a), math.sin(a)) for team, a in angle.items()}
    figure, axes = plt.subplots(figsize=(8, 6.5))
    one_way = set(findings.one_way)
    for handoff in handoff_map.handoffs:
        draw_handoff(axes, position, handoff, handoff in one_way)
    for team in ids:
        draw_team(axes, position[team], handoff_map.teams[team], team in findings.no_feedback)
    axes.set_xlim(-1.6, 1.6)
    axes.set_ylim(-1.45, 1.45)
    axes.set_aspect("equal")
    axes.axis("off")
    axes.set_title(f"{handoff_map.title}\nsolid: two-way · dashed: one-way · bold box with '!': no feedback loop", fontsize=10)
    figure.tight_layout()
    return figure


def draw_handoff(axes, position, handoff: Handoff, is_one_way: bool) -> None:
    start, end = position[handoff.source], position[handoff.target]
    axes.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops=dict(
            arrowstyle="-|>",
            linestyle="--" if is_one_way else "-",
            color="#b00020" if is_one_way else "#333333",
            lw=1.6,
            shrinkA=38,
            shrinkB=38,
            connectionstyle="arc3,rad=0.12",
        ),
    )
    middle = ((start[0] + end[0]) / 2 + 0.06 * (start[1] - end[1]), (start[1] + end[1]) / 2 + 0.06 * (end[0] - start[0]))
    label = handoff.what + (" (one-way)" if is_one_way else "")
    axes.text(*middle, label, fontsize=7.5, ha="center", va="center", wrap=True,
              bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))


def draw_team(axes, point, name: str, isolated: bool) -> None:
    text = f"! {name}" if isolated else name
    axes.text(*point, text, ha="center", va="center", fontsize=9, fontweight="bold" if isolated else "normal",
              bbox=dict(boxstyle="round,pad=0.4", fc="#fff4e5" if isolated else "#eef2f7",
                        ec="#000000", lw=2.4 if isolated else 0.8))


def show(path: str | Path):
    """For the notebook: print the findings and return the figure, or print one clear message on bad input."""
    try:
        handoff_map = load_map(path)
    except UserError as exc:
        print(f"Problem with the hand-off map: {exc}")
        return None
    findings = analyse(handoff_map)
    print(describe(handoff_map, findings))
    return draw(handoff_map, findings)
