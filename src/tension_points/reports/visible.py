"""Text made safe to show: control characters and line breaks written as escapes.

Reports show file names and file contents of projects nobody here wrote. A name
holding ESC can clear a terminal or set its title, a newline can forge a report
line, a bidirectional override can make text read differently from what it is.
Every human-readable format shows them as ``\\x1b``, ``\\n``, ``\\u202e``; JSON
keeps the real text (its own escaping is exact).
"""

from __future__ import annotations

import dataclasses
import re
from enum import Enum

# C0 controls (newline and tab included), DEL, C1 controls, the Unicode line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match) -> str:
    char = match.group()
    if char in NAMED:
        return NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


WHITESPACE_KEPT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str, *, keep_whitespace: bool = False) -> str:
    """``text`` with every control character and line break escaped (unchanged when it has none).
    ``keep_whitespace`` leaves newlines and tabs for formats where they are only spacing (HTML)."""
    pattern = WHITESPACE_KEPT if keep_whitespace else CONTROL
    return pattern.sub(_escape, text) if pattern.search(text) else text


def visible_copy(value):
    """A copy of a report value (dataclasses, lists, tuples, dicts) with every string made visible."""
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [visible_copy(item) for item in value]
    if isinstance(value, tuple):
        return tuple(visible_copy(item) for item in value)
    if isinstance(value, dict):
        return {visible_copy(key): visible_copy(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {field.name: visible_copy(getattr(value, field.name)) for field in dataclasses.fields(value) if field.init}
        return dataclasses.replace(value, **changes)
    return value
