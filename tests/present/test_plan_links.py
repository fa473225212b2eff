"""`tension-points plan --format html` links each module of the agenda to its presentation,
carrying the agenda's minutes; following a link opens the presentation with them."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from browsing import needs_chromium
from presenting import MODULES, current, clock_minutes, presentation
from tension_points.cli import main
from tension_points.errors import UserError
from tension_points.plan.planner import plan
from tension_points.plan.present_links import fragment

COURSE = Path(__file__).resolve().parents[2]


def agenda_html(capsys, *args: str) -> str:
    assert main(["plan", "--course", str(COURSE), "--format", "html", *args]) == 0
    return capsys.readouterr().out


def agenda_with_a_break_inside(module_id: str):
    """An agenda in which the planner puts a break inside the module (there are such lengths)."""
    for minutes in range(120, 400, 5):
        try:
            agenda = plan(list(MODULES), minutes, [module_id])
        except UserError:
            continue
        module = next(m for m in agenda.modules if m.id == module_id)
        if "break:" in fragment(agenda, module, 9 * 60):
            return agenda, module
    raise AssertionError(f"no agenda puts a break inside {module_id}")


def test_the_html_agenda_links_every_module_to_both_views_with_its_minutes(capsys, html_dir):
    page = agenda_html(capsys, "--minutes", "150", "--modules", "silos", "--start", "13:30", "--site", str(html_dir))
    links = [unescape(link) for link in re.findall(r'href="([^"]+)"', page)]
    agenda = plan(list(MODULES), 150, ["silos"])
    assert len(links) == 2 * len(agenda.modules)
    for module in agenda.modules:
        tail = "#" + fragment(agenda, module, 13 * 60 + 30)
        assert f"{html_dir.resolve().as_uri()}/present/{module.id}.html{tail}" in links
        assert f"{html_dir.resolve().as_uri()}/present/{module.id}-speaker.html{tail}" in links
        for item in agenda.items:
            if item.module is module and item.segment is not None:
                assert f"{item.segment.id}:{item.minutes}" in tail
    assert (html_dir / "present" / "silos.html").is_file()


def test_the_site_can_be_an_address(capsys):
    page = agenda_html(capsys, "--minutes", "150", "--modules", "silos", "--site", "http://127.0.0.1:8000")
    assert 'href="http://127.0.0.1:8000/present/silos.html#agenda=' in page


def within(agenda, module) -> list:
    """The module's items in the agenda and the breaks between them."""
    own = [item for item in agenda.items if item.module is module]
    return [i for i in agenda.items if own[0].offset <= i.offset <= own[-1].offset and (i.module is module or i.is_pause)]


def test_a_module_link_starts_at_the_modules_clock_time_and_keeps_its_inner_breaks():
    agenda, module = agenda_with_a_break_inside("silos")
    items = within(agenda, module)
    link = fragment(agenda, module, 9 * 60)
    start = 9 * 60 + items[0].offset
    assert link.endswith(f"&start={start // 60:02d}:{start % 60:02d}")
    tokens = [":".join(token.split(":")[:2]) for token in link.removeprefix("agenda=").split("&")[0].split(",")]
    assert tokens == [f"{i.segment.id}:{i.minutes}" if i.segment else f"break:{i.minutes}" for i in items]


@needs_chromium
def test_following_the_link_opens_the_presentation_with_the_agendas_minutes_and_breaks(browser, html_dir, tmp_path):
    agenda, module = agenda_with_a_break_inside("silos")
    target = tmp_path / "agenda.html"
    assert main(["plan", "--course", str(COURSE), "--format", "html", "--minutes", str(agenda.minutes), "--modules", "silos",
                 "--site", str(html_dir), "-o", str(target)]) == 0
    minutes = {n: i.minutes for i in agenda.items if i.module is module for n, s in enumerate(module.segments) if s is i.segment}
    pause = next(i for i in within(agenda, module) if i.is_pause)
    back = 9 * 60 + pause.offset + pause.minutes
    with presentation(browser, target.as_uri(), "file://", presenting=False) as (page, problems):
        page.click(f'a[href*="/present/{module.id}.html"]')
        page.wait_for_function("document.querySelector('.tp-timer-time') && document.querySelector('.tp-timer-time').textContent")
        shown, break_text = {}, ""
        for _ in range(60):
            page.keyboard.press("ArrowRight")
            screen = current(page)
            if screen["segment"] >= 0:
                shown.setdefault(screen["segment"], clock_minutes(screen["timer"]))
            elif screen["title"] == "Break":
                break_text = page.inner_text(".tp-screen:not([hidden])")
        assert shown == minutes
        assert f"Back at {back // 60:02d}:{back % 60:02d}." in break_text
    assert problems == []
