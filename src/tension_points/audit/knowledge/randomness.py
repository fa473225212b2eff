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

from tension_points.audit.parse.pyfacts import WHOLE_MODULE
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
# Lasagne (and nolearn over it) initialise weights and drop units through lasagne.random, which is NumPy's global
# generator unless lasagne.random.set_rng gives it another.
LASAGNE_LAYERS = re.compile(r"^lasagne\.layers\.(?:DenseLayer|Conv[123]DLayer|DropoutLayer|GaussianNoiseLayer|EmbeddingLayer"
                            r"|LSTMLayer|GRULayer|RecurrentLayer|NINLayer|Deconv2DLayer|TransposedConv2DLayer)$|^nolearn\.lasagne\.NeuralNet$")
SEEDS = {
    "random": ("random.seed",),
    "numpy": ("numpy.random.seed",),
    "torch": ("torch.manual_seed", "torch.cuda.manual_seed_all", "torch.random.manual_seed", "torch.cuda.manual_seed"),
    "tensorflow": ("tensorflow.random.set_seed", "tensorflow.set_random_seed", "tensorflow.compat.v1.set_random_seed",
                   "tensorflow.keras.utils.set_random_seed", "keras.utils.set_random_seed"),
}
# Libraries' seeding helpers and the generators each seeds (read in their source).
ALL_FAMILIES = ("random", "numpy", "torch", "tensorflow")
LIBRARY_SEEDERS = {
    "pytorch_toolbelt.utils.random.set_manual_seed": ("random", "torch"),  # random.seed, torch.manual_seed: not NumPy
    "pytorch_toolbelt.utils.set_manual_seed": ("random", "torch"),
    "catalyst.utils.set_global_seed": ALL_FAMILIES, "catalyst.utils.seed.set_global_seed": ALL_FAMILIES,
    "catalyst.utils.misc.set_global_seed": ALL_FAMILIES,
    "keras.utils.set_random_seed": ("random", "numpy", "tensorflow"),
    "lasagne.random.set_rng": ("numpy",),  # the generator Lasagne's layers draw from
    "tensorflow.keras.utils.set_random_seed": ("random", "numpy", "tensorflow"),
    "fastai.torch_core.set_seed": ("random", "numpy", "torch"), "fastai.basics.set_seed": ("random", "numpy", "torch"),
    "accelerate.utils.set_seed": ("random", "numpy", "torch"),
    "lightning.seed_everything": ("random", "numpy", "torch"), "pytorch_lightning.seed_everything": ("random", "numpy", "torch"),
    "lightning.pytorch.seed_everything": ("random", "numpy", "torch"), "lightning.fabric.seed_everything": ("random", "numpy", "torch"),
}
# Other helpers of that name (Hugging Face's set_seed, mmcv's set_random_seed...): taken to seed everything.
SEED_EVERYTHING = re.compile(r"(?:^|\.)(?:seed_everything|set_seed|set_random_seed|enable_full_determinism|set_global_seed)$")
# scikit-learn (and look-alikes) take random_state per call; without it they use NumPy's global generator.
ESTIMATORS = re.compile(
    r"^(?:sklearn|imblearn|umap)\.(?:[\w.]+\.)?(?:train_test_split|ShuffleSplit|StratifiedShuffleSplit|GroupShuffleSplit"
    r"|RandomForest(?:Classifier|Regressor)|ExtraTrees(?:Classifier|Regressor)|(?:Hist)?GradientBoosting(?:Classifier|Regressor)"
    r"|DecisionTree(?:Classifier|Regressor)|Bagging(?:Classifier|Regressor)|AdaBoost(?:Classifier|Regressor)|IsolationForest"
    r"|KMeans|MiniBatchKMeans|SGD(?:Classifier|Regressor)|MLP(?:Classifier|Regressor)|RandomizedSearchCV|permutation_importance"
    r"|TSNE|make_classification|make_regression|make_blobs|make_moons|make_circles|TruncatedSVD|NMF|GaussianMixture"
    r"|SpectralClustering|RandomOverSampler|RandomUnderSampler|SMOTE|UMAP|(?:Stratified|Group|Repeated|RepeatedStratified)?KFold"
    r"|randomized_svd|randomized_range_finder|make_multilabel_classification|make_s_curve|make_swiss_roll|make_gaussian_quantiles)$"
    r"|^lime\.lime_\w+\.Lime\w*Explainer$")
