"""The fallback reader for Python that does not parse (Python 2, templates) or is too large to parse.

It finds the same facts as :mod:`tension_points.audit.parse.python` by their
shape in the text: import lines, dotted names followed by ``(``, the keyword
arguments up to the closing parenthesis, string literals outside comments,
``def`` and ``class`` lines. It cannot tell a string that looks like code from
code, which is why it is only used when the syntax tree cannot be made.
Every repetition is bounded and every search moves forward, so a hostile file
stays linear.
"""

from __future__ import annotations

import bisect
import re

from tension_points.audit.parse.pyfacts import Call, Function, Import, PythonFacts, Value

IMPORT_LINE = re.compile(r"(?m)^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]{0,200})[ \t]+import[ \t]+([^\n#;]{1,500})"
                         r"|import[ \t]+([^\n#;]{1,500}))")
CALL = re.compile(r"(?<![\w.])([A-Za-z_]\w{0,100}(?:\.[A-Za-z_]\w{0,100}){0,10})[ \t]*\(")
KEYWORD = re.compile(r"(?:^|,)\s*([A-Za-z_]\w{0,100})\s*=(?!=)\s*([^,]{0,200})")
STRING = re.compile(r"""(?:[rRbBuUfF]{0,2})(?:"([^"\\\n]{0,1000}(?:\\.[^"\\\n]{0,1000}){0,100})"|'([^'\\\n]{0,1000}(?:\\.[^'\\\n]{0,1000}){0,100})')""")
DEFINITION = re.compile(r"(?m)^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(([^)]{0,1000})\)?")
CLASS = re.compile(r"(?m)^[ \t]*class[ \t]+(\w+)")
ASSIGNMENT = re.compile(r"""(?m)^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(?:[rRuU]?)(["'])([^"'\n]{0,1000})\2[ \t]*(?:#.*)?$""")
DIGEST_COMPARED = re.compile(r"(?:hexdigest|digest)\(\)[ \t]*[!=]=|[!=]=[ \t]*[\w.]{0,200}\.(?:hexdigest|digest)\(\)")
SEEDED_INSTANCE = re.compile(r"(?m)^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*(?:[\w.]*\.)?(?:Random|RandomState|default_rng)[ \t]*\([ \t]*[^)\s]")
# Docstrings (the triple-quoted string a module, def or class starts with): prose, where "random.shuffle
# takes..." is no call. Other strings standing alone are kept, as the syntax tree keeps them.
DOCSTRING = re.compile(r"""(?s)(?:\A\s*|:[ \t]*(?:#[^\n]*)?\n\s*)([rRuU]?(\"\"\"|\'\'\').*?\2)""")
MAIN_GUARD = re.compile(r"""(?m)^if[ \t]+__name__[ \t]*==[ \t]*["']__main__["']""")
ARGUMENT_WINDOW = 400  # arguments longer than this are data, not settings a check reads...
# ...except a call laid out over many lines (an estimator given a whole Pipeline, then random_state=): this much,
# for this many calls a file, is read to its closing parenthesis
LONG_CALL_WINDOW = 6000
LONG_CALLS = 200
MAX_CALLS = 50_000  # more calls than any module written by hand: the rest of a generated or hostile file is not read
NOT_CALLS = frozenset({"if", "elif", "while", "for", "return", "print", "and", "or", "not", "in", "is", "def", "class",
                       "lambda", "with", "assert", "yield", "except", "raise", "del", "exec"})


def comment_free(text: str) -> str:
    """Whole-line comments and docstrings blanked (offsets and lines kept), so code put aside and prose neither
    seed nor count."""
    if '"""' in text or "'''" in text:
        text = DOCSTRING.sub(lambda m: m.group()[: m.start(1) - m.start()] + re.sub(r"[^\n]", " ", m.group(1)), text)
    if "#" not in text:
        return text
    return re.sub(r"(?m)^[ \t]*#.*$", lambda m: " " * len(m.group()), text)


def read_python_text(text: str, problem: str) -> PythonFacts:
    facts = PythonFacts(parsed=False, problem=problem)
    code = comment_free(text)
    starts = [0] + [match.end() for match in re.finditer("\n", code)]

    def line_of(position: int) -> int:
        return bisect.bisect_right(starts, position)

    if "import" in code:
        _imports(code, line_of, facts)
    scopes = _definitions(code, starts, facts)
    long_calls = 0
    for match in CALL.finditer(code):
        name = match.group(1)
        if name in NOT_CALLS or code[max(0, match.start() - 4):match.start()].endswith("def "):
            continue
        line = line_of(match.start())
        scope = scopes[line - 1] if line - 1 < len(scopes) else None
        if code.startswith(")", match.end()):  # f(): nothing to read inside
            facts.calls.append(Call(name, line, match.start() - starts[line - 1], scope))
        else:
            arguments = _arguments(code, match.end(), ARGUMENT_WINDOW)
            if len(arguments) == ARGUMENT_WINDOW and long_calls < LONG_CALLS:  # not closed in the window: a long call,
                long_calls += 1
                longer = _arguments(code, match.end(), LONG_CALL_WINDOW)  # read further for the seeds it may be given
                if "random_state" in longer or "seed" in longer:
                    arguments = _top_level(longer)
            keywords, star = _keywords(arguments)
            first = arguments.split(",", 1)[0]
            positional = () if not first.strip() or "=" in first else (_value(first),)
            facts.calls.append(Call(name, line, match.start() - starts[line - 1], scope, positional, keywords, star))
        if len(facts.calls) >= MAX_CALLS:
            facts.problem += f"; only its first {MAX_CALLS:,} calls were read"
            break
    for match in STRING.finditer(code):
        value = match.group(1) if match.group(1) is not None else match.group(2)
        facts.strings.append((value.replace("\\\\", "\\"), line_of(match.start())))
    for match in ASSIGNMENT.finditer(code):
        facts.assignments[match.group(1)] = Value("constant", match.group(3))
    if "Random" in code or "default_rng" in code:
        facts.seeded_instances |= {m.group(1) for m in SEEDED_INSTANCE.finditer(code)}
    facts.main_guard = MAIN_GUARD.search(code) is not None
    facts.digest_checks = len(DIGEST_COMPARED.findall(code))
    return facts


