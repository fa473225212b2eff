"""Classes of false alarm and miss found by the fifth held-out batch (issue 24): tests known by what they hold
or by what runs them, randomness that cannot change a result, template recipes, optional integrations, and the
misses (removed APIs, unseeded deep-learning training, committed files the code overwrites or .gitignore lists,
unversioned tools, timing assertions, modules that shadow a package)."""

from __future__ import annotations

import pytest

from ..conftest import code_cell, commit_all, findings_of, git, notebook, status_of, write_files

LIBRARY_SETUP = ("from setuptools import setup\nsetup(name='fastcalc', version='1.0.0', packages=['fastcalc'],\n"
                 "      install_requires=['numpy>=1.20'])\n")


# --- Tests not named test_*.py ----------------------------------------------------------------------------
def test_a_unittest_suite_named_checks_py_counts_as_tests(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# fastcalc\n\n```\npip install fastcalc\n```\n",
        "setup.py": LIBRARY_SETUP,
        "fastcalc/__init__.py": "from .core import double\n",
        "fastcalc/core.py": "def double(x):\n    return 2 * x\n",
        "fastcalc/checks.py": "import unittest\nfrom fastcalc.core import double\n\n\n"
                              "class DoubleCase(unittest.TestCase):\n    def test_two(self):\n        self.assertEqual(double(1), 2)\n"}))
    assert status_of(report, "project-tests") == "pass"


def test_a_file_ci_hands_to_a_test_runner_counts_as_tests_and_its_randomness_as_test_randomness(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# fastcalc\n\n```\npip install fastcalc\n```\n",
        "setup.py": LIBRARY_SETUP,
        "fastcalc/__init__.py": "",
        "fastcalc/core.py": "def double(x):\n    return 2 * x\n",
        "fastcalc/verify.py": "import numpy as np\nfrom fastcalc.core import double\n\n\ndef check_double():\n"
                              "    x = np.random.rand(10)\n    assert (double(x) == x + x).all()\n",
        ".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-22.04\n    steps:\n"
                                    "      - run: python -m pytest fastcalc/verify.py\n"}))
    assert status_of(report, "project-tests") == "pass"
    assert findings_of(report, "code-unseeded-randomness") == []
    (draw,) = findings_of(report, "code-test-randomness")
    assert draw["path"] == "fastcalc/verify.py"


def test_a_suite_named_with_the_plural_tests_counts_as_tests(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# fastcalc\n\n```\npip install fastcalc\n```\n",
        "setup.py": LIBRARY_SETUP,
        "fastcalc/core.py": "def double(x):\n    return 2 * x\n",
        "fastcalc/core_tests.py": "from fastcalc.core import double\n\n\ndef test_double():\n    assert double(2) == 4\n"}))
    assert status_of(report, "project-tests") == "pass"


def test_a_script_that_only_mentions_testing_is_still_no_test(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# analysis\n\n```\npython analysis.py\n```\n",
        "requirements.txt": "pandas==2.2.2\n",
        "analysis.py": "import pandas as pd\n# split into a training and a testing set, TestCase-free\nprint(pd.__version__)\n"}))
    assert status_of(report, "project-tests") == "fail"


# --- A recipe that hashes what it fetches, or fetches a template's stand-in address ---------------------------
ANALYSIS = {"README.md": "# analysis\n\n```\nmake data\npython analysis.py\n```\n",
            "requirements.txt": "pandas==2.2.2\n",
            "analysis.py": "import pandas as pd\nprint(pd.read_csv('data/raw.csv').shape)\n"}


@pytest.mark.parametrize("recipe", ["curl -sL https://example.org/releases/v1.tar.gz | sha256sum",
                                    "wget -qO- https://zenodo.org/records/1/files/raw.csv | openssl dgst -sha256",
                                    "curl -L https://url.com/put/your/file/here.zip -o data/raw.zip",
                                    "wget https://yourdomain.com/path/to/data.csv"])
def test_a_recipe_that_hashes_a_download_or_fetches_a_stand_in_address_downloads_no_data(tmp_path, audit_json, recipe):
    report = audit_json(write_files(tmp_path, {**ANALYSIS, "Makefile": f"checksum:\n\t{recipe}\n"}))
    assert findings_of(report, "data-download-verified") == []


