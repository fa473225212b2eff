"""Python source read through its syntax tree: imports, calls with their arguments, definitions, strings.

One walk over each module's tree collects what the checks need. Names of calls
are kept as written (``npr.rand``) with the module's imports beside them
(``npr`` is ``numpy.random``), and :func:`resolve` turns one into the other, so
``from numpy.random import rand`` and ``import numpy.random as npr`` are both
numpy, and a project's own ``class KMeans`` is not scikit-learn's. Comments,
docstrings and strings are never taken for code.

A file that does not parse (Python 2, a template with ``{{ }}``) is read by
:mod:`tension_points.audit.parse.python_text`, which finds the same facts by
their shape in the text, and says so (``parsed`` is False).
"""

from __future__ import annotations

import ast
import builtins
import re

from tension_points.audit.parse.pyfacts import OTHER, WHOLE_MODULE, Call, Function, Import, PythonFacts, Value
from tension_points.audit.knowledge.apis import subscripted_attributes
from tension_points.audit.parse.python_text import read_python_text

# Generators made with a seed: a name bound to one draws from it, not from the module it may be named after.
SEEDED_CONSTRUCTORS = frozenset({"Random", "RandomState", "default_rng", "Generator", "PCG64", "MT19937"})

# A syntax tree costs about ten times the text's size in memory and a second or two per megabyte
# of dense calls: larger files (generated code, data pasted into a module) are read as text.
AST_SIZE_LIMIT = 256 * 1024


def dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for a chain of names; calls inside keep their parentheses (``Api().files``), subscripts their
    brackets (``df[].to_csv``)."""
    parts = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            return ".".join(reversed(parts))
        elif isinstance(node, ast.Call):
            inner = dotted(node.func)
            if inner is None:
                return None
            parts.append(inner + "()")
            return ".".join(reversed(parts))
        elif isinstance(node, ast.Subscript) and parts:  # df[cols].to_csv(...): a method of what the subscript gives
            inner = dotted(node.value)
            if inner is None:
                return None
            parts.append(inner + "[]")
            return ".".join(reversed(parts))
        else:
            return None


PATH_BUILDERS = frozenset({"join", "Path", "PurePath", "PosixPath", "WindowsPath"})


def _built_path(node: ast.AST, assignments: dict[str, Value], depth: int = 0) -> str | None:
    """The path an expression builds from parts (``os.path.join(RESULTS, 'runs.csv')``, ``Path('out') / name``),
    with {} for each part not known; None when no part is known."""
    if depth > 8:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.Name):
        known = assignments.get(f"{node.id}#path") or assignments.get(node.id)
        return known.text if known is not None else None
    if isinstance(node, ast.JoinedStr):
        return value_of(node).text
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        parts = [_built_path(node.left, assignments, depth + 1), _built_path(node.right, assignments, depth + 1)]
    elif isinstance(node, ast.Call) and (dotted(node.func) or "").rsplit(".", 1)[-1] in PATH_BUILDERS and node.args \
            and not node.keywords:
        parts = [_built_path(part, assignments, depth + 1) for part in node.args]
    else:
        return None
    if all(part is None for part in parts):
        return None
    return "/".join(part if part is not None else "{}" for part in parts)


def value_of(node: ast.AST) -> Value:
    if isinstance(node, ast.Constant):
        return Value("constant", node.value)
    if isinstance(node, (ast.Name, ast.Attribute)):
        name = dotted(node)
        return Value("name", name=name) if name else OTHER
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format" and isinstance(func.value, ast.Constant) \
                and isinstance(func.value.value, str):
            return Value("fstring", func.value.value)  # "https://x/{}".format(name)
        return Value("call", name=dotted(func) or "")
    if isinstance(node, ast.JoinedStr):
        return Value("fstring", "".join(part.value if isinstance(part, ast.Constant) and isinstance(part.value, str)
                                        else "{}" for part in node.values))
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):  # URL_BASE + name, "http://x/%s" % name
        left = value_of(node.left)
        if left.text is not None:
            return Value("fstring", left.text + "{}")
        if left.kind in ("name", "concat"):
            return Value("concat", name=left.name)
        return OTHER
    if isinstance(node, ast.Subscript):  # SOURCES[name]["url"]
        base = node.value
        while isinstance(base, ast.Subscript):
            base = base.value
        name = dotted(base)
        return Value("subscript", name=name) if name else OTHER
    if isinstance(node, (ast.List, ast.Tuple)):  # ['curl', url, '-o', path]
        return Value("sequence", tuple(value_of(element) for element in node.elts[:8]))
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):  # -1
        return Value("constant", node.operand.value if not isinstance(node.op, ast.USub) else -node.operand.value
                     if isinstance(node.operand.value, (int, float)) else None)
    return OTHER


BUILTINS = frozenset(dir(builtins)) | {"self", "cls"}
# String methods whose arguments are pieces of text looked for, not paths the program opens.
TEXT_METHODS = frozenset({"startswith", "endswith", "replace", "split", "rsplit", "find", "rfind", "count", "index",
                          "strip", "lstrip", "rstrip", "removeprefix", "removesuffix", "partition", "rpartition"})
DIGESTS = frozenset({"hexdigest", "digest"})
# Calls whose arguments only time or draw something: a random value given to them cannot change a result
# (time.sleep(random.random()), ax.scatter(np.random.randint(0, 100, n), y) to jitter points).
# So do calls that only measure a model (``profile(model, inputs=(torch.randn(1, 3, 32, 32),))`` counts FLOPs).
DISPLAY_ONLY = ("sleep", "scatter", "jitter", "stripplot", "annotate", "profile", "get_model_complexity_info",
                "FlopCountAnalysis", "count_flops", "count_params")
TIMING_NAME = re.compile(r"(?i)(?:^|_)(?:seconds?|secs|delay|wait|sleep|jitter|backoff|timeout|interval|pause)(?:_|$)")
# A random number sent with a request only so that no cache answers it (params={"r": random.random()}, "_", "nocache"):
# the server's answer does not depend on it, so it cannot change what the code computes.
REQUESTS = frozenset({"get", "post", "head", "request", "urlopen"})
CACHE_BUSTER = re.compile(r"(?i)^(?:_|r|rnd|rand|random|nocache|no_cache|cache|cachebust\w*|cache_bust\w*|cb|bust|nonce|t|ts)$")


def _drawn_seed(node: ast.Assign, facts: PythonFacts) -> None:
    """seed = np.random.randint(2**32), config["seed"] = int(time.time()): a seed that is itself drawn afresh (the
    call kept, resolved later through the module's imports)."""
    call = node.value
    while isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in ("int", "abs", "round", "str") and call.args:
        call = call.args[0]
    if isinstance(call, ast.BinOp) and isinstance(call.left, ast.Call):  # int(time.time() * 1000) % 2**32
        call = call.left
    if not isinstance(call, ast.Call):
        return
    name = dotted(call.func)
    if name and any("seed" in f"{dotted(target) or ''} {_subscript_key(target)}".lower() for target in node.targets):
        facts.drawn_seeds.append((node.lineno, name))


def _subscript_key(target: ast.AST) -> str:
    """config['Simulation']['seed']: its last key."""
    if isinstance(target, ast.Subscript) and isinstance(target.slice, ast.Constant) and isinstance(target.slice.value, str):
        return target.slice.value
    return ""


def _cache_busters(keyword: ast.keyword) -> set[tuple[int, int]]:
    """The calls in a request's params= or headers= dictionary under a cache-busting key (all of them in headers=)."""
    if not isinstance(keyword.value, ast.Dict):
        return set()
    found = set()
    for key, value in zip(keyword.value.keys, keyword.value.values):
        if keyword.arg == "headers" or (isinstance(key, ast.Constant) and isinstance(key.value, str) and CACHE_BUSTER.match(key.value)):
            found.update((n.lineno, n.col_offset) for n in ast.walk(value) if isinstance(n, ast.Call))
    return found


GUARDING_EXCEPTIONS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _guards_imports(handlers: list[ast.ExceptHandler]) -> bool:
    for handler in handlers:
        kind = handler.type
        if kind is None:
            return True
        names = kind.elts if isinstance(kind, ast.Tuple) else [kind]
        if any(dotted(name) in GUARDING_EXCEPTIONS for name in names):
            return True
    return False


def _is_type_checking(test: ast.AST) -> bool:
    return dotted(test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")


def _is_main_guard(test: ast.AST) -> bool:
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators))


