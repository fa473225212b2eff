"""Prose stands when an agenda leaves a segment out, and a panellist's advice is taught once.

An agenda may drop any module but the Opening and the Closing, and any optional segment, so
prose must not point at another segment by its position ("this module's second exercise",
"the earlier modules looked at") nor at an unnamed later moment ("the closing discussion").
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTENT = [*REPO.glob("modules/*.md"), *REPO.glob("facilitator-guide/*.md"), *REPO.glob("handouts/*.md"), *REPO.glob("exercises/*.md")]
BY_POSITION = re.compile(
    r"this module's (first|second|third|fourth|last) (exercise|activity|discussion)"
    r"|the (earlier|previous|next) modules? (looked|covered|showed|took)"
    r"|the later modules take up"
    r"|for the closing discussion",
    re.IGNORECASE,
)


# The Opening and the Closing run in every agenda: their notes and run-steps must not send the
# room to a topic module as if every agenda ran it ("the modules that come back to them").
AS_IF_EVERY_AGENDA = re.compile(
    r"the modules that come back to them"
    r"|(Silos|Ownership|Reproducibility|Cross-training)(, (Silos|Ownership|Reproducibility|Cross-training))*"
    r",? and (Silos|Ownership|Reproducibility|Cross-training) modules point back"
    r"|tell the room that the (Silos|Ownership|Reproducibility|Cross-training) module",
    re.IGNORECASE,
)


def flat(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


def test_no_prose_points_at_a_segment_by_its_position():
    found = [f"{path.relative_to(REPO)}: {match[0]}" for path in CONTENT for match in BY_POSITION.finditer(flat(path))]
    assert not found, found


def test_what_every_agenda_runs_never_points_at_a_topic_module_as_if_it_ran_too():
    found = [f"{path.relative_to(REPO)}: {match[0]}" for path in CONTENT for match in AS_IF_EVERY_AGENDA.finditer(flat(path))]
    assert not found, found


def test_wardens_advice_on_the_jargon_is_taught_in_the_closing_only():
    """The half day runs Cross-training and the Closing about 90 minutes apart: one of them says it."""
    saying = [path.name for path in CONTENT if re.search(r"put off by (thinking|the jargon)", flat(path))]
    assert saying == ["06-closing.md"], saying
