"""The self-check at the end of each module, written once in ``modules/self-check.yaml``.

A learner alone needs answers they can check: each question comes with a worked answer or
the criteria a good answer meets. Only the site and the PDFs show them, so the course model
(which the planner and the room read) does not carry them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tension_points.datafiles import load_validated

SELF_CHECK_FILE = Path("modules") / "self-check.yaml"


@dataclass(frozen=True)
class CheckQuestion:
    question: str  # inline Markdown
    answer: str  # Markdown


def load_self_checks(path: Path) -> dict[str, tuple[CheckQuestion, ...]]:
    """Every module's questions, by module id (the file is schema-checked: one UserError naming it)."""
    data = load_validated(path, "self-check")
    return {
        module_id: tuple(CheckQuestion(entry["question"], entry["answer"].strip()) for entry in entries)
        for module_id, entries in data.items()
    }
