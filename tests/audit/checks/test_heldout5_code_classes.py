"""Classes of false alarm and miss in the code-reading checks found by the fifth held-out batch (issue 24, judge K):
Keras models seeded through NumPy, randomness that cannot change an output, token strings taken for secrets, seeds
that are themselves drawn at random."""

from __future__ import annotations

import pytest

from ..conftest import findings_of, write_files

KERAS_MODEL = """
def build(n):
    model = Sequential()
    model.add(Dense(64, input_dim=n))
    model.add(Dropout(0.5))
    model.add(Dense(1))
    return model
"""


# --- Multi-backend Keras draws its layers' seeds from NumPy -------------------------------------------
@pytest.mark.parametrize("evidence", [
    {"requirements.txt": "keras==2.2.4\nnumpy==1.16.0\n"},
    {"requirements.txt": "keras<2.3\n"},
    {"requirements.txt": "tensorflow-gpu==1.14.0\nkeras\n"},
    {"extra.py": "from keras.layers import Merge\n"},
    {"extra.py": "from keras.engine.topology import Layer\n"},
    {"extra.py": "import keras\nimport tensorflow as tf\nsess = tf.Session()\n"},
    {"extra.py": "from keras.layers import merge\nm = merge([a, b], mode='concat')\n"},
    {"extra.py": "from keras.models import Sequential\nmodel = Sequential()\nmodel.fit(x, y, nb_epoch=10)\n"},
])
def test_np_random_seed_before_a_multi_backend_keras_model_seeds_its_layers(tmp_path, audit_json, evidence):
    seeded = "import numpy as np\nnp.random.seed(1123)\nfrom keras.models import Sequential\nfrom keras.layers import Dense, Dropout\n"
    write_files(tmp_path, {"train.py": seeded + KERAS_MODEL + "\nbuild(3).fit(x, y)\n", **evidence})
    assert findings_of(audit_json(tmp_path), "code-unseeded-randomness") == []
    unseeded = tmp_path / "unseeded"  # the same code without the seed line is still reported, saying what seeds it
    write_files(unseeded, {"train.py": seeded.replace("np.random.seed(1123)\n", "") + KERAS_MODEL + "\nbuild(3).fit(x, y)\n",
                           **evidence})
    (finding,) = findings_of(audit_json(unseeded), "code-unseeded-randomness")
    assert finding["message"].startswith("tensorflow without a seed (layers that start random: Dense, Dropout; "
                                         "multi-backend Keras (before 2.4) seeds them from NumPy")


def test_a_seeding_entry_script_covers_the_keras_model_a_module_builds(tmp_path, audit_json):
    write_files(tmp_path, {
        "requirements.txt": "keras==2.1.6\n",
        "models.py": "from keras.models import Sequential\nfrom keras.layers import Dense, Dropout\n" + KERAS_MODEL,
        "run.py": "import numpy as np\nfrom models import build\n\nif __name__ == '__main__':\n    np.random.seed(7)\n"
                  "    build(3).fit(x, y)\n"})
    assert findings_of(audit_json(tmp_path), "code-unseeded-randomness") == []


@pytest.mark.parametrize("files", [
    # tf.keras takes TensorFlow's op seeds, whatever the TensorFlow version
    {"train.py": "import numpy as np\nnp.random.seed(1)\nfrom tensorflow.keras.models import Sequential\n"
                 "from tensorflow.keras.layers import Dense, Dropout\n" + KERAS_MODEL, "requirements.txt": "tensorflow==1.15.0\n"},
    # the keras package from 2.4 on is tf.keras, and Keras 3 seeds from Python's random
    {"train.py": "import numpy as np\nnp.random.seed(1)\nfrom keras.models import Sequential\nfrom keras.layers import Dense, Dropout\n"
                 + KERAS_MODEL, "requirements.txt": "keras>=2.4\n"},
    # nothing says which keras: a fresh install gets Keras 3
    {"train.py": "import numpy as np\nnp.random.seed(1)\nfrom keras.models import Sequential\nfrom keras.layers import Dense, Dropout\n"
                 + KERAS_MODEL},
])
def test_np_random_seed_does_not_cover_tf_keras_or_a_keras_of_unknown_version(tmp_path, audit_json, files):
    write_files(tmp_path, files)
    (finding,) = findings_of(audit_json(tmp_path), "code-unseeded-randomness")
    assert finding["message"].startswith("tensorflow without a seed (layers that start random: Dense, Dropout) (")


