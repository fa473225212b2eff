"""A module's screens: what the projector shows for each segment, and the speaker's notes for it."""

from __future__ import annotations

import html
from dataclasses import dataclass

from docutils import nodes
from sphinx.ext.graphviz import graphviz

from tension_points.course import Segment, format_minutes
from tension_points.sphinxext.facilitator_notes import facilitator_note
from tension_points.sphinxext.on_screen import ON_SCREEN, TERMS_ONLY
from tension_points.sphinxext.present.pagecontent import PROMPT, SegmentContent, item_kind
from tension_points.sphinxext.present.paging import chunks
from tension_points.sphinxext.present.render import Renderer


@dataclass
class Screen:
    segment: int  # index into the module's segments; -1 for the title screen
    kind: str  # title, prompt, board, quote, diagram, key-points, cover
    label: str  # what the speaker's view calls it
    html: str  # the screen's body as the projector shows it



def is_box_furniture(node: nodes.Node) -> bool:
    """Parts of an activity box that present mode shows from the data instead, or never."""
    if isinstance(node, (nodes.title, facilitator_note)):
        return True
    classes = node.get("classes", []) if isinstance(node, nodes.Element) else []
    return bool({"tp-activity-meta", "tp-activity-prompt", "tp-activity-parts"} & set(classes))


def instructions(box: nodes.Element) -> list[nodes.Node]:
    """The activity box's own text: what the room is asked to do, without the notes."""
    return [child for child in box.children if not is_box_furniture(child)]


def prompt_node(box: nodes.Element) -> nodes.Element | None:
    for child in box.children:
        if isinstance(child, nodes.Element) and "tp-activity-prompt" in child.get("classes", []):
            return child
    return None


def parts_html(segment: Segment) -> str:
    """The activity's steps with their minutes; the script updates the minutes for a trimmed agenda."""
    if not segment.parts:
        return ""
    rows = "".join(
        f'<li class="tp-part" data-part="{n}"><span class="tp-part-label">{html.escape(part.label)}</span> '
        f'<span class="tp-part-minutes">{format_minutes(part.minutes)}</span> <span class="tp-part-state"></span></li>'
        for n, part in enumerate(segment.parts)
    )
    return f'<ol class="tp-parts" aria-label="Steps">{rows}</ol>'


def quote_label(card: nodes.Element) -> str:
    speaker = card.next_node(nodes.attribution)
    name = speaker.next_node(nodes.strong) if speaker is not None else None
    return f"Quote: {name.astext()}" if name is not None else "Quote"


def diagram_label(node: nodes.Element) -> str:
    image = node if "alt" in node else node.next_node(lambda n: isinstance(n, (graphviz, nodes.image)))
    alt = str(image.get("alt", "")) if image is not None else ""
    if not alt:
        return "Diagram"
    return "Diagram: " + (alt[:70] + "\u2026" if len(alt) > 70 else alt)


def segment_screens(index: int, segment: Segment, content: SegmentContent, render: Renderer) -> list[Screen]:
    screens: list[Screen] = []
    for item in content.items:
        if item == PROMPT:
            screens += prompt_screens(index, segment, content.activity, render)
        elif "tp-quote" in item.get("classes", []):
            screens.append(Screen(index, "quote", quote_label(item), render.html(item)))
        elif "tp-key-points" in item.get("classes", []):
            screens += key_point_screens(index, item, render)
        elif ON_SCREEN in item.get("classes", []):
            board = board_piece(item)
            screens.append(Screen(index, "board", board_label(board), f'<div class="tp-board">{render.html(*board.children)}</div>'))
        else:
            screens.append(Screen(index, "diagram", diagram_label(item), render.html(item)))
    if not screens:
        screens.append(Screen(index, "title", "Title", ""))
    return screens


def board_piece(block: nodes.Element) -> nodes.Element:
    """What an on-screen block shows: its text and lists, without the quote cards and diagrams
    (they have screens of their own), and with ``:terms:`` its definition lists as lists of terms."""
    board = block.deepcopy()
    for node in list(board.findall(lambda n: isinstance(n, nodes.Element) and n is not board
                                   and item_kind(n) in ("quote", "diagram"))):
        node.parent.remove(node)
    if TERMS_ONLY in block.get("classes", []):
        for listing in list(board.findall(nodes.definition_list)):
            terms = nodes.bullet_list(classes=["tp-board-terms"])
            for term in listing.findall(nodes.term):
                terms += nodes.list_item("", nodes.paragraph("", "", *[child.deepcopy() for child in term.children]))
            listing.replace_self(terms)
        merge_adjacent_term_lists(board)
    return board


def merge_adjacent_term_lists(board: nodes.Element) -> None:
    """Definition lists that quote cards split apart on the page are one list on the board."""
    previous = None
    for child in list(board.children):
        if isinstance(child, nodes.bullet_list) and "tp-board-terms" in child["classes"]:
            if previous is not None:
                previous.extend(child.children)
                board.remove(child)
                continue
            previous = child
        else:
            previous = None


def board_label(board: nodes.Element) -> str:
    text = " ".join(board.astext().split())
    return "Board: " + (text[:60] + "\u2026" if len(text) > 60 else text)


def key_point_screens(index: int, box: nodes.Element, render: Renderer) -> list[Screen]:
    """The key points, as many to a screen as fit."""
    listing = box.next_node(nodes.bullet_list)
    runs = chunks(list(listing.children)) if listing is not None else []
    screens = []
    for number, run in enumerate(runs, 1):
        part = nodes.bullet_list(classes=["tp-key-points-list"])
        part.extend(run)
        more = f" ({number} of {len(runs)})" if len(runs) > 1 else ""
        body = f'<h3 class="tp-key-points-title">Key points{more}</h3>' + render.html(part)
        screens.append(Screen(index, "key-points", f"Key points{more}", body))
    return screens


def prompt_screens(index: int, segment: Segment, box: nodes.Element, render: Renderer) -> list[Screen]:
    """The activity's prompt (from the data) with its steps; without a prompt, the box's instructions."""
    prompt = prompt_node(box)
    if prompt is not None:
        body = f'<div class="tp-prompt">{render.html(prompt)}</div>{parts_html(segment)}'
        return [Screen(index, "prompt", "Prompt and steps" if segment.parts else "Prompt", body)]
    runs = chunks(instructions(box)) or [[]]
    screens = []
    for number, run in enumerate(runs, 1):
        body = f'<div class="tp-prompt tp-instructions">{render.html(*run)}</div>'
        if number == 1:
            body += parts_html(segment)
        more = f" ({number} of {len(runs)})" if len(runs) > 1 else ""
        screens.append(Screen(index, "prompt", f"Instructions{more}", body))
    return screens


def speaker_notes(content: SegmentContent, render: Renderer) -> str:
    """The facilitator notes of a segment, then (for an activity) the box's instructions."""
    result = "".join(render.html(note, notes=True) for note in content.notes)
    if content.activity is not None and prompt_node(content.activity) is not None and instructions(content.activity):
        result += '<section class="tp-speaker-instructions"><h4>Instructions on the page</h4>'
        result += render.html(*instructions(content.activity)) + "</section>"
    return result
