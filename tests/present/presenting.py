"""What the present-mode tests share: the course's modules, their built pages, and a browser
page on a presentation that records every request and console error."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from bs4 import BeautifulSoup

from tension_points.course import load_course
from paths import REPO

COURSE = load_course(REPO)
MODULES = COURSE.modules
MODULE_IDS = [module.id for module in MODULES]
VIEWPORT = {"width": 1280, "height": 720}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def projector_path(html_dir: Path, module) -> Path:
    return html_dir / "present" / f"{module.id}.html"


def speaker_path(html_dir: Path, module) -> Path:
    return html_dir / "present" / f"{module.id}-speaker.html"


def note_texts(html_dir: Path, module) -> list[str]:
    """The facilitator notes on the module's page, as text without their title."""
    page = soup(html_dir / f"{module.docname}.html")
    texts = []
    for note in page.select("aside.tp-facilitator-note"):
        title = note.select_one(".admonition-title")
        if title:
            title.extract()
        texts.append(" ".join(note.get_text(" ").split()))
    return texts


def words(text: str) -> str:
    return " ".join(text.split())


@contextlib.contextmanager
def presentation(browser, url: str, allowed: str, presenting: bool = True, **context_options):
    """A page on ``url`` at 1280x720; yields (page, problems): requests leaving ``allowed`` and console errors."""
    context = browser.new_context(viewport=VIEWPORT, **context_options)
    problems: list[str] = []

    def keep_local(route):
        request = route.request.url
        if request.startswith(allowed) or request.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            problems.append(f"request left the machine: {request}")
            route.abort()

    context.route("**/*", keep_local)
    page = context.new_page()
    watch(page, problems)
    page.goto(url, wait_until="load")
    if presenting:
        page.wait_for_function("document.querySelector('.tp-timer-time').textContent !== ''")
    try:
        yield page, problems
    finally:
        context.close()


def watch(page, problems: list[str]) -> None:
    page.on("console", lambda message: problems.append(f"{page.url}: {message.text}") if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))


def current(page) -> dict:
    """The projector's screen as the room sees it: its segment, title, timer and signal."""
    return page.evaluate(
        """() => {
          const screen = [...document.querySelectorAll('.tp-screen')].find(s => !s.hidden);
          return {
            segment: Number(screen.dataset.segment ?? -2),
            title: (screen.querySelector('.tp-screen-title, .tp-cover-title') || {}).textContent || '',
            timer: document.querySelector('.tp-timer-time').textContent,
            signal: document.querySelector('.tp-signal').textContent,
            pace: document.querySelector('.tp-pace').textContent,
          };
        }"""
    )


def clock_minutes(text: str) -> int:
    match = re.fullmatch(r"(\d+):00", text)
    assert match, f"the timer shows {text!r}, not whole minutes"
    return int(match.group(1))
