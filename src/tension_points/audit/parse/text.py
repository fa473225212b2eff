"""Text scans for what only the raw text shows: secrets in any file, absolute paths in strings and configuration.

Secrets are reported by kind only: the matched text never leaves this module.
Every repetition is bounded (or possessive), so no line makes a scan quadratic.
"""

from __future__ import annotations

import bisect
import re
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


class Hit(NamedTuple):
    """One match: where, what kind, a detail to show (never a secret). A named tuple: a hostile file can
    hold a hundred thousand of them."""

    position: int
    kind: str
    detail: str = ""


def comment_free(text: str) -> str:
    """Whole-line comments blanked (offsets kept)."""
    return re.sub(r"(?m)^[ \t]*#.*$", lambda m: " " * len(m.group()), text)


# --- Absolute paths -----------------------------------------------------------
# Home folders on Linux and macOS, and Windows drive letters. The look-behind
# keeps URLs (http://) and relative paths (data/home/x) out.
ABSOLUTE_PATH = re.compile(
    r"(?<![\w.:/\\%-])(?:/home/[\w.-]+|/Users/[\w.-]+|/media/[\w.-]+|/content/drive/(?=\w)|[A-Za-z]:\\{1,2}(?=[\w.$ -])"
    r"|[A-Za-z]:/(?=[\w.-])|~/(?=(?:Desktop|Documents|Downloads|Dropbox|Google Drive|OneDrive|Box)\b))[^\s\"'`)\],;]*"
)
SHOWN_PATH_CHARACTERS = 60


def absolute_paths(text: str) -> list[Hit]:
    """Home folders and drive letters in a text (a string value, a configuration file), comment lines left out."""
    if "/home/" not in text and "/Users/" not in text and ":\\" not in text and ":/" not in text and "/media/" not in text \
            and "~/" not in text and "/content/drive" not in text:
        return []
    code = comment_free(text) if "#" in text else text
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
        r"(?i)(?:password|passwd|secret|api_key|apikey|token)(?:_?key)?"  # SECRET_KEY = '...' (Django's settings)
        r"[\"']?[ \t]{0,20}[:=][ \t]{0,20}(?P<quote>[\"'])(?P<value>[^\"'\s]{8,512}+)(?P=quote)")),
)
CASE_INSENSITIVE_KINDS = frozenset({"AWS secret access key", "hard-coded password or token"})
# In .env, .ini and similar files values are usually unquoted: PASSWORD=...
UNQUOTED_SECRET = re.compile(
    r"(?im)^[ \t]*(?:export[ \t]+)?[\w.]{0,64}?(?:password|passwd|secret|api_key|apikey|token)(?:_?key)?"
    r"[ \t]*[:=][ \t]*(?P<value>[^\s\"'#]{8,512}+)[ \t]*$")
# Values that only name what belongs there (my_api_key, your-token, <password>) are placeholders.
PLACEHOLDER_VALUE = re.compile(
    r"^(?:[$<{%]|\*+$|x+$|\.\.\.)|changeme|change_me|your[_-]|^my[_-]|example|placeholder|redacted|dummy|secret_here"
    r"|api[_-]?key|password|passwd|token|secret"
    r"|^(?:pass(?:word|wd)?|pwd|secret|test|testing|sample|foo|bar|user(?:name)?|mypassword|mysecretpassword)\d*$",
    re.IGNORECASE,
)
# A word wrapped in markup (@@PADDING@@, <unk>, [PAD], __EOS__, <|endoftext|>): a special token of a text model's
# vocabulary. No credential format looks like that: keys and passwords mix letters and digits without such wrappers.
MARKUP_TOKEN = re.compile(r"^(?:@@|<\|?|\[|__|##)[A-Za-z][A-Za-z_ -]{0,40}(?:@@|\|?>|\]|__|##)$")
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
    if kind == "hard-coded password or token" and MARKUP_TOKEN.match(value):
        return True  # padding_token = "@@PADDING@@", unk_token = "<UNK>": a text model's vocabulary, not a credential
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
