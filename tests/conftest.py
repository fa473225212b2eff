"""Shared fixtures: where the repository and the built editions are.

The built editions are made by `make` (``make test`` builds them first); the
tests read them as a user would: the HTML pages, the PDFs' text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browsing import chromium, serve
from paths import COURSE_COPY_IGNORE, HTML, REPO, normalise, require

# Sphinx's test fixtures (app, rootdir...) for the directive tests on tiny projects (tests/sphinxext/).
pytest_plugins = ["sphinx.testing.fixtures"]


@pytest.fixture(scope="session")
def html_dir() -> Path:
    return require(HTML / "index.html").parent


@pytest.fixture(scope="session")
def pdf_text():
    """The text of a built PDF, with line-break hyphens undone and whitespace collapsed."""
    cache: dict[Path, str] = {}

    def read(path: Path) -> str:
        if path not in cache:
            raw = subprocess.run(["pdftotext", str(require(path)), "-"], capture_output=True, text=True, check=True).stdout
            cache[path] = normalise(raw)
        return cache[path]

    return read


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A private copy of the course sources, for builds that are meant to fail."""
    target = tmp_path / "course"
    shutil.copytree(REPO, target, ignore=COURSE_COPY_IGNORE)
    return target


@pytest.fixture
def sphinx_build():
    """Build a course folder as ``make`` does (strict), without executing notebooks; returns the finished process."""

    def build(course: Path, edition: str = "web", builder: str = "html") -> subprocess.CompletedProcess:
        env = {**os.environ, "TP_EDITION": edition, "TP_JUPYTER_CACHE": str(course / "_build" / "jcache")}
        command = [
            sys.executable, "-m", "sphinx", "-W", "--keep-going", "-n", "-q", "-b", builder,
            "-D", "nb_execution_mode=off", str(course), str(course / "_build" / builder),
        ]
        return subprocess.run(command, capture_output=True, text=True, env=env, cwd=course, timeout=600)

    return build


@pytest.fixture(scope="session")
def site(html_dir):
    """The built site served on 127.0.0.1, as its base URL."""
    with serve(html_dir) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, started once for all the browser tests."""
    with chromium() as browser:
        yield browser