# TensorFlow 1's random ops and initialisers take seed=; without it (and without a graph-level seed) they differ each run.
TF_RANDOM = re.compile(r"^tensorflow\.(?:compat\.v1\.)?(?:random_normal|random_uniform|truncated_normal|random_shuffle|random_crop"
                       r"|multinomial|random_normal_initializer|random_uniform_initializer|truncated_normal_initializer"
                       r"|glorot_uniform_initializer|glorot_normal_initializer|orthogonal_initializer)$"
                       r"|^tensorflow\.(?:keras\.)?initializers\.(?:RandomNormal|RandomUniform|TruncatedNormal|GlorotUniform|GlorotNormal"
                       r"|HeNormal|HeUniform|Orthogonal)$|^tensorflow\.contrib\.layers\.xavier_initializer$")
# TensorFlow 1's layers start their weights from a Glorot initialiser with no seed, and its dropout drops at random:
# without a graph-level seed (tf.set_random_seed) each training differs (the TensorFlow 1.15 API reference of each).
TF1_LAYERS = re.compile(r"^tensorflow\.(?:compat\.v1\.)?layers\.(?:dense|conv[123]d|conv2d_transpose|conv3d_transpose"
                        r"|separable_conv[12]d|Dense|Conv[123]D)$|^tensorflow\.contrib\.layers\.(?:fully_connected|conv2d|conv1d"
                        r"|convolution2d)$")
TF1_DROPOUT = re.compile(r"^tensorflow\.(?:compat\.v1\.)?(?:nn\.dropout|layers\.dropout|layers\.Dropout)$")
# Multi-backend Keras (keras 1.x and 2.0-2.3, on TensorFlow, Theano or CNTK) gives every initializer, dropout and
# noise layer left with seed=None an op seed drawn from NumPy's global generator (its backends'
# random_uniform/random_normal/truncated_normal/dropout: ``if seed is None: seed = np.random.randint(10e6)``), so
# np.random.seed before the model is built fixes its weights. Not so for tf.keras (its initializers and Dropout take
# TensorFlow's op seeds: tf.random.set_seed / tf.compat.v1.set_random_seed), nor for the keras package from 2.4 on
# (tf.keras), nor Keras 3 (default seeds from Python's random). So NumPy's seed counts only for the standalone keras
# package, and only where the project shows it is the multi-backend one: a declared keras below 2.4 (or a
# tensorflow below 2, which Keras 2.4 does not install on), or code only that Keras runs.
MULTI_BACKEND_KERAS = re.compile(r"^keras\.(?:layers\.Merge$|engine\.topology|utils\.visualize_util|backend\.(?:tensorflow|theano|cntk)_backend"
                                 r"|legacy|initializations|layers\.(?:core\.)?(?:MaxoutDense|Highway)$|utils\.np_utils\.probas_to_classes)")
TENSORFLOW_1 = re.compile(r"^tensorflow\.(?:contrib|Session$|InteractiveSession$|placeholder$|ConfigProto$|GPUOptions$|set_random_seed$"
                          r"|global_variables_initializer$|variable_scope$|get_variable$|train\.(?:AdamOptimizer|GradientDescentOptimizer)$)")
