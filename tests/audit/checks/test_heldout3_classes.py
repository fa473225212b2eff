"""Classes of false alarm and miss found by the third held-out batch (issue 24), project structure: a repository
of self-contained sub-projects, a README that quotes a book or says what it is not, other ecosystems' commands
and tests, Dockerfiles, committed build output, checks that cannot read a project's language."""

from __future__ import annotations

from ..conftest import findings_of, status_of, write_files


def facts_of(report: dict, group: str = "environment") -> dict:
    return {f["label"]: f["value"] for g in report["groups"] if g["id"] == group for f in g["facts"]}


WEEK_README = """# Week {n}

```
pip install -r requirements.txt
python train.py
```
"""


def weekly_course(week_two_dockerfile: str = "FROM python:3.11.9-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n") -> dict:
    return {"README.md": "# Basics, week by week\n\n- [Week 1](week_1/README.md)\n- [Week 2](week_2/README.md)\n",
            "week_1/README.md": WEEK_README.format(n=1), "week_1/requirements.txt": "torch==2.3.1\nwandb\n",
            "week_1/train.py": "import torch\nimport wandb\n",
            "week_2/README.md": WEEK_README.format(n=2), "week_2/requirements.txt": "torch==2.3.1\n",
            "week_2/train.py": "import torch\n", "week_2/serve.py": "import onnxruntime\n",
            "week_2/Dockerfile": week_two_dockerfile}


# --- Sub-projects -----------------------------------------------------------------------------------
def test_a_repository_of_sub_projects_declares_its_environments_and_run_instructions_in_each_folder(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, weekly_course()))
    assert findings_of(report, "env-spec-present") == []  # not "no file declares the environment"
    assert findings_of(report, "project-readme") == []  # the folders' READMEs give the commands
    assert status_of(report, "project-entry-point") == "pass"  # python train.py, run from week_1/
    assert facts_of(report)["Sub-projects with their own specifications"].startswith("2 (week_1/, week_2/)")


def test_each_sub_project_is_checked_against_its_own_specification_not_the_union(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, weekly_course()))
    (undeclared,) = findings_of(report, "env-imports-declared")  # week_1 declares wandb; week_2 does not declare onnxruntime
    assert undeclared["evidence"] == "week_2/serve.py:1"
    assert undeclared["message"] == "imports onnxruntime; its sub-project's specification does not declare it"
    (pins,) = findings_of(report, "env-pinned-versions")
    assert pins["evidence"] == "week_1/requirements.txt:2" and "wandb" in pins["message"]


def test_a_sub_projects_dockerfile_is_checked_for_a_moving_base_image_and_a_missing_requirements_file(tmp_path, audit_json):
    dockerfile = "FROM huggingface/transformers-pytorch-cpu:latest\nRUN pip install -r requirements_prod.txt\nRUN pip install \"dvc[s3]\"\n"
    report = audit_json(write_files(tmp_path, weekly_course(dockerfile)))
    (image,) = findings_of(report, "env-runtime-fetches")
    assert image["evidence"] == "week_2/Dockerfile:1" and "transformers-pytorch-cpu:latest" in image["message"]
    (missing,) = findings_of(report, "env-specs-agree")
    assert missing["message"].startswith("installs from requirements_prod.txt, which is not in the project")
    (pins,) = findings_of(report, "env-pinned-versions")  # the image's own pip install is a loose entry too
    assert "(dvc, wandb)" in pins["message"]


def test_a_project_with_its_own_specification_keeps_an_examples_folder_apart(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {"requirements.txt": "numpy==2.0.0\n", "run.py": "import numpy\n",
                                               "README.md": "# X\n\n```\npython run.py\n```\n",
                                               "examples/app/requirements.txt": "flask\n", "examples/app/app.py": "import flask\n"}))
    assert findings_of(report, "env-pinned-versions") == []  # the example's loose flask is its own business
    assert findings_of(report, "env-imports-declared") == []


# --- What the README says the project is ------------------------------------------------------------
def test_an_epigraph_quoting_a_book_does_not_make_the_project_a_book(tmp_path, audit_json):
    readme = ("# Basics\n\n > There is nothing magic about magic. - Jeffrey Friedl in the book Mastering Regular Expressions\n\n"
              "The goal is to understand model building and deployment.\n\n```\npython train.py\n```\n")
    report = audit_json(write_files(tmp_path, {"README.md": readme, "train.py": "print(1)\n", "requirements.txt": "numpy==2.0.0\n"}))
    assert not facts_of(report)["Kind of project"].startswith("teaching material")
    assert status_of(report, "project-citation") == "not-applicable"


