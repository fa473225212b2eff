"""Links from an agenda to each module's presentation, carrying the agenda's minutes and its late plan.

The presentation (``present/<module-id>.html`` in the built site) reads its agenda from
the link's fragment: ``#agenda=SEGMENT:MINUTES[:PART.PART...],break:15,buffer:9,...&start=HH:MM&late=...``.
A segment trimmed by the planner brings its trimmed minute split (``Segment.parts_for``),
so the script never re-does the arithmetic; a break the planner put inside the module
stands where it falls, and the buffer of each block the module runs in comes with it. Breaks
between modules belong to neither and are left out.

``late`` is the late plan of the module's blocks (:func:`tension_points.plan.late.options`),
in the give-way order: ``POSITION:MINUTES[:PART.PART...]`` per cut, POSITION being the
agenda token the cut changes and MINUTES its length after the cut (0: left out, or the
buffer spent). The speaker's view walks it as the printed sheet says to. ``then`` names the
pause that follows the page (``break`` or ``lunch``), which the late plan catches up before.
"""

from __future__ import annotations

from pathlib import Path

from tension_points.course import Module, clock
from tension_points.plan.agenda import Agenda, Item
from tension_points.plan.late import Cut, block_bounds, module_alone, options

PRESENT_FOLDER = "present"


def page_items(agenda: Agenda, module: Module) -> list[int]:
    """Indices of the agenda items the module's presentation shows: its segments, the pauses
    and buffers among them, and the buffer that closes its last block."""
    items = list(agenda.items)
    own = [n for n, item in enumerate(items) if item.module is module and item.segment is not None]
    if not own:
        return []
    first, last = own[0], own[-1]
    while last + 1 < len(items) and items[last + 1].is_buffer:
        last += 1
    return [n for n in range(first, last + 1) if items[n].module is module or items[n].is_pause or items[n].is_buffer]


def token(item: Item) -> str:
    if item.is_pause:
        return f"{item.kind if item.kind == 'lunch' else 'break'}:{item.minutes}"
    if item.is_buffer:
        return f"buffer:{item.minutes}"
    text = f"{item.segment.id}:{item.minutes}"
    if item.segment.parts and item.minutes != item.segment.minutes:
        text += ":" + ".".join(str(part.minutes) for part in item.parts)
    return text


def cut_token(position: int, cut: Cut) -> str:
    text = f"{position}:{cut.to}"
    if cut.to and cut.item.segment is not None and cut.item.segment.parts:
        text += ":" + ".".join(str(part.minutes) for part in cut.item.segment.parts_for(cut.to))
    return text


def late_tokens(agenda: Agenda, shown: list[int]) -> list[str]:
    """The late plan of every block the page shows, each in the give-way order, limited to what the page shows."""
    position = {n: k for k, n in enumerate(shown)}
    tokens: list[str] = []
    starts = sorted({block_bounds(agenda, n)[0] for n in shown if not agenda.items[n].is_pause})
    for first in starts:
        tokens += [cut_token(position[cut.index], cut) for cut in options(agenda, first) if cut.index in position]
    return tokens


def fragment(agenda: Agenda, module: Module, start: int) -> str:
    """The presentation fragment for one module of the agenda (without the leading '#')."""
    shown = page_items(agenda, module)
    first = agenda.items[shown[0]] if shown else None
    text = f"agenda={','.join(token(agenda.items[n]) for n in shown)}&start={clock(start, first.offset if first else 0)}"
    late = late_tokens(agenda, shown)
    if late:
        text += f"&late={','.join(late)}"
    after = shown[-1] + 1 if shown else len(agenda.items)
    if after < len(agenda.items) and agenda.items[after].is_pause:
        text += f"&then={agenda.items[after].kind if agenda.items[after].kind == 'lunch' else 'break'}"
    return text


def own_late_plan(module: Module) -> list[list]:
    """The late plan of the module run alone at its own minutes (one block, no buffer), as
    [segment index, minutes after the cut, minute split] per cut: the presentation's default."""
    alone = module_alone(module)
    return [
        [cut.index, cut.to, [part.minutes for part in cut.item.segment.parts_for(cut.to)] if cut.to else []]
        for cut in options(alone, 0)
    ]


def site_base(site: str) -> str:
    """The built site's address, ending in '/': an http(s) or file URL as given, or a folder."""
    if site.startswith(("http://", "https://", "file://")):
        return site if site.endswith("/") else site + "/"
    return Path(site).expanduser().resolve().as_uri() + "/"


def links(agenda: Agenda, start: int, site: str) -> list[tuple[Module, str, str]]:
    """(module, projector URL, speaker's view URL) for every module of the agenda."""
    return links_from(agenda, start, site_base(site))


def links_from(agenda: Agenda, start: int, base: str) -> list[tuple[Module, str, str]]:
    """As :func:`links`, from ``base``: the site's address ending in '/', or the relative way
    from a page of the site to its root ('' or '../'), for links within the site."""
    result = []
    for module in agenda.modules:
        tail = "#" + fragment(agenda, module, start)
        page = f"{base}{PRESENT_FOLDER}/{module.id}"
        result.append((module, f"{page}.html{tail}", f"{page}-speaker.html{tail}"))
    return result
