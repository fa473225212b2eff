"""Classes of false alarm, miss and stumble found by the second held-out batch (issue 24): templates one folder
down, Snakemake's per-rule environments, tox, a README that documents the licence or the data, symlinked
copies, apps with package metadata, unreadable files said once and where."""

from __future__ import annotations

import os

from ..conftest import code_cell, findings_of, notebook, status_of, write_files

ENVIRONMENT_TEMPLATE = """name: {{cookiecutter.project_short_name}}
channels:
  - conda-forge
dependencies:
  - python=3.12
  - snakemake-minimal=9.6.2
{% if cookiecutter.cluster == "yes" %}
  - drmaa=0.7.9
{% endif %}
"""


def facts_of(report: dict, group: str = "environment") -> dict:
    return {f["label"]: f["value"] for g in report["groups"] if g["id"] == group for f in g["facts"]}


def notes_of(report: dict) -> dict:
    return {n["path"]: n["message"] for n in report["notes"]}


# --- Templates ---------------------------------------------------------------------------------
def test_a_template_one_folder_down_is_a_template_and_its_jinja_files_are_read_with_the_tags_set_aside(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "# A cookiecutter for reproducible research\n\n```sh\ncookiecutter gh:o/t --directory=default\n```\n",
                           "default/cookiecutter.json": '{"project_short_name": "x"}\n',
                           "default/{{cookiecutter.project_short_name}}/environment.yaml": ENVIRONMENT_TEMPLATE,
                           "default/{{cookiecutter.project_short_name}}/Snakefile": "rule all:\n    input: 'build/report.pdf'\n",
                           "default/{{cookiecutter.project_short_name}}/scripts/model.py": "import numpy as np\nprint(np.random.rand())\n"})
    report = audit_json(tmp_path)
    assert facts_of(report)["Kind of project"].startswith("template")
    assert status_of(report, "env-spec-present") == "pass"  # not "cannot be parsed: invalid YAML"
    assert status_of(report, "env-python-version") == "pass"  # python=3.12, behind {% if %} and {{ }}
    assert status_of(report, "project-entry-point") == "not-applicable"
    assert facts_of(report)["The generated project's Python"] == "=3.12 (default/{{cookiecutter.project_short_name}}/environment.yaml)"
    (lock,) = findings_of(report, "env-lock-file")  # exact pins, but nothing records what they resolve to
    assert lock["evidence"] == "default/{{cookiecutter.project_short_name}}/environment.yaml"


def test_a_finished_projects_specification_holding_template_tags_is_read_with_them_set_aside(tmp_path, audit_json):
    write_files(tmp_path, {"environment.yml": "name: {{ name }}\ndependencies:\n  - python=3.11\n  - pandas=2.2.2\n"
                                              "{% if gpu %}\n  - cudatoolkit=11.8\n{% endif %}\n",
                           "run.py": "import pandas\n"})
    report = audit_json(tmp_path)
    assert findings_of(report, "env-spec-present") == []
    assert notes_of(report)["environment.yml"] == "holds template tags ({{ }}, {% %}): read with them set aside"
    assert status_of(report, "env-python-version") == "pass"


def test_an_unreadable_specification_says_where_once_and_the_checks_it_starves_say_so(tmp_path, audit_json):
    write_files(tmp_path, {"environment.yml": "name: x\ndependencies:\n  - numpy\n  - pandas: [\n", "run.py": "import numpy\n"})
    report = audit_json(tmp_path)
    (finding,) = findings_of(report, "env-spec-present")
    assert finding["message"] == ("cannot be read (invalid YAML at line 5, column 1: did not find expected node content): no tool "
                                  "can install from it and no check could read what it declares; correct the file")
    assert finding["severity"] == "high"  # nothing else declares the environment
    lock = next(c for g in report["groups"] for c in g["checks"] if c["id"] == "env-lock-file")
    assert lock["status"] == "not-applicable" and lock["not_read"] == ["environment.yml"]


