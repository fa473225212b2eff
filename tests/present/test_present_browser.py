"""Present mode in Chromium: every module's projector and speaker's view, from disk and over
127.0.0.1, offline and without console errors; axe-core clean on every screen; the keyboard
walks every segment; the countdown starts from the data's minutes (or the planner's); the
signals and the pace; the room never sees a note; the speaker's view follows the projector."""

from __future__ import annotations

from pathlib import Path

import pytest

from browsing import needs_chromium
from presenting import MODULES, current, clock_minutes, note_texts, presentation, projector_path, speaker_path, words
from tension_points.errors import UserError
from tension_points.plan.planner import plan
from tension_points.plan.present_links import fragment

pytestmark = needs_chromium
AXE = Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def screen_count(page) -> int:
    """The projector's screens (planned breaks included); on the speaker's view, the data's."""
    return page.evaluate(
        "document.querySelectorAll('.tp-screen').length"
        " || JSON.parse(document.getElementById('tp-present-data').textContent).screens.length"
    )


def walk(page, key: str = "ArrowRight") -> list[dict]:
    """Every screen from here to the end, pressing ``key``."""
    seen = [current(page)]
    for _ in range(screen_count(page) + 2):
        page.keyboard.press(key)
        seen.append(current(page))
    return seen


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
@pytest.mark.parametrize("where", ["disk", "loopback"])
def test_both_views_open_offline_with_no_console_error(browser, site, html_dir, module, where):
    for path in (projector_path(html_dir, module), speaker_path(html_dir, module)):
        if where == "disk":
            url, allowed = file_url(path), "file://"
        else:
            url, allowed = f"{site}/{path.relative_to(html_dir).as_posix()}", site
        with presentation(browser, url, allowed) as (page, problems):
            for _ in range(screen_count(page)):
                page.keyboard.press("PageDown")
            page.keyboard.press("t")
            page.wait_for_timeout(300)
        assert problems == []


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_the_keyboard_moves_through_every_segment_and_back(browser, html_dir, module):
    with presentation(browser, file_url(projector_path(html_dir, module)), "file://") as (page, _):
        forward = walk(page)
        segments = [screen["segment"] for screen in forward]
        assert segments[0] == -1
        assert sorted(set(segments) - {-1}) == list(range(len(module.segments)))
        assert segments == sorted(segments), "forward never goes back"
        titles = [screen["title"] for screen in forward if screen["segment"] >= 0]
        assert [module.segments[s].title for s in sorted(set(segments) - {-1})] == list(dict.fromkeys(titles))
        # Clickers send Page Up / Page Down; space moves on too; Home goes back to the start.
        page.keyboard.press("PageUp")
        assert current(page)["segment"] <= segments[-1]
        page.keyboard.press("Home")
        assert current(page)["segment"] == -1
        page.keyboard.press("Space")
        assert current(page)["segment"] == 0
        back = walk(page, "ArrowLeft")
        assert back[-1]["segment"] == -1


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_each_segments_countdown_starts_from_its_minutes_in_the_data(browser, html_dir, module):
    with presentation(browser, file_url(projector_path(html_dir, module)), "file://") as (page, _):
        shown = {}
        for screen in walk(page):
            if screen["segment"] >= 0:
                shown.setdefault(screen["segment"], clock_minutes(screen["timer"]))
        assert shown == {n: segment.minutes for n, segment in enumerate(module.segments)}


