"""`tension-points audit` as a user meets it: formats, options, exit codes, and every kind of bad input."""

from __future__ import annotations

import json
import os

import jsonschema
import pytest

from tension_points.datafiles import load_schema

from .conftest import code_cell, notebook, status_of, write_files

CLEAN_ENOUGH = {"README.md": "# Churn\n\n```sh\nmake\n```\n", "LICENSE": "MIT\n", "requirements.txt": "pandas==2.2.2\n"}


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --- Bad input: one clear line, exit 2, never a traceback ----------------------
def test_a_path_that_does_not_exist(run, tmp_path):
    code, out, err = run("audit", tmp_path / "nowhere")
    assert code == 2
    assert one_error_line(err) == f"tension-points: error: {tmp_path / 'nowhere'}: no such folder"


def test_a_file_instead_of_a_folder(run, tmp_path):
    write_files(tmp_path, {"train.py": "print(1)\n"})
    code, _, err = run("audit", tmp_path / "train.py")
    assert code == 2
    assert one_error_line(err).endswith("train.py: is a file; give the project folder to audit")


def test_no_path_at_all(run):
    code, _, err = run("audit")
    assert code == 2
    assert "give the folder to audit" in one_error_line(err)


def test_an_empty_folder_is_audited_with_a_note(run, tmp_path):
    code, out, _ = run("audit", tmp_path, "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["files_inspected"] == 0
    assert {"path": ".", "message": "no files to audit: the folder is empty (or everything in it is skipped)"} in report["notes"]


def test_binary_and_non_utf8_files_are_read_without_crashing(audit_json, tmp_path):
    write_files(tmp_path, {"model.py": b"\x00\x01\x02binary", "latin1.py": "DATA = 'caf\xe9'\n".encode("latin-1"),
                           "weird.ipynb": b"\xff\xfe\x00garbage"})
    report = audit_json(tmp_path)
    assert status_of(report, "nb-valid") == "fail"


def test_a_huge_file_is_read_only_up_to_a_bound(audit_json, tmp_path):
    with open(tmp_path / "dump.sql", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    report = audit_json(tmp_path)
    assert {"path": "dump.sql", "message": "only the first 1 MiB of this 52.4 MB file was read"} in report["notes"]
    assert status_of(report, "data-large-files") == "fail"


def test_symlink_loops_and_links_outside_the_root_are_not_followed(audit_json, tmp_path):
    project = tmp_path / "project"
    write_files(project, {"train.py": "print(1)\n"})
    write_files(tmp_path, {"outside/secret.py": 'key = "AKIA' + 'IOSFODNN7EXAMPLE"\n'})
    os.symlink(tmp_path / "outside" / "secret.py", project / "linked.py")
    os.symlink(project / "loop-a", project / "loop-b")
    os.symlink(project / "loop-b", project / "loop-a")
    os.symlink(project, project / "myself")  # a folder link back to the root
    report = audit_json(project)
    notes = {note["path"]: note["message"] for note in report["notes"]}
    assert notes["linked.py"] == "symlink pointing outside the audited folder; not followed"
    assert notes["loop-a"] == "a symlink loop; not followed"
    assert status_of(report, "code-secrets") == "pass"


def test_unreadable_files_become_notes_and_no_check_passes_silently(audit_json, tmp_path, monkeypatch):
    write_files(tmp_path, {"train.py": "print(1)\n", "settings.env": "WAREHOUSE_PASSWORD=hidden\n"})
    import tension_points.audit.facts as context

    real = context.read_prefix

    def refuse_settings(file, limit):
        if file.rel == "settings.env":
            raise PermissionError(13, "Permission denied")
        return real(file, limit)

    monkeypatch.setattr(context, "read_prefix", refuse_settings)
    report = audit_json(tmp_path)
    assert {"path": "settings.env", "message": "not read (Permission denied); no check could look inside it"} in report["notes"]
    secrets = next(c for g in report["groups"] for c in g["checks"] if c["id"] == "code-secrets")
    assert secrets["status"] == "pass" and secrets["not_read"] == ["settings.env"]


def test_the_text_report_says_which_files_a_passing_check_could_not_read(run, tmp_path, monkeypatch):
    write_files(tmp_path, {"train.py": "print(1)\n", "settings.env": "WAREHOUSE_PASSWORD=hidden\n"})
    import tension_points.audit.facts as context

    real = context.read_prefix
    monkeypatch.setattr(context, "read_prefix", lambda file, limit: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if file.rel == "settings.env" else real(file, limit))
    _, out, _ = run("audit", tmp_path)
    assert "code-secrets (1 file not read: settings.env)" in out.split("Passing: ", 2)[2]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files whatever their permissions")
def test_unreadable_files_on_disk_become_notes(audit_json, tmp_path):
    write_files(tmp_path, {"train.py": "print(1)\n"})
    (tmp_path / "train.py").chmod(0)
    report = audit_json(tmp_path)
    assert {"path": "train.py", "message": "not read (Permission denied); no check could look inside it"} in report["notes"]


def test_skip_without_reason_is_refused(run, tmp_path):
    code, _, err = run("audit", tmp_path, "--skip", "project-citation")
    assert code == 2
    assert one_error_line(err) == ("tension-points: error: --skip project-citation: a skip needs a reason: "
                                   "add --reason TEXT right after it")


def test_skip_of_an_unknown_check_is_refused(run, tmp_path):
    code, _, err = run("audit", tmp_path, "--skip", "no-such-check", "--reason", "because")
    assert code == 2
    assert "unknown check 'no-such-check'" in one_error_line(err)


def test_reason_without_skip_is_a_usage_error(run, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        run("audit", tmp_path, "--reason", "because")
    assert exit_info.value.code == 2


@pytest.mark.parametrize("table, message", [
    ('skip = [{ check = "project-citation" }]',
     "tool.tension-points.audit.skip[0].reason: required field is missing (a skip without a reason is refused)"),
    ('skip = [{ check = "nope", reason = "x" }]', "tool.tension-points.audit.skip[0].check: unknown check 'nope'"),
    ('exclude = [{ path = "/etc", reason = "x" }]', "tool.tension-points.audit.exclude[0].path: must be a path relative"),
    ('colour = "blue"', "tool.tension-points.audit.colour: unknown field"),
])
def test_bad_settings_in_the_projects_pyproject_name_file_and_field(run, tmp_path, table, message):
    write_files(tmp_path, {"pyproject.toml": f"[tool.tension-points.audit]\n{table}\n"})
    code, _, err = run("audit", tmp_path)
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"tension-points: error: {tmp_path / 'pyproject.toml'}: ")
    assert message in line


def test_an_unwritable_output_file(run, tmp_path):
    (tmp_path / "project").mkdir()
    code, _, err = run("audit", tmp_path / "project", "--output", tmp_path / "missing" / "report.json")
    assert code == 2
    assert "does not exist" in one_error_line(err)


@pytest.mark.parametrize("content, message", [
    ("{not json", "invalid JSON"),
    ('{"hello": 1}', "not a tension-points audit report"),
])
def test_compare_refuses_what_is_not_a_report(run, tmp_path, content, message):
    write_files(tmp_path, {"before.json": content, "after.json": content})
    code, _, err = run("audit", "--compare", tmp_path / "before.json", tmp_path / "after.json")
    assert code == 2
    assert message in one_error_line(err)


def test_compare_with_a_missing_file(run, tmp_path):
    code, _, err = run("audit", "--compare", tmp_path / "a.json", tmp_path / "b.json")
    assert code == 2
    assert one_error_line(err) == f"tension-points: error: {tmp_path / 'a.json'}: file not found"


# --- Options and outputs ---------------------------------------------------------
def test_the_json_report_follows_its_published_schema(audit_json, tmp_path):
    write_files(tmp_path, {**CLEAN_ENOUGH, "eda.ipynb": notebook(code_cell("x = 1", 2), code_cell("y", 1))})
    report = audit_json(tmp_path)
    jsonschema.validate(report, load_schema("audit-report"))
    assert report["schema"] == "tension-points/audit-report" and report["schema_version"] == 1


def test_text_is_the_default_and_has_no_colour_when_not_on_a_terminal(run, tmp_path):
    write_files(tmp_path, CLEAN_ENOUGH)
    code, out, _ = run("audit", tmp_path)
    assert code == 0
    title = f"Reproducibility audit of {tmp_path.name}"
    assert out.startswith(f"{title}\n{'=' * len(title)}\n\nOverall score: ")
    assert "\033[" not in out
    assert "FAIL env-lock-file (medium)\n" in out and "\nIs there a lock file" in out
    assert out.index("Read these first") < out.index("Scores") < out.index("Environment: ")


def test_markdown_report(run, tmp_path):
    write_files(tmp_path, CLEAN_ENOUGH)
    _, out, _ = run("audit", tmp_path, "--format", "md")
    assert out.startswith(f"# Reproducibility audit of {tmp_path.name.replace('_', chr(92) + '_')}")
    assert "| Group | Score | Failing checks |" in out
    assert "## Read these first\n\n1. HIGH " in out and "MEDIUM project-readme: README.md:4: the README runs make, but there is no Makefile" in out


def test_html_report_is_one_self_contained_page(run, tmp_path):
    write_files(tmp_path, CLEAN_ENOUGH)
    _, out, _ = run("audit", tmp_path, "--format", "html")
    assert out.startswith("<!DOCTYPE html>")
    assert "<style>" in out
    for external in ("<script", "<link", "src=", "@import", "url("):
        assert external not in out


def test_output_file(run, tmp_path):
    write_files(tmp_path, {"project/README.md": "# x\n"})
    code, out, _ = run("audit", tmp_path / "project", "--format", "json", "--output", tmp_path / "report.json")
    assert code == 0 and out == ""
    assert json.loads((tmp_path / "report.json").read_text())["root"]["name"] == "project"


def test_fail_under_sets_the_exit_code_for_ci(run, tmp_path):
    write_files(tmp_path, CLEAN_ENOUGH)
    code, out, err = run("audit", tmp_path, "--format", "json", "--fail-under", "100")
    score = json.loads(out)["score"]["overall"]
    assert code == 1
    assert err.strip() == f"tension-points: score {score} is below --fail-under 100"
    assert run("audit", tmp_path, "--fail-under", "0")[0] == 0


def test_fail_under_outside_0_to_100_is_a_usage_error(run, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        run("audit", tmp_path, "--fail-under", "120")
    assert exit_info.value.code == 2


def test_skips_with_reasons_appear_in_the_report_and_do_not_count(audit_json, tmp_path):
    write_files(tmp_path, {**CLEAN_ENOUGH, "pyproject.toml":
                           '[tool.tension-points.audit]\nskip = [{ check = "project-ci", reason = "CI lives elsewhere" }]\n'})
    report = audit_json(tmp_path, "--skip", "project-citation", "--reason", "internal prototype")
    assert report["skipped"] == [
        {"check": "project-ci", "reason": "CI lives elsewhere", "source": "pyproject.toml"},
        {"check": "project-citation", "reason": "internal prototype", "source": "command line"},
    ]
    assert status_of(report, "project-citation") == "skipped"


def test_excluded_paths_are_not_audited_and_are_reported(audit_json, tmp_path):
    write_files(tmp_path, {"examples/broken/train.py": "import random\nrandom.random()\n", "train.py": "print(1)\n",
                           "pyproject.toml": '[tool.tension-points.audit]\n'
                                             'exclude = [{ path = "examples/broken", reason = "deliberately broken" }]\n'})
    report = audit_json(tmp_path)
    assert report["excluded"] == [{"path": "examples/broken", "reason": "deliberately broken",
                                   "source": "pyproject.toml", "files": 1}]
    assert status_of(report, "code-unseeded-randomness") == "pass"


def test_list_checks(run):
    code, out, _ = run("audit", "--list-checks")
    assert code == 0
    assert "  code-secrets" in out and out.startswith("Environment:\n")


def test_scores_per_group_and_overall(audit_json, tmp_path):
    write_files(tmp_path, {"README.md": "# x\n"})
    report = audit_json(tmp_path)
    # A README without run instructions, and nothing else: every project check fails.
    assert report["score"]["groups"]["project"] == 0
    assert set(report["score"]["groups"]) == {"environment", "notebooks", "code", "data", "project", "git"}
    assert isinstance(report["score"]["overall"], int)


def test_an_unreadable_specification_is_named_by_the_environment_checks(audit_json, tmp_path, monkeypatch):
    write_files(tmp_path, {"requirements.txt": "pandas\n", "train.py": "import pandas\n"})
    import tension_points.audit.facts as context

    real = context.read_prefix

    def refuse_requirements(file, limit):
        if file.rel == "requirements.txt":
            raise PermissionError(13, "Permission denied")
        return real(file, limit)

    monkeypatch.setattr(context, "read_prefix", refuse_requirements)
    report = audit_json(tmp_path)
    checks = {c["id"]: c for g in report["groups"] for c in g["checks"]}
    assert checks["env-spec-present"]["not_read"] == ["requirements.txt"]
    assert checks["env-pinned-versions"]["not_read"] == ["requirements.txt"]
