"""The self-check file is data with a schema: a malformed entry stops with one line naming the
file and the entry, never a traceback."""

from __future__ import annotations

import pytest

from tension_points.course.self_check import load_self_checks
from tension_points.errors import UserError


def test_questions_load_by_module_in_order(tmp_path):
    path = tmp_path / "self-check.yaml"
    path.write_text("silos:\n  - {question: 'One?', answer: 'First.'}\n  - {question: 'Two?', answer: 'Second.'}\n")
    checks = load_self_checks(path)
    assert [c.question for c in checks["silos"]] == ["One?", "Two?"]


@pytest.mark.parametrize("text, where", [
    ("silos:\n  - {question: 'One?'}\n  - {question: 'Two?', answer: 'B.'}\n", "silos[0]"),
    ("silos:\n  - {question: 'Only one?', answer: 'A.'}\n", "silos"),
    ("Silos:\n  - {question: 'A?', answer: 'A.'}\n  - {question: 'B?', answer: 'B.'}\n", "Silos"),
    ("silos: [\n", "self-check.yaml"),
])
def test_a_malformed_entry_is_one_message_naming_the_file_and_the_entry(tmp_path, text, where):
    path = tmp_path / "self-check.yaml"
    path.write_text(text)
    with pytest.raises(UserError) as raised:
        load_self_checks(path)
    message = str(raised.value)
    assert message.startswith(str(path)) and where in message and "\n" not in message.strip()
