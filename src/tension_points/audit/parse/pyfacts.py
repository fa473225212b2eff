"""What reading Python yields, whichever reader made it: imports, calls with their arguments, definitions, strings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Import:
    module: str  # the dotted module imported ("numpy.random"), never relative
    line: int
    guarded: bool = False  # inside try/except ImportError, or `if TYPE_CHECKING`: the code runs without it
    in_function: bool = False  # inside a function's body: imported when that function runs, not when the module loads

    @property
    def top(self) -> str:
        return self.module.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Value:
    """What an argument is, as far as reading can tell: a constant, a name, a call, or something else."""

    kind: str  # "constant", "name", "call", "fstring", "concat" (NAME + ...), "subscript" (NAME[...]), "sequence" (a list:
    #            constant holds its elements' values), "container" (a dict or list literal: constant is the first URL in it), "other"
    constant: object = None  # the constant (kind "constant"), or an f-string's text with {} for its fields
    name: str = ""  # the dotted name (kind "name") or the called name (kind "call")

    @property
    def is_none(self) -> bool:
        return self.kind == "constant" and self.constant is None

    @property
    def text(self) -> str | None:
        """The string this value certainly starts with, when it is a string or an f-string."""
        if self.kind in ("constant", "fstring") and isinstance(self.constant, str):
            return self.constant
        return None


OTHER = Value("other")
WHOLE_MODULE = 10**9  # the last line a module's header comment or docstring covers (PythonFacts.stated): every line


@dataclass(frozen=True, slots=True)
class Call:
    name: str  # dotted, as written: "np.random.rand", "KaggleApi().dataset_download_files"
    line: int
    column: int
    scope: str | None  # the innermost function whose body holds the call
    args: tuple[Value, ...] = ()
    keywords: tuple[tuple[str, Value], ...] = ()
    star_kwargs: bool = False  # f(**params): any keyword may be in there

    def keyword(self, name: str) -> Value | None:
        for key, value in self.keywords:
            if key == name:
                return value
        return None

    def argument(self, index: int, name: str) -> Value | None:
        """The argument given by position ``index`` or by keyword ``name``."""
        value = self.keyword(name)
        if value is None and index < len(self.args):
            value = self.args[index]
        return value


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    line: int
    parameters: tuple[str, ...]


@dataclass
class PythonFacts:
    """What one module (or one notebook cell) holds."""

    parsed: bool = True
    problem: str = ""  # why the tree could not be made, when it could not
    python2: bool = False  # it does not parse because it is Python 2 (print statements, `except E, e:`)
    imports: list[Import] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # local name: what it stands for ("np": "numpy")
    star_modules: list[str] = field(default_factory=list)  # from M import *
    calls: list[Call] = field(default_factory=list)
    functions: dict[str, Function] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)
    strings: list[tuple[str, int]] = field(default_factory=list)  # string values in code (not docstrings), with lines
    assignments: dict[str, Value] = field(default_factory=dict)  # NAME = value, the last one, at any level
    seeded_instances: set[str] = field(default_factory=set)  # names bound to a generator made with a seed: random = Random(seed)
    timing: set[tuple[int, int]] = field(default_factory=set)  # calls whose value only times something: sleep(random()), wait = ...
    local_imports: list[tuple[int, str]] = field(default_factory=list)  # from .x import y: (level, "x"), level >= 1
    drawn_seeds: list[tuple[int, str]] = field(default_factory=list)  # seed = np.random.randint(...) / int(time.time()): (line, call)
    main_guard: bool = False  # if __name__ == "__main__":
    digest_checks: int = 0  # comparisons of a digest (hashlib's hexdigest()) with another value
    # lines that read a number out of a tensor as PyTorch 0.3 did, X.data[0] where a number is wanted: float(loss.data[0]),
    # total += loss.data[0], losses.append(loss.data[0]), or on a name that says it is a loss or an accuracy
    scalar_reads: list[int] = field(default_factory=list)
    # attributes read by key whose name a release removed as a method or attribute (G.node[n]): (name, line)
    attribute_subscripts: list[tuple[str, int]] = field(default_factory=list)
    # code whose own words state what its randomness is for: (first line, last line, "mock" or "simulation", what says so),
    # from a comment (it covers its paragraph), a function's or class's name or docstring, or the module's header
    stated: list[tuple[int, int, str, str]] = field(default_factory=list)
    repeats: list[tuple[int, int]] = field(default_factory=list)  # for _ in range(20): loops that repeat one computation
