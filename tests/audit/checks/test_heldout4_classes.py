"""Classes of false alarm and miss found by the fourth held-out batch (issue 24), project structure: conda
environment files under other names, CI outside GitHub and GitLab, instructions, licences and Python versions in
README prose and reStructuredText, commands for another repository, entry points named by the README, and what a
citation check counts."""

from __future__ import annotations

from ..conftest import findings_of, status_of, write_files


def facts_of(report: dict, group: str = "environment") -> dict:
    return {f["label"]: f["value"] for g in report["groups"] if g["id"] == group for f in g["facts"]}


# --- Conda environment files under any name ---------------------------------------------------------------
CI_ENVIRONMENT = """name: project_ci
channels: [conda-forge]
dependencies:
  - python=3.10.*
  - numpy=1.26.4
  - pandas=2.2.2
  - pip
  - pip:
      - requests==2.32.3
"""
TRAINING_ENVIRONMENT = """name: training
dependencies:
  - python=3.10.*
  - scikit-learn
"""


def conda_project(dockerfile: str = "FROM continuumio/miniconda3:24.1.2-0\nCOPY model/ci_dependencies.yml /setup/\n"
                  "RUN conda install python=3.10.14 && conda env create -f /setup/ci_dependencies.yml\n") -> dict:
    return {"README.md": "# Model\n\nThe CI image is built from `environment_setup/Dockerfile`.\n",
            "environment_setup/Dockerfile": dockerfile,
            "model/ci_dependencies.yml": CI_ENVIRONMENT,
            "model/training_dependencies.yml": TRAINING_ENVIRONMENT,
            "model/settings.py": 'TRAIN_ENVIRONMENT = "training_dependencies.yml"\n',
            "model/train.py": "import numpy\nimport pandas\nimport requests\nfrom sklearn.linear_model import Ridge\n"}


def test_a_conda_file_under_another_name_that_a_dockerfile_installs_or_the_code_names_declares_the_imports(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, conda_project()))
    assert findings_of(report, "env-imports-declared") == []  # numpy, pandas, requests, scikit-learn are all declared
    assert findings_of(report, "env-python-version") == []  # python=3.10.* in the files, python=3.10.14 in the image
    pins = {f["evidence"].split(":")[0]: f["message"] for f in findings_of(report, "env-pinned-versions")}
    assert "environment_setup/Dockerfile" not in pins  # conda install python=3.10.14 is conda's exact pin
    assert "scikit-learn" in pins["model/training_dependencies.yml"]  # the training environment takes any release
    assert "model/ci_dependencies.yml" not in pins  # numpy=1.26.4 and pandas=2.2.2 are exact in conda's syntax
    assert findings_of(report, "env-builder-ambiguity") == []  # the image and the code install them


def test_a_conda_file_nothing_names_is_not_taken_for_the_projects_specification(tmp_path, audit_json):
    files = conda_project()
    del files["model/settings.py"], files["environment_setup/Dockerfile"]
    report = audit_json(write_files(tmp_path, files))
    (missing,) = findings_of(report, "env-spec-present")  # a YAML lying in a folder, installed and named by nothing
    assert missing["message"].startswith("no file declares the environment")


# --- CI beyond GitHub and GitLab ------------------------------------------------------------------------
AZURE_TEMPLATE = """# steps every pipeline runs
steps:
- script: |
   python -m pytest tests
  displayName: 'Unit tests'
"""
AZURE_PIPELINE = """trigger:
  branches:
    include: [main]
pool:
  vmImage: 'ubuntu-22.04'
steps:
- template: quality-template.yml
- task: AzureCLI@2
  inputs:
    inlineScript: |
      python -m pipelines.build_train_pipeline
"""


def azure_project() -> dict:
    return {"README.md": "# Model\n\nSee [getting started](docs/getting_started.md).\n",
            "docs/getting_started.md": "# Getting started\n\nCreate a build pipeline from [train-ci.yml](../.pipelines/train-ci.yml).\n",
            ".pipelines/train-ci.yml": AZURE_PIPELINE, ".pipelines/quality-template.yml": AZURE_TEMPLATE,
            "requirements.txt": "numpy==1.26.4\n", "pipelines/build_train_pipeline.py": "import numpy\n",
            "tests/test_model.py": "def test_nothing():\n    assert True\n"}


def test_azure_pipelines_in_their_folder_are_ci_and_the_pipeline_the_guide_names_is_the_entry_point(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, azure_project()))
    assert status_of(report, "project-ci") == "pass"  # the template's step runs the tests
    assert status_of(report, "project-entry-point") == "pass"  # docs/getting_started.md says to run train-ci.yml