PYTHON2 = re.compile(r"(?m)^[ \t]*(?:print[ \t]+[^\s(=.,)][^\n]*|print[ \t]*$|exec[ \t]+[\"'\w]|except[ \t]+[\w.]+[ \t]*,[ \t]*\w+[ \t]*:"
                     r"|raise[ \t]+\w+[ \t]*,)|\b(?:ur[\"']|0[0-7]+L?\b|\d+L\b)|`[^`\n]+`")


def is_python2(text: str, error: SyntaxError) -> bool:
    """Does a module fail to parse because it is Python 2: print and exec statements, `except E, e:`,
    `raise E, "message"`, backquotes, long integers?"""
    message = str(error.msg or "")
    return "Missing parentheses in call to" in message or bool(PYTHON2.search(text))


def parse_python(text: str) -> PythonFacts:
    """The facts of one module; read as text when it does not parse or is too large to parse quickly."""
    if len(text) > AST_SIZE_LIMIT:
        return read_python_text(text, f"larger than {AST_SIZE_LIMIT // 1024} KiB, read as text")
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:  # ValueError: null bytes
        reason = f"line {exc.lineno}: {exc.msg}" if isinstance(exc, SyntaxError) and exc.lineno else type(exc).__name__
        facts = read_python_text(text, f"not valid Python 3 ({reason}), read as text: its imports, calls and paths are "
                                       "found by their shape, so the code checks may miss or mistake some of them")
        facts.python2 = isinstance(exc, SyntaxError) and is_python2(text, exc)
        return facts
    facts = PythonFacts()
    try:
        _collect(tree, facts)
    except RecursionError:  # a tree too deep to walk: what was found so far stands, read as text
        return read_python_text(text, "nested too deeply to walk, read as text")
    if STATED_WORDS.search(text):
        facts.stated += stated_comments(text)
    return facts