def test_an_unreadable_specification_beside_a_readable_one_is_not_high(tmp_path, audit_json):
    write_files(tmp_path, {"environment.yml": "dependencies: [\n", "requirements.txt": "numpy==2.0.0\n", "run.py": "import numpy\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-spec-present")
    assert finding["severity"] == "medium"


# --- Symlinks ------------------------------------------------------------------------------------
def test_a_file_reached_through_a_symlink_is_audited_once_under_its_own_path(tmp_path, audit_json):
    write_files(tmp_path, {"src/train.py": "import random\nrandom.shuffle(rows)\n", "cluster/settings.py": "CORES = 8\n"})
    os.symlink("../src/train.py", tmp_path / "cluster" / "train.py")
    report = audit_json(tmp_path)
    assert report["files_inspected"] == 2
    assert [f["evidence"] for f in findings_of(report, "code-unseeded-randomness")] == ["src/train.py:2"]
    assert notes_of(report)["cluster/train.py"] == "1 symlink to files audited under their own path, not twice: cluster/train.py"


# --- Pipelines and their environments ------------------------------------------------------------
def test_snakemakes_per_rule_environments_are_specifications_with_their_python(tmp_path, audit_json):
    write_files(tmp_path, {"workflow/Snakefile": 'rule all:\n    input: "results/fit.csv"\n\nrule fit:\n    conda: "envs/fit.yaml"\n'
                                                 '    script: "scripts/fit.py"\n',
                           "workflow/envs/fit.yaml": "dependencies:\n  - python=3.11.6\n  - pandas=2.2.2\n  - scikit-learn\n",
                           "workflow/envs/plot.yaml": "dependencies:\n  - python=3.10\n  - matplotlib=3.8.0\n",
                           "workflow/scripts/fit.py": "import pandas\nimport sklearn\n"})
    report = audit_json(tmp_path)
    assert status_of(report, "project-entry-point") == "pass"
    assert status_of(report, "env-python-version") == "pass"
    assert [f["evidence"] for f in findings_of(report, "env-pinned-versions")] == ["workflow/envs/fit.yaml:4"]
    assert status_of(report, "env-lock-file") == "fail"
    assert findings_of(report, "env-specs-agree") == []  # each rule its own environment: two Pythons are no disagreement
    assert findings_of(report, "env-builder-ambiguity") == []  # Snakemake builds them, not Binder


def test_tox_is_a_specification_that_can_disagree_with_the_projects_python_and_name_missing_files(tmp_path, audit_json):
    write_files(tmp_path, {"pyproject.toml": '[tool.poetry]\nname = "app"\n[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "^0.108"\n',
                           "poetry.lock": '[[package]]\nname = "fastapi"\nversion = "0.108.0"\n',
                           "tox.ini": "[tox]\nenvlist = flake8,py36\n\n[testenv]\ndeps =\n    pytest\ncommands =\n"
                                      "    pip install -r {toxinidir}/requirements.txt\n    pytest\n",
                           "app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n"})
    messages = {f["message"] for f in findings_of(audit_json(tmp_path), "env-specs-agree")}
    assert messages == {"no Python version satisfies every declaration (pyproject.toml: ^3.11; tox.ini: 3.6)",
                        "installs from requirements.txt, which is not in the project: installing from tox.ini fails"}


# --- The kind of project ---------------------------------------------------------------------------
def test_a_package_whose_code_makes_a_web_app_is_an_application_not_a_library(tmp_path, audit_json):
    write_files(tmp_path, {"pyproject.toml": '[project]\nname = "skeleton"\nrequires-python = ">=3.11"\ndependencies = ["fastapi>=0.108"]\n',
                           "skeleton/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
                           "README.md": "# A skeleton app\n\n```bash\nuvicorn skeleton.main:app\n```\n"})
    report = audit_json(tmp_path)
    assert facts_of(report)["Kind of project"].startswith("application")
    assert status_of(report, "project-citation") == "not-applicable"  # not "a library others build on"
    assert status_of(report, "project-entry-point") == "pass"  # the README's uvicorn command
    assert status_of(report, "env-lock-file") == "fail"


def test_a_library_that_only_extends_a_web_framework_stays_a_library(tmp_path, audit_json):
    write_files(tmp_path, {"pyproject.toml": '[project]\nname = "flask-thing"\ndependencies = ["flask>=2"]\n',
                           "flask_thing/__init__.py": "from flask import Blueprint\nbp = Blueprint('thing', __name__)\n",
                           "tests/test_app.py": "from flask import Flask\ndef test_app():\n    assert Flask(__name__)\n"})
    assert facts_of(audit_json(tmp_path))["Kind of project"].startswith("library")


# --- What the README documents ------------------------------------------------------------------
def test_a_licence_named_in_a_readme_section_headed_licensing_counts(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "# Analysis\n\n## Licensing\n\nAll code in this repository is available under the "
                                        "[MIT License](https://opensource.org/licenses/MIT). All data files are available "
                                        "under CC BY 4.0.\n", "run.py": "print(1)\n"})
    assert findings_of(audit_json(tmp_path), "project-license") == []