def test_a_recipe_that_saves_a_real_download_unchecked_is_still_reported(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {**ANALYSIS, "Makefile": "data:\n\tcurl -L https://zenodo.org/records/1/files/raw.csv"
                                                                       " -o data/raw.csv\n"}))
    (download,) = findings_of(report, "data-download-verified")
    assert download["path"] == "Makefile"


# --- An optional integration a library imports only inside the function that uses it --------------------------
def library_with_integration(plots: str) -> dict:
    return {"README.md": "# fastcalc\n\n```\npip install fastcalc\n```\n",
            "setup.py": LIBRARY_SETUP,
            "requirements-dev.txt": "numpy==1.26.4\nplotly==5.22.0\n",
            "docker/Dockerfile": "FROM python:3.11.9-slim\nCOPY requirements-dev.txt .\nRUN pip install -r requirements-dev.txt\n",
            "fastcalc/__init__.py": "from .core import double\n",
            "fastcalc/core.py": "import numpy as np\n\n\ndef double(x):\n    return 2 * np.asarray(x)\n",
            "fastcalc/plots.py": plots}


def test_a_library_integration_imported_only_inside_a_function_is_optional(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, library_with_integration(
        "def show(values):\n    import plotly.express as px\n    return px.line(values)\n")))
    assert [f for f in findings_of(report, "env-specs-agree") if "plotly" in f["message"]] == []


def test_a_library_module_importing_the_integration_when_loaded_still_needs_it(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, library_with_integration(
        "import plotly.express as px\n\n\ndef show(values):\n    return px.line(values)\n")))
    (lacks,) = [f for f in findings_of(report, "env-specs-agree") if "plotly" in f["message"]]
    assert lacks["path"] == "setup.py"


# --- Upgrading the installer is not an unpinned dependency ----------------------------------------------------
@pytest.mark.parametrize("command, loose", [("pip install --upgrade pip setuptools wheel && pip install pandas==2.2.2", None),
                                        ("pip install -U pip && pip install requests", "requests")])
def test_upgrading_pip_in_an_image_is_not_an_unpinned_dependency(tmp_path, audit_json, command, loose):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# app\n\n```\ndocker build -t app .\n```\n",
        "Dockerfile": f"FROM python:3.11.9-slim\nCOPY app.py .\nRUN {command}\nCMD [\"python\", \"app.py\"]\n",
        "app.py": "import pandas\nimport requests\n"}))
    messages = [f["message"] for f in findings_of(report, "env-pinned-versions") if f["path"] == "Dockerfile"]
    assert not any("pip" in m.split(": ", 1)[-1].split(", ") or "setuptools" in m or "wheel" in m for m in messages)
    if loose:
        (message,) = messages
        assert message.endswith(f"dependencies not pinned to an exact version: {loose}")
    else:
        assert messages == []


# --- Randomness in a function nothing calls -------------------------------------------------------------------
SCRIPT_HELPERS = ("import numpy as np\n\n\ndef load(path):\n    return np.loadtxt(path)\n\n\n"
                  "def draw_inputs(n):\n    return np.random.rand(n, 3)\n")


def test_randomness_in_a_function_nothing_calls_cannot_change_a_result(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# analysis\n\n```\npython run.py\n```\n", "requirements.txt": "numpy==1.26.4\n",
        "helpers.py": SCRIPT_HELPERS, "run.py": "from helpers import load\nprint(load('inputs.txt').mean())\n"}))
    assert findings_of(report, "code-unseeded-randomness") == []
    facts = {f["label"]: f["value"] for g in report["groups"] if g["id"] == "code" for f in g["facts"]}
    assert "inside draw_inputs(), which nothing in the project calls" in facts["Unseeded randomness left out as meant (what said so)"]


@pytest.mark.parametrize("caller", ["from helpers import draw_inputs\nprint(draw_inputs(5).sum())\n",
                                    "import helpers\nfactory = helpers.draw_inputs\nprint(factory(5).sum())\n"])
def test_randomness_in_a_function_the_project_calls_or_passes_on_is_still_reported(tmp_path, audit_json, caller):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# analysis\n\n```\npython run.py\n```\n", "requirements.txt": "numpy==1.26.4\n",
        "helpers.py": SCRIPT_HELPERS, "run.py": caller}))
    (draw,) = findings_of(report, "code-unseeded-randomness")
    assert draw["path"] == "helpers.py"


