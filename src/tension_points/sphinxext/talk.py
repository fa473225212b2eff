"""A teaching segment's talking points as the facilitator reads them: written once in the
module's front matter (``talk``), rendered in the run-sheet's step (web and handbook) and in
present mode's speaker's view.

The points come in order, each in the facilitator's words; a point that reads out a panellist
prints the quote card's words from the quote library (traced to the transcript there), with
the speaker, whether it is our translation, and the quote's id. Then the question for the room, what to watch for, and the
words that lead into the next segment.
"""

from __future__ import annotations

from docutils import nodes

from tension_points.course import QuoteLibrary, Segment

TALK_CLASS = "tp-talk"
POINT_CLASS = "tp-talk-point"


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


def talk_nodes(segment: Segment, quotes: QuoteLibrary | None) -> list[nodes.Node]:
    """The segment's talking points as doctree nodes, or nothing when it has none (the loader has
    checked that every quote they name is in the library)."""
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
    if talk.ask:
        box += labelled("Ask the room:", talk.ask, ["tp-talk-ask"])
    if talk.watch:
        box += labelled("Watch for:", talk.watch, ["tp-talk-watch"])
    box += labelled("Then:", talk.next, ["tp-talk-next"])
    return [box]
