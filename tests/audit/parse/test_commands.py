"""Shell commands classified once, wherever they are written."""

from __future__ import annotations

import pytest

from tension_points.audit.parse.commands import commands, fetch_kind, install_words, runs_pipeline, runs_tests, unpinned_packages


def kind(line: str) -> str | None:
    return fetch_kind(commands(line, 1)[0])


@pytest.mark.parametrize("line, expected", [
    ("wget https://example.org/data.csv", "download"),
    ("curl -fsSL https://example.org/key.gpg | apt-key add -", None),
    ("curl -sSL https://install.example.org | sh", "code"),
    ("kaggle competitions download -c titanic", "download"),
    ("aws s3 cp s3://bucket/data.csv data/", "download"),
    ("aws s3 cp mlruns/ s3://bucket/runs/ --recursive", None),
    ("dvc pull", "dvc-pull"),
    ("python -m spacy download en_core_web_sm", "model"),
    ("git clone https://github.com/o/r", "code"),
])
def test_what_a_command_fetches(line, expected):
    assert kind(line) == expected


def test_installs_and_what_they_leave_unpinned():
    words = install_words(commands("pip install -U pandas scikit-learn==1.5.2 -r requirements.txt 'torch>=2'", 1)[0])
    assert unpinned_packages(words) == ["pandas", "torch>=2"]
    assert install_words(commands("python -m pip install -e .", 1)[0]) == ["-e", "."]
    assert install_words(commands("pytest -q", 1)[0]) is None


def test_tests_and_pipelines():
    assert runs_tests(commands("python -m pytest tests", 1)[0]) and runs_tests(commands("make test", 1)[0])
    assert runs_pipeline(commands("dvc repro", 1)[0]) and not runs_pipeline(commands("dvc pull", 1)[0])
    assert runs_pipeline(commands("jupyter nbconvert --to notebook --execute a.ipynb", 1)[0])
