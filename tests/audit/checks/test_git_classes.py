"""Version-control checks by class: committed results, listed as evidence, reported only when a run reuses them."""

from __future__ import annotations

import json

from ..conftest import code_cell, commit_all, findings_of, notebook, write_files

TRAIN = """import os
import joblib
from sklearn.linear_model import LogisticRegression

MODEL = "models/model.joblib"

def main(X, y):
    if os.path.exists(MODEL):
        return joblib.load(MODEL)
    model = LogisticRegression(random_state=0).fit(X, y)
    joblib.dump(model, MODEL)
    return model
"""


def reused(report: dict) -> list[tuple[str, int | None, str]]:
    return [(f["path"], f.get("line"), f["message"]) for f in findings_of(report, "git-generated-outputs")
            if f["kind"] == "committed result reused"]


def committed_results(report: dict) -> str:
    return next(fact["value"] for group in report["groups"] for fact in group["facts"] if fact["label"] == "Committed results")


def test_a_model_the_code_skips_training_when_it_is_committed(tmp_path, audit_json):
    write_files(tmp_path, {"src/train.py": TRAIN, "models/model.joblib": b"\x80\x04model", "requirements.txt": "scikit-learn==1.5.0\n"})
    report = audit_json(commit_all(tmp_path))
    assert reused(report) == [("src/train.py", 8, "models/model.joblib is made here and committed, and the code checks whether it "
                                                 "exists before making it: a run from a fresh clone can reuse the committed file "
                                                 "instead of reproducing it")]
    (finding,) = [f for f in findings_of(report, "git-generated-outputs") if f["kind"] == "committed result reused"]
    assert finding["severity"] == "medium"  # graver than litter in Git: the result is never made again


def test_the_same_code_with_the_model_ignored_or_uncommitted_is_not_reported(tmp_path, audit_json):
    write_files(tmp_path, {"src/train.py": TRAIN, ".gitignore": "models/\n", "requirements.txt": "scikit-learn==1.5.0\n"})
    assert reused(audit_json(commit_all(tmp_path))) == []


def test_a_results_log_read_back_before_the_next_runs_are_added(tmp_path, audit_json):
    sweep = ("import os\nimport pandas as pd\n\nLOG = os.path.join('results', 'runs.csv')\n\ndone = set(pd.read_csv(LOG)['alpha'])\n"
             "for alpha in (0.1, 1.0, 10.0):\n    if alpha in done:\n        continue\n"
             "    pd.DataFrame({'alpha': [alpha]}).to_csv(LOG, mode='a', header=False)\n")
    write_files(tmp_path, {"sweep.py": sweep, "results/runs.csv": "alpha,score\n0.1,0.8\n", "requirements.txt": "pandas==2.2.2\n"})
    assert reused(audit_json(commit_all(tmp_path))) == [
        ("sweep.py", 6, "reads results/runs.csv before making it again (line 10), and the file is committed: a run from a "
                        "fresh clone starts from the committed results instead of from scratch")]


def test_a_notebook_cache_of_features_from_its_own_folder(tmp_path, audit_json):
    cells = [code_cell("import pandas as pd\nfrom pathlib import Path", 1),
             code_cell("if Path('../outputs/features.parquet').exists():\n    features = pd.read_parquet('../outputs/features.parquet')\n"
                       "else:\n    features = pd.read_csv('../data/raw.csv').describe()\n"
                       "    features.to_parquet('../outputs/features.parquet')", 2)]
    write_files(tmp_path, {"notebooks/features.ipynb": notebook(*cells), "outputs/features.parquet": b"PAR1",
                           "data/raw.csv": "a\n1\n", "data/README.md": "# Raw\n", "requirements.txt": "pandas==2.2.2\n"})
    report = audit_json(commit_all(tmp_path))
    assert [(path, line) for path, line, _ in reused(report)] == [("notebooks/features.ipynb", 1)]
    (finding,) = [f for f in findings_of(report, "git-generated-outputs") if f["kind"] == "committed result reused"]
    assert finding["cell"] == 2 and finding["message"].startswith("outputs/features.parquet is made here and committed")


def test_downloads_inputs_and_folders_made_if_missing_are_not_reused_results(tmp_path, audit_json):
    code = ("import os\nimport urllib.request\nimport pandas as pd\n\nRAW = 'data/raw/iris.csv'\n\n"
            "def fetch():\n    if not os.path.exists(RAW):\n        urllib.request.urlretrieve('https://example.org/iris.csv', RAW)\n\n"
            "def run():\n    os.makedirs('results', exist_ok=True) if not os.path.exists('results') else None\n"
            "    frame = pd.read_csv('data/clean.csv')\n    frame.describe().to_csv('results/summary.csv')\n"
            "    if os.path.exists('config.yaml'):\n        print('configured')\n")
    write_files(tmp_path, {"run.py": code, "data/raw/iris.csv": "a\n1\n", "data/clean.csv": "a\n1\n", "data/README.md": "# d\n",
                           "results/summary.csv": ",a\n", "config.yaml": "a: 1\n", "requirements.txt": "pandas==2.2.2\n"})
    report = audit_json(commit_all(tmp_path))
    assert reused(report) == []  # a result written fresh each run, committed on purpose, is evidence
    assert committed_results(report) == "results/ (1 file)"


def test_committed_results_are_listed_as_a_fact_in_every_format(tmp_path, audit_json, run):
    write_files(tmp_path, {"analysis.py": "print(1)\n", "figures/fig1.png": b"\x89PNG", "figures/fig2.png": b"\x89PNG",
                           "results/table1.csv": "a\n1\n", "models/weights.h5": b"HDF", "models/__init__.py": "",
                           "models/net.py": "class Net:\n    pass\n", "images/logo.png": b"\x89PNG", "results/README.md": "# R\n"})
    project = commit_all(tmp_path)
    report = audit_json(project)
    assert committed_results(report) == "figures/ (2 files), models/ (1 file), results/ (1 file)"
    assert reused(report) == []
    _, text, _ = run("audit", project)
    assert "- Committed results: figures/ (2 files), models/ (1 file), results/ (1 file)" in text.splitlines()
    _, sarif, _ = run("audit", project, "--format", "sarif")
    assert json.loads(sarif)["runs"][0]["results"]  # the run itself is unchanged: facts are not results