def test_what_a_readme_says_the_project_is_not_is_not_what_it_is(tmp_path, audit_json):
    readme = ("# jaffle\n\nWhat this repo _is_:\n- A self-contained playground project.\n\nWhat this repo _is not_:\n"
              "- A tutorial: see the Getting Started Tutorial for that.\n- A demonstration of best practices.\n\n"
              "This is not a course either.\n")
    report = audit_json(write_files(tmp_path, {"README.md": readme, "run.py": "print(1)\n"}))
    assert facts_of(report)["Kind of project"].startswith("application")


def test_a_readme_that_calls_itself_a_course_is_still_teaching_material(tmp_path, audit_json):
    readme = "# Deep learning course\n\nThe notebooks of a course, not a book.\n"
    report = audit_json(write_files(tmp_path, {"README.md": readme, "01.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'}))
    assert facts_of(report)["Kind of project"].startswith("teaching material: its README calls it course material")


# --- Other ecosystems' run and test commands ----------------------------------------------------------
DBT_SCHEMA = """version: 2
models:
  - name: customers
    columns:
      - name: customer_id
        tests:
          - unique
          - not_null
"""


def test_a_dbt_projects_readme_commands_run_it_and_its_declared_schema_tests_are_tests(tmp_path, audit_json):
    readme = "# shop\n\n1. Run the models:\n```bash\n$ dbt seed\n$ dbt run\n```\n2. Test them:\n```bash\n$ dbt test\n```\n"
    report = audit_json(write_files(tmp_path, {"README.md": readme, "dbt_project.yml": "name: shop\nprofile: shop\n",
                                               "models/customers.sql": "select 1 as customer_id\n", "models/schema.yml": DBT_SCHEMA}))
    assert findings_of(report, "project-readme") == []
    assert findings_of(report, "project-tests") == []
    assert status_of(report, "project-entry-point") == "pass"


def test_a_yaml_file_that_only_mentions_tests_is_not_a_test_suite(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {"README.md": "# x\n", "dbt_project.yml": "name: shop\n",
                                               "models/customers.sql": "select 1\n", "models/schema.yml": "version: 2\ntests: []\n"}))
    assert len(findings_of(report, "project-tests")) == 1


def test_ci_running_dbt_build_reproduces_the_project(tmp_path, audit_json):
    workflow = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: dbt build --target ci\n"
    report = audit_json(write_files(tmp_path, {"README.md": "# x\n", "dbt_project.yml": "name: shop\n", "models/a.sql": "select 1\n",
                                               ".github/workflows/ci.yml": workflow}))
    assert findings_of(report, "project-ci") == []


def test_rscript_and_julia_running_a_script_of_the_project_are_entry_points(tmp_path, audit_json):
    for runner, script in (("Rscript", "analysis/run.R"), ("julia --project=.", "run.jl")):
        root = write_files(tmp_path / runner.split()[0], {"README.md": f"# x\n\n```\n{runner} {script}\n```\n", script: "x <- 1\n"})
        report = audit_json(root)
        assert status_of(report, "project-entry-point") == "pass", runner


# --- README naming scripts that are not there --------------------------------------------------------
def test_scripts_a_readme_names_that_are_nowhere_in_the_project_are_one_finding(tmp_path, audit_json):
    readme = ("# Forecast\n\nThe scripts are in `scripts/model`:\n\n  - `final_model_2008.R`\n  - `final_model_2012.R`\n  - `helpers.R`\n\n"
              "Packages: `DataFrames.jl`; text extracted with [`WikiExtractor.py`](https://github.com/x/y).\n")
    report = audit_json(write_files(tmp_path, {"README.md": readme, "scripts/model/final_2008.R": "x <- 1\n",
                                               "scripts/model/helpers.R": "f <- function() 1\n"}))
    (finding,) = [f for f in findings_of(report, "project-readme") if "names" in f["message"]]
    assert finding["message"] == ("the README names final_model_2008.R and final_model_2012.R, which are not in the project "
                                  "(renamed, or never committed?)")
    assert finding["evidence"] == "README.md:5" and finding["severity"] == "medium"


# --- Checks that cannot read a project's language say so ----------------------------------------------
def julia_notebook(source: str) -> str:
    import json

    return json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": source, "execution_count": 1, "outputs": []}],
                       "metadata": {"kernelspec": {"language": "julia", "name": "julia-1.9"}, "language_info": {"name": "julia"}},
                       "nbformat": 4, "nbformat_minor": 5})