def test_data_files_described_one_by_one_in_the_top_readme_are_documented(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "# Data\n\nThe raw data is in three CSV files:\n\n- `performances.csv`: each performance.\n"
                                        "- `judged-aspects.csv`: the elements.\n- `judge-scores.csv`: each judge's score.\n",
                           "data/raw/performances.csv": "a\n1\n", "data/raw/judged-aspects.csv": "a\n1\n", "data/raw/judge-scores.csv": "a\n1\n",
                           "data/processed/unnamed.csv": "a\n1\n", "analysis.py": "import pandas\n"})
    places = [f["evidence"] for f in findings_of(audit_json(tmp_path), "data-documented")]
    assert places == ["data/processed/"]


def test_a_data_file_named_only_in_a_readmes_code_block_is_not_documented(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "# Pipeline\n\n```yaml\nstopwords:\n  filepath: data/01_raw/stopwords.yml\n```\n",
                           "data/01_raw/stopwords.yml": "- a\n- the\n", "src/run.py": "print(1)\n"})
    assert [f["evidence"] for f in findings_of(audit_json(tmp_path), "data-documented")] == ["data/01_raw/"]


# --- How places read -------------------------------------------------------------------------------
def test_a_repeat_on_the_line_a_finding_names_does_not_name_its_cell_again(tmp_path, audit_json):
    write_files(tmp_path, {"a.ipynb": notebook(code_cell("import random\nx = 1", 1),
                                               code_cell("random.shuffle(a); random.shuffle(b)", 2))})
    (finding,) = findings_of(audit_json(tmp_path), "nb-unseeded-randomness")
    assert finding["message"].endswith("(2 times on this line)")


# --- Instructions the README sends readers to -----------------------------------------------------
def test_a_file_the_install_guide_installs_from_is_a_specification_whatever_its_name(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "# Otto\n\nThe installation steps are in `dev/pip.md`.\n",
                           "dev/pip.md": "To install the packages:\n\n    pip install -r dev/freeze.pip\n",
                           "dev/freeze.pip": "numpy==1.9.2\nscikit-learn==0.16.1\n",
                           "train.py": "import numpy\nfrom sklearn.cross_validation import KFold\n"})
    report = audit_json(tmp_path)
    assert status_of(report, "env-spec-present") == "pass"  # not "no file declares the environment"
    assert findings_of(report, "env-dead-dependencies") == []  # scikit-learn 0.16.1 still has cross_validation
    assert facts_of(report)["a guide the README names (dev/pip.md) would use"] == "dev/freeze.pip"


def test_run_instructions_continued_in_a_guide_the_readme_names_are_instructions(tmp_path, audit_json):
    write_files(tmp_path, {"README.md": "# Workflow\n\nSee instructions [here](/quick-start.md).\n",
                           "quick-start.md": "```sh\nmamba env create -f workflow/envs/smk.yml\nsnakemake --use-conda --cores 2\n```\n",
                           "workflow/Snakefile": "rule all:\n    input: 'report.html'\n",
                           "workflow/envs/smk.yml": "dependencies:\n  - snakemake=7.32.4\n"})
    assert findings_of(audit_json(tmp_path), "project-readme") == []


# --- Pipelines: images and CI ----------------------------------------------------------------------
def test_a_snakemake_container_on_a_moving_tag_is_a_runtime_fetch(tmp_path, audit_json):
    write_files(tmp_path, {"workflow/Snakefile": 'containerized: "docker://lab/tool:latest"\n\nrule all:\n    input: "x"\n'})
    (finding,) = findings_of(audit_json(tmp_path), "env-runtime-fetches")
    assert (finding["evidence"], finding["message"]) == ("workflow/Snakefile:1", "runs its rules in lab/tool:latest, which changes "
                                                         "under the same name: give a version tag or a digest")


def test_ci_running_the_pipeline_through_the_snakemake_action_reproduces_it(tmp_path, audit_json):
    write_files(tmp_path, {"workflow/Snakefile": "rule all:\n    input: 'x'\n", "workflow/scripts/a.py": "print(1)\n",
                           ".github/workflows/tests.yml": "on: push\njobs:\n  t:\n    steps:\n      - uses: snakemake/snakemake-github-action@v1.24.0\n"
                                                         "        with:\n          snakefile: workflow/Snakefile\n"
                                                         "          args: '--cores 2 --use-conda'\n"})
    assert status_of(audit_json(tmp_path), "project-ci") == "pass"


