"""Incremental builds that do only what changed and write what a clean build writes.

Two defects of the tools the kit builds on, found by comparing an incremental build with
a clean one (tests/test_incremental_build.py):

* Furo registers its ``pygments_dark_style`` option when the HTML builder loads the theme,
  after Sphinx has compared the configuration with the one pickled by the previous build.
  The pickled one has the option and the fresh one does not yet, so every rebuild said
  "the configuration has changed". Furo reads the option once, when the builder starts;
  after that the option is taken out of the configuration again, so what is pickled
  matches what the next build compares. (The kit's pages have their dark style from
  ``pygments_dark_style`` in conf.py, which Furo reads from there.)
* Sphinx keeps the search index's "index entries" (the glossary's terms, among others)
  only for the pages it writes in the current build: after editing one page the
  rebuilt ``searchindex.js`` had lost every other page's entries. The entries are kept
  per page in the environment when the page is read and given back to the index for
  the pages that were not written again. It also kept a word that had left every page
  (the word an author added and then took out) with an empty list of pages; such words
  are dropped, as a clean build never has them.

And one dependency made exact: the schedule, agendas, run-sheets and activity index show
the modules' data (their front matter), not their text. They depend on a file holding
that data, rewritten only when it changes, so an edit to a module's prose re-reads that
module alone.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.index_entries import split_index_msg

from tension_points.sphinxext.course_data import modules_of

THEME_OPTIONS_READ_AT_START = ("pygments_dark_style",)


def add_config_folder(config, name: str, folder: str) -> None:
    """Add ``folder`` to the list option ``name`` (``html_static_path``, ``templates_path``).

    The list is replaced, never appended to: an option conf.py leaves unset is Sphinx's
    default list, shared by every build in the process, so appending to it made each
    in-process rebuild (``make serve``) see one more entry and rewrite every page.
    """
    current = list(getattr(config, name))
    if folder not in current:
        setattr(config, name, [*current, folder])


def forget_theme_options(app: Sphinx) -> None:
    """Take out the options Furo registered late and has already read (see the module docstring)."""
    for name in THEME_OPTIONS_READ_AT_START:
        app.config._options.pop(name, None)


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


def course_data_file(env: BuildEnvironment) -> Path:
    return Path(env.doctreedir) / "tension-points" / "modules.txt"


def write_course_data(app: Sphinx) -> None:
    """The modules' data as the pages that show it read it; the file is left alone when unchanged."""
    text = "".join(f"{module!r}\n" for module in modules_of(app.env))
    path = course_data_file(app.env)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def note_course_data(env: BuildEnvironment) -> None:
    """For a page that shows the modules' data (and not their text)."""
    env.note_dependency(str(course_data_file(env)))


def setup(app: Sphinx) -> dict:
    # After the course is loaded (course_data, priority 400), before any page is read.
    app.connect("builder-inited", write_course_data, priority=450)
    # After Furo's builder-inited handler (priority 500) has read the options.
    app.connect("builder-inited", forget_theme_options, priority=950)
    app.connect("doctree-read", keep_index_entries)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    # html-collect-pages comes after every page is written and before the index is dumped.
    app.connect("html-collect-pages", repair_search_index)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
