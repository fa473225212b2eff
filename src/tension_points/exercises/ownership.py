"""The Ownership exercise: who owns each stage of the pipeline around a model.

Two small YAML files go in:

- an ownership matrix: the stages of the pipeline, the roles, and for each stage
  which roles are R (responsible: does the work), A (accountable: answers for the
  outcome), both (RA), C (consulted) or I (informed). A cell holds one of those five:
  a role that does or answers for the work is not also asked or told about it, so a
  cell such as AC or RACI is refused with a message naming the stage and the role;
- a week of work: hours per activity, each counted as work on models, on data or
  other, charted beside Andrej Karpathy's slide as Pete Warden recalled it on the
  panel (a PhD: about 90% models, 10% data; industry: about 80% data).

The matrix checks find the gaps a RACI chart exists to expose: a stage nobody is
accountable for, a stage two roles are each accountable for, a stage nobody does,
and a role that has no part anywhere. Charts do not rely on colour (letters,
hatches and "!" marks carry the meaning).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from tension_points.datafiles import check_unique_field, load_validated, parse_yaml, validate
from tension_points.errors import UserError
from tension_points.textfiles import read_text

LETTERS = "RACI"
LETTER_NAMES = {"R": "responsible", "A": "accountable", "C": "consulted", "I": "informed"}
# What one cell (one role at one stage) may hold: one letter, or RA (does the work and answers for it).
CELLS = {"R": "responsible", "A": "accountable", "RA": "responsible and accountable", "C": "consulted", "I": "informed"}
KINDS = ("model", "data", "other")

# Karpathy's slide as Pete Warden recalled it on the panel: approximate, and only models vs data.
KARPATHY = {
    "PhD\n(Karpathy's slide, as recalled)": {"model": 90.0, "data": 10.0},
    "Industry\n(Karpathy's slide, as recalled)": {"model": 20.0, "data": 80.0},
}


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    raci: dict[str, str]  # role id -> letters, e.g. "RA"

    def roles_with(self, letter: str) -> tuple[str, ...]:
        return tuple(role for role, letters in self.raci.items() if letter in letters)


@dataclass(frozen=True)
class Matrix:
    title: str
    roles: dict[str, str]  # id -> display name, in file order
    stages: tuple[Stage, ...]


@dataclass(frozen=True)
class Findings:
    no_accountable: tuple[str, ...]  # stage ids
    many_accountable: tuple[str, ...]  # stage ids with two or more A
    no_responsible: tuple[str, ...]  # stage ids
    idle_roles: tuple[str, ...]  # role ids with no letter in any stage

    @property
    def ok(self) -> bool:
        return not (self.no_accountable or self.many_accountable or self.no_responsible or self.idle_roles)

    def flags(self, stage_id: str) -> list[str]:
        """Short labels for what is wrong with one stage (empty when nothing is)."""
        flags = []
        if stage_id in self.no_accountable:
            flags.append("no A")
        if stage_id in self.many_accountable:
            flags.append("2+ A")
        if stage_id in self.no_responsible:
            flags.append("no R")
        return flags


# --- the ownership matrix -------------------------------------------------


def load_matrix(path: str | Path) -> Matrix:
    path = Path(path)
    return parse_matrix(read_text(path, "a YAML file"), path)


def parse_matrix(text: str, path: str | Path) -> Matrix:
    """The loader proper, on a file's text: the notebook reads a file, the live room a pair's answer."""
    path = Path(path)
    data = parse_yaml(text, path)
    check_cells(data, path)  # before the schema, whose message for a bad cell would only quote a pattern
    data = validate(data, "ownership", path)
    check_unique_field(path, data["roles"], "roles", "role id")
    check_unique_field(path, data["stages"], "stages", "stage id")
    roles = {role["id"]: role["name"] for role in data["roles"]}
    stages: list[Stage] = []
    for index, entry in enumerate(data["stages"]):
        for role in entry["raci"]:
            if role not in roles:
                known = ", ".join(roles)
                raise UserError(f"{path}: stages[{index}].raci.{role}: unknown role '{role}' in stage '{entry['id']}' (known: {known})")
        # Keep the file's role order, and RA rather than AR, so tables read the same every time.
        raci = {role: normal_cell(entry["raci"][role]) for role in roles if role in entry["raci"]}
        stages.append(Stage(entry["id"], entry["name"], raci))
    return Matrix(data.get("title", path.stem), roles, tuple(stages))


def normal_cell(cell: str) -> str:
    return "RA" if cell == "AR" else cell


def check_cells(data, path: Path) -> None:
    """Every cell that is text holds R, A, RA, C or I; anything else is one line naming the stage and the role."""
    stages = data.get("stages") if isinstance(data, dict) else None
    for index, entry in enumerate(stages if isinstance(stages, list) else []):
        raci = entry.get("raci") if isinstance(entry, dict) else None
        for role, cell in (raci.items() if isinstance(raci, dict) else ()):
            if isinstance(cell, str) and normal_cell(cell) not in CELLS:
                stage = entry.get("id", index)
                raise UserError(f"{path}: stages[{index}].raci.{role}: {cell_problem(cell)} (stage '{stage}', role '{role}')")


def cell_problem(cell: str) -> str:
    """Why a cell is refused, in the matrix's own terms."""
    allowed = "write R, A, RA (does the work and answers for it), C or I"
    strangers = sorted({letter for letter in cell if letter not in LETTERS})
    if not cell.strip():
        return "the cell is empty: leave the role out of the stage if it has no part"
    if strangers:
        return f"'{cell}': {', '.join(strangers)} is not a RACI letter; {allowed}"
    repeated = sorted({letter for letter in cell if cell.count(letter) > 1})
    if repeated:
        return f"'{cell}': letter '{repeated[0]}' given twice; {allowed}"
    if set(cell) & set("RA") and set(cell) & set("CI"):
        return (f"'{cell}' contradicts itself: a role that does the work (R) or answers for it (A) is not also "
                f"consulted (C) or informed (I) about it; {allowed}")
    return f"'{cell}': consulted (asked before) and informed (told after) are two different parts; write C or I"


