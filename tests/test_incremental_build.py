"""Incremental builds: a rebuild does only what changed, and writes what a clean build writes.

One copy of the course is built clean, rebuilt with nothing changed, rebuilt after an edit
to a module's prose, after an edit to a module's data (front matter), and after both are
undone; the last build must write the same site as the clean one, byte for byte. About
40 s on two cores (marked ``slow``): the copy reuses the repository's Jupyter cache when
there is one, so the notebooks are not executed again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paths import BUILD, COURSE_COPY_IGNORE, REPO

pytestmark = pytest.mark.slow

PROSE_PAGE = "modules/02-silos"
PROSE_PRESENT_PAGES = {"present/silos.html", "present/silos-speaker.html"}  # its projector and speaker's pages
# A module's data shows on the closing's pages too: its Last word reads out every module's key points.
DATA_PRESENT_PAGES = PROSE_PRESENT_PAGES | {"present/closing.html", "present/closing-speaker.html"}
ADDED_SENTENCE = "A sentence an author adds while revising the module."
SEGMENT_TITLE, RENAMED_SEGMENT = "Four shapes of silo", "Four shapes a silo takes"
# Pages that show the modules' data (schedule, agendas, run-sheets, activity index).
DATA_PAGES = {"reference/schedule", "facilitator-guide/30-agendas", "facilitator-guide/40-run-sheets",
              "facilitator-guide/90-activity-index"}


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class Builds:
    """One course copy and its build folder; each build's log is kept by name."""

    def __init__(self, root: Path):
        self.course = root / "course"
        shutil.copytree(REPO, self.course, ignore=COURSE_COPY_IGNORE)
        cache = root / "jupyter-cache"
        if (BUILD / ".jupyter_cache").is_dir():
            shutil.copytree(BUILD / ".jupyter_cache", cache)
        self.out, self.doctrees = root / "html", root / "doctrees"
        # Sphinx's log as a captured, colourless stream (one "reading sources" line per page):
        # FORCE_COLOR would switch it to a terminal's one-line progress display.
        plain = {key: value for key, value in os.environ.items() if key != "FORCE_COLOR"}
        self.env = {**plain, "NO_COLOR": "1", "TP_EDITION": "web", "TP_JUPYTER_CACHE": str(cache),
                    "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
        self.logs: dict[str, str] = {}
        self.written: dict[str, set[str]] = {}  # files each build wrote, by build

    def build(self, name: str) -> str:
        # --no-color: the log is parsed, and a variable such as FORCE_COLOR (set by some CI
        # services and tools) would colour it even when captured.
        command = [sys.executable, "-m", "sphinx", "--no-color", "-W", "--keep-going", "-n", "-b", "html",
                   str(self.course), str(self.out), "-d", str(self.doctrees)]
        before = self.stamps()
        run = subprocess.run(command, cwd=self.course, env=self.env, capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, f"{name} build failed:\n{run.stderr[-3000:]}"
        self.logs[name] = run.stdout
        self.written[name] = {path for path, stamp in self.stamps().items() if before.get(path) != stamp}
        return run.stdout

    def stamps(self) -> dict[str, int]:
        return {p.relative_to(self.out).as_posix(): p.stat().st_mtime_ns for p in self.out.rglob("*") if p.is_file()}

    def source(self, docname: str) -> Path:
        return self.course / f"{docname}.md"


def pages_read(log: str) -> set[str]:
    return set(re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", log, flags=re.MULTILINE))


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> Builds:
    builds = Builds(tmp_path_factory.mktemp("incremental"))
    builds.build("clean")
    builds.clean_site = tree(builds.out)
    builds.build("nothing changed")

    prose = builds.source(PROSE_PAGE)
    original_prose = prose.read_text(encoding="utf-8")
    prose.write_text(original_prose + f"\n{ADDED_SENTENCE}\n", encoding="utf-8")
    builds.build("prose edited")
    builds.edited_page = (builds.out / f"{PROSE_PAGE}.html").read_text(encoding="utf-8")

    # A module's data: a segment's title, which the schedule shows.
    assert f'title: "{SEGMENT_TITLE}"' in original_prose
    prose.write_text(original_prose.replace(f'title: "{SEGMENT_TITLE}"', f'title: "{RENAMED_SEGMENT}"'), encoding="utf-8")
    builds.build("data edited")
    builds.edited_schedule = (builds.out / "reference/schedule.html").read_text(encoding="utf-8")
    builds.edited_speaker_page = (builds.out / "present/silos-speaker.html").read_text(encoding="utf-8")

    prose.write_text(original_prose, encoding="utf-8")
    builds.build("undone")
    builds.final_site = tree(builds.out)
    return builds


def test_a_rebuild_with_nothing_changed_reports_no_configuration_change_and_reads_nothing(builds):
    log = builds.logs["nothing changed"]
    assert "configuration has changed" not in log
    assert "updating environment: 0 added, 0 changed, 0 removed" in log
    assert pages_read(log) == set()


def test_editing_a_modules_prose_rereads_that_module_alone(builds):
    log = builds.logs["prose edited"]
    assert "configuration has changed" not in log
    assert pages_read(log) == {PROSE_PAGE}
    assert ADDED_SENTENCE in builds.edited_page


def present_pages(paths: set[str]) -> set[str]:
    return {path for path in paths if path.startswith("present/")}


def test_a_rebuild_with_nothing_changed_writes_no_present_page(builds):
    assert present_pages(builds.written["clean"]), "the clean build writes every module's present pages"
    assert present_pages(builds.written["nothing changed"]) == set()


def test_editing_a_module_writes_that_modules_present_pages_alone_and_they_show_the_edit(builds):
    assert present_pages(builds.written["prose edited"]) == PROSE_PRESENT_PAGES
    assert present_pages(builds.written["data edited"]) == DATA_PRESENT_PAGES
    assert RENAMED_SEGMENT in builds.edited_speaker_page


def test_editing_a_modules_data_rereads_the_pages_that_show_it(builds):
    read = pages_read(builds.logs["data edited"])
    assert DATA_PAGES | {PROSE_PAGE} <= read
    assert RENAMED_SEGMENT in builds.edited_schedule
    assert SEGMENT_TITLE not in builds.edited_schedule


def test_after_the_edits_are_undone_the_site_is_byte_identical_to_a_clean_build(builds):
    clean, final = builds.clean_site, builds.final_site
    assert sorted(final) == sorted(clean)
    assert [name for name in clean if clean[name] != final[name]] == []


def test_the_search_index_keeps_every_pages_index_entries(builds):
    def index_entries(site: dict[str, bytes]) -> dict:
        text = site["searchindex.js"].decode("utf-8")
        return json.loads(text[text.index("(") + 1 : text.rindex(")")])["indexentries"]

    entries = index_entries(builds.final_site)
    assert entries == index_entries(builds.clean_site)
    assert len(entries) > 10, "the glossary's terms are index entries"