def test_a_check_that_reads_no_code_of_the_projects_language_is_not_checked_and_does_not_score(tmp_path, audit_json, run):
    root = write_files(tmp_path, {"README.md": "# x\n", "01.ipynb": julia_notebook("x = joinpath(\"/home/ana\", \"d.csv\")"),
                                  "model.R": "y <- 1\n"})
    report = audit_json(root)
    paths = next(c for g in report["groups"] for c in g["checks"] if c["id"] == "nb-absolute-paths")
    assert paths["status"] == "skipped"
    assert paths["skip_reason"] == "not checked: it reads Python notebooks only; this project's notebooks are in Julia"
    assert paths["by_hand"].startswith("Search the notebooks for paths that start with /home/")
    imports = next(c for g in report["groups"] for c in g["checks"] if c["id"] == "env-imports-declared")
    assert imports["skip_reason"] == "not checked: it reads Python code only; this project's code is in Julia and R"
    _, text, _ = run("audit", root)
    assert ("- nb-absolute-paths: it reads Python notebooks only; this project's notebooks are in Julia. By hand: Search the "
            "notebooks for paths that start with /home/, /Users/ or a drive letter (C:) and make them relative to the project.") in text
    assert "Not checked (neither passed nor failed" in text
    assert "nb-absolute-paths" not in next(line for line in text.splitlines() if line.startswith("Passing: nb-"))
    assert report["score"]["groups"]["notebooks"] is not None  # the checks it could judge still score


def test_a_python_project_is_still_checked_and_passes(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {"run.py": "import random\nrandom.seed(1)\nprint(random.random())\n", "helper.R": "x <- 1\n"}))
    assert status_of(report, "code-unseeded-randomness") == "pass"


def test_fixes_speak_the_projects_ecosystem_not_pythons(tmp_path, audit_json, run):
    dbt = write_files(tmp_path / "dbt", {"README.md": "# x\n", "dbt_project.yml": "name: shop\n", "models/a.sql": "select 1\n"})
    r = write_files(tmp_path / "r", {"README.md": "# x\n", "analysis.R": "library(dplyr)\n"})
    julia = write_files(tmp_path / "julia", {"README.md": "# x\n", "01.ipynb": julia_notebook("using DataFrames")})
    fixes = {name: {f["check"]: f["fix"] for f in audit_json(root)["findings"]} for name, root in (("dbt", dbt), ("r", r), ("julia", julia))}
    assert "dbt-core" in fixes["dbt"]["env-spec-present"] and "pip freeze" not in fixes["dbt"]["env-spec-present"]
    assert "renv::snapshot()" in fixes["r"]["env-spec-present"]
    assert "testthat" in fixes["r"]["project-tests"] and "pytest" not in fixes["r"]["project-tests"]
    assert "Pkg.test()" in fixes["julia"]["project-tests"]
    assert "targets::tar_make()" in fixes["r"]["project-entry-point"]
    _, text, _ = run("audit", dbt)
    assert "Fix: Add a requirements.txt naming dbt-core" in text


# --- Dockerfiles ---------------------------------------------------------------------------------------
def test_a_dockerfile_on_a_moving_image_with_loose_installs_and_a_missing_requirements_file_is_reported(tmp_path, audit_json):
    dockerfile = ("FROM amazon/aws-lambda-python\nCOPY requirements_prod.txt ./\nRUN pip install -r requirements_prod.txt\n"
                  "RUN pip install \"dvc[s3]\"\nCOPY app.py ./\n")
    report = audit_json(write_files(tmp_path, {"Dockerfile": dockerfile, "requirements.txt": "fastapi==0.110.0\n",
                                               "app.py": "import fastapi\n", "README.md": "# x\n\n```\ndocker build .\n```\n"}))
    (image,) = findings_of(report, "env-runtime-fetches")
    assert image["evidence"] == "Dockerfile:1" and "amazon/aws-lambda-python" in image["message"]
    messages = sorted(f["message"] for f in findings_of(report, "env-specs-agree"))
    assert "copies requirements_prod.txt into the image, but the project has no such file: building the image fails" in messages
    assert "installs from requirements_prod.txt, which is not in the project: installing from Dockerfile fails" in messages
    (pins,) = [f for f in findings_of(report, "env-pinned-versions") if f["evidence"].startswith("Dockerfile")]
    assert "dvc" in pins["message"]


def test_a_dockerfile_in_a_folder_built_from_the_top_finds_the_requirements_there(tmp_path, audit_json):
    dockerfile = "FROM python:3.11.9-slim\nCOPY requirements.txt /app/requirements.txt\nRUN pip install -r /app/requirements.txt\n"
    report = audit_json(write_files(tmp_path, {"docker/Dockerfile": dockerfile, "requirements.txt": "numpy==2.0.0\n",
                                               "run.py": "import numpy\n"}))
    assert [f for f in findings_of(report, "env-specs-agree") if "missing" in f["message"] or "no such file" in f["message"]] == []


