"""The audit's promises: it never executes the audited tree, never writes into it, never prints a secret."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from .conftest import FIXTURES, commit_all, copy_sample, git, write_files

FORMATS = ("text", "md", "json", "html")


def snapshot(root: Path) -> dict[str, tuple]:
    """Every path under root (including .git) with its type, size, mtime and content hash."""
    state = {}
    for folder, subfolders, files in os.walk(root):
        for name in subfolders + files:
            path = Path(folder) / name
            info = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(info.st_mode) else ""
            state[str(path.relative_to(root))] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, digest)
    return state


@pytest.fixture
def would_execute(tmp_path) -> Path:
    project = tmp_path / "would-execute"
    shutil.copytree(FIXTURES / "would-execute", project)
    return project


def test_the_audited_tree_is_never_executed(would_execute, run):
    for format_name in FORMATS:
        assert run("audit", would_execute, "--format", format_name)[0] == 0
    assert not (would_execute / "EXECUTED").exists()


def test_git_hooks_and_filters_configured_in_the_audited_repository_are_never_run(would_execute, run, tmp_path):
    commit_all(would_execute)
    marker = tmp_path / "GIT-RAN-SOMETHING"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch '{marker}'\ncat\n")
    script.chmod(0o755)
    git(would_execute, "config", "core.fsmonitor", str(script))
    git(would_execute, "config", "filter.evil.clean", str(script))
    git(would_execute, "config", "filter.evil.smudge", str(script))
    (would_execute / ".gitattributes").write_text("*.py filter=evil\n")
    (would_execute / "setup.py").write_text("# changed, so git status must look at it again\n")
    os.utime(would_execute / "setup.py", (0, 0))
    code, out, _ = run("audit", would_execute, "--format", "json")
    assert code == 0 and '"git-uncommitted-changes"' in out
    assert not marker.exists()
    assert not (would_execute / "EXECUTED").exists()


def test_the_audited_tree_is_never_written_to(tmp_path, run):
    project = copy_sample("churn-model-flawed", tmp_path)
    commit_all(project)
    (project / "README.md").write_text("changed after the commit\n")  # so git status has work to do
    before = snapshot(project)
    for format_name in FORMATS:
        run("audit", project, "--format", format_name, "--output", tmp_path / f"report.{format_name}")
    assert snapshot(project) == before


AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYEXAMPLEKEY"
SAMPLE_PASSWORD = "churn-q3-" + "2018"


def test_secrets_never_appear_in_any_output_format(tmp_path, run):
    project = copy_sample("churn-model-flawed", tmp_path)
    write_files(project, {".env": "API_TOKEN=" + "tok_" + "9f8e7d6c5b4a3210\n",
                          "key.pem": "-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAA\n"})
    outputs = []
    for format_name in FORMATS:
        code, out, err = run("audit", project, "--format", format_name)
        outputs += [out, err]
    run("audit", project, "--format", "json", "--output", tmp_path / "before.json")
    run("audit", project, "--format", "json", "--output", tmp_path / "after.json")
    for format_name in ("text", "md", "json"):
        outputs += list(run("audit", "--compare", tmp_path / "before.json", tmp_path / "after.json", "--format", format_name)[1:])
    everything = "\n".join(outputs)
    assert "AWS access key ID" in everything  # the secrets were found...
    for secret in (AWS_KEY, AWS_SECRET, SAMPLE_PASSWORD, "tok_9f8e7d6c5b4a3210", "b3BlbnNzaC1rZXktdjEAAAA"):
        assert secret not in everything  # ...and never shown


# --- Never written into: --output inside the audited folder is refused ---------------
def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_output_naming_a_file_of_the_audited_project_is_refused_and_the_file_kept(tmp_path, run):
    project = write_files(tmp_path / "project", {"requirements.txt": "pandas==2.2.2\n"})
    code, out, err = run("audit", project, "--output", project / "requirements.txt", "--force")
    assert code == 2 and out == ""
    assert "inside the audited folder" in one_line(err)
    assert (project / "requirements.txt").read_text() == "pandas==2.2.2\n"


def test_output_to_a_new_file_inside_the_audited_project_is_refused_and_nothing_created(tmp_path, run):
    project = write_files(tmp_path / "project", {"train.py": "print(1)\n"})
    before = snapshot(project)
    code, _, err = run("audit", project, "--format", "md", "--output", project / "reports" / ".." / "audit.md")
    assert code == 2 and "inside the audited folder" in one_line(err)
    assert snapshot(project) == before


def test_output_reaching_the_project_through_symlinks_is_refused(tmp_path, run):
    project = write_files(tmp_path / "project", {"requirements.txt": "pandas==2.2.2\n"})
    os.symlink(project, tmp_path / "alias")  # a folder link to the project
    os.symlink(project / "requirements.txt", tmp_path / "report.txt")  # a file link into it
    for output in (tmp_path / "alias" / "requirements.txt", tmp_path / "report.txt"):
        code, _, err = run("audit", project, "--output", output, "--force")
        assert code == 2 and "inside the audited folder" in one_line(err)
    code, _, err = run("audit", tmp_path / "alias", "--output", project / "audit.txt")  # the project named by its link
    assert code == 2 and "inside the audited folder" in one_line(err)
    assert (project / "requirements.txt").read_text() == "pandas==2.2.2\n"
    assert not (project / "audit.txt").exists()


def test_an_existing_report_is_replaced_only_with_force(tmp_path, run):
    write_files(tmp_path, {"project/train.py": "print(1)\n", "audit.txt": "last week's report\n"})
    code, _, err = run("audit", tmp_path / "project", "--output", tmp_path / "audit.txt")
    assert code == 2
    assert one_line(err) == f"tension-points: error: {tmp_path / 'audit.txt'}: already exists; add --force to replace it"
    assert (tmp_path / "audit.txt").read_text() == "last week's report\n"
    assert run("audit", tmp_path / "project", "--output", tmp_path / "audit.txt", "--force")[0] == 0
    assert (tmp_path / "audit.txt").read_text().startswith("Reproducibility audit of project")


def test_a_file_that_appears_while_the_audit_runs_is_not_overwritten(tmp_path):
    from tension_points.audit.output import write_report
    from tension_points.errors import UserError

    (tmp_path / "report.json").write_text("someone else's\n")
    with pytest.raises(UserError, match="already exists"):
        write_report(tmp_path / "report.json", b"{}", force=False)
    assert (tmp_path / "report.json").read_text() == "someone else's\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left behind


# --- No terminal injection: control characters are escaped in every human-readable format -----
HOSTILE_NAME = "evil\x1b]0;owned\x07\x1b[2J\n  FAIL forged-check\u202etxt.py"
CONTROLS = ("\x1b", "\x07", "\r", "\u202e", "\u2028", "\x85", "\x9b")


@pytest.fixture
def hostile_project(tmp_path) -> Path:
    project = write_files(tmp_path / "project", {
        HOSTILE_NAME: "import random\nrandom.random()\n",
        "pyproject.toml": '[tool.tension-points.audit]\nskip = [{ check = "project-citation", '
                          'reason = "ours\\u001b[31m red\\u0085 next\\u2028line" }]\n',
        "requirements.txt": "pandas\nnum\u009bpy\n",
    })
    return project


@pytest.mark.parametrize("format_name", ["text", "md", "html"])
def test_control_characters_from_the_project_are_escaped_in_human_readable_reports(hostile_project, run, format_name):
    code, out, _ = run("audit", hostile_project, "--format", format_name)
    assert code == 0
    for control in CONTROLS:
        assert control not in out, repr(control)
    if format_name == "md":  # what the Markdown shows once rendered: escapes undone, spaces collapsed
        out = re.sub(r"\\(.)", r"\1", out).replace("\\n FAIL", "\\n  FAIL")
    assert "evil\\x1b]0;owned\\x07\\x1b[2J\\n  FAIL forged-check\\u202etxt.py" in out
    assert "ours\\x1b[31m red\\x85 next\\u2028line" in out
    assert not any(line.lstrip().startswith("FAIL forged-check") for line in out.splitlines())


def test_json_keeps_the_real_names_escaped_by_json_itself(hostile_project, audit_json):
    report = audit_json(hostile_project)
    assert [f["path"] for f in report["findings"] if f["check"] == "code-unseeded-randomness"] == [HOSTILE_NAME]


def test_a_comparison_of_hand_made_reports_escapes_them_too(hostile_project, run, tmp_path):
    run("audit", hostile_project, "--format", "json", "--output", tmp_path / "before.json")
    (hostile_project / HOSTILE_NAME).unlink()
    run("audit", hostile_project, "--format", "json", "--output", tmp_path / "after.json")
    for format_name in ("text", "md"):
        code, out, _ = run("audit", "--compare", tmp_path / "before.json", tmp_path / "after.json", "--format", format_name)
        assert code == 0 and "forged-check" in out
        for control in CONTROLS:
            assert control not in out, repr(control)


def test_error_lines_escape_what_the_project_wrote(tmp_path, run):
    write_files(tmp_path, {"pyproject.toml": '[tool.tension-points.audit]\n'
                                             'skip = [{ check = "no-such\\u001b[2J", reason = "r" }]\n'})
    code, _, err = run("audit", tmp_path)
    assert code == 2
    assert "unknown check 'no-such\\x1b[2J'" in one_line(err) and "\x1b" not in err
