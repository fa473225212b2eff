"""The repaired sample project is the course's example of a project others can re-run, so its
README must work as written: its steps, run line by line in a copy of the project with a fresh
virtual environment (offline, from the wheels `make sample-wheels` fetched), print the result the
README states, twice the same, and its tests pass."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from paths import BUILD, REPO, require

pytestmark = pytest.mark.slow
PROJECT = REPO / "exercises" / "sample-projects" / "churn-model-repaired"


def readme_section(heading: str) -> str:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    return readme.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def readme_commands() -> list[str]:
    """The README's shell steps, one command a line, without their comments."""
    block = re.search(r"```sh\n(.*?)```", readme_section("Reproduce the results"), re.S).group(1)
    return [line.split(" #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def readme_expected_output() -> str:
    """What the README says `make` prints: the text block after "Expected result"."""
    after = readme_section("Reproduce the results").split("Expected result", 1)[1]
    return re.search(r"```text\n(.*?)```", after, re.S).group(1).strip()


def learner_env(wheels: Path) -> dict[str, str]:
    """A learner's shell: no virtual environment active, no pip settings but these wheels, no network index."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV", "CONDA"))}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheels),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def test_the_readme_steps_run_as_written_in_a_fresh_environment_and_print_the_stated_result(tmp_path):
    wheels = require(BUILD / "wheelhouse-samples" / ".fetched").parent
    project = tmp_path / "churn-model-repaired"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns(".venv", "models", "__pycache__"))
    commands = readme_commands()
    assert commands[0].startswith("python3 -m venv .venv") and "make" in commands

    outputs = []
    for command in commands:
        run = subprocess.run(["bash", "-c", command], cwd=project, env=learner_env(wheels),
                             capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, f"{command!r} failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
        outputs.append((command, run.stdout))

    made = [out for command, out in outputs if command == "make"]
    assert made and readme_expected_output() in made[0]
    again = subprocess.run(["make"], cwd=project, env=learner_env(wheels), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and readme_expected_output() in again.stdout  # the same number on every run
    assert ".venv/bin/python" in made[0]  # make ran the project's own environment, not whatever python is on the PATH


def test_make_without_a_venv_uses_the_python_on_the_path_as_ci_does(tmp_path):
    project = tmp_path / "churn-model-repaired"
    shutil.copytree(PROJECT, project, ignore=shutil.ignore_patterns(".venv", "models", "__pycache__"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}  # not the settings of a make running the tests

    def planned() -> str:
        dry = subprocess.run(["make", "-n"], cwd=project, capture_output=True, text=True, timeout=60, env=env)
        assert dry.returncode == 0, dry.stderr
        return dry.stdout.strip()

    assert planned() == "PYTHONPATH=src python3 -m churn.train"
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "python").write_text("")
    assert planned() == "PYTHONPATH=src .venv/bin/python -m churn.train"
