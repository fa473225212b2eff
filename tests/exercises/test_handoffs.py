"""The Silos exercise: a hand-off map says which hand-offs are feedback, and on which work.

Feedback is information about how a piece of received work fared, travelling back to the
team that sent it, from a team the work reached. Read as a specification: what counts as
feedback and what does not (a path back is not), what the map finds on the shipped
example and on its solution, each kind of bad input (one line naming the file and the
field), and what the drawing shows.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tension_points.errors import UserError
from tension_points.exercises import handoffs

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "exercises" / "data" / "handoffs-example.yaml"
PAGE = REPO / "exercises" / "silos-handoff-map.md"

TEAMS = "teams:\n  - {id: a, name: A}\n  - {id: b, name: B}\n  - {id: c, name: C}\nhandoffs:\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def loaded(tmp_path: Path, *handoff_lines: str) -> handoffs.HandoffMap:
    return handoffs.load_map(write(tmp_path, TEAMS + "".join(f"  - {line}\n" for line in handoff_lines)))


def refused(tmp_path: Path, *handoff_lines: str) -> str:
    with pytest.raises(UserError) as info:
        loaded(tmp_path, *handoff_lines)
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'map.yaml'}: ") and "\n" not in message
    return message


def with_solution() -> handoffs.HandoffMap:
    """The example with the three feedback hand-offs the page's solution adds."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["handoffs"] += yaml.safe_load(solution_lines())
    return handoffs.parse_map(yaml.safe_dump(data), "solved.yaml")


