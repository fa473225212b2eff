"""`tension-points exercises [DIR]`: the learner's own copy of the notebooks, their data and the
sample projects; never overwriting a changed file without --force, and saying why."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from paths import REPO

NOTEBOOKS = ["cross-training-rotation.ipynb", "ownership-matrix.ipynb", "reproducibility-audit.ipynb", "silos-handoff-map.ipynb"]


def exercises(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tension_points", "exercises", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_copies_the_notebooks_their_data_and_the_sample_projects_and_says_how_to_open_them(tmp_path):
    run = exercises("mine", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    folder = tmp_path / "mine"
    assert sorted(p.name for p in folder.glob("*.ipynb")) == NOTEBOOKS
    for notebook in NOTEBOOKS:
        assert json.loads((folder / notebook).read_text())["cells"], notebook
        assert str(Path("mine") / notebook) in run.stdout
    assert (folder / "data" / "handoffs-example.yaml").read_bytes() == (REPO / "exercises/data/handoffs-example.yaml").read_bytes()
    # The repaired sample's hidden files are part of what the audit exercise checks.
    assert (folder / "sample-projects/churn-model-repaired/.github/workflows/tests.yml").is_file()
    assert (folder / "sample-projects/churn-model-flawed/src/train.py").is_file()
    assert "jupyter lab" in run.stdout and "cd mine" in run.stdout


def test_the_default_folder_is_tension_points_exercises_here(tmp_path):
    run = exercises(cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "tension-points-exercises" / "silos-handoff-map.ipynb").is_file()


def test_running_again_keeps_the_learners_own_files_and_copies_nothing_twice(tmp_path):
    assert exercises("mine", cwd=tmp_path).returncode == 0
    own = tmp_path / "mine" / "my-team.yaml"
    own.write_text("teams: []\n")
    again = exercises("mine", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "Copied 0 file(s)" in again.stdout and "unchanged" in again.stdout
    assert own.read_text() == "teams: []\n"


def test_refuses_to_overwrite_a_changed_file_names_it_and_changes_nothing(tmp_path):
    assert exercises("mine", cwd=tmp_path).returncode == 0
    changed = tmp_path / "mine" / "silos-handoff-map.ipynb"
    changed.write_text("my notes")
    missing = tmp_path / "mine" / "data" / "rotation-example.yaml"
    missing.unlink()
    run = exercises("mine", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr
    assert "silos-handoff-map.ipynb" in lines[0] and "would be overwritten" in lines[0] and "--force" in lines[0]
    assert changed.read_text() == "my notes"
    assert not missing.exists()  # nothing at all is copied when one file would be overwritten


def test_force_replaces_changed_files_with_the_kits(tmp_path):
    assert exercises("mine", cwd=tmp_path).returncode == 0
    changed = tmp_path / "mine" / "silos-handoff-map.ipynb"
    original = changed.read_bytes()
    changed.write_text("my notes")
    run = exercises("mine", "--force", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Copied 1 file(s)" in run.stdout
    assert changed.read_bytes() == original


def test_a_file_where_the_folder_should_be_is_one_clear_error(tmp_path):
    (tmp_path / "mine").write_text("not a folder")
    run = exercises("mine", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == "tension-points: error: mine: is a file, not a folder; name a folder for the exercises"
