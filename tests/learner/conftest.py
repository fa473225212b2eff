"""The learner's own exercise folder, made by `tension-points exercises` as Set up says, once per test module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def make_exercise_folder(home: Path) -> Path:
    folder = home / "tension-points-exercises"
    run = subprocess.run([sys.executable, "-m", "tension_points", "exercises", str(folder)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return folder


@pytest.fixture(scope="module")
def exercise_folder(tmp_path_factory) -> Path:
    return make_exercise_folder(tmp_path_factory.mktemp("home"))
