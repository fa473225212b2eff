"""R and Julia code read as tokens: comments and strings set aside, calls found with their arguments and the
function each sits in, so that a name in a comment, a string or a chunk that is never run is not taken for code.

Neither language has a parser the kit can import from Python, and both are regular enough at the level a
check needs: names (R's ``withr::with_seed``, Julia's ``Random.seed!``), brackets, strings (R's raw strings,
Julia's triple-quoted and prefixed ones), comments (Julia's nested ``#= =#``), and where a function's body
starts and ends (R's ``function(...)`` and ``\\(x)`` followed by one expression or a braced block; Julia's
``function ... end`` blocks and one-line ``f(x) = ...`` definitions). R Markdown and Quarto files are read
chunk by chunk: only the code of chunks in the language, and not those marked ``eval = FALSE``.

What is read is an approximation made on purpose, bounded and linear: a file that is not valid code still
gives its tokens, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

MAX_TOKENS = 150_000  # a file is read up to here (some 600 KB of R): bounded time for a hostile one; the report notes it

R_RAW_STRING = re.compile(r"[rR](\"|')(-*)([(\[{])")
CLOSING = {"(": ")", "[": "]", "{": "}"}
JULIA_BLOCKS = frozenset({"function", "macro", "if", "for", "while", "begin", "let", "quote", "struct", "module", "baremodule",
                          "try", "do", "abstract", "primitive"})


class Token(NamedTuple):  # a tuple: a file of code makes hundreds of thousands
    kind: str  # "name", "number", "string", "op", "newline"
    text: str
    line: int


@dataclass(slots=True)
class Call:
    """A call ``name(...)``: its line, the function whose body it is in (None at the top level), its
    arguments' tokens split at the top-level commas, and the keyword names given (``seed``)."""

    name: str
    line: int
    scope: str | None
    index: int  # position in the file's order of statements, to compare with seeds
    arguments: list[list[Token]] = field(default_factory=list)
    keywords: frozenset[str] = frozenset()
    inside: tuple[str, ...] = ()  # the calls whose arguments this one sits in (withr::with_seed(1, { ... }))
    assigned_to: str = ""  # rng <- ... / rng = ... at the top of the statement


@dataclass(slots=True)
class Code:
    """One file's (or notebook's) R or Julia code, as the checks need it."""

    language: str  # "R" or "Julia"
    calls: list[Call] = field(default_factory=list)
    functions: dict[str, tuple[int, int]] = field(default_factory=dict)  # name: (first line, last line)
    sourced: list[tuple[str, int]] = field(default_factory=list)  # source("x.R") / include("x.jl"): (path, its call's position)
    read_in_part: bool = False  # longer than MAX_TOKENS: what follows was not read


_NUMBER = r"(?:0[xX][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[LfiU]*"
R_TOKEN = re.compile("|".join((
    r"(?P<nl>\n)", r"(?P<sp>[ \t\r\f]+)", r"(?P<comment>#[^\n]*)", r"(?P<raw>[rR](?=[\"'](-*)[(\[{]))",
    rf"(?P<number>{_NUMBER})", r"(?P<name>[A-Za-z.][\w.]*)",
    r"(?P<string>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')", r"(?P<backtick>`(?:[^`\\]|\\.)*`)", r"(?P<open>[\"'`])",
    r"(?P<op><<-|:::|<-|==|::|\\\(|->|!=|<=|>=|\|>|.)")), re.DOTALL)
JULIA_TOKEN = re.compile("|".join((
    r"(?P<nl>\n)", r"(?P<sp>[ \t\r\f\\]+)", r"(?P<block>#=)", r"(?P<comment>#[^\n]*)", rf"(?P<number>{_NUMBER})",
    r"(?P<name>[A-Za-z_\u00a0-\uffff][\w!\u00a0-\uffff]*)", r'(?P<triple>"""(?:.)*?""")',
    r"(?P<string>\"(?:[^\"\\]|\\.)*\"|`(?:[^`\\]|\\.)*`)", r"(?P<open>[\"`])", r"(?P<prime>')",
    r"(?P<op>==|::|->|!=|<=|>=|\|>|.)")), re.DOTALL)
JULIA_CHARACTER = re.compile(r"'(?:[^'\\\n]|\\[^\n]{1,10}?)'")
AFTER_VALUE = frozenset({")", "]", "}", "'"})


def tokens(text: str, language: str) -> list[Token]:
    return _tokens(text, language)[0]


