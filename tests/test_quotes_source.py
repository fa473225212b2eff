"""The quote library is traceable: every quote is a real passage, by the right person.

A misattributed or invented quote would cost an instructor their credibility, so
each quote in modules/quotes.yaml must be a verbatim passage of the Chinese
transcript, sitting under the section it names, in a turn of the speaker it names.
The transcript lives outside the repository (../shared/source/); the tests that
need it are skipped, with the reason, when it is absent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from tension_points.datafiles import load_validated
from transcript import (
    AmbiguousPassage,
    PassageNotFound,
    Transcript,
    normalise,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
QUOTES_FILE = REPO_ROOT / "modules" / "quotes.yaml"
TRANSCRIPT_FILE = REPO_ROOT.parent / "shared" / "source" / "panel-transcript.zh.md"

PANELISTS = ("heineike", "nathan", "warden")
MIN_QUOTES_PER_PANELIST = 8
MIN_QUOTES = 40


def _raw_quotes() -> list[dict]:
    """The quotes as plain YAML, for parametrising (schema errors surface in their own test)."""
    try:
        quotes = yaml.safe_load(QUOTES_FILE.read_text(encoding="utf-8"))["quotes"]
    except Exception:  # reported by test_quote_file_matches_its_schema
        return []
    return [q for q in quotes if isinstance(q, dict) and "id" in q]


QUOTES = _raw_quotes()
by_id = pytest.mark.parametrize("quote", QUOTES, ids=[q["id"] for q in QUOTES])


@pytest.fixture(scope="module")
def library() -> dict:
    return load_validated(QUOTES_FILE, "quotes")


@pytest.fixture(scope="module")
def transcript() -> Transcript:
    if not TRANSCRIPT_FILE.is_file():
        pytest.skip(f"source transcript not found at {TRANSCRIPT_FILE}; "
                    "cannot check quotes against it")
    return Transcript.from_path(TRANSCRIPT_FILE)


# --- the library itself ------------------------------------------------------

def test_quote_file_matches_its_schema(library):
    assert library["quotes"]


def test_quote_ids_are_unique(library):
    counts = Counter(q["id"] for q in library["quotes"])
    assert [i for i, n in counts.items() if n > 1] == []


def test_every_speaker_quoted_is_defined(library):
    undefined = {q["speaker"] for q in library["quotes"]} - set(library["speakers"])
    assert undefined == set()


def test_every_theme_used_is_defined(library):
    used = {t for q in library["quotes"] for t in q["themes"]}
    assert used - set(library["themes"]) == set()


@pytest.mark.parametrize("panelist", PANELISTS)
def test_each_panelist_has_enough_quotes(library, panelist):
    count = sum(q["speaker"] == panelist for q in library["quotes"])
    assert count >= MIN_QUOTES_PER_PANELIST


def test_the_library_has_enough_quotes(library):
    assert len(library["quotes"]) >= MIN_QUOTES


def test_only_the_known_english_passage_is_marked_original_english(library):
    originals = [q["id"] for q in library["quotes"] if q.get("original_english")]
    assert originals == ["heineike-product-engineering"]


@by_id
def test_no_quote_uses_a_passage_the_translation_left_unclear(quote):
    # The source README: passages with 百老汇 or 大师赛 are too garbled to quote.
    assert "百老汇" not in quote["source_zh"] and "大师赛" not in quote["source_zh"]


# --- each quote against the transcript --------------------------------------

@by_id
def test_source_is_verbatim_in_the_transcript(quote, transcript):
    text = normalise(TRANSCRIPT_FILE.read_text(encoding="utf-8"))
    assert normalise(quote["source_zh"]) in text


@by_id
def test_source_sits_under_the_section_named(quote, transcript):
    sections = {section for section, _ in transcript.occurrences(quote["source_zh"])}
    assert quote["section"] in sections


@by_id
def test_speaker_at_that_point_of_the_transcript_is_the_quotes_speaker(quote, transcript):
    _, speaker = transcript.locate(quote["source_zh"], section=quote["section"])
    assert speaker == quote["speaker"]


@by_id
def test_passage_is_attributed_to_no_one_else_anywhere(quote, transcript):
    speakers = {speaker for _, speaker in transcript.occurrences(quote["source_zh"])}
    assert speakers == {quote["speaker"]}


# --- how transcript.py attributes text (no source file needed) ---------------

SAMPLE = """\
# 标题

## 张力点

喜力指出，有一个

“构建一个数据驱动的产品需要大量的工作。”

典狱长:“他的滑球很棒。”

在讨论过程中，我指出，这很重要。

“没有人说的话。”

## 完整抄本

**Amy Heineike:** 我们最终引进了人。构建一个数据驱动的产品需要大量的工作。

皮特·沃顿，谷歌:我是皮特·沃顿。

第二段仍然是皮特。

帕科·纳森:好吧，我就说一个数据点。
"""


@pytest.fixture
def sample() -> Transcript:
    return Transcript(SAMPLE)


def test_a_highlight_quote_belongs_to_the_speaker_its_lead_in_names(sample):
    assert sample.locate("构建一个数据驱动的产品", section="张力点") == ("张力点", "heineike")


def test_a_labelled_highlight_quote_belongs_to_its_label(sample):
    assert sample.locate("他的滑球很棒") == ("张力点", "warden")


def test_a_quote_after_a_lead_in_naming_no_one_is_unattributed(sample):
    assert sample.locate("没有人说的话") == ("张力点", None)


@pytest.mark.parametrize("passage, speaker", [
    ("我们最终引进了人", "heineike"),      # **Amy Heineike:**
    ("我是皮特·沃顿", "warden"),           # 皮特·沃顿，谷歌:
    ("第二段仍然是皮特", "warden"),         # no label: the turn continues
    ("我就说一个数据点", "nathan"),         # 帕科·纳森: (a garbled form)
])
def test_a_full_transcript_turn_lasts_until_the_next_label(sample, passage, speaker):
    assert sample.locate(passage) == ("完整抄本", speaker)


def test_whitespace_differences_do_not_matter(sample):
    assert sample.locate("我是皮特·沃顿。\n\n  第二段仍然是皮特") == ("完整抄本", "warden")


def test_a_missing_passage_raises(sample):
    with pytest.raises(PassageNotFound):
        sample.locate("从未说过的话")


def test_a_passage_found_in_several_places_raises_unless_a_section_is_given(sample):
    with pytest.raises(AmbiguousPassage):
        sample.locate("需要大量的工作")  # in the highlights and in the full transcript
    assert sample.locate("需要大量的工作", section="完整抄本") == ("完整抄本", "heineike")
