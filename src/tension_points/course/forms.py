"""The course's forms and surveys (feedback, pre and post survey, action-plan worksheet), written
once in ``data/forms.yaml`` and read by the handouts, the handbook and the live room."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from tension_points.course.loaders import check_unique
from tension_points.datafiles import load_validated

FORMS = Path(str(resources.files("tension_points").joinpath("data/forms.yaml")))


@dataclass(frozen=True)
class FormsData:
    scale: dict
    self_assessment: list[dict]
    forms: dict[str, dict]


def load_forms(path: Path = FORMS) -> FormsData:
    data = load_validated(path, "forms")
    check_unique(enumerate(data["forms"]), lambda p: p[1]["id"], lambda p: f"{path}: forms[{p[0]}].id", "form id")
    forms = {form["id"]: form for form in data["forms"]}
    return FormsData(data["scale"], data["self_assessment"], forms)