def test_a_decorated_function_is_called_by_its_framework(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# app\n\n```\nflask run\n```\n", "requirements.txt": "flask==3.0.3\nnumpy==1.26.4\n",
        "app.py": "import numpy as np\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/sample')\n"
                  "def sample_rows():\n    return str(np.random.rand(3))\n"}))
    (draw,) = findings_of(report, "code-unseeded-randomness")
    assert draw["path"] == "app.py"


# --- TensorFlow 1 training: layers whose weights start random, dropout ----------------------------------------
TF1_MODEL = ("import tensorflow as tf\n\n\ndef model(x, keep):\n    h = tf.layers.dense(x, 64, activation=tf.nn.relu)\n"
             "    h = tf.nn.dropout(h, keep)\n    return tf.layers.dense(h, 2)\n")


@pytest.mark.parametrize("train, reported", [
    ("import tensorflow as tf\nfrom model import model\nx = tf.placeholder(tf.float32, [None, 8])\nlogits = model(x, 0.5)\n", True),
    ("import tensorflow as tf\nfrom model import model\n\nif __name__ == '__main__':\n    tf.set_random_seed(1)\n"
     "    x = tf.placeholder(tf.float32, [None, 8])\n    logits = model(x, 0.5)\n", False)])
def test_tensorflow_1_training_without_a_graph_seed_is_unseeded(tmp_path, audit_json, train, reported):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# model\n\n```\npython train.py\n```\n\nTest accuracy: 84.4%.\n", "requirements.txt": "tensorflow==1.15.5\n",
        "model.py": TF1_MODEL, "train.py": train}))
    draws = findings_of(report, "code-unseeded-randomness")
    assert bool(draws) is reported
    if reported:
        assert {d["path"] for d in draws} == {"model.py"} and any("dense" in d["message"] for d in draws)
        assert any("dropout" in d["message"] for d in draws)


# --- Random numbers that only feed a timing benchmark ---------------------------------------------------------
DRAW = code_cell("import numpy as np\nimport pandas as pd\nimport perfplot\n"
                 "frame = pd.DataFrame({\n    'x': np.random.normal(size=1000),\n})", 1)


def timing_notebook(*uses: str) -> dict:
    return {"README.md": "# timings\n\nRun `speed.ipynb`.\n", "requirements.txt": "numpy==1.26.4\npandas==2.2.2\nperfplot==0.10.2\n",
            "speed.ipynb": notebook(DRAW, *(code_cell(use, n) for n, use in enumerate(uses, 2)))}


@pytest.mark.parametrize("uses", [
    ("out = perfplot.bench(\n    setup=lambda n: frame.iloc[:n],\n    kernels=[lambda f: f.x.apply(abs)],\n    n_range=[10, 100],\n)",
     "out.plot()"),
    ("def time_apply(table):\n    return perfplot.bench(setup=lambda n: table.iloc[:n], kernels=[abs], n_range=[10])",
     "result = time_apply(frame)"),
    ("%%timeit\nframe.x.apply(abs)",),
    ("%timeit frame.x.apply(abs)", "frame = pd.read_csv('real.csv')", "print(frame.x.mean())")])
def test_random_numbers_that_only_feed_a_timing_benchmark_cannot_change_a_result(tmp_path, audit_json, uses):
    report = audit_json(write_files(tmp_path, timing_notebook(*uses)))
    assert findings_of(report, "nb-unseeded-randomness") == []


@pytest.mark.parametrize("uses", [("%timeit frame.x.apply(abs)", "print(frame.x.mean())"),
                                  ("summary = frame.describe()",)])
def test_random_numbers_a_notebook_also_computes_with_are_still_reported(tmp_path, audit_json, uses):
    report = audit_json(write_files(tmp_path, timing_notebook(*uses)))
    (draw,) = findings_of(report, "nb-unseeded-randomness")
    assert draw["path"] == "speed.ipynb"


