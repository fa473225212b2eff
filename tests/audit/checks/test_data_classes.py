"""Download checks by class: downloads recognised by what the code calls, checksums only when compared."""

from __future__ import annotations

from ..conftest import code_cell, findings_of, notebook, status_of, write_files


def test_a_url_in_a_variable_and_the_kaggle_api_are_downloads(tmp_path, audit_json):
    write_files(tmp_path, {"a.py": 'import pandas as pd\nURL = "https://example.org/churn.csv"\ndf = pd.read_csv(URL)\n',
                           "b.py": "from kaggle.api.kaggle_api_extended import KaggleApi\napi = KaggleApi()\n"
                                   "api.competition_download_files('titanic')\n"})
    (finding,) = findings_of(audit_json(tmp_path), "data-download-verified")  # the same finding in two files: one, saying where
    assert [finding["evidence"], *finding["places"]] == ["a.py:3", "b.py:3"]


def test_hashing_ids_is_not_checking_a_download(tmp_path, audit_json):
    write_files(tmp_path, {"split.ipynb": notebook(code_cell(
        "import hashlib\nimport pandas as pd\ndf = pd.read_csv('https://example.org/housing.csv')\n"
        "test = df[df.id.apply(lambda i: hashlib.md5(str(i).encode()).digest()[-1] < 51)]", 1))})
    assert [f["evidence"] for f in findings_of(audit_json(tmp_path), "data-download-verified")] == ["split.ipynb:cell 1:3"]


def test_a_hash_passed_to_the_downloader_or_a_shell_check_verifies(tmp_path, audit_json):
    write_files(tmp_path, {"a.py": "import pooch\npooch.retrieve('https://example.org/d.csv', known_hash='sha256:ab12')\n",
                           "get.sh": "wget https://example.org/d.csv\nsha256sum -c SHA256SUMS\n"})
    assert status_of(audit_json(tmp_path), "data-download-verified") == "pass"


def test_a_signing_key_and_an_upload_are_not_data_downloads(tmp_path, audit_json):
    write_files(tmp_path, {"setup.sh": "curl -fsSL https://packages.example.org/key.gpg | apt-key add -\n"
                                       "aws s3 cp results/ s3://bucket/results --recursive\n"})
    assert status_of(audit_json(tmp_path), "data-download-verified") == "not-applicable"


def test_a_helper_copied_into_every_notebook_is_one_finding(tmp_path, audit_json):
    cell = code_cell("import urllib.request\nurllib.request.urlretrieve('https://example.org/d.csv', 'd.csv')", 1)
    write_files(tmp_path, {f"chapter{i}.ipynb": notebook(cell) for i in range(1, 6)})
    (finding,) = findings_of(audit_json(tmp_path), "data-download-verified")
    assert finding["count"] == 5 and finding["evidence"] == "chapter1.ipynb:cell 1:2"
    assert finding["message"].endswith("(also in 4 other files: chapter2.ipynb:cell 1:2, chapter3.ipynb:cell 1:2, "
                                       "chapter4.ipynb:cell 1:2, chapter5.ipynb:cell 1:2)")


def test_a_tool_fetching_whatever_address_it_is_given_is_not_a_data_download(tmp_path, audit_json):
    write_files(tmp_path, {"fetch.py": "from urllib.request import urlretrieve\ndef fetch(address):\n    return urlretrieve(address)\n"})
    assert status_of(audit_json(tmp_path), "data-download-verified") == "not-applicable"
