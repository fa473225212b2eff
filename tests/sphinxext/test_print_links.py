"""print_links on a small assembled book: what a link points to is labelled where LaTeX would
not label it, and a link to what the book lacks is its words alone."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes

from tension_points.sphinxext.print_links import land_links, print_anchor


def book() -> tuple[nodes.document, dict[str, nodes.Node]]:
    from docutils.utils import new_document

    tree = new_document("book")
    page = addnodes.start_of_file(docname="modules/m")
    section = nodes.section(ids=["m-title"])
    section += nodes.title(text="A module")
    box = nodes.admonition(ids=["an-activity"])
    box += nodes.title(text="Discussion: a box")
    listing = nodes.bullet_list()
    item = nodes.list_item(ids=["an-item"])
    item += nodes.paragraph(text="An item")
    listing += item
    section += [box, listing]
    page += section
    links = nodes.paragraph()
    made = {
        "box": nodes.reference("", "the box", refuri="%modules/m#an-activity"),
        "item": nodes.reference("", "the item", refuri="%modules/m#an-item"),
        "section": nodes.reference("", "the module", refuri="%modules/m#m-title"),
        "missing": nodes.reference("", "a step", refuri="%modules/m#a-step-this-book-lacks"),
        "elsewhere": nodes.reference("", "a page", refuri="%facilitator-guide/other#x"),
        "site": nodes.reference("", "a site", refuri="https://example.org/"),
    }
    links += list(made.values())
    tree += [links, page]
    return tree, {**made, "box": box, "item": item, "section": section}


def test_an_anchor_latex_does_not_label_gets_a_label_where_it_is():
    tree, parts = book()
    land_links(tree, "handbook")
    box, item = parts["box"], parts["item"]
    before_box = box.parent[box.parent.index(box) - 1]
    assert isinstance(before_box, print_anchor) and before_box["anchor_ids"] == ["an-activity"]
    # In a list, inside the item: LaTeX allows nothing between \begin{itemize} and \item.
    assert isinstance(item[0], print_anchor) and item[0]["anchor_ids"] == ["an-item"]
    # A section labels itself: a second label would be "multiply defined".
    assert len(list(tree.findall(print_anchor))) == 2


def test_a_link_to_what_the_book_lacks_is_its_words_and_the_rest_stay_links():
    tree, parts = book()
    land_links(tree, "handbook")
    kept = {reference.astext() for reference in tree.findall(nodes.reference)}
    assert kept == {"the box", "the item", "the module", "a site"}
    text = tree[0].astext()
    assert "a step" in text and "a page" in text
