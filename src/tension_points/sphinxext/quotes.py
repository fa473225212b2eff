"""Quote cards, rendered by id from the quote library, and the pages that list them.

``{panel-quote} ID`` renders a card: the English text, the speaker and their
role at the time, and a mark saying whether it is our translation. An unknown
id is a build error naming the page and the id; a quote in the library that
no page uses is a warning (an error under ``-W``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from tension_points.course import QUOTES_FILE, Quote
from tension_points.sphinxext.course_data import quotes_of
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.domain import QUOTE_HOME_PRIORITY, course_domain

logger = logging.getLogger(__name__)

TRANSLATED = "our translation from the Chinese edition of the transcript"
ORIGINAL = "original English wording"


def quote_card(quote: Quote, anchor: str, with_id: bool = False) -> nodes.container:
    card = nodes.container(classes=["tp-quote"])
    card["ids"].append(anchor)
    block = nodes.block_quote()
    block += nodes.paragraph(text=f"“{quote.text}”")
    attribution = nodes.attribution()
    attribution += nodes.strong(text=quote.speaker.name)
    attribution += nodes.Text(f", {quote.speaker.role}")
    block += attribution
    card += block
    mark = ORIGINAL if quote.original_english else TRANSLATED
    source = nodes.paragraph()
    source += nodes.Text(f"{mark[0].upper()}{mark[1:]}; panel of November 2018.")
    if with_id:
        source += nodes.Text(" Quote id: ")
        source += nodes.literal(text=quote.id)
    card += nodes.container("", source, classes=["tp-quote-source"])
    return card


def visit_attribution_latex(self, node: nodes.attribution) -> None:
    # Sphinx writes "---" and relies on a TeX ligature that xelatex's fonts here do not apply.
    self.body.append("\n\\begin{flushright}\n\u2014\u2009")


def depart_attribution_latex(self, node: nodes.attribution) -> None:
    self.body.append("\n\\end{flushright}\n")


class PanelQuoteDirective(CourseDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        quote_id = self.arguments[0]
        library = self.quote_library()
        if quote_id not in library.quotes:
            raise self.error(f"unknown quote id '{quote_id}' (not in {QUOTES_FILE})")
        return [placed_card(self.env, library.quotes[quote_id], f"quote-{quote_id}", "page")]


def placed_card(env, quote: Quote, base_anchor: str, place: str, with_id: bool = False) -> nodes.container:
    """A card with an id unique on its page, registered so {tp:quote} can link to it."""
    domain = course_domain(env)
    anchor = domain.unique_anchor(env.docname, base_anchor)
    title = f"{quote.speaker.name}: \u201c{quote.text[:60]}\u2026\u201d"
    domain.note_object("quote", quote.id, env.docname, anchor, title, QUOTE_HOME_PRIORITY[place])
    return quote_card(quote, anchor, with_id=with_id)


def quote_section(env, title: str, section_id: str, intro: str, quotes: list[Quote], place: str) -> nodes.section:
    result = nodes.section(ids=[section_id])
    result += nodes.title(text=title)
    result += nodes.paragraph(text=f"{intro} {len(quotes)} quotes.")
    # On the by-theme page a quote appears under each of its themes: each card has its own id.
    prefix = "quote" if place == "speaker" else f"{section_id}-quote"
    result.extend(placed_card(env, quote, f"{prefix}-{quote.id}", place, with_id=True) for quote in quotes)
    return result


class QuotesBySpeakerDirective(CourseDirective):
    def run(self) -> list[nodes.Node]:
        library = self.quote_library()
        return [
            quote_section(self.env, speaker.name, f"speaker-{speaker.id}", f"{speaker.role}.", quotes, "speaker")
            for speaker, quotes in library.by_speaker().items()
        ]


class QuotesByThemeDirective(CourseDirective):
    def run(self) -> list[nodes.Node]:
        library = self.quote_library()
        return [
            quote_section(self.env, theme.title, f"theme-{theme.id}", theme.description, quotes, "theme")
            for theme, quotes in library.by_theme().items()
        ]


def check_every_quote_is_used(app: Sphinx, env) -> None:
    if app.config.tension_points_edition != "web":
        return  # editions leave out pages; the web site holds them all
    used = course_domain(env).names_cited("quote", QUOTE_HOME_PRIORITY["page"])
    for quote_id in quotes_of(env).quotes:
        if quote_id not in used:
            logger.warning("%s: quote '%s' is not used on any page", QUOTES_FILE, quote_id)


def setup(app: Sphinx) -> dict:
    app.connect("env-check-consistency", check_every_quote_is_used)
    app.add_node(nodes.attribution, override=True, latex=(visit_attribution_latex, depart_attribution_latex))
    app.add_directive("panel-quote", PanelQuoteDirective)
    app.add_directive("quotes-by-speaker", QuotesBySpeakerDirective)
    app.add_directive("quotes-by-theme", QuotesByThemeDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
