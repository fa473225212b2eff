"""Code checks by class: text that looks like code, seeds the code really sets, library randomness."""

from __future__ import annotations

from ..conftest import findings_of, status_of, write_files

HOME = "/ho" + "me/amy"


def test_a_parameter_defaulting_to_none_is_not_an_unseeded_call(tmp_path, audit_json):
    write_files(tmp_path, {"model.py": "from sklearn.cluster import KMeans\nimport numpy as np\n"
                                       "def fit(X, random_state=None):\n    return KMeans(4, random_state=random_state).fit(X)\n"
                                       "KMeans(n_clusters=3, init=np.array([[0, 0], [1, 1], [2, 2]]), n_init=1).fit(X)\n"})
    assert status_of(audit_json(tmp_path), "code-unseeded-randomness") == "pass"


def test_aliases_and_from_imports_are_seen_and_strings_are_not(tmp_path, audit_json):
    write_files(tmp_path, {"a.py": 'import numpy as npy\nfrom numpy.random import rand\nfrom sklearn.model_selection import '
                                   'train_test_split as tts\nEXAMPLE = "np.random.rand(1)"\nnpy.random.rand(2)\nrand(3)\ntts(X, y)\n'})
    found = [(f["line"], f["message"]) for f in findings_of(audit_json(tmp_path), "code-unseeded-randomness")]
    assert found == [(5, "numpy.random without a seed (2 times: lines 5, 6)"),
                     (7, "scikit-learn style call without random_state (train_test_split)")]


def test_library_randomness_pytorch_training_and_umap(tmp_path, audit_json):
    write_files(tmp_path, {"train.py": "import torch\nimport umap\nmodel = torch.nn.Linear(4, 2)\n"
                                       "loader = torch.utils.data.DataLoader(data, shuffle=True)\nembedding = umap.UMAP().fit_transform(X)\n"})
    found = [(f["line"], f["kind"]) for f in findings_of(audit_json(tmp_path), "code-unseeded-randomness")]
    assert found == [(3, "torch without a seed"), (4, "torch without a seed"), (5, "scikit-learn style call without random_state")]


def test_paths_in_docstrings_containers_and_format_strings_are_not_machine_paths(tmp_path, audit_json):
    write_files(tmp_path, {"Dockerfile": "FROM python:3.11.9-slim\nWORKDIR /home/app\n",
                           "a.py": f'"""Reads {HOME}/data.csv on the author\'s laptop."""\nOUT = "/home/app/out.csv"\n'
                                   'NOTE = "x:\\n{{}}".format(1)\nNB = "/home/jovyan/work"\n'})
    assert status_of(audit_json(tmp_path), "code-absolute-paths") == "pass"


def test_a_machine_path_in_code_is_found(tmp_path, audit_json):
    write_files(tmp_path, {"a.py": f'DATA = r"C:\\Users\\amy\\data.csv"\nOTHER = "{HOME}/x.csv"\n'})
    assert [f["line"] for f in findings_of(audit_json(tmp_path), "code-absolute-paths")] == [1, 2]
