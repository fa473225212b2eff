"""A teaching segment's talking points as the facilitator reads them: written once in the
module's front matter (``talk``), rendered in the run-sheet's step (web and handbook) and in
present mode's speaker's view.

The points come in order, each in the facilitator's words; a point that reads out a panellist
prints the quote card's words from the quote library (traced to the transcript there), with
the speaker, whether it is our translation, and the quote's id. Then what to keep when the talk
runs short (with the agendas that run it short, where the caller knows them), the question for
the room, what to watch for, and the words that lead into the next segment.

A segment that recaps key points (a wrap-up, the last word) prints them from the modules'
``key_points``, the one place they are written.
"""

from __future__ import annotations

from docutils import nodes

from tension_points.course import Course, QuoteLibrary, Segment

TALK_CLASS = "tp-talk"
POINT_CLASS = "tp-talk-point"
SHORT_CLASS = "tp-talk-short"
RECAP_CLASS = "tp-recap"


def numbers_text(numbers) -> str:
    """1 -> "point 1"; 1, 3, 5 -> "points 1, 3 and 5"."""
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return f"point {words[0]}"
    return f"points {', '.join(words[:-1])} and {words[-1]}"


def short_node(segment: Segment, trimmed: list[tuple[str, int]]) -> nodes.paragraph:
    """What to keep when the talk runs short; ``trimmed`` names the agendas that run it short
    (their title and minutes), so the step says where the short version is the one to give."""
    short, count = segment.talk.short, len(segment.talk.points)
    line = nodes.paragraph(classes=[SHORT_CLASS])
    line += nodes.strong(text="When short")
    where = "; ".join(f"{title} runs it at {minutes} of {segment.minutes} min" for title, minutes in trimmed)
    # Present mode fills this in from its agenda's minutes; the run-sheet from the ready agendas.
    line += nodes.inline(text=f" ({where})" if where else "", classes=["tp-talk-short-when"])
    text = f": make {numbers_text(short.keep)}; leave out {numbers_text(short.skipped(count))}."
    if short.say:
        text += " " + short.say
    line += nodes.Text(text)
    return line


def labelled(label: str, text: str, classes: list[str]) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=classes)
    paragraph += nodes.strong(text=label)
    paragraph += nodes.Text(" " + text)
    return paragraph


def quote_line(quotes: QuoteLibrary, quote_id: str) -> nodes.paragraph:
    quote = quotes.get(quote_id)
    mark = "original English" if quote.original_english else "our translation"
    line = nodes.paragraph(classes=["tp-talk-quote"])
    line += nodes.Text("Read out: ")
    line += nodes.emphasis(text=f"\u201c{quote.text}\u201d")
    line += nodes.Text(f" \u2014 {quote.speaker.name} ({mark}; quote ")
    line += nodes.literal(text=quote.id)
    line += nodes.Text(")")
    return line


def talk_nodes(segment: Segment, quotes: QuoteLibrary | None, trimmed: list[tuple[str, int]] = ()) -> list[nodes.Node]:
    """The segment's talking points as doctree nodes, or nothing when it has none (the loader has
    checked that every quote they name is in the library, and every point a short version keeps)."""
    talk = segment.talk
    if talk is None:
        return []
    box = nodes.container(classes=[TALK_CLASS])
    count = len(talk.points)
    box += nodes.paragraph(
        "", "", nodes.strong(text="Talking points"),
        nodes.Text(f" ({count}, in this order):"),
        classes=["tp-talk-heading"],
    )
    points = nodes.enumerated_list(classes=["tp-talk-points"])
    for point in talk.points:
        item = nodes.list_item(classes=[POINT_CLASS])
        item += nodes.paragraph(text=point.say)
        if point.quote is not None:
            item += quote_line(quotes, point.quote)
        points += item
    box += points
    if talk.short is not None:
        box += short_node(segment, list(trimmed))
    if talk.ask:
        box += labelled("Ask the room:", talk.ask, ["tp-talk-ask"])
    if talk.watch:
        box += labelled("Watch for:", talk.watch, ["tp-talk-watch"])
    box += labelled("Then:", talk.next, ["tp-talk-next"])
    return [box]


def recap_nodes(segment: Segment, course: Course) -> list[nodes.Node]:
    """The key points a segment reads out, from each module's ``key_points``: one list headed
    with the module's title when the segment recaps more than one module."""
    if not segment.recap:
        return []
    box = nodes.container(classes=[RECAP_CLASS])
    several = len(segment.recap) > 1
    count = sum(len(r.points) or len(course.module(r.module).key_points) for r in segment.recap)
    heading = nodes.paragraph("", "", nodes.strong(text="Key points"), classes=["tp-recap-heading"])
    heading += nodes.Text(
        f" ({count}, one for each module; say those of the modules your agenda ran):" if several
        else f" ({count}, as on the module page):"
    )
    box += heading
    points = nodes.enumerated_list(classes=["tp-recap-points"])
    for recap in segment.recap:
        module = course.module(recap.module)
        for number in recap.points or range(1, len(module.key_points) + 1):
            item = nodes.list_item(classes=["tp-recap-point"])
            paragraph = nodes.paragraph()
            if several:
                paragraph += nodes.strong(text=module.title.split(":")[0] + ": ")
            paragraph += nodes.Text(module.key_points[number - 1])
            item += paragraph
            points += item
    box += points
    return [box]
