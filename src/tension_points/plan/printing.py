"""What to print for a workshop (``data/printing.yaml``): every printable sheet, the segments it
serves and how it is used; for an agenda and a number of people, the copies of each.

The counts are computed here, once, for the handbook's tables, the handouts page and
``tension-points plan --people N``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from tension_points.datafiles import check_unique_field, load_validated, package_path
from tension_points.errors import UserError

PRINTING = package_path("data/printing.yaml")
HEADERS = ("Sheet", "Used in", "How many", "Pages a copy", "Copies")
# The room sizes the handbook's tables show side by side: `plan --people N` gives any other.
ROOM_SIZES = (12, 18, 24, 30)


@dataclass(frozen=True)
class Grouping:
    id: str
    size: int
    remainder: str  # "own": the people left over make a group (round up); "join": they join others (round down);
    # "spread": as many groups as rounding up gives, the people spread over them as evenly as possible
    name: str
    groups_are: str = ""  # what a group is in each activity that uses it, in words (the seating rule's second sentence)

    def sizes(self, people: int) -> list[int]:
        """The groups' sizes for a room, largest first."""
        groups = self.groups(people)
        base, extra = divmod(people, groups)
        return [base + 1] * extra + [base] * (groups - extra)

    def rule(self) -> str:
        """How the groups are counted, in words, and for a seating rule what a group is in each activity."""
        if self.remainder == "spread" and self.groups_are:
            return f"{self.counting()} {self.groups_are}"
        return self.counting()

    def counting(self) -> str:
        """How the groups are counted, in words (the print list's legend)."""
        if self.remainder == "spread":
            example = 18 if self.size == 4 else self.size * 4 + 2
            sizes = self.sizes(example)
            counts = [(n, sizes.count(n)) for n in sorted(set(sizes), reverse=True)]
            made = " and ".join(f"{c} of {n}" for n, c in counts)
            text = (f"A {self.name} is {self.size} people: divide the room by {self.size} and round up, then spread the "
                    f"people as evenly as possible ({example} people: {len(sizes)} {self.name}s, {made}).")
            return text
        if self.remainder == "own":
            return f"A {self.name} is {self.size} people, rounded up: anyone left over gets a copy of their own."
        return (f"A {self.name} is {self.size} people, rounded down: the people left over join other groups "
                "(at least one group).")

    def groups(self, people: int) -> int:
        if self.remainder in ("own", "spread"):
            return math.ceil(people / self.size)
        return max(1, people // self.size)


@dataclass(frozen=True)
class Split:
    """Cards of several kinds, one for each person: ``each_group`` once per group, ``rest`` for the others."""

    grouping: Grouping
    each_group: tuple[str, ...]
    rest: str

    def cards(self, people: int) -> list[tuple[str, int]]:
        groups = self.grouping.groups(people)
        counts = [(card, groups) for card in self.each_group]
        return counts + [(self.rest, max(0, people - groups * len(self.each_group)))]


@dataclass(frozen=True)
class PrintedSheet:
    id: str
    title: str
    source: tuple[str, ...]
    segments: tuple[str, ...]  # empty when on every agenda
    every_agenda: bool
    per: str  # participant, group, room
    grouping: Grouping | None
    split: Split | None
    spares: int
    when: str
    use: str
    each: str = "copy"  # what one copy is called: a set of cards, say
    pages: int | str | tuple[tuple[str, int], ...] = 1  # pages of one copy; by ready agenda id; or "sheet"
    sections: tuple[tuple[str, str], ...] = ()  # a section for each ready agenda (id, its heading): print only yours

    def pages_for(self, agenda: tuple[str, str] | None, sheet_pages: int = 1) -> int | None:
        """Pages of one copy for a ready agenda (id, title); None when they differ by agenda and it is not known.
        ``sheet_pages``: the pages of the planner's sheet for the agenda, for the lectern sheet."""
        if self.pages == "sheet":
            return sheet_pages
        if isinstance(self.pages, int):
            return self.pages
        by_agenda = dict(self.pages)
        return by_agenda.get(agenda[0]) if agenda is not None else None

    def paper(self, agenda: tuple[str, str] | None, titles: dict[str, str] | None = None, sheet_pages: int = 1) -> str:
        """Pages a copy, in words, with which section to print where there is one per agenda:
        "11", "2: print the “Half day” section"."""
        pages = self.pages_for(agenda, sheet_pages)
        if pages is None:
            names = titles or {}
            by = ", ".join(f"{names.get(agenda_id, agenda_id)} {n}" for agenda_id, n in self.pages)
            text = f"by agenda: {by}"
        else:
            text = str(pages)
        if self.sections:
            heading = dict(self.sections).get(agenda[0]) if agenda is not None else None
            text += (f": print the “{heading}” section" if heading is not None
                     else ": print the section of the ready agenda that runs your modules")
        return text

    def serves(self, segment_ids: set[str]) -> bool:
        return self.every_agenda or any(segment in segment_ids for segment in self.segments)

    def unit(self) -> str:
        """How many, in words: "one per pair", "one each", "one for the room"."""
        if self.per == "room":
            text = "one for the room" if self.each == "copy" else f"one {self.each} for the room"
        elif self.per == "group":
            text = f"one {self.each} per {self.grouping.name}"
        elif self.split is not None:
            cards = " and ".join(f"one {card}" for card in self.split.each_group)
            rest = self.split.rest
            text = f"one card each: per {self.split.grouping.name}, {cards}; {article(rest)} {rest} for everyone else"
        else:
            text = "one each" if self.each == "copy" else f"one {self.each} each"
        return f"{text}, {self.when}" if self.when else text

    def count(self, people: int) -> Count:
        if self.split is not None:
            cards = tuple(self.split.cards(people))
            return Count(sum(n for _, n in cards), self.spares * len(cards), cards, self.spares)
        if self.per == "room":
            need = 1
        elif self.per == "group":
            need = self.grouping.groups(people)
        else:
            need = people
        return Count(need, self.spares)


@dataclass(frozen=True)
class Count:
    need: int
    spares: int
    cards: tuple[tuple[str, int], ...] = ()
    spares_each: int = 0  # spares of each card, for a split

    @property
    def total(self) -> int:
        return self.need + self.spares

    def text(self) -> str:
        """"13 (12 + 1 spare)"; for cards, "27 (8 user's cards, 8 wizard's cards, 8 observer's cards + 1 spare of each)"."""
        if self.cards:
            parts = ", ".join(f"{n} {card}{'s' if n != 1 else ''}" for card, n in self.cards)
            extra = f" + {self.spares_each} spare of each" if self.spares_each else ""
            return f"{self.total} ({parts}{extra})"
        if not self.spares:
            return str(self.total)
        return f"{self.total} ({self.need} + {self.spares} spare{'s' if self.spares != 1 else ''})"


@dataclass(frozen=True)
class PrintLine:
    sheet: PrintedSheet
    used_in: tuple[str, ...]  # the titles of the agenda's segments it serves
    count: Count

    agenda: tuple[str, str] | None = None  # the ready agenda (id, title) it is for, when it is one
    titles: tuple[tuple[str, str], ...] = ()  # every ready agenda's (id, title), to name them
    sheet_pages: int = 1  # the pages of the planner's sheet for the agenda

    def cells(self) -> list[str]:
        used = "; ".join(self.used_in) if self.used_in else "every agenda"
        return [self.sheet.title, used, self.sheet.unit(), self.paper(), self.count.text()]

    def paper(self) -> str:
        return self.sheet.paper(self.agenda, dict(self.titles), self.sheet_pages)


@dataclass(frozen=True)
class PrintData:
    path: Path
    groupings: tuple[Grouping, ...]
    sheets: tuple[PrintedSheet, ...]

    def for_agenda(self, segments: list[tuple[str, str]], people: int, agenda: tuple[str, str] | None = None,
                   titles: tuple[tuple[str, str], ...] = (), sheet_pages: int = 1) -> list[PrintLine]:
        """The sheets an agenda's segments (id, title, in agenda order) use, with their copies for ``people``."""
        check_people(people)
        ids = {segment_id for segment_id, _ in segments}
        lines = []
        for printed in self.sheets:
            if not printed.serves(ids):
                continue
            used = tuple(title for segment_id, title in segments if segment_id in printed.segments)
            lines.append(PrintLine(printed, used, printed.count(people), agenda, titles, sheet_pages))
        return lines

    def segment_ids(self) -> set[str]:
        return {segment for printed in self.sheets for segment in printed.segments}

    def sources(self) -> set[str]:
        return {source for printed in self.sheets for source in printed.source}


def article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def check_people(people: int, option: str = "--people") -> None:
    if people < 1:
        raise UserError(f"{option}: {people} is not a number of people; give how many participants the room has, e.g. 24")


def parse_people(text: str, option: str = "--people") -> int:
    """A room size given on the command line: a whole number of participants, at least 1."""
    try:
        people = int(text)
    except ValueError:
        raise UserError(f"{option}: '{text}' is not a number of people; give how many participants the room has, e.g. 24") from None
    check_people(people, option)
    return people


def load_printing(path: Path | None = None) -> PrintData:
    """The print data; by default the kit's own (:data:`PRINTING`, looked up at each call)."""
    path = PRINTING if path is None else path
    data = load_validated(path, "printing")
    check_unique_field(path, data["groupings"], "groupings", "grouping id")
    check_unique_field(path, data["sheets"], "sheets", "sheet id")
    groupings = {entry["id"]: Grouping(entry["id"], entry["size"], entry["remainder"], entry["name"],
                                      " ".join(entry.get("groups_are", "").split())) for entry in data["groupings"]}

    def grouping(index: int, where: str, grouping_id: str) -> Grouping:
        if grouping_id not in groupings:
            raise UserError(f"{path}: sheets[{index}].{where}: no grouping '{grouping_id}' "
                            f"(groupings: {', '.join(groupings)})")
        return groupings[grouping_id]

    sheets = []
    for index, entry in enumerate(data["sheets"]):
        check_sheet_fields(path, index, entry)
        split = entry.get("split")
        sheets.append(PrintedSheet(
            id=entry["id"], title=entry["title"], source=tuple(entry["source"]),
            segments=tuple(entry.get("segments", ())), every_agenda=entry.get("every_agenda", False),
            per=entry["per"],
            grouping=grouping(index, "group", entry["group"]) if "group" in entry else None,
            split=Split(grouping(index, "split.group", split["group"]), tuple(split["each_group"]), split["rest"]) if split else None,
            spares=entry["spares"], when=entry.get("when", ""), use=" ".join(entry["use"].split()),
            each=entry.get("each", "copy"),
            pages=tuple(entry["pages"].items()) if isinstance(entry["pages"], dict) else entry["pages"],
            sections=tuple(entry.get("sections", {}).items()),
        ))
    return PrintData(path, tuple(groupings.values()), tuple(sheets))


def check_sheet_fields(path: Path, index: int, entry: dict) -> None:
    """What the schema does not say clearly: which fields go together."""
    where = f"{path}: sheets[{index}] ({entry['id']})"
    if "segments" in entry and "every_agenda" in entry:
        raise UserError(f"{where}: give segments (the segments it serves) or every_agenda: true, not both")
    if "segments" not in entry and "every_agenda" not in entry:
        raise UserError(f"{where}: say when it is printed: segments (the segments it serves) or every_agenda: true")
    if "group" in entry and entry["per"] != "group":
        raise UserError(f"{where}.group: a grouping goes with per: group, not per: {entry['per']}")
    if entry.get("sections") and not isinstance(entry["pages"], dict):
        raise UserError(f"{where}.pages: a sheet with a section per agenda gives its pages by agenda id, e.g. {{half-day: 2}}")
    if "split" in entry and entry["per"] != "participant":
        raise UserError(f"{where}.split: cards split between people go with per: participant, not per: {entry['per']}")


def check_against_course(data: PrintData, segment_ids: set[str], course_dir: Path) -> None:
    """The data matches the course: every segment it names exists, every file it prints from
    exists, and every handout in ``handouts/`` is on it."""
    for index, printed in enumerate(data.sheets):
        for segment in printed.segments:
            if segment not in segment_ids:
                raise UserError(f"{data.path}: sheets[{index}] ({printed.id}): no segment '{segment}' in the course's modules")
    for index, printed in enumerate(data.sheets):
        for source in printed.source:
            if not (course_dir / source).is_file():
                raise UserError(f"{data.path}: sheets[{index}] ({printed.id}): no file {source} in {course_dir}")
    listed = data.sources()
    handouts = course_dir / "handouts"
    for handout in sorted(handouts.glob("*.md")) if handouts.is_dir() else []:
        relative = f"handouts/{handout.name}"
        if handout.name != "index.md" and relative not in listed:
            raise UserError(f"{data.path}: {relative} is a handout, but no sheet prints from it; "
                            "add it to sheets with the segments it serves and how many copies a room needs")


@dataclass(frozen=True)
class PrintList:
    """What to print for one agenda and one room size."""

    people: int
    lines: tuple[PrintLine, ...]

    @property
    def heading(self) -> str:
        return f"What to print for {self.people} {'person' if self.people == 1 else 'people'}"

    def legend(self, sizes: tuple[int, ...] = ()) -> str:
        people = (f"{' · '.join(str(n) for n in sizes)} participants" if len(sizes) > 1
                  else f"{self.people} {'participant' if self.people == 1 else 'participants'}")
        return (f"Copies for {people}, spares included, "
                "for the sheets this agenda's segments use. Where a sheet says when it is needed (\u201cfor pairs on "
                "paper\u201d), the count is for the whole room needing it. Pages a copy: print that many pages for each copy; "
                "where a handout has a section for each agenda, print only the one named." + "".join(" " + g.counting() for g in self.groupings()))

    def groupings(self) -> list[Grouping]:
        found: list[Grouping] = []
        for line in self.lines:
            grouping = line.sheet.grouping or (line.sheet.split.grouping if line.sheet.split else None)
            if grouping is not None and grouping not in found:
                found.append(grouping)
        return found

    def rows(self) -> list[list[str]]:
        return [line.cells() for line in self.lines]

    def data(self) -> dict:
        return {
            "people": self.people,
            "sheets": [
                {"id": line.sheet.id, "title": line.sheet.title, "used_in": list(line.used_in), "how_many": line.sheet.unit(),
                 "pages": line.sheet.pages_for(line.agenda, line.sheet_pages), "print": line.paper(),
                 "when": line.sheet.when or None, "need": line.count.need, "spares": line.count.spares,
                 "copies": line.count.total, "cards": {card: n for card, n in line.count.cards} or None,
                 "source": list(line.sheet.source)}
                for line in self.lines
            ],
        }


def print_list(agenda, people: int, data: PrintData | None = None, ready: tuple[str, str] | None = None) -> PrintList:
    """The print list of a planned agenda (:class:`tension_points.plan.agenda.Agenda`) for ``people``;
    ``ready``, the ready agenda's (id, title) when it is one, says which version of a sheet to print."""
    from tension_points.plan.ready import load_ready_agendas
    from tension_points.plan.sheet import page_bounds

    data = data if data is not None else load_printing()
    segments = [(item.segment.id, item.segment.title) for item in agenda.segment_items()]
    titles = tuple((r.id, r.title) for r in load_ready_agendas())
    return PrintList(people, tuple(data.for_agenda(segments, people, ready, titles, len(page_bounds(agenda)))))


def size_counts(agenda, sizes: tuple[int, ...], data: PrintData, ready: tuple[str, str] | None = None) -> list[list[str]]:
    """For each sheet of the agenda, its copies for each room size in ``sizes``, short: "18: 20"
    (spares included); for a split "18: 21 (7 of each card)", or each card's where they differ."""
    lists = [print_list(agenda, people, data, ready) for people in sizes]
    cells = []
    for index in range(len(lists[0].lines)):
        column = []
        for people, printing in zip(sizes, lists):
            count = printing.lines[index].count
            extra = ""
            each = {n + count.spares_each for _, n in count.cards}
            if len(each) == 1:
                extra = f" ({each.pop()} of each card)"
            elif count.cards:
                extra = " (" + ", ".join(f"{n + count.spares_each} {card}{'s' if n + count.spares_each != 1 else ''}"
                                         for card, n in count.cards) + ")"
            column.append(f"{people}: {count.total}{extra}")
        cells.append(column)
    return cells
