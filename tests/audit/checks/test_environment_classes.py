"""Environment checks by class: what used to be a false alarm, and what used to be missed (issue 24)."""

from __future__ import annotations

from ..conftest import code_cell, findings_of, notebook, status_of, write_files


def messages(report: dict, check_id: str) -> list[str]:
    return [f["message"] for f in findings_of(report, check_id)]


# --- Import names and distributions ------------------------------------------------------
def test_import_names_map_to_their_distributions(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "tensorflow-serving-api==2.16.1\nopencv-python==4.10.0.84\numap-learn==0.5.6\n",
                           "serve.py": "import tensorflow_serving\nimport cv2\nimport umap\n"})
    assert status_of(audit_json(tmp_path), "env-imports-declared") == "pass"


def test_an_undeclared_import_names_the_distribution_to_declare(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "pandas==2.2.2\n", "serve.py": "import cv2\n"})
    assert messages(audit_json(tmp_path), "env-imports-declared") == [
        "imports cv2 (package opencv-python); no specification declares it"]


def test_guarded_and_generated_imports_are_not_undeclared(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "grpcio==1.66.1\n", ".gitignore": "*_pb2.py\n", "api.proto": "syntax = \"proto3\";\n",
                           "serve.py": "try:\n    import ujson as json\nexcept ImportError:\n    import json\nimport api_pb2\n"})
    assert status_of(audit_json(tmp_path), "env-imports-declared") == "pass"


# --- Locks and the kind of project ------------------------------------------------------------
def test_an_old_complete_freeze_is_a_lock_whatever_todays_dependencies(tmp_path, audit_json):
    freeze = "".join(f"lib{i:03d}==0.{i}.1\n" for i in range(195))  # pins that later releases' dependencies do not match
    write_files(tmp_path, {"requirements.txt": freeze})
    report = audit_json(tmp_path)
    assert status_of(report, "env-lock-file") == "pass"
    assert status_of(report, "env-pinned-versions") == "pass"


def test_a_templates_own_ranges_are_right_the_projects_it_makes_are_held_to_pins_and_a_lock(tmp_path, audit_json):
    write_files(tmp_path, {"cookiecutter.json": '{"name": "x"}\n', "setup.py": "setup(name='tpl', install_requires=['cookiecutter>=2'])\n",
                           "{{cookiecutter.name}}/requirements.txt": "pandas\n", "{{cookiecutter.name}}/run.py": "import pandas\n"})
    report = audit_json(tmp_path)
    (pins,) = findings_of(report, "env-pinned-versions")  # the generator's cookiecutter>=2 is not asked to be pinned
    assert pins["evidence"] == "{{cookiecutter.name}}/requirements.txt:1"
    (lock,) = findings_of(report, "env-lock-file")
    assert lock["message"].startswith("the projects made from this template get no lock file")
    assert status_of(report, "project-entry-point") == "not-applicable"
    facts = {f["label"]: f["value"] for f in report["groups"][0]["facts"]}
    assert facts["Kind of project"].startswith("template")


def test_setup_py_installed_by_the_conda_environment_is_not_ignored(tmp_path, audit_json):
    write_files(tmp_path, {"environment.yml": "dependencies:\n  - python=3.11\n  - pip\n  - pip:\n    - -e .\n",
                           "setup.py": "setup(name='x', install_requires=['pandas==2.2.2'])\n", "x/__init__.py": "import pandas\n",
                           "notebooks/a.ipynb": notebook(code_cell("import x", 1))})
    report = audit_json(tmp_path)
    assert findings_of(report, "env-builder-ambiguity") == []


def test_mlflow_projects_environment_is_found_through_mlproject(tmp_path, audit_json):
    write_files(tmp_path, {"MLproject": "name: wine\nconda_env: envs/conda.yaml\nentry_points:\n  main:\n    command: python train.py\n",
                           "envs/conda.yaml": "dependencies:\n  - python=3.11\n  - pandas=2.2.2=py311_0\n", "train.py": "import pandas\n"})
    report = audit_json(tmp_path)
    assert status_of(report, "env-spec-present") == "pass"
    assert findings_of(report, "env-builder-ambiguity") == []
    facts = {f["label"]: f["value"] for f in report["groups"][0]["facts"]}
    assert facts["MLflow (MLproject) would use"] == "envs/conda.yaml"


# --- Specification files that agree --------------------------------------------------------------
def test_three_python_versions_that_cannot_all_hold(tmp_path, audit_json):
    write_files(tmp_path, {"runtime.txt": "python-3.7\n", "environment.yml": "dependencies:\n  - python=3.8\n  - pandas\n",
                           "setup.py": "setup(name='x', python_requires='>=3.6')\n", "a.py": "import pandas\n"})
    (message,) = [m for m in messages(audit_json(tmp_path), "env-specs-agree") if "Python" in m]
    assert message.startswith("no Python version satisfies every declaration (")
    assert "runtime.txt: 3.7" in message and "environment.yml: =3.8" in message