def _tokens(text: str, language: str) -> tuple[list[Token], bool]:
    """The tokens of R or Julia code, comments dropped, each string one token, line breaks kept (they end
    statements). One regular expression finds each token; the few that need more (R's raw strings, Julia's
    nested comments, string macros, a quote with no end) are read by hand."""
    julia = language == "Julia"
    match = (JULIA_TOKEN if julia else R_TOKEN).match
    result: list[Token] = []
    append = result.append
    position, line, length = 0, 1, len(text)
    while position < length and len(result) < MAX_TOKENS:
        found = match(text, position)
        kind, end = found.lastgroup, found.end()
        if kind == "nl":
            append(Token("newline", "\n", line))
            line += 1
        elif kind == "sp" or kind == "comment":
            pass
        elif kind == "name":
            if julia and end < length and text[end] == '"':  # a string macro: r"...", raw"...", L"..."
                after, newlines = _string_end(text, end, julia)
                append(Token("string", "", line))
                position, line = after, line + newlines
                continue
            append(Token("name", found.group(), line))
        elif kind == "op":
            append(Token("op", found.group(), line))
        elif kind == "number":
            append(Token("number", found.group(), line))
        elif kind == "string" or kind == "triple" or kind == "backtick":
            value = found.group()
            quote = 3 if kind == "triple" else 1
            append(Token("name" if kind == "backtick" else "string", value[quote:-quote][:300], line))
            line += value.count("\n")
        elif kind == "prime":
            previous = result[-1] if result else None
            character = None if previous is not None and (previous.kind in ("name", "number") or previous.text in AFTER_VALUE) \
                else JULIA_CHARACTER.match(text, position)
            if character is None:
                append(Token("op", "'", line))  # Julia's adjoint: x'
            else:
                append(Token("string", character.group()[1:-1], line))
                end = character.end()
        elif kind == "block":
            end, line = _julia_block_comment(text, position, line)
        else:  # a raw string, or a quote with no closing one: read to its end by hand
            end, newlines = _string_end(text, position, julia)
            append(Token("string", text[position + 1:end - 1][:300], line))
            line += newlines
        position = end
    return _joined_names(result, julia), position < length


def _julia_block_comment(text: str, position: int, line: int) -> tuple[int, int]:
    depth, position = 1, position + 2
    while depth and position < len(text):
        if text.startswith("#=", position):
            depth, position = depth + 1, position + 2
        elif text.startswith("=#", position):
            depth, position = depth - 1, position + 2
        else:
            line += text[position] == "\n"
            position += 1
    return position, line


def _string_end(text: str, position: int, julia: bool) -> tuple[int, int]:
    """Where the string starting at ``position`` ends, and the line it ends on."""
    raw = None if julia else R_RAW_STRING.match(text, position)
    if raw:  # r"(...)", R"---[...]---"
        closing = CLOSING[raw.group(3)] + raw.group(2) + raw.group(1)
        end = text.find(closing, raw.end())
        end = len(text) if end < 0 else end + len(closing)
        return end, _lines_before(text, position, end)
    quote = text[position]
    if julia and text.startswith('"""', position):
        end = text.find('"""', position + 3)
        end = len(text) if end < 0 else end + 3
        return end, _lines_before(text, position, end)
    index = position + 1
    while index < len(text):
        character = text[index]
        if character == "\\":
            index += 2
            continue
        if character == quote:
            return index + 1, _lines_before(text, position, index + 1)
        if julia and quote == "'" and index - position > 8:  # not a character literal after all
            return position + 1, _lines_before(text, position, position + 1)
        index += 1
    return len(text), _lines_before(text, position, len(text))


def _lines_before(text: str, start: int, end: int) -> int:
    """How many line breaks a string or comment spans: the lines after it move on by as many."""
    return text.count("\n", start, end)


def _joined_names(raw: list[Token], julia: bool) -> list[Token]:
    """``withr::with_seed`` and ``Random.seed!`` as one name each (R's dots are already part of its names)."""
    joined: list[Token] = []
    for token in raw:
        if token.kind == "name" and len(joined) >= 2 and joined[-1].kind == "op" and joined[-2].kind == "name" and (
                joined[-1].text in ("::", ":::") and not julia or joined[-1].text == "." and julia):
            joined.pop()
            previous = joined.pop()
            joined.append(Token("name", f"{previous.text}{'.' if julia else '::'}{token.text}", previous.line))
        else:
            joined.append(token)
    return joined


