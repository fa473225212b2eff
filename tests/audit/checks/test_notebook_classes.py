"""Notebook checks by class: cleared notebooks, nbformat 3, errors shown on purpose, timed cells, magics."""

from __future__ import annotations

import json

from ..conftest import code_cell, findings_of, notebook, status_of, write_files

ERROR = {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero", "traceback": []}


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def test_a_notebook_with_every_output_cleared_is_not_unexecuted(tmp_path, audit_json):
    write_files(tmp_path, {"a.ipynb": notebook(*(code_cell(f"x{i} = {i}") for i in range(5)))})
    report = audit_json(tmp_path)
    assert status_of(report, "nb-unexecuted-cells") == "pass"
    assert status_of(report, "nb-execution-order") == "pass"


def test_counts_blanked_on_purpose_with_outputs_kept(tmp_path, audit_json):
    shown = [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
    write_files(tmp_path, {"a.ipynb": notebook(code_cell("print(1)", None, shown), code_cell("print(2)", None, shown))})
    assert status_of(audit_json(tmp_path), "nb-unexecuted-cells") == "pass"


def test_an_nbformat_3_notebook_is_read_not_called_invalid(tmp_path, audit_json):
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {"name": "old"}, "worksheets": [{"cells": [
        {"cell_type": "code", "input": "import numpy as np\nnp.random.rand(3)", "prompt_number": 1, "language": "python",
         "outputs": [{"output_type": "pyerr", "ename": "NameError", "evalue": "x", "traceback": []}]}]}]}
    write_files(tmp_path, {"old.ipynb": json.dumps(v3), "requirements.txt": "numpy==2.1.1\n"})
    report = audit_json(tmp_path)
    assert status_of(report, "nb-valid") == "pass"
    assert [f["evidence"] for f in findings_of(report, "nb-error-outputs")] == ["old.ipynb:cell 1"]
    assert [f["evidence"] for f in findings_of(report, "nb-unseeded-randomness")] == ["old.ipynb:cell 1:2"]
    facts = {f["label"]: f["value"] for f in report["groups"][1]["facts"]}
    assert facts["Older nbformat 3 notebooks (Jupyter opens and upgrades them)"] == "old.ipynb"


def test_errors_a_teaching_notebook_shows_on_purpose(tmp_path, audit_json):
    write_files(tmp_path, {
        "lesson.ipynb": notebook(markdown("Dividing by zero raises an exception; read the traceback below."),
                                 code_cell("1 / 0", 1, [ERROR]), code_cell("mean_squared_error(a, b)", 2, [ERROR])),
    })
    report = audit_json(tmp_path)
    assert [f["evidence"] for f in findings_of(report, "nb-error-outputs")] == ["lesson.ipynb:cell 3"]
    facts = {f["label"]: f["value"] for f in report["groups"][1]["facts"]}
    assert facts["Error outputs shown on purpose (the text around them says so)"] == "lesson.ipynb:cell 2"


def test_timed_cells_and_magics_are_not_randomness_or_syntax_errors(tmp_path, audit_json):
    write_files(tmp_path, {"bench.ipynb": notebook(
        code_cell("import numpy as np\n%timeit np.random.rand(100)\n!ls data", 1),
        code_cell("%%timeit\nnp.random.rand(1000)", 2),
        code_cell("rows = !wc -l data.csv\nnp.random.seed(0)\nnp.random.rand(3)", 3))})
    assert status_of(audit_json(tmp_path), "nb-unseeded-randomness") == "pass"


def test_a_seed_in_the_projects_helper_covers_the_notebook(tmp_path, audit_json):
    write_files(tmp_path, {"utils.py": "import numpy as np\ndef train_test_split(X, y, seed):\n    np.random.seed(seed)\n    return X, y\n",
                           "a.ipynb": notebook(code_cell("import numpy as np\nfrom utils import train_test_split\n"
                                                         "train_test_split(X, y, seed=2)\nnp.random.rand(3)", 1))})
    assert status_of(audit_json(tmp_path), "nb-unseeded-randomness") == "pass"


def test_a_notebook_that_does_not_parse_still_has_its_other_cells_read(tmp_path, audit_json):
    write_files(tmp_path, {"a.ipynb": notebook(code_cell("print 'python 2'", 1), code_cell("import random\nrandom.random()", 2))})
    assert [f["evidence"] for f in findings_of(audit_json(tmp_path), "nb-unseeded-randomness")] == ["a.ipynb:cell 2:2"]


# --- Execution order: one finding a notebook; cells with no code left out (issue 24's held-out judging) ----------
def test_every_way_a_notebook_ran_out_of_order_is_one_finding(tmp_path, audit_json):
    write_files(tmp_path, {"eda.ipynb": notebook(code_cell("a = 1", 1), code_cell("b = 2", 5), code_cell("c = 3", 3),
                                                 code_cell("d = 4", 3), code_cell("e = 5", 9))})
    (finding,) = findings_of(audit_json(tmp_path), "nb-execution-order")
    assert finding["message"].startswith("cells ran out of order: execution count 3 comes after 5")
    assert "appears twice" in finding["message"] and "jump from 1 to 5" in finding["message"]


def test_answers_without_code_and_blank_exercises_are_not_held_to_an_order(tmp_path, audit_json):
    write_files(tmp_path, {"Solutions.ipynb": notebook(code_cell("", 4), code_cell("", 2), code_cell("", 9)),
                           "Exercises.ipynb": notebook(code_cell("import pandas as pd", 1), code_cell("", 7), code_cell("# your code", 3))})
    assert findings_of(audit_json(tmp_path), "nb-execution-order") == []


def test_a_notebook_whose_first_count_is_not_one_ran_in_a_used_kernel(tmp_path, audit_json):
    write_files(tmp_path, {"eda.ipynb": notebook(code_cell("a = 1", 14), code_cell("b = 2", 15))})
    (finding,) = findings_of(audit_json(tmp_path), "nb-execution-order")
    assert "the first saved execution count is 14" in finding["message"]


def test_a_cell_that_only_halts_run_all_shows_its_error_on_purpose(tmp_path, audit_json):
    error = {"output_type": "error", "ename": "NameError", "evalue": "name 'stop' is not defined", "traceback": []}
    write_files(tmp_path, {"eda.ipynb": notebook(code_cell("x = 1", 1), code_cell("stop", 2, [error]), code_cell("y = 2", None)),
                           "other.ipynb": notebook(code_cell("df.plot()", 1, [error]))})
    assert [f["path"] for f in findings_of(audit_json(tmp_path), "nb-error-outputs")] == ["other.ipynb"]
