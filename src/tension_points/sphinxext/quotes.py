"""Quote cards, rendered by id from the quote library, and the pages that list them.

``{panel-quote} ID`` renders a card: the English text, the speaker and their
role at the time, and a mark saying whether it is our translation. An unknown
id is a build error naming the page and the id; a quote in the library that
no page uses is a warning (an error under ``-W``).
"""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from tension_points.course import QUOTES_FILE, Quote
from tension_points.sphinxext.course_data import quotes_of
from tension_points.sphinxext.course_directive import CourseDirective
from tension_points.sphinxext.domain import QUOTE_HOME_PRIORITY, course_domain
from tension_points.sphinxext.downloads import page_or_name

logger = logging.getLogger(__name__)

TRANSLATED = "our translation from the Chinese edition of the transcript"
ORIGINAL = "original English wording"
MARK_CLASS = "tp-quote-mark"
SHORT_MARK_CLASS = "tp-quote-mark-short"
ROLE_CLASS = "tp-quote-role"
SOURCES_PAGE = "reference/sources"


def quote_card(quote: Quote, anchor: str, with_id: bool = False, sources: list[nodes.Node] | None = None) -> nodes.container:
    """A card: the words, the speaker and their role, whether it is our translation (and, when
    ``sources`` is given, a link to the page that explains the translation)."""
    card = nodes.container(classes=["tp-quote"])
    card["ids"].append(anchor)
    block = nodes.block_quote()
    block += nodes.paragraph(text=f"“{quote.text}”")
    attribution = nodes.attribution()
    attribution += nodes.strong(text=quote.speaker.name)
    attribution += nodes.inline(text=f", {quote.speaker.role}", classes=[ROLE_CLASS])
    block += attribution
    card += block
    mark = ORIGINAL if quote.original_english else TRANSLATED
    source = nodes.paragraph()
    note = nodes.inline(classes=[MARK_CLASS, "tp-original" if quote.original_english else "tp-translated"])
    note += nodes.Text(f"{mark[0].upper()}{mark[1:]}; panel of November 2018")
    if sources:
        note += nodes.Text(" (")
        note.extend(sources)
        note += nodes.Text(")")
    note += nodes.Text(".")
    source += note
    if with_id:
        source += nodes.Text(" Quote id: ")
        source += nodes.literal(text=quote.id)
    card += nodes.container("", source, classes=["tp-quote-source"])
    return card


def once_per_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """What repeats from card to card is said once on a page: the translation note in full (on the
    first card of each kind, linking the page that explains it; later cards say "our translation"
    after the speaker) and each speaker's role. Done on the
    written page only: present mode shows each card on a screen of its own, in full."""
    pages = chapters(doctree)
    seen_marks: dict[str | None, set[str]] = defaultdict(set)
    seen_speakers: dict[str | None, set[str]] = defaultdict(set)
    for card in doctree.findall(lambda n: isinstance(n, nodes.container) and "tp-quote" in n["classes"]):
        if inside_facilitator_note(card):
            continue  # hidden in the learner's view: the first card a learner sees must carry the note
        page = pages.get(id(card))
        seen_marks_here, seen_speakers_here = seen_marks[page], seen_speakers[page]
        for mark in list(card.findall(lambda n: isinstance(n, nodes.inline) and MARK_CLASS in n["classes"])):
            kind = "tp-original" if "tp-original" in mark["classes"] else "tp-translated"
            if kind in seen_marks_here:
                # A card is read out on its own: it still says, in two words, whose wording it is.
                mark.parent.remove(mark)
                short = "original English" if kind == "tp-original" else "our translation"
                attribution = card.next_node(nodes.attribution)
                attribution += nodes.inline(text=f" ({short})", classes=[SHORT_MARK_CLASS, kind])
            seen_marks_here.add(kind)
        name = card.next_node(nodes.strong)
        for role in list(card.findall(lambda n: isinstance(n, nodes.inline) and ROLE_CLASS in n["classes"])):
            if name.astext() in seen_speakers_here:
                role.parent.remove(role)
        seen_speakers_here.add(name.astext())
        for source in list(card.findall(lambda n: isinstance(n, nodes.container) and "tp-quote-source" in n["classes"])):
            if not source.astext().strip():
                source.parent.remove(source)


def chapters(doctree: nodes.document) -> dict[int, str]:
    """In a PDF, whose doctree is the whole book, the page each card came from (by id). Walked
    from the top: Sphinx sets a chapter's children without their parent links, so a card cannot
    find its chapter by walking up. An inner file, met later, overrides its outer one."""
    return {id(card): sof["docname"]
            for sof in doctree.findall(addnodes.start_of_file)
            for card in sof.findall(lambda n: isinstance(n, nodes.container) and "tp-quote" in n["classes"])}


def inside_facilitator_note(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if "tp-facilitator-note" in parent.get("classes", []):
            return True
        parent = parent.parent
    return False


def sources_link(env) -> list[nodes.Node]:
    """A link to the page on sources and translation, where this edition has it."""
    return page_or_name(env, SOURCES_PAGE, "how the quotes were translated", "in the course's reference pages")


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
    return quote_card(quote, anchor, with_id=with_id, sources=sources_link(env))


def quote_section(env, title: str, section_id: str, intro: str, quotes: list[Quote], place: str,
                  printed: dict[str, tuple[str, str]] | None = None) -> nodes.section:
    """A section of cards. ``printed`` (the by-theme page) maps a quote already carded under an
    earlier theme to that theme's title and the card's anchor: under a later theme the quote is a
    line naming its speaker and first words, linked to the card, so its words are printed once."""
    result = nodes.section(ids=[section_id])
    result += nodes.title(text=title)
    result += nodes.paragraph(text=f"{intro} {len(quotes)} quotes.")
    prefix = "quote" if place == "speaker" else f"{section_id}-quote"
    for quote in quotes:
        if printed is not None and quote.id in printed:
            result += card_pointer(quote, *printed[quote.id])
            continue
        card = placed_card(env, quote, f"{prefix}-{quote.id}", place, with_id=True)
        if printed is not None:
            printed[quote.id] = (title, card["ids"][0])
        result += card
    return result


def card_pointer(quote: Quote, theme_title: str, anchor: str) -> nodes.paragraph:
    """A quote whose card is printed under an earlier theme: who said it, its first words, where the card is."""
    first_words = " ".join(quote.text.split()[:8])
    line = nodes.paragraph(classes=["tp-quote-pointer"])
    line += nodes.Text(f"{quote.speaker.name}: \u201c{first_words}\u2026\u201d (")
    # A link on the web; in print the theme's name is the pointer (a card is no LaTeX target).
    only_html = addnodes.only(expr="html")
    only_html += nodes.reference("", f"card under \u201c{theme_title}\u201d", refuri=f"#{anchor}", internal=True)
    only_print = addnodes.only(expr="not html")
    only_print += nodes.Text(f"card under \u201c{theme_title}\u201d, above")
    line += [only_html, only_print]
    line += nodes.Text(")")
    return line


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
        printed: dict[str, tuple[str, str]] = {}  # a quote under several themes is carded under the first
        return [
            quote_section(self.env, theme.title, f"theme-{theme.id}", theme.description, quotes, "theme", printed)
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
    app.connect("doctree-resolved", once_per_page)
    app.add_node(nodes.attribution, override=True, latex=(visit_attribution_latex, depart_attribution_latex))
    app.add_directive("panel-quote", PanelQuoteDirective)
    app.add_directive("quotes-by-speaker", QuotesBySpeakerDirective)
    app.add_directive("quotes-by-theme", QuotesByThemeDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
