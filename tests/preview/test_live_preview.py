"""`make serve`: a live preview that rebuilds on save with Sphinx already loaded."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tension_points.preview import InProcessBuilder, kit_code_changed_since

TINY_COURSE = Path(__file__).parents[1] / "sphinxext" / "roots" / "test-course"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    shutil.copytree(TINY_COURSE, folder)
    return folder


def sphinx_args(course: Path) -> list[str]:
    return ["-q", "-b", "html", str(course), str(course / "_build" / "html"), "-d", str(course / "_build" / "doctrees")]


def builder_for(course: Path) -> InProcessBuilder:
    return InProcessBuilder(sphinx_args(course), url_host="127.0.0.1:0", pre_build_commands=[], post_build_commands=[])


def test_a_rebuild_in_the_same_process_shows_an_edit(course: Path, capsys) -> None:
    build = builder_for(course)
    build(changed_paths=())
    index = course / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nA sentence added while previewing.\n", encoding="utf-8")
    build(changed_paths=[index])
    assert "A sentence added while previewing." in (course / "_build" / "html" / "index.html").read_text(encoding="utf-8")
    out = capsys.readouterr().out
    assert "Rebuilding (Sphinx and the kit already loaded)" in out
    assert "exit code" not in out


def test_a_failing_build_is_reported_and_the_server_goes_on(course: Path, capsys) -> None:
    (course / "conf.py").write_text("raise RuntimeError('broken conf')\n", encoding="utf-8")
    builder_for(course)(changed_paths=[course / "conf.py"])
    out = capsys.readouterr()
    assert "Sphinx exited with exit code 2" in out.out
    assert "Serving on http://127.0.0.1:0" in out.out


def test_the_kit_code_counts_as_changed_only_when_written_after_the_moment(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    module = tmp_path / "pkg" / "module.py"
    module.write_text("x = 1\n", encoding="utf-8")
    written = module.stat().st_mtime
    assert kit_code_changed_since(written + 1, tmp_path) is None
    os.utime(module, (written + 5, written + 5))
    assert kit_code_changed_since(written + 1, tmp_path) == module


def read(url: str) -> str:
    """The page's text, or "" while the server is not listening yet (it prints its address first)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def test_the_preview_server_serves_the_course_and_rebuilds_it_on_save(course: Path, tmp_path: Path) -> None:
    log = tmp_path / "preview.log"
    command = [sys.executable, "-m", "tension_points.preview", "--host", "127.0.0.1", "--port", "0",
               "--ignore", "_build/*", str(course), str(course / "_build" / "html"), "-d", str(course / "_build" / "doctrees"), "-q"]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=course, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        address = wait_for(lambda: re.search(r"Serving on (http://127\.0\.0\.1:\d+)", log.read_text()), 120, "the first build")
        url = address.group(1) + "/index.html"
        first = wait_for(lambda: read(url), 30, "the server to listen")
        assert "A sentence added while previewing." not in first
        index = course / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nA sentence added while previewing.\n", encoding="utf-8")
        wait_for(lambda: "A sentence added while previewing." in read(url), 60, "the rebuilt page")
        assert "Rebuilding (Sphinx and the kit already loaded)" in log.read_text()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def test_a_second_build_in_the_same_process_with_nothing_changed_writes_no_page(course: Path, capfd) -> None:
    # Regression: the kit appended its template folder to Sphinx's shared default list, so
    # each build in one process saw a longer templates_path and rewrote every page.
    from sphinx.cmd.build import build_main

    args = ["-b", "html", str(course), str(course / "_build" / "html"), "-d", str(course / "_build" / "doctrees")]
    assert build_main(args) == 0
    capfd.readouterr()
    assert build_main(args) == 0
    log = capfd.readouterr().out
    assert "configuration has changed" not in log
    assert "targets for 0 source files that are out of date" in log
