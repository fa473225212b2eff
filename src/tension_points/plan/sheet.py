"""An agenda as a facilitator reads it at the lectern: what each output shows, decided once.

A :class:`Sheet` has one :class:`Page` per half day (a full day splits at lunch), and a half
day too long for one page turns over at a break. A page is
rows (a module's name as a band across the page, each segment with its clock time, its
minutes and its minute split on a line of its own, buffers and breaks as rows of their own)
and, beside them, the late plan of each block: what to cut, in order, with the minutes it
gives back, numbered from 1 in each block so that each segment's row can say, in a few
characters, which cuts to make at 5, 10 or 20 minutes behind. The command line, the handbook and the site render this; none of them
re-does the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass

from tension_points.course import Part, clock, format_minutes
from tension_points.plan.agenda import Agenda, Item
from tension_points.plan.late import Cut, block_bounds, catch_up, options
from tension_points.plan.rules import LATE_STEPS, GiveWay

# A page holds at most this many minutes of agenda when a pause can split it: a longer stretch
# (a day without lunch, or a half day of three blocks) turns over at the pause nearest its
# middle. Three blocks of a full day's afternoon (4 h 30 min) ran off a printed page.
ONE_PAGE_MOST = 240


@dataclass(frozen=True)
class LateMark:
    """Which numbered cuts to make at one segment when the room is ``late`` minutes behind."""

    late: int
    numbers: tuple[int, ...]
    short: int  # minutes the pause (or the end) still starts late

    def text(self) -> str:
        """``1 2 4``; a run of three or more as a range, ``1\u20135 7``; ``+N`` when still late."""
        words = " ".join(number_runs(self.numbers))
        if self.short:
            words = f"{words} +{self.short}".strip()
        return words


def number_runs(numbers: tuple[int, ...]) -> list[str]:
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return [f"{run[0]}\u2013{run[-1]}" if len(run) >= 3 else " ".join(map(str, run)) for run in runs]


@dataclass(frozen=True)
class Row:
    kind: str  # "band", a segment kind, "buffer", "pause", "lunch", "late" or "end"
    clock: str
    minutes: int | None
    title: str
    split: str = ""
    late: tuple[LateMark, ...] = ()
    item: Item | None = None


@dataclass(frozen=True)
class Option:
    number: int
    cut: Cut


@dataclass(frozen=True)
class BlockPlan:
    """The late plan of one block: what gives way, in order, before the pause that ends it."""

    until: str  # "the break at 10:30", "lunch at 12:00", "the end at 12:30"
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Page:
    title: str
    first: str  # clock of its first row
    last: str  # clock of its end
    rows: tuple[Row, ...]
    blocks: tuple[BlockPlan, ...]


@dataclass(frozen=True)
class Sheet:
    agenda: Agenda
    start: int
    pages: tuple[Page, ...]
    title: str = ""  # a ready agenda's name

    @property
    def heading(self) -> str:
        return heading(self.agenda, self.start, self.title)

    @property
    def steps(self) -> tuple[int, ...]:
        return LATE_STEPS


def split_text(parts: tuple[Part, ...]) -> str:
    return " \u00b7 ".join(f"{part.short} {part.minutes}" for part in parts)


def sheet(agenda: Agenda, start: int, title: str = "") -> Sheet:
    halves = page_bounds(agenda)
    pages = tuple(
        make_page(agenda, start, first, last, page_title(agenda, start, halves, n))
        for n, (first, last) in enumerate(halves)
    )
    return Sheet(agenda, start, pages, title)


def page_bounds(agenda: Agenda) -> list[tuple[int, int]]:
    """Item index ranges of the pages: split at lunch, then any stretch longer than a page
    holds at the pause nearest its middle (each page ends with its pause)."""
    items = agenda.items
    lunch = next((n for n, item in enumerate(items) if item.kind == "lunch"), None)
    halves = [(0, len(items))] if lunch is None else [(0, lunch + 1), (lunch + 1, len(items))]
    return [page for first, last in halves for page in split_long(items, first, last)]


def split_long(items: tuple[Item, ...], first: int, last: int) -> list[tuple[int, int]]:
    start, end = items[first].offset, items[last - 1].end
    pauses = [n for n in range(first, last - 1) if items[n].is_pause]
    if end - start <= ONE_PAGE_MOST or not pauses:
        return [(first, last)]
    split = min(pauses, key=lambda n: (abs(items[n].end - (start + end) / 2), n))
    return split_long(items, first, split + 1) + split_long(items, split + 1, last)


def page_title(agenda: Agenda, start: int, pages: list[tuple[int, int]], n: int) -> str:
    """Morning (or First half) up to lunch, or up to the first page's end without one; then Afternoon."""
    if len(pages) == 1:
        return ""
    lunch = next((i for i, item in enumerate(agenda.items) if item.kind == "lunch"), pages[0][1] - 1)
    if pages[n][0] > lunch:
        return "Afternoon"
    return "Morning" if start < 12 * 60 else "First half"