def test_an_azure_pipeline_outside_the_usual_folders_is_recognised_by_its_shape(tmp_path, audit_json):
    files = azure_project()
    files["environment_setup/build-image.yml"] = files.pop(".pipelines/train-ci.yml").replace(
        "- template: quality-template.yml\n", "- script: python -m pytest tests\n")
    del files[".pipelines/quality-template.yml"]
    report = audit_json(write_files(tmp_path, files))
    assert status_of(report, "project-ci") == "pass"


def test_jenkinsfiles_anywhere_and_buildkite_pipelines_are_ci(tmp_path, audit_json):
    for path, text in (("ci/Jenkinsfile", "pipeline { stages { stage('t') { steps { sh 'python -m pytest' } } } }\n"),
                       (".buildkite/tests.yml", "steps:\n  - command: python -m pytest\n")):
        files = {"requirements.txt": "numpy==1.26.4\n", "run.py": "import numpy\n", path: text}
        report = audit_json(write_files(tmp_path / path.replace("/", "_"), files))
        assert status_of(report, "project-ci") == "pass", path


# --- README prose and reStructuredText -------------------------------------------------------------------
RST_README = """Satellite features
==================

Note: this repo is not supported. License is MIT.

Requirements: Python 3.6 and the packages in requirements.txt.

Train a model (pass ``--all`` to use every image)::

    $ ./train.py checkpoint-folder --all

Then make a submission:

.. code-block:: bash

    ./make_submission.py checkpoint-folder submission.csv.gz
"""


def test_commands_in_restructuredtext_literal_blocks_a_licence_sentence_and_a_stated_python_are_read(tmp_path, audit_json):
    files = {"README.rst": RST_README, "requirements.txt": "numpy==1.26.4\n", "train.py": "import numpy\n",
             "make_submission.py": "import numpy\n"}
    report = audit_json(write_files(tmp_path, files))
    assert findings_of(report, "project-readme") == []  # ./train.py in a :: block, ./make_submission.py in a code-block
    assert findings_of(report, "project-license") == []  # "License is MIT."
    (python,) = findings_of(report, "env-python-version")  # stated, but only where a reader looks
    assert python["evidence"] == "README.rst:6" and python["severity"] == "low"
    assert python["message"].startswith("Python 3.6 is stated only in the README, where no tool reads it")


def test_a_script_the_readme_says_to_run_in_prose_is_an_instruction_and_the_entry_point(tmp_path, audit_json):
    files = {"README.md": "# Model\n\nTo replicate our analysis, clone this repository and run \"model_rep.R\".\n",
             "model_rep.R": "library(ggplot2)\n", "cases.csv": "a,b\n1,2\n"}
    report = audit_json(write_files(tmp_path, files))
    assert [f["kind"] for f in findings_of(report, "project-readme")] == []
    assert status_of(report, "project-entry-point") == "pass"
    files["README.md"] = "# Model\n\nThe model of our chart.\n"  # the same project whose README names no script
    report = audit_json(write_files(tmp_path / "unnamed", files))
    assert [f["kind"] for f in findings_of(report, "project-readme")] == ["no run instructions"]


def test_a_readme_table_linking_each_result_to_its_script_gives_entry_points(tmp_path, audit_json):
    readme = ("# Pretraining\n\n| method | epochs | script |\n| --- | --- | --- |\n"
              "| A | 800 | [\\*](./scripts/a_800ep.sh) |\n| B | 400 | [\\*](./scripts/b_400ep.sh) |\n")
    files = {"README.md": readme, "requirements.txt": "torch==2.3.1\n", "main.py": "import torch\n",
             "scripts/a_800ep.sh": "python main.py --epochs 800\n", "scripts/b_400ep.sh": "python main.py --epochs 400\n"}
    report = audit_json(write_files(tmp_path, files))
    assert status_of(report, "project-entry-point") == "pass"


# --- A command for another repository -------------------------------------------------------------------------
def test_a_command_the_readme_gives_for_another_repository_is_not_checked_against_this_one(tmp_path, audit_json):
    readme = ("# Backbone\n\n```\npython train.py\n```\n\n## Detection\n\n1. Install detr.\n"
              "1. Launch training from `detr` repository with [run_with_submitit.py](https://github.com/org/detr/blob/main/run_with_submitit.py).\n"
              "```\npython run_with_submitit.py --nodes 2\n```\n\n## Evaluation\n\n```\npython evaluate.py\n```\n")
    files = {"README.md": readme, "requirements.txt": "torch==2.3.1\n", "train.py": "import torch\n"}
    report = audit_json(write_files(tmp_path, files))
    (missing,) = findings_of(report, "project-readme")  # evaluate.py is this project's, and missing
    assert missing["message"] == "the README runs evaluate.py, which is not in the project"