# --- Removed APIs beyond NumPy's aliases: SciPy's namespaces, scikit-learn's plot_ functions, pandas 2 -----------
@pytest.mark.parametrize("code, removed", [
    ("from scipy.sparse.linalg.eigen.arpack import eigsh\n", "scipy.sparse.linalg.eigen.arpack, removed in scipy 1.8"),
    ("from scipy import integrate\narea = integrate.simps([1, 2, 3])\n", "scipy.integrate.simps, removed in scipy 1.14"),
    ("from scipy.misc import comb\n", "scipy.misc.comb, removed in scipy 1.3"),
    ("from sklearn.metrics import plot_confusion_matrix\n", "sklearn.metrics.plot_confusion_matrix, removed in scikit-learn 1.2"),
    ("import pandas.util.testing as tm\n", "pandas.util.testing, removed in pandas 2.0"),
    ("import numpy as np\nx = np.round_(1.5)\n", "numpy.round_, removed in numpy 2.0")])
def test_well_known_removals_of_the_scientific_libraries_are_found(tmp_path, audit_json, code, removed):
    report = audit_json(write_files(tmp_path, {"README.md": "# a\n\n```\npython run.py\n```\n",
                                               "requirements.txt": "numpy\nscipy\nscikit-learn\npandas\n", "run.py": code}))
    (dead,) = findings_of(report, "env-dead-dependencies")
    assert removed in dead["message"]


def test_a_removed_scipy_namespace_is_no_finding_when_the_project_pins_a_scipy_that_has_it(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {"README.md": "# a\n\n```\npython run.py\n```\n",
                                               "requirements.txt": "scipy==1.7.3\n",
                                               "run.py": "from scipy.sparse.linalg.eigen.arpack import eigsh\n"}))
    assert findings_of(report, "env-dead-dependencies") == []


# --- Committed files the project's .gitignore lists; a committed model the code writes over ---------------------
@pytest.mark.parametrize("rule", ["visits.sqlite", "*.sqlite", "/visits.sqlite"])
def test_a_file_committed_although_gitignore_lists_it_is_reported(tmp_path, audit_json, rule):
    root = write_files(tmp_path, {"README.md": "# app\n\n```\npython app.py\n```\n", "requirements.txt": "flask==3.0.3\n",
                                  "app.py": "import sqlite3\nconn = sqlite3.connect('visits.sqlite')\n",
                                  "visits.sqlite": b"SQLite format 3\x00", "notes/draft.txt": "kept\n"})
    commit_all(root)
    (root / ".gitignore").write_text(f"{rule}\n", encoding="utf-8")
    git(root, "add", ".gitignore")
    git(root, "commit", "-q", "-m", "ignore the database")
    (ignored,) = [f for f in findings_of(audit_json(root), "git-generated-outputs") if f["path"] == "visits.sqlite"]
    assert "committed although .gitignore lists it" in ignored["message"]


def test_nothing_is_said_when_gitignore_lists_only_what_is_not_committed(tmp_path, audit_json):
    root = write_files(tmp_path, {"README.md": "# app\n\n```\npython app.py\n```\n", "requirements.txt": "flask==3.0.3\n",
                                  "app.py": "print('hi')\n", ".gitignore": "visits.sqlite\n*.log\n"})
    commit_all(root)
    assert findings_of(audit_json(root), "git-generated-outputs") == []


TRAIN = ("import tensorflow as tf\nsaved = 'published/net.ckpt'\nsaver = tf.train.Saver()\n"
         "with tf.Session() as sess:\n    saver.save(sess, saved)\n")


@pytest.mark.parametrize("readme, reported", [("`published/` holds the trained network (91% accuracy).", True),
                                              ("Train with the script.", False)])
def test_training_that_saves_over_the_committed_model_the_readme_presents_is_reported(tmp_path, audit_json, readme, reported):
    root = write_files(tmp_path, {"README.md": f"# net\n\n```\npython train.py\n```\n\n{readme}\n",
                                  "requirements.txt": "tensorflow==1.15.5\n", "train.py": TRAIN,
                                  "published/net.ckpt.index": b"\x00\x01", "published/net.ckpt.meta": b"\x00\x02",
                                  "published/net.ckpt.data-00000-of-00001": b"\x00\x03", "published/checkpoint": "x\n"})
    commit_all(root)
    overwritten = [f for f in findings_of(audit_json(root), "git-generated-outputs") if f["message"].startswith("writes over")]
    assert bool(overwritten) is reported
    if reported:
        assert overwritten[0]["path"] == "train.py" and "published/net.ckpt" in overwritten[0]["message"]


