"""Clock times and durations as instructors write them."""

from __future__ import annotations

import re

from tension_points.errors import UserError


def clock(start_minutes: int, offset: int) -> str:
    """``HH:MM`` for a number of minutes after a start time given in minutes after midnight."""
    total = (start_minutes + offset) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def parse_clock(text: str, what: str = "start time", example: str = "09:00") -> int:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    if not match:
        raise UserError(f"{what} '{text}': expected HH:MM, e.g. {example}")
    return int(match.group(1)) * 60 + int(match.group(2))


def format_minutes(minutes: int) -> str:
    """``45 min``, ``1 h 30 min``: how instructors say it."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
