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
MCMC_MESSAGE = "R sampling (Stan or brms) with no seed= and no set.seed"


@dataclass(frozen=True)
class OtherDraw:
    rel: str
    line: int
    kind: str
    message: str
    cell: int | None = None


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


def _draw(call: Call, language: str, defined: set[str], generators: set[str]) -> tuple[str, str] | None:
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
        if call.arguments or "seed" in call.keywords:
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


def unseeded(files: list[CodeFile], *, teaching: bool = False, targets: bool = False) -> list[OtherDraw]:
    """The draws no seed covers, across the project's R and Julia files (each language on its own)."""
    by_name = {f.rel.rsplit("/", 1)[-1]: f for f in files}
    seeding_files = {f.rel for f in files if any(_is_seed(c, f.code.language) and c.scope is None for c in f.code.calls)}
    seeds_through = _seeds_through_sourcing(files, by_name, seeding_files)
    defined = {name for f in files for name in f.code.functions}
    # Each function's draws that no seed inside it (or at its file's top level) covers.
    own: dict[tuple[str, str], list[tuple[CodeFile, Call, tuple[str, str]]]] = {}
    calls_of: dict[tuple[str, str], set[str]] = {}
    top_level: list[tuple[CodeFile, int, Call]] = []
    found: list[OtherDraw] = []
    for file in files:
        language = file.code.language
        generators = {c.assigned_to for c in file.code.calls if c.assigned_to and _bare(c.name, language) in JULIA_GENERATORS}
        file_seeded = file.rel in seeding_files
        covered_all = (file.pluto and file_seeded) or (teaching and file_seeded) or (targets and language == "R")
        seeded_in: dict[str | None, bool] = {}
        for position, call in enumerate(file.code.calls):
            if _is_seed(call, language):
                seeded_in[call.scope] = True
                continue
            drawn = _draw(call, language, defined, generators)
            if call.scope is not None and _bare(call.name, language) in defined:
                calls_of.setdefault((language, call.scope), set()).add(_bare(call.name, language))
            if call.scope is None and _bare(call.name, language) in defined:
                top_level.append((file, position, call))
            if drawn is None or covered_all:
                continue
            if drawn[0] == "Julia generator without a seed":
                found.append(_finding(file, call, drawn))  # no global seed covers a generator seeded from the system
                continue
            if call.scope is None:
                if not seeded_in.get(None) and not seeds_through(file, position):
                    found.append(_finding(file, call, drawn))
            elif not seeded_in.get(call.scope) and not file_seeded:
                own.setdefault((language, call.scope), []).append((file, call, drawn))
    drawing = _drawing_functions(own, calls_of)
    reported: set[tuple[str, int]] = set()
    for file, position, call in top_level:
        language = file.code.language
        name = _bare(call.name, language)
        if (language, name) not in drawing or (file.pluto or teaching) and file.rel in seeding_files or targets and language == "R":
            continue
        if any(_is_seed(c, language) and c.scope is None for c in file.code.calls[:position]) or seeds_through(file, position):
            continue
        for drawn_file, drawn_call, drawn in drawing[(language, name)]:
            key = (drawn_file.rel, drawn_call.line)
            if key in reported:
                continue
            reported.add(key)
            caller_line, caller_cell = file.where(call.line)
            caller = f"{file.rel}:{'cell ' + str(caller_cell) + ':' if caller_cell else ''}{caller_line}"
            message = f"{drawn[1]}, in {drawn_call.scope}(), which {caller} runs" if drawn[0] != "MCMC sampling without a seed" else drawn[1]
            found.append(_finding(drawn_file, drawn_call, (drawn[0], message)))
    return sorted(found, key=lambda d: (d.rel, d.cell or 0, d.line))


def _finding(file: CodeFile, call: Call, drawn: tuple[str, str]) -> OtherDraw:
    line, cell = file.where(call.line)
    return OtherDraw(file.rel, line, drawn[0], drawn[1], cell)


def _drawing_functions(own, calls_of) -> dict[tuple[str, str], list]:
    """Every function that draws unseeded, itself or through the functions it calls, with the draws."""
    drawing = {key: list(value) for key, value in own.items()}
    changed = True
    rounds = 0
    while changed and rounds < 50:
        changed, rounds = False, rounds + 1
        for (language, caller), callees in calls_of.items():
            for callee in callees:
                if (language, callee) in drawing and callee != caller:
                    inherited = [d for d in drawing[(language, callee)] if d not in drawing.get((language, caller), [])]
                    if inherited:
                        drawing.setdefault((language, caller), []).extend(inherited)
                        changed = True
    return drawing


def _seeds_through_sourcing(files: list[CodeFile], by_name: dict[str, CodeFile], seeding_files: set[str]):
    """Whether a file, before a given call, runs (source(), include()) a file that sets a seed."""
    def seeds(file: CodeFile, position: int, seen: frozenset[str] = frozenset()) -> bool:
        for path, index in file.code.sourced:
            if _call_position(file, index) >= position:
                break
            target = by_name.get(path.rsplit("/", 1)[-1])
            if target is None or target.rel in seen:
                continue
            if target.rel in seeding_files or seeds(target, len(target.code.calls), seen | {file.rel}):
                return True
        return False

    return seeds


def _call_position(file: CodeFile, statement: int) -> int:
    """The position, among the file's calls, of the first call of a statement."""
    for position, call in enumerate(file.code.calls):
        if call.index >= statement:
            return position
    return len(file.code.calls)
