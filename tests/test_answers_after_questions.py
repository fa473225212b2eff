"""An executed output that answers an exercise never sits open above its question on the site.

The exercise pages run the kit's tools on the worked example when the site is built; the
tool's verdict (the gaps in a matrix, the teams that hear nothing, the length of a plan) is
what the exercise below asks the learner to find. Such an output is folded (the cell tag
hide-output) or comes after the question, on every exercise page, whatever the tool."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from paths import HTML, REPO, require

EXERCISE_PAGES = sorted(p.stem for p in (REPO / "exercises").glob("*.md") if "```{exercise}" in p.read_text(encoding="utf-8"))
KIT_TOOLS = re.compile(r"from tension_points\.exercises import ([\w, ]+)")


EXAMPLE_FILE = re.compile(r"^\s*(\w+)\s*=\s*Path\([\"']data/[\w./-]*example[\w./-]*[\"']\)", re.MULTILINE)


def verdict_on_the_example(source: str, tools: set[str], examples: set[str]) -> bool:
    """A cell that runs one of the kit's exercise tools on a worked example (not on a broken
    file): the variable ``example``, or any name the page binds to a ``data/...example...`` file
    (``week = Path("data/ownership-week-example.yaml")``)."""
    names = "|".join(sorted({"example", *examples}))
    return any(re.search(rf"\b{tool}\.\w+\((?:[^()]|\([^()]*\))*\b(?:{names})\b", source) for tool in tools)


@pytest.mark.parametrize("stem", EXERCISE_PAGES)
def test_a_tools_verdict_on_the_example_is_folded_or_follows_the_question(stem):
    soup = BeautifulSoup(require(HTML / "exercises" / f"{stem}.html").read_text(encoding="utf-8"), "html.parser")
    cells = soup.select("div.cell")
    tools = {name.strip() for cell in cells for found in KIT_TOOLS.findall(cell.get_text()) for name in found.split(",")}
    examples = {name for cell in cells for name in EXAMPLE_FILE.findall(cell.select_one("div.cell_input").get_text())}
    exercises = soup.select("div.exercise")
    assert exercises, f"{stem}: no exercise rendered"
    last_question = exercises[-1]
    verdicts = 0
    for cell in cells:
        source = cell.select_one("div.cell_input").get_text()
        output = cell.select_one("div.cell_output")
        if not verdict_on_the_example(source, tools, examples) or output is None:
            continue
        verdicts += 1
        before_a_question = last_question in cell.find_all_next("div", class_="exercise")
        if before_a_question:
            fold = output.find_parent("details")
            assert fold is not None and not fold.has_attr("open"), \
                f"{stem}: the output of {source.strip().splitlines()[-1]!r} answers an exercise below it and is shown open"
            assert fold.find("summary").get_text(strip=True), f"{stem}: a fold with no label to open it by"
    assert verdicts, f"{stem}: no cell runs the kit's tool on the example (the test's pattern no longer matches the page)"