def make_page(agenda: Agenda, start: int, first: int, last: int, title: str) -> Page:
    rows: list[Row] = []
    blocks: list[BlockPlan] = []
    numbers: dict[tuple[int, int], int] = {}
    previous_module = agenda.items[first - 1].module if first else None
    for n in range(first, last):
        item = agenda.items[n]
        if n == first or agenda.items[n - 1].is_pause:
            plan = block_plan(agenda, start, n)
            blocks.append(plan)
            numbers.update({(o.cut.index, o.cut.to): o.number for o in plan.options})
        if item.module is not None and item.module is not previous_module:
            rows.append(Row("band", clock(start, item.offset), None, item.module.title))
            previous_module = item.module
        rows.append(item_row(agenda, start, n, numbers))
    end = agenda.items[last - 1].end if last else 0
    if last == len(agenda.items):
        rows.append(Row("end", clock(start, agenda.total), None, "End"))
    return Page(title, clock(start, agenda.items[first].offset), clock(start, end), tuple(rows), tuple(blocks))


def until(agenda: Agenda, start: int, index: int) -> str:
    """The pause that ends the block holding item ``index``, in words: "the break at 10:30"."""
    _, end = block_bounds(agenda, index)
    if end < len(agenda.items):
        pause = agenda.items[end]
        return f"{'lunch' if pause.kind == 'lunch' else 'the break'} at {clock(start, pause.offset)}"
    return f"the end at {clock(start, agenda.total)}"


def block_plan(agenda: Agenda, start: int, first: int) -> BlockPlan:
    return BlockPlan(until(agenda, start, first), tuple(Option(n, cut) for n, cut in enumerate(options(agenda, first), 1)))


def item_row(agenda: Agenda, start: int, n: int, numbers: dict[tuple[int, int], int]) -> Row:
    item = agenda.items[n]
    at = clock(start, item.offset)
    if item.segment is None:
        return Row(item.kind, at, item.minutes, item.title, item=item)
    marks = []
    for late in LATE_STEPS:
        plan = catch_up(agenda, n, late)
        marks.append(LateMark(late, tuple(numbers[(c.index, c.to)] for c in plan.cuts), plan.short))
    return Row(item.kind, at, item.minutes, item.title, split_text(item.parts), tuple(marks), item)


def describe_cut(cut: Cut) -> str:
    """A cut in a few words, for the list beside the agenda: what to do, and the minutes it gives back."""
    title = cut.item.title
    if cut.way is GiveWay.BUFFER:
        return f"Spend the buffer: {cut.saves} min"
    if cut.drops:
        return f"Leave out “{title}”: {cut.saves} min"
    text = f"“{title}” in {cut.to}, not {cut.item.minutes}: {cut.saves} min"
    parts = cut.item.segment.parts_for(cut.to) if cut.item.segment is not None else ()
    return text + (f" ({split_text(parts)})" if parts else "")


def heading(agenda: Agenda, start: int, title: str = "") -> str:
    return f"{title or 'Workshop agenda'}, {format_minutes(agenda.total)}, {clock(start, 0)} to {clock(start, agenda.total)}"


LATE_LEGEND = (
    "Behind? A segment's row names the cuts to make, from its block's list, at "
    + ", ".join(str(n) for n in LATE_STEPS[:-1]) + f" or {LATE_STEPS[-1]} minutes late; "
    "+N: the pause, or the end, still starts N minutes late. Each cut says the minutes it gives back."
)