# --- Citation: the project's own publication, not the sources it uses --------------------------------------------
def test_a_readme_that_cites_a_source_study_is_not_asked_for_a_citation_file_but_a_papers_code_is(tmp_path, audit_json):
    uses = "# Seroprevalence model\n\nReplication code for our chart, with estimates from the study by O'Driscoll et al (2020).\n"
    write_files(tmp_path / "uses", {"README.md": uses, "model.R": "x <- 1\n"})
    assert status_of(audit_json(tmp_path / "uses"), "project-citation") == "not-applicable"
    own = "# Seroprevalence model\n\nCode accompanying our paper in The Lancet, with estimates from O'Driscoll et al (2020).\n"
    write_files(tmp_path / "own", {"README.md": own, "model.R": "x <- 1\n"})
    (finding,) = findings_of(audit_json(tmp_path / "own"), "project-citation")
    assert finding["message"].endswith("(its README refers to a publication: paper)")


# --- README steps that name files the project does not have --------------------------------------------------
def test_a_readme_step_whose_make_recipe_installs_a_missing_project_and_a_link_to_a_missing_file_are_found(tmp_path, audit_json):
    readme = ("# Pipelines\n\n## Getting started\n\n```\nmake dependencies\n```\n\n"
              "To run several projects, edit [workspaces.yml](workspaces.yml); the [pipeline](pipelines/README.md#run) explains more.\n")
    files = {"README.md": readme, "Makefile": "dependencies:\n\tuv pip install -e \".[dev]\"\n",
             "pipelines/README.md": "# Run\n", "pipelines/pyproject.toml": "[project]\nname = \"p\"\nversion = \"1\"\n",
             "pipelines/p/__init__.py": "import os\n"}
    report = audit_json(write_files(tmp_path, files))
    messages = sorted(f["message"] for f in findings_of(report, "project-readme"))
    assert messages == ["the README links to workspaces.yml, which is not in the project (renamed, or never committed?)",
                        "the README runs make dependencies, whose recipe installs the project (uv pip install -e .[dev]), "
                        "but . has no pyproject.toml, setup.py or setup.cfg"]
    assert findings_of(report, "project-entry-point") == []  # an install recipe is not the entry point's problem


def test_a_lock_file_whose_project_file_moved_away_is_reported(tmp_path, audit_json):
    lock = ('version = 1\nrequires-python = ">=3.12"\n\n[[package]]\nname = "pipelines"\nversion = "0.1.0"\n'
            'source = { editable = "." }\n')
    files = {"README.md": "# Pipelines\n\n```\ncd pipelines && uv sync\n```\n", "uv.lock": lock, "pipelines/uv.lock": lock,
             "pipelines/pyproject.toml": "[project]\nname = \"pipelines\"\nversion = \"0.1.0\"\nrequires-python = \">=3.12\"\n",
             "pipelines/pipelines/__init__.py": "import os\n"}
    report = audit_json(write_files(tmp_path, files))
    (orphan,) = [f for f in findings_of(report, "env-specs-agree") if f["kind"] == "lock without its project"]
    assert orphan["evidence"] == "uv.lock"
    assert "the project files are elsewhere now (pipelines/pyproject.toml)" in orphan["message"]


def test_a_package_held_to_a_release_in_one_environment_file_and_free_in_another_is_reported(tmp_path, audit_json):
    files = conda_project()  # ci_dependencies.yml: numpy=1.26.4, pandas=2.2.2; training_dependencies.yml: scikit-learn
    files["model/training_dependencies.yml"] = TRAINING_ENVIRONMENT + "  - pandas\n"
    report = audit_json(write_files(tmp_path, files))
    (disagree,) = [f for f in findings_of(report, "env-specs-agree") if f["kind"] == "versions disagree"]
    assert disagree["message"] == ("pandas is held to a version in one environment file and free in another (pandas =2.2.2 in "
                                   "model/ci_dependencies.yml, any version in model/training_dependencies.yml): the "
                                   "environments these files make run different releases")
    files["model/training_dependencies.yml"] = TRAINING_ENVIRONMENT + "  - pandas=2.2.2\n"  # the same release in both
    report = audit_json(write_files(tmp_path / "agree", files))
    assert [f for f in findings_of(report, "env-specs-agree") if f["kind"] == "versions disagree"] == []
