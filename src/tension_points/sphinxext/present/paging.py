"""How much of a page one projector screen holds: runs of doctree items that fit, lists split by item."""

from __future__ import annotations

from docutils import nodes

# Characters of text one screen holds at the projector's type size (>= 32 px at 1280x720);
# longer key points or instructions continue on the next screen of the same segment.
SCREEN_TEXT = 460
LINE = 60  # a paragraph or list item takes a line at least, however short
SPLITTABLE = (nodes.bullet_list, nodes.enumerated_list, nodes.container)


def text_length(node: nodes.Node) -> int:
    """Characters the screen shows: raw LaTeX and HTML (a worksheet's ruled lines) are not text."""
    return sum(len(text) for text in node.findall(nodes.Text) if not isinstance(text.parent, nodes.raw))


def split_long_lists(items: list[nodes.Node], budget: int) -> list[nodes.Node]:
    """A list (or a box, such as a worksheet) too long for one screen becomes one per item,
    numbering kept, to pack anew."""
    result: list[nodes.Node] = []
    for item in items:
        if not isinstance(item, SPLITTABLE) or text_length(item) <= budget:
            result.append(item)
            continue
        first = item.get("start", 1)
        for n, entry in enumerate(item.children):
            single = item.copy()  # the list's or box's attributes, no children
            if isinstance(item, nodes.enumerated_list):
                single["start"] = first + n
            single += entry.deepcopy()
            result.append(single)
    return result


def chunks(items: list[nodes.Node], budget: int = SCREEN_TEXT) -> list[list[nodes.Node]]:
    """Consecutive runs of items whose text fits one screen (an item too long stays whole)."""
    runs: list[list[nodes.Node]] = [[]]
    used = 0
    for item in split_long_lists(items, budget):
        size = max(text_length(item), LINE)
        if runs[-1] and used + size > budget:
            runs.append([])
            used = 0
        runs[-1].append(item)
        used += size
    return [run for run in runs if run]