def read(text: str, language: str) -> Code:
    """The calls, function definitions and sourced files of R or Julia code."""
    toks, in_part = _tokens(text, language)
    code = _structure(toks, language)
    code.read_in_part = in_part
    return code


def _structure(toks: list[Token], language: str) -> Code:
    julia = language == "Julia"
    code = Code(language)
    brackets: list[tuple[str, int]] = []  # open bracket, index of the call it opens (-1 when it is not a call)
    scopes: list[tuple[str, int, str]] = []  # (function name, bracket depth or block depth it ends at, how it ends)
    blocks: list[str] = []  # Julia: the open blocks (function, if, begin...), ended by `end`
    calls_open: list[int] = []  # indexes into code.calls of calls whose arguments we are in
    argument_starts: dict[int, int] = {}
    statement = 0
    statement_start = True
    assigned = ""
    pending_function: str | None = None  # R: the name a function(...) is assigned to, until its body starts
    r_body_wait: list[tuple[str, int]] = []  # R: function whose parameters just closed: (name, bracket depth)
    count = len(toks)
    index = 0

    def scope() -> str | None:
        return scopes[-1][0] if scopes else None

    while index < count:
        token = toks[index]
        text, kind = token.text, token.kind
        following = toks[index + 1] if index + 1 < count else None
        if kind == "newline" or text == ";":
            if not brackets:
                statement += 1
                statement_start = True
                assigned = ""
                # R: a one-expression function body ends with its line
                while scopes and scopes[-1][2] == "line" and scopes[-1][1] >= len(brackets):
                    _close_function(code, scopes.pop(), token.line)
            index += 1
            continue
        if r_body_wait and not julia:
            name, depth = r_body_wait.pop()
            if name:  # an anonymous function (lapply(x, function(i) ...)) runs where it is written: no scope of its own
                assigned = ""
                scopes.append((name, len(brackets), "brace" if text == "{" else "line"))
                code.functions[name] = (token.line, token.line)
        if kind == "name":
            if julia and text in JULIA_BLOCKS and not brackets and not (text in ("abstract", "primitive") and not (
                    following and following.text == "type")):
                if text == "function" or text == "macro":
                    name = following.text if following is not None and following.kind == "name" else f"<anonymous {token.line}>"
                    blocks.append("function")
                    scopes.append((name, len(blocks), "end"))
                    code.functions[name] = (token.line, token.line)
                    index += 1 if following is None or following.kind != "name" else 2
                    if index < count and toks[index].text == "(":  # the signature: parameters, not calls
                        index = _matching(toks, index) + 1
                    statement_start, assigned = False, ""
                    continue
                blocks.append(text)
                statement_start = False
                index += 1
                continue
            if julia and text == "end" and not brackets:
                if blocks:
                    closed = blocks.pop()
                    if closed == "function" and scopes and scopes[-1][2] == "end" and scopes[-1][1] == len(blocks) + 1:
                        _close_function(code, scopes.pop(), token.line)
                index += 1
                continue
            if not julia and text == "function" and following is not None and following.text == "(":
                name = pending_function or ""
                pending_function = None
                end = _matching(toks, index + 1)
                r_body_wait.append((name, len(brackets)))
                index = end + 1
                while index < count and toks[index].kind == "newline":
                    index += 1
                continue
            if following is not None and following.text in ("<-", "<<-", "=") and statement_start and not brackets:
                after = toks[index + 2] if index + 2 < count else None
                if not julia and after is not None and after.text in ("function", "\\("):
                    pending_function = text
                assigned = text
            if julia and statement_start and not brackets and following is not None and following.text == "(":
                end = _matching(toks, index + 1)
                after = end + 1
                while after < count and toks[after].text in ("::", "where") or (after < count and toks[after - 1].text in ("::", "where")
                                                                                 and toks[after].kind == "name"):
                    after += 1
                if after < count and toks[after].text == "=":  # f(x) = rand(x): a one-line definition
                    scopes.append((text, len(brackets), "line"))
                    code.functions[text] = (token.line, token.line)
                    index = after + 1
                    statement_start = False
                    continue
            if following is not None and (following.text == "(" or (julia and following.text == "." and index + 2 < count
                                                                       and toks[index + 2].text == "(")):
                call = Call(text, token.line, scope(), statement, inside=tuple(code.calls[i].name for i in calls_open),
                            assigned_to=assigned)
                code.calls.append(call)
                if text in ("source", "sys.source", "include") and index + 2 < count:
                    path = toks[index + 2]
                    if path.kind == "string":
                        code.sourced.append((path.text, len(code.calls) - 1))
                opening = index + 1 if following.text == "(" else index + 2
                brackets.append(("(", len(code.calls) - 1))
                calls_open.append(len(code.calls) - 1)
                argument_starts[len(code.calls) - 1] = opening + 1
                index = opening + 1
                statement_start = False
                continue
            statement_start = False
            index += 1
            continue
        if kind == "op" and text == "\\(" and not julia:  # R 4.1's \(x) lambda
            name = pending_function or ""
            pending_function = None
            end = _matching(toks, index)
            r_body_wait.append((name, len(brackets)))
            index = end + 1
            while index < count and toks[index].kind == "newline":
                index += 1
            continue
        if text in "([{" and kind == "op":
            brackets.append((text, -1))
        elif text in ")]}" and kind == "op":
            if brackets:
                opened, call_index = brackets.pop()
                if call_index >= 0 and calls_open and calls_open[-1] == call_index:
                    calls_open.pop()
                    _set_arguments(code.calls[call_index], toks[argument_starts.pop(call_index, index):index])
            if text == "}" and not julia:
                while scopes and scopes[-1][2] == "brace" and scopes[-1][1] == len(brackets):
                    _close_function(code, scopes.pop(), token.line)
                    break
        statement_start = False
        index += 1
    return code


