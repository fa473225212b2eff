"""Present mode: for every module, a projector page and a speaker's page, built with the site.

``present/<module-id>.html`` is the projector: one segment per screen, made from the
module's data (titles, minutes, prompts, the minute split of each activity) and from its
page as built (quote cards, diagrams, key points, the activity box). ``present/<module-id>-speaker.html``
is the speaker's view: the same screens' outline, the facilitator notes of each segment,
the agenda and the clock. Only the speaker's page holds the notes: the projector page is
rendered without them, so the room cannot see one even by accident. Both pages run the same
script (static/tp-present.js), which keeps them in step.

One module per job: ``pagecontent`` reads which parts of the page belong to which segment,
``paging`` fits them to screens, ``render`` turns doctree pieces into HTML for ``present/``,
``screens`` makes each segment's screens and notes, ``pages`` emits the two pages, ``links``
puts the links to them on the module pages and the list of them, and ``addresses`` names
the pages.

Web edition only: the PDFs have no present pages and no "Present" link.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from tension_points.sphinxext.stable_config import add_config_folder
from tension_points.sphinxext.present.links import AddPresentLink, PresentLinksDirective
from tension_points.sphinxext.present.pages import collect_pages

HERE = Path(__file__).parent


def add_paths(app: Sphinx, config) -> None:
    add_config_folder(config, "html_static_path", str(HERE / "static"))
    add_config_folder(config, "templates_path", str(HERE / "templates"))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_paths)
    app.add_directive("present-links", PresentLinksDirective)
    app.add_post_transform(AddPresentLink)
    app.connect("html-collect-pages", collect_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
