"""Every teaching segment puts its point on the projector: the list, figure or diagram the
segment is about, not only its title or its quotes. Read from the built projector pages."""

from __future__ import annotations

import json

import pytest

from presenting import MODULES, projector_path, soup, words

SHOWS_ITS_POINT = {"board", "diagram", "key-points"}
TEACHING = [(module, index, segment) for module in MODULES for index, segment in enumerate(module.segments)
            if str(segment.kind) == "teaching"]


def screens_of(html_dir, module) -> list[dict]:
    return json.loads(soup(projector_path(html_dir, module)).select_one("#tp-present-data").string)["screens"]


@pytest.mark.parametrize(("module", "index", "segment"), TEACHING, ids=[s.id for _, _, s in TEACHING])
def test_every_teaching_segment_has_its_list_figure_or_diagram_on_the_projector(html_dir, module, index, segment):
    kinds = {screen["kind"] for screen in screens_of(html_dir, module) if screen["segment"] == index}
    assert kinds & SHOWS_ITS_POINT, f"{segment.id}: the projector shows only {sorted(kinds)}"


def board_text(html_dir, module_id: str, segment_id: str) -> str:
    module = next(m for m in MODULES if m.id == module_id)
    index = [s.id for s in module.segments].index(segment_id)
    page = soup(projector_path(html_dir, module))
    boards = page.select(f'section.tp-screen-board[data-segment="{index}"]')
    assert boards, f"{segment_id} has no board"
    return " ".join(words(board.select_one(".tp-screen-body").get_text(" ")) for board in boards)


def test_the_four_shapes_of_silo_are_named_on_the_projector_and_only_named(html_dir):
    text = board_text(html_dir, "silos", "silos-four-shapes")
    for shape in ("Separate codebases", "Prototypes re-coded in another language",
                  "Rival teams created around new technology", "Firewalls required by compliance"):
        assert shape in text
    assert "repository" not in text  # the page's explanations stay on the page


def test_the_notebook_figures_are_on_the_projector(html_dir):
    text = board_text(html_dir, "reproducibility", "reproducibility-evidence")
    assert "24% ran without errors and 4% reproduced the results saved in them" in text


def test_a_board_leaves_its_quote_cards_to_their_own_screens(html_dir):
    module = next(m for m in MODULES if m.id == "silos")
    page = soup(projector_path(html_dir, module))
    index = [s.id for s in module.segments].index("silos-four-shapes")
    board = page.select_one(f'section.tp-screen-board[data-segment="{index}"]')
    assert board.select(".tp-quote") == []
    quotes = page.select(f'section.tp-screen-quote[data-segment="{index}"]')
    assert len(quotes) == 3