def test_the_file_ci_installs_lacks_a_package_the_code_imports(tmp_path, audit_json):
    write_files(tmp_path, {"environment.yml": "dependencies:\n  - pandas=2.2.2\n  - seaborn=0.13.2\n",
                           "requirements-ci.txt": "pandas==2.2.2\n",
                           ".github/workflows/run.yml": "on: push\njobs:\n  run:\n    steps:\n      - run: pip install -r requirements-ci.txt\n"
                                                       "      - run: python analysis.py\n",
                           "analysis.py": "import pandas\nimport seaborn\n"})
    (message,) = messages(audit_json(tmp_path), "env-specs-agree")
    assert message.startswith("the environment CI (.github/workflows/run.yml) installs (requirements-ci.txt) lacks seaborn")


def test_one_package_pinned_to_two_versions(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "pandas==1.5.3\n", "environment.yml": "dependencies:\n  - pandas=2.2.2=py311_0\n"})
    assert "pandas is pinned to different versions: 2.2.2 in environment.yml, 1.5.3 in requirements.txt" in messages(
        audit_json(tmp_path), "env-specs-agree")


# --- Fetched at run time ----------------------------------------------------------------------------
def test_installs_images_models_and_code_fetched_at_run_time(tmp_path, audit_json):
    write_files(tmp_path, {
        "requirements.txt": "transformers==4.44.2\nnltk==3.9.1\n",
        "Dockerfile": "FROM jupyter/scipy-notebook:latest\nRUN git clone https://github.com/o/tools\n",
        "nlp.ipynb": notebook(code_cell("%pip install -U spacy\n!python -m spacy download en_core_web_sm\nimport nltk\nnltk.download('punkt')", 1)),
        "model.py": "from transformers import AutoModel\nAutoModel.from_pretrained('bert-base-uncased')\n"
                    "AutoModel.from_pretrained('bert-base-uncased', revision='a265f77')\nAutoModel.from_pretrained('./local-model')\n",
    })
    found = sorted((f["evidence"], f["kind"]) for f in findings_of(audit_json(tmp_path), "env-runtime-fetches"))
    assert found == [
        ("Dockerfile:1", "image without a version"),
        ("Dockerfile:2", "code fetched at run time"),
        ("model.py:2", "model fetched by name"),
        ("nlp.ipynb:cell 1:1", "unpinned install at run time"),
        ("nlp.ipynb:cell 1:2", "model fetched by name"),
        ("nlp.ipynb:cell 1:4", "model fetched by name"),
    ]


def test_a_hosted_model_service_is_named(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "openai==1.51.0\n",
                           "label.py": "from openai import OpenAI\nclient = OpenAI()\nclient.chat.completions.create(model='gpt-4o', messages=[])\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-runtime-fetches")
    assert finding["kind"] == "hosted model service" and finding["evidence"] == "label.py:3"


# --- Dead packages and removed functions ------------------------------------------------------------
def test_dead_packages_removed_functions_and_too_old_pins(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "sklearn\nnumpy==1.11.1\n",
                           ".gitmodules": '[submodule "lib"]\n\tpath = lib\n\turl = git://github.com/o/lib.git\n',
                           "a.py": "import numpy as np\nfrom sklearn.datasets import fetch_mldata\nrng = np.random.default_rng(0)\nx = np.float(1)\n"})
    report = audit_json(tmp_path)
    kinds = sorted((f["evidence"], f["kind"]) for f in findings_of(report, "env-dead-dependencies"))
    assert kinds == [(".gitmodules:3", "git:// URL"), ("a.py:2", "removed function"), ("a.py:3", "function newer than the declared version"),
                     ("requirements.txt:1", "dead package")]
    removed = next(f for f in findings_of(report, "env-dead-dependencies") if f["kind"] == "removed function")
    assert removed["message"].startswith("uses sklearn.datasets.fetch_mldata, removed in scikit-learn 0.22")


def test_a_removed_function_pinned_below_its_removal_is_fine(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "scikit-learn==0.19.2\n", "a.py": "from sklearn.cross_validation import KFold\n"})
    assert status_of(audit_json(tmp_path), "env-dead-dependencies") == "pass"


