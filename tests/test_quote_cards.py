"""Quote cards: rendered by id from the quote library; an unknown id stops the build."""

from __future__ import annotations

from pathlib import Path

from tension_points.course import load_quotes

REPO = Path(__file__).resolve().parents[1]


def test_a_quote_card_shows_the_words_the_speaker_and_that_it_is_translated(html_dir):
    library = load_quotes(REPO / "modules" / "quotes.yaml")
    quote = library.get("nathan-compliance-firewall")
    page = (html_dir / "modules" / "02-silos.html").read_text(encoding="utf-8")
    card = page.split('id="quote-nathan-compliance-firewall"', 1)[1].split("</blockquote>", 1)[0]
    assert quote.text.split()[0] in card and quote.text.split()[-1].rstrip("”\"") in card
    assert "Paco Nathan" in card
    after = page.split('id="quote-nathan-compliance-firewall"', 1)[1]
    assert "Our translation from the Chinese edition" in after.split("</div>\n</div>", 1)[0]


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
