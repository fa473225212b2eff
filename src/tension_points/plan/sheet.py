"""An agenda as a facilitator reads it at the lectern: what each output shows, decided once.

A :class:`Sheet` has one :class:`Page` per half day (a full day splits at lunch), and a half
day too long for one page turns over at a break. A page is
rows (a module's name as a band across the page, each segment with its clock time, its
minutes and its minute split on a line of its own, buffers and breaks as rows of their own)
and, beside them, the late plan of each block: what to cut, in order, with the minutes it
gives back, and after the blocks what the day can still give up so that it ends on time (the
breaks run shorter, the feedback and post survey done on the way out). The cuts are numbered
through the whole sheet, so that each segment's row can say, in a few characters, which cuts
to make at 5, 10 or 20 minutes behind, its own block's first and then the later ones, and, in
words, when even all of them leave the day ending late. The command line, the handbook and the site render this; none of them
re-does the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from tension_points.course import Part, clock, format_minutes
from tension_points.plan.agenda import Agenda, Item, segment_label
from tension_points.plan.late import Cut, block_bounds, buffer_cut, catch_up, later_options, options
from tension_points.plan.rules import LATE_STEPS, GiveWay

# A page holds at most this many minutes of agenda when a pause can split it: a longer stretch
# (a day without lunch) turns over at the pause nearest its middle. A half day is one page,
# as the handbook promises: the full day's afternoon (12:31 to 17:00, three blocks, 4 h 29 min)
# fits one landscape page at the lectern sheet's sizes (agenda_sheet.py), so that every cut a
# row names is printed on the same page; five hours without lunch still turn over at a break.
ONE_PAGE_MOST = 280


@dataclass(frozen=True)
class LateMark:
    """Which numbered cuts to make at one segment when the room is ``late`` minutes behind."""

    late: int
    numbers: tuple[int, ...]
    over: int  # minutes the day still ends late with every cut made: nothing more can be cut

    def text(self) -> str:
        """``1, 2, 4``; a run of three or more as a range, ``1\u20135, 7``; ``+N`` when even every cut
        leaves the day ending N minutes late (the row's :attr:`Row.over_text` says so in words).
        Commas between the numbers: at arm's length, numbers set with spaces alone ran into the next
        column's ("25 27 28 25 27\u201330 32")."""
        words = ", ".join(number_runs(self.numbers))
        if self.over:
            words = f"{words} +{self.over}".strip()
        return words


def number_runs(numbers: tuple[int, ...]) -> list[str]:
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return [f"{run[0]}\u2013{run[-1]}" if len(run) >= 3 else ", ".join(map(str, run)) for run in runs]


@dataclass(frozen=True)
class Row:
    kind: str  # "band", a segment kind, "buffer", "pause", "lunch", "late" or "end"
    clock: str
    minutes: int | None
    title: str
    split: str = ""
    late: tuple[LateMark, ...] = ()
    item: Item | None = None

    @property
    def over_text(self) -> str:
        """In words, when even every cut leaves the day ending late from here: "Ends late even with
        every cut: 1 min (10 late), 11 min (20 late)" ("" when it ends on time)."""
        overs = [f"{mark.over}\u00a0min ({mark.late}\u00a0late)" for mark in self.late if mark.over]
        if not overs:
            return ""
        return f"Ends late even with every cut: {', '.join(overs)}"


@dataclass(frozen=True)
class Option:
    number: int
    cut: Cut


@dataclass(frozen=True)
class BlockPlan:
    """The late plan of one block: what gives way, in order, before the pause that ends it; or
    (``rest``) what the day gives up when the blocks' cuts are not enough to end on time."""

    until: str  # "the break at 10:30", "lunch at 12:00", "the end at 12:30"
    options: tuple[Option, ...]
    rest: bool = False
    later: bool = False  # cuts of a later page that this page's rows name: printed again here

    @property
    def heading(self) -> str:
        if self.later:
            return f"Later, from {self.until} (on that page too)"
        if self.rest:
            return f"Not enough? To still end at {self.until.removeprefix('the end at ')}"
        return f"Before {self.until}"


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
    lists = late_lists(agenda, start, halves)
    numbers = {cut_key(o.cut): o.number for plans in lists for plan in plans for o in plan.options}
    pages = tuple(
        make_page(agenda, start, first, last, page_title(agenda, start, halves, n), lists[n], numbers)
        for n, (first, last) in enumerate(halves)
    )
    return Sheet(agenda, start, tuple(with_cited_cuts(page, pages) for page in pages), title)


def with_cited_cuts(page: Page, pages: tuple[Page, ...]) -> Page:
    """The page with the cuts of later pages that its rows name (a morning 20 minutes behind gives
    back the afternoon's buffer too) printed again beside it, under their own numbers: every
    number a row names is on the row's page."""
    listed = {o.number for block in page.blocks for o in block.options}
    cited = sorted({n for row in page.rows for mark in row.late for n in mark.numbers} - listed)
    if not cited:
        return page
    elsewhere = {o.number: (other, o) for other in pages for block in other.blocks for o in block.options}
    extra = tuple(BlockPlan(other.first,
                            tuple(elsewhere[n][1] for n in cited if elsewhere[n][0] is other), later=True)
                  for other in pages if any(elsewhere[n][0] is other for n in cited))
    return replace(page, blocks=page.blocks + extra)


def cut_key(cut: Cut) -> tuple[int, int, int]:
    return (cut.index, cut.to, int(cut.way))


def late_lists(agenda: Agenda, start: int, pages: list[tuple[int, int]]) -> list[tuple[BlockPlan, ...]]:
    """Each page's late lists, numbered through the sheet: the list of every block that starts on
    the page; then the page's breaks run shorter and, on the last page, the segments that can be
    done on the way out: what a row's marks add when its block's own cuts are not enough."""
    items = agenda.items
    ahead = later_options(agenda, 0)
    # The talks the day's last block may leave out, as its first row sees them.
    listed = {cut_key(c) for c in ahead}
    ahead += [c for c in later_options(agenda, block_bounds(agenda, len(items) - 1)[0])
              if c.way is GiveWay.LEAVE_OUT_TALK and cut_key(c) not in listed]
    result, number = [], 1
    for first, last in pages:
        plans = []
        for n in range(first, last):
            if not items[n].is_pause and (n == first or items[n - 1].is_pause):
                cuts = options(agenda, n)
                plans.append(BlockPlan(until(agenda, start, n), tuple(Option(number + k, c) for k, c in enumerate(cuts))))
                number += len(cuts)
        rest = [c for c in ahead if c.way is GiveWay.SHORTEN_BREAK and first <= c.index < last]
        if last == len(items):
            rest += [c for c in ahead if c.way is GiveWay.LEAVE_OUT_TALK or c.moves_out]
        # In the give-way order (a break run shorter, a talk left out, then on the way out), as the
        # heading promises: "cut in this order".
        rest.sort(key=lambda c: c.way)
        if rest:
            plans.append(BlockPlan(f"the end at {clock(start, agenda.total)}",
                                   tuple(Option(number + k, c) for k, c in enumerate(rest)), rest=True))
            number += len(rest)
        result.append(tuple(plans))
    return result


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
    """With a lunch, the pages before it are the morning (before lunch, when they start after noon)
    and those after it the afternoon (after lunch, when it starts before noon). Without one, nothing
    splits the day into a morning and an afternoon: the pages are its parts, "Part 1 of 2"."""
    if len(pages) == 1:
        return ""
    items = agenda.items
    lunch = next((i for i, item in enumerate(items) if item.kind == "lunch"), None)
    if lunch is None:
        return f"Part {n + 1} of {len(pages)}"
    first = pages[n][0]
    noon = start + items[first].offset >= 12 * 60
    if first > lunch:
        return "Afternoon" if noon else "After lunch"
    return "Before lunch" if noon else "Morning"


def make_page(agenda: Agenda, start: int, first: int, last: int, title: str, blocks: tuple[BlockPlan, ...],
              numbers: dict[tuple[int, int, int], int]) -> Page:
    rows: list[Row] = []
    previous_module = agenda.items[first - 1].module if first else None
    for n in range(first, last):
        item = agenda.items[n]
        if item.module is not None and item.module is not previous_module:
            rows.append(Row("band", clock(start, item.offset), None, item.module.title))
            previous_module = item.module
        rows.append(item_row(agenda, start, n, numbers))
    end = agenda.items[last - 1].end if last else 0
    if last == len(agenda.items):
        rows.append(Row("end", clock(start, agenda.total), None, "End"))
    return Page(title, clock(start, agenda.items[first].offset), clock(start, end), tuple(rows), blocks)


def until(agenda: Agenda, start: int, index: int) -> str:
    """The pause that ends the block holding item ``index``, in words: "the break at 10:30"."""
    _, end = block_bounds(agenda, index)
    if end < len(agenda.items):
        pause = agenda.items[end]
        return f"{'lunch' if pause.kind == 'lunch' else 'the break'} at {clock(start, pause.offset)}"
    return f"the end at {clock(start, agenda.total)}"


def block_plan(agenda: Agenda, start: int, first: int) -> BlockPlan:
    return BlockPlan(until(agenda, start, first), tuple(Option(n, cut) for n, cut in enumerate(options(agenda, first), 1)))


def item_row(agenda: Agenda, start: int, n: int, numbers: dict[tuple[int, int, int], int]) -> Row:
    item = agenda.items[n]
    at = clock(start, item.offset)
    if item.segment is None:
        title = item.title
        if item.is_buffer and item.minutes and n == len(agenda.items) - 1:
            promised = buffer_cut(agenda, n).promised  # a room on time gives it to the post survey
            title = LAST_BUFFER.format(promised=promised) if promised else title
        return Row(item.kind, at, item.minutes, title, item=item)
    return Row(item.kind, at, item.minutes, item.title, with_note(split_text(item.parts), item.segment, item.minutes),
               late_marks(agenda, n, numbers), item)


def with_note(split: str, segment, minutes: int) -> str:
    """The step split, then what the room activity needs said at that length ("12 items a round")."""
    from tension_points.room.activities.printed import step_note  # the room's kinds, read only here

    note = step_note(segment, minutes) if segment is not None else ""
    return f"{split}; {note}" if split and note else split or note


def late_marks(agenda: Agenda, n: int, numbers: dict[tuple[int, int, int], int]) -> tuple[LateMark, ...]:
    """At item ``n``, the numbers of the cuts to make at each step behind (its block's, then the rest of
    the day's), in the order of the sheet's lists: the order the heading says to cut in."""
    marks = []
    for late in LATE_STEPS:
        plan = catch_up(agenda, n, late)
        marks.append(LateMark(late, tuple(sorted(numbers[cut_key(c)] for c in plan.all_cuts)), plan.over))
    return tuple(marks)


def describe_cut(cut: Cut, start: int | None = None, steps: bool = True, agenda: Agenda | None = None) -> str:
    """A cut in a few words, for the list beside the agenda: what to do, and the minutes it gives
    back. ``start`` (minutes after midnight) names a break by its clock time. A shortened
    activity's new split follows, its steps named; or (``steps=False``, the printed sheet, whose
    rows name the steps in the same order on the same page) its minutes alone, "(3 · 6 · 2)".
    Given the ``agenda``, a title several of its modules share names its module too."""
    title = segment_label(cut.item.title, cut.item.module, agenda.modules + agenda.left_out) if agenda is not None else cut.item.title
    if cut.way is GiveWay.BUFFER:
        if cut.promised:
            return SPEND_PROMISED.format(saves=cut.saves, promised=cut.promised, own=cut.own)
        return f"Spend the buffer: {cut.saves} min"
    if cut.way is GiveWay.SHORTEN_BREAK:
        which = "Lunch" if cut.item.kind == "lunch" else "The break"
        at = f" at {clock(start, cut.item.offset)}" if start is not None else ""
        return f"{which}{at} in {cut.to} min, not {cut.item.minutes}: {cut.saves} min"
    if cut.moves_out:
        return f"“{title}” on the way out: {cut.item.segment.after_session}: {cut.saves} min"
    if cut.drops:
        return f"Leave out “{title}”: {cut.saves} min"
    text = f"“{title}” in {cut.to}, not {cut.item.minutes}: {cut.saves} min"
    parts = cut.item.segment.parts_for(cut.to) if cut.item.segment is not None else ()
    if parts and not steps:
        return text + " (" + with_note(" \u00b7 ".join(str(part.minutes) for part in parts), cut.item.segment, cut.to) + ")"
    return text + (f" ({with_note(split_text(parts), cut.item.segment, cut.to)})" if parts else "")


# Spending the day's last buffer, in words a facilitator reads mid-session: what is lost by it.
# Present mode's script fills in the same words (its page data carries them).
SPEND_PROMISED = "Spend the buffer: {saves} min (then {promised}, gets only its own {own} min)"
# The day's last buffer row, in print and on the site: what it is for when the room is on time.
LAST_BUFFER = "Buffer: on time, for {promised}"


def heading(agenda: Agenda, start: int, title: str = "") -> str:
    return f"{title or 'Workshop agenda'}, {format_minutes(agenda.total)}, {clock(start, 0)} to {clock(start, agenda.total)}"


LATE_LEGEND = (
    "Each row names the cuts to make at "
    + ", ".join(str(n) for n in LATE_STEPS[:-1]) + f" or {LATE_STEPS[-1]} minutes late, to end on time. "
    "+N: even so, the day ends N minutes late."
)