# --- What is a test, what is a path ----------------------------------------------------------------
def test_snakemakes_generated_unit_test_fixtures_are_test_input_not_project_data(tmp_path, audit_json):
    write_files(tmp_path, {".tests/unit/run_ml/data/data/processed/otu.csv": "a\n1\n", "data/processed/otu.csv": "a\n1\n",
                           ".tests/unit/test_run_ml.py": "def test_run_ml():\n    assert True\n", "run.py": "print(1)\n"})
    assert [f["evidence"] for f in findings_of(audit_json(tmp_path), "data-documented")] == ["data/processed/"]


def test_train_test_py_is_training_code_not_a_test(tmp_path, audit_json):
    write_files(tmp_path, {"nnet/train_test.py": "from sklearn.model_selection import ShuffleSplit\nassert 1\ncv = ShuffleSplit(5)\n"})
    report = audit_json(tmp_path)
    assert [f["evidence"] for f in findings_of(report, "code-unseeded-randomness")] == ["nnet/train_test.py:3"]
    assert status_of(report, "project-tests") == "fail"


def test_a_printf_format_is_not_a_windows_drive(tmp_path, audit_json):
    write_files(tmp_path, {"removeOutliers.m": "fprintf('Class %d:\\t%6.0f\\t', i, N);\nload('D:\\\\data\\\\train.mat');\n"})
    assert [f["message"] for f in findings_of(audit_json(tmp_path), "code-absolute-paths")] == ["absolute path D:\\\\data\\\\train.mat"]


def test_a_generator_made_with_a_seed_and_named_after_the_module_is_seeded(tmp_path, audit_json):
    shuffled = "from random import Random\n\ndef key(n, seed):\n    random = Random(seed)\n    random.shuffle(n)\n    return n\n"
    write_files(tmp_path, {"modern.py": shuffled, "python2.py": shuffled.replace("    return n", "    print n"),
                           "unseeded.py": "from random import Random\nrandom = Random()\nrandom.shuffle(rows)\n"})
    assert [f["evidence"] for f in findings_of(audit_json(tmp_path), "code-unseeded-randomness")] == ["unseeded.py:3"]


def test_a_python2_docstring_that_names_a_random_call_is_prose(tmp_path, audit_json):
    write_files(tmp_path, {"shuffling.py": 'import random\n\ndef key(n):\n    """\n    Note that random.shuffle (pyshuffle) takes a seed.\n'
                                           '    """\n    print n\n    return n\n'})
    assert findings_of(audit_json(tmp_path), "code-unseeded-randomness") == []


def test_a_keyword_at_the_end_of_a_long_call_in_python2_code_is_seen(tmp_path, audit_json):
    steps = "".join(f"\t\t('gen{i}', Gen(difficult_classes = (2, 3), extra_features = 40)),\n" for i in range(12))
    call = ("from sklearn.grid_search import RandomizedSearchCV\nfrom numpy.random import RandomState\nrandom = RandomState(42)\n"
            f"opt = RandomizedSearchCV(\n\testimator = Pipeline([\n{steps}\t]),\n\tn_iter = 30,\n\trandom_state = random,\n)\nprint opt\n")
    write_files(tmp_path, {"optfinal.py": call, "skdebug.py": call.replace("\trandom_state", "\t#random_state")})
    assert [f["evidence"] for f in findings_of(audit_json(tmp_path), "code-unseeded-randomness")] == ["skdebug.py:4"]


def test_a_notebook_place_reads_as_jupyter_shows_it_the_cell_and_its_execution_count(tmp_path, run):
    write_files(tmp_path, {"a.ipynb": notebook({"cell_type": "markdown", "metadata": {}, "source": "# Shuffle"},
                                               code_cell("import random", 3), code_cell("random.shuffle(rows)", 7))})
    code, out, _ = run("audit", tmp_path)
    assert code == 0
    assert "a.ipynb:cell 3 (In [7]):1: random module without a seed" in out  # cell 3 counts the markdown cell too


