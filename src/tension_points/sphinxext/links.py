"""Links to other sites, gathered onto one page.

Builds run offline, so ``make linkcheck`` checks only the course's own references and
anchors. Every http(s) link of every page is collected while the pages are read, and the
``{external-links}`` directive lists them, page by page, on one generated page
(``reference/external-links.md``); ``make linkcheck-external`` checks that page alone,
which needs the network.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

EXTERNAL = ("http://", "https://")


class external_links(nodes.General, nodes.Element):
    """Placeholder, replaced by the list once every page has been read."""


class ExternalLinksDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        self.env.tp_external_link_pages = getattr(self.env, "tp_external_link_pages", set()) | {self.env.docname}
        return [external_links()]


def links_of(env: BuildEnvironment) -> dict[str, list[str]]:
    if not hasattr(env, "tp_external_links"):
        env.tp_external_links = {}
    return env.tp_external_links


def collect(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    found: list[str] = []
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        if uri.startswith(EXTERNAL) and uri not in found:
            found.append(uri)
    if found:
        links_of(app.env)[docname] = found
    else:
        links_of(app.env).pop(docname, None)


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    links_of(env).pop(docname, None)
    getattr(env, "tp_external_link_pages", set()).discard(docname)


def merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    links_of(env).update({name: links for name, links in links_of(other).items() if name in docnames})
    env.tp_external_link_pages = getattr(env, "tp_external_link_pages", set()) | getattr(other, "tp_external_link_pages", set())


def listed(env: BuildEnvironment) -> dict[str, tuple[str, list[str]]]:
    """What the list page shows: each page's title and links."""
    return {page: (env.titles[page].astext() if page in env.titles else page, links)
            for page, links in links_of(env).items()}


def remember_listed(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    app.builder.tp_listed_before = listed(env)


def updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The list page is filled when it is written: write it again when what it shows changed.

    (Re-reading it is not needed: its doctree holds only the placeholder.)
    """
    if listed(env) != getattr(app.builder, "tp_listed_before", None):
        return sorted(getattr(env, "tp_external_link_pages", set()))
    return []


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace the placeholder with every page's links (a ``doctree-resolved`` handler, as Sphinx's
    own todo list is: it links pages through the builder, which Sphinx 9 gives no post-transform)."""
    env = app.env
    for placeholder in list(doctree.findall(external_links)):
        pages = links_of(env)
        content: list[nodes.Node] = []
        if not pages:
            content.append(nodes.paragraph(text="No page links to another site."))
        listing = nodes.bullet_list()
        for page in sorted(pages, key=lambda name: (env.titles[name].astext() if name in env.titles else name)):
            if page == docname:
                continue
            item = nodes.list_item()
            title = nodes.paragraph()
            # A resolved link to the page: references were resolved before this event.
            reference = nodes.reference("", "", internal=True, refuri=app.builder.get_relative_uri(docname, page))
            reference += nodes.inline(text=env.titles[page].astext() if page in env.titles else page)
            title += reference
            item += title
            links = nodes.bullet_list()
            for uri in pages[page]:
                links += nodes.list_item("", nodes.paragraph("", "", nodes.reference(uri, uri, refuri=uri)))
            item += links
            listing += item
        content.append(listing)
        placeholder.replace_self(content)


def setup(app: Sphinx) -> dict:
    app.add_node(external_links)
    app.add_directive("external-links", ExternalLinksDirective)
    # After the learner edition has dropped its facilitator notes (default priority).
    app.connect("doctree-read", collect, priority=900)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("env-before-read-docs", remember_listed)
    app.connect("env-get-updated", updated)
    app.connect("doctree-resolved", fill)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
