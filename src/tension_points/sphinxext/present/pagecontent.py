"""Which parts of a module page belong to which segment, read from the page's doctree.

Present mode shows, for each segment, what the page shows for it: the activity box (keyed
by segment id), the ``{on-screen}`` boards, the quote cards, the diagrams and the key
points, and it gives the speaker's view the facilitator notes. Nothing is copied: the page is read as it is built.

How content finds its segment, in page order:

- an ``{activity}`` box belongs to its segment, and so does what follows it in its section;
- a section belongs to the teaching (or break) segment whose title it matches (same
  words, give or take a prefix such as "Welcome:" or a suffix such as "and key points");
  a section that matches none belongs to the first activity inside it; a section with
  neither continues the segment before it (the text before the first section belongs to
  the first activity there, or else to the first segment);
- the key points belong to the last segment, wherever the page puts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docutils import nodes
from sphinx.ext.graphviz import graphviz

from tension_points.sphinxext.facilitator_notes import facilitator_note
from tension_points.sphinxext.on_screen import ON_SCREEN

# Words that say little about which segment a heading is about.
STOP_WORDS = frozenset("a an and at by for from in is it of on or the this to with your you".split())
# Dice similarity of heading and segment title at or above which they are the same subject.
SAME_SUBJECT = 0.5
PROMPT = "prompt"  # where, among a segment's items, its activity box stood


@dataclass
class SegmentContent:
    """What a page shows for one segment, in page order."""

    items: list[nodes.Element | str] = field(default_factory=list)  # boards, quote cards, diagrams, key points; PROMPT
    notes: list[nodes.Element] = field(default_factory=list)  # facilitator notes
    activity: nodes.Element | None = None  # the {activity} box


def words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", title.lower()) if w not in STOP_WORDS}


def similarity(a: str, b: str) -> float:
    left, right = words(a), words(b)
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


def is_activity(node: nodes.Node, activity_ids: set[str]) -> str | None:
    if isinstance(node, nodes.Element) and "tp-activity" in node.get("classes", []):
        for ident in node.get("ids", []):
            if ident in activity_ids:
                return ident
    return None


def item_kind(node: nodes.Node) -> str | None:
    """The kind of a node present mode puts on a screen of its own, or None."""
    if not isinstance(node, nodes.Element):
        return None
    classes = node.get("classes", [])
    if ON_SCREEN in classes:
        return "board"
    if "tp-quote" in classes:
        return "quote"
    if "tp-key-points" in classes:
        return "key-points"
    if isinstance(node, (graphviz, nodes.figure, nodes.image)):
        return "diagram"
    return None


class PageReader:
    def __init__(self, segments) -> None:
        self.contents = {segment.id: SegmentContent() for segment in segments}
        self.activity_ids = {segment.id for segment in segments if segment.kind in ("discussion", "exercise")}
        self.unmatched = [segment for segment in segments if segment.id not in self.activity_ids]
        self.first = segments[0].id
        self.last = segments[-1].id

    def read(self, doctree: nodes.document) -> dict[str, SegmentContent]:
        page = doctree.next_node(nodes.section)
        if page is None:
            return self.contents
        lead = [child for child in page.children if not isinstance(child, nodes.section)]
        owner = next((a for child in lead for a in [self.first_activity(child)] if a), self.first)
        self.walk(page, owner)
        return self.contents

    def first_activity(self, node: nodes.Node) -> str | None:
        if found := is_activity(node, self.activity_ids):
            return found
        if isinstance(node, nodes.Element):
            for child in node.findall(nodes.Element, include_self=False):
                if found := is_activity(child, self.activity_ids):
                    return found
        return None

    def section_owner(self, section: nodes.section, current: str) -> str:
        title = section.next_node(nodes.title)
        heading = title.astext() if title is not None else ""
        scored = [(similarity(heading, segment.title), n) for n, segment in enumerate(self.unmatched)]
        best = max(scored, default=(0.0, -1))
        if best[0] >= SAME_SUBJECT:
            return self.unmatched.pop(best[1]).id
        return self.first_activity(section) or current

    def walk(self, node: nodes.Element, owner: str) -> str:
        for child in node.children:
            if isinstance(child, nodes.section):
                owner = self.walk(child, self.section_owner(child, owner))
            elif segment_id := is_activity(child, self.activity_ids):
                content = self.contents[segment_id]
                content.activity = child
                content.items.append(PROMPT)
                self.walk(child, segment_id)
                owner = segment_id
            elif isinstance(child, facilitator_note):
                self.contents[owner].notes.append(child)
            elif item_kind(child) == "key-points":
                self.contents[self.last].items.append(child)  # the key points close the module
            elif item_kind(child) == "board":
                self.contents[owner].items.append(child)
                owner = self.walk(child, owner)  # its quote cards and diagrams get screens of their own
            elif item_kind(child):
                self.contents[owner].items.append(child)
            elif isinstance(child, nodes.Element):
                owner = self.walk(child, owner)
        return owner


def read_page(doctree: nodes.document, segments) -> dict[str, SegmentContent]:
    """Every segment's content on the page (segments: the module's, in teaching order)."""
    return PageReader(list(segments)).read(doctree)