def solution_lines() -> str:
    """The YAML lines the page's solution to question 4 tells the learner to add, read from the page."""
    solution = PAGE.read_text(encoding="utf-8").split("```{solution} silos-handoff-map-questions", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", solution, re.S)
    assert block, "the solution shows the lines to add as a YAML block"
    return block.group(1)


# --- what counts as feedback -----------------------------------------------------------------

def test_work_with_feedback_on_it_is_not_one_way(tmp_path):
    findings = handoffs.analyse(loaded(tmp_path, "{id: w, from: a, to: b, what: report}",
                                       "{from: b, to: a, what: two numbers were wrong, feedback_on: w}"))
    assert findings.one_way == () and findings.no_feedback == ()


def test_a_hand_off_back_that_is_not_feedback_closes_no_loop(tmp_path):
    # B sends A new work (a target) in return: a path back, but nothing about how A's report fared.
    findings = handoffs.analyse(loaded(tmp_path, "{id: w, from: a, to: b, what: report}",
                                       "{id: t, from: b, to: a, what: next quarter's target}"))
    assert [h.what for h in findings.one_way] == ["report", "next quarter's target"]
    assert findings.no_feedback == ("a", "b")


def test_a_cycle_of_work_through_other_teams_is_not_feedback(tmp_path):
    findings = handoffs.analyse(loaded(tmp_path, "{from: a, to: b, what: x}", "{from: b, to: c, what: y}",
                                       "{from: c, to: a, what: z}"))
    assert findings.no_feedback == ("a", "b", "c")


def test_feedback_may_come_from_any_team_the_work_reached(tmp_path):
    handoff_map = loaded(tmp_path, "{id: model, from: a, to: b, what: model}", "{from: b, to: c, what: scores}",
                         "{from: c, to: a, what: which scores were wrong, feedback_on: model}")
    findings = handoffs.analyse(handoff_map)
    assert findings.no_feedback == ("b",)  # A hears how its model fared; B hears nothing about its scores


def test_feedback_to_one_team_tells_the_others_nothing(tmp_path):
    # The old mistake: one line back to the start of a chain does not give every team in it feedback.
    handoff_map = loaded(tmp_path, "{id: model, from: a, to: b, what: model}", "{id: api, from: b, to: c, what: api}",
                         "{from: c, to: a, what: who churned, feedback_on: model}")
    findings = handoffs.analyse(handoff_map)
    assert [h.id for h in findings.one_way] == ["api"] and findings.no_feedback == ("b",)


def test_a_team_that_receives_work_and_sends_nothing_is_named(tmp_path):
    findings = handoffs.analyse(loaded(tmp_path, "{from: a, to: b, what: x}"))
    assert findings.silent == ("b",)


# --- the shipped example and the page's solution -----------------------------------------

def test_the_example_has_one_piece_of_feedback_four_one_way_hand_offs_and_three_open_loops():
    handoff_map = handoffs.load_map(EXAMPLE)
    findings = handoffs.analyse(handoff_map)
    assert [(h.source, h.target, h.feedback_on) for h in handoff_map.feedback] == [("research", "data-eng", "extract")]
    assert [h.id for h in findings.one_way] == ["notebook", "score-api", "at-risk-list", "target"]
    assert findings.no_feedback == ("research", "platform", "product")
    assert findings.silent == ("support",)


def test_the_example_has_a_path_back_to_data_science_that_an_any_cycle_rule_would_call_a_loop():
    handoff_map = handoffs.load_map(EXAMPLE)
    reached = handoffs.reached_by(handoff_map.by_id("notebook"), handoff_map.work)
    assert "research" in reached  # notebook -> platform -> product -> research (the target)
    assert "research" in handoffs.analyse(handoff_map).no_feedback


def test_the_pages_solution_gives_every_sender_feedback_with_three_hand_offs():
    added = yaml.safe_load(solution_lines())
    assert len(added) == 3 and all("feedback_on" in h for h in added)
    findings = handoffs.analyse(with_solution())
    assert findings.no_feedback == () and [h.id for h in findings.one_way] == ["target"]
    assert "Every team that sends work hears how some of it fared." in handoffs.describe(with_solution(), findings)


def test_the_description_says_what_each_finding_means():
    handoff_map = handoffs.load_map(EXAMPLE)
    text = handoffs.describe(handoff_map, handoffs.analyse(handoff_map))
    assert "  - Data science -> Data engineering: columns late or missing in last night's extract (on 'nightly warehouse extract')" in text
    assert "One-way hand-offs (4): work whose sender never hears how it fared." in text
    assert "Missing feedback loops (3): teams that hear how none of their work fared." in text
    assert "Sends nothing (1)" in text and "  - Customer support" in text


# --- bad input: one line naming the file and the field -----------------------------------

def test_feedback_on_a_hand_off_that_does_not_exist(tmp_path):
    message = refused(tmp_path, "{id: w, from: a, to: b, what: x}", "{from: b, to: a, what: y, feedback_on: v}")
    assert message.endswith("handoffs[1].feedback_on: no hand-off has the id 'v' (ids: w)")


def test_feedback_that_goes_to_a_team_other_than_the_sender(tmp_path):
    message = refused(tmp_path, "{id: w, from: a, to: b, what: report}", "{from: b, to: c, what: y, feedback_on: w}")
    assert message.endswith("handoffs[1].to: feedback on 'report' goes back to the team that sent it, A ('a'), not to C")


def test_feedback_from_a_team_the_work_never_reached(tmp_path):
    message = refused(tmp_path, "{id: w, from: a, to: b, what: report}", "{from: c, to: a, what: y, feedback_on: w}")
    assert message.endswith("handoffs[1].from: C never receives 'report', directly or through later hand-offs, "
                            "so it cannot say how that work fared")


def test_feedback_on_feedback(tmp_path):
    message = refused(tmp_path, "{id: w, from: a, to: b, what: x}", "{id: f, from: b, to: a, what: y, feedback_on: w}",
                      "{from: a, to: b, what: z, feedback_on: f}")
    assert message.endswith("handoffs[2].feedback_on: 'y' is itself feedback; feedback reports on a piece of work")


def test_two_hand_offs_with_one_id(tmp_path):
    message = refused(tmp_path, "{id: w, from: a, to: b, what: x}", "{id: w, from: b, to: c, what: y}")
    assert message.endswith("handoffs[1].id: duplicate hand-off id 'w' (also handoffs[0])")


def test_a_hand_off_to_an_unknown_team_names_file_entry_and_field(tmp_path):
    path = write(tmp_path, "teams:\n  - {id: a, name: A}\n  - {id: b, name: B}\nhandoffs:\n  - {from: a, to: c, what: x}\n")
    with pytest.raises(UserError, match=r"map.yaml: handoffs\[0\].to: unknown team 'c' \(known: a, b\)"):
        handoffs.load_map(path)


def test_malformed_yaml_is_one_clear_message(tmp_path):
    with pytest.raises(UserError, match="map.yaml: line 2: invalid YAML"):
        handoffs.load_map(write(tmp_path, "teams: [\n"))


def test_in_a_notebook_bad_input_prints_a_message_instead_of_a_traceback(tmp_path, capsys):
    assert handoffs.show(write(tmp_path, "teams: []\nhandoffs: []\n")) is None
    assert capsys.readouterr().out.startswith("Problem with the hand-off map:")


# --- the drawing --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def drawn():
    import matplotlib

    matplotlib.use("Agg")
    handoff_map = handoffs.load_map(EXAMPLE)
    figure = handoffs.draw(handoff_map, handoffs.analyse(handoff_map))
    figure.canvas.draw()
    yield figure
    from matplotlib import pyplot

    pyplot.close(figure)


def test_the_drawing_says_in_words_which_arrows_are_one_way_and_which_are_feedback(drawn):
    labels = [" ".join(text.get_text().split()) for text in drawn.axes[0].texts]
    assert sum(label.endswith("(one-way)") for label in labels) == 4
    assert [label for label in labels if label.startswith("feedback:")] == [
        "feedback: columns late or missing in last night's extract"]
    assert sum(label.startswith("! ") for label in labels) == 3
    assert "dotted 'feedback:'" in drawn.axes[0].get_title()


def test_every_arrow_runs_from_the_edge_of_one_teams_box_to_the_edge_of_the_others(drawn):
    axes = drawn.axes[0]
    renderer = drawn.canvas.get_renderer()
    boxes = {t.get_text().lstrip("! "): t.get_bbox_patch().get_window_extent(renderer)
             for t in axes.texts if t.get_bbox_patch() and t.get_fontsize() == handoffs.TEAM_SIZE}
    arrows = [a.arrow_patch for a in axes.texts if getattr(a, "arrow_patch", None) is not None]
    assert len(arrows) == 6 and len(boxes) == 5

    def gap(point, box):  # how far outside the box a point is, in pixels (negative: inside)
        return max(box.x0 - point[0], point[0] - box.x1, box.y0 - point[1], point[1] - box.y1)

    for arrow in arrows:
        points = arrow.get_transform().transform(arrow.get_path().vertices)
        near = sorted(boxes, key=lambda name: min(gap(p, boxes[name]) for p in points))[:2]
        assert all(gap(p, box) >= -2 for p in points for box in boxes.values()), "an arrow runs into a box"
        assert all(min(gap(p, boxes[name]) for p in points) <= 12 for name in near), "an arrow stops short of a box"
        assert gap(points[0], boxes[near[0]]) <= 12 or gap(points[0], boxes[near[1]]) <= 12


def test_no_label_overlaps_another_label_or_a_team(drawn):
    axes = drawn.axes[0]
    renderer = drawn.canvas.get_renderer()
    extents = [t.get_bbox_patch().get_window_extent(renderer) for t in axes.texts if t.get_bbox_patch() and t.get_text()]
    overlapping = [(i, j) for i in range(len(extents)) for j in range(i + 1, len(extents)) if extents[i].overlaps(extents[j])]
    assert overlapping == []