def tight_agenda(module):
    """The shortest agenda the planner can make with this module in it: every segment trimmed."""
    topic = module.id if module.kind == "topic" else next(m.id for m in MODULES if m.kind == "topic")
    for minutes in range(60, 600, 5):
        try:
            return plan(list(MODULES), minutes, [topic])
        except UserError:
            continue
    raise AssertionError("the planner fits no agenda")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_from_a_plan_link_the_countdown_has_the_trimmed_minutes(browser, html_dir, module):
    agenda = tight_agenda(module)
    planned = {item.segment.id: item.minutes for item in agenda.items if item.module is module and item.segment}
    assert any(planned[s.id] < s.minutes for s in module.segments), "this agenda trims the module"
    link = fragment(agenda, module, 9 * 60)
    with presentation(browser, file_url(projector_path(html_dir, module)) + "#" + link, "file://") as (page, _):
        shown, breaks = {}, 0
        for screen in walk(page):
            if screen["segment"] >= 0:
                shown.setdefault(screen["segment"], clock_minutes(screen["timer"]))
            elif screen["title"] in ("Break", "Lunch"):
                breaks += 1
        # Segments the planner left out for time (optional ones) are left out of the presentation.
        assert shown == {n: planned[s.id] for n, s in enumerate(module.segments) if s.id in planned}
        assert breaks == link.count("break:") + link.count("lunch:")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_the_projector_shows_no_facilitator_note_on_any_screen(browser, html_dir, module):
    notes = note_texts(html_dir, module)
    with presentation(browser, file_url(projector_path(html_dir, module)), "file://") as (page, _):
        for _ in range(screen_count(page)):
            text = words(page.evaluate("document.documentElement.innerText"))
            dom = words(page.evaluate("document.documentElement.textContent"))
            for note in notes:
                assert note[:80] not in text and note[:80] not in dom
            page.keyboard.press("ArrowRight")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_axe_finds_nothing_serious_on_any_screen_of_either_view(browser, html_dir, module):
    found = []
    for path in (projector_path(html_dir, module), speaker_path(html_dir, module)):
        with presentation(browser, file_url(path), "file://") as (page, _):
            page.add_script_tag(path=str(AXE))
            for n in range(screen_count(page)):
                result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
                found += [
                    f"{path.name} screen {n}: {v['id']} ({v['impact']}): {v['help']}"
                    for v in result["violations"] if v["impact"] in BLOCKING
                ]
                page.keyboard.press("ArrowRight")
            page.keyboard.press("?")
            result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            found += [f"{path.name} key help: {v['id']}" for v in result["violations"] if v["impact"] in BLOCKING]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_every_screen_fits_at_1280x720_in_type_of_at_least_32px(browser, html_dir, module):
    with presentation(browser, file_url(projector_path(html_dir, module)), "file://") as (page, _):
        for n in range(screen_count(page)):
            report = page.evaluate(
                """() => {
                  const screen = [...document.querySelectorAll('.tp-screen')].find(s => !s.hidden);
                  const body = screen.querySelector('.tp-screen-body');
                  const small = [];
                  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                  while (walker.nextNode()) {
                    const node = walker.currentNode, element = node.parentElement;
                    if (!node.textContent.trim() || element.closest('[hidden], .tp-keys')) continue;
                    if (!element.getClientRects().length) continue;
                    const size = parseFloat(getComputedStyle(element).fontSize);
                    if (size < 32) small.push(size + 'px: ' + node.textContent.trim().slice(0, 40));
                  }
                  return {small, overflow: body.scrollHeight - body.clientHeight,
                          bottom: screen.getBoundingClientRect().bottom, bar: document.querySelector('.tp-bar').getBoundingClientRect().top};
                }"""
            )
            assert report["small"] == [], f"screen {n}: {report['small']}"
            assert report["overflow"] <= 1, f"screen {n} overflows by {report['overflow']} px"
            assert report["bottom"] <= report["bar"] + 1
            page.keyboard.press("ArrowRight")


def test_signals_at_one_minute_left_and_at_zero_are_words_not_colour_alone(browser, html_dir):
    module = MODULES[1]
    with presentation(browser, file_url(projector_path(html_dir, module)), "file://") as (page, _):
        page.clock.install()
        page.keyboard.press("ArrowRight")
        minutes = module.segments[0].minutes
        assert clock_minutes(current(page)["timer"]) == minutes
        page.keyboard.press("t")
        page.clock.fast_forward((minutes - 1) * 60_000 + 2_000)
        page.wait_for_timeout(400)
        shown = current(page)
        assert shown["signal"] == "1 minute left" and shown["timer"] == "0:58"
        page.clock.fast_forward(62_000)
        page.wait_for_timeout(400)
        shown = current(page)
        assert shown["signal"] == "Time is up" and shown["timer"].startswith("+0:0")
        # Add a minute: back under the one-minute mark; reset: the full length again.
        page.keyboard.press("+")
        page.wait_for_timeout(300)
        assert current(page)["signal"] == "1 minute left"
        page.keyboard.press("r")
        page.wait_for_timeout(300)
        assert current(page)["timer"] == f"{minutes}:00" and current(page)["signal"] == ""


def test_running_over_shows_how_far_behind_the_agenda_the_room_is(browser, html_dir):
    module = MODULES[1]
    with presentation(browser, file_url(projector_path(html_dir, module)), "file://") as (page, _):
        page.clock.install()
        assert current(page)["pace"] == "Agenda: not started"
        page.keyboard.press("ArrowRight")
        page.keyboard.press("t")
        page.clock.fast_forward((module.segments[0].minutes + 4) * 60_000)
        page.wait_for_timeout(300)
        assert current(page)["pace"] == "4 minutes behind"
        # Moving on keeps the clock running in the next segment, and the debt with it.
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        assert current(page)["pace"] == "4 minutes behind"
        assert page.evaluate("document.body.classList.contains('tp-running')")


def test_black_screen_key_help_and_full_screen_keys(browser, html_dir):
    with presentation(browser, file_url(projector_path(html_dir, MODULES[0])), "file://") as (page, problems):
        for key in ("b", "."):
            page.keyboard.press(key)
            assert page.locator(".tp-black").is_visible()
            page.keyboard.press(key)
            assert not page.locator(".tp-black").is_visible()
        page.keyboard.press("?")
        assert page.locator(".tp-keys").is_visible()
        assert "full screen" in page.locator(".tp-keys").inner_text()
        page.keyboard.press("Escape")
        assert not page.locator(".tp-keys").is_visible()
        page.keyboard.press("f")  # headless Chromium refuses full screen: no error either way
        page.wait_for_timeout(200)
    assert problems == []


