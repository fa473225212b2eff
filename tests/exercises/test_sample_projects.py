"""The sample projects belong to fictional people, never to someone on the panel.

The flawed project is the course's bad example: its author is asked about on a Monday
morning ("Ask Robin"), its paths sit in that person's home folder and its stray branch
carries their name. Those names must be nobody the course quotes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "exercises" / "sample-projects"
QUOTES = yaml.safe_load((REPO / "modules" / "quotes.yaml").read_text(encoding="utf-8"))

# Every first and last name of everyone the transcript names as a speaker.
SPEAKER_NAMES = sorted({part for speaker in QUOTES["speakers"].values() for part in speaker["name"].split()
                        if part[0].isupper() and part not in {"Audience", "B", "C"}})


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix != ".csv")


def test_the_speaker_names_are_read_from_the_quote_library():
    assert {"Amy", "Heineike", "Paco", "Pete", "Warden", "Ann", "Spencer"} <= set(SPEAKER_NAMES)


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: str(p.relative_to(SAMPLES)))
def test_no_sample_file_names_a_speaker(path):
    text = path.read_text(encoding="utf-8")
    found = [name for name in SPEAKER_NAMES if re.search(rf"\b{name}\b", text, re.IGNORECASE)]
    assert found == [], f"{path.relative_to(REPO)} names {found}"


def test_the_flawed_projects_author_is_the_fictional_robin_everywhere():
    flawed = SAMPLES / "churn-model-flawed"
    assert "Ask Robin" in (flawed / "README.md").read_text(encoding="utf-8")
    assert "/Users/robin/" in (flawed / "src" / "train.py").read_text(encoding="utf-8")
    assert "robin-experiments" in (flawed / "notebooks" / "03-scratch.ipynb").read_text(encoding="utf-8")
    citation = yaml.safe_load((SAMPLES / "churn-model-repaired" / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["authors"] == [{"family-names": "Example", "given-names": "Robin"}]