def check(matrix: Matrix) -> Findings:
    used = {role for stage in matrix.stages for role in stage.raci}
    return Findings(
        no_accountable=tuple(s.id for s in matrix.stages if not s.roles_with("A")),
        many_accountable=tuple(s.id for s in matrix.stages if len(s.roles_with("A")) > 1),
        no_responsible=tuple(s.id for s in matrix.stages if not s.roles_with("R")),
        idle_roles=tuple(role for role in matrix.roles if role not in used),
    )


def describe(matrix: Matrix, findings: Findings) -> str:
    stage_name = {s.id: s.name for s in matrix.stages}
    by_id = {s.id: s for s in matrix.stages}
    role_name = matrix.roles
    lines = [f"{matrix.title}: {len(matrix.stages)} stages, {len(matrix.roles)} roles."]
    if findings.ok:
        lines.append("Every stage has exactly one accountable role and at least one responsible role; every role has a part.")
        return "\n".join(lines)
    if findings.no_accountable:
        lines.append(f"No one accountable ({len(findings.no_accountable)}): nobody answers for the outcome; every stage needs exactly one A.")
        lines += [f"  - {stage_name[s]}" for s in findings.no_accountable]
    if findings.many_accountable:
        lines.append(f"Two or more accountable ({len(findings.many_accountable)}): each can assume the other decides; every stage needs exactly one A.")
        for s in findings.many_accountable:
            names = " and ".join(role_name[r] for r in by_id[s].roles_with("A"))
            lines.append(f"  - {stage_name[s]}: {names}")
    if findings.no_responsible:
        lines.append(f"No one responsible ({len(findings.no_responsible)}): nobody does the work.")
        lines += [f"  - {stage_name[s]}" for s in findings.no_responsible]
    if findings.idle_roles:
        lines.append(f"Roles with no part in any stage ({len(findings.idle_roles)}):")
        lines += [f"  - {role_name[r]}" for r in findings.idle_roles]
    return "\n".join(lines)