def _close_function(code: Code, scope: tuple[str, int, str], line: int) -> None:
    name = scope[0]
    first, _ = code.functions.get(name, (line, line))
    code.functions[name] = (first, line)


def _matching(toks: list[Token], opening: int) -> int:
    """The index of the bracket closing the one at ``opening`` (the last token when it is never closed)."""
    depth = 0
    for index in range(opening, len(toks)):
        text = toks[index].text
        if toks[index].kind != "op":
            continue
        if text in ("(", "[", "{", "\\("):
            depth += 1
        elif text in (")", "]", "}"):
            depth -= 1
            if depth == 0:
                return index
    return len(toks) - 1


def _set_arguments(call: Call, inner: list[Token]) -> None:
    arguments: list[list[Token]] = [[]]
    depth = 0
    keywords = set()
    for position, token in enumerate(inner):
        if token.kind == "op" and token.text in ("(", "[", "{", "\\("):
            depth += 1
        elif token.kind == "op" and token.text in (")", "]", "}"):
            depth -= 1
        if depth == 0 and token.kind == "op" and token.text in (",", ";"):
            arguments.append([])
            continue
        if token.kind == "newline":
            continue
        if depth == 0 and token.kind == "name" and not arguments[-1] and position + 1 < len(inner) \
                and inner[position + 1].text == "=":
            keywords.add(token.text)
        arguments[-1].append(token)
    call.arguments = [argument for argument in arguments if argument]
    call.keywords = frozenset(keywords)


# --- R Markdown and Quarto -------------------------------------------------------------------------
CHUNK_START = re.compile(r"^[ \t>]*```+[ \t]*\{[ \t]*([A-Za-z]+)([^}]*)\}[ \t]*$")
CHUNK_END = re.compile(r"^[ \t>]*```+[ \t]*$")
NOT_RUN = re.compile(r"(?:^|,)\s*eval\s*=\s*(?:FALSE|F)\b")
NOT_RUN_OPTION = re.compile(r"^[ \t]*#\|[ \t]*eval[ \t]*:[ \t]*false\b", re.IGNORECASE)


def chunk_code(text: str, language: str) -> str:
    """The code of a document's chunks in ``language`` (r, julia), everything else blanked, lines kept: what
    knitting runs (chunks marked eval = FALSE are shown, not run)."""
    wanted = language.lower()
    lines = text.split("\n")
    kept = [""] * len(lines)
    inside, running = False, False
    chunk: list[int] = []
    for number, line in enumerate(lines):
        if not inside:
            start = CHUNK_START.match(line)
            if start:
                inside = True
                running = start.group(1).lower() == wanted and not NOT_RUN.search(start.group(2))
                chunk = []
            continue
        if CHUNK_END.match(line):
            inside = False
            if running and not any(NOT_RUN_OPTION.match(lines[n]) for n in chunk):
                for n in chunk:
                    kept[n] = lines[n]
            continue
        chunk.append(number)
    return "\n".join(kept)
