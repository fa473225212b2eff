"""Hostile input: nothing crashes, hangs, escapes the folder, or exits with the code of a low score.

Timing is the adversarial benchmark's job (benchmarks/audit_adversarial.py); these
tests specify what the user sees: one note or finding, valid output, the right
exit code. Audits that could hang if the reader were wrong run as a separate
process with a timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tension_points.audit.model import Finding, Location
from tension_points.audit.findings import merge_in_files

from .conftest import commit_all, findings_of, status_of, write_files

SKIP_ALL_PROJECT_CHECKS = ('[tool.tension-points.audit]\n'
                           'skip = [{ check = "project-citation", reason = "from a file outside the project" }]\n')


def audit_process(path, *args, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tension_points", "audit", str(path), *map(str, args)],
                          capture_output=True, timeout=timeout)


def notes_of(report: dict) -> dict[str, str]:
    return {note["path"]: note["message"] for note in report["notes"]}


# --- pyproject.toml is read like every other file ---------------------------------
def test_a_pyproject_symlinked_to_outside_the_folder_is_neither_read_nor_applied(tmp_path, audit_json):
    project = tmp_path / "project"
    write_files(project, {"README.md": "# x\n\nThe code of our paper.\n", "run.py": "print(1)\n"})
    write_files(tmp_path, {"elsewhere/pyproject.toml": SKIP_ALL_PROJECT_CHECKS})
    os.symlink(tmp_path / "elsewhere" / "pyproject.toml", project / "pyproject.toml")
    report = audit_json(project)
    assert report["skipped"] == []
    assert status_of(report, "project-citation") == "fail"
    assert notes_of(report)["pyproject.toml"] == ("symlink pointing outside the audited folder; not followed; "
                                                  "its audit settings were not applied")


def test_a_pyproject_symlinked_to_dev_zero_is_not_read(tmp_path):
    write_files(tmp_path, {"README.md": "# x\n"})
    os.symlink("/dev/zero", tmp_path / "pyproject.toml")
    completed = audit_process(tmp_path, "--format", "json")
    assert completed.returncode == 0, completed.stderr
    assert "not followed; its audit settings were not applied" in notes_of(json.loads(completed.stdout))["pyproject.toml"]


def test_a_fifo_named_pyproject_does_not_hang_the_audit(tmp_path):
    write_files(tmp_path, {"README.md": "# x\n"})
    os.mkfifo(tmp_path / "pyproject.toml")
    completed = audit_process(tmp_path, "--format", "json", timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert notes_of(json.loads(completed.stdout))["pyproject.toml"] == (
        "not read: a named pipe (FIFO), not a regular file; its audit settings were not applied")


def test_a_fifo_among_the_files_is_noted_not_read(tmp_path):
    write_files(tmp_path, {"train.py": "print(1)\n"})
    os.mkfifo(tmp_path / "settings.env")
    completed = audit_process(tmp_path, "--format", "json", timeout=60)
    assert notes_of(json.loads(completed.stdout))["settings.env"] == "not read: a named pipe (FIFO), not a regular file"


def test_a_symlink_to_a_device_inside_the_folder_is_not_read(tmp_path, audit_json):
    write_files(tmp_path, {"train.py": "print(1)\n"})
    os.symlink("/dev/zero", tmp_path / "zeros.py")
    assert "not followed" in notes_of(audit_json(tmp_path))["zeros.py"]


def test_pyproject_nested_too_deeply_is_a_note_not_a_crash(tmp_path, audit_json):
    write_files(tmp_path, {"pyproject.toml": "x = " + "[" * 100_000 + "]" * 100_000 + "\n"})
    report = audit_json(tmp_path)
    assert notes_of(report)["pyproject.toml"] == "invalid TOML (nested too deeply); its audit settings were not applied"


# --- Parsers that recurse ----------------------------------------------------------
def test_a_notebook_nested_thousands_of_levels_deep_is_an_invalid_notebook(tmp_path, audit_json):
    write_files(tmp_path, {"deep.ipynb": "[" * 100_000 + "]" * 100_000})
    (finding,) = findings_of(audit_json(tmp_path), "nb-valid")
    assert finding["message"] == "not a valid notebook: JSON nested too deeply to be a notebook"


def test_output_sizes_are_measured_without_recursion():
    from tension_points.audit.checks.notebooks import output_size

    nested = "x" * 10
    for _ in range(100_000):  # far deeper than Python's recursion limit
        nested = [{"data": nested}]
    assert output_size(nested) == 10


def test_a_yaml_alias_bomb_in_environment_yml_is_not_expanded(tmp_path, audit_json):
    levels = ["a: &a [x,x,x,x,x,x,x,x,x]"] + [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    write_files(tmp_path, {"environment.yml": "\n".join(levels) + "\ndependencies: [*i, pandas=2.2]\n"})
    report = audit_json(tmp_path)
    (finding,) = findings_of(report, "env-pinned-versions")
    assert finding["items"] == ["pandas"]


def test_yaml_nested_too_deeply_is_an_unreadable_specification(tmp_path, audit_json):
    write_files(tmp_path, {"environment.yml": "dependencies: " + "[" * 5000 + "]" * 5000 + "\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-spec-present")
    assert finding["kind"] == "unreadable specification" and finding["path"] == "environment.yml"


# --- File names that are not UTF-8, and --output -------------------------------------
def test_a_file_name_that_is_not_utf8_gives_valid_utf8_json_naming_its_bytes(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.py"), "wb") as handle:
        handle.write(b"import random\nrandom.random()\n")
    completed = audit_process(tmp_path, "--format", "json")
    assert completed.returncode == 0
    report = json.loads(completed.stdout.decode("utf-8"))
    assert [f["evidence"] for f in findings_of(report, "code-unseeded-randomness")] == ["caf\\xe9.py:2"]
    for format_name in ("text", "md", "html"):
        audit_process(tmp_path, "--format", format_name).stdout.decode("utf-8")  # valid UTF-8 in every format


def test_output_with_a_non_utf8_file_name_writes_a_whole_report(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    with open(os.path.join(os.fsencode(project), b"\xff.py"), "wb") as handle:
        handle.write(b"print(1)\n")
    completed = audit_process(project, "--format", "json", "--output", tmp_path / "report.json")
    assert completed.returncode == 0, completed.stderr
    assert json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["files_inspected"] == 1


def test_a_crash_exits_3_with_one_line_and_leaves_an_existing_output_untouched(tmp_path, run, monkeypatch):
    write_files(tmp_path, {"project/train.py": "print(1)\n", "report.json": "the previous report\n"})
    from tension_points.audit import checks as registry

    def broken(context):
        raise RuntimeError("a bug in a check")

    monkeypatch.setitem(registry.CHECKS, "code-secrets", broken)
    code, out, err = run("audit", tmp_path / "project", "--format", "json", "--output", tmp_path / "report.json", "--force")
    assert code == 3
    assert err.strip().splitlines() == ["tension-points: internal error in the audit (RuntimeError: a bug in a check); "
                                        "no report was written. Please report it, with the command you ran."]
    assert (tmp_path / "report.json").read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "report.json"]  # no temporary file left behind


def test_a_crash_in_compare_exits_3_too(tmp_path, run, monkeypatch):
    write_files(tmp_path, {"project/train.py": "print(1)\n"})
    run("audit", tmp_path / "project", "--format", "json", "--output", tmp_path / "a.json")
    from tension_points.audit import compare

    monkeypatch.setattr(compare, "_units", lambda findings: 1 / 0)
    code, _, err = run("audit", "--compare", tmp_path / "a.json", tmp_path / "a.json")
    assert code == 3 and "ZeroDivisionError" in err and "Traceback" not in err


def test_a_report_with_a_damaged_field_is_bad_input_for_compare(tmp_path, run):
    write_files(tmp_path, {"project/train.py": "print(1)\n"})
    run("audit", tmp_path / "project", "--format", "json", "--output", tmp_path / "a.json")
    report = json.loads((tmp_path / "a.json").read_text())
    report["findings"] = [{"check": 1}]
    (tmp_path / "b.json").write_text(json.dumps(report))
    code, _, err = run("audit", "--compare", tmp_path / "a.json", tmp_path / "b.json")
    assert code == 2
    assert err.startswith(f"tension-points: error: {tmp_path / 'b.json'}: findings/0: ")


# --- Repeats, collapsed -----------------------------------------------------------
def test_repeated_findings_in_one_file_become_one_line_saying_how_often(tmp_path, audit_json):
    write_files(tmp_path, {"train.py": "import random\n" + "random.random()\n" * 43})
    (finding,) = findings_of(audit_json(tmp_path), "code-unseeded-randomness")
    assert finding["message"] == "random module without a seed (43 times: lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 33 more)"
    assert finding["count"] == 43 and finding["lines"] == list(range(2, 45))


def test_forty_three_unpinned_dependencies_are_one_finding_with_the_list(tmp_path, audit_json):
    names = [f"package{i}" for i in range(43)]
    write_files(tmp_path, {"environment.yml": "dependencies:\n" + "".join(f"  - {n}\n" for n in names)})
    (finding,) = findings_of(audit_json(tmp_path), "env-pinned-versions")
    assert finding["message"].startswith("43 of 43 dependencies not pinned to an exact version: package0, package1,")
    assert finding["message"].endswith("and 23 more")
    assert finding["items"] == names


def test_conda_single_equals_is_explained(tmp_path, audit_json):
    write_files(tmp_path, {"environment.yml": "dependencies:\n  - pyyaml=6.0\n  - numpy=2.1.1\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-pinned-versions")
    assert finding["message"] == ("1 of 2 dependencies not pinned to an exact version: "
                                  "pyyaml (in conda, '=6.0' means any 6.0.x release)")


def test_notebook_repeats_are_collapsed_by_cell():
    findings = [Finding("nb-unseeded-randomness", "numpy.random without a seed", "numpy.random without a seed",
                        Location("eda.ipynb", 1, cell)) for cell in (2, 5, 9)]
    (finding,) = merge_in_files(findings)
    assert finding.message == "numpy.random without a seed (3 times: cells 2, 5, 9)"
    assert finding.location == Location("eda.ipynb", 1, 2)


def test_one_file_inspected_is_said_in_the_singular(tmp_path, run):
    write_files(tmp_path, {"train.py": "print(1)\n"})
    assert "(1 file inspected)" in run("audit", tmp_path)[1]


def test_an_empty_folder_scores_nothing_for_checks_with_nothing_to_look_at(tmp_path, audit_json):
    report = audit_json(tmp_path)
    assert report["score"]["groups"]["code"] is None
    assert report["score"]["groups"]["data"] is None
    assert status_of(report, "code-secrets") == "not-applicable"


@pytest.mark.parametrize("content", [b"\xff\xfe" * 1000, b"\x00" * 10, "caf\u00e9 \u2603\n".encode("utf-16")])
def test_undecodable_contents_never_crash(tmp_path, audit_json, content):
    write_files(tmp_path, {"a.py": content, "b.ipynb": content, "requirements.txt": content, "environment.yml": content,
                           "pyproject.toml": content, "setup.cfg": content, "Makefile": content})
    commit_all(tmp_path)
    audit_json(tmp_path)


def test_output_to_a_device_writes_to_it_and_leaves_it_a_device(tmp_path, run):
    import stat

    write_files(tmp_path, {"train.py": "print(1)\n"})
    assert run("audit", tmp_path, "--format", "json", "--output", os.devnull)[0] == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path, run):
    write_files(tmp_path, {"project/train.py": "print(1)\n", "reports/latest.json": "old\n"})
    os.symlink(tmp_path / "reports" / "latest.json", tmp_path / "report.json")
    assert run("audit", tmp_path / "project", "--format", "json", "--output", tmp_path / "report.json", "--force")[0] == 0
    assert (tmp_path / "report.json").is_symlink()
    assert json.loads((tmp_path / "reports" / "latest.json").read_text())["files_inspected"] == 1


def test_numbers_too_long_for_python_are_findings_and_notes_not_crashes(tmp_path, audit_json):
    digits = "9" * 5000
    write_files(tmp_path, {"eda.ipynb": '{"cells": [], "x": ' + digits + "}", "pyproject.toml": f"x = {digits}\n",
                           "Pipfile": f"[packages]\nx = {digits}\n"})
    report = audit_json(tmp_path)
    assert findings_of(report, "nb-valid")[0]["message"] == "not a valid notebook: JSON holds a number too long to read"
    assert notes_of(report)["pyproject.toml"] == "invalid TOML (holds a number too long to read); its audit settings were not applied"
    assert {f["message"] for f in findings_of(report, "env-spec-present")} == {
        "cannot be read (holds a number too long to read): no tool can install from it and no check could read what it declares; "
        "correct the file"}


TEMPLATES = {
    "requirements.txt": "pandas==2.2.2\nnumpy>=1 ; python_version > '3.8'\n-r other.txt\ngit+https://x/y@abc#egg=z\n",
    "environment.yml": "name: x\ndependencies:\n  - python=3.11\n  - pandas=2.2\n  - pip:\n    - requests==2.32.3\n",
    "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.10"\ndependencies = ["pandas>=2"]\n'
                      '[tool.tension-points.audit]\nskip = [{ check = "project-ci", reason = "r" }]\n',
    "Pipfile": '[packages]\npandas = "==2.2.2"\n[requires]\npython_version = "3.11"\n',
    "setup.cfg": "[metadata]\nname = x\n[options]\ninstall_requires =\n    pandas>=2\npython_requires = >=3.10\n",
    "setup.py": "setup(name='x', install_requires=['pandas>=2'], python_requires='>=3.10')\n",
    "eda.ipynb": '{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], '
                 '"source": ["import random\\n", "random.random()"]}], "metadata": {"language_info": '
                 '{"name": "python", "version": "3.11.4"}}, "nbformat": 4, "nbformat_minor": 5}',
    "Makefile": "all:\n\tpython train.py\n",
    "README.md": "# x\n\n```sh\nmake\n```\n",
    "Dockerfile": "FROM python:3.11\nRUN pip install pandas\n",
    "Pipfile.lock": '{"default": {"pandas": {"version": "==2.2.2"}}}',
    "runtime.txt": "python-3.11\n",
    "train.py": "import numpy as np\nnp.random.seed(0)\nX = np.random.rand(3)\nurl = 'postgres://a:b@c/d'\n",
}


@pytest.mark.parametrize("seed", range(int(os.environ.get("AUDIT_FUZZ_RUNS", "12"))))
def test_mangled_versions_of_every_file_the_audit_parses_never_crash_it(tmp_path, run, seed):
    """Seeded random damage to each parsed file; AUDIT_FUZZ_RUNS=300 searches wider (run before a release)."""
    import random

    rng = random.Random(seed)
    pieces = ["\x00", "\xff", "[", "]", "{", "}", '"', "'", ":", "=", "\n", "\t", "&a ", "*a ", "- ", "#", "\\", "€", "\ud800",
              "9" * 5000, "[" * 2000, "://", "==", ";", ",", "random.", "seed(", "(", ")"]
    files = {}
    for name, text in TEMPLATES.items():
        chars = list(text)
        for _ in range(rng.randint(1, 12)):
            position = rng.randrange(len(chars) + 1)
            action = rng.choice(("insert", "delete", "replace"))
            if action == "insert" or not chars:
                chars.insert(position, rng.choice(pieces))
            elif action == "delete":
                del chars[min(position, len(chars) - 1)]
            else:
                chars[min(position, len(chars) - 1)] = rng.choice(pieces)
        files[name] = "".join(chars).encode("utf-8", "surrogatepass")
    write_files(tmp_path, files)
    code, out, err = run("audit", tmp_path, "--format", "json")
    assert code in (0, 2), err  # 2: a malformed [tool.tension-points.audit] table, one clear line
    if code == 0:
        json.loads(out)
    else:
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_node_named_pyproject_is_not_read(tmp_path):
    import stat

    write_files(tmp_path, {"README.md": "# x\n"})
    os.mknod(tmp_path / "pyproject.toml", stat.S_IFCHR | 0o666, os.makedev(1, 5))  # what /dev/zero is
    completed = audit_process(tmp_path, "--format", "json", timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert notes_of(json.loads(completed.stdout))["pyproject.toml"] == (
        "not read: a device, not a regular file; its audit settings were not applied")


def test_help_text_lists_the_exit_codes(capsys):
    from tension_points.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["audit", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert exit_info.value.code == 0
    assert ("exit codes: 0 audit done (score at or above --fail-under), 1 score below --fail-under, "
            "2 usage or input error, 3 internal error") in help_text


def test_the_factored_secret_pre_filter_knows_every_marker():
    from tension_points.audit.parse import text as scans

    for _, markers, _ in scans.SECRET_PATTERNS:
        for marker in markers:
            assert scans.ANY_SECRET_MARKER.search(marker.lower()), marker


# --- Hostile inputs reported truthfully (issue 24) ------------------------------------------
def test_a_fifo_requirements_file_is_named_where_the_environment_is_judged(tmp_path):
    write_files(tmp_path, {"train.py": "import pandas\n"})
    os.mkfifo(tmp_path / "requirements.txt")
    completed = audit_process(tmp_path, "--format", "json", timeout=60)
    report = json.loads(completed.stdout)
    (finding,) = findings_of(report, "env-spec-present")
    assert finding["message"] == "no specification could be read: requirements.txt was not read (see the notes)"


def test_an_alias_bomb_that_declares_nothing_says_so(tmp_path, audit_json):
    levels = ["a: &a [x,x,x,x,x,x,x,x,x]"] + [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    write_files(tmp_path, {"environment.yml": "\n".join(levels) + "\ndependencies: [*i]\n"})
    report = audit_json(tmp_path)
    (finding,) = findings_of(report, "env-spec-present")
    assert finding["message"].startswith("no file declares a package that could be read: environment.yml lists nested lists")
    assert notes_of(report)["environment.yml"] == "1 dependency entry is a list, not a package (YAML aliases?); not read as dependencies"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files whatever their permissions")
def test_a_notebook_that_cannot_be_read_gives_no_notebook_score(tmp_path, audit_json):
    write_files(tmp_path, {"eda.ipynb": '{"cells": []}'})
    (tmp_path / "eda.ipynb").chmod(0)
    report = audit_json(tmp_path)
    assert report["score"]["groups"]["notebooks"] is None


def test_a_notebook_refused_by_the_reader_gives_no_notebook_score(tmp_path, audit_json, monkeypatch):
    write_files(tmp_path, {"eda.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'})
    import tension_points.audit.facts as facts

    real = facts.read_prefix
    monkeypatch.setattr(facts, "read_prefix", lambda file, limit: (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if file.rel == "eda.ipynb" else real(file, limit))
    report = audit_json(tmp_path)
    assert report["score"]["groups"]["notebooks"] is None
    assert status_of(report, "nb-valid") == "not-applicable"
