"""The glossary defines the terms a learner meets on the learner's pages: the tools of the set-up
and the exercises (wheel, virtual environment, YAML, lock file, Binder, SARIF) and the formats of
the activities (1-2-4-All, fishbowl), each a short definition in the course's own words."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from paths import HTML, require

TERMS_LEARNERS_MEET = ["wheel", "virtual environment", "YAML", "lock file", "Binder", "SARIF", "1-2-4-All", "fishbowl"]


def text_of(path) -> str:
    return BeautifulSoup(require(path).read_text(encoding="utf-8"), "html.parser").get_text(" ", strip=True)


@pytest.mark.parametrize("term", TERMS_LEARNERS_MEET)
def test_a_term_a_learner_meets_is_defined_in_the_glossary(term):
    glossary = BeautifulSoup(require(HTML / "reference" / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    entry = glossary.find("dt", id="term-" + re.sub(r"[^\w]+", "-", term).strip("-"))
    assert entry is not None, f"the glossary has no entry for {term!r}"
    definition = entry.find_next_sibling("dd").get_text(" ", strip=True)
    assert 80 <= len(definition) <= 600, f"{term!r}: a short definition, not a word or an essay"
    learner_pages = [p for folder in ("modules", "exercises") for p in (HTML / folder).glob("*.html")]
    assert any(re.search(rf"(?i)\b{re.escape(term)}", text_of(p)) for p in learner_pages), \
        f"{term!r} appears on no module or exercise page: it is not a term a learner meets"
