"""The text report in a terminal: wrapped to its width between words, never inside a place, a path or a URL;
a pipe or a file keeps each finding on one line, for grep."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

from .conftest import REPO, write_files

URL = "https://raw.githubusercontent.com/someone/some-project/master/data/a-very-long-file-name.csv"
PLACE = "Week 1/load the data.py"  # a file name with spaces, as notebooks and course folders often have
LONG_PLACE = "Week 2/a second file with a much longer name than the first.py"
FILES = {PLACE: f'import pandas as pd\nimport random\nframe = pd.read_csv("{URL}")\nrandom.shuffle(list(frame.index))\n',
         LONG_PLACE: "import random\nrandom.random()\n"}
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def over(text: str, width: int) -> list[str]:
    """Lines longer than ``width`` that hold more than one unbreakable piece (a URL, a place, a word)."""
    glued = [line.replace(PLACE, PLACE.replace(" ", "_")).replace(LONG_PLACE, LONG_PLACE.replace(" ", "_"))
             for line in text.splitlines()]
    return [line for line in glued if len(line) > width and len(line.split()) > 1]


def test_columns_wraps_the_text_report_between_words(tmp_path, run, monkeypatch):
    write_files(tmp_path, FILES)
    monkeypatch.setenv("COLUMNS", "60")
    code, text, _ = run("audit", tmp_path)
    assert code == 0
    assert over(text, 60) == []
    assert max(map(len, text.splitlines())) > 60  # the URL, whole on its own line
    lines = text.splitlines()
    assert f"  ({URL}):" in lines  # the URL whole, on a line of its own
    assert lines[lines.index(f"- {PLACE}:4: random module without a seed") + 1:][:2] == [
        "  (also in 1 other file:", f"  {LONG_PLACE}:2)"]  # a place with spaces moves down whole
    assert "4. MEDIUM code-unseeded-randomness:" in lines  # later lines hang under the first's text
    assert f"   {PLACE}:4: random module without a seed" in lines


def test_a_pipe_or_a_file_keeps_each_finding_on_one_line(tmp_path, run, monkeypatch):
    project = write_files(tmp_path / "project", FILES)
    _, piped, _ = run("audit", project)
    assert f"- {PLACE}:3: reads from a branch that moves ({URL}): the file can change under the same address" \
        in piped.splitlines()
    monkeypatch.setenv("COLUMNS", "60")
    assert run("audit", project, "--output", tmp_path / "report.txt")[0] == 0
    assert (tmp_path / "report.txt").read_text(encoding="utf-8") == piped


def test_a_terminal_of_70_columns_gets_lines_of_70_with_colours_not_counted(tmp_path):
    write_files(tmp_path, FILES)
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 70, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "NO_COLOR")}
    process = subprocess.Popen([sys.executable, "-m", "tension_points", "audit", str(tmp_path)], cwd=REPO,
                               stdin=follower, stdout=follower, stderr=follower, env={**env, "TERM": "xterm"})
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once the command has exited
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0
    shown = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    assert "\x1b[31m" in shown  # a terminal: the failing checks in red
    plain = ANSI.sub("", shown)
    assert over(plain, 70) == [] and f"  ({URL}):" in plain.splitlines()
    assert f"  {LONG_PLACE}:2)" in plain.splitlines()
