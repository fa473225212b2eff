"""Makefiles: continuations, variables, cd and commented recipe lines."""

from __future__ import annotations

from tension_points.audit.parse.commands import script_of
from tension_points.audit.parse.makefile import parse_makefile

MAKEFILE = """PYTHON_INTERPRETER = python3
PROJECT_DIR := $(shell pwd)
.PHONY: data train
data: requirements
\t$(PYTHON_INTERPRETER) src/data/make_dataset.py data/raw data/processed
train:
\tcd code; python train.py \\
\t  --epochs 3
\t# python old.py
%.csv: %.json
\tpython convert.py $< $@
"""


def test_variables_are_expanded_and_cd_is_followed():
    makefile = parse_makefile("Makefile", MAKEFILE)
    recipes = {rule.targets[0]: [(script_of(c), c.folder) for c in rule.recipe] for rule in makefile.rules}
    assert recipes["data"] == [("src/data/make_dataset.py", "")]
    assert recipes["train"] == [("train.py", "code")]  # the continuation joined, the comment left out
    assert makefile.variables["PYTHON_INTERPRETER"] == "python3"


def test_pattern_rules_provide_targets():
    makefile = parse_makefile("Makefile", MAKEFILE)
    assert makefile.has_target("data") and makefile.has_target("report.csv") and not makefile.has_target("clean")
