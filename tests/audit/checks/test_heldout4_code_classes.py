"""Classes of false alarm and miss in the code-reading checks found by the fourth held-out batch (issue 24):
APIs removed from unpinned or source-installed libraries, randomness that is deliberate (mock data, a notebook's
parameters cell, a lesson on the spread of an unseeded search), image tags that move, unpinned installs in CI and
container scripts, and the distribution named for a namespace shared by several."""

from __future__ import annotations

import jsonschema
import pytest

from tension_points.datafiles import load_schema, package_path, read_yaml

from ..conftest import code_cell, findings_of, notebook, write_files


# --- The data file of removed APIs --------------------------------------------------------------------
def test_the_removed_apis_file_follows_its_schema_and_names_a_source_for_every_entry():
    data = read_yaml(package_path("data/audit/apis.yaml"))
    jsonschema.validate(data, load_schema("audit-apis"))
    entries = [*data["removed"], *data["removed_arguments"], *data["removed_idioms"]]
    assert {"sklearn.preprocessing.OneHotEncoder", "apex.amp", "scalar_reads"} <= {
        e.get("function") or e.get("name") or e.get("fact") for e in entries}


@pytest.mark.parametrize("removed_in", ["soon", "April 2025", "1.4-rc"])
def test_a_removal_dated_neither_by_release_nor_by_month_is_refused_by_the_schema(removed_in):
    data = read_yaml(package_path("data/audit/apis.yaml"))
    data["removed"][0] = {**data["removed"][0], "removed_in": removed_in}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema("audit-apis"))


# --- APIs removed from the library a fresh install gets --------------------------------------------
def test_a_keyword_argument_removed_from_an_unpinned_library_is_found_through_an_alias(tmp_path, audit_json):
    cells = [code_cell("from sklearn.preprocessing import OneHotEncoder as OHE\nimport sklearn.linear_model as lm", 1),
             code_cell("ohe = OHE(sparse=False)\nok = OHE(sparse_output=False)\nr = lm.Ridge(alpha=1.0, normalize=True)", 2)]
    write_files(tmp_path, {"requirements.txt": "scikit-learn\n", "features.ipynb": notebook(*cells)})
    messages = sorted(f["message"] for f in findings_of(audit_json(tmp_path), "env-dead-dependencies"))
    assert messages == ["calls OneHotEncoder with sparse=, removed in scikit-learn 1.4 (use sparse_output=); "
                        "requirements.txt allows scikit-learn (any version)",
                        "calls Ridge with normalize=, removed in scikit-learn 1.2 (use a StandardScaler in a Pipeline); "
                        "requirements.txt allows scikit-learn (any version)"]


def test_a_removed_keyword_is_no_finding_where_the_project_pins_a_release_that_still_takes_it(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "scikit-learn==1.1.3\n",
                           "encode.py": "from sklearn.preprocessing import OneHotEncoder\nOneHotEncoder(sparse=False)\n"})
    assert findings_of(audit_json(tmp_path), "env-dead-dependencies") == []


def test_a_module_dropped_from_a_development_branch_is_dated_and_a_commit_pin_silences_it(tmp_path, audit_json):
    code = "import apex\nmodel, opt = apex.amp.initialize(model, opt, opt_level='O1')\n"
    write_files(tmp_path, {"train.py": code})
    (finding,) = findings_of(audit_json(tmp_path), "env-dead-dependencies")
    assert finding["evidence"] == "train.py:2"
    assert finding["message"].startswith("uses apex.amp, removed from apex's development branch in April 2025")
    assert "a fresh install from its repository lacks it; nothing fixes apex to a commit from before then" in finding["message"]
    pinned = tmp_path / "pinned"
    write_files(pinned, {"train.py": code, "requirements.txt":
                         "apex @ git+https://github.com/NVIDIA/apex.git@0da3ffb92ee6fbe5336602f0e3989db1cd16f880\n"})
    assert findings_of(audit_json(pinned), "env-dead-dependencies") == []


