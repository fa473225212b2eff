"""The search index after an incremental build holds what a clean build's holds.

Sphinx keeps the search index's "index entries" (the glossary's terms, among others) only
for the pages it writes in the current build: after editing one page the rebuilt
``searchindex.js`` had lost every other page's entries. The entries are kept per page in
the environment when the page is read and given back to the index for the pages that were
not written again. It also kept a word that had left every page (the word an author added
and then took out) with an empty list of pages; such words are dropped, as a clean build
never has them. Found by comparing an incremental build with a clean one
(tests/test_incremental_build.py).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.index_entries import split_index_msg


def index_entries(doctree: nodes.document) -> list[tuple[str, str, str]]:
    """A page's search-index entries, as ``sphinx.search.IndexBuilder.feed`` collects them."""
    entries: set[tuple[str, str, str]] = set()
    for node in doctree.findall(addnodes.index):
        for entry_type, value, target_id, main, _category in node["entries"]:
            try:
                parts = split_index_msg(entry_type, value)
            except ValueError:
                continue
            target_id = target_id or ""
            if entry_type in {"see", "seealso"}:
                entries.add((parts[0], target_id, main))
            entries |= {(part, target_id, main) for part in parts}
    return sorted(entries)


def keep_index_entries(app: Sphinx, doctree: nodes.document) -> None:
    entries = index_entries(doctree)
    store = _store(app.env)
    if entries:
        store[app.env.docname] = entries
    else:
        store.pop(app.env.docname, None)


def _store(env: BuildEnvironment) -> dict[str, list[tuple[str, str, str]]]:
    if not hasattr(env, "tp_index_entries"):
        env.tp_index_entries = {}
    return env.tp_index_entries


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _store(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    _store(env).update({name: entries for name, entries in _store(other).items() if name in docnames})


def repair_search_index(app: Sphinx) -> list:
    """Give the search index the entries of the pages this build did not write again,
    and drop the words no page has any more.

    The index holds an entry list (empty or not) for every page written in this build;
    the pages without one are those it did not write.
    """
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    for docname, entries in _store(app.env).items():
        if docname in app.env.all_docs:
            indexer._index_entries.setdefault(docname, entries)
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, pages in mapping.items() if not pages]:
            del mapping[word]
    return []


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", keep_index_entries)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    # html-collect-pages comes after every page is written and before the index is dumped.
    app.connect("html-collect-pages", repair_search_index)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