# --- Tests that assert on wall-clock time ---------------------------------------------------------------------
TIMED_TEST = ("import time\nimport unittest\nfrom fastcalc.core import double\n\n\nclass Speed(unittest.TestCase):\n"
              "    def test_double_is_fast(self):\n        start = time.perf_counter()\n        double(3)\n"
              "        took = time.perf_counter() - start\n        self.assertLess(took, 0.01)\n\n"
              "    def test_double(self):\n        started = time.time()\n        self.assertEqual(double(2), 4)\n"
              "        self.assertGreater(4, 3)\n")


def test_a_test_that_compares_clock_readings_is_reported_and_one_that_only_reads_the_clock_once_is_not(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# fastcalc\n\n```\npip install fastcalc\n```\n", "setup.py": LIBRARY_SETUP,
        "fastcalc/core.py": "def double(x):\n    return 2 * x\n", "tests/test_speed.py": TIMED_TEST}))
    (timing,) = [f for f in findings_of(report, "code-test-randomness") if f["kind"] == "timing assertion"]
    assert timing["path"] == "tests/test_speed.py" and timing["line"] == 11
    assert timing["message"].startswith("test_double_is_fast reads the clock and asserts on how long code took")


# --- A module named like the package it imports ---------------------------------------------------------------
@pytest.mark.parametrize("module, shadows", [("models/lightgbm.py", True), ("models/boosting.py", False)])
def test_a_module_named_like_the_package_it_imports_shadows_it(tmp_path, audit_json, module, shadows):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# crops\n\n```\npython models/train.py\n```\n", "requirements.txt": "pandas==2.2.2\n",
        module: "import lightgbm as lgb\nimport pandas as pd\n\nmodel = lgb.LGBMClassifier(random_state=0)\n"}))
    found = {f["kind"]: f for f in findings_of(report, "env-imports-declared")}
    assert found["undeclared import"]["message"].startswith("imports lightgbm")  # no longer taken for the project's own module
    assert ("module shadows a package" in found) is shadows
    if shadows:
        assert found["module shadows a package"]["path"] == "models/lightgbm.py"


# --- The tools that run the pipeline and CI, unversioned ------------------------------------------------------
DVC_PROJECT = {"README.md": "# pipeline\n\n```\npip install -r src/requirements.txt\ndvc repro\n```\n\nPython 3.9 or later.\n",
               "dvc.yaml": "stages:\n  train:\n    cmd: python src/train.py\n", "dvc.lock": "schema: '2.0'\n",
               "src/train.py": "import pandas as pd\nprint(pd.__version__)\n"}


@pytest.mark.parametrize("requirements, reported", [("pandas==2.2.2\n", True), ("pandas==2.2.2\ndvc==3.51.2\n", False)])
def test_a_dvc_pipeline_whose_tool_no_specification_lists_is_reported(tmp_path, audit_json, requirements, reported):
    report = audit_json(write_files(tmp_path, {**DVC_PROJECT, "src/requirements.txt": requirements}))
    tool = [f for f in findings_of(report, "env-pinned-versions") if f["kind"] == "pipeline tool without a version"]
    assert bool(tool) is reported
    if reported:
        assert tool[0]["path"] == "dvc.yaml" and "no specification of the project lists dvc" in tool[0]["message"]


WORKFLOW = """on: push
jobs:
  report:
    runs-on: ubuntu-22.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: '3.11'
      - uses: example-org/setup-reporter@v2
      - uses: astral-sh/setup-uv@v3
      - uses: example-org/setup-linter@v1
        with:
          linter-version: '1.4.2'
      - run: npm install -g vega-cli
      - run: npm install -g prettier@3.3.3
      - run: dvc repro
      - run: reporter publish metrics.json
      - run: linter src/
      - run: uv sync --locked
"""


def test_ci_tools_installed_without_a_version_are_one_finding_per_ci_file(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {**DVC_PROJECT, "src/requirements.txt": "pandas==2.2.2\ndvc==3.51.2\n",
                                               ".github/workflows/report.yml": WORKFLOW}))
    (tools,) = [f for f in findings_of(report, "env-runtime-fetches") if f["kind"] == "CI tools without a version"]
    assert tools["path"] == ".github/workflows/report.yml" and tools["line"] == 10
    assert "example-org/setup-reporter (no version input" in tools["message"] and "npm install -g vega-cli" in tools["message"]
    assert "setup-linter" not in tools["message"] and "prettier" not in tools["message"] and "setup-python" not in tools["message"]
    assert "setup-uv" not in tools["message"]  # the installer: with a lock it installs the same releases