def test_a_templates_own_files_are_not_the_projects(tmp_path, audit_json):
    write_files(tmp_path, {"cookiecutter.json": '{"repo_name": "x"}\n', "pyproject.toml": '[project]\nname = "tpl"\ndependencies = ["cookiecutter>=2"]\n',
                           "{{ cookiecutter.repo_name }}/pyproject.toml": '[project]\nname = {{ cookiecutter.repo_name }}\n',
                           "{{ cookiecutter.repo_name }}/Makefile": "requirements:\n\tpip install -U pip\n\twget https://x.org/d.csv\n",
                           "hooks/post_gen.py": "import cookiecutter\n"})
    report = audit_json(tmp_path)
    for check_id in ("env-spec-present", "env-runtime-fetches", "data-download-verified"):
        assert findings_of(report, check_id) == [], check_id


# --- Issue 24's held-out judging: specifications read as pip and their builders read them ---------------------------
def test_a_utf16_requirements_file_with_its_bom_is_read(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "\ufeffpandas==2.1.1\r\nnumpy==1.26.4\r\n".encode("utf-16-le"),
                           "train.py": "import pandas\nimport seaborn\n"})
    report = audit_json(tmp_path)
    assert status_of(report, "env-spec-present") == "pass"
    assert messages(report, "env-imports-declared") == ["imports seaborn; no specification declares it"]


def test_git_requirements_are_named_by_their_repository_and_a_moving_branch_is_said(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "torch==2.4.0\ngit+https://github.com/BloodAxe/pytorch-toolbelt.git@develop\n"
                                               "git+https://github.com/mapillary/inplace_abn.git@v1.0.12\n",
                           "train.py": "import torch\nimport pytorch_toolbelt\nimport inplace_abn\n"})
    report = audit_json(tmp_path)
    assert status_of(report, "env-imports-declared") == "pass"
    (finding,) = findings_of(report, "env-pinned-versions")
    assert "pytorch-toolbelt (a branch that moves, @develop)" in finding["message"] and "git" not in finding["items"]


def test_import_names_find_the_distribution_that_declares_them(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "apache-airflow==1.10.3\nedinet-python==0.1.6\n",
                           "environment.yml": "dependencies:\n  - pytorch::pytorch-cpu=1.0.1\n",
                           "dag.py": "import airflow\nimport edinet\nimport torch\nimport lightgbm\n"})
    assert messages(audit_json(tmp_path), "env-imports-declared") == ["imports lightgbm; no specification declares it"]


def test_what_the_projects_own_scripts_install_and_modules_from_outside_the_project(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "torch==2.4.0\n",
                           "install.sh": "git clone https://github.com/NVIDIA/apex\ncd apex\npip install -v --no-cache-dir ./\n",
                           "train.py": "import torch\nimport apex\n", "train2.py": "import torch\n", "extra.py": "import train4\n",
                           "slim.ipynb": notebook(code_cell("import sys\nsys.path.append('/Users/me/tf-models/slim')\n"
                                                            "from nets import inception\nimport preprocessing", 1))})
    assert messages(audit_json(tmp_path), "env-imports-declared") == [
        "imports train4, which is neither in the project (beside train.py: a module deleted or never committed?) nor declared"]


def test_a_line_pip_refuses_stops_the_install(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "numpy\nsys\nif 'google.colab' in sys.modules:\n    !pip install x\n",
                           "a.py": "import numpy\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-spec-present")
    assert finding["message"].startswith("pip refuses line 2 ('sys'): sys is part of Python's standard library")


def test_the_readme_and_a_dockerfile_that_copies_the_requirements_are_builders(tmp_path, audit_json):
    write_files(tmp_path, {"Dockerfile": "FROM python:3.11.9-slim\nCOPY requirements.txt /tmp/requirements.txt\n"
                                         "RUN pip install --requirement /tmp/requirements.txt\nCMD [\"python\", \"app.py\"]\n",
                           "requirements.txt": "flask==3.0.3\n", "app.py": "import flask\n"})
    report = audit_json(tmp_path)
    assert findings_of(report, "env-builder-ambiguity") == []
    facts = {f["label"]: f["value"] for f in report["groups"][0]["facts"]}
    assert facts["Docker (Dockerfile) would use"] == "Dockerfile, requirements.txt"


def test_a_pipfile_and_its_lock_are_one_specification_and_must_agree(tmp_path, audit_json):
    lock = '{"_meta": {}, "default": {"streamlit": {"version": "==1.10.0"}, "pandas": {"version": "==1.3.5"}}, "develop": {}}'
    write_files(tmp_path, {"Pipfile": '[packages]\nstreamlit = "1.9.2"\npandas = "*"\n', "Pipfile.lock": lock,
                           "app.py": "import streamlit\nimport pandas\n"})
    report = audit_json(tmp_path)
    assert findings_of(report, "env-builder-ambiguity") == []
    assert messages(report, "env-specs-agree") == [
        "Pipfile asks streamlit 1.9.2, but Pipfile.lock holds 1.10.0: the lock was not made from this file; lock again"]


