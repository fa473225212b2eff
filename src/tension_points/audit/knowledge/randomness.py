"""Which calls draw random numbers, which seed them, and which take their own ``random_state``.

Calls are judged by the name they resolve to through the module's imports, so
``npr.rand`` after ``import numpy.random as npr`` is NumPy's and a project's
own ``class KMeans`` or ``def train_test_split(..., seed)`` is not
scikit-learn's. Families: the ``random`` module, NumPy's global generator,
PyTorch, TensorFlow/Keras; scikit-learn-style estimators fall back to NumPy's
global generator when given no ``random_state``, so a NumPy seed covers them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tension_points.audit.parse.python import Call

RANDOM_MODULE_DRAWS = frozenset({"random", "randint", "randrange", "choice", "choices", "shuffle", "sample", "uniform",
                                 "gauss", "normalvariate", "getrandbits", "triangular", "betavariate", "expovariate",
                                 "lognormvariate", "vonmisesvariate", "gammavariate", "paretovariate", "weibullvariate"})
NUMPY_NOT_DRAWS = frozenset({"seed", "default_rng", "RandomState", "Generator", "SeedSequence", "PCG64", "PCG64DXSM",
                             "MT19937", "Philox", "SFC64", "BitGenerator", "get_state", "set_state"})
TORCH_DRAWS = frozenset({"rand", "randn", "randint", "randperm", "rand_like", "randn_like", "randint_like", "normal",
                         "bernoulli", "multinomial", "poisson"})
# Layers whose weights start random, and the random parts of training.
TORCH_RANDOM_MODULES = re.compile(r"^torch\.nn\.(?:Linear|Bilinear|LazyLinear|Conv[123]d|ConvTranspose[123]d|Lazy\w+|LSTM|GRU|RNN"
                                  r"|LSTMCell|GRUCell|RNNCell|Embedding|EmbeddingBag|MultiheadAttention|Transformer\w*|Dropout\w*)$")
KERAS_LAYERS = re.compile(r"^(?:tensorflow\.)?keras\.layers\.(?:Dense|Conv[123]D|Conv[123]DTranspose|LSTM|GRU|SimpleRNN|Embedding"
                          r"|Dropout|MultiHeadAttention)$")
SEEDS = {
    "random": ("random.seed",),
    "numpy": ("numpy.random.seed",),
    "torch": ("torch.manual_seed", "torch.cuda.manual_seed_all", "torch.random.manual_seed", "torch.cuda.manual_seed"),
    "tensorflow": ("tensorflow.random.set_seed", "tensorflow.set_random_seed", "tensorflow.compat.v1.set_random_seed",
                   "tensorflow.keras.utils.set_random_seed", "keras.utils.set_random_seed"),
}
# Helpers of PyTorch Lightning, Hugging Face and Keras that seed random, NumPy and the framework at once.
SEED_EVERYTHING = re.compile(r"(?:^|\.)(?:seed_everything|set_seed|set_random_seed|enable_full_determinism)$")
# scikit-learn (and look-alikes) take random_state per call; without it they use NumPy's global generator.
ESTIMATORS = re.compile(
    r"^(?:sklearn|imblearn|umap)\.(?:[\w.]+\.)?(?:train_test_split|ShuffleSplit|StratifiedShuffleSplit|GroupShuffleSplit"
    r"|RandomForest(?:Classifier|Regressor)|ExtraTrees(?:Classifier|Regressor)|(?:Hist)?GradientBoosting(?:Classifier|Regressor)"
    r"|DecisionTree(?:Classifier|Regressor)|Bagging(?:Classifier|Regressor)|AdaBoost(?:Classifier|Regressor)|IsolationForest"
    r"|KMeans|MiniBatchKMeans|SGD(?:Classifier|Regressor)|MLP(?:Classifier|Regressor)|RandomizedSearchCV|permutation_importance"
    r"|TSNE|make_classification|make_regression|make_blobs|make_moons|make_circles|TruncatedSVD|NMF|GaussianMixture"
    r"|SpectralClustering|RandomOverSampler|RandomUnderSampler|SMOTE|UMAP|(?:Stratified|Group|Repeated|RepeatedStratified)?KFold)$")
FOLDS = re.compile(r"(?:^|\.)(?:Stratified|Group)?KFold$")
FIXED_INIT = frozenset({"KMeans", "MiniBatchKMeans"})
FAMILY_NAMES = {"random": "random module", "numpy": "numpy.random", "torch": "torch", "tensorflow": "tensorflow"}


@dataclass(frozen=True, slots=True)
class Draw:
    family: str  # random, numpy, torch, tensorflow
    kind: str  # the finding's label
    detail: str = ""


def seeded_value(value) -> bool:
    return value is not None and not value.is_none


def seed_family(name: str, call: Call) -> tuple[str, ...]:
    """The families a call seeds (with an argument that is not None), else ()."""
    if not call.args and not call.keywords:
        return ()
    if call.args and call.args[0].is_none:
        return ()
    if SEED_EVERYTHING.search(name):
        return tuple(SEEDS)
    return tuple(family for family, seeds in SEEDS.items() if name in seeds)


def draw(name: str, call: Call) -> Draw | None:
    """What a call draws unseeded, by the name it resolves to, or None."""
    head, _, last = name.rpartition(".")
    if head == "random" and last in RANDOM_MODULE_DRAWS:
        return Draw("random", "random module without a seed")
    if head == "numpy.random" and last not in NUMPY_NOT_DRAWS:
        return Draw("numpy", "numpy.random without a seed")
    if name in ("numpy.random.default_rng", "numpy.random.RandomState") and not call.args and not call.keywords:
        return Draw("numpy", "numpy.random without a seed")
    if head == "torch" and last in TORCH_DRAWS or TORCH_RANDOM_MODULES.match(name):
        return Draw("torch", "torch without a seed", last if head != "torch" else "")
    if name.startswith(("torch.utils.data.DataLoader",)) and _true(call.keyword("shuffle")):
        return Draw("torch", "torch without a seed", "DataLoader(shuffle=True)")
    if name == "torch.utils.data.random_split":
        return Draw("torch", "torch without a seed", "random_split")
    if head in ("tensorflow.random", "tensorflow.compat.v1.random") and last not in ("set_seed", "Generator"):
        return Draw("tensorflow", "tensorflow without a seed")
    if KERAS_LAYERS.match(name):
        return Draw("tensorflow", "tensorflow without a seed", last)
    if ESTIMATORS.match(name):
        return _estimator(name, last, call)
    return None


def _true(value) -> bool:
    return value is not None and value.kind == "constant" and value.constant is True


def _estimator(name: str, last: str, call: Call) -> Draw | None:
    if FOLDS.search(name) and not _true(call.keyword("shuffle")):
        return None  # folds without shuffling are not random
    if seeded_value(call.keyword("random_state")) or call.star_kwargs:
        return None
    if last in FIXED_INIT:
        init = call.keyword("init")
        if init is not None and not (init.kind == "constant" and init.constant in ("k-means++", "random")):
            return None  # starting centres given as an array: nothing left to chance
    return Draw("numpy", "scikit-learn style call without random_state", last)


def family_label(family: str) -> str:
    return FAMILY_NAMES[family]


def unseeded_draws(unit, helpers: dict[str, set[str]]) -> list[tuple[Draw, Call]]:
    """The draws of one module or notebook no seed covers: a seed of the family earlier on, or anywhere
    when the draw is inside a function (main() may seed before it calls train()). Calls of the project's
    seeding ``helpers`` (function name: families) seed too. Draws in timed notebook cells (%%timeit)
    cannot change a result and are left out."""
    seeds: dict[str, int] = {}
    draws: list[tuple[Draw, Call]] = []
    judged: dict[tuple, tuple] = {}  # a hostile file repeats one call a hundred thousand times: judge it once
    for name, call in unit.resolved:
        key = (name, call.name, call.args, call.keywords, call.star_kwargs)
        if key not in judged:
            families = seed_family(name, call)
            if not families:
                helper = call.name.rsplit(".", 1)[-1]
                if helper in helpers and name.split(".", 1)[0] not in ("numpy", "random", "torch", "tensorflow", "sklearn"):
                    families = tuple(helpers[helper])
            judged[key] = (families, draw(name, call))
        families, found = judged[key]
        for family in families:
            seeds[family] = min(seeds.get(family, call.line), call.line)
        if found is not None:
            draws.append((found, call))
    notebook = unit.notebook
    left = []
    for found, call in draws:
        if found.family in seeds and (seeds[found.family] <= call.line or call.scope):
            continue
        if notebook is not None:
            cell = notebook.cell(notebook.locate(call.line)[0])
            if cell is not None and cell.timed:
                continue
        left.append((found, call))
    return left


def describe(found: Draw) -> str:
    return f"{found.kind} ({found.detail})" if found.detail else found.kind
