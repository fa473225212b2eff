"""The course's forms and surveys (feedback, pre and post survey, action-plan worksheet), written
once in ``data/forms.yaml`` and read by the handouts, the handbook and the live room."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tension_points.datafiles import check_unique_field, load_validated, package_path

FORMS = package_path("data/forms.yaml")


@dataclass(frozen=True)
class FormsData:
    scale: dict
    self_assessment: list[dict]
    forms: dict[str, dict]


def load_forms(path: Path = FORMS) -> FormsData:
    data = load_validated(path, "forms")
    check_unique_field(path, data["forms"], "forms", "form id")
    forms = {form["id"]: form for form in data["forms"]}
    return FormsData(data["scale"], data["self_assessment"], forms)