def table(matrix: Matrix, findings: Findings | None = None) -> str:
    """The matrix as a plain-text table: stages down, roles across, and a column of checks."""
    findings = findings or check(matrix)
    headers = ["Stage", *matrix.roles.values(), "Check"]
    rows = []
    for stage in matrix.stages:
        flags = findings.flags(stage.id)
        rows.append([stage.name, *(stage.raci.get(r, "-") for r in matrix.roles), ("! " + ", ".join(flags)) if flags else "ok"])
    idle = set(findings.idle_roles)
    rows.append(["(role has a part?)", *("! none" if r in idle else "yes" for r in matrix.roles), ""])
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells):
        return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [line(headers), line("-" * w for w in widths)]
    out += [line(row) for row in rows]
    return "\n".join(out)


def markdown_table(matrix: Matrix, findings: Findings | None = None) -> str:
    """The same matrix as a Markdown table, for pasting into a wiki or a team's README."""
    findings = findings or check(matrix)
    headers = ["Stage", *matrix.roles.values(), "Check"]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for stage in matrix.stages:
        flags = findings.flags(stage.id)
        cells = [stage.name, *(stage.raci.get(r, "") for r in matrix.roles), ("**! " + ", ".join(flags) + "**") if flags else "ok"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def draw_matrix(matrix: Matrix, findings: Findings | None = None):
    """A matplotlib table: letters in the cells, problem stages hatched and marked '!', idle roles marked '!'."""
    findings = findings or check(matrix)
    plt = _pyplot()
    roles = list(matrix.roles)
    idle = set(findings.idle_roles)
    columns = [("! " if r in idle else "") + matrix.roles[r] for r in roles] + ["Check"]
    cells, problem_rows = [], []
    for row, stage in enumerate(matrix.stages):
        flags = findings.flags(stage.id)
        cells.append([stage.raci.get(r, "") for r in roles] + [("! " + ", ".join(flags)) if flags else "ok"])
        if flags:
            problem_rows.append(row)
    figure, axes = plt.subplots(figsize=(1.2 * len(columns) + 2.6, 0.32 * len(cells) + 1.3))
    axes.axis("off")
    grid = axes.table(cellText=cells, rowLabels=[s.name for s in matrix.stages], colLabels=columns,
                      cellLoc="center", loc="center")
    grid.auto_set_font_size(False)
    grid.set_fontsize(8)
    grid.scale(1, 1.5)
    for (row, col), cell in grid.get_celld().items():
        if row == 0:
            cell.set_text_props(fontweight="bold", wrap=True)
            cell.set_height(cell.get_height() * 1.8)
            if col >= 0 and col < len(roles) and roles[col] in idle:
                cell.set_hatch("xx")
                cell.set_edgecolor("#555555")
        elif row - 1 in problem_rows:
            cell.set_hatch("//")
            cell.set_edgecolor("#555555")
            cell.set_text_props(fontweight="bold")
            cell.get_text().set_bbox(dict(boxstyle="round,pad=0.1", fc="white", ec="none"))
    axes.set_title(f"{matrix.title}\nR responsible · A accountable · C consulted · I informed · "
                   "hatched row with '!': a gap · '!' before a role: no part anywhere", fontsize=9)
    figure.tight_layout()
    return figure


def show(path: str | Path):
    """For the notebook: print the table and the findings and return the figure, or print one clear message."""
    try:
        matrix = load_matrix(path)
    except UserError as exc:
        print(f"Problem with the ownership matrix: {exc}")
        return None
    findings = check(matrix)
    print(table(matrix, findings))
    print()
    print(describe(matrix, findings))
    return display_in_notebook(draw_matrix(matrix, findings))


# --- where does the time go ----------------------------------------------


@dataclass(frozen=True)
class Activity:
    name: str
    hours: float
    kind: str


@dataclass(frozen=True)
class Week:
    title: str
    activities: tuple[Activity, ...]

    def hours_by_kind(self) -> dict[str, float]:
        totals = {kind: 0.0 for kind in KINDS}
        for activity in self.activities:
            totals[activity.kind] += activity.hours
        return totals

    @property
    def total_hours(self) -> float:
        return sum(a.hours for a in self.activities)

    def percent_by_kind(self) -> dict[str, float]:
        total = self.total_hours
        return {kind: 100 * hours / total for kind, hours in self.hours_by_kind().items()}

    def model_vs_data(self) -> dict[str, float] | None:
        """Of the hours spent on models or data, the percentage on each: the split Karpathy's slide shows."""
        hours = self.hours_by_kind()
        both = hours["model"] + hours["data"]
        if both == 0:
            return None
        return {"model": 100 * hours["model"] / both, "data": 100 * hours["data"] / both}


def load_week(path: str | Path) -> Week:
    path = Path(path)
    data = load_validated(path, "ownership-week")
    activities = tuple(Activity(a["name"], float(a["hours"]), a["kind"]) for a in data["activities"])
    return Week(data.get("title", path.stem), activities)


def describe_week(week: Week) -> str:
    hours, percent = week.hours_by_kind(), week.percent_by_kind()
    lines = [f"{week.title}: {_hours(week.total_hours)} hours in {len(week.activities)} activities."]
    lines += [f"  {kind:<6} {_hours(hours[kind]):>5} h  {percent[kind]:5.1f}%" for kind in KINDS]
    split = week.model_vs_data()
    if split is None:
        lines.append("No hours on models or data, so there is nothing to set beside Karpathy's slide.")
    else:
        lines.append(f"Of the hours on models or data: {split['model']:.0f}% models, {split['data']:.0f}% data.")
    lines.append("Karpathy's slide, as Pete Warden recalled it (approximate):")
    lines.append("  PhD about 90% models / 10% data; industry about 80% data.")
    return "\n".join(lines)


HATCHES = {"model": "//", "data": "..", "other": ""}


def draw_week(week: Week):
    """Stacked bars: Karpathy's two splits as recalled, then this week; hatches and labels, not colour, tell kinds apart."""
    plt = _pyplot()
    rows: list[tuple[str, dict[str, float]]] = [(label, dict(split, other=0.0)) for label, split in KARPATHY.items()]
    split = week.model_vs_data()
    if split is not None:
        rows.append(("This week:\nmodels vs data only", dict(split, other=0.0)))
    rows.append(("This week:\nall hours", week.percent_by_kind()))
    figure, axes = plt.subplots(figsize=(9, 1.0 * len(rows) + 1.4))
    shades = {"model": "#d9d9d9", "data": "#ffffff", "other": "#9e9e9e"}
    for index, (_, shares) in enumerate(rows):
        y = len(rows) - 1 - index
        left = 0.0
        for kind in KINDS:
            width = shares.get(kind, 0.0)
            if width <= 0:
                continue
            axes.barh(y, width, left=left, height=0.6, color=shades[kind], edgecolor="black", hatch=HATCHES[kind])
            if width >= 7:
                axes.text(left + width / 2, y, f"{kind}\n{width:.0f}%", ha="center", va="center", fontsize=8,
                          bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
            left += width
    axes.set_yticks(range(len(rows)), [label for label, _ in reversed(rows)], fontsize=8)
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of time")
    from matplotlib.patches import Patch

    axes.legend([Patch(facecolor=shades[k], edgecolor="black", hatch=HATCHES[k]) for k in KINDS], list(KINDS),
                loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, fontsize=8, frameon=False)
    axes.set_title(f"Where does the time go? {week.title}\n"
                   "Karpathy's splits are approximate, as Pete Warden recalled the slide (industry: the rest read as models)",
                   fontsize=9)
    figure.tight_layout()
    return figure


def show_week(path: str | Path):
    """For the notebook: print the week's split and return the chart, or print one clear message."""
    try:
        week = load_week(path)
    except UserError as exc:
        print(f"Problem with the week of work: {exc}")
        return None
    print(describe_week(week))
    return display_in_notebook(draw_week(week))


def display_in_notebook(figure):
    """Show the figure as a PNG when running in a Jupyter kernel; return it either way.

    The kit draws with the Agg backend (no display needed), which switches off the
    notebook's own figure display, so the notebook helpers display the image themselves.
    """
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:
        return figure
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return figure
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})
    display(Image(data=buffer.getvalue()))
    return figure


def _hours(value: float) -> str:
    return f"{value:g}"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # draw without a display; notebooks still show the returned figure
    from matplotlib import pyplot as plt

    return plt