def test_reading_a_loss_with_data_zero_is_found_where_torch_is_unpinned(tmp_path, audit_json):
    code = ("import torch\n"
            "def step(losses, loss, out, log):\n"
            "    values = [float(l.data[0]) for l in losses]\n"
            "    log.append(loss.data[0])\n"
            "    first_image = out.data[0]\n"  # a batch's first item: still right
            "    total_loss = loss.data[0]\n")
    write_files(tmp_path, {"requirements.txt": "numpy==1.26.4\n", "train.py": code})
    (finding,) = findings_of(audit_json(tmp_path), "env-dead-dependencies")
    assert finding["message"].startswith("reads a number with X.data[0]: since PyTorch 0.4 a loss or other reduced value "
                                         "is a 0-dim tensor, and indexing one raises IndexError since 1.0")
    assert "use .item(); no specification pins torch below 1.0 (3 times: lines 3, 4, 6)" in finding["message"]
    old = tmp_path / "old"
    write_files(old, {"requirements.txt": "torch==0.3.1\n", "train.py": code})
    assert findings_of(audit_json(old), "env-dead-dependencies") == []


def test_data_zero_in_code_that_does_not_use_torch_is_not_read_as_pytorch(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "numpy==1.26.4\n",
                           "stats.py": "import numpy as np\ndef f(loss):\n    return float(loss.data[0])\n"})
    assert findings_of(audit_json(tmp_path), "env-dead-dependencies") == []