KERAS_1_KEYWORDS = frozenset({"nb_epoch", "init", "border_mode", "output_dim", "nb_filter", "subsample", "W_regularizer"})
PYMC_SAMPLE = re.compile(r"^pymc3?\.(?:sample|sample_prior_predictive|sample_posterior_predictive)$")
SCIPY_RVS = re.compile(r"^scipy\.stats\.\w+\.rvs$")
FOLDS = re.compile(r"(?:^|\.)(?:Stratified|Group)?KFold$")
FIXED_INIT = frozenset({"KMeans", "MiniBatchKMeans"})
FAMILY_NAMES = {"random": "random module", "numpy": "numpy.random", "torch": "torch", "tensorflow": "tensorflow", "pymc": "pymc"}


@dataclass(frozen=True, slots=True)
class Draw:
    family: str  # random, numpy, torch, tensorflow
    kind: str  # the finding's label
    detail: str = ""
    construction: bool = False  # a layer whose weights start random: it matters where the model is trained
    also: tuple[str, ...] = ()  # other families whose seed covers it (multi-backend Keras's layers: NumPy's)

    def covered(self, seeded) -> bool:
        return self.family in seeded or any(family in seeded for family in self.also)


def multi_backend_keras(units, specs) -> bool:
    """Does the project use the multi-backend keras package (before 2.4), whose layers draw their seeds from NumPy?
    A declared keras settles it (only releases before 2.4 allowed: yes; only 2.4 and later: no); else a declared
    tensorflow below 2 or code that runs only on that Keras or on TensorFlow 1 (see MULTI_BACKEND_KERAS)."""
    declared = [r.specifier for spec in specs for r in spec.requirements if r.name == "keras" and r.specifier]
    for specifier in declared:
        verdict = _below(specifier, "2.4")
        if verdict is not None:
            return verdict
    if any(_below(r.specifier, "2.0") for spec in specs for r in spec.requirements if r.name in ("tensorflow", "tensorflow-gpu")
           and r.specifier):
        return True
    for unit in units:
        names = [*unit.python.aliases.values(), *(i.module for i in unit.python.imports)]
        if not any(n == "keras" or n.startswith("keras.") for n in names):
            continue
        if any(MULTI_BACKEND_KERAS.match(n) or TENSORFLOW_1.match(n) for n in names):
            return True
        for name, call in unit.resolved:
            if MULTI_BACKEND_KERAS.match(name) or TENSORFLOW_1.match(name) or (name == "keras.layers.merge" and call.args):
                return True
            keywords = {k for k, _ in call.keywords}
            if keywords & KERAS_1_KEYWORDS and (name.startswith("keras.") or (
                    "nb_epoch" in keywords and name.rpartition(".")[2] in ("fit", "fit_generator"))):
                return True
    return False