def test_a_numpy_seed_in_an_unrelated_script_does_not_cover_a_keras_model(tmp_path, audit_json):
    write_files(tmp_path, {
        "requirements.txt": "keras==2.0.8\n",
        "model_a.py": "from keras.models import Sequential\nfrom keras.layers import Dense, Dropout\n" + KERAS_MODEL
                      + "\nbuild(3).fit(x, y)\n",
        "other.py": "import numpy as np\n\nif __name__ == '__main__':\n    np.random.seed(7)\n    print(np.random.rand())\n"})
    (finding,) = findings_of(audit_json(tmp_path), "code-unseeded-randomness")
    assert finding["evidence"].startswith("model_a.py:")


# --- Randomness that cannot change the output -------------------------------------------------------
def test_a_random_cache_buster_in_a_request_is_not_unseeded_randomness(tmp_path, audit_json):
    code = ("import random\nimport requests\n\ndef fetch(url):\n"
            "    return requests.get(url, params={\"r\": random.random()}).json()\n\n"
            "def page(url):\n    return requests.get(url, params={\"page\": random.randint(1, 9)}).json()\n")
    write_files(tmp_path, {"scrape.py": code})
    (finding,) = findings_of(audit_json(tmp_path), "code-unseeded-randomness")  # the page it picks is a result
    assert finding["evidence"] == "scrape.py:8"


# --- Token strings are not secrets --------------------------------------------------------------------
def test_a_text_models_special_tokens_are_not_secrets_and_a_key_still_is(tmp_path, audit_json):
    code = ('class Vocabulary:\n    def __init__(self):\n        self._padding_token = "@@PADDING@@"\n'
            '        self._oov_token = "@@UNKNOWN@@"\n        self.unk_token = "<unk>"\n        self.pad_token = "[PAD]"\n'
            '        self.eos_token = "<|endoftext|>"\n\n'
            'API_TOKEN = "f3Kq9zL2xW8vB7nM4pR1"\n')
    write_files(tmp_path, {"vocab.py": code})
    (finding,) = findings_of(audit_json(tmp_path), "code-secrets")
    assert finding["evidence"] == "vocab.py:9"


# --- /latest/ is a moving branch only on a code-hosting site ------------------------------------------
def test_latest_in_a_live_apis_address_is_no_moving_branch_but_a_latest_release_on_github_is(tmp_path, audit_json):
    code = ("import requests\nBASE_URL = 'http://table-cache.example-markets.com/latest/'\n\n"
            "def current():\n    return requests.get(BASE_URL + 'table.json').json()\n\n"
            "def tool():\n    return requests.get('https://github.com/owner/tool/releases/latest/download/table.csv').text\n")
    write_files(tmp_path, {"scrape.py": code})
    moving = [f for f in findings_of(audit_json(tmp_path), "env-runtime-fetches") if f["kind"] == "download from a moving branch"]
    assert [f["evidence"] for f in moving] == ["scrape.py:8"]


# --- A seed that is itself drawn at random ------------------------------------------------------------
def test_a_seed_drawn_from_an_unseeded_generator_or_the_clock_is_reported_and_a_fixed_one_is_not(tmp_path, audit_json):
    code = ("import time\nimport numpy as np\n\ndef main(config, given):\n    if given:\n        config['sim']['seed'] = given\n"
            "    elif config['sim']['seed'] == 0:\n        seed = np.random.randint(low=0, high=2**32 - 1)\n"
            "        config['sim']['seed'] = seed\n    np.random.seed(seed=config['sim']['seed'])\n    return np.random.rand()\n\n"
            "def other(args):\n    args.seed = int(time.time())\n    np.random.seed(args.seed)\n\n"
            "def fixed():\n    seed = 42\n    np.random.seed(seed)\n")
    write_files(tmp_path, {"run.py": code})
    found = [f for f in findings_of(audit_json(tmp_path), "code-unseeded-randomness") if f["kind"] == "seed drawn at random"]
    assert [(f["evidence"], f["message"].split(":")[0]) for f in found] == [
        ("run.py:8", "the seed is itself drawn afresh (np.random.randint(), an unseeded random draw)"),
        ("run.py:14", "the seed is itself drawn afresh (time.time(), the clock)")]
