"""Project checks by class: instructions checked against files, CI that reproduces nothing, entry points that disagree."""

from __future__ import annotations

from ..conftest import findings_of, status_of, write_files


def test_make_variables_cd_and_comments_in_recipes(tmp_path, audit_json):
    write_files(tmp_path, {"Makefile": "PYTHON_INTERPRETER = python3\ndata:\n\t$(PYTHON_INTERPRETER) src/data/make_dataset.py\n"
                                       "train:\n\tcd code; python train.py\n\t# python retired.py\n",
                           "code/train.py": "print(1)\n"})
    (finding,) = findings_of(audit_json(tmp_path), "project-entry-point")
    assert finding["evidence"] == "Makefile:3" and finding["message"] == "the recipe runs src/data/make_dataset.py, which is not in the project"


def test_readme_instructions_that_point_at_missing_files(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "```sh\ngit clone https://github.com/o/churn && cd churn\npip install -e .\nmake data\n"
                                        "python scripts/train.py\n```\n", "Makefile": "all:\n\tpython run.py\n", "run.py": "print(1)\n"})
    found = [(f["line"], f["message"]) for f in findings_of(audit_json(tmp_path), "project-readme")]
    assert found == [(3, "the README installs the project (pip install -e .), but . has no pyproject.toml, setup.py or setup.cfg"),
                     (4, "the README runs make data, but Makefile has no target data"),
                     (5, "the README runs scripts/train.py, which is not in the project")]


def test_no_code_means_no_tests_ci_or_entry_point_asked(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "# Reading list\n", "papers.csv": "title\nx\n"})
    report = audit_json(tmp_path)
    for check_id in ("project-tests", "project-ci", "project-entry-point"):
        assert status_of(report, check_id) == "not-applicable"


def test_ci_that_pulls_results_instead_of_making_them(tmp_path, audit_json):
    write_files(tmp_path, {"train.py": "print(1)\n", "dvc.yaml": "stages: {}\n",
                           ".github/workflows/ci.yml": "on: push\njobs:\n  c:\n    steps:\n      - run: pip install dvc\n      - run: dvc pull\n"})
    (finding,) = findings_of(audit_json(tmp_path), "project-ci")
    assert finding["message"] == "CI runs but reproduces nothing (dvc pull without dvc repro: it fetches the results instead of making them)"


def test_an_mlproject_default_that_disagrees_with_the_script(tmp_path, audit_json):
    write_files(tmp_path, {"MLproject": "name: w\nentry_points:\n  main:\n    parameters:\n      alpha: {type: float, default: 0.1}\n"
                                        "    command: python train.py --alpha {alpha}\n",
                           "train.py": "import argparse\np = argparse.ArgumentParser()\np.add_argument('--alpha', type=float, default=0.5)\n"})
    (finding,) = findings_of(audit_json(tmp_path), "project-entry-point")
    assert finding["message"] == ("MLproject's main entry point defaults alpha to 0.1, train.py to 0.5: running the script alone "
                                  "gives other results")


def test_a_book_built_and_executed_by_ci_has_its_entry_point_and_ci(tmp_path, audit_json):
    write_files(tmp_path, {"_toc.yml": "format: jb-book\nroot: intro\n", "intro.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
                           ".github/workflows/book.yml": "on: push\njobs:\n  b:\n    steps:\n      - run: jupyter-book build .\n"})
    report = audit_json(tmp_path)
    assert status_of(report, "project-entry-point") == "pass"
    assert status_of(report, "project-ci") == "pass"


def test_a_readme_step_that_names_a_missing_file_is_graver_than_nothing_but_milder_than_no_readme(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "```sh\npython run.py\n```\n"})
    (finding,) = findings_of(audit_json(tmp_path), "project-readme")
    assert finding["severity"] == "medium"