def _below(specifier: str, version: str) -> bool | None:
    """True when a specifier allows only releases below ``version``, False when only that one or later, else None."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import Version

    try:
        allowed = SpecifierSet(specifier.strip())
    except InvalidSpecifier:
        return None
    bound = Version(version)
    probes = [Version(v) for v in ("1.0.0", "1.2.2", "2.0.8", "2.1.6", "2.2.4", "2.3.1", "2.4.3", "2.6.0", "2.15.0", "3.0.0", "3.8.0")]
    probes += [Version(c.version.replace(".*", "")) for c in allowed if c.version[0].isdigit()]
    inside = [v for v in probes if allowed.contains(v, prereleases=True)]
    if not inside:
        return None
    if all(v < bound for v in inside):
        return True
    if all(v >= bound for v in inside):
        return False
    return None


TIME_OR_ENTROPY = {"time.time": "the clock", "time.time_ns": "the clock", "time.perf_counter": "the clock",
                   "datetime.datetime.now": "the clock", "datetime.now": "the clock", "os.urandom": "the system's entropy",
                   "secrets.randbits": "the system's entropy", "secrets.randbelow": "the system's entropy",
                   "uuid.uuid4": "the system's entropy", "os.getpid": "the process id"}


def drawn_seed(name: str) -> str:
    """What a seed assigned from this call comes from, when it is itself random ("" when it is not)."""
    head, _, last = name.rpartition(".")
    if head == "random" and last in RANDOM_MODULE_DRAWS or head == "numpy.random" and last not in NUMPY_NOT_DRAWS:
        return "an unseeded random draw"
    if head == "torch" and last in ("seed", "randint"):
        return "an unseeded random draw"
    return TIME_OR_ENTROPY.get(name, "")


def seeded_value(value) -> bool:
    return value is not None and not value.is_none


def seed_family(name: str, call: Call) -> tuple[str, ...]:
    """The families a call seeds (with an argument that is not None), else ()."""
    if not call.args and not call.keywords:
        return ()
    if call.args and call.args[0].is_none:
        return ()
    if name in LIBRARY_SEEDERS:
        return LIBRARY_SEEDERS[name]
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
    if head == "torch" and last in TORCH_DRAWS:
        return Draw("torch", "torch without a seed")
    if TORCH_RANDOM_MODULES.match(name):
        return Draw("torch", "torch without a seed", last, construction=True)
    if name.startswith(("torch.utils.data.DataLoader",)) and _true(call.keyword("shuffle")):
        return Draw("torch", "torch without a seed", "DataLoader(shuffle=True)")
    if name == "torch.utils.data.random_split":
        return Draw("torch", "torch without a seed", "random_split")
    if head in ("tensorflow.random", "tensorflow.compat.v1.random") and last not in ("set_seed", "Generator"):
        return Draw("tensorflow", "tensorflow without a seed")
    if KERAS_LAYERS.match(name):
        return Draw("tensorflow", "tensorflow without a seed", last, construction=True)
    if TF_RANDOM.match(name):
        return None if seeded_value(call.keyword("seed")) else Draw("tensorflow", "tensorflow without a seed", last)
    if TF1_LAYERS.match(name):
        if call.keyword("kernel_initializer") is not None or call.keyword("weights_initializer") is not None or call.star_kwargs:
            return None  # the initialiser given is judged where it is made
        return Draw("tensorflow", "tensorflow without a seed", last, construction=True)
    if TF1_DROPOUT.match(name):
        return None if seeded_value(call.keyword("seed")) or call.star_kwargs else Draw("tensorflow", "tensorflow without a seed", last)
    if ESTIMATORS.search(name):
        return _estimator(name, last, call)
    if LASAGNE_LAYERS.match(name):
        return Draw("numpy", "numpy.random without a seed", f"{last}: Lasagne draws from NumPy", construction=True)
    if PYMC_SAMPLE.match(name):  # PyMC 3 draws its chains' seeds from NumPy; later PyMC only from random_seed=
        if seeded_value(call.keyword("random_seed")) or call.star_kwargs:
            return None
        return Draw("numpy" if name.startswith("pymc3") else "pymc", "sampling without a seed", f"{last}, no random_seed")
    if SCIPY_RVS.match(name):
        return None if seeded_value(call.keyword("random_state")) else Draw("numpy", "numpy.random without a seed", "scipy.stats rvs")
    return None


ROW_SAMPLERS = frozenset({"sample"})


def pandas_sample(name: str, call: Call) -> Draw | None:
    """``df.sample(5000)``, ``df.sample(frac=1)``: pandas draws rows from NumPy's global generator unless given
    random_state. Read only in code that imports pandas, and only in the shapes pandas' sample takes (a count or a
    fraction), so a distribution's ``.sample()`` is not taken for it."""
    head, _, last = name.rpartition(".")
    if last not in ROW_SAMPLERS or not head or call.star_kwargs:
        return None
    if seeded_value(call.keyword("random_state")) or (len(call.args) >= 6 and seeded_value(call.args[5])):
        return None
    counted = call.keyword("n") is not None or call.keyword("frac") is not None or (
        call.args and call.args[0].kind == "constant" and isinstance(call.args[0].constant, int) and not isinstance(call.args[0].constant, bool))
    return Draw("numpy", "pandas sampling without random_state") if counted else None


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


