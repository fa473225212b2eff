"""Quote cards: rendered by id from the quote library; an unknown id stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tension_points.course import load_quotes

REPO = Path(__file__).resolve().parents[1]


def test_a_quote_card_shows_the_words_the_speaker_and_that_it_is_translated(html_dir):
    library = load_quotes(REPO / "modules" / "quotes.yaml")
    quote = library.get("nathan-compliance-firewall")
    page = (html_dir / "modules" / "02-silos.html").read_text(encoding="utf-8")
    card = page.split('id="quote-nathan-compliance-firewall"', 1)[1].split("</blockquote>", 1)[0]
    assert quote.text.split()[0] in card and quote.text.split()[-1].rstrip("”\"") in card
    assert "Paco Nathan" in card


def cards(docname: str, html_dir: Path) -> list:
    soup = BeautifulSoup((html_dir / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")
    return [card for card in soup.select("article .tp-quote") if not card.find_parent(class_="tp-facilitator-note")]


@pytest.mark.parametrize("docname", [f"modules/{p.stem}" for p in sorted((REPO / "modules").glob("0*.md"))])
def test_a_page_says_once_that_its_quotes_are_translated_and_links_how(docname, html_dir):
    shown = cards(docname, html_dir)
    if not shown:
        pytest.skip("no quote on this page")
    notes = [card for card in shown if "Our translation from the Chinese edition" in card.get_text()]
    assert len(notes) == 1 and notes[0] is next(c for c in shown if "Original English" not in c.get_text()), \
        "the first translated card carries the note, and only it"
    assert notes[0].select_one("a[href$='reference/sources.html']")


@pytest.mark.parametrize("docname", [f"modules/{p.stem}" for p in sorted((REPO / "modules").glob("0*.md"))])
def test_every_card_read_out_on_its_own_still_says_whose_wording_it_is(docname, html_dir):
    """A facilitator reads one card aloud, not the page: after the first card's full note, each
    card says "(our translation)" (or "(original English)") after its speaker."""
    shown = cards(docname, html_dir)
    if not shown:
        pytest.skip("no quote on this page")
    for card in shown:
        text = " ".join(card.get_text().split())
        assert "Our translation from the Chinese edition" in text or "Original English wording" in text \
            or card.select_one(".attribution").get_text().rstrip().endswith(("(our translation)", "(original English)")), \
            f"{docname}: a card that never says whose wording it is: {text[:80]}"


@pytest.mark.parametrize("docname", [f"modules/{p.stem}" for p in sorted((REPO / "modules").glob("0*.md"))])
def test_a_speakers_role_is_given_on_their_first_card_of_the_page_only(docname, html_dir):
    library = load_quotes(REPO / "modules" / "quotes.yaml")
    roles = {speaker.name: speaker.role for speaker in library.speakers.values()}
    seen = set()
    for card in cards(docname, html_dir):
        name = card.select_one(".attribution strong").get_text()
        assert (roles[name] in card.get_text().replace("\u2019", "'")) == (name not in seen), f"{docname}: {name}"
        seen.add(name)


def test_the_one_original_english_quote_says_so(html_dir):
    page = (html_dir / "modules" / "02-silos.html").read_text(encoding="utf-8")
    card = page.split('id="quote-heineike-product-engineering"', 1)[1][:3000]
    assert "Original English wording" in card


def test_an_unknown_quote_id_stops_the_build_naming_page_and_id(course_copy, sphinx_build):
    silos = course_copy / "modules" / "02-silos.md"
    silos.write_text(
        silos.read_text(encoding="utf-8").replace("{panel-quote} nathan-competing-teams", "{panel-quote} nathan-no-such-quote"),
        encoding="utf-8",
    )

    result = sphinx_build(course_copy)

    assert result.returncode != 0
    assert "modules/02-silos.md" in result.stderr
    assert "unknown quote id 'nathan-no-such-quote'" in result.stderr
