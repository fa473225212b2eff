"""The kit's Sphinx extension: course metadata, quotes, facilitator notes, schedule, notebooks.

Each concern is its own module with its own ``setup``; this one wires them up
and declares the configuration values shared between them.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from sphinx.application import Sphinx

from tension_points import __version__
from tension_points.datafiles import package_path
from tension_points.sphinxext.stable_config import add_config_folder

STATIC = package_path("sphinxext/static")
# Theme templates the kit overrides (the sidebar's navigation landmark).
TEMPLATES = package_path("sphinxext/templates")
# Each concern is a sub-extension with its own setup and parallel-safety declaration.
PARTS = (
    "course_data", "domain", "facilitator_notes", "modules", "quotes", "schedule", "notebooks", "downloads",
    "handbook", "forms", "worksheets", "woz", "checklist", "a11y", "links", "page_assets", "stable_config",
    "search_index", "diagrams", "on_screen", "present", "exercise_numbers", "self_check",
    "hidden_output", "printing", "good_answers", "audit_print", "command_lines", "print_links",
)
EDITIONS = ("web", "learner", "facilitator", "handouts")


def add_search_once(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The search page lists a page once per place in it (static/search-once.js); no other page needs it."""
    if pagename == "search":
        app.add_js_file("search-once.js")


def add_static_path(app: Sphinx, config) -> None:
    # At config-inited, before Sphinx compares the configuration with the pickled one:
    # added later, every rebuild would report a changed html_static_path.
    add_config_folder(config, "html_static_path", str(STATIC))
    add_config_folder(config, "templates_path", str(TEMPLATES))


def copy_latex_style(app: Sphinx) -> None:
    if app.builder.format == "latex":
        outdir = Path(app.outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / "tensionpoints.sty").write_bytes((STATIC / "tensionpoints.sty").read_bytes())


def check_edition(app: Sphinx, config) -> None:
    if config.tension_points_edition not in EDITIONS:
        from sphinx.errors import ConfigError

        raise ConfigError(
            f"tension_points_edition must be one of {', '.join(EDITIONS)}, not '{config.tension_points_edition}'"
        )


def setup(app: Sphinx) -> dict:
    # A deprecation caused by the kit's own code fails the build: -W covers Sphinx's warnings,
    # not Python's, and a deprecated call (env.app in Sphinx 9) breaks with the next release.
    for category in (DeprecationWarning, PendingDeprecationWarning):
        warnings.filterwarnings("error", category=category, module=r"tension_points(\.|$)")
    app.add_config_value("tension_points_edition", "web", "env", types=[str])
    app.add_config_value("tension_points_start", "09:00", "env", types=[str])
    app.connect("config-inited", check_edition)
    app.connect("config-inited", add_static_path)
    app.connect("builder-inited", copy_latex_style)
    for part in PARTS:
        app.setup_extension(f"tension_points.sphinxext.{part}")
    app.add_css_file("tension-points.css")
    app.add_js_file("facilitator-view.js")
    app.connect("html-page-context", add_search_once)
    app.add_latex_package("tensionpoints")
    # Bump env_version when what the extension stores in the environment changes shape:
    # Sphinx then re-reads every page instead of reusing a stale pickled environment.
    return {"version": __version__, "env_version": 13, "parallel_read_safe": True, "parallel_write_safe": True}
