"""A solution that quotes what a tool prints ("`show` prints "...", "the description ends
"..."") quotes what the tool really prints for the change the solution describes: each claim
on each exercise page is checked against a run of the tool, and a new claim with no run here
fails until one is added."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tension_points.exercises import ownership, rotation

EXERCISES = Path(__file__).resolve().parents[2] / "exercises"
# The tool's words after "prints", "ends", "says" or "reports", up to the closing quote; "and" continues a claim.
CLAIM = re.compile(r'\b(?:prints|ends|ending|says|reports)\s+((?:"[^"]+"(?:\s+and\s+)?)+)')


def claims(page: str) -> list[str]:
    text = (EXERCISES / f"{page}.md").read_text(encoding="utf-8")
    solutions = "\n".join(re.findall(r"^`{3,4}\{solution\}.*?^`{3,4}$", text, re.M | re.S))
    return [quoted for found in CLAIM.findall(solutions) for quoted in re.findall(r'"([^"]+)"', found)]


def said(claim: str, output: str) -> bool:
    """The claim, its whitespace as printed and "..." standing for the rest, is in the output."""
    pieces = [re.escape(" ".join(piece.split())) for piece in re.split(r"\s*(?:\.\.\.|…)\s*", claim) if piece.strip()]
    return re.search(r".*?".join(pieces), " ".join(output.split())) is not None


def ownership_fixed(tmp_path: Path) -> str:
    """The four changes of the ownership solution, then the check's description."""
    data = yaml.safe_load((EXERCISES / "data" / "ownership-example.yaml").read_text(encoding="utf-8"))
    stages = {stage["id"]: stage for stage in data["stages"]}
    for stage, role, cell in [("monitoring", "mle", "RA"), ("labels", "ds", "C"), ("ux", "design", "R"), ("monitoring", "support", "C")]:
        stages[stage]["raci"][role] = cell
    fixed = tmp_path / "fixed.yaml"
    fixed.write_text(yaml.safe_dump(data), encoding="utf-8")
    matrix = ownership.load_matrix(fixed)
    return ownership.describe(matrix, ownership.check(matrix))


def rotation_with_gus(tmp_path: Path) -> str:
    """The rotation solution's second question: the example team with a second ML engineer."""
    team = tmp_path / "team.yaml"
    text = (EXERCISES / "data" / "rotation-example.yaml").read_text(encoding="utf-8")
    team.write_text(re.sub(r"(\n(\s*)- \{name: [^\n]*role: ml-engineer\}[^\n]*)", r"\1\n\2- {name: Gus, role: ml-engineer}", text, count=1), encoding="utf-8")
    return rotation.describe(rotation.plan(rotation.load_team(team)))


RUNS = {"ownership-matrix": ownership_fixed, "cross-training-rotation": rotation_with_gus}


def test_every_quoted_output_in_a_solution_is_what_the_tool_prints(tmp_path):
    pages = sorted(p.stem for p in EXERCISES.glob("*.md"))
    quoted = {page: claims(page) for page in pages if claims(page)}
    assert set(quoted) <= set(RUNS), f"solutions quote a tool's output with no run to check them: {sorted(set(quoted) - set(RUNS))}"
    assert set(quoted) == set(RUNS), "a run here checks a page that no longer quotes its tool"
    for page, page_claims in quoted.items():
        output = RUNS[page](tmp_path)
        for claim in page_claims:
            assert said(claim, output), f"exercises/{page}.md quotes {claim!r}, but the tool prints:\n{output}"


def test_a_misquoted_output_is_caught():
    assert said("Every stage has exactly one accountable role", "Every stage has exactly one accountable role and ...")
    assert not said("Every stage has one accountable role", "Every stage has exactly one accountable role")
    assert said("Lower bound: 9 weeks, because the only ... host 6 people ...", "Lower bound: 9 weeks, because the only x must host 6 people.")
