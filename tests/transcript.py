"""Who said a passage of the panel transcript, and under which heading.

The transcript (``panel-transcript.zh.md``) is a machine-translated Chinese
edition of the panel blog post. It has two kinds of section:

* the highlights (介绍 … 结论): narrative paragraphs by the moderator, each
  quote paragraph (opening with “ or an ellipsis) following a lead-in that
  names the speaker, e.g. "皮特·沃顿赞同这一观点，并补充说"; some quote
  paragraphs carry their own label instead ("典狱长:“…");
* the full transcript (完整抄本): every turn opens with a speaker label
  ("**Amy Heineike:**", "皮特·沃顿，谷歌:", "典狱长:" …) and lasts until the
  next label, so an unlabelled paragraph continues the previous speaker.

The translation garbles names ("喜力" = Heineken for Heineike, "典狱长" =
prison warden for Warden); SPEAKER_FORMS maps every form to a speaker id.

Passages are compared after whitespace normalisation (runs of whitespace
become one space), so line wrapping in a YAML file does not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FULL_TRANSCRIPT = "完整抄本"

# Every way the transcript names a person, by speaker id (see the source README).
SPEAKER_FORMS: dict[str, tuple[str, ...]] = {
    "heineike": ("Amy Heineike", "Heineike", "艾米·海尼克", "艾米·海涅克", "艾米·海内克",
                 "海尼克", "海涅克", "海内克", "喜力"),
    "nathan": ("Paco Nathan", "Nathan", "帕科·内森", "帕科·纳森", "内森", "纳森"),
    "warden": ("Pete Warden", "Warden", "皮特·沃顿", "沃顿", "沃登", "典狱长"),
    "spencer": ("Ann Spencer", "安·斯潘塞"),
    "jones": ("Southard Jones", "索思哈德·琼斯", "Southard"),
    "audience-b": ("观众 B",),
    "john": ("约翰",),
    "audience-c": ("观众 C",),
}

_FORM_TO_ID = {form: sid for sid, forms in SPEAKER_FORMS.items() for form in forms}
# Longest first, so "帕科·内森" wins over "内森".
_NAME = "|".join(re.escape(f) for f in sorted(_FORM_TO_ID, key=len, reverse=True))
_NAME_RE = re.compile(_NAME)
# A label opens a paragraph: a name directly followed by a colon, or by a comma
# and an affiliation ("皮特·沃顿，谷歌:"; "安·斯潘塞，你好。" is her opening turn).
_LABEL_RE = re.compile(rf"^\**\s*({_NAME})\s*[:：，,]")
_QUOTE_OPENERS = ("“", "…", ".")


class PassageNotFound(LookupError):
    """The passage is not in the transcript (or not in the section asked for)."""


class AmbiguousPassage(LookupError):
    """The passage occurs in several places that do not agree on section or speaker."""


def normalise(text: str) -> str:
    """Collapse every run of whitespace to one space."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Turn:
    """A stretch of text under one heading attributed to one speaker (None: narrative)."""

    section: str
    speaker: str | None
    text: str  # normalised


def label_speaker(paragraph: str) -> str | None:
    """The speaker id if the paragraph opens with a speaker label, else None."""
    match = _LABEL_RE.match(paragraph)
    return _FORM_TO_ID[match.group(1)] if match else None


def last_named_speaker(text: str) -> str | None:
    """The speaker id of the last name mentioned in a lead-in, else None."""
    names = _NAME_RE.findall(text)
    return _FORM_TO_ID[names[-1]] if names else None


def _sections(text: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) for every '## ' section; text before the first is ignored."""
    sections: list[tuple[str, list[str]]] = []
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        if not block:
            continue
        if block.startswith("## "):
            heading, _, rest = block.partition("\n")
            sections.append((heading[3:].strip(), [rest.strip()] if rest.strip() else []))
        elif sections:
            sections[-1][1].append(block)
    return sections


def parse(text: str) -> list[Turn]:
    """Split the transcript into attributed turns, in document order."""
    turns: list[Turn] = []
    for section, paragraphs in _sections(text):
        lead_speaker: str | None = None
        for paragraph in paragraphs:
            speaker = label_speaker(paragraph)
            body = normalise(paragraph)
            if section == FULL_TRANSCRIPT:
                if speaker is None and turns and turns[-1].section == section:
                    last = turns.pop()  # an unlabelled paragraph continues the turn
                    turns.append(Turn(section, last.speaker, f"{last.text} {body}"))
                    continue
            elif speaker is None:
                if paragraph.lstrip("* ").startswith(_QUOTE_OPENERS):
                    speaker = lead_speaker  # a quote, attributed by its lead-in
                else:
                    lead_speaker = last_named_speaker(paragraph)  # narrative lead-in
            turns.append(Turn(section, speaker, body))
    return turns


class Transcript:
    def __init__(self, text: str):
        self.turns = parse(text)
        self.sections = list(dict.fromkeys(t.section for t in self.turns))

    @classmethod
    def from_path(cls, path: Path | str) -> "Transcript":
        return cls(Path(path).read_text(encoding="utf-8"))

    def occurrences(self, passage: str, section: str | None = None) -> list[tuple[str, str | None]]:
        """Every distinct (section, speaker) where the passage occurs, in document order."""
        needle = normalise(passage)
        if not needle:
            raise ValueError("empty passage")
        found = [(t.section, t.speaker) for t in self.turns
                 if (section is None or t.section == section) and needle in t.text]
        return list(dict.fromkeys(found))

    def locate(self, passage: str, section: str | None = None) -> tuple[str, str | None]:
        """(section, speaker id) of the passage; speaker None means narrative text.

        Many quotes appear both in the highlights and in the full transcript, so
        give ``section`` to choose; without it the passage must occur in one place.
        """
        found = self.occurrences(passage, section)
        where = f" in section {section!r}" if section else ""
        if not found:
            raise PassageNotFound(f"passage not found{where}: {normalise(passage)[:40]!r}…")
        if len(found) > 1:
            places = ", ".join(f"{s} ({who or 'narrative'})" for s, who in found)
            raise AmbiguousPassage(f"passage occurs in several places{where}: {places}")
        return found[0]
