"""The kit's Sphinx extension: course metadata, quotes, facilitator notes, schedule, notebooks.

Each concern is its own module with its own ``setup``; this one wires them up
and declares the configuration values shared between them.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from tension_points import __version__
from tension_points.sphinxext import a11y, checklist, course_data, facilitation, facilitator, links, modules, notebooks, quotes, schedule, woz

STATIC = Path(__file__).parent / "static"
EDITIONS = ("web", "learner", "facilitator", "handouts")


def add_static_path(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))


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
    app.add_config_value("tension_points_edition", "web", "env", types=[str])
    app.add_config_value("tension_points_start", "09:00", "env", types=[str])
    app.connect("config-inited", check_edition)
    app.connect("builder-inited", add_static_path, priority=100)
    app.connect("builder-inited", copy_latex_style)
    for part in (course_data, facilitator, modules, quotes, schedule, notebooks, facilitation, woz, checklist, a11y, links):
        part.setup(app)
    app.setup_extension("tension_points.sphinxext.present")
    app.add_css_file("tension-points.css")
    app.add_js_file("facilitator-view.js")
    app.add_latex_package("tensionpoints")
    # Bump env_version when what the extension stores in the environment changes shape:
    # Sphinx then re-reads every page instead of reusing a stale pickled environment.
    return {"version": __version__, "env_version": 4, "parallel_read_safe": True, "parallel_write_safe": True}
