"""How an agenda is cut into printed pages: one page per half day, split at lunch; a stretch too
long for one page (a day without lunch, or an afternoon of three blocks) turns over at a break,
never inside a block."""

from __future__ import annotations

import pytest

from tension_points.plan.planner import plan
from tension_points.plan.ready import ready_agenda
from tension_points.plan.sheet import ONE_PAGE_MOST, sheet


def page_spans(agenda, printed):
    """Each page's first and last item, from its rows."""
    spans = []
    for page in printed.pages:
        items = [row.item for row in page.rows if row.item is not None]
        spans.append((items[0], items[-1]))
    return spans


@pytest.mark.parametrize("minutes, lunch", [(210, None), (300, None), (420, 0), (480, None), (540, None), (540, 0)])
def test_every_page_holds_at_most_a_pages_minutes_or_a_single_block_and_ends_at_a_pause(kit_modules, minutes, lunch):
    agenda = plan(kit_modules, minutes, lunch_minutes=lunch)
    printed = sheet(agenda, 9 * 60)
    spans = page_spans(agenda, printed)
    assert spans[0][0] is agenda.items[0] and spans[-1][1] is agenda.items[-1]
    for (first, last), (following, _) in zip(spans, spans[1:]):
        assert last.is_pause and following.offset == last.end  # turned over at a pause, nothing skipped
    for first, last in spans:
        inside = [i for i in agenda.items if first.offset <= i.offset < last.end]
        assert last.end - first.offset <= ONE_PAGE_MOST or sum(1 for i in inside[:-1] if i.is_pause) == 0, (minutes, first.title)
    lunches = [n for n, (_, last) in enumerate(spans) if last.kind == "lunch"]
    assert len(lunches) == (1 if any(i.kind == "lunch" for i in agenda.items) else 0)


def test_the_ready_full_days_pages_are_morning_then_afternoon(kit_modules):
    ready = ready_agenda("full-day")
    printed = sheet(ready.plan(kit_modules), ready.start, ready.title)
    titles = [page.title for page in printed.pages]
    lunch = next(n for n, page in enumerate(printed.pages) if page.rows[-1].kind == "lunch")
    assert titles[: lunch + 1] == ["Morning"] * (lunch + 1)
    assert titles[lunch + 1:] == ["Afternoon"] * (len(titles) - lunch - 1) and titles[lunch + 1:]


@pytest.mark.parametrize("minutes", [300, 330, 420])
def test_without_a_lunch_the_pages_are_parts_of_the_day_not_morning_and_afternoon(kit_modules, minutes, capsys):
    """Five hours from 09:00 with no lunch ends at 14:00: a page from 10:45 is not an afternoon."""
    from plan.conftest import REPO

    from tension_points.cli import main
    agenda = plan(kit_modules, minutes, lunch_minutes=0)
    printed = sheet(agenda, 9 * 60)
    assert len(printed.pages) == 2
    assert [page.title for page in printed.pages] == ["Part 1 of 2", "Part 2 of 2"]
    assert main(["plan", "--minutes", str(minutes), "--lunch", "0", "--course", str(REPO), "--format", "html"]) == 0
    html = capsys.readouterr().out
    for page in printed.pages:
        assert f"<h2>{page.title}, {page.first} to {page.last}</h2>" in html
    assert "Afternoon" not in html and "Morning" not in html


def test_a_lunch_before_noon_is_followed_by_after_lunch_not_afternoon(kit_modules):
    agenda = plan(kit_modules, 420, lunch_at=120)  # from 08:00, lunch near 10:00
    printed = sheet(agenda, 8 * 60)
    lunch = next(n for n, page in enumerate(printed.pages) if page.rows[-1].kind == "lunch")
    assert printed.pages[lunch].title == "Morning"
    assert printed.pages[lunch + 1].title == "After lunch"


@pytest.mark.parametrize("agenda_id", ["taster", "half-day", "full-day"])
def test_each_ready_half_day_is_one_page_and_names_only_cuts_printed_on_it(kit_modules, agenda_id):
    """The handbook promises one page per half day: a row's late marks name cuts by number, and a
    number that points to another page cannot be read at the lectern (the full day's afternoon
    turned over at 13:58, its first page's "14\u201317 19" pointing to cut 19 overleaf)."""
    ready = ready_agenda(agenda_id)
    agenda = ready.plan(kit_modules)
    printed = sheet(agenda, ready.start, ready.title)
    halves = 2 if any(item.kind == "lunch" for item in agenda.items) else 1
    assert len(printed.pages) == halves, [(p.first, p.last) for p in printed.pages]
    for page in printed.pages:
        listed = {option.number for block in page.blocks for option in block.options}
        cited = {n for row in page.rows for mark in row.late for n in mark.numbers}
        assert cited <= listed, (page.title, sorted(cited - listed))