def _collect(tree: ast.Module, facts: PythonFacts) -> None:
    """One walk, carrying the enclosing function and whether imports here are guarded."""
    pending: list[tuple[ast.AST, str | None, bool]] = [(tree, None, False)]
    not_values: set[int] = set()
    compared: list[str] = []
    numeric: set[int] = set()  # nodes whose value is taken as a number: float(X), total += X, losses.append(X)
    while pending:
        node, scope, guarded = pending.pop()
        kind = type(node)
        if kind is ast.Call:
            _add_call(node, scope, facts)
            if isinstance(node.func, (ast.Attribute, ast.Name)) and (dotted(node.func) or "").endswith(DISPLAY_ONLY):
                facts.timing.update((n.lineno, n.col_offset) for arg in (*node.args, *(k.value for k in node.keywords))
                                    for n in ast.walk(arg) if isinstance(n, ast.Call))
            if isinstance(node.func, ast.Attribute) and node.func.attr in TEXT_METHODS:
                not_values.update(id(arg) for arg in node.args)  # "x".startswith("/home/"): a needle, not a path
            for keyword in node.keywords:  # report(metadata={"metric": random.choice(...)}): shown beside a result, not it
                if keyword.arg == "metadata":
                    facts.timing.update((n.lineno, n.col_offset) for n in ast.walk(keyword.value) if isinstance(n, ast.Call))
                elif keyword.arg in ("params", "headers") and isinstance(node.func, ast.Attribute) and node.func.attr in REQUESTS:
                    facts.timing.update(_cache_busters(keyword))  # get(url, params={"r": random.random()})
            if isinstance(node.func, ast.Name) and node.func.id in NUMBER_CALLS or \
                    isinstance(node.func, ast.Attribute) and node.func.attr == "append":
                numeric.update(id(arg) for arg in node.args)
        elif kind is ast.AugAssign:
            numeric.add(id(node.value))
        elif kind is ast.Subscript:
            if type(node.value) is ast.Attribute and node.value.attr in subscripted_attributes():  # G.node[n]
                facts.attribute_subscripts.append((node.value.attr, node.lineno))
            if _is_data_zero(node) and (id(node) in numeric or SCALAR_NAME.search(dotted(node.value.value) or "")):
                facts.scalar_reads.append(node.lineno)
        elif kind is ast.Constant:
            if isinstance(node.value, str) and id(node) not in not_values:
                facts.strings.append((node.value, node.lineno))
            continue
        elif kind is ast.JoinedStr:
            facts.strings.append((value_of(node).constant, node.lineno))
            continue
        elif kind is ast.Import:
            for alias in node.names:
                facts.imports.append(Import(alias.name, node.lineno, guarded, scope is not None))
                if alias.asname:
                    facts.aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".", 1)[0]
                    facts.aliases.setdefault(top, top)
            continue
        elif kind is ast.ImportFrom:
            if node.level > 0:
                facts.local_imports += [(node.level, (f"{node.module}.{a.name}" if a.name != "*" else node.module) if node.module
                                         else a.name) for a in node.names if node.module or a.name != "*"]
            elif node.level == 0 and node.module:
                facts.imports.append(Import(node.module, node.lineno, guarded, scope is not None))
                for alias in node.names:
                    if alias.name == "*":
                        facts.star_modules.append(node.module)
                    else:
                        facts.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            continue
        elif kind is ast.For and isinstance(node.target, ast.Name) and node.body:
            used = {n.id for child in node.body for n in ast.walk(child) if isinstance(n, ast.Name)}
            if node.target.id == "_" or node.target.id not in used:  # for _ in range(20): the same thing, again
                facts.repeats.append((node.lineno, getattr(node, "end_lineno", node.lineno) or node.lineno))
        elif kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
            _stated_definition(node, facts)
            arguments = node.args
            names = [a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)]
            facts.functions.setdefault(node.name, Function(node.name, node.lineno, tuple(names)))
            _mark_docstring(node, not_values)
            for child in (*node.decorator_list, *arguments.defaults, *(d for d in arguments.kw_defaults if d)):
                pending.append((child, scope, guarded))
            pending.extend((child, node.name, guarded) for child in reversed(node.body))
            continue
        elif kind is ast.ClassDef:
            facts.classes.add(node.name)
            _mark_docstring(node, not_values)
            _stated_definition(node, facts)
        elif kind is ast.Module:
            _mark_docstring(node, not_values)
            docstring = ast.get_docstring(node, clean=False)
            purpose = stated_purpose(docstring.split("\n\n", 1)[0]) if docstring else None
            if purpose:
                facts.stated.append((1, WHOLE_MODULE, purpose, f"the module's docstring ({_quoted(docstring)})"))
        elif kind is ast.Expr and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue  # a bare string: documentation or code put aside, never a value the program uses
        elif kind is ast.Try or kind is getattr(ast, "TryStar", None):
            covered = guarded or _guards_imports(node.handlers)
            pending.extend((child, scope, covered) for child in reversed(node.body))
            for child in node.handlers:  # except ImportError: a fallback, run only where the first import failed
                pending.append((child, scope, guarded or _guards_imports([child])))
            for child in (*node.orelse, *node.finalbody):
                pending.append((child, scope, guarded))
            continue
        elif kind is ast.If:
            if isinstance(node.test, ast.Constant) and not node.test.value and node.test.value is not None:
                pending.extend((child, scope, guarded) for child in reversed(node.orelse))
                continue  # if False: / if 0: code put aside, never run
            if _is_main_guard(node.test):
                facts.main_guard = True
            if _is_type_checking(node.test):
                pending.extend((child, scope, True) for child in reversed(node.body))
                pending.extend((child, scope, guarded) for child in reversed(node.orelse))
                continue
        elif kind is ast.Compare:
            not_values.update(id(operand) for operand in (node.left, *node.comparators))  # needles: "/home/" in text
            for operand in (node.left, *node.comparators):
                if isinstance(operand, ast.Call) and isinstance(operand.func, ast.Attribute) and operand.func.attr in DIGESTS:
                    facts.digest_checks += 1
                elif isinstance(operand, ast.Name):
                    compared.append(operand.id)
        elif kind is ast.Assign:
            if isinstance(node.value, ast.Call):
                _drawn_seed(node, facts)
            value = value_of(node.value) if not isinstance(node.value, (ast.Dict, ast.List, ast.Tuple)) else _container(node.value)
            built = _built_path(node.value, facts.assignments) if value.kind in ("call", "other") else None
            for target in node.targets:
                if isinstance(target, ast.Name):
                    facts.assignments[target.id] = value
                    if built is not None:  # LOG = os.path.join(RESULTS, 'runs.csv'): the path it names, kept apart
                        facts.assignments[f"{target.id}#path"] = Value("constant", built)
                    if value.kind == "call" and value.name.rsplit(".", 1)[-1] in SEEDED_CONSTRUCTORS and \
                            isinstance(node.value, ast.Call) and (node.value.args or node.value.keywords):
                        facts.seeded_instances.add(target.id)
                    if value.kind == "sequence":  # every command list a name held: cmd = ['curl', ...]; later cmd = ['gzip', ...]
                        facts.assignments.setdefault(f"{target.id}#all", Value("all", ()))
                        held = facts.assignments[f"{target.id}#all"]
                        if len(held.constant) < 8:
                            facts.assignments[f"{target.id}#all"] = Value("all", (*held.constant, value))
                    if isinstance(node.value, ast.Call) and TIMING_NAME.search(target.id):
                        facts.timing.add((node.value.lineno, node.value.col_offset))  # wait = random.uniform(1, 3)
        pending.extend((child, scope, guarded) for child in reversed(list(ast.iter_child_nodes(node))))
    facts.imports.sort(key=lambda item: item.line)  # the walk's stack visits handlers before bodies
    facts.calls.sort(key=lambda call: (call.line, call.column))
    for name in compared:  # digest = sha256(...).hexdigest(); assert digest == EXPECTED
        value = facts.assignments.get(name)
        if value is not None and value.kind == "call" and value.name.rsplit(".", 1)[-1] in DIGESTS:
            facts.digest_checks += 1