# --- Committed build output --------------------------------------------------------------------------
def test_committed_compiled_programs_and_rs_default_plot_file_are_build_output_not_text(tmp_path, audit_json):
    from ..conftest import commit_all

    mach_o = b"\xcf\xfa\xed\xfe" + bytes(range(256)) * 4500  # over the 1 MiB read limit, which a text file is noted for
    root = write_files(tmp_path, {"scripts/model.stan": "parameters { real mu; }\n", "scripts/model": mach_o,
                                  "tools/convert": b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "Rplots.pdf": b"%PDF-1.4\n",
                                  "scripts/fit.R": "x <- 1\n", "README.md": "# x\n"})
    report = audit_json(commit_all(root))
    messages = {f["evidence"]: f["message"] for f in findings_of(report, "git-generated-outputs")}
    assert messages["scripts/model"] == "a compiled macOS (Mach-O) program, built for one system from the project's sources, committed"
    assert messages["tools/convert"].startswith("a compiled Linux (ELF) program")
    assert messages["Rplots.pdf"].startswith("R's default plot file")
    assert not [n for n in report["notes"] if n["path"] in ("scripts/model", "tools/convert")]  # recognised, not read as text


def test_sub_projects_without_a_lock_file_are_one_finding(tmp_path, audit_json):
    (lock,) = findings_of(audit_json(write_files(tmp_path, weekly_course())), "env-lock-file")
    assert lock["message"].startswith("no lock file in 2 of 2 sub-projects (week_1/, week_2/)")


def test_a_dbt_projects_models_folder_of_sql_and_its_schema_is_source_not_committed_results(tmp_path, audit_json):
    from ..conftest import commit_all

    root = write_files(tmp_path, {"README.md": "# x\n", "dbt_project.yml": "name: shop\n", "models/customers.sql": "select 1\n",
                                  "models/schema.yml": DBT_SCHEMA, "models/staging/schema.yml": DBT_SCHEMA,
                                  "models/staging/stg.sql": "select 1\n"})
    assert facts_of(audit_json(commit_all(root)), "git")["Committed results"] == "none"


def test_code_outside_the_sub_projects_still_needs_a_declaration_and_the_message_says_which(tmp_path, audit_json):
    files = {**weekly_course(), "tools/fetch.py": "import requests\n"}
    (finding,) = findings_of(audit_json(write_files(tmp_path, files)), "env-spec-present")
    assert finding["message"] == ("no file declares the environment (requirements.txt, environment.yml, pyproject.toml...) for the "
                                  "code outside the sub-projects (tools/fetch.py...); week_1/, week_2/ declare their own")


def test_c_that_cython_generated_beside_its_pyx_is_build_output(tmp_path, audit_json):
    from ..conftest import commit_all

    root = write_files(tmp_path, {"fast.pyx": "def f(): return 1\n", "fast.c": "/* Generated by Cython 0.29.24 */\nint x;\n",
                                  "handwritten.c": "/* my kernel */\nint y;\n", "README.md": "# x\n"})
    messages = {f["evidence"]: f["message"] for f in findings_of(audit_json(commit_all(root)), "git-generated-outputs")}
    assert messages == {"fast.c": "code generated by Cython (the build makes it again from the source beside it), committed"}


def test_a_sub_projects_readme_may_run_a_script_from_the_top_of_the_repository(tmp_path, audit_json):
    files = {**weekly_course(), "week_1/README.md": "# Week 1\n\nFrom the root of the repository: `Rscript base.r`\n", "base.r": "x <- 1\n"}
    assert findings_of(audit_json(write_files(tmp_path, files)), "project-readme") == []


def test_the_same_import_missing_from_many_sub_projects_is_one_finding(tmp_path, audit_json):
    files = {f"part_{n}/{name}": text for n in range(4) for name, text in
             (("requirements.txt", "numpy==2.0.0\n"), ("run.py", "import numpy\nimport requests\n"))}
    (finding,) = findings_of(audit_json(write_files(tmp_path, files)), "env-imports-declared")
    assert finding["evidence"] == "part_0/run.py:2" and len(finding["places"]) == 3


def test_each_sub_project_declares_its_python_or_is_named(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, weekly_course()))  # week_2's Dockerfile builds on python:3.11.9-slim
    (finding,) = findings_of(report, "env-python-version")
    assert finding["message"] == ("no declared Python version (requires-python, runtime.txt, environment.yml, .python-version) "
                                  "in 1 of 2 sub-projects (week_1/)")
    files = {**weekly_course(), "week_1/runtime.txt": "python-3.11.9\n"}
    assert findings_of(audit_json(write_files(tmp_path / "both", files)), "env-python-version") == []


def test_an_epigraph_without_a_blockquote_is_still_someone_elses_words(tmp_path, audit_json):
    readme = ('# Basics\n\n*"Once you learn how to hold a card, you only need practice."* — Jeffrey Friedl, in the book Mastering '
              'Regular Expressions\n\nThe goal is to understand model building and deployment.\n')
    report = audit_json(write_files(tmp_path, {"README.md": readme, "train.py": "print(1)\n"}))
    assert facts_of(report)["Kind of project"].startswith("application")
