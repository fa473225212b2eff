"""Pattern scans shared by the code and notebook checks: randomness, absolute paths, secrets.

All scans work on text and positions; callers turn positions into file:line
(or notebook cell) locations. Secrets are reported by kind only: the matched
text never leaves this module.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import NamedTuple

# --- Positions to lines ---------------------------------------------------------
class LineIndex:
    """Line numbers for positions in one text, by binary search: a file with 100,000 hits stays linear."""

    DIRECT_QUERIES = 8  # a few lookups count newlines directly; more build the index once

    def __init__(self, text: str):
        self.text = text
        self._starts: list[int] | None = None
        self._queries = 0

    def line(self, position: int) -> int:
        if self._starts is None:
            self._queries += 1
            if self._queries <= self.DIRECT_QUERIES:
                return self.text.count("\n", 0, position) + 1
            self._starts = [match.end() for match in re.finditer("\n", self.text)]
        return bisect.bisect_right(self._starts, position) + 1




# --- Randomness -------------------------------------------------------------
# Each family: calls that draw random numbers, and calls that seed them.
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
        re.compile(r"(?<![\w.])(?:torch\.manual_seed|torch\.cuda\.manual_seed_all)\(\s*[^)\s]"),
    ),
    "tensorflow": (
        re.compile(r"(?<![\w.])tf\.random\.(?:normal|uniform|shuffle|categorical|truncated_normal|gamma|poisson)\("),
        re.compile(r"(?<![\w.])tf\.random\.set_seed\(\s*[^)\s]"),
    ),
}
# Helpers from PyTorch Lightning, Hugging Face and Keras that seed random, NumPy and the framework at once.
SEED_EVERYTHING = re.compile(r"(?<![\w.])(?:seed_everything|set_seed|set_random_seed|(?:tf\.)?keras\.utils\.set_random_seed)\(\s*[^)\s]")
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
    r"|(?<![\w.])(?:Stratified|Group)?KFold\("
)
SHUFFLED = re.compile(r"shuffle\s*=\s*True")
SEEDED_RANDOM_STATE = re.compile(r"random_state\s*=\s*(?!None\b)\S")
# random_state set in a dictionary or dict(...) of parameters, passed on with **params.
RANDOM_STATE_IN_PARAMETERS = re.compile(r"[\"']random_state[\"']\s*:\s*(?!None\b)\S|random_state\s*=\s*(?!None\b)\S")
CALL_ARGUMENT_WINDOW = 2000
# One of these occurs in any text the patterns above can match: checked first, so most files cost one pass.
# ("andom": random and Random; "plit": split and Split; Classifier and Regressor: most estimators.)
RANDOMNESS_MARKERS = ("andom", "seed", "plit", "Classifier", "Regressor", "KMeans", "IsolationForest", "KFold", "TSNE",
                      "permutation_importance", "make_", "torch", "tf.")


def _may_draw_random_numbers(code: str) -> bool:
    for marker in RANDOMNESS_MARKERS:  # a plain loop of `in`: faster than one regex alternation
        if marker in code:
            return True
    return False
DEFINITION = re.compile(r"[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)")
ESTIMATOR_FAMILY = "numpy.random"


class Hit(NamedTuple):
    """One match: where, what kind, a detail to show (never a secret), its randomness family.
    A named tuple: a hostile file can hold a hundred thousand of them."""

    position: int
    kind: str
    detail: str = ""
    family: str = ""


def comment_free(text: str) -> str:
    """Blank out whole-line comments (keeping offsets) so commented-out code neither seeds nor counts."""
    if "#" not in text:
        return text
    return re.sub(r"(?m)^[ \t]*#.*$", lambda m: " " * len(m.group()), text)


@dataclass
class RandomnessScan:
    """Where one text draws random numbers and where it seeds them, by family."""

    code: str
    lines: LineIndex
    uses: list[Hit] = field(default_factory=list)
    seeds: dict[str, list[int]] = field(default_factory=dict)
    _scopes: list[str | None] | None = None

    def scope(self, position: int) -> str | None:
        """The function whose body holds ``position`` (by indentation), or None at module level."""
        if self._scopes is None:
            self._scopes = function_scopes(self.code)
        return self._scopes[self.lines.line(position) - 1]

    def seeding_functions(self) -> dict[str, set[str]]:
        """Functions defined here whose body seeds a family: calling one is seeding."""
        helpers: dict[str, set[str]] = {}
        for family, positions in self.seeds.items():
            for position in positions:
                name = self.scope(position)
                if name:
                    helpers.setdefault(name, set()).add(family)
        return helpers

    def unseeded(self, helpers: dict[str, set[str]] | None = None) -> list[Hit]:
        """Uses no seed covers: a seed earlier in the text, or anywhere when the use is inside a function
        (the seed may run first, as when main() seeds and then calls train()); calls of seeding
        ``helpers`` (function name to families) count as seeds."""
        seeds = {family: list(positions) for family, positions in self.seeds.items()}
        if helpers:
            for position, families in _helper_calls(self.code, helpers):
                for family in families:
                    seeds.setdefault(family, []).append(position)
        first = {family: min(positions) for family, positions in seeds.items() if positions}
        if not first:
            return list(self.uses)
        left = []
        for hit in self.uses:
            if hit.family in first and (first[hit.family] < hit.position or self.scope(hit.position)):
                continue
            left.append(hit)
        return left


NOTHING_RANDOM = RandomnessScan("", LineIndex(""))  # shared by the many texts that draw no random numbers


def function_scopes(code: str) -> list[str | None]:
    """For each line, the innermost function it is in, from indentation alone (one pass)."""
    scopes: list[str | None] = []
    stack: list[tuple[int, str]] = []
    for line in code.split("\n"):
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            indent = len(line) - len(stripped)
            while stack and stack[-1][0] >= indent:
                stack.pop()
            scopes.append(stack[-1][1] if stack else None)
            match = DEFINITION.match(line)
            if match:
                stack.append((indent, match.group(1)))
        else:
            scopes.append(stack[-1][1] if stack else None)
    return scopes


def _helper_calls(code: str, helpers: dict[str, set[str]]) -> list[tuple[int, set[str]]]:
    names = [name for name in helpers if name in code]
    if not names:
        return []
    # seed_all(1), or utils.seed_all(1) through the module that defines it; never the def line itself.
    pattern = re.compile(r"(?<![\w])(?<!def )(" + "|".join(map(re.escape, sorted(names))) + r")\s*\(")
    return [(match.start(), helpers[match.group(1)]) for match in pattern.finditer(code)]


def scan_randomness(text: str) -> RandomnessScan:
    if not _may_draw_random_numbers(text):
        return NOTHING_RANDOM
    code = comment_free(text)
    scan = RandomnessScan(code, LineIndex(code))
    everything = [match.start() for match in SEED_EVERYTHING.finditer(code)]
    for family, (use, seed) in RANDOM_FAMILIES.items():
        scan.seeds[family] = [match.start() for match in seed.finditer(code)] + everything
        scan.uses += [Hit(match.start(), f"{family} without a seed", family=family) for match in use.finditer(code)]
    parameters_seeded = None
    for match in ESTIMATORS_WITH_RANDOM_STATE.finditer(code):
        arguments = _call_arguments(code, match.end())
        if match.group().endswith("KFold(") and not SHUFFLED.search(arguments):
            continue  # folds without shuffling are not random
        if SEEDED_RANDOM_STATE.search(arguments):
            continue
        if "**" in arguments:
            if parameters_seeded is None:
                parameters_seeded = RANDOM_STATE_IN_PARAMETERS.search(code) is not None
            if parameters_seeded:
                continue
        name = match.group().rstrip("(")
        scan.uses.append(Hit(match.start(), "scikit-learn style call without random_state", name, ESTIMATOR_FAMILY))
    scan.uses.sort(key=lambda hit: hit.position)
    return scan


def unseeded_randomness(text: str) -> list[Hit]:
    return scan_randomness(text).unseeded()


def _call_arguments(code: str, start: int) -> str:
    """The text up to the matching parenthesis, within a bounded window (str.find keeps it in C)."""
    end = min(len(code), start + CALL_ARGUMENT_WINDOW)
    depth, position = 1, start
    while True:
        close = code.find(")", position, end)
        if close < 0:
            return code[start:end]
        depth += code.count("(", position, close) - 1
        if depth <= 0:
            return code[start:close]
        position = close + 1


# --- Imports ----------------------------------------------------------------
IMPORT = re.compile(r"(?m)^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)[\w.]*[ \t]+import\b|import[ \t]+([A-Za-z_]\w*)([^\n#;]{0,500}))")
INLINE_INSTALL = re.compile(r"(?m)^[ \t]*[%!][ \t]*(?:pip3?|conda|mamba|uv[ \t]+pip)[ \t]+install[ \t]+([^\n]{1,1000})")


def imports(text: str) -> dict[str, int]:
    """Top-level names of absolute imports, each with the position of its first import."""
    if "import" not in text:
        return {}
    found: dict[str, int] = {}
    for match in IMPORT.finditer(text):
        first, rest = match.group(1) or match.group(2), match.group(3)
        if first not in found:
            found[first] = match.start()
        if rest and "," in rest:  # import a, b.c as d
            for part in rest.split(",")[1:]:
                name = part.strip().split(" ")[0].split(".")[0].strip("()\\")
                if name.isidentifier():
                    found.setdefault(name, match.start())
    return found


IMPORT_LINE = re.compile(r"[ \t]*(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([A-Za-z_]\w*)([^\n#;]{0,500}))")


def _import_lines(text: str):
    """(from name, import name, rest) of each line that imports: found with str.find, matched line by line."""
    position = text.find("import")
    while position >= 0:
        match = IMPORT_LINE.match(text, text.rfind("\n", 0, position) + 1)
        if match:
            yield match.groups()
        end = text.find("\n", position)
        if end < 0:
            return
        position = text.find("import", end)


def imported_names(text: str) -> set[str]:
    """The same names as ``imports``, without positions: the fast path for whole projects."""
    names = set()
    for from_name, import_name, rest in _import_lines(text):
        if from_name:
            names.add(from_name)
            continue
        names.add(import_name)
        if "," in rest:
            for part in rest.split(",")[1:]:
                name = part.strip().split(" ")[0].split(".")[0].strip("()\\")
                if name.isidentifier():
                    names.add(name)
    return names


def inline_installs(text: str) -> set[str]:
    """Packages a notebook installs itself (%pip install x): declared, if not in a file."""
    names = set()
    for match in INLINE_INSTALL.finditer(text):
        for word in match.group(1).split():
            if not word.startswith(("-", "$", "{")):
                names.add(re.split(r"[=<>~!\[;]", word, maxsplit=1)[0])
    return names


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
# Every repetition is bounded (or possessive), so no line makes the scan quadratic.
SECRET_PATTERNS: tuple[tuple[str, tuple[str, ...], re.Pattern], ...] = (
    ("AWS access key ID", ("AKIA", "ASIA"), re.compile(r"(?<![A-Z0-9])(?P<value>(?:AKIA|ASIA)[0-9A-Z]{16})(?![0-9A-Z])")),
    ("AWS secret access key", ("secret",), re.compile(
        r"(?i)aws_?secret_?access_?key[\"']?[ \t]{0,20}[:=][ \t]{0,20}[\"']?[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])")),
    ("GitHub token", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
     re.compile(r"(?<![\w])(?:gh[pousr]_[A-Za-z0-9]{36,255}+|github_pat_[A-Za-z0-9_]{22,255}+)")),
    ("Slack token", ("xox",), re.compile(r"(?<![\w-])xox[abposr]-[A-Za-z0-9-]{10,255}+")),
    ("Google API key", ("AIza",), re.compile(r"(?<![\w])AIza[0-9A-Za-z_-]{35}")),
    ("Stripe live key", ("_live_",), re.compile(r"(?<![\w])[sr]k_live_[0-9A-Za-z]{16,255}+")),
    ("private key", ("PRIVATE KEY",), re.compile(r"-----BEGIN (?:[A-Z]{1,20} )?PRIVATE KEY-----")),
    ("password in a connection URL", ("://",), re.compile(
        r"://(?P<user>[^\s:/@\"'<>{}$]{1,256}+):(?P<value>[^\s@/\"'<>{}$]{3,256}+)@(?P<host>[\w.-]{1,256}+)")),
    # Values shorter than 8 characters are taken for test values and placeholders.
    ("hard-coded password or token", ("password", "passwd", "secret", "api_key", "apikey", "token"), re.compile(
        r"(?i)(?:password|passwd|secret|api_key|apikey|token)"
        r"[\"']?[ \t]{0,20}[:=][ \t]{0,20}(?P<quote>[\"'])(?P<value>[^\"'\s]{8,512}+)(?P=quote)")),
)
CASE_INSENSITIVE_KINDS = frozenset({"AWS secret access key", "hard-coded password or token"})
# In .env, .ini and similar files values are usually unquoted: PASSWORD=...
UNQUOTED_SECRET = re.compile(
    r"(?im)^[ \t]*(?:export[ \t]+)?[\w.]{0,64}?(?:password|passwd|secret|api_key|apikey|token)"
    r"[ \t]*[:=][ \t]*(?P<value>[^\s\"'#]{8,512}+)[ \t]*$")
# Values that only name what belongs there (my_api_key, your-token, <password>) are placeholders.
PLACEHOLDER_VALUE = re.compile(
    r"^(?:[$<{%]|\*+$|x+$|\.\.\.)|changeme|change_me|your[_-]|^my[_-]|example|placeholder|redacted|dummy|secret_here"
    r"|api[_-]?key|password|passwd|token|secret"
    r"|^(?:pass(?:word|wd)?|pwd|secret|test|testing|sample|foo|bar|user(?:name)?|mypassword|mysecretpassword)\d*$",
    re.IGNORECASE,
)
# Hosts of documentation examples: a credential for them opens nothing anyone else can reach.
EXAMPLE_HOSTS = re.compile(r"^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|host|hostname|server|db|database"
                           r"|(?:[\w-]+\.)*example\.(?:com|org|net)|[\w.-]*\.(?:local|test|invalid|example))$",
                           re.IGNORECASE)


def _has_marker(haystack: str, markers: tuple[str, ...]) -> bool:
    for marker in markers:
        if marker in haystack:
            return True
    return False


def _placeholder(match: re.Match, kind: str, documentation: bool) -> bool:
    groups = match.groupdict()
    value = groups.get("value")
    if value is None:
        return False
    if kind == "AWS access key ID":  # AWS's own documentation key ends in EXAMPLE
        return documentation and value.endswith("EXAMPLE")
    if PLACEHOLDER_VALUE.search(value):
        return True
    if kind == "password in a connection URL":
        if value == groups["user"]:  # postgres://postgres:postgres@...
            return True
        if documentation and EXAMPLE_HOSTS.match(groups["host"].rstrip(".")):
            return True
    return False


def secrets(text: str, *, unquoted_values: bool = False, documentation: bool = False) -> list[Hit]:
    """Secrets by kind and position. In ``documentation`` (Markdown, reST...), credentials for
    example hosts and AWS's documented example key are taken for the examples they are."""
    lowered = text.lower()
    if not ANY_SECRET_MARKER.search(lowered):
        return []  # one factored regex settles most files
    present = {index for marker, index in LOWERED_MARKERS if marker in lowered}
    hits = []
    for index in sorted(present):
        kind, markers, pattern = SECRET_PATTERNS[index]
        if kind not in CASE_INSENSITIVE_KINDS and not _has_marker(text, markers):
            continue
        for match in pattern.finditer(text):
            if not _placeholder(match, kind, documentation):
                hits.append(Hit(match.start(), kind))
    if unquoted_values:
        if len(SECRET_PATTERNS) - 1 in present:
            for match in UNQUOTED_SECRET.finditer(text):
                if not PLACEHOLDER_VALUE.search(match.group("value")):
                    hits.append(Hit(match.start(), "hard-coded password or token"))
    return _one_per_line(LineIndex(text), hits)


# Every marker of SECRET_PATTERNS, lower-cased and factored by first letters (tests/audit check they agree).
ANY_SECRET_MARKER = re.compile(r"://|_live_|a(?:iza|kia|pi_?key|sia)|gh[opursu]_|github_pat_|pass(?:wd|word)"
                               r"|private key|secret|token|xox")
LOWERED_MARKERS = tuple((marker.lower(), index) for index, (_, markers, _) in enumerate(SECRET_PATTERNS) for marker in markers)
SPECIFICITY = {kind: index for index, (kind, _, _) in enumerate(SECRET_PATTERNS)}


def _one_per_line(lines: LineIndex, hits: list[Hit]) -> list[Hit]:
    """Several patterns may match the same secret: report each line once, under the most specific kind."""
    if not hits:
        return hits
    order = SPECIFICITY
    best: dict[int, Hit] = {}
    for hit in hits:
        line = lines.line(hit.position)
        if line not in best or order[hit.kind] < order[best[line].kind]:
            best[line] = hit
    return [best[line] for line in sorted(best)]