# Words with which code says its randomness is meant: mock or fake data made fresh each run (a demo, a stand-in for an
# API), or a simulation, whose output may still feed a result.
# "fake", "dummy" and "placeholder" only before what is faked: a GAN's fake images, dummy variables (one-hot columns) and
# TensorFlow's placeholders are no such statement.
FAKED = r"(?:data|datasets?|api|apis|endpoints?|responses?|orders|users|records|rows|values?|metrics?|inputs?|samples?)"
MOCK_WORDS = (rf"mock(?:ed|s|ing)?|(?:fake|dummy|placeholder) {FAKED}|randomi[sz]ed (?:on |at )?(?:each|every) run"
              r"|replaced at run ?time")
SIMULATION_WORDS = r"simulat(?:e|ed|es|ion|or|ing)|synthetic"
STATED_WORDS = re.compile(rf"(?i)\b(?:{MOCK_WORDS}|{SIMULATION_WORDS})\b")
MOCK = re.compile(rf"(?i)\b(?:{MOCK_WORDS})\b")
NAME_TOKENS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
FAKE_NAMES = frozenset({"fake", "dummy", "placeholder"})
FAKED_NAMES = frozenset({"data", "dataset", "api", "endpoint", "response", "orders", "users", "records", "rows", "values",
                         "metrics", "inputs", "samples"})
SIMULATION_NAMES = frozenset({"simulate", "simulated", "simulation", "simulator", "synthetic", "simulates"})
COMMENT_LINE = re.compile(r"^[ \t]*#(.*)$")


def stated_purpose(text: str) -> str | None:
    match = STATED_WORDS.search(text)
    if match is None:
        return None
    return "mock" if MOCK.search(text) else "simulation"


def _quoted(text: str) -> str:
    first = " ".join(text.split())
    return f'"{first[:70]}…"' if len(first) > 70 else f'"{first}"'


