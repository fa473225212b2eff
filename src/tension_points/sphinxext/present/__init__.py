"""Present mode: for every module, a projector page and a speaker's page, built with the site.

``present/<module-id>.html`` is the projector: one segment per screen, made from the
module's data (titles, minutes, prompts, the minute split of each activity) and from its
page as built (quote cards, diagrams, key points, the activity box; see pagecontent).
``present/<module-id>-speaker.html`` is the speaker's view: the same screens' outline, the
facilitator notes of each segment, the agenda and the clock. Only the speaker's page holds
the notes: the projector page is rendered without them, so the room cannot see one even
by accident. Both pages run the same script (static/tp-present.js), which keeps them in step.

Web edition only: the PDFs have no present pages and no "Present" link.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.ext.graphviz import graphviz
from sphinx.util.docutils import SphinxDirective, new_document
from sphinx.util.osutil import relative_uri

from tension_points.course import Module, Segment, format_minutes
from tension_points.sphinxext.incremental import add_config_folder, note_course_data
from tension_points.sphinxext.course_data import modules_of
from tension_points.sphinxext.facilitator_notes import facilitator_note
from tension_points.sphinxext.present.pagecontent import PROMPT, SegmentContent, read_page

HERE = Path(__file__).parent
FOLDER = "present"
# Characters of text one screen holds at the projector's type size (>= 32 px at 1280x720);
# longer key points or instructions continue on the next screen of the same segment.
SCREEN_TEXT = 460
LINE = 60  # a paragraph or list item takes a line at least, however short
PAGE_STATE = ("current_docname", "imgpath", "dlpath", "secnumbers", "fignumbers")
KIND_LABELS = {"teaching": "Teaching", "discussion": "Discussion", "exercise": "Exercise", "break": "Break"}


def projector_page(module: Module) -> str:
    return f"{FOLDER}/{module.id}"


def speaker_page(module: Module) -> str:
    return f"{FOLDER}/{module.id}-speaker"


@dataclass
class Screen:
    segment: int  # index into the module's segments; -1 for the title screen
    kind: str  # title, prompt, quote, diagram, key-points, cover
    label: str  # what the speaker's view calls it
    html: str  # the screen's body as the projector shows it


def is_web_html(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.config.tension_points_edition == "web"


# --- Rendering pieces of the page ------------------------------------------------------------


class Renderer:
    """Renders doctree pieces of a module page as HTML that works from ``present/``.

    ``present/`` sits at the same depth as ``modules/``, so the relative links and image
    paths the page has already resolved stay right; links within the page get its name.
    """

    def __init__(self, app: Sphinx, module: Module) -> None:
        self.builder = app.builder
        self.module = module
        self.page_uri = relative_uri(self.builder.get_target_uri(projector_page(module)), self.builder.get_target_uri(module.docname))

    def html(self, *pieces: nodes.Node, notes: bool = False) -> str:
        """The pieces as HTML; facilitator notes inside them are left out unless ``notes``."""
        holder = nodes.container()
        for piece in pieces:
            holder += piece.deepcopy()  # docutils copies the subtree; copy.deepcopy follows .parent up the whole page
        if not notes:
            for note in list(holder.findall(facilitator_note)):
                note.parent.remove(note)
        for reference in holder.findall(nodes.reference):
            if "refid" in reference:
                reference["refuri"] = f"{self.page_uri}#{reference['refid']}"
                del reference["refid"]
            elif reference.get("refuri", "").startswith("#"):
                reference["refuri"] = self.page_uri + reference["refuri"]
        builder, env, docname = self.builder, self.builder.env, self.module.docname
        here = builder.get_target_uri(projector_page(self.module))
        # What the builder sets before it writes a page (StandaloneHTMLBuilder.write_doc).
        saved = {name: getattr(builder, name, None) for name in PAGE_STATE}
        builder.current_docname = docname
        builder.imgpath = relative_uri(here, builder.imagedir)
        builder.dlpath = relative_uri(here, "_downloads")
        builder.secnumbers = env.toc_secnumbers.get(docname, {})
        builder.fignumbers = env.toc_fignumbers.get(docname, {})
        try:
            # As the builder writes a page (write_doc), without the writer's transforms: the
            # pieces come from a doctree that has had them.
            document = new_document("<present mode>", builder.docsettings)
            document.extend(holder.children)
            visitor = builder.create_translator(document, builder)
            document.walkabout(visitor)
            return "".join(visitor.fragment)
        finally:
            for name, value in saved.items():
                setattr(builder, name, value)


def text_length(node: nodes.Node) -> int:
    """Characters the screen shows: raw LaTeX and HTML (a worksheet's ruled lines) are not text."""
    return sum(len(text) for text in node.findall(nodes.Text) if not isinstance(text.parent, nodes.raw))


SPLITTABLE = (nodes.bullet_list, nodes.enumerated_list, nodes.container)


def split_long_lists(items: list[nodes.Node], budget: int) -> list[nodes.Node]:
    """A list (or a box, such as a worksheet) too long for one screen becomes one per item,
    numbering kept, to pack anew."""
    result: list[nodes.Node] = []
    for item in items:
        if not isinstance(item, SPLITTABLE) or text_length(item) <= budget:
            result.append(item)
            continue
        first = item.get("start", 1)
        for n, entry in enumerate(item.children):
            single = item.copy()  # the list's or box's attributes, no children
            if isinstance(item, nodes.enumerated_list):
                single["start"] = first + n
            single += entry.deepcopy()
            result.append(single)
    return result


def chunks(items: list[nodes.Node], budget: int = SCREEN_TEXT) -> list[list[nodes.Node]]:
    """Consecutive runs of items whose text fits one screen (an item too long stays whole)."""
    runs: list[list[nodes.Node]] = [[]]
    used = 0
    for item in split_long_lists(items, budget):
        size = max(text_length(item), LINE)
        if runs[-1] and used + size > budget:
            runs.append([])
            used = 0
        runs[-1].append(item)
        used += size
    return [run for run in runs if run]


def is_box_furniture(node: nodes.Node) -> bool:
    """Parts of an activity box that present mode shows from the data instead, or never."""
    if isinstance(node, (nodes.title, facilitator_note)):
        return True
    classes = node.get("classes", []) if isinstance(node, nodes.Element) else []
    return bool({"tp-activity-meta", "tp-activity-prompt", "tp-activity-parts"} & set(classes))


def instructions(box: nodes.Element) -> list[nodes.Node]:
    """The activity box's own text: what the room is asked to do, without the notes."""
    return [child for child in box.children if not is_box_furniture(child)]


def prompt_node(box: nodes.Element) -> nodes.Element | None:
    for child in box.children:
        if isinstance(child, nodes.Element) and "tp-activity-prompt" in child.get("classes", []):
            return child
    return None


def parts_html(segment: Segment) -> str:
    """The activity's steps with their minutes; the script updates the minutes for a trimmed agenda."""
    if not segment.parts:
        return ""
    rows = "".join(
        f'<li class="tp-part" data-part="{n}"><span class="tp-part-label">{html.escape(part.label)}</span> '
        f'<span class="tp-part-minutes">{format_minutes(part.minutes)}</span> <span class="tp-part-state"></span></li>'
        for n, part in enumerate(segment.parts)
    )
    return f'<ol class="tp-parts" aria-label="Steps">{rows}</ol>'


def quote_label(card: nodes.Element) -> str:
    speaker = card.next_node(nodes.attribution)
    name = speaker.next_node(nodes.strong) if speaker is not None else None
    return f"Quote: {name.astext()}" if name is not None else "Quote"


def diagram_label(node: nodes.Element) -> str:
    image = node if "alt" in node else node.next_node(lambda n: isinstance(n, (graphviz, nodes.image)))
    alt = str(image.get("alt", "")) if image is not None else ""
    if not alt:
        return "Diagram"
    return "Diagram: " + (alt[:70] + "\u2026" if len(alt) > 70 else alt)


def segment_screens(index: int, segment: Segment, content: SegmentContent, render: Renderer) -> list[Screen]:
    screens: list[Screen] = []
    for item in content.items:
        if item == PROMPT:
            screens += prompt_screens(index, segment, content.activity, render)
        elif "tp-quote" in item.get("classes", []):
            screens.append(Screen(index, "quote", quote_label(item), render.html(item)))
        elif "tp-key-points" in item.get("classes", []):
            listing = item.next_node(nodes.bullet_list)
            runs = chunks(list(listing.children)) if listing is not None else []
            for number, run in enumerate(runs, 1):
                part = nodes.bullet_list(classes=["tp-key-points-list"])
                part.extend(run)
                more = f" ({number} of {len(runs)})" if len(runs) > 1 else ""
                body = f'<h3 class="tp-key-points-title">Key points{more}</h3>' + render.html(part)
                screens.append(Screen(index, "key-points", f"Key points{more}", body))
        else:
            screens.append(Screen(index, "diagram", diagram_label(item), render.html(item)))
    if not screens:
        screens.append(Screen(index, "title", "Title", ""))
    return screens


def prompt_screens(index: int, segment: Segment, box: nodes.Element, render: Renderer) -> list[Screen]:
    """The activity's prompt (from the data) with its steps; without a prompt, the box's instructions."""
    prompt = prompt_node(box)
    if prompt is not None:
        body = f'<div class="tp-prompt">{render.html(prompt)}</div>{parts_html(segment)}'
        return [Screen(index, "prompt", "Prompt and steps" if segment.parts else "Prompt", body)]
    runs = chunks(instructions(box)) or [[]]
    screens = []
    for number, run in enumerate(runs, 1):
        body = f'<div class="tp-prompt tp-instructions">{render.html(*run)}</div>'
        if number == 1:
            body += parts_html(segment)
        more = f" ({number} of {len(runs)})" if len(runs) > 1 else ""
        screens.append(Screen(index, "prompt", f"Instructions{more}", body))
    return screens


def speaker_notes(content: SegmentContent, render: Renderer) -> str:
    """The facilitator notes of a segment, then (for an activity) the box's instructions."""
    result = "".join(render.html(note, notes=True) for note in content.notes)
    if content.activity is not None and prompt_node(content.activity) is not None and instructions(content.activity):
        result += '<section class="tp-speaker-instructions"><h4>Instructions on the page</h4>'
        result += render.html(*instructions(content.activity)) + "</section>"
    return result


# --- The pages --------------------------------------------------------------------------------


def page_data(module: Module, screens: list[Screen], app: Sphinx) -> dict:
    """What the script needs, the same on both pages: no facilitator note is in it."""
    uri = app.builder.get_target_uri
    return {
        "module": {"id": module.id, "title": module.title},
        "segments": [
            {
                "id": s.id, "title": s.title, "kind": str(s.kind), "format": s.format, "minutes": s.minutes,
                "parts": [{"label": p.label, "minutes": p.minutes} for p in s.parts],
            }
            for s in module.segments
        ],
        "screens": [{"segment": s.segment, "kind": s.kind, "label": s.label} for s in screens],
        "projector": relative_uri(uri(speaker_page(module)), uri(projector_page(module))),
        "speaker": relative_uri(uri(projector_page(module)), uri(speaker_page(module))),
        "channel": f"tension-points-present:{module.id}",
    }


def script_json(data: dict) -> str:
    """JSON safe inside a <script> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def module_pages(app: Sphinx, module: Module):
    doctree = app.env.get_and_resolve_doctree(module.docname, app.builder, tags=app.builder.tags)
    app.builder.post_process_images(doctree)  # images of the page, copied with the site's
    contents = read_page(doctree, module.segments)
    render = Renderer(app, module)
    screens = [Screen(-1, "cover", "Title screen", "")]
    notes = []
    for index, segment in enumerate(module.segments):
        screens += segment_screens(index, segment, contents[segment.id], render)
        notes.append(speaker_notes(contents[segment.id], render))
    shared = {
        "module": module,
        "segments": module.segments,
        "kind_labels": KIND_LABELS,
        "format_minutes": format_minutes,
        "screens": screens,
        "data_json": script_json(page_data(module, screens, app)),
        "module_page": render.page_uri,
    }
    yield projector_page(module), {**shared, "view": "projector", "title": f"{module.title}: projector"}, "tp-present.html"
    yield speaker_page(module), {**shared, "view": "speaker", "notes": notes, "title": f"{module.title}: speaker's view"}, "tp-present.html"


def collect_pages(app: Sphinx):
    if not is_web_html(app):
        return
    for module in modules_of(app.env):
        if module.docname in app.env.all_docs:
            yield from module_pages(app, module)


def add_present_link(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A "Present" line under a module page's title: the projector and the speaker's view."""
    if not is_web_html(app):
        return
    module = next((m for m in modules_of(app.env) if m.docname == docname), None)
    title = doctree.next_node(nodes.title)
    if module is None or title is None:
        return
    line = nodes.paragraph(classes=["tp-present-link"])
    line += nodes.Text("Present this module: ")
    for n, (page, text) in enumerate(((projector_page(module), "projector"), (speaker_page(module), "speaker\u2019s view"))):
        if n:
            line += nodes.Text(" \u00b7 ")
        uri = app.builder.get_relative_uri(docname, page)
        line += nodes.reference("", text, refuri=uri, internal=True)
    title.parent.insert(title.parent.index(title) + 1, line)


class PresentLinksDirective(SphinxDirective):
    """Every module with its projector and speaker's view: links on the web, page names in print."""

    def run(self) -> list[nodes.Node]:
        listing = nodes.bullet_list(classes=["tp-present-links"])
        here = self.env.docname + ".html"
        note_course_data(self.env)  # the modules' titles and ids: their data, not their prose
        for module in modules_of(self.env):
            item = nodes.paragraph()
            item += nodes.Text(f"{module.title}: ")
            web = addnodes.only(expr="html")
            web += nodes.inline()
            for n, (page, text) in enumerate(((projector_page(module), "projector"), (speaker_page(module), "speaker\u2019s view"))):
                if n:
                    web[0] += nodes.Text(" \u00b7 ")
                web[0] += nodes.reference("", text, refuri=relative_uri(here, page + ".html"), internal=True)
            printed = addnodes.only(expr="not html")
            printed += nodes.inline(text=f"{projector_page(module)}.html and {speaker_page(module)}.html in the site")
            item += [web, printed]
            listing += nodes.list_item("", item)
        return [listing]


def add_paths(app: Sphinx, config) -> None:
    add_config_folder(config, "html_static_path", str(HERE / "static"))
    add_config_folder(config, "templates_path", str(HERE / "templates"))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_paths)
    app.add_directive("present-links", PresentLinksDirective)
    app.connect("doctree-resolved", add_present_link)
    app.connect("html-collect-pages", collect_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
