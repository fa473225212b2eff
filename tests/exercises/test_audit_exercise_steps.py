"""The audit exercise's first steps run as printed on a machine where git knows nobody.

Step 1 copies the flawed sample project and commits it; `git commit` stops with "Please
tell me who you are" where git has no name and email, so the page sets them for that copy
alone. The commands are read from the built page, as a learner copies them, and run in a
home folder with no git configuration and git told not to guess an identity.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from paths import REPO

GIT_ENV = ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL")


def printed_commands(html_dir: Path) -> tuple[str, str]:
    """Step 1 (copy and commit) and step 2 (audit) as the built page prints them."""
    page = BeautifulSoup((html_dir / "exercises" / "reproducibility-audit.html").read_text(encoding="utf-8"), "html.parser")
    blocks = [pre.get_text() for pre in page.select("div.highlight pre")]
    copy = next(b for b in blocks if b.lstrip().startswith("cp -r"))
    audit = next(b for b in blocks if b.lstrip().startswith("tension-points audit ."))
    return copy, audit


def no_identity(home: Path) -> dict[str, str]:
    """A learner's shell where git has no name or email and will not make one up from the host name."""
    (home / ".gitconfig").write_text("[user]\n\tuseConfigOnly = true\n")
    env = {k: v for k, v in os.environ.items() if k not in GIT_ENV and not k.startswith("GIT_CONFIG")}
    bin_dir = str(Path(sys.executable).parent)  # where tension-points is installed
    return {**env, "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "PATH": f"{bin_dir}{os.pathsep}{env['PATH']}"}


def where_to_run(copy: str, home: Path, env: dict) -> Path:
    """Where the page's copy command finds the sample project: the learner's exercises folder
    (made by `tension-points exercises`, as the Set up page does) or the repository."""
    source = re.search(r"cp -r (\S+)", copy).group(1)
    if source.startswith("~/"):
        folder = home / Path(source[2:]).parts[0]
        subprocess.run(["tension-points", "exercises", str(folder)], env=env, check=True, capture_output=True)
        assert (home / source[2:]).exists(), f"the page copies {source}, which `tension-points exercises` does not make"
        return home
    assert (REPO / source).exists(), f"the page copies {source}, which the repository does not have"
    return REPO


def test_the_copy_and_commit_step_works_without_a_git_identity(html_dir, tmp_path):
    copy, audit = printed_commands(html_dir)
    home = tmp_path / "home"
    home.mkdir()
    env = no_identity(home)
    bare = subprocess.run(["git", "var", "GIT_COMMITTER_IDENT"], env=env, cwd=home, capture_output=True, text=True)
    assert bare.returncode != 0, "the test machine's git still found an identity"

    step1 = subprocess.run(["bash", "-e", "-c", copy], env=env, cwd=where_to_run(copy, home, env),
                           capture_output=True, text=True, timeout=120)
    assert step1.returncode == 0, step1.stderr
    project = home / "churn"
    log = subprocess.run(["git", "log", "--format=%an <%ae>|%s"], env=env, cwd=project, capture_output=True, text=True)
    assert log.stdout.strip() == "Course learner <learner@example.com>|Q3 report version"
    assert not (home / ".gitconfig").read_text().count("name"), "the page's git config must not touch the global settings"

    first_audit = audit.strip().splitlines()[0]
    run = subprocess.run(["bash", "-e", "-c", first_audit], env=env, cwd=project, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Reproducibility audit of churn")
    # Committed, as step 1 says: neither "no repository" nor "uncommitted changes" is among the failures.
    assert not re.search(r"FAIL\s+git-(repository|uncommitted-changes)\b", run.stdout)
    assert "git-uncommitted-changes" in run.stdout


def test_not_checked_is_explained_in_step_two_where_the_learner_first_reads_a_report(html_dir):
    page = BeautifulSoup((html_dir / "exercises" / "reproducibility-audit.html").read_text(encoding="utf-8"), "html.parser")
    steps = page.select("section ol > li")
    step_two = next(li for li in steps if li.get_text(" ", strip=True).startswith("Audit it and save the report"))
    text = " ".join(step_two.get_text(" ", strip=True).split())
    assert ('If your report has a "Not checked" list' in text.replace("\u201c", '"').replace("\u201d", '"'))
    assert "those checks neither passed nor failed" in text and "what to check by hand instead" in text
    body = " ".join(page.select_one("main, div[role=main], body").get_text(" ", strip=True).split())
    assert body.index("Not checked") >= body.index("Audit it and save the report")  # not met earlier, unexplained
