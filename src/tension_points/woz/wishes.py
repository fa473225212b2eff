"""Matching a wizard's wish to the pack's data catalogue, by a rule a facilitator can explain.

A wish matches a catalogue entry when one of the entry's ``matches`` (words or
phrases: the name of the information and the synonyms people use for it)
appears in the wish as whole words, in order. Case, punctuation and a plural
"-s" are ignored on both sides; nothing else is. So "the whole message" matches
"whole message", "screenshots" matches "screenshot", and "somebody to ask" does
not match "body".
"""

from __future__ import annotations

import re
from typing import Any

WORD = re.compile(r"[^\W_]+")


def normal_word(word: str) -> str:
    """One word as matched: lower case, without a plural -s ('tickets' -> 'ticket'; 'status', 'ss' kept)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [normal_word(word) for word in WORD.findall(text.casefold())]


def contains_phrase(wish_words: list[str], phrase_words: list[str]) -> bool:
    size = len(phrase_words)
    return size > 0 and any(wish_words[i:i + size] == phrase_words for i in range(len(wish_words) - size + 1))


def matched_phrases(wish: str, entry: dict[str, Any]) -> list[str]:
    """The entry's words or phrases found in the wish (empty: no match)."""
    wish_words = words(wish)
    return [phrase for phrase in entry["matches"] if contains_phrase(wish_words, words(phrase))]


def match_catalogue(wish: str, catalogue: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[str]]]:
    """Each catalogue entry the wish names, with the words or phrases it was recognised by."""
    return [(entry, found) for entry in catalogue if (found := matched_phrases(wish, entry))]
