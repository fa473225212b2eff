"""The quote library: every panel quote the course uses, written once in ``modules/quotes.yaml``.

Pages cite quotes by id; the Sphinx extension renders them from here, so a
fixed translation is fixed everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tension_points.datafiles import check_unique_field, load_validated
from tension_points.errors import UserError

QUOTES_FILE = Path("modules") / "quotes.yaml"


@dataclass(frozen=True)
class Speaker:
    id: str
    name: str
    role: str


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class Quote:
    id: str
    speaker: Speaker
    text: str
    source_zh: str
    section: str
    themes: tuple[str, ...]
    note: str | None = None
    original_english: bool = False


@dataclass(frozen=True)
class QuoteLibrary:
    path: Path
    speakers: dict[str, Speaker]
    themes: dict[str, Theme]
    quotes: dict[str, Quote]

    def get(self, quote_id: str) -> Quote:
        try:
            return self.quotes[quote_id]
        except KeyError:
            raise UserError(f"unknown quote id '{quote_id}' (not in {self.path})") from None

    def by_speaker(self) -> dict[Speaker, list[Quote]]:
        grouped: dict[Speaker, list[Quote]] = {s: [] for s in self.speakers.values()}
        for quote in self.quotes.values():
            grouped[quote.speaker].append(quote)
        return {speaker: quotes for speaker, quotes in grouped.items() if quotes}

    def by_theme(self) -> dict[Theme, list[Quote]]:
        grouped: dict[Theme, list[Quote]] = {t: [] for t in self.themes.values()}
        for quote in self.quotes.values():
            for theme_id in quote.themes:
                grouped[self.themes[theme_id]].append(quote)
        return {theme: quotes for theme, quotes in grouped.items() if quotes}


def load_quotes(path: Path) -> QuoteLibrary:
    data = load_validated(path, "quotes")
    speakers = {sid: Speaker(sid, s["name"], s["role"]) for sid, s in data["speakers"].items()}
    themes = {tid: Theme(tid, t["title"], t["description"]) for tid, t in data["themes"].items()}
    check_unique_field(path, data["quotes"], "quotes", "quote id")
    quotes: dict[str, Quote] = {}
    for index, entry in enumerate(data["quotes"]):
        where = f"{path}: quotes[{index}]"
        if entry["speaker"] not in speakers:
            raise UserError(f"{where}.speaker: unknown speaker '{entry['speaker']}' (not under speakers:)")
        for theme_id in entry["themes"]:
            if theme_id not in themes:
                raise UserError(f"{where}.themes: unknown theme '{theme_id}' (not under themes:)")
        quotes[entry["id"]] = Quote(
            id=entry["id"],
            speaker=speakers[entry["speaker"]],
            text=entry["text"].strip(),
            source_zh=entry["source_zh"],
            section=entry["section"],
            themes=tuple(entry["themes"]),
            note=entry.get("note"),
            original_english=entry.get("original_english", False),
        )
    return QuoteLibrary(Path(path), speakers, themes, quotes)