def test_a_dev_container_on_a_moving_python_tag_is_reported_and_named_beside_the_readmes_python(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {**DVC_PROJECT, "src/requirements.txt": "pandas==2.2.2\ndvc==3.51.2\n",
                                               ".devcontainer.json": '{\n  // the development image\n  "name": "p",\n'
                                                                     '  "image": "mcr.microsoft.com/devcontainers/python:3.10",\n}\n'}))
    (image,) = [f for f in findings_of(report, "env-runtime-fetches") if f["path"] == ".devcontainer.json"]
    assert image["line"] == 4 and "builds its development container on mcr.microsoft.com/devcontainers/python:3.10" in image["message"]
    (python,) = findings_of(report, "env-python-version")
    assert ".devcontainer.json builds its development container on Python 3.10" in python["message"]


# --- Inputs the code reads that are not in the project and named nowhere ---------------------------------------
def reading_notebook(source: str, readme: str = "# examples\n\nRun the notebooks in `examples/`.\n", **more) -> dict:
    return {"README.md": readme, "requirements.txt": "pandas==2.2.2\n",
            "examples/explore.ipynb": notebook(code_cell(f"import pandas as pd\n{source}", 1)), **more}


def test_an_input_that_is_not_in_the_project_and_named_nowhere_is_reported(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, reading_notebook("rides = pd.read_csv('../data/rides.csv')")))
    (missing,) = findings_of(report, "data-documented")
    assert missing["path"] == "examples/explore.ipynb" and missing["message"].startswith("reads ../data/rides.csv, not in the project")


@pytest.mark.parametrize("source, readme, more", [
    ("rides = pd.read_csv('../data/rides.csv')", "# examples\n\nDownload rides.csv from the city's portal (2024-05).\n", {}),
    ("rides = pd.read_csv('../data/rides.csv')", "# examples\n\nRun the notebooks.\n", {"data/rides.csv": "a,b\n1,2\n"}),
    ("from urllib.request import urlretrieve\nurlretrieve('https://example.org/rides.csv', 'rides.csv')\n"
     "rides = pd.read_csv('rides.csv')", "# examples\n", {}),
    ("rides = pd.read_csv('../data/rides.csv')", "# examples\n", {"data/rides.csv.dvc": "outs:\n- md5: 1\n  path: rides.csv\n"}),
    ("rides = pd.read_csv('../input/rides/rides.csv')", "# examples\n", {})])
def test_an_input_committed_made_downloaded_tracked_or_documented_is_not_reported(tmp_path, audit_json, source, readme, more):
    report = audit_json(write_files(tmp_path, reading_notebook(source, readme, **more)))
    assert [f for f in findings_of(report, "data-documented") if f["kind"] == "input not in the project"] == []


# --- A library drawing from its users' global generator -------------------------------------------------------
def test_a_library_drawing_from_the_global_generator_is_told_to_use_its_own_not_to_seed(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# fastcalc\n\n```\npip install fastcalc\n```\n", "setup.py": LIBRARY_SETUP,
        "fastcalc/__init__.py": "from .sampling import pick\n",
        "fastcalc/sampling.py": "import numpy as np\n\n\ndef pick(rows, k):\n    return np.random.choice(rows, size=k)\n"}))
    (draw,) = findings_of(report, "code-unseeded-randomness")
    assert draw["severity"] == "low"
    assert draw["message"].startswith("numpy.random draws from NumPy's global generator inside the library: each call moves "
                                      "its users' random numbers")
    assert "np.random.default_rng(seed)" in draw["message"]


# --- A library's development ranges ---------------------------------------------------------------------------
def test_a_librarys_development_ranges_are_low_and_say_why_ranges_are_arguable_there(tmp_path, audit_json):
    report = audit_json(write_files(tmp_path, {
        "README.md": "# fastcalc\n\n```\npip install fastcalc\n```\n", "setup.py": LIBRARY_SETUP,
        "docker/Dockerfile": "FROM python:3.11.9-slim\nCOPY requirements-linux.txt .\nRUN pip install -r requirements-linux.txt\n",
        "docker/requirements-linux.txt": "numpy>=1.20\npytest\n", "fastcalc/core.py": "import numpy as np\n"}))
    (loose,) = [f for f in findings_of(report, "env-pinned-versions") if f["path"] == "docker/requirements-linux.txt"]
    assert loose["severity"] == "low" and "the development or CI environment of a library" in loose["message"]


