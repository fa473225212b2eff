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
from sphinx.util.docutils import SphinxDirective

from tension_points.course import QUOTES_FILE, Quote
from tension_points.sphinxext.course_data import quotes_of
from tension_points.sphinxext.docstore import track_per_document

logger = logging.getLogger(__name__)

TRANSLATED = "our translation from the Chinese edition of the transcript"
ORIGINAL = "original English wording"


def quote_card(quote: Quote, with_id: bool = False) -> nodes.container:
    card = nodes.container(classes=["tp-quote"])
    card["ids"].append(f"quote-{quote.id}")
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


class PanelQuoteDirective(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        quote_id = self.arguments[0]
        library = quotes_of(self.env)
        if quote_id not in library.quotes:
            raise self.error(f"unknown quote id '{quote_id}' (not in {QUOTES_FILE})")
        self.env.tension_points_quote_uses.setdefault(self.env.docname, set()).add(quote_id)
        self.env.note_dependency(str(library.path))
        return [quote_card(library.quotes[quote_id])]


def quote_section(title: str, section_id: str, intro: str, quotes: list[Quote]) -> nodes.section:
    result = nodes.section(ids=[section_id])
    result += nodes.title(text=title)
    result += nodes.paragraph(text=f"{intro} {len(quotes)} quotes.")
    result.extend(quote_card(quote, with_id=True) for quote in quotes)
    return result


class QuotesBySpeakerDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        library = quotes_of(self.env)
        self.env.note_dependency(str(library.path))
        return [
            quote_section(speaker.name, f"speaker-{speaker.id}", f"{speaker.role}.", quotes)
            for speaker, quotes in library.by_speaker().items()
        ]


class QuotesByThemeDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        library = quotes_of(self.env)
        self.env.note_dependency(str(library.path))
        return [
            quote_section(theme.title, f"theme-{theme.id}", theme.description, quotes)
            for theme, quotes in library.by_theme().items()
        ]


def check_every_quote_is_used(app: Sphinx, env) -> None:
    if app.config.tension_points_edition != "web":
        return  # editions leave out pages; the web site holds them all
    used = set().union(*env.tension_points_quote_uses.values()) if env.tension_points_quote_uses else set()
    for quote_id in quotes_of(env).quotes:
        if quote_id not in used:
            logger.warning("%s: quote '%s' is not used on any page", QUOTES_FILE, quote_id)


def setup(app: Sphinx) -> None:
    track_per_document(app, "tension_points_quote_uses")
    app.connect("env-check-consistency", check_every_quote_is_used)
    app.add_node(nodes.attribution, override=True, latex=(visit_attribution_latex, depart_attribution_latex))
    app.add_directive("panel-quote", PanelQuoteDirective)
    app.add_directive("quotes-by-speaker", QuotesBySpeakerDirective)
    app.add_directive("quotes-by-theme", QuotesByThemeDirective)