def unseeded_draws(unit, seeding) -> list[tuple[Draw, Call]]:
    """The draws of one module or notebook no seed covers. A seed at the module's top level covers what
    follows it and every function; a seed inside a function covers what follows it there and the functions
    it calls; a script that seeds covers the functions of the project modules it imports (``seeding``
    knows which); an explicit seeded generator (``generator=g``, ``random_state=rng``) needs no global
    seed (not its own main(), which only running it as a script runs). Calls of the project's own seeding functions seed. Draws that only time something (``sleep``),
    and those in timed notebook cells (%%timeit), cannot change a result and are left out."""
    module_seeds: dict[str, int] = {}
    function_seeds: dict[str, dict[str, int]] = {}
    calls_in: dict[str, set[str]] = {}  # function: the unit's functions it calls
    draws: list[tuple[Draw, Call]] = []
    judged: dict[tuple, tuple] = {}  # a hostile file repeats one call a hundred thousand times: judge it once
    functions = unit.python.functions
    for name, call in unit.resolved:
        key = (name, call.name, call.args, call.keywords, call.star_kwargs)
        if key not in judged:
            families = seed_family(name, call) or seeding.helper_families(unit, name, call)
            found = draw(name, call)
            root = name.split(".", 1)[0]  # a data frame's sample, not another library's (pymc3.sample(1000, random_seed=1))
            if found is None and "pandas" in unit.imported_tops and (root == "pandas" or root not in unit.imported_tops):
                found = pandas_sample(name, call)
            judged[key] = (families, found)
        families, found = judged[key]
        for family in families:
            where = module_seeds if call.scope is None else function_seeds.setdefault(call.scope, {})
            where[family] = min(where.get(family, call.line), call.line)
        if call.scope is not None:
            head, _, last = call.name.rpartition(".")
            if last in functions and head in ("", "self", "cls"):
                calls_in.setdefault(call.scope, set()).add(last)
        if found is not None and found.construction and found.family == "tensorflow" and name.startswith("keras.") \
                and seeding.keras_from_numpy:
            found = Draw("tensorflow", found.kind, f"{found.detail}: multi-backend Keras (before 2.4) seeds them from NumPy, "
                         "so np.random.seed before the model is built covers them", construction=True, also=("numpy",))
        if found is not None and not _own_generator(call, unit.python.assignments) and (call.line, call.column) not in unit.python.timing \
                and call.name.split(".", 1)[0] not in unit.python.seeded_instances:  # random = Random(seed); random.shuffle(x)
            draws.append((found, call))
    if not draws:
        return []
    seeded_by_caller = _seeded_through_calls(function_seeds, calls_in)
    covered = seeding.covered_families(unit)
    anywhere = seeding.seeded_anywhere if unit.notebook is None else frozenset()
    constructed = seeding.constructions_covered(unit) if unit.notebook is None else frozenset()
    notebook = unit.notebook
    left = []
    for found, call in draws:
        family, families = found.family, (found.family, *found.also)
        if call.scope is None:
            if any(f in module_seeds and module_seeds[f] <= call.line for f in families):
                continue
        else:
            own = function_seeds.get(call.scope, {})
            if found.covered(module_seeds) or any(f in own and own[f] <= call.line for f in families) \
                    or found.covered(seeded_by_caller.get(call.scope, ())) \
                    or (found.covered(covered) and call.scope != "main") or found.covered(seeding.function_covered(unit, call.scope)) \
                    or (found.construction and (family in anywhere or family in constructed)):  # not NumPy's: seeded everywhere
                continue
        if notebook is not None:
            cell = notebook.cell(notebook.locate(call.line)[0])
            if cell is not None and cell.timed:
                continue
        left.append((found, call))
    return left


