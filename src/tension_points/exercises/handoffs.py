"""The Silos exercise: a hand-off map of the teams around a model.

Reads a small YAML file of teams and hand-offs. Each hand-off says what it carries and,
when it is feedback, which hand-off it reports on. Feedback is information about how a
piece of received work fared, travelling back to the team that sent that work, from a
team the work reached. Any other hand-off is work, even one that travels back the way
work came (a request, a target): a path back is not feedback.

The analysis finds the work whose sender never hears how it fared (one-way hand-offs),
the teams that hear about none of their work (missing feedback loops), and the teams that
receive work and send nothing at all. The drawing shows all three without relying on
colour: line styles, words on the arrows and "!" on the teams.
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
    id: str | None = None
    feedback_on: str | None = None  # the id of the hand-off whose work this one reports on

    @property
    def is_feedback(self) -> bool:
        return self.feedback_on is not None


@dataclass(frozen=True)
class HandoffMap:
    title: str
    teams: dict[str, str]  # id -> display name, in file order
    handoffs: tuple[Handoff, ...]

    @property
    def work(self) -> tuple[Handoff, ...]:
        return tuple(h for h in self.handoffs if not h.is_feedback)

    @property
    def feedback(self) -> tuple[Handoff, ...]:
        return tuple(h for h in self.handoffs if h.is_feedback)

    def by_id(self, handoff_id: str) -> Handoff:
        return next(h for h in self.handoffs if h.id == handoff_id)


@dataclass(frozen=True)
class Findings:
    one_way: tuple[Handoff, ...]  # work whose sender never hears how it fared
    no_feedback: tuple[str, ...]  # teams that send work and hear how none of it fared: missing feedback loops
    silent: tuple[str, ...]  # teams that receive work and send nothing at all, not even feedback

    @property
    def open_loops(self) -> tuple[str, ...]:
        return self.no_feedback


def load_map(path: str | Path) -> HandoffMap:
    path = Path(path)
    return parse_map(read_text(path, "a YAML file"), path)


def parse_map(text: str, path: str | Path) -> HandoffMap:
    """The loader proper, on a file's text: the notebook reads a file, the live room a pair's answer."""
    path = Path(path)
    data = validate(parse_yaml(text, path), "handoffs", path)
    check_unique_field(path, data["teams"], "teams", "team id")
    check_unique_ids(path, data["handoffs"])
    teams = {team["id"]: team["name"] for team in data["teams"]}
    handoffs = []
    for index, entry in enumerate(data["handoffs"]):
        for field in ("from", "to"):
            if entry[field] not in teams:
                known = ", ".join(teams)
                raise UserError(f"{path}: handoffs[{index}].{field}: unknown team '{entry[field]}' (known: {known})")
        if entry["from"] == entry["to"]:
            raise UserError(f"{path}: handoffs[{index}]: a team cannot hand off to itself ('{entry['from']}')")
        handoffs.append(Handoff(entry["from"], entry["to"], entry["what"], entry.get("id"), entry.get("feedback_on")))
    handoff_map = HandoffMap(data.get("title", path.stem), teams, tuple(handoffs))
    for index, handoff in enumerate(handoffs):
        if handoff.is_feedback:
            check_feedback(handoff_map, handoff, f"{path}: handoffs[{index}]")
    return handoff_map


def check_unique_ids(path: Path, entries: list[dict]) -> None:
    """A hand-off's id is optional, but two hand-offs never share one (feedback names the work by it)."""
    first: dict[str, int] = {}
    for index, entry in enumerate(entries):
        if "id" in entry and entry["id"] in first:
            raise UserError(f"{path}: handoffs[{index}].id: duplicate hand-off id '{entry['id']}' (also handoffs[{first[entry['id']]}])")
        first.setdefault(entry.get("id"), index)


