"""What a newcomer gets: the wheel `make dist` built, installed into a fresh virtual environment
without the authoring stack, offline from the bundle's wheels, then `tension-points exercises`,
`tension-points doctor` and every copied notebook executed with `jupyter nbconvert --execute`.

Reuses what `make test` built (the wheel in _build/dist, the bundle's wheels); one environment
for the whole module. Marked slow: about two minutes on two cores.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from paths import BUILD, HTML, require

pytestmark = pytest.mark.slow
BUNDLE = BUILD / "tension-points-offline.zip"


def built_wheel() -> Path:
    wheels = sorted((BUILD / "dist").glob("tension_points-*-py3-none-any.whl"))
    assert len(wheels) == 1, f"expected one wheel in _build/dist (run make dist), found {wheels}"
    return wheels[0]


def clean_env(**extra: str) -> dict[str, str]:
    """The learner's environment: no pip configuration or index, no course folder override."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "TP_", "VIRTUAL_ENV", "JUPYTER"))}
    return {**env, "PIP_CONFIG_FILE": os.devnull, **extra}


class Learner:
    def __init__(self, root: Path, wheels: Path):
        self.root, self.wheels = root, wheels
        self.bin = root / "env" / "bin"
        self.home = root / "home"
        self.home.mkdir()
        # A learner who has committed with git before (doctor checks git knows a name and email).
        (self.home / ".gitconfig").write_text("[user]\n\tname = Ada Learner\n\temail = ada@example.com\n")

    def run(self, *command: str, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
        program = str(self.bin / command[0])
        return subprocess.run([program, *command[1:]], capture_output=True, text=True, cwd=cwd or self.home,
                              env=clean_env(HOME=str(self.home)), timeout=timeout)

    def pip_install(self, requirement: str) -> None:
        run = self.run("python", "-m", "pip", "install", "--quiet", "--no-index", "--find-links", str(self.wheels), requirement)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]


@pytest.fixture(scope="module")
def learner(tmp_path_factory) -> Learner:
    root = tmp_path_factory.mktemp("newcomer")
    with zipfile.ZipFile(require(BUNDLE)) as bundle:
        members = [m for m in bundle.namelist() if "/wheels/" in m]
        bundle.extractall(root / "bundle", members)
    wheels = root / "bundle" / "tension-points-offline" / "wheels"
    # The bundle's copy of the kit is the wheel make built.
    assert (wheels / built_wheel().name).read_bytes() == built_wheel().read_bytes()
    venv.create(root / "env", with_pip=True)
    learner = Learner(root, wheels)
    learner.pip_install("tension-points")  # the base install first: what `doctor` says about it is tested below
    learner.base_doctor = learner.run("tension-points", "doctor")
    learner.pip_install("tension-points[exercises]")
    return learner


def test_the_base_install_gives_the_command_without_the_authoring_stack(learner):
    assert learner.run("tension-points", "--version").stdout.strip() == "tension-points 0.1.0"
    for authoring in ("sphinx", "myst_nb", "jupytext"):
        run = learner.run("python", "-c", f"import {authoring}")
        assert run.returncode == 1 and "ModuleNotFoundError" in run.stderr, authoring


def test_doctor_without_the_exercises_extra_exits_1_naming_what_is_missing_and_the_fix(learner):
    run = learner.base_doctor
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    fix = f'Fix: {learner.bin / "python"} -m pip install "tension-points[exercises]"'  # into the learner's environment
    assert next(l for l in lines if l.startswith("FAIL  packages")).count("jupyterlab") == 1
    for name in ("packages", "JupyterLab", "kernel"):
        line = next(l for l in lines if l.startswith(f"FAIL  {name}:"))
        assert fix in line, line
    assert lines[-1].startswith("4 of 7 checks passed; fix packages, JupyterLab, kernel")
    assert "Traceback" not in run.stderr


def test_plan_reads_the_course_bundled_in_the_wheel(learner):
    run = learner.run("tension-points", "plan", "--minutes", "90")
    assert run.returncode == 0, run.stderr
    assert "Workshop agenda, 1 h 30 min" in run.stdout and "Opening" in run.stdout


def test_exercises_then_doctor_then_every_notebook_runs_as_a_learner_would(learner):
    folder = learner.home / "tension-points-exercises"
    copied = learner.run("tension-points", "exercises", str(folder))
    assert copied.returncode == 0, copied.stderr
    notebooks = sorted(folder.glob("*.ipynb"))
    assert [n.name for n in notebooks] == ["cross-training-rotation.ipynb", "ownership-matrix.ipynb",
                                            "reproducibility-audit.ipynb", "silos-handoff-map.ipynb"]
    assert str(learner.bin / "jupyter") + " lab" in copied.stdout

    with socket.socket() as probe:  # a port nobody else on this machine is using
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    ready = learner.run("tension-points", "doctor", "--port", port, cwd=folder)
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert ready.stdout.strip().splitlines()[-1] == "7 of 7 checks passed: ready for the exercises"
    assert f"kernel: {learner.bin / 'python'}" in ready.stdout  # the kernel is the learner's environment

    executed = learner.root / "executed"
    for notebook in notebooks:
        run = learner.run("jupyter", "nbconvert", "--to", "notebook", "--execute", "--output-dir", str(executed),
                          notebook.name, cwd=folder)
        assert run.returncode == 0, f"{notebook.name}: {run.stderr[-3000:]}"
        cells = json.loads((executed / notebook.name).read_text())["cells"]
        outputs = [o for c in cells if c["cell_type"] == "code" for o in c["outputs"]]
        assert outputs, notebook.name
        unexpected = [o for c in cells if c["cell_type"] == "code" and "raises-exception" not in c["metadata"].get("tags", [])
                      for o in c["outputs"] if o["output_type"] == "error"]
        assert unexpected == [], notebook.name


def test_the_notebooks_a_learner_copies_are_the_sites_downloads(learner):
    folder = learner.home / "tension-points-exercises"
    if not folder.exists():
        assert learner.run("tension-points", "exercises", str(folder)).returncode == 0
    for notebook in folder.glob("*.ipynb"):
        assert notebook.read_bytes() == require(HTML / "_notebooks" / notebook.name).read_bytes(), notebook.name


def test_the_sdist_carries_what_the_wheel_is_built_from():
    sdists = sorted((BUILD / "dist").glob("tension_points-*.tar.gz"))
    assert len(sdists) == 1
    with tarfile.open(sdists[0]) as sdist:
        names = {Path(*Path(n).parts[1:]).as_posix() for n in sdist.getnames()}
    assert {"src/tension_points_build.py", "modules/quotes.yaml", "modules/02-silos.md", "exercises/silos-handoff-map.md",
            "handouts/handoff-map.md", "reference/glossary.md",
            "exercises/data/handoffs-example.yaml", "exercises/sample-projects/churn-model-repaired/.github/workflows/tests.yml"} <= names
