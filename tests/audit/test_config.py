"""Exclusions follow gitignore's rules, which users already know."""

from __future__ import annotations

import pytest

from tension_points.audit.read.config import matching_exclusion
from tension_points.audit.model import Exclusion


@pytest.mark.parametrize(
    ("pattern", "path", "excluded"),
    [
        ("notebooks/*.ipynb", "notebooks/a.ipynb", True),
        ("notebooks/*.ipynb", "notebooks/old/b.ipynb", False),  # '*' stays within one folder
        ("notebooks/**/*.ipynb", "notebooks/old/b.ipynb", True),
        ("examples/broken", "examples/broken/train.py", True),  # a folder covers what is in it
        ("examples/broken", "other/examples/broken/train.py", False),  # a pattern with '/' is anchored
        ("scratch", "deep/down/scratch/x.py", True),  # one without '/' matches at any depth
        ("*.csv", "data/raw/big.csv", True),
        ("data/*.csv", "data/raw/big.csv", False),
    ],
)
def test_exclusion_patterns_mean_what_they_mean_in_gitignore(pattern, path, excluded):
    exclusions = [Exclusion(pattern, "a reason", "pyproject.toml")]
    assert (matching_exclusion(path, exclusions) == 0) is excluded
