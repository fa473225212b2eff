"""`tension-points plan --format html` links each module of the agenda to its presentation,
carrying the agenda's minutes; following a link opens the presentation with them."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from browsing import needs_chromium
from presenting import MODULES, current, clock_minutes, presentation, soup
from tension_points.cli import main
from tension_points.errors import UserError
from tension_points.plan.planner import plan
from tension_points.plan.present_links import fragment
from tension_points.plan.ready import load_ready_agendas, ready_agenda

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
    """The module's items in the agenda, the breaks and buffers between them, and the buffer
    that closes its last block."""
    items = list(agenda.items)
    own = [n for n, item in enumerate(items) if item.module is module]
    last = own[-1]
    while last + 1 < len(items) and items[last + 1].is_buffer:
        last += 1
    return [i for i in items[own[0]:last + 1] if i.module is module or i.is_pause or i.is_buffer]


def token_of(item) -> str:
    if item.segment is not None:
        return f"{item.segment.id}:{item.minutes}"
    return f"{'buffer' if item.is_buffer else 'break'}:{item.minutes}"


def test_a_module_link_starts_at_the_modules_clock_time_and_keeps_its_inner_breaks():
    agenda, module = agenda_with_a_break_inside("silos")
    items = within(agenda, module)
    link = fragment(agenda, module, 9 * 60)
    start = 9 * 60 + items[0].offset
    assert f"&start={start // 60:02d}:{start % 60:02d}" in link
    tokens = [":".join(token.split(":")[:2]) for token in link.removeprefix("agenda=").split("&")[0].split(",")]
    assert tokens == [token_of(i) for i in items]


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


def ready_links(html_dir, ready) -> list[str]:
    """The present-mode links under the ready agenda's sheet on the built agendas page."""
    page = soup(html_dir / "facilitator-guide" / "30-agendas.html")
    box = page.select_one(f".tp-agenda-present-{ready.id}")
    assert box is not None, f"no present-mode links under the {ready.title} sheet"
    return [a["href"] for a in box.select("a[href]")]


@pytest.mark.parametrize("ready", load_ready_agendas(), ids=lambda ready: ready.id)
def test_each_ready_agenda_on_the_site_links_its_modules_to_present_mode_with_its_minutes(html_dir, ready):
    agenda = ready.plan(list(MODULES))
    links = ready_links(html_dir, ready)
    assert len(links) == 2 * len(agenda.modules)
    for module in agenda.modules:
        tail = "#" + fragment(agenda, module, ready.start)
        assert f"../present/{module.id}.html{tail}" in links
        assert f"../present/{module.id}-speaker.html{tail}" in links
    for link in links:
        assert (html_dir / "facilitator-guide" / link.split("#")[0]).resolve().is_file()


def test_the_half_days_links_leave_out_the_segments_it_leaves_out():
    ready = ready_agenda("half-day")
    agenda = ready.plan(list(MODULES))
    left_out = [(m, s) for m in agenda.modules for s in m.segments if all(i.segment is not s for i in agenda.items)]
    assert left_out, "the half day runs every segment of its modules: this test has nothing to check"
    for module, segment in left_out:
        assert f"{segment.id}:" not in fragment(agenda, module, ready.start)


@needs_chromium
def test_the_half_days_speaker_view_from_the_agendas_page_runs_the_half_days_minutes(browser, html_dir):
    ready = ready_agenda("half-day")
    agenda = ready.plan(list(MODULES))
    module = next(m for m in agenda.modules if m.id == "cross-training")
    minutes = {n: i.minutes for i in agenda.items if i.module is module for n, s in enumerate(module.segments) if s is i.segment}
    agendas_page = (html_dir / "facilitator-guide" / "30-agendas.html").as_uri()
    with presentation(browser, agendas_page, "file://", presenting=False) as (page, problems):
        page.click(f'.tp-agenda-present-half-day a[href^="../present/{module.id}.html#"]')
        page.wait_for_function("document.querySelector('.tp-timer-time') && document.querySelector('.tp-timer-time').textContent")
        shown = {}
        for _ in range(60):
            page.keyboard.press("ArrowRight")
            screen = current(page)
            if screen["segment"] >= 0:
                shown.setdefault(screen["segment"], clock_minutes(screen["timer"]))
        assert shown == minutes
    assert problems == []