def speaker_state(page) -> dict:
    return page.evaluate(
        """() => ({now: document.querySelector('.tp-now-segment').textContent,
                   timer: document.querySelector('.tp-timer-time').textContent,
                   black: document.querySelector('[data-action=black]').getAttribute('aria-pressed'),
                   notes: [...document.querySelectorAll('.tp-notes')].filter(n => !n.hidden).map(n => n.innerText).join(' ')})"""
    )


@pytest.mark.parametrize("transport", ["broadcastchannel", "fallback"])
def test_the_speakers_view_follows_the_projector_and_drives_it(browser, html_dir, transport):
    module = MODULES[1]
    with presentation(browser, file_url(projector_path(html_dir, module)), "file://") as (projector, problems):
        if transport == "fallback":
            # As where BroadcastChannel is missing for file:// pages: storage events and postMessage carry it.
            projector.context.add_init_script("delete window.BroadcastChannel;")
            projector.reload()
        with projector.context.expect_page() as opened:
            projector.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_load_state("load")
        assert speaker.url.split("#")[0].endswith(f"present/{module.id}-speaker.html")
        notes = note_texts(html_dir, module)
        for _ in range(4):
            projector.keyboard.press("ArrowRight")
            title = current(projector)["title"]
            speaker.wait_for_function("t => document.querySelector('.tp-now-segment').textContent === t", arg=title)
        segment = current(projector)["segment"]
        state = speaker_state(speaker)
        expected_notes = [n for n in notes if n[:60] in words(state["notes"])]
        assert expected_notes or "No facilitator note" in state["notes"], f"segment {segment}: the speaker sees its notes"
        # The speaker's keys and buttons move the projector too.
        speaker.keyboard.press("ArrowRight")
        projector.wait_for_function("s => document.body.dataset.screen === s", arg=speaker.evaluate("document.body.dataset.screen"))
        speaker.click("[data-action=previous]")
        projector.wait_for_function("s => document.body.dataset.screen === s", arg=speaker.evaluate("document.body.dataset.screen"))
        speaker.click("[data-action=black]")
        projector.wait_for_selector(".tp-black", state="visible")
        speaker.click("[data-action=black]")
        projector.wait_for_selector(".tp-black", state="hidden")
        speaker.click("[data-action=timer]")
        projector.wait_for_function("document.body.classList.contains('tp-running')")
        speaker.wait_for_function("document.querySelector('.tp-link-status').textContent.startsWith('In step')")
    assert problems == []


def test_a_speakers_view_opened_on_its_own_joins_the_projector(browser, html_dir):
    """Two windows opened separately (the speaker's view from the module page): they find each other."""
    module = MODULES[2]
    with presentation(browser, file_url(projector_path(html_dir, module)), "file://") as (projector, problems):
        for _ in range(3):
            projector.keyboard.press("ArrowRight")
        speaker = projector.context.new_page()
        speaker.goto(file_url(speaker_path(html_dir, module)))
        title = current(projector)["title"]
        speaker.wait_for_function("t => document.querySelector('.tp-now-segment').textContent === t", arg=title)
    assert problems == []


def test_the_speakers_view_says_when_its_agenda_runs_a_talk_short(browser, html_dir):
    """From a plan link that trims a talk, the speaker's view says so on the talk's "When short"
    line, with the agenda's minutes; opened without an agenda, the line names no minutes."""
    module = next(m for m in MODULES if m.id == "silos")
    agenda = tight_agenda(module)
    planned = {item.segment.id: item.minutes for item in agenda.items if item.module is module and item.segment}
    index, talk = next((n, s) for n, s in enumerate(module.segments)
                       if s.talk is not None and s.talk.short is not None and planned.get(s.id, s.minutes) < s.minutes)
    line = f'.tp-notes[data-segment="{index}"] .tp-talk-short'
    for link, expected in [("#" + fragment(agenda, module, 9 * 60), f"(now: this agenda runs it at {planned[talk.id]} of {talk.minutes} min)"),
                           ("", "")]:
        with presentation(browser, file_url(speaker_path(html_dir, module)) + link, "file://") as (speaker, problems):
            for _ in range(len(module.segments) * 4):
                if speaker.evaluate(f"!document.querySelector('.tp-notes[data-segment=\"{index}\"]').hidden"):
                    break
                speaker.keyboard.press("ArrowRight")
            assert speaker.locator(line).is_visible()
            assert speaker.locator(f"{line} .tp-talk-short-when").text_content().strip() == expected
            assert ("tp-talk-short-now" in speaker.locator(line).get_attribute("class")) == bool(expected)
        assert problems == []