def _stated_definition(node, facts: PythonFacts) -> None:
    """A function or class whose name (fake_orders, MockAPI, simulate_prices) or docstring says what it is for."""
    tokens = {t.lower() for t in NAME_TOKENS.findall(node.name)}
    last = getattr(node, "end_lineno", None) or node.lineno
    what = "class" if isinstance(node, ast.ClassDef) else "function"
    if tokens & {"mock", "mocked"} or tokens & FAKE_NAMES and tokens & FAKED_NAMES:
        facts.stated.append((node.lineno, last, "mock", f"{what} {node.name}"))
    elif tokens & SIMULATION_NAMES:
        facts.stated.append((node.lineno, last, "simulation", f"{what} {node.name}"))
    else:
        docstring = ast.get_docstring(node, clean=False)
        purpose = stated_purpose(docstring.split("\n\n", 1)[0]) if docstring else None
        if purpose:
            facts.stated.append((node.lineno, last, purpose, f"the docstring of {node.name} ({_quoted(docstring)})"))


def stated_comments(text: str) -> list[tuple[int, int, str, str]]:
    """Comments that say what randomness is for, each covering its paragraph (to the next blank line, at most 15
    lines); the comment block a module opens with covers the module."""
    lines = text.split("\n")
    found = []
    header = True
    for index, line in enumerate(lines):
        stripped = line.strip()
        if header and stripped and not stripped.startswith("#") and not stripped.startswith(("'''", '"""')):
            header = False
        if "#" not in line:
            continue
        comment = COMMENT_LINE.match(line)
        body = comment.group(1) if comment else line[line.index("#") + 1:]  # code  # a trailing comment
        purpose = stated_purpose(body)
        if purpose is None:
            continue
        if header:
            found.append((1, WHOLE_MODULE, purpose, f"the module's opening comment ({_quoted(body.strip())})"))
            continue
        end = index
        while end + 1 < len(lines) and end - index < 15 and lines[end + 1].strip():
            end += 1
        found.append((index + 1, end + 1, purpose, f"a comment ({_quoted(body.strip())})"))
    return found


NUMBER_CALLS = frozenset({"float", "int", "round"})
SCALAR_NAME = re.compile(r"(?i)(?:^|[._])(?:\w*loss\w*|acc\w*|correct\w*)$")


def _is_data_zero(node: ast.Subscript) -> bool:
    """X.data[0]: the PyTorch 0.3 way to read the number out of a one-element tensor."""
    index = node.slice
    return (isinstance(node.value, ast.Attribute) and node.value.attr == "data" and isinstance(index, ast.Constant)
            and index.value == 0 and not isinstance(index.value, bool))


def _container(node: ast.AST) -> Value:
    """A dict or list literal, as the first URL it holds (SOURCES = {"weights": {"url": "https://..."}})."""
    for child in ast.walk(node):
        if isinstance(child, ast.Constant) and isinstance(child.value, str) and child.value.startswith(("http://", "https://", "ftp://", "s3://", "gs://")):
            return Value("container", child.value)
    return value_of(node) if isinstance(node, (ast.List, ast.Tuple)) else OTHER


def _mark_docstring(node, not_values: set[int]) -> None:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        not_values.add(id(body[0].value))


def _add_call(node: ast.Call, scope: str | None, facts: PythonFacts) -> None:
    name = dotted(node.func)
    if name is None:
        return
    args = tuple(value_of(arg) for arg in node.args if not isinstance(arg, ast.Starred))
    keywords = tuple((k.arg, value_of(k.value)) for k in node.keywords if k.arg is not None)
    star = any(k.arg is None for k in node.keywords)
    facts.calls.append(Call(name, node.lineno, node.col_offset, scope, args, keywords, star))


def resolve(name: str, aliases: dict[str, str], star_modules: list[str] = (), defined: set[str] = frozenset()) -> str:
    """The dotted name a call refers to: its head replaced by what the module imported under that name.

    A name the module defines itself (a function or class) stays as it is; a name from nowhere
    that a ``from M import *`` may have brought is taken for M's.
    """
    head, _, rest = name.partition(".")
    if head.endswith("()"):
        target = resolve(head[:-2], aliases, star_modules, defined) + "()"
    elif head in defined:
        return name
    elif head in aliases:
        target = aliases[head]
    elif star_modules and head not in BUILTINS:
        target = f"{star_modules[-1]}.{head}"
    else:
        return name
    return f"{target}.{rest}" if rest else target
