"""In a PDF, every link lands: the anchor it points to is labelled, or it is not a link.

A PDF is one LaTeX document made of every page of its edition. Sphinx's LaTeX writer turns a
link to ``page#anchor`` into ``\\hyperref[page:anchor]`` and writes ``\\label{page:anchor}``
only for the anchors of some nodes (sections, tables, figures and code with captions, glossary
terms, object signatures, targets): an anchor that sits on any other node is an ``id`` on the
web page and nothing in the PDF. So links to the kit's activity boxes (admonitions), run-sheet
steps (containers), checklist items (list items) and sphinx-exercise's exercises (which label
themselves ``exercise:LABEL``, not the ``page:LABEL`` that a solution's link asks for) were
LaTeX's "Hyper reference ... undefined": link styling that a click takes nowhere.

After references are resolved, on the assembled book (LaTeX builds only):

- every anchor that a link of the book points to and that the writer would not label gets a
  ``print_anchor`` just before its node (at the start of a list item or table cell, inside it),
  which the writer turns into ``\\phantomsection\\label{page:anchor}`` with its own naming;
- a link to a page or an anchor that this edition's book does not contain is its text alone.
  (Sphinx already does this for a link to a page outside the book; the course domain does it
  for an activity or step on such a page, ``domain.py``; this catches what is left.)
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from tension_points.sphinxext.post_transforms import ResolvedPageTransform


class print_anchor(nodes.Element):
    """Labels for ``anchor_ids``, written where the node stands (LaTeX only)."""


def visit_print_anchor_latex(self, node: print_anchor) -> None:
    # self.hypertarget names the label as every other label of the book: page:anchor, escaped.
    self.body.append("".join(self.hypertarget(anchor, anchor=not self.in_title) for anchor in node["anchor_ids"]))
    raise nodes.SkipNode


def skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


# Nodes whose ids Sphinx's LaTeX writer labels itself (sphinx/writers/latex.py: visit_title for a
# section, depart_table, visit_term, visit_reference, visit_literal_block, visit_target,
# visit_desc_signature, depart_caption for a figure).
LABELLED_BY_WRITER = (nodes.section, nodes.target, nodes.table, nodes.term, nodes.reference, nodes.literal_block)


def labelled_by_writer(node: nodes.Element) -> bool:
    if isinstance(node, addnodes.desc_signature):
        return node.parent.get("objtype") != "describe"
    if isinstance(node, nodes.figure):
        return any(isinstance(child, nodes.caption) for child in node.children)
    if isinstance(node, nodes.container) and node.get("literal_block"):
        return True  # a captioned code block: its literal block labels it
    return isinstance(node, LABELLED_BY_WRITER)


def pages_of(tree: nodes.Element, root: str):
    """Every element of the book with the page it belongs to (each included page is a start_of_file)."""
    stack = [(tree, root)]
    while stack:
        node, page = stack.pop()
        if isinstance(node, addnodes.start_of_file):
            page = node["docname"]
        yield node, page
        stack.extend((child, page) for child in reversed(node.children) if isinstance(child, nodes.Element))


def link_target(reference: nodes.reference, page: str) -> tuple[str, str] | None:
    """The (page, anchor) an internal link goes to in the LaTeX book (anchor "" for a whole page),
    as the writer's visit_reference reads it; None for a link to another site or a footnote."""
    uri = reference.get("refuri", "")
    if not uri and reference.get("refid"):
        return page, reference["refid"]
    if uri.startswith("#"):
        return page, uri[1:]
    if uri.startswith("%"):
        target, _, anchor = uri[1:].partition("#")
        return target, anchor
    return None


def place_anchor(node: nodes.Element, anchor_ids: list[str]) -> None:
    anchor = print_anchor(anchor_ids=anchor_ids)
    if isinstance(node, (nodes.list_item, nodes.entry, nodes.field_body, nodes.definition)):
        node.insert(0, anchor)  # before the item's text, not between the list's items
    elif isinstance(node, nodes.definition_list_item) and node.children and isinstance(node[0], nodes.term):
        node[0].insert(0, anchor)
    elif isinstance(node, nodes.row) and node.children:
        node[0].insert(0, anchor)
    elif node.parent is not None:
        node.parent.insert(node.parent.index(node), anchor)


def land_links(book: nodes.Element, root: str) -> None:
    """Label what the book's links point to; unlink what they point to that the book lacks."""
    anchors: dict[tuple[str, str], nodes.Element] = {}
    pages = {root}
    links: list[tuple[nodes.reference, tuple[str, str]]] = []
    # "(name)=" before a paragraph: a target whose refid the paragraph carries, labelled by the target.
    labelled_by_target: set[tuple[str, str]] = set()
    for node, page in pages_of(book, root):
        pages.add(page)
        if isinstance(node, nodes.target) and node.get("refid") and not node.get("refuri"):
            labelled_by_target.add((page, node["refid"]))
        for anchor in node.get("ids", ()):
            anchors.setdefault((page, anchor), node)
        if isinstance(node, nodes.reference) and (target := link_target(node, page)) is not None:
            links.append((node, target))
    unlabelled: dict[int, tuple[nodes.Element, list[str]]] = {}
    for reference, (page, anchor) in links:
        if page not in pages or (anchor and (page, anchor) not in anchors):
            # Not in this book: the link's words, not a link that goes nowhere.
            reference.replace_self(reference.children or [nodes.Text(reference.astext())])
            continue
        if not anchor:
            continue  # a whole page: the writer labels each page's start
        node = anchors[(page, anchor)]
        if not labelled_by_writer(node) and (page, anchor) not in labelled_by_target:
            ids = unlabelled.setdefault(id(node), (node, []))[1]
            if anchor not in ids:
                ids.append(anchor)
    for node, anchor_ids in unlabelled.values():
        place_anchor(node, anchor_ids)


class LandEveryPrintedLink(ResolvedPageTransform):
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        land_links(self.document, self.docname)


def setup(app: Sphinx) -> dict:
    app.add_node(print_anchor, latex=(visit_print_anchor_latex, None), html=(skip, None), text=(skip, None),
                 man=(skip, None), texinfo=(skip, None))
    app.add_post_transform(LandEveryPrintedLink)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