# --- The README's folder tree ---------------------------------------------------------------------------------
TREE_README = """# crops

```
pip install -r requirements.txt
python train.py
```

```
crops/
├── data/
│   └── crops.csv
├── models/
│   └── {model}
├── images/
│   └── <name>.jpg
├── train.py
└── requirements.txt
```
"""


@pytest.mark.parametrize("model, train_writes, reported", [
    ("weights.pkl", "out/clf.pkl", True),  # a name nothing in the project has or writes
    ("clf.pkl", "models/clf.pkl", False),  # a tree drawn after a run: training writes it there
    ("clf.pkl", "out/clf.pkl", False)])  # written under that name elsewhere: where a run puts it, not told apart
def test_a_file_the_readmes_folder_tree_shows_that_the_project_lacks_is_reported(tmp_path, audit_json, model, train_writes, reported):
    files = {"README.md": TREE_README.replace("{model}", model), "requirements.txt": "pandas==2.2.2\n", "data/crops.csv": "a\n1\n",
             "images/rice.jpg": b"\xff\xd8", "train.py": f"import pandas as pd\npd.read_csv('data/crops.csv').to_pickle('{train_writes}')\n"}
    report = audit_json(write_files(tmp_path, files))
    tree = [f for f in findings_of(report, "project-readme") if f["kind"] == "folder tree names a missing file"]
    assert bool(tree) is reported
    if reported:
        assert tree[0]["message"].startswith(f"the README's folder tree shows models/{model}, which is not in the project")
        assert tree[0]["line"] == 13 and tree[0]["items"] == [f"models/{model}"]  # the placeholder <name>.jpg is not checked


# --- A dependency a library stopped installing: pytz with pandas 3 --------------------------------------------
@pytest.mark.parametrize("pandas, reported", [("pandas>=1.5", True), ("pandas", True), ("pandas==2.2.2", False),
                                              ("pandas<3", False)])
def test_pytz_counts_as_declared_only_while_pandas_is_held_below_3(tmp_path, audit_json, pandas, reported):
    report = audit_json(write_files(tmp_path, {"README.md": "# logs\n\n```\npython logs.py\n```\n",
                                               "requirements.txt": f"{pandas}\n",
                                               "logs.py": "import pandas as pd\nimport pytz\nprint(pytz.utc, pd.Timestamp.now())\n"}))
    pytz = [f for f in findings_of(report, "env-imports-declared") if "pytz" in f["message"]]
    assert bool(pytz) is reported
    if reported:
        assert pytz[0]["message"] == "imports pytz; no specification declares it, and pandas installs it only below 3.0, which nothing holds it to"


# --- A model an application ships: made by training, loaded by the app ----------------------------------------
@pytest.mark.parametrize("app, shipped", [("import pickle\nwith open('artefacts/model.pkl', 'rb') as f:\n    model = pickle.load(f)\n", True),
                                          ("print('no model here')\n", False)])
def test_a_committed_model_the_app_loads_and_training_makes_is_named_as_shipped(tmp_path, audit_json, app, shipped):
    root = write_files(tmp_path, {
        "README.md": "# app\n\n```\npython train.py\nstreamlit run app.py\n```\n", "requirements.txt": "scikit-learn\nstreamlit==1.36.0\n",
        "train.py": "import pickle\nfrom sklearn.tree import DecisionTreeClassifier\nmodel_file = 'artefacts/model.pkl'\n"
                    "with open(model_file, 'wb') as f:\n    pickle.dump(DecisionTreeClassifier(random_state=0), f)\n",
        "app.py": app, "artefacts/model.pkl": b"\x80\x04."})
    commit_all(root)
    (model,) = [f for f in findings_of(audit_json(root), "git-generated-outputs") if f["path"] == "artefacts/"]
    if shipped:
        assert model["message"].startswith("trained model files (1 file), committed: made by train.py and loaded by app.py, "
                                           "a model shipped with the code")
    else:
        assert model["message"] == "trained model files (1 file), committed"
