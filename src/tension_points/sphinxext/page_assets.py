"""Each page links the stylesheets and scripts of the components it contains, and no others.

The extensions the kit builds on (sphinx-design, myst-nb, sphinx-togglebutton,
sphinx-copybutton, sphinx-exercise, graphviz) add their CSS and JavaScript to every
page of the site; most pages contain none of their elements. Here each component is
described once (its assets and how to recognise its elements in a page's doctree), and
``html-page-context`` drops the assets of the components a page does not contain. The
rule is by node and class, never by page name, so a page that gains a card or a code
cell gains the assets with it.

The same table keeps incremental builds identical to clean ones:

* Three of those extensions add their static folders to ``html_static_path`` when the
  builder starts, after Sphinx has compared the configuration with the pickled one, so
  every rebuild reported "the configuration has changed". Their folders are added when
  the configuration is read (``config-inited``) and the late additions are folded back
  into the same list, so the configuration Sphinx pickles is the one it reads next time.
* myst-nb and sphinx-exercise write their stylesheet at the end of the build, after the
  pages, so a clean build links them without the ``?v=`` checksum an incremental build
  gives them. They are written before the pages instead.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.ext.graphviz import graphviz

from tension_points.sphinxext.stable_config import add_config_folder


def _classes(doctree: nodes.document) -> Iterable[set[str]]:
    for node in doctree.findall(nodes.Element):
        yield set(node.get("classes", ()))


def has_sphinx_design(doctree: nodes.document) -> bool:
    # Every sphinx-design element (card, grid, tab, badge, button, dropdown, icon) has an sd- class.
    return any(any(c.startswith("sd-") for c in classes) for classes in _classes(doctree)) or any(
        'class="sd-' in node.astext() for node in doctree.findall(nodes.raw)
    )


def has_tabs(doctree: nodes.document) -> bool:
    return any("sd-tab-set" in classes for classes in _classes(doctree))


def has_notebook_cells(doctree: nodes.document) -> bool:
    return any("nb_element" in node for node in doctree.findall(nodes.Element))


def has_code(doctree: nodes.document) -> bool:
    """Highlighted code: blocks, notebook cells and outputs, inline code with a language."""
    if next(doctree.findall(nodes.literal_block), None) or next(doctree.findall(nodes.doctest_block), None):
        return True
    return any(node.get("language") for node in doctree.findall(nodes.literal))


def has_toggles(doctree: nodes.document) -> bool:
    # sphinx-togglebutton's selector: ".toggle, .admonition.dropdown" (sphinx-exercise
    # solutions with :class: dropdown are admonitions).
    return any("toggle" in classes or "dropdown" in classes for classes in _classes(doctree))


def has_exercises(doctree: nodes.document) -> bool:
    return any(classes & {"exercise", "solution"} for classes in _classes(doctree))


def has_graphviz(doctree: nodes.document) -> bool:
    return next(doctree.findall(graphviz), None) is not None


@dataclass(frozen=True)
class Component:
    """An extension's page assets: file names (a trailing ``*`` matches a prefix) and inline scripts."""

    extension: str
    present: Callable[[nodes.document], bool]
    css: tuple[str, ...] = ()
    js: tuple[str, ...] = ()
    inline_js: tuple[str, ...] = ()  # text that marks the extension's inline <script> bodies
    static_dir: str = ""  # package-relative folder the extension adds to html_static_path

    def owns(self, filename: str, body: str = "") -> bool:
        if filename:
            return any(filename == name or (name.endswith("*") and filename.startswith(name[:-1]))
                       for name in (*self.css, *self.js))
        return any(marker in body for marker in self.inline_js)


COMPONENTS = (
    Component("sphinx_design", has_sphinx_design, css=("sphinx-design.min.css",), static_dir="static"),
    Component("sphinx_design", has_tabs, js=("design-tabs.js",)),
    Component("myst_nb", has_notebook_cells, css=("mystnb.*",)),
    Component("sphinx.highlighting", has_code, css=("pygments.css",)),
    Component("sphinx_copybutton", has_code, css=("copybutton.css",), js=("clipboard.min.js", "copybutton.js"),
              static_dir="_static"),
    Component("sphinx_togglebutton", has_toggles, css=("togglebutton.css",), js=("togglebutton.js",),
              inline_js=("toggleHintShow", "toggleHintHide", "toggleOpenOnPrint", "togglebuttonSelector"),
              static_dir="_static"),
    Component("sphinx_exercise", has_exercises, css=("exercise.css",)),
    Component("sphinx.ext.graphviz", has_graphviz, css=("graphviz.css",)),
)


def package_folder(module: str, folder: str) -> str:
    return str(Path(importlib.import_module(module).__file__).parent / folder)


def add_static_folders(app: Sphinx, config: Config) -> None:
    """Add the components' static folders now, before Sphinx compares the configuration."""
    for component in COMPONENTS:
        if component.static_dir and component.extension in config.extensions:
            add_config_folder(config, "html_static_path", package_folder(component.extension, component.static_dir))


def fold_late_static_folders(app: Sphinx) -> None:
    """Drop the copies the extensions appended again at builder-inited (the first stays)."""
    folded: list[str] = []
    for entry in app.config.html_static_path:
        if entry not in folded:
            folded.append(entry)
    app.config.html_static_path = folded


def write_late_stylesheets(app: Sphinx) -> None:
    """Write the stylesheets myst-nb and sphinx-exercise write after the pages, before them."""
    if app.builder.format != "html":
        return
    (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
    if "myst_nb" in app.config.extensions:
        from myst_nb.sphinx_ext import add_global_html_resources

        add_global_html_resources(app, None)
    if "sphinx_exercise" in app.config.extensions:
        from sphinx_exercise import copy_asset_files

        copy_asset_files(app, None)


def _filename(asset) -> str:
    """The asset's name as its extension registered it (Sphinx prefixes local ones with _static/)."""
    return str(getattr(asset, "filename", asset) or "").removeprefix("_static/")


def keep_used_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Remove from this page the assets of every component it does not contain."""
    absent = [c for c in COMPONENTS if doctree is None or not c.present(doctree)]
    if not absent:
        return
    if "css_files" in context:
        context["css_files"] = [css for css in context["css_files"]
                                if not any(c.owns(_filename(css)) for c in absent)]
    if "script_files" in context:
        context["script_files"] = [
            js for js in context["script_files"]
            if not any(c.owns(_filename(js), getattr(js, "attributes", {}).get("body", "")) for c in absent)
        ]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_static_folders)
    # After the extensions' own builder-inited handlers (priority 500).
    app.connect("builder-inited", fold_late_static_folders, priority=900)
    app.connect("builder-inited", write_late_stylesheets, priority=900)
    # After Furo (500), which rewrites its own entries of css_files and script_files.
    app.connect("html-page-context", keep_used_assets, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
