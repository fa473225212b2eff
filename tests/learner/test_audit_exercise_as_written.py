"""The audit exercise, done as its page says, in the folder `tension-points exercises` makes: its
shell steps run as written (from the learner's home, with `tension-points` on the PATH), each
"good first pick" of step 3, fixed as the page describes it, turns up under "Checks now passing"
with nothing newly failing and the scores up, and the repaired twin compares as the page says.
What is checked is read from the page's own words, so a changed page or audit is checked anew."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from paths import REPO

PAGE = REPO / "exercises" / "reproducibility-audit.md"
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "Learner", "GIT_AUTHOR_EMAIL": "learner@example.com",
                "GIT_COMMITTER_NAME": "Learner", "GIT_COMMITTER_EMAIL": "learner@example.com"}


def exercise_section() -> str:
    return PAGE.read_text(encoding="utf-8").split("\n## The exercise\n", 1)[1].split("\n## ", 1)[0]


def steps() -> dict[int, str]:
    """The text of each numbered step of the exercise."""
    parts = re.split(r"^(\d+)\. ", exercise_section(), flags=re.M)
    return {int(number): text for number, text in zip(parts[1::2], parts[2::2])}


def shell_blocks(step: str) -> str:
    return "\n".join(textwrap.dedent(block) for block in re.findall(r"```sh\n(.*?)^\s*```", step, re.S | re.M))


def good_first_picks() -> list[tuple[str, str]]:
    """(check, owner) of each pick step 3 lists: "- `check-id` (owner): what to do"."""
    return re.findall(r"^\s*- `([a-z0-9-]+)` \(([a-z ]+)\):", steps()[3], re.M)


# How a learner carries out each pick as the page words it. A pick with no entry here fails the
# test: the page then suggests a fix nobody has checked.
def seed_randomness(project: Path) -> None:
    train = project / "src" / "train.py"
    code = train.read_text()
    code = code.replace("import random\n", "import random\n\nrandom.seed(2018)\n", 1)
    code = re.sub(r"(train_test_split\([^)]*)\)", r"\1, random_state=2018)", code)
    code = re.sub(r"(RandomForestClassifier\([^)]*)\)", r"\1, random_state=2018)", code)
    train.write_text(code)


def secrets_from_environment(project: Path) -> None:
    for name in ("train.py", "warehouse.py"):
        source = project / "src" / name
        code = re.sub(r'^(?P<name>[A-Z_]*(?:KEY|SECRET|URL|PASSWORD|TOKEN)[A-Z_]*) = "[^"]*"',
                      r'\g<name> = os.environ["\g<name>"]', source.read_text(), flags=re.M)
        source.write_text(code.replace('"""\n\n', '"""\n\nimport os\n', 1))


def relative_paths(project: Path) -> None:
    train = project / "src" / "train.py"
    train.write_text(re.sub(r'"/(?:Users|home)/[^/"]+/projects/churn/([^"]*)"', r'"\1"', train.read_text()))


def pin_everything(project: Path) -> None:
    pins = {"pandas": "2.2.2", "numpy": "2.1.1", "scikit-learn": "1.5.2", "matplotlib": "3.9.2",
            "jupyter": "1.1.1", "jupyterlab": "4.2.5"}
    requirements = project / "requirements.txt"
    names = [re.split(r"[<>=!~ ]", line)[0] for line in requirements.read_text().split() if line]
    requirements.write_text("".join(f"{name}=={pins[name]}\n" for name in names))
    environment = project / "environment.yml"
    head, dependencies = environment.read_text().split("dependencies:\n", 1)
    dependencies = re.sub(r"^(  - )([\w-]+)$", lambda m: f"{m.group(1)}{m.group(2)}={pins[m.group(2)]}", dependencies, flags=re.M)
    environment.write_text(f"{head}dependencies:\n{dependencies}")


def document_data(project: Path) -> None:
    (project / "data" / "README.md").write_text(
        "# customers.csv\n\nOne row per customer of the Q3 extract from the CRM warehouse (table customers), "
        "taken on 2018-10-01. Check it with `sha256sum -c SHA256SUMS`.\n")


FIXES = {"code-unseeded-randomness": seed_randomness, "code-secrets": secrets_from_environment,
         "code-absolute-paths": relative_paths, "env-pinned-versions": pin_everything, "data-documented": document_data}


class Terminal:
    """One learner's terminal: the home folder, `tension-points` on the PATH, a Git identity; cd carries over."""

    def __init__(self, home: Path):
        self.home, self.cwd = home, home
        kit = str(Path(sys.executable).parent)
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "TP_"))}, **GIT_IDENTITY,
                    "HOME": str(home), "PATH": kit + os.pathsep + os.environ["PATH"], "NO_COLOR": "1"}

    def run(self, script: str) -> str:
        where = self.home / ".cwd"
        run = subprocess.run(["bash", "-e", "-c", f'cd "{self.cwd}"\n{script}\npwd > "{where}"'], env=self.env,
                             capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, f"{script}\nfailed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
        self.cwd = Path(where.read_text().strip())
        return run.stdout


def comparison_figures(output: str) -> dict:
    passing = re.search(r"^Checks now passing \(\d+\): (.*)$", output, re.M)
    return {
        "passing": passing.group(1).split(", ") if passing else [],
        "overall": tuple(map(int, re.search(r"^Overall: (\d+) -> (\d+)", output, re.M).groups())),
        "groups": {g: (int(a), int(b)) for g, a, b in re.findall(r"^  (\w+)\s+(\d+) ->\s+(\d+)", output, re.M)},
        "resolved": int(re.search(r"^Resolved findings \((\d+)\)", output, re.M).group(1)),
    }


@pytest.fixture(scope="module")
def after_step_2(exercise_folder) -> Terminal:
    terminal = Terminal(exercise_folder.parent)
    terminal.run(shell_blocks(steps()[1]))
    terminal.run(shell_blocks(steps()[2]))
    assert (terminal.home / "before.json").is_file()
    return terminal


@pytest.fixture
def terminal(after_step_2, tmp_path) -> Terminal:
    """The learner's state after step 2, in a copy of its own (each test fixes the project differently)."""
    home = tmp_path / "home"
    shutil.copytree(after_step_2.home, home, symlinks=True)
    terminal = Terminal(home)
    terminal.cwd = home / after_step_2.cwd.relative_to(after_step_2.home)
    return terminal


def test_step_3_lists_picks_for_both_roles_and_each_has_a_checked_fix():
    picks = good_first_picks()
    assert len(picks) >= 3
    assert {"data scientist", "engineer"} <= {owner for _, owner in picks}
    assert [check for check, _ in picks if check not in FIXES] == []


@pytest.mark.parametrize("check", [check for check, _ in good_first_picks()])
def test_each_good_first_pick_done_as_the_page_says_passes_its_check_and_breaks_nothing(terminal, check):
    before = json.loads((terminal.home / "before.json").read_text())
    group = next(g["id"] for g in before["groups"] for c in g["checks"] if c["id"] == check)
    assert any(f["check"] == check for f in before["findings"]), f"{check} does not fail on the flawed project"
    FIXES[check](terminal.cwd)
    terminal.run('git add -A && git commit -q -m "Fix"')
    output = terminal.run(shell_blocks(steps()[4]))
    figures = comparison_figures(output)
    assert check in figures["passing"], output
    assert "Checks now failing (0): none" in output
    assert figures["overall"][1] > figures["overall"][0] and figures["groups"][group][1] > figures["groups"][group][0]


def test_two_fixed_checks_one_per_role_both_appear_under_checks_now_passing(terminal):
    picks = good_first_picks()
    chosen = [next(c for c, owner in picks if owner == "data scientist"), next(c for c, owner in picks if owner == "engineer")]
    for check in chosen:
        FIXES[check](terminal.cwd)
    terminal.run('git add -A && git commit -q -m "Two fixes"')
    output = terminal.run(shell_blocks(steps()[4]))
    assert set(chosen) <= set(comparison_figures(output)["passing"]) and "Checks now failing (0): none" in output


def test_step_5_the_repaired_twin_scores_what_the_page_says_and_the_resolved_count_is_explained(terminal):
    output = terminal.run(shell_blocks(steps()[5]))
    stated = int(re.search(r"scores \*\*(\d+)/100\*\*", steps()[5]).group(1))
    repaired = json.loads((terminal.home / "repaired.json").read_text())
    assert repaired["score"]["overall"] == stated and repaired["findings"] == []
    figures = comparison_figures(output)
    assert figures["overall"][1] == stated and "Checks now failing (0): none" in output
    # The page explains why "Resolved findings" exceeds the report's findings: a finding listing
    # several unpinned packages is resolved package by package.
    assert "resolves it package by package" in " ".join(steps()[5].split())
    before = json.loads((terminal.home / "before.json").read_text())
    listing = [f for f in before["findings"] if f.get("items")]
    assert figures["resolved"] == len(before["findings"]) - len(listing) + sum(len(f["items"]) for f in listing)