def check_feedback(handoff_map: HandoffMap, feedback: Handoff, where: str) -> None:
    """Feedback reports on one piece of work, goes back to its sender, and comes from a team the work reached."""
    ids = [h.id for h in handoff_map.handoffs if h.id]
    if feedback.feedback_on not in ids:
        known = ", ".join(ids) or "none: give the work an id"
        raise UserError(f"{where}.feedback_on: no hand-off has the id '{feedback.feedback_on}' (ids: {known})")
    work = handoff_map.by_id(feedback.feedback_on)
    name = handoff_map.teams
    if work.is_feedback:
        raise UserError(f"{where}.feedback_on: '{work.what}' is itself feedback; feedback reports on a piece of work")
    if feedback.target != work.source:
        raise UserError(f"{where}.to: feedback on '{work.what}' goes back to the team that sent it, "
                        f"{name[work.source]} ('{work.source}'), not to {name[feedback.target]}")
    if feedback.source not in reached_by(work, handoff_map.work):
        raise UserError(f"{where}.from: {name[feedback.source]} never receives '{work.what}', directly or through "
                        "later hand-offs, so it cannot say how that work fared")


def reached_by(work: Handoff, handoffs: tuple[Handoff, ...]) -> set[str]:
    """The team a piece of work goes to, and every team that team's work flows on to."""
    seen, frontier = {work.target}, [work.target]
    while frontier:
        team = frontier.pop()
        for handoff in handoffs:
            if handoff.source == team and handoff.target not in seen:
                seen.add(handoff.target)
                frontier.append(handoff.target)
    return seen


def analyse(handoff_map: HandoffMap) -> Findings:
    answered = {h.feedback_on for h in handoff_map.feedback}
    one_way = tuple(h for h in handoff_map.work if h.id is None or h.id not in answered)
    senders = list(dict.fromkeys(h.source for h in handoff_map.work))
    heard = {h.source for h in handoff_map.work if h not in one_way}
    receivers = {h.target for h in handoff_map.handoffs}
    anything_sent = {h.source for h in handoff_map.handoffs}
    silent = tuple(t for t in handoff_map.teams if t in receivers and t not in anything_sent)
    return Findings(one_way, tuple(t for t in senders if t not in heard), silent)


def describe(handoff_map: HandoffMap, findings: Findings) -> str:
    name = handoff_map.teams
    feedback = handoff_map.feedback
    lines = [f"{handoff_map.title}: {len(handoff_map.teams)} teams, {len(handoff_map.handoffs)} hand-offs "
             f"({len(feedback)} of them feedback)."]
    if feedback:
        lines.append(f"Feedback ({len(feedback)}): how a piece of received work fared, going back to its sender.")
        lines += [f"  - {name[h.source]} -> {name[h.target]}: {h.what} (on '{handoff_map.by_id(h.feedback_on).what}')"
                  for h in feedback]
    else:
        lines.append("Feedback: none. No hand-off says how a piece of work fared.")
    if findings.one_way:
        lines.append(f"One-way hand-offs ({len(findings.one_way)}): work whose sender never hears how it fared.")
        lines += [f"  - {name[h.source]} -> {name[h.target]}: {h.what}" for h in findings.one_way]
    else:
        lines.append("Every piece of work has feedback coming back to its sender.")
    if findings.no_feedback:
        lines.append(f"Missing feedback loops ({len(findings.no_feedback)}): teams that hear how none of their work fared.")
        lines += [f"  - {name[t]}" for t in findings.no_feedback]
    else:
        lines.append("Every team that sends work hears how some of it fared.")
    if findings.silent:
        lines.append(f"Sends nothing ({len(findings.silent)}): receives work and hands nothing on, not even feedback.")
        lines += [f"  - {name[t]}" for t in findings.silent]
    return "\n".join(lines)


# --- the drawing -------------------------------------------------------------------------

WORK_HEARD = dict(linestyle="-", color="#333333")
WORK_ONE_WAY = dict(linestyle="--", color="#b00020")
FEEDBACK = dict(linestyle=":", color="#1a5fb4")
LEGEND = ("solid: work that hears back · dashed '(one-way)': work nobody reports on · "
          "dotted 'feedback:': how received work fared · '!': a team that hears back about none of its work")


