"""Classes of false alarm in the data checks found by the fifth held-out batch (issue 24, judge K): a data folder
the project's README describes in its prose."""

from __future__ import annotations

from ..conftest import findings_of, write_files

CSV = "date,model,win_prob\n2016-11-08,a,0.7\n"


def test_a_data_folder_the_readme_describes_by_name_is_documented_and_its_sibling_is_not(tmp_path, audit_json):
    readme = ("# Grading the forecasts\n\nThe [`data/original`](data/original) directory contains one file per forecaster, "
              "drawn only from the forecasters' own websites.\n\nEach file has these columns:\n\n- `date`: the date\n")
    write_files(tmp_path, {"README.md": readme, "data/original/a.csv": CSV, "data/original/b.csv": CSV,
                           "data/raw/x.csv": CSV, "analysis.py": "import pandas as pd\n"})
    assert [f["evidence"] for f in findings_of(audit_json(tmp_path), "data-documented")] == ["data/raw/"]


def test_a_folder_named_only_in_a_code_block_or_without_a_word_on_what_it_holds_is_not_documented(tmp_path, audit_json):
    readme = "# Project\n\n```sh\npython run.py data/original\n```\n\nSee data/other for more.\n"
    write_files(tmp_path, {"README.md": readme, "data/original/a.csv": CSV, "data/other/b.csv": CSV,
                           "analysis.py": "import pandas as pd\n"})
    assert sorted(f["evidence"] for f in findings_of(audit_json(tmp_path), "data-documented")) == [
        "data/original/", "data/other/"]


def test_hand_written_rule_files_under_data_are_configuration_and_data_beside_them_is_data(tmp_path, audit_json):
    files = {"text/data/mis_spelling.rule": "begginers->beginners\nemmision->emission\n", "text/data/number.rule": "[12][0-9]{3}->yEar\n",
             "text/clean.py": "rules = open('data/mis_spelling.rule').read()\n"}
    write_files(tmp_path, files)
    assert findings_of(audit_json(tmp_path), "data-documented") == []
    with_data = tmp_path / "with_data"
    write_files(with_data, {**files, "text/data/train.csv": CSV})
    assert [f["evidence"] for f in findings_of(audit_json(with_data), "data-documented")] == ["text/data/"]


def test_a_top_data_folder_is_described_only_where_the_readme_names_it_as_a_path(tmp_path, audit_json):
    files = {"data/a.csv": CSV, "analysis.py": "import pandas as pd\n"}
    write_files(tmp_path / "word", {**files, "README.md": "# Churn\n\nThe data contains one row per customer.\n"})
    write_files(tmp_path / "path", {**files, "README.md": "# Churn\n\nThe `data/` folder holds one row per customer, "
                                                          "exported from the CRM on 2024-01-05.\n"})
    write_files(tmp_path / "named", {**files, "README.md": "# Churn\n\n- `data/` contains the necessary dataset files;\n"})
    assert [f["evidence"] for f in findings_of(audit_json(tmp_path / "named"), "data-documented")] == ["data/"]
    assert [f["evidence"] for f in findings_of(audit_json(tmp_path / "word"), "data-documented")] == ["data/"]
    assert findings_of(audit_json(tmp_path / "path"), "data-documented") == []
