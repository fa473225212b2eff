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


# --- What the held-out judging found (issue 24): the kind of project decides what is asked -----------------------
def test_a_readme_command_in_a_one_line_fence_or_a_plain_line_is_an_instruction(tmp_path, audit_json):
    write_files(tmp_path / "fence", {"README.md": "# GCN\n\nInstall: ```python setup.py install```\n", "setup.py": "setup(name='g')\n"})
    write_files(tmp_path / "plain", {"README.md": "# NBA\n\n## Getting Started\n\n1. poetry install\n2. dvc repro\n", "a.py": "print(1)\n"})
    write_files(tmp_path / "r", {"README.md": "# Bias\n\n- Run `library(targets)` and then tar_make()\n", "R/a.R": "x <- 1\n"})
    for name in ("fence", "plain", "r"):
        assert findings_of(audit_json(tmp_path / name), "project-readme") == [], name


def test_a_licence_named_in_the_readme_is_a_licence(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "# Cookbook\n\n## License\n\nThis work is licensed under CC BY-SA 4.0.\n", "a.py": "print(1)\n"})
    assert status_of(audit_json(tmp_path), "project-license") == "pass"


def test_citation_is_asked_of_what_others_cite_and_found_where_they_say_it(tmp_path, audit_json):
    write_files(tmp_path / "app", {"README.md": "# Churn dashboard\n\nA Streamlit app.\n", "app.py": "import streamlit\n"})
    write_files(tmp_path / "paper", {"README.md": "# GCN\n\nCode of the paper (arxiv.org/abs/1609.02907).\n", "train.py": "print(1)\n"})
    write_files(tmp_path / "cited", {"README.md": "# GCN\n\nCode of the paper.\n\n## Cite\n\n```\n@article{kipf2017,\n}\n```\n",
                                     "train.py": "print(1)\n"})
    write_files(tmp_path / "bib", {"README.md": "# lime\n\nSee our paper.\n", "citation.bib": "@inproceedings{x,}\n", "a.py": "print(1)\n"})
    write_files(tmp_path / "doi", {"README.md": "# model [![DOI](https://zenodo.org/badge/1.svg)](https://zenodo.org/badge/latestdoi/1)\n\n"
                                                "Code for a paper in Nature.\n", "base.py": "print(1)\n"})
    assert status_of(audit_json(tmp_path / "app"), "project-citation") == "not-applicable"
    (finding,) = findings_of(audit_json(tmp_path / "paper"), "project-citation")
    assert "its README refers to a publication: paper" in finding["message"]
    for name in ("cited", "bib", "doi"):
        assert status_of(audit_json(tmp_path / name), "project-citation") == "pass", name


def test_teaching_material_is_read_notebook_by_notebook_not_asked_for_a_pipeline(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "# Neural networks: a course\n\nOne notebook per lecture.\n",
                           "lecture1.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'})
    report = audit_json(tmp_path)
    assert status_of(report, "project-entry-point") == "not-applicable"
    assert status_of(report, "project-citation") == "fail"  # a course is cited
    facts = {f["label"]: f["value"] for f in report["groups"][0]["facts"]}
    assert facts["Kind of project"].startswith("teaching material")


def test_entry_points_beyond_makefiles(tmp_path, audit_json):
    projects = {
        "kedro": {"pyproject.toml": "[tool.kedro]\npackage_name = 'x'\n", "src/x/pipeline_registry.py": "def register_pipelines():\n    return {}\n"},
        "airflow": {"dags/flow.py": "from airflow import DAG\ndag = DAG('x')\n"},
        "streamlit": {"streamlit_app.py": "import streamlit as st\nst.write(1)\n"},
        "docker": {"Dockerfile": 'FROM python:3.11.9-slim\nCOPY . /app\nCMD ["python", "app.py"]\n', "app.py": "print(1)\n"},
        "readme": {"README.md": "# Alaska\n\n```sh\nbash predict.sh\n```\n", "predict.sh": "python predict.py\n", "predict.py": "print(1)\n"},
        "targets": {"_targets.R": "library(targets)\nlist()\n", "R/a.R": "x <- 1\n"},
    }
    for name, files in projects.items():
        write_files(tmp_path / name, files)
        assert status_of(audit_json(tmp_path / name), "project-entry-point") == "pass", name


def test_files_named_like_tests_that_test_nothing_are_not_tests(tmp_path, audit_json):
    write_files(tmp_path / "scripts", {"util/test_area.py": "import numpy as np\nimport matplotlib.pyplot as plt\nplt.hist(np.random.rand(9))\n"})
    write_files(tmp_path / "empty", {"src/a.py": "print(1)\n", "tests/test_a.py": ""})
    write_files(tmp_path / "real", {"src/a.py": "print(1)\n", "tests/test_a.py": "from src.a import x\n\ndef test_x():\n    assert x\n"})
    (finding,) = findings_of(audit_json(tmp_path / "scripts"), "project-tests")
    assert finding["message"].startswith("files named like tests hold no test (util/test_area.py")
    assert status_of(audit_json(tmp_path / "empty"), "project-tests") == "fail"
    assert status_of(audit_json(tmp_path / "real"), "project-tests") == "pass"


def test_a_ci_file_that_is_not_valid_yaml_runs_nothing(tmp_path, audit_json):
    write_files(tmp_path, {"a.py": "print(1)\n", ".github/workflows/ci.yml": "#on: push\n  run: |\n    pytest\nconda:\n  x: [\n"})
    (finding,) = findings_of(audit_json(tmp_path), "project-ci")
    assert finding["message"].startswith("the CI configuration is not valid YAML")
