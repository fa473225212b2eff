"""Running late in present mode: the speaker's view knows how far behind the room is, shows
the planner's cuts for it (the same walk as the printed late plan, in the same words) and, when
the facilitator accepts, re-fits the rest of the page's agenda as the planner's late.accept does."""

from __future__ import annotations

import json

from browsing import needs_chromium
from presenting import MODULES, speaker_path
from tension_points.course import ModuleKind
from tension_points.plan.late import accept, block_bounds, catch_up
from tension_points.plan.planner import plan
from tension_points.plan.present_links import fragment, page_items
from tension_points.plan.sheet import block_plan, describe_cut

pytestmark = needs_chromium
ONE_MINUTE = 60_000


def seed_state(page_context, module, hash_: str, used: dict[int, int]) -> None:
    """The presentation's saved state before its script runs: timers that ran ``used`` minutes."""
    state = {
        "screen": 0, "black": False, "began": True, "rev": 1, "by": "test", "accepted": [],
        "timers": {str(item): {"used": minutes * ONE_MINUTE, "since": None, "extra": 0} for item, minutes in used.items()},
    }
    key = f"tension-points-present:{module.id}|{hash_}"
    page_context.add_init_script(f"window.sessionStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(state))});")


def go_to_segment(page, title: str) -> None:
    for _ in range(60):
        if page.inner_text(".tp-now-segment") == title:
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"never reached {title!r}")


def agenda_rows(page) -> list[tuple[str, ...]]:
    return [tuple(row) for row in page.evaluate("""() => [...document.querySelectorAll('.tp-agenda-list li')].map(li =>
        [li.querySelector('.tp-agenda-what').textContent.replace(' (now)', ''), li.querySelector('.tp-agenda-minutes').textContent])""")]


def test_the_speakers_view_shows_the_planners_cuts_and_refits_when_they_are_accepted(browser, html_dir):
    agenda = plan(list(MODULES), 210)
    module = next(m for m in agenda.modules if m.kind is ModuleKind.TOPIC)
    shown = page_items(agenda, module)
    hash_ = "#" + fragment(agenda, module, 9 * 60)
    at = 2  # the topic module's third segment
    assert all(agenda.items[n].segment is not None for n in shown[:3])
    until = block_plan(agenda, 9 * 60, block_bounds(agenda, shown[at])[0]).until
    # The first two segments ran 7 minutes over between them.
    first, second = (agenda.items[n].minutes for n in shown[:2])
    used = {0: first + 4, 1: second + 3}
    expected = catch_up(agenda, shown[at], 7)
    assert expected.cuts, "seven minutes behind has something to cut"
    url = speaker_path(html_dir, module).resolve().as_uri() + hash_
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    seed_state(context, module, hash_, used)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(url, wait_until="load")
        go_to_segment(page, agenda.items[shown[at]].title)
        page.wait_for_function("document.querySelector('.tp-late-status').textContent.includes('behind')")
        assert page.inner_text(".tp-pace") == "7 minutes behind"
        assert page.inner_text(".tp-late-status").startswith(f"7 minutes behind. Before {until}, cut in this order:")
        cuts = page.eval_on_selector_all(".tp-late-cuts li", "items => items.map(li => li.textContent)")
        assert cuts == [describe_cut(cut) for cut in expected.cuts]
        page.click('[data-action="accept"]')
        page.wait_for_function("document.querySelector('.tp-pace').textContent === 'On time'")
        refitted = accept(agenda, shown[at], 7, expected.cuts)
        rows = agenda_rows(page)
        assert ("Behind schedule", "7 min") in rows
        for cut in expected.cuts:
            item = cut.item
            if item.segment is not None and cut.drops:
                assert (item.title, "left out") in rows
        planned = {i.title: i.minutes for i in refitted.items if i.module is module}
        first = min(n for n, i in enumerate(refitted.items) if i.module is module)
        last = max(n for n, i in enumerate(refitted.items) if i.module is module)
        for title, minutes in rows:
            if title in planned and minutes != "left out":
                assert minutes.split(" ")[0] == str(planned[title]), (title, minutes, planned[title])
        # Each block on the page keeps its own buffer: the one the cuts' block gave its minutes to,
        # and any after a pause inside the module, in order, as the planner re-fits them.
        buffers = [str(i.minutes) for i in refitted.items[first:last + 2] if i.is_buffer]
        assert [m.split(" ")[0] for t, m in rows if t == "Buffer"] == buffers, (rows, buffers)
        assert page.inner_text(".tp-late-status") == "On time: nothing to cut."
    finally:
        context.close()
    assert problems == []


def test_without_an_agenda_the_module_alone_has_its_late_plan(browser, html_dir):
    module = next(m for m in MODULES if m.id == "silos")
    path = speaker_path(html_dir, module)
    hash_ = "#"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    seed_state(context, module, hash_, {0: module.segments[0].minutes + 10})
    page = context.new_page()
    try:
        page.goto(path.resolve().as_uri(), wait_until="load")
        go_to_segment(page, module.segments[1].title)
        page.wait_for_function("document.querySelector('.tp-late-status').textContent.includes('behind')")
        assert page.inner_text(".tp-late-status").startswith("10 minutes behind. Before the end of the module")
        assert page.eval_on_selector_all(".tp-late-cuts li", "items => items.length") >= 1
    finally:
        context.close()


def test_at_the_closing_the_speakers_view_says_what_goes_out_with_the_people_and_when_the_day_ends(browser, html_dir):
    """The half day's closing, 20 minutes behind at the feedback: the block's cuts give back 7;
    the speaker's view adds the planner's rest of the day (the feedback form and the post survey
    on the way out, in the printed sheet's words) and says in words that the day ends 5 minutes
    late even so; accepting leaves both out of the room's time."""
    agenda = plan(list(MODULES), 210)
    module = next(m for m in agenda.modules if m.kind is ModuleKind.CLOSING)
    shown = page_items(agenda, module)
    hash_ = "#" + fragment(agenda, module, 9 * 60)
    at = next(k for k, n in enumerate(shown) if agenda.items[n].segment is not None
              and agenda.items[n].segment.id == "closing-feedback")
    used = {k: agenda.items[n].minutes for k, n in enumerate(shown[:at])}
    used[0] += 20
    expected = catch_up(agenda, shown[at], 20)
    assert expected.later and expected.over == 5
    url = speaker_path(html_dir, module).resolve().as_uri() + hash_
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    seed_state(context, module, hash_, used)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(url, wait_until="load")
        go_to_segment(page, agenda.items[shown[at]].title)
        page.wait_for_function("document.querySelector('.tp-late-status').textContent.includes('behind')")
        assert page.inner_text(".tp-pace") == "20 minutes behind"
        cuts = page.eval_on_selector_all(".tp-late-cuts li", "items => items.map(li => li.textContent)")
        assert cuts == [describe_cut(cut) for cut in expected.cuts]
        later = page.eval_on_selector_all(".tp-late-later li", "items => items.map(li => li.textContent)")
        assert later == [describe_cut(cut) for cut in expected.later]
        assert page.inner_text(".tp-late-over") == (
            "Even with every cut the day ends 5 min late: nothing else can go without breaking the agenda's rules.")
        page.click('[data-action="accept"]')
        page.wait_for_function("document.querySelector('.tp-pace').textContent === 'On time'")
        rows = agenda_rows(page)
        assert ("Last word", "on the way out") in rows and ("Feedback: what worked, what to change", "on the way out") in rows
    finally:
        context.close()
    assert problems == []
