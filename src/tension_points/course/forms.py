"""The course's forms and surveys (feedback, pre and post survey, action-plan worksheet), written
once in ``data/forms.yaml`` and read by the handouts, the handbook and the live room."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tension_points.datafiles import check_unique_field, load_validated, package_path

FORMS = package_path("data/forms.yaml")


@dataclass(frozen=True)
class FormsData:
    scale: dict
    self_assessment: list[dict]
    forms: dict[str, dict]


def statements_for(data: FormsData, left_out: Iterable[str] = ()) -> list[dict]:
    """The "I can..." statements an agenda asks, in the forms' order: every one but those taught
    (``taught_in``) in a module the agenda leaves out (``left_out``: the course's modules it does
    not run), so a room is never asked about a module it does not run and the before/after
    change measures what the day taught."""
    dropped = set(left_out)
    return [s for s in data.self_assessment if s["taught_in"] not in dropped]


def filled(text: str, form: dict, left_out: Iterable[str] = ()) -> str:
    """``text`` with each ``{name}`` of the form's ``wording`` filled for an agenda: the pieces
    taught in a module it runs, joined ("bridges, channels and owners"), between the wording's
    ``before`` and ``after``; nothing at all when the agenda runs none of them."""
    dropped = set(left_out)
    values = {}
    for name, wording in form.get("wording", {}).items():
        kept = [piece["text"] for piece in wording["pieces"] if not set(piece["taught_in"]) <= dropped]
        joined = (", ".join(kept[:-1]) + f" {wording['join']} " + kept[-1]) if len(kept) > 1 else "".join(kept)
        values[name] = f"{wording.get('before', '')}{joined}{wording.get('after', '')}" if kept else ""
    return text.format(**values) if values else text


def intro_for(form: dict, left_out: Iterable[str] = ()) -> str:
    """The form's introduction for an agenda, worded for the modules it runs."""
    return filled(form.get("intro", ""), form, left_out)


def questions_for(form: dict, left_out: Iterable[str] = ()) -> list[dict]:
    """A form's questions an agenda asks: every one but a line prepared only (``taught_in``) by
    modules the agenda leaves out, so a taster's action plan has no line for a module it never ran;
    their text and hint worded for the modules it runs."""
    dropped = set(left_out)
    kept = [q for q in form["questions"] if not q.get("taught_in") or not set(q["taught_in"]) <= dropped]
    return [{**q, "text": filled(q["text"], form, dropped), **({"hint": filled(q["hint"], form, dropped)} if "hint" in q else {})}
            for q in kept]


def load_forms(path: Path = FORMS) -> FormsData:
    data = load_validated(path, "forms")
    check_unique_field(path, data["forms"], "forms", "form id")
    forms = {form["id"]: form for form in data["forms"]}
    return FormsData(data["scale"], data["self_assessment"], forms)
