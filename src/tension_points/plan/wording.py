"""The planner's notes and refusals in words, for two readers: someone at the command line
(who can re-run with other options) and someone reading the printed handbook (who cannot)."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Literal

from tension_points.course import clock
from tension_points.plan.fitting import LUNCH_SLACK
from tension_points.plan.planner import CannotFit, Dropped, Kept, LeftOut, LunchAdded, LunchPlaced, Note, RoomToSpare, Trimmed
from tension_points.plan.rules import (
    BREAK_MINUTES, BREAK_SHORTEST, BUFFER_SHARE, LUNCH_FROM, LUNCH_MINUTES, LUNCH_SHORTEST, MAX_BLOCK, MAX_TRIM,
    MIN_BLOCK,
)

Reader = Literal["cli", "print"]


def describe_note(note: Note, reader: Reader, start: int = 0) -> str:
    """The note in words; ``start`` (minutes after midnight) gives the clock of any time it names."""
    if isinstance(note, LeftOut):
        ids = ", ".join(note.modules)
        if note.asked:
            return f"Not asked for: {ids}."
        how = "name the modules you want with --modules" if reader == "cli" else "the planner can take others instead"
        return f"Left out for time: {ids} ({how})."
    if isinstance(note, Trimmed):
        text = f"{note.segments} segments trimmed by {note.minutes} min in all, none below its minimum"
        if note.activities:
            text += f"; the steps of {note.activities} activities shortened in proportion (shown with each activity)"
        return text + "."
    if isinstance(note, RoomToSpare):
        return f"{note.minutes} min of flexible time: room to add a module or run longer debriefs."
    if isinstance(note, Dropped):
        if reader == "print":  # the lectern sheet's column has room for the titles; the page around it says how to keep one
            return f"Left out for time (optional): {'; '.join(note.segments)}."
        named = "; ".join(f"{title} ({id_})" if id_ else title for title, id_ in itertools.zip_longest(note.segments, note.ids))
        return (f"Left out for time (optional): {named}. "
                "--keep ID brings one back (repeat it for more) and fits the rest around it.")
    if isinstance(note, Kept):
        named = "; ".join(f"{title} ({id_})" if id_ else title for title, id_ in itertools.zip_longest(note.segments, note.ids))
        return f"Kept as asked (optional): {named}; the rest fits around {'them' if len(note.segments) > 1 else 'it'} by the same rules."
    if isinstance(note, LunchAdded):
        how = " (--lunch 0 for none, --lunch N for another length)" if reader == "cli" else ""
        return f"A full day: a {note.minutes}-minute lunch break in place of the break nearest the middle{how}."
    if isinstance(note, LunchPlaced):
        asked, placed = clock(start, note.asked), clock(start, note.placed)
        how = " (--lunch-at HH:MM moves it)" if reader == "cli" else ""
        if asked == placed:
            return f"Lunch at {placed}, the time asked for it{how}."
        off = note.placed - note.asked
        if abs(off) > LUNCH_SLACK:
            return (f"Lunch at {placed}, not at {asked} as asked: {abs(off)} min {'later' if off > 0 else 'earlier'}, "
                    "at the nearest pause the rules allow (a pause goes between two modules or where a module "
                    f"marks a place for one, never inside an activity; blocks of at most {MAX_BLOCK} minutes){how}.")
        return (f"Lunch at {placed}, the pause nearest {asked} that the rules allow: a pause goes between two "
                f"modules or where a module marks a place for one, never inside an activity{how}.")
    raise TypeError(f"unknown planner note {note!r}")


def describe_refusal(error: CannotFit, reader: Reader) -> str:
    text = refusal_text(error, reader)
    if error.kept:
        how = "leave out a --keep" if reader == "cli" else "keep fewer optional segments"
        text = text[:-1] + f"; or {how} (each kept segment is time the rest cannot use)."
    return text


def refusal_text(error: CannotFit, reader: Reader) -> str:
    if reader == "print":
        return error.plain()
    text = error.summary() + "."
    asks = [f"--minutes {n}" for n in (error.shorter, error.longer) if n is not None]
    if error.shorter is None and error.longer is not None:
        text += f" Ask for --minutes {error.longer} or more"
    elif asks:
        text += f" Ask for {' or '.join(asks)}"
    if error.drop:
        fits = f"--modules {','.join(error.keep)} fits" if error.keep else "the opening and closing alone fit"
        return text + f", or drop {', '.join(error.drop)} ({fits})."
    if error.nothing_fits:
        return text + "; even the opening and closing alone do not fit."
    return text + ("." if asks else "")


FRACTIONS = {Fraction(1, 10): "a tenth", Fraction(1, 4): "a quarter", Fraction(3, 4): "three quarters",
             Fraction(1, 5): "a fifth", Fraction(1, 3): "a third", Fraction(1, 2): "half"}


def fraction_words(value: Fraction) -> str:
    return FRACTIONS.get(value, f"{float(value):.0%}")


def describe_rules(signature_titles: list[str]) -> list[str]:
    """The agenda rules in plain sentences, from the planner's own constants: what the
    facilitator guide prints, so the page and the planner cannot disagree."""
    signatures = " or ".join(f"\u201c{title}\u201d" for title in signature_titles) or "a signature exercise"
    return [
        "A break or lunch comes between two modules, or inside a module only where its front matter marks a "
        "place for one: after a segment that the next one does not build on.",
        f"Between two pauses, a block runs at most {MAX_BLOCK} minutes and, when there is a pause at all, "
        f"at least {MIN_BLOCK}.",
        f"Every break lasts exactly what was asked ({BREAK_MINUTES} minutes unless you ask for another length); "
        f"a workshop of {LUNCH_FROM // 60} hours or more has one lunch of exactly {LUNCH_MINUTES} minutes unless "
        "you ask otherwise. Lunch is the pause nearest the middle of the day or, when you give a time for it, the "
        f"pause nearest that time (the notes say so plainly when it cannot be within {LUNCH_SLACK} minutes of it); it never "
        "costs a minute of content.",
        "Among the places a pause may go, the planner takes the one whose longest block is shortest, so the "
        "breaks come at even intervals.",
        f"At least {fraction_words(BUFFER_SHARE)} of every block is left unassigned, as a Buffer row at the "
        "block's end.",
        f"No segment runs shorter than {fraction_words(1 - MAX_TRIM)} of its preferred length, nor shorter than "
        "its module allows.",
        "The opening and the closing are always in, with every segment of theirs that is not marked optional.",
        f"Left to choose, the planner keeps {signatures} when one fits (in a half day a kept optional segment "
        "never costs it that exercise), then takes as many topic modules as fit "
        "at their full length, leaving out optional segments if it must; only when no topic module fits that way "
        "does it shorten one. Modules you name it shortens if it must, within the rule above.",
        "When time is short, and when the room runs late, the same order decides what gives way: the buffer "
        "first, then optional talks left out, then optional activities left out, then talks shortened, then "
        "activities shortened, the signature exercises last; the opening's and closing's segments after a topic "
        "module's of the same kind.",
        "A room running late still ends on time: what a block cannot give back before its pause, the rest of the "
        "day gives back, in this order: the later blocks' buffers, then their segments in the order above, then "
        f"the breaks ahead run shorter (never under {BREAK_SHORTEST} minutes nor by more than a third; lunch never "
        f"under {LUNCH_SHORTEST}), then, in the day's last block, a topic module's talk still ahead left out "
        "whole, and last what the closing marks to be filled in on the way out instead (the "
        "feedback form, the post survey). "
        "Where even that is not enough, the late plan says how many minutes late the day ends.",
    ]
