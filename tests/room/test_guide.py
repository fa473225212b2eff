"""The facilitator guide's page on the live room, and the pages on ``woz serve`` (the room running
one Wizard of Oz game), show what the commands really print and accept."""

from __future__ import annotations

import re
import shlex

from bs4 import BeautifulSoup

from paths import REPO
from tension_points.cli import build_parser
from tension_points.room.activities.registry import KINDS
from tension_points.room.serve import PLAIN_HTTP_WARNING
from tension_points.room.woz_serve import STOP_HINT, screen_line


def guide(html_dir) -> BeautifulSoup:
    return BeautifulSoup((html_dir / "facilitator-guide" / "25-live-room.html").read_text(encoding="utf-8"), "html.parser")


def test_the_guide_shows_the_warning_and_lines_the_command_prints(html_dir):
    blocks = [pre.get_text() for pre in guide(html_dir).find_all("pre")]
    output = next(b for b in blocks if "Participants join at" in b)
    assert PLAIN_HTTP_WARNING in output
    assert re.search(r"Participants join at: http://[0-9.]+:8770/ with the code [A-Z0-9]{6}", output)
    assert "127.0.0.1:8770/f/?token=" in output and "Stop with Ctrl-C; start again with the same --room to resume." in output


def test_every_command_on_the_guide_page_is_one_the_command_accepts(html_dir):
    commands = [line for pre in guide(html_dir).find_all("pre") for line in pre.get_text().splitlines() if line.startswith("tension-points ")]
    assert len(commands) == 2
    parser = build_parser()
    for line in commands:
        args = parser.parse_args(shlex.split(line)[1:])
        assert args.func.__name__ in ("run_room", "run_export"), line


def test_the_wizard_of_oz_pages_show_the_lines_woz_serve_prints(html_dir):
    exercise = BeautifulSoup((html_dir / "exercises" / "wizard-of-oz.html").read_text(encoding="utf-8"), "html.parser")
    script = BeautifulSoup((html_dir / "facilitator-guide" / "wizard-of-oz-script.html").read_text(encoding="utf-8"), "html.parser")
    for page in (exercise, script):
        block = next(pre.get_text() for pre in page.find_all("pre") if "tension-points woz serve" in pre.get_text())
        lines = block.splitlines()
        for role in ("user", "wizard"):
            assert any(re.fullmatch(re.escape(screen_line(role, "http://")) + r"[0-9.]+:8765/w/\.\.\.", line) for line in lines), (role, block)
    block = next(pre.get_text() for pre in exercise.find_all("pre") if "tension-points woz serve" in pre.get_text())
    assert screen_line("facilitator", "http://192.168.1.20:8765/f/woz/game/1/?token=...") in block.splitlines()
    assert block.rstrip().endswith(STOP_HINT)


def test_every_registered_kind_has_a_row_in_the_guides_table_of_live_kinds():
    """A new kind (one module, one registry line, one renderer) is not done until the facilitators' table says
    what it shows on the phone and on the projector: the table's first column names every kind of the registry."""
    [page] = (REPO / "facilitator-guide").glob("*live-room*.md")
    rows = [line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    header = next(n for n, row in enumerate(rows) if row.startswith("| `live` kind |"))
    named = {name for row in rows[header + 2:] for name in re.findall(r"`([a-z-]+)`", row.split("|")[1])}
    assert set(KINDS) - named == set(), f"{page.name}: no row for these live kinds"
    assert named - set(KINDS) == set(), f"{page.name}: a row for a kind the room does not have"


def test_the_guides_90_minute_run_says_what_the_planner_plans_and_how_to_plan_the_poll_and_the_word_cloud():
    """The walkthrough's poll and word cloud are not in the planner's 90 minutes: the guide says
    so, names them as the course does, and gives the requests that plan them."""
    import subprocess
    import sys

    from tension_points.course import load_course

    [page] = (REPO / "facilitator-guide").glob("*live-room*.md")
    text = " ".join(page.read_text(encoding="utf-8").split())
    kinds = {segment.title: segment.live.kind for module in load_course().modules for segment in module.segments if segment.live}
    poll, cloud = "By design or by accident?", "What does the role next to yours worry about?"
    assert kinds[poll] == "poll" and kinds[cloud] == "wordcloud"
    assert f"*{poll}*" in text and f"*{cloud}*" in text

    def planned(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "tension_points", "plan", *args], capture_output=True, text=True, check=True)
        return done.stdout

    ninety = planned("--minutes", "90")
    assert "is the opening and the closing alone, with no poll and no word cloud" in text
    headings = [line.split("— ")[1].split(":")[0] for line in ninety.splitlines() if re.match(r"^\d\d:\d\d +— ", line)]
    assert headings == ["Opening", "Closing"]
    assert not any(title in ninety for title, kind in kinds.items() if kind in ("poll", "wordcloud"))
    assert "`--minutes 130 --modules silos` plans the poll" in text and poll in planned("--minutes", "130", "--modules", "silos")
    assert "`--agenda half-day` plans the word cloud" in text and cloud in planned("--agenda", "half-day")
