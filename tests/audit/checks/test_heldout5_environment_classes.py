"""Classes of miss in the environment checks found by the fifth held-out batch (issue 24, judge K)."""

from __future__ import annotations

from ..conftest import findings_of, write_files


def test_a_spacy_model_loaded_by_name_with_no_version_declared_is_found_and_a_pinned_one_is_not(tmp_path, audit_json):
    code = "import spacy\nnlp = spacy.load('en_core_web_md')\nold = spacy.load('en')\nlocal = spacy.load('models/ner')\n"
    write_files(tmp_path / "loose", {"features.py": code, "requirements.txt": "spacy==2.0.12\n"})
    found = [f for f in findings_of(audit_json(tmp_path / "loose"), "env-runtime-fetches") if f["kind"] == "model loaded by name"]
    assert [(f["evidence"], f["message"].split(",")[0]) for f in found] == [
        ("features.py:2", "loads the spaCy model en_core_web_md by name"), ("features.py:3", "loads the spaCy model en by name")]
    pinned = "spacy==3.7.2\nen-core-web-md @ https://github.com/explosion/spacy-models/releases/download/en_core_web_md-3.7.1/en_core_web_md-3.7.1-py3-none-any.whl\n"
    write_files(tmp_path / "pinned", {"features.py": "import spacy\nnlp = spacy.load('en_core_web_md')\n", "requirements.txt": pinned})
    assert [f for f in findings_of(audit_json(tmp_path / "pinned"), "env-runtime-fetches") if f["kind"] == "model loaded by name"] == []


def test_matplotlib_notebook_is_found_unless_the_project_installs_the_classic_notebook(tmp_path, audit_json):
    from ..conftest import code_cell, notebook
    cells = [code_cell("import matplotlib.pyplot as plt\n%matplotlib notebook", 1), code_cell("%matplotlib inline\nplt.plot([1, 2])", 2)]
    write_files(tmp_path / "fresh", {"plots.ipynb": notebook(*cells), "requirements.txt": "matplotlib==3.8.0\n"})
    (finding,) = [f for f in findings_of(audit_json(tmp_path / "fresh"), "env-dead-dependencies")
                  if f["kind"] == "magic of the classic Notebook"]
    assert finding["evidence"] == "plots.ipynb:cell 1:2"
    assert finding["message"].startswith("runs %matplotlib notebook, whose figures only the classic Notebook")
    write_files(tmp_path / "classic", {"plots.ipynb": notebook(*cells), "requirements.txt": "matplotlib==3.8.0\nnotebook==6.5.6\n"})
    assert [f for f in findings_of(audit_json(tmp_path / "classic"), "env-dead-dependencies")
            if f["kind"] == "magic of the classic Notebook"] == []


def test_a_sub_projects_setup_py_pinning_what_its_requirements_give_as_ranges_is_a_disagreement(tmp_path, audit_json):
    setup = "from setuptools import setup\nsetup(name='sim', install_requires=['numpy==1.10.1', 'networkx==1.10'])\n"
    write_files(tmp_path, {"model/setup.py": setup, "model/requirements.txt": "numpy>=1.9.1\nnetworkx>=1.9.1\n",
                           "model/sim/__init__.py": "import numpy\nimport networkx\n", "scripts/plot.R": "library(ggplot2)\n",
                           "README.md": "# Paper\n"})
    found = [f for f in findings_of(audit_json(tmp_path), "env-specs-agree") if f["kind"] == "versions disagree"]
    assert [f["message"] for f in found] == [
        "2 packages are pinned in one specification file and given a range in another of the same project "
        "(numpy==1.10.1 in model/setup.py, >=1.9.1 in model/requirements.txt; networkx==1.10 in model/setup.py, "
        ">=1.9.1 in model/requirements.txt): installing from one or the other gives different releases"]
    agreeing = tmp_path / "agreeing"
    write_files(agreeing, {"model/setup.py": setup, "model/requirements.txt": "numpy==1.10.1\nnetworkx==1.10\n",
                           "model/sim/__init__.py": "import numpy\nimport networkx\n", "README.md": "# Paper\n"})
    assert [f for f in findings_of(audit_json(agreeing), "env-specs-agree") if f["kind"] == "versions disagree"] == []


def test_ranges_a_sub_projects_setup_py_pins_are_not_called_unpinned(tmp_path, audit_json):
    setup = "from setuptools import setup\nsetup(name='sim', install_requires=['numpy==1.10.1'])\n"
    write_files(tmp_path, {"model/setup.py": setup, "model/requirements.txt": "numpy>=1.9.1\nscipy>=1.0\n",
                           "model/sim/__init__.py": "import numpy\nimport scipy\n", "README.md": "# Paper\n"})
    (finding,) = findings_of(audit_json(tmp_path), "env-pinned-versions")
    assert finding["message"].startswith("1 dependencies not pinned to an exact version in 1 specification files of the "
                                         "sub-projects (scipy)")


def test_r_packages_installed_at_no_version_in_a_readme_or_script_are_found_unless_renv_locks_them(tmp_path, audit_json):
    readme = ("# Figures\n\nInstall the packages in R:\n\n```r\ninstall.packages(c('dplyr', 'ggplot2'))\n"
              "devtools::install_github('someone/ggplot2extra')\n```\n")
    files = {"scripts/README.md": readme, "scripts/plot.R": "library(dplyr)\nremotes::install_github('a/b', ref = 'v1.2')\n",
             "README.md": "# Paper\n"}
    write_files(tmp_path / "loose", files)
    found = [f for f in findings_of(audit_json(tmp_path / "loose"), "env-runtime-fetches") if f["kind"] == "R packages at no version"]
    assert [f["evidence"] for f in found] == ["scripts/README.md:6"]
    assert "install_github takes the default branch" in found[0]["message"]
    write_files(tmp_path / "locked", {**files, "renv.lock": "{}\n"})
    assert [f for f in findings_of(audit_json(tmp_path / "locked"), "env-runtime-fetches") if f["kind"] == "R packages at no version"] == []