def _own_generator(call: Call, assignments) -> bool:
    """A draw given its own seeded generator: generator=g with g = torch.Generator().manual_seed(42)."""
    value = call.keyword("generator")
    if value is None or value.is_none:
        return False
    if value.kind == "name" and value.name in assignments:
        value = assignments[value.name]
    return not (value.kind == "call" and value.name.endswith("Generator"))  # torch.Generator() alone is unseeded


def _seeded_through_calls(function_seeds: dict[str, dict[str, int]], calls_in: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each function, the families seeded by a function that calls it (directly or through others)."""
    result: dict[str, set[str]] = {}
    for seeder, families in function_seeds.items():
        pending, seen = list(calls_in.get(seeder, ())), set()
        while pending:
            callee = pending.pop()
            if callee in seen:
                continue
            seen.add(callee)
            result.setdefault(callee, set()).update(families)
            pending.extend(calls_in.get(callee, ()))
    return result


def describe(found: Draw) -> str:
    return f"{found.kind} ({found.detail})" if found.detail else found.kind


def described(draws: list[tuple[Draw, Call]]) -> list[tuple[Draw, Call, str]]:
    """Each draw with its message; a unit's layers of one family share one ("torch without a seed (layers that start
    random: Linear, Conv2d, Dropout)"), so a model file is one finding, not one per layer type."""
    layers: dict[str, list[str]] = {}
    notes: dict[str, str] = {}
    for found, _ in draws:
        if found.construction:
            layer, _, note = found.detail.partition(": ")  # "DenseLayer: Lasagne draws from NumPy"
            layers.setdefault(found.family, [])
            if layer not in layers[found.family]:
                layers[found.family].append(layer)
            notes.setdefault(found.family, f"; {note}" if note else "")
    return [(found, call, f"{found.kind} (layers that start random: {', '.join(layers[found.family])}{notes[found.family]})"
             if found.construction else describe(found)) for found, call in draws]


SEED_KEYWORDS = ("random_state", "seed", "random_seed")


def judged_draws(unit, seeding) -> tuple[list[tuple[Draw, Call, str, str]], list[tuple[Call, str]]]:
    """The unseeded draws worth reporting, with message and severity, and those set aside with why: not randomness the
    code says is mock data (a comment over its paragraph, a function's or class's name or docstring, the module's
    header), nor a notebook's parameters cell (papermill and dagstermill replace it when they run the notebook), nor a
    loop that repeats an unseeded call the same unit also makes seeded (a lesson showing the spread from run to run).
    A simulation is reported, low, saying what named it so: its randomness may be the point, or may feed a result.
    Worked out once per unit (the check and the report's facts both ask)."""
    if unit._draws is not None:
        return unit._draws
    if not unit.python.calls:
        unit._draws = ([], [])
        return unit._draws
    reported, set_aside = [], []
    stated = unit.python.stated
    timing_inputs: dict[int, bool] = {}  # by line: a cell of 20,000 draws on one line is read once, not once a draw
    for found, call, message in described(unseeded_draws(unit, seeding)):
        if unit.notebook is not None:
            cell = unit.notebook.cell(unit.notebook.locate(call.line)[0])
            if cell is not None and cell.parameters:
                set_aside.append((call, "a parameters cell, replaced when papermill or dagstermill runs the notebook"))
                continue
        covering = [(kind, what) for first, last, kind, what in stated if first <= call.line <= last
                    and not (unit.test and last == WHOLE_MODULE)]  # a test module's "mocked S3" header is unittest.mock
        purpose = next((p for p in covering if p[0] == "mock"), covering[0] if covering else None)
        if purpose is not None and purpose[0] == "mock":
            set_aside.append((call, f"mock or stand-in data, says {purpose[1]}"))
            continue
        if unit.notebook is not None and (timing_inputs[call.line] if call.line in timing_inputs else
                                          timing_inputs.setdefault(call.line, _feeds_only_timings(unit.notebook, call.line))):
            set_aside.append((call, "the input of a timing benchmark: the timings do not depend on the values drawn"))
            continue
        if found.kind.startswith("scikit-learn style") and _repeated_to_show_spread(unit, call):
            set_aside.append((call, "a loop repeating a call made seeded elsewhere, to show the spread"))
            continue
        if purpose is not None:
            reported.append((found, call, f"{message}, where {purpose[1]} says it simulates: seed it if a result depends on it",
                             "low"))
        else:
            reported.append((found, call, message, ""))
    unit._draws = (reported, set_aside)
    return unit._draws


