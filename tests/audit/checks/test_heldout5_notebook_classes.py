"""Classes of false alarm in the notebook checks found by the fifth held-out batch (issue 24, judge K): a teaching
notebook's text announcing an error that a cell a step or two further down shows on purpose."""

from __future__ import annotations

from ..conftest import code_cell, findings_of, notebook, write_files


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def error(name: str) -> list[dict]:
    return [{"output_type": "error", "ename": name, "evalue": "", "traceback": []}]


def test_an_error_the_text_announces_a_short_step_before_is_shown_on_purpose(tmp_path, audit_json):
    cells = [markdown("Tuples are *immutable*: once created, their size and contents cannot be changed:"),
             code_cell("t[1] = 4", 1, error("TypeError")), code_cell("t.append(4)", 2, error("AttributeError")),
             markdown("``find()`` returns ``-1`` when the string is missing, while ``index()`` raises a ``ValueError``:"),
             code_cell("line.find('bear')", 3), code_cell("line.index('bear')", 4, error("ValueError"))]
    write_files(tmp_path, {"lesson.ipynb": notebook(*cells)})
    assert findings_of(audit_json(tmp_path), "nb-error-outputs") == []


def test_an_error_after_plain_text_or_after_a_long_cell_is_still_reported(tmp_path, audit_json):
    long_cell = "\n".join(f"x{i} = {i}" for i in range(6))
    first = [markdown("Load the data:"), code_cell("import pandas as pd", 1), code_cell("df.groupby('a').mean()", 2, error("KeyError"))]
    second = [markdown("``index()`` raises a ``ValueError`` when the string is missing:"), code_cell(long_cell, 1),
              code_cell("model.fit(X)", 2, error("ValueError"))]
    write_files(tmp_path, {"analysis.ipynb": notebook(*first), "model.ipynb": notebook(*second)})
    assert sorted(f["evidence"] for f in findings_of(audit_json(tmp_path), "nb-error-outputs")) == [
        "analysis.ipynb:cell 3", "model.ipynb:cell 3"]
