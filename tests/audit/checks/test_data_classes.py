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


# --- Downloads as the code writes them (issue 24's held-out judging) ----------------------------------------------------
def download_places(report: dict) -> list[str]:
    return sorted(place.split(":")[0] for f in findings_of(report, "data-download-verified") for place in [f["evidence"], *f["places"]])


def test_library_loaders_that_check_their_own_downloads_are_not_unverified(tmp_path, audit_json):
    write_files(tmp_path, {"a.py": "from sklearn.datasets import fetch_20newsgroups, fetch_openml\nimport datasets\n"
                                   "from tensorflow.keras.datasets import mnist\nx = fetch_20newsgroups()\ny = fetch_openml('mnist_784')\n"
                                   "z = datasets.load_dataset('imdb')\n(a, b), _ = mnist.load_data()\n"})
    assert download_places(audit_json(tmp_path)) == []


def test_downloads_written_through_helpers_concatenation_format_and_subprocess(tmp_path, audit_json):
    write_files(tmp_path, {
        "helper.ipynb": notebook(code_cell("from urllib.request import urlretrieve\ndef download(url):\n    urlretrieve(url, 'x')\n"
                                           "download('https://example.org/data/gss.csv')", 1)),
        "concat.py": "from urllib.request import urlopen\nURL_BASE = 'http://downloads.example.org/3.5.1/en/'\n"
                     "def get(name):\n    open(name, 'wb').write(urlopen(URL_BASE + name).read())\n",
        "template.py": "import pandas as pd\nurl_template = 'http://climate.example.ca/data?format=csv&year={year}'\n"
                       "def month(year):\n    url = url_template.format(year=year)\n    return pd.read_csv(url)\n",
        "shell.py": "import subprocess\ndef get(url, out):\n    cmd = ['curl', url, '-o', out]\n    subprocess.call(cmd)\n",
        "mnistpkg.py": "import mnist\nimages = mnist.train_images()\n",
        "prices.py": "import yfinance as yf\nprices = yf.download(['AAPL'], start='2020-01-01')\n",
    })
    assert download_places(audit_json(tmp_path)) == ["concat.py", "helper.ipynb", "mnistpkg.py", "prices.py", "shell.py", "template.py"]


def test_an_api_call_and_a_read_from_a_moving_branch_are_not_data_downloads_to_checksum(tmp_path, audit_json):
    write_files(tmp_path, {"api.py": "import requests\nrepos = requests.get('https://api.github.com/users/joelgrus/repos').json()\n",
                           "tips.py": "import pandas as pd\ntips = pd.read_csv('https://raw.githubusercontent.com/x/y/master/tips.csv')\n"})
    report = audit_json(tmp_path)
    assert download_places(report) == []
    assert [f["evidence"] for f in findings_of(report, "env-runtime-fetches")] == ["tips.py:2"]


def test_an_install_scripts_downloads_are_software(tmp_path, audit_json):
    write_files(tmp_path, {"install.sh": "wget https://download.open-mpi.org/release/openmpi-4.0.3.tar.gz\n"
                                         "tar xf openmpi-4.0.3.tar.gz\ncd openmpi-4.0.3\n./configure\nmake all install\n",
                           "get_data.sh": "wget https://example.org/data/train.zip\n"})
    assert download_places(audit_json(tmp_path)) == ["get_data.sh"]
