"""The Silos exercise: a hand-off map finds one-way hand-offs and missing feedback loops."""

from __future__ import annotations

from pathlib import Path

import pytest

from tension_points.errors import UserError
from tension_points.exercises import handoffs

EXAMPLE = Path(__file__).resolve().parents[2] / "exercises" / "data" / "handoffs-example.yaml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_example_has_three_one_way_hand_offs_and_three_open_loops():
    findings = handoffs.analyse(handoffs.load_map(EXAMPLE))
    assert [(h.source, h.target) for h in findings.one_way] == [
        ("research", "platform"), ("platform", "product"), ("product", "support")
    ]
    assert findings.no_feedback == ("research", "platform", "product")


def test_one_hand_off_back_from_support_closes_every_loop(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8") + "  - {from: support, to: research, what: who actually left}\n"
    findings = handoffs.analyse(handoffs.load_map(write(tmp_path, text)))
    assert findings.open_loops == ()
    assert len(findings.one_way) == 4


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


def test_the_drawing_marks_one_way_hand_offs_in_words_not_only_colour():
    handoff_map = handoffs.load_map(EXAMPLE)
    figure = handoffs.draw(handoff_map, handoffs.analyse(handoff_map))
    labels = [text.get_text() for text in figure.axes[0].texts]
    assert sum("(one-way)" in label for label in labels) == 3
    assert sum(label.startswith("! ") for label in labels) == 3
