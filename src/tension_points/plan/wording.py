"""The planner's notes and refusals in words, for two readers: someone at the command line
(who can re-run with other options) and someone reading the printed handbook (who cannot)."""

from __future__ import annotations

from typing import Literal

from tension_points.plan.planner import CannotFit, Dropped, LeftOut, LunchAdded, Note, RoomToSpare, Trimmed

Reader = Literal["cli", "print"]


def describe_note(note: Note, reader: Reader) -> str:
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
        return f"Left out for time (optional): {'; '.join(note.segments)}."
    if isinstance(note, LunchAdded):
        how = " (--lunch 0 for none, --lunch N for another length)" if reader == "cli" else ""
        return f"A full day: a {note.minutes}-minute lunch break in place of the break nearest the middle{how}."
    raise TypeError(f"unknown planner note {note!r}")


def describe_refusal(error: CannotFit, reader: Reader) -> str:
    if reader == "print":
        return error.plain()
    text = error.summary() + "."
    if error.needed is not None:
        text += f" Ask for --minutes {error.needed} or more"
    if error.drop:
        fits = f"--modules {','.join(error.keep)} fits" if error.keep else "the opening and closing alone fit"
        return text + f", or drop {', '.join(error.drop)} ({fits})."
    if error.nothing_fits:
        return text + "; even the opening and closing alone do not fit."
    return text + "."
