"""An activity with a prompt and a minute split in its data: the projector shows the prompt in
large type and the steps with their minutes (trimmed ones from a plan link), and marks the
step the room is on. Built from a copy of the course whose front matter gains both."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from browsing import needs_chromium
from paths import COURSE_COPY_IGNORE, REPO
from presenting import presentation, soup, words
from tension_points.course import load_course, read_front_matter

pytestmark = [pytest.mark.slow, needs_chromium]
SEGMENT = "silos-design-or-accident"
PROMPT = "Which walls between your teams exist *by design*, and which by accident?"
STEPS = ["Alone: list the walls you know", "Pairs: sort them", "Fours: agree on the costliest", "Everyone: share"]


def split(minutes: int) -> list[tuple[str, int]]:
    """1, 2 and 4 minutes, and the rest of the segment's length for the room."""
    return list(zip(STEPS, [1, 2, 4, minutes - 7]))


def build_html(course):
    """As `make html` builds (strict), with a copy of the main build's notebook cache (same notebooks)."""
    cache = course / "_build" / "jcache"
    if (REPO / "_build" / ".jupyter_cache").is_dir():
        shutil.copytree(REPO / "_build" / ".jupyter_cache", cache)
    env = {**os.environ, "TP_EDITION": "web", "TP_JUPYTER_CACHE": str(cache)}
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", "html",
               str(course), str(course / "_build" / "html")]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=course, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the course with a prompt and a minute split for one activity, built once."""
    course = tmp_path_factory.mktemp("prompted") / "course"
    shutil.copytree(REPO, course, ignore=COURSE_COPY_IGNORE)
    page = course / "modules" / "02-silos.md"
    data = read_front_matter(page)
    segment = next(s for s in data["module"]["segments"] if s["id"] == SEGMENT)
    segment["prompt"] = PROMPT
    segment["parts"] = [{"label": label, "minutes": minutes} for label, minutes in split(segment["minutes"])]
    body = re.sub(r"\A---\s*\n.*?\n---\s*\n", "", page.read_text(encoding="utf-8"), count=1, flags=re.DOTALL)
    page.write_text("---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    result = build_html(course)
    assert result.returncode == 0, result.stderr[-2000:]
    return course, load_course(course).segment(SEGMENT)


def test_the_prompt_is_the_screen_and_the_steps_carry_their_minutes(built):
    course, segment = built
    projector = soup(course / "_build" / "html" / "present" / "silos.html")
    screen = next(s for s in projector.select(".tp-screen-prompt") if segment.title in s.get_text())
    assert words(screen.select_one(".tp-prompt").get_text()) == PROMPT.replace("*", "")
    assert screen.select_one(".tp-prompt em").get_text() == "by design"
    steps = [(li.select_one(".tp-part-label").get_text(), li.select_one(".tp-part-minutes").get_text()) for li in screen.select(".tp-part")]
    assert steps == [(label, f"{minutes} min") for label, minutes in split(segment.minutes)]
    # The box's own instructions go to the speaker's view, not the wall.
    speaker = soup(course / "_build" / "html" / "present" / "silos-speaker.html")
    assert "Instructions on the page" in speaker.get_text()
    assert "1-2-4-All: one minute alone" not in words(screen.get_text(" "))


def test_a_plan_link_trims_the_steps_and_the_timer_marks_the_step_in_progress(built, browser):
    course, segment = built
    trimmed = segment.parts_for(segment.minutes - 3)
    link = f"#agenda={segment.id}:{segment.minutes - 3}:{'.'.join(str(p.minutes) for p in trimmed)}"
    url = (course / "_build" / "html" / "present" / "silos.html").as_uri() + link
    with presentation(browser, url, "file://") as (page, problems):
        page.clock.install()
        for _ in range(40):
            page.keyboard.press("ArrowRight")
            if page.locator(".tp-screen-prompt:not([hidden]) .tp-parts").count() and \
                    page.inner_text(".tp-screen:not([hidden]) .tp-screen-title") == segment.title:
                break
        shown = page.locator(".tp-screen:not([hidden]) .tp-part-minutes").all_inner_texts()
        assert shown == [f"{p.minutes} min" for p in trimmed]
        assert page.inner_text(".tp-timer-time") == f"{segment.minutes - 3}:00"
        page.keyboard.press("t")
        page.clock.fast_forward(int((trimmed[0].minutes + 0.5) * 60_000))
        page.wait_for_timeout(400)
        states = page.locator(".tp-screen:not([hidden]) .tp-part-state").all_inner_texts()
        assert states[:2] == ["done", "now"] and set(states[2:]) == {""}
        assert page.get_attribute(".tp-screen:not([hidden]) .tp-part-now", "aria-current") == "step"
    assert problems == []
