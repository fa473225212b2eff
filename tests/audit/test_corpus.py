"""The corpus of real-shaped projects: each produces the findings it must, none it must not, and nothing unjudged.

The projects and their expectations live in tests/audit/corpus/; the evaluation
is benchmarks/audit_corpus.py, which also computes the miss and false-alarm
rates quoted in benchmarks/README.md.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys

import pytest

from .conftest import REPO

spec = importlib.util.spec_from_file_location("audit_corpus", REPO / "benchmarks" / "audit_corpus.py")
audit_corpus = sys.modules.setdefault("audit_corpus", importlib.util.module_from_spec(spec))
spec.loader.exec_module(audit_corpus)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="the corpus projects are audited as Git repositories")


def test_the_corpus_has_the_kinds_of_project_the_audit_meets():
    assert set(audit_corpus.projects()) >= {"book-notebooks", "project-template", "pipeline-example", "cookiecutter-analysis",
                                            "kaggle-notebooks", "messy-scripts", "library-package"}


@pytest.mark.parametrize("name", audit_corpus.projects())
def test_corpus_project_gives_exactly_the_expected_findings(name, tmp_path):
    report = audit_corpus.audit(audit_corpus.committed_copy(name, tmp_path))
    result = audit_corpus.evaluate(name, report)
    assert result.misses == [], "expected findings not produced"
    assert result.false_alarms == [], "findings that are wrong"
    assert result.unjudged == [], "findings no expectation judges: add them to must or must_not"
