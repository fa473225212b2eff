"""Links from an agenda to each module's presentation, carrying the agenda's minutes.

The presentation (``present/<module-id>.html`` in the built site) reads its agenda from
the link's fragment: ``#agenda=SEGMENT:MINUTES[:PART.PART...],break:15,...&start=HH:MM``.
A segment trimmed by the planner brings its trimmed minute split (``Segment.parts_for``),
so the script never re-does the arithmetic; a break the planner put inside the module
stands where it falls. Breaks between modules belong to neither and are left out.
"""

from __future__ import annotations

from pathlib import Path

from tension_points.course import Module, clock
from tension_points.plan.planner import Agenda, Item

PRESENT_FOLDER = "present"


def fragment(agenda: Agenda, module: Module, start: int) -> str:
    """The presentation fragment for one module of the agenda (without the leading '#')."""
    items = list(agenda.items)
    tokens: list[str] = []
    first: Item | None = None
    for index, item in enumerate(items):
        if item.module is module and item.segment is not None:
            first = first or item
            token = f"{item.segment.id}:{item.minutes}"
            if item.segment.parts and item.minutes != item.segment.minutes:
                token += ":" + ".".join(str(part.minutes) for part in item.segment.parts_for(item.minutes))
            tokens.append(token)
        elif item.is_pause and inside(items, index, module):
            tokens.append(f"{item.kind if item.kind == 'lunch' else 'break'}:{item.minutes}")
    return f"agenda={','.join(tokens)}&start={clock(start, first.offset if first else 0)}"


def inside(items: list[Item], index: int, module: Module) -> bool:
    """Whether the pause at ``index`` falls between two segments of ``module``."""
    before = next((i.module for i in reversed(items[:index]) if not i.is_pause), None)
    after = next((i.module for i in items[index + 1:] if not i.is_pause), None)
    return before is module and after is module


def site_base(site: str) -> str:
    """The built site's address, ending in '/': an http(s) or file URL as given, or a folder."""
    if site.startswith(("http://", "https://", "file://")):
        return site if site.endswith("/") else site + "/"
    return Path(site).expanduser().resolve().as_uri() + "/"


def links(agenda: Agenda, start: int, site: str) -> list[tuple[Module, str, str]]:
    """(module, projector URL, speaker's view URL) for every module of the agenda."""
    base = site_base(site)
    result = []
    for module in agenda.modules:
        tail = "#" + fragment(agenda, module, start)
        page = f"{base}{PRESENT_FOLDER}/{module.id}"
        result.append((module, f"{page}.html{tail}", f"{page}-speaker.html{tail}"))
    return result
