"""The two pages of each module, emitted with the site: the projector and the speaker's view.

A module's pages are written again only when something they are made from is newer than
they are: the module page as the builder wrote it (Sphinx writes it again whenever its
source, the data it shows, a template or the configuration changes) and present mode's own
code, template, script and stylesheet. A rebuild with nothing changed writes none of them
and leaves their timestamps alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from tension_points.course import Module, format_minutes
from tension_points.plan.present_links import own_late_plan
from tension_points.plan.sheet import SPEND_PROMISED
from tension_points.sphinxext.course_data import course_of, modules_of, quotes_of
from tension_points.sphinxext.present.addresses import is_web_html, projector_page, speaker_page
from tension_points.sphinxext.present.pagecontent import read_page
from tension_points.sphinxext.present.render import Renderer
from tension_points.sphinxext.present.screens import Screen, segment_screens, speaker_notes
from tension_points.sphinxext import talk

TEMPLATE = "tp-present.html"
HERE = Path(__file__).parent
OWN_FILES = tuple(path for path in sorted(HERE.rglob("*")) if path.is_file() and "__pycache__" not in path.parts)
KIND_LABELS = {"teaching": "Teaching", "discussion": "Discussion", "exercise": "Exercise", "break": "Break"}


def page_data(module: Module, screens: list[Screen], app: Sphinx) -> dict:
    """What the script needs, the same on both pages: no facilitator note is in it."""
    uri = app.builder.get_target_uri
    return {
        "module": {"id": module.id, "title": module.title},
        "segments": [
            {
                "id": s.id, "title": s.title, "kind": str(s.kind), "format": s.format, "minutes": s.minutes,
                "parts": [{"label": p.label, "minutes": p.minutes} for p in s.parts],
                # How a room with no minutes left for it can do it after the end (late.later_options).
                "after_session": s.after_session,
            }
            for s in module.segments
        ],
        "screens": [{"segment": s.segment, "kind": s.kind, "label": s.label} for s in screens],
        # Without an agenda from the planner, the late plan of the module run alone at its own minutes.
        "late": own_late_plan(module),
        "projector": relative_uri(uri(speaker_page(module)), uri(projector_page(module))),
        "speaker": relative_uri(uri(projector_page(module)), uri(speaker_page(module))),
        "channel": f"tension-points-present:{module.id}",
        # The words of a late plan's cut that the script fills in (plan/sheet.py): written once.
        "wording": {"spend_promised": SPEND_PROMISED},
    }


def script_json(data: dict) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def module_pages(app: Sphinx, module: Module):
    """The module's projector page and speaker's page, as (page name, context, template)."""
    doctree = app.env.get_and_resolve_doctree(module.docname, app.builder, tags=app.builder.tags)
    app.builder.post_process_images(doctree)  # images of the page, copied with the site's
    contents = read_page(doctree, module.segments)
    render = Renderer(app, module)
    screens = [Screen(-1, "cover", "Title screen", "")]
    notes = []
    for index, segment in enumerate(module.segments):
        screens += segment_screens(index, segment, contents[segment.id], render)
        said = [*talk.recap_nodes(segment, course_of(app.env)), *talk.talk_nodes(segment, quotes_of(app.env))]
        notes.append(render.html(*said) + speaker_notes(contents[segment.id], render))
    shared = {
        "module": module,
        "segments": module.segments,
        "kind_labels": KIND_LABELS,
        "format_minutes": format_minutes,
        "screens": screens,
        "data_json": script_json(page_data(module, screens, app)),
        "module_page": render.page_uri,
    }
    yield projector_page(module), {**shared, "view": "projector", "title": f"{module.title}: projector"}, TEMPLATE
    yield speaker_page(module), {**shared, "view": "speaker", "notes": notes, "title": f"{module.title}: speaker's view"}, TEMPLATE


def made_from(app: Sphinx, module: Module) -> tuple[Path, ...]:
    """The files a module's present pages are made from. Whatever else they come to show
    must be added here, or a rebuild will leave them out of date."""
    return Path(app.builder.get_outfilename(module.docname)), module.path, Path(talk.__file__), *OWN_FILES


def is_current(app: Sphinx, module: Module) -> bool:
    """Both of the module's pages exist and are newer than everything they are made from."""
    try:
        written = min(Path(app.builder.get_outfilename(page)).stat().st_mtime_ns
                      for page in (projector_page(module), speaker_page(module)))
        return all(source.stat().st_mtime_ns < written for source in made_from(app, module))
    except FileNotFoundError:
        return False


def collect_pages(app: Sphinx):
    """html-collect-pages: the two pages of every module whose pages are out of date, on the web site only."""
    if not is_web_html(app):
        return
    for module in modules_of(app.env):
        if module.docname in app.env.all_docs and not is_current(app, module):
            yield from module_pages(app, module)
