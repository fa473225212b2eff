"""Randomness in R and Julia: which calls draw, which seed, and which draws no seed covers.

Read from the tokens of ``parse.rjulia`` (comments, strings and chunks that are not run never count). The rules,
with the false alarms each avoids:

- a seed (R's ``set.seed``, ``withr::local_seed``; Julia's ``Random.seed!``) covers the draws after it in the
  same file, and in the files that file then runs (``source("x.R")``, ``include("x.jl")``); a seed set at a
  file's top level covers the functions it defines; ``withr::with_seed(1, ...)`` covers what it wraps;
- a draw given its own seed (``stan(..., seed = 1)``, ``ranger(..., seed = 1)``) or its own generator (Julia's
  ``rand(rng, 3)``) needs no global seed; a Julia generator built without a seed (``MersenneTwister()``) is
  reported where it is built;
- a draw inside a named function is reported only when the project runs that function, directly or through
  its other functions, where no seed is set: a file that only defines functions leaves seeding to its caller;
- an R Markdown or Quarto chunk marked ``eval = FALSE`` is not run; a Pluto notebook runs its cells in the
  order their variables need, so a seed anywhere in it covers it; a ``targets`` pipeline gives every target a
  seed of its own; teaching material that sets a seed in a file shows the draws before it on purpose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tension_points.audit.parse.rjulia import Call, Code

R_DRAWS = frozenset({"sample", "sample.int", "rnorm", "runif", "rbinom", "rpois", "rexp", "rgamma", "rbeta", "rt", "rchisq",
                     "rweibull", "rlnorm", "rcauchy", "rgeom", "rhyper", "rnbinom", "rlogis", "rmultinom", "rsignrank",
                     "rwilcox", "rf", "mvrnorm", "sample_n", "sample_frac", "slice_sample", "initial_split", "vfold_cv",
                     "bootstraps", "mc_cv", "createDataPartition", "createFolds", "kmeans", "randomForest", "ranger",
                     "rmvnorm", "rdirichlet"})
R_MCMC = frozenset({"stan", "sampling", "brm"})
R_SEEDS = frozenset({"set.seed", "local_seed"})
R_SEED_WRAPPERS = frozenset({"with_seed", "with_preserve_seed"})
JULIA_DRAWS = frozenset({"rand", "randn", "randexp", "randperm", "randcycle", "shuffle", "shuffle!", "sample", "sample!",
                         "randsubseq", "randsubseq!", "bitrand", "randstring", "rand!", "randn!", "randexp!", "wsample"})
JULIA_SEEDS = frozenset({"seed!"})
JULIA_GENERATORS = frozenset({"MersenneTwister", "Xoshiro", "StableRNG", "Xoroshiro128Plus", "Xorshift128Plus", "PCGStateOneseq"})
GENERATOR_NAME = re.compile(r"(?i)rng|generator")
DRAWS_KEPT = 20  # per function: enough to report, bounded for a hostile file
MCMC_MESSAGE = "R sampling (Stan or brms) with no seed= and no set.seed"


@dataclass(frozen=True)
class OtherDraw:
    rel: str
    line: int
    kind: str
    message: str
    cell: int | None = None
    caller: str = ""  # the file whose run leaves it unseeded (its own, or the script that runs its function)


@dataclass
class CodeFile:
    """One file's (or notebook's) R or Julia code and how to place its lines (a notebook's cells)."""

    rel: str
    code: Code
    pluto: bool = False
    locate: object = None  # line -> (cell, line in cell), for notebooks

    def where(self, line: int) -> tuple[int, int | None]:
        if self.locate is None:
            return line, None
        cell, in_cell = self.locate(line)
        return in_cell, cell


def _bare(name: str, language: str) -> str:
    """The function's own name: rnorm from stats::rnorm; seed! from Random.seed! (R's dots are part of a name)."""
    if "::" in name:
        return name.rsplit("::", 1)[1]
    return name.rsplit(".", 1)[1] if language == "Julia" and "." in name else name


def _is_seed(call: Call, language: str) -> bool:
    bare = _bare(call.name, language)
    if language == "R":
        return bare in R_SEEDS and bool(call.arguments) or bare == "tar_option_set" and "seed" in call.keywords
    return bare in JULIA_SEEDS and len(call.arguments) == 1  # Random.seed!(rng, 1) seeds rng, not the global generator


def _draw(call: Call, language: str, defined: set[str], generators: set[str],
          reseeded: frozenset[str] = frozenset()) -> tuple[str, str] | None:
    """(kind, message) when the call draws from a generator no argument of its own seeds."""
    bare = _bare(call.name, language)
    if bare in defined and "::" not in call.name:
        return None  # the project's own sample(): not the library's
    if language == "R":
        if any(_bare(outer, language) in R_SEED_WRAPPERS for outer in call.inside):
            return None
        if bare in R_MCMC:
            return None if "seed" in call.keywords else ("MCMC sampling without a seed", MCMC_MESSAGE)
        if bare in R_DRAWS:
            if "seed" in call.keywords:
                return None
            return "R random numbers without a seed", f"{call.name}() draws random numbers with no set.seed() before it"
        return None
    if bare in JULIA_GENERATORS:
        if call.arguments or "seed" in call.keywords or call.assigned_to in reseeded:  # rng = Xoshiro(); Random.seed!(rng, 1)
            return None
        return "Julia generator without a seed", f"{call.name}() makes a generator with no seed: give it one ({call.name}(42))"
    if bare in JULIA_DRAWS and not _own_generator(call, generators):
        return "Julia random numbers without a seed", f"{call.name}() draws from the global generator with no Random.seed!() before it"
    return None


def _own_generator(call: Call, generators: set[str]) -> bool:
    if not call.arguments:
        return False
    first = call.arguments[0]
    if first[0].kind == "name" and (len(first) == 1 and (first[0].text in generators or GENERATOR_NAME.search(first[0].text))):
        return True
    return first[0].kind == "name" and _bare(first[0].text, "Julia") in JULIA_GENERATORS and len(first) > 3  # rand(MersenneTwister(1), 3)


def unseeded(files: list[CodeFile], *, teaching: bool = False, targets: bool = False,
             is_test=lambda rel: False) -> list[OtherDraw]:
    """The draws no seed covers, across the project's R and Julia files (each language on its own). A draw in a
    function is judged where the project runs it, and counts as a test's when only tests run it unseeded."""
    seeders = _seeding_functions(files)
    seeded_from = _seeded_from(files, seeders)
    defined = {name for f in files for name in f.code.functions}
    # Each function's draws that no seed inside it (or at its file's top level) covers, and the functions it runs.
    own: dict[tuple[str, str], list[tuple[CodeFile, Call, tuple[str, str]]]] = {}
    calls_of: dict[tuple[str, str], set[str]] = {}
    top_level: list[tuple[CodeFile, int, str, Call]] = []
    found: list[OtherDraw] = []
    for file in files:
        language = file.code.language
        generators = {c.assigned_to for c in file.code.calls if c.assigned_to and _bare(c.name, language) in JULIA_GENERATORS}
        reseeded = frozenset(c.arguments[0][0].text for c in file.code.calls if language == "Julia" and len(c.arguments) == 2
                             and _bare(c.name, language) in JULIA_SEEDS and len(c.arguments[0]) == 1)
        seed_at = seeded_from[file.rel]
        file_seeded = seed_at < len(file.code.calls)
        covered_all = ((file.pluto or teaching) and file_seeded) or (targets and language == "R")
        seeded_in: set[str] = set()
        for position, call in enumerate(file.code.calls):
            if _is_seed(call, language) or (language, _bare(call.name, language)) in seeders:
                if call.scope is not None:
                    seeded_in.add(call.scope)
                continue
            for name in _runs(call, language, defined):  # simulate(10); lapply(1:10, simulate)
                if call.scope is None:
                    top_level.append((file, position, name, call))
                elif call.scope not in seeded_in:  # a function that seeds before it runs another covers it
                    calls_of.setdefault((language, call.scope), set()).add(name)
            drawn = _draw(call, language, defined, generators, reseeded)
            if drawn is None or covered_all:
                continue
            if drawn[0] == "Julia generator without a seed":
                found.append(_finding(file, call, drawn, file))  # no global seed covers a generator seeded from the system
            elif call.scope is None:
                if position < seed_at:
                    found.append(_finding(file, call, drawn, file))
            elif call.scope not in seeded_in and not file_seeded:
                draws = own.setdefault((language, call.scope), [])
                if len(draws) < DRAWS_KEPT:
                    draws.append((file, call, drawn))
    # Each run of a function where no seed is set reports the draws of what it runs, walked once over the whole
    # project: a function already walked has had its draws reported by an earlier run (linear in the calls).
    walked: set[tuple[str, str]] = set()
    top_level.sort(key=lambda entry: is_test(entry[0].rel))  # a pipeline that runs a function unseeded first, then tests
    for file, position, name, call in top_level:
        language = file.code.language
        if position > seeded_from[file.rel] or (targets and language == "R") \
                or ((file.pluto or teaching) and seeded_from[file.rel] < len(file.code.calls)):
            continue
        caller_line, caller_cell = file.where(call.line)
        caller = f"{file.rel}:{'cell ' + str(caller_cell) + ':' if caller_cell else ''}{caller_line}"
        pending = [name]
        while pending:
            function = pending.pop()
            if (language, function) in walked:
                continue
            walked.add((language, function))
            pending.extend(calls_of.get((language, function), ()))
            for drawn_file, drawn_call, drawn in own.get((language, function), ()):
                message = drawn[1] if drawn[0] == "MCMC sampling without a seed" else \
                    f"{drawn[1]}, in a function {caller} runs"  # one message for a file's draws: repeats merge
                found.append(_finding(drawn_file, drawn_call, (drawn[0], message), file))
    return sorted(found, key=lambda d: (d.rel, d.cell or 0, d.line))


def _runs(call: Call, language: str, defined: set[str]) -> list[str]:
    """The project's functions a call runs: the one it names, and those it hands to lapply, map, Map..."""
    names = [_bare(call.name, language)] if _bare(call.name, language) in defined and "::" not in call.name else []
    for argument in call.arguments[:4]:
        if len(argument) == 1 and argument[0].kind == "name" and argument[0].text in defined:
            names.append(argument[0].text)
    return names


def _finding(file: CodeFile, call: Call, drawn: tuple[str, str], caller: CodeFile) -> OtherDraw:
    line, cell = file.where(call.line)
    return OtherDraw(file.rel, line, drawn[0], drawn[1], cell, caller.rel)


def _seeding_functions(files: list[CodeFile]) -> frozenset[tuple[str, str]]:
    """The project's own functions that set a seed (set_up <- function() { set.seed(1); ... }): running one seeds."""
    return frozenset((f.code.language, c.scope) for f in files for c in f.code.calls
                     if c.scope is not None and _is_seed(c, f.code.language))


def _seeded_from(files: list[CodeFile], seeders: frozenset[tuple[str, str]] = frozenset()) -> dict[str, int]:
    """For each file, the position of its first top-level call after which a seed is set: its own seed, or a
    source("x.R") / include("x.jl") of a file that seeds (itself or through the files it runs); past the end
    when none is."""
    by_name = {f.rel.rsplit("/", 1)[-1]: f for f in files}
    own_seed = {f.rel: next((p for p, c in enumerate(f.code.calls) if c.scope is None and (
        _is_seed(c, f.code.language) or (f.code.language, _bare(c.name, f.code.language)) in seeders)),
                            len(f.code.calls)) for f in files}
    seeds: dict[str, bool] = {}

    def seeds_somewhere(file: CodeFile, seen: frozenset[str]) -> bool:
        if file.rel not in seeds:
            seeds[file.rel] = own_seed[file.rel] < len(file.code.calls) or any(
                target is not None and target.rel not in seen and seeds_somewhere(target, seen | {file.rel})
                for target in (by_name.get(path.rsplit("/", 1)[-1]) for path, _ in file.code.sourced[:200]))
        return seeds[file.rel]

    result = {}
    for file in files:
        first = own_seed[file.rel]
        for path, position in file.code.sourced[:200]:
            target = by_name.get(path.rsplit("/", 1)[-1])
            if position < first and target is not None and target is not file and seeds_somewhere(target, frozenset({file.rel})):
                first = position
                break
        result[file.rel] = first
    return result
