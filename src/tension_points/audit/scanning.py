"""Pattern scans shared by the code and notebook checks: randomness, absolute paths, secrets.

All scans work on text and positions; callers turn positions into file:line
(or notebook cell) locations. Secrets are reported by kind only: the matched
text never leaves this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- Randomness -------------------------------------------------------------
# Each family: calls that draw random numbers, and calls that seed them.
# Seeding counts only when it comes before the use in the text.
RANDOM_FAMILIES: dict[str, tuple[re.Pattern, re.Pattern]] = {
    "random module": (
        re.compile(r"(?<![\w.])random\.(?:random|randint|randrange|choice|choices|shuffle|sample|uniform|gauss|normalvariate|getrandbits)\("),
        re.compile(r"(?<![\w.])random\.seed\(\s*[^)\s]"),
    ),
    "numpy.random": (
        re.compile(r"(?<![\w.])(?:np|numpy)\.random\.(?!seed\b|default_rng\b|RandomState\b|Generator\b|SeedSequence\b|PCG64\b|MT19937\b|Philox\b|SFC64\b|BitGenerator\b)\w+\("
                   r"|(?<!\w)(?:default_rng|RandomState)\(\s*\)"),
        re.compile(r"(?<![\w.])(?:np|numpy)\.random\.seed\(\s*[^)\s]"),
    ),
    "torch": (
        re.compile(r"(?<![\w.])torch\.(?:rand|randn|randint|randperm|rand_like|randn_like|randint_like|normal|bernoulli|multinomial)\("),
        re.compile(r"(?<![\w.])(?:torch\.manual_seed|torch\.cuda\.manual_seed_all|seed_everything|set_seed)\(\s*[^)\s]"),
    ),
    "tensorflow": (
        re.compile(r"(?<![\w.])tf\.random\.(?:normal|uniform|shuffle|categorical|truncated_normal|gamma|poisson)\("),
        re.compile(r"(?<![\w.])(?:tf\.random\.set_seed|(?:tf\.)?keras\.utils\.set_random_seed|set_random_seed)\(\s*[^)\s]"),
    ),
}
# scikit-learn (and its look-alikes) take random_state per call; without it they
# fall back to NumPy's global generator, so a numpy.random.seed also makes them repeatable.
ESTIMATORS_WITH_RANDOM_STATE = re.compile(
    r"(?<![\w.])(?:train_test_split|ShuffleSplit|StratifiedShuffleSplit|GroupShuffleSplit"
    r"|RandomForest(?:Classifier|Regressor)|ExtraTrees(?:Classifier|Regressor)"
    r"|(?:Hist)?GradientBoosting(?:Classifier|Regressor)|DecisionTree(?:Classifier|Regressor)"
    r"|Bagging(?:Classifier|Regressor)|AdaBoost(?:Classifier|Regressor)|IsolationForest"
    r"|KMeans|MiniBatchKMeans|SGD(?:Classifier|Regressor)|MLP(?:Classifier|Regressor)"
    r"|RandomizedSearchCV|permutation_importance|TSNE|make_classification|make_regression|make_blobs"
    r"|XGB(?:Classifier|Regressor)|LGBM(?:Classifier|Regressor))\("
    r"|(?<![\w.])(?:Stratified|Group)?KFold\((?=[^)]*shuffle\s*=\s*True)"
)
SEEDED_RANDOM_STATE = re.compile(r"random_state\s*=\s*(?!None\b)\S")
CALL_ARGUMENT_WINDOW = 2000


@dataclass(frozen=True)
class Hit:
    position: int
    kind: str
    detail: str = ""


def comment_free(text: str) -> str:
    """Blank out whole-line comments (keeping offsets) so commented-out code neither seeds nor counts."""
    if "#" not in text:
        return text
    return re.sub(r"(?m)^[ \t]*#.*$", lambda m: " " * len(m.group()), text)


def unseeded_randomness(text: str) -> list[Hit]:
    code = comment_free(text)
    if "random" not in code and "Random" not in code and "KFold" not in code and "TSNE" not in code:
        return []
    hits = []
    first_seed = {}
    for family, (use, seed) in RANDOM_FAMILIES.items():
        seed_match = seed.search(code)
        first_seed[family] = seed_match.start() if seed_match else len(code) + 1
        for match in use.finditer(code):
            if match.start() < first_seed[family]:
                hits.append(Hit(match.start(), f"{family} without a seed"))
    for match in ESTIMATORS_WITH_RANDOM_STATE.finditer(code):
        if match.start() > first_seed["numpy.random"]:
            continue
        arguments = _call_arguments(code, match.end())
        if not SEEDED_RANDOM_STATE.search(arguments):
            name = match.group().rstrip("(")
            hits.append(Hit(match.start(), "scikit-learn style call without random_state", name))
    return sorted(hits, key=lambda hit: hit.position)


def _call_arguments(code: str, start: int) -> str:
    depth = 1
    end = min(len(code), start + CALL_ARGUMENT_WINDOW)
    for index in range(start, end):
        char = code[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return code[start:index]
    return code[start:end]


# --- Absolute paths -----------------------------------------------------------
# Home folders on Linux and macOS, and Windows drive letters. The look-behind
# keeps URLs (http://) and relative paths (data/home/x) out.
ABSOLUTE_PATH = re.compile(
    r"(?<![\w.:/\\-])(?:/home/[\w.-]+|/Users/[\w.-]+|[A-Za-z]:\\{1,2}(?=[\w.$ -])|[A-Za-z]:/(?=[\w.-]))[^\s\"'`)\],;]*"
)
SHOWN_PATH_CHARACTERS = 60


def absolute_paths(text: str) -> list[Hit]:
    if "/home/" not in text and "/Users/" not in text and ":\\" not in text and ":/" not in text:
        return []
    code = comment_free(text)
    hits = []
    for match in ABSOLUTE_PATH.finditer(code):
        shown = match.group()
        if len(shown) > SHOWN_PATH_CHARACTERS:
            shown = shown[: SHOWN_PATH_CHARACTERS - 1] + "…"
        hits.append(Hit(match.start(), "absolute path", shown))
    return hits


# --- Secrets ------------------------------------------------------------------
# Each pattern comes with the plain substrings one of which must occur for it to
# match: checking those first keeps the scan near the speed of reading the file.
SECRET_PATTERNS: tuple[tuple[str, tuple[str, ...], re.Pattern], ...] = (
    ("AWS access key ID", ("AKIA", "ASIA"), re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Z])")),
    ("AWS secret access key", ("secret",), re.compile(
        r"(?i)aws_?secret_?access_?key[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])")),
    ("GitHub token", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
     re.compile(r"(?<![\w])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})")),
    ("Slack token", ("xox",), re.compile(r"(?<![\w])xox[abposr]-[A-Za-z0-9-]{10,}")),
    ("Google API key", ("AIza",), re.compile(r"(?<![\w])AIza[0-9A-Za-z_-]{35}")),
    ("Stripe live key", ("_live_",), re.compile(r"(?<![\w])[sr]k_live_[0-9A-Za-z]{16,}")),
    ("private key", ("PRIVATE KEY",), re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
    ("password in a connection URL", ("://",), re.compile(
        r"://[^\s:/@\"'<>{}$]+:[^\s@/\"'<>{}$]{3,}@[\w.-]+")),
    # Values shorter than 8 characters are taken for test values and placeholders.
    ("hard-coded password or token", ("password", "passwd", "secret", "api_key", "apikey", "token"), re.compile(
        r"(?i)(?:password|passwd|secret|api_key|apikey|token)"
        r"[\"']?\s*[:=]\s*(?P<quote>[\"'])(?P<value>[^\"'\s]{8,})(?P=quote)")),
)
CASE_INSENSITIVE_KINDS = frozenset({"AWS secret access key", "hard-coded password or token"})
# In .env, .ini and similar files values are usually unquoted: PASSWORD=...
UNQUOTED_SECRET = re.compile(
    r"(?im)^[ \t]*(?:export[ \t]+)?[\w.]*?(?:password|passwd|secret|api_key|apikey|token)"
    r"[ \t]*[:=][ \t]*(?P<value>[^\s\"'#]{8,})[ \t]*$")
PLACEHOLDER_VALUE = re.compile(r"^(?:[$<{%]|\*+$|x+$|\.\.\.)|changeme|your[_-]|example_?(?:password|token)", re.IGNORECASE)


def _has_marker(haystack: str, markers: tuple[str, ...]) -> bool:
    for marker in markers:
        if marker in haystack:
            return True
    return False


def secrets(text: str, *, unquoted_values: bool = False) -> list[Hit]:
    hits = []
    lowered = text.lower()
    for kind, markers, pattern in SECRET_PATTERNS:
        if not _has_marker(lowered if kind in CASE_INSENSITIVE_KINDS else text, markers):
            continue
        for match in pattern.finditer(text):
            value = match.groupdict().get("value")
            if value is not None and PLACEHOLDER_VALUE.search(value):
                continue
            hits.append(Hit(match.start(), kind))
    if unquoted_values:
        if _has_marker(lowered, SECRET_PATTERNS[-1][1]):
            for match in UNQUOTED_SECRET.finditer(text):
                if not PLACEHOLDER_VALUE.search(match.group("value")):
                    hits.append(Hit(match.start(), "hard-coded password or token"))
    return _one_per_line(text, hits)


def _one_per_line(text: str, hits: list[Hit]) -> list[Hit]:
    """Several patterns may match the same secret: report each line once, under the most specific kind."""
    order = {kind: index for index, (kind, _, _) in enumerate(SECRET_PATTERNS)}
    best: dict[int, Hit] = {}
    for hit in hits:
        line = line_number(text, hit.position)
        if line not in best or order[hit.kind] < order[best[line].kind]:
            best[line] = hit
    return [best[line] for line in sorted(best)]


def line_number(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1