def _imports(code: str, line_of, facts: PythonFacts) -> None:
    for match in IMPORT_LINE.finditer(code):
        line = line_of(match.start())
        if match.group(1):
            module = match.group(1)
            if module.startswith("."):
                level = len(module) - len(module.lstrip("."))
                rest = module[level:]
                names = [part.split()[0] for part in match.group(2).strip().strip("()\\ ").split(",") if part.split()]
                facts.local_imports += [(level, (f"{rest}.{name}" if name != "*" else rest) if rest else name) for name in names
                                        if name.isidentifier() or (name == "*" and rest)]
                continue
            facts.imports.append(Import(module, line))
            names = match.group(2).strip().strip("()\\ ")
            for part in names.split(","):
                words = part.split()
                if not words:
                    continue
                if words[0] == "*":
                    facts.star_modules.append(module)
                elif words[0].isidentifier():
                    local = words[2] if len(words) >= 3 and words[1] == "as" else words[0]
                    facts.aliases[local] = f"{module}.{words[0]}"
            continue
        for part in match.group(3).split(","):
            words = part.strip().strip("()\\").split()
            if not words or not all(piece.isidentifier() for piece in words[0].split(".")):
                continue
            facts.imports.append(Import(words[0], line))
            if len(words) >= 3 and words[1] == "as":
                facts.aliases[words[2]] = words[0]
            else:
                top = words[0].split(".", 1)[0]
                facts.aliases.setdefault(top, top)


def _definitions(code: str, starts: list[int], facts: PythonFacts) -> list[str | None]:
    """Functions and classes, and for each line the function whose body holds it (by indentation)."""
    for match in CLASS.finditer(code):
        facts.classes.add(match.group(1))
    if "def" not in code:
        return []
    definitions = []
    for match in DEFINITION.finditer(code):
        parameters = tuple(p.split("=")[0].split(":")[0].strip().lstrip("*") for p in match.group(3).split(","))
        line = bisect.bisect_right(starts, match.start())
        facts.functions.setdefault(match.group(2), Function(match.group(2), line, tuple(p for p in parameters if p)))
        definitions.append((line, len(match.group(1).expandtabs()), match.group(2)))
    scopes: list[str | None] = []
    stack: list[tuple[int, str]] = []
    pending = iter(definitions)
    upcoming = next(pending, None)
    for number, line in enumerate(code.split("\n"), start=1):
        stripped = line.lstrip(" \t")
        if stripped:
            indent = len(line[: len(line) - len(stripped)].expandtabs())
            while stack and stack[-1][0] >= indent:
                stack.pop()
        scopes.append(stack[-1][1] if stack else None)
        if upcoming and upcoming[0] == number:
            stack.append((upcoming[1], upcoming[2]))
            upcoming = next(pending, None)
    return scopes


NESTED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")


def _top_level(arguments: str) -> str:
    """A long call's own arguments, with what nested calls and brackets hold taken out, innermost first: their
    keywords are theirs."""
    for _ in range(20):
        arguments, changed = NESTED.subn(" ", arguments)
        if not changed:
            break
    return arguments


def _arguments(code: str, start: int, window: int) -> str:
    """The text up to the matching parenthesis, within a bounded window (str.find keeps it in C)."""
    end = start + window
    if end > len(code):
        end = len(code)
    depth, position = 1, start
    while True:
        close = code.find(")", position, end)
        if close < 0:
            return code[start:end]
        depth += code.count("(", position, close) - 1
        if depth <= 0:
            return code[start:close]
        position = close + 1


def _keywords(arguments: str) -> tuple[tuple[tuple[str, Value], ...], bool]:
    if "=" not in arguments:
        return (), "**" in arguments
    return tuple((m.group(1), _value(m.group(2))) for m in KEYWORD.finditer(arguments)), "**" in arguments


INTEGER = re.compile(r"-?\d+")
FLOAT = re.compile(r"-?\d*\.\d+(?:e-?\d+)?")
QUOTED = re.compile(r"""[rRuUbB]?(["'])(.*)\1""")
NAME = re.compile(r"[A-Za-z_][\w.]*")
CALLED = re.compile(r"([A-Za-z_][\w.]*)\s*\(")


def _value(text: str) -> Value:
    text = text.strip()
    if len(text) > 200:
        return Value("other")  # an expression this long is not a setting a check reads
    if text == "None":
        return Value("constant", None)
    if text in ("True", "False"):
        return Value("constant", text == "True")
    if INTEGER.fullmatch(text):
        return Value("constant", int(text))
    if FLOAT.fullmatch(text):
        return Value("constant", float(text))
    quoted = QUOTED.fullmatch(text)
    if quoted:
        return Value("constant", quoted.group(2))
    if NAME.fullmatch(text):
        return Value("name", name=text)
    call = CALLED.match(text)
    if call:
        return Value("call", name=call.group(1))
    return Value("other")