def test_an_r_project_with_no_declared_environment_is_told_how_r_records_one(tmp_path, audit_json):
    write_files(tmp_path, {"analysis.R": "library(rstan)\nfit <- stan('m.stan', seed = 1)\n", "README.md": "# Paper\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-spec-present")
    assert "renv::snapshot()" in finding["message"] and "requirements.txt" not in finding["message"]


def test_notebook_checks_left_without_a_readable_notebook_say_which_could_not_be_read(tmp_path, audit_json):
    write_files(tmp_path, {"a.ipynb": '{"cells": [\n'})
    report = audit_json(tmp_path)
    order = next(c for g in report["groups"] for c in g["checks"] if c["id"] == "nb-execution-order")
    assert order["status"] == "not-applicable" and order["not_read"] == ["a.ipynb"]


def test_an_r_paper_is_not_told_its_python_version_is_not_declared(tmp_path, audit_json):
    write_files(tmp_path, {"analysis.R": "library(rstan)\n", "maps.R": "library(sp)\n", "README.md": "# Paper\n"})
    assert "Python version" not in facts_of(audit_json(tmp_path))


def test_lasagne_layers_draw_from_numpy_so_seeding_python_alone_leaves_them_unseeded(tmp_path, audit_json):
    net = "from random import seed\nfrom lasagne.layers import DenseLayer\nseed(42)\nlayer = DenseLayer(incoming, num_units=10)\n"
    write_files(tmp_path, {"net.py": net, "seeded.py": "import numpy as np\n" + net.replace("seed(42)", "np.random.seed(42)")})
    (finding,) = findings_of(audit_json(tmp_path), "code-unseeded-randomness")
    assert (finding["evidence"], finding["message"]) == ("net.py:4", "numpy.random without a seed (layers that start random: DenseLayer; Lasagne draws from NumPy)")


def test_a_recipe_running_notebooks_in_finds_order_when_one_writes_what_another_reads(tmp_path, audit_json):
    recipe = ("reproduce:\n\tcd notebooks && find . -type f -maxdepth 1 -exec jupyter nbconvert \\\n"
              "\t\t--to notebook --output {} --execute {} \\;\n")
    write_files(tmp_path, {"Makefile": recipe,
                           "notebooks/translate.ipynb": notebook(code_cell('import pandas as pd\nelements = pd.read_csv("../data/raw/s.csv")\n'
                                                                           'elements[["a"]].to_csv("../data/processed/goe.csv")', 1)),
                           "notebooks/analysis.ipynb": notebook(code_cell('import pandas as pd\ngoe = pd.read_csv("../data/processed/goe.csv")', 1)),
                           "notebooks/other.ipynb": notebook(code_cell('import pandas as pd\nraw = pd.read_csv("../data/raw/s.csv")', 1))})
    (finding,) = findings_of(audit_json(tmp_path), "project-entry-point")
    assert (finding["evidence"], finding["message"]) == (
        "Makefile:2", "make reproduce runs the notebooks in the order find lists them, but notebooks/translate.ipynb writes goe.csv, "
                      "which notebooks/analysis.ipynb reads: name the notebooks in the order they must run")


def test_notebooks_listed_in_order_by_the_recipe_are_an_entry_point(tmp_path, audit_json):
    write_files(tmp_path, {"Makefile": "reproduce:\n\tjupyter nbconvert --execute --to notebook --inplace notebooks/translate.ipynb\n"
                                       "\tjupyter nbconvert --execute --to notebook --inplace notebooks/analysis.ipynb\n",
                           "notebooks/translate.ipynb": notebook(code_cell('import pandas as pd\npd.DataFrame().to_csv("goe.csv")', 1)),
                           "notebooks/analysis.ipynb": notebook(code_cell('import pandas as pd\ngoe = pd.read_csv("goe.csv")', 1))})
    assert findings_of(audit_json(tmp_path), "project-entry-point") == []


def test_the_top_list_shows_the_finding_that_lists_most_of_a_check(tmp_path, run):
    write_files(tmp_path, {"workflow/Snakefile": 'rule fit:\n    conda: "envs/fit.yaml"\nrule lint:\n    conda: "envs/a-lint.yaml"\n',
                           "workflow/envs/a-lint.yaml": "dependencies:\n  - black\n",
                           "workflow/envs/fit.yaml": "dependencies:\n  - r-base=4\n  - r-caret\n  - r-mikropml>=1.6\n"})
    code, out, _ = run("audit", tmp_path)
    top = out.split("Read these first", 1)[1].split("Scores", 1)[0]
    assert "workflow/envs/fit.yaml:2: 3 of 3 dependencies not pinned" in top and "a-lint.yaml" not in top