def test_numpy_2_removed_aliases_are_found_when_numpy_is_unpinned(tmp_path, audit_json):
    write_files(tmp_path, {"requirements.txt": "numpy>=1.20\n",
                           "clean.py": "import numpy as np\nimport pandas as pd\ndf = pd.DataFrame().fillna(np.NaN)\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-dead-dependencies")
    assert finding["message"] == ("uses numpy.NaN, removed in numpy 2.0 (use numpy.nan); requirements.txt allows numpy>=1.20")


# --- Image tags that move ----------------------------------------------------------------------------
def test_every_image_reference_without_a_fixed_version_is_reported_with_why_its_tag_moves(tmp_path, audit_json):
    write_files(tmp_path, {
        "requirements.txt": "numpy==1.26.4\n", "train.py": "import numpy\n",
        "Dockerfile": "FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim\nRUN uv sync --locked\n",
        "ci/Dockerfile": "FROM continuumio/miniconda3\n",
        "gpu/Dockerfile": "FROM postgres:15 AS db\nFROM node:18.20.4-alpine\nFROM nvcr.io/nvidia/pytorch:23.10-py3\n"
                          "FROM python:3.11@sha256:0123456789abcdef0123456789abcdef\n",
        "azure-pipelines.yml": "resources:\n  containers:\n  - container: mlops\n    image: mcr.microsoft.com/mlops/python:latest\n"
                               "jobs:\n- job: test\n  container: mlops\n  steps:\n  - script: pytest\n",
        ".gitlab-ci.yml": "image: python:3.10\nservices:\n  - postgres:15\ntest:\n  image:\n    name: ubuntu:jammy\n"
                          "  script: pytest\n",
        ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n"
                                    "      - uses: docker/setup-qemu-action@v3\n        with:\n          image: tonistiigi/binfmt:latest\n",
    })
    found = {f["evidence"]: f for f in findings_of(audit_json(tmp_path), "env-runtime-fetches")}
    assert found["Dockerfile:1"]["message"].startswith(
        "builds on ghcr.io/astral-sh/uv:python3.12-bookworm-slim, a tag that names no release of uv itself, only python3.12 "
        "inside it, so it moves with each release of uv and each patch under python3.12")
    assert found["ci/Dockerfile:1"]["message"].startswith("builds on continuumio/miniconda3, which changes under the same name")
    assert found["gpu/Dockerfile:1"]["message"].startswith("builds on postgres:15, a tag that names only a major version")
    assert found["azure-pipelines.yml:4"]["message"].startswith(
        "runs its jobs in mcr.microsoft.com/mlops/python:latest, which changes under the same name")
    assert found[".gitlab-ci.yml:1"]["message"].startswith("runs its jobs in python:3.10, a tag that moves to each new patch")
    assert found[".gitlab-ci.yml:6"]["message"].startswith("runs its jobs in ubuntu:jammy, a tag that names no release of "
                                                           "ubuntu itself, so it moves with each release of ubuntu")
    assert set(found) == {"Dockerfile:1", "ci/Dockerfile:1", "gpu/Dockerfile:1", "azure-pipelines.yml:4", ".gitlab-ci.yml:1",
                          ".gitlab-ci.yml:6"}  # a full version, a monthly release, a digest, an alias, a service: not moving


# --- Randomness that is deliberate --------------------------------------------------------------------
MOCK_MODULES = {
    "requirements.txt": "numpy==1.26.4\npandas==2.2.2\n",
    "metrics.py": ("import random\n\ndef report(model):\n"
                   "    # Mocked performance metrics - randomized each run to demo metadata tracking\n"
                   "    r2 = random.uniform(0.7, 0.9)\n    rmse = random.uniform(0.4, 2.8)\n\n"
                   "    order = random.sample(range(10), 3)\n    return r2, rmse, order\n"),
    "api.py": ("import random\n\nclass EnrichmentAPI:\n    \"\"\"Represents a mock data enrichment API.\"\"\"\n\n"
               "    def details(self, order_id):\n        return random.randint(0, 500)\n"),
    "fakes.py": "import numpy as np\n\ndef fake_orders(n):\n    return np.random.randint(0, 100, size=n)\n",
    "resources.py": ("# This demo uses the responses package to mock an API\n# instead of relying on a real API\n"
                     "import numpy as np\n\ndef random_data(n):\n    return np.random.random(size=n)\n"),
    "gan.py": ("import numpy as np\n\ndef step(G):\n    # generate fake images from noise\n"
               "    noise = np.random.normal(size=(4, 100))\n    return G(noise)\n"),
    "prices.py": "import numpy as np\n\ndef simulate_prices(n):\n    return np.random.normal(size=n).cumsum()\n",
}


def test_randomness_the_code_says_is_mock_data_is_not_reported_but_a_draw_after_the_paragraph_is(tmp_path, audit_json):
    write_files(tmp_path, MOCK_MODULES)
    found = {f["evidence"]: f for f in findings_of(audit_json(tmp_path), "code-unseeded-randomness")}
    assert sorted(found) == ["gan.py:5", "metrics.py:8", "prices.py:4"]
    assert found["metrics.py:8"]["message"] == "random module without a seed"  # after the mocked paragraph's blank line
    assert found["gan.py:5"]["message"] == "numpy.random without a seed"  # a GAN's fake images are no mock data
    assert found["prices.py:4"]["message"] == ("numpy.random without a seed, where function simulate_prices says it "
                                               "simulates: seed it if a result depends on it")
    assert found["prices.py:4"]["severity"] == "low" and found["gan.py:5"]["severity"] != "low"


def test_the_report_says_which_randomness_it_left_out_as_meant_and_what_said_so(tmp_path, run):
    write_files(tmp_path, MOCK_MODULES)
    code, out, _ = run("audit", tmp_path)
    assert code == 0
    (line,) = [line for line in out.splitlines() if "Unseeded randomness left out as meant" in line]
    assert 'metrics.py (5, 6): mock or stand-in data, says a comment ("Mocked performance metrics - randomized each run' in line
    assert 'api.py (7): mock or stand-in data, says the docstring of EnrichmentAPI ("Represents a mock data enrichment API.")' in line
    assert "fakes.py (4): mock or stand-in data, says function fake_orders" in line
    assert 'resources.py (6): mock or stand-in data, says the module\'s opening comment ("This demo uses' in line


def test_a_notebooks_parameters_cell_is_replaced_at_run_time_and_not_reported(tmp_path, audit_json):
    parameters = code_cell("import numpy as np\n# for local testing we use sample data\nsummary = np.random.normal(10, 5, 100)", 1)
    parameters["metadata"] = {"tags": ["parameters"]}
    cells = [parameters, code_cell("noise = np.random.normal(0, 1, 100)\nprint(summary + noise)", 2)]
    write_files(tmp_path, {"requirements.txt": "numpy==1.26.4\n", "model.ipynb": notebook(*cells)})
    (finding,) = findings_of(audit_json(tmp_path), "nb-unseeded-randomness")
    assert finding["cell"] == 2


def test_a_loop_repeating_an_unseeded_search_to_show_its_spread_is_a_lesson_when_the_search_used_is_seeded(tmp_path, audit_json):
    used = code_cell("from sklearn.model_selection import RandomizedSearchCV\n"
                     "rand = RandomizedSearchCV(knn, dist, n_iter=10, random_state=5)\nrand.fit(X, y)", 1)
    spread = code_cell("scores = []\nfor _ in range(20):\n    rand = RandomizedSearchCV(knn, dist, n_iter=10)\n"
                       "    rand.fit(X, y)\n    scores.append(rand.best_score_)\nprint(scores)", 2)
    folds = code_cell("for train, test in folds:\n    RandomizedSearchCV(knn, dist).fit(X[train], y[train])", 3)
    boot = code_cell("import pandas as pd\nfirst = df.sample(frac=1, random_state=1)\nmeans = []\nfor _ in range(1000):\n"
                     "    means.append(df.sample(frac=1, replace=True).mean())", 4)
    write_files(tmp_path, {"requirements.txt": "scikit-learn==1.5.0\npandas==2.2.2\n",
                           "search.ipynb": notebook(used, spread, folds, boot)})
    found = findings_of(audit_json(tmp_path), "nb-unseeded-randomness")
    assert sorted(f["cell"] for f in found) == [3, 4]  # folds differ each time round; a bootstrap's spread is a result
    alone = tmp_path / "alone"
    imports = code_cell("from sklearn.model_selection import RandomizedSearchCV", 1)
    write_files(alone, {"requirements.txt": "scikit-learn==1.5.0\n", "search.ipynb": notebook(imports, spread)})
    (finding,) = findings_of(audit_json(alone), "nb-unseeded-randomness")
    assert finding["cell"] == 2  # nothing shows the seeded search the lesson compares with


# --- The distribution named for a namespace several share ----------------------------------------------
def test_an_import_from_a_shared_namespace_names_the_distributions_its_module_paths_point_to(tmp_path, audit_json):
    write_files(tmp_path, {
        "requirements.txt": "numpy==1.26.4\n",
        "train.py": "from azureml.core import Run\nfrom azureml.pipeline.steps import PythonScriptStep\n",
        "store.py": "from azure.storage.blob import BlobServiceClient\n",
        "other.py": "import azureml\nimport sklearn\n",
    })
    messages = sorted(f["message"] for f in findings_of(audit_json(tmp_path), "env-imports-declared"))
    assert messages == [
        "imports azure (package azure-storage-blob); no specification declares it",
        "imports azureml (packages azureml-core, azureml-pipeline-steps), in 2 files; no specification declares it",
        "imports sklearn (package scikit-learn); no specification declares it"]
    bare = tmp_path / "bare"
    write_files(bare, {"requirements.txt": "numpy==1.26.4\n", "run.py": "import azureml\n"})
    (finding,) = findings_of(audit_json(bare), "env-imports-declared")
    assert finding["message"].startswith("imports azureml (a package providing azureml: ")
    assert "azureml-mlflow" in finding["message"] and "distributions install it" in finding["message"]


# --- Unpinned installs beside a lock file ------------------------------------------------------------------
def test_installs_in_ci_and_in_an_image_that_bypass_the_projects_lock_are_reported(tmp_path, audit_json):
    write_files(tmp_path, {
        "pyproject.toml": ("[project]\nname = 'p'\nversion = '1'\nrequires-python = '>=3.11'\n"
                           "dependencies = ['pandas>=2', 'dagster-dbt>=0.25', 'dbt-core>=1.8', 'dagster-pipes']\n"),
        "uv.lock": "version = 1\nrequires-python = \">=3.11\"\n\n[[package]]\nname = \"pandas\"\nversion = \"2.2.2\"\n",
        "p/__init__.py": "import pandas\n",
        ".github/workflows/ci.yml": ("on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n"
                                    "      - run: uv pip install dagster-dbt \"dbt-core<=1.8.4\" --upgrade\n"
                                    "      - run: pip install --upgrade pip pytest\n      - run: uv sync --locked && pytest\n"),
        "pipes/Dockerfile": "FROM python:3.11.9-slim\nRUN pip install dagster-pipes && pip install numpy==2.0.0\n",
    })
    found = {f["evidence"]: f["message"] for f in findings_of(audit_json(tmp_path), "env-runtime-fetches")}
    assert found == {
        ".github/workflows/ci.yml:6": "upgrades dagster-dbt, dbt-core<=1.8.4 in CI without an exact version, though the project "
                                      "keeps a lock file (uv.lock): CI gets whatever is newest the day it runs",
        "pipes/Dockerfile:2": "installs dagster-pipes in the image without an exact version, though the project keeps a lock "
                              "file (uv.lock): the image gets whatever is newest the day it runs"}


def test_without_a_lock_ci_installs_are_not_reported_and_conda_exact_pins_in_an_image_count_as_pins(tmp_path, audit_json):
    write_files(tmp_path, {
        "requirements.txt": "pandas==2.2.2\n", "run.py": "import pandas\n",
        ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: pip install flake8\n",
        "Dockerfile": "FROM continuumio/miniconda3:24.1.2-0\nRUN conda install python=3.7.5 && pip install -r requirements.txt\n",
    })
    report = audit_json(tmp_path)
    assert [f for f in findings_of(report, "env-runtime-fetches") if f["kind"] == "unpinned install beside a lock"] == []
    assert findings_of(report, "env-pinned-versions") == []
    loose = tmp_path / "loose"
    write_files(loose, {"requirements.txt": "pandas==2.2.2\n", "run.py": "import pandas\n",
                        "Dockerfile": "FROM continuumio/miniconda3:24.1.2-0\nRUN conda install python=3.7\n"})
    # conda install python=3.7 declares the image's Python (a version, like requires-python),
    # not a package to pin: neither "not pinned" nor "no declared Python version".
    loose_report = audit_json(loose)
    assert findings_of(loose_report, "env-pinned-versions") == []
    assert findings_of(loose_report, "env-python-version") == []


def test_a_random_value_passed_straight_as_metadata_is_not_a_result(tmp_path, audit_json):
    write_files(tmp_path, {
        "requirements.txt": "dagster-pipes==1.8.0\n",
        "script.py": ("import random\nfrom dagster_pipes import open_dagster_pipes\n\nwith open_dagster_pipes() as context:\n"
                      "    context.report_asset_materialization(metadata={'metric': random.choice(['a', 'b'])})\n"
                      "    sample = random.random()\n    context.report_asset_materialization(metadata={'sample': sample})\n"),
    })
    (finding,) = findings_of(audit_json(tmp_path), "code-unseeded-randomness")
    assert finding["evidence"] == "script.py:6"  # drawn first, then reported: the draw may feed anything else too


def test_a_test_modules_header_about_mocks_does_not_hide_its_unseeded_test_data(tmp_path, audit_json):
    write_files(tmp_path, {
        "requirements.txt": "numpy==1.26.4\n", "src/model.py": "def fit(x):\n    return x\n",
        "tests/test_model.py": ("# Tests with a mocked storage client\nimport numpy as np\nfrom src.model import fit\n\n"
                                "def test_fit():\n    x = np.random.rand(10)\n    assert fit(x) is x\n"),
    })
    (finding,) = findings_of(audit_json(tmp_path), "code-test-randomness")
    assert finding["evidence"] == "tests/test_model.py:6"


def test_a_notebook_cells_opening_comment_about_mock_data_covers_that_cell_only(tmp_path, audit_json):
    cells = [code_cell("# Mock orders for the demo, randomized each run\nimport numpy as np\norders = np.random.randint(0, 9, 5)", 1),
             code_cell("model_noise = np.random.normal(size=5)\nprint(orders + model_noise)", 2)]
    write_files(tmp_path, {"requirements.txt": "numpy==1.26.4\n", "demo.ipynb": notebook(*cells)})
    (finding,) = findings_of(audit_json(tmp_path), "nb-unseeded-randomness")
    assert finding["cell"] == 2


def test_a_lock_file_decides_what_a_fresh_install_gets_not_the_ranges_beside_it(tmp_path, audit_json):
    code = "import numpy as np\nimport pandas as pd\ndf = pd.DataFrame().fillna(np.NaN)\n"
    pyproject = "[project]\nname = 'p'\nversion = '1'\nrequires-python = '>=3.11'\ndependencies = ['numpy>=1.20', 'pandas>=2']\n"
    write_files(tmp_path, {"pyproject.toml": pyproject, "clean.py": code,
                           "uv.lock": "version = 1\nrequires-python = \">=3.11\"\n\n[[package]]\nname = \"numpy\"\nversion = \"1.26.4\"\n"})
    assert findings_of(audit_json(tmp_path), "env-dead-dependencies") == []
    unlocked = tmp_path / "unlocked"
    write_files(unlocked, {"pyproject.toml": pyproject, "clean.py": code})
    (finding,) = findings_of(audit_json(unlocked), "env-dead-dependencies")
    assert finding["message"].endswith("pyproject.toml allows numpy>=1.20")
