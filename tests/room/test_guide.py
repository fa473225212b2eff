"""The facilitator guide's page on the live room shows what the command really prints and accepts."""

from __future__ import annotations

import re
import shlex

from bs4 import BeautifulSoup

from tension_points.cli import build_parser
from tension_points.room.serve import PLAIN_HTTP_WARNING


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
