"""What a reader sees first and where teams look: the ranked top list, merged repeats and twins,
findings the project accepts with its reasons, and SARIF 2.1.0 for code-scanning views."""

from __future__ import annotations

import json
from urllib.parse import unquote

import jsonschema

from .conftest import REPO, code_cell, commit_all, copy_sample, findings_of, notebook, status_of, write_files

SARIF_SCHEMA = json.loads((REPO / "tests" / "vendor" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ERROR = {"output_type": "error", "ename": "KeyError", "evalue": "x", "traceback": []}


def test_the_top_list_puts_the_gravest_first_one_per_check(tmp_path, audit_json):
    project = commit_all(copy_sample("churn-model-flawed", tmp_path))
    report = audit_json(project)
    top = [report["findings"][index] for index in report["top"]]
    assert len(top) == 5 and len({f["check"] for f in top}) == 5
    severities = [f["severity"] for f in top]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    assert {"code-secrets", "nb-valid"} <= {f["check"] for f in top}


def test_exercise_and_solution_notebooks_are_recognised_as_twins(tmp_path, audit_json):
    cell = code_cell("import random\nrandom.random()", 1)
    write_files(tmp_path, {"exercises/02-sampling.ipynb": notebook(cell), "solutions/02-sampling.ipynb": notebook(cell)})
    (finding,) = findings_of(audit_json(tmp_path), "nb-unseeded-randomness")
    assert finding["message"] == "random module without a seed (also in its twin, solutions/02-sampling.ipynb:cell 1:2)"


def test_accepted_findings_are_shown_with_their_reason_and_do_not_count(tmp_path, audit_json, run):
    write_files(tmp_path, {
        "pyproject.toml": '[tool.tension-points.audit]\naccept = [{ check = "nb-error-outputs", path = "chapters/ch3.ipynb", '
                          'reason = "the chapter shows a KeyError on purpose" }, { check = "code-secrets", reason = "never used" }]\n',
        "chapters/ch3.ipynb": notebook(code_cell("d = {}\nd['x']", 1, [ERROR])),
        "chapters/other.ipynb": notebook(code_cell("d = {}\nd['y']", 1, [ERROR])),
    })
    report = audit_json(tmp_path)
    assert [f["path"] for f in findings_of(report, "nb-error-outputs")] == ["chapters/other.ipynb"]
    (accepted,) = report["accepted_findings"]
    assert accepted["path"] == "chapters/ch3.ipynb" and accepted["reason"] == "the chapter shows a KeyError on purpose"
    assert [(a["check"], a["findings"]) for a in report["accepted"]] == [("nb-error-outputs", 1), ("code-secrets", 0)]
    _, text, _ = run("audit", tmp_path)
    assert "Accepted findings" in text and "the chapter shows a KeyError on purpose" in text
    assert "Accept entries that matched nothing in this run: code-secrets" in text


def test_a_check_whose_findings_are_all_accepted_passes(tmp_path, audit_json):
    write_files(tmp_path, {"pyproject.toml": '[tool.tension-points.audit]\naccept = [{ check = "nb-error-outputs", '
                                             'reason = "a chapter on errors" }]\n',
                           "a.ipynb": notebook(code_cell("1/0", 1, [ERROR]))})
    assert status_of(audit_json(tmp_path), "nb-error-outputs") == "pass"


def test_an_accept_without_a_reason_is_refused(tmp_path, run):
    write_files(tmp_path, {"pyproject.toml": '[tool.tension-points.audit]\naccept = [{ check = "nb-error-outputs" }]\n'})
    code, _, err = run("audit", tmp_path)
    assert code == 2 and "accept[0].reason: required field is missing (every entry needs a reason)" in err


def test_sarif_follows_the_official_2_1_0_schema_and_cites_lines(tmp_path, run):
    project = commit_all(copy_sample("churn-model-flawed", tmp_path))
    write_files(project, {"pyproject.toml": '[tool.tension-points.audit]\naccept = [{ check = "code-absolute-paths", '
                                            'reason = "the author\'s paths, kept for the exercise" }]\n'})
    code, out, _ = run("audit", project, "--format", "sarif")
    assert code == 0
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    run_log = log["runs"][0]
    rules = [rule["id"] for rule in run_log["tool"]["driver"]["rules"]]
    results = run_log["results"]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in results)
    secret = next(r for r in results if r["ruleId"] == "code-secrets" and "AWS access key ID" in r["message"]["text"])
    assert secret["level"] == "error"
    assert secret["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "src/train.py", "uriBaseId": "PROJECTROOT"},
                                                          "region": {"startLine": 17}}
    in_cell = next(r for r in results if r["ruleId"] == "nb-error-outputs")
    assert in_cell["message"]["text"].startswith("notebooks/01-explore.ipynb:cell 5: ") and in_cell["properties"]["cell"] == 5
    cell_source = json.loads((project / "notebooks/01-explore.ipynb").read_text(encoding="utf-8"))["cells"][4]["source"]
    assert json.loads(region_text(project / "notebooks/01-explore.ipynb", in_cell)) == cell_source
    accepted = [r for r in results if r["ruleId"] == "code-absolute-paths"]
    assert accepted and all(r["suppressions"] == [{"kind": "external", "justification": "the author's paths, kept for the exercise"}]
                            for r in accepted)


def test_sarif_of_a_hostile_name_is_valid_and_exact(tmp_path, run):
    write_files(tmp_path, {"da ta/x\u202e.py": "import random\nrandom.random()\n"})
    log = json.loads(run("audit", tmp_path, "--format", "sarif")[1])
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "code-unseeded-randomness"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "da%20ta/x%E2%80%AE.py"


def region_text(path, result: dict) -> str:
    """The text of the file that a SARIF result's region covers, as a code-scanning view would highlight it."""
    region = result["locations"][0]["physicalLocation"]["region"]
    lines = path.read_text(encoding="utf-8").split("\n")[region["startLine"] - 1: region["endLine"]]
    lines[-1] = lines[-1][: region["endColumn"] - 1]
    lines[0] = lines[0][region["startColumn"] - 1:]
    return "\n".join(lines)


def test_sarif_puts_a_notebook_finding_on_its_cell_line_in_the_notebook_file(tmp_path, run):
    """A code-scanning view shows the .ipynb file's lines: the region is where the cell's line is written in it,
    however the notebook was saved (Jupyter's one string a line, one string a cell, nbformat 3, all on one line)."""
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Tirages 🎲 é\n", "A \"draw\" of three.\n"]},
             code_cell(["import numpy as np\n", "print('a\\nb', 'é🎲')\n", "x = np.random.rand(3)\n", "x"], 1),
             code_cell("import random\nrandom.random()", 2)]
    old = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [
        {"cell_type": "markdown", "source": ["Old\n"]},
        {"cell_type": "code", "input": ["import random\n", "random.random()"], "language": "python", "outputs": []}]}]}
    write_files(tmp_path, {"as-jupyter-saves.ipynb": json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                                                 "nbformat_minor": 5}, indent=1),
                           "all on one line/é.ipynb": json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                                                  "nbformat_minor": 5}, ensure_ascii=False),
                           "nbformat3.ipynb": json.dumps(old, indent=1)})
    code, out, _ = run("audit", tmp_path, "--format", "sarif")
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert code == 0 and log["runs"][0]["columnKind"] == "unicodeCodePoints"
    seen: dict[tuple[str, str], set[str]] = {}
    for result in log["runs"][0]["results"]:
        for place in [*result.get("locations", []), *result.get("relatedLocations", [])]:
            uri = unquote(place["physicalLocation"]["artifactLocation"]["uri"])
            if uri.endswith(".ipynb") and "region" in place["physicalLocation"]:
                text = region_text(tmp_path / uri, {"locations": [place]})
                seen.setdefault((result["ruleId"], uri), set()).add(json.loads(f'"{text}"'))
    assert seen[("nb-unseeded-randomness", "as-jupyter-saves.ipynb")] == {"x = np.random.rand(3)", "random.random()"}
    assert seen[("nb-unseeded-randomness", "all on one line/é.ipynb")] == {"x = np.random.rand(3)", "random.random()"}
    assert seen[("nb-unseeded-randomness", "nbformat3.ipynb")] == {"random.random()"}