# What times code: perfplot's benchmarks, timeit, IPython's %timeit and %time, pytest-benchmark's fixture.
BENCHMARK_CALL = re.compile(r"\bperfplot\.(?:bench|show|save|plot|live)\s*\(|\btimeit\.(?:timeit|repeat|Timer)\s*\(|"
                            r"(?m:^\s*%{1,2}timeit\b|^\s*%{1,2}time\b)|\bbenchmark(?:\.pedantic)?\s*\(")
ASSIGNED = re.compile(r"(?m)^([A-Za-z_]\w*)\s*=(?!=)")


def _feeds_only_timings(notebook, line: int) -> bool:
    """A notebook cell draws random data into a name (data = pd.DataFrame({... np.random.normal(...)})) that later
    cells use only as the input of a timing benchmark (perfplot.bench(setup=lambda n: data.iloc[:n]), %timeit f(data),
    a function of the notebook that calls perfplot.bench): the notebook's result is the timings, which the values
    drawn do not change. Read by the names in the cells' text; any other use of the name, up to the cell that
    assigns it again, and the draw is reported."""
    number, in_cell = notebook.locate(line)
    cell = notebook.cell(number)
    if cell is None:
        return False
    before = "\n".join(cell.source.splitlines()[:in_cell])
    assigned = ASSIGNED.findall(before)
    if not assigned:
        return False
    name = assigned[-1]
    uses_name = re.compile(rf"\b{re.escape(name)}\b")
    later = [c for c in notebook.code_cells if c.number > number]
    timers = {match.group(1) for c in notebook.code_cells if BENCHMARK_CALL.search(c.source)
              for match in re.finditer(r"(?m)^def\s+(\w+)\s*\(", c.source)}  # the notebook's own benchmark functions
    timed_call = re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(timers)))})\s*\(") if timers else None
    rest = "\n".join(cell.source.splitlines()[in_cell:])
    if uses_name.search(rest) and not BENCHMARK_CALL.search(cell.source):
        return False  # used in its own cell, not to time anything
    used = False
    for other in later:
        source = other.source
        if re.search(rf"(?m)^\s*def\s+\w+\s*\([^)]*\b{re.escape(name)}\b", source):
            continue  # a function whose parameter has the name: its uses are the parameter's
        for text in source.splitlines():
            if not uses_name.search(text):
                continue
            if re.match(rf"\s*{re.escape(name)}\s*=(?!=)", text) and not uses_name.search(text.split("=", 1)[1]):
                return used  # assigned afresh: the drawn values end here
            if not (other.timed or BENCHMARK_CALL.search(source) or (timed_call is not None and timed_call.search(text))):
                return False
            used = True
    return used


def _repeated_to_show_spread(unit, call: Call) -> bool:
    """for _ in range(20): RandomizedSearchCV(...) with no seed, where the same unit also makes the call seeded: an
    estimator built afresh, unchanged, each time round. (Only estimators: a bootstrap's resampling in such a loop is
    a result.)"""
    if not any(first <= call.line <= last for first, last in unit.python.repeats):
        return False
    name = next((resolved for resolved, c in unit.resolved if c is call), call.name)
    return any(resolved == name and c is not call and any(v is not None and not v.is_none
                                                          for v in (c.keyword(k) for k in SEED_KEYWORDS))
               for resolved, c in unit.resolved)