def draw(handoff_map: HandoffMap, findings: Findings):
    """A matplotlib figure: teams round an ellipse, arrows clipped at the teams' boxes, each label on its arrow."""
    # No backend is forced: notebooks show the figure inline, scripts and tests fall back to Agg.
    from matplotlib import pyplot as plt

    ids = list(handoff_map.teams)
    angle = {team: math.pi / 2 - 2 * math.pi * index / len(ids) for index, team in enumerate(ids)}
    position = {team: (1.55 * math.cos(a), 1.05 * math.sin(a)) for team, a in angle.items()}
    low, high = min(y for _, y in position.values()) - 0.35, max(y for _, y in position.values()) + 0.3
    figure, axes = plt.subplots(figsize=(10, 1.1 + 8.4 * (high - low) / 4.2))
    figure.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=1 - 0.95 / figure.get_figheight())
    axes.set_xlim(-2.1, 2.1)
    axes.set_ylim(low, high)
    axes.set_aspect("equal")
    axes.axis("off")
    axes.set_title(f"{handoff_map.title}\n" + LEGEND.replace(" · dotted", "\ndotted"), fontsize=9)
    boxes = {team: draw_team(axes, position[team], handoff_map.teams[team], team in findings.no_feedback) for team in ids}
    figure.draw_without_rendering()  # place the boxes: arrows end at their edges, labels keep off them
    taken = [box.get_window_extent() for box in boxes.values()]
    one_way = set(findings.one_way)
    pairs = [frozenset((h.source, h.target)) for h in handoff_map.handoffs]
    for index, (handoff, pair) in enumerate(zip(handoff_map.handoffs, pairs)):
        lane = pairs[:index].count(pair)
        rad = (0.3 if pairs.count(pair) > 1 else 0.12) + 0.18 * lane  # several between two teams: apart
        line = style(handoff, one_way)
        curve = draw_handoff(axes, position, boxes, handoff, line, rad)
        taken.append(place_label(axes, curve, label(handoff, one_way), line, taken))
    return figure


def style(handoff: Handoff, one_way: set[Handoff]) -> dict:
    return FEEDBACK if handoff.is_feedback else WORK_ONE_WAY if handoff in one_way else WORK_HEARD


def label(handoff: Handoff, one_way: set[Handoff]) -> str:
    if handoff.is_feedback:
        return f"feedback: {handoff.what}"
    return handoff.what + (" (one-way)" if handoff in one_way else "")


def draw_handoff(axes, position, boxes, handoff: Handoff, line: dict, rad: float):
    """The arrow, from box edge to box edge; returns its curve (a quadratic Bezier, as arc3 draws it) as a function."""
    start, end = position[handoff.source], position[handoff.target]
    axes.annotate(
        "", xy=end, xytext=start, zorder=3,  # drawn after the boxes, so it is clipped where they are drawn
        arrowprops=dict(arrowstyle="-|>", lw=1.6, mutation_scale=14, shrinkA=3, shrinkB=3,
                        patchA=boxes[handoff.source], patchB=boxes[handoff.target],
                        connectionstyle=f"arc3,rad={rad}", **line),
    )
    dx, dy = end[0] - start[0], end[1] - start[1]
    control = ((start[0] + end[0]) / 2 + rad * dy, (start[1] + end[1]) / 2 - rad * dx)

    def curve(t: float) -> tuple[float, float]:
        return tuple((1 - t) ** 2 * a + 2 * (1 - t) * t * c + t**2 * b for a, c, b in zip(start, control, end))

    return curve


TEAM_SIZE, LABEL_SIZE = 10.5, 8.5
LABEL_PLACES = (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8)


def place_label(axes, curve, text: str, line: dict, taken: list):
    """The label on its arrow: at the middle, or the nearest point along the arrow that overlaps nothing placed."""
    label = axes.text(*curve(0.5), wrap_label(text), fontsize=LABEL_SIZE, ha="center", va="center", zorder=4,
                      bbox=dict(boxstyle="round,pad=0.25", fc="white", ec=line["color"], lw=0.6, ls=line["linestyle"]))
    for t in LABEL_PLACES:
        label.set_position(curve(t))
        extent = label.get_window_extent().expanded(1.15, 1.3)
        if not any(extent.overlaps(other) for other in taken):
            return extent
    label.set_position(curve(0.5))
    return label.get_window_extent()


def wrap_label(text: str, width: int = 24) -> str:
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return "\n".join([*lines, current])


def draw_team(axes, point, name: str, isolated: bool):
    """The team's box; returned so that arrows can end at its edge."""
    text = axes.text(*point, f"! {name}" if isolated else name, ha="center", va="center", fontsize=TEAM_SIZE, zorder=2,
                     fontweight="bold" if isolated else "normal",
                     bbox=dict(boxstyle="round,pad=0.5", fc="#fff4e5" if isolated else "#eef2f7",
                               ec="#000000", lw=2.4 if isolated else 0.8))
    return text.get_bbox_patch()


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