def test_a_dockerfile_named_with_a_suffix_is_a_dockerfile(tmp_path, audit_json):
    write_files(tmp_path, {"Dockerfile-Local": "FROM ipython/scipyserver\nRUN pip install pandas==2.2.2\n", "a.py": "import pandas\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-runtime-fetches")
    assert finding["path"] == "Dockerfile-Local" and "ipython/scipyserver" in finding["message"]


def test_removed_modules_arguments_and_values_and_retired_r_packages(tmp_path, audit_json):
    write_files(tmp_path, {
        "requirements.txt": "matplotlib\nscikit-learn\nkeras\n",
        "a.py": "import matplotlib.pyplot as plt\nfrom sklearn.datasets.samples_generator import make_blobs\n"
                "plt.style.use('seaborn')\nplt.hist([1, 2], 80, normed=True)\nplt.style.use('ggplot')\n",
        "b.py": "from keras.optimizers import Adam\nopt = Adam(lr=1e-4)\nimport dicom\n",
        "c.py": "try:\n    from sklearn.model_selection import train_test_split\nexcept ImportError:\n"
                "    from sklearn.cross_validation import train_test_split\n",
        "map.R": "library(maptools)\nlibrary(sf)\n"})
    found = messages(audit_json(tmp_path), "env-dead-dependencies")
    assert sorted(m.split(",")[0] for m in found) == [
        "calls Adam with lr=", "calls hist with normed=", "calls use with 'seaborn'", "loads maptools", "uses dicom",
        "uses sklearn.datasets.samples_generator"]


def test_an_import_name_declared_as_if_it_were_a_distribution(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "torch==2.4.0\ncv2\n", "a.py": "import torch\nimport cv2\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-dead-dependencies")
    assert finding["message"].startswith("declares cv2, OpenCV's import name, not a distribution") and "opencv-python" in finding["message"]


# --- What env-specs-agree compares, said where a learner reads its result (issue 24, learners' findings) -------
SPECS_SCOPE_START = "Compared, across the specification files the project uses"
SPECS_NOT_COMPARED = "Not compared: packages the code does not import (indirect dependencies, tools, plugins)"


def test_a_pass_of_env_specs_agree_says_it_compared_only_the_imported_packages(tmp_path, audit_json, run):
    # The files disagree on matplotlib, which the code never imports: the check passes, and says why it may.
    write_files(tmp_path, {"requirements.txt": "pandas==2.2.2\nmatplotlib==3.8.4\n", "environment.yml": "dependencies:\n  - pandas=2.2.2\n",
                           "analysis.py": "import pandas\n"})
    report = audit_json(tmp_path)
    check = next(c for g in report["groups"] for c in g["checks"] if c["id"] == "env-specs-agree")
    assert check["status"] == "pass"
    assert check["audit_scope"].startswith(SPECS_SCOPE_START) and SPECS_NOT_COMPARED in check["audit_scope"]
    _, text, _ = run("audit", tmp_path)
    assert f"What env-specs-agree compared: {SPECS_SCOPE_START}" in text
    assert "a package declared in one file and missing from another passes unless the code imports it" in text


def test_a_failing_env_specs_agree_finding_and_its_explanation_say_what_was_compared(tmp_path, audit_json, run):
    write_files(tmp_path, {"environment.yml": "dependencies:\n  - pandas=2.2.2\n  - seaborn=0.13.2\n",
                           "requirements-ci.txt": "pandas==2.2.2\n",
                           ".github/workflows/run.yml": "on: push\njobs:\n  run:\n    steps:\n      - run: pip install -r requirements-ci.txt\n"
                                                       "      - run: python analysis.py\n",
                           "analysis.py": "import pandas\nimport seaborn\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-specs-agree")
    assert finding["message"].endswith("(only packages the code imports are compared between the files)")
    _, text, _ = run("audit", tmp_path)
    assert f"What this check compares: {SPECS_SCOPE_START}" in text


def test_list_checks_says_what_each_check_is_checked_for_and_what_env_specs_agree_compares(run):
    code, out, _ = run("audit", "--list-checks")
    assert code == 0
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("env-specs-agree"))
    assert lines[at + 1].strip() == "checked for Python and dbt projects"
    assert lines[at + 2].strip().startswith(SPECS_SCOPE_START)
    randomness = next(i for i, line in enumerate(lines) if line.strip().startswith("code-unseeded-randomness"))
    assert lines[randomness + 1].strip() == "checked for Python, R and Julia projects"
